//! What every reader of a rule item shares: the item as found, the diagnostics sink with
//! the rule set's languages, and the readers of keys that report a wrong or missing value
//! the same way wherever it occurs.

use crate::check::{Checker, Site};
use crate::date::CivilDate;
use crate::diag::{did_you_mean, Severity};
use crate::model::{Expression, Scope, Texts, Ty};
use crate::money::{Money, Percent, Ratio};
use crate::syntax::{string_content_start, Entry, Node, Sink, SourceFile, Spanned};
use std::collections::BTreeMap;
use std::ops::Range;

/// Names no fact, derived fact or parameter may take: `as_of` is the evaluation date, the
/// rest are words Rhai reserves.
const RESERVED: &[&str] = &[
    "as_of", "true", "false", "in", "let", "const", "fn", "if", "else", "switch", "do", "while",
    "loop", "for", "return", "throw", "try", "catch", "this", "import", "export", "as", "global",
    "private", "eval", "print", "debug", "is", "var", "null", "nil",
];

/// A raw item: `[fact.age]` in some file.
pub(super) struct Raw<'n> {
    pub(super) file: usize,
    pub(super) id: String,
    pub(super) span: Range<usize>,
    pub(super) node: &'n Spanned,
}

/// The state every reader shares: the files (for spans), the diagnostics so far, and the
/// languages texts may be written in.
pub(super) struct Ctx<'f> {
    pub(super) files: &'f [SourceFile],
    pub(super) sink: Sink,
    pub(super) languages: Vec<String>,
    pub(super) default_lang: String,
    /// The key of the item being read as translation files name it (`program.wioa_adult`):
    /// its texts are `{text_path}.{field}`.
    pub(super) text_path: String,
    /// The translation files' texts, and every text read so far.
    pub(super) translations: super::translations::Translations,
    /// Each file's line index, made when a line is first asked of it (`line_of`).
    pub(super) line_index: Vec<Option<crate::diag::LineIndex>>,
}

/// A table being read: remembers which keys were used and reports the rest.
pub(super) struct Obj<'n> {
    pub(super) file: usize,
    pub(super) entries: &'n [Entry],
    pub(super) span: Range<usize>,
    pub(super) rule: String,
}

impl<'f> Ctx<'f> {
    /// The 1-based line of a byte offset in a file.
    pub(super) fn line_of(&mut self, file: usize, offset: usize) -> usize {
        let files = self.files;
        self.line_index[file]
            .get_or_insert_with(|| crate::diag::LineIndex::new(&files[file].text))
            .line(offset)
    }

    pub(super) fn err(
        &mut self,
        file: usize,
        span: Range<usize>,
        code: &'static str,
        message: String,
        rule: Option<&str>,
        help: Option<String>,
    ) {
        let f = &self.files[file];
        self.sink
            .error(&f.path, &f.text, span, code, message, rule, help);
    }
    pub(super) fn warn(
        &mut self,
        file: usize,
        span: Range<usize>,
        code: &'static str,
        message: String,
        rule: Option<&str>,
        help: Option<String>,
    ) {
        let f = &self.files[file];
        self.sink.push(
            Severity::Warning,
            &f.path,
            &f.text,
            span,
            code,
            message,
            rule,
            help,
        );
    }

    pub(super) fn obj<'n>(
        &mut self,
        file: usize,
        node: &'n Spanned,
        rule: &str,
        allowed: &[&str],
    ) -> Option<Obj<'n>> {
        let Some(entries) = node.as_table() else {
            self.err(
                file,
                node.span.clone(),
                "wrong-type",
                format!("`{rule}` should be a table, not {}", node.kind()),
                Some(rule),
                None,
            );
            return None;
        };
        for entry in entries {
            if !allowed.contains(&entry.key.as_str()) {
                let help = did_you_mean(&entry.key, allowed.iter().copied())
                    .or_else(|| Some(format!("the keys allowed here are: {}", allowed.join(", "))));
                self.err(
                    file,
                    entry.key_span.clone(),
                    "unknown-key",
                    format!("`{}` is not a key of this item", entry.key),
                    Some(rule),
                    help,
                );
            }
        }
        Some(Obj {
            file,
            entries,
            span: node.span.clone(),
            rule: rule.to_string(),
        })
    }

    pub(super) fn string(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        required: bool,
    ) -> Option<(String, Range<usize>)> {
        match obj.get(key) {
            Some(Spanned {
                node: Node::Str(s),
                span,
            }) => Some((s.clone(), span.clone())),
            Some(other) => {
                self.err(
                    obj.file,
                    other.span.clone(),
                    "wrong-type",
                    format!("`{key}` should be a quoted string, not {}", other.kind()),
                    Some(&obj.rule),
                    None,
                );
                None
            }
            None => {
                if required {
                    self.missing(obj, key);
                }
                None
            }
        }
    }

    pub(super) fn missing(&mut self, obj: &Obj<'_>, key: &str) {
        let span = obj.span.start
            ..obj
                .span
                .start
                .saturating_add(1)
                .min(obj.span.end.max(obj.span.start + 1));
        self.err(
            obj.file,
            span,
            "missing-key",
            format!("`{}` needs a `{key}`", obj.rule),
            Some(&obj.rule),
            None,
        );
    }

    pub(super) fn texts(&mut self, obj: &Obj<'_>, key: &str, required: bool) -> Texts {
        let mut texts = Texts::default();
        match obj.get(key) {
            None => {
                if required {
                    self.missing(obj, key);
                }
            }
            Some(Spanned {
                node: Node::Str(s), ..
            }) => {
                texts.0.insert(self.default_lang.clone(), s.clone());
            }
            Some(Spanned {
                node: Node::Table(entries),
                ..
            }) => {
                for entry in entries {
                    match &entry.value.node {
                        Node::Str(s) => {
                            if !self.languages.contains(&entry.key) {
                                let help = did_you_mean(
                                    &entry.key,
                                    self.languages.iter().map(String::as_str),
                                )
                                .or_else(|| {
                                    Some(format!(
                                        "the rule set's languages are: {}",
                                        self.languages.join(", ")
                                    ))
                                });
                                let langs = help;
                                self.err(
                                    obj.file,
                                    entry.key_span.clone(),
                                    "unknown-language",
                                    format!(
                                        "`{}` is not one of the rule set's languages",
                                        entry.key
                                    ),
                                    Some(&obj.rule),
                                    langs,
                                );
                            } else {
                                texts.0.insert(entry.key.clone(), s.clone());
                            }
                        }
                        _ => self.err(
                            obj.file,
                            entry.value.span.clone(),
                            "wrong-type",
                            format!("the `{}` text should be a quoted string", entry.key),
                            Some(&obj.rule),
                            None,
                        ),
                    }
                }
            }
            Some(other) => self.err(
                obj.file,
                other.span.clone(),
                "wrong-type",
                format!("`{key}` should be text, or a table of texts by language"),
                Some(&obj.rule),
                Some(format!("got {}", other.kind())),
            ),
        }
        self.translate(obj, key, &mut texts);
        if !texts.is_empty() && self.languages.len() > 1 {
            let absent: Vec<&str> = self
                .languages
                .iter()
                .filter(|l| !texts.0.contains_key(*l))
                .map(String::as_str)
                .collect();
            if !absent.is_empty() {
                let span = obj
                    .get(key)
                    .map(|n| n.span.clone())
                    .unwrap_or(obj.span.clone());
                self.warn(
                    obj.file,
                    span,
                    "missing-translation",
                    format!("`{key}` has no {} text", absent.join(", ")),
                    Some(&obj.rule),
                    Some(format!("the {} text is shown instead", self.default_lang)),
                );
            }
        }
        texts
    }

    /// A list of ids (or a single id) under `key`.
    pub(super) fn ids(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        required: bool,
    ) -> Option<Vec<(String, Range<usize>)>> {
        match obj.get(key) {
            None => {
                if required {
                    self.missing(obj, key);
                }
                None
            }
            Some(Spanned {
                node: Node::Str(s),
                span,
            }) => Some(vec![(s.clone(), span.clone())]),
            Some(Spanned {
                node: Node::Array(items),
                ..
            }) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.node {
                        Node::Str(s) => out.push((s.clone(), item.span.clone())),
                        _ => self.err(
                            obj.file,
                            item.span.clone(),
                            "wrong-type",
                            format!("`{key}` should list ids as quoted strings"),
                            Some(&obj.rule),
                            None,
                        ),
                    }
                }
                Some(out)
            }
            Some(other) => {
                self.err(
                    obj.file,
                    other.span.clone(),
                    "wrong-type",
                    format!("`{key}` should be a list of ids, not {}", other.kind()),
                    Some(&obj.rule),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn resolve(
        &mut self,
        obj: &Obj<'_>,
        what: &str,
        id: &str,
        span: &Range<usize>,
        index: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        match index.get(id) {
            Some(i) => Some(*i),
            None => {
                let help = did_you_mean(id, index.keys().map(String::as_str));
                self.err(
                    obj.file,
                    span.clone(),
                    "unknown-reference",
                    format!("there is no {what} `{id}`"),
                    Some(&obj.rule),
                    help,
                );
                None
            }
        }
    }

    pub(super) fn resolve_all(
        &mut self,
        obj: &Obj<'_>,
        what: &str,
        ids: &[(String, Range<usize>)],
        index: &BTreeMap<String, usize>,
    ) -> Vec<usize> {
        ids.iter()
            .filter_map(|(id, span)| self.resolve(obj, what, id, span, index))
            .collect()
    }

    pub(super) fn date(&mut self, obj: &Obj<'_>, key: &str, required: bool) -> Option<CivilDate> {
        let node = match obj.get(key) {
            Some(n) => n,
            None => {
                if required {
                    self.missing(obj, key);
                }
                return None;
            }
        };
        let parsed = match &node.node {
            Node::Date(s) | Node::Str(s) => CivilDate::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                obj.file,
                node.span.clone(),
                "invalid-value",
                format!("`{key}` should be a date like 2026-01-15"),
                Some(&obj.rule),
                None,
            );
        }
        parsed
    }

    pub(super) fn enum_key(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> Option<String> {
        match self.string(obj, key, default.is_none()) {
            Some((value, span)) => {
                if allowed.contains(&value.as_str()) {
                    Some(value)
                } else {
                    let help = did_you_mean(&value, allowed.iter().copied())
                        .or_else(|| Some(format!("use one of: {}", allowed.join(", "))));
                    self.err(
                        obj.file,
                        span,
                        "invalid-value",
                        format!("`{value}` is not a valid `{key}`"),
                        Some(&obj.rule),
                        help,
                    );
                    None
                }
            }
            None => default.map(str::to_string),
        }
    }
}

impl<'n> Obj<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Spanned> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }
    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

pub(super) fn money_of(node: &Spanned) -> Option<Money> {
    match &node.node {
        Node::Str(s) => Money::parse(s),
        Node::Int(i) => Money::from_dollars(*i),
        Node::Float(s) => Money::parse(s),
        _ => None,
    }
}

pub(super) fn percent_of(node: &Spanned) -> Option<Percent> {
    match &node.node {
        Node::Str(s) => Percent::parse(s),
        Node::Int(i) => i.checked_mul(100).map(Percent),
        Node::Float(s) => Percent::parse(s),
        _ => None,
    }
}

pub(super) fn ratio_of(node: &Spanned) -> Option<Ratio> {
    match &node.node {
        Node::Str(s) | Node::Float(s) => Ratio::parse(s),
        Node::Int(i) if *i >= 0 => Some(Ratio::whole(i128::from(*i))),
        _ => None,
    }
}

pub(super) fn valid_name(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&id)
}

pub(super) fn expression(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    obj: &Obj<'_>,
    key: &str,
    visible: Scope,
) -> Option<(Expression, Ty, Scope)> {
    let (source, span) = cx.string(obj, key, true)?;
    let file = &cx.files[obj.file];
    let site = Site {
        file: &file.path,
        text: &file.text,
        content_start: string_content_start(&file.text, &span),
        span,
        rule: &obj.rule,
    };
    checker.compile(&source, &site, visible, &mut cx.sink)
}
