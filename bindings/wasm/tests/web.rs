//! Tests of the boundary itself, run as wasm under Node (`wasm-pack test --node`): bad
//! rules, bad cases, huge inputs and deep nesting each give a tagged answer (a failure or a
//! decision), never an exception and never a trap. Calls go through the generated
//! JavaScript glue (`Rules.load`, then the returned object's methods), as a page would.

#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure should stop the test loudly"
)]

use js_sys::{Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const HEAD: &str = "[ruleset]\nname = \"t\"\nversion = \"1\"\nlanguages = [\"en\", \"es\"]\n\
    [fact.age]\ntype = \"integer\"\nquestion.en = \"How old are you?\"\nquestion.es = \"¿Cuántos años tiene?\"\n\
    [program.p]\nname = \"P\"\ncitation = \"x\"\neligible = [\"c\"]\n";
const ADULT: &str = "[criterion.c]\ntext = \"adult\"\nexpr = \"age >= 18\"\n";
const AS_OF: &str = r#"{"as_of":"2026-11-23"}"#;

fn files(text: &str) -> String {
    json!({"files": [{"path": "r.toml", "text": text}]}).to_string()
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap()
}

/// Calls a method of the JS object, as JavaScript code would; a throw or trap fails the test.
fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: Function = get(obj, method).dyn_into().unwrap();
    let result = match args {
        [] => f.call0(obj),
        [a] => f.call1(obj, a),
        [a, b] => f.call2(obj, a, b),
        _ => unreachable!(),
    };
    match result {
        Ok(v) => v,
        Err(e) => panic!("`{method}` threw: {e:?}"),
    }
}

/// A loaded rule set (the `rules` of a success answer).
fn load(text: &str) -> JsValue {
    let answer = onramp_wasm::Rules::load(&files(text));
    assert_eq!(get(&answer, "type").as_string().unwrap(), "success");
    get(&answer, "rules")
}

fn evaluate(rules: &JsValue, case: &str, options: &str) -> Value {
    let text = call(rules, "evaluate", &[case.into(), options.into()]);
    serde_json::from_str(&text.as_string().unwrap()).unwrap()
}

fn assert_failure(answer: &Value, code: &str) {
    assert_eq!(answer["type"], "failure", "{answer}");
    assert!(
        answer["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == code),
        "no `{code}` in {answer}"
    );
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[wasm_bindgen_test]
fn good_rules_load_and_decide() {
    let rules = load(&format!("{HEAD}{ADULT}"));
    let hash = get(&rules, "hash").as_string().unwrap();
    assert!(hash.starts_with("sha256:"));
    let answer = evaluate(&rules, r#"{"persons":[{"age":20}]}"#, AS_OF);
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["decision"]["rules"]["hash"], hash.as_str());
    assert_eq!(answer["decision"]["as_of"], "2026-11-23");
    assert_eq!(
        answer["decision"]["persons"][0]["programs"][0]["status"],
        "eligible"
    );
    let schema = parse(&call(&rules, "schema", &["es".into()]).as_string().unwrap());
    assert_eq!(
        schema["schema"]["facts"][0]["question"],
        "¿Cuántos años tiene?"
    );
    let default = parse(
        &call(&rules, "schema", &[JsValue::UNDEFINED])
            .as_string()
            .unwrap(),
    );
    assert_eq!(default["schema"]["lang"], "en");
    let tests = parse(&call(&rules, "runTests", &[]).as_string().unwrap());
    assert_eq!(tests["type"], "success");
    assert!(onramp_wasm::version().starts_with(char::is_numeric));
}

#[wasm_bindgen_test]
fn bad_rules_are_failure_answers() {
    let not_json = onramp_wasm::Rules::load("this is not JSON");
    assert_eq!(get(&not_json, "type").as_string().unwrap(), "failure");
    let errors: js_sys::Array = get(&not_json, "errors").dyn_into().unwrap();
    assert_eq!(
        get(&errors.get(0), "code").as_string().unwrap(),
        "invalid-input"
    );
    for (input, code) in [
        (r#"{"files": 3}"#.to_string(), "invalid-input"),
        ("[]".to_string(), "missing-ruleset"),
        (files("[ruleset\nname = 1"), "toml-syntax"),
        (
            files(&format!(
                "{HEAD}[criterion.c]\ntext = \"x\"\nexpr = \"agee >= 18\"\n"
            )),
            "unknown-fact",
        ),
        (
            files(&format!(
                "{HEAD}[criterion.c]\ntext = \"x\"\nexpr = \"age >= \"\n"
            )),
            "expr-syntax",
        ),
        (
            files(&format!(
                "{HEAD}[criterion.c]\ntext = \"x\"\nall = [\"c\"]\n"
            )),
            "cycle",
        ),
        (files("\u{0}\u{feff}\u{10ffff}"), "toml-syntax"),
    ] {
        let checked = parse(&onramp_wasm::check(&input));
        assert_eq!(checked["type"], "failure", "{input}: {checked}");
        let codes: Vec<&str> = checked["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["code"].as_str())
            .collect();
        assert!(!codes.is_empty(), "{checked}");
        // The exact code of each problem is the kernel's business; report what came.
        if !codes.contains(&code) {
            web_sys_log(&format!("note: {input:.60} gave {codes:?}, not `{code}`"));
        }
        let loaded = onramp_wasm::Rules::load(&input);
        assert_eq!(get(&loaded, "type").as_string().unwrap(), "failure");
        let bundled = parse(&onramp_wasm::bundle(&input));
        assert_eq!(bundled["type"], "failure");
    }
}

fn web_sys_log(message: &str) {
    wasm_bindgen_test::console_log!("{}", message);
}

#[wasm_bindgen_test]
fn bundles_round_trip_and_refuse_tampering() {
    let text = format!("{HEAD}{ADULT}");
    let built = parse(&onramp_wasm::bundle(&files(&text)));
    assert_eq!(built["type"], "success");
    let bundle = built["bundle"].clone();
    let loaded = onramp_wasm::Rules::load(&bundle.to_string());
    assert_eq!(get(&loaded, "type").as_string().unwrap(), "success");
    assert_eq!(
        get(&get(&loaded, "rules"), "hash").as_string().unwrap(),
        bundle["hash"].as_str().unwrap()
    );
    let mut tampered = bundle;
    tampered["files"][0]["text"] = json!(text.replace("18", "21"));
    let refused = parse(&onramp_wasm::check(&tampered.to_string()));
    assert_failure(&refused, "bundle-hash");
}

#[wasm_bindgen_test]
fn bad_cases_and_options_are_failures_or_decisions() {
    let rules = load(&format!("{HEAD}{ADULT}"));
    for case in [
        "",
        "nope",
        "[]",
        "null",
        "42",
        "\"persons\"",
        "{",
        "{\"persons\":[}",
    ] {
        assert_failure(&evaluate(&rules, case, AS_OF), "invalid-case");
    }
    for options in [
        "",
        "{}",
        "[]",
        r#"{"as_of":"2026-02-30"}"#,
        r#"{"as_of":20261123}"#,
        r#"{"as_of":"2026-11-23","extra":1}"#,
        r#"{"as_of":"2026-11-23","lang":7}"#,
    ] {
        assert_failure(&evaluate(&rules, "{}", options), "invalid-options");
    }
    // Malformed facts are listed and treated as unknown: still a decision.
    let answer = evaluate(
        &rules,
        r#"{"household": 5, "persons": [{"age": "old"}, 7, {"age": 1e300}, {"age": -3}, {"age": 18.5}]}"#,
        AS_OF,
    );
    assert_eq!(answer["type"], "success", "{answer}");
    assert!(!answer["decision"]["input_errors"]
        .as_array()
        .unwrap()
        .is_empty());
    // A language the rules do not offer falls back to the rules' default, in the kernel.
    let answer = evaluate(&rules, "{}", r#"{"as_of":"2026-11-23","lang":"zz"}"#);
    assert_eq!(answer["decision"]["lang"], "en");
    // Unpaired surrogates in a JS string reach the kernel as U+FFFD (TextEncoder), in text
    // and in keys: still an answer.
    let lone = js_sys::JsString::from("{\"persons\":[{\"id\":\"")
        .concat(&js_sys::JsString::from_char_code1(0xd800))
        .concat(&"\"}]}".into());
    let text = call(&rules, "evaluate", &[lone.into(), AS_OF.into()]);
    let answer = parse(&text.as_string().unwrap());
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["decision"]["persons"][0]["id"], "\u{fffd}");
}

#[wasm_bindgen_test]
fn huge_inputs_are_answered() {
    let rules = load(&format!("{HEAD}{ADULT}"));
    let five_mb = "é".repeat(5 * 1024 * 1024 / 2);
    // A 5 MB string as a fact value, as the case text, as options, as a rule file.
    let answer = evaluate(
        &rules,
        &json!({"persons": [{"age": five_mb, "id": five_mb}]}).to_string(),
        AS_OF,
    );
    assert_eq!(answer["type"], "success");
    assert_failure(&evaluate(&rules, &five_mb, AS_OF), "invalid-case");
    assert_failure(
        &evaluate(&rules, "{}", &json!({ "as_of": five_mb }).to_string()),
        "invalid-options",
    );
    let big_rules = format!("{HEAD}{ADULT}# {five_mb}\n");
    assert_eq!(
        parse(&onramp_wasm::check(&files(&big_rules)))["type"],
        "success"
    );
    let big_string =
        format!("{HEAD}{ADULT}[fact.note]\ntype = \"bool\"\nquestion = \"{five_mb}\"\n");
    let _ = parse(&onramp_wasm::check(&files(&big_string)));
    // 10,000 persons: over the page's limit (50 by default), a failure and no decision.
    let persons: Vec<Value> = (0..10_000).map(|i| json!({"age": 18 + i % 60})).collect();
    let answer = evaluate(&rules, &json!({ "persons": persons }).to_string(), AS_OF);
    assert_failure(&answer, "too-many-persons");
    // A page may raise the limit, up to the kernel's 1,000.
    js_sys::Reflect::set(&rules, &"maxPersons".into(), &10_000.into()).unwrap();
    let max = js_sys::Reflect::get(&rules, &"maxPersons".into()).unwrap();
    assert_eq!(max.as_f64(), Some(1_000.0));
    let answer = evaluate(&rules, &json!({ "persons": persons }).to_string(), AS_OF);
    assert_failure(&answer, "too-many-persons");
    let answer = evaluate(
        &rules,
        &json!({ "persons": persons[..1_000] }).to_string(),
        AS_OF,
    );
    assert_eq!(answer["type"], "success");
    let decided = answer["decision"]["persons"].as_array().unwrap();
    assert_eq!(decided.len(), 1_000);
    assert_eq!(decided[999]["programs"][0]["status"], "eligible");
    // A rule set with 10,000 facts.
    let mut many = format!("{HEAD}{ADULT}");
    for i in 0..10_000 {
        many.push_str(&format!("[fact.f{i}]\ntype = \"bool\"\n"));
    }
    assert_eq!(parse(&onramp_wasm::check(&files(&many)))["type"], "success");
}

#[wasm_bindgen_test]
fn deep_nesting_in_input_is_answered() {
    let rules = load(&format!("{HEAD}{ADULT}"));
    for depth in [100, 1_000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for nested in [&arrays, &objects] {
            let case = format!("{{\"persons\":[{{\"age\":{nested}}}]}}");
            let answer = evaluate(&rules, &case, AS_OF);
            assert!(answer["type"] == "success" || answer["type"] == "failure");
            let as_rules = parse(&onramp_wasm::check(nested));
            assert_eq!(as_rules["type"], "failure");
            let options = format!("{{\"as_of\":\"2026-11-23\",\"lang\":{nested}}}");
            assert_failure(&evaluate(&rules, "{}", &options), "invalid-options");
        }
        // Deeply nested TOML arrays and inline tables in a rule file.
        let toml_arrays = format!(
            "{HEAD}{ADULT}x = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let toml_tables = format!(
            "{HEAD}{ADULT}x = {}1{}\n",
            "{a=".repeat(depth),
            "}".repeat(depth)
        );
        for text in [toml_arrays, toml_tables] {
            let checked = parse(&onramp_wasm::check(&files(&text)));
            assert!(checked["type"] == "success" || checked["type"] == "failure");
        }
    }
}

#[wasm_bindgen_test]
fn deeply_nested_expressions_are_answered() {
    for depth in [10, 100, 1_000, 20_000] {
        for expr in [
            format!("{}age{} >= 18", "(".repeat(depth), ")".repeat(depth)),
            format!("{}(age >= 18)", "!".repeat(depth)),
            format!("age{} >= 18", " + 1".repeat(depth)),
            format!("{}true", "true && ".repeat(depth)),
            format!("{}age", "-".repeat(depth)),
        ] {
            let text = format!("{HEAD}[criterion.c]\ntext = \"x\"\nexpr = \"{expr}\"\n");
            let checked = parse(&onramp_wasm::check(&files(&text)));
            assert!(checked["type"] == "success" || checked["type"] == "failure");
            let loaded = onramp_wasm::Rules::load(&files(&text));
            if get(&loaded, "type").as_string().unwrap() == "success" {
                let rules = get(&loaded, "rules");
                let answer = evaluate(&rules, r#"{"persons":[{"age":20}]}"#, AS_OF);
                assert_eq!(answer["type"], "success");
            }
        }
    }
}

/// Long chains of rules that refer to the next one: criteria `all = [next]`, `not = next`,
/// derived facts `expr = "next + 0"`. The kernel evaluates these recursively.
#[wasm_bindgen_test]
fn deep_rule_chains_are_answered() {
    rule_chains(&[10, 100]);
}

/// The same, 5,000 deep: the kernel rejects chains deeper than 64 at compile time with a
/// `rule-depth` diagnostic (a tagged failure), so evaluation can never exhaust the stack.
#[wasm_bindgen_test]
fn rule_chains_5000_deep_are_answered() {
    rule_chains(&[5_000]);
}

fn rule_chains(depths: &[usize]) {
    for &depth in depths {
        let mut all = HEAD.replace("[\"c\"]", "[\"c0\"]");
        let mut not = all.clone();
        let mut derived = format!("{HEAD}[criterion.c]\ntext = \"x\"\nexpr = \"d0 >= 18\"\n");
        for i in 0..depth {
            all.push_str(&format!(
                "[criterion.c{i}]\ntext = \"x\"\nall = [\"c{}\"]\n",
                i + 1
            ));
            not.push_str(&format!(
                "[criterion.c{i}]\ntext = \"x\"\nnot = \"c{}\"\n",
                i + 1
            ));
            derived.push_str(&format!(
                "[derived.d{i}]\ntype = \"integer\"\nexpr = \"d{} + 0\"\n",
                i + 1
            ));
        }
        all.push_str(&format!(
            "[criterion.c{depth}]\ntext = \"x\"\nexpr = \"age >= 18\"\n"
        ));
        not.push_str(&format!(
            "[criterion.c{depth}]\ntext = \"x\"\nexpr = \"age >= 18\"\n"
        ));
        derived.push_str(&format!(
            "[derived.d{depth}]\ntype = \"integer\"\nexpr = \"age\"\n"
        ));
        for text in [all, not, derived] {
            let loaded = onramp_wasm::Rules::load(&files(&text));
            let kind = get(&loaded, "type").as_string().unwrap();
            if depth > 64 {
                assert_eq!(kind, "failure", "a {depth}-deep chain must be rejected");
                let errors = js_sys::JSON::stringify(&get(&loaded, "errors"))
                    .unwrap()
                    .as_string()
                    .unwrap();
                assert!(errors.contains("rule-depth"), "{errors}");
            }
            if kind == "success" {
                let rules = get(&loaded, "rules");
                let answer = evaluate(&rules, r#"{"persons":[{"age":20}]}"#, AS_OF);
                assert_eq!(answer["type"], "success");
            }
        }
    }
}
