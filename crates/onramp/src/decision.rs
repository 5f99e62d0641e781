//! What a decision looks like to its users: boundary types, serialized as canonical JSON
//! (fields in declaration order, lists in rule-file order, no floating point).

use crate::case::InputError;
use serde::Serialize;
use std::collections::BTreeMap;

/// The outcome of a program, a service's eligibility or need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every criterion holds (for a service: its eligibility criteria).
    Eligible,
    /// Some criterion does not hold, whatever the facts not given.
    Ineligible,
    /// It depends on facts (or parameters) not given: see `missing`.
    Undetermined,
}

/// The words decisions spell these outcomes with (the same as their JSON), for writers that
/// do not go through serde: the JSON writers, the CLI's tables and the CSV cells.
macro_rules! outcome_words {
    ($($ty:ident { $($variant:ident => $word:literal),+ })+) => {$(
        impl $ty {
            /// The outcome as decisions spell it in JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $word),+
                }
            }
        }
    )+};
}

outcome_words! {
    Status { Eligible => "eligible", Ineligible => "ineligible", Undetermined => "undetermined" }
    Need { Needed => "needed", NotNeeded => "not_needed", Undetermined => "undetermined" }
    Truth { Met => "met", NotMet => "not_met", Unknown => "unknown" }
    StepStatus {
        Completed => "completed",
        Ready => "ready",
        Blocked => "blocked",
        Undetermined => "undetermined"
    }
}

/// Whether a supportive service is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The need criteria hold.
    Needed,
    /// They do not.
    NotNeeded,
    /// It depends on facts not given.
    Undetermined,
}

/// Whether a criterion holds for the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    /// It holds.
    Met,
    /// It does not hold.
    NotMet,
    /// It depends on facts (or parameters) not given.
    Unknown,
}

/// Where a person stands on one pathway step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Done: the credential is held, or `completed_when` holds.
    Completed,
    /// Every requirement is met: the person can take it now.
    Ready,
    /// Some requirement is not met (a bridge step may close it).
    Blocked,
    /// It depends on facts not given.
    Undetermined,
}

/// Which rules decided: every decision, summary and catalog carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RulesInfo {
    /// The rule set's name.
    pub name: String,
    /// The rule set's version.
    pub version: String,
    /// The content hash of its files (`sha256:…`): the exact rules, for audit and caching.
    pub hash: String,
}

/// Everything the kernel decided for one case, with full explanations. Texts (names,
/// criterion wording, citations, parameter sources) are not repeated here: they are in the
/// rule set's [`Catalog`], once, under the same ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Which rules decided.
    pub rules: RulesInfo,
    /// The date decided for (`YYYY-MM-DD`).
    pub as_of: String,
    /// The language of the texts (the one asked for if offered, else the default).
    pub lang: String,
    /// `full`.
    pub detail: &'static str,
    /// Malformed parts of the case, which were treated as unknown.
    pub input_errors: Vec<InputError>,
    /// Household services, and the criteria and values they read.
    pub household: HouseholdDecision,
    /// One entry per person of the case, in case order.
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

/// What was decided for the household as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseholdDecision {
    /// Services of household scope (food, housing …).
    pub services: Vec<ServiceDecision>,
    /// Every criterion the household's decisions refer to, by id, each once.
    pub criteria: BTreeMap<String, CriterionResult>,
    /// The values those criteria read, by name, each once.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
}

/// What was decided for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonDecision {
    /// The person's position in the case's `persons`.
    pub index: usize,
    /// The person's `id` in the case, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Every program (or those in `only`), in rule-file order.
    pub programs: Vec<ProgramDecision>,
    /// Services of person scope.
    pub services: Vec<ServiceDecision>,
    /// Every ladder, with step statuses and next steps.
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
    /// Met, not met, or unknown.
    pub status: Truth,
    /// For an unknown expression: the facts and parameters it waits for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// A runtime fault in the rule (an overflow, say); the criterion is then unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One program's outcome for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramDecision {
    /// The program's id (its name and criteria are in the catalog).
    pub id: String,
    /// Eligible, ineligible or undetermined.
    pub status: Status,
    /// The priority-of-service group, for an eligible person and a program that has groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<PriorityDecision>,
    /// Facts (`persons[0].date_of_birth`) and parameters (`parameters.llsil_70`) that would
    /// settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// The priority-of-service group a person falls in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityDecision {
    /// `eligible`: in `group`. `undetermined` otherwise: a group before the first that
    /// holds is still unknown (`missing` says what would settle it), or no group holds.
    pub status: Status,
    /// The id of the group, when settled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The id of the criterion that put the person in this group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    /// What would settle it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A status and what would settle it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict<S> {
    /// The status.
    pub status: S,
    /// Facts and parameters that would settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// One supportive service: is it needed, and does the person (or household) qualify
/// for the concrete program where one exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceDecision {
    /// The service's id.
    pub id: String,
    /// Whether it is needed.
    pub need: Verdict<Need>,
    /// Eligibility for the concrete program, when the service has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Verdict<Status>>,
}

/// A parameter an expression read, with the dated entry that was in force (its source and
/// note are in the catalog).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterUse {
    /// The date the entry in force started (`YYYY-MM-DD`); absent when none is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// verified, secondary, computed, unverified, or `missing` when nothing is in force.
    pub status: String,
}

/// One career ladder for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderDecision {
    /// The ladder's id.
    pub id: String,
    /// Whether the ladder applies (its `applies` criterion, e.g. an interest in the sector).
    pub applies: Truth,
    /// Every step's status, in ladder order.
    pub steps: Vec<StepDecision>,
    /// The rungs to take now, each with the bridge steps that must come first.
    pub next: Vec<NextStep>,
}

/// One step's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepDecision {
    /// The step's id.
    pub id: String,
    /// Completed, ready, blocked or undetermined.
    pub status: StepStatus,
    /// What would settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A rung to take now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// The step's id.
    pub step: String,
    /// Its status (ready, blocked or undetermined).
    pub status: StepStatus,
    /// Steps to take first, in order, each with the requirement it closes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<RouteStep>,
    /// What would settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A bridge step to take before a blocked rung.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteStep {
    /// The bridge step's id.
    pub step: String,
    /// The id of the unmet requirement this step closes.
    pub closes: String,
}

/// A question worth asking: a missing fact and how many undetermined decisions wait on it.
/// Its wording and type are in the facts schema (and in a summary's questions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Where its answer goes in the case (`persons[0].date_of_birth`).
    pub path: String,
    /// The fact's id.
    pub fact: String,
    /// The person it is about; absent for household facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// The question in the decision's language (summaries only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The fact's type (summaries only), as in the schema.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// How many undetermined decisions it could settle.
    pub settles: usize,
}

/// A rule that failed at run time for this case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleError {
    /// The id of the derived fact or criterion.
    pub rule: String,
    /// The person it failed for; absent for the household.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// What went wrong, in words.
    pub message: String,
}

/// A decision's summary: what a screen shows first, small enough to send after every
/// answer. The reasons in full come from [`crate::RuleSet::explain`] when asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionSummary {
    /// Which rules decided.
    pub rules: RulesInfo,
    /// The date decided for (`YYYY-MM-DD`).
    pub as_of: String,
    /// The language of the texts.
    pub lang: String,
    /// `summary`.
    pub detail: &'static str,
    /// Malformed parts of the case, which were treated as unknown.
    pub input_errors: Vec<InputError>,
    /// Household services.
    pub household: HouseholdSummary,
    /// One entry per person of the case, in case order.
    pub persons: Vec<PersonSummary>,
    /// The wording of every criterion the summary names, by id.
    pub criteria: BTreeMap<String, String>,
    /// The first questions to ask (with their wording and type), the most useful first.
    pub next_questions: Vec<Question>,
    /// How many more questions could still matter after those listed.
    pub more_questions: usize,
    /// Parameters some decision waits for because no value is in force on the as-of date.
    pub unknown_parameters: Vec<String>,
    /// Rules that failed while evaluating this case.
    pub rule_errors: Vec<RuleError>,
}

/// The household's part of a summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseholdSummary {
    /// Services of household scope.
    pub services: Vec<ServiceSummary>,
}

/// One person's part of a summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// The person's position in the case's `persons`.
    pub index: usize,
    /// The person's `id` in the case, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Every program (or those in `only`), in rule-file order.
    pub programs: Vec<ProgramSummary>,
    /// Services of person scope.
    pub services: Vec<ServiceSummary>,
    /// Every ladder.
    pub pathways: Vec<LadderSummary>,
}

/// One program's outcome, with its top-level reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramSummary {
    /// The program's id.
    pub id: String,
    /// Eligible, ineligible or undetermined.
    pub status: Status,
    /// The priority-of-service group, as in the full decision.
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

/// One service: need and eligibility, with their top-level reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSummary {
    /// The service's id.
    pub id: String,
    /// Whether it is needed.
    pub need: Need,
    /// Eligibility for the concrete program, when the service has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Status>,
    /// Top-level criteria that are not met.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
    /// Top-level criteria still unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

/// One ladder: step statuses and next steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderSummary {
    /// The ladder's id.
    pub id: String,
    /// Whether the ladder applies.
    pub applies: Truth,
    /// Each step's status, by id.
    pub steps: BTreeMap<String, StepStatus>,
    /// The rungs to take now, the bridges first.
    pub next: Vec<NextStepSummary>,
}

/// A rung to take now and the bridges to take first (ids; wording in the catalog, the
/// requirement each closes in `criteria`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStepSummary {
    /// The step's id.
    pub step: String,
    /// Its status.
    pub status: StepStatus,
    /// Bridge steps to take first, in order, each with the requirement it closes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<RouteStep>,
}

/// The reasons for one decision in full, with their wording: what `explain` answers when
/// a person opens "why".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explained {
    /// Which rules decided.
    pub rules: RulesInfo,
    /// The date decided for (`YYYY-MM-DD`).
    pub as_of: String,
    /// The language of the texts.
    pub lang: String,
    /// The program, service, step or ladder explained.
    pub target: String,
    /// `program`, `service`, `step` or `ladder`.
    pub kind: &'static str,
    /// One entry per person (or one for the household, for household services).
    pub decisions: Vec<ExplainedDecision>,
    /// The dated parameter entries the explanations used, with their sources, by id.
    pub parameters: BTreeMap<String, ParameterEntry>,
}

/// One person's (or the household's) explanation of the item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedDecision {
    /// The person's index; absent for the household.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    /// The status of the program, service need, step or ladder.
    pub status: String,
    /// The top-level criteria, by id, in rule order (for a service: need, then eligibility).
    pub criteria: Vec<String>,
    /// Facts and parameters that would settle an undetermined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Every criterion of the tree, explained, by id.
    pub explained: BTreeMap<String, Explanation>,
}

/// One criterion, why it came out as it did, and its parts (by id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Met, not met, or unknown.
    pub status: Truth,
    /// The criterion's wording, in the explanation's language.
    pub text: String,
    /// The regulation or policy it implements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// `expr`, `all`, `any`, `not` or `at_least N`.
    pub rule: String,
    /// The expression, for `expr` criteria.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// The values the expression read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<UsedValue>,
    /// Ids of the parameters read (see `parameters`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    /// Ids of the parts of an `all`, `any`, `not` or `at_least` criterion.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
    /// Facts and parameters an unknown criterion waits for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// A runtime fault in the rule, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A value an expression read; `null` when unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UsedValue {
    /// The fact, derived fact or parameter read.
    pub name: String,
    /// Its value, as JSON (money and percentages as strings, dates `YYYY-MM-DD`).
    pub value: serde_json::Value,
}

/// A dated parameter entry, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterEntry {
    /// The first day the entry is in force (`YYYY-MM-DD`), if bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last day it is in force, if bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// `verified`, `secondary`, `computed` or `unverified`.
    pub status: String,
    /// Where the figure comes from (a notice, a table, a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A note from the rule authors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The texts and structure of a rule set in one language, by id: what decisions refer to.
/// A host fetches it once per rule set (its `rules.hash`) and language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// Which rules it describes.
    pub rules: RulesInfo,
    /// The language of its texts.
    pub lang: String,
    /// Every program, in rule-file order.
    pub programs: Vec<ProgramInfo>,
    /// Every supportive service, in rule-file order.
    pub services: Vec<ServiceInfo>,
    /// Every ladder, in rule-file order.
    pub ladders: Vec<LadderInfo>,
    /// Every pathway step, by id.
    pub steps: BTreeMap<String, StepInfo>,
    /// Every criterion, by id.
    pub criteria: BTreeMap<String, CriterionInfo>,
    /// Every parameter, by id, with its dated entries.
    pub parameters: BTreeMap<String, ParameterInfo>,
}

/// A program's name, citation and structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramInfo {
    /// The program's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// A description, if the rules give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The law or policy that defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// The sector it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Ids of the criteria that must all hold.
    pub criteria: Vec<String>,
    /// Its priority-of-service groups, in the order they are tried.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priority: Vec<PriorityInfo>,
}

/// A priority-of-service group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriorityInfo {
    /// The group's id (what a decision's `priority.group` names).
    pub id: String,
    /// Its name.
    pub name: String,
    /// The criterion that puts a person in this group.
    pub when: String,
}

/// A supportive service's name, referral and structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceInfo {
    /// The service's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `household` or `person`.
    pub scope: &'static str,
    /// Its category (transportation, childcare, food …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// A description, if the rules give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ids of the criteria that decide the need.
    pub need: Vec<String>,
    /// Ids of the criteria of the concrete program, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible: Option<Vec<String>>,
    /// Where to go for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    /// The law or policy behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// A career ladder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LadderInfo {
    /// The ladder's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// A description, if the rules give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ids of its steps, in ladder order.
    pub steps: Vec<String>,
}

/// A pathway step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepInfo {
    /// Its name.
    pub name: String,
    /// `esol`, `education`, `bridge`, `training`, `credential`, `degree`, `job` or
    /// `apprenticeship`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A description, if the rules give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The credential it yields (held credentials complete it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    /// What it leads to, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yields: Option<String>,
    /// Ids of the criteria a person must meet to take it.
    pub requirements: Vec<String>,
    /// Ids of the steps that come before it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Ids of the programs that deliver it.
    pub delivered_by: Vec<String>,
}

/// A criterion's wording and structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionInfo {
    /// Its wording.
    pub text: String,
    /// The regulation or policy it implements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// `expr`, `all`, `any`, `not` or `at_least N`.
    pub rule: String,
    /// The expression, for `expr` criteria.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// The names the expression reads, in order (their values are in the decision's
    /// `values`; tables by household size are among `parameters` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
    /// Ids of the parameters it reads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    /// Ids of the parts of an `all`, `any`, `not` or `at_least` criterion.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
    /// The step that closes this requirement when it is not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
}

/// A parameter: what it is and its dated entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInfo {
    /// What it is, in words.
    pub description: String,
    /// Its dated entries, in date order.
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
    /// Canonical JSON, as for [`Decision::to_json`].
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

impl Catalog {
    /// Canonical JSON, as for [`Decision::to_json`].
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

impl Decision {
    /// Canonical JSON: the same bytes for the same rules, case and options on every target.
    pub fn to_json(&self) -> String {
        to_json(self)
    }
    /// Indented JSON, for people to read (the same content as [`Decision::to_json`]).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"type\":\"failure\",\"errors\":[\"{e}\"]}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-spelled words are the JSON's, variant by variant.
    #[test]
    fn outcome_words_are_their_json() {
        fn json<T: Serialize>(v: T) -> String {
            serde_json::to_string(&v).unwrap_or_default()
        }
        for s in [Status::Eligible, Status::Ineligible, Status::Undetermined] {
            assert_eq!(format!("\"{}\"", s.as_str()), json(s));
        }
        for n in [Need::Needed, Need::NotNeeded, Need::Undetermined] {
            assert_eq!(format!("\"{}\"", n.as_str()), json(n));
        }
        for t in [Truth::Met, Truth::NotMet, Truth::Unknown] {
            assert_eq!(format!("\"{}\"", t.as_str()), json(t));
        }
        for s in [
            StepStatus::Completed,
            StepStatus::Ready,
            StepStatus::Blocked,
            StepStatus::Undetermined,
        ] {
            assert_eq!(format!("\"{}\"", s.as_str()), json(s));
        }
    }
}
