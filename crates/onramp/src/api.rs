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

/// Checks rules: `{"type":"success","hash","summary","warnings"}` or the diagnostics.
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
                warnings: &'a [Diagnostic],
            }
            serde_json::to_string(&Checked {
                kind: "success",
                name: rules.name(),
                version: rules.version(),
                hash: rules.hash(),
                summary: rules.summary(),
                warnings: rules.warnings(),
            })
            .unwrap_or_default()
        }
        Err(failure) => failure,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsInput {
    as_of: Option<String>,
    lang: Option<String>,
}

/// Reads `{"as_of": "2026-11-23", "lang": "es"}`.
pub fn options(options_json: &str) -> Result<Options, String> {
    let input: OptionsInput = serde_json::from_str(options_json).map_err(|e| {
        failure(
            "invalid-options",
            format!("expected {{\"as_of\": \"YYYY-MM-DD\", \"lang\": \"en\"}}: {e}"),
        )
    })?;
    let as_of = input.as_of.ok_or_else(|| {
        failure(
            "invalid-options",
            "as_of: expected the decision date, like 2026-11-23".into(),
        )
    })?;
    let as_of = CivilDate::parse(&as_of).ok_or_else(|| {
        failure(
            "invalid-options",
            format!("as_of: expected a date like 2026-11-23, got `{as_of}`"),
        )
    })?;
    Ok(Options {
        as_of,
        lang: input.lang,
    })
}

/// Evaluates a case: `{"type":"success","decision":{…}}`. Malformed fields are listed in
/// the decision's `input_errors` and treated as unknown; a case that is not a JSON object
/// at all, or bad options, is a failure.
pub fn evaluate(rules: &RuleSet, case_json: &str, options_json: &str) -> String {
    let options = match options(options_json) {
        Ok(o) => o,
        Err(f) => return f,
    };
    let value: serde_json::Value = match serde_json::from_str(case_json) {
        Ok(v) => v,
        Err(e) => return failure("invalid-case", format!("the case is not valid JSON: {e}")),
    };
    if !value.is_object() {
        return failure(
            "invalid-case",
            "the case must be an object like {\"household\": {}, \"persons\": [{}]}".into(),
        );
    }
    let case = Case::from_json(rules, &value);
    let decision = rules.evaluate(&case, &options);
    format!(
        "{{\"type\":\"success\",\"decision\":{}}}",
        decision.to_json()
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
}
