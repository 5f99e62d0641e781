//! The sandbox of rule expressions holds whatever Rhai features the build unifies: every
//! form outside the rule language is a compile error with a stable code and message, and
//! the same on every build. `scripts/test.sh` runs this file twice: with the kernel's own
//! Rhai features (additive only, so Rhai has floats, object maps, functions and modules, as
//! a backend's Rhai would) and with the lean set the wasm package builds with (`no_float`,
//! `no_object`, `no_function`, `no_module`, … and no optimizer).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::RuleSet;

fn rules(expr: &str) -> String {
    format!(
        r#"
[ruleset]
name = "sandbox"
version = "1"
languages = ["en"]

[fact.date_of_birth]
type = "date"

[fact.income]
type = "money"

[fact.school]
type = "enum"
values = ["secondary", "postsecondary", "none"]

[derived.age]
type = "integer"
expr = "years_between(date_of_birth, as_of)"

[criterion.probe]
text = "Probe"
expr = {expr:?}
"#
    )
}

/// (code, message, line:column) of every diagnostic.
fn diagnose(expr: &str) -> Vec<(&'static str, String, String)> {
    match RuleSet::compile([("rules.toml", rules(expr))]) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .items
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.message.clone(),
                    format!("{}:{}", d.line, d.column),
                )
            })
            .collect(),
    }
}

const NOT_ALLOWED: &str = "are not allowed in rule expressions";

#[test]
fn rule_expressions_compile() {
    for expr in [
        "age >= 18",
        "age >= 1_000 || age == 0x1e3 || age > -9223372036854775808",
        "1 + 2 == age",
        "true && age >= 18",
        "false || income > dollars(1)",
        "school in [\"secondary\", \"none\"] // 1.5 in a comment",
        "has([\"1.5\"], \"a|b\")",
    ] {
        assert_eq!(diagnose(expr), [], "{expr}");
    }
}

#[test]
fn forms_outside_the_language_are_unsupported_syntax() {
    // The expression, what the message names, where it points (the expression starts at
    // line 23, column 9 of the file).
    let cases: &[(&str, &str, &str)] = &[
        ("age >= 17.5", "decimal numbers", "23:16"),
        ("age >= 17.", "decimal numbers", "23:16"),
        ("age >= 1e3", "decimal numbers", "23:16"),
        ("income > 1250.50", "decimal numbers", "23:18"),
        ("#{a: 1} == age", "object maps (`#{...}`)", "23:9"),
        ("age == #{}", "object maps (`#{...}`)", "23:16"),
        ("fn f() { 1 }", "function definitions", "23:9"),
        ("|x| x", "closures and anonymous functions", "23:9"),
        (
            "age >= 18 || |x| x",
            "closures and anonymous functions",
            "23:22",
        ),
        ("import \"x\" as y", "modules (`import`, `export`)", "23:9"),
        ("export age", "modules (`import`, `export`)", "23:9"),
        ("global::age >= 18", "namespaced names (`::`)", "23:15"),
        (
            "foo::years_between(date_of_birth, as_of) >= 18",
            "namespaced names (`::`)",
            "23:12",
        ),
        ("this", "`this` references", "23:9"),
        ("age.x == 1", "method calls and properties", "23:12"),
        ("age.abs() == 1", "method calls and properties", "23:12"),
        ("age?.x == 1", "method calls and properties", "23:12"),
        ("`a${age}` == \"a\"", "interpolated strings", "23:9"),
        ("'s' == 's'", "character literals", "23:9"),
    ];
    for (expr, what, at) in cases {
        let found = diagnose(expr);
        assert_eq!(
            found.first(),
            Some(&(
                "unsupported-syntax",
                format!("{what} {NOT_ALLOWED}"),
                at.to_string()
            )),
            "{expr}: {found:?}"
        );
    }
}

#[test]
fn statements_and_control_flow_do_not_parse() {
    for expr in [
        "while true {}",
        "loop { break; }",
        "for x in [1] {}",
        "do { } while false",
        "let x = 1",
        "const x = 1",
        "{ age } >= 18",
        "if age > 1 { true } else { false }",
        "switch age { 1 => true, _ => false }",
        "return true",
        "throw 1",
        "try { true } catch { false }",
        "eval(\"1\")",
        "age >= ",
    ] {
        let found = diagnose(expr);
        assert_eq!(found.len(), 1, "{expr}: {found:?}");
        assert_eq!(found[0].0, "expr-syntax", "{expr}: {found:?}");
    }
}

#[test]
fn other_refusals_keep_their_codes() {
    for (expr, code) in [
        ("age >= 99999999999999999999", "expr-limit"),
        ("Fn(\"years_between\") == age", "unknown-function"),
        ("curry(1) == 1", "unknown-function"),
        ("type_of(age) == \"i64\"", "unknown-function"),
        ("print(age)", "unknown-function"),
        ("\"a\" + \"b\" == \"ab\"", "type-mismatch"),
        ("age in [1, 2]", "type-mismatch"),
        ("age | 1 == 1", "unsupported-syntax"),
        ("age ** 2 > 1", "unsupported-syntax"),
        ("age >= 1..3", "unsupported-syntax"),
        ("age ?? 1 > 1", "unsupported-syntax"),
        ("school == \"secundary\"", "unknown-value"),
        ("agee >= 18", "unknown-fact"),
    ] {
        let found = diagnose(expr);
        assert_eq!(found.first().map(|f| f.0), Some(code), "{expr}: {found:?}");
    }
}
