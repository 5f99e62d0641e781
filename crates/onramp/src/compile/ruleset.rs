//! `[ruleset]`: the rule set's name, version and languages, and the names of the fact and
//! parameter it gives a special role. Those names are resolved later, once facts and
//! parameters are read.

use super::context::Ctx;
use crate::diag::{did_you_mean, Severity};
use crate::model::{Fact, FactType, Meta, Param, ParamType, Scope};
use crate::syntax::Spanned;
use std::collections::BTreeMap;
use std::ops::Range;

/// A name written in `[ruleset]`, kept with its file and span to report it if it does not
/// resolve.
pub(super) type NamedIn = (usize, String, Range<usize>);

/// What `[ruleset]` says; the names in it are resolved once facts and parameters are read.
pub(super) struct Header {
    pub(super) meta: Meta,
    pub(super) conversion_name: Option<NamedIn>,
    pub(super) credentials_name: Option<NamedIn>,
    pub(super) household_size_name: Option<NamedIn>,
    pub(super) household_complete_name: Option<NamedIn>,
}

pub(super) fn read_ruleset(
    cx: &mut Ctx<'_>,
    ruleset_node: Option<(usize, &Spanned)>,
    translation: &[(usize, &Spanned)],
    texts: &[(usize, &Spanned)],
) -> Header {
    let mut meta = Meta {
        name: String::new(),
        version: String::new(),
        description: String::new(),
        languages: vec!["en".into()],
        default_language: "en".into(),
        income_conversion: None,
        household_size_fact: None,
        household_complete_fact: None,
        members_question: Default::default(),
        translations: Vec::new(),
    };
    let mut conversion_name: Option<NamedIn> = None;
    let mut credentials_name: Option<NamedIn> = None;
    let mut household_size_name: Option<NamedIn> = None;
    let mut household_complete_name: Option<NamedIn> = None;
    match ruleset_node {
        None => {
            if !cx.files.is_empty() {
                cx.err(
                    0,
                    0..0,
                    "missing-ruleset",
                    "no file has a `[ruleset]` table".into(),
                    None,
                    Some(
                        "add a ruleset.toml with `[ruleset]`, `name`, `version` and `languages`"
                            .into(),
                    ),
                );
            } else {
                cx.sink.items.push(crate::diag::Diagnostic {
                    code: "missing-ruleset",
                    severity: Severity::Error,
                    message: "the rule set has no files".into(),
                    file: String::new(),
                    line: 1,
                    column: 1,
                    column_utf16: 1,
                    start: 0,
                    end: 0,
                    rule: None,
                    help: None,
                });
            }
        }
        Some((file, node)) => {
            if let Some(obj) = cx.obj(
                file,
                node,
                "ruleset",
                &[
                    "name",
                    "version",
                    "description",
                    "languages",
                    "default_language",
                    "income_conversion",
                    "credentials_fact",
                    "household_size_fact",
                    "household_complete_fact",
                    "members_question",
                ],
            ) {
                meta.name = cx
                    .string(&obj, "name", true)
                    .map(|s| s.0)
                    .unwrap_or_default();
                meta.version = cx
                    .string(&obj, "version", true)
                    .map(|s| s.0)
                    .unwrap_or_default();
                meta.description = cx
                    .string(&obj, "description", false)
                    .map(|s| s.0)
                    .unwrap_or_default();
                if let Some(langs) = cx.ids(&obj, "languages", true) {
                    meta.languages = langs.into_iter().map(|l| l.0).collect();
                }
                meta.default_language = cx
                    .string(&obj, "default_language", false)
                    .map(|s| s.0)
                    .unwrap_or_else(|| {
                        meta.languages
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "en".into())
                    });
                if !meta.languages.contains(&meta.default_language) {
                    let span = obj
                        .get("default_language")
                        .map(|n| n.span.clone())
                        .unwrap_or(obj.span.clone());
                    cx.err(
                        file,
                        span,
                        "unknown-language",
                        format!(
                            "the default language `{}` is not in `languages`",
                            meta.default_language
                        ),
                        Some("ruleset"),
                        None,
                    );
                }
                conversion_name = cx
                    .string(&obj, "income_conversion", false)
                    .map(|(s, sp)| (file, s, sp));
                credentials_name = cx
                    .string(&obj, "credentials_fact", false)
                    .map(|(s, sp)| (file, s, sp));
                household_size_name = cx
                    .string(&obj, "household_size_fact", false)
                    .map(|(s, sp)| (file, s, sp));
                household_complete_name = cx
                    .string(&obj, "household_complete_fact", false)
                    .map(|(s, sp)| (file, s, sp));
                // Texts are checked against the languages just read.
                cx.languages = meta.languages.clone();
                cx.default_lang = meta.default_language.clone();
                // The translation files, now that their languages can be checked.
                super::translations::read_translations(cx, translation, texts);
                cx.text_path = "ruleset".into();
                meta.members_question = cx.texts(&obj, "members_question", false);
            }
        }
    }
    Header {
        meta,
        conversion_name,
        credentials_name,
        household_size_name,
        household_complete_name,
    }
}

/// `household_size_fact` / `household_complete_fact`: a household fact of the kind wanted
/// (`integer` for the size, `bool` for "all listed").
pub(super) fn household_fact(
    cx: &mut Ctx<'_>,
    key: &str,
    name: Option<NamedIn>,
    fact_idx: &BTreeMap<String, usize>,
    facts: &[Fact],
    integer: bool,
) -> Option<usize> {
    let (file, name, span) = name?;
    let Some(&f) = fact_idx.get(&name) else {
        let help = did_you_mean(&name, fact_idx.keys().map(String::as_str));
        cx.err(
            file,
            span,
            "unknown-reference",
            format!("there is no fact `{name}`"),
            Some("ruleset"),
            help,
        );
        return None;
    };
    let kind_fits = match facts[f].ty {
        FactType::Integer { .. } => integer,
        FactType::Bool => !integer,
        _ => false,
    };
    if !kind_fits || facts[f].scope != Scope::Household {
        let want = if integer { "integer" } else { "bool" };
        cx.err(
            file,
            span,
            "type-mismatch",
            format!("`{key}` should name a household fact of type {want}, and `{name}` is not one"),
            Some("ruleset"),
            None,
        );
        return None;
    }
    Some(f)
}

/// `credentials_fact`: the person fact (a list) whose values are the credentials steps yield.
pub(super) fn credentials_fact(
    cx: &mut Ctx<'_>,
    credentials_name: Option<NamedIn>,
    fact_idx: &BTreeMap<String, usize>,
    facts: &[Fact],
) -> Option<usize> {
    credentials_name.and_then(|(file, name, span)| match fact_idx.get(&name) {
        Some(&f) if matches!(facts[f].ty, FactType::List { .. }) && facts[f].scope == Scope::Person => Some(f),
        Some(_) => {
            cx.err(file, span, "type-mismatch", format!("`credentials_fact` should name a person fact of type list, and `{name}` is not one"), Some("ruleset"), None);
            None
        }
        None => {
            let help = did_you_mean(&name, fact_idx.keys().map(String::as_str));
            cx.err(file, span, "unknown-reference", format!("there is no fact `{name}`"), Some("ruleset"), help);
            None
        }
    })
}

/// `income_conversion`: the periods parameter that converts incomes between pay periods.
pub(super) fn income_conversion(
    cx: &mut Ctx<'_>,
    conversion_name: Option<NamedIn>,
    param_idx: &BTreeMap<String, usize>,
    params: &[Param],
) -> Option<usize> {
    conversion_name.and_then(|(file, name, span)| match param_idx.get(&name) {
        Some(&p) if params[p].ty == ParamType::Periods => Some(p),
        Some(_) => {
            cx.err(file, span, "type-mismatch", format!("`income_conversion` should name a parameter of type periods, and `{name}` is not one"), Some("ruleset"), None);
            None
        }
        None => {
            let help = did_you_mean(&name, param_idx.keys().map(String::as_str));
            cx.err(file, span, "unknown-reference", format!("there is no parameter `{name}`"), Some("ruleset"), help);
            None
        }
    })
}
