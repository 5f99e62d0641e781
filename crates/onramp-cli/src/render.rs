//! Rendering for people: diagnostics as code frames, decisions and test results as text.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};
use onramp::{
    Catalog, CriterionResult, Decision, Diagnostic, Need, Schema, Severity, Status, StepStatus,
    Truth,
};
use std::collections::BTreeMap;

/// What rendering a decision reads: the criteria results and values of the person (then
/// the household's), and the catalog's texts.
struct Criteria<'a> {
    own: &'a BTreeMap<String, CriterionResult>,
    household: &'a BTreeMap<String, CriterionResult>,
    values: [&'a BTreeMap<String, serde_json::Value>; 2],
    parameters: &'a BTreeMap<String, onramp::ParameterUse>,
    catalog: &'a Catalog,
}

impl Criteria<'_> {
    fn get(&self, id: &str) -> Option<&CriterionResult> {
        self.own.get(id).or_else(|| self.household.get(id))
    }
    fn value(&self, name: &str) -> Option<&serde_json::Value> {
        self.values.iter().find_map(|m| m.get(name))
    }
}
use std::fmt::Write;

/// A diagnostic as a code frame, e.g.
/// `× unknown-fact: `agee` is not a fact …` with the line and a caret under the name.
pub fn diagnostic(d: &Diagnostic, files: &[(String, String)], width: usize) -> String {
    let mut m = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    if let Some(help) = &d.help {
        m = m.with_help(help.clone());
    }
    let label = match &d.rule {
        Some(rule) => format!("in `{rule}`"),
        None => "here".to_string(),
    };
    m = m.with_label(LabeledSpan::at(d.start..d.end.max(d.start), label));
    let text = files
        .iter()
        .find(|(p, _)| p == &d.file)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let report = Report::new(m).with_source_code(NamedSource::new(d.file.clone(), text));
    let mut out = String::new();
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(width);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{d}\n");
    }
    out
}

/// Each language's translation status and coverage, one line each:
/// `ru  unreviewed  889 of 889 texts  rules/nyc/translations/ru.toml: Machine-drafted …`.
pub fn languages(list: &[onramp::LanguageStatus]) -> String {
    let mut out = String::new();
    if list.len() < 2 {
        return out;
    }
    out.push_str("languages:\n");
    for l in list {
        let total = l.texts + l.missing;
        let mut line = format!(
            "  {:<4}{:<12}{:>5} of {} texts",
            l.language, l.status, l.texts, total
        );
        if l.missing > 0 {
            line.push_str(&format!(
                " ({} missing: the default language's text is shown)",
                l.missing
            ));
        }
        match (&l.file, &l.note) {
            (Some(file), Some(note)) => line.push_str(&format!("  {file}: {note}")),
            (Some(file), None) => line.push_str(&format!("  {file}")),
            (None, Some(note)) => line.push_str(&format!("  {note}")),
            (None, None) => {}
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub fn diagnostics(list: &[Diagnostic], files: &[(String, String)]) -> String {
    let mut out = String::new();
    for d in list {
        out.push_str(&diagnostic(d, files, 100));
        out.push('\n');
    }
    let errors = list
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = list.len() - errors;
    let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    out
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Eligible => "eligible",
        Status::Ineligible => "not eligible",
        Status::Undetermined => "undetermined",
    }
}

fn mark(t: Truth) -> &'static str {
    match t {
        Truth::Met => "✓",
        Truth::NotMet => "✗",
        Truth::Unknown => "?",
    }
}

/// One criterion and, down to `depth` more levels, its parts.
fn explanation(out: &mut String, id: &str, criteria: &Criteria<'_>, indent: usize, depth: usize) {
    let (Some(e), Some(info)) = (criteria.get(id), criteria.catalog.criteria.get(id)) else {
        return;
    };
    let pad = " ".repeat(indent);
    let mut line = format!("{pad}{} {}", mark(e.status), info.text);
    let values: Vec<String> = info
        .reads
        .iter()
        .filter_map(|name| {
            criteria.value(name).map(|v| {
                let shown = match v {
                    serde_json::Value::Null => "unknown".to_string(),
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Object(o) if o.contains_key("at_least") => {
                        match &o["at_least"] {
                            serde_json::Value::String(s) => format!("at least {s}"),
                            other => format!("at least {other}"),
                        }
                    }
                    other => other.to_string(),
                };
                format!("{name} = {shown}")
            })
        })
        .collect();
    if !values.is_empty() {
        let _ = write!(line, "  ({})", values.join(", "));
    }
    if let Some(c) = &info.citation {
        let _ = write!(line, "  [{c}]");
    }
    let _ = writeln!(out, "{line}");
    for id in &info.parameters {
        if let Some(p) = criteria.parameters.get(id) {
            let from = p.from.as_deref().unwrap_or("-");
            let source = criteria
                .catalog
                .parameters
                .get(id)
                .and_then(|x| x.entries.iter().find(|e| e.from == p.from))
                .and_then(|e| e.source.as_deref())
                .filter(|_| p.from.is_some())
                .unwrap_or("no value in force");
            let _ = writeln!(
                out,
                "{pad}    parameter {id} from {from} ({}): {source}",
                p.status
            );
        }
    }
    if let Some(err) = &e.error {
        let _ = writeln!(out, "{pad}    rule error: {err}");
    }
    if depth > 0 {
        for c in &info.children {
            explanation(out, c, criteria, indent + 2, depth - 1);
        }
    }
}

/// A decision as text a caseworker can read; names, wording and questions come from the
/// rule set's catalog and schema in the decision's language.
pub fn decision(d: &Decision, catalog: &Catalog, schema: &Schema, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Onramp decision · rules {} {} ({}) · as of {} · {}",
        d.rules.name,
        d.rules.version,
        short_hash(&d.rules.hash),
        d.as_of,
        d.lang
    );
    if !d.input_errors.is_empty() {
        let _ = writeln!(
            out,
            "\nInput problems (these facts were treated as unknown):"
        );
        for e in &d.input_errors {
            let _ = writeln!(out, "  ! {e}");
        }
    }
    if !d.household.services.is_empty() {
        let _ = writeln!(out, "\nHousehold");
        let criteria = Criteria {
            own: &d.household.criteria,
            household: &d.household.criteria,
            values: [&d.household.values, &d.household.values],
            parameters: &d.parameters,
            catalog,
        };
        for s in &d.household.services {
            service(&mut out, s, verbose, &criteria);
        }
    }
    for p in &d.persons {
        let who =
            p.id.as_ref()
                .map(|id| format!("Person {} ({id})", p.index + 1))
                .unwrap_or_else(|| format!("Person {}", p.index + 1));
        let _ = writeln!(out, "\n{who}");
        let criteria = Criteria {
            own: &p.criteria,
            household: &d.household.criteria,
            values: [&p.values, &d.household.values],
            parameters: &d.parameters,
            catalog,
        };
        let _ = writeln!(out, "  Programs");
        for prog in &p.programs {
            let Some(info) = catalog.programs.iter().find(|x| x.id == prog.id) else {
                continue;
            };
            let mut line = format!("    {:<13} {}", status_word(prog.status), info.name);
            if let Some(pr) = &prog.priority {
                let name = pr
                    .group
                    .as_ref()
                    .and_then(|g| info.priority.iter().find(|x| &x.id == g));
                match (&pr.group, name) {
                    (Some(g), Some(n)) => {
                        let _ = write!(line, " · priority {g}: {}", n.name);
                    }
                    _ => {
                        let _ = write!(
                            line,
                            " · priority undetermined (needs {})",
                            pr.missing.join(", ")
                        );
                    }
                }
            }
            let _ = writeln!(out, "{line}");
            if prog.status == Status::Undetermined && !prog.missing.is_empty() {
                let _ = writeln!(out, "                  needs: {}", prog.missing.join(", "));
            }
            if verbose || prog.status != Status::Ineligible {
                for c in &info.criteria {
                    let met = criteria.get(c).is_some_and(|e| e.status == Truth::Met);
                    if verbose || !met || prog.status == Status::Eligible {
                        explanation(&mut out, c, &criteria, 18, if verbose { 40 } else { 0 });
                    }
                }
            }
        }
        if !p.services.is_empty() {
            let _ = writeln!(out, "  Services");
            for s in &p.services {
                service(&mut out, s, verbose, &criteria);
            }
        }
        fn name_of<'s>(catalog: &'s Catalog, id: &'s str) -> &'s str {
            catalog.steps.get(id).map_or(id, |s| s.name.as_str())
        }
        let step_name = |id: &'_ str| name_of(catalog, id).to_string();
        for l in &p.pathways {
            let name = catalog
                .ladders
                .iter()
                .find(|x| x.id == l.id)
                .map_or(l.id.as_str(), |x| x.name.as_str());
            let _ = writeln!(out, "  Pathway: {name}");
            for step in &l.steps {
                let s = match step.status {
                    StepStatus::Completed => "done",
                    StepStatus::Ready => "ready",
                    StepStatus::Blocked => "blocked",
                    StepStatus::Undetermined => "?",
                };
                let _ = writeln!(out, "    [{s:^7}] {}", step_name(&step.id));
            }
            for n in &l.next {
                let mut line = format!("    next → {}", step_name(&n.step));
                if !n.first.is_empty() {
                    let firsts: Vec<String> = n
                        .first
                        .iter()
                        .map(|r| {
                            let because = catalog
                                .criteria
                                .get(&r.closes)
                                .map_or(r.closes.as_str(), |c| c.text.as_str());
                            format!("{} (because: {because})", step_name(&r.step))
                        })
                        .collect();
                    let _ = write!(line, ", first: {}", firsts.join("; then "));
                }
                if n.status == StepStatus::Undetermined && !n.missing.is_empty() {
                    let _ = write!(line, " (needs {})", n.missing.join(", "));
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if !d.next_questions.is_empty() {
        let _ = writeln!(out, "\nNext questions");
        for (i, q) in d
            .next_questions
            .iter()
            .take(if verbose { usize::MAX } else { 10 })
            .enumerate()
        {
            let text = schema
                .facts
                .iter()
                .find(|f| f.id == q.fact)
                .map_or("", |f| f.question.as_str());
            let _ = writeln!(
                out,
                "  {}. {} — {text} (settles {})",
                i + 1,
                q.path,
                q.settles
            );
        }
    }
    if !d.unknown_parameters.is_empty() {
        let _ = writeln!(
            out,
            "\nParameters with no value in force: {}",
            d.unknown_parameters.join(", ")
        );
    }
    for e in &d.rule_errors {
        let _ = writeln!(out, "\nRule error in `{}`: {}", e.rule, e.message);
    }
    out
}

fn service(out: &mut String, s: &onramp::ServiceDecision, verbose: bool, criteria: &Criteria<'_>) {
    let Some(info) = criteria.catalog.services.iter().find(|x| x.id == s.id) else {
        return;
    };
    let need = match s.need.status {
        Need::Needed => "needed",
        Need::NotNeeded => "not needed",
        Need::Undetermined => "need undetermined",
    };
    let mut line = format!("    {need:<13} {}", info.name);
    if let Some(e) = &s.eligibility {
        let _ = write!(line, " · {}", status_word(e.status));
    }
    let _ = writeln!(out, "{line}");
    if s.need.status == Need::Needed || verbose {
        if let Some(r) = &info.referral {
            let _ = writeln!(out, "                  {r}");
        }
    }
    if s.need.status == Need::Undetermined {
        let _ = writeln!(
            out,
            "                  needs: {}",
            s.need.missing.join(", ")
        );
    }
    if verbose {
        for c in &info.need {
            explanation(out, c, criteria, 18, 40);
        }
    }
}

fn short_hash(h: &str) -> &str {
    h.get(..19).unwrap_or(h)
}

/// Test results, with a closing `N passed, N failed` line.
pub fn test_report(outcomes: &[onramp::TestOutcome]) -> String {
    let mut out = String::new();
    for t in outcomes {
        if t.passed {
            let _ = writeln!(out, "ok     {} ({}:{})", t.name, t.file, t.line);
        } else {
            let _ = writeln!(out, "FAILED {} ({}:{})", t.name, t.file, t.line);
            let _ = writeln!(out, "       checks: {}", t.checks);
            for f in &t.failures {
                let _ = writeln!(out, "       - {f}");
            }
        }
    }
    let passed = outcomes.iter().filter(|t| t.passed).count();
    let _ = writeln!(out, "\n{passed} passed, {} failed", outcomes.len() - passed);
    out
}

/// An ACCESS NYC-shaped answer (`onramp eval --input access-nyc`) as a short report: the
/// codes the household is eligible for, those still undetermined with what they wait for,
/// and the codes asked for that these rules do not decide.
pub fn access_nyc(answer: &serde_json::Value) -> String {
    let mut out = String::new();
    let extra = &answer["onramp"];
    let _ = writeln!(
        out,
        "ACCESS NYC screening, decided on {} by {} {} ({})",
        extra["as_of"].as_str().unwrap_or("?"),
        extra["rules"]["name"].as_str().unwrap_or("?"),
        extra["rules"]["version"].as_str().unwrap_or("?"),
        short_hash(extra["rules"]["hash"].as_str().unwrap_or("")),
    );
    if let Some(id) = extra["case_id"].as_str() {
        let _ = writeln!(out, "case {id}");
    }
    let list = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
    let eligible = list(&answer["eligiblePrograms"]);
    let _ = writeln!(out, "\neligible ({}):", eligible.len());
    for p in &eligible {
        let _ = writeln!(
            out,
            "  {}  {}",
            p["code"].as_str().unwrap_or("?"),
            p["name"].as_str().unwrap_or("")
        );
    }
    let open = list(&extra["undetermined"]);
    if !open.is_empty() {
        let _ = writeln!(
            out,
            "\nundetermined ({}): more information could make these eligible",
            open.len()
        );
        for p in &open {
            let waits: Vec<&str> = p["unknown"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .collect();
            let _ = writeln!(
                out,
                "  {}  {}{}",
                p["code"].as_str().unwrap_or("?"),
                p["name"].as_str().unwrap_or(""),
                if waits.is_empty() {
                    String::new()
                } else {
                    format!("  (waits for: {})", waits.join(", "))
                }
            );
        }
    }
    let not_decided = list(&extra["not_decided"]);
    if !not_decided.is_empty() {
        let codes: Vec<&str> = not_decided.iter().filter_map(|c| c.as_str()).collect();
        let _ = writeln!(out, "\nnot decided by these rules: {}", codes.join(", "));
    }
    out
}

/// `onramp qualify`'s report: per target, where it stands, the verified paths in plain
/// words (with the step that makes a change), the first date time alone reaches it, and
/// what it still waits for.
pub fn qualify(found: &[onramp::Qualify]) -> String {
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(out, "Nothing to reach: every program is eligible already.");
    }
    for q in found {
        let _ = writeln!(
            out,
            "{} ({} {}), person {}: {}",
            q.target.name, q.target.kind, q.target.id, q.target.person, q.status
        );
        for (i, path) in q.paths.iter().enumerate() {
            let _ = writeln!(out, "  path {} ({}):", i + 1, path.effort);
            for c in &path.changes {
                let _ = writeln!(out, "    - {}", c.text);
                if let Some(step) = &c.closer {
                    let _ = writeln!(
                        out,
                        "      step {} ({}){}",
                        step.name,
                        step.step,
                        step.ladder
                            .as_ref()
                            .map(|l| format!(", on the {l} ladder"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        if let Some(d) = &q.from_date {
            let _ = writeln!(out, "  from {}: {}", d.date, d.text);
        }
        if !q.missing.is_empty() {
            let _ = writeln!(out, "  still to answer: {}", q.missing.join(", "));
        }
        if let Some(note) = &q.search.note {
            let _ = writeln!(out, "  {note}");
        }
        let _ = writeln!(
            out,
            "  ({} evaluations{})",
            q.search.evaluations,
            if q.search.complete {
                ""
            } else {
                "; stopped at the budget"
            }
        );
    }
    out
}

fn per_word(s: &onramp::Sweep) -> String {
    match (s.per, s.hours) {
        ("hour", Some(h)) => format!("an hour at {h} hours a week"),
        _ => "a year".to_string(),
    }
}

fn item_label(i: &onramp::SweepItem) -> String {
    match i.person {
        Some(p) => format!("{} (person {p})", i.name),
        None => i.name.clone(),
    }
}

/// `onramp sweep`'s table: each item's intervals, exact to the cent.
pub fn sweep_table(s: &onramp::Sweep) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Wage of person {} from ${} to ${} {} ({} samples, {} evaluations)",
        s.person,
        s.from,
        s.to,
        per_word(s),
        s.points,
        s.evaluations
    );
    for item in &s.items {
        let _ = writeln!(out, "\n{}", item_label(item));
        for iv in &item.intervals {
            let _ = writeln!(out, "  ${:>10} – ${:>10}  {}", iv.from, iv.to, iv.status);
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The cliff chart as SVG: one row per item, the range across, each interval coloured
/// by status (and labelled, so it reads without colour), with a title and description.
pub fn sweep_svg(s: &onramp::Sweep) -> String {
    let cents = |m: &str| onramp::Money::parse(m).map_or(0, onramp::Money::cents);
    let (lo, hi) = (cents(&s.from), cents(&s.to).max(cents(&s.from) + 1));
    let (left, width, row) = (300.0, 600.0, 34.0);
    let height = 60.0 + row * s.items.len() as f64;
    let x = |c: i64| left + width * (c - lo) as f64 / (hi - lo) as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="sweep-title sweep-desc" viewBox="0 0 {} {height}" width="{}" height="{height}" font-family="sans-serif" font-size="12">"#,
        left + width + 20.0,
        left + width + 20.0
    );
    let _ = writeln!(
        out,
        r#"<title id="sweep-title">Eligibility by wage of person {}, ${} to ${} {}</title>"#,
        s.person,
        escape(&s.from),
        escape(&s.to),
        escape(&per_word(s))
    );
    let _ = writeln!(
        out,
        r#"<desc id="sweep-desc">Each row is a program or service; each band is a range of the wage with its status: eligible (green, E), ineligible (grey, I) or undetermined (amber, ?).</desc>"#
    );
    for (k, item) in s.items.iter().enumerate() {
        let y = 30.0 + row * k as f64;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 8.0,
            y + 15.0,
            escape(&item_label(item))
        );
        for iv in &item.intervals {
            let (a, b) = (x(cents(&iv.from)), x(cents(&iv.to)));
            let (fill, mark) = match iv.status {
                "eligible" => ("#2e7d32", "E"),
                "ineligible" => ("#9e9e9e", "I"),
                _ => ("#f9a825", "?"),
            };
            let _ = writeln!(
                out,
                r#"<rect x="{a:.1}" y="{y}" width="{:.1}" height="22" fill="{fill}"><title>{}: ${} to ${}, {}</title></rect>"#,
                (b - a).max(1.0),
                escape(&item.name),
                escape(&iv.from),
                escape(&iv.to),
                iv.status
            );
            if b - a > 14.0 {
                let _ = writeln!(
                    out,
                    r#"<text x="{:.1}" y="{}" text-anchor="middle" fill="{}">{mark}</text>"#,
                    (a + b) / 2.0,
                    y + 15.0,
                    if iv.status == "ineligible" {
                        "#000"
                    } else {
                        "#fff"
                    }
                );
            }
        }
    }
    let axis = 30.0 + row * s.items.len() as f64 + 14.0;
    for (c, anchor) in [(lo, "start"), (hi, "end")] {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{axis}" text-anchor="{anchor}">${}</text>"#,
            x(c),
            onramp::Money(c)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The chart with its table, as one page.
pub fn sweep_html(s: &onramp::Sweep) -> String {
    let mut rows = String::new();
    for item in &s.items {
        for iv in &item.intervals {
            let _ = writeln!(
                rows,
                "<tr><th scope=\"row\">{}</th><td>${}</td><td>${}</td><td>{}</td></tr>",
                escape(&item_label(item)),
                escape(&iv.from),
                escape(&iv.to),
                iv.status
            );
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>What if I earn more?</title></head><body>\n<main><h1>What if I earn more?</h1>\n<p>Wage of person {} from ${} to ${} {}.</p>\n<figure>{}<figcaption>The same as the table below.</figcaption></figure>\n<table><caption>Status by wage range</caption><thead><tr><th scope=\"col\">Program or service</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Status</th></tr></thead><tbody>\n{rows}</tbody></table></main></body></html>\n",
        s.person,
        escape(&s.from),
        escape(&s.to),
        escape(&per_word(s)),
        sweep_svg(s)
    )
}
