//! What the property tests and the benchmark need, on top of the generator that the
//! cross-target tests share (`targets/mod.rs`): one generator of cases, used everywhere.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

#[path = "targets/mod.rs"]
mod targets;

#[allow(unused_imports, reason = "each test file uses a different part")]
pub use targets::{compile, repo_root, Gen};

use onramp::Schema;
use serde_json::Value;

/// Every `.toml` file under `rel` (relative to the repository) as (path, text).
pub fn read_dir(rel: &str) -> Vec<(String, String)> {
    targets::read_rules(rel)
}

/// A random valid case where each fact is given with probability `given` percent.
pub fn random_case(g: &mut Gen, schema: &Schema, persons: usize, given: u64) -> Value {
    let mut case = targets::random_case(g, schema, persons, given, 0);
    give_hours(&mut case);
    case
}

/// The shared generator sometimes leaves out the hours of an hourly income, which the
/// kernel rightly reports as malformed; the properties want valid cases only.
fn give_hours(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("frequency").and_then(Value::as_str) == Some("hourly")
                && !map.contains_key("hours_per_week")
            {
                map.insert("hours_per_week".into(), Value::from(20));
            }
            map.values_mut().for_each(give_hours);
        }
        Value::Array(items) => items.iter_mut().for_each(give_hours),
        _ => {}
    }
}

/// The same case with every absent fact filled in at random (valid values only).
pub fn complete(g: &mut Gen, schema: &Schema, case: &Value) -> Value {
    let mut case = case.clone();
    if let Some(h) = case.get_mut("household").and_then(Value::as_object_mut) {
        for f in schema.facts.iter().filter(|f| f.scope == "household") {
            if !h.contains_key(&f.id) {
                h.insert(f.id.clone(), targets::value_for(g, f, 0));
            }
        }
    }
    if let Some(persons) = case.get_mut("persons").and_then(Value::as_array_mut) {
        for p in persons.iter_mut().filter_map(Value::as_object_mut) {
            for f in schema.facts.iter().filter(|f| f.scope == "person") {
                if !p.contains_key(&f.id) {
                    p.insert(f.id.clone(), targets::value_for(g, f, 0));
                }
            }
        }
    }
    give_hours(&mut case);
    case
}
