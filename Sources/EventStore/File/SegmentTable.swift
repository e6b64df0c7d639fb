/// Values kept per segment number (a segment's open file, whether its header was checked): a list
/// searched from the end, where the segments a process is reading are.
///
/// Not a dictionary: a command touches two or three segments, a long-lived reader a few dozen, and
/// a process's first `[UInt32: …]` made the Swift runtime scan every conformance in the executable
/// for `UInt32: Hashable` (370 k instructions, 2% of a command).
struct SegmentTable<Value> {
    private var entries: [(segment: UInt32, value: Value)] = []

    subscript(segment: UInt32) -> Value? {
        get {
            var i = entries.count
            while i > 0 {
                i -= 1
                if entries[i].segment == segment { return entries[i].value }
            }
            return nil
        }
        set {
            var i = entries.count
            while i > 0 {
                i -= 1
                guard entries[i].segment == segment else { continue }
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
                return
            }
            if let newValue { entries.append((segment, newValue)) }
        }
    }
}
