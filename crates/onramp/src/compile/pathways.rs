//! `[step.ID]` and `[ladder.ID]`: the steps of career pathways and the ladders that order
//! them.

use super::context::{Ctx, Raw};
use super::Index;
use crate::diag::did_you_mean;
use crate::model::{Completion, Fact, FactType, Ladder, Step, Texts};

pub(super) fn read_steps(
    cx: &mut Ctx<'_>,
    items: &[&Raw<'_>],
    index: &Index,
    credentials_fact: Option<usize>,
    facts: &[Fact],
) -> Vec<Step> {
    items
        .iter()
        .map(|item| read_step(cx, item, index, credentials_fact, facts))
        .collect()
}

pub(super) fn read_ladders(cx: &mut Ctx<'_>, items: &[&Raw<'_>], index: &Index) -> Vec<Ladder> {
    items
        .iter()
        .filter_map(|item| read_ladder(cx, item, index))
        .collect()
}

fn read_step(
    cx: &mut Ctx<'_>,
    item: &Raw<'_>,
    index: &Index,
    credentials_fact: Option<usize>,
    facts: &[Fact],
) -> Step {
    let mut step = Step {
        id: item.id.clone(),
        name: Texts::default(),
        description: Texts::default(),
        kind: None,
        requires: Vec::new(),
        after: Vec::new(),
        delivered_by: Vec::new(),
        yields_credential: None,
        yields: Texts::default(),
        completed: Completion::Never,
    };
    let Some(obj) = cx.obj(
        item.file,
        item.node,
        &item.id,
        &[
            "name",
            "description",
            "kind",
            "requires",
            "after",
            "delivered_by",
            "credential",
            "yields",
            "completed_when",
            "citation",
        ],
    ) else {
        return step;
    };
    cx.text_path = format!("step.{}", item.id);
    step.name = cx.texts(&obj, "name", true);
    step.description = cx.texts(&obj, "description", false);
    step.kind = cx.enum_key(
        &obj,
        "kind",
        &[
            "esol",
            "education",
            "bridge",
            "training",
            "credential",
            "degree",
            "job",
            "apprenticeship",
        ],
        Some("training"),
    );
    let _ = cx.string(&obj, "citation", false);
    let requires = cx.ids(&obj, "requires", false).unwrap_or_default();
    step.requires = cx.resolve_all(&obj, "criterion", &requires, &index.criterion);
    let after = cx.ids(&obj, "after", false).unwrap_or_default();
    step.after = cx.resolve_all(&obj, "step", &after, &index.step);
    let delivered = cx.ids(&obj, "delivered_by", false).unwrap_or_default();
    step.delivered_by = cx.resolve_all(&obj, "program", &delivered, &index.program);
    step.yields = cx.texts(&obj, "yields", false);
    if let Some((credential, span)) = cx.string(&obj, "credential", false) {
        if let Some(f) = credentials_fact {
            if let FactType::List { values } = &facts[f].ty {
                if !values.contains(&credential) {
                    let help = did_you_mean(&credential, values.iter().map(String::as_str));
                    cx.err(
                        item.file,
                        span.clone(),
                        "unknown-value",
                        format!("`{credential}` is not a value of `{}`", facts[f].id),
                        Some(&item.id),
                        help,
                    );
                }
            }
            step.completed = Completion::Credential {
                fact: f,
                credential: credential.clone(),
            };
        }
        step.yields_credential = Some(credential);
    }
    if let Some((c, span)) = cx.string(&obj, "completed_when", false) {
        if let Some(c) = cx.resolve(&obj, "criterion", &c, &span, &index.criterion) {
            step.completed = Completion::Criterion(c);
        }
    } else if step.yields_credential.is_some() && credentials_fact.is_none() {
        cx.err(item.file, item.span.clone(), "missing-key", format!("step `{}` yields a credential, but the rule set names no `credentials_fact`", item.id), Some(&item.id),
            Some("add `credentials_fact = \"credentials\"` to `[ruleset]`, or give the step a `completed_when` criterion".into()));
    }
    step
}

fn read_ladder(cx: &mut Ctx<'_>, item: &Raw<'_>, index: &Index) -> Option<Ladder> {
    let obj = cx.obj(
        item.file,
        item.node,
        &item.id,
        &["name", "description", "applies", "steps", "sector"],
    )?;
    cx.text_path = format!("ladder.{}", item.id);
    let name = cx.texts(&obj, "name", true);
    let description = cx.texts(&obj, "description", false);
    let applies = cx
        .string(&obj, "applies", false)
        .and_then(|(a, span)| cx.resolve(&obj, "criterion", &a, &span, &index.criterion));
    let ids = cx.ids(&obj, "steps", true).unwrap_or_default();
    let steps = cx.resolve_all(&obj, "step", &ids, &index.step);
    let _ = cx.string(&obj, "sector", false);
    Some(Ladder {
        id: item.id.clone(),
        name,
        description,
        applies,
        steps,
    })
}
