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
pub use targets::{compile, read_rules, repo_root, Gen};

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
///
/// The values agree with what the case already says: a case that gives the total income
/// of the members it does not list says there are such members, so the household it is
/// completed to is larger than the persons listed and not said to be all listed.
pub fn complete(g: &mut Gen, schema: &Schema, case: &Value) -> Value {
    let mut case = case.clone();
    let listed = case["persons"].as_array().map_or(0, Vec::len);
    if let Some(h) = case.get_mut("household").and_then(Value::as_object_mut) {
        let others_given = h.contains_key("others_monthly_income");
        let said_all_listed = h.get("all_members_listed") == Some(&Value::Bool(true));
        let counted_more = h
            .get("household_size")
            .and_then(Value::as_u64)
            .is_some_and(|n| n > listed as u64);
        for f in schema.facts.iter().filter(|f| f.scope == "household") {
            if !h.contains_key(&f.id) {
                let value = match f.id.as_str() {
                    "household_size" if said_all_listed => Value::from(listed.max(1)),
                    "household_size" if others_given => Value::from(listed as u64 + 1 + g.below(3)),
                    "all_members_listed" if others_given || counted_more => Value::Bool(false),
                    _ => targets::value_for(g, f, 0),
                };
                h.insert(f.id.clone(), value);
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

/// A household as it is, and as a case may describe it. The household has `listed +
/// hidden` members with every fact given, and its size facts agree with them
/// (`household_size`, and `wioa_family_size` with `in_wioa_family`). The description lists
/// only the first `listed` members, gives each fact with probability `given` percent, and
/// sometimes gives the members it leaves out as one total (`others_monthly_income`, their
/// exact monthly income). Returns (description, household).
pub fn household_with_hidden_members(
    g: &mut Gen,
    schema: &Schema,
    listed: usize,
    hidden: usize,
    given: u64,
) -> (Value, Value) {
    let has = |id: &str| schema.facts.iter().any(|f| f.id == id);
    // A household has someone in it.
    let hidden = if listed + hidden == 0 { 1 } else { hidden };
    let everyone = listed + hidden;
    let mut full = random_case(g, schema, everyone, 100);
    let top = full.as_object_mut().expect("a case is an object");
    top.entry("household")
        .or_insert_with(|| serde_json::json!({}));
    top.entry("persons")
        .or_insert_with(|| Value::Array((0..everyone).map(|_| serde_json::json!({})).collect()));
    let income_kinds: Vec<String> = schema
        .facts
        .iter()
        .find(|f| f.id == "incomes")
        .and_then(|f| f.fields.iter().find(|x| x.name == "type"))
        .map(|t| t.values.iter().map(|v| v.value.clone()).collect())
        .unwrap_or_default();
    let mut others_cents = 0_i64;
    let persons = full["persons"].as_array_mut().expect("persons");
    for p in persons.iter_mut().skip(listed) {
        // The members left out get monthly incomes only, so their exact monthly total is
        // the sum of the amounts; every amount is zero or more, as income received is.
        let mut incomes = Vec::new();
        for _ in 0..g.below(3) {
            let cents = g.range(0, 400_000);
            others_cents += cents;
            let kind = g.pick(&income_kinds).clone();
            incomes.push(serde_json::json!({
                "type": kind,
                "amount": format!("{}.{:02}", cents / 100, cents % 100),
                "frequency": "monthly",
            }));
        }
        p["incomes"] = Value::Array(incomes);
    }
    if has("in_wioa_family") && has("wioa_family_size") {
        let in_family = |p: &Value| p["in_wioa_family"] == Value::Bool(true);
        if !persons.iter().any(in_family) {
            persons[0]["in_wioa_family"] = Value::Bool(true);
        }
        let size = persons.iter().filter(|p| in_family(p)).count();
        full["household"]["wioa_family_size"] = Value::from(size);
    }
    let household = full["household"].as_object_mut().expect("household");
    household.remove("others_monthly_income");
    if has("household_size") {
        household.insert("household_size".into(), Value::from(everyone));
    }
    if has("all_members_listed") {
        household.insert("all_members_listed".into(), Value::Bool(true));
    }

    let mut partial = full.clone();
    let keep = |g: &mut Gen, map: &mut serde_json::Map<String, Value>| {
        map.retain(|k, _| k == "id" || g.chance(given));
    };
    let household = partial["household"].as_object_mut().expect("household");
    keep(g, household);
    // A host that left members out does not say the list is complete.
    if hidden > 0 {
        household.remove("all_members_listed");
    }
    if has("others_monthly_income") && g.chance(50) {
        household.insert(
            "others_monthly_income".into(),
            Value::from(format!("{}.{:02}", others_cents / 100, others_cents % 100)),
        );
    }
    let persons = partial["persons"].as_array_mut().expect("persons");
    persons.truncate(listed);
    for p in persons.iter_mut().filter_map(Value::as_object_mut) {
        keep(g, p);
    }
    give_hours(&mut partial);
    (partial, full)
}
