//! The native half of the differential test: at least 10,000 seeded cases per rule set
//! (well-formed and malformed, from the facts schema), evaluated by `onramp::api::evaluate`.
//! Writes `<dir>/<set>.jsonl`, one `{"case", "options", "sha256"}` line per case (the hash
//! of the exact answer bytes), and `<dir>/manifest.json`; `bindings/wasm/tests/
//! differential.test.mjs` evaluates the same texts in wasm under Node and compares hashes.
//! `<dir>` is `$ONRAMP_DIFFERENTIAL_DIR`, else `target/tmp/differential`.
//! Counts: 10,000 example cases and 2,000 NYC cases (a NYC decision is ten times the work)
//! in an optimised build (`cargo test --release`, as `bindings/wasm/scripts/test.sh` runs
//! it); a tenth of that in a debug build, so that a plain `cargo test` stays quick.
//! `DIFFERENTIAL_CASES` sets the example count (NYC gets a fifth of it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "the test reads its settings from the environment and the corpus from disk"
)]

mod targets;

use serde_json::json;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use targets::{compile, random_case, random_options, Gen, RULE_SETS};

fn out_dir() -> PathBuf {
    std::env::var_os("ONRAMP_DIFFERENTIAL_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("differential"),
        PathBuf::from,
    )
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[test]
fn write_native_answers() {
    let example_count: u64 = std::env::var("DIFFERENTIAL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            1_000
        } else {
            10_000
        });
    let mut total = 0;
    let dir = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let mut manifest = Vec::new();
    for (set, rules_dir) in RULE_SETS {
        let count = if *set == "nyc" {
            example_count / 5
        } else {
            example_count
        };
        total += count;
        let rules = compile(rules_dir);
        let schema = rules.schema(None);
        let path = dir.join(format!("{set}.jsonl"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut g = Gen(0x00d1_ff00_u64 ^ set.len() as u64);
        let (mut successes, mut failures) = (0u64, 0u64);
        for i in 0..count {
            let persons = g.below(5) as usize;
            let given = g.below(101);
            let junk = if g.chance(30) { 10 } else { 0 };
            let case = random_case(&mut g, &schema, persons, given, junk);
            let case = if i % 97 == 0 {
                // Now and then, text that is not a case at all.
                ["[]", "{", "\"persons\"", "{\"persons\": {}}", "1e999"][(i / 97 % 5) as usize]
                    .to_string()
            } else if g.chance(50) {
                serde_json::to_string_pretty(&case).unwrap()
            } else {
                case.to_string()
            };
            let options = if i % 89 == 0 {
                r#"{"as_of":"2026-13-01"}"#.to_string()
            } else {
                random_options(&mut g, rules.languages())
            };
            let answer = onramp::api::evaluate(&rules, &case, &options);
            if answer.starts_with(r#"{"type":"success""#) {
                successes += 1;
            } else {
                failures += 1;
            }
            let line =
                json!({"case": case, "options": options, "sha256": sha256_hex(answer.as_bytes())});
            writeln!(out, "{line}").unwrap();
        }
        out.flush().unwrap();
        assert!(
            successes > count * 9 / 10 && failures > 0,
            "{successes} / {failures}"
        );
        manifest.push(
            json!({"set": set, "rules": rules_dir, "file": format!("{set}.jsonl"),
            "count": count, "hash": rules.hash()}),
        );
        eprintln!(
            "{set}: {count} native answers written to {}",
            path.display()
        );
    }
    eprintln!("{total} native answers in all");
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .unwrap();
}
