//! Counterfactuals over one case: "how could I qualify?" (`qualify.rs`: the smallest sets
//! of changes to facts the rules mark `changeable`, and the first date time alone would do
//! it) and the wage cliff (`sweep.rs`: every program's and service's status over a range of
//! one person's wage, with the exact break points).
//!
//! Both only ever evaluate changed cases with the same kernel: nothing is inferred that an
//! evaluation did not show, so every path and every interval is verified by construction.

pub(crate) mod qualify;
pub(crate) mod sweep;

pub use qualify::{
    Change, Closer, FromDate, PathToQualify, Qualify, QualifyOptions, QualifyTarget, SearchReport,
};
pub use sweep::{Sweep, SweepInterval, SweepItem, SweepOptions, WagePeriod};

use crate::case::Case;
use crate::date::CivilDate;
use crate::diag::did_you_mean;
use crate::eval::{Eval, Item, Standing};
use crate::lower::Op;
use crate::model::{CriterionBody, DerivedBody, Expression, NameRef, ParamValue, Scope};
use crate::value::Val;
use crate::RuleSet;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

/// One fact set to one value, for the household (`person: None`) or one person.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    pub fact: usize,
    pub person: Option<usize>,
    pub value: Val,
}

/// The case with `edits` applied (a date given as a range is replaced too).
pub(crate) fn edited(case: &Case, edits: &[Edit]) -> Case {
    let mut out = case.clone();
    for e in edits {
        match e.person {
            None => {
                out.household_ranges.remove(&e.fact);
                out.household.insert(e.fact, e.value.clone());
            }
            Some(p) => {
                if let Some(person) = out.persons.get_mut(p) {
                    person.ranges.remove(&e.fact);
                    person.values.insert(e.fact, e.value.clone());
                }
            }
        }
    }
    out
}

/// Evaluates items of changed cases, counting the evaluations against a budget.
pub(crate) struct Probe<'r> {
    pub rs: &'r RuleSet,
    pub evaluations: Cell<usize>,
}

impl<'r> Probe<'r> {
    pub fn new(rs: &'r RuleSet) -> Self {
        Probe {
            rs,
            evaluations: Cell::new(0),
        }
    }

    /// Where `item` stands for `person` in `case` on `as_of`.
    pub fn standing(&self, case: &Case, as_of: CivilDate, item: Item, person: usize) -> Standing {
        self.evaluator(case, as_of).standing(item, person)
    }

    /// Whether `item` is reached (eligible, ready or completed): its status only, without
    /// the distance a standing measures.
    pub fn reached(&self, case: &Case, as_of: CivilDate, item: Item, person: usize) -> bool {
        self.evaluator(case, as_of).reached(item, person)
    }

    /// One evaluation, counted.
    fn evaluator<'c>(&self, case: &'c Case, as_of: CivilDate) -> Eval<'c>
    where
        'r: 'c,
    {
        self.evaluations.set(self.evaluations.get() + 1);
        let lang = self.rs.meta.default_language.clone();
        // What-ifs read truths only (a distance walks into every child it needs), so
        // criteria may stop at the child that settles them.
        Eval::new(self.rs, case, as_of, lang).settling_early()
    }
}

/// An item named by id, or `kind:id` where kinds share ids (`service:healthcare`).
pub(crate) fn item_of(rs: &RuleSet, text: &str) -> Result<Item, String> {
    let (kind, id) = match text.split_once(':') {
        Some((k, id)) => (Some(k), id),
        None => (None, text),
    };
    let program = || {
        rs.programs
            .iter()
            .position(|p| p.id == id)
            .map(Item::Program)
    };
    let service = || {
        rs.services
            .iter()
            .position(|s| s.id == id && s.eligible.is_some())
            .map(Item::Service)
    };
    let step = || rs.steps.iter().position(|s| s.id == id).map(Item::Step);
    let found = match kind {
        None => program().or_else(service).or_else(step),
        Some("program") => program(),
        Some("service") => service(),
        Some("step") => step(),
        Some(other) => {
            return Err(format!(
                "`{other}:` is not a kind: use program:, service: or step:"
            ))
        }
    };
    found.ok_or_else(|| {
        let ids = rs
            .programs
            .iter()
            .map(|p| p.id.as_str())
            .chain(
                rs.services
                    .iter()
                    .filter(|s| s.eligible.is_some())
                    .map(|s| s.id.as_str()),
            )
            .chain(rs.steps.iter().map(|s| s.id.as_str()));
        let hint = did_you_mean(id, ids)
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        format!("`{text}` is not a program, a service with an eligibility test, or a pathway step of this rule set{hint}")
    })
}

pub(crate) fn item_kind(item: Item) -> &'static str {
    match item {
        Item::Program(_) => "program",
        Item::Service(_) => "service",
        Item::Step(_) => "step",
    }
}

pub(crate) fn item_id(rs: &RuleSet, item: Item) -> &str {
    match item {
        Item::Program(i) => &rs.programs[i].id,
        Item::Service(i) => &rs.services[i].id,
        Item::Step(i) => &rs.steps[i].id,
    }
}

pub(crate) fn item_name<'r>(rs: &'r RuleSet, item: Item, lang: &str) -> &'r str {
    let d = &rs.meta.default_language;
    match item {
        Item::Program(i) => rs.programs[i].name.get(lang, d),
        Item::Service(i) => rs.services[i].name.get(lang, d),
        Item::Step(i) => rs.steps[i].name.get(lang, d),
    }
}

/// What an item's criteria read, found by walking the rules: the facts under them (and
/// whether through an aggregate over the household's persons), the numbers each fact is
/// compared with, the parameters read, and every criterion under them.
#[derive(Default, Debug)]
pub(crate) struct Reads {
    /// Fact → read through an aggregate over persons (then every person's value counts).
    pub facts: BTreeMap<usize, bool>,
    /// Fact → the whole numbers (literals, integer and money parameters in force, in cents
    /// for money) it is compared with directly.
    pub numbers: BTreeMap<usize, BTreeSet<i64>>,
    pub params: BTreeSet<usize>,
    pub criteria: BTreeSet<usize>,
    /// Criterion → the facts under it.
    pub under: BTreeMap<usize, BTreeSet<usize>>,
}

impl Reads {
    pub fn of(rs: &RuleSet, criteria: &[usize], as_of: CivilDate) -> Reads {
        let mut r = Reads::default();
        let mut derived_done = BTreeMap::new();
        for &c in criteria {
            r.criterion(rs, c, false, as_of, &mut derived_done);
        }
        r
    }

    /// The facts under criterion `c`.
    fn criterion(
        &mut self,
        rs: &RuleSet,
        c: usize,
        aggregate: bool,
        as_of: CivilDate,
        derived_done: &mut BTreeMap<(usize, bool), BTreeSet<usize>>,
    ) -> BTreeSet<usize> {
        if let Some(done) = self.under.get(&c).filter(|_| !aggregate) {
            return done.clone();
        }
        self.criteria.insert(c);
        let facts = match &rs.criteria[c].body {
            CriterionBody::Expr(e) => self.expression(rs, e, aggregate, as_of, derived_done),
            CriterionBody::Not(k) => self.criterion(rs, *k, aggregate, as_of, derived_done),
            CriterionBody::All(kids)
            | CriterionBody::Any(kids)
            | CriterionBody::AtLeast(_, kids) => {
                let mut all = BTreeSet::new();
                for &k in kids {
                    all.extend(self.criterion(rs, k, aggregate, as_of, derived_done));
                }
                all
            }
        };
        self.under
            .entry(c)
            .or_default()
            .extend(facts.iter().copied());
        facts
    }

    fn expression(
        &mut self,
        rs: &RuleSet,
        e: &Expression,
        aggregate: bool,
        as_of: CivilDate,
        derived_done: &mut BTreeMap<(usize, bool), BTreeSet<usize>>,
    ) -> BTreeSet<usize> {
        let mut facts = BTreeSet::new();
        for (_, r) in &e.reads {
            match *r {
                NameRef::Fact(i) => {
                    let through = self.facts.entry(i).or_insert(false);
                    *through |= aggregate;
                    facts.insert(i);
                }
                NameRef::Derived(d) => {
                    facts.extend(self.derived(rs, d, aggregate, as_of, derived_done));
                }
                NameRef::Param(p) => {
                    self.params.insert(p);
                }
                NameRef::AsOf => {}
            }
        }
        self.numbers_in(rs, &e.op, as_of);
        facts
    }

    fn derived(
        &mut self,
        rs: &RuleSet,
        d: usize,
        aggregate: bool,
        as_of: CivilDate,
        derived_done: &mut BTreeMap<(usize, bool), BTreeSet<usize>>,
    ) -> BTreeSet<usize> {
        if let Some(done) = derived_done.get(&(d, aggregate)) {
            return done.clone();
        }
        derived_done.insert((d, aggregate), BTreeSet::new());
        let facts = match &rs.derived[d].body {
            DerivedBody::Expr(e) => self.expression(rs, e, aggregate, as_of, derived_done),
            DerivedBody::Criterion(c) => self.criterion(rs, *c, aggregate, as_of, derived_done),
            DerivedBody::Aggregate {
                of,
                filter,
                unit_size,
                others,
                ..
            } => {
                let mut facts = BTreeSet::new();
                for r in [Some(*of), *filter, *unit_size].into_iter().flatten() {
                    match r {
                        NameRef::Fact(i) => {
                            let through = self.facts.entry(i).or_insert(false);
                            *through = true;
                            facts.insert(i);
                        }
                        NameRef::Derived(k) => {
                            facts.extend(self.derived(rs, k, true, as_of, derived_done));
                        }
                        NameRef::Param(p) => {
                            self.params.insert(p);
                        }
                        NameRef::AsOf => {}
                    }
                }
                if let Some(e) = others {
                    facts.extend(self.expression(rs, e, aggregate, as_of, derived_done));
                }
                facts
            }
        };
        derived_done.insert((d, aggregate), facts.clone());
        facts
    }

    /// Numbers a fact is compared with directly (`tabe_reading <= tabe_reading_nrs4_max`,
    /// `days_ny_resident >= 30`).
    fn numbers_in(&mut self, rs: &RuleSet, op: &Op, as_of: CivilDate) {
        let number = |op: &Op| -> Option<i64> {
            match op {
                Op::Int(n) => Some(*n),
                Op::Read(NameRef::Param(p)) => {
                    match rs.params[*p].entry_on(as_of).and_then(|e| e.value.as_ref()) {
                        Some(ParamValue::Integer(n)) => Some(*n),
                        Some(ParamValue::Money(m)) => Some(m.0),
                        _ => None,
                    }
                }
                _ => None,
            }
        };
        match op {
            Op::Compare(_, ab) => {
                let (a, b) = (&ab.0, &ab.1);
                for (x, y) in [(a, b), (b, a)] {
                    if let (Op::Read(NameRef::Fact(i)), Some(n)) = (x, number(y)) {
                        self.numbers.entry(*i).or_default().insert(n);
                    }
                }
                self.numbers_in(rs, a, as_of);
                self.numbers_in(rs, b, as_of);
            }
            Op::And(items) | Op::Or(items) | Op::Call(_, items) => {
                for i in items {
                    self.numbers_in(rs, i, as_of);
                }
            }
            Op::Not(a) | Op::Neg(a) => self.numbers_in(rs, a, as_of),
            Op::Arith(_, ab) | Op::Index(ab) => {
                self.numbers_in(rs, &ab.0, as_of);
                self.numbers_in(rs, &ab.1, as_of);
            }
            Op::Bool(_) | Op::Int(_) | Op::Text(_) | Op::List(_) | Op::Read(_) => {}
        }
    }
}

/// Whom a fact of `scope` is given for: the household, or the person.
pub(crate) fn whose(scope: Scope, person: usize) -> Option<usize> {
    match scope {
        Scope::Household => None,
        Scope::Person => Some(person),
    }
}

/// A fact's value in the case (`None`: unknown).
pub(crate) fn value_in(case: &Case, fact: usize, person: Option<usize>) -> Option<&Val> {
    match person {
        None => case.household.get(&fact),
        Some(p) => case.persons.get(p).and_then(|x| x.values.get(&fact)),
    }
}
