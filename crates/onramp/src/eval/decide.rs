//! Deciding a whole case: programs, services and ladders for the household and each person,
//! and the next questions, ranked by how many undetermined decisions each missing fact
//! could settle. The outcome is kept by index; `render.rs` turns it into the decision at the
//! detail level asked for.

use super::pathways::LadderOutcome;
use super::{Eval, Missing, Tri};
use crate::model::*;
use crate::value::MissingRef;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct ProgramOutcome {
    pub index: usize,
    pub truth: Tri,
    pub missing: Missing,
    /// For an eligible program with priority groups.
    pub priority: Option<PriorityOutcome>,
}

/// The first group that holds, unless an unknown group before it leaves priority open.
pub(super) struct PriorityOutcome {
    /// The group (index in the program's list), when decided.
    pub group: Option<usize>,
    pub open: Missing,
}

pub(super) struct ServiceOutcome {
    pub index: usize,
    pub need: Tri,
    pub need_missing: Missing,
    pub eligible: Option<(Tri, Missing)>,
}

pub(super) struct PersonOutcome {
    pub programs: Vec<ProgramOutcome>,
    pub services: Vec<ServiceOutcome>,
    pub ladders: Vec<LadderOutcome>,
}

pub(super) struct CaseOutcome {
    pub household: Vec<ServiceOutcome>,
    pub persons: Vec<PersonOutcome>,
    /// Missing facts (ranked) and how many undetermined decisions each could settle.
    pub questions: Vec<(MissingRef, usize)>,
    /// Parameters with no value in force that some decision waits for.
    pub unknown_parameters: BTreeSet<usize>,
}

/// Which programs, services and ladders to decide.
pub(crate) struct Only<'o>(pub Option<&'o [String]>);

impl Only<'_> {
    fn takes(&self, id: &str) -> bool {
        self.0.is_none_or(|ids| ids.iter().any(|x| x == id))
    }
}

impl<'a> Eval<'a> {
    pub(super) fn program(
        &mut self,
        i: usize,
        p: usize,
        asked: &mut Vec<Missing>,
    ) -> ProgramOutcome {
        let prog = &self.rs.programs[i];
        let (truth, missing) = self.all_of(&prog.eligible, Some(p));
        if truth == Tri::Unknown {
            asked.push(missing.clone());
        }
        let priority = if truth == Tri::True && !prog.priority.is_empty() {
            let mut open: Vec<Missing> = Vec::new();
            let mut decided = None;
            for (gi, g) in prog.priority.iter().enumerate() {
                let r = self.criterion(g.when, Some(p));
                match r.truth {
                    Tri::True => {
                        decided = Some(gi);
                        break;
                    }
                    Tri::False => {}
                    Tri::Unknown => open.push(r.missing),
                }
            }
            let open = Missing::union(&open);
            let group = decided.filter(|_| open.is_empty());
            if group.is_none() {
                asked.push(open.clone());
            }
            Some(PriorityOutcome { group, open })
        } else {
            None
        };
        ProgramOutcome {
            index: i,
            truth,
            missing: if truth == Tri::Unknown {
                missing
            } else {
                Missing::new()
            },
            priority,
        }
    }

    pub(super) fn service(
        &mut self,
        i: usize,
        person: Option<usize>,
        asked: &mut Vec<Missing>,
    ) -> ServiceOutcome {
        let s = &self.rs.services[i];
        let (need, need_missing) = self.all_of(&s.need, person);
        if need == Tri::Unknown {
            asked.push(need_missing.clone());
        }
        let eligible = s.eligible.as_ref().map(|list| {
            let (t, m) = self.all_of(list, person);
            if t == Tri::Unknown && need != Tri::False {
                asked.push(m.clone());
            }
            (t, if t == Tri::Unknown { m } else { Missing::new() })
        });
        ServiceOutcome {
            index: i,
            need,
            need_missing: if need == Tri::Unknown {
                need_missing
            } else {
                Missing::new()
            },
            eligible,
        }
    }

    /// Decides everything `only` takes, for the household and every person.
    pub(super) fn outcome(&mut self, only: &Only<'_>) -> CaseOutcome {
        let rs = self.rs;
        let mut asked: Vec<Missing> = Vec::new();
        let taken_services = |scope: Scope| -> Vec<usize> {
            (0..rs.services.len())
                .filter(|&s| rs.services[s].scope == scope && only.takes(&rs.services[s].id))
                .collect()
        };
        let household_services = taken_services(Scope::Household);
        let person_services = taken_services(Scope::Person);
        let programs: Vec<usize> = (0..rs.programs.len())
            .filter(|&i| only.takes(&rs.programs[i].id))
            .collect();
        let ladders: Vec<usize> = (0..rs.ladders.len())
            .filter(|&l| only.takes(&rs.ladders[l].id))
            .collect();
        let household = household_services
            .iter()
            .map(|&s| self.service(s, None, &mut asked))
            .collect();
        let mut persons = Vec::with_capacity(self.case.persons.len());
        for p in 0..self.case.persons.len() {
            let programs = programs
                .iter()
                .map(|&i| self.program(i, p, &mut asked))
                .collect();
            let services = person_services
                .iter()
                .map(|&s| self.service(s, Some(p), &mut asked))
                .collect();
            let ladders = ladders
                .iter()
                .filter_map(|&l| self.ladder(l, p, &mut asked))
                .collect();
            persons.push(PersonOutcome {
                programs,
                services,
                ladders,
            });
        }
        let (questions, unknown_parameters) = rank_questions(&asked);
        CaseOutcome {
            household,
            persons,
            questions,
            unknown_parameters,
        }
    }
}

/// Ranks missing facts by how many undetermined decisions each could settle, then by
/// declaration order (fact, then person); parameters are set apart.
fn rank_questions(asked: &[Missing]) -> (Vec<(MissingRef, usize)>, BTreeSet<usize>) {
    let mut counts: BTreeMap<MissingRef, usize> = BTreeMap::new();
    let mut unknown_params = BTreeSet::new();
    for set in asked {
        for m in set.iter() {
            match m {
                MissingRef::Param(p) => {
                    unknown_params.insert(*p);
                }
                fact => *counts.entry(*fact).or_default() += 1,
            }
        }
    }
    let mut ranked: Vec<(MissingRef, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| {
        let key = |m: &MissingRef| match m {
            MissingRef::Fact { fact, person } => (*fact, person.map_or(0, |p| p + 1)),
            MissingRef::Param(p) => (*p, 0),
            // The members not listed come after the facts that settle as much.
            MissingRef::Members => (usize::MAX, 0),
        };
        b.1.cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0)))
    });
    (ranked, unknown_params)
}
