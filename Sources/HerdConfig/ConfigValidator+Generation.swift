import HerdCore
import TOMLKit

/// Generation options in the config: `[defaults]` and the same keys on a `[[members]]` entry.
/// The rules are `GenerationOptions`' own, the same `/set` and `herd ask` apply; here they get a line.
extension ConfigValidator {
    static let generationKeys = GenerationOptions.Setting.allCases.map(\.key)

    /// `[defaults]`: options every member starts from.
    mutating func defaults(_ root: TOMLTable) -> GenerationOptions {
        guard let t = table(root, "defaults", at: "") else { return GenerationOptions() }
        unknownKeys(in: t, at: "defaults", known: ConfigValidator.generationKeys, tableName: "[defaults]")
        return generation(t, at: "defaults").options
    }

    /// The generation options set in table `t` (at key path `path`); `ok` is false when any was refused.
    mutating func generation(_ t: TOMLTable, at path: String) -> (options: GenerationOptions, ok: Bool) {
        var o = GenerationOptions()
        var ok = true
        for setting in GenerationOptions.Setting.allCases {
            guard let v = t[setting.key] else { continue }
            let p = path.isEmpty ? setting.key : path + "." + setting.key
            do {
                if setting == .stop {
                    guard let texts = stopTexts(v, at: p) else { ok = false; continue }
                    try o.set(stop: texts)
                } else {
                    guard let n = number(t, setting.key, at: path) else { ok = false; continue }
                    try o.set(setting, number: n)
                }
            } catch let problem as GenerationOptions.Problem {
                error(p, problem.message)
                ok = false
            } catch {
                self.error(p, "\(error)")
                ok = false
            }
        }
        return (o, ok)
    }

    /// `stop = "###"` or `stop = ["\n\n", "User:"]`: texts, or nil after recording why not.
    private mutating func stopTexts(_ v: TOMLValueConvertible, at p: String) -> [String]? {
        if v.type == .string, let s = v.string { return [s] }
        guard v.type == .array, let a = v.array else {
            typeError(p, v, expected: "a string or an array of strings")
            return nil
        }
        var out: [String] = []
        for i in 0..<a.count {
            guard a[i].type == .string, let s = a[i].string else {
                typeError("\(p)[\(i)]", a[i], expected: "a string (in quotes)")
                return nil
            }
            out.append(s)
        }
        return out
    }
}
