//! Explanations of criteria: for a full decision, each criterion's status, the facts an
//! unknown leaf waits for and any rule error, with the values read gathered once per
//! person; for `explain`, the same tree with its wording, citation and values inline.

use super::{Eval, Tri};
use crate::decision::*;
use crate::model::*;
use std::collections::BTreeMap;

/// What a full decision gathers while explaining the criteria of the household or one
/// person.
#[derive(Default)]
pub(super) struct Gathered {
    pub criteria: BTreeMap<String, CriterionResult>,
    pub values: BTreeMap<String, serde_json::Value>,
}

impl<'a> Eval<'a> {
    /// The person a criterion is decided for: nobody, for household criteria.
    fn context(&self, c: usize, person: Option<usize>) -> Option<usize> {
        super::who(self.rs.criteria[c].scope, person)
    }

    /// The criterion's parts.
    fn children(&self, c: usize) -> &'a [usize] {
        match &self.rs.criteria[c].body {
            CriterionBody::All(k) | CriterionBody::Any(k) | CriterionBody::AtLeast(_, k) => k,
            CriterionBody::Not(k) => std::slice::from_ref(k),
            CriterionBody::Expr(_) => &[],
        }
    }

    /// The names an expression criterion reads, with their slots.
    fn reads(&self, c: usize) -> &'a [(String, NameRef)] {
        match &self.rs.criteria[c].body {
            CriterionBody::Expr(e) => &e.reads,
            _ => &[],
        }
    }

    /// The values criterion `c` read (the same slots, read again from the memo), leaving
    /// out tables and conversions, which are parameters.
    fn used_values(&self, c: usize, person: Option<usize>) -> Vec<UsedValue> {
        let context = self.context(c, person);
        self.reads(c)
            .iter()
            .filter_map(|(name, slot)| match self.lookup(*slot, context).0 {
                Some(v) if !v.is_listed_value() => None,
                Some(v) => Some(UsedValue {
                    name: name.clone(),
                    value: v.summary_json(),
                }),
                // Unknown, or known only from below: `{"at_least": "7060.00"}`.
                None => Some(UsedValue {
                    name: name.clone(),
                    value: self.bound_of(*slot, context).map_or(
                        serde_json::Value::Null,
                        |b| serde_json::json!({ "at_least": b.summary_json() }),
                    ),
                }),
            })
            .collect()
    }

    fn note_parameters(&mut self, c: usize) {
        for (_, r) in self.reads(c) {
            if let NameRef::Param(p) = r {
                self.parameters_used.insert(*p);
            }
        }
    }

    /// Gathers criterion `c` and its parts into `into` (each once); returns its id.
    pub(super) fn gather(
        &mut self,
        c: usize,
        person: Option<usize>,
        into: &mut Gathered,
        depth: usize,
    ) -> &'a str {
        let id = self.rs.criteria[c].id.as_str();
        if into.criteria.contains_key(id) {
            return id;
        }
        let r = self.criterion(c, person);
        let kids = self.children(c);
        self.note_parameters(c);
        for v in self.used_values(c, person) {
            into.values.insert(v.name, v.value);
        }
        into.criteria.insert(
            id.to_string(),
            CriterionResult {
                status: r.truth.truth(),
                missing: if r.truth == Tri::Unknown && kids.is_empty() {
                    self.paths(&r.missing)
                } else {
                    Vec::new()
                },
                error: r.error.as_deref().map(str::to_string),
            },
        );
        if depth < 64 {
            for &k in kids {
                self.gather(k, person, into, depth + 1);
            }
        }
        id
    }

    /// Explains criterion `c` and its parts with their wording into `into`.
    pub(super) fn explain_tree(
        &mut self,
        c: usize,
        person: Option<usize>,
        into: &mut BTreeMap<String, Explanation>,
        depth: usize,
    ) {
        let rs = self.rs;
        let crit = &rs.criteria[c];
        if into.contains_key(&crit.id) {
            return;
        }
        let r = self.criterion(c, person);
        let kids = self.children(c);
        self.note_parameters(c);
        let explanation = Explanation {
            status: r.truth.truth(),
            text: self.text(&crit.text),
            citation: crit.citation.clone(),
            rule: rule_word(&crit.body),
            expr: match &crit.body {
                CriterionBody::Expr(e) => Some(e.source.clone()),
                _ => None,
            },
            values: self.used_values(c, person),
            parameters: parameter_ids(rs, self.reads(c)),
            children: kids.iter().map(|k| rs.criteria[*k].id.clone()).collect(),
            missing: if r.truth == Tri::Unknown && kids.is_empty() {
                self.paths(&r.missing)
            } else {
                Vec::new()
            },
            error: r.error.as_deref().map(str::to_string),
        };
        into.insert(crit.id.clone(), explanation);
        if depth < 64 {
            for &k in kids {
                self.explain_tree(k, person, into, depth + 1);
            }
        }
    }
}

/// `expr`, `all`, `any`, `not` or `at_least N`.
pub(crate) fn rule_word(body: &CriterionBody) -> String {
    match body {
        CriterionBody::Expr(_) => "expr".into(),
        CriterionBody::All(_) => "all".into(),
        CriterionBody::Any(_) => "any".into(),
        CriterionBody::Not(_) => "not".into(),
        CriterionBody::AtLeast(n, _) => format!("at_least {n}"),
    }
}

/// The ids of the parameters among the names an expression reads, in reading order.
pub(crate) fn parameter_ids(rs: &crate::RuleSet, reads: &[(String, NameRef)]) -> Vec<String> {
    reads
        .iter()
        .filter_map(|(_, r)| match r {
            NameRef::Param(p) => Some(rs.params[*p].id.clone()),
            _ => None,
        })
        .collect()
}
