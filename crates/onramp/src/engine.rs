//! The one hardened Rhai engine: raw (no standard library), strict variables, expressions
//! only, no loops, every limit set, and only the kernel's functions registered. It is built
//! once per compiled rule set and never changed afterwards.

use crate::date::{years_between, CivilDate};
use crate::money::{round_half_up, Money, Percent};
use crate::value::{fail, RecordsVal, TableVal};
use rhai::{Array, Engine, EvalAltResult, ImmutableString};

/// Argument and result kinds of kernel functions, for the compile-time type checker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum T {
    Bool,
    Int,
    Money,
    Date,
    Percent,
    Text,
    TextList,
    Records,
}

/// A kernel function callable from rule expressions.
pub(crate) struct Sig {
    pub name: &'static str,
    pub args: &'static [T],
    pub ret: T,
    pub doc: &'static str,
}

macro_rules! sig {
    ($name:literal, [$($arg:ident),*], $ret:ident, $doc:literal) => {
        Sig { name: $name, args: &[$(T::$arg),*], ret: T::$ret, doc: $doc }
    };
}

/// Every function rule expressions may call (operators are checked separately).
pub(crate) const FUNCTIONS: &[Sig] = &[
    sig!(
        "years_between",
        [Date, Date],
        Int,
        "whole years from the first date to the second, by the birthday rule"
    ),
    sig!(
        "days_between",
        [Date, Date],
        Int,
        "days from the first date to the second"
    ),
    sig!(
        "date",
        [Int, Int, Int],
        Date,
        "the date for year, month, day"
    ),
    sig!(
        "add_days",
        [Date, Int],
        Date,
        "a date plus a number of days"
    ),
    sig!(
        "add_months",
        [Date, Int],
        Date,
        "a date plus calendar months (clamped to the month's end)"
    ),
    sig!(
        "add_years",
        [Date, Int],
        Date,
        "a date plus years (29 February becomes 28 February)"
    ),
    sig!("year", [Date], Int, "the year of a date"),
    sig!("month", [Date], Int, "the month of a date"),
    sig!("day", [Date], Int, "the day of a date"),
    sig!("dollars", [Int], Money, "money from whole dollars"),
    sig!("cents", [Int], Money, "money from cents"),
    sig!(
        "percent",
        [Int],
        Percent,
        "a percentage from a whole number (130 is 130%)"
    ),
    sig!(
        "percent_of",
        [Money, Percent],
        Money,
        "a percentage of an amount, rounded to the nearest cent"
    ),
    sig!(
        "within_percent",
        [Money, Money, Percent],
        Bool,
        "is the first amount at or below the percentage of the second (exact)"
    ),
    sig!(
        "percent_between",
        [Money, Money],
        Percent,
        "the first amount as a percentage of the second, rounded down"
    ),
    sig!(
        "round_up_dollars",
        [Money],
        Money,
        "rounded up to the next whole dollar"
    ),
    sig!("min", [Money, Money], Money, "the smaller amount"),
    sig!("max", [Money, Money], Money, "the larger amount"),
    sig!("min", [Int, Int], Int, "the smaller number"),
    sig!("max", [Int, Int], Int, "the larger number"),
    sig!(
        "has",
        [TextList, Text],
        Bool,
        "does the list hold the value"
    ),
    sig!(
        "has_any",
        [TextList, TextList],
        Bool,
        "does the list hold any of the values"
    ),
    sig!("count", [TextList], Int, "how many values the list holds"),
    sig!("count", [Records], Int, "how many records there are"),
    sig!("is_empty", [TextList], Bool, "is the list empty"),
    sig!("is_empty", [Records], Bool, "are there no records"),
    sig!(
        "annual_amount",
        [Records],
        Money,
        "the yearly total of amounts with frequencies (income conversion parameter)"
    ),
    sig!(
        "monthly_amount",
        [Records],
        Money,
        "the monthly total of amounts with frequencies, rounded to the cent"
    ),
    sig!(
        "of_types",
        [Records, TextList],
        Records,
        "the records whose `type` is one of the values"
    ),
    sig!(
        "except_types",
        [Records, TextList],
        Records,
        "the records whose `type` is none of the values"
    ),
    sig!(
        "where_field",
        [Records, Text, TextList],
        Records,
        "the records whose field holds one of the values"
    ),
    sig!(
        "ended_on_or_after",
        [Records, Date],
        Records,
        "the records with no `end`, or an `end` on or after the date"
    ),
    sig!("contains", [TextList, Text], Bool, "`value in list`"),
];

impl Sig {
    pub fn describe(&self) -> String {
        let kind = |t: &T| format!("{t:?}").to_lowercase();
        let args: Vec<String> = self.args.iter().map(kind).collect();
        format!(
            "{}({}) -> {}: {}",
            self.name,
            args.join(", "),
            kind(&self.ret),
            self.doc
        )
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

/// Builds the engine. Called once per [`crate::RuleSet`].
pub(crate) fn build() -> Engine {
    let mut engine = Engine::new_raw();
    engine.set_strict_variables(true);
    engine.set_allow_looping(false);
    engine.set_allow_shadowing(false);
    engine.set_allow_if_expression(false);
    engine.set_allow_switch_expression(false);
    engine.set_allow_statement_expression(false);
    engine.set_max_operations(50_000);
    // No script functions exist (`no_function`), so call depth needs no limit of its own.
    engine.set_max_expr_depths(64);
    engine.set_max_string_size(10_000);
    engine.set_max_array_size(10_000);
    engine.set_max_variables(512);
    engine.disable_symbol("eval");

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
    engine
}

/// The names of every callable function, for "did you mean".
pub(crate) fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|s| s.name)
}
