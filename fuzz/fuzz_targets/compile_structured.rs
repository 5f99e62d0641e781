//! Rule sets generated from the fuzzer's bytes: facts of every type, a dated parameter,
//! derived facts and criteria whose expressions come from a small grammar of the rule
//! language (well and badly typed), programs, a service and a rule test. Compiling never
//! panics; a rule set that compiles decides generated cases and runs its test.
#![no_main]
#[path = "common.rs"]
mod common;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

const TYPES: [&str; 5] = ["bool", "integer", "money", "date", "enum"];

#[derive(Arbitrary, Debug)]
enum Expr {
    Fact(u8),
    Derived(u8),
    Param,
    Int(i16),
    Money(u32),
    Date(u16, u8, u8),
    Bool(bool),
    Text(u8),
    Age,
    Not(Box<Expr>),
    Bin(u8, Box<Expr>, Box<Expr>),
    Call(u8, Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Junk(String),
}

const OPS: [&str; 14] = [
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in",
];
const CALLS: [&str; 8] = [
    "date",
    "min",
    "max",
    "percent_of",
    "years_between",
    "money",
    "len",
    "round_up_dollars",
];

fn render(e: &Expr, out: &mut String, depth: usize) {
    if depth > 6 {
        out.push('1');
        return;
    }
    match e {
        Expr::Fact(i) => {
            let _ = write!(out, "f{}", i % 8);
        }
        Expr::Derived(i) => {
            let _ = write!(out, "d{}", i % 3);
        }
        Expr::Param => out.push_str("limit"),
        Expr::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Expr::Money(c) => {
            let _ = write!(out, "money(\"{}.{:02}\")", c / 100, c % 100);
        }
        Expr::Date(y, m, d) => {
            let _ = write!(out, "date({}, {}, {})", 1900 + y % 200, m % 14, d % 33);
        }
        Expr::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Expr::Text(i) => {
            let _ = write!(out, "\"v{}\"", i % 4);
        }
        Expr::Age => out.push_str("age"),
        Expr::Not(x) => {
            out.push_str("!(");
            render(x, out, depth + 1);
            out.push(')');
        }
        Expr::Bin(op, a, b) => {
            out.push('(');
            render(a, out, depth + 1);
            let _ = write!(out, " {} ", OPS[usize::from(*op) % OPS.len()]);
            render(b, out, depth + 1);
            out.push(')');
        }
        Expr::Call(f, args) => {
            let _ = write!(out, "{}(", CALLS[usize::from(*f) % CALLS.len()]);
            for (i, a) in args.iter().take(4).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(a, out, depth + 1);
            }
            out.push(')');
        }
        Expr::If(c, a, b) => {
            out.push_str("if ");
            render(c, out, depth + 1);
            out.push_str(" { ");
            render(a, out, depth + 1);
            out.push_str(" } else { ");
            render(b, out, depth + 1);
            out.push_str(" }");
        }
        Expr::Junk(s) => out.push_str(&s.chars().take(20).collect::<String>()),
    }
}

#[derive(Arbitrary, Debug)]
struct Rules {
    facts: [(u8, bool); 8],
    derived: [Expr; 3],
    criteria: Vec<Expr>,
    all: Vec<u8>,
    any: Vec<u8>,
    priority: Option<u8>,
    test_fact: u8,
    test_value: i16,
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn files(r: &Rules) -> Vec<(String, String)> {
    let mut facts = String::new();
    for (i, (ty, household)) in r.facts.iter().enumerate() {
        let ty = TYPES[usize::from(*ty) % TYPES.len()];
        let _ = write!(
            facts,
            "[fact.f{i}]\nscope = \"{}\"\ntype = \"{ty}\"\nquestion.en = \"F{i}?\"\n",
            if *household { "household" } else { "person" }
        );
        if ty == "enum" {
            facts.push_str("values = [\"v0\", \"v1\", \"v2\"]\n");
        }
        facts.push('\n');
    }
    facts.push_str(
        "[fact.date_of_birth]\nscope = \"person\"\ntype = \"date\"\nquestion.en = \"Born?\"\n",
    );
    let mut derived = String::new();
    for (i, e) in r.derived.iter().enumerate() {
        let mut text = String::new();
        render(e, &mut text, 0);
        let _ = write!(
            derived,
            "[derived.d{i}]\nscope = \"person\"\nexpr = {}\n\n",
            toml_string(&text)
        );
    }
    derived.push_str(
        "[derived.age]\nscope = \"person\"\nexpr = \"years_between(date_of_birth, as_of)\"\n",
    );
    let mut criteria = String::new();
    let n = r.criteria.len().clamp(1, 12);
    for (i, e) in r.criteria.iter().take(n).enumerate() {
        let mut text = String::new();
        render(e, &mut text, 0);
        let _ = write!(
            criteria,
            "[criterion.c{i}]\ntext.en = \"C{i}\"\nexpr = {}\ncitation = \"fuzz\"\n\n",
            toml_string(&text)
        );
    }
    if r.criteria.is_empty() {
        criteria
            .push_str("[criterion.c0]\ntext.en = \"C0\"\nexpr = \"true\"\ncitation = \"fuzz\"\n\n");
    }
    let list = |ids: &[u8]| -> String {
        let ids: Vec<String> = ids
            .iter()
            .take(5)
            .map(|i| format!("\"c{}\"", usize::from(*i) % (n + 1)))
            .collect();
        format!("[{}]", ids.join(", "))
    };
    let _ = write!(criteria, "[criterion.all]\ntext.en = \"All\"\nall = {}\n\n[criterion.any]\ntext.en = \"Any\"\nany = {}\n", list(&r.all), list(&r.any));
    let mut programs = "[program.p]\nname.en = \"P\"\neligible = [\"all\"]\n".to_string();
    if let Some(p) = r.priority {
        let _ = write!(
            programs,
            "\n[[program.p.priority]]\nid = \"1\"\nname.en = \"First\"\nwhen = \"c{}\"\n",
            usize::from(p) % (n + 1)
        );
    }
    programs.push_str("\n[program.q]\nname.en = \"Q\"\neligible = [\"any\", \"c0\"]\n");
    let parameters = "[parameter.limit]\ntype = \"integer\"\ndescription = \"a limit\"\n[[parameter.limit.values]]\nfrom = 2020-01-01\nstatus = \"unverified\"\nsource = \"fuzz\"\nvalue = 30\n".to_string();
    let ruleset = "[ruleset]\nname = \"fuzz\"\nversion = \"0.0.1\"\nlanguages = [\"en\"]\ndefault_language = \"en\"\n".to_string();
    let tests = format!(
        "[[test]]\nname = \"one\"\nas_of = 2026-11-23\ncase = {{ persons = [{{ f{} = {} }}] }}\nexpect = {{ \"p\" = \"eligible\" }}\n",
        r.test_fact % 8,
        r.test_value
    );
    vec![
        ("fuzz/ruleset.toml".into(), ruleset),
        ("fuzz/facts.toml".into(), facts),
        ("fuzz/derived.toml".into(), derived),
        ("fuzz/criteria.toml".into(), criteria),
        ("fuzz/parameters.toml".into(), parameters),
        ("fuzz/programs.toml".into(), programs),
        ("fuzz/tests.toml".into(), tests),
    ]
}

fuzz_target!(|input: (Rules, &[u8])| {
    let (rules, rest) = input;
    let Ok(compiled) = onramp::RuleSet::compile(files(&rules)) else {
        return;
    };
    common::well_formed(&onramp::api::run_tests(&compiled));
    let mut u = arbitrary::Unstructured::new(rest);
    if let (Ok(case), Ok(options)) = (common::case(&mut u, &compiled), common::options(&mut u)) {
        common::well_formed(&onramp::api::evaluate(
            &compiled,
            &case.to_string(),
            &options,
        ));
    }
});
