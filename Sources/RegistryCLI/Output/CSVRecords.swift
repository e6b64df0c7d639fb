import Foundation
import RegistryService

extension Output {
    /// Prints read records as CSV with machine values, one column per JSON key (the same snake_case keys):
    /// `leading` columns first in that order, then the rest alphabetically. Lists are joined with spaces,
    /// `null` is empty, booleans are `true`/`false`; nested objects are written as JSON text.
    func csv<Row: Encodable>(_ rows: [Row], leading: [String] = ["id"]) throws {
        let objects: [[String: JSONFragment]] = try rows.map { row in
            let data = Data(try ReadJSON.encode(row).utf8)
            if case .object(let fields) = try JSONDecoder().decode(JSONFragment.self, from: data) { return fields }
            return [:]
        }
        let keys = Set(objects.flatMap(\.keys))
        let columns = leading.filter(keys.contains) + keys.subtracting(leading).sorted()
        line(columns.map(csvField).joined(separator: ","))
        for object in objects {
            line(columns.map { csvField(object[$0].map(Self.csvText) ?? "") }.joined(separator: ","))
        }
    }

    private static func csvText(_ value: JSONFragment) -> String {
        switch value {
        case .null: return ""
        case .bool(let v): return String(v)
        case .integer(let v): return String(v)
        case .number(let v): return String(v)
        case .string(let v): return v
        case .array(let items): return items.map(csvText).joined(separator: " ")
        case .object: return (try? ReadJSON.encode(value)) ?? ""
        }
    }
}
