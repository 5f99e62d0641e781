//! Values during evaluation, and the kernel functions over records and tables.

use crate::date::CivilDate;
use crate::model::ParamValue;
use crate::money::{round_half_up, Conversion, Money, Percent};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Something an unknown value is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MissingRef {
    Fact {
        fact: usize,
        person: Option<usize>,
    },
    Param(usize),
    /// The household members the case does not list (or, when the household's size is not
    /// known either, whether it lists them all).
    Members,
}

pub(crate) type Record = BTreeMap<String, Val>;

#[derive(Clone, Debug)]
pub(crate) struct RecordsVal {
    pub items: Arc<Vec<Record>>,
    /// The income conversion in force, or what it is waiting for (for the oracle's Rhai
    /// functions; the kernel's own evaluator takes it from the evaluation).
    #[cfg_attr(not(feature = "rhai-oracle"), allow(dead_code))]
    pub conversion: Result<Arc<Conversion>, MissingRef>,
    /// The fact these records came from, named when one of them lacks a field.
    pub origin: MissingRef,
}

#[derive(Clone, Debug)]
pub(crate) struct TableVal {
    pub param: usize,
    pub value: ParamValue,
}

#[derive(Clone, Debug)]
pub(crate) enum Val {
    Bool(bool),
    Int(i64),
    Money(Money),
    Date(CivilDate),
    Percent(Percent),
    Text(String),
    List(Vec<String>),
    Records(RecordsVal),
    Table(TableVal),
    /// Shared, as in `ParamValue::Periods`.
    Periods(Arc<Conversion>),
}

impl Val {
    /// The value as canonical JSON for explanations and tests.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Bool(b) => J::Bool(*b),
            Val::Int(i) => J::from(*i),
            Val::Money(m) => J::String(m.to_string()),
            Val::Date(d) => J::String(d.to_string()),
            Val::Percent(p) => J::String(p.to_string()),
            Val::Text(s) => J::String(s.clone()),
            Val::List(items) => J::Array(items.iter().cloned().map(J::String).collect()),
            Val::Records(r) => J::Array(
                r.items
                    .iter()
                    .map(|record| {
                        J::Object(
                            record
                                .iter()
                                .map(|(k, v)| (k.clone(), v.to_json()))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
            Val::Table(t) => match &t.value {
                ParamValue::Formula {
                    first,
                    each_additional,
                } => J::String(format!("{first} + {each_additional} per additional person")),
                ParamValue::Table { rows, beyond } => {
                    let mut text = rows
                        .iter()
                        .map(Money::to_string)
                        .collect::<Vec<_>>()
                        .join(" / ");
                    if let Some(b) = beyond {
                        text.push_str(&format!(" + {b} per additional person"));
                    }
                    J::String(text)
                }
                _ => J::Null,
            },
            Val::Periods(c) => J::String(format!(
                "weekly {} biweekly {} semimonthly {} monthly {} yearly {} per year",
                c.weekly, c.biweekly, c.semimonthly, c.monthly, c.yearly
            )),
        }
    }
}

/// Why a value could not be computed: it waits for something unknown, a rule failed, or
/// integer arithmetic overflowed or divided by zero (whose wording Rhai owns, see
/// `eval::expr`).
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    Unknown(Vec<MissingRef>),
    Error(String),
    Arithmetic,
}

impl Fault {
    pub fn error(message: impl Into<String>) -> Fault {
        Fault::Error(message.into())
    }
}

/// `first + each_additional * (n - 1)` or the table row for a household of `size`.
pub(crate) fn table_lookup(value: &ParamValue, param: usize, size: i64) -> Result<Money, Fault> {
    if size < 1 {
        return Err(Fault::error(format!(
            "a household size must be at least 1, not {size}"
        )));
    }
    let n = i128::from(size);
    let cents = match value {
        ParamValue::Formula {
            first,
            each_additional,
        } => i128::from(first.0) + i128::from(each_additional.0) * (n - 1),
        ParamValue::Table { rows, beyond } => {
            let len = rows.len() as i128;
            if n <= len {
                let index =
                    usize::try_from(n - 1).map_err(|_| Fault::error("size out of range"))?;
                rows.get(index)
                    .map(|m| i128::from(m.0))
                    .ok_or_else(|| Fault::error("size out of range"))?
            } else {
                match (beyond, rows.last()) {
                    (Some(step), Some(last)) => i128::from(last.0) + i128::from(step.0) * (n - len),
                    _ => return Err(Fault::Unknown(vec![MissingRef::Param(param)])),
                }
            }
        }
        _ => {
            return Err(Fault::error(
                "this parameter is not a table by household size",
            ))
        }
    };
    i64::try_from(cents)
        .map(Money)
        .map_err(|_| Fault::error("amount too large"))
}

/// A record's field; a record without it waits for the fact the records came from.
fn field<'a>(record: &'a Record, name: &str, origin: MissingRef) -> Result<&'a Val, Fault> {
    record.get(name).ok_or_else(|| Fault::Unknown(vec![origin]))
}

/// The yearly total of records with `amount` and `frequency`, as an exact fraction of cents.
pub(crate) fn annual_fraction<'r>(
    items: impl Iterator<Item = &'r Record>,
    conversion: &Result<Arc<Conversion>, MissingRef>,
    origin: MissingRef,
) -> Result<(i128, i128), Fault> {
    let conversion = conversion.as_ref().map_err(|m| Fault::Unknown(vec![*m]))?;
    let too_large = || Fault::error("amount too large");
    let (mut num, mut den) = (0_i128, 1_i128);
    for record in items {
        let amount = match field(record, "amount", origin)? {
            Val::Money(m) => i128::from(m.0),
            _ => return Err(Fault::error("`amount` must be money")),
        };
        let frequency = match field(record, "frequency", origin)? {
            Val::Text(f) => f.as_str(),
            _ => return Err(Fault::error("`frequency` must be text")),
        };
        let per_year = if frequency == "hourly" {
            let hours = match field(record, "hours_per_week", origin)? {
                Val::Int(h) => i128::from(*h),
                _ => return Err(Fault::error("`hours_per_week` must be a whole number")),
            };
            crate::money::Ratio {
                num: conversion.weekly.num * hours,
                den: conversion.weekly.den,
            }
        } else {
            conversion
                .periods_per_year(frequency)
                .ok_or_else(|| Fault::error(format!("unknown frequency `{frequency}`")))?
        };
        // num/den + amount * p/q, kept exact.
        let term_num = amount.checked_mul(per_year.num).ok_or_else(too_large)?;
        num = num
            .checked_mul(per_year.den)
            .and_then(|a| term_num.checked_mul(den).and_then(|b| a.checked_add(b)))
            .ok_or_else(too_large)?;
        den = den.checked_mul(per_year.den).ok_or_else(too_large)?;
        let g = gcd(num.abs(), den).max(1);
        num /= g;
        den /= g;
    }
    Ok((num, den))
}

/// The yearly (`months` = 1) or monthly (`months` = 12) total, rounded half up to the cent.
pub(crate) fn total(fraction: (i128, i128), months: i128) -> Result<Money, Fault> {
    let (num, den) = fraction;
    i64::try_from(round_half_up(num, den * months))
        .map(Money)
        .map_err(|_| Fault::error("amount too large"))
}

/// Whether a record's `field` is one of `values`, as `keep_if_in` asks.
pub(crate) fn record_kept(
    record: &Record,
    name: &str,
    values: &[String],
    keep_if_in: bool,
    origin: MissingRef,
) -> Result<bool, Fault> {
    match field(record, name, origin)? {
        Val::Text(t) => Ok(values.iter().any(|v| v == t) == keep_if_in),
        _ => Err(Fault::error(format!("`{name}` must be text"))),
    }
}

/// Whether a record is still running on `date`: no `end`, or an `end` on or after it.
pub(crate) fn record_running(record: &Record, date: CivilDate) -> bool {
    match record.get("end") {
        Some(Val::Date(end)) => *end >= date,
        _ => true,
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
