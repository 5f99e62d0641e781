//! Criteria trees (Kleene logic), derived facts and aggregates over persons, memoized by
//! index in the household's or the person's frame.

use super::expr::{Outcome, V};
use super::{who, CritResult, Eval, Missing, Resolved, Tri};
use crate::model::*;
use crate::value::Val;

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
                    },
                    Err(message) => {
                        self.errors.insert((d.id.clone(), person), message);
                        Resolved {
                            value: None,
                            missing: Missing::new(),
                        }
                    }
                },
                Outcome::Unknown(m) => Resolved {
                    value: None,
                    missing: m,
                },
                Outcome::Error(msg) => {
                    self.errors.insert((d.id.clone(), person), msg);
                    Resolved {
                        value: None,
                        missing: Missing::new(),
                    }
                }
            },
            DerivedBody::Criterion(c) => {
                let r = self.criterion(*c, person);
                match r.truth {
                    Tri::True => Resolved {
                        value: Some(Val::Bool(true)),
                        missing: Missing::new(),
                    },
                    Tri::False => Resolved {
                        value: Some(Val::Bool(false)),
                        missing: Missing::new(),
                    },
                    Tri::Unknown => Resolved {
                        value: None,
                        missing: r.missing,
                    },
                }
            }
            DerivedBody::Aggregate { op, of, filter } => self.aggregate(*op, *of, *filter, &d.ty),
        };
        self.frame_mut(d.scope, person).derived[i] = Some(result);
    }

    fn aggregate(
        &mut self,
        op: Aggregate,
        of: NameRef,
        filter: Option<NameRef>,
        ty: &Ty,
    ) -> Resolved {
        let mut missing: Vec<Missing> = Vec::new();
        let mut unknown = false;
        let (mut sum, mut count, mut any, mut all) = (0_i128, 0_i64, Tri::False, Tri::True);
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
            if included == Tri::False {
                continue;
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
                    match value {
                        Some(V::Money(m)) => {
                            money = true;
                            sum += i128::from(m.0);
                            extreme = pick(op, extreme, Val::Money(m));
                        }
                        Some(V::Int(n)) => {
                            sum += i128::from(n);
                            extreme = pick(op, extreme, Val::Int(n));
                        }
                        _ => unknown = true,
                    }
                }
            }
        }
        let value = match op {
            Aggregate::Any => tri_val(any),
            Aggregate::All => tri_val(all),
            _ if unknown => None,
            Aggregate::Count => Some(Val::Int(count)),
            Aggregate::Sum => i64::try_from(sum).ok().map(|s| {
                if money {
                    Val::Money(crate::money::Money(s))
                } else {
                    Val::Int(s)
                }
            }),
            Aggregate::Min | Aggregate::Max => extreme,
        };
        let missing = if value.is_some() {
            Missing::new()
        } else {
            Missing::union(&missing)
        };
        Resolved { value, missing }
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
                    Outcome::Unknown(m) => (Tri::Unknown, m, None),
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
        for &k in kids {
            match self.criterion(k, person).truth {
                Tri::True => trues += 1,
                Tri::False => falses += 1,
                Tri::Unknown => unknowns += 1,
            }
        }
        let truth = decide(falses, unknowns, trues);
        // Only an unknown result gathers what it waits for (the children are memoized).
        let missing = if truth == Tri::Unknown {
            let waiting: Vec<Missing> = kids
                .iter()
                .filter_map(|&k| {
                    let r = self.criterion(k, person);
                    (r.truth == Tri::Unknown).then_some(r.missing)
                })
                .collect();
            Missing::union(&waiting)
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
