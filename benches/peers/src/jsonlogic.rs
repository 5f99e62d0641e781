//! The decision as one JsonLogic rule for datalogic-rs, compiled once.
//!
//! JsonLogic has no variables, so a shared part (the age, low income …) is written out
//! again wherever it is used; the Rust functions below only build that JSON. The rule is
//! an array, which JsonLogic evaluates element by element:
//! `[adult_eligible, adult_priority, youth_eligible, transportation_needed,
//!   transportation_eligible, child_care_needed, next_hse, next_training, next_job]`.
//! It reads the flat input of `cases::peer_json` (money in integer cents).

use crate::model::{
    Answer, Next, BARRIERS, BEYOND_2025, BEYOND_2026, POVERTY_LINE_2025, POVERTY_LINE_2026,
};
use datalogic_rs::bumpalo::Bump;
use datalogic_rs::{Engine, Logic, ParsedData};
use serde_json::{json, Value};

fn var(name: &str) -> Value {
    json!({ "var": name })
}

/// The number in characters `start .. start + len` of a date string ("2026" of
/// "2026-11-23"); unary `+` casts a string to a number.
fn digits(date: &str, start: i64, len: i64) -> Value {
    json!({ "+": [{ "substr": [var(date), start, len] }] })
}

fn year(date: &str) -> Value {
    digits(date, 0, 4)
}

/// month × 100 + day, to compare days of the year.
fn month_day(date: &str) -> Value {
    json!({ "+": [{ "*": [digits(date, 5, 2), 100] }, digits(date, 8, 2)] })
}

/// Years from the date of birth to the as-of date by the birthday rule.
fn age() -> Value {
    json!({ "-": [
        { "-": [year("as_of"), year("date_of_birth")] },
        { "if": [{ "<": [month_day("as_of"), month_day("date_of_birth")] }, 1, 0] }
    ] })
}

/// The poverty line in cents for the household size, from one year's table.
fn line_for(table: &[i64; 8], beyond: i64) -> Value {
    let size = var("household_size");
    let mut chain = Vec::new();
    for (i, cents) in table.iter().enumerate() {
        chain.push(json!({ "<=": [size, i + 1] }));
        chain.push(json!(cents));
    }
    chain.push(json!({ "+": [table[7], { "*": [beyond, { "-": [size, 8] }] }] }));
    json!({ "if": chain })
}

fn low_income() -> Value {
    let line = json!({ "if": [
        { ">=": [year("as_of"), 2026] },
        line_for(&POVERTY_LINE_2026, BEYOND_2026),
        line_for(&POVERTY_LINE_2025, BEYOND_2025)
    ] });
    json!({ "<=": [var("family_monthly_income_cents"), line] })
}

fn basic_skills_deficient() -> Value {
    json!({ "<=": [var("reading_score"), 575] })
}

fn general() -> Value {
    json!({ "and": [
        { "==": [var("work_authorized"), true] },
        { "or": [
            { "!=": [var("sex_at_birth"), "male"] },
            { "<": [year("date_of_birth"), 1960] },
            { "<": [age(), 18] },
            { "in": [var("selective_service"), ["registered", "exempt"]] }
        ] }
    ] })
}

fn covered() -> Value {
    json!({ "in": [var("military"), ["veteran", "eligible_spouse"]] })
}

fn priority_need() -> Value {
    json!({ "or": [{ "==": [var("public_assistance"), true] }, low_income(), basic_skills_deficient()] })
}

fn listed_barrier() -> Value {
    json!({ "some": [var("barriers"), { "in": [{ "var": "" }, BARRIERS] }] })
}

fn out_of_school() -> Value {
    json!({ "in": [var("school"), ["none", "adult_hse"]] })
}

fn between(value: Value, lo: i64, hi: i64) -> Value {
    json!({ "and": [{ ">=": [value.clone(), lo] }, { "<=": [value, hi] }] })
}

pub fn rule() -> Value {
    let adult = json!({ "and": [{ ">=": [age(), 18] }, general()] });
    let priority = json!({ "if": [
        adult,
        { "if": [
            { "and": [covered(), priority_need()] }, 1,
            priority_need(), 2,
            covered(), 3,
            4
        ] },
        null
    ] });
    let out_of_school_youth = json!({ "and": [
        out_of_school(),
        between(age(), 16, 24),
        { "or": [
            { "==": [var("has_diploma"), false] },
            { "and": [low_income(), basic_skills_deficient()] },
            listed_barrier()
        ] }
    ] });
    let in_school_youth = json!({ "and": [
        { "!": out_of_school() },
        between(age(), 14, 21),
        low_income(),
        { "or": [basic_skills_deficient(), listed_barrier()] }
    ] });
    let youth =
        json!({ "!!": { "and": [general(), { "or": [out_of_school_youth, in_school_youth] }] } });
    json!([
        { "!!": adult },
        priority,
        youth,
        { "!!": var("needs_transportation") },
        low_income(),
        { ">=": [var("children_under_13"), 1] },
        { "if": [var("has_diploma"), null, "ready"] },
        { "if": [{ "and": [var("has_diploma"), { "!": var("training_credential") }] }, "ready", null] },
        { "if": [
            var("training_credential"),
            { "if": [var("work_authorized"), "ready", "blocked"] },
            null
        ] }
    ])
}

pub struct JsonLogic {
    pub engine: Engine,
    pub logic: Logic,
}

impl JsonLogic {
    pub fn compile() -> Result<JsonLogic, String> {
        let engine = Engine::new();
        let logic = engine.compile(&rule()).map_err(|e| e.to_string())?;
        Ok(JsonLogic { engine, logic })
    }

    /// Prebuilt input: parsed once, evaluated without copying.
    pub fn parse_input(input: &Value) -> Result<ParsedData, String> {
        ParsedData::from_json(&input.to_string()).map_err(|e| e.to_string())
    }

    /// Evaluates into `arena` and returns the result as JSON text (for the agreement check).
    pub fn evaluate_to_text(&self, input: &ParsedData, arena: &Bump) -> Result<String, String> {
        self.engine
            .evaluate(&self.logic, input, arena)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    }
}

/// Reads the rule's result array.
pub fn answer_from_json(text: &str) -> Result<Answer, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{e}: {text}"))?;
    let item = |i: usize| &v[i];
    let boolean = |i: usize| {
        item(i)
            .as_bool()
            .ok_or_else(|| format!("element {i} is not a boolean in {text}"))
    };
    let step = |i: usize| match item(i) {
        Value::Null => Ok(None),
        Value::String(s) => Next::parse(s)
            .map(Some)
            .ok_or_else(|| format!("bad step status {s}")),
        other => Err(format!("bad step status {other}")),
    };
    Ok(Answer {
        adult_eligible: boolean(0)?,
        adult_priority: item(1).as_u64().and_then(|p| u8::try_from(p).ok()),
        youth_eligible: boolean(2)?,
        transportation_needed: boolean(3)?,
        transportation_eligible: boolean(4)?,
        child_care_needed: boolean(5)?,
        next: [step(6)?, step(7)?, step(8)?],
    })
}
