//! The service over real HTTP: compiled once, many requests from many threads at once, each
//! answered from the one shared rule set, and each answer what the library decides.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test: a failure should stop it loudly"
)]

use onramp::{Case, CivilDate, Options, RuleSet, Status};
use onramp_example_backend::{load_rules, Service};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One HTTP/1.1 request on a fresh connection: (status, body).
fn request(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

#[test]
fn screens_personas_concurrently_from_one_rule_set() {
    let rules = load_rules(&repo().join("rules/nyc")).expect("rules/nyc compiles");
    let service = Service::new(rules, CivilDate::parse("2026-11-23"));
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let addr = server.server_addr().to_ip().unwrap().to_string();
    let workers = service.serve(&server, 4);

    let (status, health) = request(&addr, "GET", "/health", "");
    assert_eq!(status, 200);
    let health: Value = serde_json::from_str(&health).unwrap();
    assert_eq!(health["hash"], service.rules().hash());

    let mut personas: Vec<PathBuf> = std::fs::read_dir(repo().join("rules/nyc/personas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    personas.sort();
    assert!(personas.len() >= 6);

    // Every persona three times, eight clients at once.
    let jobs: Vec<(String, String)> = personas
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            std::iter::repeat_n(text, 3)
        })
        .enumerate()
        .map(|(i, text)| (format!("/screen?lang={}", ["en", "es"][i % 2]), text))
        .collect();
    let jobs = Arc::new(jobs);
    let clients: Vec<_> = (0..8)
        .map(|k| {
            let (jobs, addr) = (Arc::clone(&jobs), addr.clone());
            std::thread::spawn(move || {
                (k..jobs.len())
                    .step_by(8)
                    .map(|i| (i, request(&addr, "POST", &jobs[i].0, &jobs[i].1)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut answers: Vec<(usize, (u16, String))> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    answers.sort_by_key(|(i, _)| *i);
    assert_eq!(answers.len(), jobs.len());

    // Each answer is what the library decides for that case, in the service's shape.
    let rules = service.rules();
    let options = Options::new(CivilDate::parse("2026-11-23").unwrap());
    for (i, (status, body)) in &answers {
        assert_eq!(*status, 200, "{body}");
        let answer: Value = serde_json::from_str(body).unwrap();
        let case = Case::from_json_text(rules, &jobs[*i].1).unwrap();
        let decision = rules.evaluate(&case, &options);
        assert_eq!(answer["rules"], rules.hash());
        assert_eq!(answer["as_of"], "2026-11-23");
        for (person, decided) in decision.persons.iter().enumerate() {
            let eligible: Vec<&str> = decided
                .programs
                .iter()
                .filter(|p| p.status == Status::Eligible)
                .map(|p| p.id.as_str())
                .collect();
            let served: Vec<&str> = answer["persons"][person]["eligible"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["program"].as_str().unwrap())
                .collect();
            assert_eq!(served, eligible, "persona {i}, person {person}");
        }
    }
    // Jaylen (19, out of school) is eligible for WIOA Youth out of school.
    let jaylen = answers
        .iter()
        .find(|(i, _)| jobs[*i].1.contains("jaylen_19_dropout"))
        .unwrap();
    assert!(jaylen
        .1
         .1
        .contains(r#""program":"wioa_youth_out_of_school""#));

    // A malformed field is reported, not a failure; an unknown date is a 400.
    let (status, body) = request(
        &addr,
        "POST",
        "/screen",
        r#"{"persons": [{"date_of_birth": "soon"}]}"#,
    );
    assert_eq!(status, 200);
    assert!(body.contains("persons[0].date_of_birth"), "{body}");
    let (status, _) = request(&addr, "POST", "/screen?as_of=tomorrow", "{}");
    assert_eq!(status, 400);
    let (status, body) = request(&addr, "POST", "/explain?target=wioa_adult", &jobs[0].1);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""target":"wioa_adult""#));
    let (status, _) = request(&addr, "GET", "/nowhere", "");
    assert_eq!(status, 404);

    server.unblock();
    for _ in 1..4 {
        server.unblock();
    }
    for worker in workers {
        worker.join().unwrap();
    }
}

#[test]
fn a_broken_rule_set_stops_the_service_with_every_diagnostic() {
    let error = load_rules(&repo().join("tests/broken/many-errors-at-once")).unwrap_err();
    assert!(error.contains("error(s)"), "{error}");
    assert!(error.lines().count() > 2, "{error}");
    // And a rule set that compiles is shareable across threads as it is.
    fn shared<T: Send + Sync>(_: &T) {}
    let rules: RuleSet = load_rules(&repo().join("tests/example")).unwrap();
    shared(&rules);
}
