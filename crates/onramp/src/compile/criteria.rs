//! `[criterion.ID]`: a rule expression, or `all`/`any`/`not`/`at_least` of other criteria.

use super::context::{expression, Ctx, Raw};
use crate::check::Checker;
use crate::model::{Criterion, CriterionBody, Scope, Texts, Ty};
use crate::syntax::{Node, Spanned};
use std::collections::BTreeMap;

/// Every criterion, then the scope of each composite one: the widest of its parts, settled
/// in passes since a part may be written after the criterion that uses it.
pub(super) fn read_criteria(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    crit_items: &[&Raw<'_>],
    crit_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
) -> Vec<Criterion> {
    let mut criteria = Vec::new();
    for item in crit_items {
        criteria.push(read_criterion(cx, checker, item, crit_idx, step_idx));
    }
    let mut resolved: Vec<Option<Scope>> = criteria
        .iter()
        .map(|c: &Criterion| matches!(c.body, CriterionBody::Expr(_)).then_some(c.scope))
        .collect();
    for _ in 0..=criteria.len() {
        let mut changed = false;
        for i in 0..criteria.len() {
            if resolved[i].is_some() {
                continue;
            }
            let children: Vec<usize> = match &criteria[i].body {
                CriterionBody::All(c) | CriterionBody::Any(c) | CriterionBody::AtLeast(_, c) => {
                    c.clone()
                }
                CriterionBody::Not(c) => vec![*c],
                CriterionBody::Expr(_) => Vec::new(),
            };
            if children.iter().all(|c| resolved[*c].is_some()) {
                resolved[i] = Some(
                    children
                        .iter()
                        .filter_map(|c| resolved[*c])
                        .max()
                        .unwrap_or(Scope::Household),
                );
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (c, s) in criteria.iter_mut().zip(&resolved) {
        c.scope = s.unwrap_or(Scope::Person);
    }
    criteria
}

fn read_criterion(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    step_idx: &BTreeMap<String, usize>,
) -> Criterion {
    let mut c = Criterion {
        id: item.id.clone(),
        text: Texts::default(),
        citation: None,
        closed_by: None,
        body: CriterionBody::All(Vec::new()),
        scope: Scope::Household,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "text",
            "citation",
            "expr",
            "all",
            "any",
            "not",
            "at_least",
            "of",
            "closed_by",
        ],
    ) else {
        return c;
    };
    cx.text_path = format!("criterion.{}", item.id);
    c.text = cx.texts(&obj, "text", true);
    c.citation = cx.string(&obj, "citation", false).map(|s| s.0);
    if let Some((step, span)) = cx.string(&obj, "closed_by", false) {
        c.closed_by = cx.resolve(&obj, "step", &step, &span, step_idx);
    }
    let bodies: Vec<&str> = ["expr", "all", "any", "not", "at_least"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    if bodies.len() != 1 {
        let message = if bodies.is_empty() {
            format!(
                "`{}` needs one of `expr`, `all`, `any`, `not` or `at_least`",
                item.id
            )
        } else {
            format!(
                "`{}` has {}; a criterion has exactly one of them",
                item.id,
                bodies
                    .iter()
                    .map(|b| format!("`{b}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        cx.err(
            item.file,
            item.span.clone(),
            if bodies.is_empty() {
                "missing-key"
            } else {
                "conflicting-keys"
            },
            message,
            Some(&item.id),
            None,
        );
        return c;
    }
    match bodies[0] {
        "expr" => {
            if let Some((expr, ty, scope)) = expression(cx, checker, &obj, "expr", Scope::Person) {
                if ty != Ty::Bool {
                    let span = obj
                        .get("expr")
                        .map(|n| n.span.clone())
                        .unwrap_or(item.span.clone());
                    cx.err(
                        item.file,
                        span,
                        "not-boolean",
                        format!(
                            "a criterion must be true or false, but this expression gives {}",
                            ty.describe()
                        ),
                        Some(&item.id),
                        Some("compare it with something, e.g. `age >= 18`".into()),
                    );
                }
                c.scope = scope;
                c.body = CriterionBody::Expr(expr);
            }
        }
        "not" => {
            if let Some((id, span)) = cx.string(&obj, "not", true) {
                if let Some(i) = cx.resolve(&obj, "criterion", &id, &span, crit_idx) {
                    c.body = CriterionBody::Not(i);
                }
            }
        }
        key => {
            let list_key = if key == "at_least" { "of" } else { key };
            let ids = cx.ids(&obj, list_key, true).unwrap_or_default();
            let children = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
            c.body = match key {
                "all" => CriterionBody::All(children),
                "any" => CriterionBody::Any(children),
                _ => {
                    let n = match obj.get("at_least") {
                        Some(Spanned {
                            node: Node::Int(n), ..
                        }) if *n >= 0 => *n as usize,
                        Some(other) => {
                            cx.err(
                                item.file,
                                other.span.clone(),
                                "wrong-type",
                                "`at_least` should be a whole number".into(),
                                Some(&item.id),
                                None,
                            );
                            0
                        }
                        None => 0,
                    };
                    if n > ids.len() {
                        let span = obj
                            .get("at_least")
                            .map(|n| n.span.clone())
                            .unwrap_or(item.span.clone());
                        cx.err(
                            item.file,
                            span,
                            "invalid-value",
                            format!(
                                "`at_least = {n}` can never be met with {} criteria",
                                ids.len()
                            ),
                            Some(&item.id),
                            None,
                        );
                    }
                    CriterionBody::AtLeast(n, children)
                }
            };
        }
    }
    c
}
