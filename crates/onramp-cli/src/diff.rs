//! `onramp diff`: a caseload decided under two rule sets (or two dates), and per program,
//! service and ladder step how many persons move between each pair of statuses, the
//! criteria whose outcome changed for them, and sample cases for each movement.
//!
//! Every case is summarized under both (the cheap level); only a case where something
//! moved is decided in full under both, to find the criteria that changed.

use crate::caseload::{for_each_case, CaseReader, Input};
use crate::html;
use onramp::{Case, Catalog, Decision, DecisionSummary, Detail, Options, RuleSet, Truth};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Sample cases kept per movement.
const SAMPLES: usize = 5;

/// What is compared: `program`, `need` (a service's need), `eligibility` (a service's
/// eligibility) or `step`.
pub type Kind = &'static str;

/// The outcome of one item for one person, as decisions spell it; `not_applicable` for a
/// step whose ladder does not apply (or an item one rule set lacks).
type Outcome = &'static str;

fn status_word(s: onramp::Status) -> Outcome {
    s.as_str()
}
fn need_word(n: onramp::Need) -> Outcome {
    n.as_str()
}
fn step_word(s: onramp::StepStatus) -> Outcome {
    s.as_str()
}
const NOT_APPLICABLE: Outcome = "not_applicable";

/// Each item's outcome for each person of a summary (and `None` for the household's
/// services, which belong to no person): (kind, item id, person, outcome).
fn outcomes(s: &DecisionSummary) -> Vec<(Kind, String, Option<usize>, Outcome)> {
    let mut out = Vec::new();
    let service = |out: &mut Vec<_>, svc: &onramp::ServiceSummary, p: Option<usize>| {
        out.push(("need", svc.id.clone(), p, need_word(svc.need)));
        if let Some(e) = svc.eligibility {
            out.push(("eligibility", svc.id.clone(), p, status_word(e)));
        }
    };
    for svc in &s.household.services {
        service(&mut out, svc, None);
    }
    for p in &s.persons {
        for prog in &p.programs {
            out.push((
                "program",
                prog.id.clone(),
                Some(p.index),
                status_word(prog.status),
            ));
        }
        for svc in &p.services {
            service(&mut out, svc, Some(p.index));
        }
        for l in &p.pathways {
            for (step, status) in &l.steps {
                out.push(("step", step.clone(), Some(p.index), step_word(*status)));
            }
        }
    }
    out
}

/// The criteria under each item, from a catalog: a program's eligibility and priority
/// criteria, a service's need or eligibility criteria, a step's requirements, with parts.
fn trees(c: &Catalog, into: &mut BTreeMap<(Kind, String), BTreeSet<String>>) {
    fn add(c: &Catalog, id: &str, set: &mut BTreeSet<String>, depth: usize) {
        if depth > 64 || !set.insert(id.to_string()) {
            return;
        }
        if let Some(info) = c.criteria.get(id) {
            for k in &info.children {
                add(c, k, set, depth + 1);
            }
        }
    }
    let mut put = |kind: Kind, id: &str, roots: Vec<&String>| {
        let set = into.entry((kind, id.to_string())).or_default();
        for r in roots {
            add(c, r, set, 0);
        }
    };
    for p in &c.programs {
        put(
            "program",
            &p.id,
            p.criteria
                .iter()
                .chain(p.priority.iter().map(|g| &g.when))
                .collect(),
        );
    }
    for s in &c.services {
        put("need", &s.id, s.need.iter().collect());
        put("eligibility", &s.id, s.eligible.iter().flatten().collect());
    }
    for (id, s) in &c.steps {
        put("step", id, s.requirements.iter().collect());
    }
}

fn criterion_status(d: &Decision, person: Option<usize>, id: &str) -> Option<Truth> {
    person
        .and_then(|p| d.persons.get(p))
        .and_then(|p| p.criteria.get(id))
        .or_else(|| d.household.criteria.get(id))
        .map(|r| r.status)
}

/// One person's move of one item.
#[derive(Debug)]
pub struct Move {
    pub kind: Kind,
    pub id: String,
    pub person: Option<usize>,
    pub from: Outcome,
    pub to: Outcome,
    /// The criteria under the item whose outcome differs between the two decisions.
    pub criteria: Vec<String>,
}

/// What comparing one case gives.
#[derive(Debug, Default)]
pub struct CaseDiff {
    pub decided: bool,
    pub persons: u64,
    /// (kind, item, outcome before, outcome after) for every item and person, moved or not.
    pub outcomes: Vec<(Kind, String, Outcome, Outcome)>,
    pub moves: Vec<Move>,
}

/// The two sides of a diff.
pub struct Diff<'r> {
    pub old: &'r RuleSet,
    pub new: &'r RuleSet,
    pub old_options: Options,
    pub new_options: Options,
    trees: BTreeMap<(Kind, String), BTreeSet<String>>,
}

impl std::fmt::Debug for Diff<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Diff")
    }
}

impl<'r> Diff<'r> {
    pub fn new(
        old: &'r RuleSet,
        new: &'r RuleSet,
        old_options: Options,
        new_options: Options,
    ) -> Diff<'r> {
        let mut trees = BTreeMap::new();
        self::trees(&old.catalog(None), &mut trees);
        self::trees(&new.catalog(None), &mut trees);
        let summary = |o: Options| Options {
            detail: Detail::Summary,
            ..o
        };
        Diff {
            old,
            new,
            old_options: summary(old_options),
            new_options: summary(new_options),
            trees,
        }
    }

    pub fn compare(&self, input: &Input) -> CaseDiff {
        let Ok(value) = &input.case else {
            return CaseDiff::default();
        };
        let (old_case, new_case) = (
            Case::from_json(self.old, value),
            Case::from_json(self.new, value),
        );
        let before = outcomes(&self.old.summarize(&old_case, &self.old_options));
        let after = outcomes(&self.new.summarize(&new_case, &self.new_options));
        let mut result = CaseDiff {
            decided: true,
            persons: old_case.person_count() as u64,
            ..CaseDiff::default()
        };
        let mut by_key: BTreeMap<(Kind, &str, Option<usize>), (Outcome, Outcome)> = BTreeMap::new();
        for (kind, id, p, o) in &before {
            by_key.insert((kind, id, *p), (o, NOT_APPLICABLE));
        }
        for (kind, id, p, o) in &after {
            by_key
                .entry((kind, id, *p))
                .or_insert((NOT_APPLICABLE, NOT_APPLICABLE))
                .1 = o;
        }
        let mut moved = Vec::new();
        for ((kind, id, p), (from, to)) in by_key {
            result.outcomes.push((kind, id.to_string(), from, to));
            if from != to {
                moved.push((kind, id, p, from, to));
            }
        }
        if moved.is_empty() {
            return result;
        }
        let full = |o: &Options| Options {
            detail: Detail::Full,
            ..o.clone()
        };
        let old_full = self.old.evaluate(&old_case, &full(&self.old_options));
        let new_full = self.new.evaluate(&new_case, &full(&self.new_options));
        for (kind, id, person, from, to) in moved {
            let criteria = self
                .trees
                .get(&(kind, id.to_string()))
                .map(|tree| {
                    tree.iter()
                        .filter(|c| {
                            criterion_status(&old_full, person, c)
                                != criterion_status(&new_full, person, c)
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            result.moves.push(Move {
                kind,
                id: id.to_string(),
                person,
                from,
                to,
                criteria,
            });
        }
        result
    }

    /// Compares every case of `reader`.
    pub fn run(
        &self,
        reader: &mut CaseReader,
        bar: &indicatif::ProgressBar,
    ) -> Result<DiffReport, String> {
        let mut report = DiffReport {
            old: side(self.old, &self.old_options),
            new: side(self.new, &self.new_options),
            ..DiffReport::default()
        };
        let mut items: BTreeMap<(Kind, String), ItemDiff> = BTreeMap::new();
        for_each_case(
            reader,
            bar,
            |input| self.compare(input),
            |input, d| {
                report.cases += 1;
                if !d.decided {
                    report.not_decided += 1;
                    return Ok(());
                }
                report.persons += d.persons;
                for (kind, id, from, to) in d.outcomes {
                    let item = items.entry((kind, id.clone())).or_insert_with(|| ItemDiff {
                        kind,
                        id,
                        ..ItemDiff::default()
                    });
                    *item.old.entry(from).or_default() += 1;
                    *item.new.entry(to).or_default() += 1;
                }
                let mut persons_moved = BTreeSet::new();
                for m in d.moves {
                    persons_moved.insert(m.person);
                    let Some(item) = items.get_mut(&(m.kind, m.id.clone())) else {
                        continue;
                    };
                    let mv = match item
                        .moves
                        .iter_mut()
                        .find(|x| x.from == m.from && x.to == m.to)
                    {
                        Some(mv) => mv,
                        None => {
                            item.moves.push(Movement {
                                from: m.from,
                                to: m.to,
                                ..Movement::default()
                            });
                            let last = item.moves.len() - 1;
                            &mut item.moves[last]
                        }
                    };
                    mv.persons += 1;
                    for c in m.criteria {
                        *mv.criteria.entry(c).or_default() += 1;
                    }
                    if mv.samples.len() < SAMPLES {
                        mv.samples.push(sample_id(input, m.person));
                    }
                }
                report.moved_persons += persons_moved.iter().filter(|p| p.is_some()).count() as u64;
                report.moved_households += u64::from(persons_moved.contains(&None));
                Ok(())
            },
        )?;
        // Programs first, then services, then steps, each in rule-file order of the new
        // rule set (items only the old one has come last).
        let order = kind_order(self.new, self.old);
        let mut list: Vec<ItemDiff> = items.into_values().collect();
        list.sort_by_key(|i| {
            order
                .iter()
                .position(|(k, id)| *k == i.kind && id == &i.id)
                .unwrap_or(usize::MAX)
        });
        for item in &mut list {
            item.moves.sort_by_key(|m| std::cmp::Reverse(m.persons));
        }
        report.items = list;
        Ok(report)
    }
}

fn kind_order(new: &RuleSet, old: &RuleSet) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for rules in [new, old] {
        let c = rules.catalog(None);
        out.extend(c.programs.iter().map(|p| ("program", p.id.clone())));
        for s in &c.services {
            out.push(("need", s.id.clone()));
            out.push(("eligibility", s.id.clone()));
        }
        for l in &c.ladders {
            out.extend(l.steps.iter().map(|s| ("step", s.clone())));
        }
    }
    out
}

fn sample_id(input: &Input, person: Option<usize>) -> String {
    let case = input
        .id
        .clone()
        .unwrap_or_else(|| format!("line {}", input.line));
    match person {
        Some(p) => format!("{case}#{p}"),
        None => case,
    }
}

/// Which rule set and date one side is.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Side {
    pub name: String,
    pub version: String,
    pub hash: String,
    pub as_of: String,
}

fn side(rules: &RuleSet, o: &Options) -> Side {
    Side {
        name: rules.name().to_string(),
        version: rules.version().to_string(),
        hash: rules.hash().to_string(),
        as_of: o.as_of.to_string(),
    }
}

/// Persons (households, for household services) moving from one outcome to another.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Movement {
    pub from: Outcome,
    pub to: Outcome,
    pub persons: u64,
    /// The criteria whose outcome changed for them, with how many of them it changed for.
    pub criteria: BTreeMap<String, u64>,
    /// Cases it happened in: `case id#person index` (the line when a case has no id).
    pub samples: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ItemDiff {
    pub kind: Kind,
    pub id: String,
    /// How many persons had each outcome before and after.
    pub old: BTreeMap<Outcome, u64>,
    pub new: BTreeMap<Outcome, u64>,
    pub moves: Vec<Movement>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DiffReport {
    pub old: Side,
    pub new: Side,
    pub cases: u64,
    pub not_decided: u64,
    pub persons: u64,
    pub moved_persons: u64,
    pub moved_households: u64,
    pub items: Vec<ItemDiff>,
}

fn criteria_text(m: &Movement, limit: usize) -> String {
    let mut list: Vec<(&String, &u64)> = m.criteria.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut shown: Vec<String> = list
        .iter()
        .take(limit)
        .map(|(c, n)| format!("{c} ({n})"))
        .collect();
    if list.len() > limit {
        shown.push(format!("+{} more", list.len() - limit));
    }
    if shown.is_empty() {
        "-".into()
    } else {
        shown.join(", ")
    }
}

/// The first 12 hex digits of a rule set's hash: enough to tell versions apart on screen.
pub fn short_hash(hash: &str) -> &str {
    let h = hash.strip_prefix("sha256:").unwrap_or(hash);
    &h[..h.len().min(12)]
}

fn heading(r: &DiffReport) -> String {
    format!(
        "old: {} {} ({}) as of {}\nnew: {} {} ({}) as of {}\n{} cases, {} persons ({} not decided); {} persons and {} households moved",
        r.old.name, r.old.version, short_hash(&r.old.hash), r.old.as_of,
        r.new.name, r.new.version, short_hash(&r.new.hash), r.new.as_of,
        r.cases, r.persons, r.not_decided, r.moved_persons, r.moved_households
    )
}

/// The report as a terminal table: only the items where someone moved.
pub fn text(r: &DiffReport) -> String {
    let mut out = heading(r);
    out.push('\n');
    let moved: Vec<&ItemDiff> = r.items.iter().filter(|i| !i.moves.is_empty()).collect();
    if moved.is_empty() {
        out.push_str("\nno movement: every person has the same outcome under both\n");
        return out;
    }
    for item in moved {
        let _ = writeln!(out, "\n{} {}", item.kind, item.id);
        for m in &item.moves {
            let _ = writeln!(
                out,
                "  {:>28} {:>8}  why: {}",
                format!("{} → {}", m.from, m.to),
                m.persons,
                criteria_text(m, 4)
            );
            let _ = writeln!(out, "  {:>37}  e.g. {}", "", m.samples.join(", "));
        }
    }
    out
}

pub fn json(r: &DiffReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}

const PROGRAM_OUTCOMES: [&str; 4] = ["eligible", "ineligible", "undetermined", NOT_APPLICABLE];

/// One page: the movements table per item, and per program a bar chart of outcomes
/// before and after.
pub fn html(r: &DiffReport, catalog: &Catalog) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>Impact of a rule change</h1><pre>{}</pre>",
        html::escape(&heading(r))
    );
    let moved: Vec<&ItemDiff> = r.items.iter().filter(|i| !i.moves.is_empty()).collect();
    if moved.is_empty() {
        body.push_str(
            r#"<p class="headline">No movement: every person has the same outcome under both.</p>"#,
        );
    }
    if !moved.is_empty() {
        body.push_str("<h2>Movements</h2><table><tr><th>item</th><th>from → to</th><th class=\"n\">persons</th><th>criteria that changed (persons)</th><th>sample cases</th></tr>");
        for item in &moved {
            for m in &item.moves {
                let why: Vec<String> = m
                    .criteria
                    .iter()
                    .map(|(c, n)| {
                        let text = catalog
                            .criteria
                            .get(c)
                            .map(|i| i.text.as_str())
                            .unwrap_or("");
                        format!(
                            r#"<span title="{}">{}</span> ({n})"#,
                            html::escape(text),
                            html::escape(c)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    body,
                    r#"<tr><td>{} {}</td><td>{} → {}</td><td class="n">{}</td><td>{}</td><td><small>{}</small></td></tr>"#,
                    item.kind,
                    html::escape(&item.id),
                    m.from,
                    m.to,
                    m.persons,
                    why.join(", "),
                    html::escape(&m.samples.join(", "))
                );
            }
        }
        body.push_str("</table>");
    }
    let _ = writeln!(body, "<h2>Programs</h2>{}", html::legend(&PROGRAM_OUTCOMES));
    // The programs that moved come first: they are what the meeting is about.
    let mut programs: Vec<&ItemDiff> = r.items.iter().filter(|i| i.kind == "program").collect();
    programs.sort_by_key(|i| i.moves.is_empty());
    for item in programs {
        let name = catalog
            .programs
            .iter()
            .find(|p| p.id == item.id)
            .map_or(item.id.as_str(), |p| p.name.as_str());
        let parts = |m: &BTreeMap<Outcome, u64>| -> Vec<(&str, u64)> {
            PROGRAM_OUTCOMES
                .iter()
                .map(|o| (*o, m.get(o).copied().unwrap_or(0)))
                .collect()
        };
        let counts = |m: &BTreeMap<Outcome, u64>| {
            PROGRAM_OUTCOMES[..3]
                .iter()
                .map(|o| m.get(o).copied().unwrap_or(0).to_string())
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let _ = writeln!(
            body,
            r#"<h3>{} <small>{}</small>{}</h3><div class="bars"><span>before</span>{}<span>after</span>{}</div><small>eligible / ineligible / undetermined: {} → {}</small>"#,
            html::escape(name),
            html::escape(&item.id),
            if item.moves.is_empty() {
                ""
            } else {
                r#" <mark>changed</mark>"#
            },
            html::bar(&parts(&item.old)),
            html::bar(&parts(&item.new)),
            counts(&item.old),
            counts(&item.new)
        );
    }
    html::page("Onramp: impact of a rule change", &body)
}
