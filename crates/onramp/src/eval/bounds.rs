//! Lower bounds through expressions. A sum over a household that is not all listed is
//! unknown, but when every person's term is zero or more it is surely at least the listed
//! persons' total (`never_negative`), and "at least $X" can still decide "over the
//! limit". This runs only when an expression reads such a bounded value and something it
//! reads is unknown; it decides what every completion of the case would decide, and
//! gives up (unknown) on anything it cannot follow exactly.
//!
//! It follows the shapes income tests take: sums and differences with known amounts,
//! scaling by a known non-negative whole number, `min`/`max`, percentages of a known
//! amount, and comparisons. `&&` and `||` decide only from a known prefix, as the exact
//! evaluator's left-to-right short circuit would, so a bound never hides a rule error.

use super::expr::{arithmetic, compare, Outcome, V};
use super::{who, Eval, Missing};
use crate::lower::{Arith, Cmp, Func, Op};
use crate::model::{Expression, NameRef};
use crate::money::Percent;
use crate::value::table_lookup;

/// What an expression is known to be: exactly a value, at least a number, or unknown.
enum Est<'v> {
    Exact(V<'v>),
    AtLeast(V<'v>),
    Unknown,
}

impl<'a> Eval<'a> {
    /// Whether a name is unknown but has a lower bound (derived facts `ensure`d).
    pub(super) fn bounded(&self, r: NameRef, person: Option<usize>) -> bool {
        self.bound_of(r, person).is_some()
    }

    pub(super) fn bound_of(&self, r: NameRef, person: Option<usize>) -> Option<V<'_>> {
        let NameRef::Derived(i) = r else {
            return None;
        };
        let d = &self.rs.derived[i];
        self.frame(d.scope, who(d.scope, person)).derived[i]
            .as_ref()
            .filter(|resolved| resolved.value.is_none())
            .and_then(|resolved| resolved.at_least.as_ref())
            .map(V::of)
    }

    /// An expression some of whose reads are unknown and at least one bounded: decided
    /// when the bounds decide it, else unknown (or a bound itself), waiting for `missing`.
    pub(super) fn estimated(
        &self,
        e: &'a Expression,
        person: Option<usize>,
        missing: Missing,
    ) -> Outcome {
        match self.estimate(&e.op, person) {
            Est::Exact(v) => Outcome::Value(v.to_val(&self.conversion)),
            Est::AtLeast(v) => Outcome::AtLeast(v.to_val(&self.conversion), missing),
            Est::Unknown => Outcome::Unknown(missing),
        }
    }

    fn estimate(&self, op: &'a Op, person: Option<usize>) -> Est<'_> {
        use Est::{AtLeast, Exact, Unknown};
        match op {
            Op::Bool(_) | Op::Int(_) | Op::Text(_) | Op::List(_) => {
                self.run(op, person).map_or(Unknown, Exact)
            }
            Op::Read(r) => match self.lookup(*r, person) {
                (Some(v), _) => Exact(v),
                (None, _) => self.bound_of(*r, person).map_or(Unknown, AtLeast),
            },
            Op::And(items) | Op::Or(items) => {
                let stop_at = matches!(op, Op::Or(_));
                for item in items {
                    match self.estimate(item, person) {
                        Exact(V::Bool(b)) if b == stop_at => return Exact(V::Bool(b)),
                        Exact(V::Bool(_)) => {}
                        _ => return Unknown,
                    }
                }
                Exact(V::Bool(!stop_at))
            }
            Op::Not(a) => match self.estimate(a, person) {
                Exact(V::Bool(b)) => Exact(V::Bool(!b)),
                _ => Unknown,
            },
            Op::Neg(_) => Unknown,
            Op::Compare(cmp, ab) => {
                let decided = match (self.estimate(&ab.0, person), self.estimate(&ab.1, person)) {
                    (Exact(a), Exact(b)) => compare(*cmp, &a, &b).ok(),
                    (AtLeast(lo), Exact(b)) => at_least_compare(*cmp, &lo, &b),
                    (Exact(a), AtLeast(lo)) => at_least_compare(flipped(*cmp), &lo, &a),
                    _ => None,
                };
                decided.map_or(Unknown, |b| Exact(V::Bool(b)))
            }
            Op::Arith(arith, ab) => {
                let (a, b) = (self.estimate(&ab.0, person), self.estimate(&ab.1, person));
                let lower = match (arith, a, b) {
                    (_, Exact(a), Exact(b)) => {
                        return arithmetic(*arith, &a, &b).map_or(Unknown, Exact)
                    }
                    (Arith::Add, AtLeast(a), Exact(b) | AtLeast(b))
                    | (Arith::Add, Exact(b), AtLeast(a)) => arithmetic(Arith::Add, &a, &b),
                    (Arith::Sub, AtLeast(a), Exact(b)) => arithmetic(Arith::Sub, &a, &b),
                    (Arith::Mul, AtLeast(a), Exact(V::Int(n)))
                    | (Arith::Mul, Exact(V::Int(n)), AtLeast(a))
                        if n >= 0 =>
                    {
                        arithmetic(Arith::Mul, &a, &V::Int(n))
                    }
                    _ => return Unknown,
                };
                lower.map_or(Unknown, AtLeast)
            }
            Op::Index(ab) => match (self.estimate(&ab.0, person), self.estimate(&ab.1, person)) {
                (Exact(V::Table(param, value)), Exact(V::Int(n))) => {
                    table_lookup(value, param, n).map_or(Unknown, |m| Exact(V::Money(m)))
                }
                _ => Unknown,
            },
            Op::Call(func, args) => {
                let estimates: Vec<Est<'_>> =
                    args.iter().map(|a| self.estimate(a, person)).collect();
                if estimates.iter().all(|e| matches!(e, Exact(_))) {
                    let values = estimates
                        .into_iter()
                        .filter_map(|e| match e {
                            Exact(v) => Some(v),
                            _ => None,
                        })
                        .collect();
                    return self.call_list(*func, values).map_or(Unknown, Exact);
                }
                self.call_at_least(*func, estimates)
            }
        }
    }

    /// The functions that are monotone in a bounded argument.
    fn call_at_least<'v>(&'v self, func: Func, args: Vec<Est<'v>>) -> Est<'v> {
        use Est::{AtLeast, Exact, Unknown};
        let mut args = args.into_iter();
        let (a, b, c) = (args.next(), args.next(), args.next());
        let lower = |values: Vec<V<'v>>| self.call_list(func, values).map_or(Unknown, AtLeast);
        match (func, a, b, c) {
            // X * 10000 <= base * pct is surely false once the bound already exceeds it.
            (Func::WithinPercent, Some(AtLeast(lo)), Some(Exact(base)), Some(Exact(pct))) => {
                match self.call_list(func, vec![lo, base, pct]) {
                    Ok(V::Bool(false)) => Exact(V::Bool(false)),
                    _ => Unknown,
                }
            }
            (Func::PercentBetween, Some(AtLeast(lo)), Some(Exact(base @ V::Money(m))), None)
                if m.0 > 0 =>
            {
                lower(vec![lo, base])
            }
            (Func::PercentOf, Some(AtLeast(lo)), Some(Exact(p @ V::Percent(Percent(n)))), None)
                if n >= 0 =>
            {
                lower(vec![lo, p])
            }
            (Func::RoundUpDollars, Some(AtLeast(lo)), None, None) => lower(vec![lo]),
            (Func::Min | Func::Max, Some(AtLeast(x)), Some(Exact(y) | AtLeast(y)), None)
            | (Func::Min | Func::Max, Some(Exact(y)), Some(AtLeast(x)), None) => lower(vec![x, y]),
            _ => Unknown,
        }
    }
}

/// Decides `X cmp y` knowing only `X >= lo`, where it can be decided.
fn at_least_compare(cmp: Cmp, lo: &V<'_>, y: &V<'_>) -> Option<bool> {
    let above = compare(Cmp::Gt, lo, y).ok()?;
    let at_or_above = compare(Cmp::Ge, lo, y).ok()?;
    match cmp {
        Cmp::Gt if above => Some(true),
        Cmp::Ge if at_or_above => Some(true),
        Cmp::Lt if at_or_above => Some(false),
        Cmp::Le | Cmp::Eq if above => Some(false),
        Cmp::Ne if above => Some(true),
        _ => None,
    }
}

/// `a cmp X` is `X flipped(cmp) a`.
fn flipped(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        same => same,
    }
}
