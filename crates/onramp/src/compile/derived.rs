//! `[derived.ID]`: facts computed from other facts — an expression, a criterion's outcome,
//! or an aggregate over the persons of a household.

use super::context::{expression, Ctx, Obj, Raw};
use super::facts::fact_ty;
use crate::check::{Checker, NameInfo};
use crate::diag::did_you_mean;
use crate::model::{Aggregate, Criterion, Derived, DerivedBody, Fact, NameRef, Scope, Texts, Ty};
use crate::syntax::{Node, Spanned};
use std::collections::BTreeMap;

/// The scope and type of every derived fact, before any expression is checked, so that
/// expressions can read derived facts declared anywhere in the rule set.
pub(super) fn declare_derived(
    cx: &mut Ctx<'_>,
    derived_items: &[&Raw<'_>],
    fact_idx: &BTreeMap<String, usize>,
    derived_idx: &BTreeMap<String, usize>,
    facts: &[Fact],
) -> Vec<(Scope, Option<Ty>)> {
    let mut derived_decl: Vec<(Scope, Option<Ty>)> = Vec::new();
    for item in derived_items {
        derived_decl.push(derived_type(cx, item));
    }
    // Aggregates take their type from what they aggregate: settle them in passes.
    for _ in 0..=derived_items.len() {
        let mut changed = false;
        for (i, item) in derived_items.iter().enumerate() {
            if derived_decl[i].1.is_some() {
                continue;
            }
            let Some(entries) = item.node.as_table() else {
                continue;
            };
            let of = entries
                .iter()
                .find(|e| e.key == "of")
                .and_then(|e| match &e.value.node {
                    Node::Str(s) => Some(s.clone()),
                    _ => None,
                });
            let ty = of.and_then(|of| {
                if let Some(&f) = fact_idx.get(&of) {
                    Some(fact_ty(f, &facts[f].ty))
                } else {
                    derived_idx
                        .get(&of)
                        .and_then(|&d| derived_decl.get(d).and_then(|x| x.1.clone()))
                }
            });
            if let Some(ty) = ty {
                derived_decl[i].1 = Some(ty);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    derived_decl
}

fn derived_type(cx: &mut Ctx<'_>, item: &Raw<'_>) -> (Scope, Option<Ty>) {
    let Some(entries) = item.node.as_table() else {
        return (Scope::Person, None);
    };
    let get = |k: &str| entries.iter().find(|e| e.key == k).map(|e| &e.value);
    let scope = match get("scope").map(|n| &n.node) {
        Some(Node::Str(s)) if s == "household" => Scope::Household,
        _ if get("aggregate").is_some() => Scope::Household,
        _ => Scope::Person,
    };
    if get("criterion").is_some() {
        return (scope, Some(Ty::Bool));
    }
    if let Some(Spanned {
        node: Node::Str(op),
        ..
    }) = get("aggregate")
    {
        match op.as_str() {
            "any" | "all" => return (scope, Some(Ty::Bool)),
            "count" => return (scope, Some(Ty::Int)),
            _ => return (scope, None),
        }
    }
    let ty = match get("type").map(|n| &n.node) {
        Some(Node::Str(t)) => match t.as_str() {
            "bool" => Some(Ty::Bool),
            "integer" => Some(Ty::Int),
            "money" => Some(Ty::Money),
            "date" => Some(Ty::Date),
            "percent" => Some(Ty::Percent),
            "text" => Some(Ty::Text(None)),
            "list" => Some(Ty::TextList(None)),
            _ => None,
        },
        _ => None,
    };
    if ty.is_none() && get("expr").is_some() {
        let node = get("type");
        let span = node.map(|n| n.span.clone()).unwrap_or(item.span.clone());
        let help = Some("use one of: bool, integer, money, date, percent, text, list".to_string());
        if node.is_none() {
            cx.err(
                item.file,
                span,
                "missing-key",
                format!("`{}` needs a `type`", item.id),
                Some(&item.id),
                help,
            );
        } else {
            cx.err(
                item.file,
                span,
                "invalid-value",
                "this is not a type of derived fact".into(),
                Some(&item.id),
                help,
            );
        }
    }
    (scope, ty)
}

/// Every derived fact's body, checked against the names and criteria now known.
pub(super) fn read_derived_bodies(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    derived_items: &[&Raw<'_>],
    derived_decl: &[(Scope, Option<Ty>)],
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
    names: &BTreeMap<String, NameInfo>,
) -> Vec<Derived> {
    derived_items
        .iter()
        .zip(derived_decl)
        .map(|(item, decl)| {
            read_derived(cx, checker, item, decl.clone(), crit_idx, criteria, names)
        })
        .collect()
}

fn read_derived(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    item: &Raw<'_>,
    decl: (Scope, Option<Ty>),
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
    names: &BTreeMap<String, NameInfo>,
) -> Derived {
    let (scope, ty) = decl;
    let mut d = Derived {
        id: item.id.clone(),
        scope,
        ty: ty.clone().unwrap_or(Ty::Bool),
        text: Texts::default(),
        body: DerivedBody::Aggregate {
            op: Aggregate::Count,
            of: NameRef::AsOf,
            filter: None,
            unit_size: None,
            others: None,
            never_negative: false,
        },
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "scope",
            "type",
            "text",
            "description",
            "expr",
            "criterion",
            "aggregate",
            "of",
            "where",
            "unit_size",
            "others",
            "never_negative",
        ],
    ) else {
        return d;
    };
    cx.enum_key(&obj, "scope", &["household", "person"], Some("person"));
    cx.text_path = format!("derived.{}", item.id);
    d.text = cx.texts(&obj, "text", false);
    let bodies: Vec<&str> = ["expr", "criterion", "aggregate"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    if bodies.len() != 1 {
        let (code, message) = if bodies.is_empty() {
            (
                "missing-key",
                format!(
                    "`{}` needs one of `expr`, `criterion` or `aggregate`",
                    item.id
                ),
            )
        } else {
            (
                "conflicting-keys",
                format!(
                    "`{}` has {}; a derived fact has exactly one of them",
                    item.id,
                    bodies.join(" and ")
                ),
            )
        };
        cx.err(
            item.file,
            item.span.clone(),
            code,
            message,
            Some(&item.id),
            None,
        );
        return d;
    }
    match bodies[0] {
        "expr" => {
            if let Some((expr, got, _)) = expression(cx, checker, &obj, "expr", scope) {
                if let Some(want) = &ty {
                    if !got.same_kind(want) {
                        let span = obj
                            .get("expr")
                            .map(|n| n.span.clone())
                            .unwrap_or(item.span.clone());
                        cx.err(
                            item.file,
                            span,
                            "type-mismatch",
                            format!(
                                "`{}` is declared as {}, but its expression gives {}",
                                item.id,
                                want.describe(),
                                got.describe()
                            ),
                            Some(&item.id),
                            None,
                        );
                    }
                }
                d.body = DerivedBody::Expr(expr);
            }
        }
        "criterion" => {
            if let Some((id, span)) = cx.string(&obj, "criterion", true) {
                if let Some(c) = cx.resolve(&obj, "criterion", &id, &span, crit_idx) {
                    if criteria[c].scope > scope {
                        cx.err(
                            item.file,
                            span,
                            "scope-mismatch",
                            format!(
                                "`{id}` reads person facts, but `{}` is a household fact",
                                item.id
                            ),
                            Some(&item.id),
                            Some(
                                "use `aggregate = \"any\"` over a person-level derived fact".into(),
                            ),
                        );
                    }
                    d.body = DerivedBody::Criterion(c);
                }
            }
        }
        _ => {
            if let Some(body) = read_aggregate(cx, checker, item, &obj, ty.as_ref(), names) {
                d.body = body;
            }
        }
    }
    d
}

/// `aggregate = "sum" | "any" | "all" | "count" | "min" | "max"` over a person fact (`of`),
/// optionally only for the persons a person fact selects (`where`), with what completes a
/// unit that is not all listed: `unit_size`, and for sums `others` and `never_negative`.
fn read_aggregate(
    cx: &mut Ctx<'_>,
    checker: &Checker<'_>,
    item: &Raw<'_>,
    obj: &Obj<'_>,
    ty: Option<&Ty>,
    names: &BTreeMap<String, NameInfo>,
) -> Option<DerivedBody> {
    let op = cx.enum_key(
        obj,
        "aggregate",
        &["sum", "any", "all", "count", "min", "max"],
        None,
    );
    if let Some(Spanned {
        node: Node::Str(s),
        span,
    }) = obj.get("scope")
    {
        if s == "person" {
            cx.err(
                item.file,
                span.clone(),
                "scope-mismatch",
                "aggregates over the persons of a household are household facts".into(),
                Some(&item.id),
                None,
            );
        }
    }
    let person_name = |cx: &mut Ctx<'_>, key: &str, want: Option<Ty>| -> Option<NameRef> {
        let (name, span) = cx.string(obj, key, key == "of")?;
        let Some(info) = names.get(&name) else {
            let help = did_you_mean(
                &name,
                names
                    .iter()
                    .filter(|(_, i)| i.scope == Scope::Person)
                    .map(|(n, _)| n.as_str()),
            );
            cx.err(
                item.file,
                span,
                "unknown-fact",
                format!("`{name}` is not a fact or derived fact"),
                Some(&item.id),
                help,
            );
            return None;
        };
        if info.scope != Scope::Person {
            cx.err(
                item.file,
                span,
                "scope-mismatch",
                format!("`{name}` is not a person fact; aggregates go over persons"),
                Some(&item.id),
                None,
            );
            return None;
        }
        if let Some(want) = want {
            if !info.ty.same_kind(&want) {
                cx.err(
                    item.file,
                    span,
                    "type-mismatch",
                    format!(
                        "`{name}` is {}, but {} is needed here",
                        info.ty.describe(),
                        want.describe()
                    ),
                    Some(&item.id),
                    None,
                );
                return None;
            }
        }
        Some(info.r)
    };
    let op = match op.as_deref() {
        Some("sum") => Aggregate::Sum,
        Some("any") => Aggregate::Any,
        Some("all") => Aggregate::All,
        Some("min") => Aggregate::Min,
        Some("max") => Aggregate::Max,
        _ => Aggregate::Count,
    };
    let want = match op {
        Aggregate::Any | Aggregate::All | Aggregate::Count => Some(Ty::Bool),
        _ => None,
    };
    let of = person_name(cx, "of", want);
    if matches!(op, Aggregate::Sum | Aggregate::Min | Aggregate::Max)
        && !matches!(ty, Some(Ty::Int) | Some(Ty::Money))
    {
        let span = obj
            .get("of")
            .map(|n| n.span.clone())
            .unwrap_or(item.span.clone());
        cx.err(
            item.file,
            span,
            "type-mismatch",
            "`sum`, `min` and `max` work on numbers or money".into(),
            Some(&item.id),
            None,
        );
    }
    let filter = if obj.has("where") {
        person_name(cx, "where", Some(Ty::Bool))
    } else {
        None
    };
    let unit_size = match cx.string(obj, "unit_size", false) {
        None => None,
        Some((name, span)) => match names.get(&name) {
            Some(info) if info.scope == Scope::Household && info.ty.same_kind(&Ty::Int) => {
                if filter.is_none() {
                    cx.err(
                        item.file,
                        span,
                        "invalid-value",
                        "`unit_size` counts the persons that `where` selects; add a `where`".into(),
                        Some(&item.id),
                        None,
                    );
                }
                Some(info.r)
            }
            Some(_) => {
                cx.err(
                    item.file,
                    span,
                    "type-mismatch",
                    format!(
                        "`unit_size` should name a household whole number, and `{name}` is not one"
                    ),
                    Some(&item.id),
                    None,
                );
                None
            }
            None => {
                let help = did_you_mean(
                    &name,
                    names
                        .iter()
                        .filter(|(_, i)| i.scope == Scope::Household)
                        .map(|(n, _)| n.as_str()),
                );
                cx.err(
                    item.file,
                    span,
                    "unknown-fact",
                    format!("`{name}` is not a fact or derived fact"),
                    Some(&item.id),
                    help,
                );
                None
            }
        },
    };
    let is_sum = op == Aggregate::Sum;
    let sum_only = |cx: &mut Ctx<'_>, key: &str| {
        if let Some(node) = obj.get(key) {
            cx.err(
                item.file,
                node.span.clone(),
                "invalid-value",
                format!("`{key}` goes with `aggregate = \"sum\"` only"),
                Some(&item.id),
                None,
            );
        }
    };
    let others = if !obj.has("others") {
        None
    } else if !is_sum {
        sum_only(cx, "others");
        None
    } else {
        expression(cx, checker, obj, "others", Scope::Household).and_then(|(e, got, _)| match ty {
            Some(want) if !got.same_kind(want) => {
                let span = obj
                    .get("others")
                    .map(|n| n.span.clone())
                    .unwrap_or(item.span.clone());
                cx.err(
                    item.file,
                    span,
                    "type-mismatch",
                    format!(
                        "`others` gives {}, but `{}` sums {}",
                        got.describe(),
                        item.id,
                        want.describe()
                    ),
                    Some(&item.id),
                    None,
                );
                None
            }
            _ => Some(Box::new(e)),
        })
    };
    let never_negative = match obj.get("never_negative") {
        None => false,
        Some(_) if !is_sum => {
            sum_only(cx, "never_negative");
            false
        }
        Some(Spanned {
            node: Node::Bool(b),
            ..
        }) => *b,
        Some(node) => {
            cx.err(
                item.file,
                node.span.clone(),
                "invalid-value",
                "`never_negative` is true or false".into(),
                Some(&item.id),
                None,
            );
            false
        }
    };
    Some(DerivedBody::Aggregate {
        op,
        of: of?,
        filter,
        unit_size,
        others,
        never_negative,
    })
}
