//! Translation files (`[translation]` + `[texts]`): merged into the texts written inline,
//! unknown keys and conflicts reported, missing texts warned about and shown in the default
//! language, and each language's status listed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use onramp::{api, RuleSet, Severity};

const RULES: &str = r#"
[ruleset]
name = "t"
version = "1"
languages = ["en", "es", "fr"]
members_question.en = "Tell us about the other {count} people"

[fact.income]
type = "records"
question = "What are your incomes?"
fields.kind = { type = "enum", values = ["wages", "other"], label = "Kind", labels = { wages = "Wages", other = "Other income" } }

[fact.borough]
type = "enum"
values = ["bronx", "queens"]
question.en = "Which borough?"
question.es = "¿Qué condado?"
labels.bronx = { en = "The Bronx", es = "El Bronx" }
labels.queens = { en = "Queens", es = "Queens" }

[criterion.adult]
text = "Is 18 or older"
expr = "borough == \"bronx\""
citation = "x"

[program.p]
name = "Adult training"
description = "Training for adults"
citation = "x"
eligible = ["adult"]

[[program.p.priority]]
id = "1"
name = "Veterans"
when = "adult"
"#;

const FR: &str = r#"
[translation]
language = "fr"
status = "unreviewed"
note = "Machine-drafted"

[texts]
"ruleset.members_question" = "Parlez-nous des {count} autres personnes"
"fact.income.question" = "Quels sont vos revenus ?"
"fact.income.fields.kind.label" = "Type"
"fact.income.fields.kind.labels.wages" = "Salaires"
"fact.income.fields.kind.labels.other" = "Autre revenu"
"fact.borough.question" = "Quel arrondissement ?"
"fact.borough.labels.bronx" = "Le Bronx"
"fact.borough.labels.queens" = "Queens"
"criterion.adult.text" = "A 18 ans ou plus"
"program.p.name" = "Formation des adultes"
"program.p.description" = "Formation pour adultes"
"program.p.priority.1.name" = "Anciens combattants"
"#;

fn compile(fr: &str) -> Result<RuleSet, onramp::Diagnostics> {
    RuleSet::compile([("rules.toml", RULES), ("translations/fr.toml", fr)])
}

#[test]
fn a_translation_file_gives_every_kind_of_text() {
    let rules = compile(FR).unwrap();
    let fr_missing: Vec<_> = rules
        .warnings()
        .iter()
        .filter(|w| w.message.contains("fr"))
        .collect();
    assert!(fr_missing.is_empty(), "{fr_missing:?}");
    let catalog = api::catalog(&rules, Some("fr"));
    for text in [
        "A 18 ans ou plus",
        "Formation des adultes",
        "Formation pour adultes",
        "Anciens combattants",
    ] {
        assert!(catalog.contains(text), "{text} not in {catalog}");
    }
    let schema = serde_json::to_string(&rules.schema(Some("fr"))).unwrap();
    for text in [
        "Quels sont vos revenus ?",
        "\"Type\"",
        "Salaires",
        "Autre revenu",
        "Quel arrondissement ?",
        "Le Bronx",
    ] {
        assert!(schema.contains(text), "{text} not in {schema}");
    }
    // The inline Spanish still works beside it.
    let es = serde_json::to_string(&rules.schema(Some("es"))).unwrap();
    assert!(es.contains("El Bronx"), "{es}");
}

#[test]
fn an_unknown_key_is_an_error_with_did_you_mean() {
    let fr = FR.replace("\"program.p.name\"", "\"program.p.nmae\"");
    let err = compile(&fr).unwrap_err();
    let d = err.items.iter().find(|d| d.code == "unknown-key").unwrap();
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.file, "translations/fr.toml");
    assert_eq!(d.message, "`program.p.nmae` is not a text of the rule set");
    assert_eq!(d.help.as_deref(), Some("did you mean `program.p.name`?"));
    let line = fr
        .lines()
        .position(|l| l.starts_with("\"program.p.nmae\""))
        .unwrap();
    assert_eq!((d.line, d.column), (line + 1, 1));
    // A key naming a text with no English is unknown too.
    let fr = format!("{FR}\"criterion.adult.description\" = \"x\"\n");
    let err = compile(&fr).unwrap_err();
    assert!(err
        .items
        .iter()
        .any(|d| d.code == "unknown-key" && d.message.contains("criterion.adult.description")));
}

#[test]
fn a_missing_translation_warns_and_shows_english() {
    let fr = FR.replace("\"program.p.name\" = \"Formation des adultes\"\n", "");
    let rules = compile(&fr).unwrap();
    let w = rules
        .warnings()
        .iter()
        .find(|w| w.code == "missing-translation" && w.rule.as_deref() == Some("p"))
        .unwrap();
    assert_eq!(w.message, "`name` has no es, fr text");
    assert_eq!(w.file, "rules.toml");
    let catalog = api::catalog(&rules, Some("fr"));
    assert!(catalog.contains("\"Adult training\""), "{catalog}");
    let fr_status = &rules.translations()[2];
    assert_eq!((fr_status.texts, fr_status.missing), (11, 1));
}

#[test]
fn the_statuses_are_listed_per_language() {
    let rules = compile(FR).unwrap();
    let list: Vec<(&str, &str, usize, usize)> = rules
        .translations()
        .iter()
        .map(|l| (l.language.as_str(), l.status.as_str(), l.texts, l.missing))
        .collect();
    // es has only the borough's texts inline.
    assert_eq!(
        list,
        [
            ("en", "source", 12, 0),
            ("es", "unstated", 3, 9),
            ("fr", "unreviewed", 12, 0)
        ]
    );
    let fr = &rules.translations()[2];
    assert_eq!(fr.file.as_deref(), Some("translations/fr.toml"));
    assert_eq!(fr.note.as_deref(), Some("Machine-drafted"));
    // The check answer (what the playground shows) carries them.
    let files = serde_json::json!({"files": [
        {"path": "rules.toml", "text": RULES},
        {"path": "translations/fr.toml", "text": FR},
    ]});
    let checked: serde_json::Value = serde_json::from_str(&api::check(&files.to_string())).unwrap();
    assert_eq!(checked["languages"][2]["language"], "fr");
    assert_eq!(checked["languages"][2]["status"], "unreviewed");
    assert_eq!(checked["languages"][2]["missing"], 0);
    assert_eq!(checked["languages"][1]["status"], "unstated");
}

#[test]
fn header_problems_are_reported() {
    let bad_status = FR.replace("\"unreviewed\"", "\"reviewd\"");
    let err = compile(&bad_status).unwrap_err();
    let d = err
        .items
        .iter()
        .find(|d| d.code == "invalid-value")
        .unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `reviewed`?"));
    let bad_lang = FR.replace("language = \"fr\"", "language = \"fra\"");
    let err = compile(&bad_lang).unwrap_err();
    assert!(err
        .items
        .iter()
        .any(|d| d.code == "unknown-language" && d.help.as_deref() == Some("did you mean `fr`?")));
    let inline_too = format!("{FR}\"fact.borough.labels.bronx\" = \"x\"\n")
        .replace("\"fact.borough.labels.bronx\" = \"Le Bronx\"\n", "")
        .replace("language = \"fr\"", "language = \"es\"");
    let err = compile(&inline_too).unwrap_err();
    assert!(err.items.iter().any(|d| d.code == "conflicting-keys"));
    let twice = RuleSet::compile([
        ("rules.toml", RULES),
        ("translations/fr.toml", FR),
        ("translations/fr2.toml", FR),
    ])
    .unwrap_err();
    assert!(twice.items.iter().any(|d| d.code == "duplicate-id"));
    let headless = RuleSet::compile([
        ("rules.toml", RULES),
        ("fr.toml", "[texts]\n\"a\" = \"b\"\n"),
    ])
    .unwrap_err();
    assert!(headless.items.iter().any(|d| d.code == "missing-key"));
}

#[test]
fn the_template_compiles_as_a_full_translation() {
    let rules = RuleSet::compile([("rules.toml", RULES)]).unwrap();
    let template = rules.translation_template("fr").unwrap();
    assert!(template.contains("[translation]\nlanguage = \"fr\"\nstatus = \"unreviewed\""));
    assert!(template.contains("# en: Adult training\n\"program.p.name\" = \"Adult training\"\n"));
    // es already has the borough's texts: its template starts from them.
    let es = rules.translation_template("es").unwrap();
    assert!(
        es.contains("\"fact.borough.labels.bronx\" = \"El Bronx\""),
        "{es}"
    );
    assert!(rules.translation_template("de").is_none());
    let filled =
        RuleSet::compile([("rules.toml", RULES), ("translations/fr.toml", &template)]).unwrap();
    let fr = &filled.translations()[2];
    assert_eq!((fr.texts, fr.missing), (12, 0));
}

#[test]
fn nyc_lists_all_eleven_languages() {
    let rules = common::compile("rules/nyc");
    let langs: Vec<&str> = rules
        .translations()
        .iter()
        .map(|l| l.language.as_str())
        .collect();
    assert_eq!(
        langs,
        ["en", "es", "zh", "ru", "bn", "ht", "ko", "ar", "ur", "fr", "pl"]
    );
    // Nothing is presented as reviewed: English is the source, every other language is
    // declared unreviewed by its translation file (or has none yet).
    for l in rules.translations() {
        match l.language.as_str() {
            "en" => assert_eq!(l.status, "source"),
            _ if l.file.is_some() => {
                assert_eq!(l.status, "unreviewed", "{l:?}");
                let note = l.note.as_deref().unwrap_or("");
                assert!(note.contains("qualified translator"), "{l:?}");
            }
            _ => assert_eq!(l.status, "unstated", "{l:?}"),
        }
    }
    // The languages with a translation file of texts cover every text.
    let ru = rules
        .translations()
        .iter()
        .find(|l| l.language == "ru")
        .unwrap();
    assert_eq!(ru.missing, 0, "{ru:?}");
}
