//! Criteria trees (Kleene logic), derived facts and aggregates over persons, memoized by
//! index in the household's or the person's frame.

use super::expr::{Outcome, V};
use super::{who, CritResult, Eval, Missing, Resolved, Tri};
use crate::model::*;
use crate::value::{MissingRef, Val};

impl<'a> Eval<'a> {
    /// Evaluates (once) derived fact `i` for a person, or the household.
    pub(super) fn derived(&mut self, i: usize, person: Option<usize>) {
        let rs = self.rs;
        let d = &rs.derived[i];
        let person = who(d.scope, person);
        if self.frame(d.scope, person).derived[i].is_some() {
            return;
        }
        let result = match &d.body {
            DerivedBody::Expr(e) => match self.expression(e, person) {
                Outcome::Value(v) => match Self::checked_kind(&v, &d.ty) {
                    Ok(()) => Resolved {
                        value: Some(v),
                        missing: Missing::new(),
                        at_least: None,
                    },
                    Err(message) => {
                        self.errors.insert((d.id.clone(), person), message);
                        Resolved {
                            value: None,
                            missing: Missing::new(),
                            at_least: None,
                        }
                    }
                },
                Outcome::Unknown(m) => Resolved {
                    value: None,
                    missing: m,
                    at_least: None,
                },
                Outcome::AtLeast(v, m) => Resolved {
                    value: None,
                    missing: m,
                    at_least: Some(v),
                },
                Outcome::Error(msg) => {
                    self.errors.insert((d.id.clone(), person), msg);
                    Resolved {
                        value: None,
                        missing: Missing::new(),
                        at_least: None,
                    }
                }
            },
            DerivedBody::Criterion(c) => {
                let r = self.criterion(*c, person);
                match r.truth {
                    Tri::True => Resolved {
                        value: Some(Val::Bool(true)),
                        missing: Missing::new(),
                        at_least: None,
                    },
                    Tri::False => Resolved {
                        value: Some(Val::Bool(false)),
                        missing: Missing::new(),
                        at_least: None,
                    },
                    Tri::Unknown => Resolved {
                        value: None,
                        missing: r.missing,
                        at_least: None,
                    },
                }
            }
            body @ DerivedBody::Aggregate { .. } => self.aggregate(body, &d.ty),
        };
        self.frame_mut(d.scope, person).derived[i] = Some(result);
    }

    /// An aggregate over the listed persons, definite only as far as the listed persons
    /// are the whole unit (`coverage`): over a unit not all listed, a witness still decides
    /// `any` (true) and `all` (false), a sum is definite with the others' total (`others`)
    /// and otherwise at least the listed total (`never_negative`); the rest is unknown.
    fn aggregate(&mut self, body: &'a DerivedBody, ty: &Ty) -> Resolved {
        let DerivedBody::Aggregate {
            op,
            of,
            filter,
            unit_size,
            others,
            never_negative,
        } = body
        else {
            unreachable!("aggregate() is called for aggregate bodies only")
        };
        let (op, of, filter) = (*op, *of, *filter);
        let mut missing: Vec<Missing> = Vec::new();
        let mut unknown = false;
        let (mut sum, mut count, mut any, mut all) = (0_i128, 0_i64, Tri::False, Tri::True);
        // The listed persons surely in the unit, and whether anyone's membership is unknown.
        let (mut in_unit, mut unit_unknown) = (0_i64, false);
        // The sum of the terms known, and whether one of them is below zero.
        let (mut known_sum, mut negative) = (0_i128, false);
        let mut extreme: Option<Val> = None;
        // The declared type decides, so a sum over nobody is $0.00, not the number 0.
        let mut money = *ty == Ty::Money;
        for p in 0..self.case.persons.len() {
            // Is this person included? Kleene: unknown inclusion makes numeric results unknown.
            let included = match filter {
                None => Tri::True,
                Some(f) => {
                    self.ensure(f, Some(p));
                    let (value, m) = self.lookup(f, Some(p));
                    match value {
                        Some(V::Bool(true)) => Tri::True,
                        Some(V::Bool(false)) => Tri::False,
                        _ => {
                            missing.push(m);
                            Tri::Unknown
                        }
                    }
                }
            };
            match included {
                Tri::False => continue,
                Tri::True => in_unit += 1,
                Tri::Unknown => unit_unknown = true,
            }
            self.ensure(of, Some(p));
            let (value, m) = self.lookup(of, Some(p));
            if value.is_none() {
                missing.push(m);
            }
            match op {
                Aggregate::Any | Aggregate::All | Aggregate::Count => {
                    let v = match value {
                        Some(V::Bool(true)) => Tri::True,
                        Some(V::Bool(false)) => Tri::False,
                        _ => Tri::Unknown,
                    };
                    let term = and(included, v);
                    match op {
                        Aggregate::Any => any = or(any, term),
                        Aggregate::All => all = and(all, or(not(included), v)),
                        _ => match term {
                            Tri::True => count += 1,
                            Tri::False => {}
                            Tri::Unknown => unknown = true,
                        },
                    }
                }
                _ => {
                    if included == Tri::Unknown {
                        unknown = true;
                    }
                    let term = match value {
                        Some(V::Money(m)) => {
                            money = true;
                            extreme = pick(op, extreme, Val::Money(m));
                            Some(i128::from(m.0))
                        }
                        Some(V::Int(n)) => {
                            extreme = pick(op, extreme, Val::Int(n));
                            Some(i128::from(n))
                        }
                        _ => None,
                    };
                    match term {
                        Some(t) => {
                            sum += t;
                            negative |= t < 0;
                            if included == Tri::True {
                                known_sum += t;
                            }
                        }
                        None => unknown = true,
                    }
                }
            }
        }
        let number = |n: i128| {
            i64::try_from(n).ok().map(|s| {
                if money {
                    Val::Money(crate::money::Money(s))
                } else {
                    Val::Int(s)
                }
            })
        };
        let (complete, coverage_missing) = self.coverage(*unit_size, in_unit, unit_unknown);
        // Terms of zero or more: the known ones add up to a lower bound of the whole (kept
        // only when above zero: "at least $0.00" decides nothing an income test asks).
        let bound = |extra: i128| {
            let lower = known_sum + extra.max(0);
            if *never_negative && !negative && lower > 0 {
                number(lower)
            } else {
                None
            }
        };
        let mut at_least = None;
        let value = if complete {
            match op {
                Aggregate::Any => tri_val(any),
                Aggregate::All => tri_val(all),
                Aggregate::Sum if unknown => {
                    at_least = bound(0);
                    None
                }
                _ if unknown => None,
                Aggregate::Count => Some(Val::Int(count)),
                Aggregate::Sum => number(sum),
                Aggregate::Min | Aggregate::Max => extreme,
            }
        } else {
            // Someone in the unit is not listed: only what they cannot change is definite.
            missing.push(coverage_missing);
            match op {
                Aggregate::Any if any == Tri::True => Some(Val::Bool(true)),
                Aggregate::All if all == Tri::False => Some(Val::Bool(false)),
                Aggregate::Sum => {
                    let with_others = match others.as_deref() {
                        Some(e) => match self.expression(e, None) {
                            super::expr::Outcome::Value(Val::Money(o)) => Some(i128::from(o.0)),
                            super::expr::Outcome::Value(Val::Int(o)) => Some(i128::from(o)),
                            super::expr::Outcome::Unknown(m)
                            | super::expr::Outcome::AtLeast(_, m) => {
                                missing.push(m);
                                None
                            }
                            _ => None,
                        },
                        None => None,
                    };
                    match with_others {
                        Some(o) if !unknown => number(sum + o),
                        _ => {
                            at_least = bound(with_others.unwrap_or(0));
                            None
                        }
                    }
                }
                _ => None,
            }
        };
        let missing = if value.is_some() {
            Missing::new()
        } else {
            Missing::union(&missing)
        };
        Resolved {
            value,
            missing,
            at_least,
        }
    }

    /// Whether the listed persons are the whole unit an aggregate is about, and if not,
    /// what would settle it. The household is complete when its size is known and all
    /// of it is listed (or the case says so); a unit with a `unit_size` (a family) also
    /// when that many listed persons are surely in it. An empty list is never complete:
    /// no persons is "composition unknown", not "nobody".
    fn coverage(
        &mut self,
        unit_size: Option<NameRef>,
        in_unit: i64,
        unit_unknown: bool,
    ) -> (bool, Missing) {
        let listed = self.case.persons.len();
        let meta = &self.rs.meta;
        let fact = |i: usize| self.household_facts[i];
        let said_complete = meta
            .household_complete_fact
            .and_then(fact)
            .map(|v| matches!(v, Val::Bool(true)));
        let size = meta.household_size_fact.map(|i| (i, fact(i)));
        let household = match (listed, said_complete, size) {
            (0, ..) => Err(MissingRef::Members),
            (_, Some(true), _) => Ok(()),
            (_, _, Some((_, Some(Val::Int(n))))) if *n <= listed as i64 => Ok(()),
            (_, _, Some((_, Some(_)))) | (_, Some(false), _) => Err(MissingRef::Members),
            (_, _, Some((i, None))) => Err(MissingRef::Fact {
                fact: i,
                person: None,
            }),
            (_, _, None) => Ok(()),
        };
        let Err(household_missing) = household else {
            return (true, Missing::new());
        };
        let mut waiting = vec![household_missing];
        if let Some(u) = unit_size {
            self.ensure(u, None);
            match self.lookup(u, None) {
                (Some(V::Int(n)), _) if !unit_unknown && in_unit >= n && listed > 0 => {
                    return (true, Missing::new());
                }
                (Some(_), _) => {}
                (None, m) => return (false, Missing::union(&[Missing::from_refs(waiting), m])),
            }
            // The unit is known to be larger than the persons listed in it.
            waiting = vec![MissingRef::Members];
        }
        (false, Missing::from_refs(waiting))
    }

    /// Criterion `c`'s truth for a person, evaluated (once) if need be; a memoized result
    /// is read in place, not copied out as `criterion` does.
    pub(super) fn truth_of(&mut self, c: usize, person: Option<usize>) -> Tri {
        let scope = self.rs.criteria[c].scope;
        if let Some(hit) = &self.frame(scope, who(scope, person)).criteria[c] {
            return hit.truth;
        }
        self.criterion(c, person).truth
    }

    /// Criterion `c` for a person (household criteria are decided once for everyone).
    pub fn criterion(&mut self, c: usize, person: Option<usize>) -> CritResult {
        let rs = self.rs;
        let crit = &rs.criteria[c];
        let person = who(crit.scope, person);
        if let Some(hit) = &self.frame(crit.scope, person).criteria[c] {
            return hit.clone();
        }
        let result = match &crit.body {
            CriterionBody::Expr(e) => {
                let (truth, missing, error) = match self.expression(e, person) {
                    Outcome::Value(Val::Bool(b)) => {
                        (if b { Tri::True } else { Tri::False }, Missing::new(), None)
                    }
                    Outcome::Value(_) => (
                        Tri::Unknown,
                        Missing::new(),
                        Some("the expression did not give true or false".to_string()),
                    ),
                    Outcome::Unknown(m) | Outcome::AtLeast(_, m) => (Tri::Unknown, m, None),
                    Outcome::Error(msg) => (Tri::Unknown, Missing::new(), Some(msg)),
                };
                if let Some(msg) = &error {
                    self.errors.insert((crit.id.clone(), person), msg.clone());
                }
                CritResult {
                    truth,
                    missing,
                    error: error.map(std::rc::Rc::from),
                }
            }
            CriterionBody::Not(k) => {
                let r = self.criterion(*k, person);
                CritResult {
                    truth: not(r.truth),
                    missing: r.missing,
                    error: None,
                }
            }
            CriterionBody::All(kids) => self.combine(kids, person, |falses, unknowns, _| {
                if falses > 0 {
                    Tri::False
                } else if unknowns > 0 {
                    Tri::Unknown
                } else {
                    Tri::True
                }
            }),
            CriterionBody::Any(kids) => self.combine(kids, person, |_, unknowns, trues| {
                if trues > 0 {
                    Tri::True
                } else if unknowns > 0 {
                    Tri::Unknown
                } else {
                    Tri::False
                }
            }),
            CriterionBody::AtLeast(n, kids) => {
                let n = *n;
                self.combine(kids, person, |_, unknowns, trues| {
                    if trues >= n {
                        Tri::True
                    } else if trues + unknowns < n {
                        Tri::False
                    } else {
                        Tri::Unknown
                    }
                })
            }
        };
        self.frame_mut(crit.scope, person).criteria[c] = Some(result.clone());
        result
    }

    /// Combines children: `decide(falses, unknowns, trues)`; an unknown result waits for
    /// what its unknown children wait for. Every child is evaluated (no short cut), so the
    /// explanation of each part is always at hand.
    fn combine(
        &mut self,
        kids: &[usize],
        person: Option<usize>,
        decide: impl Fn(usize, usize, usize) -> Tri,
    ) -> CritResult {
        let (mut trues, mut falses, mut unknowns) = (0, 0, 0);
        for (n, &k) in kids.iter().enumerate() {
            match self.truth_of(k, person) {
                Tri::True => trues += 1,
                Tri::False => falses += 1,
                Tri::Unknown => unknowns += 1,
            }
            // Kleene's connectives are monotone: a result already definite with the rest
            // taken as unknown is the result whatever the rest are.
            if self.settle_early {
                let rest = kids.len() - n - 1;
                let settled = decide(falses, unknowns + rest, trues);
                if settled != Tri::Unknown {
                    return CritResult {
                        truth: settled,
                        missing: Missing::new(),
                        error: None,
                    };
                }
            }
        }
        let truth = decide(falses, unknowns, trues);
        // Only an unknown result gathers what it waits for (the children are memoized).
        let missing = if truth == Tri::Unknown {
            Missing::union(kids.iter().filter_map(|&k| {
                let r = self.criterion(k, person);
                (r.truth == Tri::Unknown).then_some(r.missing)
            }))
        } else {
            Missing::new()
        };
        CritResult {
            truth,
            missing,
            error: None,
        }
    }

    /// Kleene AND over criteria (used for "eligible" and "requires" lists).
    pub(super) fn all_of(&mut self, list: &[usize], person: Option<usize>) -> (Tri, Missing) {
        let r = self.combine(list, person, |falses, unknowns, _| {
            if falses > 0 {
                Tri::False
            } else if unknowns > 0 {
                Tri::Unknown
            } else {
                Tri::True
            }
        });
        (r.truth, r.missing)
    }
}

pub(super) fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::False, _) | (_, Tri::False) => Tri::False,
        (Tri::True, Tri::True) => Tri::True,
        _ => Tri::Unknown,
    }
}

pub(super) fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::True, _) | (_, Tri::True) => Tri::True,
        (Tri::False, Tri::False) => Tri::False,
        _ => Tri::Unknown,
    }
}

pub(super) fn not(a: Tri) -> Tri {
    match a {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    }
}

fn tri_val(t: Tri) -> Option<Val> {
    match t {
        Tri::True => Some(Val::Bool(true)),
        Tri::False => Some(Val::Bool(false)),
        Tri::Unknown => None,
    }
}

fn pick(op: Aggregate, current: Option<Val>, next: Val) -> Option<Val> {
    let key = |v: &Val| match v {
        Val::Money(m) => m.0,
        Val::Int(n) => *n,
        _ => 0,
    };
    Some(match current {
        None => next,
        Some(c) => {
            let take = if op == Aggregate::Min {
                key(&next) < key(&c)
            } else {
                key(&next) > key(&c)
            };
            if take {
                next
            } else {
                c
            }
        }
    })
}
