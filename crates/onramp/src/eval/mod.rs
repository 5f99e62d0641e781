//! Evaluation of one case: lazy, memoized, three-valued (Kleene) logic over the compiled
//! rules. A fact that was not given is unknown; unknown values never become false or zero.
//!
//! The phases, each in its file:
//! - `mod.rs` (here): the per-case state, memo frames by index, reading names by slot;
//! - `expr.rs`: running lowered expressions over borrowed values;
//! - `criteria.rs`: criteria trees, derived facts and aggregates over persons;
//! - `pathways.rs`: step statuses, bridges, ladders' next steps;
//! - `decide.rs`: programs, services and ladders for everyone, the next questions ranked;
//! - `explain.rs`: explanations of criteria (values read, parameters, missing facts);
//! - `render.rs`: the decision at the detail level asked for, and `explain` of one item;
//! - `json.rs`: the full decision and the summary written as JSON straight from the
//!   outcome (what hosts are sent).

mod bounds;
mod criteria;
mod decide;
mod explain;
pub(crate) mod expr;
mod json;
mod missing;
mod pathways;
mod render;
mod standing;

pub(crate) use decide::Only;
pub(crate) use explain::{parameter_ids, rule_word};
#[cfg(feature = "rhai-oracle")]
pub(crate) use expr::Outcome;
pub use json::Statuses;
pub(crate) use json::Tally;
pub(crate) use render::{parameter_entry_of, SUMMARY_QUESTIONS};

pub(crate) use missing::Missing;
pub(crate) use standing::{Item, Standing};

use crate::case::Case;
use crate::date::CivilDate;
use crate::decision::{Status, StepStatus, Truth};
use crate::model::*;
use crate::value::{MissingRef, Val};
use crate::RuleSet;
use expr::V;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn truth(self) -> Truth {
        match self {
            Tri::True => Truth::Met,
            Tri::False => Truth::NotMet,
            Tri::Unknown => Truth::Unknown,
        }
    }
    fn status(self) -> Status {
        match self {
            Tri::True => Status::Eligible,
            Tri::False => Status::Ineligible,
            Tri::Unknown => Status::Undetermined,
        }
    }
}

/// Whom a rule of `scope` is decided for: household rules once for everyone, so their
/// results are memoized in the household's frame whoever asks.
fn who(scope: Scope, person: Option<usize>) -> Option<usize> {
    match scope {
        Scope::Household => None,
        Scope::Person => person,
    }
}

/// The income conversion in force on `as_of`, or the parameter it waits for.
pub(crate) fn conversion_on(
    rs: &RuleSet,
    as_of: CivilDate,
) -> Result<Arc<crate::money::Conversion>, MissingRef> {
    match rs.meta.income_conversion {
        None => Ok(Arc::new(crate::money::Conversion::default())),
        Some(p) => match rs.params[p].entry_on(as_of).and_then(|e| e.value.clone()) {
            Some(ParamValue::Periods(c)) => Ok(c),
            _ => Err(MissingRef::Param(p)),
        },
    }
}

/// A derived fact's value (`None` when unknown) and what it waits for.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub value: Option<Val>,
    pub missing: Missing,
    /// For an unknown number: a value it is surely at least (`eval/bounds.rs`).
    pub at_least: Option<Val>,
}

/// A criterion's outcome. The values an expression read are not kept: explanations read
/// them again (they are memoized), so deciding does not pay for explaining.
#[derive(Clone, Debug)]
pub(crate) struct CritResult {
    pub truth: Tri,
    pub missing: Missing,
    pub error: Option<Rc<str>>,
}

/// Memoized results for the household or one person, by index.
struct Frame {
    derived: Vec<Option<Resolved>>,
    criteria: Vec<Option<CritResult>>,
    /// Step statuses: a step is read by its ladders, by its successors' `after` and by routes.
    steps: Vec<Option<(StepStatus, Missing)>>,
}

impl Frame {
    fn new(rs: &RuleSet) -> Frame {
        Frame {
            derived: vec![None; rs.derived.len()],
            criteria: vec![None; rs.criteria.len()],
            steps: vec![None; rs.steps.len()],
        }
    }
}

pub(crate) struct Eval<'a> {
    pub(crate) rs: &'a RuleSet,
    case: &'a Case,
    as_of: CivilDate,
    lang: String,
    household: Frame,
    persons: Vec<Frame>,
    errors: BTreeMap<(String, Option<usize>), String>,
    /// Parameters the explanations used.
    parameters_used: BTreeSet<usize>,
    pub(crate) conversion: Result<Arc<crate::money::Conversion>, MissingRef>,
    /// The case's facts by slot: household facts, then each person's (`None` = unknown).
    household_facts: Vec<Option<&'a Val>>,
    person_facts: Vec<Vec<Option<&'a Val>>>,
    /// Each parameter's value in force on the as-of date (`None` = no value in force).
    params_in_force: Vec<Option<&'a ParamValue>>,
    /// A date fact given as a range, read as one day of it while an expression that reads
    /// it runs over the range (`expr.rs`): (fact, person, day).
    pinned: Option<(usize, Option<usize>, CivilDate)>,
    /// Decide only: a criterion stops at the first child that settles it (an `all` at a
    /// false child, an `any` at a true one), for answers that show no explanation below
    /// the top-level criteria (the summary, the what-if probes, the wage sweep). Off, every
    /// child is evaluated, so a full explanation has every part at hand.
    settle_early: bool,
    /// Runs every expression in Rhai instead of its lowered form: the oracle the lowered
    /// evaluator is tested against (`RuleSet::evaluate_in_rhai`).
    #[cfg(feature = "rhai-oracle")]
    pub(crate) in_rhai: bool,
}

impl<'a> Eval<'a> {
    pub fn new(rs: &'a RuleSet, case: &'a Case, as_of: CivilDate, lang: String) -> Self {
        let conversion = conversion_on(rs, as_of);
        let slots = |values: &'a BTreeMap<usize, Val>| {
            let mut dense = vec![None; rs.facts.len()];
            for (&i, v) in values {
                if let Some(slot) = dense.get_mut(i) {
                    *slot = Some(v);
                }
            }
            dense
        };
        Eval {
            household_facts: slots(&case.household),
            person_facts: case.persons.iter().map(|p| slots(&p.values)).collect(),
            params_in_force: rs
                .params
                .iter()
                .map(|p| p.entry_on(as_of).and_then(|e| e.value.as_ref()))
                .collect(),
            pinned: None,
            settle_early: false,
            rs,
            case,
            as_of,
            lang,
            household: Frame::new(rs),
            persons: case.persons.iter().map(|_| Frame::new(rs)).collect(),
            errors: BTreeMap::new(),
            parameters_used: BTreeSet::new(),
            conversion,
            #[cfg(feature = "rhai-oracle")]
            in_rhai: false,
        }
    }

    /// This evaluation, deciding only (`settle_early`).
    pub(crate) fn settling_early(mut self) -> Self {
        self.settle_early = true;
        self
    }

    /// The frame that memoizes results of `scope` for `person`.
    fn frame(&self, scope: Scope, person: Option<usize>) -> &Frame {
        match (scope, person) {
            (Scope::Person, Some(p)) if p < self.persons.len() => &self.persons[p],
            _ => &self.household,
        }
    }

    fn frame_mut(&mut self, scope: Scope, person: Option<usize>) -> &mut Frame {
        match (scope, person) {
            (Scope::Person, Some(p)) if p < self.persons.len() => &mut self.persons[p],
            _ => &mut self.household,
        }
    }

    /// Makes sure a name can be read: evaluates (and memoizes) a derived fact.
    fn ensure(&mut self, r: NameRef, person: Option<usize>) {
        if let NameRef::Derived(i) = r {
            self.derived(i, person);
        }
    }

    /// A name's value for a person (or the household when `person` is `None`), borrowed,
    /// and what it waits for when unknown. Derived facts must have been `ensure`d.
    pub(crate) fn lookup(&self, r: NameRef, person: Option<usize>) -> (Option<V<'_>>, Missing) {
        let rs = self.rs;
        match r {
            NameRef::AsOf => (Some(V::Date(self.as_of)), Missing::new()),
            NameRef::Fact(i) => {
                let fact = &rs.facts[i];
                let (value, who) = match fact.scope {
                    Scope::Household => (self.household_facts[i], None),
                    Scope::Person => (
                        person
                            .and_then(|p| self.person_facts.get(p))
                            .and_then(|p| p[i]),
                        person,
                    ),
                };
                if let Some((fact, p, day)) = self.pinned {
                    if fact == i && p == who {
                        return (Some(V::Date(day)), Missing::new());
                    }
                }
                let origin = MissingRef::Fact {
                    fact: i,
                    person: who,
                };
                match value {
                    // Records name the fact they came from, for a record that lacks a field.
                    Some(Val::Records(r)) => (Some(V::records(&r.items, origin)), Missing::new()),
                    Some(v) => (Some(V::of(v)), Missing::new()),
                    None => (None, Missing::one(origin)),
                }
            }
            NameRef::Param(i) => match self.params_in_force[i] {
                Some(v) => (Some(V::param(i, v)), Missing::new()),
                None => (None, Missing::one(MissingRef::Param(i))),
            },
            NameRef::Derived(i) => {
                let d = &rs.derived[i];
                let person = who(d.scope, person);
                match self.frame(d.scope, person).derived[i].as_ref() {
                    Some(r) => (r.value.as_ref().map(V::of), r.missing.clone()),
                    None => (None, Missing::new()),
                }
            }
        }
    }

    /// Whether a name's value is known (derived facts must have been `ensure`d).
    fn known(&self, r: NameRef, person: Option<usize>) -> bool {
        match r {
            NameRef::AsOf => true,
            NameRef::Fact(i) => match self.rs.facts[i].scope {
                Scope::Household => self.household_facts[i].is_some() || self.pinned_as(i, None),
                Scope::Person => {
                    person
                        .and_then(|p| self.person_facts.get(p))
                        .is_some_and(|p| p[i].is_some())
                        || (person.is_some() && self.pinned_as(i, person))
                }
            },
            NameRef::Param(i) => self.params_in_force[i].is_some(),
            NameRef::Derived(i) => {
                let d = &self.rs.derived[i];
                let person = who(d.scope, person);
                self.frame(d.scope, person).derived[i]
                    .as_ref()
                    .is_some_and(|r| r.value.is_some())
            }
        }
    }

    fn pinned_as(&self, fact: usize, person: Option<usize>) -> bool {
        self.pinned
            .is_some_and(|(f, p, _)| f == fact && p == person)
    }

    /// The range a date fact was given as, for a person (or the household).
    pub(crate) fn date_range(
        &self,
        fact: usize,
        person: Option<usize>,
    ) -> Option<crate::case::DateRange> {
        match self.rs.facts[fact].scope {
            Scope::Household => self.case.household_ranges.get(&fact).copied(),
            Scope::Person => self
                .case
                .persons
                .get(person?)
                .and_then(|p| p.ranges.get(&fact))
                .copied(),
        }
    }

    /// A name's value, owned: for rule tests, which compare derived facts.
    pub fn name(&mut self, r: NameRef, person: Option<usize>) -> Resolved {
        self.ensure(r, person);
        let (value, missing) = self.lookup(r, person);
        Resolved {
            value: value.map(|v| v.to_val(&self.conversion)),
            missing,
            at_least: None,
        }
    }

    /// How many household members the case does not list, when the household's size is
    /// known and larger.
    pub(crate) fn members_unlisted(&self) -> Option<i64> {
        let size = self.rs.meta.household_size_fact?;
        match self.household_facts[size] {
            Some(Val::Int(n)) => Some(n - self.case.persons.len() as i64).filter(|n| *n > 0),
            _ => None,
        }
    }

    pub fn paths(&self, missing: &Missing) -> Vec<String> {
        missing.iter().map(|m| self.path(m)).collect()
    }

    fn path(&self, m: &MissingRef) -> String {
        match m {
            MissingRef::Fact {
                fact,
                person: Some(p),
            } => format!("persons[{p}].{}", self.rs.facts[*fact].id),
            MissingRef::Fact { fact, person: None } => {
                format!("household.{}", self.rs.facts[*fact].id)
            }
            MissingRef::Param(p) => format!(
                "parameters.{}",
                self.rs.params.get(*p).map_or("?", |x| x.id.as_str())
            ),
            MissingRef::Members => "persons".to_string(),
        }
    }

    fn text(&self, t: &Texts) -> String {
        self.text_of(t).to_string()
    }

    fn text_of(&self, t: &'a Texts) -> &'a str {
        t.get(&self.lang, &self.rs.meta.default_language)
    }
}
