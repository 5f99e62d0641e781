//! The wage cliff: one person's wage swept over a range (an hourly wage at given weekly
//! hours, or a yearly amount), and for every program and service whose rules read the
//! income records, the intervals in which it is eligible, ineligible or undetermined. The
//! range is sampled at evenly spaced points; between two samples that differ, the break
//! point is bisected to the cent, each step evaluated.

use super::{item_id, item_kind, item_name, value_in, Reads};
use crate::case::Case;
use crate::date::CivilDate;
use crate::eval::{Eval, Item};
use crate::model::{Scope, WageRecord};
use crate::money::Money;
use crate::value::{Record, RecordsVal, Val};
use crate::RuleSet;
use serde::Serialize;
use std::sync::Arc;

/// What a wage is given per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WagePeriod {
    /// An hourly wage, at `hours` a week.
    Hour,
    /// A yearly amount.
    Year,
}

/// A sweep's range.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    /// The decision date.
    pub as_of: CivilDate,
    /// The language of the names.
    pub lang: Option<String>,
    /// Whose wage (index in the case).
    pub person: usize,
    /// Per hour or per year.
    pub per: WagePeriod,
    /// The lowest wage.
    pub from: Money,
    /// The highest wage.
    pub to: Money,
    /// Weekly hours, for an hourly wage.
    pub hours: Option<i64>,
    /// Evenly spaced samples (2 to 2 000; default 200).
    pub points: usize,
}

/// Every income-tested program's and service's status over the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sweep {
    /// Whose wage.
    pub person: usize,
    /// `hour` or `year`.
    pub per: &'static str,
    /// Weekly hours, for an hourly wage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<i64>,
    /// The range, as exact amounts.
    pub from: String,
    /// The range's top.
    pub to: String,
    /// The samples taken.
    pub points: usize,
    /// The programs and services whose rules read the income records and that are not
    /// ineligible over the whole range, with where each stands over it.
    pub items: Vec<SweepItem>,
    /// Those ineligible over the whole range (`id`, or `id@person`), left out of `items`.
    pub ineligible_throughout: Vec<String>,
    /// Evaluations made.
    pub evaluations: usize,
}

/// One program (for one person) or service over the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SweepItem {
    /// `program` or `service`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whose (absent for household services).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// Consecutive intervals covering the range, each with one status.
    pub intervals: Vec<SweepInterval>,
}

/// A stretch of the range with one status, both ends included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SweepInterval {
    /// The lowest wage of the stretch.
    pub from: String,
    /// The highest.
    pub to: String,
    /// `eligible`, `ineligible` or `undetermined`.
    pub status: &'static str,
}

pub(crate) fn sweep(rs: &RuleSet, case: &Case, o: &SweepOptions) -> Result<Sweep, String> {
    let p = o.person;
    if p >= case.persons.len() {
        return Err(format!(
            "person: the case lists {} persons; there is no person {p}",
            case.persons.len()
        ));
    }
    let Some((fact, wage)) = rs.facts.iter().enumerate().find_map(|(i, f)| {
        f.wage
            .as_ref()
            .filter(|_| f.scope == Scope::Person)
            .map(|w| (i, w))
    }) else {
        return Err(
            "these rules mark no income records with `wage`, so a wage cannot be swept".into(),
        );
    };
    if o.from.0 < 0 || o.to.0 < o.from.0 {
        return Err(format!(
            "wage: expected a range from 0 up, like 15..35; got {}..{}",
            o.from, o.to
        ));
    }
    if !(2..=2_000).contains(&o.points) {
        return Err(format!("points: expected 2 to 2000, got {}", o.points));
    }
    let hours = match (o.per, o.hours) {
        (WagePeriod::Hour, Some(h)) if (1..=168).contains(&h) => Some(h),
        (WagePeriod::Hour, _) => {
            return Err("hours: an hourly wage needs the hours worked a week (1 to 168)".into())
        }
        (WagePeriod::Year, _) => None,
    };
    let lang = rs.language(o.lang.as_deref()).to_string();
    // The items whose rules read the income records.
    let mut items: Vec<(Item, usize)> = Vec::new();
    for (i, prog) in rs.programs.iter().enumerate() {
        if Reads::of(rs, &prog.eligible, o.as_of)
            .facts
            .contains_key(&fact)
        {
            items.extend((0..case.persons.len()).map(|q| (Item::Program(i), q)));
        }
    }
    for (i, s) in rs.services.iter().enumerate() {
        let Some(list) = &s.eligible else { continue };
        if Reads::of(rs, list, o.as_of).facts.contains_key(&fact) {
            match s.scope {
                Scope::Household => items.push((Item::Service(i), 0)),
                Scope::Person => {
                    items.extend((0..case.persons.len()).map(|q| (Item::Service(i), q)))
                }
            }
        }
    }
    let base = match value_in(case, fact, Some(p)) {
        Some(Val::Records(r)) => r.clone(),
        _ => RecordsVal {
            items: Arc::new(Vec::new()),
            conversion: Ok(Arc::new(crate::money::Conversion::default())),
            origin: crate::value::MissingRef::Fact {
                fact,
                person: Some(p),
            },
        },
    };
    let mut evaluations = 0;
    let mut at = |cents: i64| -> Vec<&'static str> {
        evaluations += 1;
        let mut changed = case.clone();
        changed.persons[p]
            .values
            .insert(fact, with_wage(&base, wage, cents, hours));
        // Statuses only: criteria stop at the child that settles them.
        let mut eval = Eval::new(rs, &changed, o.as_of, lang.clone()).settling_early();
        items
            .iter()
            .map(|&(item, q)| eval.status_word(item, q))
            .collect()
    };
    let n = o.points;
    let span = i128::from(o.to.0 - o.from.0);
    let sample = |k: usize| -> i64 {
        o.from.0 + i64::try_from(span * k as i128 / (n as i128 - 1)).unwrap_or(0)
    };
    let samples: Vec<(i64, Vec<&'static str>)> =
        (0..n).map(|k| (sample(k), at(sample(k)))).collect();
    // Break points: the first cent of each new status, per item.
    let mut breaks: Vec<Vec<(i64, &'static str)>> = items
        .iter()
        .enumerate()
        .map(|(j, _)| vec![(o.from.0, samples[0].1[j])])
        .collect();
    for w in samples.windows(2) {
        let (lo, hi) = (&w[0], &w[1]);
        for (j, marks) in breaks.iter_mut().enumerate() {
            if lo.1[j] == hi.1[j] {
                continue;
            }
            // `a` gives lo's status, `b` hi's: narrow to adjacent cents.
            let (mut a, mut b) = (lo.0, hi.0);
            while b - a > 1 {
                let mid = a + (b - a) / 2;
                if at(mid)[j] == lo.1[j] {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            marks.push((b, at(b)[j]));
        }
    }
    let items = items
        .iter()
        .zip(breaks)
        .map(|(&(item, q), marks)| {
            let mut intervals: Vec<SweepInterval> = Vec::new();
            for (k, &(start, status)) in marks.iter().enumerate() {
                let end = marks.get(k + 1).map_or(o.to.0, |next| next.0 - 1);
                match intervals.last_mut() {
                    Some(last) if last.status == status => last.to = Money(end).to_string(),
                    _ => intervals.push(SweepInterval {
                        from: Money(start).to_string(),
                        to: Money(end).to_string(),
                        status,
                    }),
                }
            }
            let household =
                matches!(item, Item::Service(i) if rs.services[i].scope == Scope::Household);
            SweepItem {
                kind: item_kind(item),
                id: item_id(rs, item).to_string(),
                name: item_name(rs, item, &lang).to_string(),
                person: (!household).then_some(q),
                intervals,
            }
        })
        .collect::<Vec<SweepItem>>();
    let (items, flat): (Vec<SweepItem>, Vec<SweepItem>) = items
        .into_iter()
        .partition(|i| !(i.intervals.len() == 1 && i.intervals[0].status == "ineligible"));
    let ineligible_throughout = flat
        .iter()
        .map(|i| match i.person {
            Some(p) => format!("{}@{p}", i.id),
            None => i.id.clone(),
        })
        .collect();
    Ok(Sweep {
        ineligible_throughout,
        person: p,
        per: match o.per {
            WagePeriod::Hour => "hour",
            WagePeriod::Year => "year",
        },
        hours,
        from: o.from.to_string(),
        to: o.to.to_string(),
        points: n,
        items,
        evaluations,
    })
}

/// The person's records with their earnings replaced by one record of `cents`: hourly at
/// `hours` a week when given, else yearly.
pub(crate) fn with_wage(
    base: &RecordsVal,
    wage: &WageRecord,
    cents: i64,
    hours: Option<i64>,
) -> Val {
    let mut items: Vec<Record> = base
        .items
        .iter()
        .filter(|r| !matches!(r.get(&wage.field), Some(Val::Text(t)) if *t == wage.value))
        .cloned()
        .collect();
    {
        let mut r = Record::new();
        r.insert(wage.field.clone(), Val::Text(wage.value.clone()));
        r.insert(wage.amount.clone(), Val::Money(Money(cents)));
        match hours {
            Some(h) => {
                r.insert(wage.frequency.clone(), Val::Text("hourly".into()));
                r.insert(wage.hours.clone(), Val::Int(h));
            }
            None => {
                r.insert(wage.frequency.clone(), Val::Text("yearly".into()));
            }
        }
        items.push(r);
    }
    Val::Records(RecordsVal {
        items: Arc::new(items),
        conversion: base.conversion.clone(),
        origin: base.origin,
    })
}
