//! Snapshots of decisions as people read them (`onramp eval` text), in two languages,
//! and of the input errors a malformed case gets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::{Case, CivilDate, Options, RuleSet};
use onramp_cli::{files, render};
use std::path::Path;

fn example() -> RuleSet {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/example");
    RuleSet::compile(files::read_rule_files(&dir).unwrap()).unwrap()
}

fn case(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/example/cases")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn text(rules: &RuleSet, case_name: &str, lang: &str, verbose: bool) -> String {
    let case = Case::from_json_text(rules, &case(case_name)).unwrap();
    let options = Options {
        lang: Some(lang.into()),
        ..Options::new(CivilDate::parse("2026-11-23").unwrap())
    };
    let decision = rules.evaluate(&case, &options);
    let lang = Some(decision.lang.as_str());
    render::decision(
        &decision,
        &rules.catalog(lang),
        &rules.schema(lang),
        verbose,
    )
}

#[test]
fn veteran_on_snap_in_english() {
    insta::assert_snapshot!(text(&example(), "veteran-on-snap.json", "en", false));
}

#[test]
fn veteran_on_snap_in_spanish_verbose() {
    insta::assert_snapshot!(text(&example(), "veteran-on-snap.json", "es", true));
}

#[test]
fn malformed_case() {
    insta::assert_snapshot!(text(&example(), "malformed.json", "en", false));
}

/// `onramp eval` on text that is not a case: an error on stderr, exit 2, no decision.
#[test]
fn eval_of_text_that_is_not_a_case_prints_no_decision() {
    let dir = std::env::temp_dir().join(format!("onramp-not-a-case-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("case.json");
    std::fs::write(&file, "{\"persons\": [").unwrap();
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/example");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["eval", "--as-of", "2026-11-23", "--format", "json"])
        .arg(&rules)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the case is not valid JSON"), "{err}");
    assert!(err.contains("line 1 column 13"), "{err}");
}

/// `onramp eval --input access-nyc`: the API's shape as a report (snapshot), as JSON (the
/// library's bytes), as Onramp's decision; a refused payload names every path on stderr.
#[test]
fn eval_of_an_access_nyc_payload() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let run = |sample: &str, extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
            .args(["eval", "--input", "access-nyc", "--as-of", "2026-12-03"])
            .args(extra)
            .arg(root.join("rules/nyc"))
            .arg(root.join(format!("tests/access-nyc/{sample}.json")))
            .output()
            .unwrap()
    };
    let out = run("single-parent-bronx", &[]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
    let json = run("single-parent-bronx", &["--format", "json"]);
    let payload =
        std::fs::read_to_string(root.join("tests/access-nyc/single-parent-bronx.json")).unwrap();
    let nyc =
        RuleSet::compile(onramp_cli::files::read_rule_files(&root.join("rules/nyc")).unwrap())
            .unwrap();
    let library = onramp::api::access_nyc_within(
        &nyc,
        &payload,
        r#"{"as_of":"2026-12-03","absent":"false","answer":"access-nyc"}"#,
        &onramp::api::Limits {
            max_persons: onramp::MAX_PERSONS,
        },
    );
    assert_eq!(String::from_utf8_lossy(&json.stdout).trim_end(), library);
    let decision = run(
        "ten-person-household",
        &[
            "--answer", "onramp", "--format", "json", "--detail", "summary",
        ],
    );
    assert_eq!(decision.status.code(), Some(0));
    let d: serde_json::Value = serde_json::from_slice(&decision.stdout).unwrap();
    assert_eq!(d["persons"].as_array().unwrap().len(), 10);
    let refused = run("invalid-two-heads-and-flags", &[]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains(
            "[0].person: exactly one person's householdMemberType must be HeadOfHousehold; found 2"
        ),
        "{err}"
    );
    assert!(err.contains("[0].person[1].livingOwnerOnDeed"), "{err}");
    let no_date = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["eval", "--input", "access-nyc"])
        .arg(root.join("rules/nyc"))
        .arg(root.join("tests/access-nyc/roommates.json"))
        .output()
        .unwrap();
    assert_eq!(no_date.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_date.stderr).contains("--as-of"));
}

/// `onramp check rules/nyc` and `onramp translations rules/nyc`: each language's review
/// status and how many texts it has, as a translator or reviewer reads them.
#[test]
fn translation_statuses_of_nyc() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/nyc");
    let rules = RuleSet::compile(files::read_rule_files(&dir).unwrap()).unwrap();
    insta::assert_snapshot!(render::languages(rules.translations()));
    let json = serde_json::to_value(rules.translations()).unwrap();
    assert_eq!(json[0]["status"], "source");
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["status"] != "reviewed"));
}
