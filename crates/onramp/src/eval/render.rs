//! The decided outcome as users see it: a full decision (every criterion's result, values
//! once per person, texts left to the catalog), a summary (statuses and the top-level
//! reasons, with their wording), or the explanation of one item in full.

use super::decide::{CaseOutcome, Only, ProgramOutcome, ServiceOutcome};
use super::explain::Gathered;
use super::pathways::{LadderOutcome, NextOutcome};
use super::{Eval, Missing, Tri};
use crate::decision::*;
use crate::model::*;
use crate::value::MissingRef;
use std::collections::BTreeMap;

/// How many questions a summary lists unless asked for more.
pub(crate) const SUMMARY_QUESTIONS: usize = 10;

fn need_of(t: Tri) -> Need {
    match t {
        Tri::True => Need::Needed,
        Tri::False => Need::NotNeeded,
        Tri::Unknown => Need::Undetermined,
    }
}

impl<'a> Eval<'a> {
    fn rules_info(&self) -> RulesInfo {
        RulesInfo {
            name: self.rs.meta.name.clone(),
            version: self.rs.meta.version.clone(),
            hash: self.rs.hash.clone(),
        }
    }

    fn rule_errors(&mut self) -> Vec<RuleError> {
        std::mem::take(&mut self.errors)
            .into_iter()
            .map(|((rule, person), message)| RuleError {
                rule,
                person,
                message,
            })
            .collect()
    }

    pub(super) fn question(
        &self,
        m: &MissingRef,
        settles: usize,
        worded: bool,
    ) -> Option<Question> {
        if *m == MissingRef::Members {
            return Some(self.members_question(settles, worded));
        }
        let MissingRef::Fact { fact, person } = *m else {
            return None;
        };
        let f = &self.rs.facts[fact];
        Some(Question {
            path: self.path(m),
            fact: f.id.clone(),
            person,
            text: worded.then(|| {
                if f.question.is_empty() {
                    f.description.clone()
                } else {
                    self.text(&f.question)
                }
            }),
            ty: worded.then(|| f.ty.name().to_string()),
            settles,
        })
    }

    /// The household members the case does not list, asked as one question: how many
    /// are missing when the household's size says so.
    fn members_question(&self, settles: usize, worded: bool) -> Question {
        let text = worded.then(|| {
            let unlisted = self.members_unlisted();
            let asked = self.text(&self.rs.meta.members_question);
            let asked = if asked.is_empty() {
                "Tell us about the other people in your household ({count})".to_string()
            } else {
                asked
            };
            asked.replace(
                "{count}",
                &unlisted.map_or_else(|| "?".to_string(), |n| n.to_string()),
            )
        });
        Question {
            path: "persons".into(),
            fact: "persons".into(),
            person: None,
            text,
            ty: worded.then(|| "persons".to_string()),
            settles,
        }
    }

    fn priority(&self, prog: &Program, o: &ProgramOutcome) -> Option<PriorityDecision> {
        o.priority.as_ref().map(|pr| match pr.group {
            Some(g) => PriorityDecision {
                status: Status::Eligible,
                group: Some(prog.priority[g].id.clone()),
                because: Some(self.rs.criteria[prog.priority[g].when].id.clone()),
                missing: Vec::new(),
            },
            None => PriorityDecision {
                status: Status::Undetermined,
                group: None,
                because: None,
                missing: self.paths(&pr.open),
            },
        })
    }

    fn next_step(&self, n: &NextOutcome) -> NextStep {
        let rs = self.rs;
        NextStep {
            step: rs.steps[n.step].id.clone(),
            status: n.status,
            first: n
                .first
                .iter()
                .map(|&(step, closes)| RouteStep {
                    step: rs.steps[step].id.clone(),
                    closes: rs.criteria[closes].id.clone(),
                })
                .collect(),
            missing: self.paths(&n.missing),
        }
    }

    /// The full decision.
    pub fn decide(mut self, only: &Only<'_>) -> Decision {
        let rs = self.rs;
        let outcome = self.outcome(only);
        let mut gathered = Gathered::default();
        let household_services = outcome
            .household
            .iter()
            .map(|o| self.full_service(o, None, &mut gathered))
            .collect();
        let household = HouseholdDecision {
            services: household_services,
            criteria: std::mem::take(&mut gathered.criteria),
            values: std::mem::take(&mut gathered.values),
        };
        let mut persons = Vec::with_capacity(outcome.persons.len());
        for (p, po) in outcome.persons.iter().enumerate() {
            let mut g = Gathered::default();
            let programs = po
                .programs
                .iter()
                .map(|o| {
                    let prog = &rs.programs[o.index];
                    for &c in &prog.eligible {
                        self.gather(c, Some(p), &mut g, 0);
                    }
                    if let Some(group) = o.priority.as_ref().and_then(|x| x.group) {
                        self.gather(prog.priority[group].when, Some(p), &mut g, 0);
                    }
                    ProgramDecision {
                        id: prog.id.clone(),
                        status: o.truth.status(),
                        priority: self.priority(prog, o),
                        missing: self.paths(&o.missing),
                    }
                })
                .collect();
            let services = po
                .services
                .iter()
                .map(|o| self.full_service(o, Some(p), &mut g))
                .collect();
            let pathways = po
                .ladders
                .iter()
                .map(|l| self.full_ladder(l, p, &mut g))
                .collect();
            persons.push(PersonDecision {
                index: p,
                id: self.case.persons[p].id.clone(),
                programs,
                services,
                pathways,
                criteria: g.criteria,
                values: g.values,
            });
        }
        let next_questions = outcome
            .questions
            .iter()
            .filter_map(|(m, settles)| self.question(m, *settles, false))
            .collect();
        let parameters = std::mem::take(&mut self.parameters_used)
            .into_iter()
            .map(|p| {
                let param = &rs.params[p];
                let used = match param.entry_on(self.as_of) {
                    Some(e) => ParameterUse {
                        from: Some(e.from.to_string()),
                        status: entry_status(e),
                    },
                    None => ParameterUse {
                        from: None,
                        status: "missing".into(),
                    },
                };
                (param.id.clone(), used)
            })
            .collect();
        Decision {
            rules: self.rules_info(),
            as_of: self.as_of.to_string(),
            lang: self.lang.clone(),
            detail: "full",
            input_errors: self.case.errors.clone(),
            household,
            persons,
            next_questions,
            unknown_parameters: self.unknown_parameters(&outcome),
            rule_errors: self.rule_errors(),
            parameters,
        }
    }

    fn unknown_parameters(&self, outcome: &CaseOutcome) -> Vec<String> {
        outcome
            .unknown_parameters
            .iter()
            .map(|&p| self.rs.params[p].id.clone())
            .collect()
    }

    fn full_service(
        &mut self,
        o: &ServiceOutcome,
        person: Option<usize>,
        g: &mut Gathered,
    ) -> ServiceDecision {
        let s = &self.rs.services[o.index];
        for &c in s.need.iter().chain(s.eligible.iter().flatten()) {
            self.gather(c, person, g, 0);
        }
        ServiceDecision {
            id: s.id.clone(),
            need: Verdict {
                status: need_of(o.need),
                missing: self.paths(&o.need_missing),
            },
            eligibility: o.eligible.as_ref().map(|(t, m)| Verdict {
                status: t.status(),
                missing: self.paths(m),
            }),
        }
    }

    fn full_ladder(&mut self, l: &LadderOutcome, p: usize, g: &mut Gathered) -> LadderDecision {
        let rs = self.rs;
        let steps = l
            .steps
            .iter()
            .map(|(s, status, missing)| {
                for &c in &rs.steps[*s].requires {
                    self.gather(c, Some(p), g, 0);
                }
                StepDecision {
                    id: rs.steps[*s].id.clone(),
                    status: *status,
                    missing: self.paths(missing),
                }
            })
            .collect();
        LadderDecision {
            id: rs.ladders[l.index].id.clone(),
            applies: l.applies.truth(),
            steps,
            next: l.next.iter().map(|n| self.next_step(n)).collect(),
        }
    }

    /// The summary: statuses, the top-level reasons with their wording, the first
    /// `questions` next questions. No explanation is built.
    pub fn summarize(mut self, only: &Only<'_>, questions: usize) -> DecisionSummary {
        let rs = self.rs;
        let outcome = self.outcome(only);
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        let household = HouseholdSummary {
            services: outcome
                .household
                .iter()
                .map(|o| self.summary_service(o, None, &mut texts))
                .collect(),
        };
        let mut persons = Vec::with_capacity(outcome.persons.len());
        for (p, po) in outcome.persons.iter().enumerate() {
            let programs = po
                .programs
                .iter()
                .map(|o| {
                    let prog = &rs.programs[o.index];
                    let (failed, unknown) =
                        self.reasons(&prog.eligible, o.truth, Some(p), &mut texts);
                    ProgramSummary {
                        id: prog.id.clone(),
                        status: o.truth.status(),
                        priority: self.priority(prog, o),
                        failed,
                        unknown,
                    }
                })
                .collect();
            let services = po
                .services
                .iter()
                .map(|o| self.summary_service(o, Some(p), &mut texts))
                .collect();
            let pathways = po
                .ladders
                .iter()
                .map(|l| {
                    for n in &l.next {
                        for &(_, closes) in &n.first {
                            let c = &rs.criteria[closes];
                            if !texts.contains_key(&c.id) {
                                texts.insert(c.id.clone(), self.text(&c.text));
                            }
                        }
                    }
                    LadderSummary {
                        id: rs.ladders[l.index].id.clone(),
                        applies: l.applies.truth(),
                        steps: l
                            .steps
                            .iter()
                            .map(|(s, status, _)| (rs.steps[*s].id.clone(), *status))
                            .collect(),
                        next: l
                            .next
                            .iter()
                            .map(|n| {
                                let full = self.next_step(n);
                                NextStepSummary {
                                    step: full.step,
                                    status: full.status,
                                    first: full.first,
                                }
                            })
                            .collect(),
                    }
                })
                .collect();
            persons.push(PersonSummary {
                index: p,
                id: self.case.persons[p].id.clone(),
                programs,
                services,
                pathways,
            });
        }
        let asked: Vec<Question> = outcome
            .questions
            .iter()
            .filter_map(|(m, settles)| self.question(m, *settles, true))
            .collect();
        let more_questions = asked.len().saturating_sub(questions);
        DecisionSummary {
            rules: self.rules_info(),
            as_of: self.as_of.to_string(),
            lang: self.lang.clone(),
            detail: "summary",
            input_errors: self.case.errors.clone(),
            household,
            persons,
            criteria: texts,
            next_questions: asked.into_iter().take(questions).collect(),
            more_questions,
            unknown_parameters: self.unknown_parameters(&outcome),
            rule_errors: self.rule_errors(),
        }
    }

    /// The top-level criteria of `list` that are not met (when the whole is false) or
    /// still unknown (when it is unknown), with their wording noted in `texts`.
    fn reasons(
        &mut self,
        list: &[usize],
        whole: Tri,
        person: Option<usize>,
        texts: &mut BTreeMap<String, String>,
    ) -> (Vec<String>, Vec<String>) {
        let (failed, unknown) = self.reason_indices(list, whole, person);
        let mut ids = |list: Vec<usize>| -> Vec<String> {
            list.into_iter()
                .map(|c| {
                    let crit = &self.rs.criteria[c];
                    if !texts.contains_key(&crit.id) {
                        texts.insert(crit.id.clone(), self.text(&crit.text));
                    }
                    crit.id.clone()
                })
                .collect()
        };
        let failed = ids(failed);
        (failed, ids(unknown))
    }

    /// The criteria of `list` that are not met (when the whole is false) or still unknown
    /// (when it is unknown), by index.
    pub(super) fn reason_indices(
        &mut self,
        list: &[usize],
        whole: Tri,
        person: Option<usize>,
    ) -> (Vec<usize>, Vec<usize>) {
        let (mut failed, mut unknown) = (Vec::new(), Vec::new());
        if whole == Tri::True {
            return (failed, unknown);
        }
        for &c in list {
            let truth = self.truth_of(c, person);
            match (whole, truth) {
                (Tri::False, Tri::False) => failed.push(c),
                (Tri::Unknown, Tri::Unknown) => unknown.push(c),
                _ => {}
            }
        }
        (failed, unknown)
    }

    fn summary_service(
        &mut self,
        o: &ServiceOutcome,
        person: Option<usize>,
        texts: &mut BTreeMap<String, String>,
    ) -> ServiceSummary {
        let s = &self.rs.services[o.index];
        // Why a service is not needed is not a reason to show; why it is undetermined is.
        let (_, mut unknown) = if o.need == Tri::Unknown {
            self.reasons(&s.need, o.need, person, texts)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut failed = Vec::new();
        if let (Some(list), Some((t, _))) = (&s.eligible, &o.eligible) {
            if o.need != Tri::False {
                let (f, u) = self.reasons(list, *t, person, texts);
                failed = f;
                unknown.extend(u);
            }
        }
        ServiceSummary {
            id: s.id.clone(),
            need: need_of(o.need),
            eligibility: o.eligible.as_ref().map(|(t, _)| t.status()),
            failed,
            unknown,
        }
    }

    /// One program, service, step or ladder explained in full, for everyone it concerns.
    pub fn explain(mut self, target: &str) -> Result<Explained, String> {
        let rs = self.rs;
        let persons = self.case.persons.len();
        let mut decisions = Vec::new();
        let kind;
        let word = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        // Ids are unique per kind, not across kinds (a service and a ladder may both be
        // `healthcare`): `ladder:healthcare` says which; a bare id takes the first kind.
        let (only_kind, target) = match target.split_once(':') {
            Some((k @ ("program" | "service" | "step" | "ladder"), id)) => (Some(k), id),
            _ => (None, target),
        };
        let wants = |k: &str| only_kind.is_none_or(|o| o == k);
        if let Some(i) = rs
            .programs
            .iter()
            .position(|x| x.id == target)
            .filter(|_| wants("program"))
        {
            kind = "program";
            let prog = &rs.programs[i];
            for p in 0..persons {
                let mut asked = Vec::new();
                let o = self.program(i, p, &mut asked);
                let mut criteria = prog.eligible.clone();
                if o.truth == Tri::True {
                    criteria.extend(prog.priority.iter().map(|g| g.when));
                }
                decisions.push(self.explained(
                    Some(p),
                    word(serde_json::json!(o.truth.status())),
                    &criteria,
                    &o.missing,
                ));
            }
        } else if let Some(i) = rs
            .services
            .iter()
            .position(|x| x.id == target)
            .filter(|_| wants("service"))
        {
            kind = "service";
            let s = &rs.services[i];
            let criteria: Vec<usize> = s
                .need
                .iter()
                .chain(s.eligible.iter().flatten())
                .copied()
                .collect();
            let who: Vec<Option<usize>> = if s.scope == Scope::Household {
                vec![None]
            } else {
                (0..persons).map(Some).collect()
            };
            for person in who {
                let mut asked = Vec::new();
                let o = self.service(i, person, &mut asked);
                let missing = match &o.eligible {
                    Some((_, m)) => Missing::union([&o.need_missing, m]),
                    None => o.need_missing.clone(),
                };
                decisions.push(self.explained(
                    person,
                    word(serde_json::json!(need_of(o.need))),
                    &criteria,
                    &missing,
                ));
            }
        } else if let Some(i) = rs
            .steps
            .iter()
            .position(|x| x.id == target)
            .filter(|_| wants("step"))
        {
            kind = "step";
            let step = &rs.steps[i];
            let mut criteria = step.requires.clone();
            if let Completion::Criterion(c) = step.completed {
                criteria.push(c);
            }
            for p in 0..persons {
                let (status, missing) = self.step_status(i, p);
                decisions.push(self.explained(
                    Some(p),
                    word(serde_json::json!(status)),
                    &criteria,
                    &missing,
                ));
            }
        } else if let Some(i) = rs
            .ladders
            .iter()
            .position(|x| x.id == target)
            .filter(|_| wants("ladder"))
        {
            kind = "ladder";
            let criteria: Vec<usize> = rs.ladders[i].applies.into_iter().collect();
            for p in 0..persons {
                let (truth, missing) = match rs.ladders[i].applies {
                    Some(c) => {
                        let r = self.criterion(c, Some(p));
                        (r.truth, r.missing)
                    }
                    None => (Tri::True, Missing::new()),
                };
                decisions.push(self.explained(
                    Some(p),
                    word(serde_json::json!(truth.truth())),
                    &criteria,
                    &missing,
                ));
            }
        } else {
            let ids = rs
                .programs
                .iter()
                .map(|x| x.id.as_str())
                .chain(rs.services.iter().map(|x| x.id.as_str()))
                .chain(rs.steps.iter().map(|x| x.id.as_str()))
                .chain(rs.ladders.iter().map(|x| x.id.as_str()));
            let hint = crate::diag::did_you_mean(target, ids)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(format!(
                "`{target}` is not a program, service, step or ladder of this rule set{hint}"
            ));
        }
        let parameters = std::mem::take(&mut self.parameters_used)
            .into_iter()
            .map(|p| (rs.params[p].id.clone(), parameter_entry(rs, p, self.as_of)))
            .collect();
        Ok(Explained {
            rules: self.rules_info(),
            as_of: self.as_of.to_string(),
            lang: self.lang.clone(),
            target: target.to_string(),
            kind,
            decisions,
            parameters,
        })
    }

    fn explained(
        &mut self,
        person: Option<usize>,
        status: String,
        criteria: &[usize],
        missing: &Missing,
    ) -> ExplainedDecision {
        let mut explained = BTreeMap::new();
        for &c in criteria {
            self.explain_tree(c, person, &mut explained, 0);
        }
        ExplainedDecision {
            person,
            status,
            criteria: criteria
                .iter()
                .map(|&c| self.rs.criteria[c].id.clone())
                .collect(),
            missing: self.paths(missing),
            explained,
        }
    }
}

/// A dated entry as users see it; an empty slot's status is `missing`.
pub(crate) fn parameter_entry_of(e: &ParamEntry) -> ParameterEntry {
    ParameterEntry {
        from: Some(e.from.to_string()),
        until: e.until.map(|d| d.to_string()),
        status: entry_status(e),
        source: Some(e.source.clone()),
        note: e.note.clone(),
    }
}

/// An entry's verification status, or `missing` for an empty slot.
pub(crate) fn entry_status(e: &ParamEntry) -> String {
    if e.value.is_some() {
        e.status.clone()
    } else {
        "missing".into()
    }
}

/// The entry of parameter `p` in force on `as_of`, with its source.
pub(crate) fn parameter_entry(
    rs: &crate::RuleSet,
    p: usize,
    as_of: crate::CivilDate,
) -> ParameterEntry {
    match rs.params[p].entry_on(as_of) {
        Some(e) => parameter_entry_of(e),
        None => ParameterEntry {
            from: None,
            until: None,
            status: "missing".into(),
            source: None,
            note: None,
        },
    }
}
