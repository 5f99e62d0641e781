//! Cases generated from the fuzzer's bytes over the NYC and example schemas (facts given or
//! not, values mostly well typed), decided at both levels. Besides not panicking, the
//! summary must agree with the full decision on every program's status.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

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
    let Ok(date) = u.int_in_range(2020..=2030) else {
        return;
    };
    let case = case.to_string();
    let at = |detail: &str| {
        let answer = onramp::api::evaluate(
            rules,
            &case,
            &format!(r#"{{"as_of":"{date}-06-15","detail":"{detail}"}}"#),
        );
        common::well_formed(&answer);
        serde_json::from_str::<serde_json::Value>(&answer).unwrap()
    };
    let (summary, full) = (at("summary"), at("full"));
    assert_eq!(summary["type"], full["type"]);
    if summary["type"] == "success" {
        let statuses = |d: &serde_json::Value| -> Vec<(String, String)> {
            d["decision"]["persons"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| {
                    p["programs"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|g| (g["id"].to_string(), g["status"].to_string()))
                })
                .collect()
        };
        assert_eq!(
            statuses(&summary),
            statuses(&full),
            "summary and full disagree on {case}"
        );
    }
});
