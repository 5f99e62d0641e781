//! `cargo run --release -p onramp --example whatif`: the what-if budgets of issue 11 for
//! each NYC persona (`rules/nyc/personas/`): "how could I qualify?" for every program the
//! persona has not reached, and a 200-point wage sweep ($15–35 an hour at 35 hours a week)
//! with its break points bisected to the cent. p50 of several runs, through `onramp::api`
//! as a backend calls it (JSON text in and out). Figures, not a test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs
)]
#[path = "../tests/common.rs"]
mod common;
use std::time::{Duration, Instant};

/// The median of `rounds` timings of `f`.
fn p50(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn main() {
    let rules = common::compile("rules/nyc");
    let dir = common::repo_root().join("rules/nyc/personas");
    let mut personas: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    personas.sort();
    let qualify_options = r#"{"as_of":"2026-11-23"}"#;
    let sweep_options =
        r#"{"as_of":"2026-11-23","wage":{"per":"hour","from":"15","to":"35","hours":35}}"#;
    let rounds: usize = std::env::var("ONRAMP_WHATIF_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    println!(
        "NYC personas, p50 of {rounds} runs (budgets: qualify every program <= 5 ms, \
         200-point sweep <= 20 ms, native):"
    );
    println!(
        "  {:<32} {:>12} {:>10}  {:>12} {:>10}",
        "persona", "qualify", "evals", "sweep", "evals"
    );
    for path in personas {
        let case = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let evaluations = |answer: &str| -> u64 {
            let v: serde_json::Value = serde_json::from_str(answer).unwrap();
            let mut n = 0;
            count_evaluations(&v, &mut n);
            n
        };
        let q = onramp::api::qualify(&rules, &case, qualify_options);
        let s = onramp::api::sweep(&rules, &case, sweep_options);
        let tq = p50(rounds, || {
            std::hint::black_box(onramp::api::qualify(&rules, &case, qualify_options));
        });
        let ts = p50(rounds, || {
            std::hint::black_box(onramp::api::sweep(&rules, &case, sweep_options));
        });
        println!(
            "  {:<32} {:>12.2?} {:>10}  {:>12.2?} {:>10}",
            name,
            tq,
            evaluations(&q),
            ts,
            evaluations(&s)
        );
    }
}

/// The evaluations an answer reports it made (every `evaluations` member, summed).
fn count_evaluations(v: &serde_json::Value, n: &mut u64) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x.as_u64()) {
                    ("evaluations", Some(e)) => *n += e,
                    _ => count_evaluations(x, n),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| count_evaluations(x, n)),
        _ => {}
    }
}
