//! The full decision and the summary written as JSON straight from the decided outcome,
//! borrowing every id and text from the rule set: no `Decision` or `DecisionSummary` of
//! owned strings is built and then serialized. The bytes are exactly those of their
//! `to_json` (serde's field order, its skipped empty fields, maps in key order, its string
//! escapes); `tests/properties.rs` checks that over generated cases, and the corpus checks
//! the bytes themselves.

use super::decide::{Only, ProgramOutcome, ServiceOutcome};
use super::expr::V;
use super::{Eval, Tri};
use crate::decision::{Need, Status, StepStatus, Truth};
use crate::model::{Criterion, CriterionBody, NameRef, Param, Program};
use crate::value::MissingRef;
use std::fmt::Write as _;

/// A JSON text being written.
pub(crate) struct Json(pub String);

impl Json {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// A JSON string, escaped as serde_json escapes it.
    pub(crate) fn str(&mut self, s: &str) {
        self.0.push('"');
        // Most ids and texts need no escape: then they are copied whole.
        let bytes = s.as_bytes();
        if !needs_escape(bytes) {
            self.0.push_str(s);
        } else {
            let mut start = 0;
            for (i, &b) in bytes.iter().enumerate() {
                let escape: &str = match b {
                    b'"' => "\\\"",
                    b'\\' => "\\\\",
                    0x08 => "\\b",
                    0x0c => "\\f",
                    b'\n' => "\\n",
                    b'\r' => "\\r",
                    b'\t' => "\\t",
                    0..=0x1f => "",
                    _ => continue,
                };
                self.0.push_str(&s[start..i]);
                if escape.is_empty() {
                    let _ = write!(self.0, "\\u{b:04x}");
                } else {
                    self.0.push_str(escape);
                }
                start = i + 1;
            }
            self.0.push_str(&s[start..]);
        }
        self.0.push('"');
    }

    fn uint(&mut self, n: usize) {
        let _ = write!(self.0, "{n}");
    }

    /// `"key":` after a comma unless it is the object's first field.
    fn key(&mut self, first: &mut bool, key: &str) {
        if !std::mem::take(first) {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(key);
        self.0.push_str("\":");
    }

    fn list<T>(&mut self, items: impl IntoIterator<Item = T>, mut each: impl FnMut(&mut Self, T)) {
        self.0.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            each(self, item);
        }
        self.0.push(']');
    }

    fn strs<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) {
        self.list(items, |j, s| j.str(s));
    }
}

/// Whether any byte needs an escape in a JSON string. Fixed-size chunks with no early exit
/// inside one compile to a few vector compares per 16 bytes.
fn needs_escape(bytes: &[u8]) -> bool {
    let bad = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | bad(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| bad(b))
}

fn status_word(s: Status) -> &'static str {
    s.as_str()
}

fn need_word(t: Tri) -> &'static str {
    need_of(t).as_str()
}

fn truth_word(t: Truth) -> &'static str {
    t.as_str()
}

pub(crate) fn step_word(s: StepStatus) -> &'static str {
    s.as_str()
}

impl<'a> Eval<'a> {
    /// Opens person `p`'s object in either decision: its index and, if the case gave one,
    /// its id.
    fn write_person_head(&self, j: &mut Json, p: usize) {
        j.raw("{\"index\":");
        j.uint(p);
        if let Some(id) = &self.case.persons[p].id {
            j.raw(",\"id\":");
            j.str(id);
        }
    }

    /// Writes where a missing fact's answer goes (`persons[0].date_of_birth`), as
    /// `Eval::path` spells it.
    fn write_path(&self, j: &mut Json, m: &MissingRef) {
        let rs = self.rs;
        j.0.push('"');
        match m {
            MissingRef::Fact {
                fact,
                person: Some(p),
            } => {
                let _ = write!(j.0, "persons[{p}].");
                j.0.push_str(&rs.facts[*fact].id);
            }
            MissingRef::Fact { fact, person: None } => {
                j.0.push_str("household.");
                j.0.push_str(&rs.facts[*fact].id);
            }
            MissingRef::Param(p) => {
                j.0.push_str("parameters.");
                j.0.push_str(rs.params.get(*p).map_or("?", |x| x.id.as_str()));
            }
            MissingRef::Members => j.0.push_str("persons"),
        }
        j.0.push('"');
    }

    /// `{"rules":…,"as_of":…,"lang":…,"detail":…,"input_errors":[…]`, the fields every
    /// decision starts with.
    fn write_head(&self, j: &mut Json, detail: &str) {
        let rs = self.rs;
        j.raw("{\"rules\":{\"name\":");
        j.str(&rs.meta.name);
        j.raw(",\"version\":");
        j.str(&rs.meta.version);
        j.raw(",\"hash\":");
        j.str(&rs.hash);
        j.raw("},\"as_of\":");
        let _ = write!(j.0, "\"{}\"", self.as_of);
        j.raw(",\"lang\":");
        j.str(&self.lang);
        j.raw(",\"detail\":");
        j.str(detail);
        j.raw(",\"input_errors\":");
        j.list(&self.case.errors, |j, e| {
            j.raw("{\"path\":");
            j.str(&e.path);
            j.raw(",\"expected\":");
            j.str(&e.expected);
            j.raw("}");
        });
    }

    /// `,"first":[…]`: the bridges before a rung, when there are any.
    fn write_first(&self, j: &mut Json, first: &[(usize, usize)]) {
        let rs = self.rs;
        if !first.is_empty() {
            j.raw(",\"first\":");
            j.list(first, |j, &(step, closes)| {
                j.raw("{\"step\":");
                j.str(&rs.steps[step].id);
                j.raw(",\"closes\":");
                j.str(&rs.criteria[closes].id);
                j.raw("}");
            });
        }
    }

    /// One next question; with its wording and type when `worded` (summaries).
    fn write_question(&self, j: &mut Json, m: &MissingRef, settles: usize, worded: bool) {
        let Some(q) = self.question(m, settles, worded) else {
            return;
        };
        j.raw("{\"path\":");
        j.str(&q.path);
        j.raw(",\"fact\":");
        j.str(&q.fact);
        if let Some(p) = q.person {
            j.raw(",\"person\":");
            j.uint(p);
        }
        if let Some(t) = &q.text {
            j.raw(",\"text\":");
            j.str(t);
        }
        if let Some(t) = &q.ty {
            j.raw(",\"type\":");
            j.str(t);
        }
        j.raw(",\"settles\":");
        j.uint(q.settles);
        j.raw("}");
    }

    fn write_rule_errors(&self, j: &mut Json) {
        j.raw(",\"rule_errors\":");
        j.list(&self.errors, |j, ((rule, person), message)| {
            j.raw("{\"rule\":");
            j.str(rule);
            if let Some(p) = person {
                j.raw(",\"person\":");
                j.uint(*p);
            }
            j.raw(",\"message\":");
            j.str(message);
            j.raw("}");
        });
    }

    /// Writes `"failed":[…]` and `"unknown":[…]` (each only when not empty) for the
    /// top-level criteria of a decision, noting the criteria named in `named`.
    fn write_reasons(
        &mut self,
        j: &mut Json,
        first: &mut bool,
        failed: &[usize],
        unknown: &[usize],
        named: &mut Vec<usize>,
    ) {
        let rs = self.rs;
        for (key, list) in [("failed", failed), ("unknown", unknown)] {
            if !list.is_empty() {
                j.key(first, key);
                j.list(list, |j, &c| j.str(&rs.criteria[c].id));
                named.extend_from_slice(list);
            }
        }
    }

    fn write_priority(&self, j: &mut Json, prog: &Program, o: &ProgramOutcome) {
        let Some(pr) = &o.priority else { return };
        j.raw(",\"priority\":{\"status\":");
        match pr.group {
            Some(g) => {
                j.str(status_word(Status::Eligible));
                j.raw(",\"group\":");
                j.str(&prog.priority[g].id);
                j.raw(",\"because\":");
                j.str(&self.rs.criteria[prog.priority[g].when].id);
            }
            None => {
                j.str(status_word(Status::Undetermined));
                if !pr.open.is_empty() {
                    j.raw(",\"missing\":");
                    j.list(pr.open.iter(), |j, m| self.write_path(j, m));
                }
            }
        }
        j.raw("}");
    }

    fn write_service(
        &mut self,
        j: &mut Json,
        o: &ServiceOutcome,
        person: Option<usize>,
        named: &mut Vec<usize>,
    ) {
        let rs = self.rs;
        let s = &rs.services[o.index];
        // As `summary_service`: why a service is not needed is not a reason to show; why
        // it is undetermined is.
        let (_, mut unknown) = if o.need == Tri::Unknown {
            self.reason_indices(&s.need, o.need, person)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut failed = Vec::new();
        if let (Some(list), Some((t, _))) = (&s.eligible, &o.eligible) {
            if o.need != Tri::False {
                let (f, u) = self.reason_indices(list, *t, person);
                failed = f;
                unknown.extend(u);
            }
        }
        j.raw("{\"id\":");
        j.str(&s.id);
        j.raw(",\"need\":");
        j.str(need_word(o.need));
        if let Some((t, _)) = &o.eligible {
            j.raw(",\"eligibility\":");
            j.str(status_word(t.status()));
        }
        let mut first = false;
        self.write_reasons(j, &mut first, &failed, &unknown, named);
        j.raw("}");
    }

    /// The summary as canonical JSON: the same bytes as `summarize(…).to_json()`.
    pub fn summary_json(mut self, only: &Only<'_>, questions: usize) -> (String, Tally) {
        let rs = self.rs;
        let outcome = self.outcome(only);
        let mut j = Json(String::with_capacity(16 * 1024));
        let mut statuses = Tally::default();
        // The criteria the summary names, whose wording it lists.
        let mut named: Vec<usize> = Vec::new();
        self.write_head(&mut j, "summary");
        j.raw(",\"household\":{\"services\":[");
        for (i, o) in outcome.household.iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            self.write_service(&mut j, o, None, &mut named);
            statuses.services.push((o.index, need_of(o.need)));
        }
        j.raw("]},\"persons\":[");
        for (p, po) in outcome.persons.iter().enumerate() {
            if p > 0 {
                j.raw(",");
            }
            self.write_person_head(&mut j, p);
            j.raw(",\"programs\":[");
            for (i, o) in po.programs.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                let prog = &rs.programs[o.index];
                let (failed, unknown) = self.reason_indices(&prog.eligible, o.truth, Some(p));
                j.raw("{\"id\":");
                j.str(&prog.id);
                j.raw(",\"status\":");
                j.str(status_word(o.truth.status()));
                self.write_priority(&mut j, prog, o);
                let mut first = false;
                self.write_reasons(&mut j, &mut first, &failed, &unknown, &mut named);
                j.raw("}");
                statuses.programs.push((o.index, o.truth.status()));
            }
            j.raw("],\"services\":[");
            for (i, o) in po.services.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                self.write_service(&mut j, o, Some(p), &mut named);
                statuses.services.push((o.index, need_of(o.need)));
            }
            j.raw("],\"pathways\":[");
            for (i, l) in po.ladders.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                j.raw("{\"id\":");
                j.str(&rs.ladders[l.index].id);
                j.raw(",\"applies\":");
                j.str(truth_word(l.applies.truth()));
                j.raw(",\"steps\":{");
                // A map by id, in id order (as the typed summary's `BTreeMap`).
                let mut steps: Vec<(&str, StepStatus)> = l
                    .steps
                    .iter()
                    .map(|(s, status, _)| (rs.steps[*s].id.as_str(), *status))
                    .collect();
                steps.sort_by(|a, b| a.0.cmp(b.0));
                steps.dedup_by(|later, earlier| {
                    // A map keeps the last value inserted under a key.
                    if later.0 == earlier.0 {
                        earlier.1 = later.1;
                        true
                    } else {
                        false
                    }
                });
                for (k, (id, status)) in steps.iter().enumerate() {
                    if k > 0 {
                        j.raw(",");
                    }
                    j.str(id);
                    j.raw(":");
                    j.str(step_word(*status));
                }
                j.raw("},\"next\":");
                j.list(&l.next, |j, n| {
                    j.raw("{\"step\":");
                    j.str(&rs.steps[n.step].id);
                    j.raw(",\"status\":");
                    j.str(step_word(n.status));
                    self.write_first(j, &n.first);
                    j.raw("}");
                });
                for n in &l.next {
                    named.extend(n.first.iter().map(|&(_, closes)| closes));
                }
                j.raw("}");
            }
            j.raw("]}");
        }
        j.raw("],\"criteria\":{");
        let mut texts: Vec<(&str, usize)> = named
            .iter()
            .map(|&c| (rs.criteria[c].id.as_str(), c))
            .collect();
        texts.sort_by(|a, b| a.0.cmp(b.0));
        texts.dedup_by(|a, b| a.0 == b.0);
        for (k, (id, c)) in texts.iter().enumerate() {
            if k > 0 {
                j.raw(",");
            }
            j.str(id);
            j.raw(":");
            j.str(self.text_of(&rs.criteria[*c].text));
        }
        j.raw("},\"next_questions\":");
        let asked = outcome
            .questions
            .iter()
            .filter(|(m, _)| !matches!(m, MissingRef::Param(_)));
        j.list(asked.clone().take(questions), |j, (m, settles)| {
            self.write_question(j, m, *settles, true);
        });
        j.raw(",\"more_questions\":");
        j.uint(asked.count().saturating_sub(questions));
        j.raw(",\"unknown_parameters\":");
        j.strs(
            outcome
                .unknown_parameters
                .iter()
                .map(|&p| rs.params[p].id.as_str()),
        );
        self.write_rule_errors(&mut j);
        j.raw("}");
        (j.0, statuses)
    }
}

/// What a full decision names for the household or one person, gathered in the order the
/// typed decision gathers it: each criterion once, and the names they read.
struct Gathered<'a> {
    /// By criterion index: already gathered.
    seen: Vec<bool>,
    criteria: Vec<usize>,
    /// The name, its slot and whom it was read for.
    values: Vec<(&'a str, NameRef, Option<usize>)>,
}

impl<'a> Gathered<'a> {
    fn new(criteria: usize) -> Self {
        Gathered {
            seen: vec![false; criteria],
            criteria: Vec::new(),
            values: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &c in &self.criteria {
            self.seen[c] = false;
        }
        self.criteria.clear();
        self.values.clear();
    }
}

impl<'a> Eval<'a> {
    /// As `explain::gather`: criterion `c` and its parts, each once.
    fn gather_json(&mut self, c: usize, person: Option<usize>, g: &mut Gathered<'a>, depth: usize) {
        let rs = self.rs;
        if g.seen[c] {
            return;
        }
        g.seen[c] = true;
        g.criteria.push(c);
        // Evaluated (memoized) here, as the typed decision does, so rule errors and the
        // parameters used are the same.
        let _ = self.truth_of(c, person);
        let crit = &rs.criteria[c];
        let context = super::who(crit.scope, person);
        if let CriterionBody::Expr(e) = &crit.body {
            for (name, slot) in &e.reads {
                if let NameRef::Param(p) = slot {
                    self.parameters_used.insert(*p);
                }
                g.values.push((name.as_str(), *slot, context));
            }
        }
        if depth < 64 {
            for &k in children(crit) {
                self.gather_json(k, person, g, depth + 1);
            }
        }
    }

    /// Writes `"criteria":{…}` and, when any, `"values":{…}` of what was gathered.
    fn write_gathered(&mut self, j: &mut Json, g: &mut Gathered<'a>, person: Option<usize>) {
        let rs = self.rs;
        let mut ids: Vec<(&str, usize)> = g
            .criteria
            .iter()
            .map(|&c| (rs.criteria[c].id.as_str(), c))
            .collect();
        ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        j.raw(",\"criteria\":{");
        for (k, &(id, c)) in ids.iter().enumerate() {
            if k > 0 {
                j.raw(",");
            }
            let r = self.criterion(c, person);
            let leaf = children(&rs.criteria[c]).is_empty();
            j.str(id);
            j.raw(":{\"status\":");
            j.str(truth_word(r.truth.truth()));
            if r.truth == Tri::Unknown && leaf && !r.missing.is_empty() {
                j.raw(",\"missing\":");
                j.list(r.missing.iter(), |j, m| self.write_path(j, m));
            }
            if let Some(e) = &r.error {
                j.raw(",\"error\":");
                j.str(e);
            }
            j.raw("}");
        }
        j.raw("}");
        // Tables and conversions are parameters, not values; each name once, by name.
        let mut values: Vec<(&str, NameRef, Option<usize>)> = g
            .values
            .iter()
            .copied()
            .filter(|(_, slot, context)| {
                self.lookup(*slot, *context)
                    .0
                    .is_none_or(|v| v.is_listed_value())
            })
            .collect();
        values.sort_by(|a, b| a.0.cmp(b.0));
        values.dedup_by(|a, b| a.0 == b.0);
        if !values.is_empty() {
            j.raw(",\"values\":{");
            for (k, (name, slot, context)) in values.iter().enumerate() {
                if k > 0 {
                    j.raw(",");
                }
                j.str(name);
                j.raw(":");
                match self.lookup(*slot, *context).0 {
                    Some(v) => write_value(j, &v),
                    // Unknown, or known only from below: `{"at_least": "7060.00"}`.
                    None => match self.bound_of(*slot, *context) {
                        Some(b) => {
                            j.raw("{\"at_least\":");
                            write_value(j, &b);
                            j.raw("}");
                        }
                        None => j.raw("null"),
                    },
                }
            }
            j.raw("}");
        }
        g.clear();
    }

    fn write_verdict(&self, j: &mut Json, status: &str, missing: &super::Missing) {
        j.raw("{\"status\":");
        j.str(status);
        if !missing.is_empty() {
            j.raw(",\"missing\":");
            j.list(missing.iter(), |j, m| self.write_path(j, m));
        }
        j.raw("}");
    }

    fn write_full_service(
        &mut self,
        j: &mut Json,
        o: &ServiceOutcome,
        person: Option<usize>,
        g: &mut Gathered<'a>,
    ) {
        let s = &self.rs.services[o.index];
        for &c in s.need.iter().chain(s.eligible.iter().flatten()) {
            self.gather_json(c, person, g, 0);
        }
        j.raw("{\"id\":");
        j.str(&s.id);
        j.raw(",\"need\":");
        self.write_verdict(j, need_word(o.need), &o.need_missing);
        if let Some((t, m)) = &o.eligible {
            j.raw(",\"eligibility\":");
            self.write_verdict(j, status_word(t.status()), m);
        }
        j.raw("}");
    }

    /// The full decision as canonical JSON: the same bytes as `decide(…).to_json()`.
    pub fn full_json(mut self, only: &Only<'_>) -> (String, Tally) {
        let rs = self.rs;
        let outcome = self.outcome(only);
        let mut j = Json(String::with_capacity(64 * 1024));
        let mut tally = Tally::default();
        let mut g = Gathered::new(rs.criteria.len());
        self.write_head(&mut j, "full");
        j.raw(",\"household\":{\"services\":[");
        for (i, o) in outcome.household.iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            self.write_full_service(&mut j, o, None, &mut g);
            tally.services.push((o.index, need_of(o.need)));
        }
        j.raw("]");
        self.write_gathered(&mut j, &mut g, None);
        j.raw("},\"persons\":[");
        for (p, po) in outcome.persons.iter().enumerate() {
            if p > 0 {
                j.raw(",");
            }
            self.write_person_head(&mut j, p);
            j.raw(",\"programs\":[");
            for (i, o) in po.programs.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                let prog = &rs.programs[o.index];
                for &c in &prog.eligible {
                    self.gather_json(c, Some(p), &mut g, 0);
                }
                if let Some(group) = o.priority.as_ref().and_then(|x| x.group) {
                    self.gather_json(prog.priority[group].when, Some(p), &mut g, 0);
                }
                j.raw("{\"id\":");
                j.str(&prog.id);
                j.raw(",\"status\":");
                j.str(status_word(o.truth.status()));
                self.write_priority(&mut j, prog, o);
                if !o.missing.is_empty() {
                    j.raw(",\"missing\":");
                    j.list(o.missing.iter(), |j, m| self.write_path(j, m));
                }
                j.raw("}");
                tally.programs.push((o.index, o.truth.status()));
            }
            j.raw("],\"services\":[");
            for (i, o) in po.services.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                self.write_full_service(&mut j, o, Some(p), &mut g);
                tally.services.push((o.index, need_of(o.need)));
            }
            j.raw("],\"pathways\":[");
            for (i, l) in po.ladders.iter().enumerate() {
                if i > 0 {
                    j.raw(",");
                }
                for (s, _, _) in &l.steps {
                    for &c in &rs.steps[*s].requires {
                        self.gather_json(c, Some(p), &mut g, 0);
                    }
                }
                j.raw("{\"id\":");
                j.str(&rs.ladders[l.index].id);
                j.raw(",\"applies\":");
                j.str(truth_word(l.applies.truth()));
                j.raw(",\"steps\":");
                j.list(&l.steps, |j, (s, status, missing)| {
                    j.raw("{\"id\":");
                    j.str(&rs.steps[*s].id);
                    j.raw(",\"status\":");
                    j.str(step_word(*status));
                    if !missing.is_empty() {
                        j.raw(",\"missing\":");
                        j.list(missing.iter(), |j, m| self.write_path(j, m));
                    }
                    j.raw("}");
                });
                j.raw(",\"next\":");
                j.list(&l.next, |j, n| {
                    j.raw("{\"step\":");
                    j.str(&rs.steps[n.step].id);
                    j.raw(",\"status\":");
                    j.str(step_word(n.status));
                    self.write_first(j, &n.first);
                    if !n.missing.is_empty() {
                        j.raw(",\"missing\":");
                        j.list(n.missing.iter(), |j, m| self.write_path(j, m));
                    }
                    j.raw("}");
                });
                j.raw("}");
            }
            j.raw("]");
            self.write_gathered(&mut j, &mut g, Some(p));
            j.raw("}");
        }
        j.raw("],\"next_questions\":");
        j.list(
            outcome
                .questions
                .iter()
                .filter(|(m, _)| !matches!(m, MissingRef::Param(_))),
            |j, (m, settles)| self.write_question(j, m, *settles, false),
        );
        j.raw(",\"unknown_parameters\":");
        j.strs(
            outcome
                .unknown_parameters
                .iter()
                .map(|&p| rs.params[p].id.as_str()),
        );
        self.write_rule_errors(&mut j);
        j.raw(",\"parameters\":{");
        // By id, as the typed decision's map.
        let mut used: Vec<&Param> = self
            .parameters_used
            .iter()
            .map(|&p| &rs.params[p])
            .collect();
        used.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        for (k, param) in used.into_iter().enumerate() {
            if k > 0 {
                j.raw(",");
            }
            j.str(&param.id);
            j.raw(":{");
            match param.entry_on(self.as_of) {
                Some(e) => {
                    let _ = write!(j.0, "\"from\":\"{}\",\"status\":", e.from);
                    j.str(if e.value.is_some() {
                        &e.status
                    } else {
                        "missing"
                    });
                }
                None => j.raw("\"status\":\"missing\""),
            }
            j.raw("}");
        }
        j.raw("}}");
        (j.0, tally)
    }
}

/// The parts of an `all`, `any`, `not` or `at_least` criterion.
fn children(crit: &Criterion) -> &[usize] {
    match &crit.body {
        CriterionBody::All(k) | CriterionBody::Any(k) | CriterionBody::AtLeast(_, k) => k,
        CriterionBody::Not(k) => std::slice::from_ref(k),
        CriterionBody::Expr(_) => &[],
    }
}

/// A value as the values of a full decision show it (`V::summary_json`).
fn write_value(j: &mut Json, v: &V<'_>) {
    match v {
        V::Bool(b) => j.raw(if *b { "true" } else { "false" }),
        V::Int(n) => {
            let _ = write!(j.0, "{n}");
        }
        V::Text(s) => j.str(s),
        V::List(items) => j.strs(items.iter().map(String::as_str)),
        other => match other.summary_json() {
            serde_json::Value::String(s) => j.str(&s),
            serde_json::Value::Null => j.raw("null"),
            value => j.raw(&value.to_string()),
        },
    }
}

fn need_of(t: Tri) -> Need {
    match t {
        Tri::True => Need::Needed,
        Tri::False => Need::NotNeeded,
        Tri::Unknown => Need::Undetermined,
    }
}

/// Each program's and service's outcome by index, as `Statuses` gives them by id.
#[derive(Default)]
pub(crate) struct Tally {
    pub programs: Vec<(usize, Status)>,
    pub services: Vec<(usize, Need)>,
}

/// Each program's status and each service's need, in the order the summary lists them
/// (household services, then each person's programs and services): what a caseload tool
/// counts without reading the JSON back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statuses<'r> {
    /// Program id and status, per person.
    pub programs: Vec<(&'r str, Status)>,
    /// Service id and need, for the household and then per person.
    pub services: Vec<(&'r str, Need)>,
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("é ü — 中文 \u{7f} \u{2028}");
        let long = "a plain sentence without anything to escape, longer than a chunk";
        for s in [
            "",
            "plain_id",
            long,
            "quote \" and backslash \\ in the middle of a long enough sentence",
            "\n",
            every_byte.as_str(),
        ] {
            let mut j = Json(String::new());
            j.str(s);
            assert_eq!(j.0, serde_json::to_string(s).unwrap_or_default(), "{s:?}");
        }
    }
}
