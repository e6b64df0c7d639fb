import CPostgreSQL
import EventStore

/// A libpq failure: the server's SQLSTATE (when it sent one) and its message.
struct PGError: Error, Equatable, CustomStringConvertible {
    /// Five characters, e.g. `40001` (serialisation failure); empty when the connection itself failed.
    var sqlState: String
    var message: String
    /// The connection is gone (or never came up): the command may be retried on a new one.
    var isConnectionLost: Bool
    /// In a pipeline: the index of the statement that failed (the ones after it were skipped).
    var failedStatement: Int? = nil

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

    /// Calls of `run` and `pipeline` so far (a preparation is not counted): tests count a path's round trips.
    private(set) var roundTrips = 0
    /// Statements sent by `run` and `pipeline` so far (each parsed or bound and executed by the server):
    /// tests count a path's statements.
    private(set) var statements = 0

    /// The statements this connection has prepared, by text and parameter types: the server parses
    /// and plans each shape once per connection instead of once per call (a server's writer sends the
    /// same few statements thousands of times a minute). A new connection starts with none.
    private var prepared: [StatementKey: String] = [:]
    /// Names given so far (a name is never reused, even after its statement was dropped from `prepared`).
    private var preparedNames = 0
    /// Beyond this many shapes (an append's text depends on its number of events) statements are sent
    /// unnamed, as before, so that a long-lived connection's server process does not grow without end.
    private static let preparedLimit = 256

    /// A prepared statement's text and parameter types, as the key it is kept under (a struct, not the
    /// two joined into a new string for every statement sent).
    private struct StatementKey: Hashable {
        let sql: String
        let types: [Oid]
    }

    /// A text array's literal (`{"a","b"}`), each element quoted, for a `$1::text[]` parameter.
    static func textArrayLiteral(_ elements: [String]) -> String {
        "{" + elements.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// Statements worth preparing: queries and row changes. Transaction control, `SET` and DDL are
    /// sent as text (nothing to plan, and DDL must not be kept in a session across migrations).
    static func isPreparable(_ sql: String) -> Bool {
        // The first word, ASCII letters upper-cased by byte (no `uppercased()` of a new string each time).
        var head: [UInt8] = []
        for byte in sql.utf8.prefix(6) { head.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
        return preparableHeads.contains { head.starts(with: $0) }
    }

    private static let preparableHeads: [[UInt8]] = ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"].map { Array($0.utf8) }

    /// Binary parameters need their type named (bytea); text ones let the server infer it.
    private static func types(_ params: [PGParam]) -> [Oid] {
        params.map { if case .bytes = $0 { return 17 } else { return 0 } }
    }

    /// The name `sql` is prepared under on this connection (preparing it the first time), or nil to send it unnamed.
    private func preparedName(_ sql: String, _ types: [Oid]) throws -> String? {
        guard Self.isPreparable(sql) else { return nil }
        let key = StatementKey(sql: sql, types: types)
        if let name = prepared[key] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        preparedNames += 1
        let name = "registry_\(preparedNames)"
        let result = types.withUnsafeBufferPointer { PQprepare(connection, name, sql, Int32(types.count), $0.baseAddress) }
        _ = try check(result)
        prepared[key] = name
        return name
    }

    /// Runs one statement (or, without parameters, several separated by semicolons).
    /// - Returns: its rows, in binary format.
    /// - Throws: `PGError` with the server's SQLSTATE.
    @discardableResult
    func run(_ sql: String, _ params: [PGParam] = []) throws -> PGRows {
        roundTrips += 1
        statements += 1
        let result: OpaquePointer?
        if params.isEmpty && sql.contains(";") {
            result = PQexec(connection, sql)
        } else {
            let types = Self.types(params)
            let name = try preparedName(sql, types)
            result = Self.withParams(params) { values, lengths, formats in
                if let name { return PQexecPrepared(connection, name, Int32(params.count), values, lengths, formats, 1) }
                return types.withUnsafeBufferPointer { types in
                    PQexecParams(connection, sql, Int32(params.count), types.baseAddress, values, lengths, formats, 1)
                }
            }
        }
        return try check(result, sql: sql, params: params)
    }

    /// Sends several statements in one round trip (libpq's pipeline mode) and returns their rows in order.
    /// They run one after another as if sent one by one; after a failure the rest are skipped, and the
    /// first failure is thrown once every result has been read (the connection is then ready again).
    /// Inside `BEGIN … COMMIT` the pipeline's sync commits nothing: the transaction stays the caller's.
    /// - Throws: `PGError` with the server's SQLSTATE.
    func pipeline(_ statements: [(sql: String, params: [PGParam])]) throws -> [PGRows] {
        roundTrips += 1
        self.statements += statements.count
        let names = try statements.map { try preparedName($0.sql, Self.types($0.params)) }
        guard PQenterPipelineMode(connection) == 1 else {
            throw PGError(sqlState: "", message: Self.lastMessage(connection), isConnectionLost: true)
        }
        var sent = true
        for (statement, name) in zip(statements, names) where sent {
            let types = Self.types(statement.params)
            sent = Self.withParams(statement.params) { values, lengths, formats in
                if let name {
                    return PQsendQueryPrepared(connection, name, Int32(statement.params.count), values, lengths, formats, 1)
                }
                return types.withUnsafeBufferPointer { types in
                    PQsendQueryParams(connection, statement.sql, Int32(statement.params.count), types.baseAddress, values, lengths, formats, 1)
                }
            } == 1
        }
        guard sent, PQpipelineSync(connection) == 1 else {
            // The connection cannot take more: it is given up, and the caller's retry makes a new one.
            let message = Self.lastMessage(connection)
            PQfinish(connection)
            connection = nil
            throw PGError(sqlState: "", message: message, isConnectionLost: true)
        }
        var rows: [PGRows] = []
        var failure: PGError?
        for (index, statement) in statements.enumerated() {
            // Each statement's result, then a null that ends it.
            guard let result = PQgetResult(connection) else {
                // The results stopped short: the connection's state is unknown, so it is given up.
                let message = Self.lastMessage(connection)
                PQfinish(connection)
                connection = nil
                throw PGError(sqlState: "", message: message, isConnectionLost: true)
            }
            while let extra = PQgetResult(connection) { PQclear(extra) }
            if PQresultStatus(result) == PGRES_PIPELINE_ABORTED { PQclear(result); continue }
            do { rows.append(try check(result, sql: statement.sql, params: statement.params)) } catch var error as PGError {
                error.failedStatement = index
                if failure == nil { failure = error }
            }
        }
        // The sync's own result, after which the connection leaves pipeline mode.
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        guard PQexitPipelineMode(connection) == 1 else {
            let message = Self.lastMessage(connection)
            PQfinish(connection)
            connection = nil
            throw PGError(sqlState: "", message: message, isConnectionLost: true)
        }
        if let failure { throw failure }
        return rows
    }

    /// The rows of `result`, or its error (the result is cleared then).
    private func check(_ result: OpaquePointer?, sql: String = "", params: [PGParam] = []) throws -> PGRows {
        guard let result else {
            throw PGError(sqlState: "", message: Self.lastMessage(connection), isConnectionLost: isBroken)
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let message = primary ?? Self.lastMessage(connection)
            PQclear(result)
            if state == "0A000" {
                // "cached plan must not change result type": a table changed under a prepared statement;
                // the next call prepares it afresh under a new name.
                prepared[StatementKey(sql: sql, types: Self.types(params))] = nil
            }
            throw PGError(sqlState: state, message: message, isConnectionLost: isBroken || state.hasPrefix("08") || state == "57P01")
        }
        return PGRows(result: result)
    }

    private static func withParams<T>(_ params: [PGParam],
                                      _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T) -> T {
        // Every value in one buffer, each followed by a NUL (libpq reads text up to it and binary by
        // its length), and its start as an offset: one allocation for the values rather than an
        // array each, and the pointers made once the buffer no longer moves. (Each value nested in
        // its own closure, as before, cost an array copy per parameter and level: a server's append
        // of one event has 13 parameters.)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(params.reduce(0) { total, param in
            if case .bytes(let b) = param { return total + b.count + 1 }
            return total + 24
        })
        var offsets: [Int] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        offsets.reserveCapacity(params.count)
        lengths.reserveCapacity(params.count)
        formats.reserveCapacity(params.count)
        for param in params {
            switch param {
            case .text(let s):
                offsets.append(bytes.count); bytes.append(contentsOf: s.utf8); bytes.append(0); lengths.append(0); formats.append(0)
            case .int(let v):
                offsets.append(bytes.count); bytes.append(contentsOf: String(v).utf8); bytes.append(0); lengths.append(0); formats.append(0)
            case .bytes(let b):
                offsets.append(bytes.count); bytes.append(contentsOf: b); bytes.append(0); lengths.append(Int32(b.count)); formats.append(1)
            case .null:
                offsets.append(-1); lengths.append(0); formats.append(0)
            }
        }
        return bytes.withUnsafeBytes { raw in
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : (raw.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
            }
            return values.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { l in
                    formats.withUnsafeBufferPointer { f in body(values.baseAddress, l.baseAddress, f.baseAddress) }
                }
            }
        }
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
