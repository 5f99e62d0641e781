//! JSON-shaped entry points: JSON text in, tagged JSON text out. Every host (the wasm
//! package, the CLI's HTTP mode, other languages) goes through these, so all of them give
//! the same bytes. Answers are `{"type":"success",…}` or `{"type":"failure","errors":[…]}`;
//! nothing here panics or throws on bad input.

use crate::{Bundle, BundleFile, Case, CivilDate, Diagnostic, Options, RuleSet};
use serde::{Deserialize, Serialize};

/// Rule files as the entry points take them: a bundle, `{"files": [...]}` or a bare list.
#[derive(Deserialize)]
#[serde(untagged)]
enum RulesInput {
    Bundle(Bundle),
    Files { files: Vec<BundleFile> },
    List(Vec<BundleFile>),
}

#[derive(Serialize)]
struct Failure<'a, E: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    errors: E,
}

#[derive(Serialize)]
struct InputProblem {
    code: &'static str,
    message: String,
}

fn failure(code: &'static str, message: String) -> String {
    serde_json::to_string(&Failure {
        kind: "failure",
        errors: [InputProblem { code, message }],
    })
    .unwrap_or_default()
}

fn diagnostics_failure(errors: &[Diagnostic]) -> String {
    serde_json::to_string(&Failure {
        kind: "failure",
        errors,
    })
    .unwrap_or_default()
}

#[cfg(feature = "compiler")]
/// Compiles rules given as JSON (a bundle, `{"files":[{"path","text"}]}` or a list of files).
/// A bundle's hash is checked against its files.
pub fn load(rules_json: &str) -> Result<RuleSet, String> {
    let input: RulesInput = serde_json::from_str(rules_json).map_err(|e| {
        failure(
            "invalid-input",
            format!("expected a rule bundle or {{\"files\": [{{\"path\", \"text\"}}]}}: {e}"),
        )
    })?;
    let result = match input {
        RulesInput::Bundle(bundle) => RuleSet::from_bundle(&bundle),
        RulesInput::Files { files } | RulesInput::List(files) => {
            RuleSet::compile(files.into_iter().map(|f| (f.path, f.text)))
        }
    };
    result.map_err(|d| diagnostics_failure(&d.items))
}

/// Loads a rule set in compiled form (`onramp bundle --compiled`,
/// [`RuleSet::to_compiled`]): no compiling, so it is ready in a fraction of the time. Bytes
/// that are not a compiled rule set, are damaged, or were written by another build of the
/// kernel get a failure answer saying which.
pub fn load_compiled(bytes: &[u8]) -> Result<RuleSet, String> {
    RuleSet::from_compiled(bytes).map_err(|e| failure("invalid-input", e.to_string()))
}

#[cfg(feature = "compiler")]
/// Checks rules: `{"type":"success","hash","summary","languages","warnings"}` or the
/// diagnostics; `languages` is each language's translation status and coverage.
pub fn check(rules_json: &str) -> String {
    match load(rules_json) {
        Ok(rules) => {
            #[derive(Serialize)]
            struct Checked<'a> {
                #[serde(rename = "type")]
                kind: &'a str,
                name: &'a str,
                version: &'a str,
                hash: &'a str,
                summary: crate::Summary,
                /// Each language's translation status and coverage.
                languages: &'a [crate::LanguageStatus],
                warnings: &'a [Diagnostic],
            }
            serde_json::to_string(&Checked {
                kind: "success",
                name: rules.name(),
                version: rules.version(),
                hash: rules.hash(),
                summary: rules.summary(),
                languages: rules.translations(),
                warnings: rules.warnings(),
            })
            .unwrap_or_default()
        }
        Err(failure) => failure,
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct OptionsInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    only: Option<Vec<String>>,
}

/// Reads `{"as_of": "2026-11-23", "lang": "es", "detail": "summary", "only": ["snap"]}`
/// (`detail` is `full` unless given; `only` decides just those programs, services and
/// ladders).
pub fn options(options_json: &str) -> Result<Options, String> {
    let input: OptionsInput = serde_json::from_str(options_json).map_err(|e| {
        failure(
            "invalid-options",
            format!("expected {{\"as_of\": \"YYYY-MM-DD\", \"lang\": \"en\", \"detail\": \"summary\"}}: {e}"),
        )
    })?;
    let detail = match input.detail.as_deref() {
        None | Some("full") => crate::Detail::Full,
        Some("summary") => crate::Detail::Summary,
        Some(other) => {
            return Err(failure(
                "invalid-options",
                format!("detail: expected \"summary\" or \"full\", got `{other}`"),
            ))
        }
    };
    let as_of = as_of_of(input.as_of)?;
    Ok(Options {
        as_of,
        lang: input.lang,
        detail,
        only: input.only,
    })
}

/// Refuses `only` ids the rule set does not have, naming the closest one.
fn check_only(rules: &RuleSet, options: &Options) -> Result<(), String> {
    for id in options.only.iter().flatten() {
        if !rules.has_item(id) {
            let hint = crate::diag::did_you_mean(id, rules.item_ids())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(failure(
                "invalid-options",
                format!("only: `{id}` is not a program, service or ladder of this rule set{hint}"),
            ));
        }
    }
    Ok(())
}

/// What a host allows a case to hold. A host that faces the public keeps the default; a
/// backend deciding its own caseload may raise it (up to `case::MAX_PERSONS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most persons one case may list; a case with more is a failure.
    pub max_persons: usize,
}

/// The persons a case may list by default: more than any household, far fewer than would
/// let one request hold a kiosk or a server for seconds.
pub const DEFAULT_MAX_PERSONS: usize = 50;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_persons: DEFAULT_MAX_PERSONS,
        }
    }
}

/// Reads case text within `limits`, or the failure answer for text that is no case.
fn case_within(rules: &RuleSet, case_json: &str, limits: &Limits) -> Result<Case, String> {
    Case::from_json_text_at_most(rules, case_json, limits.max_persons).map_err(|e| {
        serde_json::to_string(&Failure {
            kind: "failure",
            errors: [e],
        })
        .unwrap_or_default()
    })
}

/// Parses options and a case for `rules`: a case that is not a JSON object, or lists more
/// persons than `limits` allow, is a failure.
fn inputs(
    rules: &RuleSet,
    case_json: &str,
    options_json: &str,
    limits: &Limits,
) -> Result<(Case, Options), String> {
    let options = options(options_json)?;
    check_only(rules, &options)?;
    let case = case_within(rules, case_json, limits)?;
    Ok((case, options))
}

/// Evaluates a case: `{"type":"success","decision":{…}}`. Malformed fields are listed in
/// the decision's `input_errors` and treated as unknown; a case that is not a JSON object
/// at all, or bad options, is a failure.
pub fn evaluate(rules: &RuleSet, case_json: &str, options_json: &str) -> String {
    evaluate_within(rules, case_json, options_json, &Limits::default())
}

/// `evaluate` with the host's own limits.
pub fn evaluate_within(
    rules: &RuleSet,
    case_json: &str,
    options_json: &str,
    limits: &Limits,
) -> String {
    match inputs(rules, case_json, options_json, limits) {
        Ok((case, options)) => format!(
            "{{\"type\":\"success\",\"decision\":{}}}",
            rules.decide(&case, &options)
        ),
        Err(f) => f,
    }
}

/// Explains one program, service, step or ladder in full for a case:
/// `{"type":"success","explanation":{…}}`.
pub fn explain(rules: &RuleSet, case_json: &str, options_json: &str, target: &str) -> String {
    explain_within(rules, case_json, options_json, target, &Limits::default())
}

/// `explain` with the host's own limits.
pub fn explain_within(
    rules: &RuleSet,
    case_json: &str,
    options_json: &str,
    target: &str,
    limits: &Limits,
) -> String {
    match inputs(rules, case_json, options_json, limits) {
        Ok((case, options)) => match rules.explain(&case, &options, target) {
            Ok(e) => format!("{{\"type\":\"success\",\"explanation\":{}}}", e.to_json()),
            Err(message) => failure("invalid-target", message),
        },
        Err(f) => f,
    }
}

/// Options of [`access_nyc`]: the usual options (`as_of`, `lang`, `detail`, `only`, which
/// apply to the Onramp-shaped answer) and the adapter's own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessNycOptions {
    as_of: Option<String>,
    lang: Option<String>,
    detail: Option<String>,
    only: Option<Vec<String>>,
    /// `access-nyc` (the API's response shape, the default), `onramp` (Onramp's decision
    /// of the mapped case) or `case` (the mapped case itself).
    answer: Option<String>,
    /// The API's `interestedPrograms`: answer only these codes.
    interested_programs: Option<Vec<String>>,
    /// How a left-out flag is read: `false` (as the API's schema defines it, the default)
    /// or `unknown` (as Onramp reads every case).
    absent: Option<String>,
}

/// Decides an NYC Benefits Screening API (ACCESS NYC) request body with these rules (the
/// NYC rule set): the payload is validated with the API's own rules and read as an Onramp
/// case (`access_nyc::read_payload`; an age becomes a range of birth dates). The answer, by
/// `options.answer`:
/// - `access-nyc` (default): `{"type":"SUCCESS","eligiblePrograms":[{"code","name"}],
///   "onramp":{…}}`, the API's shape; `onramp` adds what the API cannot say: the codes
///   still undetermined (with the criteria they wait for), the codes asked for that these
///   rules do not decide, the as-of date and the rules' hash;
/// - `onramp`: exactly what [`evaluate`] answers for the mapped case;
/// - `case`: `{"type":"success","case":{…}}`, the mapped case.
///
/// A payload the API would refuse is a failure listing every problem by path
/// (`{"type":"failure","errors":[{"code":"invalid-payload","path","message"}]}`).
pub fn access_nyc(rules: &RuleSet, payload_json: &str, options_json: &str) -> String {
    access_nyc_within(rules, payload_json, options_json, &Limits::default())
}

/// `access_nyc` with the host's own limits.
pub fn access_nyc_within(
    rules: &RuleSet,
    payload_json: &str,
    options_json: &str,
    limits: &Limits,
) -> String {
    use crate::access_nyc::{outcomes, read_payload, Absent, PROGRAM_CODES};
    let input: AccessNycOptions = match serde_json::from_str(options_json) {
        Ok(o) => o,
        Err(e) => {
            return failure(
                "invalid-options",
                format!("expected {{\"as_of\": \"YYYY-MM-DD\", \"answer\": \"access-nyc\"}}: {e}"),
            )
        }
    };
    let absent = match input.absent.as_deref() {
        None | Some("false") => Absent::AsTheApi,
        Some("unknown") => Absent::Unknown,
        Some(other) => {
            return failure(
                "invalid-options",
                format!("absent: expected \"false\" or \"unknown\", got `{other}`"),
            )
        }
    };
    let answer = input.answer.as_deref().unwrap_or("access-nyc");
    if !matches!(answer, "access-nyc" | "onramp" | "case") {
        let hint = crate::diag::did_you_mean(answer, ["access-nyc", "onramp", "case"])
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        return failure(
            "invalid-options",
            format!(
                "answer: expected \"access-nyc\", \"onramp\" or \"case\", got `{answer}`{hint}"
            ),
        );
    }
    let base = OptionsInput {
        as_of: input.as_of,
        lang: input.lang,
        detail: input.detail,
        only: input.only,
    };
    let base_json = match serde_json::to_string(&base) {
        Ok(s) => s,
        Err(e) => return failure("internal", e.to_string()),
    };
    let mut opts = match options(&base_json) {
        Ok(o) => o,
        Err(f) => return f,
    };
    if let Err(f) = check_only(rules, &opts) {
        return f;
    }
    let payload: serde_json::Value = match serde_json::from_str(payload_json) {
        Ok(v) => v,
        Err(e) => {
            return serde_json::to_string(&Failure {
                kind: "failure",
                errors: [crate::CaseError {
                    code: "invalid-payload",
                    message: format!("the payload is not valid JSON: {e}"),
                    line: Some(e.line()),
                    column: Some(e.column()),
                }],
            })
            .unwrap_or_default()
        }
    };
    let mapped = match read_payload(&payload, opts.as_of, absent) {
        Ok(m) => m,
        Err(errors) => {
            return serde_json::to_string(&Failure {
                kind: "failure",
                errors,
            })
            .unwrap_or_default()
        }
    };
    let case_text = mapped.case.to_string();
    match answer {
        "case" => return format!("{{\"type\":\"success\",\"case\":{case_text}}}"),
        "onramp" => return evaluate_within(rules, &case_text, &base_json, limits),
        _ => {}
    }
    let case = match case_within(rules, &case_text, limits) {
        Ok(c) => c,
        Err(f) => return f,
    };
    let asked = input.interested_programs;
    let wanted = |code: &str| asked.as_ref().is_none_or(|a| a.iter().any(|c| c == code));
    // Decide only what is answered.
    opts.detail = crate::Detail::Summary;
    opts.only = Some(
        PROGRAM_CODES
            .iter()
            .filter(|(code, _, id)| wanted(code) && rules.has_item(id))
            .map(|(_, _, id)| (*id).to_string())
            .collect(),
    );
    let summary = rules.summarize(&case, &opts);
    let decided = outcomes(rules, &summary);
    #[derive(Serialize)]
    struct Program<'a> {
        code: &'a str,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct Open<'a> {
        code: &'a str,
        name: &'a str,
        unknown: &'a [String],
    }
    #[derive(Serialize)]
    struct Extra<'a> {
        as_of: &'a str,
        rules: &'a crate::RulesInfo,
        #[serde(skip_serializing_if = "Option::is_none")]
        case_id: Option<&'a str>,
        undetermined: Vec<Open<'a>>,
        /// What to ask next to settle them (paths into the mapped case, whose persons
        /// are the payload's, in order).
        next_questions: &'a [crate::Question],
        not_decided: Vec<&'a str>,
        input_errors: &'a [crate::InputError],
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer<'a> {
        #[serde(rename = "type")]
        kind: &'a str,
        eligible_programs: Vec<Program<'a>>,
        onramp: Extra<'a>,
    }
    let shown: Vec<&crate::access_nyc::CodeOutcome> =
        decided.iter().filter(|o| wanted(o.code)).collect();
    let not_decided = asked
        .iter()
        .flatten()
        .filter(|c| !decided.iter().any(|o| o.code == c.as_str()))
        .map(String::as_str)
        .collect();
    serde_json::to_string(&Answer {
        kind: "SUCCESS",
        eligible_programs: shown
            .iter()
            .filter(|o| o.status == crate::Status::Eligible)
            .map(|o| Program {
                code: o.code,
                name: &o.name,
            })
            .collect(),
        onramp: Extra {
            as_of: &summary.as_of,
            rules: &summary.rules,
            case_id: mapped.case_id.as_deref(),
            undetermined: shown
                .iter()
                .filter(|o| o.status == crate::Status::Undetermined)
                .map(|o| Open {
                    code: o.code,
                    name: &o.name,
                    unknown: &o.unknown,
                })
                .collect(),
            next_questions: &summary.next_questions,
            not_decided,
            input_errors: &summary.input_errors,
        },
    })
    .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifyInput {
    as_of: Option<String>,
    lang: Option<String>,
    #[serde(rename = "for")]
    target: Option<String>,
    person: Option<usize>,
    max_changes: Option<usize>,
    budget: Option<usize>,
    horizon_days: Option<i64>,
}

fn as_of_of(text: Option<String>) -> Result<CivilDate, String> {
    let text = text.ok_or_else(|| {
        failure(
            "invalid-options",
            "as_of: expected the decision date, like 2026-11-23".into(),
        )
    })?;
    CivilDate::parse(&text).ok_or_else(|| {
        failure(
            "invalid-options",
            format!("as_of: expected a date like 2026-11-23, got `{text}`"),
        )
    })
}

/// "How could I qualify?" for a case: `{"type":"success","qualify":[…]}`, one entry per
/// target. Options: `{"as_of", "lang", "for": "wioa_adult" (default: every program the
/// person is not eligible for), "person": 0, "max_changes": 3, "budget": 1500,
/// "horizon_days": 1096}`.
pub fn qualify(rules: &RuleSet, case_json: &str, options_json: &str) -> String {
    qualify_within(rules, case_json, options_json, &Limits::default())
}

/// `qualify` with the host's own limits.
pub fn qualify_within(
    rules: &RuleSet,
    case_json: &str,
    options_json: &str,
    limits: &Limits,
) -> String {
    let input: QualifyInput = match serde_json::from_str(options_json) {
        Ok(o) => o,
        Err(e) => {
            return failure(
                "invalid-options",
                format!("expected {{\"as_of\": \"YYYY-MM-DD\", \"for\": \"wioa_adult\"}}: {e}"),
            )
        }
    };
    let as_of = match as_of_of(input.as_of) {
        Ok(d) => d,
        Err(f) => return f,
    };
    let defaults = crate::QualifyOptions::new(as_of);
    let options = crate::QualifyOptions {
        lang: input.lang,
        target: input.target,
        person: input.person.unwrap_or(0),
        max_changes: input
            .max_changes
            .unwrap_or(defaults.max_changes)
            .clamp(1, 4),
        budget: input.budget.unwrap_or(defaults.budget).clamp(1, 20_000),
        horizon_days: input
            .horizon_days
            .unwrap_or(defaults.horizon_days)
            .clamp(0, 3_660),
        ..defaults
    };
    let case = match case_within(rules, case_json, limits) {
        Ok(c) => c,
        Err(f) => return f,
    };
    match rules.qualify(&case, &options) {
        Ok(found) => match serde_json::to_string(&found) {
            Ok(s) => format!("{{\"type\":\"success\",\"qualify\":{s}}}"),
            Err(e) => failure("internal", e.to_string()),
        },
        Err(message) => failure("invalid-options", message),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepInput {
    as_of: Option<String>,
    lang: Option<String>,
    person: Option<usize>,
    wage: Option<WageInput>,
    points: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WageInput {
    per: String,
    from: serde_json::Value,
    to: serde_json::Value,
    hours: Option<i64>,
}

/// The wage cliff for a case: `{"type":"success","sweep":{…}}`. Options: `{"as_of",
/// "lang", "person": 0, "wage": {"per": "hour", "from": "15.00", "to": "35.00",
/// "hours": 35} (or "per": "year"), "points": 200}`.
pub fn sweep(rules: &RuleSet, case_json: &str, options_json: &str) -> String {
    sweep_within(rules, case_json, options_json, &Limits::default())
}

/// `sweep` with the host's own limits.
pub fn sweep_within(
    rules: &RuleSet,
    case_json: &str,
    options_json: &str,
    limits: &Limits,
) -> String {
    let input: SweepInput = match serde_json::from_str(options_json) {
        Ok(o) => o,
        Err(e) => {
            return failure(
                "invalid-options",
                format!("expected {{\"as_of\": \"YYYY-MM-DD\", \"wage\": {{\"per\": \"hour\", \"from\": \"15\", \"to\": \"35\", \"hours\": 35}}}}: {e}"),
            )
        }
    };
    let as_of = match as_of_of(input.as_of) {
        Ok(d) => d,
        Err(f) => return f,
    };
    let Some(wage) = input.wage else {
        return failure(
            "invalid-options",
            "wage: expected {\"per\": \"hour\" or \"year\", \"from\", \"to\", \"hours\"}".into(),
        );
    };
    let per = match wage.per.as_str() {
        "hour" => crate::WagePeriod::Hour,
        "year" => crate::WagePeriod::Year,
        other => {
            return failure(
                "invalid-options",
                format!("wage.per: expected \"hour\" or \"year\", got `{other}`"),
            )
        }
    };
    let (Some(from), Some(to)) = (
        crate::case::parse_money(&wage.from),
        crate::case::parse_money(&wage.to),
    ) else {
        return failure(
            "invalid-options",
            "wage.from, wage.to: expected amounts like \"15.00\" (at most two decimals)".into(),
        );
    };
    let case = match case_within(rules, case_json, limits) {
        Ok(c) => c,
        Err(f) => return f,
    };
    let options = crate::SweepOptions {
        as_of,
        lang: input.lang,
        person: input.person.unwrap_or(0),
        per,
        from,
        to,
        hours: wage.hours,
        points: input.points.unwrap_or(200),
    };
    match rules.sweep(&case, &options) {
        Ok(s) => match serde_json::to_string(&s) {
            Ok(s) => format!("{{\"type\":\"success\",\"sweep\":{s}}}"),
            Err(e) => failure("internal", e.to_string()),
        },
        Err(message) => failure("invalid-options", message),
    }
}

/// The rule set's texts and structure in a language: `{"type":"success","catalog":{…}}`.
pub fn catalog(rules: &RuleSet, lang: Option<&str>) -> String {
    format!(
        "{{\"type\":\"success\",\"catalog\":{}}}",
        rules.catalog(lang).to_json()
    )
}

/// The facts schema in a language: `{"type":"success","schema":{…}}`.
pub fn schema(rules: &RuleSet, lang: Option<&str>) -> String {
    match serde_json::to_string(&rules.schema(lang)) {
        Ok(s) => format!("{{\"type\":\"success\",\"schema\":{s}}}"),
        Err(e) => failure("internal", e.to_string()),
    }
}

/// Runs the rule set's tests: `{"type":"success","passed":N,"failed":N,"tests":[…]}`.
pub fn run_tests(rules: &RuleSet) -> String {
    let outcomes = rules.run_tests();
    let passed = outcomes.iter().filter(|t| t.passed).count();
    #[derive(Serialize)]
    struct Tests<'a> {
        #[serde(rename = "type")]
        kind: &'a str,
        passed: usize,
        failed: usize,
        tests: &'a [crate::TestOutcome],
    }
    serde_json::to_string(&Tests {
        kind: "success",
        passed,
        failed: outcomes.len() - passed,
        tests: &outcomes,
    })
    .unwrap_or_default()
}

#[cfg(feature = "compiler")]
/// Builds a bundle from rule files given as JSON: `{"type":"success","bundle":{…}}`.
pub fn bundle(files_json: &str) -> String {
    let files: Vec<BundleFile> = match serde_json::from_str::<RulesInput>(files_json) {
        Ok(RulesInput::Files { files } | RulesInput::List(files)) => files,
        Ok(RulesInput::Bundle(b)) => b.files,
        Err(e) => return failure("invalid-input", e.to_string()),
    };
    match RuleSet::bundle(files.into_iter().map(|f| (f.path, f.text))) {
        Ok(b) => match serde_json::to_string(&b) {
            Ok(s) => format!("{{\"type\":\"success\",\"bundle\":{s}}}"),
            Err(e) => failure("internal", e.to_string()),
        },
        Err(d) => diagnostics_failure(&d.items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"{"files":[{"path":"r.toml","text":"[ruleset]\nname = \"t\"\nversion = \"1\"\nlanguages = [\"en\"]\n[fact.age]\ntype = \"integer\"\n[criterion.adult]\ntext = \"adult\"\nexpr = \"age >= 18\"\n[program.p]\nname = \"P\"\ncitation = \"x\"\neligible = [\"adult\"]\n"}]}"#;

    #[test]
    fn answers_are_tagged() {
        assert!(check(RULES).starts_with(r#"{"type":"success""#));
        assert!(check("nonsense").starts_with(r#"{"type":"failure""#));
        let broken = RULES.replace("age >= 18", "agee >= 18");
        let answer = check(&broken);
        assert!(answer.contains(r#""code":"unknown-fact""#), "{answer}");
        let rules = load(RULES).unwrap();
        let ok = evaluate(
            &rules,
            r#"{"persons":[{"age":20}]}"#,
            r#"{"as_of":"2026-01-01"}"#,
        );
        assert!(ok.contains(r#""status":"eligible""#), "{ok}");
        assert!(evaluate(&rules, "[]", r#"{"as_of":"2026-01-01"}"#).contains("invalid-case"));
        assert!(evaluate(&rules, "{}", r#"{"as_of":"someday"}"#).contains("invalid-options"));
        let bad_field = evaluate(
            &rules,
            r#"{"persons":[{"age":"old"}]}"#,
            r#"{"as_of":"2026-01-01"}"#,
        );
        assert!(
            bad_field.contains(r#""input_errors":[{"path":"persons[0].age""#),
            "{bad_field}"
        );
    }

    #[test]
    fn detail_only_explain_and_catalog() {
        let rules = load(RULES).unwrap();
        let case = r#"{"persons":[{"age":20},{}]}"#;
        let summary = evaluate(&rules, case, r#"{"as_of":"2026-01-01","detail":"summary"}"#);
        assert!(summary.contains(r#""detail":"summary""#), "{summary}");
        assert!(
            summary.contains(r#"{"id":"p","status":"undetermined","unknown":["adult"]}"#),
            "{summary}"
        );
        assert!(
            summary.contains(r#""criteria":{"adult":"adult"}"#),
            "{summary}"
        );
        let full = evaluate(&rules, case, r#"{"as_of":"2026-01-01","detail":"full"}"#);
        assert!(full.contains(r#""values":{"age":20}"#), "{full}");
        assert!(
            !full.contains(r#""text""#),
            "texts live in the catalog: {full}"
        );
        let none = evaluate(&rules, case, r#"{"as_of":"2026-01-01","only":[]}"#);
        assert!(none.contains(r#""programs":[]"#), "{none}");
        let unknown = evaluate(&rules, case, r#"{"as_of":"2026-01-01","only":["q"]}"#);
        assert!(
            unknown.contains("invalid-options") && unknown.contains("`q`"),
            "{unknown}"
        );
        let why = explain(&rules, case, r#"{"as_of":"2026-01-01"}"#, "p");
        assert!(
            why.starts_with(r#"{"type":"success","explanation":"#),
            "{why}"
        );
        assert!(why.contains(r#""expr":"age >= 18""#), "{why}");
        assert!(why.contains(r#""missing":["persons[1].age"]"#), "{why}");
        let qualified = explain(&rules, case, r#"{"as_of":"2026-01-01"}"#, "program:p");
        assert!(qualified.contains(r#""kind":"program""#), "{qualified}");
        let wrong_kind = explain(&rules, case, r#"{"as_of":"2026-01-01"}"#, "ladder:p");
        assert!(wrong_kind.contains("invalid-target"), "{wrong_kind}");
        let typo = explain(&rules, case, r#"{"as_of":"2026-01-01"}"#, "pp");
        assert!(typo.contains("invalid-target"), "{typo}");
        let catalog = catalog(&rules, Some("en"));
        assert!(catalog.contains(r#""adult":{"text":"adult""#), "{catalog}");
    }
}
