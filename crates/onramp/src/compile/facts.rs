//! `[fact.ID]`: the facts a case may give, their types, and the questions that ask for them.

use super::context::{Ctx, Obj, Raw};
use crate::diag::did_you_mean;
use crate::model::{Direction, Effort, Fact, FactType, Field, Scope, Texts, Ty, WageRecord};
use crate::syntax::{Node, Spanned};
use std::collections::BTreeMap;

pub(super) fn read_facts(cx: &mut Ctx<'_>, items: &[&Raw<'_>]) -> Vec<Fact> {
    items.iter().map(|item| read_fact(cx, item)).collect()
}

fn read_fact(cx: &mut Ctx<'_>, item: &Raw<'_>) -> Fact {
    let mut fact = Fact {
        id: item.id.clone(),
        scope: Scope::Person,
        ty: FactType::Bool,
        description: String::new(),
        question: Texts::default(),
        help: Texts::default(),
        labels: BTreeMap::new(),
        group: None,
        changeable: None,
        direction: Direction::Any,
        elapses_days: false,
        wage: None,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "scope",
            "type",
            "values",
            "labels",
            "question",
            "help",
            "description",
            "min",
            "max",
            "fields",
            "group",
            "changeable",
            "changes",
            "elapses",
            "wage",
        ],
    ) else {
        return fact;
    };
    fact.scope = match cx
        .enum_key(&obj, "scope", &["household", "person"], Some("person"))
        .as_deref()
    {
        Some("household") => Scope::Household,
        _ => Scope::Person,
    };
    fact.description = cx
        .string(&obj, "description", false)
        .map(|s| s.0)
        .unwrap_or_default();
    cx.text_path = format!("fact.{}", item.id);
    fact.question = cx.texts(&obj, "question", false);
    fact.help = cx.texts(&obj, "help", false);
    fact.group = cx.string(&obj, "group", false).map(|s| s.0);
    fact.ty = read_type(cx, &obj, true);
    fact.labels = read_labels(cx, &obj, &fact.ty);
    fact.changeable = match cx
        .enum_key(
            &obj,
            "changeable",
            &["now", "training", "circumstance"],
            Some(""),
        )
        .as_deref()
    {
        Some("now") => Some(Effort::Now),
        Some("training") => Some(Effort::Training),
        Some("circumstance") => Some(Effort::Circumstance),
        _ => None,
    };
    fact.direction = match cx
        .enum_key(&obj, "changes", &["up", "down", "any"], Some("any"))
        .as_deref()
    {
        Some("up") => Direction::Up,
        Some("down") => Direction::Down,
        _ => Direction::Any,
    };
    if obj.has("elapses") {
        let elapses = cx.enum_key(&obj, "elapses", &["days"], Some(""));
        if elapses.as_deref() == Some("days") {
            if matches!(fact.ty, FactType::Integer { .. }) {
                fact.elapses_days = true;
            } else if let Some(node) = obj.get("elapses") {
                cx.err(
                    obj.file,
                    node.span.clone(),
                    "invalid-value",
                    format!(
                        "`elapses = \"days\"` needs a whole-number fact (a count of days); `{}` is {}",
                        item.id,
                        fact.ty.name()
                    ),
                    Some(&obj.rule),
                    None,
                );
            }
        }
    }
    if let Some(node) = obj.get("wage") {
        fact.wage = read_wage(cx, &obj, node, &fact.ty);
    }
    fact
}

/// `wage = { field = "type", value = "wages", amount = "amount", frequency = "frequency",
/// hours = "hours_per_week" }` on a records fact: how a wage sweep writes earnings. The
/// fields must exist with the types a wage needs (the frequency offering `hourly` and
/// `yearly`).
fn read_wage(cx: &mut Ctx<'_>, obj: &Obj<'_>, node: &Spanned, ty: &FactType) -> Option<WageRecord> {
    let span = node.span.clone();
    let FactType::Records { fields } = ty else {
        cx.err(
            obj.file,
            span,
            "invalid-value",
            "`wage` belongs on a records fact (the income records a wage sweep writes)".into(),
            Some(&obj.rule),
            None,
        );
        return None;
    };
    let Node::Table(entries) = &node.node else {
        cx.err(
            obj.file,
            span,
            "wrong-type",
            "`wage` must be a table: { field = \"type\", value = \"wages\", amount = \"amount\", frequency = \"frequency\", hours = \"hours_per_week\" }".into(),
            Some(&obj.rule),
            None,
        );
        return None;
    };
    let keys = ["field", "value", "amount", "frequency", "hours"];
    let mut got: BTreeMap<&str, String> = BTreeMap::new();
    let mut ok = true;
    for e in entries {
        let Some(key) = keys.iter().find(|k| **k == e.key) else {
            let help = did_you_mean(&e.key, keys.iter().copied());
            cx.err(
                obj.file,
                e.value.span.clone(),
                "unknown-key",
                format!("`{}` is not a key of `wage`", e.key),
                Some(&obj.rule),
                help.or_else(|| Some(format!("use: {}", keys.join(", ")))),
            );
            ok = false;
            continue;
        };
        match &e.value.node {
            Node::Str(text) => {
                got.insert(key, text.clone());
            }
            _ => {
                cx.err(
                    obj.file,
                    e.value.span.clone(),
                    "wrong-type",
                    format!("`wage.{key}` must be text"),
                    Some(&obj.rule),
                    None,
                );
                ok = false;
            }
        }
    }
    for key in keys {
        if !got.contains_key(key) && ok {
            cx.err(
                obj.file,
                span.clone(),
                "missing-key",
                format!("`wage` needs `{key}`"),
                Some(&obj.rule),
                None,
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let field_of = |name: &str| fields.iter().find(|f| f.name == name);
    let names = || fields.iter().map(|f| f.name.as_str());
    let check = |cx: &mut Ctx<'_>, key: &str, want: &dyn Fn(&FactType) -> bool, what: &str| {
        let name = &got[key];
        match field_of(name) {
            Some(f) if want(&f.ty) => true,
            Some(_) => {
                cx.err(
                    obj.file,
                    span.clone(),
                    "type-mismatch",
                    format!("`wage.{key}`: the field `{name}` must be {what}"),
                    Some(&obj.rule),
                    None,
                );
                false
            }
            None => {
                cx.err(
                    obj.file,
                    span.clone(),
                    "unknown-reference",
                    format!("`wage.{key}`: the records have no field `{name}`"),
                    Some(&obj.rule),
                    did_you_mean(name, names()),
                );
                false
            }
        }
    };
    let value = got["value"].clone();
    let kinds_ok = check(
        cx,
        "field",
        &|t| matches!(t, FactType::Enum { values } if values.contains(&value)),
        &format!("an enum offering `{value}`"),
    );
    let amount_ok = check(cx, "amount", &|t| matches!(t, FactType::Money), "money");
    let freq_ok = check(
        cx,
        "frequency",
        &|t| matches!(t, FactType::Enum { values } if values.iter().any(|v| v == "hourly") && values.iter().any(|v| v == "yearly")),
        "an enum offering `hourly` and `yearly`",
    );
    let hours_ok = check(
        cx,
        "hours",
        &|t| matches!(t, FactType::Integer { .. }),
        "a whole number",
    );
    (kinds_ok && amount_ok && freq_ok && hours_ok).then(|| WageRecord {
        field: got["field"].clone(),
        value,
        amount: got["amount"].clone(),
        frequency: got["frequency"].clone(),
        hours: got["hours"].clone(),
    })
}

/// `labels.VALUE = { en = "…", es = "…" }` for the values of an enum or list.
fn read_labels(cx: &mut Ctx<'_>, obj: &Obj<'_>, ty: &FactType) -> BTreeMap<String, Texts> {
    let mut labels = BTreeMap::new();
    let (Some(node), FactType::Enum { values } | FactType::List { values }) =
        (obj.get("labels"), ty)
    else {
        return labels;
    };
    let Node::Table(entries) = &node.node else {
        cx.err(
            obj.file,
            node.span.clone(),
            "wrong-type",
            "`labels` should be a table: `labels.VALUE = { en = \"…\" }`".into(),
            Some(&obj.rule),
            None,
        );
        return labels;
    };
    let item_path = std::mem::take(&mut cx.text_path);
    cx.text_path = format!("{item_path}.labels");
    for entry in entries {
        if !values.contains(&entry.key) {
            let help = did_you_mean(&entry.key, values.iter().map(String::as_str));
            cx.err(
                obj.file,
                entry.key_span.clone(),
                "unknown-value",
                format!("`{}` is not a value of `{}`", entry.key, obj.rule),
                Some(&obj.rule),
                help,
            );
            continue;
        }
        let label_obj = Obj {
            file: obj.file,
            entries: std::slice::from_ref(entry),
            span: entry.value.span.clone(),
            rule: obj.rule.clone(),
        };
        let texts = cx.texts(&label_obj, &entry.key, true);
        labels.insert(entry.key.clone(), texts);
    }
    cx.text_path = item_path;
    labels
}

fn read_type(cx: &mut Ctx<'_>, obj: &Obj<'_>, allow_records: bool) -> FactType {
    let kinds: &[&str] = if allow_records {
        &[
            "bool", "integer", "money", "date", "enum", "list", "records",
        ]
    } else {
        &["bool", "integer", "money", "date", "enum"]
    };
    let kind = cx.enum_key(obj, "type", kinds, None);
    let read_values = |cx: &mut Ctx<'_>| -> Vec<String> {
        match cx.ids(obj, "values", true) {
            Some(v) if !v.is_empty() => v.into_iter().map(|x| x.0).collect(),
            Some(_) => {
                let span = obj
                    .get("values")
                    .map(|n| n.span.clone())
                    .unwrap_or(obj.span.clone());
                cx.err(
                    obj.file,
                    span,
                    "invalid-value",
                    "`values` should list at least one value".into(),
                    Some(&obj.rule),
                    None,
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    };
    let int = |cx: &mut Ctx<'_>, key: &str| match obj.get(key) {
        Some(Spanned {
            node: Node::Int(i), ..
        }) => Some(*i),
        Some(other) => {
            cx.err(
                obj.file,
                other.span.clone(),
                "wrong-type",
                format!("`{key}` should be a whole number"),
                Some(&obj.rule),
                None,
            );
            None
        }
        None => None,
    };
    match kind.as_deref() {
        Some("integer") => FactType::Integer {
            min: int(cx, "min"),
            max: int(cx, "max"),
        },
        Some("money") => FactType::Money,
        Some("date") => FactType::Date,
        Some("enum") => FactType::Enum {
            values: read_values(cx),
        },
        Some("list") => FactType::List {
            values: read_values(cx),
        },
        Some("records") => {
            let mut fields = Vec::new();
            match obj.get("fields") {
                Some(Spanned {
                    node: Node::Table(entries),
                    ..
                }) => {
                    for entry in entries {
                        let rule = format!("{}.fields.{}", obj.rule, entry.key);
                        if let Some(fobj) = cx.obj(
                            obj.file,
                            &entry.value,
                            &rule,
                            &["type", "values", "label", "labels", "min", "max"],
                        ) {
                            let ty = read_type(cx, &fobj, false);
                            let item_path = std::mem::take(&mut cx.text_path);
                            cx.text_path = format!("{item_path}.fields.{}", entry.key);
                            let label = cx.texts(&fobj, "label", false);
                            let labels = read_labels(cx, &fobj, &ty);
                            cx.text_path = item_path;
                            fields.push(Field {
                                name: entry.key.clone(),
                                ty,
                                label,
                                labels,
                            });
                        }
                    }
                }
                Some(other) => cx.err(
                    obj.file,
                    other.span.clone(),
                    "wrong-type",
                    "`fields` should be a table of fields".into(),
                    Some(&obj.rule),
                    None,
                ),
                None => cx.missing(obj, "fields"),
            }
            FactType::Records { fields }
        }
        _ => FactType::Bool,
    }
}

pub(super) fn fact_ty(i: usize, ty: &FactType) -> Ty {
    match ty {
        FactType::Bool => Ty::Bool,
        FactType::Integer { .. } => Ty::Int,
        FactType::Money => Ty::Money,
        FactType::Date => Ty::Date,
        FactType::Enum { .. } => Ty::Text(Some(i)),
        FactType::List { .. } => Ty::TextList(Some(i)),
        FactType::Records { .. } => Ty::Records(i),
    }
}
