import CPostgreSQL
import EventStore

/// A libpq failure: the server's SQLSTATE (when it sent one) and its message.
struct PGError: Error, Equatable, CustomStringConvertible {
    /// Five characters, e.g. `40001` (serialisation failure); empty when the connection itself failed.
    var sqlState: String
    var message: String
    /// The connection is gone (or never came up): the command may be retried on a new one.
    var isConnectionLost: Bool

    var description: String { sqlState.isEmpty ? message : "\(message) (SQLSTATE \(sqlState))" }

    /// Serialisation failures and deadlocks: the transaction was rolled back and may be run again.
    var isRetryable: Bool { isConnectionLost || sqlState == "40001" || sqlState == "40P01" }
}

/// A value bound to a statement parameter. Text travels as text, bytes as binary.
enum PGParam {
    case text(String)
    case int(Int64)
    case bytes([UInt8])
    case null
}

/// A result set in libpq's binary format: integers big-endian, text UTF-8, bytea raw.
final class PGRows {
    fileprivate let result: OpaquePointer

    fileprivate init(result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    var count: Int { Int(PQntuples(result)) }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        let n = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard n > 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else { return [] }
        return value.withMemoryRebound(to: UInt8.self, capacity: n) { Array(UnsafeBufferPointer(start: $0, count: n)) }
    }

    func text(_ row: Int, _ column: Int) -> String { String(decoding: bytes(row, column), as: UTF8.self) }

    /// An int2, int4 or int8 column (the width follows from the value's length).
    func int(_ row: Int, _ column: Int) -> Int64 {
        var value: Int64 = 0
        let raw = bytes(row, column)
        for byte in raw { value = value << 8 | Int64(byte) }
        switch raw.count {
        case 2: return Int64(Int16(truncatingIfNeeded: value))
        case 4: return Int64(Int32(truncatingIfNeeded: value))
        default: return value
        }
    }
}

/// One libpq connection, used by one thread at a time.
final class PGConnection {
    private var connection: OpaquePointer?
    let conninfo: String

    /// Connects; the session uses UTC and refuses to wait longer than `lockTimeoutMilliseconds` for a lock.
    /// - Throws: `PGError` when the server cannot be reached or refuses the login.
    init(_ conninfo: String) throws {
        self.conninfo = conninfo
        connection = PQconnectdb(conninfo)
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.lastMessage(connection)
            PQfinish(connection)
            connection = nil
            throw PGError(sqlState: "", message: message, isConnectionLost: true)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// The server process serving this connection (for `pg_terminate_backend` in tests).
    var backendPID: Int32 { PQbackendPID(connection) }

    var isBroken: Bool { PQstatus(connection) != CONNECTION_OK }

    private static func lastMessage(_ connection: OpaquePointer?) -> String {
        guard let text = PQerrorMessage(connection) else { return "no message" }
        return String(cString: text).trimmingCharacters(in: " \n")
    }

    /// Runs one statement (or, without parameters, several separated by semicolons).
    /// - Returns: its rows, in binary format.
    /// - Throws: `PGError` with the server's SQLSTATE.
    @discardableResult
    func run(_ sql: String, _ params: [PGParam] = []) throws -> PGRows {
        let result: OpaquePointer?
        if params.isEmpty && sql.contains(";") {
            result = PQexec(connection, sql)
        } else {
            // Binary parameters need their type named (bytea); text ones let the server infer it.
            let types: [Oid] = params.map { if case .bytes = $0 { return 17 } else { return 0 } }
            result = Self.withParams(params) { values, lengths, formats in
                types.withUnsafeBufferPointer { types in
                    PQexecParams(connection, sql, Int32(params.count), types.baseAddress, values, lengths, formats, 1)
                }
            }
        }
        guard let result else {
            throw PGError(sqlState: "", message: Self.lastMessage(connection), isConnectionLost: isBroken)
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let message = primary ?? Self.lastMessage(connection)
            PQclear(result)
            throw PGError(sqlState: state, message: message, isConnectionLost: isBroken || state.hasPrefix("08") || state == "57P01")
        }
        return PGRows(result: result)
    }

    private static func withParams<T>(_ params: [PGParam],
                                      _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T) -> T {
        var buffers: [[CChar]?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for param in params {
            switch param {
            case .text(let s):
                buffers.append(Array(s.utf8CString)); lengths.append(0); formats.append(0)
            case .int(let v):
                buffers.append(Array(String(v).utf8CString)); lengths.append(0); formats.append(0)
            case .bytes(let b):
                buffers.append(b.map { CChar(bitPattern: $0) } + [0]); lengths.append(Int32(b.count)); formats.append(1)
            case .null:
                buffers.append(nil); lengths.append(0); formats.append(0)
            }
        }
        func pointers(_ i: Int, _ acc: [UnsafePointer<CChar>?]) -> T {
            if i == buffers.count {
                return acc.withUnsafeBufferPointer { values in
                    lengths.withUnsafeBufferPointer { l in
                        formats.withUnsafeBufferPointer { f in body(values.baseAddress, l.baseAddress, f.baseAddress) }
                    }
                }
            }
            guard let buffer = buffers[i] else { return pointers(i + 1, acc + [nil]) }
            return buffer.withUnsafeBufferPointer { pointers(i + 1, acc + [$0.baseAddress]) }
        }
        return pointers(0, [])
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        return String(s)
    }
}
