//! The catalog: a rule set's texts and structure in one language, by id. Decisions refer
//! to programs, services, steps, criteria and parameters by id and leave their wording
//! here, so it is sent once per rule set and language, not with every decision.

use crate::decision::*;
use crate::eval::{parameter_entry_of, parameter_ids, rule_word};
use crate::model::*;
use crate::RuleSet;

impl RuleSet {
    /// The catalog in `lang` (the default language when not offered).
    pub fn catalog(&self, lang: Option<&str>) -> Catalog {
        let lang = self.language(lang);
        let default = self.meta.default_language.as_str();
        let text = |t: &Texts| t.get(lang, default).to_string();
        let opt = |t: &Texts| (!t.is_empty()).then(|| text(t));
        let crit_id = |c: &usize| self.criteria[*c].id.clone();
        Catalog {
            rules: RulesInfo {
                name: self.meta.name.clone(),
                version: self.meta.version.clone(),
                hash: self.hash.clone(),
            },
            lang: lang.to_string(),
            programs: self
                .programs
                .iter()
                .map(|p| ProgramInfo {
                    id: p.id.clone(),
                    name: text(&p.name),
                    description: opt(&p.description),
                    citation: p.citation.clone(),
                    sector: p.sector.clone(),
                    criteria: p.eligible.iter().map(crit_id).collect(),
                    priority: p
                        .priority
                        .iter()
                        .map(|g| PriorityInfo {
                            id: g.id.clone(),
                            name: text(&g.name),
                            when: crit_id(&g.when),
                        })
                        .collect(),
                })
                .collect(),
            services: self
                .services
                .iter()
                .map(|s| ServiceInfo {
                    id: s.id.clone(),
                    name: text(&s.name),
                    scope: s.scope.name(),
                    category: s.category.clone(),
                    description: opt(&s.description),
                    need: s.need.iter().map(crit_id).collect(),
                    eligible: s.eligible.as_ref().map(|l| l.iter().map(crit_id).collect()),
                    referral: opt(&s.referral),
                    citation: s.citation.clone(),
                })
                .collect(),
            ladders: self
                .ladders
                .iter()
                .map(|l| LadderInfo {
                    id: l.id.clone(),
                    name: text(&l.name),
                    description: opt(&l.description),
                    steps: l.steps.iter().map(|s| self.steps[*s].id.clone()).collect(),
                })
                .collect(),
            steps: self
                .steps
                .iter()
                .map(|s| {
                    let info = StepInfo {
                        name: text(&s.name),
                        kind: s.kind.clone(),
                        description: opt(&s.description),
                        credential: s.yields_credential.clone(),
                        yields: opt(&s.yields),
                        requirements: s.requires.iter().map(crit_id).collect(),
                        after: s.after.iter().map(|a| self.steps[*a].id.clone()).collect(),
                        delivered_by: s
                            .delivered_by
                            .iter()
                            .map(|p| self.programs[*p].id.clone())
                            .collect(),
                    };
                    (s.id.clone(), info)
                })
                .collect(),
            criteria: self
                .criteria
                .iter()
                .map(|c| {
                    let (expr, reads, children) = match &c.body {
                        CriterionBody::Expr(e) => (Some(e.source.clone()), &e.reads[..], &[][..]),
                        CriterionBody::All(k)
                        | CriterionBody::Any(k)
                        | CriterionBody::AtLeast(_, k) => (None, &[][..], &k[..]),
                        CriterionBody::Not(k) => (None, &[][..], std::slice::from_ref(k)),
                    };
                    let info = CriterionInfo {
                        text: text(&c.text),
                        citation: c.citation.clone(),
                        rule: rule_word(&c.body),
                        expr,
                        reads: reads.iter().map(|(n, _)| n.clone()).collect(),
                        parameters: parameter_ids(self, reads),
                        children: children.iter().map(crit_id).collect(),
                        closed_by: c.closed_by.map(|s| self.steps[s].id.clone()),
                    };
                    (c.id.clone(), info)
                })
                .collect(),
            parameters: self
                .params
                .iter()
                .map(|p| {
                    let info = ParameterInfo {
                        description: p.description.clone(),
                        entries: p.entries.iter().map(parameter_entry_of).collect(),
                    };
                    (p.id.clone(), info)
                })
                .collect(),
        }
    }
}
