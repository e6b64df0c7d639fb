import Foundation

/// The final table: scenario | tried | good outcome | failures | figures, then the failures in full.
enum Report {
    /// Prints the table and the failures; returns the number of failed scenarios.
    static func print(_ results: [(ScenarioResult, Double)], seconds: Double, seed: UInt64, isQuick: Bool) -> Int {
        let headings = ["scenario", "tried", "survived/detected/rejected", "failures", "seconds", "figures"]
        let rows: [[String]] = results.map { r, s in
            [r.name, String(r.tried), "\(r.good) \(r.outcomeLabel)", String(r.failures.count), String(format: "%.1f", s),
             (r.figures.map { "\($0.0) \($0.1)" } + r.notes).joined(separator: ", ")]
        }
        let widths = headings.indices.map { i in ([headings[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: " | ")
        }
        emit("")
        emit(line(headings))
        emit(widths.enumerated().map { i, w in String(repeating: "-", count: i == widths.count - 1 ? max(w, 7) : w) }.joined(separator: "-|-"))
        for row in rows { emit(line(row)) }
        let failed = results.filter { !$0.0.failures.isEmpty }.count
        for (r, _) in results where !r.failures.isEmpty {
            emit("")
            emit("FAILURES in \(r.name) (\(r.failures.count)):")
            var seen: [String: Int] = [:]
            for f in r.failures { seen[f, default: 0] += 1 }
            for f in r.failures.prefix(40) where seen[f] != nil {
                emit("  - " + f + (seen[f]! > 1 ? "  (×\(seen[f]!))" : ""))
                seen[f] = nil
            }
            if r.failures.count > 40 { emit("  … and \(r.failures.count - 40) more") }
        }
        emit("")
        emit("\(results.count - failed) passed, \(failed) failed (\(isQuick ? "--quick" : "--long"), seed \(seed), \(String(format: "%.0f", seconds)) s)")
        return failed
    }
}

/// Writes one line to standard output at once (unbuffered, so it interleaves with progress on stderr).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
