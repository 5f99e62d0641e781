//! Evaluation of one case: lazy, memoized, three-valued (Kleene) logic over the compiled
//! rules. A fact that was not given is unknown; unknown values never become false or zero.

use crate::case::Case;
use crate::date::CivilDate;
use crate::decision::*;
use crate::model::*;
use crate::value::{MissingRef, RecordsVal, TableVal, UnknownMarker, Val};
use crate::RuleSet;
use std::collections::{BTreeMap, BTreeSet};
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

type Missing = BTreeSet<MissingRef>;
/// The names an expression read and their values (`None` when unknown).
type ValuesRead = Vec<(String, Option<Val>)>;

#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub value: Option<Val>,
    pub missing: Missing,
}

#[derive(Clone, Debug)]
pub(crate) struct CritResult {
    pub truth: Tri,
    pub missing: Missing,
    pub values: Vec<(String, Option<Val>)>,
    pub params: Vec<usize>,
    pub error: Option<String>,
}

#[derive(Default)]
struct Memo {
    derived: BTreeMap<usize, Arc<Resolved>>,
    criteria: BTreeMap<usize, Arc<CritResult>>,
    /// Step statuses: a step is read by its ladders, by its successors' `after` and by routes.
    steps: BTreeMap<usize, (StepStatus, Missing)>,
}

pub(crate) struct Eval<'a> {
    rs: &'a RuleSet,
    case: &'a Case,
    as_of: CivilDate,
    lang: String,
    household: Memo,
    persons: Vec<Memo>,
    errors: BTreeMap<(String, Option<usize>), String>,
    /// Criteria explained for the household or person being decided, by id.
    explained: BTreeMap<String, Explanation>,
    /// Parameters the explanations used.
    parameters_used: BTreeMap<String, ParameterUse>,
    conversion: Result<Arc<crate::money::Conversion>, MissingRef>,
}

/// Expression results: a value, unknown (waiting for these), or a rule error.
enum Outcome {
    Value(Val),
    Unknown(Missing),
    Error(String),
}

impl<'a> Eval<'a> {
    pub fn new(rs: &'a RuleSet, case: &'a Case, as_of: CivilDate, lang: String) -> Self {
        let conversion = match rs.meta.income_conversion {
            None => Ok(Arc::new(crate::money::Conversion::default())),
            Some(p) => match rs.params[p].entry_on(as_of).and_then(|e| e.value.clone()) {
                Some(ParamValue::Periods(c)) => Ok(Arc::new(c)),
                _ => Err(MissingRef::Param(p)),
            },
        };
        Eval {
            rs,
            case,
            as_of,
            lang,
            household: Memo::default(),
            persons: case.persons.iter().map(|_| Memo::default()).collect(),
            errors: BTreeMap::new(),
            explained: BTreeMap::new(),
            parameters_used: BTreeMap::new(),
            conversion,
        }
    }

    fn memo(&mut self, scope: Scope, person: Option<usize>) -> &mut Memo {
        match (scope, person) {
            (Scope::Person, Some(p)) if p < self.persons.len() => &mut self.persons[p],
            _ => &mut self.household,
        }
    }

    /// The value of a name, for a person (or the household when `person` is `None`).
    pub fn name(&mut self, r: NameRef, person: Option<usize>) -> Resolved {
        let rs = self.rs;
        match r {
            NameRef::AsOf => Resolved {
                value: Some(Val::Date(self.as_of)),
                missing: Missing::new(),
            },
            NameRef::Fact(i) => {
                let fact = &rs.facts[i];
                let (value, who) = match fact.scope {
                    Scope::Household => (self.case.household.get(&i), None),
                    Scope::Person => (
                        person
                            .and_then(|p| self.case.persons.get(p))
                            .and_then(|p| p.values.get(&i)),
                        person,
                    ),
                };
                let origin = MissingRef::Fact {
                    fact: i,
                    person: who,
                };
                match value {
                    Some(Val::Records(r)) => Resolved {
                        value: Some(Val::Records(RecordsVal {
                            items: r.items.clone(),
                            conversion: self.conversion.clone(),
                            origin,
                        })),
                        missing: Missing::new(),
                    },
                    Some(v) => Resolved {
                        value: Some(v.clone()),
                        missing: Missing::new(),
                    },
                    None => Resolved {
                        value: None,
                        missing: [origin].into(),
                    },
                }
            }
            NameRef::Param(i) => {
                let value = rs.params[i]
                    .entry_on(self.as_of)
                    .and_then(|e| e.value.clone())
                    .map(|v| match v {
                        ParamValue::Money(m) => Val::Money(m),
                        ParamValue::Integer(n) => Val::Int(n),
                        ParamValue::Percent(p) => Val::Percent(p),
                        ParamValue::Periods(c) => Val::Periods(c),
                        table => Val::Table(TableVal {
                            param: i,
                            value: table,
                        }),
                    });
                match value {
                    Some(v) => Resolved {
                        value: Some(v),
                        missing: Missing::new(),
                    },
                    None => Resolved {
                        value: None,
                        missing: [MissingRef::Param(i)].into(),
                    },
                }
            }
            NameRef::Derived(i) => self.derived(i, person),
        }
    }

    fn derived(&mut self, i: usize, person: Option<usize>) -> Resolved {
        let rs = self.rs;
        let d = &rs.derived[i];
        let person = if d.scope == Scope::Household {
            None
        } else {
            person
        };
        if let Some(hit) = self.memo(d.scope, person).derived.get(&i) {
            return Resolved::clone(hit);
        }
        let result = match &d.body {
            DerivedBody::Expr(e) => match self.expression(e, person).0 {
                // The compiler checked the type; this guards the boundary with Rhai anyway,
                // since Rhai compares values of different kinds as simply unequal.
                Outcome::Value(v) if !v.is_kind(&d.ty) => {
                    self.errors.insert(
                        (d.id.clone(), person),
                        format!(
                            "gave {} where {} was declared",
                            v.kind_name(),
                            d.ty.describe()
                        ),
                    );
                    Resolved {
                        value: None,
                        missing: Missing::new(),
                    }
                }
                Outcome::Value(v) => Resolved {
                    value: Some(v),
                    missing: Missing::new(),
                },
                Outcome::Unknown(m) => Resolved {
                    value: None,
                    missing: m,
                },
                Outcome::Error(msg) => {
                    self.errors.insert((d.id.clone(), person), msg);
                    Resolved {
                        value: None,
                        missing: Missing::new(),
                    }
                }
            },
            DerivedBody::Criterion(c) => {
                let r = self.criterion(*c, person);
                match r.truth {
                    Tri::True => Resolved {
                        value: Some(Val::Bool(true)),
                        missing: Missing::new(),
                    },
                    Tri::False => Resolved {
                        value: Some(Val::Bool(false)),
                        missing: Missing::new(),
                    },
                    Tri::Unknown => Resolved {
                        value: None,
                        missing: r.missing.clone(),
                    },
                }
            }
            DerivedBody::Aggregate { op, of, filter } => self.aggregate(*op, *of, *filter, &d.ty),
        };
        self.memo(d.scope, person)
            .derived
            .insert(i, Arc::new(result.clone()));
        result
    }

    fn aggregate(
        &mut self,
        op: Aggregate,
        of: NameRef,
        filter: Option<NameRef>,
        ty: &Ty,
    ) -> Resolved {
        let mut missing = Missing::new();
        let mut unknown = false;
        let (mut sum, mut count, mut any, mut all) = (0_i128, 0_i64, Tri::False, Tri::True);
        let mut extreme: Option<Val> = None;
        // The declared type decides, so a sum over nobody is $0.00, not the number 0.
        let mut money = *ty == Ty::Money;
        for p in 0..self.case.persons.len() {
            // Is this person included? Kleene: unknown inclusion makes numeric results unknown.
            let included = match filter {
                None => Tri::True,
                Some(f) => {
                    let r = self.name(f, Some(p));
                    match r.value {
                        Some(Val::Bool(true)) => Tri::True,
                        Some(Val::Bool(false)) => Tri::False,
                        _ => {
                            missing.extend(r.missing);
                            Tri::Unknown
                        }
                    }
                }
            };
            if included == Tri::False {
                continue;
            }
            let r = self.name(of, Some(p));
            let value = r.value.clone();
            if value.is_none() {
                missing.extend(r.missing.iter().cloned());
            }
            match op {
                Aggregate::Any | Aggregate::All | Aggregate::Count => {
                    let v = match value {
                        Some(Val::Bool(true)) => Tri::True,
                        Some(Val::Bool(false)) => Tri::False,
                        _ => Tri::Unknown,
                    };
                    let term = and(included, v);
                    match op {
                        Aggregate::Any => any = or(any, term),
                        Aggregate::All => all = and(all, or(not(included), v)),
                        _ => match term {
                            Tri::True => count += 1,
                            Tri::False => {}
                            Tri::Unknown => unknown = true,
                        },
                    }
                }
                _ => {
                    if included == Tri::Unknown {
                        unknown = true;
                    }
                    match value {
                        Some(Val::Money(m)) => {
                            money = true;
                            sum += i128::from(m.0);
                            extreme = pick(op, extreme, Val::Money(m));
                        }
                        Some(Val::Int(n)) => {
                            sum += i128::from(n);
                            extreme = pick(op, extreme, Val::Int(n));
                        }
                        _ => unknown = true,
                    }
                }
            }
        }
        let value = match op {
            Aggregate::Any => tri_val(any),
            Aggregate::All => tri_val(all),
            _ if unknown => None,
            Aggregate::Count => Some(Val::Int(count)),
            Aggregate::Sum => i64::try_from(sum).ok().map(|s| {
                if money {
                    Val::Money(crate::money::Money(s))
                } else {
                    Val::Int(s)
                }
            }),
            Aggregate::Min | Aggregate::Max => extreme,
        };
        if value.is_some() {
            missing.clear();
        }
        Resolved { value, missing }
    }

    /// Evaluates an expression: unknown when any name it reads is unknown.
    fn expression(
        &mut self,
        e: &Expression,
        person: Option<usize>,
    ) -> (Outcome, ValuesRead, Vec<usize>) {
        let mut scope = rhai::Scope::new();
        let mut missing = Missing::new();
        let mut values = Vec::with_capacity(e.reads.len());
        let mut params = Vec::new();
        for (name, r) in &e.reads {
            let resolved = self.name(*r, person);
            if let NameRef::Param(p) = r {
                params.push(*p);
            }
            match &resolved.value {
                Some(v) => {
                    scope.push_constant_dynamic(name.as_str(), v.to_dynamic());
                }
                None => missing.extend(resolved.missing.iter().cloned()),
            }
            values.push((name.clone(), resolved.value));
        }
        if !missing.is_empty() || values.iter().any(|(_, v)| v.is_none()) {
            return (Outcome::Unknown(missing), values, params);
        }
        let outcome = match self
            .rs
            .engine
            .eval_ast_with_scope::<rhai::Dynamic>(&mut scope, &e.ast)
        {
            Ok(v) => match Val::from_dynamic(v) {
                Some(v) => Outcome::Value(v),
                None => Outcome::Error("the expression gave a value of an unexpected type".into()),
            },
            Err(err) => runtime_error(*err),
        };
        (outcome, values, params)
    }

    pub fn criterion(&mut self, c: usize, person: Option<usize>) -> Arc<CritResult> {
        let rs = self.rs;
        let crit = &rs.criteria[c];
        let person = if crit.scope == Scope::Household {
            None
        } else {
            person
        };
        if let Some(hit) = self.memo(crit.scope, person).criteria.get(&c) {
            return hit.clone();
        }
        let result = match &crit.body {
            CriterionBody::Expr(e) => {
                let (outcome, values, params) = self.expression(e, person);
                let (truth, missing, error) = match outcome {
                    Outcome::Value(Val::Bool(true)) => (Tri::True, Missing::new(), None),
                    Outcome::Value(Val::Bool(false)) => (Tri::False, Missing::new(), None),
                    Outcome::Value(_) => (
                        Tri::Unknown,
                        Missing::new(),
                        Some("the expression did not give true or false".to_string()),
                    ),
                    Outcome::Unknown(m) => (Tri::Unknown, m, None),
                    Outcome::Error(msg) => (Tri::Unknown, Missing::new(), Some(msg)),
                };
                if let Some(msg) = &error {
                    self.errors.insert((crit.id.clone(), person), msg.clone());
                }
                CritResult {
                    truth,
                    missing,
                    values,
                    params,
                    error,
                }
            }
            CriterionBody::Not(k) => {
                let r = self.criterion(*k, person);
                CritResult {
                    truth: not(r.truth),
                    missing: r.missing.clone(),
                    values: Vec::new(),
                    params: Vec::new(),
                    error: None,
                }
            }
            CriterionBody::All(kids) => {
                let results: Vec<Arc<CritResult>> =
                    kids.iter().map(|k| self.criterion(*k, person)).collect();
                combine(&results, |t, _, _| {
                    if t.0 > 0 {
                        Tri::False
                    } else if t.1 > 0 {
                        Tri::Unknown
                    } else {
                        Tri::True
                    }
                })
            }
            CriterionBody::Any(kids) => {
                let results: Vec<Arc<CritResult>> =
                    kids.iter().map(|k| self.criterion(*k, person)).collect();
                combine(&results, |t, trues, _| {
                    if trues > 0 {
                        Tri::True
                    } else if t.1 > 0 {
                        Tri::Unknown
                    } else {
                        Tri::False
                    }
                })
            }
            CriterionBody::AtLeast(n, kids) => {
                let n = *n;
                let results: Vec<Arc<CritResult>> =
                    kids.iter().map(|k| self.criterion(*k, person)).collect();
                combine(&results, |t, trues, _| {
                    if trues >= n {
                        Tri::True
                    } else if trues + t.1 < n {
                        Tri::False
                    } else {
                        Tri::Unknown
                    }
                })
            }
        };
        let result = Arc::new(result);
        self.memo(crit.scope, person)
            .criteria
            .insert(c, result.clone());
        result
    }

    /// Kleene AND over criteria (used for "eligible" and "requires" lists).
    fn all_of(&mut self, list: &[usize], person: Option<usize>) -> (Tri, Missing) {
        let results: Vec<Arc<CritResult>> =
            list.iter().map(|k| self.criterion(*k, person)).collect();
        let r = combine(&results, |t, _, _| {
            if t.0 > 0 {
                Tri::False
            } else if t.1 > 0 {
                Tri::Unknown
            } else {
                Tri::True
            }
        });
        (r.truth, r.missing)
    }

    /// Explains criterion `c` (and its parts) into the current `explained` map; returns its id.
    fn explain(&mut self, c: usize, person: Option<usize>, depth: usize) -> String {
        let rs = self.rs;
        let crit = &rs.criteria[c];
        if self.explained.contains_key(&crit.id) {
            return crit.id.clone();
        }
        let r = self.criterion(c, person);
        let (rule, expr, kids): (String, Option<String>, Vec<usize>) = match &crit.body {
            CriterionBody::Expr(e) => ("expr".into(), Some(e.source.clone()), Vec::new()),
            CriterionBody::All(k) => ("all".into(), None, k.clone()),
            CriterionBody::Any(k) => ("any".into(), None, k.clone()),
            CriterionBody::Not(k) => ("not".into(), None, vec![*k]),
            CriterionBody::AtLeast(n, k) => (format!("at_least {n}"), None, k.clone()),
        };
        let mut parameters = Vec::new();
        for p in &r.params {
            let param = &rs.params[*p];
            parameters.push(param.id.clone());
            let used = match param.entry_on(self.as_of) {
                Some(e) if e.value.is_some() => ParameterUse {
                    from: Some(e.from.to_string()),
                    status: e.status.clone(),
                    source: Some(e.source.clone()),
                    note: e.note.clone(),
                },
                Some(e) => ParameterUse {
                    from: Some(e.from.to_string()),
                    status: "missing".into(),
                    source: Some(e.source.clone()),
                    note: e.note.clone(),
                },
                None => ParameterUse {
                    from: None,
                    status: "missing".into(),
                    source: None,
                    note: None,
                },
            };
            self.parameters_used.insert(param.id.clone(), used);
        }
        let explanation = Explanation {
            status: r.truth.truth(),
            text: crit
                .text
                .get(&self.lang, &rs.meta.default_language)
                .to_string(),
            citation: crit.citation.clone(),
            rule,
            expr,
            values: r
                .values
                .iter()
                .filter(|(_, v)| !matches!(v, Some(Val::Table(_)) | Some(Val::Periods(_))))
                .map(|(n, v)| UsedValue {
                    name: n.clone(),
                    value: v
                        .as_ref()
                        .map_or(serde_json::Value::Null, Val::summary_json),
                })
                .collect(),
            parameters,
            children: kids.iter().map(|k| rs.criteria[*k].id.clone()).collect(),
            missing: if r.truth == Tri::Unknown && kids.is_empty() {
                self.paths(&r.missing)
            } else {
                Vec::new()
            },
            error: r.error.clone(),
        };
        self.explained.insert(crit.id.clone(), explanation);
        if depth < 64 {
            for k in kids {
                self.explain(k, person, depth + 1);
            }
        }
        crit.id.clone()
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
        }
    }

    fn text(&self, t: &Texts) -> String {
        t.get(&self.lang, &self.rs.meta.default_language)
            .to_string()
    }

    fn opt_text(&self, t: &Texts) -> Option<String> {
        (!t.is_empty()).then(|| self.text(t))
    }

    fn program(&mut self, i: usize, p: usize, asked: &mut Vec<Missing>) -> ProgramDecision {
        let rs = self.rs;
        let prog = &rs.programs[i];
        let (truth, missing) = self.all_of(&prog.eligible, Some(p));
        if truth == Tri::Unknown {
            asked.push(missing.clone());
        }
        let criteria = prog
            .eligible
            .iter()
            .map(|c| self.explain(*c, Some(p), 0))
            .collect();
        let priority = if truth == Tri::True && !prog.priority.is_empty() {
            // The first group that holds wins; an unknown group before it leaves it open.
            let mut open = Missing::new();
            let mut decided = None;
            for g in &prog.priority {
                let r = self.criterion(g.when, Some(p));
                match r.truth {
                    Tri::True => {
                        decided = Some(g);
                        break;
                    }
                    Tri::False => {}
                    Tri::Unknown => open.extend(r.missing.iter().cloned()),
                }
            }
            Some(match decided {
                Some(g) if open.is_empty() => PriorityDecision {
                    status: Status::Eligible,
                    group: Some(g.id.clone()),
                    name: Some(self.text(&g.name)),
                    because: Some(self.explain(g.when, Some(p), 0)),
                    missing: Vec::new(),
                },
                _ => {
                    asked.push(open.clone());
                    PriorityDecision {
                        status: Status::Undetermined,
                        group: None,
                        name: None,
                        because: None,
                        missing: self.paths(&open),
                    }
                }
            })
        } else {
            None
        };
        ProgramDecision {
            id: prog.id.clone(),
            name: self.text(&prog.name),
            description: self.opt_text(&prog.description),
            status: truth.status(),
            priority,
            citation: prog.citation.clone(),
            sector: prog.sector.clone(),
            criteria,
            missing: if truth == Tri::Unknown {
                self.paths(&missing)
            } else {
                Vec::new()
            },
        }
    }

    fn service(
        &mut self,
        i: usize,
        person: Option<usize>,
        asked: &mut Vec<Missing>,
    ) -> ServiceDecision {
        let rs = self.rs;
        let s = &rs.services[i];
        let (need, need_missing) = self.all_of(&s.need, person);
        if need == Tri::Unknown {
            asked.push(need_missing.clone());
        }
        let eligibility = s.eligible.as_ref().map(|list| {
            let (t, m) = self.all_of(list, person);
            if t == Tri::Unknown && need != Tri::False {
                asked.push(m.clone());
            }
            Verdict {
                status: t.status(),
                criteria: list.iter().map(|c| self.explain(*c, person, 0)).collect(),
                missing: if t == Tri::Unknown {
                    self.paths(&m)
                } else {
                    Vec::new()
                },
            }
        });
        ServiceDecision {
            id: s.id.clone(),
            name: self.text(&s.name),
            category: s.category.clone(),
            description: self.opt_text(&s.description),
            need: Verdict {
                status: match need {
                    Tri::True => Need::Needed,
                    Tri::False => Need::NotNeeded,
                    Tri::Unknown => Need::Undetermined,
                },
                criteria: s.need.iter().map(|c| self.explain(*c, person, 0)).collect(),
                missing: if need == Tri::Unknown {
                    self.paths(&need_missing)
                } else {
                    Vec::new()
                },
            },
            eligibility,
            referral: self.opt_text(&s.referral),
            citation: s.citation.clone(),
        }
    }

    /// A step's status for a person, and what it waits for.
    pub fn step_status(&mut self, i: usize, p: usize) -> (StepStatus, Missing) {
        if let Some(hit) = self.persons.get(p).and_then(|m| m.steps.get(&i)) {
            return hit.clone();
        }
        let result = self.compute_step_status(i, p);
        if let Some(memo) = self.persons.get_mut(p) {
            memo.steps.insert(i, result.clone());
        }
        result
    }

    fn compute_step_status(&mut self, i: usize, p: usize) -> (StepStatus, Missing) {
        let rs = self.rs;
        let step = &rs.steps[i];
        let (done, mut missing) = match &step.completed {
            Completion::Never => (Tri::False, Missing::new()),
            Completion::Criterion(c) => {
                let r = self.criterion(*c, Some(p));
                (r.truth, r.missing.clone())
            }
            Completion::Credential { fact, credential } => {
                let r = self.name(NameRef::Fact(*fact), Some(p));
                match r.value {
                    Some(Val::List(items)) => (
                        if items.contains(credential) {
                            Tri::True
                        } else {
                            Tri::False
                        },
                        Missing::new(),
                    ),
                    _ => (Tri::Unknown, r.missing),
                }
            }
        };
        let (ready, ready_missing) = self.all_of(&step.requires, Some(p));
        let status = match (done, ready) {
            (Tri::True, _) => StepStatus::Completed,
            (Tri::False, Tri::True) => StepStatus::Ready,
            (Tri::False, Tri::False) => StepStatus::Blocked,
            _ => StepStatus::Undetermined,
        };
        if status != StepStatus::Undetermined {
            missing.clear();
        } else if ready == Tri::Unknown {
            missing.extend(ready_missing);
        }
        (status, missing)
    }

    /// The steps that close the unmet requirements of a blocked step.
    fn closers(&mut self, c: usize, p: usize, out: &mut Vec<(usize, usize)>, depth: usize) {
        let rs = self.rs;
        if depth > 16 {
            return;
        }
        let r = self.criterion(c, Some(p));
        if r.truth != Tri::False {
            return;
        }
        if let Some(step) = rs.criteria[c].closed_by {
            out.push((step, c));
            return;
        }
        let kids: Vec<usize> = match &rs.criteria[c].body {
            CriterionBody::All(k) | CriterionBody::Any(k) | CriterionBody::AtLeast(_, k) => {
                k.clone()
            }
            _ => Vec::new(),
        };
        for k in kids {
            self.closers(k, p, out, depth + 1);
        }
    }

    pub(crate) fn route(
        &mut self,
        step: usize,
        p: usize,
        route: &mut Vec<RouteStep>,
        seen: &mut BTreeSet<usize>,
        depth: usize,
    ) {
        let rs = self.rs;
        if depth > 8 {
            return;
        }
        let mut found = Vec::new();
        for c in rs.steps[step].requires.clone() {
            self.closers(c, p, &mut found, 0);
        }
        for (bridge, because) in found {
            if !seen.insert(bridge) {
                continue;
            }
            let (status, _) = self.step_status(bridge, p);
            if status == StepStatus::Completed {
                continue;
            }
            if status == StepStatus::Blocked {
                self.route(bridge, p, route, seen, depth + 1);
            }
            route.push(RouteStep {
                step: rs.steps[bridge].id.clone(),
                name: self.text(&rs.steps[bridge].name),
                closes: rs.criteria[because].id.clone(),
                because: self.text(&rs.criteria[because].text),
            });
        }
    }

    fn ladder(
        &mut self,
        l: usize,
        p: usize,
        asked: &mut Vec<Missing>,
        programs: &[ProgramDecision],
    ) -> Option<LadderDecision> {
        let rs = self.rs;
        let ladder = &rs.ladders[l];
        let applies = match ladder.applies {
            None => Tri::True,
            Some(c) => {
                let r = self.criterion(c, Some(p));
                if r.truth == Tri::Unknown {
                    asked.push(r.missing.clone());
                }
                r.truth
            }
        };
        if applies == Tri::False {
            return None;
        }
        let mut steps = Vec::new();
        for &s in &ladder.steps {
            let (status, missing) = self.step_status(s, p);
            let step = &rs.steps[s];
            steps.push(StepDecision {
                id: step.id.clone(),
                name: self.text(&step.name),
                kind: step.kind.clone(),
                status,
                credential: step.yields_credential.clone(),
                yields: self.opt_text(&step.yields),
                delivered_by: step
                    .delivered_by
                    .iter()
                    .map(|&pr| ProgramRef {
                        id: rs.programs[pr].id.clone(),
                        name: self.text(&rs.programs[pr].name),
                        status: programs.get(pr).map_or(Status::Undetermined, |d| d.status),
                    })
                    .collect(),
                requirements: step
                    .requires
                    .iter()
                    .map(|c| self.explain(*c, Some(p), 0))
                    .collect(),
                missing: self.paths(&missing),
            });
        }
        let mut next = Vec::new();
        for &s in &ladder.steps {
            let step = &rs.steps[s];
            let (status, missing) = self.step_status(s, p);
            if status == StepStatus::Completed {
                continue;
            }
            let predecessors_done = step
                .after
                .iter()
                .all(|&a| self.step_status(a, p).0 == StepStatus::Completed);
            if !predecessors_done {
                continue;
            }
            if status == StepStatus::Undetermined {
                asked.push(missing.clone());
            }
            let mut first = Vec::new();
            if status == StepStatus::Blocked {
                let mut seen = BTreeSet::from([s]);
                self.route(s, p, &mut first, &mut seen, 0);
            }
            next.push(NextStep {
                step: step.id.clone(),
                name: self.text(&step.name),
                status,
                first,
                missing: self.paths(&missing),
            });
        }
        Some(LadderDecision {
            id: ladder.id.clone(),
            name: self.text(&ladder.name),
            description: self.opt_text(&ladder.description),
            applies: applies.truth(),
            steps,
            next,
        })
    }

    pub fn decide(mut self) -> Decision {
        let rs = self.rs;
        let mut asked: Vec<Missing> = Vec::new();
        let household_services: Vec<usize> = (0..rs.services.len())
            .filter(|s| rs.services[*s].scope == Scope::Household)
            .collect();
        let person_services: Vec<usize> = (0..rs.services.len())
            .filter(|s| rs.services[*s].scope == Scope::Person)
            .collect();
        let household_services = household_services
            .iter()
            .map(|&s| self.service(s, None, &mut asked))
            .collect();
        let household = HouseholdDecision {
            services: household_services,
            criteria: std::mem::take(&mut self.explained),
        };
        let mut persons = Vec::new();
        for p in 0..self.case.persons.len() {
            let programs: Vec<ProgramDecision> = (0..rs.programs.len())
                .map(|i| self.program(i, p, &mut asked))
                .collect();
            let services = person_services
                .iter()
                .map(|&s| self.service(s, Some(p), &mut asked))
                .collect();
            let pathways = (0..rs.ladders.len())
                .filter_map(|l| self.ladder(l, p, &mut asked, &programs))
                .collect();
            persons.push(PersonDecision {
                index: p,
                id: self.case.persons[p].id.clone(),
                programs,
                services,
                pathways,
                criteria: std::mem::take(&mut self.explained),
            });
        }
        // Rank missing facts by how many undetermined decisions each could settle.
        let mut counts: BTreeMap<MissingRef, usize> = BTreeMap::new();
        let mut unknown_params = BTreeSet::new();
        for set in &asked {
            for m in set {
                match m {
                    MissingRef::Param(p) => {
                        unknown_params.insert(*p);
                    }
                    fact => *counts.entry(fact.clone()).or_default() += 1,
                }
            }
        }
        let mut ranked: Vec<(MissingRef, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| {
            let key = |m: &MissingRef| match m {
                MissingRef::Fact { fact, person } => (*fact, person.map_or(0, |p| p + 1)),
                MissingRef::Param(p) => (*p, 0),
            };
            b.1.cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0)))
        });
        let next_questions = ranked
            .into_iter()
            .filter_map(|(m, settles)| match m {
                MissingRef::Fact { fact, person } => {
                    let f = &rs.facts[fact];
                    Some(Question {
                        path: self.path(&m),
                        fact: f.id.clone(),
                        person,
                        text: if f.question.is_empty() {
                            f.description.clone()
                        } else {
                            self.text(&f.question)
                        },
                        ty: f.ty.name().to_string(),
                        settles,
                    })
                }
                MissingRef::Param(_) => None,
            })
            .collect();
        let rule_errors = std::mem::take(&mut self.errors)
            .into_iter()
            .map(|((rule, person), message)| RuleError {
                rule,
                person,
                message,
            })
            .collect();
        Decision {
            rules: RulesInfo {
                name: rs.meta.name.clone(),
                version: rs.meta.version.clone(),
                hash: rs.hash.clone(),
            },
            as_of: self.as_of.to_string(),
            lang: self.lang.clone(),
            input_errors: self.case.errors.clone(),
            household,
            persons,
            next_questions,
            unknown_parameters: unknown_params
                .into_iter()
                .map(|p| rs.params[p].id.clone())
                .collect(),
            rule_errors,
            parameters: std::mem::take(&mut self.parameters_used),
        }
    }
}

fn runtime_error(err: rhai::EvalAltResult) -> Outcome {
    match err {
        rhai::EvalAltResult::ErrorRuntime(value, _) => {
            if let Some(UnknownMarker(missing)) = value.clone().try_cast::<UnknownMarker>() {
                Outcome::Unknown(missing.into_iter().collect())
            } else {
                Outcome::Error(value.to_string())
            }
        }
        rhai::EvalAltResult::ErrorTooManyOperations(_) => {
            Outcome::Error("the expression exceeded the operations limit".into())
        }
        rhai::EvalAltResult::ErrorDataTooLarge(what, _) => Outcome::Error(format!(
            "the expression built a value over the size limit ({what})"
        )),
        other => Outcome::Error(other.to_string()),
    }
}

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::False, _) | (_, Tri::False) => Tri::False,
        (Tri::True, Tri::True) => Tri::True,
        _ => Tri::Unknown,
    }
}

fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::True, _) | (_, Tri::True) => Tri::True,
        (Tri::False, Tri::False) => Tri::False,
        _ => Tri::Unknown,
    }
}

fn not(a: Tri) -> Tri {
    match a {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    }
}

fn tri_val(t: Tri) -> Option<Val> {
    match t {
        Tri::True => Some(Val::Bool(true)),
        Tri::False => Some(Val::Bool(false)),
        Tri::Unknown => None,
    }
}

fn pick(op: Aggregate, current: Option<Val>, next: Val) -> Option<Val> {
    let key = |v: &Val| match v {
        Val::Money(m) => m.0,
        Val::Int(n) => *n,
        _ => 0,
    };
    Some(match current {
        None => next,
        Some(c) => {
            let take = if op == Aggregate::Min {
                key(&next) < key(&c)
            } else {
                key(&next) > key(&c)
            };
            if take {
                next
            } else {
                c
            }
        }
    })
}

/// Combines children: `decide(counts, trues, falses)` where counts = (falses, unknowns).
fn combine(
    results: &[Arc<CritResult>],
    decide: impl Fn((usize, usize), usize, usize) -> Tri,
) -> CritResult {
    let trues = results.iter().filter(|r| r.truth == Tri::True).count();
    let falses = results.iter().filter(|r| r.truth == Tri::False).count();
    let unknowns = results.len() - trues - falses;
    let truth = decide((falses, unknowns), trues, falses);
    let missing = if truth == Tri::Unknown {
        results
            .iter()
            .filter(|r| r.truth == Tri::Unknown)
            .flat_map(|r| r.missing.iter().cloned())
            .collect()
    } else {
        Missing::new()
    };
    CritResult {
        truth,
        missing,
        values: Vec::new(),
        params: Vec::new(),
        error: None,
    }
}
