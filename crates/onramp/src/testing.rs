//! Rule-set tests: cases with expected outcomes, written next to the rules, run by the
//! kernel itself so the CLI, the wasm package and the playground run them the same way.

use crate::case::Case;
use crate::date::CivilDate;
use crate::decision::Decision;
use crate::RuleSet;
use serde::Serialize;

#[derive(Clone, Debug)]
pub(crate) enum ExpectKind {
    Program {
        program: usize,
        priority: Option<String>,
    },
    Service {
        service: usize,
        need: Option<String>,
    },
    Step {
        step: usize,
        bridge: Option<usize>,
    },
    Ladder {
        ladder: usize,
    },
    Next {
        ladder: usize,
        step: usize,
    },
    Derived {
        derived: usize,
        value: serde_json::Value,
    },
    Question {
        path: String,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Expectation {
    pub person: Option<usize>,
    pub kind: ExpectKind,
    pub status: Option<String>,
    pub missing: Option<Vec<String>>,
    /// The line the expectation is written on.
    pub line: usize,
}

/// One test written in a rule file.
#[derive(Clone, Debug)]
pub struct RuleTest {
    /// The test's name.
    pub name: String,
    /// Which rule and source it checks, in words.
    pub checks: String,
    /// The date it decides on.
    pub as_of: CivilDate,
    /// The language it decides in, if given.
    pub lang: Option<String>,
    /// The case it decides.
    pub case: Case,
    pub(crate) expectations: Vec<Expectation>,
    /// The rule file it is written in.
    pub file: String,
    /// The line its `[[test]]` starts on.
    pub line: usize,
}

/// The result of one rule-set test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestOutcome {
    /// The test's name.
    pub name: String,
    /// Which rule and source it checks.
    pub checks: String,
    /// The rule file it is written in.
    pub file: String,
    /// The line its `[[test]]` starts on.
    pub line: usize,
    /// Whether every expectation held.
    pub passed: bool,
    /// One line per unmet expectation: what was expected and what came out.
    pub failures: Vec<String>,
}

fn words<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl RuleSet {
    /// Runs every test of the rule set.
    pub fn run_tests(&self) -> Vec<TestOutcome> {
        self.tests.iter().map(|t| self.run_test(t)).collect()
    }

    fn run_test(&self, test: &RuleTest) -> TestOutcome {
        let options = crate::Options {
            lang: test.lang.clone(),
            ..crate::Options::new(test.as_of)
        };
        let decision = self.evaluate(&test.case, &options);
        let mut failures = Vec::new();
        for e in &test.expectations {
            if let Err(message) = self.check(test, &decision, e) {
                failures.push(format!("line {}: {message}", e.line));
            }
        }
        TestOutcome {
            name: test.name.clone(),
            checks: test.checks.clone(),
            file: test.file.clone(),
            line: test.line,
            passed: failures.is_empty(),
            failures,
        }
    }

    fn check(&self, test: &RuleTest, d: &Decision, e: &Expectation) -> Result<(), String> {
        let p = e.person.unwrap_or(0);
        let person = || {
            d.persons
                .get(p)
                .ok_or_else(|| format!("the case has no person {p}"))
        };
        let compare_missing = |got: &[String]| -> Result<(), String> {
            match &e.missing {
                Some(want) => {
                    let mut want = want.clone();
                    want.sort();
                    let mut got = got.to_vec();
                    got.sort();
                    if want == got {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected missing [{}], got [{}]",
                            want.join(", "),
                            got.join(", ")
                        ))
                    }
                }
                None => Ok(()),
            }
        };
        let compare_status = |label: &str, got: &str| -> Result<(), String> {
            match &e.status {
                Some(want) if want != got => Err(format!("{label}: expected {want}, got {got}")),
                _ => Ok(()),
            }
        };
        match &e.kind {
            ExpectKind::Program { program, priority } => {
                let id = &self.programs[*program].id;
                let got = person()?
                    .programs
                    .iter()
                    .find(|x| &x.id == id)
                    .ok_or_else(|| format!("program `{id}` was not decided"))?;
                let with_missing = if got.missing.is_empty() {
                    String::new()
                } else {
                    format!(" (missing: {})", got.missing.join(", "))
                };
                compare_status(&format!("program `{id}`"), &words(&got.status))
                    .map_err(|m| m + with_missing.as_str())?;
                if let Some(want) = priority {
                    let got_group = got
                        .priority
                        .as_ref()
                        .and_then(|x| x.group.clone())
                        .unwrap_or_else(|| "none".into());
                    if &got_group != want {
                        let open = got
                            .priority
                            .as_ref()
                            .map(|x| x.missing.join(", "))
                            .unwrap_or_default();
                        return Err(format!(
                            "program `{id}` priority: expected group {want}, got {got_group}{}",
                            if open.is_empty() {
                                String::new()
                            } else {
                                format!(" (missing: {open})")
                            }
                        ));
                    }
                    // An open priority group is what an eligible person's `missing` is
                    // about: the facts that would settle the group.
                    if want == "none" && got.status == crate::decision::Status::Eligible {
                        let open = got
                            .priority
                            .as_ref()
                            .map(|x| x.missing.clone())
                            .unwrap_or_default();
                        return compare_missing(&open);
                    }
                }
                compare_missing(&got.missing)
            }
            ExpectKind::Service { service, need } => {
                let s = &self.services[*service];
                let list = if s.scope == crate::model::Scope::Household {
                    &d.household.services
                } else {
                    &person()?.services
                };
                let got = list
                    .iter()
                    .find(|x| x.id == s.id)
                    .ok_or_else(|| format!("service `{}` was not decided", s.id))?;
                if let Some(want) = need {
                    let got_need = words(&got.need.status);
                    if &got_need != want {
                        return Err(format!(
                            "service `{}` need: expected {want}, got {got_need}{}",
                            s.id,
                            if got.need.missing.is_empty() {
                                String::new()
                            } else {
                                format!(" (missing: {})", got.need.missing.join(", "))
                            }
                        ));
                    }
                }
                if let Some(want) = &e.status {
                    let got_status = got
                        .eligibility
                        .as_ref()
                        .map_or("none".to_string(), |x| words(&x.status));
                    if &got_status != want {
                        let missing = got
                            .eligibility
                            .as_ref()
                            .map(|x| x.missing.join(", "))
                            .unwrap_or_default();
                        return Err(format!(
                            "service `{}`: expected {want}, got {got_status}{}",
                            s.id,
                            if missing.is_empty() {
                                String::new()
                            } else {
                                format!(" (missing: {missing})")
                            }
                        ));
                    }
                }
                match (&e.missing, &got.eligibility) {
                    (Some(_), Some(el)) => compare_missing(&el.missing),
                    (Some(_), None) => compare_missing(&got.need.missing),
                    _ => Ok(()),
                }
            }
            ExpectKind::Step { step, bridge } => {
                let id = &self.steps[*step].id;
                let mut eval = crate::eval::Eval::new(self, &test.case, test.as_of, d.lang.clone());
                if p >= test.case.persons.len() {
                    return Err(format!("the case has no person {p}"));
                }
                let (status, missing) = eval.step_status(*step, p);
                let got = words(&status);
                compare_status(&format!("step `{id}`"), &got)?;
                compare_missing(&eval.paths(&missing))?;
                if let Some(b) = bridge {
                    let bridge_id = &self.steps[*b].id;
                    // The bridges the kernel routes this step through, whether or not the
                    // step is among the ladder's next steps right now.
                    let mut route = Vec::new();
                    let mut seen = std::collections::BTreeSet::from([*step]);
                    eval.route(*step, p, &mut route, &mut seen, 0);
                    let routes: Vec<&str> = route
                        .iter()
                        .map(|(bridge, _)| self.steps[*bridge].id.as_str())
                        .collect();
                    if !routes.contains(&bridge_id.as_str()) {
                        return Err(format!("step `{id}`: expected the bridge `{bridge_id}` first, got [{}] (status {got})", routes.join(", ")));
                    }
                }
                Ok(())
            }
            ExpectKind::Ladder { ladder } => {
                let lid = &self.ladders[*ladder].id;
                let got = match person()?.pathways.iter().find(|x| &x.id == lid) {
                    None => "does_not_apply",
                    Some(l) if l.applies == crate::decision::Truth::Met => "applies",
                    Some(_) => "undetermined",
                };
                compare_status(&format!("ladder `{lid}`"), got)?;
                // What an undetermined ladder waits for: the facts of its `applies` criterion.
                let waiting = match self.ladders[*ladder].applies {
                    Some(c) if got == "undetermined" && p < test.case.persons.len() => {
                        let mut eval =
                            crate::eval::Eval::new(self, &test.case, test.as_of, d.lang.clone());
                        let r = eval.criterion(c, Some(p));
                        eval.paths(&r.missing)
                    }
                    _ => Vec::new(),
                };
                compare_missing(&waiting)
            }
            ExpectKind::Next { ladder, step } => {
                let lid = &self.ladders[*ladder].id;
                let sid = &self.steps[*step].id;
                let l = person()?
                    .pathways
                    .iter()
                    .find(|x| &x.id == lid)
                    .ok_or_else(|| format!("ladder `{lid}` does not apply to person {p}"))?;
                let next: Vec<&str> = l.next.iter().map(|n| n.step.as_str()).collect();
                if !next.contains(&sid.as_str()) {
                    return Err(format!(
                        "ladder `{lid}`: expected `{sid}` among the next steps, got [{}]",
                        next.join(", ")
                    ));
                }
                if let Some(want) = &e.status {
                    let got = l
                        .next
                        .iter()
                        .find(|n| &n.step == sid)
                        .map(|n| words(&n.status))
                        .unwrap_or_default();
                    if &got != want {
                        return Err(format!(
                            "ladder `{lid}` next step `{sid}`: expected {want}, got {got}"
                        ));
                    }
                }
                Ok(())
            }
            ExpectKind::Derived { derived, value } => {
                let dv = &self.derived[*derived];
                let mut eval = crate::eval::Eval::new(self, &test.case, test.as_of, d.lang.clone());
                let person = if dv.scope == crate::model::Scope::Person {
                    Some(p)
                } else {
                    None
                };
                let r = eval.name(crate::model::NameRef::Derived(*derived), person);
                let got = r.value.as_ref().map_or(
                    serde_json::Value::String("unknown".into()),
                    crate::value::Val::to_json,
                );
                let want = match value {
                    // Money and percentages are compared as the kernel prints them.
                    serde_json::Value::String(s) => crate::money::Money::parse(s)
                        .filter(|_| matches!(r.value, Some(crate::value::Val::Money(_))))
                        .map_or(value.clone(), |m| serde_json::Value::String(m.to_string())),
                    other => other.clone(),
                };
                if got != want {
                    let missing = eval.paths(&r.missing);
                    return Err(format!(
                        "derived `{}`: expected {want}, got {got}{}",
                        dv.id,
                        if missing.is_empty() {
                            String::new()
                        } else {
                            format!(" (missing: {})", missing.join(", "))
                        }
                    ));
                }
                compare_missing(&eval.paths(&r.missing))
            }
            ExpectKind::Question { path } => {
                let first = d
                    .next_questions
                    .first()
                    .map(|q| q.path.as_str())
                    .unwrap_or("(none)");
                if first != path {
                    return Err(format!("next question: expected {path}, got {first}"));
                }
                Ok(())
            }
        }
    }
}
