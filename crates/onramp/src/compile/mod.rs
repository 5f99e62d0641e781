//! From rule files to a [`RuleSet`]: every item is read, every reference resolved, every
//! expression type-checked, and every problem reported at once.
//!
//! `compile` runs the passes in order; each kind of item is read in the file named after it.
//! A kind is read after the kinds it refers to, so that references resolve against a complete
//! index and expressions are checked against known names and types.

mod context;
mod criteria;
mod cycles;
mod derived;
mod facts;
mod parameters;
mod pathways;
mod programs;
mod rule_tests;
mod ruleset;
mod translations;

pub(crate) use translations::{template, TextIndex};

use crate::check::{Checker, NameInfo};
use crate::diag::{did_you_mean, Diagnostics};
use crate::model::{Fact, NameRef, Param, Scope, Ty};
use crate::syntax::{parse_file, Node, Sink, SourceFile, Spanned};
use crate::RuleSet;
use context::{valid_name, Ctx, Raw};
use std::collections::BTreeMap;

/// The kinds of item a rule file may hold, as top-level tables.
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
    "translation",
    "texts",
];

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
        text_path: String::new(),
        translations: Default::default(),
        line_index: sources.iter().map(|_| None).collect(),
    };

    // 1. Items by section, duplicates reported.
    let items = collect_items(&mut cx, &trees);

    // 2. The rule set's own table.
    let mut header =
        ruleset::read_ruleset(&mut cx, items.ruleset, &items.translation, &items.texts);
    cx.languages = header.meta.languages.clone();
    cx.default_lang = header.meta.default_language.clone();

    // 3. Index every id; facts, derived facts and parameters share one namespace.
    let index = index_ids(&mut cx, &items);

    // 4. Facts.
    let facts = facts::read_facts(&mut cx, &items.kept("fact", &index.fact));

    // 5. Parameters.
    let params = parameters::read_params(&mut cx, &items.kept("parameter", &index.parameter));

    // 6. Derived facts: their types first, so expressions can use them.
    let derived_items = items.kept("derived", &index.derived);
    let derived_decl =
        derived::declare_derived(&mut cx, &derived_items, &index.fact, &index.derived, &facts);
    let names = expression_names(&facts, &params, &derived_items, &derived_decl);

    // 7. Criteria.
    let engine = crate::engine::build();
    let checker = Checker {
        engine: &engine,
        names: &names,
        facts: &facts,
    };
    let crit_items = items.kept("criterion", &index.criterion);
    let criteria = criteria::read_criteria(
        &mut cx,
        &checker,
        &crit_items,
        &index.criterion,
        &index.step,
    );

    // 8. Derived bodies.
    let derived = derived::read_derived_bodies(
        &mut cx,
        &checker,
        &derived_items,
        &derived_decl,
        &index.criterion,
        &criteria,
        &names,
    );

    // 9. Programs, services, ladders, steps.
    let program_items = items.kept("program", &index.program);
    let programs = programs::read_programs(&mut cx, &program_items, &index.criterion);
    let service_items = items.kept("service", &index.service);
    let services = programs::read_services(&mut cx, &service_items, &index.criterion, &criteria);
    let credentials_fact =
        ruleset::credentials_fact(&mut cx, header.credentials_name, &index.fact, &facts);
    header.meta.household_size_fact = ruleset::household_fact(
        &mut cx,
        "household_size_fact",
        header.household_size_name.take(),
        &index.fact,
        &facts,
        true,
    );
    header.meta.household_complete_fact = ruleset::household_fact(
        &mut cx,
        "household_complete_fact",
        header.household_complete_name.take(),
        &index.fact,
        &facts,
        false,
    );
    header.meta.income_conversion =
        ruleset::income_conversion(&mut cx, header.conversion_name, &index.parameter, &params);
    let step_items = items.kept("step", &index.step);
    let steps = pathways::read_steps(&mut cx, &step_items, &index, credentials_fact, &facts);
    let ladders = pathways::read_ladders(&mut cx, &items.kept("ladder", &index.ladder), &index);

    // The translations no text took, and each language's status.
    cx.report_unused_translations();
    header.meta.translations = cx.language_statuses();
    let text_index = std::mem::take(&mut cx.translations.seen);

    // 10. Cycles among derived facts and criteria, and among steps.
    cycles::find_cycles(
        &mut cx,
        &derived_items,
        &derived,
        &crit_items,
        &criteria,
        &step_items,
        &steps,
    );

    let fact_ids = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.clone(), i))
        .collect();
    let mut rule_set = RuleSet {
        meta: header.meta,
        fact_ids,
        facts,
        params,
        derived,
        criteria,
        programs,
        services,
        ladders,
        steps,
        tests: Vec::new(),
        #[cfg(feature = "rhai-oracle")]
        engine,
        hash: crate::bundle::content_hash(&sources),
        warnings: Vec::new(),
        text_index,
    };

    // 11. Tests, now that cases can be read against the facts.
    rule_set.tests = rule_tests::read_tests(&mut cx, &rule_set, &items.tests, &index);

    let diagnostics = sorted_diagnostics(cx.sink);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    rule_set.warnings = diagnostics.items;
    Ok(rule_set)
}

/// The items of every file by section, before any is read.
struct Items<'n> {
    raw: BTreeMap<&'n str, Vec<Raw<'n>>>,
    ruleset: Option<(usize, &'n Spanned)>,
    tests: Vec<(usize, &'n Spanned)>,
    /// Translation files' `[translation]` and `[texts]` tables.
    translation: Vec<(usize, &'n Spanned)>,
    texts: Vec<(usize, &'n Spanned)>,
}

impl<'n> Items<'n> {
    fn section(&self, name: &str) -> &[Raw<'n>] {
        self.raw.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Items in index order, skipping duplicates.
    fn kept(&self, sec: &str, map: &BTreeMap<String, usize>) -> Vec<&Raw<'n>> {
        let mut out: Vec<Option<&Raw<'n>>> = vec![None; map.len()];
        for item in self.section(sec) {
            if let Some(&i) = map.get(&item.id) {
                if out[i].is_none() {
                    out[i] = Some(item);
                }
            }
        }
        out.into_iter().flatten().collect()
    }
}

fn collect_items<'n>(cx: &mut Ctx<'_>, trees: &'n [Spanned]) -> Items<'n> {
    let mut raw: BTreeMap<&str, Vec<Raw<'_>>> = BTreeMap::new();
    let mut ruleset_node: Option<(usize, &Spanned)> = None;
    let mut tests_raw: Vec<(usize, &Spanned)> = Vec::new();
    let mut translation: Vec<(usize, &Spanned)> = Vec::new();
    let mut texts: Vec<(usize, &Spanned)> = Vec::new();
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
                "translation" => translation.push((file, &entry.value)),
                "texts" => texts.push((file, &entry.value)),
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
    Items {
        raw,
        ruleset: ruleset_node,
        tests: tests_raw,
        translation,
        texts,
    }
}

/// The position of every kept item by id, one map per section: what references resolve
/// against.
struct Index {
    fact: BTreeMap<String, usize>,
    parameter: BTreeMap<String, usize>,
    derived: BTreeMap<String, usize>,
    criterion: BTreeMap<String, usize>,
    program: BTreeMap<String, usize>,
    service: BTreeMap<String, usize>,
    ladder: BTreeMap<String, usize>,
    step: BTreeMap<String, usize>,
}

fn index_ids(cx: &mut Ctx<'_>, items: &Items<'_>) -> Index {
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
        for item in items.section(sec) {
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
    let mut idx = |sec: &str| index.remove(sec).unwrap_or_default();
    Index {
        fact: idx("fact"),
        parameter: idx("parameter"),
        derived: idx("derived"),
        criterion: idx("criterion"),
        program: idx("program"),
        service: idx("service"),
        ladder: idx("ladder"),
        step: idx("step"),
    }
}

/// Every name an expression may read, with its type and scope: facts, parameters, `as_of`,
/// and the derived facts whose type is known. Inserted in that order, so a later kind wins a
/// name that was reported as taken.
fn expression_names(
    facts: &[Fact],
    params: &[Param],
    derived_items: &[&Raw<'_>],
    derived_decl: &[(Scope, Option<Ty>)],
) -> BTreeMap<String, NameInfo> {
    let mut names: BTreeMap<String, NameInfo> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        names.insert(
            f.id.clone(),
            NameInfo {
                r: NameRef::Fact(i),
                ty: facts::fact_ty(i, &f.ty),
                scope: f.scope,
            },
        );
    }
    for (i, p) in params.iter().enumerate() {
        names.insert(
            p.id.clone(),
            NameInfo {
                r: NameRef::Param(i),
                ty: parameters::param_ty(p),
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
    names
}

/// Diagnostics in source order, each once.
fn sorted_diagnostics(sink: Sink) -> Diagnostics {
    let mut items = sink.items;
    items.sort_by(|a, b| {
        (a.file.as_str(), a.start, a.code).cmp(&(b.file.as_str(), b.start, b.code))
    });
    items.dedup();
    Diagnostics { items }
}
