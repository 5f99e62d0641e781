//! From rule files to a [`RuleSet`]: every item is read, every reference resolved, every
//! expression type-checked, and every problem reported at once.

use crate::case::Case;
use crate::check::{Checker, NameInfo, Site};
use crate::date::CivilDate;
use crate::diag::{did_you_mean, Diagnostics, Severity};
use crate::model::*;
use crate::money::{Conversion, Money, Percent, Ratio};
use crate::syntax::{parse_file, string_content_start, Entry, Node, Sink, SourceFile, Spanned};
use crate::testing::{ExpectKind, Expectation, RuleTest};
use crate::RuleSet;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

const SECTIONS: &[&str] = &[
    "ruleset",
    "fact",
    "parameter",
    "derived",
    "criterion",
    "program",
    "service",
    "ladder",
    "step",
    "test",
];
const RESERVED: &[&str] = &[
    "as_of", "true", "false", "in", "let", "const", "fn", "if", "else", "switch", "do", "while",
    "loop", "for", "return", "throw", "try", "catch", "this", "import", "export", "as", "global",
    "private", "eval", "print", "debug", "is", "var", "null", "nil",
];

/// A raw item: `[fact.age]` in some file.
struct Raw<'n> {
    file: usize,
    id: String,
    span: Range<usize>,
    node: &'n Spanned,
}

struct Ctx<'f> {
    files: &'f [SourceFile],
    sink: Sink,
    languages: Vec<String>,
    default_lang: String,
}

/// A table being read: remembers which keys were used and reports the rest.
struct Obj<'n> {
    file: usize,
    entries: &'n [Entry],
    span: Range<usize>,
    rule: String,
}

impl<'f> Ctx<'f> {
    fn err(
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
    fn warn(
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

    fn obj<'n>(
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

    fn string(
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

    fn missing(&mut self, obj: &Obj<'_>, key: &str) {
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

    fn texts(&mut self, obj: &Obj<'_>, key: &str, required: bool) -> Texts {
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
    fn ids(
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

    fn resolve(
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

    fn resolve_all(
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

    fn date(&mut self, obj: &Obj<'_>, key: &str, required: bool) -> Option<CivilDate> {
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

    fn enum_key(
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
    fn get(&self, key: &str) -> Option<&'n Spanned> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }
    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

fn money_of(node: &Spanned) -> Option<Money> {
    match &node.node {
        Node::Str(s) => Money::parse(s),
        Node::Int(i) => Money::from_dollars(*i),
        Node::Float(s) => Money::parse(s),
        _ => None,
    }
}

fn percent_of(node: &Spanned) -> Option<Percent> {
    match &node.node {
        Node::Str(s) => Percent::parse(s),
        Node::Int(i) => i.checked_mul(100).map(Percent),
        Node::Float(s) => Percent::parse(s),
        _ => None,
    }
}

fn ratio_of(node: &Spanned) -> Option<Ratio> {
    match &node.node {
        Node::Str(s) | Node::Float(s) => Ratio::parse(s),
        Node::Int(i) if *i >= 0 => Some(Ratio::whole(i128::from(*i))),
        _ => None,
    }
}

fn valid_name(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&id)
}

fn fact_ty(i: usize, ty: &FactType) -> Ty {
    match ty {
        FactType::Bool => Ty::Bool,
        FactType::Integer { .. } => Ty::Int,
        FactType::Money => Ty::Money,
        FactType::Date => Ty::Date,
        FactType::Enum { .. } => Ty::Text(Some(i)),
        FactType::List { .. } => Ty::TextList(Some(i)),
        FactType::Records { .. } => Ty::Records(i),
    }
}

/// Node to JSON, for test cases written in TOML.
pub(crate) fn node_to_json(node: &Spanned) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.node {
        Node::Str(s) | Node::Date(s) | Node::DateTime(s) | Node::Float(s) => J::String(s.clone()),
        Node::Int(i) => J::from(*i),
        Node::Bool(b) => J::Bool(*b),
        Node::Array(items) => J::Array(items.iter().map(node_to_json).collect()),
        Node::Table(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), node_to_json(&e.value)))
                .collect(),
        ),
    }
}

pub(crate) fn compile(sources: Vec<SourceFile>) -> Result<RuleSet, Diagnostics> {
    let mut sink = Sink::default();
    let trees: Vec<Spanned> = sources.iter().map(|f| parse_file(f, &mut sink)).collect();
    if !sink.items.is_empty() {
        // A file that is not valid TOML has no reliable structure: report only the syntax
        // errors (of every file) rather than a cascade of guesses about what was meant.
        return Err(Diagnostics { items: sink.items });
    }
    let mut cx = Ctx {
        files: &sources,
        sink,
        languages: vec!["en".into()],
        default_lang: "en".into(),
    };

    // 1. Items by section, duplicates reported.
    let mut raw: BTreeMap<&str, Vec<Raw<'_>>> = BTreeMap::new();
    let mut ruleset_node: Option<(usize, &Spanned)> = None;
    let mut tests_raw: Vec<(usize, &Spanned)> = Vec::new();
    for (file, tree) in trees.iter().enumerate() {
        let Some(entries) = tree.as_table() else {
            continue;
        };
        for entry in entries {
            let section = entry.key.as_str();
            match section {
                "ruleset" => {
                    if ruleset_node.is_some() {
                        cx.err(
                            file,
                            entry.key_span.clone(),
                            "duplicate-id",
                            "the rule set has a second `[ruleset]` table".into(),
                            None,
                            Some("keep one `[ruleset]` table, in ruleset.toml".into()),
                        );
                    } else {
                        ruleset_node = Some((file, &entry.value));
                    }
                }
                "test" => match &entry.value.node {
                    Node::Array(items) => tests_raw.extend(items.iter().map(|i| (file, i))),
                    _ => cx.err(
                        file,
                        entry.key_span.clone(),
                        "wrong-type",
                        "tests are written as `[[test]]` tables".into(),
                        None,
                        None,
                    ),
                },
                _ if SECTIONS.contains(&section) => {
                    let Some(items) = entry.value.as_table() else {
                        cx.err(
                            file,
                            entry.value.span.clone(),
                            "wrong-type",
                            format!("`{section}` should hold tables like `[{section}.some_id]`"),
                            None,
                            None,
                        );
                        continue;
                    };
                    for item in items {
                        raw.entry(section).or_default().push(Raw {
                            file,
                            id: item.key.clone(),
                            span: item.key_span.clone(),
                            node: &item.value,
                        });
                    }
                }
                _ => {
                    let help = did_you_mean(section, SECTIONS.iter().copied())
                        .or_else(|| Some(format!("rule files hold: {}", SECTIONS.join(", "))));
                    cx.err(
                        file,
                        entry.key_span.clone(),
                        "unknown-section",
                        format!("`{section}` is not a kind of rule"),
                        None,
                        help,
                    );
                }
            }
        }
    }
    let empty = Vec::new();
    let section = |name: &str| raw.get(name).unwrap_or(&empty);

    // 2. The rule set's own table.
    let mut meta = Meta {
        name: String::new(),
        version: String::new(),
        description: String::new(),
        languages: vec!["en".into()],
        default_language: "en".into(),
        income_conversion: None,
    };
    let mut conversion_name: Option<(usize, String, Range<usize>)> = None;
    let mut credentials_name: Option<(usize, String, Range<usize>)> = None;
    match ruleset_node {
        None => {
            if !sources.is_empty() {
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
            }
        }
    }
    cx.languages = meta.languages.clone();
    cx.default_lang = meta.default_language.clone();

    // 3. Index every id; facts, derived facts and parameters share one namespace.
    let mut name_owner: BTreeMap<String, &str> = BTreeMap::new();
    let mut index: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for sec in [
        "fact",
        "parameter",
        "derived",
        "criterion",
        "program",
        "service",
        "ladder",
        "step",
    ] {
        let map = index.entry(sec).or_default();
        for item in section(sec) {
            let shared = matches!(sec, "fact" | "parameter" | "derived");
            if shared && !valid_name(&item.id) {
                cx.err(item.file, item.span.clone(), "invalid-id", format!("`{}` cannot be used as a name in expressions", item.id), Some(&item.id),
                    Some("use lowercase letters, digits and `_`, starting with a letter; `as_of` and Rhai keywords are reserved".into()));
            }
            if map.contains_key(&item.id) {
                cx.err(
                    item.file,
                    item.span.clone(),
                    "duplicate-id",
                    format!("there is already a {sec} `{}`", item.id),
                    Some(&item.id),
                    None,
                );
                continue;
            }
            if shared {
                if let Some(other) = name_owner.get(&item.id) {
                    cx.err(
                        item.file,
                        item.span.clone(),
                        "duplicate-id",
                        format!("`{}` is already the name of a {other}", item.id),
                        Some(&item.id),
                        Some("facts, derived facts and parameters share one set of names".into()),
                    );
                    continue;
                }
                name_owner.insert(item.id.clone(), sec);
            }
            let n = map.len();
            map.insert(item.id.clone(), n);
        }
    }
    let idx = |sec: &str| index.get(sec).cloned().unwrap_or_default();
    let (fact_idx, param_idx, derived_idx, crit_idx, program_idx, service_idx, step_idx) = (
        idx("fact"),
        idx("parameter"),
        idx("derived"),
        idx("criterion"),
        idx("program"),
        idx("service"),
        idx("step"),
    );
    let kept = |sec: &str, map: &BTreeMap<String, usize>| -> Vec<&Raw<'_>> {
        // Items in index order, skipping duplicates.
        let mut out: Vec<Option<&Raw<'_>>> = vec![None; map.len()];
        for item in section(sec) {
            if let Some(&i) = map.get(&item.id) {
                if out[i].is_none() {
                    out[i] = Some(item);
                }
            }
        }
        out.into_iter().flatten().collect()
    };

    // 4. Facts.
    let mut facts = Vec::new();
    for item in kept("fact", &fact_idx) {
        facts.push(read_fact(&mut cx, item));
    }

    // 5. Parameters.
    let mut params = Vec::new();
    for item in kept("parameter", &param_idx) {
        params.push(read_param(&mut cx, item));
    }

    // 6. Derived facts: their types first, so expressions can use them.
    let derived_items = kept("derived", &derived_idx);
    let mut derived_decl: Vec<(Scope, Option<Ty>)> = Vec::new();
    let mut names: BTreeMap<String, NameInfo> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        names.insert(
            f.id.clone(),
            NameInfo {
                r: NameRef::Fact(i),
                ty: fact_ty(i, &f.ty),
                scope: f.scope,
            },
        );
    }
    for (i, p) in params.iter().enumerate() {
        let ty = match (p.ty, p.by_size) {
            (ParamType::Periods, _) => Ty::Periods,
            (_, true) => Ty::MoneyTable,
            (ParamType::Money, false) => Ty::Money,
            (ParamType::Integer, false) => Ty::Int,
            (ParamType::Percent, false) => Ty::Percent,
        };
        names.insert(
            p.id.clone(),
            NameInfo {
                r: NameRef::Param(i),
                ty,
                scope: Scope::Household,
            },
        );
    }
    names.insert(
        "as_of".into(),
        NameInfo {
            r: NameRef::AsOf,
            ty: Ty::Date,
            scope: Scope::Household,
        },
    );
    for item in &derived_items {
        derived_decl.push(derived_type(&mut cx, item));
    }
    // Aggregates take their type from what they aggregate: settle them in passes.
    for _ in 0..=derived_items.len() {
        let mut changed = false;
        for (i, item) in derived_items.iter().enumerate() {
            if derived_decl[i].1.is_some() {
                continue;
            }
            let Some(entries) = item.node.as_table() else {
                continue;
            };
            let of = entries
                .iter()
                .find(|e| e.key == "of")
                .and_then(|e| match &e.value.node {
                    Node::Str(s) => Some(s.clone()),
                    _ => None,
                });
            let ty = of.and_then(|of| {
                if let Some(&f) = fact_idx.get(&of) {
                    Some(fact_ty(f, &facts[f].ty))
                } else {
                    derived_idx
                        .get(&of)
                        .and_then(|&d| derived_decl.get(d).and_then(|x| x.1.clone()))
                }
            });
            if let Some(ty) = ty {
                derived_decl[i].1 = Some(ty);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (i, item) in derived_items.iter().enumerate() {
        if let Some(ty) = &derived_decl[i].1 {
            names.insert(
                item.id.clone(),
                NameInfo {
                    r: NameRef::Derived(i),
                    ty: ty.clone(),
                    scope: derived_decl[i].0,
                },
            );
        }
    }

    // 7. Criteria.
    let engine = crate::engine::build();
    let checker = Checker {
        engine: &engine,
        names: &names,
        facts: &facts,
    };
    let mut criteria = Vec::new();
    let crit_items = kept("criterion", &crit_idx);
    for item in &crit_items {
        criteria.push(read_criterion(
            &mut cx, &checker, item, &crit_idx, &step_idx,
        ));
    }
    // Scope of composite criteria: the widest of their parts.
    let mut resolved: Vec<Option<Scope>> = criteria
        .iter()
        .map(|c: &Criterion| matches!(c.body, CriterionBody::Expr(_)).then_some(c.scope))
        .collect();
    for _ in 0..=criteria.len() {
        let mut changed = false;
        for i in 0..criteria.len() {
            if resolved[i].is_some() {
                continue;
            }
            let children: Vec<usize> = match &criteria[i].body {
                CriterionBody::All(c) | CriterionBody::Any(c) | CriterionBody::AtLeast(_, c) => {
                    c.clone()
                }
                CriterionBody::Not(c) => vec![*c],
                CriterionBody::Expr(_) => Vec::new(),
            };
            if children.iter().all(|c| resolved[*c].is_some()) {
                resolved[i] = Some(
                    children
                        .iter()
                        .filter_map(|c| resolved[*c])
                        .max()
                        .unwrap_or(Scope::Household),
                );
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (c, s) in criteria.iter_mut().zip(&resolved) {
        c.scope = s.unwrap_or(Scope::Person);
    }

    // 8. Derived bodies.
    let mut derived = Vec::new();
    for (i, item) in derived_items.iter().enumerate() {
        derived.push(read_derived(
            &mut cx,
            &checker,
            item,
            derived_decl[i].clone(),
            &crit_idx,
            &criteria,
            &names,
        ));
    }

    // 9. Programs, services, ladders, steps.
    let mut programs = Vec::new();
    for item in kept("program", &program_idx) {
        if let Some(p) = read_program(&mut cx, item, &crit_idx) {
            programs.push(p);
        }
    }
    let mut services = Vec::new();
    for item in kept("service", &service_idx) {
        if let Some(s) = read_service(&mut cx, item, &crit_idx, &criteria) {
            services.push(s);
        }
    }
    let credentials_fact = credentials_name.and_then(|(file, name, span)| match fact_idx.get(&name) {
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
    });
    meta.income_conversion = conversion_name.and_then(|(file, name, span)| match param_idx.get(&name) {
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
    });
    let mut steps = Vec::new();
    for item in kept("step", &step_idx) {
        steps.push(read_step(
            &mut cx,
            item,
            &crit_idx,
            &step_idx,
            &program_idx,
            credentials_fact,
            &facts,
        ));
    }
    let mut ladders = Vec::new();
    for item in kept("ladder", &idx("ladder")) {
        if let Some(l) = read_ladder(&mut cx, item, &crit_idx, &step_idx) {
            ladders.push(l);
        }
    }

    // 10. Cycles among derived facts and criteria, and among steps.
    find_cycles(
        &mut cx,
        &derived_items,
        &derived,
        &crit_items,
        &criteria,
        &kept("step", &step_idx),
        &steps,
    );

    let mut rule_set = RuleSet {
        meta,
        facts,
        params,
        derived,
        criteria,
        programs,
        services,
        ladders,
        steps,
        tests: Vec::new(),
        engine,
        hash: crate::bundle::content_hash(&sources),
        warnings: Vec::new(),
    };

    // 11. Tests, now that cases can be read against the facts.
    let mut tests = Vec::new();
    for (file, node) in tests_raw {
        if let Some(t) = read_test(
            &mut cx,
            &rule_set,
            file,
            node,
            &program_idx,
            &service_idx,
            &step_idx,
            &derived_idx,
            &idx("ladder"),
        ) {
            tests.push(t);
        }
    }
    rule_set.tests = tests;

    let mut items = cx.sink.items;
    items.sort_by(|a, b| {
        (a.file.as_str(), a.start, a.code).cmp(&(b.file.as_str(), b.start, b.code))
    });
    items.dedup();
    let diagnostics = Diagnostics { items };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    rule_set.warnings = diagnostics.items;
    Ok(rule_set)
}

fn read_fact(cx: &mut Ctx<'_>, item: &Raw<'_>) -> Fact {
    let mut fact = Fact {
        id: item.id.clone(),
        scope: Scope::Person,
        ty: FactType::Bool,
        description: String::new(),
        question: Texts::default(),
        help: Texts::default(),
        labels: BTreeMap::new(),
        group: None,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "scope",
            "type",
            "values",
            "labels",
            "question",
            "help",
            "description",
            "min",
            "max",
            "fields",
            "group",
        ],
    ) else {
        return fact;
    };
    fact.scope = match cx
        .enum_key(&obj, "scope", &["household", "person"], Some("person"))
        .as_deref()
    {
        Some("household") => Scope::Household,
        _ => Scope::Person,
    };
    fact.description = cx
        .string(&obj, "description", false)
        .map(|s| s.0)
        .unwrap_or_default();
    fact.question = cx.texts(&obj, "question", false);
    fact.help = cx.texts(&obj, "help", false);
    fact.group = cx.string(&obj, "group", false).map(|s| s.0);
    fact.ty = read_type(cx, &obj, true);
    fact.labels = read_labels(cx, &obj, &fact.ty);
    fact
}

/// `labels.VALUE = { en = "…", es = "…" }` for the values of an enum or list.
fn read_labels(cx: &mut Ctx<'_>, obj: &Obj<'_>, ty: &FactType) -> BTreeMap<String, Texts> {
    let mut labels = BTreeMap::new();
    let (Some(node), FactType::Enum { values } | FactType::List { values }) =
        (obj.get("labels"), ty)
    else {
        return labels;
    };
    let Node::Table(entries) = &node.node else {
        cx.err(
            obj.file,
            node.span.clone(),
            "wrong-type",
            "`labels` should be a table: `labels.VALUE = { en = \"…\" }`".into(),
            Some(&obj.rule),
            None,
        );
        return labels;
    };
    for entry in entries {
        if !values.contains(&entry.key) {
            let help = did_you_mean(&entry.key, values.iter().map(String::as_str));
            cx.err(
                obj.file,
                entry.key_span.clone(),
                "unknown-value",
                format!("`{}` is not a value of `{}`", entry.key, obj.rule),
                Some(&obj.rule),
                help,
            );
            continue;
        }
        let label_obj = Obj {
            file: obj.file,
            entries: std::slice::from_ref(entry),
            span: entry.value.span.clone(),
            rule: obj.rule.clone(),
        };
        let texts = cx.texts(&label_obj, &entry.key, true);
        labels.insert(entry.key.clone(), texts);
    }
    labels
}

fn read_type(cx: &mut Ctx<'_>, obj: &Obj<'_>, allow_records: bool) -> FactType {
    let kinds: &[&str] = if allow_records {
        &[
            "bool", "integer", "money", "date", "enum", "list", "records",
        ]
    } else {
        &["bool", "integer", "money", "date", "enum"]
    };
    let kind = cx.enum_key(obj, "type", kinds, None);
    let read_values = |cx: &mut Ctx<'_>| -> Vec<String> {
        match cx.ids(obj, "values", true) {
            Some(v) if !v.is_empty() => v.into_iter().map(|x| x.0).collect(),
            Some(_) => {
                let span = obj
                    .get("values")
                    .map(|n| n.span.clone())
                    .unwrap_or(obj.span.clone());
                cx.err(
                    obj.file,
                    span,
                    "invalid-value",
                    "`values` should list at least one value".into(),
                    Some(&obj.rule),
                    None,
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    };
    let int = |cx: &mut Ctx<'_>, key: &str| match obj.get(key) {
        Some(Spanned {
            node: Node::Int(i), ..
        }) => Some(*i),
        Some(other) => {
            cx.err(
                obj.file,
                other.span.clone(),
                "wrong-type",
                format!("`{key}` should be a whole number"),
                Some(&obj.rule),
                None,
            );
            None
        }
        None => None,
    };
    match kind.as_deref() {
        Some("integer") => FactType::Integer {
            min: int(cx, "min"),
            max: int(cx, "max"),
        },
        Some("money") => FactType::Money,
        Some("date") => FactType::Date,
        Some("enum") => FactType::Enum {
            values: read_values(cx),
        },
        Some("list") => FactType::List {
            values: read_values(cx),
        },
        Some("records") => {
            let mut fields = Vec::new();
            match obj.get("fields") {
                Some(Spanned {
                    node: Node::Table(entries),
                    ..
                }) => {
                    for entry in entries {
                        let rule = format!("{}.fields.{}", obj.rule, entry.key);
                        if let Some(fobj) = cx.obj(
                            obj.file,
                            &entry.value,
                            &rule,
                            &["type", "values", "label", "labels", "min", "max"],
                        ) {
                            let ty = read_type(cx, &fobj, false);
                            let label = cx.texts(&fobj, "label", false);
                            let labels = read_labels(cx, &fobj, &ty);
                            fields.push(Field {
                                name: entry.key.clone(),
                                ty,
                                label,
                                labels,
                            });
                        }
                    }
                }
                Some(other) => cx.err(
                    obj.file,
                    other.span.clone(),
                    "wrong-type",
                    "`fields` should be a table of fields".into(),
                    Some(&obj.rule),
                    None,
                ),
                None => cx.missing(obj, "fields"),
            }
            FactType::Records { fields }
        }
        _ => FactType::Bool,
    }
}

fn read_param(cx: &mut Ctx<'_>, item: &Raw<'_>) -> Param {
    let mut param = Param {
        id: item.id.clone(),
        ty: ParamType::Money,
        by_size: false,
        description: String::new(),
        entries: Vec::new(),
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &["type", "by_size", "description", "unit", "values"],
    ) else {
        return param;
    };
    param.ty = match cx
        .enum_key(
            &obj,
            "type",
            &["money", "integer", "percent", "periods"],
            None,
        )
        .as_deref()
    {
        Some("integer") => ParamType::Integer,
        Some("percent") => ParamType::Percent,
        Some("periods") => ParamType::Periods,
        _ => ParamType::Money,
    };
    param.by_size = matches!(
        obj.get("by_size"),
        Some(Spanned {
            node: Node::Bool(true),
            ..
        })
    );
    if param.by_size && param.ty != ParamType::Money {
        let span = obj
            .get("by_size")
            .map(|n| n.span.clone())
            .unwrap_or(obj.span.clone());
        cx.err(
            item.file,
            span,
            "invalid-value",
            "only money parameters can be tables by household size".into(),
            Some(&item.id),
            None,
        );
    }
    param.description = cx
        .string(&obj, "description", false)
        .map(|s| s.0)
        .unwrap_or_default();
    let entries: &[Spanned] = match obj.get("values") {
        Some(Spanned {
            node: Node::Array(items),
            ..
        }) => items,
        Some(other) => {
            cx.err(
                item.file,
                other.span.clone(),
                "wrong-type",
                "`values` should be a list of dated values, written `[[parameter.ID.values]]`"
                    .into(),
                Some(&item.id),
                None,
            );
            &[]
        }
        None => {
            cx.missing(&obj, "values");
            &[]
        }
    };
    for node in entries {
        let Some(e) = cx.obj(
            item.file,
            node,
            &item.id,
            &[
                "from",
                "until",
                "status",
                "source",
                "note",
                "value",
                "first",
                "each_additional",
                "table",
                "beyond",
            ],
        ) else {
            continue;
        };
        let from = cx.date(&e, "from", true);
        let until = cx.date(&e, "until", false);
        let status = cx.enum_key(
            &e,
            "status",
            &["verified", "secondary", "computed", "unverified"],
            None,
        );
        let source = cx.string(&e, "source", true).map(|s| s.0);
        let note = cx.string(&e, "note", false).map(|s| s.0);
        let value = read_param_value(cx, &e, param.ty, param.by_size);
        let has_value = ["value", "first", "table"].iter().any(|k| e.has(k));
        if !has_value && status.as_deref() != Some("unverified") {
            cx.err(item.file, e.span.clone(), "missing-key", "a parameter value needs `value` (or `first`/`table` for tables by household size) unless it is an empty slot with `status = \"unverified\"`".into(), Some(&item.id), None);
        }
        if has_value && status.as_deref() == Some("unverified") {
            cx.warn(
                item.file,
                e.span.clone(),
                "unverified-value",
                "this figure is marked unverified but is used in decisions".into(),
                Some(&item.id),
                Some("leave the value out to make decisions that need it undetermined".into()),
            );
        }
        if let (Some(from), Some(status), Some(source)) = (from, status, source) {
            if let Some(last) = param.entries.last() {
                if from <= last.from {
                    cx.err(
                        item.file,
                        e.span.clone(),
                        "param-dates",
                        format!(
                            "values must be in date order: {from} is not after {}",
                            last.from
                        ),
                        Some(&item.id),
                        None,
                    );
                }
            }
            if let Some(until) = until {
                if until < from {
                    cx.err(
                        item.file,
                        e.span.clone(),
                        "param-dates",
                        format!("`until` {until} is before `from` {from}"),
                        Some(&item.id),
                        None,
                    );
                }
            }
            param.entries.push(ParamEntry {
                from,
                until,
                status,
                source,
                note,
                value: if has_value { value } else { None },
            });
        }
    }
    param
}

fn read_param_value(
    cx: &mut Ctx<'_>,
    e: &Obj<'_>,
    ty: ParamType,
    by_size: bool,
) -> Option<ParamValue> {
    let bad = |cx: &mut Ctx<'_>, node: &Spanned, what: &str| {
        cx.err(
            e.file,
            node.span.clone(),
            "invalid-value",
            format!("this should be {what}"),
            Some(&e.rule),
            None,
        );
    };
    let money = |cx: &mut Ctx<'_>, key: &str| -> Option<Money> {
        let node = e.get(key)?;
        let m = money_of(node);
        if m.is_none() {
            bad(cx, node, "an amount of money like \"1632.50\" or 1632");
        }
        m
    };
    if by_size {
        if e.has("first") {
            let first = money(cx, "first");
            let each = money(cx, "each_additional");
            if !e.has("each_additional") {
                cx.missing(e, "each_additional");
            }
            return Some(ParamValue::Formula {
                first: first?,
                each_additional: each?,
            });
        }
        if let Some(node) = e.get("table") {
            let Node::Array(items) = &node.node else {
                bad(cx, node, "a list of amounts, one per household size");
                return None;
            };
            let mut rows = Vec::new();
            for item in items {
                match money_of(item) {
                    Some(m) => rows.push(m),
                    None => bad(cx, item, "an amount of money like \"1632.50\" or 1632"),
                }
            }
            if rows.is_empty() {
                bad(cx, node, "a list of at least one amount");
                return None;
            }
            let beyond = if e.has("beyond") {
                Some(money(cx, "beyond")?)
            } else {
                None
            };
            return Some(ParamValue::Table { rows, beyond });
        }
        if let Some(node) = e.get("value") {
            bad(cx, node, "written as `first` and `each_additional`, or as a `table`, for a table by household size");
        }
        return None;
    }
    let node = e.get("value")?;
    match ty {
        ParamType::Money => money(cx, "value").map(ParamValue::Money),
        ParamType::Integer => match node.node {
            Node::Int(i) => Some(ParamValue::Integer(i)),
            _ => {
                bad(cx, node, "a whole number");
                None
            }
        },
        ParamType::Percent => match percent_of(node) {
            Some(p) => Some(ParamValue::Percent(p)),
            None => {
                bad(cx, node, "a percentage like \"130%\"");
                None
            }
        },
        ParamType::Periods => {
            let obj = cx.obj(
                e.file,
                node,
                &e.rule,
                &["weekly", "biweekly", "semimonthly", "monthly", "yearly"],
            )?;
            let mut conv = Conversion::default();
            for (key, slot) in [
                ("weekly", &mut conv.weekly),
                ("biweekly", &mut conv.biweekly),
                ("semimonthly", &mut conv.semimonthly),
                ("monthly", &mut conv.monthly),
                ("yearly", &mut conv.yearly),
            ] {
                match obj.get(key) {
                    Some(n) => match ratio_of(n) {
                        Some(r) if r.num > 0 => *slot = r,
                        _ => bad(cx, n, "a number of periods per year like 52 or \"51.6\""),
                    },
                    None => cx.missing(&obj, key),
                }
            }
            Some(ParamValue::Periods(conv))
        }
    }
}

fn derived_type(cx: &mut Ctx<'_>, item: &Raw<'_>) -> (Scope, Option<Ty>) {
    let Some(entries) = item.node.as_table() else {
        return (Scope::Person, None);
    };
    let get = |k: &str| entries.iter().find(|e| e.key == k).map(|e| &e.value);
    let scope = match get("scope").map(|n| &n.node) {
        Some(Node::Str(s)) if s == "household" => Scope::Household,
        _ if get("aggregate").is_some() => Scope::Household,
        _ => Scope::Person,
    };
    if get("criterion").is_some() {
        return (scope, Some(Ty::Bool));
    }
    if let Some(Spanned {
        node: Node::Str(op),
        ..
    }) = get("aggregate")
    {
        match op.as_str() {
            "any" | "all" => return (scope, Some(Ty::Bool)),
            "count" => return (scope, Some(Ty::Int)),
            _ => return (scope, None),
        }
    }
    let ty = match get("type").map(|n| &n.node) {
        Some(Node::Str(t)) => match t.as_str() {
            "bool" => Some(Ty::Bool),
            "integer" => Some(Ty::Int),
            "money" => Some(Ty::Money),
            "date" => Some(Ty::Date),
            "percent" => Some(Ty::Percent),
            "text" => Some(Ty::Text(None)),
            "list" => Some(Ty::TextList(None)),
            _ => None,
        },
        _ => None,
    };
    if ty.is_none() && get("expr").is_some() {
        let node = get("type");
        let span = node.map(|n| n.span.clone()).unwrap_or(item.span.clone());
        let help = Some("use one of: bool, integer, money, date, percent, text, list".to_string());
        if node.is_none() {
            cx.err(
                item.file,
                span,
                "missing-key",
                format!("`{}` needs a `type`", item.id),
                Some(&item.id),
                help,
            );
        } else {
            cx.err(
                item.file,
                span,
                "invalid-value",
                "this is not a type of derived fact".into(),
                Some(&item.id),
                help,
            );
        }
    }
    (scope, ty)
}

fn expression(
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

fn read_criterion(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
) -> Criterion {
    let mut c = Criterion {
        id: item.id.clone(),
        text: Texts::default(),
        citation: None,
        closed_by: None,
        body: CriterionBody::All(Vec::new()),
        scope: Scope::Household,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "text",
            "citation",
            "expr",
            "all",
            "any",
            "not",
            "at_least",
            "of",
            "closed_by",
        ],
    ) else {
        return c;
    };
    c.text = cx.texts(&obj, "text", true);
    c.citation = cx.string(&obj, "citation", false).map(|s| s.0);
    if let Some((step, span)) = cx.string(&obj, "closed_by", false) {
        c.closed_by = cx.resolve(&obj, "step", &step, &span, step_idx);
    }
    let bodies: Vec<&str> = ["expr", "all", "any", "not", "at_least"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    if bodies.len() != 1 {
        let message = if bodies.is_empty() {
            format!(
                "`{}` needs one of `expr`, `all`, `any`, `not` or `at_least`",
                item.id
            )
        } else {
            format!(
                "`{}` has {}; a criterion has exactly one of them",
                item.id,
                bodies
                    .iter()
                    .map(|b| format!("`{b}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        cx.err(
            item.file,
            item.span.clone(),
            if bodies.is_empty() {
                "missing-key"
            } else {
                "conflicting-keys"
            },
            message,
            Some(&item.id),
            None,
        );
        return c;
    }
    match bodies[0] {
        "expr" => {
            if let Some((expr, ty, scope)) = expression(cx, checker, &obj, "expr", Scope::Person) {
                if ty != Ty::Bool {
                    let span = obj
                        .get("expr")
                        .map(|n| n.span.clone())
                        .unwrap_or(item.span.clone());
                    cx.err(
                        item.file,
                        span,
                        "not-boolean",
                        format!(
                            "a criterion must be true or false, but this expression gives {}",
                            ty.describe()
                        ),
                        Some(&item.id),
                        Some("compare it with something, e.g. `age >= 18`".into()),
                    );
                }
                c.scope = scope;
                c.body = CriterionBody::Expr(expr);
            }
        }
        "not" => {
            if let Some((id, span)) = cx.string(&obj, "not", true) {
                if let Some(i) = cx.resolve(&obj, "criterion", &id, &span, crit_idx) {
                    c.body = CriterionBody::Not(i);
                }
            }
        }
        key => {
            let list_key = if key == "at_least" { "of" } else { key };
            let ids = cx.ids(&obj, list_key, true).unwrap_or_default();
            let children = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
            c.body = match key {
                "all" => CriterionBody::All(children),
                "any" => CriterionBody::Any(children),
                _ => {
                    let n = match obj.get("at_least") {
                        Some(Spanned {
                            node: Node::Int(n), ..
                        }) if *n >= 0 => *n as usize,
                        Some(other) => {
                            cx.err(
                                item.file,
                                other.span.clone(),
                                "wrong-type",
                                "`at_least` should be a whole number".into(),
                                Some(&item.id),
                                None,
                            );
                            0
                        }
                        None => 0,
                    };
                    if n > ids.len() {
                        let span = obj
                            .get("at_least")
                            .map(|n| n.span.clone())
                            .unwrap_or(item.span.clone());
                        cx.err(
                            item.file,
                            span,
                            "invalid-value",
                            format!(
                                "`at_least = {n}` can never be met with {} criteria",
                                ids.len()
                            ),
                            Some(&item.id),
                            None,
                        );
                    }
                    CriterionBody::AtLeast(n, children)
                }
            };
        }
    }
    c
}

fn read_derived(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    item: &Raw<'_>,
    decl: (Scope, Option<Ty>),
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
    names: &BTreeMap<String, NameInfo>,
) -> Derived {
    let (scope, ty) = decl;
    let mut d = Derived {
        id: item.id.clone(),
        scope,
        ty: ty.clone().unwrap_or(Ty::Bool),
        text: Texts::default(),
        body: DerivedBody::Aggregate {
            op: Aggregate::Count,
            of: NameRef::AsOf,
            filter: None,
        },
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "scope",
            "type",
            "text",
            "description",
            "expr",
            "criterion",
            "aggregate",
            "of",
            "where",
        ],
    ) else {
        return d;
    };
    cx.enum_key(&obj, "scope", &["household", "person"], Some("person"));
    d.text = cx.texts(&obj, "text", false);
    let bodies: Vec<&str> = ["expr", "criterion", "aggregate"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    if bodies.len() != 1 {
        let (code, message) = if bodies.is_empty() {
            (
                "missing-key",
                format!(
                    "`{}` needs one of `expr`, `criterion` or `aggregate`",
                    item.id
                ),
            )
        } else {
            (
                "conflicting-keys",
                format!(
                    "`{}` has {}; a derived fact has exactly one of them",
                    item.id,
                    bodies.join(" and ")
                ),
            )
        };
        cx.err(
            item.file,
            item.span.clone(),
            code,
            message,
            Some(&item.id),
            None,
        );
        return d;
    }
    match bodies[0] {
        "expr" => {
            if let Some((expr, got, _)) = expression(cx, checker, &obj, "expr", scope) {
                if let Some(want) = &ty {
                    if !got.same_kind(want) {
                        let span = obj
                            .get("expr")
                            .map(|n| n.span.clone())
                            .unwrap_or(item.span.clone());
                        cx.err(
                            item.file,
                            span,
                            "type-mismatch",
                            format!(
                                "`{}` is declared as {}, but its expression gives {}",
                                item.id,
                                want.describe(),
                                got.describe()
                            ),
                            Some(&item.id),
                            None,
                        );
                    }
                }
                d.body = DerivedBody::Expr(expr);
            }
        }
        "criterion" => {
            if let Some((id, span)) = cx.string(&obj, "criterion", true) {
                if let Some(c) = cx.resolve(&obj, "criterion", &id, &span, crit_idx) {
                    if criteria[c].scope > scope {
                        cx.err(
                            item.file,
                            span,
                            "scope-mismatch",
                            format!(
                                "`{id}` reads person facts, but `{}` is a household fact",
                                item.id
                            ),
                            Some(&item.id),
                            Some(
                                "use `aggregate = \"any\"` over a person-level derived fact".into(),
                            ),
                        );
                    }
                    d.body = DerivedBody::Criterion(c);
                }
            }
        }
        _ => {
            let op = cx.enum_key(
                &obj,
                "aggregate",
                &["sum", "any", "all", "count", "min", "max"],
                None,
            );
            if let Some(Spanned {
                node: Node::Str(s),
                span,
            }) = obj.get("scope")
            {
                if s == "person" {
                    cx.err(
                        item.file,
                        span.clone(),
                        "scope-mismatch",
                        "aggregates over the persons of a household are household facts".into(),
                        Some(&item.id),
                        None,
                    );
                }
            }
            let person_name = |cx: &mut Ctx<'_>, key: &str, want: Option<Ty>| -> Option<NameRef> {
                let (name, span) = cx.string(&obj, key, key == "of")?;
                let Some(info) = names.get(&name) else {
                    let help = did_you_mean(
                        &name,
                        names
                            .iter()
                            .filter(|(_, i)| i.scope == Scope::Person)
                            .map(|(n, _)| n.as_str()),
                    );
                    cx.err(
                        item.file,
                        span,
                        "unknown-fact",
                        format!("`{name}` is not a fact or derived fact"),
                        Some(&item.id),
                        help,
                    );
                    return None;
                };
                if info.scope != Scope::Person {
                    cx.err(
                        item.file,
                        span,
                        "scope-mismatch",
                        format!("`{name}` is not a person fact; aggregates go over persons"),
                        Some(&item.id),
                        None,
                    );
                    return None;
                }
                if let Some(want) = want {
                    if !info.ty.same_kind(&want) {
                        cx.err(
                            item.file,
                            span,
                            "type-mismatch",
                            format!(
                                "`{name}` is {}, but {} is needed here",
                                info.ty.describe(),
                                want.describe()
                            ),
                            Some(&item.id),
                            None,
                        );
                        return None;
                    }
                }
                Some(info.r)
            };
            let op = match op.as_deref() {
                Some("sum") => Aggregate::Sum,
                Some("any") => Aggregate::Any,
                Some("all") => Aggregate::All,
                Some("min") => Aggregate::Min,
                Some("max") => Aggregate::Max,
                _ => Aggregate::Count,
            };
            let want = match op {
                Aggregate::Any | Aggregate::All | Aggregate::Count => Some(Ty::Bool),
                _ => None,
            };
            let of = person_name(cx, "of", want);
            if matches!(op, Aggregate::Sum | Aggregate::Min | Aggregate::Max)
                && !matches!(ty, Some(Ty::Int) | Some(Ty::Money))
            {
                let span = obj
                    .get("of")
                    .map(|n| n.span.clone())
                    .unwrap_or(item.span.clone());
                cx.err(
                    item.file,
                    span,
                    "type-mismatch",
                    "`sum`, `min` and `max` work on numbers or money".into(),
                    Some(&item.id),
                    None,
                );
            }
            let filter = if obj.has("where") {
                person_name(cx, "where", Some(Ty::Bool))
            } else {
                None
            };
            if let Some(of) = of {
                d.body = DerivedBody::Aggregate { op, of, filter };
            }
        }
    }
    d
}

fn read_program(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
) -> Option<Program> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "citation",
            "eligible",
            "priority",
            "sector",
            "url",
        ],
    )?;
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let citation = cx.string(&obj, "citation", false).map(|s| s.0);
    if citation.is_none() {
        cx.warn(
            item.file,
            item.span.clone(),
            "missing-citation",
            format!("program `{}` cites no source", item.id),
            Some(&item.id),
            Some("add `citation = \"...\"` naming the law, regulation or official page".into()),
        );
    }
    let ids = cx.ids(&obj, "eligible", true).unwrap_or_default();
    let eligible = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
    let mut priority = Vec::new();
    match obj.get("priority") {
        Some(Spanned {
            node: Node::Array(groups),
            ..
        }) => {
            for g in groups {
                let Some(gobj) = cx.obj(item.file, g, &item.id, &["id", "name", "when"]) else {
                    continue;
                };
                let id = cx.string(&gobj, "id", true).map(|s| s.0);
                let name = cx.texts(&gobj, "name", true);
                let when = cx
                    .string(&gobj, "when", true)
                    .and_then(|(w, span)| cx.resolve(&gobj, "criterion", &w, &span, crit_idx));
                if let (Some(id), Some(when)) = (id, when) {
                    priority.push(PriorityGroup { id, name, when });
                }
            }
        }
        Some(other) => cx.err(
            item.file,
            other.span.clone(),
            "wrong-type",
            "priority groups are written `[[program.ID.priority]]`".into(),
            Some(&item.id),
            None,
        ),
        None => {}
    }
    let sector = cx.string(&obj, "sector", false).map(|s| s.0);
    let _ = cx.string(&obj, "url", false);
    Some(Program {
        id: item.id.clone(),
        name,
        description,
        citation,
        eligible,
        priority,
        sector,
    })
}

fn check_scope(
    cx: &mut Ctx<'_>,
    obj: &Obj<'_>,
    scope: Scope,
    ids: &[(String, Range<usize>)],
    resolved: &[usize],
    criteria: &[Criterion],
) {
    for ((id, span), c) in ids.iter().zip(resolved) {
        if criteria[*c].scope > scope {
            cx.err(
                obj.file,
                span.clone(),
                "scope-mismatch",
                format!("`{id}` reads person facts, but this is decided once per household"),
                Some(&obj.rule),
                Some(
                    "set `scope = \"person\"`, or use a household derived fact with `aggregate`"
                        .into(),
                ),
            );
        }
    }
}

fn read_service(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
) -> Option<Service> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "citation",
            "scope",
            "need",
            "eligible",
            "referral",
            "category",
            "url",
        ],
    )?;
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let citation = cx.string(&obj, "citation", false).map(|s| s.0);
    let scope = match cx
        .enum_key(&obj, "scope", &["household", "person"], Some("household"))
        .as_deref()
    {
        Some("person") => Scope::Person,
        _ => Scope::Household,
    };
    let need_ids = cx.ids(&obj, "need", true).unwrap_or_default();
    let need = cx.resolve_all(&obj, "criterion", &need_ids, crit_idx);
    if need.len() == need_ids.len() {
        check_scope(cx, &obj, scope, &need_ids, &need, criteria);
    }
    let eligible = match cx.ids(&obj, "eligible", false) {
        Some(ids) => {
            let resolved = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
            if resolved.len() == ids.len() {
                check_scope(cx, &obj, scope, &ids, &resolved, criteria);
            }
            Some(resolved)
        }
        None => None,
    };
    let referral = cx.texts(&obj, "referral", false);
    let category = cx.string(&obj, "category", false).map(|s| s.0);
    let _ = cx.string(&obj, "url", false);
    Some(Service {
        id: item.id.clone(),
        name,
        description,
        citation,
        scope,
        need,
        eligible,
        referral,
        category,
    })
}

fn read_step(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
    program_idx: &BTreeMap<String, usize>,
    credentials_fact: Option<usize>,
    facts: &[Fact],
) -> Step {
    let mut step = Step {
        id: item.id.clone(),
        name: Texts::default(),
        description: Texts::default(),
        kind: None,
        requires: Vec::new(),
        after: Vec::new(),
        delivered_by: Vec::new(),
        yields_credential: None,
        yields: Texts::default(),
        completed: Completion::Never,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "kind",
            "requires",
            "after",
            "delivered_by",
            "credential",
            "yields",
            "completed_when",
            "citation",
        ],
    ) else {
        return step;
    };
    step.name = cx.texts(&obj, "name", true);
    step.description = cx.texts(&obj, "description", false);
    step.kind = cx.enum_key(
        &obj,
        "kind",
        &[
            "esol",
            "education",
            "bridge",
            "training",
            "credential",
            "degree",
            "job",
            "apprenticeship",
        ],
        Some("training"),
    );
    let _ = cx.string(&obj, "citation", false);
    let requires = cx.ids(&obj, "requires", false).unwrap_or_default();
    step.requires = cx.resolve_all(&obj, "criterion", &requires, crit_idx);
    let after = cx.ids(&obj, "after", false).unwrap_or_default();
    step.after = cx.resolve_all(&obj, "step", &after, step_idx);
    let delivered = cx.ids(&obj, "delivered_by", false).unwrap_or_default();
    step.delivered_by = cx.resolve_all(&obj, "program", &delivered, program_idx);
    step.yields = cx.texts(&obj, "yields", false);
    if let Some((credential, span)) = cx.string(&obj, "credential", false) {
        if let Some(f) = credentials_fact {
            if let FactType::List { values } = &facts[f].ty {
                if !values.contains(&credential) {
                    let help = did_you_mean(&credential, values.iter().map(String::as_str));
                    cx.err(
                        item.file,
                        span.clone(),
                        "unknown-value",
                        format!("`{credential}` is not a value of `{}`", facts[f].id),
                        Some(&item.id),
                        help,
                    );
                }
            }
            step.completed = Completion::Credential {
                fact: f,
                credential: credential.clone(),
            };
        }
        step.yields_credential = Some(credential);
    }
    if let Some((c, span)) = cx.string(&obj, "completed_when", false) {
        if let Some(c) = cx.resolve(&obj, "criterion", &c, &span, crit_idx) {
            step.completed = Completion::Criterion(c);
        }
    } else if step.yields_credential.is_some() && credentials_fact.is_none() {
        cx.err(item.file, item.span.clone(), "missing-key", format!("step `{}` yields a credential, but the rule set names no `credentials_fact`", item.id), Some(&item.id),
            Some("add `credentials_fact = \"credentials\"` to `[ruleset]`, or give the step a `completed_when` criterion".into()));
    }
    step
}

fn read_ladder(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
) -> Option<Ladder> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &["name", "description", "applies", "steps", "sector"],
    )?;
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let applies = cx
        .string(&obj, "applies", false)
        .and_then(|(a, span)| cx.resolve(&obj, "criterion", &a, &span, crit_idx));
    let ids = cx.ids(&obj, "steps", true).unwrap_or_default();
    let steps = cx.resolve_all(&obj, "step", &ids, step_idx);
    let _ = cx.string(&obj, "sector", false);
    Some(Ladder {
        id: item.id.clone(),
        name,
        description,
        applies,
        steps,
    })
}

#[allow(
    clippy::too_many_arguments,
    reason = "the graphs of two kinds of rules"
)]
fn find_cycles(
    cx: &mut Ctx<'_>,
    derived_items: &[&Raw<'_>],
    derived: &[Derived],
    crit_items: &[&Raw<'_>],
    criteria: &[Criterion],
    step_items: &[&Raw<'_>],
    steps: &[Step],
) {
    // Nodes: derived 0..d, criteria d..d+c, steps after that.
    let d = derived.len();
    let c = criteria.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); d + c + steps.len()];
    let expr_edges = |e: &Expression| -> Vec<usize> {
        e.reads
            .iter()
            .filter_map(|(_, r)| match r {
                NameRef::Derived(j) => Some(*j),
                _ => None,
            })
            .collect()
    };
    for (i, x) in derived.iter().enumerate() {
        edges[i] = match &x.body {
            DerivedBody::Expr(e) => expr_edges(e),
            DerivedBody::Criterion(k) => vec![d + k],
            DerivedBody::Aggregate { of, filter, .. } => [Some(*of), *filter]
                .into_iter()
                .flatten()
                .filter_map(|r| match r {
                    NameRef::Derived(j) => Some(j),
                    _ => None,
                })
                .collect(),
        };
    }
    for (i, x) in criteria.iter().enumerate() {
        edges[d + i] = match &x.body {
            CriterionBody::Expr(e) => expr_edges(e),
            CriterionBody::All(v) | CriterionBody::Any(v) | CriterionBody::AtLeast(_, v) => {
                v.iter().map(|k| d + k).collect()
            }
            CriterionBody::Not(k) => vec![d + k],
        };
    }
    for (i, s) in steps.iter().enumerate() {
        edges[d + c + i] = s.after.iter().map(|k| d + c + k).collect();
    }
    let name = |n: usize| -> (usize, Range<usize>, String) {
        if n < d {
            (
                derived_items[n].file,
                derived_items[n].span.clone(),
                derived_items[n].id.clone(),
            )
        } else if n < d + c {
            (
                crit_items[n - d].file,
                crit_items[n - d].span.clone(),
                crit_items[n - d].id.clone(),
            )
        } else {
            (
                step_items[n - d - c].file,
                step_items[n - d - c].span.clone(),
                step_items[n - d - c].id.clone(),
            )
        }
    };
    // Iterative depth-first search; 0 = new, 1 = on the path, 2 = done.
    let mut state = vec![0_u8; edges.len()];
    let mut reported = BTreeSet::new();
    let mut height = vec![0_usize; edges.len()];
    for root in 0..edges.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some((node, next)) = stack.last().copied() {
            if next < edges[node].len() {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                let child = edges[node][next];
                match state[child] {
                    0 => {
                        state[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let start = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let cycle: Vec<usize> = stack[start..].iter().map(|(n, _)| *n).collect();
                        let key: BTreeSet<usize> = cycle.iter().copied().collect();
                        if reported.insert(key.into_iter().collect::<Vec<_>>()) {
                            let mut path: Vec<String> = cycle.iter().map(|n| name(*n).2).collect();
                            path.push(name(child).2);
                            let (file, span, id) = name(child);
                            cx.err(file, span, "cycle", format!("`{id}` depends on itself: {}", path.join(" → ")), Some(&id),
                                Some("a fact, criterion or step cannot be defined in terms of itself".into()));
                        }
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                // Longest chain of rules below this one, itself included.
                height[node] = 1 + edges[node].iter().map(|c| height[*c]).max().unwrap_or(0);
                stack.pop();
            }
        }
    }
    if !reported.is_empty() {
        return;
    }
    // Evaluation follows these chains recursively: bound them so that no rule set can
    // exhaust the stack (native or wasm). Steps are not followed recursively.
    for (node, &h) in height.iter().enumerate().take(d + c) {
        if h == MAX_RULE_DEPTH + 1 {
            let (file, span, id) = name(node);
            cx.err(
                file,
                span,
                "rule-depth",
                format!("`{id}` sits on top of a chain of {h} rules that each depend on the next; the limit is {MAX_RULE_DEPTH}"),
                Some(&id),
                Some("flatten the chain: combine steps into fewer criteria or derived facts".into()),
            );
        }
    }
}

/// The longest chain of derived facts and criteria that depend on each other.
const MAX_RULE_DEPTH: usize = 64;

#[allow(
    clippy::too_many_arguments,
    reason = "a test may refer to every kind of rule"
)]
fn read_test(
    cx: &mut Ctx<'_>,
    rs: &RuleSet,
    file: usize,
    node: &Spanned,
    program_idx: &BTreeMap<String, usize>,
    service_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
    derived_idx: &BTreeMap<String, usize>,
    ladder_idx: &BTreeMap<String, usize>,
) -> Option<RuleTest> {
    let obj = cx.obj(
        file,
        node,
        "test",
        &["name", "checks", "as_of", "lang", "case", "expect"],
    )?;
    let name = cx
        .string(&obj, "name", true)
        .map(|s| s.0)
        .unwrap_or_default();
    let obj = Obj {
        rule: if name.is_empty() {
            "test".into()
        } else {
            name.clone()
        },
        ..obj
    };
    let checks = cx
        .string(&obj, "checks", true)
        .map(|s| s.0)
        .unwrap_or_default();
    let as_of = cx.date(&obj, "as_of", true);
    let lang = cx.string(&obj, "lang", false).map(|s| s.0);
    let case_node = obj.get("case");
    let case_json = case_node
        .map(node_to_json)
        .unwrap_or(serde_json::Value::Null);
    let case = Case::from_json(rs, &case_json);
    if let Some(n) = case_node {
        for e in &case.errors {
            cx.err(
                file,
                n.span.clone(),
                "invalid-test",
                format!("the test case is malformed: {e}"),
                Some(&obj.rule),
                None,
            );
        }
    } else {
        cx.missing(&obj, "case");
    }
    let mut expectations = Vec::new();
    match obj.get("expect") {
        Some(Spanned {
            node: Node::Array(items),
            ..
        }) => {
            for e in items {
                let Some(eobj) = cx.obj(
                    file,
                    e,
                    &obj.rule,
                    &[
                        "person", "program", "service", "step", "ladder", "derived", "status",
                        "need", "priority", "missing", "value", "next", "bridge", "question",
                    ],
                ) else {
                    continue;
                };
                let person = match eobj.get("person") {
                    Some(Spanned {
                        node: Node::Int(p),
                        span,
                    }) => {
                        if *p < 0 || *p as usize >= case.persons.len() {
                            cx.err(
                                file,
                                span.clone(),
                                "invalid-test",
                                format!("the case has no person {p} (persons are counted from 0)"),
                                Some(&obj.rule),
                                None,
                            );
                        }
                        Some(*p as usize)
                    }
                    Some(other) => {
                        cx.err(
                            file,
                            other.span.clone(),
                            "wrong-type",
                            "`person` is the person's position, counted from 0".into(),
                            Some(&obj.rule),
                            None,
                        );
                        None
                    }
                    None => None,
                };
                let status = cx.string(&eobj, "status", false).map(|s| s.0);
                let missing = eobj.get("missing").map(|_| {
                    cx.ids(&eobj, "missing", false)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|x| x.0)
                        .collect::<Vec<_>>()
                });
                let check_status = |cx: &mut Ctx<'_>, allowed: &[&str], key: &str| {
                    if let Some(Spanned {
                        node: Node::Str(s),
                        span,
                    }) = eobj.get(key)
                    {
                        if !allowed.contains(&s.as_str()) {
                            let help = did_you_mean(s, allowed.iter().copied())
                                .or_else(|| Some(format!("use one of: {}", allowed.join(", "))));
                            cx.err(
                                file,
                                span.clone(),
                                "invalid-value",
                                format!("`{s}` is not a {key} here"),
                                Some(&obj.rule),
                                help,
                            );
                        }
                    }
                };
                let kind = if let Some((id, span)) = cx.string(&eobj, "program", false) {
                    check_status(cx, &["eligible", "ineligible", "undetermined"], "status");
                    let priority = cx.string(&eobj, "priority", false).map(|s| s.0);
                    cx.resolve(&eobj, "program", &id, &span, program_idx)
                        .map(|p| ExpectKind::Program {
                            program: p,
                            priority,
                        })
                } else if let Some((id, span)) = cx.string(&eobj, "service", false) {
                    check_status(cx, &["eligible", "ineligible", "undetermined"], "status");
                    check_status(cx, &["needed", "not_needed", "undetermined"], "need");
                    let need = cx.string(&eobj, "need", false).map(|s| s.0);
                    cx.resolve(&eobj, "service", &id, &span, service_idx)
                        .map(|s| ExpectKind::Service { service: s, need })
                } else if let Some((id, span)) = cx.string(&eobj, "step", false) {
                    check_status(
                        cx,
                        &["completed", "ready", "blocked", "undetermined"],
                        "status",
                    );
                    let bridge = cx
                        .string(&eobj, "bridge", false)
                        .and_then(|(b, sp)| cx.resolve(&eobj, "step", &b, &sp, step_idx));
                    cx.resolve(&eobj, "step", &id, &span, step_idx)
                        .map(|s| ExpectKind::Step { step: s, bridge })
                } else if let Some((id, span)) = cx.string(&eobj, "next", false) {
                    let ladder = cx
                        .string(&eobj, "ladder", true)
                        .and_then(|(l, sp)| cx.resolve(&eobj, "ladder", &l, &sp, ladder_idx));
                    let step = cx.resolve(&eobj, "step", &id, &span, step_idx);
                    match (ladder, step) {
                        (Some(ladder), Some(step)) => Some(ExpectKind::Next { ladder, step }),
                        _ => None,
                    }
                } else if let Some((id, span)) = cx.string(&eobj, "ladder", false) {
                    check_status(cx, &["applies", "does_not_apply", "undetermined"], "status");
                    cx.resolve(&eobj, "ladder", &id, &span, ladder_idx)
                        .map(|ladder| ExpectKind::Ladder { ladder })
                } else if let Some((id, span)) = cx.string(&eobj, "derived", false) {
                    let value = eobj.get("value").map(node_to_json);
                    if value.is_none() {
                        cx.missing(&eobj, "value");
                    }
                    cx.resolve(&eobj, "derived fact", &id, &span, derived_idx)
                        .and_then(|d| {
                            value.map(|v| ExpectKind::Derived {
                                derived: d,
                                value: v,
                            })
                        })
                } else if let Some((q, _)) = cx.string(&eobj, "question", false) {
                    Some(ExpectKind::Question { path: q })
                } else {
                    cx.err(file, e.span.clone(), "missing-key", "an expectation names a `program`, `service`, `step`, `next`, `ladder`, `derived` or `question`".into(), Some(&obj.rule), None);
                    None
                };
                if let Some(kind) = kind {
                    let (line, _, _) = crate::diag::line_col(&cx.files[file].text, e.span.start);
                    expectations.push(Expectation {
                        person,
                        kind,
                        status,
                        missing,
                        line,
                    });
                }
            }
        }
        Some(other) => cx.err(
            file,
            other.span.clone(),
            "wrong-type",
            "`expect` is a list of expectations, written `[[test.expect]]` or `expect = [{...}]`"
                .into(),
            Some(&obj.rule),
            None,
        ),
        None => cx.missing(&obj, "expect"),
    }
    let (line, _, _) = crate::diag::line_col(&cx.files[file].text, node.span.start);
    Some(RuleTest {
        name,
        checks,
        as_of: as_of?,
        lang,
        case,
        expectations,
        file: cx.files[file].path.clone(),
        line,
    })
}
