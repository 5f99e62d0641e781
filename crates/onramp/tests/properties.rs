//! Properties of the kernel, checked with proptest over generated cases:
//! soundness of unknowns, determinism, and the birthday rule.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use common::{compile, complete, household_with_hidden_members, random_case, Gen};
use onramp::{years_between, Case, CivilDate, Decision, Options, RuleSet, Status, StepStatus};
use proptest::prelude::*;
use std::sync::OnceLock;

fn example() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| compile("tests/example"))
}

fn nyc() -> Option<&'static RuleSet> {
    static RULES: OnceLock<Option<RuleSet>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let dir = common::repo_root().join("rules/nyc");
            dir.join("ruleset.toml")
                .exists()
                .then(|| compile("rules/nyc"))
        })
        .as_ref()
}

/// Every definite outcome of a decision, keyed by where it is.
fn definite(d: &Decision) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let word = |s: Status| format!("{s:?}");
    for s in &d.household.services {
        out.push((
            format!("household.{}.need", s.id),
            format!("{:?}", s.need.status),
        ));
        if let Some(e) = &s.eligibility {
            out.push((format!("household.{}.eligibility", s.id), word(e.status)));
        }
    }
    for p in &d.persons {
        for prog in &p.programs {
            out.push((format!("{}.{}", p.index, prog.id), word(prog.status)));
            if let Some(pr) = &prog.priority {
                if pr.status == Status::Eligible {
                    out.push((
                        format!("{}.{}.priority", p.index, prog.id),
                        format!("{:?}", pr.group),
                    ));
                }
            }
        }
        for s in &p.services {
            out.push((
                format!("{}.{}.need", p.index, s.id),
                format!("{:?}", s.need.status),
            ));
            if let Some(e) = &s.eligibility {
                out.push((format!("{}.{}.eligibility", p.index, s.id), word(e.status)));
            }
        }
        // Steps are keyed by step, not ladder: a ladder whose `applies` was unknown may turn
        // out not to apply once facts are given, and then it is left out of the decision.
        for l in &p.pathways {
            for st in &l.steps {
                out.push((
                    format!("{}.step.{}", p.index, st.id),
                    format!("{:?}", st.status),
                ));
            }
        }
    }
    out.retain(|(_, v)| v != "Undetermined" && v != "None");
    out
}

fn options(as_of: &str) -> Options {
    Options::new(CivilDate::parse(as_of).unwrap())
}

/// The definite outcomes of `before` are those of `after` (a case that says more).
fn same_where_definite(
    rules: &RuleSet,
    partial: &serde_json::Value,
    full: &serde_json::Value,
    as_of: &str,
) -> Result<(), TestCaseError> {
    let opts = options(as_of);
    let before = rules.evaluate(&Case::from_json(rules, partial), &opts);
    let after = rules.evaluate(&Case::from_json(rules, full), &opts);
    prop_assert!(
        before.input_errors.is_empty(),
        "generated case is malformed: {:?}",
        before.input_errors
    );
    prop_assert!(
        after.input_errors.is_empty(),
        "completed case is malformed: {:?}",
        after.input_errors
    );
    let settled: std::collections::BTreeMap<_, _> = definite(&after).into_iter().collect();
    for (key, value) in definite(&before) {
        if key.contains(".step.") && !settled.contains_key(&key) {
            continue; // every ladder holding this step stopped applying
        }
        let now = settled
            .get(&key)
            .cloned()
            .unwrap_or_else(|| "Undetermined".into());
        prop_assert_eq!(
            &now,
            &value,
            "`{}` was {} with facts missing but {} once they were given\npartial: {}\nfull: {}",
            key,
            value,
            now,
            partial,
            full
        );
    }
    Ok(())
}

/// Describing the members a case left out (and every fact it did not give) never changes
/// a definite outcome: the soundness of household coverage.
fn check_soundness_with_members(
    rules: &RuleSet,
    seed: u64,
    listed: usize,
    hidden: usize,
    given: u64,
) -> Result<(), TestCaseError> {
    let schema = rules.schema(None);
    let mut g = Gen(seed);
    let (partial, full) = household_with_hidden_members(&mut g, &schema, listed, hidden, given);
    same_where_definite(rules, &partial, &full, "2026-11-23")
}

/// How many cases the person-addition soundness properties run: 300 by default, more
/// with `ONRAMP_SOUNDNESS_CASES` (the test script runs 10 000 on the NYC rules).
#[allow(
    clippy::disallowed_methods,
    reason = "a test's own setting, not the kernel's"
)]
fn soundness_cases() -> u32 {
    std::env::var("ONRAMP_SOUNDNESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: soundness_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn soundness_with_members_left_out_example(seed in any::<u64>(), listed in 0usize..4, hidden in 0usize..4, given in 0u64..=100) {
        check_soundness_with_members(example(), seed, listed, hidden, given)?;
    }

    #[test]
    fn soundness_with_members_left_out_nyc(seed in any::<u64>(), listed in 0usize..4, hidden in 0usize..4, given in 0u64..=100) {
        if let Some(rules) = nyc() {
            check_soundness_with_members(rules, seed, listed, hidden, given)?;
        }
    }
}

/// Supplying any values for missing facts never changes a definite outcome.
fn check_soundness(
    rules: &RuleSet,
    seed: u64,
    persons: usize,
    given: u64,
    as_of: &str,
) -> Result<(), TestCaseError> {
    let schema = rules.schema(None);
    let mut g = Gen(seed);
    let partial = random_case(&mut g, &schema, persons, given);
    let full = complete(&mut g, &schema, &partial);
    same_where_definite(rules, &partial, &full, as_of)
}

/// A date of birth given as a range (`{"between": [first, last]}`, what an age gives)
/// decides only what every day of the range decides: each definite outcome with the range
/// is the outcome for the range's first day, its last day and a day inside it.
fn check_date_ranges(
    rules: &RuleSet,
    seed: u64,
    persons: usize,
    given: u64,
    widths: (i64, i64),
    as_of: &str,
) -> Result<(), TestCaseError> {
    let schema = rules.schema(None);
    let mut g = Gen(seed);
    let partial = random_case(&mut g, &schema, persons, given);
    let full = complete(&mut g, &schema, &partial);
    let mut ranged = full.clone();
    let mut days: Vec<Vec<(usize, String)>> = vec![Vec::new(); 3];
    for (i, p) in ranged["persons"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(dob) = p
            .get("date_of_birth")
            .and_then(|d| d.as_str())
            .and_then(CivilDate::parse)
        else {
            continue;
        };
        let first = dob.add_days(-widths.0).unwrap();
        let last = dob.add_days(widths.1).unwrap();
        p["date_of_birth"] = serde_json::json!({"between": [first.to_string(), last.to_string()]});
        for (k, d) in [first, dob, last].into_iter().enumerate() {
            days[k].push((i, d.to_string()));
        }
    }
    for at in days {
        let mut concrete = ranged.clone();
        for (i, d) in at {
            concrete["persons"][i]["date_of_birth"] = serde_json::Value::String(d);
        }
        same_where_definite(rules, &ranged, &concrete, as_of)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn soundness_example(seed in any::<u64>(), persons in 0usize..4, given in 0u64..100) {
        check_soundness(example(), seed, persons, given, "2026-11-23")?;
    }

    #[test]
    fn soundness_example_other_dates(seed in any::<u64>(), day in 0i64..1500) {
        let as_of = CivilDate::parse("2023-06-01").unwrap().add_days(day).unwrap().to_string();
        check_soundness(example(), seed, 2, 60, &as_of)?;
    }

    #[test]
    fn date_ranges_are_sound_example(seed in any::<u64>(), persons in 1usize..3, given in 0u64..100, before in 0i64..400, after in 0i64..400) {
        check_date_ranges(example(), seed, persons, given, (before, after), "2026-11-23")?;
    }

    #[test]
    fn date_ranges_are_sound_nyc(seed in any::<u64>(), persons in 1usize..3, given in 0u64..100, before in 0i64..400, after in 0i64..400) {
        if let Some(rules) = nyc() {
            check_date_ranges(rules, seed, persons, given, (before, after), "2026-11-23")?;
        }
    }

    #[test]
    fn soundness_nyc(seed in any::<u64>(), persons in 1usize..4, given in 0u64..100) {
        if let Some(rules) = nyc() {
            check_soundness(rules, seed, persons, given, "2026-11-23")?;
        }
    }

    /// The summary says what the full decision says: the same statuses, priority groups,
    /// steps and next steps; as reasons exactly the top-level criteria the full decision
    /// shows failed (or unknown); its questions are the full list's first ones, in order.
    #[test]
    fn summary_agrees_with_full(seed in any::<u64>(), persons in 0usize..4, given in 0u64..100) {
        for rules in [Some(example()), nyc()].into_iter().flatten() {
            check_summary(rules, seed, persons, given)?;
        }
    }

    #[test]
    fn determinism(seed in any::<u64>(), persons in 0usize..4, given in 0u64..100) {
        let rules = example();
        let schema = rules.schema(None);
        let case = random_case(&mut Gen(seed), &schema, persons, given);
        let text = case.to_string();
        let opts = options("2026-11-23");
        let a = rules.evaluate(&Case::from_json_text(rules, &text).unwrap(), &opts).to_json();
        let b = rules.evaluate(&Case::from_json_text(rules, &text).unwrap(), &opts).to_json();
        prop_assert_eq!(&a, &b);
        // A freshly compiled copy of the same rules gives the same bytes too.
        let again = compile("tests/example");
        let c = again.evaluate(&Case::from_json_text(&again, &text).unwrap(), &opts).to_json();
        prop_assert_eq!(&a, &c);
    }

    #[test]
    fn birthday_rule(days in 0i64..2_900_000, years in 0i64..120) {
        let Some(born) = CivilDate::from_days(days - 719_162) else { return Ok(()) };
        let Some(year) = i32::try_from(i64::from(born.year()) + years).ok() else { return Ok(()) };
        let Some(birthday) = born.anniversary_in(year) else { return Ok(()) };
        prop_assert_eq!(years_between(born, birthday), years);
        if years > 0 {
            let eve = birthday.add_days(-1).unwrap();
            prop_assert_eq!(years_between(born, eve), years - 1);
        }
        // Ages never go down as time goes on.
        let later = birthday.add_days(200).unwrap();
        prop_assert!(years_between(born, later) >= years);
    }
}

fn check_summary(
    rules: &RuleSet,
    seed: u64,
    persons: usize,
    given: u64,
) -> Result<(), TestCaseError> {
    let schema = rules.schema(None);
    let case = random_case(&mut Gen(seed), &schema, persons, given);
    let case = Case::from_json(rules, &case);
    let opts = options("2026-11-23");
    let full = rules.evaluate(&case, &opts);
    let summary = rules.summarize(&case, &opts);
    let catalog = rules.catalog(None);
    prop_assert_eq!(full.persons.len(), summary.persons.len());
    let reasons = |criteria: &[String],
                   person: &onramp::PersonDecision,
                   want: onramp::Truth|
     -> Vec<String> {
        criteria
            .iter()
            .filter(|c| {
                person
                    .criteria
                    .get(*c)
                    .or_else(|| full.household.criteria.get(*c))
                    .is_some_and(|r| r.status == want)
            })
            .cloned()
            .collect()
    };
    for (f, s) in full.persons.iter().zip(&summary.persons) {
        prop_assert_eq!(f.programs.len(), s.programs.len());
        for (fp, sp) in f.programs.iter().zip(&s.programs) {
            prop_assert_eq!(&fp.id, &sp.id);
            prop_assert_eq!(fp.status, sp.status);
            prop_assert_eq!(&fp.priority, &sp.priority);
            let info = catalog.programs.iter().find(|x| x.id == fp.id).unwrap();
            let failed = if fp.status == Status::Ineligible {
                reasons(&info.criteria, f, onramp::Truth::NotMet)
            } else {
                Vec::new()
            };
            let unknown = if fp.status == Status::Undetermined {
                reasons(&info.criteria, f, onramp::Truth::Unknown)
            } else {
                Vec::new()
            };
            prop_assert_eq!(&failed, &sp.failed);
            prop_assert_eq!(&unknown, &sp.unknown);
            for c in failed.iter().chain(&unknown) {
                prop_assert_eq!(
                    summary.criteria.get(c),
                    catalog.criteria.get(c).map(|x| &x.text)
                );
            }
        }
        for (fs, ss) in f.services.iter().zip(&s.services) {
            prop_assert_eq!(&fs.id, &ss.id);
            prop_assert_eq!(fs.need.status, ss.need);
            prop_assert_eq!(fs.eligibility.as_ref().map(|e| e.status), ss.eligibility);
        }
        prop_assert_eq!(f.pathways.len(), s.pathways.len());
        for (fl, sl) in f.pathways.iter().zip(&s.pathways) {
            prop_assert_eq!(&fl.id, &sl.id);
            prop_assert_eq!(fl.applies, sl.applies);
            for st in &fl.steps {
                prop_assert_eq!(Some(&st.status), sl.steps.get(&st.id));
            }
            let next: Vec<_> = fl
                .next
                .iter()
                .map(|n| (&n.step, n.status, &n.first))
                .collect();
            let next_s: Vec<_> = sl
                .next
                .iter()
                .map(|n| (&n.step, n.status, &n.first))
                .collect();
            prop_assert_eq!(next, next_s);
        }
    }
    for (fs, ss) in full
        .household
        .services
        .iter()
        .zip(&summary.household.services)
    {
        prop_assert_eq!(fs.need.status, ss.need);
    }
    let listed: Vec<_> = summary
        .next_questions
        .iter()
        .map(|q| (&q.path, q.settles))
        .collect();
    let first: Vec<_> = full
        .next_questions
        .iter()
        .take(listed.len())
        .map(|q| (&q.path, q.settles))
        .collect();
    prop_assert_eq!(listed, first);
    prop_assert_eq!(
        summary.next_questions.len() + summary.more_questions,
        full.next_questions.len()
    );
    prop_assert_eq!(&summary.unknown_parameters, &full.unknown_parameters);
    // A summary stops a criterion at the child that settles it, so it meets the rule
    // errors of what it decided: never one the full decision does not report.
    for e in &summary.rule_errors {
        prop_assert!(
            full.rule_errors.contains(e),
            "summary-only rule error {e:?}"
        );
    }
    // What hosts are sent is written straight from the evaluation: the typed decisions'
    // bytes, with the same statuses.
    let (json, full_statuses) = rules.decision_json(&case, &opts);
    prop_assert_eq!(&json, &full.to_json());
    let (json, statuses) = rules.summary_json(&case, &opts);
    prop_assert_eq!(&json, &summary.to_json());
    prop_assert_eq!(&full_statuses, &statuses);
    let programs: Vec<_> = summary
        .persons
        .iter()
        .flat_map(|p| p.programs.iter().map(|x| (x.id.as_str(), x.status)))
        .collect();
    prop_assert_eq!(&statuses.programs, &programs);
    let services: Vec<_> = summary
        .household
        .services
        .iter()
        .chain(summary.persons.iter().flat_map(|p| &p.services))
        .map(|x| (x.id.as_str(), x.need))
        .collect();
    prop_assert_eq!(&statuses.services, &services);
    let other = Options {
        lang: Some("es".into()),
        only: Some(
            catalog
                .programs
                .iter()
                .take(1)
                .map(|p| p.id.clone())
                .collect(),
        ),
        ..opts
    };
    prop_assert_eq!(
        rules.summary_json(&case, &other).0,
        rules.summarize(&case, &other).to_json()
    );
    prop_assert_eq!(
        rules.decision_json(&case, &other).0,
        rules.evaluate(&case, &other).to_json()
    );
    Ok(())
}

#[test]
fn determinism_of_compilation() {
    let a = compile("tests/example");
    let b = compile("tests/example");
    assert_eq!(a.hash(), b.hash());
    assert!(a.hash().starts_with("sha256:"));
}

#[test]
fn nothing_given_names_what_is_missing() {
    let rules = example();
    let d = rules.evaluate(
        &Case::from_json_text(rules, r#"{"persons":[{}]}"#).unwrap(),
        &options("2026-11-23"),
    );
    let adult = &d.persons[0].programs[0];
    assert_eq!(adult.status, Status::Undetermined);
    assert!(adult
        .missing
        .contains(&"persons[0].date_of_birth".to_string()));
    assert!(!d.next_questions.is_empty());
    // Each step is undetermined rather than blocked.
    for step in &d.persons[0].pathways[0].steps {
        assert_eq!(step.status, StepStatus::Undetermined);
    }
}

#[test]
fn malformed_case_names_the_path_and_keeps_the_rest() {
    let rules = example();
    let text = r#"{"household":{"household_size":2},"persons":[{"date_of_birth":"2000-01-01","incomes":[{"type":"wages","amount":"100","frequency":"fortnightly"}]}]}"#;
    let case = Case::from_json_text(rules, text).unwrap();
    assert_eq!(case.errors.len(), 1);
    assert_eq!(case.errors[0].to_string(), "persons[0].incomes[0].frequency: expected one of weekly, biweekly, semimonthly, monthly, yearly, hourly");
    let d = rules.evaluate(&case, &options("2026-11-23"));
    // The valid date of birth was kept: age is known, so the adult age criterion is met.
    let catalog = rules.catalog(None);
    let adult = &catalog.programs[0];
    assert_eq!(adult.id, d.persons[0].programs[0].id);
    assert_eq!(
        d.persons[0].criteria[&adult.criteria[0]].status,
        onramp::Truth::Met
    );
}

/// The three cases of the partly-described-household report, on the NYC rules: each is
/// undetermined for the household and names what is missing; the first decides again
/// once the others' total income is given. Unparseable text is no decision at all.
#[test]
fn partly_described_households_are_not_decided() {
    let Some(rules) = nyc() else { return };
    let opts = options("2026-11-23");
    let snap = |text: &str| {
        let d = rules.evaluate(&Case::from_json_text(rules, text).unwrap(), &opts);
        let food = d
            .household
            .services
            .iter()
            .find(|s| s.id == "food")
            .cloned()
            .unwrap();
        (d, food)
    };
    let one_of_four = r#"{"household":{"household_size":4,"needs":["food"]},"persons":[{"incomes":[{"type":"wages","amount":"500","frequency":"monthly"}]}]}"#;
    let (d, food) = snap(one_of_four);
    let eligibility = food.eligibility.unwrap();
    assert_eq!(eligibility.status, Status::Undetermined);
    assert!(eligibility.missing.contains(&"persons".to_string()));
    assert!(eligibility
        .missing
        .contains(&"household.others_monthly_income".to_string()));
    let members = d
        .next_questions
        .iter()
        .find(|q| q.fact == "persons")
        .unwrap();
    assert_eq!(members.path, "persons");
    // The summary words its questions: the members not described are asked as one.
    let summary = rules.summarize(&Case::from_json_text(rules, one_of_four).unwrap(), &opts);
    let members = summary
        .next_questions
        .iter()
        .find(|q| q.fact == "persons")
        .unwrap();
    assert!(
        members.text.as_deref().unwrap().contains("3 not described"),
        "{:?}",
        members.text
    );

    let with_others = r#"{"household":{"household_size":4,"needs":["food"],"all_buy_food_together":true,"others_monthly_income":"1200"},"persons":[{"incomes":[{"type":"wages","amount":"500","frequency":"monthly"}]}]}"#;
    let (_, food) = snap(with_others);
    assert_eq!(food.eligibility.unwrap().status, Status::Eligible);

    for nobody in [r#"{}"#, r#"{"persons":[]}"#] {
        let (d, food) = snap(nobody);
        assert_eq!(
            food.eligibility.unwrap().status,
            Status::Undetermined,
            "{nobody}"
        );
        let care = d
            .household
            .services
            .iter()
            .find(|s| s.id == "childcare")
            .unwrap();
        assert_ne!(
            care.eligibility.as_ref().unwrap().status,
            Status::Ineligible,
            "{nobody}"
        );
    }

    let garbage = Case::from_json_text(rules, r#"{"persons": ["#).unwrap_err();
    assert_eq!(garbage.code, "invalid-case");
    assert_eq!((garbage.line, garbage.column), (Some(1), Some(13)));
    assert_eq!(
        Case::from_json_text(rules, "[1, 2]").unwrap_err().code,
        "invalid-case"
    );
}

/// A host's limit on persons is a failure naming the limit, not a decision.
#[test]
fn a_case_over_the_persons_limit_is_refused() {
    let rules = example();
    let persons = ["{}"; 51].join(",");
    let case = format!(r#"{{"persons":[{persons}]}}"#);
    let answer = onramp::api::evaluate(rules, &case, r#"{"as_of":"2026-11-23"}"#);
    assert!(
        answer.starts_with(r#"{"type":"failure","errors":[{"code":"too-many-persons""#),
        "{answer}"
    );
    assert!(answer.contains("at most 50"), "{answer}");
    let roomy = onramp::api::Limits { max_persons: 60 };
    let answer = onramp::api::evaluate_within(rules, &case, r#"{"as_of":"2026-11-23"}"#, &roomy);
    assert!(answer.starts_with(r#"{"type":"success""#));
}
