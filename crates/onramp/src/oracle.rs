//! The oracle build (`--features rhai-oracle`): everything needed to run rule expressions
//! in Rhai's own interpreter as well, with the kernel's functions registered in the engine.
//! The differential test `tests/lowered.rs` decides generated cases both ways and compares
//! the bytes. Shipped builds leave it out: the kernel runs lowered expressions itself, and
//! Rhai's evaluator and the registered functions stay out of the binary (and the wasm).

use crate::date::{years_between, CivilDate};
use crate::eval::{Eval, Missing, Outcome};
use crate::model::Expression;
use crate::money::{round_half_up, Money, Percent};
use crate::value::{
    annual_fraction, record_kept, record_running, table_lookup, total, Fault, MissingRef,
    RecordsVal, TableVal, Val,
};
use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Position};
use std::sync::Arc;

/// Thrown inside Rhai when a function meets a value that is not known; the leaf becomes
/// unknown, waiting for these.
#[derive(Clone, Debug)]
pub(crate) struct UnknownMarker(pub Vec<MissingRef>);

pub(crate) fn unknown(missing: Vec<MissingRef>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(UnknownMarker(missing)),
        Position::NONE,
    ))
}

pub(crate) fn fail(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(ImmutableString::from(message.into())),
        Position::NONE,
    ))
}

impl Fault {
    /// The same fault as Rhai sees it, for the functions registered with the engine.
    pub fn into_rhai(self) -> Box<EvalAltResult> {
        match self {
            Fault::Unknown(missing) => unknown(missing),
            Fault::Error(message) => fail(message),
            Fault::Arithmetic => fail("arithmetic overflow"),
        }
    }
}

impl Val {
    pub fn to_dynamic(&self) -> Dynamic {
        match self {
            Val::Bool(b) => Dynamic::from(*b),
            Val::Int(i) => Dynamic::from(*i),
            Val::Money(m) => Dynamic::from(*m),
            Val::Date(d) => Dynamic::from(*d),
            Val::Percent(p) => Dynamic::from(*p),
            Val::Text(s) => Dynamic::from(ImmutableString::from(s.as_str())),
            Val::List(items) => Dynamic::from_array(
                items
                    .iter()
                    .map(|s| Dynamic::from(ImmutableString::from(s.as_str())))
                    .collect(),
            ),
            Val::Records(r) => Dynamic::from(r.clone()),
            Val::Table(t) => Dynamic::from(t.clone()),
            Val::Periods(c) => Dynamic::from((**c).clone()),
        }
    }

    pub fn from_dynamic(value: Dynamic) -> Option<Val> {
        if value.is::<bool>() {
            return value.as_bool().ok().map(Val::Bool);
        }
        if value.is::<i64>() {
            return value.as_int().ok().map(Val::Int);
        }
        if value.is::<ImmutableString>() {
            return value
                .into_immutable_string()
                .ok()
                .map(|s| Val::Text(s.to_string()));
        }
        if value.is_array() {
            let items = value.into_array().ok()?;
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                list.push(item.into_immutable_string().ok()?.to_string());
            }
            return Some(Val::List(list));
        }
        if let Some(m) = value.clone().try_cast::<Money>() {
            return Some(Val::Money(m));
        }
        if let Some(d) = value.clone().try_cast::<CivilDate>() {
            return Some(Val::Date(d));
        }
        if let Some(p) = value.clone().try_cast::<Percent>() {
            return Some(Val::Percent(p));
        }
        if let Some(r) = value.try_cast::<RecordsVal>() {
            return Some(Val::Records(r));
        }
        None
    }
}

impl TableVal {
    pub fn lookup(&self, size: i64) -> Result<Money, Box<EvalAltResult>> {
        table_lookup(&self.value, self.param, size).map_err(Fault::into_rhai)
    }
}

impl RecordsVal {
    pub fn annual(&self) -> Result<Money, Box<EvalAltResult>> {
        annual_fraction(self.items.iter(), &self.conversion, self.origin)
            .and_then(|f| total(f, 1))
            .map_err(Fault::into_rhai)
    }

    pub fn monthly(&self) -> Result<Money, Box<EvalAltResult>> {
        annual_fraction(self.items.iter(), &self.conversion, self.origin)
            .and_then(|f| total(f, 12))
            .map_err(Fault::into_rhai)
    }

    pub fn filter_in(
        &self,
        name: &str,
        values: &[String],
        keep_if_in: bool,
    ) -> Result<RecordsVal, Box<EvalAltResult>> {
        let mut kept = Vec::new();
        for record in self.items.iter() {
            if record_kept(record, name, values, keep_if_in, self.origin)
                .map_err(Fault::into_rhai)?
            {
                kept.push(record.clone());
            }
        }
        Ok(RecordsVal {
            items: Arc::new(kept),
            conversion: self.conversion.clone(),
            origin: self.origin,
        })
    }

    /// Records still running on `date`: no `end`, or an `end` on or after it.
    pub fn ended_on_or_after(&self, date: CivilDate) -> Result<RecordsVal, Box<EvalAltResult>> {
        let kept = self
            .items
            .iter()
            .filter(|r| record_running(r, date))
            .cloned()
            .collect();
        Ok(RecordsVal {
            items: Arc::new(kept),
            conversion: self.conversion.clone(),
            origin: self.origin,
        })
    }
}

fn checked(value: Option<i64>) -> Result<Money, Box<EvalAltResult>> {
    value.map(Money).ok_or_else(|| fail("amount too large"))
}

fn date_or_fail(value: Option<CivilDate>) -> Result<CivilDate, Box<EvalAltResult>> {
    value.ok_or_else(|| fail("that date does not exist"))
}

fn strings(list: &Array) -> Vec<String> {
    list.iter()
        .filter_map(|d| d.clone().into_immutable_string().ok())
        .map(|s| s.to_string())
        .collect()
}

fn has(list: Array, item: ImmutableString) -> bool {
    list.iter()
        .any(|d| d.clone().into_immutable_string().is_ok_and(|s| s == item))
}

/// Registers the kernel's types, operators and functions in the engine.
pub(crate) fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Money>("money");
    engine.register_type_with_name::<CivilDate>("date");
    engine.register_type_with_name::<Percent>("percent");
    engine.register_type_with_name::<RecordsVal>("records");
    engine.register_type_with_name::<TableVal>("table");

    macro_rules! compare {
        ($ty:ty) => {
            engine.register_fn("==", |a: $ty, b: $ty| a == b);
            engine.register_fn("!=", |a: $ty, b: $ty| a != b);
            engine.register_fn("<", |a: $ty, b: $ty| a < b);
            engine.register_fn("<=", |a: $ty, b: $ty| a <= b);
            engine.register_fn(">", |a: $ty, b: $ty| a > b);
            engine.register_fn(">=", |a: $ty, b: $ty| a >= b);
        };
    }
    compare!(Money);
    compare!(CivilDate);
    compare!(Percent);

    engine.register_fn("+", |a: Money, b: Money| checked(a.0.checked_add(b.0)));
    engine.register_fn("-", |a: Money, b: Money| checked(a.0.checked_sub(b.0)));
    engine.register_fn("-", |a: Money| checked(a.0.checked_neg()));
    engine.register_fn("*", |a: Money, b: i64| checked(a.0.checked_mul(b)));
    engine.register_fn("*", |a: i64, b: Money| checked(b.0.checked_mul(a)));
    engine.register_indexer_get(|table: &mut TableVal, size: i64| table.lookup(size));

    engine.register_fn("years_between", |a: CivilDate, b: CivilDate| {
        years_between(a, b)
    });
    engine.register_fn("days_between", |a: CivilDate, b: CivilDate| {
        b.to_days() - a.to_days()
    });
    engine.register_fn("date", |y: i64, m: i64, d: i64| {
        let y = i32::try_from(y).ok();
        let m = u8::try_from(m).ok();
        let d = u8::try_from(d).ok();
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => date_or_fail(CivilDate::new(y, m, d)),
            _ => Err(fail("that date does not exist")),
        }
    });
    engine.register_fn("add_days", |a: CivilDate, n: i64| {
        date_or_fail(a.add_days(n))
    });
    engine.register_fn("add_months", |a: CivilDate, n: i64| {
        date_or_fail(a.add_months(n))
    });
    engine.register_fn("add_years", |a: CivilDate, n: i64| {
        date_or_fail(n.checked_mul(12).and_then(|m| a.add_months(m)))
    });
    engine.register_fn("year", |a: CivilDate| i64::from(a.year()));
    engine.register_fn("month", |a: CivilDate| i64::from(a.month()));
    engine.register_fn("day", |a: CivilDate| i64::from(a.day()));

    engine.register_fn("dollars", |n: i64| checked(n.checked_mul(100)));
    engine.register_fn("cents", |n: i64| Money(n));
    engine.register_fn("percent", |n: i64| {
        n.checked_mul(100)
            .map(Percent)
            .ok_or_else(|| fail("percentage too large"))
    });
    engine.register_fn("percent_of", |a: Money, p: Percent| {
        let cents = round_half_up(i128::from(a.0) * i128::from(p.0), 10_000);
        i64::try_from(cents)
            .map(Money)
            .map_err(|_| fail("amount too large"))
    });
    engine.register_fn("within_percent", |a: Money, b: Money, p: Percent| {
        i128::from(a.0) * 10_000 <= i128::from(b.0) * i128::from(p.0)
    });
    engine.register_fn("percent_between", |a: Money, b: Money| {
        if b.0 == 0 {
            return Err(fail("cannot take a percentage of zero"));
        }
        let bp = (i128::from(a.0) * 10_000).div_euclid(i128::from(b.0));
        i64::try_from(bp)
            .map(Percent)
            .map_err(|_| fail("percentage too large"))
    });
    engine.register_fn("round_up_dollars", |a: Money| {
        checked(Some(
            a.0.div_euclid(100) * 100 + if a.0.rem_euclid(100) == 0 { 0 } else { 100 },
        ))
    });
    engine.register_fn("min", |a: Money, b: Money| a.min(b));
    engine.register_fn("max", |a: Money, b: Money| a.max(b));
    engine.register_fn("min", |a: i64, b: i64| a.min(b));
    engine.register_fn("max", |a: i64, b: i64| a.max(b));

    engine.register_fn("has", has);
    engine.register_fn("contains", has);
    engine.register_fn("has_any", |list: Array, wanted: Array| {
        wanted.iter().any(|w| {
            w.clone()
                .into_immutable_string()
                .is_ok_and(|w| has(list.clone(), w))
        })
    });
    engine.register_fn("count", |list: Array| list.len() as i64);
    engine.register_fn("is_empty", |list: Array| list.is_empty());
    engine.register_fn("count", |r: RecordsVal| r.items.len() as i64);
    engine.register_fn("is_empty", |r: RecordsVal| r.items.is_empty());
    engine.register_fn("annual_amount", |r: RecordsVal| r.annual());
    engine.register_fn("monthly_amount", |r: RecordsVal| r.monthly());
    engine.register_fn("of_types", |r: RecordsVal, types: Array| {
        r.filter_in("type", &strings(&types), true)
    });
    engine.register_fn("except_types", |r: RecordsVal, types: Array| {
        r.filter_in("type", &strings(&types), false)
    });
    engine.register_fn(
        "where_field",
        |r: RecordsVal, field: ImmutableString, values: Array| {
            r.filter_in(field.as_str(), &strings(&values), true)
        },
    );
    engine.register_fn("ended_on_or_after", |r: RecordsVal, d: CivilDate| {
        r.ended_on_or_after(d)
    });
}

impl Eval<'_> {
    /// Runs the expression in Rhai, over the same values.
    pub(crate) fn rhai(&self, e: &Expression, person: Option<usize>) -> Outcome {
        let mut scope = rhai::Scope::new();
        for (name, r) in &e.reads {
            match self.lookup(*r, person).0 {
                Some(v) => {
                    scope.push_constant_dynamic(
                        name.as_str(),
                        v.to_val(&self.conversion).to_dynamic(),
                    );
                }
                None => return Outcome::Error("a value was not ready".into()),
            }
        }
        match self
            .rs
            .engine
            .eval_ast_with_scope::<rhai::Dynamic>(&mut scope, &e.ast)
        {
            Ok(v) => match Val::from_dynamic(v) {
                Some(v) => Outcome::Value(v),
                None => Outcome::Error("the expression gave a value of an unexpected type".into()),
            },
            Err(err) => runtime_error(*err),
        }
    }
}

fn runtime_error(err: rhai::EvalAltResult) -> Outcome {
    match err {
        rhai::EvalAltResult::ErrorRuntime(value, _) => {
            if let Some(UnknownMarker(missing)) = value.clone().try_cast::<UnknownMarker>() {
                Outcome::Unknown(Missing::from_refs(missing))
            } else {
                Outcome::Error(value.to_string())
            }
        }
        rhai::EvalAltResult::ErrorTooManyOperations(_) => {
            Outcome::Error("the expression exceeded the operations limit".into())
        }
        rhai::EvalAltResult::ErrorDataTooLarge(what, _) => Outcome::Error(format!(
            "the expression built a value over the size limit ({what})"
        )),
        other => Outcome::Error(other.to_string()),
    }
}
