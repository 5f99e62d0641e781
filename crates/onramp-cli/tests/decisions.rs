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
