//! `cargo run --release -p onramp --example caseload -- [N] [THREADS]`: N NYC households
//! (default 1,000,000), each parsed from JSON text and decided at summary detail into one
//! JSONL line, on THREADS threads (default: every core), in chunks. The lines come round
//! from a pool of 10,000 generated households (1–4 persons, 70 % of facts given), so that
//! generating cases is not what is measured; every line is parsed and decided anew.
//! Prints the wall time, households per second and output size (counted, not kept).
//! A figure, not a test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs
)]
#[path = "../tests/common.rs"]
mod common;
use onramp::{Case, CivilDate, Detail, Options};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let threads: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |p| p.get()));
    let rules = common::compile("rules/nyc");
    let schema = rules.schema(None);
    let options = Options {
        detail: Detail::Summary,
        ..Options::new(CivilDate::parse("2026-11-23").unwrap())
    };
    const CHUNK: usize = 1_000;
    const POOL: usize = 10_000;
    let mut g = common::Gen(0x5eed);
    let pool: Vec<String> = (0..POOL)
        .map(|i| common::random_case(&mut g, &schema, 1 + i % 4, 70).to_string())
        .collect();
    let next = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let persons = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut line = String::new();
                loop {
                    let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if start >= n {
                        break;
                    }
                    let mut out = 0u64;
                    for i in start..(start + CHUNK).min(n) {
                        let case =
                            Case::from_json_text(&rules, &pool[i % POOL]).expect("a JSON object");
                        persons.fetch_add(case.person_count() as u64, Ordering::Relaxed);
                        line.clear();
                        line.push_str(&rules.decide(&case, &options));
                        line.push('\n');
                        out += line.len() as u64;
                    }
                    bytes.fetch_add(out, Ordering::Relaxed);
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{n} households ({} persons) at summary detail on {threads} threads: {secs:.1} s, {:.0} households/s, {:.1} µs each per thread, {:.2} GB of JSONL",
        persons.load(Ordering::Relaxed),
        n as f64 / secs,
        secs * 1e6 * threads as f64 / n as f64,
        bytes.load(Ordering::Relaxed) as f64 / 1e9
    );
}
