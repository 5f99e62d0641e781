//! The native side of the budget benchmark (`scripts/budget.mjs`): the same cases the wasm
//! package evaluates under Node (the differential test's, from
//! `crates/onramp/tests/differential.rs`), through the same entry point
//! (`onramp::api::evaluate`, JSON text in and out), timed natively. Prints one JSON line per
//! rule set: `{"set", "cases", "us_per_case", "bundle_load_ms"}`.
//!
//! `cargo run --release -p onramp-wasm --example native_bench -- [DIFFERENTIAL_DIR]`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark tool: fail loudly"
)]

/// A native tool only: on wasm32 (where `cargo test --target wasm32` also builds examples)
/// it does nothing.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use serde_json::{json, Value};
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    pub fn main() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = std::env::args()
            .nth(1)
            .map_or_else(|| repo.join("target/tmp/differential"), PathBuf::from);
        let manifest: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap())
                .unwrap();
        for set in manifest {
            let files =
                onramp_cli::files::read_rule_files(&repo.join(set["rules"].as_str().unwrap()))
                    .unwrap();
            let bundle = onramp::RuleSet::bundle(files).unwrap();
            let bundle_text = serde_json::to_string(&bundle).unwrap();
            // Loading and compiling the bundle text: the median of 21 runs.
            let mut loads: Vec<f64> = (0..21)
                .map(|_| {
                    let t = Instant::now();
                    let rules = onramp::api::load(&bundle_text);
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    assert!(rules.is_ok());
                    ms
                })
                .collect();
            loads.sort_by(f64::total_cmp);
            let rules = onramp::api::load(&bundle_text).unwrap();
            let text = std::fs::read_to_string(dir.join(set["file"].as_str().unwrap())).unwrap();
            let cases: Vec<(String, String)> = text
                .lines()
                .map(|l| {
                    let v: Value = serde_json::from_str(l).unwrap();
                    (
                        v["case"].as_str().unwrap().to_string(),
                        v["options"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let mut bytes = 0usize;
            for (case, options) in cases.iter().take(500) {
                bytes += onramp::api::evaluate(&rules, case, options).len();
            }
            let t = Instant::now();
            for (case, options) in &cases {
                bytes += onramp::api::evaluate(&rules, case, options).len();
            }
            let us = t.elapsed().as_secs_f64() * 1e6 / cases.len() as f64;
            println!(
                "{}",
                json!({"set": set["set"], "cases": cases.len(), "us_per_case": (us * 10.0).round() / 10.0,
                    "bundle_load_ms": (loads[10] * 100.0).round() / 100.0, "answer_bytes": bytes})
            );
        }
    }
}
