//! `onramp batch`: a caseload decided on every core, streamed in and out in input order,
//! with a closing count per program and service. A malformed case becomes an error record
//! in the output (with its line and field path) and the run goes on.

use crate::caseload::{for_each_case, CaseReader, Input};
use onramp::{Case, DecisionSummary, Detail, InputError, Need, Options, RuleSet, Status, Statuses};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Csv,
}

/// Counts by status, in the order eligible (or needed), not, undetermined.
pub type Counts = [u64; 3];

/// The closing summary of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    pub cases: u64,
    pub persons: u64,
    /// Cases with any input problem (decided or not).
    pub with_errors: u64,
    /// Cases that could not be decided at all (not a JSON object).
    pub not_decided: u64,
    /// Per program: persons eligible, not eligible, undetermined.
    pub programs: Vec<(String, Counts)>,
    /// Per service: needed, not needed, undetermined (persons, or households for
    /// household services).
    pub services: Vec<(String, Counts)>,
}

/// What deciding one case gives: the output bytes and the statuses to count.
#[derive(Debug, Default)]
pub struct Decided {
    pub output: Vec<u8>,
    pub persons: u64,
    pub programs: Vec<(usize, Status)>,
    pub services: Vec<(usize, Need)>,
    pub problems: Vec<InputError>,
    pub decided: bool,
}

fn slot(s: Status) -> usize {
    match s {
        Status::Eligible => 0,
        Status::Ineligible => 1,
        Status::Undetermined => 2,
    }
}
fn need_slot(n: Need) -> usize {
    match n {
        Need::Needed => 0,
        Need::NotNeeded => 1,
        Need::Undetermined => 2,
    }
}

/// Deciding a caseload with one rule set and options.
pub struct Batch<'r> {
    pub rules: &'r RuleSet,
    pub options: Options,
    pub format: OutputFormat,
    programs: BTreeMap<String, usize>,
    services: BTreeMap<String, usize>,
    program_ids: Vec<String>,
    service_ids: Vec<String>,
    ladder_ids: Vec<String>,
}

impl std::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Batch")
    }
}

impl<'r> Batch<'r> {
    pub fn new(rules: &'r RuleSet, options: Options, format: OutputFormat) -> Batch<'r> {
        let catalog = rules.catalog(None);
        let program_ids: Vec<String> = catalog.programs.iter().map(|p| p.id.clone()).collect();
        let service_ids: Vec<String> = catalog.services.iter().map(|p| p.id.clone()).collect();
        let ladder_ids: Vec<String> = catalog.ladders.iter().map(|p| p.id.clone()).collect();
        Batch {
            rules,
            options,
            format,
            programs: program_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect(),
            services: service_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect(),
            program_ids,
            service_ids,
            ladder_ids,
        }
    }

    /// The CSV output's header: one row per person.
    pub fn csv_header(&self) -> Vec<String> {
        let mut h: Vec<String> = ["line", "id", "person", "person_id", "errors"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for p in &self.program_ids {
            h.push(format!("{p}.status"));
            h.push(format!("{p}.priority"));
        }
        for s in &self.service_ids {
            h.push(format!("{s}.need"));
            h.push(format!("{s}.eligibility"));
        }
        for l in &self.ladder_ids {
            h.push(format!("{l}.next"));
        }
        h
    }

    /// Decides one case into its output record(s).
    pub fn decide(&self, input: &Input) -> Decided {
        let mut d = Decided {
            problems: input.problems.clone(),
            ..Decided::default()
        };
        let case = match &input.case {
            Ok(value) => Case::from_json(self.rules, value),
            Err(e) => {
                d.problems.push(e.clone());
                self.write_error(input, &mut d);
                return d;
            }
        };
        d.problems.extend(case.errors.iter().cloned());
        d.decided = true;
        d.persons = case.person_count() as u64;
        match (self.format, self.options.detail) {
            (OutputFormat::Jsonl, Detail::Full) => {
                let (json, statuses) = self.rules.decision_json(&case, &self.options);
                self.count_statuses(&statuses, &mut d);
                self.write_json(input, &json, &mut d);
            }
            (OutputFormat::Jsonl, Detail::Summary) => {
                // The summary's JSON straight from the kernel, and the statuses to count.
                let (json, statuses) = self.rules.summary_json(&case, &self.options);
                self.count_statuses(&statuses, &mut d);
                self.write_json(input, &json, &mut d);
            }
            (OutputFormat::Csv, _) => {
                let summary = self.rules.summarize(&case, &self.options);
                self.count_summary(&summary, &mut d);
                self.write_csv(input, Some(&summary), &mut d);
            }
        }
        d
    }

    fn count_statuses(&self, s: &Statuses<'_>, d: &mut Decided) {
        for (id, status) in &s.programs {
            if let Some(&i) = self.programs.get(*id) {
                d.programs.push((i, *status));
            }
        }
        for (id, need) in &s.services {
            if let Some(&i) = self.services.get(*id) {
                d.services.push((i, *need));
            }
        }
    }

    fn count_summary(&self, s: &DecisionSummary, d: &mut Decided) {
        for p in &s.persons {
            for prog in &p.programs {
                if let Some(&i) = self.programs.get(&prog.id) {
                    d.programs.push((i, prog.status));
                }
            }
        }
        for svc in s
            .household
            .services
            .iter()
            .chain(s.persons.iter().flat_map(|p| &p.services))
        {
            if let Some(&i) = self.services.get(&svc.id) {
                d.services.push((i, svc.need));
            }
        }
    }

    fn record_head(&self, input: &Input, d: &Decided) -> String {
        let mut out = format!("{{\"line\":{}", input.line);
        if let Some(id) = &input.id {
            let _ = write!(out, ",\"id\":{}", serde_json::Value::from(id.as_str()));
        }
        if !d.problems.is_empty() {
            let _ = write!(
                out,
                ",\"errors\":{}",
                serde_json::to_string(&d.problems).unwrap_or_default()
            );
        }
        out
    }

    /// `{"line":N,"id":…,"errors":[…],"decision":<the bytes `onramp eval` prints>}`.
    fn write_json(&self, input: &Input, decision: &str, d: &mut Decided) {
        let mut out = self.record_head(input, d);
        out.push_str(",\"decision\":");
        out.push_str(decision);
        out.push_str("}\n");
        d.output = out.into_bytes();
    }

    fn write_error(&self, input: &Input, d: &mut Decided) {
        match self.format {
            OutputFormat::Jsonl => {
                let mut out = self.record_head(input, d);
                out.push_str("}\n");
                d.output = out.into_bytes();
            }
            OutputFormat::Csv => self.write_csv(input, None, d),
        }
    }

    fn write_csv(&self, input: &Input, s: Option<&DecisionSummary>, d: &mut Decided) {
        let errors = d
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        let head = |person: String, person_id: String| {
            vec![
                input.line.to_string(),
                input.id.clone().unwrap_or_default(),
                person,
                person_id,
                errors.clone(),
            ]
        };
        let mut rows = Vec::new();
        match s {
            None => {
                let mut row = head(String::new(), String::new());
                row.resize(self.csv_header().len(), String::new());
                rows.push(row);
            }
            Some(s) if s.persons.is_empty() => {
                let mut row = head(String::new(), String::new());
                row.extend(std::iter::repeat_n(
                    String::new(),
                    2 * self.program_ids.len(),
                ));
                for id in &self.service_ids {
                    let svc = s.household.services.iter().find(|x| &x.id == id);
                    row.push(svc.map(|x| x.need.as_str().to_string()).unwrap_or_default());
                    row.push(
                        svc.and_then(|x| x.eligibility.map(|e| e.as_str().to_string()))
                            .unwrap_or_default(),
                    );
                }
                row.extend(std::iter::repeat_n(String::new(), self.ladder_ids.len()));
                rows.push(row);
            }
            Some(s) => {
                for p in &s.persons {
                    let mut row = head(p.index.to_string(), p.id.clone().unwrap_or_default());
                    for id in &self.program_ids {
                        let prog = p.programs.iter().find(|x| &x.id == id);
                        row.push(
                            prog.map(|x| x.status.as_str().to_string())
                                .unwrap_or_default(),
                        );
                        row.push(
                            prog.and_then(|x| x.priority.as_ref())
                                .map(|pr| {
                                    pr.group
                                        .clone()
                                        .unwrap_or_else(|| pr.status.as_str().to_string())
                                })
                                .unwrap_or_default(),
                        );
                    }
                    for id in &self.service_ids {
                        let svc = p
                            .services
                            .iter()
                            .chain(&s.household.services)
                            .find(|x| &x.id == id);
                        row.push(svc.map(|x| x.need.as_str().to_string()).unwrap_or_default());
                        row.push(
                            svc.and_then(|x| x.eligibility.map(|e| e.as_str().to_string()))
                                .unwrap_or_default(),
                        );
                    }
                    for id in &self.ladder_ids {
                        let next = p
                            .pathways
                            .iter()
                            .find(|x| &x.id == id)
                            .map(|l| {
                                l.next
                                    .iter()
                                    .map(|n| {
                                        n.first
                                            .iter()
                                            .map(|b| b.step.as_str())
                                            .chain([n.step.as_str()])
                                            .collect::<Vec<_>>()
                                            .join(">")
                                    })
                                    .collect::<Vec<_>>()
                                    .join(";")
                            })
                            .unwrap_or_default();
                        row.push(next);
                    }
                    rows.push(row);
                }
            }
        }
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        for row in rows {
            let _ = w.write_record(&row);
        }
        d.output = w.into_inner().unwrap_or_default();
    }

    /// Decides every case of `reader` into `out`, in input order; `report` is called with
    /// each input that had problems. Errors are IO errors only.
    pub fn run(
        &self,
        reader: &mut CaseReader,
        out: &mut dyn Write,
        bar: &indicatif::ProgressBar,
        mut report: impl FnMut(&Input, &[InputError]),
    ) -> Result<BatchSummary, String> {
        let write_err = |e: std::io::Error| format!("cannot write the output: {e}");
        if self.format == OutputFormat::Csv {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            let _ = w.write_record(self.csv_header());
            out.write_all(&w.into_inner().unwrap_or_default())
                .map_err(write_err)?;
        }
        let mut summary = BatchSummary {
            programs: self
                .program_ids
                .iter()
                .map(|id| (id.clone(), [0; 3]))
                .collect(),
            services: self
                .service_ids
                .iter()
                .map(|id| (id.clone(), [0; 3]))
                .collect(),
            ..BatchSummary::default()
        };
        for_each_case(
            reader,
            bar,
            |input| self.decide(input),
            |input, d| {
                summary.cases += 1;
                summary.persons += d.persons;
                if !d.problems.is_empty() {
                    summary.with_errors += 1;
                    report(input, &d.problems);
                }
                if !d.decided {
                    summary.not_decided += 1;
                }
                for (i, s) in d.programs {
                    summary.programs[i].1[slot(s)] += 1;
                }
                for (i, n) in d.services {
                    summary.services[i].1[need_slot(n)] += 1;
                }
                out.write_all(&d.output).map_err(write_err)
            },
        )?;
        out.flush().map_err(write_err)?;
        Ok(summary)
    }
}

/// The closing summary as a table.
pub fn render_summary(s: &BatchSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} cases, {} persons; {} with input errors ({} not decided)",
        s.cases, s.persons, s.with_errors, s.not_decided
    );
    let width = s
        .programs
        .iter()
        .chain(&s.services)
        .map(|(id, _)| id.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>10}  {:>12}  {:>12}",
        "program", "eligible", "not eligible", "undetermined"
    );
    for (id, c) in &s.programs {
        let _ = writeln!(
            out,
            "{id:<width$}  {:>10}  {:>12}  {:>12}",
            c[0], c[1], c[2]
        );
    }
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>10}  {:>12}  {:>12}",
        "service", "needed", "not needed", "undetermined"
    );
    for (id, c) in &s.services {
        let _ = writeln!(
            out,
            "{id:<width$}  {:>10}  {:>12}  {:>12}",
            c[0], c[1], c[2]
        );
    }
    out
}
