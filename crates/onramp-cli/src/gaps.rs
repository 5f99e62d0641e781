//! `onramp gaps`: per ladder and step, how many persons are blocked, by which unmet
//! requirement, and which bridge step closes it — or none: a requirement that blocks
//! people and that no bridge closes is the headline. Undetermined steps are counted apart,
//! with the requirements still unknown and the facts missing most.

use crate::caseload::{for_each_case, CaseReader, Input};
use crate::html;
use onramp::{Case, Catalog, Detail, Options, RuleSet, StepStatus, Truth};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What one person's step contributes.
#[derive(Debug)]
enum Event {
    Blocked {
        unmet: Vec<String>,
    },
    Undetermined {
        unknown: Vec<String>,
        missing: Vec<String>,
    },
    Other,
}

#[derive(Debug, Default)]
pub struct CaseGaps {
    decided: bool,
    persons: u64,
    /// (ladder, step, event) for every step of every ladder that applies to a person.
    steps: Vec<(String, String, Event)>,
    /// Ladders that apply (or may) to a person.
    ladders: Vec<String>,
}

/// The fact a missing path names: `persons[0].incomes[1].amount` → `incomes`,
/// `household.household_size` → `household_size`, `parameters.x` stays as it is.
pub fn fact_of(path: &str) -> String {
    if path.starts_with("parameters.") {
        return path.to_string();
    }
    let rest = path
        .strip_prefix("household.")
        .or_else(|| {
            path.strip_prefix("persons[")
                .and_then(|r| r.split_once("].").map(|x| x.1))
        })
        .unwrap_or(path);
    rest.split(['.', '[']).next().unwrap_or(rest).to_string()
}

pub struct Gaps<'r> {
    pub rules: &'r RuleSet,
    pub options: Options,
    catalog: Catalog,
}

impl std::fmt::Debug for Gaps<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Gaps")
    }
}

impl<'r> Gaps<'r> {
    pub fn new(rules: &'r RuleSet, options: Options) -> Gaps<'r> {
        let catalog = rules.catalog(options.lang.as_deref());
        // Only the ladders are decided: programs and services do not bear on steps.
        let only = catalog.ladders.iter().map(|l| l.id.clone()).collect();
        Gaps {
            rules,
            options: Options {
                detail: Detail::Full,
                only: Some(only),
                ..options
            },
            catalog,
        }
    }

    fn requirements(&self, step: &str) -> &[String] {
        self.catalog
            .steps
            .get(step)
            .map_or(&[], |s| s.requirements.as_slice())
    }

    pub fn case(&self, input: &Input) -> CaseGaps {
        let Ok(value) = &input.case else {
            return CaseGaps::default();
        };
        let case = Case::from_json(self.rules, value);
        let d = self.rules.evaluate(&case, &self.options);
        let mut out = CaseGaps {
            decided: true,
            persons: d.persons.len() as u64,
            ..CaseGaps::default()
        };
        for p in &d.persons {
            let status = |id: &str| {
                p.criteria
                    .get(id)
                    .or_else(|| d.household.criteria.get(id))
                    .map(|r| r.status)
            };
            for l in &p.pathways {
                out.ladders.push(l.id.clone());
                for s in &l.steps {
                    let with = |t: Truth| -> Vec<String> {
                        self.requirements(&s.id)
                            .iter()
                            .filter(|r| status(r) == Some(t))
                            .cloned()
                            .collect()
                    };
                    let event = match s.status {
                        StepStatus::Blocked => Event::Blocked {
                            unmet: with(Truth::NotMet),
                        },
                        StepStatus::Undetermined => {
                            let mut missing: Vec<String> =
                                s.missing.iter().map(|m| fact_of(m)).collect();
                            missing.sort();
                            missing.dedup();
                            Event::Undetermined {
                                unknown: with(Truth::Unknown),
                                missing,
                            }
                        }
                        _ => Event::Other,
                    };
                    out.steps.push((l.id.clone(), s.id.clone(), event));
                }
            }
        }
        out
    }

    pub fn run(
        &self,
        reader: &mut CaseReader,
        bar: &indicatif::ProgressBar,
    ) -> Result<GapsReport, String> {
        let mut report = GapsReport {
            rules: format!(
                "{} {} ({})",
                self.rules.name(),
                self.rules.version(),
                crate::diff::short_hash(self.rules.hash())
            ),
            as_of: self.options.as_of.to_string(),
            ladders: self
                .catalog
                .ladders
                .iter()
                .map(|l| LadderGaps {
                    id: l.id.clone(),
                    persons: 0,
                    steps: l
                        .steps
                        .iter()
                        .map(|s| StepGaps {
                            id: s.clone(),
                            ..StepGaps::default()
                        })
                        .collect(),
                })
                .collect(),
            ..GapsReport::default()
        };
        for_each_case(
            reader,
            bar,
            |input| self.case(input),
            |_, c| {
                report.cases += 1;
                if !c.decided {
                    report.not_decided += 1;
                    return Ok(());
                }
                report.persons += c.persons;
                for l in c.ladders {
                    if let Some(x) = report.ladders.iter_mut().find(|x| x.id == l) {
                        x.persons += 1;
                    }
                }
                for (ladder, step, event) in c.steps {
                    let Some(s) = report
                        .ladders
                        .iter_mut()
                        .find(|x| x.id == ladder)
                        .and_then(|l| l.steps.iter_mut().find(|s| s.id == step))
                    else {
                        continue;
                    };
                    match event {
                        Event::Blocked { unmet } => {
                            s.blocked += 1;
                            for r in unmet {
                                *s.unmet.entry(r).or_default() += 1;
                            }
                        }
                        Event::Undetermined { unknown, missing } => {
                            s.undetermined += 1;
                            for r in unknown {
                                *s.unknown.entry(r).or_default() += 1;
                            }
                            for f in missing {
                                *s.missing_facts.entry(f).or_default() += 1;
                            }
                        }
                        Event::Other => {}
                    }
                }
                Ok(())
            },
        )?;
        for l in &report.ladders {
            for s in &l.steps {
                for (req, n) in &s.unmet {
                    let bridge = self
                        .catalog
                        .criteria
                        .get(req)
                        .and_then(|c| c.closed_by.clone());
                    let gap = Gap {
                        ladder: l.id.clone(),
                        step: s.id.clone(),
                        requirement: req.clone(),
                        persons: *n,
                        bridge: bridge.clone(),
                    };
                    if bridge.is_none() {
                        report.no_bridge.push(gap.clone());
                    }
                    report.gaps.push(gap);
                }
            }
        }
        report
            .no_bridge
            .sort_by_key(|g| std::cmp::Reverse(g.persons));
        Ok(report)
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct StepGaps {
    pub id: String,
    /// Persons for whom the step is blocked.
    pub blocked: u64,
    /// Persons for whom it is undetermined.
    pub undetermined: u64,
    /// Per requirement: persons it blocks (a person can be blocked by several).
    pub unmet: BTreeMap<String, u64>,
    /// Per requirement: persons for whom it is still unknown (undetermined steps).
    pub unknown: BTreeMap<String, u64>,
    /// Per fact: undetermined persons waiting for it.
    pub missing_facts: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LadderGaps {
    pub id: String,
    /// Persons the ladder applies to (or may).
    pub persons: u64,
    pub steps: Vec<StepGaps>,
}

/// A requirement that blocks persons on a step, and the bridge that closes it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Gap {
    pub ladder: String,
    pub step: String,
    pub requirement: String,
    pub persons: u64,
    pub bridge: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct GapsReport {
    pub rules: String,
    pub as_of: String,
    pub cases: u64,
    pub not_decided: u64,
    pub persons: u64,
    /// Requirements that block persons and that no bridge closes, most persons first.
    pub no_bridge: Vec<Gap>,
    /// Every blocking requirement, by ladder and step.
    pub gaps: Vec<Gap>,
    pub ladders: Vec<LadderGaps>,
}

fn top(m: &BTreeMap<String, u64>, n: usize) -> Vec<(&String, u64)> {
    let mut list: Vec<(&String, u64)> = m.iter().map(|(k, v)| (k, *v)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.truncate(n);
    list
}

fn joined(list: &[(&String, u64)]) -> String {
    list.iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn text(r: &GapsReport) -> String {
    let mut out = format!(
        "rules {} as of {}\n{} cases, {} persons ({} not decided)\n",
        r.rules, r.as_of, r.cases, r.persons, r.not_decided
    );
    if r.no_bridge.is_empty() {
        out.push_str("\nevery blocking requirement has a bridge that closes it\n");
    } else {
        out.push_str("\nGaps with no bridge (persons blocked):\n");
        for g in &r.no_bridge {
            let _ = writeln!(
                out,
                "  {:>8}  {} / {}: {}",
                g.persons, g.ladder, g.step, g.requirement
            );
        }
    }
    for l in &r.ladders {
        let _ = writeln!(out, "\nladder {} ({} persons)", l.id, l.persons);
        let _ = writeln!(
            out,
            "  {:<30} {:>8} {:>8}  unmet requirement (persons) → bridge",
            "step", "blocked", "undet."
        );
        for s in &l.steps {
            let _ = writeln!(out, "  {:<30} {:>8} {:>8}", s.id, s.blocked, s.undetermined);
            for (req, n) in top(&s.unmet, usize::MAX) {
                let bridge = r
                    .gaps
                    .iter()
                    .find(|g| g.ladder == l.id && g.step == s.id && &g.requirement == req)
                    .and_then(|g| g.bridge.as_deref())
                    .unwrap_or("NO BRIDGE");
                let _ = writeln!(out, "  {:>49} {req} ({n}) → {bridge}", "");
            }
            if !s.unknown.is_empty() {
                let _ = writeln!(out, "  {:>49} unknown: {}", "", joined(&top(&s.unknown, 3)));
            }
            if !s.missing_facts.is_empty() {
                let _ = writeln!(
                    out,
                    "  {:>49} missing facts: {}",
                    "",
                    joined(&top(&s.missing_facts, 3))
                );
            }
        }
    }
    out
}

pub fn json(r: &GapsReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}

pub fn html(r: &GapsReport, catalog: &Catalog) -> String {
    let text_of = |c: &str| {
        catalog
            .criteria
            .get(c)
            .map(|i| i.text.clone())
            .unwrap_or_default()
    };
    let step_name = |s: &str| {
        catalog
            .steps
            .get(s)
            .map_or(s.to_string(), |i| i.name.clone())
    };
    let mut body = format!(
        "<h1>Pathway gaps</h1><p>rules {} as of {} · {} cases, {} persons</p>",
        html::escape(&r.rules),
        r.as_of,
        r.cases,
        r.persons
    );
    if r.no_bridge.is_empty() {
        body.push_str(r#"<p class="headline">Every blocking requirement has a bridge.</p>"#);
    } else {
        body.push_str(r#"<div class="headline"><b>Gaps with no bridge</b><table><tr><th class="n">persons</th><th>ladder</th><th>step</th><th>unmet requirement</th></tr>"#);
        for g in &r.no_bridge {
            let _ = write!(
                body,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{} <small>{}</small></td></tr>",
                g.persons,
                html::escape(&g.ladder),
                html::escape(&step_name(&g.step)),
                html::escape(&text_of(&g.requirement)),
                html::escape(&g.requirement)
            );
        }
        body.push_str("</table></div>");
    }
    for l in &r.ladders {
        let name = catalog
            .ladders
            .iter()
            .find(|x| x.id == l.id)
            .map_or(l.id.clone(), |x| x.name.clone());
        let _ = write!(
            body,
            "<h2>{} <small>{} persons</small></h2>{}<div class=\"bars\">",
            html::escape(&name),
            l.persons,
            html::legend(&["other", "blocked", "undetermined"])
        );
        for s in &l.steps {
            let other = l.persons.saturating_sub(s.blocked + s.undetermined);
            let _ = write!(
                body,
                "<span><small>{}</small></span>{}",
                html::escape(&s.id),
                html::bar(&[
                    ("other", other),
                    ("blocked", s.blocked),
                    ("undetermined", s.undetermined)
                ])
            );
        }
        body.push_str("</div><table><tr><th>step</th><th class=\"n\">blocked</th><th>unmet requirement (persons) → bridge</th><th class=\"n\">undetermined</th><th>facts missing most</th></tr>");
        for s in &l.steps {
            let reqs: Vec<String> = top(&s.unmet, usize::MAX)
                .iter()
                .map(|(req, n)| {
                    let bridge = catalog
                        .criteria
                        .get(*req)
                        .and_then(|c| c.closed_by.as_deref())
                        .map_or("<b>no bridge</b>".to_string(), |b| {
                            html::escape(&step_name(b))
                        });
                    format!(
                        r#"<span title="{}">{}</span> ({n}) → {bridge}"#,
                        html::escape(&text_of(req)),
                        html::escape(req)
                    )
                })
                .collect();
            let _ = write!(
                body,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td><small>{}</small></td></tr>",
                html::escape(&step_name(&s.id)),
                s.blocked,
                reqs.join("<br>"),
                s.undetermined,
                html::escape(&joined(&top(&s.missing_facts, 3)))
            );
        }
        body.push_str("</table>");
    }
    html::page("Onramp: pathway gaps", &body)
}
