//! The facts schema, for clients that build questions from it (the widget, the kiosk).

use crate::model::FactType;
use crate::RuleSet;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// The facts a rule set reads, with their questions in one language: what a client needs
/// to build a form ([`crate::RuleSet::schema`]).
pub struct Schema {
    /// The rule set.
    pub rules: crate::decision::RulesInfo,
    /// The language of the texts.
    pub lang: String,
    /// Every language the rule set offers.
    pub languages: Vec<String>,
    /// Every fact, in declaration order.
    pub facts: Vec<FactSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// One fact: its id (the key in a case), scope, type and question.
pub struct FactSchema {
    /// The key in the case (`household.<id>` or `persons[i].<id>`).
    pub id: String,
    /// `household` or `person`.
    pub scope: String,
    #[serde(rename = "type")]
    /// `bool`, `integer`, `money`, `date`, `enum`, `list` or `records`.
    pub ty: String,
    /// The question that asks for it.
    pub question: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// More about the question, when the rules give it.
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The group of questions it belongs to, for laying out a form.
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The allowed values of an `enum` or `list`, with their labels.
    pub values: Vec<ValueLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The smallest allowed `integer`.
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The largest allowed `integer`.
    pub max: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The fields of each record, for `records` facts (incomes, jobs …).
    pub fields: Vec<FieldSchema>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// How readily a person can change it, where the rules say it can (`now`,
    /// `training`, `circumstance`): what "how could I qualify?" suggests changing.
    pub changeable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Which way a changeable value moves, where only one way (`up`: later values of the
    /// list or larger numbers, as an education level; `down`: the reverse).
    pub changes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// An allowed value and its label.
pub struct ValueLabel {
    /// The value, as written in a case.
    pub value: String,
    /// Its label in the schema's language.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// One field of a record.
pub struct FieldSchema {
    /// The field's key in each record.
    pub name: String,
    #[serde(rename = "type")]
    /// The field's type, as for facts.
    pub ty: String,
    /// Its label in the schema's language.
    pub label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The allowed values of an `enum` field, with their labels.
    pub values: Vec<ValueLabel>,
}

impl RuleSet {
    /// Every fact with its question, type and allowed values, in `lang`.
    pub fn schema(&self, lang: Option<&str>) -> Schema {
        let default = self.meta.default_language.as_str();
        let lang = lang
            .filter(|l| self.meta.languages.iter().any(|x| x == l))
            .unwrap_or(default);
        let label = |fact: &crate::model::Fact, v: &str| {
            fact.labels
                .get(v)
                .map(|t| t.get(lang, default).to_string())
                .unwrap_or_else(|| v.replace('_', " "))
        };
        let facts = self
            .facts
            .iter()
            .map(|f| {
                let (values, min, max, fields) = match &f.ty {
                    FactType::Enum { values } | FactType::List { values } => (
                        values
                            .iter()
                            .map(|v| ValueLabel {
                                value: v.clone(),
                                label: label(f, v),
                            })
                            .collect(),
                        None,
                        None,
                        Vec::new(),
                    ),
                    FactType::Integer { min, max } => (Vec::new(), *min, *max, Vec::new()),
                    FactType::Records { fields } => (
                        Vec::new(),
                        None,
                        None,
                        fields
                            .iter()
                            .map(|x| FieldSchema {
                                name: x.name.clone(),
                                ty: x.ty.name().to_string(),
                                label: if x.label.is_empty() {
                                    x.name.replace('_', " ")
                                } else {
                                    x.label.get(lang, default).to_string()
                                },
                                values: match &x.ty {
                                    FactType::Enum { values } => values
                                        .iter()
                                        .map(|v| ValueLabel {
                                            value: v.clone(),
                                            label: x
                                                .labels
                                                .get(v)
                                                .map(|t| t.get(lang, default).to_string())
                                                .unwrap_or_else(|| v.replace('_', " ")),
                                        })
                                        .collect(),
                                    _ => Vec::new(),
                                },
                            })
                            .collect(),
                    ),
                    _ => (Vec::new(), None, None, Vec::new()),
                };
                FactSchema {
                    id: f.id.clone(),
                    scope: f.scope.name().to_string(),
                    ty: f.ty.name().to_string(),
                    question: if f.question.is_empty() {
                        f.description.clone()
                    } else {
                        f.question.get(lang, default).to_string()
                    },
                    help: (!f.help.is_empty()).then(|| f.help.get(lang, default).to_string()),
                    group: f.group.clone(),
                    values,
                    min,
                    max,
                    fields,
                    changeable: f.changeable.map(|e| e.as_str().to_string()),
                    changes: match f.direction {
                        crate::model::Direction::Up => Some("up".into()),
                        crate::model::Direction::Down => Some("down".into()),
                        crate::model::Direction::Any => None,
                    },
                }
            })
            .collect();
        Schema {
            rules: crate::decision::RulesInfo {
                name: self.meta.name.clone(),
                version: self.meta.version.clone(),
                hash: self.hash.clone(),
            },
            lang: lang.to_string(),
            languages: self.meta.languages.clone(),
            facts,
        }
    }
}
