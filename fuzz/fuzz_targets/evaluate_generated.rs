//! Cases generated from the fuzzer's bytes over the NYC and example schemas (facts given or
//! not, values mostly well typed), read as text and decided at both levels. Besides not
//! panicking, the summary must agree with the full decision on every program's status and
//! every service's need and eligibility, in the JSON of both and in the statuses the kernel
//! returns with them.
//!
//! The decisions are written once per level and read back into only the fields compared
//! (the rest of the JSON is checked for syntax and skipped): reading a full NYC decision
//! into a `serde_json::Value` twice per level made this target run at 19 inputs a second.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use onramp::{Detail, Statuses};
use serde::Deserialize;

#[derive(Deserialize)]
struct Decision {
    household: Household,
    persons: Vec<Person>,
}

#[derive(Deserialize)]
struct Household {
    services: Vec<Service>,
}

#[derive(Deserialize)]
struct Person {
    programs: Vec<Program>,
    services: Vec<Service>,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
struct Program {
    id: String,
    status: String,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
struct Service {
    id: String,
    need: Verdict,
    eligibility: Option<Verdict>,
}

/// A service's need or eligibility: a word in the summary, `{"status": …, "missing": […]}`
/// in the full decision; equal when the words are.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum Verdict {
    Word(String),
    Full { status: String },
}

impl Verdict {
    fn word(&self) -> &str {
        match self {
            Verdict::Word(w) | Verdict::Full { status: w } => w,
        }
    }
}

impl PartialEq for Verdict {
    fn eq(&self, other: &Verdict) -> bool {
        self.word() == other.word()
    }
}
impl Eq for Verdict {}

/// Programs (per person) and services (the household's, then per person's) as the JSON
/// gives them, in the order `Statuses` lists them.
fn outcomes(json: &str) -> (Vec<Program>, Vec<Service>) {
    let d: Decision = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("a decision that is not one ({e}): {json:.300}"));
    let mut programs = Vec::new();
    let mut services = d.household.services;
    for p in d.persons {
        programs.extend(p.programs);
        services.extend(p.services);
    }
    (programs, services)
}

fn agree(json: &str, typed: &Statuses, level: &str, case: &str) -> (Vec<Program>, Vec<Service>) {
    let (programs, services) = outcomes(json);
    let json_programs: Vec<(&str, &str)> = programs
        .iter()
        .map(|p| (p.id.as_str(), p.status.as_str()))
        .collect();
    let typed_programs: Vec<(&str, &str)> = typed
        .programs
        .iter()
        .map(|(id, s)| (*id, s.as_str()))
        .collect();
    assert_eq!(
        json_programs, typed_programs,
        "{level}: JSON and statuses disagree on {case}"
    );
    let json_services: Vec<(&str, &str)> = services
        .iter()
        .map(|s| (s.id.as_str(), s.need.word()))
        .collect();
    let typed_services: Vec<(&str, &str)> = typed
        .services
        .iter()
        .map(|(id, n)| (*id, n.as_str()))
        .collect();
    assert_eq!(
        json_services, typed_services,
        "{level}: JSON and needs disagree on {case}"
    );
    (programs, services)
}

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let rules = if u.arbitrary::<bool>().unwrap_or(true) {
        &*common::NYC
    } else {
        &*common::EXAMPLE
    };
    let Ok(case) = common::case(&mut u, rules) else {
        return;
    };
    let Ok(year) = u.int_in_range(2020..=2030) else {
        return;
    };
    // Read from text as hosts send it: a wrong value is an input error, never a failure.
    let text = case.to_string();
    let case = onramp::Case::from_json_text_at_most(rules, &text, onramp::api::DEFAULT_MAX_PERSONS)
        .unwrap_or_else(|e| panic!("a generated case refused ({e:?}): {text}"));
    let mut options = onramp::api::options(&format!(r#"{{"as_of":"{year}-06-15"}}"#))
        .unwrap_or_else(|e| panic!("options refused: {e}"));
    options.detail = Detail::Summary;
    let (summary_json, summary) = rules.summary_json(&case, &options);
    options.detail = Detail::Full;
    let (full_json, full) = rules.decision_json(&case, &options);
    assert_eq!(
        summary, full,
        "summary and full statuses disagree on {text}"
    );
    let at_summary = agree(&summary_json, &summary, "summary", &text);
    let at_full = agree(&full_json, &full, "full", &text);
    assert_eq!(
        at_summary, at_full,
        "summary and full JSON disagree on {text}"
    );
});
