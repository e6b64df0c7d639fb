import RegistryDomain

/// Writes a `StipendConfirmed` payload straight as bytes: the same bytes `JSONEncoder` makes of it
/// (keys sorted, slashes not escaped; `EventCodec.encodeWithJSONEncoder`, which the tests compare
/// byte for byte), without it. A stipend confirmation is the command an enterprise repeats every
/// month for every intern, and `JSONEncoder`'s first use in a process — its generic metadata and
/// code met for the first time — was a tenth of the whole command's instructions (BENCHMARKS.md,
/// issue 17, twelfth round).
///
/// A placement ID that JSON would escape (a quote, a backslash, a control character) returns nil,
/// and the caller takes the `JSONEncoder` path.
enum StipendConfirmedWriter {
    static func payload(_ e: StipendConfirmed) -> [UInt8]? {
        guard !JSONBytes.needsEscape(e.placement) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(112 + e.placement.utf8.count)
        out.append(contentsOf: #"{"amount":"#.utf8)
        out.append(contentsOf: String(e.amount.fen).utf8)
        out.append(contentsOf: (e.correction ? #","correction":true"# : #","correction":false"#).utf8)
        JSONBytes.member("month", e.month.description, to: &out)
        JSONBytes.member("paidOn", e.paidOn.description, to: &out)
        JSONBytes.member("placement", e.placement, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
