//! Linking Onramp leaves Rhai as its other users have it. Cargo unifies a dependency's
//! features across a build, so if the kernel turned on `no_float`, `no_object`,
//! `no_function` … this crate would not compile (`rhai::FLOAT`, `rhai::Map` and script
//! functions would be gone) and its scripts would fail. Here a script with object maps,
//! floats, functions and loops runs while Onramp decides a case from `rules/nyc`, and the
//! kernel still refuses a decimal number in a rule expression in this very build.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods,
    reason = "a test: it reads the rule folder from disk, and a failure should stop it loudly"
)]

use onramp::{Case, CivilDate, Detail, Options, RuleSet, Status};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.toml` file under `rules/nyc`, as (path relative to it, text).
fn nyc_rules() -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy();
                out.push((
                    rel.replace('\\', "/"),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let base = repo().join("rules/nyc");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out
}

/// The backend's own script: object maps, floats, a function, a loop.
const PAYROLL: &str = r#"
    fn weekly(shift) { shift.hours * shift.rate }
    let shifts = [#{ hours: 37.5, rate: 18.25 }, #{ hours: 12.0, rate: 21.1 }];
    let total = 0.0;
    for shift in shifts { total += weekly(shift); }
    #{ total: total, mean_rate: total / (37.5 + 12.0), note: "ok" }
"#;

#[test]
fn rhai_keeps_floats_and_object_maps_while_onramp_decides() {
    // Compile-time half of the proof: these types exist only without `no_float` and
    // `no_object`.
    let half: rhai::FLOAT = 0.5;
    let mut settings = rhai::Map::new();
    settings.insert("threshold".into(), rhai::Dynamic::from_float(half));

    // Onramp, compiled once, deciding a NYC persona.
    let rules = RuleSet::compile(nyc_rules()).expect("rules/nyc compiles");
    let case_text =
        std::fs::read_to_string(repo().join("rules/nyc/personas/jaylen_19_dropout.json")).unwrap();
    let case = Case::from_json_text(&rules, &case_text).expect("the persona is a JSON object");
    let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
    let decision = rules.evaluate(&case, &options);
    let youth = decision.persons[0]
        .programs
        .iter()
        .find(|p| p.id == "wioa_youth_out_of_school")
        .expect("the NYC rules decide WIOA Youth");
    assert_eq!(youth.status, Status::Eligible);

    // The backend's Rhai with its standard library, in the same process.
    let engine = rhai::Engine::new();
    let pay: rhai::Map = engine.eval(PAYROLL).expect("the backend's script runs");
    let total = pay["total"].as_float().unwrap();
    assert!(
        (total - (37.5 * 18.25 + 12.0 * 21.1)).abs() < 1e-9,
        "{total}"
    );
    assert!(pay["mean_rate"].as_float().unwrap() > 18.0);

    // Onramp's decision handed to the backend's script as an object map (floats and all).
    let summary = rules.decide(
        &case,
        &Options {
            detail: Detail::Summary,
            ..options.clone()
        },
    );
    let decided = engine
        .parse_json(&summary, true)
        .expect("decision JSON as a map");
    let mut scope = rhai::Scope::new();
    scope.push("decision", decided);
    scope.push("settings", settings);
    let eligible: i64 = engine
        .eval_with_scope(
            &mut scope,
            r#"
            let n = 0;
            for p in decision.persons[0].programs { if p.status == "eligible" { n += 1; } }
            if n.to_float() * settings.threshold > 0.0 { n } else { -1 }
            "#,
        )
        .expect("the script reads the decision");
    let expected = decision.persons[0]
        .programs
        .iter()
        .filter(|p| p.status == Status::Eligible)
        .count();
    assert_eq!(eligible, i64::try_from(expected).unwrap());

    // And the kernel's sandbox holds in this build, where Rhai has floats and maps.
    let with = |expr: &str| {
        let text = format!(
            "[ruleset]\nname = \"t\"\nversion = \"1\"\nlanguages = [\"en\"]\n\n\
             [fact.hours]\ntype = \"integer\"\n\n\
             [criterion.c]\ntext = \"c\"\nexpr = {expr:?}\n"
        );
        RuleSet::compile([("rules.toml", text)])
    };
    assert!(with("hours >= 20").is_ok());
    for expr in [
        "hours >= 17.5",
        "#{a: 1} == hours",
        "|x| x",
        "hours.abs() > 1",
    ] {
        let errors = with(expr).expect_err(expr);
        assert_eq!(errors.items[0].code, "unsupported-syntax", "{expr}");
    }
}
