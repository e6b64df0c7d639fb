import RegistryDomain

/// Why a typed-in value is refused; each case keeps the text as given.
public enum InputValueProblem: Error, Equatable, Sendable {
    case notADate(String)
    case notAMonth(String)
    case notAnAmount(String)
    case notAKind(String)
    case notYesOrNo(String)
    case notAnIdentifier(String, IdentifierFlaw)

    /// One sentence naming the field and the value (escaped), in `language`.
    /// - Parameter field: the option (`--start`) or the import file's column as written (`开始日期`).
    public func message(field: String, language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .notADate(let text):
            let shown = DisplayText.escaped(text, limit: 80)
            return zh ? "\(field) '\(shown)' 不是有效日期；请写成 YYYY-MM-DD，例如 2025-09-01。"
                : "\(field) '\(shown)' is not a calendar date; write YYYY-MM-DD, e.g. 2025-09-01."
        case .notAMonth(let text):
            let shown = DisplayText.escaped(text, limit: 80)
            return zh ? "\(field) '\(shown)' 不是有效月份；请写成 YYYY-MM，例如 2025-09。"
                : "\(field) '\(shown)' is not a month; write YYYY-MM, e.g. 2025-09."
        case .notAnAmount(let text):
            let shown = DisplayText.escaped(text, limit: 80)
            return zh ? "\(field) '\(shown)' 不是有效的金额（元）；请写不小于零、最多两位小数的数，例如 1800.50。"
                : "\(field) '\(shown)' is not an amount in yuan; write a non-negative number with at most two decimals, e.g. 1800.50."
        case .notAKind(let text):
            let shown = DisplayText.escaped(text, limit: 80)
            return zh ? "\(field) '\(shown)' 不是 认识实习（observation）或 岗位实习（post）。"
                : "\(field) '\(shown)' is not one of observation (认识实习), post (岗位实习)."
        case .notYesOrNo(let text):
            let shown = DisplayText.escaped(text, limit: 80)
            return zh ? "\(field) '\(shown)' 不是“是”或“否”；请写 是/否、yes/no 或 1/0。"
                : "\(field) '\(shown)' is not yes or no; write yes/no, 是/否 or 1/0."
        case let .notAnIdentifier(text, flaw):
            return flaw.message(label: field, value: text, language: language)
        }
    }
}
