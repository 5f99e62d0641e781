// Hand-written types of every Onramp answer. wasm-bindgen appends this file to the generated
// `onramp_wasm.d.ts` (typescript_custom_section), so `import type { Decision } from
// "onramp-wasm"` works. The shapes mirror the kernel's boundary types (crates/onramp/src:
// decision.rs, diag.rs, schema.rs, testing.rs, bundle.rs, api.rs); `tsc --noEmit` over
// types/check.ts keeps them honest against the corpus.

/** JSON text whose parsed value is `T`: `JSON.parse(text) as T`. */
export type JsonText<T> = string & { readonly __answer?: T };

/** Any JSON value (facts as the case gave them, values an expression read). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A problem with the input itself: not JSON, not the expected shape, bad options. */
export interface InputProblem {
  /** `invalid-input`, `invalid-case`, `invalid-options` or `internal`. */
  code: string;
  message: string;
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
  warnings: Diagnostic[];
}>;
export type EvaluateAnswer = Answer<{ decision: Decision }>;
export type SchemaAnswer = Answer<{ schema: Schema }>;
export type TestsAnswer = Answer<{ passed: number; failed: number; tests: TestOutcome[] }>;
export type BundleAnswer = Answer<{ bundle: Bundle }>;

/** Options of one evaluation, given to `evaluate` as JSON text. */
export interface EvaluateOptions {
  /** The date to decide for, `YYYY-MM-DD`; the kernel reads no clock. */
  as_of: string;
  /** The language of texts; the rule set's default when absent or not offered. */
  lang?: string;
}

/** A case, given to `evaluate` as JSON text. Every fact is optional: absent is unknown. */
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

/** Everything the kernel decided for one case. */
export interface Decision {
  rules: RulesInfo;
  as_of: string;
  lang: string;
  /** Malformed parts of the case, which were treated as unknown. */
  input_errors: InputError[];
  household: HouseholdDecision;
  persons: PersonDecision[];
  /** Missing facts, the most useful first: ask these. */
  next_questions: Question[];
  /** Parameters with no value in force on the as-of date. */
  unknown_parameters: string[];
  /** Rules that failed on this case; their criteria are unknown. */
  rule_errors: RuleError[];
}

export interface InputError {
  /** Like `persons[0].incomes[1].frequency`. */
  path: string;
  expected: string;
}

export interface HouseholdDecision {
  services: ServiceDecision[];
}

export interface PersonDecision {
  index: number;
  id?: string;
  programs: ProgramDecision[];
  services: ServiceDecision[];
  pathways: LadderDecision[];
}

export interface ProgramDecision {
  id: string;
  name: string;
  description?: string;
  status: Status;
  priority?: PriorityDecision;
  citation?: string;
  sector?: string;
  criteria: Explanation[];
  /** Facts and parameters that would settle an undetermined status. */
  missing: string[];
}

export interface PriorityDecision {
  status: Status;
  group?: string;
  name?: string;
  because?: Explanation;
  missing: string[];
}

export interface Verdict<S> {
  status: S;
  criteria: Explanation[];
  missing: string[];
}

export interface ServiceDecision {
  id: string;
  name: string;
  category?: string;
  description?: string;
  need: Verdict<Need>;
  eligibility?: Verdict<Status>;
  referral?: string;
  citation?: string;
}

/** One criterion, why it came out as it did, and its parts. */
export interface Explanation {
  id: string;
  status: Truth;
  text: string;
  citation?: string;
  /** `expr`, `all`, `any`, `not` or `at_least N`. */
  rule: string;
  expr?: string;
  values?: UsedValue[];
  parameters?: ParameterUse[];
  children?: Explanation[];
  missing?: string[];
  error?: string;
}

/** A value an expression read; `null` when unknown. */
export interface UsedValue {
  name: string;
  value: JsonValue;
}

export interface ParameterUse {
  id: string;
  from?: string;
  /** `verified`, `secondary`, `computed`, `unverified` or `missing`. */
  status: string;
  source?: string;
  note?: string;
}

export interface LadderDecision {
  id: string;
  name: string;
  description?: string;
  applies: Truth;
  steps: StepDecision[];
  next: NextStep[];
}

export interface StepDecision {
  id: string;
  name: string;
  kind?: string;
  status: StepStatus;
  credential?: string;
  yields?: string;
  delivered_by: ProgramRef[];
  requirements: Explanation[];
  missing: string[];
}

export interface ProgramRef {
  id: string;
  name: string;
  status: Status;
}

export interface NextStep {
  step: string;
  name: string;
  status: StepStatus;
  first: RouteStep[];
  missing: string[];
}

export interface RouteStep {
  step: string;
  name: string;
  closes: string;
  because: string;
}

/** A missing fact worth asking, and how many undetermined decisions wait on it. */
export interface Question {
  path: string;
  fact: string;
  person?: number;
  text: string;
  type: string;
  settles: number;
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
