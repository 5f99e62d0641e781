//! A seeded generator of caseloads: households shaped by a rule set's facts schema, for
//! tests and benchmarks of the caseload tools. The same seed gives the same households on
//! every machine (SplitMix64, no system randomness), so a committed sample can be
//! regenerated and a benchmark repeated.
//!
//! Values are valid for their facts (no malformed input: that is tested on purpose
//! elsewhere) and roughly plausible: adults and youths, small incomes, a few benefits.
//! `household_size` always equals the number of persons listed, so household aggregates
//! over persons cover the whole household.

use onramp::{FactSchema, Schema};
use serde_json::{json, Map, Value};

/// SplitMix64: tiny, fast and reproducible from a seed.
#[derive(Clone, Debug)]
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
    /// A number in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi.abs_diff(lo) + 1) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len() as u64) as usize])
        }
    }
}

/// How households are generated.
#[derive(Clone, Debug)]
pub struct Settings {
    pub seed: u64,
    /// The percentage of facts given (the rest are left unknown).
    pub given: u64,
    /// At most this many persons per household (at least one).
    pub max_persons: usize,
}

fn money(g: &mut Gen, hi: i64) -> Value {
    json!(format!("{}.{:02}", g.range(0, hi), g.range(0, 99)))
}

fn date(g: &mut Gen, lo: i64, hi: i64) -> Value {
    json!(format!(
        "{:04}-{:02}-{:02}",
        g.range(lo, hi),
        g.range(1, 12),
        g.range(1, 28)
    ))
}

fn value(g: &mut Gen, fact: &FactSchema) -> Value {
    let values: Vec<&str> = fact.values.iter().map(|v| v.value.as_str()).collect();
    match (fact.id.as_str(), fact.ty.as_str()) {
        // Working-age people, with youths (the youth programs) and some seniors.
        ("date_of_birth", _) => date(g, 1950, 2011),
        ("zip", _) => json!(g.range(10001, 11697)),
        // Most people asked these say yes; the other yes-or-no facts are rarer situations.
        ("nyc_resident" | "work_authorized" | "selective_service_registered", "bool") => {
            json!(g.chance(90))
        }
        (_, "bool") => json!(g.chance(25)),
        (_, "integer") => {
            let lo = fact.min.unwrap_or(0);
            let hi = fact.max.unwrap_or(lo + 60).min(lo + 2000);
            json!(g.range(lo, hi))
        }
        (_, "money") => money(g, 3000),
        (_, "percent") => json!(format!("{}%", g.range(0, 300))),
        (_, "date") => date(g, 2018, 2027),
        (_, "enum") => g.pick(&values).map_or(Value::Null, |v| json!(v)),
        (_, "list") => {
            let items: Vec<&str> = values.iter().copied().filter(|_| g.chance(20)).collect();
            json!(items)
        }
        (_, "records") => {
            let mut list = Vec::new();
            for _ in 0..g.below(3) {
                let mut rec = Map::new();
                for field in &fact.fields {
                    let options: Vec<&str> =
                        field.values.iter().map(|v| v.value.as_str()).collect();
                    let v = match field.ty.as_str() {
                        "money" => money(g, 1500),
                        "integer" => json!(g.range(5, 40)),
                        "date" => date(g, 2019, 2027),
                        "bool" => json!(g.chance(50)),
                        _ => g.pick(&options).map_or(Value::Null, |v| json!(v)),
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

/// Household number `index` (0-based) of the caseload `settings` describe. Each household
/// has its own stream of numbers, so household `i` is the same however many are generated.
pub fn household(schema: &Schema, settings: &Settings, index: u64) -> Value {
    let mut g = Gen(settings.seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
    g.next_u64();
    let persons = 1 + g.below(settings.max_persons.max(1) as u64) as usize;
    let mut household = Map::new();
    for f in schema.facts.iter().filter(|f| f.scope == "household") {
        if g.chance(settings.given) {
            household.insert(f.id.clone(), value(&mut g, f));
        }
    }
    // Stated sizes match the persons listed; a family is the household here. The household
    // size is always stated, so every household is all listed, and there is no total of
    // members not described.
    for size in ["household_size", "wioa_family_size"] {
        if let Some(v) = household.get_mut(size) {
            *v = json!(persons);
        }
    }
    if schema.facts.iter().any(|f| f.id == "household_size") {
        household.insert("household_size".into(), json!(persons));
    }
    household.remove("others_monthly_income");
    let mut list = Vec::new();
    for i in 0..persons {
        let mut p = Map::new();
        p.insert("id".into(), json!(format!("p{}", i + 1)));
        for f in schema.facts.iter().filter(|f| f.scope == "person") {
            if g.chance(settings.given) {
                p.insert(f.id.clone(), value(&mut g, f));
            }
        }
        list.push(Value::Object(p));
    }
    json!({
        "id": format!("h{:07}", index + 1),
        "household": household,
        "persons": list,
    })
}
