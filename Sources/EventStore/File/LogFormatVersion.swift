/// The on-disk format of the log, for `registry --version` and tools that report what they read.
public enum LogFormat {
    /// The segment format version written in every segment header (`EventLog/FORMAT.md`).
    public static var version: UInt16 { SegmentFormat.formatVersion }
}
