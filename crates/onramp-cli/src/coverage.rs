//! `onramp coverage`: what a rule set's tests exercise, with the outcomes never reached
//! at their file and line.

use onramp::Coverage;
use serde::Serialize;
use std::fmt::Write as _;

/// Where an item is declared: the `[kind.id]` table header (for a priority group, the
/// `id = "…"` line of its `[[program.P.priority]]` entry).
pub fn locate(files: &[(String, String)], kind: &str, id: &str) -> Option<(String, usize)> {
    let table = match kind {
        "criterion" => "criterion",
        "program" | "priority" => "program",
        "service_need" | "service_eligibility" => "service",
        "step" => "step",
        _ => return None,
    };
    if kind == "priority" {
        let (program, group) = id.split_once('/')?;
        let header = format!("[[program.{program}.priority]]");
        let wanted = [format!("id = \"{group}\""), format!("id = '{group}'")];
        for (path, text) in files {
            let mut inside = false;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.starts_with('[') {
                    inside = line == header;
                } else if inside && wanted.iter().any(|w| line == w) {
                    return Some((path.clone(), n + 1));
                }
            }
        }
        return locate(files, "program", program);
    }
    let header = format!("[{table}.{id}]");
    let dotted = format!("{table}.{id}.");
    for (path, text) in files {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line == header || line.starts_with(&dotted) {
                return Some((path.clone(), n + 1));
            }
        }
    }
    None
}

#[derive(Serialize)]
struct Uncovered<'a> {
    kind: &'a str,
    id: &'a str,
    file: Option<String>,
    line: Option<usize>,
    missed: Vec<&'static str>,
}

#[derive(Serialize)]
struct Report<'a> {
    tests: usize,
    reached: usize,
    total: usize,
    percent: f64,
    kinds: Vec<(&'a str, usize, usize)>,
    uncovered: Vec<Uncovered<'a>>,
}

fn kinds(c: &Coverage) -> Vec<(&str, usize, usize)> {
    let mut out: Vec<(&str, usize, usize)> = Vec::new();
    for item in &c.items {
        let reached = item.outcomes.iter().filter(|(_, hit)| *hit).count();
        match out.iter_mut().find(|(k, _, _)| *k == item.kind) {
            Some(k) => {
                k.1 += reached;
                k.2 += item.outcomes.len();
            }
            None => out.push((item.kind, reached, item.outcomes.len())),
        }
    }
    out
}

fn uncovered<'a>(c: &'a Coverage, files: &[(String, String)]) -> Vec<Uncovered<'a>> {
    c.items
        .iter()
        .filter(|i| !i.missed().is_empty())
        .map(|i| {
            let at = locate(files, i.kind, &i.id);
            Uncovered {
                kind: i.kind,
                id: &i.id,
                file: at.as_ref().map(|a| a.0.clone()),
                line: at.map(|a| a.1),
                missed: i.missed(),
            }
        })
        .collect()
}

/// The report as JSON.
pub fn json(c: &Coverage, files: &[(String, String)]) -> String {
    let report = Report {
        tests: c.tests,
        reached: c.reached,
        total: c.total,
        percent: (c.percent() * 10.0).round() / 10.0,
        kinds: kinds(c),
        uncovered: uncovered(c, files),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// The report as text: what was never reached, where, then the figures.
pub fn text(c: &Coverage, files: &[(String, String)], dir: &str) -> String {
    let mut out = String::new();
    let list = uncovered(c, files);
    if !list.is_empty() {
        let _ = writeln!(out, "Never reached by a test:");
        for u in &list {
            let at = match (&u.file, u.line) {
                (Some(f), Some(l)) => format!("{dir}/{f}:{l}"),
                _ => format!("{dir}/?"),
            };
            let _ = writeln!(
                out,
                "  {at:<44} {} {}: {}",
                u.kind,
                u.id,
                u.missed.join(", ")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{:<20} {:>8} {:>8} {:>7}",
        "kind", "reached", "of", "%"
    );
    for (kind, reached, total) in kinds(c) {
        let _ = writeln!(
            out,
            "{kind:<20} {reached:>8} {total:>8} {:>6.1}%",
            100.0 * reached as f64 / total.max(1) as f64
        );
    }
    let _ = writeln!(
        out,
        "\ncoverage: {} of {} outcomes reached by {} tests ({:.1} %)",
        c.reached,
        c.total,
        c.tests,
        c.percent()
    );
    out
}
