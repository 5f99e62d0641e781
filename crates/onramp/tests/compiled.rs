//! Compiled rule sets (`RuleSet::to_compiled` / `from_compiled`): a rule set loaded from its
//! compiled form decides exactly as the one compiled from the rule files, byte for byte,
//! over the whole conformance corpus, explanations, what-ifs and generated cases; damaged,
//! foreign or other-build bytes are refused with an error, never misread or a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods,
    reason = "the test reads the corpus from disk"
)]

mod common;

use common::{compile, random_case, Gen};
use onramp::{api, CompiledError, RuleSet, COMPILED_FORMAT};
use serde_json::Value;
use std::collections::BTreeMap;

fn reloaded(rules: &RuleSet) -> RuleSet {
    RuleSet::from_compiled(&rules.to_compiled()).expect("the compiled form loads")
}

#[test]
fn the_corpus_decides_byte_for_byte_from_the_compiled_form() {
    let root = common::repo_root();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/corpus/manifest.json")).unwrap(),
    )
    .unwrap();
    let mut sets: BTreeMap<String, (RuleSet, RuleSet)> = BTreeMap::new();
    let mut checked = 0;
    for e in manifest["entries"].as_array().unwrap() {
        let rules = e["rules"].as_str().unwrap();
        let (source, loaded) = sets.entry(rules.to_string()).or_insert_with(|| {
            let source = compile(rules);
            let loaded = reloaded(&source);
            (source, loaded)
        });
        let name = e["name"].as_str().unwrap();
        let case =
            std::fs::read_to_string(root.join(format!("tests/corpus/{name}.case.json"))).unwrap();
        let options = e["options"].as_str().unwrap();
        let expected = api::evaluate(source, &case, options);
        assert_eq!(api::evaluate(loaded, &case, options), expected, "{name}");
        checked += 1;
    }
    assert!(checked > 100, "the corpus has {checked} entries");
    for (name, (source, loaded)) in &sets {
        assert_eq!(source.hash(), loaded.hash(), "{name}");
        assert_eq!(source.schema(None), loaded.schema(None), "{name}");
        // Written again, the loaded rule set gives the same bytes: the form is canonical.
        assert_eq!(source.to_compiled(), loaded.to_compiled(), "{name}");
    }
}

#[test]
fn explanations_and_what_ifs_agree_on_the_personas() {
    let nyc = compile("rules/nyc");
    let loaded = reloaded(&nyc);
    let dir = common::repo_root().join("rules/nyc/personas");
    let mut personas = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let case = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for options in [
            r#"{"as_of":"2026-11-23","detail":"summary","lang":"es"}"#,
            r#"{"as_of":"2026-11-23","detail":"full","lang":"zh"}"#,
        ] {
            assert_eq!(
                api::evaluate(&loaded, &case, options),
                api::evaluate(&nyc, &case, options)
            );
        }
        for target in ["wioa_adult", "snap", "education"] {
            let options = r#"{"as_of":"2026-11-23"}"#;
            assert_eq!(
                api::explain(&loaded, &case, options, target),
                api::explain(&nyc, &case, options, target)
            );
        }
        let options = r#"{"as_of":"2026-11-23"}"#;
        assert_eq!(
            api::qualify(&loaded, &case, options),
            api::qualify(&nyc, &case, options)
        );
        let sweep = r#"{"as_of":"2026-11-23","wage":{"per":"hour","from":"15","to":"35","hours":35},"points":40}"#;
        assert_eq!(
            api::sweep(&loaded, &case, sweep),
            api::sweep(&nyc, &case, sweep)
        );
        personas += 1;
    }
    assert!(personas >= 6);
}

#[test]
fn generated_households_decide_alike() {
    let nyc = compile("rules/nyc");
    let loaded = reloaded(&nyc);
    let schema = nyc.schema(None);
    let mut g = Gen(7);
    for i in 0..300 {
        let case = random_case(&mut g, &schema, 1 + i % 4, 70).to_string();
        for detail in ["summary", "full"] {
            let options = format!(r#"{{"as_of":"2026-11-23","detail":"{detail}"}}"#);
            assert_eq!(
                api::evaluate(&loaded, &case, &options),
                api::evaluate(&nyc, &case, &options),
                "case {i}"
            );
        }
    }
}

#[test]
fn bad_bytes_are_refused_never_misread() {
    let example = compile("tests/example");
    let bytes = example.to_compiled();
    assert!(bytes.starts_with(COMPILED_FORMAT.as_bytes()));
    assert_eq!(
        RuleSet::from_compiled(b"{\"format\":\"onramp-bundle/1\"}").unwrap_err(),
        CompiledError::NotCompiled
    );
    // Cut short anywhere: refused (a sample of cut points, every one near the ends).
    let cuts: Vec<usize> = (0..bytes.len())
        .filter(|&n| n < 64 || n + 64 > bytes.len() || n % 97 == 0)
        .collect();
    for n in cuts {
        assert!(RuleSet::from_compiled(&bytes[..n]).is_err(), "cut at {n}");
    }
    // Anything after the rule set: refused.
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        RuleSet::from_compiled(&longer),
        Err(CompiledError::Damaged(_))
    ));
    // Another kernel build: its fingerprint differs. Swap the fingerprint's digits.
    let fp = onramp::KERNEL_FINGERPRINT.as_bytes();
    let at = bytes
        .windows(fp.len())
        .position(|w| w == fp)
        .expect("the header names the fingerprint");
    let mut other = bytes.clone();
    for b in &mut other[at..at + fp.len()] {
        *b = if *b == b'0' { b'1' } else { b'0' };
    }
    match RuleSet::from_compiled(&other) {
        Err(e @ CompiledError::OtherKernel { .. }) => {
            assert!(e.to_string().contains("onramp bundle --compiled"), "{e}");
        }
        other => panic!("expected OtherKernel, got {other:?}"),
    }
    // Flipped bytes in the body: an error or, where the flip lands in a text, a rule set
    // that still loads; never a panic.
    for i in (COMPILED_FORMAT.len() + 40..bytes.len()).step_by(131) {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x5a;
        let _ = RuleSet::from_compiled(&flipped);
    }
}
