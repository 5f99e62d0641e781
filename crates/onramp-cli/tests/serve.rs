//! `onramp serve` on a loopback port: a bounded number of real HTTP requests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::RuleSet;
use onramp_cli::{files, serve};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;

fn request(addr: &str, raw: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

fn post(addr: &str, path: &str, body: &str) -> String {
    request(addr, &format!("POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()))
}

#[test]
fn http_answers_match_the_library() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/example");
    let rules = RuleSet::compile(files::read_rule_files(&dir).unwrap()).unwrap();
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let addr = server.server_addr().to_ip().unwrap().to_string();
    let case = r#"{"persons":[{"date_of_birth":"1990-01-01","work_authorized":true,"sex_at_birth":"female"}]}"#;
    let options = r#"{"as_of":"2026-11-23","lang":"es"}"#;
    let expected = onramp::api::evaluate(&rules, case, options);
    let rules = Arc::new(rules);
    let handle = {
        let (server, rules) = (server.clone(), rules.clone());
        std::thread::spawn(move || serve::run(server, rules, 2, Some(5)))
    };

    let health = request(
        &addr,
        "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains(r#""name":"example""#));

    let body = format!(r#"{{"case":{case},"options":{options}}}"#);
    let answer = post(&addr, "/v1/evaluate", &body);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.ends_with(&expected),
        "the HTTP answer differs from the library's bytes"
    );

    let bad = post(&addr, "/v1/evaluate", r#"{"case":{},"options":{}}"#);
    assert!(
        bad.starts_with("HTTP/1.1 400") && bad.contains("invalid-options"),
        "{bad}"
    );

    let schema = request(
        &addr,
        "GET /v1/schema?lang=es HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        schema.contains("¿Cuál es su fecha de nacimiento?"),
        "{schema}"
    );

    let missing = request(
        &addr,
        "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    handle.join().unwrap();
}

/// The host's limit on persons: a case over it is a 400 naming the limit, not a decision;
/// a case the client sent as a JSON string is no case either.
#[test]
fn http_refuses_cases_over_the_persons_limit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/example");
    let rules = RuleSet::compile(files::read_rule_files(&dir).unwrap()).unwrap();
    let limits = onramp::api::Limits { max_persons: 3 };
    let persons = ["{}"; 4].join(",");
    let body =
        format!(r#"{{"case":{{"persons":[{persons}]}},"options":{{"as_of":"2026-11-23"}}}}"#);
    let (status, text) = serve::answer_within(&rules, &limits, "POST", "/v1/evaluate", &body);
    assert_eq!(status, 400, "{text}");
    assert!(text.contains(r#""code":"too-many-persons""#), "{text}");
    assert!(text.contains("at most 3"), "{text}");

    let body = r#"{"case":{"persons":[{},{},{}]},"options":{"as_of":"2026-11-23"}}"#;
    let (status, _) = serve::answer_within(&rules, &limits, "POST", "/v1/evaluate", body);
    assert_eq!(status, 200);

    let body = r#"{"case":"{\"persons\": [","options":{"as_of":"2026-11-23"}}"#;
    let (status, text) = serve::answer_within(&rules, &limits, "POST", "/v1/evaluate", body);
    assert_eq!(status, 400, "{text}");
    assert!(text.contains(r#""code":"invalid-case""#), "{text}");
}
