import ReadModel
/// `registry verify` as a record: what the verifier checked and the head hash to write down.
public struct VerifyReport: Codable, Sendable, Equatable {
    public var events: UInt64
    public var headPosition: UInt64
    /// SHA-256 chain hash of the head record, 64 hexadecimal digits.
    public var headHash: String
    public var segments: Int
    public var bytes: UInt64
    public var streams: Int
    /// Wall-clock time taken (not reproducible; leave it out of comparisons).
    public var seconds: Double
    /// With `--expect-head HASH --at POSITION`: the position whose hash matched.
    @Nullable public var extendsHeadAt: UInt64?
    /// Bytes of an unacknowledged, incomplete record group at the tail, if any (warned on stderr).
    @Nullable public var tornTailBytes: UInt64?

    /// Creates the record.
    public init(events: UInt64, headPosition: UInt64, headHash: String, segments: Int, bytes: UInt64, streams: Int,
                seconds: Double, extendsHeadAt: UInt64?, tornTailBytes: UInt64?) {
        self.events = events
        self.headPosition = headPosition
        self.headHash = headHash
        self.segments = segments
        self.bytes = bytes
        self.streams = streams
        self.seconds = seconds
        self.extendsHeadAt = extendsHeadAt
        self.tornTailBytes = tornTailBytes
    }
}
