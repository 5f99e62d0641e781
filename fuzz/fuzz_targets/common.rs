//! What the targets share: the rule sets from the repository (read once), a case generated
//! from the fuzzer's bytes over a rule set's schema, and the check every answer must pass.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Result, Unstructured};
use onramp::RuleSet;
use std::path::Path;
use std::sync::LazyLock;

pub fn rule_files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if !p.ends_with("tests") && !p.ends_with("personas") && !p.ends_with("cases") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "toml") {
                let rel = p.strip_prefix(root.parent().unwrap()).unwrap();
                out.push((
                    rel.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out
}

pub static NYC: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::compile(rule_files("rules/nyc")).expect("the NYC rules compile"));
pub static EXAMPLE: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::compile(rule_files("tests/example")).expect("the example rules compile")
});

/// Every answer of `onramp::api` is one JSON object, success or failure: never a panic,
/// never half a text.
pub fn well_formed(answer: &str) {
    let value: serde_json::Value =
        serde_json::from_str(answer).unwrap_or_else(|e| panic!("not JSON ({e}): {answer:.300}"));
    let kind = value.get("type").and_then(|t| t.as_str());
    assert!(
        matches!(kind, Some("success" | "failure")),
        "neither success nor failure: {answer:.300}"
    );
}

fn date(u: &mut Unstructured) -> Result<String> {
    Ok(format!(
        "{:04}-{:02}-{:02}",
        u.int_in_range(1900..=2030)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=31)?
    ))
}

fn value(u: &mut Unstructured, ty: &str, values: &[String]) -> Result<serde_json::Value> {
    use serde_json::json;
    // Now and then a value of the wrong kind: the reader must name the field, not fail.
    if u.ratio(1, 12)? {
        return Ok(match u.int_in_range(0..=4)? {
            0 => json!(null),
            1 => json!("?"),
            2 => json!(-1),
            3 => json!([1, 2]),
            _ => json!({"a": 1}),
        });
    }
    Ok(match ty {
        "bool" => json!(bool::arbitrary_take(u)?),
        "integer" => json!(u.int_in_range(-5i64..=200)?),
        "money" => json!(format!(
            "{}.{:02}",
            u.int_in_range(0u32..=200_000)?,
            u.int_in_range(0u32..=99)?
        )),
        "date" => json!(date(u)?),
        "enum" if !values.is_empty() => json!(u.choose(values)?),
        "list" if !values.is_empty() => {
            let n = u.int_in_range(0..=3)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(json!(u.choose(values)?));
            }
            json!(items)
        }
        _ => json!(String::arbitrary_take(u)?),
    })
}

trait Take: Sized {
    fn arbitrary_take(u: &mut Unstructured) -> Result<Self>;
}
impl<T: for<'a> arbitrary::Arbitrary<'a>> Take for T {
    fn arbitrary_take(u: &mut Unstructured) -> Result<Self> {
        T::arbitrary(u)
    }
}

/// A case over `rules`' facts: a household and 0–5 persons, each fact given or not, values
/// mostly of the right type.
pub fn case(u: &mut Unstructured, rules: &RuleSet) -> Result<serde_json::Value> {
    let schema = rules.schema(None);
    let mut household = serde_json::Map::new();
    let persons_n = u.int_in_range(0..=5)?;
    let mut persons: Vec<serde_json::Map<String, serde_json::Value>> =
        (0..persons_n).map(|_| serde_json::Map::new()).collect();
    for fact in &schema.facts {
        let values: Vec<String> = fact.values.iter().map(|v| v.value.clone()).collect();
        let targets: Vec<&mut serde_json::Map<String, serde_json::Value>> =
            if fact.scope == "household" {
                vec![&mut household]
            } else {
                persons.iter_mut().collect()
            };
        for target in targets {
            if !u.ratio(2, 3)? {
                continue;
            }
            let v = if fact.ty == "records" {
                let n = u.int_in_range(0..=2)?;
                let mut records = Vec::new();
                for _ in 0..n {
                    let mut record = serde_json::Map::new();
                    for field in &fact.fields {
                        if u.ratio(4, 5)? {
                            let fv: Vec<String> =
                                field.values.iter().map(|v| v.value.clone()).collect();
                            record.insert(field.name.clone(), value(u, &field.ty, &fv)?);
                        }
                    }
                    records.push(serde_json::Value::Object(record));
                }
                serde_json::Value::Array(records)
            } else {
                value(u, &fact.ty, &values)?
            };
            target.insert(fact.id.clone(), v);
        }
    }
    Ok(serde_json::json!({"household": household, "persons": persons}))
}

pub fn options(u: &mut Unstructured) -> Result<String> {
    let detail = if u.arbitrary::<bool>()? {
        "summary"
    } else {
        "full"
    };
    let lang = *u.choose(&["en", "es", "zh", "xx"])?;
    Ok(format!(
        r#"{{"as_of":"{}","detail":"{detail}","lang":"{lang}"}}"#,
        date(u)?
    ))
}
