//! `[parameter.ID]`: dated figures (limits, amounts, rates), each value with its source and
//! the dates it is in force.

use super::context::{money_of, percent_of, ratio_of, Ctx, Obj, Raw};
use crate::model::{Param, ParamEntry, ParamType, ParamValue, Ty};
use crate::money::{Conversion, Money};
use crate::syntax::{Node, Spanned};

pub(super) fn read_params(cx: &mut Ctx<'_>, items: &[&Raw<'_>]) -> Vec<Param> {
    items.iter().map(|item| read_param(cx, item)).collect()
}

fn read_param(cx: &mut Ctx<'_>, item: &Raw<'_>) -> Param {
    let mut param = Param {
        id: item.id.clone(),
        ty: ParamType::Money,
        by_size: false,
        description: String::new(),
        entries: Vec::new(),
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &["type", "by_size", "description", "unit", "values"],
    ) else {
        return param;
    };
    param.ty = match cx
        .enum_key(
            &obj,
            "type",
            &["money", "integer", "percent", "periods"],
            None,
        )
        .as_deref()
    {
        Some("integer") => ParamType::Integer,
        Some("percent") => ParamType::Percent,
        Some("periods") => ParamType::Periods,
        _ => ParamType::Money,
    };
    param.by_size = matches!(
        obj.get("by_size"),
        Some(Spanned {
            node: Node::Bool(true),
            ..
        })
    );
    if param.by_size && param.ty != ParamType::Money {
        let span = obj
            .get("by_size")
            .map(|n| n.span.clone())
            .unwrap_or(obj.span.clone());
        cx.err(
            item.file,
            span,
            "invalid-value",
            "only money parameters can be tables by household size".into(),
            Some(&item.id),
            None,
        );
    }
    param.description = cx
        .string(&obj, "description", false)
        .map(|s| s.0)
        .unwrap_or_default();
    let entries: &[Spanned] = match obj.get("values") {
        Some(Spanned {
            node: Node::Array(items),
            ..
        }) => items,
        Some(other) => {
            cx.err(
                item.file,
                other.span.clone(),
                "wrong-type",
                "`values` should be a list of dated values, written `[[parameter.ID.values]]`"
                    .into(),
                Some(&item.id),
                None,
            );
            &[]
        }
        None => {
            cx.missing(&obj, "values");
            &[]
        }
    };
    for node in entries {
        let Some(e) = cx.obj(
            item.file,
            node,
            &item.id,
            &[
                "from",
                "until",
                "status",
                "source",
                "note",
                "value",
                "first",
                "each_additional",
                "table",
                "beyond",
            ],
        ) else {
            continue;
        };
        let from = cx.date(&e, "from", true);
        let until = cx.date(&e, "until", false);
        let status = cx.enum_key(
            &e,
            "status",
            &["verified", "secondary", "computed", "unverified"],
            None,
        );
        let source = cx.string(&e, "source", true).map(|s| s.0);
        let note = cx.string(&e, "note", false).map(|s| s.0);
        let value = read_param_value(cx, &e, param.ty, param.by_size);
        let has_value = ["value", "first", "table"].iter().any(|k| e.has(k));
        if !has_value && status.as_deref() != Some("unverified") {
            cx.err(item.file, e.span.clone(), "missing-key", "a parameter value needs `value` (or `first`/`table` for tables by household size) unless it is an empty slot with `status = \"unverified\"`".into(), Some(&item.id), None);
        }
        if has_value && status.as_deref() == Some("unverified") {
            cx.warn(
                item.file,
                e.span.clone(),
                "unverified-value",
                "this figure is marked unverified but is used in decisions".into(),
                Some(&item.id),
                Some("leave the value out to make decisions that need it undetermined".into()),
            );
        }
        if let (Some(from), Some(status), Some(source)) = (from, status, source) {
            if let Some(last) = param.entries.last() {
                if from <= last.from {
                    cx.err(
                        item.file,
                        e.span.clone(),
                        "param-dates",
                        format!(
                            "values must be in date order: {from} is not after {}",
                            last.from
                        ),
                        Some(&item.id),
                        None,
                    );
                }
            }
            if let Some(until) = until {
                if until < from {
                    cx.err(
                        item.file,
                        e.span.clone(),
                        "param-dates",
                        format!("`until` {until} is before `from` {from}"),
                        Some(&item.id),
                        None,
                    );
                }
            }
            param.entries.push(ParamEntry {
                from,
                until,
                status,
                source,
                note,
                value: if has_value { value } else { None },
            });
        }
    }
    param
}

fn read_param_value(
    cx: &mut Ctx<'_>,
    e: &Obj<'_>,
    ty: ParamType,
    by_size: bool,
) -> Option<ParamValue> {
    let bad = |cx: &mut Ctx<'_>, node: &Spanned, what: &str| {
        cx.err(
            e.file,
            node.span.clone(),
            "invalid-value",
            format!("this should be {what}"),
            Some(&e.rule),
            None,
        );
    };
    let money = |cx: &mut Ctx<'_>, key: &str| -> Option<Money> {
        let node = e.get(key)?;
        let m = money_of(node);
        if m.is_none() {
            bad(cx, node, "an amount of money like \"1632.50\" or 1632");
        }
        m
    };
    if by_size {
        if e.has("first") {
            let first = money(cx, "first");
            let each = money(cx, "each_additional");
            if !e.has("each_additional") {
                cx.missing(e, "each_additional");
            }
            return Some(ParamValue::Formula {
                first: first?,
                each_additional: each?,
            });
        }
        if let Some(node) = e.get("table") {
            let Node::Array(items) = &node.node else {
                bad(cx, node, "a list of amounts, one per household size");
                return None;
            };
            let mut rows = Vec::new();
            for item in items {
                match money_of(item) {
                    Some(m) => rows.push(m),
                    None => bad(cx, item, "an amount of money like \"1632.50\" or 1632"),
                }
            }
            if rows.is_empty() {
                bad(cx, node, "a list of at least one amount");
                return None;
            }
            let beyond = if e.has("beyond") {
                Some(money(cx, "beyond")?)
            } else {
                None
            };
            return Some(ParamValue::Table { rows, beyond });
        }
        if let Some(node) = e.get("value") {
            bad(cx, node, "written as `first` and `each_additional`, or as a `table`, for a table by household size");
        }
        return None;
    }
    let node = e.get("value")?;
    match ty {
        ParamType::Money => money(cx, "value").map(ParamValue::Money),
        ParamType::Integer => match node.node {
            Node::Int(i) => Some(ParamValue::Integer(i)),
            _ => {
                bad(cx, node, "a whole number");
                None
            }
        },
        ParamType::Percent => match percent_of(node) {
            Some(p) => Some(ParamValue::Percent(p)),
            None => {
                bad(cx, node, "a percentage like \"130%\"");
                None
            }
        },
        ParamType::Periods => {
            let obj = cx.obj(
                e.file,
                node,
                &e.rule,
                &["weekly", "biweekly", "semimonthly", "monthly", "yearly"],
            )?;
            let mut conv = Conversion::default();
            for (key, slot) in [
                ("weekly", &mut conv.weekly),
                ("biweekly", &mut conv.biweekly),
                ("semimonthly", &mut conv.semimonthly),
                ("monthly", &mut conv.monthly),
                ("yearly", &mut conv.yearly),
            ] {
                match obj.get(key) {
                    Some(n) => match ratio_of(n) {
                        Some(r) if r.num > 0 => *slot = r,
                        _ => bad(cx, n, "a number of periods per year like 52 or \"51.6\""),
                    },
                    None => cx.missing(&obj, key),
                }
            }
            Some(ParamValue::Periods(std::sync::Arc::new(conv)))
        }
    }
}

/// The type a parameter has in expressions; a table by household size is read with a size.
pub(super) fn param_ty(p: &Param) -> Ty {
    match (p.ty, p.by_size) {
        (ParamType::Periods, _) => Ty::Periods,
        (_, true) => Ty::MoneyTable,
        (ParamType::Money, false) => Ty::Money,
        (ParamType::Integer, false) => Ty::Int,
        (ParamType::Percent, false) => Ty::Percent,
    }
}
