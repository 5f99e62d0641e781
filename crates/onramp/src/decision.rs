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

/// Everything the kernel decided for one case, with full explanations. Texts (names,
/// criterion wording, citations, parameter sources) are not repeated here: they are in the
/// rule set's [`Catalog`], once, under the same ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub rules: RulesInfo,
    pub as_of: String,
    pub lang: String,
    /// `full`.
    pub detail: &'static str,
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
    /// Every criterion the household's decisions refer to, by id, each once.
    pub criteria: BTreeMap<String, CriterionResult>,
    /// The values those criteria read, by name, each once.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonDecision {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub programs: Vec<ProgramDecision>,
    pub services: Vec<ServiceDecision>,
    pub pathways: Vec<LadderDecision>,
    /// Every criterion this person's decisions refer to, by id, each once (criteria of
    /// the household are in the household's map). Their wording, expression, parts and
    /// the names they read are in the catalog.
    pub criteria: BTreeMap<String, CriterionResult>,
    /// The values this person's criteria read, by name, each once; `null` when unknown.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
}

/// How one criterion came out for a person (or the household).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionResult {
    pub status: Truth,
    /// For an unknown expression: the facts and parameters it waits for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramDecision {
    pub id: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<PriorityDecision>,
    /// Facts (`persons[0].date_of_birth`) and parameters (`parameters.llsil_70`) that would
    /// settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityDecision {
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The id of the criterion that put the person in this group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict<S> {
    pub status: S,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceDecision {
    pub id: String,
    pub need: Verdict<Need>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Verdict<Status>>,
}

/// A parameter an expression read, with the dated entry that was in force (its source and
/// note are in the catalog).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterUse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// verified, secondary, computed, unverified, or `missing` when nothing is in force.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderDecision {
    pub id: String,
    pub applies: Truth,
    pub steps: Vec<StepDecision>,
    /// The rungs to take now, each with the bridge steps that must come first.
    pub next: Vec<NextStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepDecision {
    pub id: String,
    pub status: StepStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub step: String,
    pub status: StepStatus,
    /// Steps to take first, in order, each with the requirement it closes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<RouteStep>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteStep {
    pub step: String,
    /// The id of the unmet requirement this step closes.
    pub closes: String,
}

/// A question worth asking: a missing fact and how many undetermined decisions wait on it.
/// Its wording and type are in the facts schema (and in a summary's questions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub path: String,
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    pub settles: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleError {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    pub message: String,
}

/// A decision's summary: what a screen shows first, small enough to send after every
/// answer. The reasons in full come from [`crate::RuleSet::explain`] when asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionSummary {
    pub rules: RulesInfo,
    pub as_of: String,
    pub lang: String,
    /// `summary`.
    pub detail: &'static str,
    pub input_errors: Vec<InputError>,
    pub household: HouseholdSummary,
    pub persons: Vec<PersonSummary>,
    /// The wording of every criterion the summary names, by id.
    pub criteria: BTreeMap<String, String>,
    /// The first questions to ask (with their wording and type), the most useful first.
    pub next_questions: Vec<Question>,
    /// How many more questions could still matter after those listed.
    pub more_questions: usize,
    pub unknown_parameters: Vec<String>,
    pub rule_errors: Vec<RuleError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseholdSummary {
    pub services: Vec<ServiceSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub programs: Vec<ProgramSummary>,
    pub services: Vec<ServiceSummary>,
    pub pathways: Vec<LadderSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramSummary {
    pub id: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<PriorityDecision>,
    /// Top-level criteria that are not met (ineligible) …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
    /// … or still unknown (undetermined). What they wait for is in `next_questions`, and
    /// fact by fact in `explain`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSummary {
    pub id: String,
    pub need: Need,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Status>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderSummary {
    pub id: String,
    pub applies: Truth,
    /// Each step's status, by id.
    pub steps: BTreeMap<String, StepStatus>,
    pub next: Vec<NextStepSummary>,
}

/// A rung to take now and the bridges to take first (ids; wording in the catalog, the
/// requirement each closes in `criteria`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStepSummary {
    pub step: String,
    pub status: StepStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<RouteStep>,
}

/// The reasons for one decision in full, with their wording: what `explain` answers when
/// a person opens "why".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub rules: RulesInfo,
    pub as_of: String,
    pub lang: String,
    /// The program, service, step or ladder explained.
    pub target: String,
    /// `program`, `service`, `step` or `ladder`.
    pub kind: &'static str,
    /// One entry per person (or one for the household, for household services).
    pub decisions: Vec<ExplainedDecision>,
    pub parameters: BTreeMap<String, ParameterEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedDecision {
    /// The person's index; absent for the household.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// The status of the program, service need, step or ladder.
    pub status: String,
    /// The top-level criteria, by id, in rule order (for a service: need, then eligibility).
    pub criteria: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Every criterion of the tree, explained, by id.
    pub explained: BTreeMap<String, Explanation>,
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
    /// Ids of the parameters read (see `parameters`).
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

/// A dated parameter entry, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The texts and structure of a rule set in one language, by id: what decisions refer to.
/// A host fetches it once per rule set (its `rules.hash`) and language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Catalog {
    pub rules: RulesInfo,
    pub lang: String,
    pub programs: Vec<ProgramInfo>,
    pub services: Vec<ServiceInfo>,
    pub ladders: Vec<LadderInfo>,
    pub steps: BTreeMap<String, StepInfo>,
    pub criteria: BTreeMap<String, CriterionInfo>,
    pub parameters: BTreeMap<String, ParameterInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramInfo {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Ids of the criteria that must all hold.
    pub criteria: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priority: Vec<PriorityInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityInfo {
    pub id: String,
    pub name: String,
    /// The criterion that puts a person in this group.
    pub when: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceInfo {
    pub id: String,
    pub name: String,
    /// `household` or `person`.
    pub scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub need: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderInfo {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yields: Option<String>,
    pub requirements: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    pub delivered_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionInfo {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// The names the expression reads, in order (their values are in the decision's
    /// `values`; tables by household size are among `parameters` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
    /// The step that closes this requirement when it is not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInfo {
    pub description: String,
    pub entries: Vec<ParameterEntry>,
}

/// Canonical JSON into a buffer sized for a typical decision, so that writing it does not
/// grow (and copy) the buffer a dozen times.
fn to_json<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(16 * 1024);
    match serde_json::to_writer(&mut out, value) {
        // serde_json writes UTF-8 only.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"type\":\"failure\",\"errors\":[\"{e}\"]}}"),
    }
}

impl DecisionSummary {
    /// Canonical JSON, as for [`Decision::to_json`].
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

impl Explained {
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

impl Catalog {
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

impl Decision {
    /// Canonical JSON: the same bytes for the same rules, case and options on every target.
    pub fn to_json(&self) -> String {
        to_json(self)
    }
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"type\":\"failure\",\"errors\":[\"{e}\"]}}"))
    }
}
