//! Diagnostics for people who edit rule files: a stable code, a plain one-line message,
//! where it is (file, line, column, rule) and, where one fits, help.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
/// Whether a diagnostic stops the rule set from compiling.
pub enum Severity {
    /// The rule set does not compile.
    Error,
    /// It compiles, but something deserves attention (a missing translation, an
    /// unverified figure in use).
    Warning,
}

/// One problem found in a rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable, kebab-case code (`unknown-fact`); see `ARCHITECTURE.md` for the list.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence, no capital, no trailing period; user text in backticks.
    pub message: String,
    /// The rule file, as given to [`crate::RuleSet::compile`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// 1-based column in UTF-16 code units, for JavaScript editors.
    pub column_utf16: usize,
    /// Byte range in the file.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// The id of the rule (fact, parameter, criterion, program …) it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What to do about it, where the compiler can tell (often "did you mean …").
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        )?;
        if let Some(rule) = &self.rule {
            write!(f, " (in `{rule}`)")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found while compiling a rule set, errors and warnings, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", summary(.items))]
pub struct Diagnostics {
    /// Every diagnostic, in file order.
    pub items: Vec<Diagnostic>,
}

fn summary(items: &[Diagnostic]) -> String {
    let errors = items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = items.len() - errors;
    format!("{errors} error(s), {warnings} warning(s) in the rule set")
}

impl Diagnostics {
    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }
    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

/// The byte offsets where a text's lines start, for many line lookups in one file.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex(starts)
    }

    /// The 1-based line of a byte offset, as `line_col` counts it.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

/// Line and column (1-based, in chars and in UTF-16 units) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize, usize) {
    let offset = offset.min(text.len());
    // A count over the whole prefix (no early exit) compiles to vector compares. Many
    // lookups in one file go through a `LineIndex` instead.
    let before = &text.as_bytes()[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut safe = offset;
    while safe > line_start && !text.is_char_boundary(safe) {
        safe -= 1;
    }
    let prefix = text.get(line_start..safe).unwrap_or("");
    (
        line,
        prefix.chars().count() + 1,
        prefix.encode_utf16().count() + 1,
    )
}

/// The closest candidate to `word`, if close enough to be a plausible misspelling.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        let better = match best {
            Some((s, c)) => score > s || (score == s && candidate < c),
            None => true,
        };
        if better {
            best = Some((score, candidate));
        }
    }
    match best {
        Some((score, candidate)) if score >= 0.8 => Some(format!("did you mean `{candidate}`?")),
        _ => None,
    }
}

/// Every diagnostic code the compiler can report. Stable: tools may match on them.
pub const DIAGNOSTIC_CODES: &[&str] = &[
    "toml-syntax",
    "unknown-section",
    "unknown-key",
    "missing-key",
    "conflicting-keys",
    "wrong-type",
    "invalid-value",
    "invalid-id",
    "duplicate-id",
    "missing-ruleset",
    "unknown-language",
    "unknown-reference",
    "unknown-fact",
    "unknown-function",
    "unknown-value",
    "scope-mismatch",
    "type-mismatch",
    "not-boolean",
    "expr-syntax",
    "expr-limit",
    "unsupported-syntax",
    "param-dates",
    "cycle",
    "rule-depth",
    "invalid-test",
    "bundle-hash",
    "missing-translation",
    "missing-citation",
    "unverified-value",
];

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_col_counts_lines_chars_and_utf16_units() {
        let text = "a = 1\nname = \"é𝄞x\"\n\nlast";
        assert_eq!(line_col(text, 0), (1, 1, 1));
        assert_eq!(line_col(text, 5), (1, 6, 6)); // the newline itself
        assert_eq!(line_col(text, 6), (2, 1, 1));
        // After `name = "é𝄞`: 8 + 1 + 1 chars; é is one UTF-16 unit, 𝄞 two.
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 11, 12));
        // Inside a multi-byte char: the column of that char.
        let e = text.find('é').unwrap();
        assert_eq!(line_col(text, e + 1), (2, 9, 9));
        assert_eq!(line_col(text, text.find("last").unwrap()), (4, 1, 1));
        assert_eq!(line_col(text, text.len() + 10), (4, 5, 5));
    }

    #[test]
    fn the_line_index_agrees_with_line_col_at_every_offset() {
        let text = "a = 1\nname = \"é𝄞x\"\n\nlast\n";
        let index = super::LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                index.line(offset),
                line_col(text, offset).0,
                "offset {offset}"
            );
        }
    }
}
