//! `onramp._native`: the kernel's JSON entry points ([`onramp::api`]) for Python.
//!
//! Like the wasm package, this only re-exports: every decision is the bytes `onramp::api`
//! gives, so a Python backend, a Spark job and the CLI decide alike. It holds no decision
//! logic and no defaults (the as-of date, language and detail come from the caller's
//! options and the kernel decides what a missing one means). The Python layer
//! (`python/onramp/__init__.py`) turns keyword arguments into the kernel's options JSON
//! and dicts into case JSON; reading rule folders is done there too.
//!
//! Failures are the kernel's tagged answers turned into exceptions (`RuleError`,
//! `CaseError`, `OptionsError`, `TargetError`, all `OnrampError`) carrying the kernel's
//! code, message and location. Nothing here unwraps or panics (the workspace lints, copied
//! into this package's manifest, deny it); the release profile unwinds, so even a kernel
//! bug would reach Python as an exception rather than end the interpreter.
//!
//! The batch entry points (`evaluate_many`, `evaluate_arrow`) release the GIL and decide on
//! every core with rayon, as `onramp batch` does.

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::{ArrowError, Field, Schema};
use onramp::api::Limits;
use onramp::{Case, Decision, DecisionSummary, Detail, Options, PriorityDecision};
use pyo3::exceptions::{PyException, PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

// As in the CLI: the kernel allocates many small values per case on every core, and
// mimalloc does that faster than the system allocator (measured with scripts/bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    onramp,
    OnrampError,
    PyException,
    "Base of every error Onramp raises; `code` and `message` are the kernel's."
);
pyo3::create_exception!(
    onramp,
    RuleError,
    OnrampError,
    "The rules do not compile (or the input is no rule set): every diagnostic is in `diagnostics`; `code`, `file`, `line`, `column`, `message` and `help` are the first error's."
);
pyo3::create_exception!(
    onramp,
    CaseError,
    OnrampError,
    "The case text is not a case (not JSON, not an object, too many persons): no decision is made. `line` and `column` say where JSON stopped parsing."
);
pyo3::create_exception!(
    onramp,
    OptionsError,
    OnrampError,
    "The options are wrong (no or a bad as_of date, an unknown detail, an `only` id the rule set does not have)."
);
pyo3::create_exception!(
    onramp,
    TargetError,
    OnrampError,
    "`explain` was asked for a program, service, step or ladder the rule set does not have."
);

/// What a success answer of `onramp::api::evaluate` starts with; the decision follows and
/// one `}` closes it (`api::evaluate_within` writes exactly this).
const DECISION_PREFIX: &str = r#"{"type":"success","decision":"#;
const EXPLANATION_PREFIX: &str = r#"{"type":"success","explanation":"#;
const CATALOG_PREFIX: &str = r#"{"type":"success","catalog":"#;
const SCHEMA_PREFIX: &str = r#"{"type":"success","schema":"#;
const BUNDLE_PREFIX: &str = r#"{"type":"success","bundle":"#;

/// The payload of a tagged success answer (`{"type":"success","<key>":<payload>}`).
fn payload<'a>(answer: &'a str, prefix: &str) -> Option<&'a str> {
    answer.strip_prefix(prefix)?.strip_suffix('}')
}

/// One entry of a failure answer's `errors`: a diagnostic (rules), a case error or an
/// input problem; fields a kind does not have are absent.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct ErrorItem {
    code: String,
    message: String,
    severity: Option<String>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    column_utf16: Option<usize>,
    rule: Option<String>,
    help: Option<String>,
}

#[derive(Deserialize)]
struct FailureAnswer {
    errors: Vec<ErrorItem>,
}

#[derive(Deserialize)]
struct CheckAnswer {
    #[serde(default)]
    warnings: Vec<ErrorItem>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

/// A problem in rule files, as the kernel reports it.
#[pyclass(frozen, module = "onramp", get_all, skip_from_py_object)]
#[derive(Clone, Debug)]
struct Diagnostic {
    /// Stable kebab-case code (`unknown-fact`).
    code: String,
    /// `error` or `warning`.
    severity: String,
    /// One sentence in plain words.
    message: String,
    /// The rule file, as given (relative to the rule folder).
    file: String,
    /// 1-based line.
    line: usize,
    /// 1-based column in characters (Unicode scalar values, as Python indexes strings).
    column: usize,
    /// The id of the rule it belongs to, if any.
    rule: Option<String>,
    /// What to do about it, where the compiler can tell.
    help: Option<String>,
}

impl Diagnostic {
    fn from_item(e: &ErrorItem) -> Diagnostic {
        Diagnostic {
            code: e.code.clone(),
            severity: e.severity.clone().unwrap_or_else(|| "error".into()),
            message: e.message.clone(),
            file: e.file.clone().unwrap_or_default(),
            line: e.line.unwrap_or(0),
            column: e.column.unwrap_or(0),
            rule: e.rule.clone(),
            help: e.help.clone(),
        }
    }
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        format!(
            "Diagnostic(code={:?}, severity={:?}, file={:?}, line={}, column={}, message={:?})",
            self.code, self.severity, self.file, self.line, self.column, self.message
        )
    }

    /// `file:line:column: severity[code]: message (help)`, like a compiler's one-line form.
    fn __str__(&self) -> String {
        let help = self
            .help
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        format!(
            "{}:{}:{}: {}[{}]: {}{help}",
            self.file, self.line, self.column, self.severity, self.code, self.message
        )
    }
}

/// The exception for a failure answer (JSON text the kernel wrote), with the kernel's code,
/// message, location and help as attributes, and every diagnostic for rule errors.
fn failure_error(py: Python<'_>, answer: &str) -> PyErr {
    let errors = serde_json::from_str::<FailureAnswer>(answer)
        .map(|f| f.errors)
        .unwrap_or_default();
    let Some(first) = errors
        .iter()
        .find(|e| e.severity.as_deref() != Some("warning"))
        .or(errors.first())
        .cloned()
    else {
        // The kernel always names at least one error; were it not to, the answer itself
        // is the message rather than a panic.
        return OnrampError::new_err(answer.to_string());
    };
    let is_diagnostic = first.severity.is_some();
    let located = match (&first.file, first.line, first.column) {
        (Some(file), Some(line), Some(column)) if is_diagnostic => {
            format!("{file}:{line}:{column}: ")
        }
        _ => String::new(),
    };
    let more = errors
        .iter()
        .filter(|e| e.severity.as_deref() != Some("warning"))
        .count()
        .saturating_sub(1);
    let text = if more > 0 {
        format!(
            "{located}{} [{}] (and {more} more: see .diagnostics)",
            first.message, first.code
        )
    } else {
        format!("{located}{} [{}]", first.message, first.code)
    };
    let err = match first.code.as_str() {
        "invalid-case" | "too-many-persons" => CaseError::new_err(text),
        "invalid-options" => OptionsError::new_err(text),
        "invalid-target" => TargetError::new_err(text),
        _ => RuleError::new_err(text),
    };
    let value = err.value(py);
    let diagnostics: Vec<Diagnostic> = if is_diagnostic {
        errors.iter().map(Diagnostic::from_item).collect()
    } else {
        Vec::new()
    };
    // Setting attributes on a fresh exception instance only fails when out of memory; the
    // exception is raised either way.
    let _ = value.setattr("code", &first.code);
    let _ = value.setattr("message", &first.message);
    let _ = value.setattr("file", first.file.as_deref().filter(|f| !f.is_empty()));
    let _ = value.setattr("line", first.line);
    let _ = value.setattr("column", first.column);
    let _ = value.setattr("help", &first.help);
    let _ = value.setattr("rule", &first.rule);
    let _ = value.setattr("diagnostics", diagnostics);
    let _ = value.setattr("answer", answer);
    err
}

/// The ids flat status columns are made for, in the catalog's (rule-file) order, as the
/// CSV output of `onramp batch` lists them.
#[derive(Debug)]
struct Ids {
    programs: Vec<String>,
    services: Vec<String>,
    ladders: Vec<String>,
}

/// A compiled rule set: immutable, shared by every thread; evaluate many cases with it.
#[pyclass(frozen, module = "onramp._native", name = "RuleSet")]
struct PyRuleSet {
    inner: Arc<onramp::RuleSet>,
    ids: Ids,
    max_persons: AtomicUsize,
}

impl PyRuleSet {
    fn limits(&self) -> Limits {
        Limits {
            max_persons: self.max_persons.load(Ordering::Relaxed),
        }
    }

    /// Options read by the kernel once for a whole batch; bad options raise before any
    /// case is decided.
    fn batch_options(&self, py: Python<'_>, options_json: &str) -> PyResult<Options> {
        let options = onramp::api::options(options_json).map_err(|f| failure_error(py, &f))?;
        // `api::options` reads the options; the kernel's check of `only` against the rule
        // set runs inside its entry points, so the empty case (always a case) is decided
        // once through `api::evaluate_within` to get exactly its refusal, if any.
        if options.only.is_some() {
            let probe =
                onramp::api::evaluate_within(&self.inner, "{}", options_json, &self.limits());
            if !probe.starts_with(DECISION_PREFIX) {
                return Err(failure_error(py, &probe));
            }
        }
        Ok(options)
    }
}

#[pymethods]
impl PyRuleSet {
    /// Compiles rules given as JSON text: a bundle (`onramp bundle`), `{"files": [{"path",
    /// "text"}]}` or a bare list of files. Raises `RuleError` with every diagnostic.
    #[staticmethod]
    fn load(py: Python<'_>, rules_json: String) -> PyResult<PyRuleSet> {
        let rules = py
            .detach(|| onramp::api::load(&rules_json))
            .map_err(|f| failure_error(py, &f))?;
        let catalog = rules.catalog(None);
        let ids = Ids {
            programs: catalog.programs.iter().map(|p| p.id.clone()).collect(),
            services: catalog.services.iter().map(|p| p.id.clone()).collect(),
            ladders: catalog.ladders.iter().map(|p| p.id.clone()).collect(),
        };
        Ok(PyRuleSet {
            inner: Arc::new(rules),
            ids,
            max_persons: AtomicUsize::new(onramp::api::DEFAULT_MAX_PERSONS),
        })
    }

    /// The kernel's tagged answer for a case, exactly the bytes of `onramp::api::evaluate`
    /// (`{"type":"success","decision":…}` or `{"type":"failure","errors":[…]}`).
    fn evaluate_answer(&self, py: Python<'_>, case_json: String, options_json: String) -> String {
        let limits = self.limits();
        py.detach(|| onramp::api::evaluate_within(&self.inner, &case_json, &options_json, &limits))
    }

    /// The decision for a case as JSON text; raises `CaseError`/`OptionsError` on failure.
    fn evaluate(
        &self,
        py: Python<'_>,
        case_json: String,
        options_json: String,
    ) -> PyResult<String> {
        let answer = self.evaluate_answer(py, case_json, options_json);
        match payload(&answer, DECISION_PREFIX) {
            Some(decision) => Ok(decision.to_string()),
            None => Err(failure_error(py, &answer)),
        }
    }

    /// Decides many cases on every core with the GIL released: a list in input order of
    /// decision JSON texts, and `CaseError` instances (not raised) for texts that are not
    /// cases. Bad options raise once.
    fn evaluate_many(
        &self,
        py: Python<'_>,
        cases: Vec<String>,
        options_json: String,
    ) -> PyResult<Vec<Py<PyAny>>> {
        self.batch_options(py, &options_json)?;
        let limits = self.limits();
        let rules = &self.inner;
        let answers: Vec<String> = py.detach(|| {
            cases
                .par_iter()
                .map(|case| onramp::api::evaluate_within(rules, case, &options_json, &limits))
                .collect()
        });
        answers
            .iter()
            .map(|answer| match payload(answer, DECISION_PREFIX) {
                Some(decision) => Ok(PyString::new(py, decision).into_any().unbind()),
                None => Ok(failure_error(py, answer).into_value(py).into_any()),
            })
            .collect()
    }

    /// Decides an Arrow record batch with one case (JSON text) per row in `column`, on
    /// every core with the GIL released; returns a `pyarrow.RecordBatch` with one row per
    /// input row (see `arrow_schema`).
    fn evaluate_arrow<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        column: &str,
        options_json: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = self.batch_options(py, &options_json)?;
        let batch = RecordBatch::from_pyarrow_bound(batch)?;
        let Some(array) = batch.column_by_name(column) else {
            let names: Vec<String> = batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            return Err(PyKeyError::new_err(format!(
                "no column `{column}` in the batch (it has {})",
                names.join(", ")
            )));
        };
        let texts = string_cells(array)?;
        let limits = self.limits();
        let out = py.detach(|| {
            let rows: Vec<Row> = texts
                .par_iter()
                .map(|text| {
                    self.decide_row(text.unwrap_or("null"), &options, &options_json, &limits)
                })
                .collect();
            self.build_batch(&rows)
        });
        out.map_err(|e| PyValueError::new_err(e.to_string()))?
            .to_pyarrow(py)
    }

    /// The schema of `evaluate_arrow`'s output for this rule set: `id`, `decision`,
    /// `errors`, `failure` (text), then per person (lists, in person order) `person_id`,
    /// `<program>.status`, `<program>.priority`, `<service>.need`,
    /// `<service>.eligibility`, `<ladder>.next`.
    fn arrow_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let empty = self
            .build_batch(&[])
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        empty.schema().to_pyarrow(py)
    }

    /// One item's reasons in full, as JSON text (`onramp::api::explain`'s explanation).
    fn explain(
        &self,
        py: Python<'_>,
        case_json: String,
        options_json: String,
        target: String,
    ) -> PyResult<String> {
        let limits = self.limits();
        let answer = py.detach(|| {
            onramp::api::explain_within(&self.inner, &case_json, &options_json, &target, &limits)
        });
        match payload(&answer, EXPLANATION_PREFIX) {
            Some(e) => Ok(e.to_string()),
            None => Err(failure_error(py, &answer)),
        }
    }

    /// The catalog (names, wording, citations by id) in a language, as JSON text.
    #[pyo3(signature = (lang=None))]
    fn catalog(&self, py: Python<'_>, lang: Option<String>) -> PyResult<String> {
        let answer = onramp::api::catalog(&self.inner, lang.as_deref());
        payload(&answer, CATALOG_PREFIX)
            .map(str::to_string)
            .ok_or_else(|| failure_error(py, &answer))
    }

    /// The facts schema (questions, types, allowed values) in a language, as JSON text.
    #[pyo3(signature = (lang=None))]
    fn schema(&self, py: Python<'_>, lang: Option<String>) -> PyResult<String> {
        let answer = onramp::api::schema(&self.inner, lang.as_deref());
        payload(&answer, SCHEMA_PREFIX)
            .map(str::to_string)
            .ok_or_else(|| failure_error(py, &answer))
    }

    /// The rule set's own tests: `{"type":"success","passed":N,"failed":N,"tests":[…]}`.
    fn run_tests(&self, py: Python<'_>) -> String {
        py.detach(|| onramp::api::run_tests(&self.inner))
    }

    /// The warnings found while compiling (errors would have raised `RuleError`).
    fn warnings(&self) -> Vec<Diagnostic> {
        self.inner
            .warnings()
            .iter()
            .map(|d| Diagnostic {
                code: d.code.to_string(),
                severity: "warning".into(),
                message: d.message.clone(),
                file: d.file.clone(),
                line: d.line,
                column: d.column,
                rule: d.rule.clone(),
                help: d.help.clone(),
            })
            .collect()
    }

    /// The content hash of the rule files (`sha256:…`); every decision carries it.
    #[getter]
    fn hash(&self) -> &str {
        self.inner.hash()
    }

    /// The rule set's name (`[ruleset] name`).
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The rule set's version (`[ruleset] version`).
    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    /// The languages it offers texts in.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.inner.languages().to_vec()
    }

    /// The most persons one case may list (default 50, as every host); a case with more
    /// is a `CaseError` (`too-many-persons`). At most `onramp::MAX_PERSONS` (1 000).
    #[getter]
    fn get_max_persons(&self) -> usize {
        self.max_persons.load(Ordering::Relaxed)
    }

    #[setter]
    fn set_max_persons(&self, value: usize) {
        self.max_persons
            .store(value.min(onramp::MAX_PERSONS), Ordering::Relaxed);
    }
}

/// The case texts of a string column (`string`, `large_string` or `string_view`).
fn string_cells(array: &ArrayRef) -> PyResult<Vec<Option<&str>>> {
    if let Some(a) = array.as_string_opt::<i32>() {
        Ok(a.iter().collect())
    } else if let Some(a) = array.as_string_opt::<i64>() {
        Ok(a.iter().collect())
    } else if let Some(a) = array.as_string_view_opt() {
        Ok(a.iter().collect())
    } else {
        Err(PyTypeError::new_err(format!(
            "the case column must hold JSON text (string), not {}",
            array.data_type()
        )))
    }
}

/// One decided row of `evaluate_arrow`.
#[derive(Debug, Default)]
struct Row {
    id: Option<String>,
    decision: Option<String>,
    errors: Option<String>,
    failure: Option<String>,
    /// Per flat column, one cell per person.
    flat: Vec<Vec<String>>,
}

/// The case's own `id` (text or a number), as `onramp batch` names its records.
#[derive(Deserialize)]
struct CaseId {
    #[serde(default)]
    id: Option<serde_json::Value>,
}

fn case_id(text: &str) -> Option<String> {
    match serde_json::from_str::<CaseId>(text).ok()?.id? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The CSV's priority cell: the group, or the priority's status while none is settled.
fn priority_cell(p: Option<&PriorityDecision>) -> String {
    p.map(|pr| {
        pr.group
            .clone()
            .unwrap_or_else(|| pr.status.as_str().to_string())
    })
    .unwrap_or_default()
}

/// The CSV's next-steps cell: `bridge>step` routes joined by `;`.
fn next_cell<'a>(routes: impl Iterator<Item = (Vec<&'a str>, &'a str)>) -> String {
    routes
        .map(|(first, step)| {
            first
                .into_iter()
                .chain([step])
                .collect::<Vec<_>>()
                .join(">")
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One person's cells of a typed decision, by the flat columns' order.
struct Cells {
    columns: Vec<Vec<String>>,
}

impl Cells {
    fn new(ids: &Ids) -> Cells {
        Cells {
            columns: vec![
                Vec::new();
                1 + 2 * ids.programs.len() + 2 * ids.services.len() + ids.ladders.len()
            ],
        }
    }
    fn push(&mut self, column: usize, cell: String) {
        if let Some(c) = self.columns.get_mut(column) {
            c.push(cell);
        }
    }
}

impl PyRuleSet {
    /// Decides one row: the decision's bytes as `RuleSet::decide` (and so `api::evaluate`)
    /// writes them, and the flat cells read from the same typed decision, with the values
    /// the CSV output of `onramp batch` gives.
    fn decide_row(
        &self,
        text: &str,
        options: &Options,
        options_json: &str,
        limits: &Limits,
    ) -> Row {
        let rules = &*self.inner;
        let case = match Case::from_json_text_at_most(rules, text, limits.max_persons) {
            Ok(case) => case,
            Err(_) => {
                return Row {
                    id: case_id(text),
                    failure: Some(onramp::api::evaluate_within(
                        rules,
                        text,
                        options_json,
                        limits,
                    )),
                    flat: Cells::new(&self.ids).columns,
                    ..Row::default()
                }
            }
        };
        let errors = (!case.errors.is_empty())
            .then(|| serde_json::to_string(&case.errors).unwrap_or_default());
        let (decision, flat) = match options.detail {
            Detail::Summary => {
                let s = rules.summarize(&case, options);
                (s.to_json(), self.summary_cells(&s))
            }
            Detail::Full => {
                let d = rules.evaluate(&case, options);
                (d.to_json(), self.decision_cells(&d))
            }
        };
        Row {
            id: case_id(text),
            decision: Some(decision),
            errors,
            failure: None,
            flat: flat.columns,
        }
    }

    fn summary_cells(&self, s: &DecisionSummary) -> Cells {
        let ids = &self.ids;
        let mut cells = Cells::new(ids);
        for p in &s.persons {
            let mut col = 0;
            cells.push(col, p.id.clone().unwrap_or_default());
            for id in &ids.programs {
                let prog = p.programs.iter().find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    prog.map(|x| x.status.as_str().to_string())
                        .unwrap_or_default(),
                );
                cells.push(
                    col + 2,
                    priority_cell(prog.and_then(|x| x.priority.as_ref())),
                );
                col += 2;
            }
            for id in &ids.services {
                let svc = p
                    .services
                    .iter()
                    .chain(&s.household.services)
                    .find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    svc.map(|x| x.need.as_str().to_string()).unwrap_or_default(),
                );
                cells.push(
                    col + 2,
                    svc.and_then(|x| x.eligibility.map(|e| e.as_str().to_string()))
                        .unwrap_or_default(),
                );
                col += 2;
            }
            for id in &ids.ladders {
                let ladder = p.pathways.iter().find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    ladder
                        .map(|l| {
                            next_cell(l.next.iter().map(|n| {
                                (
                                    n.first.iter().map(|b| b.step.as_str()).collect(),
                                    n.step.as_str(),
                                )
                            }))
                        })
                        .unwrap_or_default(),
                );
                col += 1;
            }
        }
        cells
    }

    fn decision_cells(&self, d: &Decision) -> Cells {
        let ids = &self.ids;
        let mut cells = Cells::new(ids);
        for p in &d.persons {
            let mut col = 0;
            cells.push(col, p.id.clone().unwrap_or_default());
            for id in &ids.programs {
                let prog = p.programs.iter().find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    prog.map(|x| x.status.as_str().to_string())
                        .unwrap_or_default(),
                );
                cells.push(
                    col + 2,
                    priority_cell(prog.and_then(|x| x.priority.as_ref())),
                );
                col += 2;
            }
            for id in &ids.services {
                let svc = p
                    .services
                    .iter()
                    .chain(&d.household.services)
                    .find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    svc.map(|x| x.need.status.as_str().to_string())
                        .unwrap_or_default(),
                );
                cells.push(
                    col + 2,
                    svc.and_then(|x| {
                        x.eligibility
                            .as_ref()
                            .map(|e| e.status.as_str().to_string())
                    })
                    .unwrap_or_default(),
                );
                col += 2;
            }
            for id in &ids.ladders {
                let ladder = p.pathways.iter().find(|x| &x.id == id);
                cells.push(
                    col + 1,
                    ladder
                        .map(|l| {
                            next_cell(l.next.iter().map(|n| {
                                (
                                    n.first.iter().map(|b| b.step.as_str()).collect(),
                                    n.step.as_str(),
                                )
                            }))
                        })
                        .unwrap_or_default(),
                );
                col += 1;
            }
        }
        cells
    }

    /// The output batch: text columns, then one list column per flat column.
    fn build_batch(&self, rows: &[Row]) -> Result<RecordBatch, ArrowError> {
        let mut names: Vec<String> = vec!["person_id".into()];
        for p in &self.ids.programs {
            names.push(format!("{p}.status"));
            names.push(format!("{p}.priority"));
        }
        for s in &self.ids.services {
            names.push(format!("{s}.need"));
            names.push(format!("{s}.eligibility"));
        }
        for l in &self.ids.ladders {
            names.push(format!("{l}.next"));
        }
        // Sized up front: decisions run to kilobytes each, and a builder left to grow
        // copies its buffer again at every doubling (measured: a fifth of the time).
        let text = |get: fn(&Row) -> Option<&str>| -> ArrayRef {
            let bytes = rows.iter().map(|r| get(r).map_or(0, str::len)).sum();
            let mut b = StringBuilder::with_capacity(rows.len(), bytes);
            for r in rows {
                b.append_option(get(r));
            }
            Arc::new(b.finish())
        };
        let mut columns: Vec<(String, ArrayRef)> = vec![
            ("id".into(), text(|r| r.id.as_deref())),
            ("decision".into(), text(|r| r.decision.as_deref())),
            ("errors".into(), text(|r| r.errors.as_deref())),
            ("failure".into(), text(|r| r.failure.as_deref())),
        ];
        for (i, name) in names.into_iter().enumerate() {
            let cells: usize = rows.iter().map(|r| r.flat.get(i).map_or(0, Vec::len)).sum();
            let bytes: usize = rows
                .iter()
                .filter_map(|r| r.flat.get(i))
                .flatten()
                .map(String::len)
                .sum();
            let mut b =
                ListBuilder::with_capacity(StringBuilder::with_capacity(cells, bytes), rows.len());
            for r in rows {
                // A row that is not a case has no persons: null, not an empty list.
                if r.decision.is_none() {
                    b.append_null();
                    continue;
                }
                for cell in r.flat.get(i).into_iter().flatten() {
                    b.values().append_value(cell);
                }
                b.append(true);
            }
            columns.push((name, Arc::new(b.finish())));
        }
        // Every column nullable, whatever this batch holds: the schema is the same for
        // every batch (Spark's `mapInArrow` and `Table.from_batches` compare them).
        let fields: Vec<Field> = columns
            .iter()
            .map(|(name, a)| Field::new(name, a.data_type().clone(), true))
            .collect();
        RecordBatch::try_new(
            Arc::new(Schema::new(fields)),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
    }
}

/// Checks rules given as JSON text: every diagnostic (errors and warnings; empty when the
/// rules are clean), never raising for broken rules.
#[pyfunction]
fn check(py: Python<'_>, rules_json: String) -> PyResult<Vec<Diagnostic>> {
    let answer = py.detach(|| onramp::api::check(&rules_json));
    let parsed: CheckAnswer = serde_json::from_str(&answer)
        .map_err(|e| OnrampError::new_err(format!("unreadable check answer: {e}")))?;
    if parsed
        .errors
        .iter()
        .any(|e| e.severity.is_none() && e.code == "invalid-input")
    {
        return Err(failure_error(py, &answer));
    }
    Ok(parsed
        .errors
        .iter()
        .chain(&parsed.warnings)
        .map(Diagnostic::from_item)
        .collect())
}

/// A bundle (one JSON text with every rule file and the content hash) of rule files given
/// as JSON text; raises `RuleError` when they do not compile.
#[pyfunction]
fn bundle(py: Python<'_>, files_json: String) -> PyResult<String> {
    let answer = py.detach(|| onramp::api::bundle(&files_json));
    payload(&answer, BUNDLE_PREFIX)
        .map(str::to_string)
        .ok_or_else(|| failure_error(py, &answer))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyRuleSet>()?;
    m.add_class::<Diagnostic>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(bundle, m)?)?;
    m.add("OnrampError", py.get_type::<OnrampError>())?;
    m.add("RuleError", py.get_type::<RuleError>())?;
    m.add("CaseError", py.get_type::<CaseError>())?;
    m.add("OptionsError", py.get_type::<OptionsError>())?;
    m.add("TargetError", py.get_type::<TargetError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_PERSONS", onramp::MAX_PERSONS)?;
    Ok(())
}
