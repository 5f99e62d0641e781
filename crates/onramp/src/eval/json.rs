//! The summary written as JSON straight from the decided outcome, borrowing every id and
//! text from the rule set: no `DecisionSummary` of owned strings is built and then
//! serialized. The bytes are exactly those of `DecisionSummary::to_json` (serde's field
//! order, its skipped empty fields and its string escapes); `tests/properties.rs` checks
//! that over generated cases, and the corpus checks the bytes themselves.

use super::decide::{Only, ProgramOutcome, ServiceOutcome};
use super::{Eval, Tri};
use crate::decision::{Need, Status, StepStatus, Truth};
use crate::model::Program;
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
        // Most ids and texts need no escape: check a chunk at a time (the check has no
        // early exit, so it compiles to a few wide compares), then copy it whole.
        let bytes = s.as_bytes();
        let plain = |chunk: &[u8]| {
            chunk.iter().fold(false, |bad, &b| {
                bad | (b < 0x20) | (b == b'"') | (b == b'\\')
            })
        };
        if !bytes.chunks(16).any(plain) {
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

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Eligible => "eligible",
        Status::Ineligible => "ineligible",
        Status::Undetermined => "undetermined",
    }
}

fn need_word(t: Tri) -> &'static str {
    match t {
        Tri::True => "needed",
        Tri::False => "not_needed",
        Tri::Unknown => "undetermined",
    }
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::Met => "met",
        Truth::NotMet => "not_met",
        Truth::Unknown => "unknown",
    }
}

pub(crate) fn step_word(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Completed => "completed",
        StepStatus::Ready => "ready",
        StepStatus::Blocked => "blocked",
        StepStatus::Undetermined => "undetermined",
    }
}

impl<'a> Eval<'a> {
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
        j.raw(",\"detail\":\"summary\",\"input_errors\":");
        j.list(&self.case.errors, |j, e| {
            j.raw("{\"path\":");
            j.str(&e.path);
            j.raw(",\"expected\":");
            j.str(&e.expected);
            j.raw("}");
        });
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
            j.raw("{\"index\":");
            j.uint(p);
            if let Some(id) = &self.case.persons[p].id {
                j.raw(",\"id\":");
                j.str(id);
            }
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
                    if !n.first.is_empty() {
                        j.raw(",\"first\":");
                        j.list(&n.first, |j, &(step, closes)| {
                            j.raw("{\"step\":");
                            j.str(&rs.steps[step].id);
                            j.raw(",\"closes\":");
                            j.str(&rs.criteria[closes].id);
                            j.raw("}");
                        });
                    }
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
            if let Some(q) = self.question(m, *settles, true) {
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
        j.raw("}");
        (j.0, statuses)
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
