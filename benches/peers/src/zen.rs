//! The decision as a GoRules JDM graph (`rules/wioa.jdm.json`) for zen-engine: an expression
//! node for the derived facts, decision tables for WIOA Adult (with its priority groups)
//! and WIOA Youth, and an expression node for the services, the ladder and the answer.
//! zen-engine is async; `pollster` drives it on this thread. The loader is in memory.

use crate::model::{Answer, Next};
use serde_json::Value;
use std::sync::Arc;
use zen_engine::loader::MemoryLoader;
use zen_engine::model::DecisionContent;
use zen_engine::{Decision, DecisionEngine, DecisionGraphResponse, EvaluationOptions, Variable};

pub const GRAPH: &str = include_str!("../rules/wioa.jdm.json");
const KEY: &str = "wioa.json";

pub struct Zen {
    decision: Decision,
}

impl Zen {
    pub fn load() -> Result<Zen, String> {
        let content: DecisionContent = serde_json::from_str(GRAPH).map_err(|e| e.to_string())?;
        let loader = MemoryLoader::default();
        loader.add(KEY, content);
        let engine = DecisionEngine::default().with_loader(Arc::new(loader));
        let mut decision = pollster::block_on(engine.get_decision(KEY))
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        decision.validate().map_err(|e| e.to_string())?;
        // Precompiles the expressions and indexes the tables.
        decision.compile();
        Ok(Zen { decision })
    }

    pub fn evaluate(&self, input: Variable, trace: bool) -> Result<DecisionGraphResponse, String> {
        let options = EvaluationOptions {
            trace,
            ..EvaluationOptions::default()
        };
        pollster::block_on(self.decision.evaluate_with_opts(input, options))
            .map_err(|e| e.to_string())
    }
}

/// Reads the graph's answer: `{"adult":{"status","priority"},"youth":{"status"},
/// "transportation":{"need","eligible"},"child_care":{"need"},"next":{"hse","training","job"}}`.
pub fn answer(result: &Value) -> Result<Answer, String> {
    let eligible = |v: &Value| match v.as_str() {
        Some("eligible") => Ok(true),
        Some("ineligible") => Ok(false),
        _ => Err(format!("unexpected status {v} in {result}")),
    };
    let boolean = |v: &Value| {
        v.as_bool()
            .ok_or_else(|| format!("{v} is not a boolean in {result}"))
    };
    let step = |v: &Value| match v {
        Value::Null => Ok(None),
        Value::String(s) => Next::parse(s)
            .map(Some)
            .ok_or_else(|| format!("bad step status {s}")),
        other => Err(format!("bad step status {other}")),
    };
    let next = &result["next"];
    Ok(Answer {
        adult_eligible: eligible(&result["adult"]["status"])?,
        adult_priority: result["adult"]["priority"]
            .as_str()
            .and_then(|p| p.parse().ok()),
        youth_eligible: eligible(&result["youth"]["status"])?,
        transportation_needed: boolean(&result["transportation"]["need"])?,
        transportation_eligible: boolean(&result["transportation"]["eligible"])?,
        child_care_needed: boolean(&result["child_care"]["need"])?,
        next: [
            step(&next["hse"])?,
            step(&next["training"])?,
            step(&next["job"])?,
        ],
    })
}
