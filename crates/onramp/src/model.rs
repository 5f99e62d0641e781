//! The compiled, immutable rule set. Nothing here is serialized to users directly:
//! decisions and schemas are converted into the boundary types of `decision.rs`.

use crate::date::CivilDate;
use crate::money::{Conversion, Money, Percent};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Texts by language code; the rule set's default language is always present.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Texts(pub BTreeMap<String, String>);

impl Texts {
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(default_lang))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Scope {
    Household,
    Person,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Household => "household",
            Scope::Person => "person",
        }
    }
}

/// The value types facts, derived facts and parameters can have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum FactType {
    Bool,
    Integer { min: Option<i64>, max: Option<i64> },
    Money,
    Date,
    Enum { values: Vec<String> },
    List { values: Vec<String> },
    Records { fields: Vec<Field> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Field {
    pub name: String,
    pub ty: FactType,
    pub label: Texts,
    pub labels: BTreeMap<String, Texts>,
}

impl PartialEq for Texts {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for Texts {}

impl FactType {
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Integer { .. } => "integer",
            FactType::Money => "money",
            FactType::Date => "date",
            FactType::Enum { .. } => "enum",
            FactType::List { .. } => "list",
            FactType::Records { .. } => "records",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Fact {
    pub id: String,
    pub scope: Scope,
    pub ty: FactType,
    pub description: String,
    pub question: Texts,
    pub help: Texts,
    pub labels: BTreeMap<String, Texts>,
    pub group: Option<String>,
    /// Whether, and how readily, a person can change it (`changeable`): what "how could
    /// I qualify?" may suggest. `None`: never suggested (a date of birth, a residency
    /// history, veteran status).
    pub changeable: Option<Effort>,
    /// Which way a changeable value can move (`changes = "up"`: to later values of an enum
    /// or larger numbers, as an education level or a test score; `"down"`: the reverse).
    pub direction: Direction,
    /// A day count that grows by one each day (`elapses = "days"`): "how could I qualify?"
    /// advances it with the date.
    pub elapses_days: bool,
    /// The income records a wage sweep writes (`wage = {…}`).
    pub wage: Option<WageRecord>,
}

/// Which way a changeable fact's value can move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Direction {
    Any,
    Up,
    Down,
}

/// How readily a changeable fact can be changed; paths are ranked by it, then by size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Effort {
    /// An answer or an application away (registering with Selective Service, filing FAFSA).
    Now,
    /// Takes study or training (a diploma, a credential, a test score).
    Training,
    /// A change of circumstances (a job, income, where one lives).
    Circumstance,
}

impl Effort {
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Now => "now",
            Effort::Training => "training",
            Effort::Circumstance => "circumstance",
        }
    }
}

/// How a wage is written into a records fact: the record whose `field` is `value` (its
/// earnings), with its amount, frequency and weekly hours in the fields named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WageRecord {
    pub field: String,
    pub value: String,
    pub amount: String,
    pub frequency: String,
    pub hours: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ParamType {
    Money,
    Integer,
    Percent,
    Periods,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum ParamValue {
    Money(Money),
    Integer(i64),
    Percent(Percent),
    /// Behind an `Arc`: five exact ratios are 160 bytes, and every slot holding a value
    /// (memo frames hold many) is as large as the largest kind of value.
    Periods(std::sync::Arc<Conversion>),
    /// A table by household size: `first + each_additional * (n - 1)`.
    Formula {
        first: Money,
        each_additional: Money,
    },
    /// A published table (row 1 = one person) and an optional increment past its last row.
    Table {
        rows: Vec<Money>,
        beyond: Option<Money>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ParamEntry {
    pub from: CivilDate,
    pub until: Option<CivilDate>,
    pub status: String,
    pub source: String,
    pub note: Option<String>,
    /// `None` marks an empty slot: the figure is not known, so lookups are unknown.
    pub value: Option<ParamValue>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Param {
    pub id: String,
    pub ty: ParamType,
    pub by_size: bool,
    pub description: String,
    pub entries: Vec<ParamEntry>,
}

impl Param {
    /// The entry in force on `date`: the latest `from` on or before it, unless it has ended.
    pub fn entry_on(&self, date: CivilDate) -> Option<&ParamEntry> {
        let entry = self.entries.iter().rev().find(|e| e.from <= date)?;
        match entry.until {
            Some(until) if date > until => None,
            _ => Some(entry),
        }
    }
}

/// A name usable in expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum NameRef {
    Fact(usize),
    Derived(usize),
    Param(usize),
    AsOf,
}

/// The type of an expression, as the compiler sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Ty {
    Bool,
    Int,
    Money,
    Date,
    Percent,
    /// A string; `Some(fact)` when it holds a value of that enum fact.
    Text(Option<usize>),
    /// A list of strings; `Some(fact)` when it holds values of that list fact.
    TextList(Option<usize>),
    Records(usize),
    MoneyTable,
    Periods,
}

impl Ty {
    pub fn describe(&self) -> &'static str {
        match self {
            Ty::Bool => "true/false",
            Ty::Int => "a whole number",
            Ty::Money => "money",
            Ty::Date => "a date",
            Ty::Percent => "a percentage",
            Ty::Text(_) => "text",
            Ty::TextList(_) => "a list of values",
            Ty::Records(_) => "a list of records",
            Ty::MoneyTable => "a table by household size",
            Ty::Periods => "an income conversion",
        }
    }
    pub fn same_kind(&self, other: &Ty) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// A compiled Rhai expression and what it reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Expression {
    pub source: String,
    /// Rhai's tree, kept only to run the expression in Rhai as well (the oracle build).
    #[cfg(feature = "rhai-oracle")]
    #[serde(skip)]
    pub ast: rhai::AST,
    /// Names read, in first-use order, with the Rhai variable name.
    pub reads: Vec<(String, NameRef)>,
    /// The expression lowered to the kernel's operation tree (`lower.rs`); an expression
    /// that does not lower is a compile error.
    pub op: crate::lower::Op,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum DerivedBody {
    Expr(Expression),
    Criterion(usize),
    Aggregate {
        op: Aggregate,
        of: NameRef,
        filter: Option<NameRef>,
        /// A household fact counting the persons the filter selects (`unit_size`): the
        /// unit is complete when that many listed persons are in it, even when the
        /// household is not all listed (a family inside a larger household).
        unit_size: Option<NameRef>,
        /// For a sum: the total of the persons not listed (`others`), a household
        /// expression; with it a household not all listed still has a definite total.
        others: Option<Box<Expression>>,
        /// For a sum: every person's term is zero or more (`never_negative`), so the listed
        /// persons' total is a lower bound when the unit is not all listed.
        never_negative: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Aggregate {
    Sum,
    Any,
    All,
    Count,
    Min,
    Max,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Derived {
    pub id: String,
    pub scope: Scope,
    /// The declared (or inferred) type; expressions were checked against it.
    pub ty: Ty,
    pub text: Texts,
    pub body: DerivedBody,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum CriterionBody {
    Expr(Expression),
    All(Vec<usize>),
    Any(Vec<usize>),
    Not(usize),
    AtLeast(usize, Vec<usize>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Criterion {
    pub id: String,
    pub text: Texts,
    pub citation: Option<String>,
    pub closed_by: Option<usize>,
    pub body: CriterionBody,
    pub scope: Scope,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PriorityGroup {
    pub id: String,
    pub name: Texts,
    pub when: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Program {
    pub id: String,
    pub name: Texts,
    pub description: Texts,
    pub citation: Option<String>,
    pub eligible: Vec<usize>,
    pub priority: Vec<PriorityGroup>,
    pub sector: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Service {
    pub id: String,
    pub name: Texts,
    pub description: Texts,
    pub citation: Option<String>,
    pub scope: Scope,
    pub need: Vec<usize>,
    pub eligible: Option<Vec<usize>>,
    pub referral: Texts,
    pub category: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Ladder {
    pub id: String,
    pub name: Texts,
    pub description: Texts,
    pub applies: Option<usize>,
    pub steps: Vec<usize>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Step {
    pub id: String,
    pub name: Texts,
    pub description: Texts,
    pub kind: Option<String>,
    pub requires: Vec<usize>,
    pub after: Vec<usize>,
    pub delivered_by: Vec<usize>,
    pub yields_credential: Option<String>,
    pub yields: Texts,
    /// Completion test: a criterion, or the credential in the credentials fact.
    pub completed: Completion,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum Completion {
    Criterion(usize),
    Credential { fact: usize, credential: String },
    Never,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub name: String,
    pub version: String,
    pub description: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub income_conversion: Option<usize>,
    /// The household fact that counts the household's members (`household_size_fact`).
    /// Household aggregates are definite only when the persons listed are all of them.
    pub household_size_fact: Option<usize>,
    /// A household fact saying the persons listed are the whole household
    /// (`household_complete_fact`), for hosts that list everyone but do not count.
    pub household_complete_fact: Option<usize>,
    /// The question that asks about the household members not yet listed
    /// (`members_question`); `{count}` becomes how many are missing.
    pub members_question: Texts,
    /// Each language's translation status and coverage (translation files).
    #[serde(with = "statuses_as_tuples")]
    pub translations: Vec<LanguageStatus>,
}

/// One language's translation status: who vouches for it and how much of the rule set's
/// text it covers ([`crate::RuleSet::translations`], and `languages` in `api::check`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageStatus {
    /// The language code (`ru`).
    pub language: String,
    /// `source` (the default language: the texts are written in it), `reviewed` or
    /// `unreviewed` (from the language's translation file), or `unstated` (no translation
    /// file says).
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The translation file's `note`.
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The translation file, when the language has one.
    pub file: Option<String>,
    /// How many of the rule set's texts it has (inline or in its file).
    pub texts: usize,
    /// How many it lacks: those show the default language's text instead.
    pub missing: usize,
}

/// The compiled form (postcard, not self-describing) needs every field written: the JSON
/// answers leave out an absent `note` or `file`, so the rule set writes the statuses as
/// tuples instead.
mod statuses_as_tuples {
    use super::LanguageStatus;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Row = (String, String, Option<String>, Option<String>, usize, usize);

    pub fn serialize<S: Serializer>(all: &[LanguageStatus], s: S) -> Result<S::Ok, S::Error> {
        let rows: Vec<Row> = all
            .iter()
            .map(|l| {
                (
                    l.language.clone(),
                    l.status.clone(),
                    l.note.clone(),
                    l.file.clone(),
                    l.texts,
                    l.missing,
                )
            })
            .collect();
        rows.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LanguageStatus>, D::Error> {
        let rows = Vec::<Row>::deserialize(d)?;
        Ok(rows
            .into_iter()
            .map(
                |(language, status, note, file, texts, missing)| LanguageStatus {
                    language,
                    status,
                    note,
                    file,
                    texts,
                    missing,
                },
            )
            .collect())
    }
}
