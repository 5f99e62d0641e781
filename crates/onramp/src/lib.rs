//! # Onramp
//!
//! An eligibility and career-pathway rules kernel. Compile a rule set once from its files,
//! then evaluate many cases against it:
//!
//! ```
//! use onramp::{RuleSet, Case, Options, CivilDate};
//!
//! let files = vec![
//!     ("ruleset.toml".to_string(), r#"
//!         [ruleset]
//!         name = "tiny"
//!         version = "1"
//!         languages = ["en"]
//!
//!         [fact.date_of_birth]
//!         type = "date"
//!         question = "What is your date of birth?"
//!
//!         [derived.age]
//!         type = "integer"
//!         expr = "years_between(date_of_birth, as_of)"
//!
//!         [criterion.adult]
//!         text = "Is 18 or older"
//!         expr = "age >= 18"
//!         citation = "20 CFR 680.120"
//!
//!         [program.adult_services]
//!         name = "Adult services"
//!         citation = "WIOA §134"
//!         eligible = ["adult"]
//!     "#.to_string()),
//! ];
//! let rules = RuleSet::compile(files).expect("the rules compile");
//! let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
//!
//! let case = Case::from_json_text(&rules, r#"{"persons": [{"date_of_birth": "2008-11-23"}]}"#);
//! let decision = rules.evaluate(&case, &options);
//! assert_eq!(decision.persons[0].programs[0].status, onramp::Status::Eligible);
//!
//! // A fact not given is unknown, and the decision says what would settle it.
//! let case = Case::from_json_text(&rules, r#"{"persons": [{}]}"#);
//! let decision = rules.evaluate(&case, &options);
//! assert_eq!(decision.persons[0].programs[0].status, onramp::Status::Undetermined);
//! assert_eq!(decision.next_questions[0].path, "persons[0].date_of_birth");
//!
//! // The summary is what a screen shows first; `explain` gives one item's reasons in full.
//! let summary = rules.summarize(&case, &options);
//! assert_eq!(summary.persons[0].programs[0].unknown, ["adult"]);
//! let why = rules.explain(&case, &options, "adult_services").unwrap();
//! assert_eq!(why.decisions[0].explained["adult"].text, "Is 18 or older");
//! ```
//!
//! The kernel is pure: it reads no files, clock, environment or randomness. The same rules,
//! case and options give the same bytes of output on every target.

#![forbid(unsafe_code)]

pub mod api;
mod bundle;
mod case;
mod catalog;
mod check;
mod compile;
mod coverage;
mod date;
mod decision;
mod diag;
mod engine;
mod eval;
mod lower;
mod model;
mod money;
#[cfg(feature = "rhai-oracle")]
mod oracle;
mod schema;
mod syntax;
mod testing;
mod value;

pub use bundle::{Bundle, BundleFile, BUNDLE_FORMAT};
pub use case::{Case, InputError};
pub use coverage::{Coverage, CoverageItem};
pub use date::{years_between, CivilDate};
pub use decision::*;
pub use diag::{Diagnostic, Diagnostics, Severity, DIAGNOSTIC_CODES};
pub use money::{Money, Percent};
pub use schema::{FactSchema, FieldSchema, Schema, ValueLabel};
pub use testing::{RuleTest, TestOutcome};

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
}

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

    /// The language texts come in: `lang` when the rule set offers it, else its default.
    pub(crate) fn language<'l>(&'l self, lang: Option<&'l str>) -> &'l str {
        lang.filter(|l| self.meta.languages.iter().any(|x| x == l))
            .unwrap_or(&self.meta.default_language)
    }

    fn evaluator<'a>(&'a self, case: &'a Case, options: &Options) -> eval::Eval<'a> {
        let lang = self.language(options.lang.as_deref()).to_string();
        eval::Eval::new(self, case, options.as_of, lang)
    }

    /// Decides programs, services and next pathway steps for every person of the case,
    /// with full explanations (whatever `options.detail` says; see [`RuleSet::decide`]).
    pub fn evaluate(&self, case: &Case, options: &Options) -> Decision {
        self.evaluator(case, options)
            .decide(&eval::Only(options.only.as_deref()))
    }

    /// The summary of the decision: statuses and top-level reasons, no explanations.
    pub fn summarize(&self, case: &Case, options: &Options) -> DecisionSummary {
        self.evaluator(case, options).summarize(
            &eval::Only(options.only.as_deref()),
            eval::SUMMARY_QUESTIONS,
        )
    }

    /// The decision at the detail level `options.detail` asks for, as canonical JSON.
    pub fn decide(&self, case: &Case, options: &Options) -> String {
        match options.detail {
            Detail::Summary => self.summarize(case, options).to_json(),
            Detail::Full => self.evaluate(case, options).to_json(),
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
    pub fn name(&self) -> &str {
        &self.meta.name
    }
    pub fn version(&self) -> &str {
        &self.meta.version
    }
    pub fn languages(&self) -> &[String] {
        &self.meta.languages
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
    pub fn functions() -> Vec<String> {
        engine::FUNCTIONS
            .iter()
            .map(engine::Sig::describe)
            .collect()
    }

    pub(crate) fn fact_index(&self, id: &str) -> Option<(usize, &Fact)> {
        self.facts.iter().enumerate().find(|(_, f)| f.id == id)
    }
}

/// How many rules of each kind a rule set has.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub facts: usize,
    pub parameters: usize,
    pub derived: usize,
    pub criteria: usize,
    pub programs: usize,
    pub services: usize,
    pub ladders: usize,
    pub steps: usize,
    pub tests: usize,
}
