//! Career pathways: each step's status for a person, the bridge steps that close a blocked
//! step's unmet requirements, and each ladder's next steps.

use super::expr::V;
use super::{Eval, Missing, Tri};
use crate::decision::StepStatus;
use crate::model::*;
use std::collections::BTreeSet;

impl<'a> Eval<'a> {
    /// A step's status for a person, and what it waits for.
    pub fn step_status(&mut self, i: usize, p: usize) -> (StepStatus, Missing) {
        if let Some(Some(hit)) = self.persons.get(p).map(|m| &m.steps[i]) {
            return hit.clone();
        }
        let result = self.compute_step_status(i, p);
        if let Some(memo) = self.persons.get_mut(p) {
            memo.steps[i] = Some(result.clone());
        }
        result
    }

    fn compute_step_status(&mut self, i: usize, p: usize) -> (StepStatus, Missing) {
        let rs = self.rs;
        let step = &rs.steps[i];
        let (done, mut missing) = match &step.completed {
            Completion::Never => (Tri::False, Missing::new()),
            Completion::Criterion(c) => {
                let r = self.criterion(*c, Some(p));
                (r.truth, r.missing)
            }
            Completion::Credential { fact, credential } => {
                let (value, missing) = self.lookup(NameRef::Fact(*fact), Some(p));
                match value {
                    Some(V::List(items)) => (
                        if items.contains(credential) {
                            Tri::True
                        } else {
                            Tri::False
                        },
                        Missing::new(),
                    ),
                    _ => (Tri::Unknown, missing),
                }
            }
        };
        let (ready, ready_missing) = self.all_of(&step.requires, Some(p));
        let status = match (done, ready) {
            (Tri::True, _) => StepStatus::Completed,
            (Tri::False, Tri::True) => StepStatus::Ready,
            (Tri::False, Tri::False) => StepStatus::Blocked,
            _ => StepStatus::Undetermined,
        };
        if status != StepStatus::Undetermined {
            missing = Missing::new();
        } else if ready == Tri::Unknown {
            missing = Missing::union([&missing, &ready_missing]);
        }
        (status, missing)
    }

    /// The steps that close the unmet requirements of a blocked step.
    fn closers(&mut self, c: usize, p: usize, out: &mut Vec<(usize, usize)>, depth: usize) {
        let rs = self.rs;
        if depth > 16 {
            return;
        }
        if self.truth_of(c, Some(p)) != Tri::False {
            return;
        }
        if let Some(step) = rs.criteria[c].closed_by {
            out.push((step, c));
            return;
        }
        let kids: Vec<usize> = match &rs.criteria[c].body {
            CriterionBody::All(k) | CriterionBody::Any(k) | CriterionBody::AtLeast(_, k) => {
                k.clone()
            }
            _ => Vec::new(),
        };
        for k in kids {
            self.closers(k, p, out, depth + 1);
        }
    }

    /// The bridge steps to take before a blocked `step`, in order, each with the unmet
    /// requirement (criterion) it closes; bridges that are blocked themselves are preceded
    /// by their own bridges.
    pub(crate) fn route(
        &mut self,
        step: usize,
        p: usize,
        route: &mut Vec<(usize, usize)>,
        seen: &mut BTreeSet<usize>,
        depth: usize,
    ) {
        let rs = self.rs;
        if depth > 8 {
            return;
        }
        let mut found = Vec::new();
        for &c in &rs.steps[step].requires {
            self.closers(c, p, &mut found, 0);
        }
        for (bridge, because) in found {
            if !seen.insert(bridge) {
                continue;
            }
            let (status, _) = self.step_status(bridge, p);
            if status == StepStatus::Completed {
                continue;
            }
            if status == StepStatus::Blocked {
                self.route(bridge, p, route, seen, depth + 1);
            }
            route.push((bridge, because));
        }
    }

    /// A ladder for a person: `None` when it does not apply.
    pub(super) fn ladder(
        &mut self,
        l: usize,
        p: usize,
        asked: &mut Vec<Missing>,
    ) -> Option<LadderOutcome> {
        let rs = self.rs;
        let ladder = &rs.ladders[l];
        let applies = match ladder.applies {
            None => Tri::True,
            Some(c) => {
                let r = self.criterion(c, Some(p));
                if r.truth == Tri::Unknown {
                    asked.push(r.missing.clone());
                }
                r.truth
            }
        };
        if applies == Tri::False {
            return None;
        }
        let steps: Vec<(usize, StepStatus, Missing)> = ladder
            .steps
            .iter()
            .map(|&s| {
                let (status, missing) = self.step_status(s, p);
                (s, status, missing)
            })
            .collect();
        let mut next = Vec::new();
        for (s, status, missing) in &steps {
            let (s, status) = (*s, *status);
            if status == StepStatus::Completed {
                continue;
            }
            let predecessors_done = rs.steps[s]
                .after
                .iter()
                .all(|&a| self.step_status(a, p).0 == StepStatus::Completed);
            if !predecessors_done {
                continue;
            }
            if status == StepStatus::Undetermined {
                asked.push(missing.clone());
            }
            let mut first = Vec::new();
            if status == StepStatus::Blocked {
                let mut seen = BTreeSet::from([s]);
                self.route(s, p, &mut first, &mut seen, 0);
            }
            next.push(NextOutcome {
                step: s,
                status,
                first,
                missing: missing.clone(),
            });
        }
        Some(LadderOutcome {
            index: l,
            applies,
            steps,
            next,
        })
    }
}

/// A ladder that applies (or may apply) to a person.
pub(super) struct LadderOutcome {
    pub index: usize,
    pub applies: Tri,
    /// Each step, its status and what an undetermined status waits for.
    pub steps: Vec<(usize, StepStatus, Missing)>,
    pub next: Vec<NextOutcome>,
}

/// A rung to take now, with the bridges (step, requirement closed) to take first.
pub(super) struct NextOutcome {
    pub step: usize,
    pub status: StepStatus,
    pub first: Vec<(usize, usize)>,
    pub missing: Missing,
}
