//! Rule files as an owned TOML tree that keeps every span, so that each later check can
//! point at the exact key or value it is about.

use crate::diag::{line_col, Diagnostic, Severity};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Str(String),
    Int(i64),
    /// A TOML float, kept as its source text (money and percentages parse it exactly).
    Float(String),
    Bool(bool),
    Date(String),
    /// A TOML datetime with a time or offset; rule files only use plain dates.
    DateTime(String),
    Array(Vec<Spanned>),
    Table(Vec<Entry>),
}

#[derive(Clone, Debug)]
pub(crate) struct Spanned {
    pub node: Node,
    pub span: Range<usize>,
}

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Spanned,
}

/// One rule file: its name, text, and (after parsing) its tree.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: String,
    pub text: String,
}

fn convert(value: &toml::Spanned<DeValue<'_>>) -> Spanned {
    let span = value.span();
    let node = match value.get_ref() {
        DeValue::String(s) => Node::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Node::Int(n),
            Err(_) => Node::Float(i.as_str().to_string()),
        },
        DeValue::Float(f) => Node::Float(f.as_str().to_string()),
        DeValue::Boolean(b) => Node::Bool(*b),
        DeValue::Datetime(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (Some(date), None, None) => Node::Date(date.to_string()),
            _ => Node::DateTime(dt.to_string()),
        },
        DeValue::Array(items) => Node::Array(items.iter().map(convert).collect()),
        DeValue::Table(table) => Node::Table(convert_table(table)),
    };
    Spanned { node, span }
}

fn convert_table(table: &DeTable<'_>) -> Vec<Entry> {
    table
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            value: convert(v),
        })
        .collect()
}

/// Parses one file, recovering from syntax errors so that all of them are reported.
pub(crate) fn parse_file(file: &SourceFile, sink: &mut Sink) -> Spanned {
    let (table, errors) = DeTable::parse_recoverable(&file.text);
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().trim_end_matches('.').to_string();
        let message = if message.is_empty() {
            "this is not valid TOML".to_string()
        } else {
            message
        };
        sink.error(
            &file.path,
            &file.text,
            span,
            "toml-syntax",
            format!("invalid TOML: {message}"),
            None,
            None,
        );
    }
    convert(&toml::Spanned::new(
        table.span(),
        DeValue::Table(table.into_inner()),
    ))
}

/// Collects diagnostics, resolving byte spans into lines and columns.
#[derive(Default)]
pub(crate) struct Sink {
    pub items: Vec<Diagnostic>,
}

impl Sink {
    #[allow(
        clippy::too_many_arguments,
        reason = "a diagnostic has this many parts"
    )]
    pub fn push(
        &mut self,
        severity: Severity,
        file: &str,
        text: &str,
        span: Range<usize>,
        code: &'static str,
        message: String,
        rule: Option<&str>,
        help: Option<String>,
    ) {
        let (line, column, column_utf16) = line_col(text, span.start);
        self.items.push(Diagnostic {
            code,
            severity,
            message,
            file: file.to_string(),
            line,
            column,
            column_utf16,
            start: span.start,
            end: span.end.max(span.start),
            rule: rule.map(str::to_string),
            help,
        });
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "a diagnostic has this many parts"
    )]
    pub fn error(
        &mut self,
        file: &str,
        text: &str,
        span: Range<usize>,
        code: &'static str,
        message: String,
        rule: Option<&str>,
        help: Option<String>,
    ) {
        self.push(Severity::Error, file, text, span, code, message, rule, help);
    }
}

/// Where the content of a string value starts in the file, and whether the raw file text
/// from there equals the content (no escapes), so expression positions map back exactly.
pub(crate) fn string_content_start(text: &str, span: &Range<usize>) -> usize {
    let raw = text.get(span.clone()).unwrap_or("");
    let (delimiter, multiline) = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        (1, false)
    } else {
        (0, false)
    };
    let mut start = span.start + delimiter;
    if multiline {
        let rest = text.get(start..).unwrap_or("");
        if rest.starts_with("\r\n") {
            start += 2;
        } else if rest.starts_with('\n') {
            start += 1;
        }
    }
    start
}

/// The byte offset in the file of (line, column) inside a string value's content.
pub(crate) fn offset_in_string(
    text: &str,
    content_start: usize,
    line: usize,
    column: usize,
) -> usize {
    // A double-quoted (basic) string has escapes: `\"` in the file is one character of
    // the expression, so columns are counted in the content, not in the file.
    let escapes = content_start > 0 && text.as_bytes().get(content_start - 1) == Some(&b'"');
    let rest = text.get(content_start..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    let mut current_line = 1;
    let mut current_col = 1;
    while let Some((i, ch)) = chars.next() {
        if current_line == line && current_col >= column {
            return content_start + i;
        }
        match ch {
            '\n' => {
                if current_line == line {
                    return content_start + i;
                }
                current_line += 1;
                current_col = 1;
            }
            '\\' if escapes => {
                let skip = match chars.peek().map(|(_, c)| *c) {
                    Some('u') => 5,
                    Some('U') => 9,
                    _ => 1,
                };
                for _ in 0..skip {
                    chars.next();
                }
                current_col += 1;
            }
            '"' if escapes => return content_start + i,
            _ => current_col += 1,
        }
    }
    content_start
}

impl Spanned {
    pub fn kind(&self) -> &'static str {
        match self.node {
            Node::Str(_) => "a string",
            Node::Int(_) => "a whole number",
            Node::Float(_) => "a decimal number",
            Node::Bool(_) => "true or false",
            Node::Date(_) => "a date",
            Node::DateTime(_) => "a date and time",
            Node::Array(_) => "a list",
            Node::Table(_) => "a table",
        }
    }
    pub fn as_table(&self) -> Option<&[Entry]> {
        match &self.node {
            Node::Table(entries) => Some(entries),
            _ => None,
        }
    }
}
