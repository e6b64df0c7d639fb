extension Array where Element == String {
    /// The elements with `separator` between them, as `joined(separator:)` makes them, through a
    /// concrete loop. The standard library's `joined(separator:)`, called from another module, runs
    /// its generic code and resolves its associated types at run time on its first call in a
    /// process: about half a million instructions, a tenth of a one-command process, for statement
    /// text and help text that take microseconds to join (BENCHMARKS.md, issue 17, twelfth round).
    public func plainJoined(_ separator: String) -> String {
        var out = ""
        for i in indices {
            if i > startIndex { out += separator }
            out += self[i]
        }
        return out
    }
}
