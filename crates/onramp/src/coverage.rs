//! Rule coverage: what a rule set's own tests exercise. For every criterion, whether some
//! test case made it true, false and unknown; for every program, priority group, service
//! and step, which of its statuses some test case reached. Reads the same decisions the
//! tests check (and each criterion for each person of each test case); decides nothing
//! new and changes no evaluation.

use crate::decision::{Need, Status, StepStatus};
use crate::eval::Tri;
use crate::model::Scope;
use crate::RuleSet;
use serde::Serialize;

/// One thing the tests can reach, with each of its outcomes and whether a test reached it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoverageItem {
    /// `criterion`, `program`, `priority`, `service_need`, `service_eligibility` or `step`.
    pub kind: &'static str,
    /// The item's id; for a priority group `program/group`.
    pub id: String,
    /// Each outcome (`true`, `false`, `unknown`; `eligible` …) and whether it was reached.
    pub outcomes: Vec<(&'static str, bool)>,
}

impl CoverageItem {
    /// The outcomes no test reached.
    pub fn missed(&self) -> Vec<&'static str> {
        self.outcomes
            .iter()
            .filter(|(_, hit)| !hit)
            .map(|(o, _)| *o)
            .collect()
    }
}

/// What the rule set's tests exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The rule set's tests that were run.
    pub tests: usize,
    /// Every item, in rule-file order within each kind.
    pub items: Vec<CoverageItem>,
    /// Outcomes reached, of all outcomes.
    pub reached: usize,
    /// Outcomes there are to reach.
    pub total: usize,
}

impl Coverage {
    /// The share of outcomes reached, in percent (100 for a rule set with nothing to reach).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.reached as f64 / self.total as f64
        }
    }
}

const TRUTHS: [&str; 3] = ["true", "false", "unknown"];
const STATUSES: [&str; 3] = ["eligible", "ineligible", "undetermined"];
const NEEDS: [&str; 3] = ["needed", "not_needed", "undetermined"];
const STEPS: [&str; 4] = ["completed", "ready", "blocked", "undetermined"];
const GROUPS: [&str; 2] = ["assigned", "not_assigned"];

fn status_slot(s: Status) -> usize {
    match s {
        Status::Eligible => 0,
        Status::Ineligible => 1,
        Status::Undetermined => 2,
    }
}

fn item(kind: &'static str, id: String, names: &[&'static str], hits: &[bool]) -> CoverageItem {
    CoverageItem {
        kind,
        id,
        outcomes: names.iter().copied().zip(hits.iter().copied()).collect(),
    }
}

impl RuleSet {
    /// Runs every test case of the rule set and reports what its cases reached.
    pub fn coverage(&self) -> Coverage {
        let mut criteria = vec![[false; 3]; self.criteria.len()];
        let mut programs = vec![[false; 3]; self.programs.len()];
        let mut groups: Vec<Vec<[bool; 2]>> = self
            .programs
            .iter()
            .map(|p| vec![[false; 2]; p.priority.len()])
            .collect();
        let mut needs = vec![[false; 3]; self.services.len()];
        let mut eligibility = vec![[false; 3]; self.services.len()];
        let mut steps = vec![[false; 4]; self.steps.len()];
        for test in &self.tests {
            let options = crate::Options {
                lang: test.lang.clone(),
                ..crate::Options::new(test.as_of)
            };
            let decision = self.evaluate(&test.case, &options);
            for person in &decision.persons {
                for prog in &person.programs {
                    let Some(p) = self.programs.iter().position(|x| x.id == prog.id) else {
                        continue;
                    };
                    programs[p][status_slot(prog.status)] = true;
                    let Some(pr) = &prog.priority else { continue };
                    for (g, group) in self.programs[p].priority.iter().enumerate() {
                        if pr.group.as_deref() == Some(group.id.as_str()) {
                            groups[p][g][0] = true;
                        } else if pr.status != Status::Undetermined {
                            groups[p][g][1] = true;
                        }
                    }
                }
                for l in &person.pathways {
                    for s in &l.steps {
                        if let Some(i) = self.steps.iter().position(|x| x.id == s.id) {
                            let slot = match s.status {
                                StepStatus::Completed => 0,
                                StepStatus::Ready => 1,
                                StepStatus::Blocked => 2,
                                StepStatus::Undetermined => 3,
                            };
                            steps[i][slot] = true;
                        }
                    }
                }
            }
            for svc in decision
                .household
                .services
                .iter()
                .chain(decision.persons.iter().flat_map(|p| &p.services))
            {
                let Some(i) = self.services.iter().position(|x| x.id == svc.id) else {
                    continue;
                };
                let slot = match svc.need.status {
                    Need::Needed => 0,
                    Need::NotNeeded => 1,
                    Need::Undetermined => 2,
                };
                needs[i][slot] = true;
                if let Some(e) = &svc.eligibility {
                    eligibility[i][status_slot(e.status)] = true;
                }
            }
            // Every criterion for everyone it concerns, not only those some decision
            // shows: a priority group tried after the one assigned is still exercised.
            let mut eval = crate::eval::Eval::new(self, &test.case, test.as_of, decision.lang);
            for (c, crit) in self.criteria.iter().enumerate() {
                let persons: Vec<Option<usize>> = match crit.scope {
                    Scope::Household => vec![None],
                    Scope::Person => (0..test.case.persons.len()).map(Some).collect(),
                };
                for person in persons {
                    let slot = match eval.criterion(c, person).truth {
                        Tri::True => 0,
                        Tri::False => 1,
                        Tri::Unknown => 2,
                    };
                    criteria[c][slot] = true;
                }
            }
        }
        let mut items = Vec::new();
        for (c, hits) in criteria.iter().enumerate() {
            items.push(item(
                "criterion",
                self.criteria[c].id.clone(),
                &TRUTHS,
                hits,
            ));
        }
        for (p, hits) in programs.iter().enumerate() {
            items.push(item(
                "program",
                self.programs[p].id.clone(),
                &STATUSES,
                hits,
            ));
            for (g, hits) in groups[p].iter().enumerate() {
                let id = format!(
                    "{}/{}",
                    self.programs[p].id, self.programs[p].priority[g].id
                );
                items.push(item("priority", id, &GROUPS, hits));
            }
        }
        for (s, svc) in self.services.iter().enumerate() {
            items.push(item("service_need", svc.id.clone(), &NEEDS, &needs[s]));
            if svc.eligible.is_some() {
                items.push(item(
                    "service_eligibility",
                    svc.id.clone(),
                    &STATUSES,
                    &eligibility[s],
                ));
            }
        }
        for (s, hits) in steps.iter().enumerate() {
            items.push(item("step", self.steps[s].id.clone(), &STEPS, hits));
        }
        let total = items.iter().map(|i| i.outcomes.len()).sum();
        let reached = items
            .iter()
            .map(|i| i.outcomes.iter().filter(|(_, hit)| *hit).count())
            .sum();
        Coverage {
            tests: self.tests.len(),
            items,
            reached,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    const RULES: &str = r#"
[ruleset]
name = "t"
version = "1"
languages = ["en"]
[fact.age]
type = "integer"
[fact.veteran]
type = "bool"
[criterion.adult]
text = "adult"
expr = "age >= 18"
[criterion.vet]
text = "veteran"
expr = "veteran"
[program.p]
name = "P"
citation = "x"
eligible = ["adult"]
[[program.p.priority]]
id = "1"
name = "Veterans"
when = "vet"
[[test]]
name = "an adult"
checks = "adults are served"
as_of = "2026-01-01"
case = { persons = [{ age = 20 }] }
expect = [{ program = "p", status = "eligible" }]
"#;

    #[test]
    fn reports_what_the_tests_never_reach() {
        let rules = crate::RuleSet::compile([("r.toml", RULES)]).unwrap();
        let coverage = rules.coverage();
        let find = |kind: &str, id: &str| {
            coverage
                .items
                .iter()
                .find(|i| i.kind == kind && i.id == id)
                .unwrap()
                .missed()
        };
        assert_eq!(find("criterion", "adult"), ["false", "unknown"]);
        assert_eq!(find("criterion", "vet"), ["true", "false"]);
        assert_eq!(find("program", "p"), ["ineligible", "undetermined"]);
        assert_eq!(coverage.tests, 1);
        assert!(coverage.reached < coverage.total);
    }
}
