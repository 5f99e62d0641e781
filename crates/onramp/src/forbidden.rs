//! The forms outside the rule language, found in an expression's text before Rhai parses
//! it: decimal numbers, object maps, closures, function definitions, modules, namespaced
//! names, `this`, and `.` on a value (methods and properties).
//!
//! Whether Rhai parses these at all depends on its cargo features (`no_float`, `no_object`,
//! `no_function`, `no_module` …), which Cargo unifies across everything linked into a build:
//! a backend that uses Rhai with floats turns floats on for the kernel's Rhai as well. This
//! scan makes the answer the kernel's own, so a rule set gets the same diagnostics (code,
//! message, place) whatever Rhai features the build has.

use std::ops::Range;

/// One form outside the rule language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Forbidden {
    /// Bytes of the expression's text.
    pub at: Range<usize>,
    pub code: &'static str,
    pub message: String,
    pub help: &'static str,
}

const WHOLE_NUMBERS: &str =
    "numbers are whole; write money as `cents(1250)` or `dollars(12)` and percentages as `percent(130)`";
const THE_LANGUAGE: &str =
    "use comparisons, `&&`, `||`, `!` and the kernel's functions; write `f(x)`, not `x.f()`";

fn unsupported(at: Range<usize>, what: &str, help: &'static str) -> Forbidden {
    Forbidden {
        at,
        code: "unsupported-syntax",
        message: format!("{what} are not allowed in rule expressions"),
        help,
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every forbidden form in `source`, in order. Strings and comments are skipped; what is not
/// found here is left to Rhai's parser and the type-checking walk.
pub(crate) fn scan(source: &str) -> Vec<Forbidden> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(source.len(), |(b, _)| *b);
    let ch = |i: usize| chars.get(i).map(|(_, c)| *c);
    let mut found = Vec::new();
    // Whether the token before ends a value (so `|` is an operator and `.` a member access).
    let mut after_value = false;
    // Where the last `-` that negates (rather than subtracts) stands.
    let mut unary_minus = None;
    let mut i = 0;
    while let Some(c) = ch(i) {
        let start = i;
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '/' if ch(i + 1) == Some('/') => {
                while ch(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
                continue;
            }
            '/' if ch(i + 1) == Some('*') => {
                // Rhai's block comments nest.
                let mut depth = 0usize;
                while let Some(c) = ch(i) {
                    if c == '/' && ch(i + 1) == Some('*') {
                        depth += 1;
                        i += 2;
                    } else if c == '*' && ch(i + 1) == Some('/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            '"' | '`' | '\'' => {
                i += 1;
                let mut interpolated = false;
                while let Some(d) = ch(i) {
                    i += 1;
                    if d == '\\' {
                        i += 1;
                    } else if d == c {
                        break;
                    } else if c == '`' && d == '$' && ch(i) == Some('{') {
                        interpolated = true;
                    }
                }
                if interpolated {
                    found.push(unsupported(
                        at(start)..at(start + 1),
                        "interpolated strings",
                        THE_LANGUAGE,
                    ));
                }
                after_value = true;
            }
            '#' if ch(i + 1) == Some('{') => {
                found.push(unsupported(
                    at(i)..at(i + 2),
                    "object maps (`#{...}`)",
                    THE_LANGUAGE,
                ));
                i += 2;
                after_value = false;
            }
            '#' if matches!(ch(i + 1), Some('"' | '#')) => {
                // A raw string: `#"..."#`, with as many `#` on both sides.
                let mut hashes = 0;
                while ch(i) == Some('#') {
                    hashes += 1;
                    i += 1;
                }
                if ch(i) == Some('"') {
                    i += 1;
                    while ch(i).is_some() {
                        if ch(i) == Some('"') && (1..=hashes).all(|k| ch(i + k) == Some('#')) {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                }
                after_value = true;
            }
            '0'..='9' => {
                if c == '0' && matches!(ch(i + 1), Some('x' | 'o' | 'b' | 'X' | 'O' | 'B')) {
                    i += 2;
                    while ch(i).is_some_and(is_ident) {
                        i += 1;
                    }
                } else {
                    while ch(i).is_some_and(|c| c.is_ascii_digit() || c == '_') {
                        i += 1;
                    }
                    let digits_end = i;
                    // `1.5`, and `1.` before anything but a name or a second `.` (as Rhai
                    // reads it); `1..5` is a range, `1.max(2)` a method call.
                    match (ch(i), ch(i + 1)) {
                        (Some('.'), Some('0'..='9')) => {
                            i += 1;
                            while ch(i).is_some_and(|c| c.is_ascii_digit() || c == '_') {
                                i += 1;
                            }
                        }
                        (Some('.'), Some('.' | '_')) => {}
                        (Some('.'), Some(d)) if is_ident_start(d) => {}
                        (Some('.'), _) => i += 1,
                        _ => {}
                    }
                    // `1e3`, `1.5e-3`.
                    let sign = usize::from(matches!(ch(i + 1), Some('+' | '-')));
                    if matches!(ch(i), Some('e' | 'E'))
                        && ch(i + 1 + sign).is_some_and(|c| c.is_ascii_digit())
                    {
                        i += 1 + sign;
                        while ch(i).is_some_and(|c| c.is_ascii_digit() || c == '_') {
                            i += 1;
                        }
                    }
                    if i > digits_end {
                        found.push(unsupported(
                            at(start)..at(i),
                            "decimal numbers",
                            WHOLE_NUMBERS,
                        ));
                    } else {
                        let digits: String = chars[start..i]
                            .iter()
                            .map(|(_, c)| *c)
                            .filter(|c| *c != '_')
                            .collect();
                        // Whole numbers are 64-bit; one more than the largest is allowed
                        // only negated (`-9223372036854775808`).
                        let negated = unary_minus.is_some_and(|m| m + 1 == start);
                        let limit = i64::MAX.unsigned_abs() as u128 + u128::from(negated);
                        if digits.parse::<u128>().map_or(true, |n| n > limit) {
                            found.push(Forbidden {
                                at: at(start)..at(i),
                                code: "expr-limit",
                                message: format!(
                                    "`{digits}` is larger than the largest whole number, {}",
                                    i64::MAX
                                ),
                                help: WHOLE_NUMBERS,
                            });
                        }
                    }
                }
                after_value = true;
            }
            c if is_ident_start(c) => {
                while ch(i).is_some_and(is_ident) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().map(|(_, c)| *c).collect();
                let span = at(start)..at(i);
                match word.as_str() {
                    "fn" => found.push(unsupported(span, "function definitions", THE_LANGUAGE)),
                    "import" | "export" => found.push(unsupported(
                        span,
                        "modules (`import`, `export`)",
                        THE_LANGUAGE,
                    )),
                    "this" => found.push(unsupported(span, "`this` references", THE_LANGUAGE)),
                    _ => {}
                }
                after_value = !matches!(word.as_str(), "in" | "return" | "throw" | "if" | "else");
            }
            ':' if ch(i + 1) == Some(':') => {
                found.push(unsupported(
                    at(i)..at(i + 2),
                    "namespaced names (`::`)",
                    THE_LANGUAGE,
                ));
                i += 2;
                after_value = false;
            }
            '.' | '?' if after_value && (c == '.' || ch(i + 1) == Some('.')) => {
                let dot = if c == '?' { i + 1 } else { i };
                if ch(dot + 1) == Some('.') {
                    // `..` and `..=`: ranges, left to the checker.
                    i = dot + 2;
                } else {
                    found.push(unsupported(
                        at(i)..at(dot + 1),
                        "method calls and properties",
                        THE_LANGUAGE,
                    ));
                    i = dot + 1;
                }
                after_value = false;
            }
            '|' => {
                if !after_value {
                    found.push(unsupported(
                        at(i)..at(i + 1),
                        "closures and anonymous functions",
                        THE_LANGUAGE,
                    ));
                }
                // `||` after a value is logical or; `|` after a value is an operator the
                // checker turns down.
                i += if ch(i + 1) == Some('|') { 2 } else { 1 };
                after_value = false;
            }
            ')' | ']' | '}' => {
                i += 1;
                after_value = true;
            }
            _ => {
                if c == '-' && !after_value {
                    unary_minus = Some(i);
                }
                i += 1;
                after_value = false;
            }
        }
        if i == start {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn forms(source: &str) -> Vec<(&'static str, String, &str)> {
        scan(source)
            .into_iter()
            .map(|f| (f.code, f.message, &source[f.at]))
            .collect()
    }

    #[test]
    fn the_rule_language_passes() {
        for source in [
            "age >= 18 && is_resident",
            "income <= percent_of(fpl[household_size], percent(130))",
            "has_any(benefits, [\"snap\", \"tanf\"]) || !(x == \"a.b\")",
            "age >= 1_000 || n == 0x1e3 || n == -9223372036854775808",
            "count(jobs) > 1 // 1.5 in a comment\n && a /* #{ /* nested */ 1.5 */",
            "`plain 1.5 text` == #\"raw 1.5 \"# ",
            "a | b",
            "a..b",
            "x?[1]",
        ] {
            assert_eq!(forms(source), [], "{source}");
        }
    }

    #[test]
    fn forms_outside_the_language() {
        let cases: &[(&str, &str)] = &[
            ("age >= 17.5", "17.5"),
            ("age >= 17.", "17."),
            ("age >= 1e3", "1e3"),
            ("age >= 2E-3-x", "2E-3"),
            ("#{a: 1} == age", "#{"),
            ("fn f() { 1 }", "fn"),
            ("|x| x", "|"),
            ("a || |x| x", "|"),
            ("(|| 1)", "|"),
            ("import \"m\" as m", "import"),
            ("global::age >= 18", "::"),
            ("this", "this"),
            ("age.abs() > 1", "."),
            ("1.max(2) > 1", "."),
            ("x?.y", "?."),
            ("(a).b", "."),
            ("`a${1.5}` == \"a\"", "`"),
        ];
        for (source, text) in cases {
            let found = forms(source);
            assert_eq!(found.len(), 1, "{source}: {found:?}");
            assert_eq!(found[0].0, "unsupported-syntax", "{source}");
            assert_eq!(found[0].2, *text, "{source}");
        }
    }

    #[test]
    fn numbers_too_large() {
        let found = forms("n > 9223372036854775808 || n > 99999999999999999999");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.0 == "expr-limit"));
        assert_eq!(forms("n > 9223372036854775807"), []);
        assert_eq!(forms("n > -9223372036854775808"), []);
    }
}
