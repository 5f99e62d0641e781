//! What a decision looks like to its users: boundary types, serialized as canonical JSON
//! (fields in declaration order, lists in rule-file order, no floating point).

use crate::case::InputError;
use serde::Serialize;
use std::collections::BTreeMap;

/// The outcome of a program, a service's eligibility or need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    Ineligible,
    Undetermined,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Needed,
    NotNeeded,
    Undetermined,
}

/// Whether a criterion holds for the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    Met,
    NotMet,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Completed,
    Ready,
    Blocked,
    Undetermined,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RulesInfo {
    pub name: String,
    pub version: String,
    pub hash: String,
}

/// Everything the kernel decided for one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub rules: RulesInfo,
    pub as_of: String,
    pub lang: String,
    /// Malformed parts of the case, which were treated as unknown.
    pub input_errors: Vec<InputError>,
    pub household: HouseholdDecision,
    pub persons: Vec<PersonDecision>,
    /// Missing facts, the most useful first: ask these.
    pub next_questions: Vec<Question>,
    /// Parameters some decision waits for because no value is in force on the as-of date.
    pub unknown_parameters: Vec<String>,
    /// Rules that failed while evaluating this case; their criteria are unknown.
    pub rule_errors: Vec<RuleError>,
    /// The dated parameter entries the explanations used, by parameter id.
    pub parameters: BTreeMap<String, ParameterUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseholdDecision {
    pub services: Vec<ServiceDecision>,
    /// Every criterion the household's decisions refer to, by id (each explained once).
    pub criteria: BTreeMap<String, Explanation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonDecision {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub programs: Vec<ProgramDecision>,
    pub services: Vec<ServiceDecision>,
    pub pathways: Vec<LadderDecision>,
    /// Every criterion this person's decisions refer to, by id, each explained once;
    /// programs, services and steps list criterion ids, and children are ids too.
    pub criteria: BTreeMap<String, Explanation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramDecision {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<PriorityDecision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Ids of the criteria that must all hold (see the person's `criteria`).
    pub criteria: Vec<String>,
    /// Facts (`persons[0].date_of_birth`) and parameters (`parameters.llsil_70`) that would
    /// settle an undetermined status.
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityDecision {
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id of the criterion that put the person in this group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict<S> {
    pub status: S,
    pub criteria: Vec<String>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceDecision {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub need: Verdict<Need>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Verdict<Status>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// One criterion, why it came out as it did, and its parts (by id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub status: Truth,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// `expr`, `all`, `any`, `not` or `at_least N`.
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<UsedValue>,
    /// Ids of the parameters read (see the decision's `parameters`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    /// Ids of the parts of an `all`, `any`, `not` or `at_least` criterion.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A value an expression read; `null` when unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UsedValue {
    pub name: String,
    pub value: serde_json::Value,
}

/// A parameter an expression read, with the dated entry that was in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterUse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// verified, secondary, computed, unverified, or `missing` when nothing is in force.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderDecision {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub applies: Truth,
    pub steps: Vec<StepDecision>,
    /// The rungs to take now, each with the bridge steps that must come first.
    pub next: Vec<NextStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepDecision {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub status: StepStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yields: Option<String>,
    pub delivered_by: Vec<ProgramRef>,
    /// Ids of the requirement criteria (see the person's `criteria`).
    pub requirements: Vec<String>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramRef {
    pub id: String,
    pub name: String,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub step: String,
    pub name: String,
    pub status: StepStatus,
    /// Steps to take first, in order, each with the requirement it closes.
    pub first: Vec<RouteStep>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteStep {
    pub step: String,
    pub name: String,
    pub closes: String,
    pub because: String,
}

/// A question worth asking: a missing fact and how many undetermined decisions wait on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub path: String,
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    pub text: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub settles: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleError {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    pub message: String,
}

impl Decision {
    /// Canonical JSON: the same bytes for the same rules, case and options on every target.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|e| format!("{{\"type\":\"failure\",\"errors\":[\"{e}\"]}}"))
    }
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"type\":\"failure\",\"errors\":[\"{e}\"]}}"))
    }
}
