//! Reading caseloads a chunk at a time, so that a file of any length is never held in
//! memory: JSONL (one case per line) or CSV (one row per person, see below).
//!
//! CSV convention (also printed by `onramp schema RULES --csv`):
//! - `household_id` (required): consecutive rows with the same id are one household;
//! - `person_id` (optional): the person's `id`;
//! - `household.<fact>`: a household fact (repeated on each row of the household, or given
//!   on one row only; rows that disagree are reported);
//! - `<fact>`: a person fact; `<fact>[<n>].<field>` a field of the n-th record (from 0) of a
//!   records fact such as `incomes[0].amount`;
//! - an empty cell is a fact not given (unknown); `[]` is an empty list (in a list
//!   column, or in the `<fact>` column of a records fact: "has none"), which differs
//!   from unknown; lists are otherwise `;`-separated; true/false
//!   (also yes/no, 1/0) for yes-or-no facts; numbers, money, dates and values as in JSON.

use onramp::{InputError, Schema};
use serde_json::{json, Map, Value};
use std::io::{BufRead, Read, Write};

/// One case read from a caseload, not yet decided.
#[derive(Debug)]
pub struct Input {
    /// The line it starts on (1-based; for CSV the line of the household's first row).
    pub line: u64,
    pub id: Option<String>,
    /// The case as JSON, or why there is none (the line is not a JSON object at all).
    pub case: Result<Value, InputError>,
    /// Problems the reader found beyond those the kernel reports (CSV rows that disagree).
    pub problems: Vec<InputError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Jsonl,
    Csv,
}

impl InputFormat {
    /// `.csv` files are CSV, anything else (and standard input) JSONL.
    pub fn of_path(path: &std::path::Path) -> InputFormat {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            InputFormat::Csv
        } else {
            InputFormat::Jsonl
        }
    }
}

/// A caseload being read.
pub enum CaseReader {
    Jsonl {
        lines: Box<dyn BufRead + Send>,
        line: u64,
    },
    Csv(Box<CsvCases>),
}

impl std::fmt::Debug for CaseReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseReader")
    }
}

/// The id a JSON case gives itself (`"id"`: text or a number).
fn case_id(value: &Value) -> Option<String> {
    match value.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSONL line as an input: JSON that is not an object is not a case at all.
pub fn parse_line(line: u64, text: &str) -> Input {
    let case = match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(InputError {
            path: "(case)".into(),
            expected: "an object like {\"household\": {}, \"persons\": [{}]}".into(),
        }),
        Err(e) => Err(InputError {
            path: "(case)".into(),
            expected: format!("valid JSON ({e})"),
        }),
    };
    Input {
        line,
        id: case.as_ref().ok().and_then(case_id),
        case,
        problems: Vec::new(),
    }
}

impl CaseReader {
    /// Opens `path` (`-` is standard input) in `format`; CSV headers are checked against
    /// the schema here, before anything is decided.
    pub fn open(
        path: &std::path::Path,
        format: InputFormat,
        schema: &Schema,
    ) -> Result<CaseReader, String> {
        let source: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(
                std::fs::File::open(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            )
        };
        let buffered = Box::new(std::io::BufReader::with_capacity(1 << 20, source));
        Ok(match format {
            InputFormat::Jsonl => CaseReader::Jsonl {
                lines: buffered,
                line: 0,
            },
            InputFormat::Csv => CaseReader::Csv(Box::new(CsvCases::new(buffered, schema)?)),
        })
    }

    /// The next at most `max` cases, not yet parsed (parsing is left to the cores that
    /// decide them); an empty list at the end. Errors are IO errors only: a malformed case
    /// is an input with an error, and reading goes on.
    pub fn next_chunk(&mut self, max: usize) -> Result<Vec<Unparsed>, String> {
        match self {
            CaseReader::Jsonl { lines, line } => {
                let mut out = Vec::with_capacity(max);
                while out.len() < max {
                    let mut bytes = Vec::new();
                    let n = lines
                        .read_until(b'\n', &mut bytes)
                        .map_err(|e| format!("cannot read the caseload: {e}"))?;
                    if n == 0 {
                        break;
                    }
                    *line += 1;
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    out.push(match String::from_utf8(bytes) {
                        Ok(text) => Unparsed::Line { line: *line, text },
                        Err(e) => Unparsed::Ready(Input {
                            line: *line,
                            id: None,
                            case: Err(InputError {
                                path: "(case)".into(),
                                expected: format!("UTF-8 text ({})", e.utf8_error()),
                            }),
                            problems: Vec::new(),
                        }),
                    });
                }
                Ok(out)
            }
            CaseReader::Csv(csv) => Ok(csv
                .next_chunk(max)?
                .into_iter()
                .map(Unparsed::Ready)
                .collect()),
        }
    }
}

/// A case as read: a JSONL line still to parse, or an input already made (CSV).
#[derive(Debug)]
pub enum Unparsed {
    Line { line: u64, text: String },
    Ready(Input),
}

impl Unparsed {
    pub fn parse(self) -> Input {
        match self {
            Unparsed::Line { line, text } => parse_line(line, &text),
            Unparsed::Ready(input) => input,
        }
    }
}

/// What a CSV column holds.
#[derive(Clone, Debug)]
enum Column {
    HouseholdId,
    PersonId,
    Household {
        fact: String,
        ty: String,
    },
    Person {
        fact: String,
        ty: String,
    },
    Field {
        fact: String,
        index: usize,
        field: String,
        ty: String,
    },
}

/// The columns of a CSV header, or every problem with it.
fn columns(header: &csv::StringRecord, schema: &Schema) -> Result<Vec<Column>, String> {
    let fact = |scope: &str, id: &str| schema.facts.iter().find(|f| f.scope == scope && f.id == id);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let column = if name == "household_id" {
            Some(Column::HouseholdId)
        } else if name == "person_id" {
            Some(Column::PersonId)
        } else if let Some(id) = name.strip_prefix("household.") {
            fact("household", id).map(|f| Column::Household {
                fact: f.id.clone(),
                ty: f.ty.clone(),
            })
        } else if let Some((id, rest)) = name.split_once('[') {
            let parsed = rest.split_once("].").and_then(|(n, field)| {
                let f = fact("person", id)?;
                let fs = f.fields.iter().find(|x| x.name == field)?;
                Some(Column::Field {
                    fact: f.id.clone(),
                    index: n.parse().ok().filter(|&n: &usize| n < 1000)?,
                    field: fs.name.clone(),
                    ty: fs.ty.clone(),
                })
            });
            parsed
        } else {
            fact("person", name).map(|f| Column::Person {
                fact: f.id.clone(),
                ty: f.ty.clone(),
            })
        };
        match column {
            Some(c) => out.push(c),
            None => problems.push(format!("column {} `{name}`", i + 1)),
        }
    }
    if !out.iter().any(|c| matches!(c, Column::HouseholdId)) {
        problems.push("no `household_id` column".into());
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "the CSV header does not follow the convention (`onramp schema RULES --csv`): {}",
            problems.join("; ")
        ))
    }
}

/// A CSV cell as the JSON value of a fact of type `ty`; what does not parse is passed on
/// as text, for the kernel to report with its path like any malformed field.
fn cell_value(text: &str, ty: &str) -> Value {
    match ty {
        "bool" => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => json!(true),
            "false" | "no" | "0" => json!(false),
            _ => json!(text),
        },
        "integer" => text
            .parse::<i64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
        "list" | "records" if text == "[]" => json!([]),
        "list" => Value::Array(
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| json!(s))
                .collect(),
        ),
        _ => json!(text),
    }
}

/// Households from CSV rows, one household per run of rows with the same `household_id`.
pub struct CsvCases {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    columns: Vec<Column>,
    /// A row read ahead: the first of the next household.
    pending: Option<(u64, csv::StringRecord)>,
    done: bool,
}

impl CsvCases {
    fn new(source: Box<dyn BufRead + Send>, schema: &Schema) -> Result<CsvCases, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
        let header = reader
            .headers()
            .map_err(|e| format!("cannot read the CSV header: {e}"))?
            .clone();
        Ok(CsvCases {
            columns: columns(&header, schema)?,
            reader,
            pending: None,
            done: false,
        })
    }

    fn next_row(&mut self) -> Result<Option<(u64, csv::StringRecord)>, String> {
        if let Some(row) = self.pending.take() {
            return Ok(Some(row));
        }
        if self.done {
            return Ok(None);
        }
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                Ok(Some((line, record)))
            }
            Ok(false) => {
                self.done = true;
                Ok(None)
            }
            Err(e) => Err(format!("cannot read the CSV caseload: {e}")),
        }
    }

    fn household_id(&self, row: &csv::StringRecord) -> String {
        self.columns
            .iter()
            .position(|c| matches!(c, Column::HouseholdId))
            .and_then(|i| row.get(i))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    fn next_chunk(&mut self, max: usize) -> Result<Vec<Input>, String> {
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            let Some((line, first)) = self.next_row()? else {
                break;
            };
            let id = self.household_id(&first);
            let mut rows = vec![(line, first)];
            while let Some((l, row)) = self.next_row()? {
                if self.household_id(&row) == id && !id.is_empty() {
                    rows.push((l, row));
                } else {
                    self.pending = Some((l, row));
                    break;
                }
            }
            out.push(self.household(id, rows));
        }
        Ok(out)
    }

    /// One household's rows as a JSON case.
    fn household(&self, id: String, rows: Vec<(u64, csv::StringRecord)>) -> Input {
        let line = rows.first().map_or(0, |r| r.0);
        let mut household = Map::new();
        let mut persons = Vec::new();
        let mut problems = Vec::new();
        for (p, (row_line, row)) in rows.iter().enumerate() {
            if row.len() != self.columns.len() {
                problems.push(InputError {
                    path: format!("persons[{p}]"),
                    expected: format!(
                        "{} cells on line {row_line}, as in the header (got {})",
                        self.columns.len(),
                        row.len()
                    ),
                });
            }
            let mut person = Map::new();
            for (column, cell) in self.columns.iter().zip(row.iter()) {
                let cell = cell.trim();
                if cell.is_empty() {
                    continue;
                }
                match column {
                    Column::HouseholdId => {}
                    Column::PersonId => {
                        person.insert("id".into(), json!(cell));
                    }
                    Column::Household { fact, ty } => {
                        let v = cell_value(cell, ty);
                        match household.get(fact) {
                            Some(old) if old != &v => problems.push(InputError {
                                path: format!("household.{fact}"),
                                expected: format!(
                                    "the same value on every row of household `{id}` (line {row_line} has `{cell}`, an earlier row {old}); the first is used"
                                ),
                            }),
                            Some(_) => {}
                            None => {
                                household.insert(fact.clone(), v);
                            }
                        }
                    }
                    Column::Person { fact, ty } => {
                        person.insert(fact.clone(), cell_value(cell, ty));
                    }
                    Column::Field {
                        fact,
                        index,
                        field,
                        ty,
                    } => {
                        let list = person
                            .entry(fact.clone())
                            .or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(items) = list {
                            while items.len() <= *index {
                                items.push(Value::Object(Map::new()));
                            }
                            if let Some(Value::Object(rec)) = items.get_mut(*index) {
                                rec.insert(field.clone(), cell_value(cell, ty));
                            }
                        }
                    }
                }
            }
            // Records numbered with a gap (only `incomes[1].…` given) keep their numbers;
            // the empty record in the gap is dropped rather than reported as malformed.
            for v in person.values_mut() {
                if let Value::Array(items) = v {
                    items.retain(|x| !matches!(x, Value::Object(m) if m.is_empty()));
                }
            }
            persons.push(Value::Object(person));
        }
        let case = json!({ "id": id, "household": household, "persons": persons });
        Input {
            line,
            id: (!id.is_empty()).then_some(id),
            case: Ok(case),
            problems,
        }
    }
}

/// The CSV header for a rule set's facts, with `records` columns for up to `records`
/// entries per records fact.
pub fn csv_header(schema: &Schema, records: usize) -> Vec<String> {
    let mut header = vec!["household_id".to_string(), "person_id".to_string()];
    for f in schema.facts.iter().filter(|f| f.scope == "household") {
        header.push(format!("household.{}", f.id));
    }
    for f in schema.facts.iter().filter(|f| f.scope == "person") {
        header.push(f.id.clone());
        if f.ty == "records" {
            for i in 0..records {
                for field in &f.fields {
                    header.push(format!("{}[{i}].{}", f.id, field.name));
                }
            }
        }
    }
    header
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// Writes a JSON case as CSV rows under `header` (from [`csv_header`]): household facts
/// on every row of the household. Values the header has no column for are an error.
pub fn write_csv_case<W: Write>(
    out: &mut csv::Writer<W>,
    header: &[String],
    case: &Value,
) -> Result<(), String> {
    let id = case.get("id").map(cell_text).unwrap_or_default();
    let empty = Map::new();
    let household = case
        .get("household")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let persons = case
        .get("persons")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let position = |name: &str| header.iter().position(|h| h == name);
    for person in &persons {
        let mut row = vec![String::new(); header.len()];
        row[0].clone_from(&id);
        let mut put = |name: String, v: &Value| -> Result<(), String> {
            let i = position(&name).ok_or_else(|| format!("no CSV column for `{name}`"))?;
            row[i] = cell_text(v);
            Ok(())
        };
        for (fact, v) in household {
            put(format!("household.{fact}"), v)?;
        }
        for (fact, v) in person.as_object().unwrap_or(&empty) {
            match v {
                _ if fact == "id" => put("person_id".into(), v)?,
                Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                    for (n, rec) in items.iter().enumerate() {
                        for (field, fv) in rec.as_object().unwrap_or(&empty) {
                            put(format!("{fact}[{n}].{field}"), fv)?;
                        }
                    }
                }
                _ => put(fact.clone(), v)?,
            }
        }
        out.write_record(&row).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// How many cases are decided between two writes: enough for every core to have work,
/// few enough that memory stays small whatever the length of the file.
pub const CHUNK: usize = 1024;

/// A progress spinner on standard error when it is a terminal (hidden otherwise).
pub fn progress(what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{spinner}} {{human_pos}} {what} · {{per_sec}} · {{elapsed}}"
    )) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Reads the caseload a chunk at a time, runs `work` on every case of a chunk on all
/// cores (rayon) and hands the results to `sink` in input order. At most one chunk of
/// inputs and one of results are held at once.
pub fn for_each_case<T: Send>(
    reader: &mut CaseReader,
    bar: &indicatif::ProgressBar,
    work: impl Fn(&Input) -> T + Sync,
    mut sink: impl FnMut(&Input, T) -> Result<(), String>,
) -> Result<(), String> {
    use rayon::prelude::*;
    loop {
        let chunk = reader.next_chunk(CHUNK)?;
        if chunk.is_empty() {
            return Ok(());
        }
        let n = chunk.len() as u64;
        let results: Vec<(Input, T)> = chunk
            .into_par_iter()
            .map(|raw| {
                let input = raw.parse();
                let result = work(&input);
                (input, result)
            })
            .collect();
        for (input, result) in results {
            sink(&input, result)?;
        }
        bar.inc(n);
    }
}
