//! The one hardened Rhai engine: raw (no standard library), strict variables, expressions
//! only, no loops, no optimizer, every limit set, and no functions registered (but in the
//! oracle build). It is built once per compiled rule set and never changed afterwards.
//!
//! The sandbox does not depend on Rhai's cargo features. The kernel enables only additive
//! ones (`std`, `internals`), so linking it never changes Rhai for another crate; whatever
//! another crate adds (floats, object maps, functions, modules, or their `no_*` removals),
//! the rule language stays the same: these settings hold in every build, `check.rs` rejects
//! the forms outside the language by their text before Rhai parses (decimal numbers, object
//! maps, closures, `fn`, `import`, `::`, `this`, `.` on a value), and the type-checking walk
//! accepts only the node kinds it knows.

use rhai::Engine;

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

/// Builds the engine. Called once per [`crate::RuleSet`].
pub(crate) fn build() -> Engine {
    let mut engine = Engine::new_raw();
    engine.set_strict_variables(true);
    engine.set_allow_looping(false);
    engine.set_allow_shadowing(false);
    engine.set_allow_if_expression(false);
    engine.set_allow_switch_expression(false);
    engine.set_allow_statement_expression(false);
    // The tree must be the one written: no constant folding, no arrays turned into
    // constants, so the checker and the lowering see every literal where it stands.
    #[cfg(not(feature = "rhai-without-optimizer"))]
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    engine.set_max_operations(50_000);
    // Rule expressions cannot define functions (`forbidden.rs` rejects `fn` and closures),
    // so call depth needs no limit of its own.
    set_max_expr_depths(&mut engine, 64, Engine::set_max_expr_depths);
    engine.set_max_string_size(10_000);
    engine.set_max_array_size(10_000);
    engine.set_max_variables(512);
    engine.disable_symbol("eval");
    // Belt and braces behind the checker's own scan: never a module or a definition.
    for keyword in ["import", "export", "fn"] {
        engine.disable_symbol(keyword);
    }

    // The kernel runs rule expressions itself (`lower.rs`, `eval/expr.rs`); Rhai parses
    // them. Only the oracle build registers the kernel's functions, to run them in Rhai too.
    #[cfg(feature = "rhai-oracle")]
    crate::oracle::register(&mut engine);
    engine
}

/// `Engine::set_max_expr_depths` takes one depth, or two (expressions, and function bodies)
/// when Rhai has script functions, that is unless some crate in the build turned on Rhai's
/// `no_function`: whichever form this build has, every depth is set to `depth`.
trait SetDepths<Args> {
    fn set(self, engine: &mut Engine, depth: usize);
}

impl<F> SetDepths<(usize,)> for F
where
    F: for<'e> FnOnce(&'e mut Engine, usize) -> &'e mut Engine,
{
    fn set(self, engine: &mut Engine, depth: usize) {
        self(engine, depth);
    }
}

impl<F> SetDepths<(usize, usize)> for F
where
    F: for<'e> FnOnce(&'e mut Engine, usize, usize) -> &'e mut Engine,
{
    fn set(self, engine: &mut Engine, depth: usize) {
        self(engine, depth, depth);
    }
}

fn set_max_expr_depths<Args>(engine: &mut Engine, depth: usize, setter: impl SetDepths<Args>) {
    setter.set(engine, depth);
}

/// The names of every callable function, for "did you mean".
pub(crate) fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|s| s.name)
}
