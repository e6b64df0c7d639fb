import CMicroHTTPD
import Foundation

// libmicrohttpd calls these C callbacks on its own threads. They live outside main.swift and are
// nonisolated: a closure written in main.swift would be main-actor isolated and trap there.

/// One request's state across libmicrohttpd's calls: the body collected so far, or a too-large mark.
final class PendingRequest {
    var body: [UInt8] = []
    var limit: Int
    var isTooLarge = false
    /// A 413 was queued before the body was read (a body over `drainLimit`); nothing more is sent.
    var isAnswered = false
    init(limit: Int) { self.limit = limit }
}

/// Collects `(name, value)` pairs from `MHD_get_connection_values`.
final class ValueCollector {
    var pairs: [(String, String)] = []
}

private let collectValue: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
    collector.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
    return MHD_Result.YES
}

private func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(String, String)] {
    let collector = ValueCollector()
    let pointer = Unmanaged.passUnretained(collector).toOpaque()
    _ = MHD_get_connection_values(connection, kind, collectValue, pointer)
    return collector.pairs
}

/// Frees a request's pending state when libmicrohttpd is done with it (answered or aborted).
let requestCompleted: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let state = conCls.pointee else { return }
    Unmanaged<PendingRequest>.fromOpaque(state).release()
    conCls.pointee = nil
}

private func send(_ connection: OpaquePointer, _ response: HTTPResponse) -> MHD_Result {
    let body = response.body
    let made: OpaquePointer? = body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let made else { return .NO }
    defer { MHD_destroy_response(made) }
    for (name, value) in response.headers { _ = MHD_add_response_header(made, name, value) }
    return MHD_queue_response(connection, UInt32(response.status), made)
}

/// The largest refused body read to its end before the 413 is sent (see `accessHandler`).
private let drainLimit = 16 * 1024 * 1024

private func tooLarge(_ limit: Int) -> HTTPResponse {
    HTTPResponse(status: 413, contentType: "application/json; charset=utf-8",
                 text: "{\"error\":\"request body too large\",\"message\":\"the body is larger than \(limit) bytes.\"}\n")
}

/// libmicrohttpd's access handler: the first call sets up the request, the middle calls deliver the
/// body, the last call (no more upload data) answers it.
let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
    guard let cls, let connection, let conCls, let uploadDataSize else { return .NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let methodText = method.map { String(cString: $0) } ?? "GET"
    let path = url.map { String(cString: $0) } ?? "/"
    guard let statePointer = conCls.pointee else {
        let limit = server.configuration.bodyLimit(methodText, path)
        let state = PendingRequest(limit: limit)
        conCls.pointee = Unmanaged.passRetained(state).toOpaque()
        // A declared length over the limit is refused. Up to `drainLimit` the body is read and thrown
        // away first, so the client, still sending, reads the 413 instead of a reset connection; a
        // larger one is answered at once and the connection closed.
        if let declared = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length").map({ String(cString: $0) }),
           let length = Int(declared), length > limit {
            state.isTooLarge = true
            if length > drainLimit {
                state.isAnswered = true
                return send(connection, tooLarge(limit))
            }
        }
        return MHD_Result.YES
    }
    let state = Unmanaged<PendingRequest>.fromOpaque(statePointer).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        if !state.isTooLarge, let uploadData {
            if state.body.count + uploadDataSize.pointee > state.limit {
                state.isTooLarge = true
                state.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadDataSize.pointee) {
                    state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: uploadDataSize.pointee))
                }
            }
        }
        uploadDataSize.pointee = 0
        return MHD_Result.YES
    }
    if state.isAnswered { return .YES }
    if state.isTooLarge { return send(connection, tooLarge(state.limit)) }
    var headers: [String: String] = [:]
    for (name, value) in values(connection, .HEADER_KIND) { headers[name.lowercased()] = value }
    var cookies: [String: String] = [:]
    for (name, value) in values(connection, .COOKIE_KIND) { cookies[name] = value }
    let query = values(connection, .GET_ARGUMENT_KIND).map { (name: $0.0, value: $0.1) }
    let request = HTTPRequest(method: methodText, path: path, headers: headers, query: query, cookies: cookies, body: state.body)
    return send(connection, server.handle(request))
}
