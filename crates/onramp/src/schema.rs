//! The facts schema, for clients that build questions from it (the widget, the kiosk).

use crate::model::FactType;
use crate::RuleSet;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schema {
    pub rules: crate::decision::RulesInfo,
    pub lang: String,
    pub languages: Vec<String>,
    pub facts: Vec<FactSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactSchema {
    pub id: String,
    /// `household` or `person`.
    pub scope: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub question: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueLabel {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldSchema {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
