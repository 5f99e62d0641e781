//! "How could I qualify?": for a program, service or pathway step a person has not reached,
//! the smallest sets of changes to `changeable` facts that reach it, each found by
//! evaluating the changed case (so verified), thresholds narrowed to the exact boundary,
//! and the first date on which time alone reaches it (a birthday, days of residency, a
//! parameter in force). The search is bounded: singles, then pairs and triples of changes
//! that got closer, within an evaluation budget; the answer says when it stopped short.

use super::{edited, item_id, item_kind, item_name, value_in, whose, Edit, Probe, Reads};
use crate::case::Case;
use crate::date::{years_between, CivilDate};
use crate::eval::{Item, Standing};
use crate::model::{Direction, Effort, FactType, Scope, WageRecord};
use crate::money::Money;
use crate::value::{RecordsVal, Val};
use crate::RuleSet;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What to search.
#[derive(Clone, Debug)]
pub struct QualifyOptions {
    /// The decision date.
    pub as_of: CivilDate,
    /// The language of the texts.
    pub lang: Option<String>,
    /// The program, service (with an eligibility test) or step, by id (`kind:id` where
    /// kinds share an id); `None`: every program the person is not eligible for.
    pub target: Option<String>,
    /// The person (index in the case).
    pub person: usize,
    /// The most changes in one path (default 3).
    pub max_changes: usize,
    /// The most evaluations per target (default 1 500).
    pub budget: usize,
    /// How far ahead a date may be (default 1 096 days: three years).
    pub horizon_days: i64,
}

impl QualifyOptions {
    /// Every program for person 0 on `as_of`, with the default bounds.
    pub fn new(as_of: CivilDate) -> QualifyOptions {
        QualifyOptions {
            as_of,
            lang: None,
            target: None,
            person: 0,
            max_changes: 3,
            budget: 1_500,
            horizon_days: 1_096,
        }
    }
}

/// The paths to one target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Qualify {
    /// What the paths reach.
    pub target: QualifyTarget,
    /// Where it stands now: `eligible`/`ineligible`/`undetermined`, or a step's status.
    pub status: &'static str,
    /// The verified change sets, fewest and easiest first.
    pub paths: Vec<PathToQualify>,
    /// The first day time alone reaches it, within the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_date: Option<FromDate>,
    /// Facts it waits for that no path changes (paths into the case): questions, not
    /// changes.
    pub missing: Vec<String>,
    /// How the search went.
    pub search: SearchReport,
}

/// The program, service or step a search is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QualifyTarget {
    /// `program`, `service` or `step`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name in the language asked for.
    pub name: String,
    /// The person (index in the case).
    pub person: usize,
}

/// One set of changes that, applied together, reaches the target (checked by evaluation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathToQualify {
    /// The changes.
    pub changes: Vec<Change>,
    /// The hardest change's effort: `now`, `training` or `circumstance`.
    pub effort: &'static str,
}

/// One fact changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where in the case (`persons[0].highest_education`).
    pub path: String,
    /// The fact's id.
    pub fact: String,
    /// The person it is about; absent for household facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// Its value now (`null`: not given).
    pub from: serde_json::Value,
    /// The value that reaches the target (for earnings: the most that still does).
    pub to: serde_json::Value,
    /// The change in plain words.
    pub text: String,
    /// `now`, `training` or `circumstance`.
    pub effort: &'static str,
    /// The pathway step that makes this change (the requirement's `closed_by`, or the
    /// step that yields the credential).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closer: Option<Closer>,
}

/// A pathway step that makes a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Closer {
    /// The step's id.
    pub step: String,
    /// Its name.
    pub name: String,
    /// The ladder it is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ladder: Option<String>,
}

/// The first day on which time alone reaches the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FromDate {
    /// The date.
    pub date: String,
    /// `birthday`, `elapsed` (a day count such as residency) or `parameter` (a rule's
    /// figure changes).
    pub kind: &'static str,
    /// Why, in plain words.
    pub text: String,
}

/// How a search went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchReport {
    /// Evaluations of changed cases.
    pub evaluations: usize,
    /// The budget it had.
    pub budget: usize,
    /// The most changes a path could have.
    pub max_changes: usize,
    /// Every candidate within `max_changes` was tried (not cut short by the budget).
    pub complete: bool,
    /// In words, when no path was found (`no path found within 3 changes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A candidate change: an edit, and what it is for describing and narrowing it.
#[derive(Clone, Debug)]
struct Cand {
    edit: Edit,
    effort: Effort,
    kind: CandKind,
}

#[derive(Clone, Debug)]
enum CandKind {
    Plain,
    /// The person's earnings set to a yearly amount (cents), from a yearly total now.
    Earnings {
        yearly: i64,
        now: i64,
    },
}

impl Cand {
    fn key(&self) -> (usize, Option<usize>) {
        (self.edit.fact, self.edit.person)
    }
}

const MAX_PATHS: usize = 8;

/// Paths for each target of `options` (every program the person has not reached when no
/// target is named).
pub(crate) fn qualify(
    rs: &RuleSet,
    case: &Case,
    options: &QualifyOptions,
) -> Result<Vec<Qualify>, String> {
    if options.person >= case.persons.len() {
        return Err(format!(
            "person: the case lists {} persons; there is no person {}",
            case.persons.len(),
            options.person
        ));
    }
    let lang = rs.language(options.lang.as_deref()).to_string();
    let probe = Probe::new(rs);
    let targets: Vec<Item> = match &options.target {
        Some(t) => vec![super::item_of(rs, t)?],
        None => (0..rs.programs.len())
            .map(Item::Program)
            .filter(|&item| !probe.reached(case, options.as_of, item, options.person))
            .collect(),
    };
    Ok(targets
        .into_iter()
        .map(|item| search(rs, case, options, item, &lang))
        .collect())
}

fn search(rs: &RuleSet, case: &Case, o: &QualifyOptions, item: Item, lang: &str) -> Qualify {
    let probe = Probe::new(rs);
    let p = o.person;
    let base = probe.standing(case, o.as_of, item, p);
    let mut eval = crate::eval::Eval::new(rs, case, o.as_of, lang.to_string());
    let (criteria, _) = eval.item_criteria(item, p);
    let reads = Reads::of(rs, criteria, o.as_of);
    let missing_now = eval.item_missing(item, p);
    let target = QualifyTarget {
        kind: item_kind(item),
        id: item_id(rs, item).to_string(),
        name: item_name(rs, item, lang).to_string(),
        person: p,
    };
    if base.reached {
        return Qualify {
            target,
            status: base.word,
            paths: Vec::new(),
            from_date: None,
            missing: Vec::new(),
            search: SearchReport {
                evaluations: probe.evaluations.get(),
                budget: o.budget,
                max_changes: o.max_changes,
                complete: true,
                note: None,
            },
        };
    }
    let within = |probe: &Probe<'_>| probe.evaluations.get() < o.budget;
    let reached = |edits: &[Edit]| probe.standing(&edited(case, edits), o.as_of, item, p);

    // Single changes.
    let cands = candidates(rs, case, &reads, p, o.as_of);
    let mut paths: Vec<Vec<Cand>> = Vec::new();
    let mut closer_ones: Vec<(Cand, Standing)> = Vec::new();
    let mut complete = true;
    for c in &cands {
        if !within(&probe) {
            complete = false;
            break;
        }
        let s = reached(std::slice::from_ref(&c.edit));
        if s.reached {
            paths.push(vec![c.clone()]);
        } else if closer(&s, &base) {
            closer_ones.push((c.clone(), s));
        }
    }
    // Pairs, then triples, of changes that each got closer, of different facts; a set
    // holding a path already found is not minimal.
    closer_ones.sort_by_key(|(c, s)| (s.unmet, s.unknown, c.effort));
    closer_ones.truncate(16);
    let mut frontier: Vec<(Vec<Cand>, Standing)> = closer_ones
        .iter()
        .map(|(c, s)| (vec![c.clone()], *s))
        .collect();
    for _size in 2..=o.max_changes.max(1) {
        let mut next = Vec::new();
        for (set, s) in &frontier {
            for (c, _) in &closer_ones {
                if set.iter().any(|x| x.key() == c.key())
                    || set.last().is_some_and(|x| x.key() >= c.key())
                {
                    continue;
                }
                let mut combo = set.clone();
                combo.push(c.clone());
                if paths.iter().any(|path| {
                    path.iter()
                        .all(|x| combo.iter().any(|y| y.key() == x.key()))
                }) {
                    continue;
                }
                if !within(&probe) {
                    complete = false;
                    break;
                }
                let edits: Vec<Edit> = combo.iter().map(|x| x.edit.clone()).collect();
                let t = reached(&edits);
                if t.reached {
                    paths.push(combo);
                } else if closer(&t, s) {
                    next.push((combo, t));
                }
            }
        }
        next.sort_by_key(|(set, s)| (s.unmet, s.unknown, set.len()));
        next.truncate(24);
        frontier = next;
        if frontier.is_empty() {
            break;
        }
    }
    // Narrow each path's numbers to the boundary nearest today's value, then rank.
    let mut paths: Vec<Vec<Cand>> = paths
        .into_iter()
        .map(|path| narrow(&probe, case, o, item, path))
        .collect();
    paths.sort_by_key(|path| {
        (
            path.iter().map(|c| c.effort).max(),
            path.len(),
            path.iter().map(|c| c.effort as usize).sum::<usize>(),
        )
    });
    paths.truncate(MAX_PATHS);
    let changed: BTreeSet<(usize, Option<usize>)> = paths.iter().flatten().map(Cand::key).collect();
    let from_date = from_date(&probe, case, o, item, &reads, lang);
    let note = (paths.is_empty()).then(|| {
        if complete {
            format!("no path found within {} changes", o.max_changes)
        } else {
            format!(
                "no path found within {} changes in {} evaluations (the search stopped at its budget)",
                o.max_changes, o.budget
            )
        }
    });
    let paths = paths
        .iter()
        .map(|path| describe(rs, case, &mut eval, &reads, p, path, lang))
        .collect();
    Qualify {
        target,
        status: base.word,
        paths,
        from_date,
        missing: missing_now
            .into_iter()
            .filter(|(fact, person, _)| !changed.contains(&(*fact, *person)))
            .map(|(_, _, path)| path)
            .collect(),
        search: SearchReport {
            evaluations: probe.evaluations.get(),
            budget: o.budget,
            max_changes: o.max_changes,
            complete,
            note,
        },
    }
}

/// Whether `now` is closer to reaching than `before`: fewer criteria unmet, or as many
/// with more of them only unknown (no longer failing).
fn closer(now: &Standing, before: &Standing) -> bool {
    now.unmet < before.unmet || (now.unmet == before.unmet && now.unknown > before.unknown)
}

/// The candidate changes: every changeable fact under the target's criteria, for the
/// person (and every person, for facts read through an aggregate), and the household.
fn candidates(
    rs: &RuleSet,
    case: &Case,
    reads: &Reads,
    person: usize,
    as_of: CivilDate,
) -> Vec<Cand> {
    let mut out = Vec::new();
    for (&fact, &through_aggregate) in &reads.facts {
        let f = &rs.facts[fact];
        let Some(effort) = f.changeable else {
            continue;
        };
        let whom: Vec<Option<usize>> = match f.scope {
            Scope::Household => vec![None],
            Scope::Person if through_aggregate => (0..case.persons.len()).map(Some).collect(),
            Scope::Person => vec![Some(person)],
        };
        for who in whom {
            let now = value_in(case, fact, who);
            let plain = |value: Val| Cand {
                edit: Edit {
                    fact,
                    person: who,
                    value,
                },
                effort,
                kind: CandKind::Plain,
            };
            match &f.ty {
                FactType::Bool => match now {
                    Some(Val::Bool(b)) => out.push(plain(Val::Bool(!b))),
                    _ => {
                        out.push(plain(Val::Bool(true)));
                        out.push(plain(Val::Bool(false)));
                    }
                },
                FactType::Enum { values } => {
                    let at = match now {
                        Some(Val::Text(t)) => values.iter().position(|v| v == t),
                        _ => None,
                    };
                    for (k, v) in values.iter().enumerate() {
                        let allowed = match (f.direction, at) {
                            (_, None) | (Direction::Any, _) => true,
                            (Direction::Up, Some(a)) => k > a,
                            (Direction::Down, Some(a)) => k < a,
                        };
                        if allowed && at != Some(k) {
                            out.push(plain(Val::Text(v.clone())));
                        }
                    }
                }
                FactType::List { values } => {
                    let have: Vec<String> = match now {
                        Some(Val::List(l)) => l.clone(),
                        _ => Vec::new(),
                    };
                    for v in values.iter().filter(|v| !have.contains(v)) {
                        let mut list = have.clone();
                        list.push(v.clone());
                        out.push(plain(Val::List(list)));
                    }
                }
                FactType::Integer { min, max } => {
                    let mut tried = BTreeSet::new();
                    for &n in reads.numbers.get(&fact).into_iter().flatten() {
                        for v in [n - 1, n, n + 1] {
                            let inside = min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m);
                            let inside = inside
                                && match (f.direction, now) {
                                    (Direction::Up, Some(Val::Int(x))) => v > *x,
                                    (Direction::Down, Some(Val::Int(x))) => v < *x,
                                    _ => true,
                                };
                            if inside
                                && !matches!(now, Some(Val::Int(x)) if *x == v)
                                && tried.insert(v)
                            {
                                out.push(plain(Val::Int(v)));
                            }
                        }
                    }
                }
                FactType::Money => {
                    let mut tried = BTreeSet::new();
                    for &n in reads.numbers.get(&fact).into_iter().flatten() {
                        for v in [n - 1, n, n + 1] {
                            if v >= 0
                                && !matches!(now, Some(Val::Money(m)) if m.0 == v)
                                && tried.insert(v)
                            {
                                out.push(plain(Val::Money(Money(v))));
                            }
                        }
                    }
                }
                FactType::Records { .. } => {
                    if let (Some(wage), Some(Val::Records(records))) = (&f.wage, now) {
                        let yearly = earnings_yearly(rs, records, wage, as_of);
                        if let Some(now_cents) = yearly.filter(|y| *y > 0) {
                            out.push(Cand {
                                edit: Edit {
                                    fact,
                                    person: who,
                                    value: with_earnings(records, wage, 0),
                                },
                                effort,
                                kind: CandKind::Earnings {
                                    yearly: 0,
                                    now: now_cents,
                                },
                            });
                        }
                    }
                }
                FactType::Date => {}
            }
        }
    }
    out
}

/// The yearly total of the earnings records (`wage.field == wage.value`), in cents.
fn earnings_yearly(
    rs: &RuleSet,
    records: &RecordsVal,
    wage: &WageRecord,
    as_of: CivilDate,
) -> Option<i64> {
    let conversion = crate::eval::conversion_on(rs, as_of).ok().map(Ok)?;
    let earnings = records
        .items
        .iter()
        .filter(|r| matches!(r.get(&wage.field), Some(Val::Text(t)) if *t == wage.value));
    let (num, den) = crate::value::annual_fraction(earnings, &conversion, records.origin).ok()?;
    i64::try_from(num / den).ok()
}

/// The records with the earnings replaced by one yearly record of `yearly` cents (none
/// when 0): what the sweep writes, for a yearly amount.
pub(crate) fn with_earnings(records: &RecordsVal, wage: &WageRecord, yearly: i64) -> Val {
    let mut written = super::sweep::with_wage(records, wage, yearly, None);
    if let (0, Val::Records(r)) = (yearly, &mut written) {
        // No earnings at all, rather than a record of nothing.
        Arc::make_mut(&mut r.items).pop();
    }
    written
}

/// Narrows a path's numbers: an integer moves back toward today's value, and earnings up,
/// as far as the path still reaches (bisection, each step evaluated).
fn narrow(
    probe: &Probe<'_>,
    case: &Case,
    o: &QualifyOptions,
    item: Item,
    mut path: Vec<Cand>,
) -> Vec<Cand> {
    let rs = probe.rs;
    for i in 0..path.len() {
        let reaches = |path: &[Cand]| {
            let edits: Vec<Edit> = path.iter().map(|c| c.edit.clone()).collect();
            probe.reached(&edited(case, &edits), o.as_of, item, o.person)
        };
        let c = path[i].clone();
        match (
            &c.kind,
            &c.edit.value,
            value_in(case, c.edit.fact, c.edit.person),
        ) {
            (CandKind::Plain, Val::Int(to), Some(Val::Int(now))) => {
                // The reaching value nearest `now`, between `to` (reaches) and `now` (not).
                let (mut good, mut bad) = (*to, *now);
                while (good - bad).abs() > 1 {
                    let mid = bad + (good - bad) / 2;
                    path[i].edit.value = Val::Int(mid);
                    if reaches(&path) {
                        good = mid;
                    } else {
                        bad = mid;
                    }
                }
                path[i].edit.value = Val::Int(good);
            }
            (CandKind::Earnings { now, .. }, _, Some(Val::Records(records))) => {
                let Some(wage) = rs.facts[c.edit.fact].wage.as_ref() else {
                    continue;
                };
                // The most earnings that still reach: `good` reaches, `bad` does not.
                let (mut good, mut bad) = (0_i64, *now);
                path[i].edit.value = with_earnings(records, wage, bad);
                if reaches(&path) {
                    good = bad;
                } else {
                    while bad - good > 1 {
                        let mid = good + (bad - good) / 2;
                        path[i].edit.value = with_earnings(records, wage, mid);
                        if reaches(&path) {
                            good = mid;
                        } else {
                            bad = mid;
                        }
                    }
                }
                path[i].edit.value = with_earnings(records, wage, good);
                path[i].kind = CandKind::Earnings {
                    yearly: good,
                    now: *now,
                };
            }
            _ => {}
        }
    }
    path
}

/// The first date within the horizon on which the unchanged case reaches the target, with
/// day counts that elapse advanced: tried at every birthday, every date a day count
/// crosses a number it is compared with and every date a parameter read changes, then
/// narrowed to the first day.
fn from_date(
    probe: &Probe<'_>,
    case: &Case,
    o: &QualifyOptions,
    item: Item,
    reads: &Reads,
    lang: &str,
) -> Option<FromDate> {
    let rs = probe.rs;
    let end = o.as_of.add_days(o.horizon_days)?;
    let mut dates: Vec<(CivilDate, &'static str, String)> = Vec::new();
    let dob = rs.fact_ids.get("date_of_birth").copied();
    for (p, person) in case.persons.iter().enumerate() {
        let Some(Val::Date(born)) = dob.and_then(|f| person.values.get(&f)) else {
            continue;
        };
        for year in o.as_of.year()..=end.year() {
            if let Some(day) = born
                .anniversary_in(year)
                .filter(|d| *d > o.as_of && *d <= end)
            {
                let age = years_between(*born, day);
                dates.push((
                    day,
                    "birthday",
                    words::birthday(lang, p == o.person, p, age),
                ));
            }
        }
    }
    for (&fact, numbers) in &reads.numbers {
        let f = &rs.facts[fact];
        if !f.elapses_days {
            continue;
        }
        let whom: Vec<Option<usize>> = match f.scope {
            Scope::Household => vec![None],
            Scope::Person => vec![Some(o.person)],
        };
        for who in whom {
            if let Some(Val::Int(now)) = value_in(case, fact, who) {
                for &n in numbers {
                    for target in [n, n + 1] {
                        if let Some(day) = o
                            .as_of
                            .add_days(target - now)
                            .filter(|d| *d > o.as_of && *d <= end)
                        {
                            let question = f.question.get(lang, &rs.meta.default_language);
                            dates.push((day, "elapsed", words::elapsed(lang, question, target)));
                        }
                    }
                }
            }
        }
    }
    for &p in &reads.params {
        for e in &rs.params[p].entries {
            if e.from > o.as_of && e.from <= end {
                dates.push((
                    e.from,
                    "parameter",
                    words::parameter(lang, &rs.params[p].description),
                ));
            }
        }
    }
    dates.sort_by_key(|d| d.0);
    dates.dedup_by_key(|d| d.0);
    let at = |day: CivilDate| -> bool {
        let advanced = advance(rs, case, o.as_of, day);
        probe.reached(&advanced, day, item, o.person)
    };
    let mut before = o.as_of;
    for (day, kind, text) in dates {
        if probe.evaluations.get() >= o.budget + 200 {
            break;
        }
        if at(day) {
            // The first day: between `before` (not yet) and `day`.
            let (mut lo, mut hi) = (before.to_days(), day.to_days());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if at(CivilDate::from_days(mid)?) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            let first = CivilDate::from_days(hi)?;
            let (kind, text) = if first == day {
                (kind, text)
            } else {
                ("parameter", words::on(lang))
            };
            return Some(FromDate {
                date: first.to_string(),
                kind,
                text,
            });
        }
        before = day;
    }
    None
}

/// The case on a later day: every day count that elapses, advanced.
fn advance(rs: &RuleSet, case: &Case, from: CivilDate, to: CivilDate) -> Case {
    let days = to.to_days() - from.to_days();
    let mut out = case.clone();
    for (i, f) in rs.facts.iter().enumerate() {
        if !f.elapses_days {
            continue;
        }
        if let Some(Val::Int(n)) = out.household.get_mut(&i) {
            *n += days;
        }
        for p in &mut out.persons {
            if let Some(Val::Int(n)) = p.values.get_mut(&i) {
                *n += days;
            }
        }
    }
    out
}

fn describe(
    rs: &RuleSet,
    case: &Case,
    eval: &mut crate::eval::Eval<'_>,
    reads: &Reads,
    person: usize,
    path: &[Cand],
    lang: &str,
) -> PathToQualify {
    let d = &rs.meta.default_language;
    let changes = path
        .iter()
        .map(|c| {
            let f = &rs.facts[c.edit.fact];
            let now = value_in(case, c.edit.fact, c.edit.person);
            let label = |v: &Val| -> String {
                match v {
                    Val::Bool(b) => words::yes_no(lang, *b).to_string(),
                    Val::Text(t) => f
                        .labels
                        .get(t)
                        .map_or(t.clone(), |l| l.get(lang, d).to_string()),
                    Val::List(l) => l
                        .iter()
                        .map(|t| {
                            f.labels
                                .get(t)
                                .map_or(t.clone(), |x| x.get(lang, d).to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_json().to_string().trim_matches('"').to_string(),
                }
            };
            let question = f.question.get(lang, d);
            let question = if question.is_empty() {
                f.id.as_str()
            } else {
                question
            };
            let (from, to, text) = match &c.kind {
                CandKind::Earnings { yearly, now } => (
                    serde_json::Value::String(Money(*now).to_string()),
                    serde_json::Value::String(Money(*yearly).to_string()),
                    words::earnings(lang, Money(*yearly), Money(*now)),
                ),
                CandKind::Plain => {
                    let added = match (&c.edit.value, now) {
                        (Val::List(new), Some(Val::List(old))) => Some(
                            new.iter()
                                .filter(|x| !old.contains(x))
                                .cloned()
                                .collect::<Vec<_>>(),
                        ),
                        (Val::List(new), None) => Some(new.clone()),
                        _ => None,
                    };
                    let to_words = match &added {
                        Some(list) => words::added(lang, &label(&Val::List(list.clone()))),
                        None => label(&c.edit.value),
                    };
                    let from_words = now.map_or_else(|| words::not_given(lang).to_string(), label);
                    (
                        now.map_or(serde_json::Value::Null, Val::to_json),
                        c.edit.value.to_json(),
                        words::change(lang, question, &from_words, &to_words),
                    )
                }
            };
            let path = match c.edit.person {
                Some(p) => format!("persons[{p}].{}", f.id),
                None => format!("household.{}", f.id),
            };
            Change {
                path,
                fact: f.id.clone(),
                person: c.edit.person,
                from,
                to,
                text,
                effort: c.effort.as_str(),
                closer: closer_of(rs, eval, reads, person, c, lang),
            }
        })
        .collect();
    PathToQualify {
        changes,
        effort: path
            .iter()
            .map(|c| c.effort)
            .max()
            .unwrap_or(Effort::Now)
            .as_str(),
    }
}

/// The step that makes a change: a requirement under the target that fails now, reads the
/// fact and names a `closed_by` step; or, for a credential added, the step that yields it.
fn closer_of(
    rs: &RuleSet,
    eval: &mut crate::eval::Eval<'_>,
    reads: &Reads,
    person: usize,
    c: &Cand,
    lang: &str,
) -> Option<Closer> {
    let d = &rs.meta.default_language;
    let make = |s: usize| Closer {
        step: rs.steps[s].id.clone(),
        name: rs.steps[s].name.get(lang, d).to_string(),
        ladder: rs
            .ladders
            .iter()
            .find(|l| l.steps.contains(&s))
            .map(|l| l.id.clone()),
    };
    if let (Val::List(new), FactType::List { .. }) = (&c.edit.value, &rs.facts[c.edit.fact].ty) {
        for v in new {
            if let Some(s) = rs
                .steps
                .iter()
                .position(|s| s.yields_credential.as_deref() == Some(v.as_str()))
            {
                return Some(make(s));
            }
        }
    }
    for (&crit, facts) in &reads.under {
        let Some(step) = rs.criteria[crit].closed_by else {
            continue;
        };
        if !facts.contains(&c.edit.fact) {
            continue;
        }
        let who = whose(rs.criteria[crit].scope, person);
        if eval.holds(crit, who) != Some(true) {
            return Some(make(step));
        }
    }
    None
}

/// The words of a path, in the languages the NYC rules offer (English otherwise).
mod words {
    use crate::money::Money;

    fn pick<'a>(lang: &str, en: &'a str, es: &'a str, zh: &'a str) -> &'a str {
        match lang {
            "es" => es,
            "zh" => zh,
            _ => en,
        }
    }

    pub fn yes_no(lang: &str, b: bool) -> &'static str {
        match (lang, b) {
            ("es", true) => "Sí",
            ("es", false) => "No",
            ("zh", true) => "是",
            ("zh", false) => "否",
            (_, true) => "Yes",
            (_, false) => "No",
        }
    }

    pub fn not_given(lang: &str) -> &'static str {
        pick(lang, "not given", "sin respuesta", "未提供")
    }

    pub fn added(lang: &str, what: &str) -> String {
        format!("{} {what}", pick(lang, "add", "agregar", "添加"))
    }

    pub fn change(lang: &str, question: &str, from: &str, to: &str) -> String {
        match lang {
            "es" => format!("{question} De «{from}» a «{to}»"),
            "zh" => format!("{question}：从“{from}”改为“{to}”"),
            _ => format!("{question} From “{from}” to “{to}”"),
        }
    }

    pub fn earnings(lang: &str, at_most: Money, now: Money) -> String {
        match lang {
            "es" => format!("Ingresos del trabajo de ${at_most} al año como máximo (ahora ${now})"),
            "zh" => format!("工作收入每年不超过 ${at_most}（目前 ${now}）"),
            _ => format!("Earnings of at most ${at_most} a year (now ${now})"),
        }
    }

    pub fn birthday(lang: &str, own: bool, person: usize, age: i64) -> String {
        match (lang, own) {
            ("es", true) => format!("cuando cumpla {age} años"),
            ("es", false) => format!("cuando la persona {} cumpla {age} años", person + 1),
            ("zh", true) => format!("您满 {age} 岁时"),
            ("zh", false) => format!("第 {} 位家庭成员满 {age} 岁时", person + 1),
            (_, true) => format!("your {} birthday", ordinal(age)),
            (_, false) => format!("when person {} turns {age}", person + 1),
        }
    }

    pub fn elapsed(lang: &str, question: &str, days: i64) -> String {
        match lang {
            "es" => format!("al llegar a {days} ({question})"),
            "zh" => format!("达到 {days} 天时（{question}）"),
            _ => format!("once it reaches {days} days ({question})"),
        }
    }

    pub fn parameter(lang: &str, description: &str) -> String {
        match lang {
            "es" => format!("cuando cambia una cifra de las reglas: {description}"),
            "zh" => format!("规则中的数值变化时：{description}"),
            _ => format!("when a figure in the rules changes: {description}"),
        }
    }

    pub fn on(lang: &str) -> String {
        pick(
            lang,
            "from this date, as the rules stand",
            "a partir de esta fecha, según las reglas",
            "按现行规则，自此日期起",
        )
        .to_string()
    }

    fn ordinal(n: i64) -> String {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{n}{suffix}")
    }
}
