//! `cargo run --release -p onramp --example phases`: one batch of generated NYC households
//! (1–4 persons, 70 % of facts given) split into parsing, deciding and JSON, at both detail
//! levels, with p50 per household and the average decision size; then the six personas'
//! decision sizes. Figures, not a test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs
)]
#[path = "../tests/common.rs"]
mod common;
use onramp::{Case, CivilDate, Options};
use std::time::{Duration, Instant};

/// The median of `rounds` timings of `f` over every case, per case.
fn p50(rounds: usize, cases: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed() / cases as u32
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn main() {
    let rules = common::compile("rules/nyc");
    let schema = rules.schema(None);
    let mut g = common::Gen(42);
    let n = 200;
    let cases: Vec<String> = (0..n)
        .map(|i| common::random_case(&mut g, &schema, 1 + i % 4, 70).to_string())
        .collect();
    let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
    let rounds = 15;
    // `ONRAMP_PROFILE=summary|full|parse`: only loop that path (for a profiler), then stop.
    // Instruction counts per household come from two runs with different
    // `ONRAMP_PROFILE_ROUNDS` (scripts/callgrind.sh), so compiling and setting up cancel out.
    if let Ok(which) = std::env::var("ONRAMP_PROFILE") {
        let parsed: Vec<Case> = cases
            .iter()
            .map(|c| Case::from_json_text(&rules, c).expect("a JSON object"))
            .collect();
        let rounds: usize = std::env::var("ONRAMP_PROFILE_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(50);
        for _ in 0..rounds {
            if which == "parse" {
                for c in &cases {
                    let _ = std::hint::black_box(Case::from_json_text(&rules, c));
                }
                continue;
            }
            for c in &parsed {
                if which == "full" {
                    std::hint::black_box(rules.decision_json(c, &options).0);
                } else {
                    std::hint::black_box(rules.summary_json(c, &options).0);
                }
            }
        }
        return;
    }
    let parsed: Vec<Case> = cases
        .iter()
        .map(|c| Case::from_json_text(&rules, c).expect("a JSON object"))
        .collect();
    let parse = p50(rounds, n, || {
        for c in &cases {
            let _ = std::hint::black_box(Case::from_json_text(&rules, c));
        }
    });
    let mut summary_bytes = 0;
    let summary = p50(rounds, n, || {
        summary_bytes = 0;
        for c in &parsed {
            summary_bytes += rules.summary_json(c, &options).0.len();
        }
    });
    let mut full_bytes = 0;
    let full = p50(rounds, n, || {
        full_bytes = 0;
        for c in &parsed {
            full_bytes += rules.decision_json(c, &options).0.len();
        }
    });
    // The typed `Decision` (for Rust hosts that read it), and its serialization.
    let decide_full = p50(rounds, n, || {
        for c in &parsed {
            std::hint::black_box(rules.evaluate(c, &options));
        }
    });
    let decisions: Vec<_> = parsed.iter().map(|c| rules.evaluate(c, &options)).collect();
    let json_full = p50(rounds, n, || {
        for d in &decisions {
            std::hint::black_box(d.to_json());
        }
    });
    let end_to_end = p50(rounds, n, || {
        for c in &cases {
            let case = Case::from_json_text(&rules, c).expect("a JSON object");
            std::hint::black_box(rules.summary_json(&case, &options).0);
        }
    });
    println!("NYC, {n} generated households (1-4 persons, 70% of facts given), p50 of {rounds} rounds, per household:");
    println!("  parse case JSON                  {parse:>10.1?}");
    println!(
        "  evaluate + summary JSON          {summary:>10.1?}   avg {:.1} KB",
        summary_bytes as f64 / n as f64 / 1024.0
    );
    println!(
        "  evaluate + full JSON             {full:>10.1?}   avg {:.1} KB  (typed Decision {decide_full:.1?}, its to_json {json_full:.1?})",
        full_bytes as f64 / n as f64 / 1024.0
    );
    println!("  parse + evaluate + summary JSON  {end_to_end:>10.1?}");
    // Getting the rule set ready: compiling the rule files, or loading the compiled form.
    let sources = common::read_rules("rules/nyc");
    let compiled = rules.to_compiled();
    let compile_time = p50(rounds, 1, || {
        std::hint::black_box(onramp::RuleSet::compile(sources.clone()).unwrap());
    });
    let load_time = p50(rounds, 1, || {
        std::hint::black_box(onramp::RuleSet::from_compiled(&compiled).unwrap());
    });
    println!(
        "NYC rules ready: compile the rule files {compile_time:.1?}, load the compiled form \
         {load_time:.1?} ({:.1} KB)",
        compiled.len() as f64 / 1024.0
    );
    println!("Personas (rules/nyc/personas), decision size summary / full:");
    let dir = common::repo_root().join("rules/nyc/personas");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let case = Case::from_json_text(&rules, &std::fs::read_to_string(&f).unwrap())
            .expect("a JSON object");
        let s = rules.summary_json(&case, &options).0.len();
        let full = rules.decision_json(&case, &options).0.len();
        println!(
            "  {:<36} {:>3} persons  {:>6.1} KB / {:>6.1} KB",
            f.file_stem().unwrap().to_string_lossy(),
            case.person_count(),
            s as f64 / 1024.0,
            full as f64 / 1024.0
        );
    }
}
