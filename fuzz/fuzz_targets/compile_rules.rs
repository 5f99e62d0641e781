//! Raw text as one file of a rule set: the example rule set with one of its files replaced
//! (or one more file added). Compiling never panics; what compiles runs its own tests and
//! decides a case.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static FILES: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| common::rule_files("tests/example"));

fuzz_target!(|input: (u8, &str)| {
    let (which, text) = input;
    let mut files = FILES.clone();
    let i = usize::from(which) % (files.len() + 1);
    if i == files.len() {
        files.push(("example/extra.toml".into(), text.into()));
    } else {
        files[i].1 = text.into();
    }
    if let Ok(rules) = onramp::RuleSet::compile(files) {
        common::well_formed(&onramp::api::run_tests(&rules));
        common::well_formed(&onramp::api::evaluate(
            &rules,
            r#"{"persons":[{"date_of_birth":"2000-01-01"}]}"#,
            r#"{"as_of":"2026-11-23","detail":"full"}"#,
        ));
    }
});
