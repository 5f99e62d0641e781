//! "How could I qualify?" and the wage sweep on the NYC rules: every path found, applied to
//! the case, reaches its target (checked by evaluating the changed case through the public
//! API, not through the search); no single changeable fact that reaches a target alone is
//! missed (brute force over every value of every small-domain changeable fact); dates are
//! the first day; sweep break points are exact to the cent; the rule-language markings are
//! checked at compile time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "the test reads its settings from the environment and personas from disk"
)]

mod common;

use common::{compile, random_case, Gen};
use onramp::{api, Case, CivilDate, Options, QualifyOptions, RuleSet};
use serde_json::{json, Value};
use std::sync::OnceLock;

const AS_OF: &str = "2026-12-03";

fn nyc() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| compile("rules/nyc"))
}

/// The target's standing in the decision of `case` (through the public API).
fn reached(case: &Value, kind: &str, id: &str, person: usize, as_of: &str) -> bool {
    let rules = nyc();
    let c = Case::from_json(rules, case);
    let d = rules.summarize(&c, &Options::new(CivilDate::parse(as_of).unwrap()));
    let p = &d.persons[person];
    match kind {
        "program" => p
            .programs
            .iter()
            .any(|g| g.id == id && g.status == onramp::Status::Eligible),
        "service" => d
            .household
            .services
            .iter()
            .chain(p.services.iter())
            .any(|s| s.id == id && s.eligibility == Some(onramp::Status::Eligible)),
        _ => p
            .pathways
            .iter()
            .flat_map(|l| l.steps.iter())
            .any(|(s, status)| {
                s == id
                    && matches!(
                        status,
                        onramp::StepStatus::Ready | onramp::StepStatus::Completed
                    )
            }),
    }
}

/// A change applied to case JSON as a host would: the value at its path, or, for
/// earnings, the wage records replaced by one yearly record of that amount.
fn apply(case: &Value, change: &Value) -> Value {
    let mut out = case.clone();
    let fact = change["fact"].as_str().unwrap();
    let slot = match change["person"].as_u64() {
        Some(p) => &mut out["persons"][p as usize],
        None => &mut out["household"],
    };
    if fact == "incomes" {
        let mut kept: Vec<Value> = slot["incomes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r["type"] != "wages")
            .collect();
        let to = change["to"].as_str().unwrap();
        if to != "0.00" {
            kept.push(json!({"type": "wages", "amount": to, "frequency": "yearly"}));
        }
        slot["incomes"] = Value::Array(kept);
    } else {
        slot[fact] = change["to"].clone();
    }
    out
}

fn qualify(case: &Value, options: Value) -> Vec<Value> {
    let answer: Value = serde_json::from_str(&api::qualify(
        nyc(),
        &case.to_string(),
        &options.to_string(),
    ))
    .unwrap();
    assert_eq!(answer["type"], "success", "{answer}");
    answer["qualify"].as_array().unwrap().clone()
}

/// Generated NYC households: every path reaches its target when applied; every single
/// changeable fact (bool or enum, of the person or the household) whose one change reaches
/// a target is among the one-change paths.
#[test]
fn paths_are_verified_and_no_single_change_is_missed() {
    let rules = nyc();
    let schema = rules.schema(None);
    let cases: u64 = std::env::var("ONRAMP_WHATIF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let (mut paths_checked, mut singles_checked, mut targets) = (0, 0, 0);
    for seed in 0..cases {
        let mut g = Gen(seed * 7919 + 17);
        let case = random_case(&mut g, &schema, 1 + (seed % 2) as usize, 75);
        if case["persons"].as_array().is_none_or(|p| p.is_empty()) {
            continue;
        }
        for q in qualify(
            &case,
            json!({"as_of": AS_OF, "max_changes": 2, "budget": 600}),
        ) {
            targets += 1;
            let kind = q["target"]["kind"].as_str().unwrap();
            let id = q["target"]["id"].as_str().unwrap();
            assert!(
                !reached(&case, kind, id, 0, AS_OF),
                "{id} is reached already"
            );
            for path in q["paths"].as_array().unwrap() {
                let mut changed = case.clone();
                for c in path["changes"].as_array().unwrap() {
                    changed = apply(&changed, c);
                }
                assert!(
                    reached(&changed, kind, id, 0, AS_OF),
                    "the path {path} does not reach {id}\ncase: {case}"
                );
                paths_checked += 1;
            }
            if q["search"]["complete"] != true {
                continue;
            }
            // Brute force: one changeable fact at a time, every value.
            let singles: Vec<&str> = q["paths"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["changes"].as_array().unwrap().len() == 1)
                .map(|p| p["changes"][0]["fact"].as_str().unwrap())
                .collect();
            for f in &schema.facts {
                if f.changeable.is_none() || !(f.ty == "bool" || f.ty == "enum") {
                    continue;
                }
                let slot = if f.scope == "household" {
                    &case["household"]
                } else {
                    &case["persons"][0]
                };
                let now = slot.get(&f.id).cloned().unwrap_or(Value::Null);
                let values: Vec<Value> = if f.ty == "bool" {
                    vec![json!(true), json!(false)]
                } else {
                    let order: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
                    let at = now
                        .as_str()
                        .and_then(|n| order.iter().position(|v| *v == n));
                    order
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| match (f.changes.as_deref(), at) {
                            (Some("up"), Some(a)) => *k > a,
                            (Some("down"), Some(a)) => *k < a,
                            _ => true,
                        })
                        .map(|(_, v)| json!(v))
                        .collect()
                };
                for v in values.into_iter().filter(|v| *v != now) {
                    let change = json!({"fact": f.id, "person": if f.scope == "household" { Value::Null } else { json!(0) }, "to": v});
                    singles_checked += 1;
                    if reached(&apply(&case, &change), kind, id, 0, AS_OF) {
                        assert!(
                            singles.contains(&f.id.as_str()),
                            "setting {} to {v} alone reaches {id}, but no one-change path names it: {q}\ncase: {case}",
                            f.id
                        );
                    }
                }
            }
        }
    }
    println!("{cases} cases, {targets} targets, {paths_checked} paths verified, {singles_checked} single changes brute-forced");
    assert!(targets > 0 && singles_checked > 0);
}

fn adult_earning(yearly: &str) -> Value {
    json!({"household": {"nyc_resident": true, "household_size": 1, "days_ny_resident": 20},
           "persons": [{"date_of_birth": "1990-03-04", "work_authorized": true, "sex_at_birth": "male",
                        "school_status": "none", "highest_education": "some_high_school", "uses_transit": true,
                        "incomes": [{"type": "wages", "amount": yearly, "frequency": "yearly"}]}]})
}

/// An income threshold is solved to the cent: 150% of the 2026 guideline for one.
#[test]
fn an_income_threshold_is_exact() {
    let case = adult_earning("31000");
    let q = &qualify(&case, json!({"as_of": AS_OF, "for": "transportation"}))[0];
    let change = &q["paths"][0]["changes"][0];
    assert_eq!(change["fact"], "incomes");
    assert_eq!(change["to"], "23940.00", "{q}");
    assert_eq!(change["from"], "31000.00");
    assert!(change["text"].as_str().unwrap().contains("$23940.00"));
    assert!(reached(
        &adult_earning("23940.00"),
        "service",
        "transportation",
        0,
        AS_OF
    ));
    assert!(!reached(
        &adult_earning("23940.01"),
        "service",
        "transportation",
        0,
        AS_OF
    ));
}

/// Time alone: the first day, a birthday; and a day count that elapses.
#[test]
fn dates_are_the_first_day() {
    let mut case = adult_earning("0");
    case["persons"][0]["date_of_birth"] = json!("2009-03-04");
    case["persons"][0]["incomes"] = json!([]);
    let q = &qualify(&case, json!({"as_of": AS_OF, "for": "workforce1"}))[0];
    assert_eq!(q["from_date"]["date"], "2027-03-04", "{q}");
    assert_eq!(q["from_date"]["kind"], "birthday");
    assert_eq!(q["from_date"]["text"], "your 18th birthday");
    assert!(reached(&case, "program", "workforce1", 0, "2027-03-04"));
    assert!(!reached(&case, "program", "workforce1", 0, "2027-03-03"));
    // 20 days in New York: the HSE residency rule (30 days) is met on the 10th day after.
    let adult = adult_earning("0");
    let q = &qualify(&adult, json!({"as_of": AS_OF, "for": "nys_hse"}))[0];
    assert_eq!(q["from_date"]["kind"], "elapsed", "{q}");
    assert_eq!(q["from_date"]["date"], "2026-12-13");
    let mut later = adult.clone();
    later["household"]["days_ny_resident"] = json!(30);
    assert!(reached(&later, "program", "nys_hse", 0, "2026-12-13"));
}

/// A requirement a pathway step closes names the step: the CNA course needs reading at
/// NRS level 4 (TABE 536), which the bridge step closes.
#[test]
fn a_change_names_the_step_that_makes_it() {
    let mut case = adult_earning("0");
    case["persons"][0]["tabe_reading"] = json!(520);
    case["persons"][0]["credentials"] = json!([]);
    case["persons"][0]["sector_interest"] = json!(["healthcare"]);
    let q = &qualify(&case, json!({"as_of": AS_OF, "for": "step:hc_cna"}))[0];
    let change = &q["paths"][0]["changes"][0];
    assert_eq!(change["fact"], "tabe_reading", "{q}");
    assert_eq!(
        change["to"], 536,
        "the score is narrowed to the boundary: {q}"
    );
    assert_eq!(change["closer"]["step"], "edu_bridge", "{q}");
    let mut done = case.clone();
    done["persons"][0]["tabe_reading"] = json!(536);
    assert!(reached(&done, "step", "hc_cna", 0, AS_OF));
    done["persons"][0]["tabe_reading"] = json!(535);
    assert!(!reached(&done, "step", "hc_cna", 0, AS_OF));
}

/// The sweep's intervals cover the range without gaps, and each break point is exact: the
/// status changes between the cent before it and it.
#[test]
fn sweep_break_points_are_exact() {
    let path = common::repo_root().join("rules/nyc/personas/rosa_hha_mother_of_two.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let options = json!({"as_of": "2026-11-23", "person": 0, "wage": {"per": "hour", "from": "15", "to": "35", "hours": 35}, "points": 40});
    let answer: Value =
        serde_json::from_str(&api::sweep(nyc(), &case.to_string(), &options.to_string())).unwrap();
    assert_eq!(answer["type"], "success", "{answer}");
    let sweep = &answer["sweep"];
    let at = |cents: i64| -> Value {
        let mut c = case.clone();
        let mut incomes: Vec<Value> = c["persons"][0]["incomes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        incomes.retain(|r| r["type"] != "wages");
        incomes.push(json!({"type": "wages", "amount": format!("{}.{:02}", cents / 100, cents % 100), "frequency": "hourly", "hours_per_week": 35}));
        c["persons"][0]["incomes"] = Value::Array(incomes);
        c
    };
    let cents = |v: &Value| onramp::Money::parse(v.as_str().unwrap()).unwrap().cents();
    let mut breaks = 0;
    for item in sweep["items"].as_array().unwrap() {
        let intervals = item["intervals"].as_array().unwrap();
        assert_eq!(cents(&intervals[0]["from"]), 1500);
        assert_eq!(cents(&intervals[intervals.len() - 1]["to"]), 3500);
        for w in intervals.windows(2) {
            assert_eq!(
                cents(&w[0]["to"]) + 1,
                cents(&w[1]["from"]),
                "a gap in {item}"
            );
            assert_ne!(w[0]["status"], w[1]["status"]);
            let b = cents(&w[1]["from"]);
            let id = item["id"].as_str().unwrap();
            let kind = item["kind"].as_str().unwrap();
            let person = item["person"].as_u64().unwrap_or(0) as usize;
            let before = reached(&at(b - 1), kind, id, person, "2026-11-23");
            let after = reached(&at(b), kind, id, person, "2026-11-23");
            assert_eq!(before, w[0]["status"] == "eligible", "{id} at {}", b - 1);
            assert_eq!(after, w[1]["status"] == "eligible", "{id} at {b}");
            breaks += 1;
        }
    }
    assert!(breaks >= 3, "{sweep}");
}

#[test]
fn bad_options_are_failures_with_a_hint() {
    let case = adult_earning("31000").to_string();
    for (options, what) in [
        (
            json!({"as_of": AS_OF, "for": "wioa_adlt"}),
            "did you mean `wioa_adult`",
        ),
        (json!({"as_of": AS_OF, "person": 3}), "no person 3"),
        (json!({"for": "wioa_adult"}), "as_of"),
        (json!({"as_of": AS_OF, "fr": "x"}), "unknown field"),
    ] {
        let a: Value =
            serde_json::from_str(&api::qualify(nyc(), &case, &options.to_string())).unwrap();
        assert_eq!(a["type"], "failure", "{options}");
        assert!(a["errors"].to_string().contains(what), "{options}: {a}");
    }
    for (options, what) in [
        (
            json!({"as_of": AS_OF, "wage": {"per": "hour", "from": "15", "to": "35"}}),
            "hours",
        ),
        (
            json!({"as_of": AS_OF, "wage": {"per": "hour", "from": "35", "to": "15", "hours": 35}}),
            "range",
        ),
        (
            json!({"as_of": AS_OF, "wage": {"per": "week", "from": "1", "to": "2"}}),
            "wage.per",
        ),
        (json!({"as_of": AS_OF}), "wage"),
    ] {
        let a: Value =
            serde_json::from_str(&api::sweep(nyc(), &case, &options.to_string())).unwrap();
        assert_eq!(a["type"], "failure", "{options}");
        assert!(a["errors"].to_string().contains(what), "{options}: {a}");
    }
    let mut o = QualifyOptions::new(CivilDate::parse(AS_OF).unwrap());
    o.target = Some("service:nowhere".into());
    assert!(nyc()
        .qualify(&Case::from_json(nyc(), &adult_earning("1")), &o)
        .is_err());
}

/// The markings are checked: `elapses` on a count, `wage` on records with the fields it
/// names, `changeable` and `changes` from their lists.
#[test]
fn markings_are_checked_at_compile_time() {
    let files = common::read_dir("rules/nyc");
    let broken = |from: &str, to: &str| -> String {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| {
                (
                    p.clone(),
                    if p == "facts.toml" {
                        t.replacen(from, to, 1)
                    } else {
                        t.clone()
                    },
                )
            })
            .collect();
        match RuleSet::compile(files) {
            Ok(_) => panic!("{to} compiled"),
            Err(d) => d
                .items
                .iter()
                .map(|x| format!("{} {}; ", x.code, x.message))
                .collect(),
        }
    };
    let e = broken(
        "[fact.veteran]\ntype = \"bool\"\n",
        "[fact.veteran]\ntype = \"bool\"\nelapses = \"days\"\n",
    );
    assert!(e.contains("needs a whole-number fact"), "{e}");
    let e = broken(
        "changeable = \"training\"\nchanges = \"up\"",
        "changeable = \"trainin\"\nchanges = \"upward\"",
    );
    assert!(
        e.contains("`trainin` is not a valid `changeable`")
            && e.contains("`upward` is not a valid `changes`"),
        "{e}"
    );
    let e = broken("hours = \"hours_per_week\" }", "hours = \"hours\" }");
    assert!(e.contains("no field `hours`"), "{e}");
    let e = broken("value = \"wages\"", "value = \"salary\"");
    assert!(e.contains("an enum offering `salary`"), "{e}");
}

/// The answers for the NYC personas, byte for byte (the wasm package's test reads the same
/// files): every program's paths, and a 200-point sweep of the first person's wage.
/// `UPDATE_WHATIF=1 cargo test -p onramp --test whatif` rewrites them.
#[test]
fn persona_answers_are_stored() {
    let update = std::env::var_os("UPDATE_WHATIF").is_some();
    let root = common::repo_root();
    let out = root.join("tests/whatif");
    let mut stale = Vec::new();
    let mut personas = 0;
    let mut names: Vec<_> = std::fs::read_dir(root.join("rules/nyc/personas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let case = std::fs::read_to_string(&path).unwrap();
        for (suffix, answer) in [
            (
                "qualify",
                api::qualify(nyc(), &case, r#"{"as_of":"2026-11-23"}"#),
            ),
            (
                "sweep",
                api::sweep(
                    nyc(),
                    &case,
                    r#"{"as_of":"2026-11-23","wage":{"per":"hour","from":"15","to":"35","hours":35}}"#,
                ),
            ),
        ] {
            assert!(
                answer.starts_with(r#"{"type":"success""#),
                "{name} {suffix}: {answer}"
            );
            let file = out.join(format!("{name}.{suffix}.expected.json"));
            if update {
                std::fs::write(&file, &answer).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(answer.as_str()) {
                stale.push(file.display().to_string());
            }
        }
        personas += 1;
    }
    assert!(personas >= 6);
    assert!(
        stale.is_empty(),
        "stale (UPDATE_WHATIF=1 rewrites them after review): {stale:?}"
    );
}
