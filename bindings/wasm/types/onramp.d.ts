// Hand-written types of every Onramp answer. wasm-bindgen appends this file to the generated
// `onramp_wasm.d.ts` (typescript_custom_section), so `import type { Decision } from
// "onramp-wasm"` works. The shapes mirror the kernel's boundary types (crates/onramp/src:
// decision.rs, diag.rs, schema.rs, testing.rs, bundle.rs, api.rs); `tsc --noEmit -p types`
// checks them with code (types/use.ts) that uses every entry point and narrows every answer.

/** JSON text whose parsed value is `T`: `JSON.parse(text) as T`. */
export type JsonText<T> = string & { readonly __answer?: T };

/** Any JSON value (facts as the case gave them, values an expression read). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A problem with the input itself: not JSON, not the expected shape, bad options. */
export interface InputProblem {
  /** `invalid-input`, `invalid-case`, `too-many-persons` (over `rules.maxPersons`),
   * `invalid-options`, `invalid-target` (explain) or `internal`. */
  code: string;
  message: string;
  /** For case text that is not JSON: where parsing stopped (1-based). */
  line?: number;
  column?: number;
}

/** One problem found in a rule set. */
export interface Diagnostic {
  /** Stable kebab-case code, like `unknown-fact`. */
  code: string;
  severity: "error" | "warning";
  /** One plain sentence; user text in backticks. */
  message: string;
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in Unicode scalar values. */
  column: number;
  /** 1-based column in UTF-16 code units: use this one in JavaScript editors. */
  column_utf16: number;
  /** Byte range in the file (UTF-8). */
  start: number;
  end: number;
  /** The rule (fact, criterion, program …) it belongs to. */
  rule?: string;
  help?: string;
}

export interface Failure {
  type: "failure";
  errors: Array<Diagnostic | InputProblem>;
}

/** Every answer: the success fields, or the errors. Nothing throws. */
export type Answer<T> = ({ type: "success" } & T) | Failure;

export type LoadAnswer = Answer<{ rules: Rules }>;
export type CheckAnswer = Answer<{
  name: string;
  version: string;
  hash: string;
  summary: Summary;
  /** Each language's translation status and coverage, in the order of `languages`. */
  languages: LanguageStatus[];
  warnings: Diagnostic[];
}>;
/**
 * One language of a rule set: `source` (the default language), `reviewed` or `unreviewed`
 * (as its translation file declares), or `unstated` (no translation file); how many of the
 * rule set's texts it has, and how many it lacks (those show the default language's text).
 */
export interface LanguageStatus {
  language: string;
  status: "source" | "reviewed" | "unreviewed" | "unstated";
  note?: string;
  file?: string;
  texts: number;
  missing: number;
}
/**
 * `evaluate`'s answer: a full `Decision` or a `DecisionSummary`, as the options' `detail`
 * asked; narrow on `decision.detail` (`"full"` or `"summary"`).
 */
export type EvaluateAnswer = Answer<{ decision: Decision | DecisionSummary }>;
/** `explain`'s answer; an id that is no program, service, step or ladder is `invalid-target`. */
export type ExplainAnswer = Answer<{ explanation: Explained }>;
/**
 * `accessNyc`'s answer. With `answer: "access-nyc"` (the default) the NYC Benefits Screening
 * API's own shape, whose `type` is `"SUCCESS"`; with `"onramp"` an `EvaluateAnswer`; with
 * `"case"` the mapped case. A payload the API would refuse is a `Failure` whose errors have a
 * `path`.
 */
export type AccessNycAnswer = AccessNycSuccess | EvaluateAnswer | Answer<{ case: JsonValue }> | AccessNycFailure;

export interface AccessNycSuccess {
  type: "SUCCESS";
  eligiblePrograms: Array<{ code: string; name: string }>;
  /** What the API's two-valued answer cannot say. */
  onramp: {
    as_of: string;
    rules: RulesInfo;
    case_id?: string;
    /** Codes nobody in the household is eligible for yet, but someone may be. */
    undetermined: Array<{ code: string; name: string; unknown: string[] }>;
    /** What to ask next (paths into the mapped case; persons in the payload's order). */
    next_questions: WordedQuestion[];
    /** Codes asked for (`interested_programs`) that these rules do not decide. */
    not_decided: string[];
    input_errors: InputError[];
  };
}

export interface AccessNycFailure {
  type: "failure";
  errors: Array<{ code: string; message: string; path?: string; line?: number; column?: number }>;
}

/** Options of `accessNyc`, given as JSON text. */
export interface AccessNycOptions {
  /** The date to decide for, `YYYY-MM-DD`: ages become birth-date ranges as of this day. */
  as_of: string;
  lang?: string;
  answer?: "access-nyc" | "onramp" | "case";
  /** The API's `interestedPrograms`. */
  interested_programs?: string[];
  /** How a left-out flag is read: `"false"` (as the API's schema, the default) or `"unknown"`. */
  absent?: "false" | "unknown";
  /** With `answer: "onramp"`. */
  detail?: "summary" | "full";
  only?: string[];
}
/** `qualify`'s answer: one entry per target. */
export type QualifyAnswer = Answer<{ qualify: Qualify[] }>;
/** `sweep`'s answer. */
export type SweepAnswer = Answer<{ sweep: Sweep }>;

/** Options of `qualify`, given as JSON text. */
export interface QualifyOptions {
  as_of: string;
  lang?: string;
  /** A program, service or step id (`kind:id` where kinds share one); default: every program not eligible. */
  for?: string;
  person?: number;
  max_changes?: number;
  budget?: number;
  horizon_days?: number;
}

export interface Qualify {
  target: { kind: "program" | "service" | "step"; id: string; name: string; person: number };
  status: string;
  /** Verified change sets, fewest and easiest first. */
  paths: Array<{ changes: QualifyChange[]; effort: "now" | "training" | "circumstance" }>;
  from_date?: { date: string; kind: "birthday" | "elapsed" | "parameter"; text: string };
  /** Facts still to answer (paths into the case). */
  missing: string[];
  search: { evaluations: number; budget: number; max_changes: number; complete: boolean; note?: string };
}

export interface QualifyChange {
  path: string;
  fact: string;
  person?: number;
  from: JsonValue;
  to: JsonValue;
  text: string;
  effort: "now" | "training" | "circumstance";
  closer?: { step: string; name: string; ladder?: string };
}

/** Options of `sweep`, given as JSON text. */
export interface SweepOptions {
  as_of: string;
  lang?: string;
  person?: number;
  wage: { per: "hour" | "year"; from: string; to: string; hours?: number };
  points?: number;
}

export interface Sweep {
  person: number;
  per: "hour" | "year";
  hours?: number;
  from: string;
  to: string;
  points: number;
  items: Array<{
    kind: "program" | "service";
    id: string;
    name: string;
    person?: number;
    intervals: Array<{ from: string; to: string; status: "eligible" | "ineligible" | "undetermined" }>;
  }>;
  evaluations: number;
}
export type CatalogAnswer = Answer<{ catalog: Catalog }>;
export type SchemaAnswer = Answer<{ schema: Schema }>;
export type TestsAnswer = Answer<{ passed: number; failed: number; tests: TestOutcome[] }>;
export type BundleAnswer = Answer<{ bundle: Bundle }>;

/** Options of one evaluation (and of `explain`), given as JSON text. */
export interface EvaluateOptions {
  /** The date to decide for, `YYYY-MM-DD`; the kernel reads no clock. */
  as_of: string;
  /** The language of texts; the rule set's default when absent or not offered. */
  lang?: string;
  /**
   * `full` (the default): every criterion's status, the values read and the parameters in
   * force, by id, with no texts (those are in the `Catalog`). `summary`: statuses, the
   * top-level reasons with their wording and the first questions worded: small enough to
   * send after every answer.
   */
  detail?: "summary" | "full";
  /** Decide only these programs, services and ladders (ids; unknown ids are refused). */
  only?: string[];
}

export interface CaseInput {
  household?: { [fact: string]: JsonValue };
  persons?: Array<{ id?: string; [fact: string]: JsonValue | undefined }>;
}

export interface RuleFile {
  path: string;
  text: string;
}

/** One JSON file holding a whole rule set and its content hash (`onramp bundle`). */
export interface Bundle {
  /** `onramp-bundle/1`. */
  format: string;
  name: string;
  version: string;
  /** `sha256:` and 64 hex digits. */
  hash: string;
  files: RuleFile[];
}

export interface Summary {
  facts: number;
  parameters: number;
  derived: number;
  criteria: number;
  programs: number;
  services: number;
  ladders: number;
  steps: number;
  tests: number;
}

export type Status = "eligible" | "ineligible" | "undetermined";
export type Need = "needed" | "not_needed" | "undetermined";
export type Truth = "met" | "not_met" | "unknown";
export type StepStatus = "completed" | "ready" | "blocked" | "undetermined";

export interface RulesInfo {
  name: string;
  version: string;
  /** The content hash of the rules that produced this answer. */
  hash: string;
}

/**
 * Everything the kernel decided for one case, with every reason by id (`detail: "full"`).
 * It carries no texts: names, criterion wording, citations and parameter sources are in the
 * rule set's `Catalog`, under the same ids (fetch it once per rule set and language).
 */
export interface Decision {
  rules: RulesInfo;
  as_of: string;
  lang: string;
  detail: "full";
  /** Malformed parts of the case, which were treated as unknown. */
  input_errors: InputError[];
  household: HouseholdDecision;
  persons: PersonDecision[];
  /** Missing facts, the most useful first: ask these (wording in the `Schema`). */
  next_questions: Question[];
  /** Parameters with no value in force on the as-of date. */
  unknown_parameters: string[];
  /** Rules that failed on this case; their criteria are unknown. */
  rule_errors: RuleError[];
  /** The dated parameter entries the criteria used, by parameter id (sources in the `Catalog`). */
  parameters: { [id: string]: ParameterUse };
}

export interface InputError {
  /** Like `persons[0].incomes[1].frequency`. */
  path: string;
  expected: string;
}

export interface HouseholdDecision {
  services: ServiceDecision[];
  /** Every criterion the household's decisions refer to, by id, each once. */
  criteria: { [id: string]: CriterionResult };
  /** The values those criteria read, by name; `null` when unknown. */
  values?: { [name: string]: JsonValue };
}

export interface PersonDecision {
  index: number;
  id?: string;
  programs: ProgramDecision[];
  services: ServiceDecision[];
  pathways: LadderDecision[];
  /**
   * Every criterion this person's decisions refer to, by id, each once (those of the
   * household are in `household.criteria`). Wording, parts and reads are in the `Catalog`.
   */
  criteria: { [id: string]: CriterionResult };
  /** The values this person's criteria read, by name; `null` when unknown. */
  values?: { [name: string]: JsonValue };
}

/** How one criterion came out for a person (or the household). */
export interface CriterionResult {
  status: Truth;
  /** For an unknown expression: the facts and parameters it waits for. */
  missing?: string[];
  error?: string;
}

export interface ProgramDecision {
  id: string;
  status: Status;
  priority?: PriorityDecision;
  /** Facts (`persons[0].date_of_birth`) and parameters (`parameters.x`) that would settle it. */
  missing?: string[];
}

export interface PriorityDecision {
  status: Status;
  /** The priority group's id (its name is in the catalog's `ProgramInfo.priority`). */
  group?: string;
  /** The id of the criterion that put the person in this group. */
  because?: string;
  missing?: string[];
}

export interface Verdict<S> {
  status: S;
  missing?: string[];
}

export interface ServiceDecision {
  id: string;
  need: Verdict<Need>;
  eligibility?: Verdict<Status>;
}

/** A parameter in force for the as-of date (its source and note are in the `Catalog`). */
export interface ParameterUse {
  from?: string;
  /** `verified`, `secondary`, `computed`, `unverified` or `missing` (nothing in force). */
  status: string;
}

export interface LadderDecision {
  id: string;
  applies: Truth;
  /** In the ladder's order. */
  steps: StepDecision[];
  /** The rungs to take now, each with the bridge steps that must come first. */
  next: NextStep[];
}

export interface StepDecision {
  id: string;
  status: StepStatus;
  missing?: string[];
}

export interface NextStep {
  step: string;
  status: StepStatus;
  /** Steps to take first, in order, each with the requirement it closes. */
  first?: RouteStep[];
  missing?: string[];
}

export interface RouteStep {
  step: string;
  /** The id of the unmet requirement (a criterion) this step closes. */
  closes: string;
}

/** A missing fact worth asking, and how many undetermined decisions wait on it. */
export interface Question {
  path: string;
  fact: string;
  person?: number;
  settles: number;
}

/** A summary's question comes with its wording and the fact's type. */
export interface WordedQuestion extends Question {
  text: string;
  /** `bool`, `integer`, `money`, `date`, `enum`, `list`, `records` … */
  type: string;
}

/**
 * A decision's summary (`detail: "summary"`): what a screen shows first, small enough to
 * send after every answer. The reasons in full come from `explain` when a person asks why.
 */
export interface DecisionSummary {
  rules: RulesInfo;
  as_of: string;
  lang: string;
  detail: "summary";
  input_errors: InputError[];
  household: { services: ServiceSummary[] };
  persons: PersonSummary[];
  /** The wording of every criterion the summary names (`failed`, `unknown`, `closes`), by id. */
  criteria: { [id: string]: string };
  /** The first questions to ask (at most 10), worded, the most useful first. */
  next_questions: WordedQuestion[];
  /** How many more questions could still matter after those listed. */
  more_questions: number;
  unknown_parameters: string[];
  rule_errors: RuleError[];
}

export interface PersonSummary {
  index: number;
  id?: string;
  programs: ProgramSummary[];
  services: ServiceSummary[];
  pathways: LadderSummary[];
}

export interface ProgramSummary {
  id: string;
  status: Status;
  priority?: PriorityDecision;
  /** Top-level criteria not met (ineligible) … */
  failed?: string[];
  /** … or still unknown (undetermined), by id. */
  unknown?: string[];
}

export interface ServiceSummary {
  id: string;
  need: Need;
  eligibility?: Status;
  failed?: string[];
  unknown?: string[];
}

export interface LadderSummary {
  id: string;
  applies: Truth;
  /** Each step's status, by id (the ladder's order is in the catalog's `LadderInfo.steps`). */
  steps: { [id: string]: StepStatus };
  next: NextStepSummary[];
}

export interface NextStepSummary {
  step: string;
  status: StepStatus;
  first?: RouteStep[];
}

/** The reasons for one decision in full, with their wording: `explain`'s answer. */
export interface Explained {
  rules: RulesInfo;
  as_of: string;
  lang: string;
  /** The program, service, step or ladder explained. */
  target: string;
  kind: "program" | "service" | "step" | "ladder";
  /** One entry per person, or one for the household (a household service). */
  decisions: ExplainedDecision[];
  /** The dated entries of the parameters read, by id, with their sources. */
  parameters: { [id: string]: ParameterEntry };
}

export interface ExplainedDecision {
  /** The person's index; absent for the household. */
  person?: number;
  /** The program's status, the service's need, the step's status or whether the ladder applies. */
  status: Status | Need | StepStatus | Truth;
  /** The top-level criteria, by id, in rule order (a service: need, then eligibility). */
  criteria: string[];
  missing?: string[];
  /** Every criterion of the tree, explained, by id. */
  explained: { [id: string]: Explanation };
}

/** One criterion, why it came out as it did, and its parts (by id). */
export interface Explanation {
  status: Truth;
  text: string;
  citation?: string;
  /** `expr`, `all`, `any`, `not` or `at_least N`. */
  rule: string;
  expr?: string;
  values?: UsedValue[];
  /** Ids of the parameters read (see `Explained.parameters`). */
  parameters?: string[];
  /** Ids of the parts of an `all`, `any`, `not` or `at_least` criterion. */
  children?: string[];
  missing?: string[];
  error?: string;
}

/** A value an expression read; `null` when unknown. */
export interface UsedValue {
  name: string;
  value: JsonValue;
}

/** A dated parameter entry, with its source. */
export interface ParameterEntry {
  from?: string;
  until?: string;
  /** `verified`, `secondary`, `computed`, `unverified` or `missing`. */
  status: string;
  source?: string;
  note?: string;
}

/**
 * The texts and structure of a rule set in one language, by id: what decisions refer to.
 * Fetch it once per rule set (`rules.hash`) and language with `rules.catalog(lang)`.
 */
export interface Catalog {
  rules: RulesInfo;
  lang: string;
  programs: ProgramInfo[];
  services: ServiceInfo[];
  ladders: LadderInfo[];
  steps: { [id: string]: StepInfo };
  criteria: { [id: string]: CriterionInfo };
  parameters: { [id: string]: ParameterInfo };
}

export interface ProgramInfo {
  id: string;
  name: string;
  description?: string;
  citation?: string;
  sector?: string;
  /** Ids of the criteria that must all hold. */
  criteria: string[];
  priority?: PriorityInfo[];
}

export interface PriorityInfo {
  /** The group's id, as in `PriorityDecision.group`. */
  id: string;
  name: string;
  /** The criterion that puts a person in this group. */
  when: string;
}

export interface ServiceInfo {
  id: string;
  name: string;
  scope: "household" | "person";
  category?: string;
  description?: string;
  /** Criteria of the need, by id. */
  need: string[];
  /** Criteria of eligibility, by id, when the service has any. */
  eligible?: string[];
  referral?: string;
  citation?: string;
}

export interface LadderInfo {
  id: string;
  name: string;
  description?: string;
  /** The steps, in the ladder's order (lowest rung first). */
  steps: string[];
}

export interface StepInfo {
  name: string;
  kind?: string;
  description?: string;
  credential?: string;
  yields?: string;
  /** Criteria the step requires, by id. */
  requirements: string[];
  after?: string[];
  /** Ids of the programs that offer the step. */
  delivered_by: string[];
}

export interface CriterionInfo {
  text: string;
  citation?: string;
  /** `expr`, `all`, `any`, `not` or `at_least N`. */
  rule: string;
  expr?: string;
  /** The names the expression reads, in order (values in the decision's `values`). */
  reads?: string[];
  parameters?: string[];
  children?: string[];
  /** The step that closes this requirement when it is not met. */
  closed_by?: string;
}

export interface ParameterInfo {
  description: string;
  entries: ParameterEntry[];
}

export interface RuleError {
  rule: string;
  person?: number;
  message: string;
}

/** The facts schema, for building questions. */
export interface Schema {
  rules: RulesInfo;
  lang: string;
  languages: string[];
  facts: FactSchema[];
}

export interface FactSchema {
  id: string;
  scope: "household" | "person";
  /** `bool`, `integer`, `money`, `date`, `enum`, `list`, `records` … */
  type: string;
  question: string;
  help?: string;
  group?: string;
  values?: ValueLabel[];
  min?: number;
  max?: number;
  fields?: FieldSchema[];
  /** Where the rules say a person can change it: what "how could I qualify?" may suggest. */
  changeable?: "now" | "training" | "circumstance";
  /** Which way it changes, where only one way: to later values or larger numbers (`up`), or the reverse. */
  changes?: "up" | "down";
}

export interface ValueLabel {
  value: string;
  label: string;
}

export interface FieldSchema {
  name: string;
  type: string;
  label: string;
  values?: ValueLabel[];
}

/** The result of one of the rule set's own tests. */
export interface TestOutcome {
  name: string;
  checks: string;
  file: string;
  line: number;
  passed: boolean;
  failures: string[];
}
