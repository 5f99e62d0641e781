//! The caseload tools through the binary: `batch` against `eval` case by case, CSV against
//! JSONL, a malformed line in the middle, `diff` against per-case decisions under both rule
//! sets, `gaps` against counting blocked steps in full decisions, `coverage` on a test set
//! that misses a criterion, and snapshots of what each prints.
//!
//! Expected figures are computed from decisions the binary gives, never written down, so
//! these tests hold whatever the rules decide; only the snapshots show decisions' content.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-23";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn nyc() -> PathBuf {
    root().join("rules/nyc")
}

fn sample(ext: &str) -> PathBuf {
    root().join(format!("tests/caseload/nyc-1000.{ext}"))
}

fn onramp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onramp-caseload-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The first `n` lines of the committed JSONL sample, as a file.
fn first_cases(dir: &Path, n: usize) -> PathBuf {
    let text = std::fs::read_to_string(sample("jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().take(n).collect();
    let file = dir.join(format!("first-{n}.jsonl"));
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    file
}

/// The decision bytes of a batch record: everything after `"decision":`, less the closing
/// brace of the record.
fn decision_bytes(record: &str) -> &str {
    let at = record.find(",\"decision\":").unwrap() + ",\"decision\":".len();
    record[at..].strip_suffix('}').unwrap()
}

fn batch(caseload: &Path, extra: &[&str]) -> (Output, Vec<String>) {
    let mut args = vec!["batch", "rules/nyc", path(caseload), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = onramp(&args);
    let records = stdout(&out).lines().map(str::to_string).collect();
    (out, records)
}

#[test]
fn committed_sample_is_what_the_generator_makes() {
    for (ext, format) in [("jsonl", "jsonl"), ("csv", "csv")] {
        let out = onramp(&[
            "generate",
            "rules/nyc",
            "--households",
            "1000",
            "--seed",
            "1",
            "--format",
            format,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let committed = std::fs::read_to_string(sample(ext)).unwrap();
        assert!(
            stdout(&out) == committed,
            "tests/caseload/nyc-1000.{ext} differs from `onramp generate rules/nyc --households 1000 --seed 1 --format {format}`"
        );
    }
    // Stated household sizes cover exactly the persons listed.
    let text = std::fs::read_to_string(sample("jsonl")).unwrap();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        if let Some(size) = case["household"].get("household_size") {
            assert_eq!(
                size.as_u64().unwrap() as usize,
                case["persons"].as_array().unwrap().len()
            );
        }
    }
}

#[test]
fn batch_jsonl_equals_eval_case_by_case() {
    let dir = scratch("eval");
    let caseload = first_cases(&dir, 24);
    let cases: Vec<String> = std::fs::read_to_string(&caseload)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    for detail in ["summary", "full"] {
        let (out, records) = batch(&caseload, &["--detail", detail]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(records.len(), cases.len());
        // Every fourth case through `eval`, to keep the test quick; all 24 at one level.
        let step = if detail == "summary" { 1 } else { 4 };
        for (i, case) in cases.iter().enumerate().step_by(step) {
            let file = dir.join(format!("case-{i}.json"));
            std::fs::write(&file, case).unwrap();
            let eval = onramp(&[
                "eval",
                "rules/nyc",
                path(&file),
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--detail",
                detail,
            ]);
            assert!(eval.status.success(), "{}", stderr(&eval));
            let record = &records[i];
            assert!(record.starts_with(&format!("{{\"line\":{},\"id\":\"h{:07}\"", i + 1, i + 1)));
            assert_eq!(
                decision_bytes(record),
                stdout(&eval).trim_end(),
                "case {i} at {detail}"
            );
        }
    }
}

#[test]
fn batch_csv_in_equals_jsonl_in_and_csv_out_carries_the_statuses() {
    let (json_out, json_records) = batch(&sample("jsonl"), &[]);
    assert!(json_out.status.success(), "{}", stderr(&json_out));
    let (csv_out, csv_records) = batch(&sample("csv"), &[]);
    assert!(csv_out.status.success(), "{}", stderr(&csv_out));
    assert_eq!(json_records.len(), 1000);
    assert_eq!(csv_records.len(), 1000);
    for (j, c) in json_records.iter().zip(&csv_records) {
        let (jv, cv): (Value, Value) = (
            serde_json::from_str(j).unwrap(),
            serde_json::from_str(c).unwrap(),
        );
        assert_eq!(jv["id"], cv["id"]);
        assert_eq!(decision_bytes(j), decision_bytes(c), "{}", jv["id"]);
    }
    // The same summary either way.
    let table = |s: String| {
        s.lines()
            .filter(|l| !l.ends_with("cases/s"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(table(stderr(&json_out)), table(stderr(&csv_out)));

    // CSV out: one row per person with each program's status as the decision has it.
    let (out, _) = batch(&sample("jsonl"), &["--output-format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut expected = Vec::new();
    for record in &json_records {
        let v: Value = serde_json::from_str(record).unwrap();
        for p in v["decision"]["persons"].as_array().unwrap() {
            expected.push((v["id"].as_str().unwrap().to_string(), p.clone()));
        }
    }
    assert_eq!(rows.len(), expected.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, (id, person)) in rows.iter().zip(&expected) {
        assert_eq!(&row[col("id")], id);
        assert_eq!(row[col("person")], person["index"].to_string());
        for prog in person["programs"].as_array().unwrap() {
            let pid = prog["id"].as_str().unwrap();
            assert_eq!(
                &row[col(&format!("{pid}.status"))],
                prog["status"].as_str().unwrap()
            );
            let group = prog["priority"]["group"]
                .as_str()
                .or(prog["priority"]["status"].as_str())
                .unwrap_or("");
            assert_eq!(&row[col(&format!("{pid}.priority"))], group);
        }
        for l in person["pathways"].as_array().unwrap() {
            let next: Vec<String> = l["next"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    let mut chain: Vec<&str> = n["first"]
                        .as_array()
                        .map(|f| f.iter().map(|b| b["step"].as_str().unwrap()).collect())
                        .unwrap_or_default();
                    chain.push(n["step"].as_str().unwrap());
                    chain.join(">")
                })
                .collect();
            let lid = l["id"].as_str().unwrap();
            assert_eq!(row[col(&format!("{lid}.next"))], next.join(";"));
        }
    }
}

#[test]
fn a_malformed_line_is_reported_and_the_others_are_decided() {
    let dir = scratch("malformed");
    let good = std::fs::read_to_string(first_cases(&dir, 4)).unwrap();
    let good: Vec<&str> = good.lines().collect();
    let lines = [
        good[0],
        good[1],
        r#"{"household": {"household_size": 2}, "persons": [{"date_of_birth": "2001-02-03"}"#,
        r#"{"id": "bad-field", "persons": [{"date_of_birth": "someday", "veteran": true}]}"#,
        "",
        "[1, 2]",
        good[2],
    ];
    let file = dir.join("mixed.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let summary = dir.join("summary.json");
    let (out, records) = batch(&file, &["--summary", path(&summary)]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "some lines failed: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("line 3: (case): valid JSON"), "{err}");
    assert!(
        err.contains("line 4 (bad-field): persons[0].date_of_birth: "),
        "{err}"
    );
    assert!(err.contains("line 6: (case): an object"), "{err}");
    // The blank line has no record; every other line has one, in order.
    let parsed: Vec<Value> = records
        .iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect();
    let lines_seen: Vec<u64> = parsed.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines_seen, [1, 2, 3, 4, 6, 7]);
    assert!(parsed[2].get("decision").is_none());
    assert_eq!(parsed[2]["errors"][0]["path"], "(case)");
    assert_eq!(parsed[3]["errors"][0]["path"], "persons[0].date_of_birth");
    assert_eq!(parsed[3]["decision"]["input_errors"], parsed[3]["errors"]);
    assert!(parsed[4].get("decision").is_none());
    for i in [0, 1, 5] {
        assert!(parsed[i].get("errors").is_none());
        assert!(parsed[i]["decision"]["persons"].is_array());
    }
    let s: Value = serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    assert_eq!(s["cases"], 6);
    assert_eq!(s["with_errors"], 3);
    assert_eq!(s["not_decided"], 2);
    // Program counts cover the persons of the decided cases.
    let persons: u64 = parsed
        .iter()
        .filter_map(|r| r["decision"]["persons"].as_array())
        .map(|p| p.len() as u64)
        .sum();
    assert_eq!(s["persons"], persons);
    for (_, counts) in s["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].clone(), p[1].clone()))
    {
        let total: u64 = counts
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(total, persons);
    }
}

#[test]
fn bad_input_gives_clear_errors() {
    let dir = scratch("bad");
    let csv = dir.join("bad.csv");
    std::fs::write(&csv, "household_id,agee\nh1,30\n").unwrap();
    let (out, _) = batch(&csv, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("column 2 `agee`"), "{}", stderr(&out));
    let (out, _) = batch(&dir.join("missing.jsonl"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
    let out = onramp(&["batch", "rules/nyc", path(&csv), "--as-of", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--as-of: expected a date"));
}

/// Each person's outcome of every program, service and step, from batch records (full or
/// summary): (case id, person, kind, item) → outcome.
fn outcomes(records: &[String]) -> BTreeMap<(String, Option<u64>, String, String), String> {
    let mut out = BTreeMap::new();
    for r in records {
        let v: Value = serde_json::from_str(r).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let d = &v["decision"];
        let service = |out: &mut BTreeMap<_, _>, p: Option<u64>, s: &Value| {
            out.insert(
                (
                    id.clone(),
                    p,
                    "need".into(),
                    s["id"].as_str().unwrap().into(),
                ),
                s["need"].as_str().unwrap().to_string(),
            );
            if let Some(e) = s["eligibility"].as_str() {
                out.insert(
                    (
                        id.clone(),
                        p,
                        "eligibility".into(),
                        s["id"].as_str().unwrap().into(),
                    ),
                    e.to_string(),
                );
            }
        };
        for s in d["household"]["services"].as_array().unwrap() {
            service(&mut out, None, s);
        }
        for p in d["persons"].as_array().unwrap() {
            let i = p["index"].as_u64();
            for s in p["services"].as_array().unwrap() {
                service(&mut out, i, s);
            }
            for prog in p["programs"].as_array().unwrap() {
                out.insert(
                    (
                        id.clone(),
                        i,
                        "program".into(),
                        prog["id"].as_str().unwrap().into(),
                    ),
                    prog["status"].as_str().unwrap().to_string(),
                );
            }
            for l in p["pathways"].as_array().unwrap() {
                for (step, status) in l["steps"].as_object().unwrap() {
                    out.insert(
                        (id.clone(), i, "step".into(), step.clone()),
                        status.as_str().unwrap().to_string(),
                    );
                }
            }
        }
    }
    out
}

/// (kind, item, from, to) → persons, counted from two sets of per-case decisions.
fn movements(
    old: &BTreeMap<(String, Option<u64>, String, String), String>,
    new: &BTreeMap<(String, Option<u64>, String, String), String>,
) -> BTreeMap<(String, String, String, String), u64> {
    let mut out = BTreeMap::new();
    let keys: std::collections::BTreeSet<_> = old.keys().chain(new.keys()).collect();
    for k in keys {
        let na = "not_applicable".to_string();
        let (from, to) = (old.get(k).unwrap_or(&na), new.get(k).unwrap_or(&na));
        if from != to {
            *out.entry((k.2.clone(), k.3.clone(), from.clone(), to.clone()))
                .or_default() += 1;
        }
    }
    out
}

fn diff_movements(report: &Value) -> BTreeMap<(String, String, String, String), u64> {
    let mut out = BTreeMap::new();
    for item in report["items"].as_array().unwrap() {
        for m in item["moves"].as_array().unwrap() {
            out.insert(
                (
                    item["kind"].as_str().unwrap().to_string(),
                    item["id"].as_str().unwrap().to_string(),
                    m["from"].as_str().unwrap().to_string(),
                    m["to"].as_str().unwrap().to_string(),
                ),
                m["persons"].as_u64().unwrap(),
            );
        }
    }
    out
}

#[test]
fn diff_of_a_rule_set_with_itself_moves_no_one() {
    let out = onramp(&[
        "diff",
        "rules/nyc",
        "rules/nyc",
        path(&sample("jsonl")),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["cases"], 1000);
    assert_eq!(report["moved_persons"], 0);
    assert!(diff_movements(&report).is_empty());
    // Both sides counted the same outcomes.
    for item in report["items"].as_array().unwrap() {
        assert_eq!(item["old"], item["new"], "{}", item["id"]);
    }
}

/// A copy of the NYC rules whose `older_adult_percent` gets a new dated value.
fn nyc_with_new_limit(dir: &Path) -> PathBuf {
    let copy = dir.join("nyc-new");
    for (rel, text) in onramp_cli::files::read_rule_files(&nyc()).unwrap() {
        let file = copy.join(&rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = if rel == "parameters.toml" {
            let anchor = "[parameter.cash_assistance_standard_with_child]";
            assert!(text.contains(anchor));
            text.replace(
                anchor,
                &format!(
                    "[[parameter.older_adult_percent.values]]\nfrom = 2026-06-01\nstatus = \"verified\"\nsource = \"test: a higher limit\"\nvalue = \"200%\"\n\n{anchor}"
                ),
            )
        } else {
            text
        };
        std::fs::write(file, text).unwrap();
    }
    copy
}

#[test]
fn diff_after_a_parameter_change_moves_exactly_the_persons_whose_decision_changed() {
    let dir = scratch("param");
    let new = nyc_with_new_limit(&dir);
    let caseload = sample("jsonl");
    let out = onramp(&[
        "diff",
        "rules/nyc",
        path(&new),
        path(&caseload),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let moved = diff_movements(&report);
    // Direct computation: each case decided under both rule sets, compared person by person.
    let (_, old_records) = batch(&caseload, &[]);
    let new_out = onramp(&["batch", path(&new), path(&caseload), "--as-of", AS_OF]);
    let new_records: Vec<String> = stdout(&new_out).lines().map(str::to_string).collect();
    let expected = movements(&outcomes(&old_records), &outcomes(&new_records));
    assert!(!expected.is_empty(), "a higher limit must move someone");
    assert_eq!(moved, expected);
    // Only the program whose limit changed moves, towards eligibility, for the income
    // criterion that reads the parameter.
    for (kind, id, _, to) in moved.keys() {
        assert_eq!(
            (kind.as_str(), id.as_str()),
            ("program", "older_adult_employment")
        );
        assert_ne!(to, "ineligible");
    }
    for item in report["items"].as_array().unwrap() {
        for m in item["moves"].as_array().unwrap() {
            assert_eq!(m["criteria"]["oae_income"], m["persons"], "{m}");
            assert!(!m["samples"].as_array().unwrap().is_empty());
        }
    }
    // Before the new value is in force, the two rule sets decide alike.
    let out = onramp(&[
        "diff",
        "rules/nyc",
        path(&new),
        path(&caseload),
        "--as-of",
        "2026-01-15",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(diff_movements(&report).is_empty());
}

#[test]
fn diff_of_two_dates_matches_batches_on_each_date() {
    let dir = scratch("dates");
    let caseload = first_cases(&dir, 200);
    let out = onramp(&[
        "diff",
        "rules/nyc",
        "rules/nyc",
        path(&caseload),
        "--as-of",
        AS_OF,
        "--as-of-new",
        "2028-11-23",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["new"]["as_of"], "2028-11-23");
    let (_, old) = batch(&caseload, &[]);
    let later = onramp(&[
        "batch",
        "rules/nyc",
        path(&caseload),
        "--as-of",
        "2028-11-23",
    ]);
    let new: Vec<String> = stdout(&later).lines().map(str::to_string).collect();
    let expected = movements(&outcomes(&old), &outcomes(&new));
    assert!(!expected.is_empty(), "two years on, ages change decisions");
    assert_eq!(diff_movements(&report), expected);
}

#[test]
fn gaps_count_what_full_decisions_show() {
    let dir = scratch("gaps");
    let caseload = first_cases(&dir, 300);
    let out = onramp(&[
        "gaps",
        "rules/nyc",
        path(&caseload),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let catalog: Value = serde_json::from_str(&stdout(&onramp(&["catalog", "rules/nyc"]))).unwrap();
    let (_, records) = batch(&caseload, &["--detail", "full"]);
    // (ladder, step) → (blocked, undetermined), and (ladder, step, requirement) → persons.
    let mut steps: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut unmet: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for r in &records {
        let v: Value = serde_json::from_str(r).unwrap();
        let d = &v["decision"];
        for p in d["persons"].as_array().unwrap() {
            for l in p["pathways"].as_array().unwrap() {
                for s in l["steps"].as_array().unwrap() {
                    let key = (
                        l["id"].as_str().unwrap().to_string(),
                        s["id"].as_str().unwrap().to_string(),
                    );
                    let e = steps.entry(key.clone()).or_default();
                    match s["status"].as_str().unwrap() {
                        "blocked" => {
                            e.0 += 1;
                            for req in catalog["steps"][&key.1]["requirements"].as_array().unwrap()
                            {
                                let req = req.as_str().unwrap();
                                let status = p["criteria"]
                                    .get(req)
                                    .or(d["household"]["criteria"].get(req))
                                    .map(|c| c["status"].clone());
                                if status == Some(Value::from("not_met")) {
                                    *unmet
                                        .entry((key.0.clone(), key.1.clone(), req.to_string()))
                                        .or_default() += 1;
                                }
                            }
                        }
                        "undetermined" => e.1 += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    let mut reported_steps = BTreeMap::new();
    for l in report["ladders"].as_array().unwrap() {
        for s in l["steps"].as_array().unwrap() {
            let (b, u) = (
                s["blocked"].as_u64().unwrap(),
                s["undetermined"].as_u64().unwrap(),
            );
            if b + u > 0 {
                reported_steps.insert(
                    (
                        l["id"].as_str().unwrap().to_string(),
                        s["id"].as_str().unwrap().to_string(),
                    ),
                    (b, u),
                );
            }
        }
    }
    steps.retain(|_, v| v.0 + v.1 > 0);
    assert!(!steps.is_empty());
    assert_eq!(reported_steps, steps);
    let reported_gaps: BTreeMap<(String, String, String), u64> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                (
                    g["ladder"].as_str().unwrap().to_string(),
                    g["step"].as_str().unwrap().to_string(),
                    g["requirement"].as_str().unwrap().to_string(),
                ),
                g["persons"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(reported_gaps, unmet);
    // The headline lists exactly the gaps no bridge closes, as the catalog says.
    for g in report["gaps"].as_array().unwrap() {
        let closed_by = &catalog["criteria"][g["requirement"].as_str().unwrap()]["closed_by"];
        assert_eq!(&g["bridge"], closed_by);
        let headline = report["no_bridge"].as_array().unwrap().contains(g);
        assert_eq!(headline, closed_by.is_null());
    }
}

const SMALL_RULES: &str = r#"
[ruleset]
name = "small"
version = "1"
languages = ["en"]

[fact.age]
type = "integer"

[fact.veteran]
type = "bool"

[criterion.adult]
text = "Is 18 or older"
expr = "age >= 18"

[criterion.vet]
text = "Is a veteran"
expr = "veteran"

[program.services]
name = "Services"
citation = "x"
eligible = ["adult", "vet"]

[[test]]
name = "an adult veteran"
checks = "adult veterans are served"
as_of = "2026-01-01"
case = { persons = [{ age = 30, veteran = true }] }
expect = [{ program = "services", status = "eligible" }]

[[test]]
name = "a child"
checks = "children are not"
as_of = "2026-01-01"
case = { persons = [{ age = 10, veteran = true }] }
expect = [{ program = "services", status = "ineligible" }]
"#;

#[test]
fn coverage_finds_what_the_tests_never_exercise() {
    let dir = scratch("coverage").join("small");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.toml"), SMALL_RULES).unwrap();
    let out = onramp(&["coverage", path(&dir), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let uncovered = report["uncovered"].as_array().unwrap();
    let vet = uncovered
        .iter()
        .find(|u| u["kind"] == "criterion" && u["id"] == "vet")
        .unwrap();
    assert_eq!(vet["missed"], serde_json::json!(["false", "unknown"]));
    assert_eq!(vet["file"], "rules.toml");
    let line = SMALL_RULES
        .lines()
        .position(|l| l == "[criterion.vet]")
        .unwrap()
        + 1;
    assert_eq!(vet["line"], line);
    let adult = uncovered.iter().find(|u| u["id"] == "adult").unwrap();
    assert_eq!(adult["missed"], serde_json::json!(["unknown"]));
    assert!(report["percent"].as_f64().unwrap() < 100.0);
    let failing = onramp(&["coverage", path(&dir), "--min", "99"]);
    assert_eq!(failing.status.code(), Some(1));
    assert!(stderr(&failing).contains("below the minimum"));
    let passing = onramp(&["coverage", path(&dir), "--min", "10"]);
    assert!(passing.status.success());
}

// Snapshots of what people read. Decisions' content shows here, so these are re-accepted
// when the rules or their semantics change (`cargo insta review`).

/// Standard error of a batch, less the timing line.
fn summary_text(out: &Output) -> String {
    stderr(out)
        .lines()
        .filter(|l| !l.ends_with("cases/s"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshot_batch_summary() {
    let dir = scratch("snap-batch");
    let (out, _) = batch(&first_cases(&dir, 100), &[]);
    insta::assert_snapshot!(summary_text(&out));
}

#[test]
fn snapshot_diff_of_a_parameter_change() {
    let dir = scratch("snap-diff");
    let new = nyc_with_new_limit(&dir);
    let out = onramp(&[
        "diff",
        "rules/nyc",
        path(&new),
        path(&first_cases(&dir, 300)),
        "--as-of",
        AS_OF,
    ]);
    insta::assert_snapshot!(stdout(&out).replace(path(&new), "NEW"));
}

#[test]
fn snapshot_diff_of_two_dates() {
    let dir = scratch("snap-dates");
    let out = onramp(&[
        "diff",
        "rules/nyc",
        "rules/nyc",
        path(&first_cases(&dir, 100)),
        "--as-of",
        AS_OF,
        "--as-of-new",
        "2027-11-23",
    ]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn snapshot_gaps() {
    let dir = scratch("snap-gaps");
    let out = onramp(&[
        "gaps",
        "rules/nyc",
        path(&first_cases(&dir, 100)),
        "--as-of",
        AS_OF,
    ]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn snapshot_coverage_of_nyc() {
    let out = onramp(&["coverage", "rules/nyc"]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn html_reports_are_one_self_contained_page() {
    let dir = scratch("html");
    let caseload = first_cases(&dir, 50);
    let new = nyc_with_new_limit(&dir);
    for args in [
        vec![
            "diff",
            "rules/nyc",
            path(&new),
            path(&caseload),
            "--as-of",
            AS_OF,
            "--format",
            "html",
        ],
        vec![
            "gaps",
            "rules/nyc",
            path(&caseload),
            "--as-of",
            AS_OF,
            "--format",
            "html",
        ],
    ] {
        let out = onramp(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let page = stdout(&out);
        assert!(page.starts_with("<!doctype html>"));
        assert!(page.trim_end().ends_with("</html>"));
        assert!(!page.contains("<script") && !page.contains("src=") && !page.contains("href="));
        assert!(page.contains("class=\"bar\""));
    }
}
