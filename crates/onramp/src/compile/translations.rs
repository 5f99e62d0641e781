//! Translation files: one file per language, so a translator gets one file.
//!
//! ```toml
//! [translation]
//! language = "ru"
//! status = "unreviewed"     # reviewed | unreviewed
//! note = "Machine-drafted; not yet reviewed by a qualified translator"
//!
//! [texts]
//! "program.wioa_adult.name" = "WIOA для взрослых"
//! "fact.borough.labels.bronx" = "Бронкс"
//! ```
//!
//! A key names the item and the field as the text is written inline: `KIND.ID.FIELD`, with
//! `labels.VALUE` for a value's label, `fields.FIELD.label` / `fields.FIELD.labels.VALUE` in
//! records, `priority.GROUP.name` for a priority group and `ruleset.members_question`.
//! The texts are read before the items; each text an item reads takes its translations from
//! here (`Ctx::texts`), and the keys no item read are reported at the end.

use super::context::{Ctx, Obj};
use crate::diag::did_you_mean;
use crate::model::Texts;
use crate::syntax::{Node, Spanned};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

/// The review statuses a translation file may declare.
pub(crate) const STATUSES: &[&str] = &["reviewed", "unreviewed"];

pub use crate::model::LanguageStatus;

/// One translated text as found in a translation file.
pub(super) struct Translated {
    pub(super) file: usize,
    pub(super) key_span: Range<usize>,
    pub(super) text: String,
    pub(super) used: bool,
}

/// A translation file's `[translation]` table.
pub(super) struct Header {
    pub(super) language: String,
    pub(super) status: String,
    pub(super) note: Option<String>,
    pub(super) file: usize,
}

/// What the translation files hold, and what the items' texts were, for the statuses and
/// the template.
#[derive(Default)]
pub(super) struct Translations {
    /// By key, then language.
    pub(super) texts: BTreeMap<String, BTreeMap<String, Translated>>,
    pub(super) headers: Vec<Header>,
    /// Every text the items have, in the order read: its key and texts by language.
    pub(super) seen: Vec<(String, Texts)>,
    /// The keys in `seen`.
    pub(super) seen_keys: BTreeSet<String>,
}

/// Reads the `[translation]` and `[texts]` tables of every file (found by `collect_items`).
pub(super) fn read_translations(
    cx: &mut Ctx<'_>,
    headers: &[(usize, &Spanned)],
    texts: &[(usize, &Spanned)],
) {
    let mut by_file: BTreeMap<usize, String> = BTreeMap::new();
    let mut by_language: BTreeMap<String, usize> = BTreeMap::new();
    for &(file, node) in headers {
        let Some(obj) = cx.obj(file, node, "translation", &["language", "status", "note"]) else {
            continue;
        };
        let status = cx.enum_key(&obj, "status", STATUSES, None);
        let note = cx.string(&obj, "note", false).map(|s| s.0);
        let Some((language, span)) = cx.string(&obj, "language", true) else {
            continue;
        };
        if !cx.languages.contains(&language) {
            let help =
                did_you_mean(&language, cx.languages.iter().map(String::as_str)).or_else(|| {
                    Some(format!(
                        "add it to `languages` in `[ruleset]`; the rule set's languages are: {}",
                        cx.languages.join(", ")
                    ))
                });
            cx.err(
                file,
                span,
                "unknown-language",
                format!("`{language}` is not one of the rule set's languages"),
                Some("translation"),
                help,
            );
            continue;
        }
        if language == cx.default_lang {
            cx.err(
                file,
                span,
                "invalid-value",
                format!("`{language}` is the default language: its texts are written inline"),
                Some("translation"),
                Some("a translation file holds another language's texts".into()),
            );
            continue;
        }
        if let Some(&other) = by_language.get(&language) {
            let other = cx.files[other].path.clone();
            cx.err(
                file,
                span,
                "duplicate-id",
                format!("`{other}` is already the `{language}` translation file"),
                Some("translation"),
                Some("keep one translation file per language".into()),
            );
            continue;
        }
        by_language.insert(language.clone(), file);
        by_file.insert(file, language.clone());
        cx.translations.headers.push(Header {
            language,
            status: status.unwrap_or_else(|| "unreviewed".into()),
            note,
            file,
        });
    }
    for &(file, node) in texts {
        let Some(language) = by_file.get(&file).cloned() else {
            // A `[texts]` table whose file has no (valid) `[translation]` table: say which
            // language it is in, unless the header was there and already reported.
            if !headers.iter().any(|(f, _)| *f == file) {
                cx.err(
                    file,
                    node.span.start..node.span.start.saturating_add(1).min(node.span.end),
                    "missing-key",
                    "a `[texts]` table needs a `[translation]` table with its `language` in the same file".into(),
                    Some("texts"),
                    Some("add `[translation]` with `language = \"…\"` and `status = \"unreviewed\"`".into()),
                );
            }
            continue;
        };
        let Some(entries) = node.as_table() else {
            cx.err(
                file,
                node.span.clone(),
                "wrong-type",
                "`texts` should be a table of `\"KIND.ID.FIELD\" = \"text\"`".into(),
                Some("texts"),
                None,
            );
            continue;
        };
        for entry in entries {
            match &entry.value.node {
                Node::Str(s) => {
                    cx.translations
                        .texts
                        .entry(entry.key.clone())
                        .or_default()
                        .insert(
                            language.clone(),
                            Translated {
                                file,
                                key_span: entry.key_span.clone(),
                                text: s.clone(),
                                used: false,
                            },
                        );
                }
                Node::Table(_) => cx.err(
                    file,
                    entry.key_span.clone(),
                    "wrong-type",
                    format!(
                        "`{}` should be one quoted key: `\"{}\" = \"…\"`",
                        entry.key, entry.key
                    ),
                    Some("texts"),
                    Some("a key with dots is written in quotes, as one key".into()),
                ),
                _ => cx.err(
                    file,
                    entry.value.span.clone(),
                    "wrong-type",
                    format!("the text of `{}` should be a quoted string", entry.key),
                    Some("texts"),
                    None,
                ),
            }
        }
    }
}

impl Ctx<'_> {
    /// Adds the translation files' texts for `key` of the current item to `texts`, the
    /// texts written inline, and notes the text for the statuses and the template.
    pub(super) fn translate(&mut self, obj: &Obj<'_>, key: &str, texts: &mut Texts) {
        let full = format!("{}.{key}", self.text_path);
        if !texts.0.contains_key(&self.default_lang) {
            // No text to translate: any translation of it is reported as unknown.
            return;
        }
        if let Some(by_lang) = self.translations.texts.get_mut(&full) {
            let mut conflicts = Vec::new();
            for (lang, tr) in by_lang.iter_mut() {
                tr.used = true;
                if texts.0.contains_key(lang) {
                    conflicts.push((tr.file, tr.key_span.clone(), lang.clone()));
                } else {
                    texts.0.insert(lang.clone(), tr.text.clone());
                }
            }
            for (file, span, lang) in conflicts {
                let inline = self.files[obj.file].path.clone();
                self.err(
                    file,
                    span,
                    "conflicting-keys",
                    format!("the `{lang}` text of `{full}` is also written inline in {inline}"),
                    Some("texts"),
                    Some("keep one of them".into()),
                );
            }
        }
        if self.translations.seen_keys.insert(full.clone()) {
            self.translations.seen.push((full, texts.clone()));
        }
    }

    /// The translations no item's text took: unknown keys, with the nearest key as help.
    pub(super) fn report_unused_translations(&mut self) {
        let mut unused = Vec::new();
        for (key, by_lang) in &self.translations.texts {
            for tr in by_lang.values().filter(|t| !t.used) {
                unused.push((key.clone(), tr.file, tr.key_span.clone()));
            }
        }
        for (key, file, span) in unused {
            let help = did_you_mean(
                &key,
                self.translations.seen.iter().map(|(k, _)| k.as_str()),
            )
            .or_else(|| {
                Some(
                    "keys name a text as written inline: `KIND.ID.FIELD`, e.g. `program.ID.name`; `onramp translations DIR --template LANG` lists them all"
                        .into(),
                )
            });
            self.err(
                file,
                span,
                "unknown-key",
                format!("`{key}` is not a text of the rule set"),
                Some("texts"),
                help,
            );
        }
    }

    /// Each language's status and coverage, in the order of `languages`.
    pub(super) fn language_statuses(&self) -> Vec<LanguageStatus> {
        let total = self.translations.seen.len();
        self.languages
            .iter()
            .map(|lang| {
                let texts = self
                    .translations
                    .seen
                    .iter()
                    .filter(|(_, t)| t.0.contains_key(lang))
                    .count();
                let header = self
                    .translations
                    .headers
                    .iter()
                    .find(|h| h.language == *lang);
                LanguageStatus {
                    language: lang.clone(),
                    status: if *lang == self.default_lang {
                        "source".into()
                    } else {
                        header.map_or_else(|| "unstated".into(), |h| h.status.clone())
                    },
                    note: header.and_then(|h| h.note.clone()),
                    file: header.map(|h| self.files[h.file].path.clone()),
                    texts,
                    missing: total - texts,
                }
            })
            .collect()
    }
}

/// Every text of the rule set by key with its default-language text, for the template.
pub(crate) type TextIndex = Vec<(String, Texts)>;

/// A translation file for `lang` to start from: every key with the default language's
/// text, and the text already there (inline or in its file) where the language has one.
pub(crate) fn template(
    index: &TextIndex,
    lang: &str,
    default_lang: &str,
    status: Option<&LanguageStatus>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Translation of the rule set's texts into `{lang}`: one text per key, in the order the rules"
    );
    let _ = writeln!(
        out,
        "# read them. Each `# {default_lang}:` line is the {default_lang} text; replace the value below it."
    );
    let _ = writeln!(
        out,
        "# Keep numbers, dollar figures, dates, citations and program names exact."
    );
    out.push_str("\n[translation]\n");
    let _ = writeln!(out, "language = {}", quoted(lang));
    let _ = writeln!(
        out,
        "status = {}",
        quoted(status.map_or("unreviewed", |s| match s.status.as_str() {
            "reviewed" => "reviewed",
            _ => "unreviewed",
        }))
    );
    let note = status
        .and_then(|s| s.note.clone())
        .unwrap_or_else(|| "Not yet reviewed by a qualified translator".into());
    let _ = writeln!(out, "note = {}", quoted(&note));
    out.push_str("\n[texts]\n");
    for (key, texts) in index {
        let source = texts.get(default_lang, default_lang);
        let _ = writeln!(out, "# {default_lang}: {}", source.replace('\n', " "));
        let value = texts.0.get(lang).map_or(source, String::as_str);
        let _ = writeln!(out, "{} = {}", quoted(key), quoted(value));
    }
    out
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
