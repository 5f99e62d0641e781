//! Helpers shared by the kernel's integration tests: reading rule folders from disk (the
//! kernel itself reads no files) and generating cases from a rule set's schema.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::{FactSchema, RuleSet, Schema};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

#[allow(
    clippy::disallowed_methods,
    reason = "tests read rule fixtures from disk; the kernel itself does not"
)]
pub fn read_dir(rel: &str) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let base = repo_root().join(rel);
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

pub fn compile(rel: &str) -> RuleSet {
    match RuleSet::compile(read_dir(rel)) {
        Ok(r) => r,
        Err(d) => panic!(
            "{rel} does not compile:\n{}",
            d.items
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// A tiny deterministic generator (SplitMix64), so cases are reproducible from a seed.
pub struct Gen(pub u64);

impl Gen {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

fn pick<'a>(g: &mut Gen, values: &'a [onramp::ValueLabel]) -> &'a str {
    &values[g.below(values.len() as u64) as usize].value
}

/// A random value for a fact, shaped by its schema.
pub fn value_for(g: &mut Gen, fact: &FactSchema) -> Value {
    match fact.ty.as_str() {
        "bool" => json!(g.chance(50)),
        "integer" => {
            let lo = fact.min.unwrap_or(0);
            let hi = fact.max.unwrap_or(lo + 60).min(lo + 1000);
            json!(g.range(lo, hi))
        }
        "money" => json!(format!("{}.{:02}", g.range(0, 6000), g.range(0, 99))),
        "date" => {
            // Birth dates and other dates around the 20th century and now.
            let y = g.range(1940, 2026);
            let m = g.range(1, 12);
            let d = g.range(1, 28);
            json!(format!("{y:04}-{m:02}-{d:02}"))
        }
        "enum" => json!(pick(g, &fact.values)),
        "list" => {
            let items: Vec<&str> = fact
                .values
                .iter()
                .filter(|_| g.chance(30))
                .map(|v| v.value.as_str())
                .collect();
            json!(items)
        }
        "records" => {
            let n = g.below(3);
            let mut list = Vec::new();
            for _ in 0..n {
                let mut rec = Map::new();
                for field in &fact.fields {
                    let v = match field.ty.as_str() {
                        "money" => json!(format!("{}.{:02}", g.range(0, 3000), g.range(0, 99))),
                        "integer" => json!(g.range(1, 40)),
                        "date" => json!(format!(
                            "{:04}-{:02}-{:02}",
                            g.range(2020, 2026),
                            g.range(1, 12),
                            g.range(1, 28)
                        )),
                        "bool" => json!(g.chance(50)),
                        _ if !field.values.is_empty() => {
                            json!(field.values[g.below(field.values.len() as u64) as usize].value)
                        }
                        _ => json!("x"),
                    };
                    rec.insert(field.name.clone(), v);
                }
                list.push(Value::Object(rec));
            }
            json!(list)
        }
        _ => Value::Null,
    }
}

/// A random case where each fact is given with probability `given` percent.
pub fn random_case(g: &mut Gen, schema: &Schema, persons: usize, given: u64) -> Value {
    let mut household = Map::new();
    for f in schema.facts.iter().filter(|f| f.scope == "household") {
        if g.chance(given) {
            household.insert(f.id.clone(), value_for(g, f));
        }
    }
    if let Some(size) = household.get_mut("household_size") {
        *size = json!(g.range(persons.max(1) as i64, 12));
    }
    let mut list = Vec::new();
    for _ in 0..persons {
        let mut p = Map::new();
        for f in schema.facts.iter().filter(|f| f.scope == "person") {
            if g.chance(given) {
                p.insert(f.id.clone(), value_for(g, f));
            }
        }
        list.push(Value::Object(p));
    }
    json!({ "household": household, "persons": list })
}

/// The same case with every absent fact filled in at random.
pub fn complete(g: &mut Gen, schema: &Schema, case: &Value) -> Value {
    let mut case = case.clone();
    if let Some(h) = case["household"].as_object_mut() {
        for f in schema.facts.iter().filter(|f| f.scope == "household") {
            if !h.contains_key(&f.id) {
                h.insert(f.id.clone(), value_for(g, f));
            }
        }
    }
    if let Some(persons) = case["persons"].as_array_mut() {
        for p in persons.iter_mut() {
            let p = p.as_object_mut().unwrap();
            for f in schema.facts.iter().filter(|f| f.scope == "person") {
                if !p.contains_key(&f.id) {
                    p.insert(f.id.clone(), value_for(g, f));
                }
            }
        }
    }
    case
}
