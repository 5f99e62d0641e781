//! Shared by the cross-target tests (`corpus.rs`, `differential.rs`): reading rule folders,
//! turning a rule set's own TOML tests into JSON cases, and a seeded generator of cases,
//! valid and malformed, from the facts schema. The wasm side (bindings/wasm/tests/*.mjs)
//! reads what these write; it never regenerates, so no generator has to exist twice.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "the tests read rule folders from disk for the kernel, which reads no files"
)]

use onramp::{FactSchema, RuleSet, Schema};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The rule sets every target must agree on.
pub const RULE_SETS: &[(&str, &str)] = &[("example", "tests/example"), ("nyc", "rules/nyc")];

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every `.toml` file under `rel` as (path relative to it, text), sorted: the same walk as
/// the CLI and bindings/wasm/tests/support.mjs.
pub fn read_rules(rel: &str) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
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
    match RuleSet::compile(read_rules(rel)) {
        Ok(r) => r,
        Err(d) => panic!(
            "{rel} does not compile:\n{}",
            d.items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// A rule set's own `[[test]]` cases, as (name, as_of, lang, case JSON), in file order.
pub fn rule_tests(rel: &str) -> Vec<(String, String, Option<String>, Value)> {
    use toml::de::{DeTable, DeValue};
    fn to_json(v: &DeValue<'_>) -> Value {
        match v {
            DeValue::String(s) => json!(s.as_ref()),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map_or_else(|_| json!(i.as_str()), |n| json!(n)),
            DeValue::Float(f) => serde_json::from_str(f.as_str()).unwrap_or(json!(f.as_str())),
            DeValue::Boolean(b) => json!(b),
            DeValue::Datetime(d) => json!(d.to_string()),
            DeValue::Array(a) => Value::Array(a.iter().map(|x| to_json(x.get_ref())).collect()),
            DeValue::Table(t) => Value::Object(
                t.iter()
                    .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                    .collect(),
            ),
        }
    }
    let mut out = Vec::new();
    for (path, text) in read_rules(rel) {
        let Ok(table) = DeTable::parse(&text) else {
            continue;
        };
        let table = to_json(&DeValue::Table(table.into_inner()));
        let Some(tests) = table.get("test").and_then(Value::as_array) else {
            continue;
        };
        for (i, test) in tests.iter().enumerate() {
            let name = test["name"]
                .as_str()
                .map_or_else(|| format!("{path} #{i}"), str::to_string);
            let as_of = test["as_of"].as_str().unwrap_or("2026-11-23").to_string();
            let lang = test["lang"].as_str().map(str::to_string);
            let case = test.get("case").cloned().unwrap_or(json!({}));
            out.push((name, as_of, lang, case));
        }
    }
    out
}

/// A tiny deterministic generator (SplitMix64): cases are reproducible from a seed.
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
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Values that are wrong for almost any fact: the kernel must list them in `input_errors`
/// and decide the rest, identically on every target.
fn junk(g: &mut Gen) -> Value {
    let choices = [
        json!(null),
        json!("abc"),
        json!(""),
        json!(-1),
        json!(18.5),
        json!(1e300),
        json!(12_345_678_901_234_567_u64),
        json!("2026-02-30"),
        json!("1,234.56"),
        json!("$12.00"),
        json!("Zoë 😀 — ünïcödé"),
        json!([[[]]]),
        json!({"nested": {"deeper": [1, "two", false]}}),
        json!(true),
        json!("-0.001"),
        json!("99999999999999999999.99"),
    ];
    g.pick(&choices).clone()
}

fn money(g: &mut Gen, hi: i64) -> Value {
    match g.below(4) {
        0 => json!(g.range(0, hi)),
        1 => json!(format!("{}", g.range(0, hi))),
        _ => json!(format!("{}.{:02}", g.range(0, hi), g.range(0, 99))),
    }
}

fn date(g: &mut Gen, lo: i64, hi: i64) -> Value {
    json!(format!(
        "{:04}-{:02}-{:02}",
        g.range(lo, hi),
        g.range(1, 12),
        g.range(1, 28)
    ))
}

/// A value for a fact, shaped by its schema; `junk_percent` of the time a malformed one.
pub fn value_for(g: &mut Gen, fact: &FactSchema, junk_percent: u64) -> Value {
    if g.chance(junk_percent) {
        return junk(g);
    }
    match fact.ty.as_str() {
        "bool" => json!(g.chance(50)),
        "integer" => {
            let lo = fact.min.unwrap_or(0);
            let hi = fact.max.unwrap_or(lo + 60).min(lo + 1000);
            json!(g.range(lo, hi))
        }
        "money" => money(g, 8000),
        "percent" => json!(format!("{}%", g.range(0, 300))),
        "date" => date(g, 1935, 2027),
        "enum" if !fact.values.is_empty() => json!(g.pick(&fact.values).value),
        "list" => {
            let items: Vec<&str> = fact
                .values
                .iter()
                .filter(|_| g.chance(35))
                .map(|v| v.value.as_str())
                .collect();
            json!(items)
        }
        "records" => {
            let n = g.below(4);
            let mut list = Vec::new();
            for _ in 0..n {
                let mut rec = Map::new();
                for field in &fact.fields {
                    if g.chance(5) {
                        continue;
                    }
                    let v = match field.ty.as_str() {
                        "money" => money(g, 4000),
                        "integer" => json!(g.range(0, 60)),
                        "date" => date(g, 2018, 2027),
                        "bool" => json!(g.chance(50)),
                        _ if !field.values.is_empty() => json!(g.pick(&field.values).value),
                        _ => json!("x"),
                    };
                    rec.insert(field.name.clone(), v);
                }
                list.push(Value::Object(rec));
            }
            json!(list)
        }
        _ => json!(null),
    }
}

/// A case with `persons` persons where each fact is given with probability `given`.
pub fn random_case(
    g: &mut Gen,
    schema: &Schema,
    persons: usize,
    given: u64,
    junk_percent: u64,
) -> Value {
    let mut household = Map::new();
    for f in schema.facts.iter().filter(|f| f.scope == "household") {
        if g.chance(given) {
            household.insert(f.id.clone(), value_for(g, f, junk_percent));
        }
    }
    if g.chance(90) {
        if let Some(size) = household.get_mut("household_size") {
            *size = json!(g.range(persons.max(1) as i64, 9));
        }
    }
    let mut list = Vec::new();
    for i in 0..persons {
        let mut p = Map::new();
        if g.chance(20) {
            let ids = ["a", "p-2", "José", "人", "😀"];
            p.insert("id".into(), json!(format!("{}{i}", g.pick(&ids))));
        }
        for f in schema.facts.iter().filter(|f| f.scope == "person") {
            if g.chance(given) {
                p.insert(f.id.clone(), value_for(g, f, junk_percent));
            }
        }
        if g.chance(junk_percent) {
            p.insert("no_such_fact".into(), junk(g));
        }
        list.push(Value::Object(p));
    }
    let mut case = Map::new();
    if g.chance(95) {
        case.insert("household".into(), Value::Object(household));
    }
    if g.chance(97) {
        case.insert("persons".into(), Value::Array(list));
    }
    Value::Object(case)
}

/// Options text for a generated case: a date between 2019 and 2030, a language the rule set
/// offers, one it does not, or none.
pub fn random_options(g: &mut Gen, languages: &[String]) -> String {
    let as_of = format!(
        "{:04}-{:02}-{:02}",
        g.range(2019, 2030),
        g.range(1, 12),
        g.range(1, 28)
    );
    match g.below(4) {
        0 => json!({ "as_of": as_of }).to_string(),
        1 => json!({ "as_of": as_of, "lang": "xx" }).to_string(),
        _ => json!({ "as_of": as_of, "lang": g.pick(languages) }).to_string(),
    }
}
