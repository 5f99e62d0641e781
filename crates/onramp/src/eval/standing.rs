//! One program's, service's or step's standing for one person, without deciding the rest
//! of the case: what "how could I qualify?" and the wage sweep evaluate many times over.

use super::{Eval, Tri};
use crate::decision::{Status, StepStatus};
use crate::model::{CriterionBody, Scope};

/// What a what-if is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    Program(usize),
    Service(usize),
    Step(usize),
}

/// Where an item stands: reached (eligible, ready or completed), and how far off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Standing {
    /// `eligible`/`ineligible`/`undetermined` for programs and services, a step's status
    /// for steps.
    pub word: &'static str,
    pub reached: bool,
    /// Top-level criteria (requirements, for steps) not met.
    pub unmet: usize,
    /// Of those, the ones unknown.
    pub unknown: usize,
}

/// Whether an item's status word is its goal: eligible, or a step ready or completed.
fn reaches(item: Item, word: &str) -> bool {
    match item {
        Item::Step(_) => {
            word == StepStatus::Completed.as_str() || word == StepStatus::Ready.as_str()
        }
        _ => word == Status::Eligible.as_str(),
    }
}

impl<'a> Eval<'a> {
    /// The top-level criteria of an item, and the person they are decided for.
    pub(crate) fn item_criteria(&self, item: Item, person: usize) -> (&'a [usize], Option<usize>) {
        let rs: &'a crate::RuleSet = self.rs;
        match item {
            Item::Program(i) => (&rs.programs[i].eligible, Some(person)),
            Item::Service(i) => {
                let s = &rs.services[i];
                let who = match s.scope {
                    Scope::Household => None,
                    Scope::Person => Some(person),
                };
                (s.eligible.as_deref().unwrap_or_default(), who)
            }
            Item::Step(i) => (&rs.steps[i].requires, Some(person)),
        }
    }

    /// An item's status word: a step's status, or the Kleene truth of a program's or a
    /// service's top-level criteria, the very truth the decision gives it.
    pub(crate) fn status_word(&mut self, item: Item, person: usize) -> &'static str {
        match item {
            Item::Step(i) => self.step_status(i, person).0.as_str(),
            _ => {
                let (criteria, who) = self.item_criteria(item, person);
                self.all_of(criteria, who).0.status().as_str()
            }
        }
    }

    /// Whether an item is reached: eligible, or a step ready or completed.
    pub(crate) fn reached(&mut self, item: Item, person: usize) -> bool {
        let word = self.status_word(item, person);
        reaches(item, word)
    }

    pub(crate) fn standing(&mut self, item: Item, person: usize) -> Standing {
        let word = self.status_word(item, person);
        let (criteria, who) = self.item_criteria(item, person);
        let mut unmet = 0;
        let mut unknown = 0;
        for &c in criteria {
            let (d, u) = self.distance(c, who, 0);
            unmet += d;
            unknown += u;
        }
        let reached = reaches(item, word);
        Standing {
            word,
            reached,
            unmet: if reached { 0 } else { unmet.max(1) },
            unknown,
        }
    }

    /// How many leaf criteria under `c` would have to turn true for it to hold (all: their
    /// sum; any: the least; at least n: the n least), and how many of those are only
    /// unknown: a measure of how close a changed case came.
    fn distance(&mut self, c: usize, person: Option<usize>, depth: usize) -> (usize, usize) {
        let t = self.truth_of(c, person);
        if t == Tri::True {
            return (0, 0);
        }
        let leaf = if t == Tri::Unknown { (1, 1) } else { (1, 0) };
        if depth > 32 {
            return leaf;
        }
        let rs = self.rs;
        match &rs.criteria[c].body {
            CriterionBody::All(kids) => {
                let mut sum = (0, 0);
                for &k in kids {
                    let d = self.distance(k, person, depth + 1);
                    sum = (sum.0 + d.0, sum.1 + d.1);
                }
                if sum.0 == 0 {
                    leaf
                } else {
                    sum
                }
            }
            CriterionBody::Any(kids) => {
                let mut best: Option<(usize, usize)> = None;
                for &k in kids {
                    let d = self.distance(k, person, depth + 1);
                    if best.is_none_or(|b| {
                        (d.0, std::cmp::Reverse(d.1)) < (b.0, std::cmp::Reverse(b.1))
                    }) {
                        best = Some(d);
                    }
                }
                best.filter(|b| b.0 > 0).unwrap_or(leaf)
            }
            CriterionBody::AtLeast(n, kids) => {
                let mut ds: Vec<(usize, usize)> = kids
                    .iter()
                    .map(|&k| self.distance(k, person, depth + 1))
                    .collect();
                ds.sort();
                let sum = ds
                    .iter()
                    .take(*n)
                    .fold((0, 0), |a, d| (a.0 + d.0, a.1 + d.1));
                if sum.0 == 0 {
                    leaf
                } else {
                    sum
                }
            }
            CriterionBody::Expr(_) | CriterionBody::Not(_) => leaf,
        }
    }

    /// Whether criterion `c` holds for `person` (or the household).
    pub(crate) fn holds(&mut self, c: usize, person: Option<usize>) -> Option<bool> {
        match self.truth_of(c, person) {
            Tri::True => Some(true),
            Tri::False => Some(false),
            Tri::Unknown => None,
        }
    }
}

impl Eval<'_> {
    /// The facts an item's unmet criteria wait for: (fact, person, path into the case).
    pub(crate) fn item_missing(
        &mut self,
        item: Item,
        person: usize,
    ) -> Vec<(usize, Option<usize>, String)> {
        let (criteria, who) = self.item_criteria(item, person);
        let mut out: Vec<(usize, Option<usize>, String)> = Vec::new();
        for &c in criteria {
            let r = self.criterion(c, who);
            if r.truth != Tri::Unknown {
                continue;
            }
            for m in r.missing.iter() {
                if let crate::value::MissingRef::Fact { fact, person } = *m {
                    let path = self.path(m);
                    if !out.iter().any(|(_, _, p)| *p == path) {
                        out.push((fact, person, path));
                    }
                }
            }
        }
        out
    }
}
