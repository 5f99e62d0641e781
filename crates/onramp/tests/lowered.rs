//! The lowered evaluator against Rhai's interpreter: rule expressions run as the kernel's
//! own operation tree (`lower.rs`) must decide exactly as Rhai does, byte for byte, on
//! generated cases of every rule set (well-formed and malformed, all sizes, all dates).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]

mod targets;

use onramp::{Case, Options};
use targets::{compile, random_case, random_options, Gen, RULE_SETS};

#[test]
fn lowered_expressions_decide_as_rhai_does() {
    let count = if cfg!(debug_assertions) { 300 } else { 3_000 };
    for (set, rules_dir) in RULE_SETS {
        let rules = compile(rules_dir);
        let schema = rules.schema(None);
        let mut g = Gen(0x10e4_0001 ^ set.len() as u64);
        let mut differing = Vec::new();
        for _ in 0..count {
            let persons = g.below(5) as usize;
            let given = g.below(101);
            let junk = if g.chance(20) { 10 } else { 0 };
            let case = random_case(&mut g, &schema, persons, given, junk);
            let options = onramp::api::options(&random_options(&mut g, rules.languages()))
                .unwrap_or_else(|_| Options::new(onramp::CivilDate::parse("2026-11-23").unwrap()));
            let case = Case::from_json(&rules, &case);
            let lowered = rules.evaluate(&case, &options).to_json();
            let rhai = rules.evaluate_in_rhai(&case, &options).to_json();
            if lowered != rhai {
                differing.push(lowered.len());
            }
        }
        assert!(
            differing.is_empty(),
            "{set}: {} of {count} decisions differ between the lowered evaluator and Rhai",
            differing.len()
        );
    }
}
