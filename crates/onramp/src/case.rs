//! A case: one household with any number of persons, validated against the rule set's
//! facts. Every field is optional (absent or null = unknown). A malformed field is reported
//! with its path and treated as unknown; nothing else the case holds is lost.

use crate::date::CivilDate;
use crate::diag::did_you_mean;
use crate::model::{FactType, Field, Scope};
use crate::money::Money;
use crate::value::Val;
use crate::RuleSet;
use serde::Serialize;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::fmt;

/// One problem in a case, at a JSON path such as `persons[0].incomes[1].frequency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// Where, as a JSON path into the case (`persons[0].date_of_birth`).
    pub path: String,
    /// What was expected there, in words.
    pub expected: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.expected)
    }
}

/// Where a value is in the case, spelled out (`persons[0].incomes[1]`) only for an input
/// error: almost every field is well formed, and its path is never needed.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root(&'p str),
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct PersonFacts {
    pub id: Option<String>,
    /// By fact index; `None` is unknown.
    pub values: BTreeMap<usize, Val>,
    /// Date facts known only to lie in a range (`{"between": [first, last]}`), by fact
    /// index; unknown in `values`.
    pub ranges: BTreeMap<usize, DateRange>,
}

/// A date known only to lie between two days, both included: what an age gives for a date
/// of birth. The fact stays unknown, except where every day of the range gives an
/// expression that reads it the same value (`eval::expr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub first: CivilDate,
    pub last: CivilDate,
}

/// The longest range a date fact may be given as (ten years of days): every expression that
/// reads it runs once per day.
pub const MAX_DATE_RANGE_DAYS: i64 = 3_660;

/// A validated case.
#[derive(Clone, Debug, Default)]
pub struct Case {
    pub(crate) household: BTreeMap<usize, Val>,
    /// Household date facts given as a range (see `PersonFacts::ranges`).
    pub(crate) household_ranges: BTreeMap<usize, DateRange>,
    pub(crate) persons: Vec<PersonFacts>,
    /// What was malformed; those fields are unknown.
    pub errors: Vec<InputError>,
}

/// The most persons any case may list; hosts that face the public set a lower limit
/// (`Case::from_json_text_at_most`, `api::Limits`).
pub const MAX_PERSONS: usize = 1_000;
const MAX_LIST: usize = 1_000;

/// Case text that cannot be read as a case at all: not JSON, not an object, or more
/// persons than the host decides. No decision is made for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseError {
    /// `invalid-case` or `too-many-persons`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// Where the JSON stopped parsing (1-based), for text that is not JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column on that line (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CaseError {}

impl Case {
    /// Validates a case given as JSON text. Text that is not a JSON object is an error, not
    /// an empty case: a decision for it would answer for a household nobody described.
    pub fn from_json_text(rule_set: &RuleSet, text: &str) -> Result<Case, CaseError> {
        Case::from_json_text_at_most(rule_set, text, MAX_PERSONS)
    }

    /// Like `from_json_text`, for a host that decides at most `max_persons` persons a case.
    pub fn from_json_text_at_most(
        rule_set: &RuleSet,
        text: &str,
        max_persons: usize,
    ) -> Result<Case, CaseError> {
        let value = serde_json::from_str::<J>(text).map_err(|e| CaseError {
            code: "invalid-case",
            message: format!("the case is not valid JSON: {e}"),
            line: Some(e.line()),
            column: Some(e.column()),
        })?;
        if !value.is_object() {
            return Err(CaseError {
                code: "invalid-case",
                message: "the case must be an object like {\"household\": {}, \"persons\": [{}]}"
                    .into(),
                line: None,
                column: None,
            });
        }
        let listed = value
            .get("persons")
            .and_then(J::as_array)
            .map_or(0, Vec::len);
        if listed > max_persons {
            return Err(CaseError {
                code: "too-many-persons",
                message: format!(
                    "the case lists {listed} persons; at most {max_persons} are decided in one case"
                ),
                line: None,
                column: None,
            });
        }
        Ok(Case::from_json(rule_set, &value))
    }

    /// Validates a case given as a JSON value.
    pub fn from_json(rule_set: &RuleSet, value: &J) -> Case {
        let mut case = Case::default();
        let Some(top) = value.as_object() else {
            case.errors.push(InputError {
                path: "(case)".into(),
                expected: "an object with `household` and `persons`".into(),
            });
            return case;
        };
        for (key, v) in top {
            match key.as_str() {
                "household" => {
                    if v.is_null() {
                        continue;
                    }
                    let Some(obj) = v.as_object() else {
                        case.errors.push(InputError {
                            path: "household".into(),
                            expected: "an object of household facts".into(),
                        });
                        continue;
                    };
                    (case.household, case.household_ranges) = read_facts(
                        rule_set,
                        Scope::Household,
                        obj,
                        &Path::Root("household"),
                        &mut case.errors,
                        None,
                    );
                }
                "persons" => {
                    if v.is_null() {
                        continue;
                    }
                    let Some(list) = v.as_array() else {
                        case.errors.push(InputError {
                            path: "persons".into(),
                            expected: "a list of persons".into(),
                        });
                        continue;
                    };
                    if list.len() > MAX_PERSONS {
                        case.errors.push(InputError {
                            path: "persons".into(),
                            expected: format!("at most {MAX_PERSONS} persons"),
                        });
                    }
                    for (i, p) in list.iter().take(MAX_PERSONS).enumerate() {
                        let persons = Path::Root("persons");
                        let path = Path::Index(&persons, i);
                        let mut person = PersonFacts::default();
                        match p.as_object() {
                            Some(obj) => {
                                (person.values, person.ranges) = read_facts(
                                    rule_set,
                                    Scope::Person,
                                    obj,
                                    &path,
                                    &mut case.errors,
                                    Some(&mut person.id),
                                );
                            }
                            None => case.errors.push(InputError {
                                path: path.to_string(),
                                expected: "an object of person facts".into(),
                            }),
                        }
                        case.persons.push(person);
                    }
                }
                "as_of" | "id" | "notes" => {}
                other => {
                    let help = did_you_mean(other, ["household", "persons"])
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    case.errors.push(InputError {
                        path: other.to_string(),
                        expected: format!(
                            "no such key; a case has `household` and `persons`{help}"
                        ),
                    });
                }
            }
        }
        case
    }

    /// How many persons the case has.
    pub fn person_count(&self) -> usize {
        self.persons.len()
    }
}

fn read_facts(
    rs: &RuleSet,
    scope: Scope,
    obj: &serde_json::Map<String, J>,
    prefix: &Path<'_>,
    errors: &mut Vec<InputError>,
    mut id_slot: Option<&mut Option<String>>,
) -> (BTreeMap<usize, Val>, BTreeMap<usize, DateRange>) {
    let mut out = BTreeMap::new();
    let mut ranges = BTreeMap::new();
    for (key, v) in obj {
        let path = Path::Key(prefix, key);
        if key == "id" && scope == Scope::Person {
            match (v, id_slot.as_deref_mut()) {
                (J::String(s), Some(slot)) => *slot = Some(s.clone()),
                (J::Number(n), Some(slot)) => *slot = Some(n.to_string()),
                (J::Null, _) => {}
                _ => errors.push(InputError {
                    path: path.to_string(),
                    expected: "a text id".into(),
                }),
            }
            continue;
        }
        let found = rs.fact_index(key);
        let Some((index, fact)) = found.filter(|(_, f)| f.scope == scope) else {
            let other_scope = found.map(|(_, f)| f.scope);
            let expected = match other_scope {
                Some(Scope::Household) => "no such person fact; this is a household fact, given under `household`".to_string(),
                Some(Scope::Person) => "no such household fact; this is a person fact, given for each person under `persons`".to_string(),
                None => {
                    let names = rs.facts.iter().filter(|f| f.scope == scope).map(|f| f.id.as_str());
                    match did_you_mean(key, names) {
                        Some(h) => format!("no such {} fact ({h})", scope.name()),
                        None => format!("no such {} fact", scope.name()),
                    }
                }
            };
            errors.push(InputError {
                path: path.to_string(),
                expected,
            });
            continue;
        };
        if v.is_null() {
            continue;
        }
        if let (FactType::Date, J::Object(range)) = (&fact.ty, v) {
            match read_date_range(range, &path, errors) {
                Some(r) if r.first == r.last => {
                    out.insert(index, Val::Date(r.first));
                }
                Some(r) => {
                    ranges.insert(index, r);
                }
                None => {}
            }
            continue;
        }
        if let Some(val) = read_value(&fact.ty, v, &path, errors) {
            out.insert(index, val);
        }
    }
    (out, ranges)
}

/// `{"between": ["1990-11-24", "1991-11-23"]}`: a date fact known to lie in a range, both
/// days included.
fn read_date_range(
    obj: &serde_json::Map<String, J>,
    path: &Path<'_>,
    errors: &mut Vec<InputError>,
) -> Option<DateRange> {
    let shape = "expected a date like 2001-04-30, or a range like {\"between\": [\"1990-11-24\", \"1991-11-23\"]}";
    let mut keys = obj.keys().filter(|k| *k != "between");
    if let Some(other) = keys.next() {
        let help = did_you_mean(other, ["between"])
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        errors.push(InputError {
            path: Path::Key(path, other).to_string(),
            expected: format!("no such key; a date range has only `between`{help}"),
        });
        return None;
    }
    let ends = obj.get("between").and_then(J::as_array);
    let dates: Option<Vec<CivilDate>> = ends
        .filter(|e| e.len() == 2)
        .map(|e| {
            e.iter()
                .map(|d| d.as_str().and_then(CivilDate::parse))
                .collect()
        })
        .and_then(|d: Vec<Option<CivilDate>>| d.into_iter().collect());
    let Some([first, last]) = dates.as_deref().map(|d| [d[0], d[1]]) else {
        return expected(path, shape.into(), errors).and(None);
    };
    let days = last.to_days() - first.to_days();
    if days < 0 {
        return expected(
            path,
            format!("expected the range's first day ({first}) on or before its last ({last})"),
            errors,
        )
        .and(None);
    }
    if days >= MAX_DATE_RANGE_DAYS {
        return expected(
            path,
            format!("expected a range of at most {MAX_DATE_RANGE_DAYS} days (ten years)"),
            errors,
        )
        .and(None);
    }
    Some(DateRange { first, last })
}

fn expected(path: &Path<'_>, what: String, errors: &mut Vec<InputError>) -> Option<Val> {
    errors.push(InputError {
        path: path.to_string(),
        expected: what,
    });
    None
}

pub(crate) fn parse_money(v: &J) -> Option<Money> {
    match v {
        J::String(s) => Money::parse(s),
        // serde_json prints the shortest text that reads back as the same number, so a
        // JSON 1234.56 comes back as "1234.56" and parses exactly.
        J::Number(n) => Money::parse(&n.to_string()),
        _ => None,
    }
}

fn read_value(ty: &FactType, v: &J, path: &Path<'_>, errors: &mut Vec<InputError>) -> Option<Val> {
    match ty {
        FactType::Bool => match v {
            J::Bool(b) => Some(Val::Bool(*b)),
            _ => expected(path, "expected true or false".into(), errors),
        },
        FactType::Integer { min, max } => {
            let n = v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match n {
                Some(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => expected(
                    path,
                    format!(
                        "expected a whole number from {} to {}",
                        min.map_or("any".into(), |m| m.to_string()),
                        max.map_or("any".into(), |m| m.to_string())
                    ),
                    errors,
                ),
                Some(n) => Some(Val::Int(n)),
                None => expected(path, "expected a whole number".into(), errors),
            }
        }
        FactType::Money => match parse_money(v) {
            Some(m) => Some(Val::Money(m)),
            None => expected(
                path,
                "expected an amount of money like 1234.56 (at most two decimals)".into(),
                errors,
            ),
        },
        FactType::Date => match v.as_str().and_then(CivilDate::parse) {
            Some(d) => Some(Val::Date(d)),
            None => expected(path, "expected a date like 2001-04-30".into(), errors),
        },
        FactType::Enum { values } => match v.as_str() {
            Some(s) if values.iter().any(|x| x == s) => Some(Val::Text(s.to_string())),
            _ => expected(
                path,
                format!("expected one of {}", values.join(", ")),
                errors,
            ),
        },
        FactType::List { values } => {
            let Some(items) = v.as_array() else {
                return expected(
                    path,
                    format!("expected a list of values from {}", values.join(", ")),
                    errors,
                );
            };
            let mut out = Vec::new();
            let mut ok = true;
            for (i, item) in items.iter().take(MAX_LIST).enumerate() {
                match item.as_str() {
                    Some(s) if values.iter().any(|x| x == s) => {
                        if !out.iter().any(|x: &String| x == s) {
                            out.push(s.to_string());
                        }
                    }
                    _ => {
                        ok = false;
                        errors.push(InputError {
                            path: format!("{path}[{i}]"),
                            expected: format!("expected one of {}", values.join(", ")),
                        });
                    }
                }
            }
            // A list with a bad member is unknown: its true content is not known.
            ok.then_some(Val::List(out))
        }
        FactType::Records { fields } => {
            let Some(items) = v.as_array() else {
                return expected(path, "expected a list of records".into(), errors);
            };
            let mut out = Vec::new();
            let mut ok = true;
            for (i, item) in items.iter().take(MAX_LIST).enumerate() {
                let rpath = Path::Index(path, i);
                let Some(obj) = item.as_object() else {
                    ok = false;
                    errors.push(InputError {
                        path: rpath.to_string(),
                        expected: "expected a record (an object)".into(),
                    });
                    continue;
                };
                match read_record(fields, obj, &rpath, errors) {
                    Some(r) => out.push(r),
                    None => ok = false,
                }
            }
            ok.then(|| {
                Val::Records(crate::value::RecordsVal {
                    items: std::sync::Arc::new(out),
                    conversion: Ok(std::sync::Arc::new(crate::money::Conversion::default())),
                    origin: crate::value::MissingRef::Param(usize::MAX),
                })
            })
        }
    }
}

fn read_record(
    fields: &[Field],
    obj: &serde_json::Map<String, J>,
    path: &Path<'_>,
    errors: &mut Vec<InputError>,
) -> Option<crate::value::Record> {
    let mut record = crate::value::Record::new();
    let before = errors.len();
    for (key, v) in obj {
        let fpath = Path::Key(path, key);
        let Some(field) = fields.iter().find(|f| &f.name == key) else {
            let help = did_you_mean(key, fields.iter().map(|f| f.name.as_str()))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            errors.push(InputError {
                path: fpath.to_string(),
                expected: format!(
                    "no such field; fields are {}{help}",
                    fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            continue;
        };
        if v.is_null() {
            continue;
        }
        if let Some(val) = read_value(&field.ty, v, &fpath, errors) {
            record.insert(key.clone(), val);
        }
    }
    // An hourly amount means nothing without the hours it is paid for.
    if matches!(record.get("frequency"), Some(Val::Text(f)) if f == "hourly")
        && fields.iter().any(|f| f.name == "hours_per_week")
        && !record.contains_key("hours_per_week")
        && !obj.contains_key("hours_per_week")
    {
        errors.push(InputError {
            path: format!("{path}.hours_per_week"),
            expected: "expected the hours worked per week, since the frequency is hourly".into(),
        });
    }
    (errors.len() == before).then_some(record)
}
