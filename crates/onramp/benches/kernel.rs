//! `cargo bench -p onramp`: compiling a rule set, and evaluating a batch of cases.
//! Uses the NYC rule set when it is present, and the example rule set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks"
)]

#[path = "../tests/common.rs"]
mod common;

use common::{random_case, read_dir, Gen};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use onramp::{Case, CivilDate, Options, RuleSet};
use std::hint::black_box;

fn rule_sets() -> Vec<&'static str> {
    let mut sets = vec!["tests/example"];
    if common::repo_root().join("rules/nyc/ruleset.toml").exists() {
        sets.push("rules/nyc");
    }
    sets
}

fn bench(c: &mut Criterion) {
    let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
    for set in rule_sets() {
        let files = read_dir(set);
        let name = set.rsplit('/').next().unwrap_or(set);
        c.bench_function(&format!("compile/{name}"), |b| {
            b.iter_batched(
                || files.clone(),
                |f| black_box(RuleSet::compile(f).unwrap()),
                BatchSize::SmallInput,
            )
        });
        let rules = RuleSet::compile(files).unwrap();
        let schema = rules.schema(None);
        let mut g = Gen(42);
        // A realistic mix: households of 1 to 4 people, each fact given with probability 70%.
        let cases: Vec<String> = (0..200)
            .map(|i| random_case(&mut g, &schema, 1 + i % 4, 70).to_string())
            .collect();
        let mut group = c.benchmark_group(format!("evaluate/{name}"));
        group.throughput(Throughput::Elements(cases.len() as u64));
        group.bench_function("200 cases, parse + evaluate + full JSON", |b| {
            b.iter(|| {
                for text in &cases {
                    let case = Case::from_json_text(&rules, text).expect("a JSON object");
                    black_box(rules.evaluate(&case, &options).to_json());
                }
            })
        });
        group.bench_function("200 cases, parse + evaluate + summary JSON", |b| {
            b.iter(|| {
                for text in &cases {
                    let case = Case::from_json_text(&rules, text).expect("a JSON object");
                    black_box(rules.summarize(&case, &options).to_json());
                }
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
