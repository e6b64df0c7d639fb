/// One enterprise's line of `registry quota`.
public struct QuotaLine: Equatable, Sendable, Codable {
    /// Where the enterprise stands against the quota rules.
    public enum Status: String, Equatable, Sendable, Codable {
        /// Above scale and at or over the target rate in force, under the cap.
        case meets
        /// Above scale, fewer major-relevant interns than the target (Quota_01).
        case belowTarget
        /// Post interns exactly at the cap: the next post internship would be rejected (Quota_02).
        case atCap
        /// Post interns over the cap (possible only after the workforce shrank).
        case overCap
        /// Not above designated size, or the policy in force states no target: no target applies.
        case noTarget
        /// No workforce declared as of the date.
        case noWorkforce
    }

    public var enterprise: String
    public var name: String
    public var workforce: Int?
    public var aboveScale: Bool
    /// Placements of either kind active on the date.
    public var activeInterns: Int
    /// Active placements marked major-relevant.
    public var majorRelevantInterns: Int
    /// Active post internships.
    public var activePostInterns: Int
    /// ceil(quotaTargetRate × workforce), for above-scale enterprises.
    public var target: Int?
    /// floor(postInternCapRate × workforce).
    public var cap: Int?
    public var status: Status
}

extension Audit {
    /// The quota of every enterprise on `date` (Quota_01 target, Quota_02 cap), sorted by enterprise ID.
    public static func quota(in state: RegistryState, on date: CalendarDate) -> [QuotaLine] {
        let policy = policy(state, on: date)
        var active: [String: (all: Int, relevant: Int, post: Int)] = [:]
        for p in state.placements.values where p.isActive(on: date) {
            var counts = active[p.enterprise] ?? (0, 0, 0)
            counts.all += 1
            if p.majorRelevant { counts.relevant += 1 }
            if p.kind == .post { counts.post += 1 }
            active[p.enterprise] = counts
        }
        return state.enterprises.values.sorted { $0.id < $1.id }.map { e in
            let counts = active[e.id] ?? (0, 0, 0)
            let workforce = e.workforce(on: date)?.headcount
            let targetRate = policy[.quotaTargetRate]?.value, capRate = policy[.postInternCapRate]?.value
            let target = workforce.flatMap { w in e.aboveScale ? targetRate.map { $0.ceilTimes(w) } : nil }
            let cap = workforce.flatMap { w in capRate.map { $0.floorTimes(w) } }
            let status: QuotaLine.Status
            if workforce != nil {
                if let cap, counts.post > cap { status = .overCap }
                else if let cap, counts.post == cap && cap > 0 { status = .atCap }
                else if let target { status = counts.relevant >= target ? .meets : .belowTarget }
                else { status = .noTarget }
            } else {
                status = .noWorkforce
            }
            return QuotaLine(enterprise: e.id, name: e.name, workforce: workforce, aboveScale: e.aboveScale,
                             activeInterns: counts.all, majorRelevantInterns: counts.relevant, activePostInterns: counts.post,
                             target: target, cap: cap, status: status)
        }
    }
}
