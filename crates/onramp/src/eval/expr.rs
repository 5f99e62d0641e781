//! Running a lowered expression (`lower::Op`) over values borrowed from the case, the memo
//! frames and the rule set. An expression runs only when every name it reads is known, so
//! reading a slot here never waits; a function can still meet something unknown (a record
//! without a field, a table without a row for a large household), which makes the leaf
//! unknown just as before.
//!
//! Integer overflow and division by zero make the leaf a rule error, with the kernel's own
//! message on every target.

use super::{Eval, Missing};
use crate::date::{years_between, CivilDate};
use crate::lower::{Arith, Cmp, Func, Op};
use crate::model::{Expression, NameRef, ParamValue};
use crate::money::{round_half_up, Conversion, Money, Percent};
use crate::value::{
    annual_fraction, record_kept, record_running, table_lookup, total, Fault, MissingRef, Record,
    RecordsVal, TableVal, Val,
};
use std::sync::Arc;

/// A value during evaluation, borrowed wherever it can be.
#[derive(Clone, Debug)]
pub(crate) enum V<'e> {
    Bool(bool),
    Int(i64),
    Money(Money),
    Date(CivilDate),
    Percent(Percent),
    Text(&'e str),
    List(&'e [String]),
    Records(Recs<'e>),
    Table(usize, &'e ParamValue),
    Periods(&'e Conversion),
}

/// Records, all of a fact's or those a filter kept, with the fact they came from.
#[derive(Clone, Debug)]
pub(crate) struct Recs<'e> {
    all: &'e [Record],
    /// `Some` once filtered: the records kept, in order.
    kept: Option<Vec<&'e Record>>,
    origin: MissingRef,
}

impl<'e> Recs<'e> {
    fn iter(&self) -> impl Iterator<Item = &'e Record> + '_ {
        let (all, kept): (&'e [Record], &[&'e Record]) = match &self.kept {
            None => (self.all, &[]),
            Some(k) => (&[], k.as_slice()),
        };
        all.iter().chain(kept.iter().copied())
    }

    fn len(&self) -> usize {
        self.kept.as_ref().map_or(self.all.len(), Vec::len)
    }

    fn filtered(
        &self,
        mut keep: impl FnMut(&Record) -> Result<bool, Fault>,
    ) -> Result<Self, Fault> {
        let mut kept = Vec::new();
        for r in self.iter() {
            if keep(r)? {
                kept.push(r);
            }
        }
        Ok(Recs {
            all: &[],
            kept: Some(kept),
            origin: self.origin,
        })
    }
}

impl<'e> V<'e> {
    pub fn of(v: &'e Val) -> V<'e> {
        match v {
            Val::Bool(b) => V::Bool(*b),
            Val::Int(n) => V::Int(*n),
            Val::Money(m) => V::Money(*m),
            Val::Date(d) => V::Date(*d),
            Val::Percent(p) => V::Percent(*p),
            Val::Text(s) => V::Text(s),
            Val::List(l) => V::List(l),
            Val::Records(r) => V::records(&r.items, r.origin),
            Val::Table(t) => V::Table(t.param, &t.value),
            Val::Periods(c) => V::Periods(c),
        }
    }

    pub fn records(items: &'e [Record], origin: MissingRef) -> V<'e> {
        V::Records(Recs {
            all: items,
            kept: None,
            origin,
        })
    }

    pub fn param(i: usize, v: &'e ParamValue) -> V<'e> {
        match v {
            ParamValue::Money(m) => V::Money(*m),
            ParamValue::Integer(n) => V::Int(*n),
            ParamValue::Percent(p) => V::Percent(*p),
            ParamValue::Periods(c) => V::Periods(c),
            table => V::Table(i, table),
        }
    }

    /// The owned value, as memoized for a derived fact.
    pub fn to_val(&self, conversion: &Result<Arc<Conversion>, MissingRef>) -> Val {
        match self {
            V::Bool(b) => Val::Bool(*b),
            V::Int(n) => Val::Int(*n),
            V::Money(m) => Val::Money(*m),
            V::Date(d) => Val::Date(*d),
            V::Percent(p) => Val::Percent(*p),
            V::Text(s) => Val::Text((*s).to_string()),
            V::List(l) => Val::List(l.to_vec()),
            V::Records(r) => Val::Records(RecordsVal {
                items: Arc::new(r.iter().cloned().collect()),
                conversion: conversion.clone(),
                origin: r.origin,
            }),
            V::Table(param, value) => Val::Table(TableVal {
                param: *param,
                value: (*value).clone(),
            }),
            V::Periods(c) => Val::Periods(Arc::new((*c).clone())),
        }
    }

    /// The value as shown among the values an explanation used (records summarized).
    pub fn summary_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            V::Bool(b) => J::Bool(*b),
            V::Int(n) => J::from(*n),
            V::Money(m) => J::String(m.to_string()),
            V::Date(d) => J::String(d.to_string()),
            V::Percent(p) => J::String(p.to_string()),
            V::Text(s) => J::String((*s).to_string()),
            V::List(items) => J::Array(items.iter().cloned().map(J::String).collect()),
            V::Records(r) => J::String(format!("{} record(s)", r.len())),
            // Tables and conversions are listed among the parameters, not as values.
            V::Table(..) | V::Periods(_) => J::Null,
        }
    }

    pub fn is_listed_value(&self) -> bool {
        !matches!(self, V::Table(..) | V::Periods(_))
    }

    fn kind_matches(&self, ty: &crate::model::Ty) -> bool {
        use crate::model::Ty;
        matches!(
            (self, ty),
            (V::Bool(_), Ty::Bool)
                | (V::Int(_), Ty::Int)
                | (V::Money(_), Ty::Money)
                | (V::Date(_), Ty::Date)
                | (V::Percent(_), Ty::Percent)
                | (V::Text(_), Ty::Text(_))
                | (V::List(_), Ty::TextList(_))
                | (V::Records(_), Ty::Records(_))
        )
    }

    fn kind_name(&self) -> &'static str {
        match self {
            V::Bool(_) => "true/false",
            V::Int(_) => "a whole number",
            V::Money(_) => "money",
            V::Date(_) => "a date",
            V::Percent(_) => "a percentage",
            V::Text(_) => "text",
            V::List(_) => "a list",
            V::Records(_) => "records",
            V::Table(..) => "a table",
            V::Periods(_) => "an income conversion",
        }
    }
}

/// Expression results: a value, unknown (waiting for these), or a rule error.
pub(crate) enum Outcome {
    Value(Val),
    Unknown(Missing),
    /// Unknown, but surely at least this number (from a sum over a household not all
    /// listed); it waits for the same facts as `Unknown`.
    AtLeast(Val, Missing),
    Error(String),
}

fn unexpected() -> Fault {
    Fault::error("the expression gave a value of an unexpected type")
}

fn money(value: Option<i64>) -> Result<V<'static>, Fault> {
    value
        .map(|m| V::Money(Money(m)))
        .ok_or_else(|| Fault::error("amount too large"))
}

fn date(value: Option<CivilDate>) -> Result<V<'static>, Fault> {
    value
        .map(V::Date)
        .ok_or_else(|| Fault::error("that date does not exist"))
}

impl<'a> Eval<'a> {
    /// Evaluates an expression: unknown when any name it reads is unknown. Every name is
    /// read (and derived facts evaluated) even after an unknown one, so the facts waited
    /// for are all named.
    pub(super) fn expression(&mut self, e: &'a Expression, person: Option<usize>) -> Outcome {
        for (_, r) in &e.reads {
            self.ensure(*r, person);
        }
        if !e.reads.iter().all(|(_, r)| self.known(*r, person)) {
            let missing =
                Missing::union(
                    e.reads
                        .iter()
                        .filter_map(|(_, r)| match self.lookup(*r, person) {
                            (None, missing) => Some(missing),
                            _ => None,
                        }),
                );
            // A date given as a range may still decide it: every day of it alike.
            if let Some(outcome) = self.over_range(e, person) {
                return outcome;
            }
            // A lower bound read may still decide it (`bounds.rs`).
            if e.reads.iter().any(|(_, r)| self.bounded(*r, person)) {
                return self.estimated(e, person, missing);
            }
            return Outcome::Unknown(missing);
        }
        self.run_known(e, person)
    }

    /// An expression whose one unknown read is a date fact given as a range
    /// (`case::DateRange`), run for every day of the range: its value when every day gives
    /// the same value, otherwise `None` (it stays unknown, waiting for the date). An
    /// expression that reads two ranged dates, or a derived fact left unknown by one, stays
    /// unknown: sound, if not always as precise as it could be.
    fn over_range(&mut self, e: &'a Expression, person: Option<usize>) -> Option<Outcome> {
        let mut ranged = None;
        for (_, r) in &e.reads {
            if self.known(*r, person) {
                continue;
            }
            let NameRef::Fact(i) = *r else { return None };
            let who = match self.rs.facts[i].scope {
                crate::model::Scope::Household => None,
                crate::model::Scope::Person => person,
            };
            let range = self.date_range(i, who)?;
            match ranged {
                Some((j, _, _)) if j != i => return None,
                _ => ranged = Some((i, who, range)),
            }
        }
        let (fact, who, range) = ranged?;
        let mut same: Option<(Val, serde_json::Value)> = None;
        for day in range.first.to_days()..=range.last.to_days() {
            self.pinned = Some((fact, who, CivilDate::from_days(day)?));
            let value = match self.run_known(e, person) {
                Outcome::Value(v) => v,
                _ => {
                    self.pinned = None;
                    return None;
                }
            };
            let json = value.to_json();
            match &same {
                Some((_, first)) if *first != json => {
                    self.pinned = None;
                    return None;
                }
                Some(_) => {}
                None => same = Some((value, json)),
            }
        }
        self.pinned = None;
        same.map(|(v, _)| Outcome::Value(v))
    }

    /// Runs an expression whose reads are all known.
    fn run_known(&self, e: &'a Expression, person: Option<usize>) -> Outcome {
        #[cfg(feature = "rhai-oracle")]
        if self.in_rhai {
            return self.rhai(e, person);
        }
        match self.run(&e.op, person) {
            Ok(v) => Outcome::Value(v.to_val(&self.conversion)),
            Err(Fault::Unknown(m)) => Outcome::Unknown(Missing::from_refs(m)),
            Err(Fault::Error(message)) => Outcome::Error(message),
            Err(Fault::Arithmetic) => {
                Outcome::Error("whole-number arithmetic overflowed or divided by zero".into())
            }
        }
    }

    /// Checks a derived fact's value against its declared type (the compiler checked it;
    /// this guards the boundary anyway).
    pub(super) fn checked_kind(v: &Val, ty: &crate::model::Ty) -> Result<(), String> {
        if V::of(v).kind_matches(ty) {
            Ok(())
        } else {
            Err(format!(
                "gave {} where {} was declared",
                V::of(v).kind_name(),
                ty.describe()
            ))
        }
    }

    pub(super) fn run(&self, op: &'a Op, person: Option<usize>) -> Result<V<'_>, Fault> {
        Ok(match op {
            Op::Bool(b) => V::Bool(*b),
            Op::Int(n) => V::Int(*n),
            Op::Text(s) => V::Text(s),
            Op::List(l) => V::List(l),
            Op::Read(r) => self.lookup(*r, person).0.ok_or_else(unexpected)?,
            Op::And(items) => {
                for item in items {
                    if !self.truth(item, person)? {
                        return Ok(V::Bool(false));
                    }
                }
                V::Bool(true)
            }
            Op::Or(items) => {
                for item in items {
                    if self.truth(item, person)? {
                        return Ok(V::Bool(true));
                    }
                }
                V::Bool(false)
            }
            Op::Not(a) => V::Bool(!self.truth(a, person)?),
            Op::Neg(a) => match self.run(a, person)? {
                V::Int(n) => V::Int(n.checked_neg().ok_or(Fault::Arithmetic)?),
                V::Money(m) => money(m.0.checked_neg())?,
                _ => return Err(unexpected()),
            },
            Op::Compare(cmp, ab) => {
                let a = self.run(&ab.0, person)?;
                let b = self.run(&ab.1, person)?;
                V::Bool(compare(*cmp, &a, &b)?)
            }
            Op::Arith(arith, ab) => {
                let a = self.run(&ab.0, person)?;
                let b = self.run(&ab.1, person)?;
                arithmetic(*arith, &a, &b)?
            }
            Op::Index(ab) => {
                let table = self.run(&ab.0, person)?;
                let size = self.run(&ab.1, person)?;
                match (table, size) {
                    (V::Table(param, value), V::Int(n)) => V::Money(table_lookup(value, param, n)?),
                    _ => return Err(unexpected()),
                }
            }
            Op::Call(func, args) => {
                // Every function takes at most three arguments (`engine::FUNCTIONS`).
                let mut values = [None, None, None];
                for (slot, a) in values.iter_mut().zip(args) {
                    *slot = Some(self.run(a, person)?);
                }
                if args.len() > values.len() {
                    return Err(unexpected());
                }
                self.call(*func, values)?
            }
        })
    }

    fn truth(&self, op: &'a Op, person: Option<usize>) -> Result<bool, Fault> {
        match self.run(op, person)? {
            V::Bool(b) => Ok(b),
            _ => Err(unexpected()),
        }
    }

    /// `call` with the arguments in a list (the lower-bound estimates build one).
    pub(super) fn call_list<'v>(&'v self, func: Func, args: Vec<V<'v>>) -> Result<V<'v>, Fault> {
        if args.len() > 3 {
            return Err(unexpected());
        }
        let mut args = args.into_iter();
        self.call(func, [args.next(), args.next(), args.next()])
    }

    pub(super) fn call<'v>(&'v self, func: Func, args: [Option<V<'v>>; 3]) -> Result<V<'v>, Fault> {
        let [a, b, c] = args;
        Ok(match (func, a, b, c) {
            (Func::YearsBetween, Some(V::Date(a)), Some(V::Date(b)), None) => {
                V::Int(years_between(a, b))
            }
            (Func::DaysBetween, Some(V::Date(a)), Some(V::Date(b)), None) => {
                V::Int(b.to_days() - a.to_days())
            }
            (Func::Date, Some(V::Int(y)), Some(V::Int(m)), Some(V::Int(d))) => {
                let y = i32::try_from(y).ok();
                let m = u8::try_from(m).ok();
                let d = u8::try_from(d).ok();
                match (y, m, d) {
                    (Some(y), Some(m), Some(d)) => date(CivilDate::new(y, m, d))?,
                    _ => return Err(Fault::error("that date does not exist")),
                }
            }
            (Func::AddDays, Some(V::Date(a)), Some(V::Int(n)), None) => date(a.add_days(n))?,
            (Func::AddMonths, Some(V::Date(a)), Some(V::Int(n)), None) => date(a.add_months(n))?,
            (Func::AddYears, Some(V::Date(a)), Some(V::Int(n)), None) => {
                date(n.checked_mul(12).and_then(|m| a.add_months(m)))?
            }
            (Func::Year, Some(V::Date(a)), None, None) => V::Int(i64::from(a.year())),
            (Func::Month, Some(V::Date(a)), None, None) => V::Int(i64::from(a.month())),
            (Func::Day, Some(V::Date(a)), None, None) => V::Int(i64::from(a.day())),
            (Func::Dollars, Some(V::Int(n)), None, None) => money(n.checked_mul(100))?,
            (Func::Cents, Some(V::Int(n)), None, None) => V::Money(Money(n)),
            (Func::Percent, Some(V::Int(n)), None, None) => V::Percent(Percent(
                n.checked_mul(100)
                    .ok_or_else(|| Fault::error("percentage too large"))?,
            )),
            (Func::PercentOf, Some(V::Money(a)), Some(V::Percent(p)), None) => {
                let cents = round_half_up(i128::from(a.0) * i128::from(p.0), 10_000);
                money(i64::try_from(cents).ok())?
            }
            (Func::WithinPercent, Some(V::Money(a)), Some(V::Money(b)), Some(V::Percent(p))) => {
                V::Bool(i128::from(a.0) * 10_000 <= i128::from(b.0) * i128::from(p.0))
            }
            (Func::PercentBetween, Some(V::Money(a)), Some(V::Money(b)), None) => {
                if b.0 == 0 {
                    return Err(Fault::error("cannot take a percentage of zero"));
                }
                let bp = (i128::from(a.0) * 10_000).div_euclid(i128::from(b.0));
                V::Percent(Percent(
                    i64::try_from(bp).map_err(|_| Fault::error("percentage too large"))?,
                ))
            }
            (Func::RoundUpDollars, Some(V::Money(a)), None, None) => money(Some(
                a.0.div_euclid(100) * 100 + if a.0.rem_euclid(100) == 0 { 0 } else { 100 },
            ))?,
            (Func::Min, Some(V::Money(a)), Some(V::Money(b)), None) => V::Money(a.min(b)),
            (Func::Max, Some(V::Money(a)), Some(V::Money(b)), None) => V::Money(a.max(b)),
            (Func::Min, Some(V::Int(a)), Some(V::Int(b)), None) => V::Int(a.min(b)),
            (Func::Max, Some(V::Int(a)), Some(V::Int(b)), None) => V::Int(a.max(b)),
            (Func::Has, Some(V::List(list)), Some(V::Text(item)), None) => {
                V::Bool(list.iter().any(|x| x == item))
            }
            (Func::HasAny, Some(V::List(list)), Some(V::List(wanted)), None) => {
                V::Bool(wanted.iter().any(|w| list.contains(w)))
            }
            (Func::Count, Some(V::List(list)), None, None) => V::Int(list.len() as i64),
            (Func::Count, Some(V::Records(r)), None, None) => V::Int(r.len() as i64),
            (Func::IsEmpty, Some(V::List(list)), None, None) => V::Bool(list.is_empty()),
            (Func::IsEmpty, Some(V::Records(r)), None, None) => V::Bool(r.len() == 0),
            (Func::AnnualAmount, Some(V::Records(r)), None, None) => V::Money(total(
                annual_fraction(r.iter(), &self.conversion, r.origin)?,
                1,
            )?),
            (Func::MonthlyAmount, Some(V::Records(r)), None, None) => V::Money(total(
                annual_fraction(r.iter(), &self.conversion, r.origin)?,
                12,
            )?),
            (Func::OfTypes, Some(V::Records(r)), Some(V::List(types)), None) => {
                V::Records(r.filtered(|x| record_kept(x, "type", types, true, r.origin))?)
            }
            (Func::ExceptTypes, Some(V::Records(r)), Some(V::List(types)), None) => {
                V::Records(r.filtered(|x| record_kept(x, "type", types, false, r.origin))?)
            }
            (
                Func::WhereField,
                Some(V::Records(r)),
                Some(V::Text(field)),
                Some(V::List(values)),
            ) => V::Records(r.filtered(|x| record_kept(x, field, values, true, r.origin))?),
            (Func::EndedOnOrAfter, Some(V::Records(r)), Some(V::Date(d)), None) => {
                V::Records(r.filtered(|x| Ok(record_running(x, d)))?)
            }
            _ => return Err(unexpected()),
        })
    }
}

pub(super) fn compare(cmp: Cmp, a: &V<'_>, b: &V<'_>) -> Result<bool, Fault> {
    use std::cmp::Ordering;
    let ordering: Ordering = match (a, b) {
        (V::Int(a), V::Int(b)) => a.cmp(b),
        (V::Money(a), V::Money(b)) => a.cmp(b),
        (V::Date(a), V::Date(b)) => a.cmp(b),
        (V::Percent(a), V::Percent(b)) => a.cmp(b),
        (V::Text(a), V::Text(b)) if matches!(cmp, Cmp::Eq | Cmp::Ne) => a.cmp(b),
        (V::Bool(a), V::Bool(b)) if matches!(cmp, Cmp::Eq | Cmp::Ne) => a.cmp(b),
        _ => return Err(unexpected()),
    };
    Ok(match cmp {
        Cmp::Eq => ordering == Ordering::Equal,
        Cmp::Ne => ordering != Ordering::Equal,
        Cmp::Lt => ordering == Ordering::Less,
        Cmp::Le => ordering != Ordering::Greater,
        Cmp::Gt => ordering == Ordering::Greater,
        Cmp::Ge => ordering != Ordering::Less,
    })
}

pub(super) fn arithmetic(arith: Arith, a: &V<'_>, b: &V<'_>) -> Result<V<'static>, Fault> {
    Ok(match (arith, a, b) {
        (Arith::Add, V::Int(a), V::Int(b)) => V::Int(a.checked_add(*b).ok_or(Fault::Arithmetic)?),
        (Arith::Sub, V::Int(a), V::Int(b)) => V::Int(a.checked_sub(*b).ok_or(Fault::Arithmetic)?),
        (Arith::Mul, V::Int(a), V::Int(b)) => V::Int(a.checked_mul(*b).ok_or(Fault::Arithmetic)?),
        (Arith::Div, V::Int(a), V::Int(b)) => V::Int(a.checked_div(*b).ok_or(Fault::Arithmetic)?),
        (Arith::Rem, V::Int(a), V::Int(b)) => V::Int(a.checked_rem(*b).ok_or(Fault::Arithmetic)?),
        (Arith::Add, V::Money(a), V::Money(b)) => money(a.0.checked_add(b.0))?,
        (Arith::Sub, V::Money(a), V::Money(b)) => money(a.0.checked_sub(b.0))?,
        (Arith::Mul, V::Money(a), V::Int(b)) => money(a.0.checked_mul(*b))?,
        (Arith::Mul, V::Int(a), V::Money(b)) => money(b.0.checked_mul(*a))?,
        _ => return Err(unexpected()),
    })
}
