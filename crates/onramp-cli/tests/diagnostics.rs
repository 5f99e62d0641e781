//! Snapshots of what rule authors see: every folder under `tests/broken/` is compiled and
//! its diagnostics rendered as code frames. Together they cover every diagnostic code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::{RuleSet, DIAGNOSTIC_CODES};
use onramp_cli::{files, render};
use std::collections::BTreeSet;
use std::path::Path;

fn broken_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/broken")
}

fn broken_sets() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(broken_root())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn rendered_diagnostics() {
    let mut seen = BTreeSet::new();
    for name in broken_sets() {
        let sources = files::read_rule_files(&broken_root().join(&name)).unwrap();
        let items = match RuleSet::compile(sources.clone()) {
            Ok(rules) => rules.warnings().to_vec(),
            Err(d) => d.items,
        };
        assert!(!items.is_empty(), "{name} compiled without any diagnostic");
        seen.extend(items.iter().map(|d| d.code));
        insta::assert_snapshot!(name.clone(), render::diagnostics(&items, &sources));
    }
    // `bundle-hash` needs a tampered bundle rather than a folder: covered below.
    seen.insert("bundle-hash");
    let missing: Vec<&&str> = DIAGNOSTIC_CODES
        .iter()
        .filter(|c| !seen.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "no broken rule set shows these codes: {missing:?}"
    );
}

#[test]
fn tampered_bundle_is_rejected() {
    let sources = files::read_rule_files(&broken_root().join("../example")).unwrap();
    let mut bundle = RuleSet::bundle(sources).unwrap();
    bundle.files[0].text.push_str("\n# edited after bundling\n");
    let err = RuleSet::from_bundle(&bundle).unwrap_err();
    assert_eq!(err.items[0].code, "bundle-hash");
}

#[test]
fn no_stale_snapshots() {
    let names: BTreeSet<String> = broken_sets().into_iter().collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !file.ends_with(".snap.new"),
            "{file}: an unreviewed snapshot was left behind"
        );
        let Some(name) = file
            .strip_prefix("diagnostics__")
            .and_then(|f| f.strip_suffix(".snap"))
        else {
            continue;
        };
        assert!(
            names.contains(name),
            "{file} belongs to no folder of tests/broken: delete it"
        );
    }
}
