//! The rule sets' own tests, run under `cargo test`: the example set and the NYC set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

fn run(rel: &str) {
    let rules = common::compile(rel);
    let outcomes = rules.run_tests();
    assert!(!outcomes.is_empty(), "{rel} has no tests");
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|t| !t.passed)
        .map(|t| {
            format!(
                "{} ({}:{})\n  {}",
                t.name,
                t.file,
                t.line,
                t.failures.join("\n  ")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} tests in {rel} failed:\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
}

#[test]
fn example_rule_set_tests_pass() {
    run("tests/example");
}

#[test]
fn nyc_rule_set_tests_pass() {
    run("rules/nyc");
}

#[test]
fn every_example_test_names_what_it_checks() {
    let rules = common::compile("tests/example");
    for t in rules.tests() {
        assert!(
            !t.checks.trim().is_empty(),
            "{} does not say what it checks",
            t.name
        );
    }
}
