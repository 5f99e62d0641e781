//! The decision in Onramp's rule language (`rules/wioa/`), and reading Onramp's decision.

use crate::model::{Answer, Next, STEPS};
use onramp::{Decision, Need, RuleSet, Status, StepStatus};
use std::path::Path;

pub const RULES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/wioa");

/// Compiles every `.toml` file of `rules/wioa/`.
pub fn load() -> Result<RuleSet, String> {
    let mut files = Vec::new();
    let dir = Path::new(RULES_DIR);
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{RULES_DIR}: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, text));
        }
    }
    RuleSet::compile(files).map_err(|d| {
        d.items
            .iter()
            .map(|i| format!("{}:{}: {}", i.file, i.line, i.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn eligible(status: Status, what: &str) -> Result<bool, String> {
    match status {
        Status::Eligible => Ok(true),
        Status::Ineligible => Ok(false),
        Status::Undetermined => Err(format!("{what} is undetermined")),
    }
}

fn needed(need: Need, what: &str) -> Result<bool, String> {
    match need {
        Need::Needed => Ok(true),
        Need::NotNeeded => Ok(false),
        Need::Undetermined => Err(format!("{what} need is undetermined")),
    }
}

/// Brings Onramp's decision (first person) to the common answer.
pub fn answer(d: &Decision) -> Result<Answer, String> {
    if !d.input_errors.is_empty() || !d.rule_errors.is_empty() {
        return Err(format!(
            "input errors {:?}, rule errors {:?}",
            d.input_errors, d.rule_errors
        ));
    }
    let person = d.persons.first().ok_or("no person in the decision")?;
    let program = |id: &str| {
        person
            .programs
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| format!("no program {id}"))
    };
    let adult = program("wioa_adult")?;
    let youth = program("wioa_youth")?;
    let adult_priority = match &adult.priority {
        None => None,
        Some(p) => Some(
            p.group
                .as_deref()
                .and_then(|g| g.parse().ok())
                .ok_or("the adult priority group is undetermined")?,
        ),
    };
    let transportation = person
        .services
        .iter()
        .find(|s| s.id == "transportation")
        .ok_or("no transportation service")?;
    let child_care = d
        .household
        .services
        .iter()
        .find(|s| s.id == "child_care")
        .ok_or("no child care service")?;
    let ladder = person
        .pathways
        .iter()
        .find(|l| l.id == "career")
        .ok_or("no career ladder")?;
    let mut next = [None; 3];
    for n in &ladder.next {
        let i = STEPS
            .iter()
            .position(|s| *s == n.step)
            .ok_or_else(|| format!("unknown step {}", n.step))?;
        next[i] = Some(match n.status {
            StepStatus::Ready => Next::Ready,
            StepStatus::Blocked => Next::Blocked,
            other => return Err(format!("step {} is {other:?}", n.step)),
        });
    }
    Ok(Answer {
        adult_eligible: eligible(adult.status, "wioa_adult")?,
        adult_priority,
        youth_eligible: eligible(youth.status, "wioa_youth")?,
        transportation_needed: needed(transportation.need.status, "transportation")?,
        transportation_eligible: eligible(
            transportation
                .eligibility
                .as_ref()
                .map_or(Status::Undetermined, |e| e.status),
            "transportation",
        )?,
        child_care_needed: needed(child_care.need.status, "child_care")?,
        next,
    })
}
