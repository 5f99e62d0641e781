//! The IO of the caseload commands: opening files, progress, reports on standard error.

use onramp::{Options, RuleSet, Schema};
use onramp_cli::batch::{render_summary, Batch, OutputFormat};
use onramp_cli::caseload::{self, CaseReader, InputFormat};
use onramp_cli::generate;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// How many input problems are printed on standard error; all of them are in the output.
const REPORTED: u64 = 20;

fn fail(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// A buffered writer to `path`, or to standard output.
pub fn create_output(path: Option<&Path>) -> Result<Box<dyn Write>, ExitCode> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p)
                .map_err(|e| fail(format!("cannot write {}: {e}", p.display())))?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        )),
    })
}

pub fn open_caseload(
    rules: &RuleSet,
    path: &Path,
    format: InputFormat,
) -> Result<CaseReader, ExitCode> {
    CaseReader::open(path, format, &rules.schema(None)).map_err(fail)
}

pub fn batch(
    rules: &RuleSet,
    options: Options,
    path: &Path,
    input_format: InputFormat,
    output: Option<&Path>,
    output_format: OutputFormat,
    summary_path: Option<&Path>,
) -> Result<ExitCode, ExitCode> {
    let mut reader = open_caseload(rules, path, input_format)?;
    let mut out = create_output(output)?;
    let batch = Batch::new(rules, options, output_format);
    let bar = caseload::progress("cases");
    let started = std::time::Instant::now();
    let mut reported = 0u64;
    let result = batch.run(&mut reader, &mut out, &bar, |input, problems| {
        reported += 1;
        if reported <= REPORTED {
            let id = input
                .id
                .as_ref()
                .map(|id| format!(" ({id})"))
                .unwrap_or_default();
            for p in problems {
                bar.suspend(|| eprintln!("line {}{id}: {p}", input.line));
            }
        }
    });
    bar.finish_and_clear();
    let summary = result.map_err(fail)?;
    if reported > REPORTED {
        eprintln!(
            "… and {} more cases with input errors (each is an error record in the output)",
            reported - REPORTED
        );
    }
    let secs = started.elapsed().as_secs_f64();
    eprint!("{}", render_summary(&summary));
    eprintln!(
        "\n{:.1} s, {:.0} cases/s",
        secs,
        summary.cases as f64 / secs.max(1e-9)
    );
    if let Some(p) = summary_path {
        let json = serde_json::to_string_pretty(&summary).unwrap_or_default();
        std::fs::write(p, json + "\n")
            .map_err(|e| fail(format!("cannot write {}: {e}", p.display())))?;
    }
    Ok(if summary.with_errors > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many records per records fact the generated CSV has columns for (the generator
/// makes at most two).
const CSV_RECORDS: usize = 2;

pub fn generate(
    rules: &RuleSet,
    settings: &generate::Settings,
    households: u64,
    csv: bool,
    output: Option<&Path>,
) -> Result<ExitCode, ExitCode> {
    let schema = rules.schema(None);
    let out = create_output(output)?;
    let write_err = |e: String| fail(format!("cannot write the caseload: {e}"));
    if csv {
        let header = caseload::csv_header(&schema, CSV_RECORDS);
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&header)
            .map_err(|e| write_err(e.to_string()))?;
        for i in 0..households {
            let case = generate::household(&schema, settings, i);
            caseload::write_csv_case(&mut w, &header, &case).map_err(write_err)?;
        }
        w.flush().map_err(|e| write_err(e.to_string()))?;
    } else {
        let mut out = out;
        for i in 0..households {
            let case = generate::household(&schema, settings, i);
            writeln!(out, "{case}").map_err(|e| write_err(e.to_string()))?;
        }
        out.flush().map_err(|e| write_err(e.to_string()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The CSV caseload convention, with this rule set's header.
pub fn csv_convention(schema: &Schema) -> String {
    let mut out = String::from(
        "CSV caseloads: one row per person; consecutive rows with the same household_id are one household.\n\
         - household_id (required); person_id (optional)\n\
         - household.<fact>: a household fact (on every row of the household, or on one)\n\
         - <fact>: a person fact; <fact>[<n>].<field>: field of the n-th record (from 0) of a records fact\n\
         - empty cell: not given (unknown); [] : an empty list (\"none\"); lists are ;-separated\n\
         - yes/no facts: true/false (yes/no, 1/0); numbers, money, dates (YYYY-MM-DD) and values as in JSON\n\
         \nThe header with every fact (two records per records fact):\n",
    );
    out.push_str(&caseload::csv_header(schema, CSV_RECORDS).join(","));
    out.push('\n');
    out
}

/// Writes a report to `path`, or to standard output.
pub fn write_report(path: Option<&Path>, text: &str) -> Result<ExitCode, ExitCode> {
    let mut out = create_output(path)?;
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| fail(format!("cannot write the report: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
