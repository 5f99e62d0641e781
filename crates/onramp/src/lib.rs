//! # Onramp
//!
//! An eligibility and career-pathway rules kernel. Policy staff write rule files (TOML:
//! facts, parameters with dated values, criteria, programs, supportive services, pathway
//! ladders, and tests next to the rules); a host compiles them once into a [`RuleSet`] and
//! evaluates cases against it. For each person of a household a decision says which
//! programs they are eligible for (with the priority-of-service group), which supportive
//! services they need and qualify for, and the next steps on each career ladder — each with
//! why, in three-valued logic: a fact not given is *unknown*, and the decision names the
//! facts still needed, ranked, as the next questions to ask.
//!
//! The same kernel runs in a Rust backend, in the `onramp` command, and in WebAssembly (the
//! screener widget); all of them give the same bytes for the same rules, case and options.
//!
//! ## Example
//!
//! Compile rules, evaluate a case, read the decision:
//!
//! ```
//! use onramp::{Case, CivilDate, Options, RuleSet, Status};
//!
//! let files = vec![(
//!     "ruleset.toml",
//!     r#"
//!         [ruleset]
//!         name = "tiny"
//!         version = "1"
//!         languages = ["en", "es"]
//!
//!         [fact.date_of_birth]
//!         type = "date"
//!         question.en = "What is your date of birth?"
//!         question.es = "¿Cuál es su fecha de nacimiento?"
//!
//!         [derived.age]
//!         type = "integer"
//!         expr = "years_between(date_of_birth, as_of)"
//!
//!         [criterion.adult]
//!         text.en = "Is 18 or older"
//!         text.es = "Tiene 18 años o más"
//!         expr = "age >= 18"
//!         citation = "20 CFR 680.120"
//!
//!         [program.adult_services]
//!         name.en = "Adult services"
//!         name.es = "Servicios para adultos"
//!         citation = "WIOA §134"
//!         eligible = ["adult"]
//!     "#,
//! )];
//! // Every problem in the rules at once, each with file, line, column and a stable code.
//! let rules = RuleSet::compile(files).expect("the rules compile");
//!
//! // The kernel never reads a clock: the host gives the date the decision is made for.
//! let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
//!
//! let case = Case::from_json_text(&rules, r#"{"persons": [{"date_of_birth": "2008-11-23"}]}"#)
//!     .expect("the case is a JSON object");
//! let decision = rules.evaluate(&case, &options);
//! let program = &decision.persons[0].programs[0];
//! assert_eq!((program.id.as_str(), program.status), ("adult_services", Status::Eligible));
//! assert_eq!(decision.persons[0].values["age"], 18);
//!
//! // A fact not given is unknown, and the decision says what would settle it.
//! let case = Case::from_json_text(&rules, r#"{"persons": [{}]}"#).expect("a JSON object");
//! let decision = rules.evaluate(&case, &options);
//! assert_eq!(decision.persons[0].programs[0].status, Status::Undetermined);
//! assert_eq!(decision.next_questions[0].path, "persons[0].date_of_birth");
//!
//! // A malformed field is reported and treated as unknown; it never fails the evaluation.
//! let case = Case::from_json_text(&rules, r#"{"persons": [{"date_of_birth": "soon"}]}"#)
//!     .expect("a JSON object");
//! assert_eq!(rules.evaluate(&case, &options).input_errors[0].path, "persons[0].date_of_birth");
//!
//! // The summary is what a screen shows first (with texts in the language asked for);
//! // `explain` gives one item's reasons in full; both are canonical JSON with `to_json`.
//! let case = Case::from_json_text(&rules, r#"{"persons": [{}]}"#).expect("a JSON object");
//! let spanish = Options { lang: Some("es".into()), ..options.clone() };
//! let summary = rules.summarize(&case, &spanish);
//! assert_eq!(summary.persons[0].programs[0].unknown, ["adult"]);
//! assert_eq!(summary.next_questions[0].text.as_deref(), Some("¿Cuál es su fecha de nacimiento?"));
//! let why = rules.explain(&case, &options, "adult_services").unwrap();
//! assert_eq!(why.decisions[0].explained["adult"].text, "Is 18 or older");
//! assert!(summary.to_json().starts_with(r#"{"rules":{"name":"tiny""#));
//! ```
//!
//! ## In a backend
//!
//! Compile once at start, share the [`RuleSet`] (it is immutable and `Send + Sync`: an
//! `Arc<RuleSet>` or a `static` serves every thread without a lock), evaluate per request.
//! Compiling the NYC rule set takes milliseconds; evaluating a household and writing its
//! summary as JSON takes about 0.2 ms natively (release build). The repository's
//! `examples/backend` is a small HTTP service built this way, with a test.
//!
//! ```no_run
//! use onramp::{Case, CivilDate, Detail, Options, RuleSet};
//! use std::sync::Arc;
//!
//! fn rule_files(dir: &str) -> std::io::Result<Vec<(String, String)>> {
//!     let mut files = Vec::new();
//!     for entry in std::fs::read_dir(dir)? {
//!         let path = entry?.path();
//!         if path.extension().is_some_and(|e| e == "toml") {
//!             let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
//!             files.push((name, std::fs::read_to_string(&path)?));
//!         }
//!     }
//!     Ok(files)
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // At start: a rule set with errors stops the service, listing each problem.
//! let rules = match RuleSet::compile(rule_files("rules/nyc")?) {
//!     Ok(rules) => Arc::new(rules),
//!     Err(diagnostics) => {
//!         for d in &diagnostics.items {
//!             eprintln!("{d}"); // file:line:column: error[code]: message, and help
//!         }
//!         return Err(diagnostics.into());
//!     }
//! };
//!
//! // Per request, on any thread.
//! let workers: Vec<_> = (0..4)
//!     .map(|_| {
//!         let rules = Arc::clone(&rules);
//!         std::thread::spawn(move || {
//!             let body = r#"{"household": {"household_size": 1}, "persons": [{}]}"#;
//!             // Text that is not a case is an error (no decision), with line and column.
//!             let case = Case::from_json_text(&rules, body).expect("a JSON object");
//!             let options = Options {
//!                 detail: Detail::Summary,
//!                 ..Options::new(CivilDate::parse("2026-11-23").expect("a date"))
//!             };
//!             rules.decide(&case, &options) // JSON text, the same bytes as the wasm package
//!         })
//!     })
//!     .collect();
//! for worker in workers {
//!     println!("{}", worker.join().expect("a worker"));
//! }
//! # Ok(())
//! # }
//! ```
//!
//! What a host calls:
//! - [`RuleSet::compile`] from (path, text) pairs (the kernel reads no files), or
//!   [`RuleSet::from_bundle`] from a one-file [`Bundle`] whose content hash is checked;
//!   [`RuleSet::warnings`] lists what compiled but deserves attention.
//! - [`Case::from_json_text`] / [`Case::from_json`]: a case validated against the rule
//!   set's facts; malformed fields become unknown and are listed in `input_errors`. Text
//!   that is not a JSON object is a [`CaseError`], never a decision for an empty case;
//!   [`Case::from_json_text_at_most`] also refuses more persons than a host decides.
//! - [`Options`]: the as-of date, the language, the detail level, and `only` to decide just
//!   some programs, services and ladders.
//! - [`RuleSet::evaluate`] ([`Decision`], every criterion's result), [`RuleSet::summarize`]
//!   ([`DecisionSummary`]), [`RuleSet::explain`] ([`Explained`]), [`RuleSet::decide`] (JSON
//!   at the detail the options ask for).
//! - [`RuleSet::catalog`] (names, wording and citations by id: what decisions refer to,
//!   fetched once per rule set and language), [`RuleSet::schema`] (the questions, for
//!   building forms), [`RuleSet::run_tests`] (the rule set's own tests).
//! - [`api`]: the same as JSON text in, tagged JSON text out, for hosts that pass JSON
//!   through (the CLI's HTTP mode and the wasm package are built on it).
//!
//! ## Guarantees
//! - **Pure.** No files, clock, environment, randomness or threads inside the kernel.
//! - **Deterministic.** Same rules, case and options give the same bytes on every target;
//!   money is exact (cents), there is no floating point in decisions.
//! - **Sound unknowns.** When a decision is definite with facts missing, no values for them
//!   could change it.
//! - **No panics.** Bad rules give [`Diagnostics`], bad cases give [`InputError`]s, a
//!   runtime fault in a rule (an overflow, say) becomes a `rule_errors` entry and an unknown
//!   criterion. Evaluation is bounded: rule expressions have no loops or calls of their own,
//!   and their size and depth are limited at compile time.
//!
//! ## Rhai, and the crates you link it with
//! Rule expressions (`age >= 18 && is_resident`) are parsed by [Rhai](https://rhai.rs);
//! the kernel type-checks the tree, lowers it to its own operations and runs those. Rhai's
//! interpreter never runs a rule. Onramp turns on only additive Rhai features (`std`,
//! `internals`), so it leaves Rhai as the rest of your build has it: scripts of your own
//! with floats, object maps or functions keep working. The rule language does not change
//! with Rhai's features either: decimal numbers, object maps, closures, loops, `import`
//! and the like are compile errors (`unsupported-syntax`, `expr-syntax`) in every build.
//!
//! One limit: the kernel switches Rhai's optimizer off by name, so a build in which another
//! crate turns on Rhai's `no_optimize` needs this crate's `rhai-without-optimizer` feature
//! too (below); likewise Rhai's `unchecked` is not supported (the kernel sets its limits).
//!
//! ## Cargo features
//! None is on by default, and a backend needs none.
//! - `rhai-oracle` — for Onramp's own tests: registers the kernel's functions in Rhai and
//!   can run every expression in Rhai's interpreter as well (`tests/lowered.rs` checks that
//!   both decide alike). Turns on Rhai's `sync`. Not for shipped builds.
//! - `rhai-without-optimizer` — for final artifacts only (the wasm package uses it, for
//!   size): turns on Rhai's subtractive `no_optimize`, which changes Rhai for every crate in
//!   the build. Never enable it from a library.
//!
//! ## Minimum supported Rust version
//! Rust 1.85, declared as `rust-version`. It is the highest `rust-version` among the
//! dependencies a build of this crate uses (`toml` 1.x, `indexmap`, `hashbrown` declare
//! 1.85), so an older compiler could not build it anyway; the kernel's own code uses
//! nothing newer, which CI checks with clippy's `incompatible_msrv` lint and a check of the
//! dependencies' declared versions (`scripts/msrv.sh`). Raising it is a minor release.

#![forbid(unsafe_code)]
// Without the compiler, what only compiling uses (the rule-file readers' helpers, the
// bundle input types, the compiled form's writer) goes unused: the default build, which
// has the compiler, keeps the dead-code lint for all of it.
#![cfg_attr(
    not(feature = "compiler"),
    allow(dead_code, reason = "parts used only by the compiler")
)]
#![warn(missing_docs)]

pub mod access_nyc;
pub mod api;
mod bundle;
mod case;
mod catalog;
#[cfg(feature = "compiler")]
mod check;
#[cfg(feature = "compiler")]
mod compile;
mod compiled;
mod coverage;
mod date;
mod decision;
mod diag;
#[cfg(feature = "compiler")]
mod engine;
mod eval;
#[cfg(feature = "compiler")]
mod forbidden;
mod lower;
mod model;
mod money;
#[cfg(feature = "rhai-oracle")]
mod oracle;
mod schema;
#[cfg(feature = "compiler")]
mod syntax;
mod testing;
mod value;
mod whatif;

pub use bundle::{Bundle, BundleFile, BUNDLE_FORMAT};
pub use case::{Case, CaseError, InputError, MAX_PERSONS};
pub use compiled::{CompiledError, COMPILED_FORMAT, KERNEL_BUILD, KERNEL_FINGERPRINT};
pub use coverage::{Coverage, CoverageItem};
pub use date::{years_between, CivilDate};
pub use decision::*;
pub use diag::{Diagnostic, Diagnostics, Severity, DIAGNOSTIC_CODES};
pub use eval::Statuses;
pub use model::LanguageStatus;
pub use money::{Money, Percent};
pub use schema::{FactSchema, FieldSchema, Schema, ValueLabel};
pub use testing::{RuleTest, TestOutcome};
pub use whatif::{
    Change, Closer, FromDate, PathToQualify, Qualify, QualifyOptions, QualifyTarget, SearchReport,
    Sweep, SweepInterval, SweepItem, SweepOptions, WagePeriod,
};

use model::*;

/// Options of one evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The date the decision is made for: ages, parameters in force and look-back periods
    /// all use it. The kernel never reads a clock.
    pub as_of: CivilDate,
    /// The language of texts; the rule set's default language when `None` or not offered.
    pub lang: Option<String>,
    /// How much the decision explains (`summary` or `full`).
    pub detail: Detail,
    /// Decide only these programs, services and ladders (by id); `None` decides all.
    /// Ids the rule set does not have are ignored by the library; `api::options` refuses
    /// them by name.
    pub only: Option<Vec<String>>,
}

impl Options {
    /// Options for a decision on `as_of`, in the default language, with full explanations.
    pub fn new(as_of: CivilDate) -> Options {
        Options {
            as_of,
            lang: None,
            detail: Detail::Full,
            only: None,
        }
    }
}

/// How much a decision explains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Statuses, priority groups, the top-level criteria that failed or are unknown (with
    /// their text), missing facts and the first next questions: what a screen shows first.
    Summary,
    /// Every criterion each decision touched, its status, the values read (once per
    /// person), the parameters in force and the facts waited for; texts are in the
    /// rule set's catalog.
    #[default]
    Full,
}

/// A compiled rule set: immutable, evaluated many times.
pub struct RuleSet {
    pub(crate) meta: Meta,
    pub(crate) facts: Vec<Fact>,
    /// Fact indices by id: every key of every case is looked up here.
    pub(crate) fact_ids: std::collections::BTreeMap<String, usize>,
    pub(crate) params: Vec<Param>,
    pub(crate) derived: Vec<Derived>,
    pub(crate) criteria: Vec<Criterion>,
    pub(crate) programs: Vec<Program>,
    pub(crate) services: Vec<Service>,
    pub(crate) ladders: Vec<Ladder>,
    pub(crate) steps: Vec<Step>,
    pub(crate) tests: Vec<RuleTest>,
    /// The one Rhai engine, built at compile time and never changed afterwards; the rule
    /// set keeps it only to run expressions in Rhai as well (the oracle build).
    #[cfg(feature = "rhai-oracle")]
    pub(crate) engine: rhai::Engine,
    pub(crate) hash: String,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Every text by its translation key (`program.wioa_adult.name`), for templates; empty
    /// in a rule set loaded from its compiled form.
    #[cfg(feature = "compiler")]
    pub(crate) text_index: compile::TextIndex,
}

// Backends compile a rule set once and share it across threads (an `Arc<RuleSet>`, or a
// `static`): this fails to build if a field ever stops being `Send + Sync`.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<RuleSet>();
    shared::<Case>();
    shared::<Decision>();
    shared::<DecisionSummary>();
};

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("name", &self.meta.name)
            .field("version", &self.meta.version)
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
}

impl RuleSet {
    #[cfg(feature = "compiler")]
    /// Compiles a rule set from its files, given as (path, text) pairs; only `.toml` files
    /// hold rules, others are ignored (but hashed). Reports every problem at once.
    pub fn compile<P: Into<String>, T: Into<String>>(
        sources: impl IntoIterator<Item = (P, T)>,
    ) -> Result<RuleSet, Diagnostics> {
        let mut files: Vec<syntax::SourceFile> = sources
            .into_iter()
            .map(|(p, t)| syntax::SourceFile {
                path: p.into(),
                text: t.into(),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let (rules, _other): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| f.path.ends_with(".toml"));
        compile::compile(rules)
    }

    #[cfg(feature = "compiler")]
    /// Compiles a bundle, checking that its files still match its hash.
    pub fn from_bundle(bundle: &Bundle) -> Result<RuleSet, Diagnostics> {
        let rules = RuleSet::compile(
            bundle
                .files
                .iter()
                .map(|f| (f.path.clone(), f.text.clone())),
        )?;
        if rules.hash != bundle.hash {
            let diagnostic = Diagnostic {
                code: "bundle-hash",
                severity: Severity::Error,
                message: format!(
                    "the bundle's files hash to `{}`, not to the `{}` it records",
                    rules.hash, bundle.hash
                ),
                file: String::new(),
                line: 1,
                column: 1,
                column_utf16: 1,
                start: 0,
                end: 0,
                rule: None,
                help: Some("rebuild the bundle with `onramp bundle`".into()),
            };
            return Err(Diagnostics {
                items: vec![diagnostic],
            });
        }
        Ok(rules)
    }

    #[cfg(feature = "compiler")]
    /// A bundle of the given files (the same files this rule set was compiled from).
    pub fn bundle<P: Into<String>, T: Into<String>>(
        sources: impl IntoIterator<Item = (P, T)>,
    ) -> Result<Bundle, Diagnostics> {
        let mut files: Vec<BundleFile> = sources
            .into_iter()
            .map(|(p, t)| BundleFile {
                path: p.into(),
                text: t.into(),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.retain(|f| f.path.ends_with(".toml"));
        let rules = RuleSet::compile(files.iter().map(|f| (f.path.clone(), f.text.clone())))?;
        Ok(Bundle {
            format: BUNDLE_FORMAT.into(),
            name: rules.meta.name.clone(),
            version: rules.meta.version.clone(),
            hash: rules.hash.clone(),
            files,
        })
    }

    #[cfg(feature = "compiler")]
    /// The rule set in compiled form (`COMPILED_FORMAT`): the checked, lowered rules,
    /// which [`RuleSet::from_compiled`] loads without the compiler, giving the same
    /// decisions byte for byte. It loads only in this build of the kernel, and leaves out
    /// the rule tests and the compile warnings.
    pub fn to_compiled(&self) -> Vec<u8> {
        compiled::write(self)
    }

    /// Loads a rule set in compiled form, as [`RuleSet::to_compiled`] wrote it.
    pub fn from_compiled(bytes: &[u8]) -> Result<RuleSet, CompiledError> {
        compiled::read(bytes)
    }

    /// The language texts come in: `lang` when the rule set offers it, else its default.
    pub(crate) fn language<'l>(&'l self, lang: Option<&'l str>) -> &'l str {
        lang.filter(|l| self.meta.languages.iter().any(|x| x == l))
            .unwrap_or(&self.meta.default_language)
    }

    fn evaluator<'a>(&'a self, case: &'a Case, options: &Options) -> eval::Eval<'a> {
        let lang = self.language(options.lang.as_deref()).to_string();
        eval::Eval::new(self, case, options.as_of, lang)
    }

    /// An evaluator for a summary, which explains nothing below the top-level criteria:
    /// criteria trees stop at the first child that settles them.
    fn summary_evaluator<'a>(&'a self, case: &'a Case, options: &Options) -> eval::Eval<'a> {
        self.evaluator(case, options).settling_early()
    }

    /// Decides programs, services and next pathway steps for every person of the case,
    /// with full explanations (whatever `options.detail` says; see [`RuleSet::decide`]).
    pub fn evaluate(&self, case: &Case, options: &Options) -> Decision {
        self.evaluator(case, options)
            .decide(&eval::Only(options.only.as_deref()))
    }

    /// "How could I qualify?": for a program, service or step the person has not reached
    /// (every program, when `options.target` is `None`), the smallest verified sets of
    /// changes to `changeable` facts that reach it, and the first date time alone does.
    /// An unknown target or person is an error.
    pub fn qualify(&self, case: &Case, options: &QualifyOptions) -> Result<Vec<Qualify>, String> {
        whatif::qualify::qualify(self, case, options)
    }

    /// The wage cliff: every income-tested program's and service's status over a range of
    /// one person's wage, with the break points exact to the cent.
    pub fn sweep(&self, case: &Case, options: &SweepOptions) -> Result<Sweep, String> {
        whatif::sweep::sweep(self, case, options)
    }

    /// The summary of the decision: statuses and top-level reasons, no explanations.
    pub fn summarize(&self, case: &Case, options: &Options) -> DecisionSummary {
        self.summary_evaluator(case, options).summarize(
            &eval::Only(options.only.as_deref()),
            eval::SUMMARY_QUESTIONS,
        )
    }

    /// The decision at the detail level `options.detail` asks for, as canonical JSON.
    pub fn decide(&self, case: &Case, options: &Options) -> String {
        match options.detail {
            Detail::Summary => self.summary_json(case, options).0,
            Detail::Full => self.decision_json(case, options).0,
        }
    }

    /// The full decision as canonical JSON (the same bytes as `evaluate(…).to_json()`),
    /// written straight from the evaluation without building a [`Decision`], with each
    /// program's status and each service's need.
    pub fn decision_json(&self, case: &Case, options: &Options) -> (String, Statuses<'_>) {
        let (json, tally) = self
            .evaluator(case, options)
            .full_json(&eval::Only(options.only.as_deref()));
        (json, self.statuses(tally))
    }

    /// The summary as canonical JSON (the same bytes as `summarize(…).to_json()`), written
    /// straight from the evaluation without building a [`DecisionSummary`], with each
    /// program's status and each service's need for a host that counts them.
    pub fn summary_json(&self, case: &Case, options: &Options) -> (String, Statuses<'_>) {
        let (json, tally) = self.summary_evaluator(case, options).summary_json(
            &eval::Only(options.only.as_deref()),
            eval::SUMMARY_QUESTIONS,
        );
        (json, self.statuses(tally))
    }

    fn statuses(&self, tally: eval::Tally) -> Statuses<'_> {
        Statuses {
            programs: tally
                .programs
                .into_iter()
                .map(|(i, s)| (self.programs[i].id.as_str(), s))
                .collect(),
            services: tally
                .services
                .into_iter()
                .map(|(i, n)| (self.services[i].id.as_str(), n))
                .collect(),
        }
    }

    /// The full reasons for one program, service, step or ladder (by id, or `kind:id` such
    /// as `ladder:healthcare` where kinds share an id), for everyone it concerns, with their
    /// wording: what a screen shows when a person opens "why".
    pub fn explain(
        &self,
        case: &Case,
        options: &Options,
        target: &str,
    ) -> Result<Explained, String> {
        self.evaluator(case, options).explain(target)
    }

    /// The same decision with every rule expression run by Rhai's interpreter instead of
    /// the kernel's lowered form: the oracle for the differential test, never for hosts.
    #[cfg(feature = "rhai-oracle")]
    #[doc(hidden)]
    pub fn evaluate_in_rhai(&self, case: &Case, options: &Options) -> Decision {
        let mut eval = self.evaluator(case, options);
        eval.in_rhai = true;
        eval.decide(&eval::Only(options.only.as_deref()))
    }

    /// Whether `id` names a program, service or ladder (what `Options::only` takes).
    pub fn has_item(&self, id: &str) -> bool {
        self.item_ids().any(|x| x == id)
    }

    fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.programs
            .iter()
            .map(|x| x.id.as_str())
            .chain(self.services.iter().map(|x| x.id.as_str()))
            .chain(self.ladders.iter().map(|x| x.id.as_str()))
    }

    /// Warnings found while compiling (missing translations, unverified figures in use …).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The content hash of the rule files: decisions carry it.
    pub fn hash(&self) -> &str {
        &self.hash
    }
    /// The rule set's name (from `[ruleset]`).
    pub fn name(&self) -> &str {
        &self.meta.name
    }
    /// The rule set's version (from `[ruleset]`).
    pub fn version(&self) -> &str {
        &self.meta.version
    }
    /// The languages it offers texts in (`[ruleset] languages`).
    pub fn languages(&self) -> &[String] {
        &self.meta.languages
    }
    /// Each language's translation status (`source`, `reviewed`, `unreviewed`, `unstated`)
    /// and how many of the rule set's texts it has and lacks, in the order of `languages`.
    pub fn translations(&self) -> &[LanguageStatus] {
        &self.meta.translations
    }
    /// A translation file for `lang` to start from: every text's key with the default
    /// language's text (or the language's own text where it has one already). `None` when
    /// `lang` is not one of the rule set's languages, or the rule set was loaded from its
    /// compiled form (which keeps no index of its texts: make templates from the files).
    #[cfg(feature = "compiler")]
    pub fn translation_template(&self, lang: &str) -> Option<String> {
        if self.text_index.is_empty() {
            return None;
        }
        let status = self.meta.translations.iter().find(|s| s.language == lang)?;
        Some(compile::template(
            &self.text_index,
            lang,
            &self.meta.default_language,
            Some(status),
        ))
    }
    /// The rule set's own tests.
    pub fn tests(&self) -> &[RuleTest] {
        &self.tests
    }
    /// Counts of each kind of rule, for summaries.
    pub fn summary(&self) -> Summary {
        Summary {
            facts: self.facts.len(),
            parameters: self.params.len(),
            derived: self.derived.len(),
            criteria: self.criteria.len(),
            programs: self.programs.len(),
            services: self.services.len(),
            ladders: self.ladders.len(),
            steps: self.steps.len(),
            tests: self.tests.len(),
        }
    }

    /// The functions rule expressions may call, as `name(argument kinds) -> result: what it does`.
    #[cfg(feature = "compiler")]
    pub fn functions() -> Vec<String> {
        engine::FUNCTIONS
            .iter()
            .map(engine::Sig::describe)
            .collect()
    }

    pub(crate) fn fact_index(&self, id: &str) -> Option<(usize, &Fact)> {
        let &i = self.fact_ids.get(id)?;
        self.facts.get(i).map(|f| (i, f))
    }
}

/// How many rules of each kind a rule set has.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Facts.
    pub facts: usize,
    /// Parameters.
    pub parameters: usize,
    /// Derived facts.
    pub derived: usize,
    /// Criteria.
    pub criteria: usize,
    /// Programs.
    pub programs: usize,
    /// Supportive services.
    pub services: usize,
    /// Pathway ladders.
    pub ladders: usize,
    /// Pathway steps.
    pub steps: usize,
    /// The rule set's own tests.
    pub tests: usize,
}
