//! `onramp`: check, test, evaluate and bundle rule sets.

use clap::{Parser, Subcommand, ValueEnum};
use onramp::{Case, CivilDate, Options, RuleSet};
use onramp_cli::{files, render};
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
        /// With text: show every criterion; with JSON: indent.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Run the rule set's tests.
    Test { dir: PathBuf },
    /// Write the rule set and its content hash into one bundle file.
    Bundle {
        dir: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print the facts schema (questions, types, values) as JSON.
    Schema {
        dir: PathBuf,
        #[arg(long)]
        lang: Option<String>,
    },
    /// List the functions rule expressions may call.
    Functions,
    /// Serve the rule set over HTTP (JSON): /v1/evaluate, /v1/schema, /v1/check, /v1/health.
    Serve {
        dir: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Worker threads sharing the compiled rules.
        #[arg(long, default_value_t = 2)]
        workers: usize,
    },
}

fn compile(dir: &std::path::Path) -> Result<(RuleSet, Vec<(String, String)>), ExitCode> {
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

fn run(cli: Cli) -> Result<ExitCode, ExitCode> {
    match cli.command {
        Command::Check { dir, json } => {
            let sources = files::read_rule_files(&dir).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            let (items, summary) = match RuleSet::compile(sources.clone()) {
                Ok(rules) => (rules.warnings().to_vec(), Some(rules.summary())),
                Err(d) => (d.items, None),
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
            verbose,
        } => {
            let (rules, _) = compile(&dir)?;
            let text = std::fs::read_to_string(&case).map_err(|e| {
                eprintln!("error: cannot read {}: {e}", case.display());
                ExitCode::from(2)
            })?;
            let case_as_of = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("as_of").and_then(|d| d.as_str()).map(str::to_string));
            let Some(as_of_text) = as_of.or(case_as_of) else {
                eprintln!("error: give the date to decide for with --as-of YYYY-MM-DD (or `as_of` in the case)");
                return Err(ExitCode::from(2));
            };
            let Some(as_of) = CivilDate::parse(&as_of_text) else {
                eprintln!("error: --as-of: expected a date like 2026-11-23, got `{as_of_text}`");
                return Err(ExitCode::from(2));
            };
            let parsed = Case::from_json_text(&rules, &text);
            let decision = rules.evaluate(&parsed, &Options { as_of, lang });
            match format {
                Format::Json if verbose => emit_line!("{}", decision.to_json_pretty()),
                Format::Json => emit_line!("{}", decision.to_json()),
                Format::Text => emit_text!("{}", render::decision(&decision, verbose)),
            }
            Ok(if decision.input_errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Test { dir } => {
            let (rules, _) = compile(&dir)?;
            let outcomes = rules.run_tests();
            emit_text!("{}", render::test_report(&outcomes));
            Ok(if outcomes.iter().all(|t| t.passed) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Bundle { dir, output } => {
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
        Command::Schema { dir, lang } => {
            let (rules, _) = compile(&dir)?;
            emit_line!(
                "{}",
                serde_json::to_string_pretty(&rules.schema(lang.as_deref())).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { dir, addr, workers } => {
            let (rules, _) = compile(&dir)?;
            onramp_cli::serve::serve(rules, &addr, workers).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
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
