//! `[program.ID]` and `[service.ID]`: what a person or household may be eligible for, and
//! the criteria that decide it.

use super::context::{Ctx, Obj, Raw};
use crate::model::{Criterion, PriorityGroup, Program, Scope, Service};
use crate::syntax::{Node, Spanned};
use std::collections::BTreeMap;
use std::ops::Range;

pub(super) fn read_programs(
    cx: &mut Ctx<'_>,
    items: &[&Raw<'_>],
    crit_idx: &BTreeMap<String, usize>,
) -> Vec<Program> {
    items
        .iter()
        .filter_map(|item| read_program(cx, item, crit_idx))
        .collect()
}

pub(super) fn read_services(
    cx: &mut Ctx<'_>,
    items: &[&Raw<'_>],
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
) -> Vec<Service> {
    items
        .iter()
        .filter_map(|item| read_service(cx, item, crit_idx, criteria))
        .collect()
}

fn read_program(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
) -> Option<Program> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "citation",
            "eligible",
            "priority",
            "sector",
            "url",
        ],
    )?;
    cx.text_path = format!("program.{}", item.id);
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let citation = cx.string(&obj, "citation", false).map(|s| s.0);
    if citation.is_none() {
        cx.warn(
            item.file,
            item.span.clone(),
            "missing-citation",
            format!("program `{}` cites no source", item.id),
            Some(&item.id),
            Some("add `citation = \"...\"` naming the law, regulation or official page".into()),
        );
    }
    let ids = cx.ids(&obj, "eligible", true).unwrap_or_default();
    let eligible = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
    let mut priority = Vec::new();
    match obj.get("priority") {
        Some(Spanned {
            node: Node::Array(groups),
            ..
        }) => {
            for g in groups {
                let Some(gobj) = cx.obj(item.file, g, &item.id, &["id", "name", "when"]) else {
                    continue;
                };
                let id = cx.string(&gobj, "id", true).map(|s| s.0);
                cx.text_path = format!(
                    "program.{}.priority.{}",
                    item.id,
                    id.as_deref().unwrap_or("")
                );
                let name = cx.texts(&gobj, "name", true);
                let when = cx
                    .string(&gobj, "when", true)
                    .and_then(|(w, span)| cx.resolve(&gobj, "criterion", &w, &span, crit_idx));
                if let (Some(id), Some(when)) = (id, when) {
                    priority.push(PriorityGroup { id, name, when });
                }
            }
        }
        Some(other) => cx.err(
            item.file,
            other.span.clone(),
            "wrong-type",
            "priority groups are written `[[program.ID.priority]]`".into(),
            Some(&item.id),
            None,
        ),
        None => {}
    }
    let sector = cx.string(&obj, "sector", false).map(|s| s.0);
    let _ = cx.string(&obj, "url", false);
    Some(Program {
        id: item.id.clone(),
        name,
        description,
        citation,
        eligible,
        priority,
        sector,
    })
}

fn check_scope(
    cx: &mut Ctx<'_>,
    obj: &Obj<'_>,
    scope: Scope,
    ids: &[(String, Range<usize>)],
    resolved: &[usize],
    criteria: &[Criterion],
) {
    for ((id, span), c) in ids.iter().zip(resolved) {
        if criteria[*c].scope > scope {
            cx.err(
                obj.file,
                span.clone(),
                "scope-mismatch",
                format!("`{id}` reads person facts, but this is decided once per household"),
                Some(&obj.rule),
                Some(
                    "set `scope = \"person\"`, or use a household derived fact with `aggregate`"
                        .into(),
                ),
            );
        }
    }
}

fn read_service(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    crit_idx: &BTreeMap<String, usize>,
    criteria: &[Criterion],
) -> Option<Service> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "citation",
            "scope",
            "need",
            "eligible",
            "referral",
            "category",
            "url",
        ],
    )?;
    cx.text_path = format!("service.{}", item.id);
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let citation = cx.string(&obj, "citation", false).map(|s| s.0);
    let scope = match cx
        .enum_key(&obj, "scope", &["household", "person"], Some("household"))
        .as_deref()
    {
        Some("person") => Scope::Person,
        _ => Scope::Household,
    };
    let need_ids = cx.ids(&obj, "need", true).unwrap_or_default();
    let need = cx.resolve_all(&obj, "criterion", &need_ids, crit_idx);
    if need.len() == need_ids.len() {
        check_scope(cx, &obj, scope, &need_ids, &need, criteria);
    }
    let eligible = match cx.ids(&obj, "eligible", false) {
        Some(ids) => {
            let resolved = cx.resolve_all(&obj, "criterion", &ids, crit_idx);
            if resolved.len() == ids.len() {
                check_scope(cx, &obj, scope, &ids, &resolved, criteria);
            }
            Some(resolved)
        }
        None => None,
    };
    let referral = cx.texts(&obj, "referral", false);
    let category = cx.string(&obj, "category", false).map(|s| s.0);
    let _ = cx.string(&obj, "url", false);
    Some(Service {
        id: item.id.clone(),
        name,
        description,
        citation,
        scope,
        need,
        eligible,
        referral,
        category,
    })
}
