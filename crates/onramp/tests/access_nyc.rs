//! NYC Benefits Screening API (ACCESS NYC) payloads: the sample households under
//! `tests/access-nyc/` give the answers stored beside them, in the API's shape and in
//! Onramp's; the API's validation rules refuse bad payloads with every problem by path; an
//! age becomes exactly the birth dates that give it; and the answers hold what the
//! households' own facts say (checked here independently of the stored bytes).
//!
//! `UPDATE_ACCESS_NYC=1 cargo test -p onramp --test access_nyc` rewrites the stored answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "the test reads its settings from the environment and the samples from disk"
)]

mod common;

use onramp::access_nyc::birth_dates_for_age;
use onramp::{api, years_between, CivilDate, RuleSet};
use serde_json::{json, Value};
use std::sync::OnceLock;

const AS_OF: &str = "2026-12-03";

fn nyc() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| common::compile("rules/nyc"))
}

fn samples() -> Vec<(String, String)> {
    let dir = common::repo_root().join("tests/access-nyc");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".json")?
                .to_string();
            (!name.contains('.')).then(|| (name, std::fs::read_to_string(&path).unwrap()))
        })
        .collect();
    out.sort();
    out
}

fn answer(payload: &str, options: Value) -> Value {
    let text = api::access_nyc(nyc(), payload, &options.to_string());
    serde_json::from_str(&text).unwrap()
}

fn sample(name: &str) -> String {
    let path = common::repo_root().join(format!("tests/access-nyc/{name}.json"));
    std::fs::read_to_string(path).unwrap()
}

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|p| p["code"].as_str().unwrap())
        .collect()
}

/// Every sample's answers, byte for byte (the exact text, as in the conformance corpus; the
/// wasm package's test reads the same files): the API's shape, and Onramp's summary.
#[test]
fn samples_give_the_stored_answers() {
    let update = std::env::var_os("UPDATE_ACCESS_NYC").is_some();
    let dir = common::repo_root().join("tests/access-nyc");
    let list = samples();
    assert!(
        list.len() >= 9,
        "the samples are missing: {}",
        dir.display()
    );
    let mut stale = Vec::new();
    for (name, payload) in &list {
        for (suffix, options) in [
            ("access-nyc", json!({"as_of": AS_OF})),
            (
                "onramp",
                json!({"as_of": AS_OF, "answer": "onramp", "detail": "summary"}),
            ),
        ] {
            let got = api::access_nyc(nyc(), payload, &options.to_string());
            let path = dir.join(format!("{name}.{suffix}.expected.json"));
            if update {
                std::fs::write(&path, &got).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale answers (UPDATE_ACCESS_NYC=1 rewrites them after review): {stale:?}"
    );
}

/// Onramp's answer to a payload is exactly `api::evaluate`'s for the mapped case.
#[test]
fn the_onramp_answer_is_the_mapped_cases_decision() {
    for (name, payload) in samples() {
        let case = answer(&payload, json!({"as_of": AS_OF, "answer": "case"}));
        if case["type"] != "success" {
            continue;
        }
        let options = json!({"as_of": AS_OF, "lang": "es"}).to_string();
        let direct = api::evaluate(nyc(), &case["case"].to_string(), &options);
        let via = api::access_nyc(
            nyc(),
            &payload,
            &json!({"as_of": AS_OF, "lang": "es", "answer": "onramp"}).to_string(),
        );
        assert_eq!(direct, via, "{name}");
        let decision: Value = serde_json::from_str(&via).unwrap();
        assert_eq!(
            decision["decision"]["input_errors"],
            json!([]),
            "{name}: the mapping wrote a field the NYC rules refuse"
        );
    }
}

/// What each household's facts decide, worked out from the rules' own thresholds (FY2026
/// SNAP limits, 150% of the 2025 poverty guideline for Fair Fares, the ages in the rules),
/// not read back from the stored answers.
#[test]
fn samples_decide_what_their_facts_say() {
    let at = |name: &str| answer(&sample(name), json!({"as_of": AS_OF}));

    // A mother of two in NYCHA earning $620 every two weeks ($1,343.33 a month) with child
    // care costs: under every SNAP limit for three; a NYCHA resident over 18; $16,120 a
    // year is under 150% FPG for three ($39,975); $1,343 a month is over NYC's cash
    // assistance standard for three with a child ($789). Workforce1 waits for her work
    // authorization, the child care voucher for the children's status (not asked by the
    // API).
    let a = at("single-parent-bronx");
    assert_eq!(a["type"], "SUCCESS");
    assert_eq!(
        codes(&a["eligiblePrograms"]),
        ["S2R007", "S2R024", "S2R034", "S2R045"]
    );
    let open = codes(&a["onramp"]["undetermined"]);
    assert!(
        open.contains(&"S2R026") && open.contains(&"S2R040"),
        "{open:?}"
    );
    assert!(
        !open.contains(&"S2R010"),
        "cash assistance is decided: over the standard"
    );

    // 65 is past Fair Fares' 64: decided from the age alone, not left undetermined. Alone
    // and 60 or older, $2,030 a month is under SNAP's 200% limit for one ($2,609).
    let v = at("veteran-65-retired");
    assert!(codes(&v["eligiblePrograms"]).contains(&"S2R007"));
    assert!(!codes(&v["eligiblePrograms"]).contains(&"S2R034"));
    assert!(!codes(&v["onramp"]["undetermined"]).contains(&"S2R034"));

    // Ten people (the API stops at eight): decided, with all ten in the household.
    let ten = at("ten-person-household");
    assert_eq!(ten["type"], "SUCCESS");
    let case = answer(
        &sample("ten-person-household"),
        json!({"as_of": AS_OF, "answer": "case"}),
    );
    assert_eq!(case["case"]["household"]["household_size"], 10);
    assert_eq!(case["case"]["persons"].as_array().unwrap().len(), 10);

    // 23, no income, flags left out (false by the API's schema): SNAP and cash assistance
    // with no income; SYEP (14 to 24) waits only for work authorization, which the next
    // questions ask for.
    let y = at("youth-23-staying-with-friend");
    let eligible = codes(&y["eligiblePrograms"]);
    assert!(eligible.contains(&"S2R007") && eligible.contains(&"S2R010"));
    assert!(codes(&y["onramp"]["undetermined"]).contains(&"S2R030"));
    assert!(y["onramp"]["next_questions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["path"] == "persons[0].work_authorized"));

    // A roommate who earns $96,000 may or may not buy food with the head: SNAP is not
    // decided either way (7 CFR 273.1), where summing the roommate's income would refuse it.
    let r = at("roommates");
    assert!(codes(&r["onramp"]["undetermined"]).contains(&"S2R007"));

    // 58, unemployed, on unemployment insurance of $504 a week ($26,208 a year, over 125%
    // FPG for one: $19,562.50): not eligible for the Older Adult Employment Program.
    let o = at("older-worker-unemployed");
    assert!(!codes(&o["eligiblePrograms"]).contains(&"S2R025"));
    assert!(!codes(&o["onramp"]["undetermined"]).contains(&"S2R025"));
}

#[test]
fn interested_programs_narrow_the_answer_and_name_what_is_not_decided() {
    let a = answer(
        &sample("single-parent-bronx"),
        json!({"as_of": AS_OF, "interested_programs": ["S2R007", "S2R031", "S2R026"]}),
    );
    assert_eq!(codes(&a["eligiblePrograms"]), ["S2R007"]);
    assert_eq!(codes(&a["onramp"]["undetermined"]), ["S2R026"]);
    assert_eq!(a["onramp"]["not_decided"], json!(["S2R031"]));
}

#[test]
fn absent_flags_read_as_unknown_when_asked() {
    let payload = sample("youth-23-staying-with-friend");
    let as_api = answer(&payload, json!({"as_of": AS_OF, "answer": "case"}));
    let strict = answer(
        &payload,
        json!({"as_of": AS_OF, "answer": "case", "absent": "unknown"}),
    );
    let person = |a: &Value| a["case"]["persons"][0].clone();
    assert_eq!(person(&as_api)["pregnant"], false);
    assert_eq!(person(&as_api)["incomes"], json!([]));
    assert!(person(&strict).get("pregnant").is_none());
    assert!(person(&strict).get("incomes").is_none());
    let bad = answer(&payload, json!({"as_of": AS_OF, "absent": "maybe"}));
    assert_eq!(bad["type"], "failure");
}

/// The API's own rules, every problem at once, each with its path.
#[test]
fn bad_payloads_are_refused_with_every_problem_by_path() {
    let a = answer(
        &sample("invalid-two-heads-and-flags"),
        json!({"as_of": AS_OF}),
    );
    assert_eq!(a["type"], "failure");
    let paths: Vec<&str> = a["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    for expected in [
        "[0].household[0].livingRentalType",
        "[0].household[0].livingPreferNotToSay",
        "[0].person[0].livingRentalOnLease",
        "[0].person[1].livingOwnerOnDeed",
        "[0].person",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    let b = answer(&sample("invalid-fields"), json!({"as_of": AS_OF}));
    let text = b["errors"].to_string();
    for expected in [
        "did you mean `pregnant`",
        "did you mean `HeadOfHousehold`",
        "did you mean `Wages`",
        "[0].person[1].age",
        "[0].person[1].expenses[0].amount",
        "[0].household[0].caseId",
        "[0].household[0].cashOnHand",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    for (payload, what) in [
        ("not json", "not valid JSON"),
        ("[]", "expected one screening request"),
        (
            r#"{"household": [], "person": [{"age": 3}]}"#,
            "exactly one household",
        ),
        (
            r#"{"household": [{}], "person": []}"#,
            "at least one person",
        ),
    ] {
        let a = answer(payload, json!({"as_of": AS_OF}));
        assert_eq!(a["type"], "failure", "{payload}");
        assert!(a["errors"].to_string().contains(what), "{payload}: {a}");
    }
    let no_date = answer(&sample("roommates"), json!({}));
    assert!(no_date["errors"].to_string().contains("as_of"));
}

/// The range an age gives holds exactly the birth dates with that age on the as-of date,
/// across leap days.
#[test]
fn an_age_gives_exactly_the_birth_dates_with_that_age() {
    let start = CivilDate::parse("2023-12-25").unwrap();
    for day in 0..(366 + 365 + 10) {
        let as_of = start.add_days(day).unwrap();
        for age in [0, 1, 3, 17, 18, 24, 55, 64, 65, 100, 150] {
            let (first, last) = birth_dates_for_age(age, as_of).unwrap();
            assert_eq!(years_between(first, as_of), age, "{as_of} {age}");
            assert_eq!(years_between(last, as_of), age, "{as_of} {age}");
            assert_eq!(
                years_between(first.add_days(-1).unwrap(), as_of),
                age + 1,
                "{as_of} {age}: the range starts too late"
            );
            assert!(
                years_between(last.add_days(1).unwrap(), as_of) < age || age == 0,
                "{as_of} {age}: the range ends too early"
            );
        }
    }
}

/// Onramp's own case format takes a date as a range; what the range decides is decided,
/// and the rest waits for the date.
#[test]
fn a_date_range_decides_only_what_every_day_of_it_decides() {
    let rules = nyc();
    let decide = |dob: Value| -> Value {
        let case = json!({"household": {"nyc_resident": true},
                          "persons": [{"date_of_birth": dob, "work_authorized": true}]});
        let text = api::evaluate(rules, &case.to_string(), r#"{"as_of":"2026-12-03"}"#);
        serde_json::from_str(&text).unwrap()
    };
    // Aged 30 on every day of the range: the age is known, and Workforce1 (18+) decided.
    let d = decide(json!({"between": ["1995-12-04", "1996-12-03"]}));
    let person = &d["decision"]["persons"][0];
    assert_eq!(person["values"]["age"], 30, "{}", person["values"]);
    let workforce1 = person["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "workforce1")
        .unwrap();
    assert_eq!(workforce1["status"], "eligible");
    // 17 or 18: the age is not known, so Workforce1 (18+) is not decided, and the date of
    // birth is what it waits for. (A rule that reads the age, not the date, stays
    // undetermined even where every possible age would decide it, as SYEP's 14 to 24 would
    // here: sound, if less precise than it could be.)
    let d = decide(json!({"between": ["2008-06-01", "2009-06-01"]}));
    let person = &d["decision"]["persons"][0];
    assert!(person["values"]["age"].is_null());
    let status = |id: &str| {
        person["programs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("workforce1"), "undetermined");
    assert!(d["decision"]["next_questions"]
        .to_string()
        .contains("persons[0].date_of_birth"));
    // A range of one day is that day; malformed ranges are named by path.
    let d = decide(json!({"between": ["2000-01-01", "2000-01-01"]}));
    assert_eq!(d["decision"]["persons"][0]["values"]["age"], 26);
    for (bad, what) in [
        (
            json!({"between": ["2001-01-01", "2000-01-01"]}),
            "on or before",
        ),
        (
            json!({"between": ["1950-01-01", "2000-01-01"]}),
            "at most 3660 days",
        ),
        (
            json!({"betwen": ["1990-01-01", "1991-01-01"]}),
            "did you mean `between`",
        ),
        (json!({"between": ["1990-01-01"]}), "a range like"),
    ] {
        let d = decide(bad.clone());
        let errors = d["decision"]["input_errors"].to_string();
        assert!(
            errors.contains("persons[0].date_of_birth") && errors.contains(what),
            "{bad}: {errors}"
        );
    }
}
