//! The graph of derived facts, criteria and steps: no rule may depend on itself, and chains
//! that evaluation follows recursively have a bounded depth.

use super::context::{Ctx, Raw};
use crate::model::{Criterion, CriterionBody, Derived, DerivedBody, Expression, NameRef, Step};
use std::collections::BTreeSet;
use std::ops::Range;

#[allow(
    clippy::too_many_arguments,
    reason = "the graphs of two kinds of rules"
)]
pub(super) fn find_cycles(
    cx: &mut Ctx<'_>,
    derived_items: &[&Raw<'_>],
    derived: &[Derived],
    crit_items: &[&Raw<'_>],
    criteria: &[Criterion],
    step_items: &[&Raw<'_>],
    steps: &[Step],
) {
    // Nodes: derived 0..d, criteria d..d+c, steps after that.
    let d = derived.len();
    let c = criteria.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); d + c + steps.len()];
    let expr_edges = |e: &Expression| -> Vec<usize> {
        e.reads
            .iter()
            .filter_map(|(_, r)| match r {
                NameRef::Derived(j) => Some(*j),
                _ => None,
            })
            .collect()
    };
    for (i, x) in derived.iter().enumerate() {
        edges[i] = match &x.body {
            DerivedBody::Expr(e) => expr_edges(e),
            DerivedBody::Criterion(k) => vec![d + k],
            DerivedBody::Aggregate {
                of, filter, others, ..
            } => [Some(*of), *filter]
                .into_iter()
                .flatten()
                .filter_map(|r| match r {
                    NameRef::Derived(j) => Some(j),
                    _ => None,
                })
                .chain(others.as_deref().map(expr_edges).unwrap_or_default())
                .collect(),
        };
    }
    for (i, x) in criteria.iter().enumerate() {
        edges[d + i] = match &x.body {
            CriterionBody::Expr(e) => expr_edges(e),
            CriterionBody::All(v) | CriterionBody::Any(v) | CriterionBody::AtLeast(_, v) => {
                v.iter().map(|k| d + k).collect()
            }
            CriterionBody::Not(k) => vec![d + k],
        };
    }
    for (i, s) in steps.iter().enumerate() {
        edges[d + c + i] = s.after.iter().map(|k| d + c + k).collect();
    }
    let name = |n: usize| -> (usize, Range<usize>, String) {
        if n < d {
            (
                derived_items[n].file,
                derived_items[n].span.clone(),
                derived_items[n].id.clone(),
            )
        } else if n < d + c {
            (
                crit_items[n - d].file,
                crit_items[n - d].span.clone(),
                crit_items[n - d].id.clone(),
            )
        } else {
            (
                step_items[n - d - c].file,
                step_items[n - d - c].span.clone(),
                step_items[n - d - c].id.clone(),
            )
        }
    };
    // Iterative depth-first search; 0 = new, 1 = on the path, 2 = done.
    let mut state = vec![0_u8; edges.len()];
    let mut reported = BTreeSet::new();
    let mut height = vec![0_usize; edges.len()];
    for root in 0..edges.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some((node, next)) = stack.last().copied() {
            if next < edges[node].len() {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                let child = edges[node][next];
                match state[child] {
                    0 => {
                        state[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let start = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let cycle: Vec<usize> = stack[start..].iter().map(|(n, _)| *n).collect();
                        let key: BTreeSet<usize> = cycle.iter().copied().collect();
                        if reported.insert(key.into_iter().collect::<Vec<_>>()) {
                            let mut path: Vec<String> = cycle.iter().map(|n| name(*n).2).collect();
                            path.push(name(child).2);
                            let (file, span, id) = name(child);
                            cx.err(file, span, "cycle", format!("`{id}` depends on itself: {}", path.join(" → ")), Some(&id),
                                Some("a fact, criterion or step cannot be defined in terms of itself".into()));
                        }
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                // Longest chain of rules below this one, itself included.
                height[node] = 1 + edges[node].iter().map(|c| height[*c]).max().unwrap_or(0);
                stack.pop();
            }
        }
    }
    if !reported.is_empty() {
        return;
    }
    // Evaluation follows these chains recursively: bound them so that no rule set can
    // exhaust the stack (native or wasm). Steps are not followed recursively.
    for (node, &h) in height.iter().enumerate().take(d + c) {
        if h == MAX_RULE_DEPTH + 1 {
            let (file, span, id) = name(node);
            cx.err(
                file,
                span,
                "rule-depth",
                format!("`{id}` sits on top of a chain of {h} rules that each depend on the next; the limit is {MAX_RULE_DEPTH}"),
                Some(&id),
                Some("flatten the chain: combine steps into fewer criteria or derived facts".into()),
            );
        }
    }
}

/// The longest chain of derived facts and criteria that depend on each other.
const MAX_RULE_DEPTH: usize = 64;
