//! Lowering a checked rule expression from Rhai's tree into the kernel's own operation tree,
//! which the evaluator runs over values read by slot (fact, derived fact or parameter
//! index), without names, scopes or a general interpreter per leaf.
//!
//! Rhai stays the front end: it parses (strict variables) and `check.rs` type-checks its
//! tree. Lowering runs only on expressions that passed the checker, so every shape it meets
//! is one the checker accepted; anything else gives `None`, and that expression is run by
//! Rhai itself at evaluation time (the same engine, the same results, only slower).

use crate::model::NameRef;
#[cfg(feature = "compiler")]
use rhai::{Expr, Stmt};
use serde::{Deserialize, Serialize};

/// Comparison operators; they compare values of one kind (the checker saw to that).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Arithmetic operators, on whole numbers and (for `+`, `-`, `*`) on money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// The kernel's functions (`engine::FUNCTIONS`); overloads are told apart by the values
/// they receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Func {
    YearsBetween,
    DaysBetween,
    Date,
    AddDays,
    AddMonths,
    AddYears,
    Year,
    Month,
    Day,
    Dollars,
    Cents,
    Percent,
    PercentOf,
    WithinPercent,
    PercentBetween,
    RoundUpDollars,
    Min,
    Max,
    Has,
    HasAny,
    Count,
    IsEmpty,
    AnnualAmount,
    MonthlyAmount,
    OfTypes,
    ExceptTypes,
    WhereField,
    EndedOnOrAfter,
}

impl Func {
    fn named(name: &str) -> Option<Func> {
        Some(match name {
            "years_between" => Func::YearsBetween,
            "days_between" => Func::DaysBetween,
            "date" => Func::Date,
            "add_days" => Func::AddDays,
            "add_months" => Func::AddMonths,
            "add_years" => Func::AddYears,
            "year" => Func::Year,
            "month" => Func::Month,
            "day" => Func::Day,
            "dollars" => Func::Dollars,
            "cents" => Func::Cents,
            "percent" => Func::Percent,
            "percent_of" => Func::PercentOf,
            "within_percent" => Func::WithinPercent,
            "percent_between" => Func::PercentBetween,
            "round_up_dollars" => Func::RoundUpDollars,
            "min" => Func::Min,
            "max" => Func::Max,
            // `x in list` is Rhai's `contains(list, x)`.
            "has" | "contains" => Func::Has,
            "has_any" => Func::HasAny,
            "count" => Func::Count,
            "is_empty" => Func::IsEmpty,
            "annual_amount" => Func::AnnualAmount,
            "monthly_amount" => Func::MonthlyAmount,
            "of_types" => Func::OfTypes,
            "except_types" => Func::ExceptTypes,
            "where_field" => Func::WhereField,
            "ended_on_or_after" => Func::EndedOnOrAfter,
            _ => return None,
        })
    }
}

/// One node of a lowered expression. Evaluation order is Rhai's: arguments left to right,
/// `&&` and `||` short-circuit.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum Op {
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
    /// A name, by slot.
    Read(NameRef),
    And(Vec<Op>),
    Or(Vec<Op>),
    Not(Box<Op>),
    Neg(Box<Op>),
    Compare(Cmp, Box<(Op, Op)>),
    Arith(Arith, Box<(Op, Op)>),
    /// A table by household size, looked up by size.
    Index(Box<(Op, Op)>),
    Call(Func, Vec<Op>),
}

#[cfg(feature = "compiler")]
/// Lowers a checked expression; `reads` maps its variable names to slots.
pub(crate) fn lower(ast: &rhai::AST, reads: &[(String, NameRef)]) -> Option<Op> {
    let mut statements = ast.statements().iter();
    let op = match statements.next()? {
        Stmt::Expr(expr) => expr_op(expr, reads),
        Stmt::FnCall(call, _) => call_op(call, reads),
        _ => None,
    }?;
    // An expression is one statement; anything else is left to Rhai.
    statements.next().is_none().then_some(op)
}

#[cfg(feature = "compiler")]
fn expr_op(expr: &Expr, reads: &[(String, NameRef)]) -> Option<Op> {
    Some(match expr {
        Expr::BoolConstant(b, _) => Op::Bool(*b),
        Expr::IntegerConstant(n, _) => Op::Int(*n),
        Expr::StringConstant(s, _) => Op::Text(s.to_string()),
        Expr::Array(items, _) => Op::List(
            items
                .iter()
                .map(|item| match item {
                    Expr::StringConstant(s, _) => Some(s.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<String>>>()?,
        ),
        Expr::Variable(x, _, _) => {
            let name = x.1.as_str();
            Op::Read(reads.iter().find(|(n, _)| n == name)?.1)
        }
        Expr::FnCall(call, _) => call_op(call, reads)?,
        Expr::And(items, _) => Op::And(
            items
                .iter()
                .map(|i| expr_op(i, reads))
                .collect::<Option<_>>()?,
        ),
        Expr::Or(items, _) => Op::Or(
            items
                .iter()
                .map(|i| expr_op(i, reads))
                .collect::<Option<_>>()?,
        ),
        Expr::Index(bin, _, _) => Op::Index(Box::new((
            expr_op(&bin.lhs, reads)?,
            expr_op(&bin.rhs, reads)?,
        ))),
        _ => return None,
    })
}

#[cfg(feature = "compiler")]
fn call_op(call: &rhai::FnCallExpr, reads: &[(String, NameRef)]) -> Option<Op> {
    let args: Vec<Op> = call
        .args
        .iter()
        .map(|a| expr_op(a, reads))
        .collect::<Option<_>>()?;
    let pair = |mut args: Vec<Op>| -> Option<Box<(Op, Op)>> {
        let b = args.pop()?;
        let a = args.pop()?;
        args.is_empty().then(|| Box::new((a, b)))
    };
    let single = |mut args: Vec<Op>| -> Option<Box<Op>> {
        let a = args.pop()?;
        args.is_empty().then(|| Box::new(a))
    };
    let name = call.name.as_str();
    Some(match (name, args.len()) {
        ("==", 2) => Op::Compare(Cmp::Eq, pair(args)?),
        ("!=", 2) => Op::Compare(Cmp::Ne, pair(args)?),
        ("<", 2) => Op::Compare(Cmp::Lt, pair(args)?),
        ("<=", 2) => Op::Compare(Cmp::Le, pair(args)?),
        (">", 2) => Op::Compare(Cmp::Gt, pair(args)?),
        (">=", 2) => Op::Compare(Cmp::Ge, pair(args)?),
        ("+", 2) => Op::Arith(Arith::Add, pair(args)?),
        ("-", 2) => Op::Arith(Arith::Sub, pair(args)?),
        ("*", 2) => Op::Arith(Arith::Mul, pair(args)?),
        ("/", 2) => Op::Arith(Arith::Div, pair(args)?),
        ("%", 2) => Op::Arith(Arith::Rem, pair(args)?),
        ("-", 1) => Op::Neg(single(args)?),
        ("!", 1) => Op::Not(single(args)?),
        _ => Op::Call(Func::named(name)?, args),
    })
}
