//! The conformance corpus (`tests/corpus/`): cases with the exact bytes of the decision
//! `onramp::api::evaluate` gives for them. The native kernel (this test), the wasm package
//! under Node (`bindings/wasm/tests/corpus.test.mjs`) and the browser all read the same
//! files and must produce byte-identical answers.
//!
//! `UPDATE_CORPUS=1 cargo test -p onramp --test corpus` regenerates it; otherwise this test
//! compares byte for byte and fails if the corpus on disk is stale.
//!
//! Layout: `tests/corpus/manifest.json` lists entries `{name, rules, options}` (options as
//! the exact JSON text passed); `tests/corpus/<name>.case.json` is the exact case text and
//! `tests/corpus/<name>.expected.json` the exact answer text (no trailing newline).

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

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use targets::{compile, random_case, rule_tests, Gen, RULE_SETS};

struct Entry {
    name: String,
    rules: String,
    options: String,
    case: String,
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// Every corpus entry, generated from the rule sets (deterministically).
fn generate() -> Vec<Entry> {
    let mut entries = Vec::new();
    for (set, dir) in RULE_SETS {
        let rules = compile(dir);
        let mut push = |name: String, options: String, case: String| {
            entries.push(Entry {
                name: format!("{set}/{name}"),
                rules: (*dir).to_string(),
                options,
                case,
            });
        };
        // NYC decisions run to 100 KB and more: a sample keeps the corpus a few megabytes
        // (the differential test covers NYC in breadth).
        let (stride, langs, randoms, many): (usize, usize, u64, usize) = if *set == "nyc" {
            (8, 2, 8, 6)
        } else {
            (1, 4, 24, 40)
        };
        // The rule set's own tests, as written by policy staff.
        for (i, (name, as_of, lang, case)) in rule_tests(dir).into_iter().enumerate() {
            if i % stride != 0 {
                continue;
            }
            let options = match &lang {
                Some(l) => json!({"as_of": as_of, "lang": l}),
                None => json!({ "as_of": as_of }),
            };
            push(
                format!("test-{:03}-{}", i + 1, slug(&name)),
                options.to_string(),
                pretty(&case),
            );
            // The same case at summary detail.
            let mut summary = options.clone();
            summary["detail"] = json!("summary");
            push(
                format!("test-{:03}-{}-summary", i + 1, slug(&name)),
                summary.to_string(),
                pretty(&case),
            );
            // Every language the rules offer, for the first few.
            if i < langs * stride {
                for l in rules
                    .languages()
                    .iter()
                    .filter(|l| Some(*l) != lang.as_ref())
                {
                    push(
                        format!("test-{:03}-{}-{l}", i + 1, slug(&name)),
                        json!({"as_of": as_of, "lang": l}).to_string(),
                        pretty(&case),
                    );
                }
            }
        }
        // Generated cases: well-formed, then with malformed values mixed in.
        let schema = rules.schema(None);
        let mut g = Gen(0x2a_0001_u64.wrapping_add(set.len() as u64));
        for i in 0..randoms {
            let persons = (i % 4) as usize;
            let junk = if i < randoms * 2 / 3 { 0 } else { 25 };
            let case = random_case(&mut g, &schema, persons, 20 + (i * 7) % 80, junk);
            let lang = rules.languages()[(i as usize) % rules.languages().len()].clone();
            push(
                format!("random-{:03}", i + 1),
                json!({"as_of": "2026-11-23", "lang": lang}).to_string(),
                pretty(&case),
            );
            push(
                format!("random-{:03}-summary", i + 1),
                json!({"as_of": "2026-11-23", "lang": lang, "detail": "summary"}).to_string(),
                pretty(&case),
            );
        }
        // The sample personas a rule set ships, at both detail levels.
        let personas = targets::repo_root().join(dir).join("personas");
        let mut files: Vec<_> = std::fs::read_dir(&personas)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            let case = std::fs::read_to_string(&f).unwrap();
            let stem = f.file_stem().unwrap().to_string_lossy().to_string();
            for detail in ["full", "summary"] {
                push(
                    format!("persona-{}-{detail}", slug(&stem)),
                    json!({"as_of": "2026-11-23", "detail": detail}).to_string(),
                    case.clone(),
                );
            }
        }
        // The edges of the boundary: each is a failure answer or a decision.
        let as_of = r#"{"as_of":"2026-11-23"}"#.to_string();
        push("edge-empty-case".into(), as_of.clone(), "{}".into());
        push(
            "edge-case-not-json".into(),
            as_of.clone(),
            "{\"persons\": [".into(),
        );
        push(
            "edge-case-not-object".into(),
            as_of.clone(),
            "[1, 2, 3]".into(),
        );
        push("edge-case-null".into(), as_of.clone(), "null".into());
        push(
            "edge-options-bad-date".into(),
            r#"{"as_of":"someday"}"#.into(),
            "{}".into(),
        );
        push(
            "edge-options-impossible-date".into(),
            r#"{"as_of":"2026-02-30"}"#.into(),
            "{}".into(),
        );
        push("edge-options-missing-date".into(), "{}".into(), "{}".into());
        push(
            "edge-options-unknown-field".into(),
            r#"{"as_of":"2026-11-23","language":"es"}"#.into(),
            "{}".into(),
        );
        push("edge-options-not-json".into(), "nope".into(), "{}".into());
        push(
            "edge-options-bad-detail".into(),
            r#"{"as_of":"2026-11-23","detail":"everything"}"#.into(),
            "{}".into(),
        );
        push(
            "edge-options-only-unknown-id".into(),
            r#"{"as_of":"2026-11-23","only":["snapp"]}"#.into(),
            "{}".into(),
        );
        push(
            "edge-options-unoffered-language".into(),
            r#"{"as_of":"2026-11-23","lang":"de"}"#.into(),
            r#"{"persons":[{}]}"#.into(),
        );
        let mut g = Gen(7);
        let junk = random_case(&mut g, &schema, 3, 100, 100);
        push(
            "edge-all-values-malformed".into(),
            as_of.clone(),
            pretty(&junk),
        );
        push(
            "edge-unicode".into(),
            as_of.clone(),
            pretty(&json!({"household": {"note": "ünïcödé — 日本語 😀"},
                "persons": [{"id": "José 😀", "nickname": "𝒵𝑜𝑒"}, {"id": "人"}]})),
        );
        let many_persons = random_case(&mut Gen(11), &schema, many, 60, 5);
        push(
            format!("edge-{many}-persons"),
            as_of.clone(),
            pretty(&many_persons),
        );
        let deep = format!(
            "{{\"persons\":[{{\"x\":{}{}}}]}}",
            "[".repeat(300),
            "]".repeat(300)
        );
        push("edge-deeply-nested-json".into(), as_of.clone(), deep);
        push(
            "edge-duplicate-keys".into(),
            as_of.clone(),
            r#"{"persons":[{"veteran":true,"veteran":false}]}"#.into(),
        );
        push(
            "edge-numbers".into(),
            as_of,
            r#"{"household":{"household_size":2.0,"rent":1e3},"persons":[{"reading_score":5.76e2},{"reading_score":-0}]}"#.into(),
        );
    }
    entries
}

fn corpus_dir() -> PathBuf {
    targets::repo_root().join("tests/corpus")
}

fn manifest(entries: &[Entry]) -> String {
    let list: Vec<Value> = entries
        .iter()
        .map(|e| json!({"name": e.name, "rules": e.rules, "options": e.options}))
        .collect();
    let mut text = pretty(&json!({
        "format": "onramp-corpus/1",
        "about": "cases and the exact bytes onramp::api::evaluate answers; regenerate with UPDATE_CORPUS=1 cargo test -p onramp --test corpus",
        "entries": list,
    }));
    text.push('\n');
    text
}

#[test]
fn corpus_matches_byte_for_byte() {
    let entries = generate();
    let dir = corpus_dir();
    let mut compiled = BTreeMap::new();
    let mut answer = |rules: &str, case: &str, options: &str| {
        let set = compiled
            .entry(rules.to_string())
            .or_insert_with(|| compile(rules));
        onramp::api::evaluate(set, case, options)
    };

    if std::env::var_os("UPDATE_CORPUS").is_some() {
        for (set, _) in RULE_SETS {
            let _ = std::fs::remove_dir_all(dir.join(set));
        }
        for e in &entries {
            let base = dir.join(&e.name);
            std::fs::create_dir_all(base.parent().unwrap()).unwrap();
            std::fs::write(base.with_extension("case.json"), &e.case).unwrap();
            let expected = answer(&e.rules, &e.case, &e.options);
            std::fs::write(base.with_extension("expected.json"), expected).unwrap();
        }
        std::fs::write(dir.join("manifest.json"), manifest(&entries)).unwrap();
        eprintln!(
            "wrote {} corpus entries to {}",
            entries.len(),
            dir.display()
        );
        return;
    }

    let on_disk = std::fs::read_to_string(dir.join("manifest.json")).unwrap_or_default();
    assert!(
        on_disk == manifest(&entries),
        "tests/corpus/manifest.json is stale: run UPDATE_CORPUS=1 cargo test -p onramp --test corpus"
    );
    // Read back exactly what the other targets read.
    let parsed: Value = serde_json::from_str(&on_disk).unwrap();
    let mut failures = Vec::new();
    for (e, m) in entries.iter().zip(parsed["entries"].as_array().unwrap()) {
        let base = dir.join(m["name"].as_str().unwrap());
        let case = std::fs::read_to_string(base.with_extension("case.json")).unwrap_or_default();
        let expected =
            std::fs::read_to_string(base.with_extension("expected.json")).unwrap_or_default();
        if case != e.case {
            failures.push(format!("{}: case file is stale", e.name));
            continue;
        }
        let got = answer(
            m["rules"].as_str().unwrap(),
            &case,
            m["options"].as_str().unwrap(),
        );
        if got != expected {
            failures.push(format!(
                "{}: answer differs from the corpus\n  expected: {expected}\n       got: {got}",
                e.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus entries differ (regenerate with UPDATE_CORPUS=1 if the change is intended):\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_covers_successes_and_failures() {
    let entries = generate();
    let mut compiled = BTreeMap::new();
    let (mut ok, mut failed) = (0, 0);
    for e in &entries {
        let set = compiled
            .entry(e.rules.clone())
            .or_insert_with(|| compile(&e.rules));
        let answer = onramp::api::evaluate(set, &e.case, &e.options);
        if answer.starts_with(r#"{"type":"success""#) {
            ok += 1;
        } else {
            assert!(
                answer.starts_with(r#"{"type":"failure","errors":["#),
                "{answer}"
            );
            failed += 1;
        }
    }
    assert!(ok >= 40 && failed >= 7, "{ok} successes, {failed} failures");
}
