//! Peer benchmark: one small WIOA Adult/Youth decision written four ways (Onramp rules,
//! a GoRules JDM graph for zen-engine, a JsonLogic rule for datalogic-rs, and plain Rust),
//! measured in one process. `cargo run --release` in this folder runs everything.
//!
//! Before timing, every engine's answer is checked against the hand-written function on
//! every case: a benchmark of engines that disagree would be worthless.

mod cases;
mod hand;
mod jsonlogic;
mod model;
mod onramp_side;
mod zen;

use datalogic_rs::bumpalo::Bump;
use model::{Answer, Date};
use serde_json::Value;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zen_engine::Variable;

const AS_OF: Date = Date::new(2026, 11, 23);
const OPTIONS: &str = r#"{"as_of":"2026-11-23"}"#;
const SUMMARY_OPTIONS: &str = r#"{"as_of":"2026-11-23","detail":"summary"}"#;
const CASES: usize = 200;
const WARMUP_PASSES: usize = 3;
const ROUNDS: usize = 30;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measured row: `run(i)` decides case `i` and returns the bytes of text it produced
/// (0 when its output is not text).
struct Row<'a> {
    label: &'static str,
    run: Box<dyn FnMut(usize) -> usize + 'a>,
    per_decision_ns: Vec<f64>,
    bytes: usize,
}

impl<'a> Row<'a> {
    fn new(label: &'static str, run: impl FnMut(usize) -> usize + 'a) -> Row<'a> {
        Row {
            label,
            run: Box::new(run),
            per_decision_ns: Vec::with_capacity(ROUNDS),
            bytes: 0,
        }
    }

    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.per_decision_ns.clone();
        v.sort_by(f64::total_cmp);
        let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }
}

fn mismatch(engine: &str, i: usize, got: &Answer, want: &Answer) -> String {
    format!("{engine} disagrees with the hand-written decision on case {i}:\n  {engine}: {got:?}\n  hand:  {want:?}")
}

fn run() -> Result<(), String> {
    // --- Compile each engine's rules once ---
    let t = Instant::now();
    let rules = onramp_side::load()?;
    let onramp_compile = t.elapsed();
    let options = onramp::api::options(OPTIONS)?;
    let t = Instant::now();
    let zen = zen::Zen::load()?;
    let zen_compile = t.elapsed();
    let t = Instant::now();
    let logic = jsonlogic::JsonLogic::compile()?;
    let logic_compile = t.elapsed();

    // --- Cases, and each engine's input form (outside every timed loop) ---
    let typed = cases::generate(CASES, AS_OF);
    let onramp_values: Vec<Value> = typed.iter().map(cases::onramp_json).collect();
    let onramp_texts: Vec<String> = onramp_values.iter().map(Value::to_string).collect();
    let onramp_cases: Vec<onramp::Case> = onramp_texts
        .iter()
        .map(|t| onramp::Case::from_json_text(&rules, t))
        .collect();
    let peer_values: Vec<Value> = typed.iter().map(|c| cases::peer_json(c, AS_OF)).collect();
    let peer_texts: Vec<String> = peer_values.iter().map(Value::to_string).collect();
    let zen_inputs: Vec<Variable> = peer_values.iter().map(Variable::from).collect();
    let logic_inputs = peer_values
        .iter()
        .map(jsonlogic::JsonLogic::parse_input)
        .collect::<Result<Vec<_>, _>>()?;

    // --- Agreement: every engine, every case, before any timing ---
    let mut arena = Bump::new();
    let mut groups = [0usize; 5];
    let mut youth = 0;
    let mut transportation = 0;
    let mut child_care = 0;
    let mut next = [[0usize; 2]; 3];
    for i in 0..CASES {
        let want = hand::decide(&typed[i], AS_OF);
        groups[usize::from(want.adult_priority.unwrap_or(0))] += 1;
        youth += usize::from(want.youth_eligible);
        transportation += usize::from(want.transportation_needed && want.transportation_eligible);
        child_care += usize::from(want.child_care_needed);
        for (count, step) in next.iter_mut().zip(want.next) {
            match step {
                Some(model::Next::Ready) => count[0] += 1,
                Some(model::Next::Blocked) => count[1] += 1,
                None => {}
            }
        }

        let from_json = hand::answer_from_json(&hand::decide_json(&onramp_values[i], AS_OF))?;
        if from_json != want {
            return Err(mismatch("hand JSON", i, &from_json, &want));
        }

        let decision = rules.evaluate(&onramp_cases[i], &options);
        let got = onramp_side::answer(&decision).map_err(|e| format!("Onramp, case {i}: {e}"))?;
        if got != want {
            return Err(mismatch("Onramp", i, &got, &want));
        }
        let text = decision.to_json();
        let end_to_end = rules
            .evaluate(
                &onramp::Case::from_json_text(&rules, &onramp_texts[i]),
                &options,
            )
            .to_json();
        let api = onramp::api::evaluate(&rules, &onramp_texts[i], OPTIONS);
        if end_to_end != text || api != format!(r#"{{"type":"success","decision":{text}}}"#) {
            return Err(format!(
                "Onramp's three paths give different JSON on case {i}"
            ));
        }

        for trace in [false, true] {
            let response = zen.evaluate(zen_inputs[i].clone(), trace)?;
            let got = zen::answer(&response.result.to_value())
                .map_err(|e| format!("zen-engine, case {i}: {e}"))?;
            if got != want {
                return Err(mismatch("zen-engine", i, &got, &want));
            }
            if trace != response.trace.is_some() {
                return Err(format!(
                    "zen-engine trace {trace} gave trace {:?}",
                    response.trace.is_some()
                ));
            }
        }
        // The timed loop hands zen-engine a shallow clone of a prebuilt input: make sure
        // evaluating does not change that input.
        if zen_inputs[i].to_value() != peer_values[i] {
            return Err(format!("zen-engine changed its input on case {i}"));
        }

        let text = logic.evaluate_to_text(&logic_inputs[i], &arena)?;
        arena.reset();
        let got = jsonlogic::answer_from_json(&text)
            .map_err(|e| format!("datalogic-rs, case {i}: {e}"))?;
        if got != want {
            return Err(mismatch("datalogic-rs", i, &got, &want));
        }
    }
    println!(
        "agreement: Onramp, zen-engine (trace on and off), datalogic-rs and the hand-written \
         function give the same answers on all {CASES} cases"
    );
    println!(
        "  adult priority groups 1/2/3/4: {}/{}/{}/{}, adult ineligible: {}, youth eligible: {youth}",
        groups[1], groups[2], groups[3], groups[4], groups[0]
    );
    println!(
        "  transportation needed and eligible: {transportation}, child care needed: {child_care}, \
         next step ready/blocked: hse {}/{}, training {}/{}, job {}/{}",
        next[0][0], next[0][1], next[1][0], next[1][1], next[2][0], next[2][1]
    );

    // Does the kernel take a `"detail":"summary"` option yet?
    let summary_supported = onramp::api::evaluate(&rules, &onramp_texts[0], SUMMARY_OPTIONS)
        .starts_with(r#"{"type":"success""#);

    // --- The rows ---
    let mut rows: Vec<Row> = Vec::new();
    rows.push(Row::new(
        "Onramp: Case::from_json_text + evaluate + to_json",
        |i| {
            let case = onramp::Case::from_json_text(&rules, &onramp_texts[i]);
            rules.evaluate(&case, &options).to_json().len()
        },
    ));
    rows.push(Row::new("Onramp: api::evaluate (JSON API)", |i| {
        onramp::api::evaluate(&rules, &onramp_texts[i], OPTIONS).len()
    }));
    if summary_supported {
        rows.push(Row::new(
            "Onramp: api::evaluate, \"detail\":\"summary\"",
            |i| onramp::api::evaluate(&rules, &onramp_texts[i], SUMMARY_OPTIONS).len(),
        ));
    }
    rows.push(Row::new("Onramp: evaluate only (prebuilt Case)", |i| {
        black_box(rules.evaluate(&onramp_cases[i], &options));
        0
    }));
    rows.push(Row::new("zen-engine: trace on", |i| {
        black_box(zen.evaluate(zen_inputs[i].clone(), true).ok());
        0
    }));
    rows.push(Row::new("zen-engine: trace off", |i| {
        black_box(zen.evaluate(zen_inputs[i].clone(), false).ok());
        0
    }));
    rows.push(Row::new(
        "zen-engine: JSON text in -> JSON text out, trace off",
        |i| {
            let input: Value = serde_json::from_str(&peer_texts[i]).unwrap_or_default();
            zen.evaluate(Variable::from(input), false)
                .ok()
                .and_then(|r| serde_json::to_string(&r.result).ok())
                .map_or(0, |s| s.len())
        },
    ));
    // The two datalogic rows own their arena and session (`move`), and borrow the rest.
    let (logic, logic_inputs, peer_texts) = (&logic, &logic_inputs, &peer_texts);
    let mut bench_arena = Bump::new();
    rows.push(Row::new(
        "datalogic-rs: compiled, prebuilt input",
        move |i| {
            black_box(
                logic
                    .engine
                    .evaluate(&logic.logic, &logic_inputs[i], &bench_arena)
                    .is_ok(),
            );
            bench_arena.reset();
            0
        },
    ));
    let mut session = logic.engine.session();
    rows.push(Row::new(
        "datalogic-rs: compiled, JSON text in -> JSON text out",
        move |i| {
            let n = session
                .eval_str(&logic.logic, &peer_texts[i])
                .map_or(0, |s| s.len());
            session.reset();
            n
        },
    ));
    rows.push(Row::new(
        "hand-written: JSON value in -> JSON text out",
        |i| hand::decide_json(&onramp_values[i], AS_OF).len(),
    ));
    rows.push(Row::new("hand-written: typed in -> typed out", |i| {
        black_box(hand::decide(black_box(&typed[i]), black_box(AS_OF)));
        0
    }));

    // --- Timing: warm up, then rounds interleaved across rows (drift hits all alike) ---
    for row in &mut rows {
        let mut bytes = 0;
        for _ in 0..WARMUP_PASSES {
            bytes = (0..CASES).map(|i| (row.run)(i)).sum::<usize>();
        }
        row.bytes = bytes / CASES;
    }
    for _ in 0..ROUNDS {
        for row in &mut rows {
            let start = Instant::now();
            for i in 0..CASES {
                black_box((row.run)(black_box(i)));
            }
            row.per_decision_ns
                .push(start.elapsed().as_nanos() as f64 / CASES as f64);
        }
    }

    // --- Report ---
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "\n{CASES} cases, {WARMUP_PASSES} warm-up passes, {ROUNDS} rounds; per decision; {cores} cores seen; one thread"
    );
    println!(
        "compile once: Onramp {}, zen-engine {}, datalogic-rs {}",
        ms(onramp_compile),
        ms(zen_compile),
        ms(logic_compile)
    );
    let e2e = rows[0].percentile(0.5);
    let eval_only = rows
        .iter()
        .find(|r| r.label.starts_with("Onramp: evaluate only"))
        .map_or(e2e, |r| r.percentile(0.5));
    println!(
        "\n| {:<55} | {:>10} | {:>10} | {:>7} | {:>16} | {:>16} |",
        "engine / path", "p50 µs", "p90 µs", "out B", "Onramp e2e ÷ it", "Onramp eval ÷ it"
    );
    println!(
        "|{:-<57}|{:->12}|{:->12}|{:->9}|{:->18}|{:->18}|",
        "", "", "", "", "", ""
    );
    for row in &rows {
        let p50 = row.percentile(0.5);
        let bytes = if row.bytes == 0 {
            "-".to_string()
        } else {
            row.bytes.to_string()
        };
        println!(
            "| {:<55} | {:>10.3} | {:>10.3} | {:>7} | {:>16} | {:>16} |",
            row.label,
            p50 / 1000.0,
            row.percentile(0.9) / 1000.0,
            bytes,
            ratio(e2e / p50),
            ratio(eval_only / p50),
        );
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}")
    } else if r >= 10.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}
