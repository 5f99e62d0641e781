#![allow(clippy::unwrap_used, clippy::disallowed_methods, missing_docs)]
#[path = "../tests/common.rs"]
mod common;
use onramp::{Case, CivilDate, Options};
fn main() {
    let rules = common::compile("rules/nyc");
    let schema = rules.schema(None);
    let mut g = common::Gen(42);
    let cases: Vec<String> = (0..200)
        .map(|i| common::random_case(&mut g, &schema, 1 + i % 4, 70).to_string())
        .collect();
    let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
    let t = std::time::Instant::now();
    let parsed: Vec<Case> = cases
        .iter()
        .map(|c| Case::from_json_text(&rules, c))
        .collect();
    let t1 = t.elapsed();
    let t = std::time::Instant::now();
    let decisions: Vec<_> = parsed.iter().map(|c| rules.evaluate(c, &options)).collect();
    let t2 = t.elapsed();
    let t = std::time::Instant::now();
    let json: Vec<String> = decisions.iter().map(|d| d.to_json()).collect();
    let t3 = t.elapsed();
    let bytes: usize = json.iter().map(String::len).sum();
    println!(
        "parse {:?} evaluate {:?} json {:?}; avg json {} KB",
        t1 / 200,
        t2 / 200,
        t3 / 200,
        bytes / 200 / 1024
    );
}
