//! `onramp`: check, test, evaluate and bundle rule sets.

use clap::{Parser, Subcommand, ValueEnum};
use onramp::{Case, CivilDate, Detail, Options, RuleSet};
use onramp_cli::batch::OutputFormat;
use onramp_cli::caseload::InputFormat;
use onramp_cli::{files, render};

mod caseload_cmd;

// A caseload allocates and frees many small values per case on every core; mimalloc does
// that markedly faster than the system allocator (measured on `batch`, see README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

macro_rules! emit_text {
    ($($arg:tt)*) => { emit(&format!($($arg)*)) };
}
macro_rules! emit_line {
    ($($arg:tt)*) => { emit(&(format!($($arg)*) + "\n")) };
}

/// Writes to standard output, ignoring a reader that went away (`onramp eval … | head`).
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

#[derive(Parser)]
#[command(
    name = "onramp",
    version,
    about = "Eligibility and career-pathway rules: check, test, evaluate, bundle"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CaseloadFormat {
    Jsonl,
    Csv,
}

/// How `onramp sweep` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SweepFormat {
    Text,
    Json,
    Svg,
    Html,
}

/// What `onramp eval` reads.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputArg {
    /// An Onramp case: {"household": {...}, "persons": [{...}]}.
    Onramp,
    /// An NYC Benefits Screening API (ACCESS NYC) request body.
    AccessNyc,
}

/// How `onramp eval --input access-nyc` answers.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AnswerArg {
    /// The API's response shape: eligiblePrograms by code, and what is undetermined.
    AccessNyc,
    /// Onramp's decision for the mapped case (text or JSON, any detail).
    Onramp,
    /// The mapped Onramp case itself, as JSON.
    Case,
}

/// How a flag an ACCESS NYC payload leaves out is read.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AbsentArg {
    /// As the API's schema defines it: false (and no incomes or expenses).
    False,
    /// As Onramp reads every case: unknown.
    Unknown,
}

#[derive(Clone, Copy, ValueEnum)]
enum DetailArg {
    Summary,
    Full,
}

#[derive(Subcommand)]
enum Command {
    /// Check a rule set and show every problem as a code frame.
    Check {
        /// The rule set's folder (or a bundle file).
        dir: PathBuf,
        /// Print diagnostics as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a case: programs, services, next steps, and what is still missing.
    Eval {
        dir: PathBuf,
        /// The case, as JSON: {"household": {...}, "persons": [{...}]}.
        case: PathBuf,
        /// The date to decide for (YYYY-MM-DD); defaults to the case's `as_of`.
        #[arg(long)]
        as_of: Option<String>,
        /// The language of texts (en, es, zh …).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// With JSON: `summary` (statuses and top-level reasons) or `full` (every
        /// criterion; texts are in `onramp catalog`). Text always shows the full reasons.
        #[arg(long, value_enum, default_value = "full")]
        detail: DetailArg,
        /// Decide only these programs, services and ladders (ids, comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// With text: show every criterion; with JSON: indent.
        #[arg(long, short)]
        verbose: bool,
        /// What the case file holds: an Onramp case, or an NYC Benefits Screening API
        /// (ACCESS NYC) request body (`POST /eligibilityPrograms`; needs --as-of).
        #[arg(long, value_enum, default_value = "onramp")]
        input: InputArg,
        /// With --input access-nyc: the API's response shape (the default), Onramp's
        /// decision, or the mapped case.
        #[arg(long, value_enum, default_value = "access-nyc")]
        answer: AnswerArg,
        /// With --input access-nyc: answer only these program codes (the API's
        /// interestedPrograms, comma-separated: S2R007,S2R034).
        #[arg(long, value_delimiter = ',')]
        interested: Vec<String>,
        /// With --input access-nyc: read a left-out flag as the API does (false) or as
        /// unknown.
        #[arg(long, value_enum, default_value = "false")]
        absent: AbsentArg,
    },
    /// How could this person qualify? Verified change sets and dates for a program,
    /// service or step not reached (every program not reached, without --for).
    Qualify {
        dir: PathBuf,
        case: PathBuf,
        /// The program, service or step (id, or kind:id); default: every program.
        #[arg(long = "for")]
        target: Option<String>,
        /// The person (index in the case).
        #[arg(long, default_value_t = 0)]
        person: usize,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        /// The most changes in one path.
        #[arg(long, default_value_t = 3)]
        max_changes: usize,
        /// The most evaluations per target.
        #[arg(long, default_value_t = 1500)]
        budget: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// The wage cliff: every income-tested program and service over a range of one
    /// person's wage (`--wage 15..35/hour --hours 35`, or `--wage 20000..60000/year`).
    Sweep {
        dir: PathBuf,
        case: PathBuf,
        #[arg(long, default_value_t = 0)]
        person: usize,
        /// FROM..TO/hour or FROM..TO/year.
        #[arg(long)]
        wage: String,
        /// Hours worked a week (for an hourly wage).
        #[arg(long)]
        hours: Option<i64>,
        /// Evenly spaced samples; break points are then found to the cent.
        #[arg(long, default_value_t = 200)]
        points: usize,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        /// text (a table), json, svg or html (the chart with its table).
        #[arg(long, value_enum, default_value = "text")]
        format: SweepFormat,
    },
    /// Explain one program, service, step or ladder for a case in full, with its wording.
    Explain {
        dir: PathBuf,
        case: PathBuf,
        /// The id of the program, service, step or ladder.
        target: String,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print the catalog (names, criterion wording, citations, parameters) as JSON.
    Catalog {
        dir: PathBuf,
        #[arg(long)]
        lang: Option<String>,
    },
    /// Run the rule set's tests.
    Test { dir: PathBuf },
    /// Write the rule set and its content hash into one bundle file.
    Bundle {
        dir: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Write the compiled form instead: the checked, lowered rules, which load without
        /// compiling (in this build of the kernel only; no rule tests or warnings).
        #[arg(long)]
        compiled: bool,
    },
    /// Print the facts schema (questions, types, values) as JSON.
    Schema {
        dir: PathBuf,
        #[arg(long)]
        lang: Option<String>,
        /// Print the CSV caseload convention and header for this rule set instead.
        #[arg(long)]
        csv: bool,
    },
    /// Decide a caseload (JSONL or CSV) on every core: one decision per case, in input
    /// order, and a closing count per program and service on standard error.
    Batch {
        dir: PathBuf,
        /// JSONL (one case per line) or CSV (one row per person, `onramp schema RULES
        /// --csv`); `.csv` files are read as CSV; `-` is standard input.
        caseload: PathBuf,
        /// Where to write the decisions (JSONL, or CSV for a `.csv` name); standard
        /// output when not given.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        as_of: String,
        /// `summary` (the default here) or `full`; CSV output carries statuses only.
        #[arg(long, value_enum, default_value = "summary")]
        detail: DetailArg,
        #[arg(long)]
        lang: Option<String>,
        /// Read the caseload as this format whatever its name.
        #[arg(long, value_enum)]
        input_format: Option<CaseloadFormat>,
        /// Write the output in this format whatever its name.
        #[arg(long, value_enum)]
        output_format: Option<CaseloadFormat>,
        /// Also write the closing summary as JSON to this file.
        #[arg(long)]
        summary: Option<PathBuf>,
    },
    /// Decide a caseload under two rule sets (or dates) and count, per program, service and
    /// step, the persons who move between statuses, with the criteria that changed.
    Diff {
        old: PathBuf,
        new: PathBuf,
        caseload: PathBuf,
        #[arg(long)]
        as_of: String,
        /// Decide the new side on this date instead (to compare dates).
        #[arg(long)]
        as_of_new: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum)]
        input_format: Option<CaseloadFormat>,
    },
    /// Per ladder and step: persons blocked, by which unmet requirement, and the bridge
    /// that closes it (or none); undetermined steps with the facts missing most.
    Gaps {
        dir: PathBuf,
        caseload: PathBuf,
        #[arg(long)]
        as_of: String,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum)]
        input_format: Option<CaseloadFormat>,
    },
    /// Run the rule set's tests and report which criterion outcomes and statuses they
    /// never reach, with file:line, and the share reached.
    Coverage {
        dir: PathBuf,
        /// Fail (exit 1) when less than this percentage of outcomes is reached.
        #[arg(long)]
        min: Option<f64>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Generate a seeded caseload for tests and benchmarks (JSONL, or CSV with --csv).
    Generate {
        dir: PathBuf,
        /// How many households.
        #[arg(long, default_value_t = 1000)]
        households: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The percentage of facts given; the others are left unknown.
        #[arg(long, default_value_t = 85)]
        given: u64,
        #[arg(long, default_value_t = 4)]
        max_persons: usize,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: CaseloadFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Each language's translation status (source, reviewed, unreviewed, unstated) and how
    /// many texts it has and lacks; or, with `--template LANG`, a translation file to start
    /// from (every text's key with the default language's text).
    Translations {
        dir: PathBuf,
        /// Print the statuses as JSON instead.
        #[arg(long)]
        json: bool,
        /// Write a translation template for this language instead.
        #[arg(long, value_name = "LANG")]
        template: Option<String>,
        /// Where to write the template (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// List the functions rule expressions may call.
    Functions,
    /// Serve the rule set over HTTP (JSON): /v1/evaluate, /v1/explain, /v1/schema, /v1/catalog,
    /// /v1/check, /v1/health, /v1/openapi.json; bounded, and stops gracefully on SIGTERM.
    Serve {
        dir: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Worker threads sharing the compiled rules (default: every core).
        #[arg(long)]
        workers: Option<usize>,
        /// Connections that may wait for a worker; beyond that, 503 at once.
        #[arg(long, default_value_t = 64)]
        queue: usize,
        /// The largest request body in bytes; larger is answered 413.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body: usize,
        /// Seconds a request (head and body) may take to arrive; then 408.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// The most persons one case may list; a case with more is answered 400.
        #[arg(long, default_value_t = onramp::api::DEFAULT_MAX_PERSONS)]
        max_persons: usize,
        /// No request log on standard error.
        #[arg(long)]
        quiet: bool,
    },
}

/// The rule set: compiled from its folder or bundle, or loaded from its compiled form.
fn compile(dir: &std::path::Path) -> Result<(RuleSet, Vec<(String, String)>), ExitCode> {
    if files::is_compiled(dir) {
        // Loaded, not compiled: no rule files to show diagnostics in.
        let bytes = std::fs::read(dir).map_err(|e| {
            eprintln!("error: cannot read {}: {e}", dir.display());
            ExitCode::from(2)
        })?;
        return match RuleSet::from_compiled(&bytes) {
            Ok(rules) => Ok((rules, Vec::new())),
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                Err(ExitCode::FAILURE)
            }
        };
    }
    compile_sources(dir)
}

/// Compiles the rule files themselves, for what a compiled form leaves out (the rule tests,
/// the text index): `read_rule_files` refuses a compiled file, saying so.
fn compile_sources(dir: &std::path::Path) -> Result<(RuleSet, Vec<(String, String)>), ExitCode> {
    let sources = files::read_rule_files(dir).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    match RuleSet::compile(sources.clone()) {
        Ok(rules) => Ok((rules, sources)),
        Err(diagnostics) => {
            eprint!("{}", render::diagnostics(&diagnostics.items, &sources));
            Err(ExitCode::FAILURE)
        }
    }
}

/// Reads a case file, and the as-of date from `--as-of` or the case's own `as_of`.
fn read_case(
    rules: &RuleSet,
    path: &std::path::Path,
    as_of: Option<String>,
) -> Result<(Case, CivilDate), ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        ExitCode::from(2)
    })?;
    let case_as_of = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("as_of").and_then(|d| d.as_str()).map(str::to_string));
    let Some(as_of_text) = as_of.or(case_as_of) else {
        eprintln!(
            "error: give the date to decide for with --as-of YYYY-MM-DD (or `as_of` in the case)"
        );
        return Err(ExitCode::from(2));
    };
    let Some(as_of) = CivilDate::parse(&as_of_text) else {
        eprintln!("error: --as-of: expected a date like 2026-11-23, got `{as_of_text}`");
        return Err(ExitCode::from(2));
    };
    // Text that is not a case gets no decision: an empty case would be decided as if
    // nobody were in the household.
    let case = Case::from_json_text(rules, &text).map_err(|e| {
        eprintln!("error: {}: {e}", path.display());
        ExitCode::from(2)
    })?;
    Ok((case, as_of))
}

/// `15..35/hour` or `20000..60000.50/year`.
fn parse_wage_range(text: &str) -> Option<(onramp::Money, onramp::Money, onramp::WagePeriod)> {
    let (range, per) = text.rsplit_once('/')?;
    let per = match per.trim() {
        "hour" | "hourly" | "h" => onramp::WagePeriod::Hour,
        "year" | "yearly" | "y" => onramp::WagePeriod::Year,
        _ => return None,
    };
    let (from, to) = range.split_once("..")?;
    Some((
        onramp::Money::parse(from.trim())?,
        onramp::Money::parse(to.trim())?,
        per,
    ))
}

struct AccessNycRun {
    as_of: Option<String>,
    lang: Option<String>,
    answer: AnswerArg,
    interested: Vec<String>,
    absent: AbsentArg,
    format: Format,
    verbose: bool,
}

/// `onramp eval --input access-nyc`: answers in the API's shape (or prints the mapped case)
/// and returns `None`, or returns the mapped case for Onramp's own decision.
fn access_nyc_eval(
    rules: &RuleSet,
    path: &std::path::Path,
    run: &AccessNycRun,
) -> Result<Option<(Case, CivilDate)>, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        ExitCode::from(2)
    })?;
    let Some(as_of_text) = run.as_of.clone() else {
        eprintln!("error: give the date to decide for with --as-of YYYY-MM-DD (an ACCESS NYC payload has none)");
        return Err(ExitCode::from(2));
    };
    let as_of = parse_as_of("--as-of", &as_of_text)?;
    let mut options = serde_json::json!({
        "as_of": as_of_text,
        "absent": match run.absent { AbsentArg::False => "false", AbsentArg::Unknown => "unknown" },
        "answer": match run.answer {
            AnswerArg::AccessNyc => "access-nyc",
            AnswerArg::Onramp | AnswerArg::Case => "case",
        },
    });
    if let Some(lang) = &run.lang {
        options["lang"] = serde_json::json!(lang);
    }
    if !run.interested.is_empty() {
        options["interested_programs"] = serde_json::json!(run.interested);
    }
    let answer_text = onramp::api::access_nyc_within(
        rules,
        &text,
        &options.to_string(),
        &onramp::api::Limits {
            max_persons: onramp::MAX_PERSONS,
        },
    );
    let answer: serde_json::Value = serde_json::from_str(&answer_text).unwrap_or_default();
    if answer["type"] == "failure" {
        for e in answer["errors"].as_array().into_iter().flatten() {
            match e["path"].as_str() {
                Some(at) => eprintln!(
                    "error: {}: {at}: {}",
                    path.display(),
                    e["message"].as_str().unwrap_or("")
                ),
                None => eprintln!(
                    "error: {}: {}",
                    path.display(),
                    e["message"].as_str().unwrap_or("")
                ),
            }
        }
        return Err(ExitCode::from(2));
    }
    match run.answer {
        AnswerArg::Onramp => {
            let case = Case::from_json(rules, &answer["case"]);
            Ok(Some((case, as_of)))
        }
        AnswerArg::Case => {
            emit_line!(
                "{}",
                serde_json::to_string_pretty(&answer["case"]).unwrap_or_default()
            );
            Ok(None)
        }
        AnswerArg::AccessNyc => {
            match (run.format, run.verbose) {
                (Format::Json, false) => emit_line!("{answer_text}"),
                (Format::Json, true) => emit_line!(
                    "{}",
                    serde_json::to_string_pretty(&answer).unwrap_or_default()
                ),
                (Format::Text, _) => emit_text!("{}", render::access_nyc(&answer)),
            }
            Ok(None)
        }
    }
}

fn input_kind(format: Option<CaseloadFormat>, path: &std::path::Path) -> InputFormat {
    match format {
        Some(CaseloadFormat::Csv) => InputFormat::Csv,
        Some(CaseloadFormat::Jsonl) => InputFormat::Jsonl,
        None => InputFormat::of_path(path),
    }
}

fn parse_as_of(flag: &str, text: &str) -> Result<CivilDate, ExitCode> {
    CivilDate::parse(text).ok_or_else(|| {
        eprintln!("error: {flag}: expected a date like 2026-11-23, got `{text}`");
        ExitCode::from(2)
    })
}

fn run(cli: Cli) -> Result<ExitCode, ExitCode> {
    match cli.command {
        Command::Check { dir, json } => {
            let sources = files::read_rule_files(&dir).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            let (items, summary, languages) = match RuleSet::compile(sources.clone()) {
                Ok(rules) => (
                    rules.warnings().to_vec(),
                    Some(rules.summary()),
                    rules.translations().to_vec(),
                ),
                Err(d) => (d.items, None, Vec::new()),
            };
            if json {
                emit_line!(
                    "{}",
                    serde_json::to_string_pretty(&items).unwrap_or_default()
                );
            } else {
                emit_text!("{}", render::diagnostics(&items, &sources));
                if let Some(s) = &summary {
                    emit_line!(
                        "{}: {} facts, {} parameters, {} derived, {} criteria, {} programs, {} services, {} ladders, {} steps, {} tests",
                        dir.display(), s.facts, s.parameters, s.derived, s.criteria, s.programs, s.services, s.ladders, s.steps, s.tests
                    );
                    emit_text!("{}", render::languages(&languages));
                }
            }
            Ok(if summary.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Eval {
            dir,
            case,
            as_of,
            lang,
            format,
            detail,
            only,
            verbose,
            input,
            answer,
            interested,
            absent,
        } => {
            let (rules, _) = compile(&dir)?;
            let (parsed, as_of) = match input {
                InputArg::Onramp => read_case(&rules, &case, as_of)?,
                InputArg::AccessNyc => {
                    let options = AccessNycRun {
                        as_of,
                        lang: lang.clone(),
                        answer,
                        interested,
                        absent,
                        format,
                        verbose,
                    };
                    match access_nyc_eval(&rules, &case, &options)? {
                        Some(read) => read,
                        None => return Ok(ExitCode::SUCCESS),
                    }
                }
            };
            let options = Options {
                lang,
                detail: match detail {
                    DetailArg::Summary => Detail::Summary,
                    DetailArg::Full => Detail::Full,
                },
                only: (!only.is_empty()).then_some(only),
                ..Options::new(as_of)
            };
            for id in options.only.iter().flatten() {
                if !rules.has_item(id) {
                    eprintln!("error: --only: `{id}` is not a program, service or ladder of this rule set");
                    return Err(ExitCode::from(2));
                }
            }
            match (format, options.detail) {
                (Format::Json, Detail::Summary) => {
                    let summary = rules.summarize(&parsed, &options);
                    if verbose {
                        emit_line!(
                            "{}",
                            serde_json::to_string_pretty(&summary).unwrap_or_default()
                        );
                    } else {
                        emit_line!("{}", summary.to_json());
                    }
                }
                (Format::Json, Detail::Full) => {
                    let decision = rules.evaluate(&parsed, &options);
                    if verbose {
                        emit_line!("{}", decision.to_json_pretty());
                    } else {
                        emit_line!("{}", decision.to_json());
                    }
                }
                (Format::Text, _) => {
                    let decision = rules.evaluate(&parsed, &options);
                    let lang = Some(decision.lang.as_str());
                    emit_text!(
                        "{}",
                        render::decision(
                            &decision,
                            &rules.catalog(lang),
                            &rules.schema(lang),
                            verbose
                        )
                    );
                }
            }
            Ok(if parsed.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Qualify {
            dir,
            case,
            target,
            person,
            as_of,
            lang,
            max_changes,
            budget,
            format,
        } => {
            let (rules, _) = compile(&dir)?;
            let (parsed, as_of) = read_case(&rules, &case, as_of)?;
            let options = onramp::QualifyOptions {
                lang,
                target,
                person,
                max_changes,
                budget,
                ..onramp::QualifyOptions::new(as_of)
            };
            match rules.qualify(&parsed, &options) {
                Ok(found) => {
                    match format {
                        Format::Json => {
                            emit_line!("{}", serde_json::to_string(&found).unwrap_or_default())
                        }
                        Format::Text => emit_text!("{}", render::qualify(&found)),
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    Err(ExitCode::from(2))
                }
            }
        }
        Command::Sweep {
            dir,
            case,
            person,
            wage,
            hours,
            points,
            as_of,
            lang,
            format,
        } => {
            let (rules, _) = compile(&dir)?;
            let (parsed, as_of) = read_case(&rules, &case, as_of)?;
            let Some((from, to, per)) = parse_wage_range(&wage) else {
                eprintln!("error: --wage: expected FROM..TO/hour or FROM..TO/year, like 15..35/hour; got `{wage}`");
                return Err(ExitCode::from(2));
            };
            let options = onramp::SweepOptions {
                as_of,
                lang,
                person,
                per,
                from,
                to,
                hours,
                points,
            };
            match rules.sweep(&parsed, &options) {
                Ok(sweep) => {
                    match format {
                        SweepFormat::Json => {
                            emit_line!("{}", serde_json::to_string(&sweep).unwrap_or_default())
                        }
                        SweepFormat::Text => emit_text!("{}", render::sweep_table(&sweep)),
                        SweepFormat::Svg => emit_text!("{}", render::sweep_svg(&sweep)),
                        SweepFormat::Html => emit_text!("{}", render::sweep_html(&sweep)),
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    Err(ExitCode::from(2))
                }
            }
        }
        Command::Explain {
            dir,
            case,
            target,
            as_of,
            lang,
        } => {
            let (rules, _) = compile(&dir)?;
            let (parsed, as_of) = read_case(&rules, &case, as_of)?;
            let options = Options {
                lang,
                ..Options::new(as_of)
            };
            match rules.explain(&parsed, &options, &target) {
                Ok(e) => {
                    emit_line!("{}", serde_json::to_string_pretty(&e).unwrap_or_default());
                    Ok(ExitCode::SUCCESS)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    Err(ExitCode::from(2))
                }
            }
        }
        Command::Catalog { dir, lang } => {
            let (rules, _) = compile(&dir)?;
            emit_line!(
                "{}",
                serde_json::to_string_pretty(&rules.catalog(lang.as_deref())).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Test { dir } => {
            let (rules, _) = compile_sources(&dir)?;
            let outcomes = rules.run_tests();
            emit_text!("{}", render::test_report(&outcomes));
            Ok(if outcomes.iter().all(|t| t.passed) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Bundle {
            dir,
            output,
            compiled: true,
        } => {
            let (rules, _) = compile(&dir)?;
            let bytes = rules.to_compiled();
            std::fs::write(&output, &bytes).map_err(|e| {
                eprintln!("error: cannot write {}: {e}", output.display());
                ExitCode::from(2)
            })?;
            emit_line!(
                "wrote {} (compiled, {} bytes, {}; loads in Onramp {} only)",
                output.display(),
                bytes.len(),
                rules.hash(),
                onramp::KERNEL_BUILD
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle { dir, output, .. } => {
            let sources = files::read_rule_files(&dir).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            match RuleSet::bundle(sources.clone()) {
                Ok(bundle) => {
                    let json = serde_json::to_string(&bundle).unwrap_or_default();
                    std::fs::write(&output, json + "\n").map_err(|e| {
                        eprintln!("error: cannot write {}: {e}", output.display());
                        ExitCode::from(2)
                    })?;
                    emit_line!(
                        "wrote {} ({} files, {})",
                        output.display(),
                        bundle.files.len(),
                        bundle.hash
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(d) => {
                    eprint!("{}", render::diagnostics(&d.items, &sources));
                    Err(ExitCode::FAILURE)
                }
            }
        }
        Command::Schema { dir, lang, csv } => {
            let (rules, _) = compile(&dir)?;
            if csv {
                emit_text!(
                    "{}",
                    caseload_cmd::csv_convention(&rules.schema(lang.as_deref()))
                );
                return Ok(ExitCode::SUCCESS);
            }
            emit_line!(
                "{}",
                serde_json::to_string_pretty(&rules.schema(lang.as_deref())).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            dir,
            addr,
            workers,
            queue,
            max_body,
            timeout,
            max_persons,
            quiet,
        } => {
            let defaults = onramp_cli::serve::Config::default();
            let config = onramp_cli::serve::Config {
                workers: workers.unwrap_or(defaults.workers).max(1),
                queue,
                max_body,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                limits: onramp::api::Limits {
                    max_persons: max_persons.min(onramp::MAX_PERSONS),
                },
                log: !quiet,
                ..defaults
            };
            let (rules, _) = compile(&dir)?;
            onramp_cli::serve::serve(rules, &addr, config).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Batch {
            dir,
            caseload,
            output,
            as_of,
            detail,
            lang,
            input_format,
            output_format,
            summary,
        } => {
            let (rules, _) = compile(&dir)?;
            let options = Options {
                lang,
                detail: match detail {
                    DetailArg::Summary => Detail::Summary,
                    DetailArg::Full => Detail::Full,
                },
                ..Options::new(parse_as_of("--as-of", &as_of)?)
            };
            let input_format = input_kind(input_format, &caseload);
            let output_format = match output_format {
                Some(CaseloadFormat::Csv) => OutputFormat::Csv,
                Some(CaseloadFormat::Jsonl) => OutputFormat::Jsonl,
                None if output
                    .as_ref()
                    .is_some_and(|o| InputFormat::of_path(o) == InputFormat::Csv) =>
                {
                    OutputFormat::Csv
                }
                None => OutputFormat::Jsonl,
            };
            caseload_cmd::batch(
                &rules,
                options,
                &caseload,
                input_format,
                output.as_deref(),
                output_format,
                summary.as_deref(),
            )
        }
        Command::Diff {
            old,
            new,
            caseload,
            as_of,
            as_of_new,
            format,
            output,
            input_format,
        } => {
            let (old_rules, _) = compile(&old)?;
            let (new_rules, _) = compile(&new)?;
            let as_of_old = parse_as_of("--as-of", &as_of)?;
            let as_of_new = match as_of_new {
                Some(d) => parse_as_of("--as-of-new", &d)?,
                None => as_of_old,
            };
            let diff = onramp_cli::diff::Diff::new(
                &old_rules,
                &new_rules,
                Options::new(as_of_old),
                Options::new(as_of_new),
            );
            let mut reader = caseload_cmd::open_caseload(
                &new_rules,
                &caseload,
                input_kind(input_format, &caseload),
            )?;
            let bar = onramp_cli::caseload::progress("cases");
            let report = diff.run(&mut reader, &bar);
            bar.finish_and_clear();
            let report = report.map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            let text = match format {
                ReportFormat::Text => onramp_cli::diff::text(&report),
                ReportFormat::Json => onramp_cli::diff::json(&report) + "\n",
                ReportFormat::Html => onramp_cli::diff::html(&report, &new_rules.catalog(None)),
            };
            caseload_cmd::write_report(output.as_deref(), &text)
        }
        Command::Gaps {
            dir,
            caseload,
            as_of,
            format,
            output,
            lang,
            input_format,
        } => {
            let (rules, _) = compile(&dir)?;
            let options = Options {
                lang,
                ..Options::new(parse_as_of("--as-of", &as_of)?)
            };
            let gaps = onramp_cli::gaps::Gaps::new(&rules, options.clone());
            let mut reader = caseload_cmd::open_caseload(
                &rules,
                &caseload,
                input_kind(input_format, &caseload),
            )?;
            let bar = onramp_cli::caseload::progress("cases");
            let report = gaps.run(&mut reader, &bar);
            bar.finish_and_clear();
            let report = report.map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            let text = match format {
                ReportFormat::Text => onramp_cli::gaps::text(&report),
                ReportFormat::Json => onramp_cli::gaps::json(&report) + "\n",
                ReportFormat::Html => {
                    onramp_cli::gaps::html(&report, &rules.catalog(options.lang.as_deref()))
                }
            };
            caseload_cmd::write_report(output.as_deref(), &text)
        }
        Command::Coverage { dir, min, format } => {
            let (rules, sources) = compile_sources(&dir)?;
            let coverage = rules.coverage();
            match format {
                Format::Text => emit_text!(
                    "{}",
                    onramp_cli::coverage::text(&coverage, &sources, &dir.display().to_string())
                ),
                Format::Json => emit_line!("{}", onramp_cli::coverage::json(&coverage, &sources)),
            }
            match min {
                Some(min) if coverage.percent() < min => {
                    eprintln!(
                        "error: coverage {:.1} % is below the minimum {min} %",
                        coverage.percent()
                    );
                    Ok(ExitCode::FAILURE)
                }
                _ => Ok(ExitCode::SUCCESS),
            }
        }
        Command::Generate {
            dir,
            households,
            seed,
            given,
            max_persons,
            format,
            output,
        } => {
            let (rules, _) = compile(&dir)?;
            let settings = onramp_cli::generate::Settings {
                seed,
                given: given.min(100),
                max_persons,
            };
            caseload_cmd::generate(
                &rules,
                &settings,
                households,
                format == CaseloadFormat::Csv,
                output.as_deref(),
            )
        }
        Command::Translations {
            dir,
            json,
            template,
            output,
        } => {
            // A template lists every text by key: only the rule files have them all.
            let (rules, _) = if template.is_some() {
                compile_sources(&dir)?
            } else {
                compile(&dir)?
            };
            let text = match template {
                Some(lang) => rules.translation_template(&lang).ok_or_else(|| {
                    eprintln!(
                        "error: `{lang}` is not one of the rule set's languages ({}); add it to `languages` in `[ruleset]` first",
                        rules.languages().join(", ")
                    );
                    ExitCode::from(2)
                })?,
                None if json => {
                    serde_json::to_string_pretty(rules.translations()).unwrap_or_default() + "\n"
                }
                None => render::languages(rules.translations()),
            };
            match output {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        ExitCode::from(2)
                    })?;
                    emit_line!("wrote {}", path.display());
                }
                None => emit_text!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Functions => {
            for f in RuleSet::functions() {
                emit_line!("{f}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    run(Cli::parse()).unwrap_or_else(|code| code)
}
