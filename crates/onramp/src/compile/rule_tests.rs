//! `[[test]]`: cases written next to the rules with the decisions expected for them; read
//! last, since a case is read against the facts.

use super::context::{Ctx, Obj};
use super::Index;
use crate::case::Case;
use crate::diag::did_you_mean;
use crate::syntax::{Node, Spanned};
use crate::testing::{ExpectKind, Expectation, RuleTest};
use crate::RuleSet;

pub(super) fn read_tests(
    cx: &mut Ctx<'_>,
    rs: &RuleSet,
    tests: &[(usize, &Spanned)],
    index: &Index,
) -> Vec<RuleTest> {
    tests
        .iter()
        .filter_map(|&(file, node)| read_test(cx, rs, file, node, index))
        .collect()
}

fn read_test(
    cx: &mut Ctx<'_>,
    rs: &RuleSet,
    file: usize,
    node: &Spanned,
    index: &Index,
) -> Option<RuleTest> {
    let obj = cx.obj(
        file,
        node,
        "test",
        &["name", "checks", "as_of", "lang", "case", "expect"],
    )?;
    let name = cx
        .string(&obj, "name", true)
        .map(|s| s.0)
        .unwrap_or_default();
    let obj = Obj {
        rule: if name.is_empty() {
            "test".into()
        } else {
            name.clone()
        },
        ..obj
    };
    let checks = cx
        .string(&obj, "checks", true)
        .map(|s| s.0)
        .unwrap_or_default();
    let as_of = cx.date(&obj, "as_of", true);
    let lang = cx.string(&obj, "lang", false).map(|s| s.0);
    let case_node = obj.get("case");
    let case_json = case_node
        .map(node_to_json)
        .unwrap_or(serde_json::Value::Null);
    let case = Case::from_json(rs, &case_json);
    if let Some(n) = case_node {
        for e in &case.errors {
            cx.err(
                file,
                n.span.clone(),
                "invalid-test",
                format!("the test case is malformed: {e}"),
                Some(&obj.rule),
                None,
            );
        }
    } else {
        cx.missing(&obj, "case");
    }
    let mut expectations = Vec::new();
    match obj.get("expect") {
        Some(Spanned {
            node: Node::Array(items),
            ..
        }) => {
            for e in items {
                if let Some(x) = read_expectation(cx, file, &obj.rule, e, case.persons.len(), index)
                {
                    expectations.push(x);
                }
            }
        }
        Some(other) => cx.err(
            file,
            other.span.clone(),
            "wrong-type",
            "`expect` is a list of expectations, written `[[test.expect]]` or `expect = [{...}]`"
                .into(),
            Some(&obj.rule),
            None,
        ),
        None => cx.missing(&obj, "expect"),
    }
    let line = cx.line_of(file, node.span.start);
    Some(RuleTest {
        name,
        checks,
        as_of: as_of?,
        lang,
        case,
        expectations,
        file: cx.files[file].path.clone(),
        line,
    })
}

/// One `[[test.expect]]` entry: for whom, about which rule, and what outcome.
fn read_expectation(
    cx: &mut Ctx<'_>,
    file: usize,
    rule: &str,
    e: &Spanned,
    persons: usize,
    index: &Index,
) -> Option<Expectation> {
    let eobj = cx.obj(
        file,
        e,
        rule,
        &[
            "person", "program", "service", "step", "ladder", "derived", "status", "need",
            "priority", "missing", "value", "next", "bridge", "question",
        ],
    )?;
    let person = match eobj.get("person") {
        Some(Spanned {
            node: Node::Int(p),
            span,
        }) => {
            if *p < 0 || *p as usize >= persons {
                cx.err(
                    file,
                    span.clone(),
                    "invalid-test",
                    format!("the case has no person {p} (persons are counted from 0)"),
                    Some(rule),
                    None,
                );
            }
            Some(*p as usize)
        }
        Some(other) => {
            cx.err(
                file,
                other.span.clone(),
                "wrong-type",
                "`person` is the person's position, counted from 0".into(),
                Some(rule),
                None,
            );
            None
        }
        None => None,
    };
    let status = cx.string(&eobj, "status", false).map(|s| s.0);
    let missing = eobj.get("missing").map(|_| {
        cx.ids(&eobj, "missing", false)
            .unwrap_or_default()
            .into_iter()
            .map(|x| x.0)
            .collect::<Vec<_>>()
    });
    let kind = expectation_kind(cx, file, rule, e, &eobj, index)?;
    let line = cx.line_of(file, e.span.start);
    Some(Expectation {
        person,
        kind,
        status,
        missing,
        line,
    })
}

/// Which rule an expectation is about: the first of its keys that names one.
fn expectation_kind(
    cx: &mut Ctx<'_>,
    file: usize,
    rule: &str,
    e: &Spanned,
    eobj: &Obj<'_>,
    index: &Index,
) -> Option<ExpectKind> {
    let check_status = |cx: &mut Ctx<'_>, allowed: &[&str], key: &str| {
        if let Some(Spanned {
            node: Node::Str(s),
            span,
        }) = eobj.get(key)
        {
            if !allowed.contains(&s.as_str()) {
                let help = did_you_mean(s, allowed.iter().copied())
                    .or_else(|| Some(format!("use one of: {}", allowed.join(", "))));
                cx.err(
                    file,
                    span.clone(),
                    "invalid-value",
                    format!("`{s}` is not a {key} here"),
                    Some(rule),
                    help,
                );
            }
        }
    };
    if let Some((id, span)) = cx.string(eobj, "program", false) {
        check_status(cx, &["eligible", "ineligible", "undetermined"], "status");
        let priority = cx.string(eobj, "priority", false).map(|s| s.0);
        cx.resolve(eobj, "program", &id, &span, &index.program)
            .map(|p| ExpectKind::Program {
                program: p,
                priority,
            })
    } else if let Some((id, span)) = cx.string(eobj, "service", false) {
        check_status(cx, &["eligible", "ineligible", "undetermined"], "status");
        check_status(cx, &["needed", "not_needed", "undetermined"], "need");
        let need = cx.string(eobj, "need", false).map(|s| s.0);
        cx.resolve(eobj, "service", &id, &span, &index.service)
            .map(|s| ExpectKind::Service { service: s, need })
    } else if let Some((id, span)) = cx.string(eobj, "step", false) {
        check_status(
            cx,
            &["completed", "ready", "blocked", "undetermined"],
            "status",
        );
        let bridge = cx
            .string(eobj, "bridge", false)
            .and_then(|(b, sp)| cx.resolve(eobj, "step", &b, &sp, &index.step));
        cx.resolve(eobj, "step", &id, &span, &index.step)
            .map(|s| ExpectKind::Step { step: s, bridge })
    } else if let Some((id, span)) = cx.string(eobj, "next", false) {
        let ladder = cx
            .string(eobj, "ladder", true)
            .and_then(|(l, sp)| cx.resolve(eobj, "ladder", &l, &sp, &index.ladder));
        let step = cx.resolve(eobj, "step", &id, &span, &index.step);
        match (ladder, step) {
            (Some(ladder), Some(step)) => Some(ExpectKind::Next { ladder, step }),
            _ => None,
        }
    } else if let Some((id, span)) = cx.string(eobj, "ladder", false) {
        check_status(cx, &["applies", "does_not_apply", "undetermined"], "status");
        cx.resolve(eobj, "ladder", &id, &span, &index.ladder)
            .map(|ladder| ExpectKind::Ladder { ladder })
    } else if let Some((id, span)) = cx.string(eobj, "derived", false) {
        let value = eobj.get("value").map(node_to_json);
        if value.is_none() {
            cx.missing(eobj, "value");
        }
        cx.resolve(eobj, "derived fact", &id, &span, &index.derived)
            .and_then(|d| {
                value.map(|v| ExpectKind::Derived {
                    derived: d,
                    value: v,
                })
            })
    } else if let Some((q, _)) = cx.string(eobj, "question", false) {
        Some(ExpectKind::Question { path: q })
    } else {
        cx.err(file, e.span.clone(), "missing-key", "an expectation names a `program`, `service`, `step`, `next`, `ladder`, `derived` or `question`".into(), Some(rule), None);
        None
    }
}

/// Node to JSON, for test cases written in TOML.
fn node_to_json(node: &Spanned) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.node {
        Node::Str(s) | Node::Date(s) | Node::DateTime(s) | Node::Float(s) => J::String(s.clone()),
        Node::Int(i) => J::from(*i),
        Node::Bool(b) => J::Bool(*b),
        Node::Array(items) => J::Array(items.iter().map(node_to_json).collect()),
        Node::Table(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), node_to_json(&e.value)))
                .collect(),
        ),
    }
}
