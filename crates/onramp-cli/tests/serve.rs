//! `onramp serve` on loopback ports: real HTTP requests against the bounded server, its
//! refusals, its OpenAPI document (validated against real answers) and its shutdown.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use onramp::RuleSet;
use onramp_cli::{files, serve};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rules(dir: &str) -> RuleSet {
    RuleSet::compile(files::read_rule_files(&root().join(dir)).unwrap()).unwrap()
}

fn quiet() -> serve::Config {
    serve::Config {
        log: false,
        ..serve::Config::default()
    }
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// Sends raw bytes and reads until the server closes.
fn request(addr: &str, raw: &str) -> String {
    let mut stream = connect(addr);
    stream.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

fn post(addr: &str, path: &str, body: &str) -> String {
    request(addr, &format!("POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()))
}

fn get(addr: &str, path: &str) -> String {
    request(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// Reads one response (head and a Content-Length body) from a kept-alive connection.
fn read_response(reader: &mut BufReader<TcpStream>) -> (String, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (head, String::from_utf8(body).unwrap())
}

#[test]
fn http_answers_match_the_library() {
    let rules = rules("tests/example");
    let case = r#"{"persons":[{"date_of_birth":"1990-01-01","work_authorized":true,"sex_at_birth":"female"}]}"#;
    let options = r#"{"as_of":"2026-11-23","lang":"es"}"#;
    let expected = onramp::api::evaluate(&rules, case, options);
    let hash = rules.hash().to_string();
    let server = serve::start(rules, "127.0.0.1:0", quiet()).unwrap();
    let addr = server.addr().to_string();

    let health = get(&addr, "/v1/health");
    assert!(health.starts_with("HTTP/1.1 200 OK\r\n"), "{health}");
    assert!(health.contains(r#""name":"example""#));
    assert!(health.contains(&format!("Onramp-Rules-Hash: {hash}\r\n")));

    let answer = post(
        &addr,
        "/v1/evaluate",
        &format!(r#"{{"case":{case},"options":{options}}}"#),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(
        body(&answer),
        expected,
        "the HTTP answer differs from the library's bytes"
    );

    let bad = post(&addr, "/v1/evaluate", r#"{"case":{},"options":{}}"#);
    assert!(
        bad.starts_with("HTTP/1.1 400") && bad.contains("invalid-options"),
        "{bad}"
    );
    let schema = get(&addr, "/v1/schema?lang=es");
    assert!(
        schema.contains("¿Cuál es su fecha de nacimiento?"),
        "{schema}"
    );
    assert_eq!(server.stop(), 4);
}

/// The host's limit on persons: a case over it is a 400 naming the limit, not a decision;
/// a case the client sent as a JSON string is no case either.
#[test]
fn http_refuses_cases_over_the_persons_limit() {
    let rules = rules("tests/example");
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

/// Every bad request gets its status code and a JSON failure with a stable code, and the
/// server answers correctly afterwards.
#[test]
fn bad_requests_get_their_status_and_a_json_failure() {
    let rules = rules("tests/example");
    let hash = rules.hash().to_string();
    let config = serve::Config {
        max_body: 2000,
        ..quiet()
    };
    let server = serve::start(rules, "127.0.0.1:0", config).unwrap();
    let addr = server.addr().to_string();
    let failure_code = |response: &str| -> (u16, String) {
        let status = response[9..12].parse().unwrap();
        let json: serde_json::Value = serde_json::from_str(body(response)).unwrap();
        assert_eq!(json["type"], "failure", "{response}");
        assert!(
            response.contains(&format!("Onramp-Rules-Hash: {hash}\r\n")),
            "{response}"
        );
        (
            status,
            json["errors"][0]["code"].as_str().unwrap().to_string(),
        )
    };
    let big = format!(r#"{{"case":{{}},"pad":"{}"}}"#, "x".repeat(5000));
    let cases: Vec<(String, u16, &str)> = vec![
        (post(&addr, "/v1/evaluate", "{not json"), 400, "invalid-request"),
        (post(&addr, "/v1/evaluate", &big), 413, "too-large"),
        (
            request(&addr, "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"),
            415,
            "unsupported-media-type",
        ),
        (
            request(&addr, "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
            411,
            "length-required",
        ),
        (
            request(&addr, "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            411,
            "length-required",
        ),
        (get(&addr, "/v1/evaluate"), 405, "method-not-allowed"),
        (post(&addr, "/v1/health", "{}"), 405, "method-not-allowed"),
        (get(&addr, "/nope"), 404, "not-found"),
        (request(&addr, "GARBAGE\0\r\n\r\n"), 400, "bad-request"),
        (
            request(
                &addr,
                &format!("GET /v1/health HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(70)),
            ),
            431,
            "too-many-headers",
        ),
        (
            post(&addr, "/v1/explain", r#"{"case":{},"options":{"as_of":"2026-11-23"}}"#),
            400,
            "invalid-request",
        ),
    ];
    for (response, status, code) in &cases {
        assert_eq!(
            failure_code(response),
            (*status, code.to_string()),
            "{response}"
        );
    }
    assert!(cases[5].0.contains("Allow: POST\r\n"), "{}", cases[5].0);
    assert!(cases[6].0.contains("Allow: GET\r\n"), "{}", cases[6].0);
    let health = get(&addr, "/v1/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    server.stop();
}

/// A client that sends its request too slowly is answered 408 when its time is up, however
/// it dribbles; one that sends nothing between kept-alive requests is closed quietly.
#[test]
fn slow_requests_time_out() {
    let config = serve::Config {
        timeout: Duration::from_millis(400),
        idle: Duration::from_millis(300),
        ..quiet()
    };
    let server = serve::start(rules("tests/example"), "127.0.0.1:0", config).unwrap();
    let addr = server.addr().to_string();
    let mut stream = connect(&addr);
    let started = Instant::now();
    stream.write_all(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").unwrap();
    // A byte every 100 ms: each read succeeds, but the whole request is late.
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(100));
        let _ = stream.write_all(b" ");
    }
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 408"), "{out}");
    assert!(out.contains(r#""code":"timeout""#), "{out}");
    assert!(started.elapsed() < Duration::from_secs(5));

    // Kept alive, then idle: answered once, then closed without a second answer.
    let mut stream = connect(&addr);
    stream
        .write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    assert_eq!(out.matches("HTTP/1.1 ").count(), 1, "{out}");
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    server.stop();
}

/// With every worker busy and no room in the queue, a new connection is answered 503 at
/// once (with Retry-After), and served again once a worker is free.
#[test]
fn a_saturated_server_answers_503() {
    let config = serve::Config {
        workers: 1,
        queue: 0,
        timeout: Duration::from_secs(3),
        ..quiet()
    };
    let server = serve::start(rules("tests/example"), "127.0.0.1:0", config).unwrap();
    let addr = server.addr().to_string();
    // The one worker is held by a request whose body has not arrived yet.
    let mut held = connect(&addr);
    held.write_all(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let busy = get(&addr, "/v1/health");
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy}");
    assert!(busy.contains("Retry-After: 1\r\n"), "{busy}");
    assert!(busy.contains(r#""code":"busy""#), "{busy}");
    held.write_all(b"{}").unwrap();
    let mut reader = BufReader::new(held);
    let (head, _) = read_response(&mut reader);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    drop(reader);
    std::thread::sleep(Duration::from_millis(100));
    let health = get(&addr, "/v1/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    server.stop();
}

/// Requests on one kept-alive connection, one after another and pipelined, each get their
/// own answer in order.
#[test]
fn kept_alive_connections_serve_several_requests() {
    let server = serve::start(rules("tests/example"), "127.0.0.1:0", quiet()).unwrap();
    let addr = server.addr().to_string();
    let stream = connect(&addr);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    writer
        .write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (head, first) = read_response(&mut reader);
    assert!(head.contains("Connection: keep-alive"), "{head}");
    let evaluate = r#"{"case":{"persons":[{}]},"options":{"as_of":"2026-11-23"}}"#;
    let pipelined = format!(
        "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{evaluate}GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        evaluate.len()
    );
    writer.write_all(pipelined.as_bytes()).unwrap();
    let (_, second) = read_response(&mut reader);
    assert!(
        second.starts_with(r#"{"type":"success","decision""#),
        "{second}"
    );
    let (head, third) = read_response(&mut reader);
    assert!(head.contains("Connection: close"), "{head}");
    assert_eq!(first, third);
    assert_eq!(server.stop(), 3);
}

fn validator(doc: &serde_json::Value, schema: &str) -> jsonschema::Validator {
    let mut root = doc.clone();
    root["$ref"] = serde_json::json!(format!("#/components/schemas/{schema}"));
    root["$schema"] = serde_json::json!("https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::new(&root).unwrap()
}

fn check(v: &jsonschema::Validator, what: &str, text: &str) {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the OpenAPI document: {errors:#?}"
    );
}

/// The OpenAPI document served is valid JSON naming every route, and real answers of every
/// endpoint (the NYC personas at both detail levels, explanations, failures) match its
/// schemas.
#[test]
fn real_answers_match_the_openapi_document() {
    let nyc = rules("rules/nyc");
    let server = serve::start(rules("rules/nyc"), "127.0.0.1:0", quiet()).unwrap();
    let addr = server.addr().to_string();
    let doc: serde_json::Value =
        serde_json::from_str(body(&get(&addr, "/v1/openapi.json"))).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for route in [
        "/v1/health",
        "/v1/openapi.json",
        "/v1/schema",
        "/v1/catalog",
        "/v1/evaluate",
        "/v1/explain",
        "/v1/check",
        "/eligibilityPrograms",
        "/v1/qualify",
        "/v1/sweep",
    ] {
        assert!(doc["paths"][route].is_object(), "{route} is not documented");
    }
    check(
        &validator(&doc, "Health"),
        "health",
        body(&get(&addr, "/v1/health")),
    );
    check(
        &validator(&doc, "SchemaSuccess"),
        "schema",
        body(&get(&addr, "/v1/schema?lang=zh")),
    );
    check(
        &validator(&doc, "CatalogSuccess"),
        "catalog",
        body(&get(&addr, "/v1/catalog?lang=es")),
    );
    let evaluate = validator(&doc, "EvaluateSuccess");
    let explain = validator(&doc, "ExplainSuccess");
    let failure = validator(&doc, "Failure");
    // The schemas have teeth: a decision with a field the document does not know, or a
    // status it does not list, is refused.
    let sample = post(
        &addr,
        "/v1/evaluate",
        r#"{"case":{"persons":[{}]},"options":{"as_of":"2026-11-23","detail":"summary"}}"#,
    );
    let mut tampered: serde_json::Value = serde_json::from_str(body(&sample)).unwrap();
    check(&evaluate, "sample", body(&sample));
    tampered["decision"]["persons"][0]["programs"][0]["status"] = "maybe".into();
    assert!(!evaluate.is_valid(&tampered));
    let mut tampered: serde_json::Value = serde_json::from_str(body(&sample)).unwrap();
    tampered["decision"]["surprise"] = true.into();
    assert!(!evaluate.is_valid(&tampered));
    let mut personas = 0;
    for entry in std::fs::read_dir(root().join("rules/nyc/personas")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case = std::fs::read_to_string(&path).unwrap();
        for detail in ["summary", "full"] {
            let request = format!(
                r#"{{"case":{case},"options":{{"as_of":"2026-11-23","detail":"{detail}"}}}}"#
            );
            let answer = post(&addr, "/v1/evaluate", &request);
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            check(
                &evaluate,
                &format!("{} at {detail}", path.display()),
                body(&answer),
            );
        }
        for target in ["snap", "wioa_adult", "childcare", "healthcare"] {
            let request = format!(
                r#"{{"case":{case},"options":{{"as_of":"2026-11-23"}},"target":"{target}"}}"#
            );
            let answer = post(&addr, "/v1/explain", &request);
            let v = if answer.starts_with("HTTP/1.1 200") {
                &explain
            } else {
                &failure
            };
            check(
                v,
                &format!("explain {target} of {}", path.display()),
                body(&answer),
            );
        }
        personas += 1;
    }
    assert!(personas >= 6);
    let files: Vec<serde_json::Value> = files::read_rule_files(&root().join("tests/example"))
        .unwrap()
        .into_iter()
        .map(|(path, text)| serde_json::json!({"path": path, "text": text}))
        .collect();
    let checked = post(
        &addr,
        "/v1/check",
        &serde_json::json!({ "files": files }).to_string(),
    );
    check(&validator(&doc, "CheckSuccess"), "check", body(&checked));
    for bad in [
        "{",
        r#"{"case":{},"options":{}}"#,
        r#"{"case":[],"options":{"as_of":"2026-11-23"}}"#,
    ] {
        check(&failure, bad, body(&post(&addr, "/v1/evaluate", bad)));
    }
    check(&failure, "404", body(&get(&addr, "/x")));
    drop(nyc);
    server.stop();
}

/// `POST /eligibilityPrograms` answers ACCESS NYC payloads with the library's bytes, in the
/// API's shape or Onramp's, matching the OpenAPI document; refusals are 400s naming paths.
#[test]
fn access_nyc_payloads_over_http() {
    let nyc = rules("rules/nyc");
    let server = serve::start(rules("rules/nyc"), "127.0.0.1:0", quiet()).unwrap();
    let addr = server.addr().to_string();
    let doc: serde_json::Value =
        serde_json::from_str(body(&get(&addr, "/v1/openapi.json"))).unwrap();
    let success = validator(&doc, "AccessNycSuccess");
    let evaluate = validator(&doc, "EvaluateSuccess");
    let failure = validator(&doc, "Failure");
    let request_schema = validator(&doc, "AccessNycRequest");
    let mut samples = 0;
    for entry in std::fs::read_dir(root().join("tests/access-nyc")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".json").filter(|s| !s.contains('.')) else {
            continue;
        };
        let payload = std::fs::read_to_string(&path).unwrap();
        let answer = post(&addr, "/eligibilityPrograms?asOf=2026-12-03", &payload);
        let library = onramp::api::access_nyc(&nyc, &payload, r#"{"as_of":"2026-12-03"}"#);
        assert_eq!(body(&answer), library, "{stem}");
        if stem.starts_with("invalid") {
            assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
            check(&failure, stem, body(&answer));
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            assert!(answer.contains("Onramp-Rules-Hash: sha256:"), "{answer}");
            check(&success, stem, body(&answer));
            check(&request_schema, &format!("{stem} (request)"), &payload);
            let onramp = post(
                &addr,
                "/eligibilityPrograms?asOf=2026-12-03&answer=onramp&detail=summary",
                &payload,
            );
            check(&evaluate, &format!("{stem} as onramp"), body(&onramp));
            samples += 1;
        }
    }
    assert!(samples >= 9, "{samples} samples");
    // interestedPrograms, `|` escaped or not; no asOf is today in New York.
    let payload =
        std::fs::read_to_string(root().join("tests/access-nyc/veteran-65-retired.json")).unwrap();
    for query in [
        "interestedPrograms=S2R007%7CS2R031",
        "interestedPrograms=S2R007|S2R031",
        "interestedPrograms=S2R007,S2R031",
    ] {
        let answer = post(&addr, &format!("/eligibilityPrograms?{query}"), &payload);
        let v: serde_json::Value = serde_json::from_str(body(&answer)).unwrap();
        assert_eq!(v["eligiblePrograms"][0]["code"], "S2R007", "{query}");
        assert_eq!(v["eligiblePrograms"].as_array().unwrap().len(), 1);
        assert_eq!(v["onramp"]["not_decided"], serde_json::json!(["S2R031"]));
        let today = serve::new_york_today();
        assert!(
            v["onramp"]["as_of"] == today.as_str(),
            "{} is not {today}",
            v["onramp"]["as_of"]
        );
    }
    let bad = post(&addr, "/eligibilityPrograms?asOf=someday", &payload);
    assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
    check(&failure, "bad asOf", body(&bad));
    let wrong = get(&addr, "/eligibilityPrograms");
    assert!(wrong.starts_with("HTTP/1.1 405"), "{wrong}");
    server.stop();
}

/// `POST /v1/qualify` and `/v1/sweep`: the library's bytes for every persona, matching the
/// OpenAPI document; bad options are 400s.
#[test]
fn qualify_and_sweep_over_http() {
    let nyc = rules("rules/nyc");
    let server = serve::start(rules("rules/nyc"), "127.0.0.1:0", quiet()).unwrap();
    let addr = server.addr().to_string();
    let doc: serde_json::Value =
        serde_json::from_str(body(&get(&addr, "/v1/openapi.json"))).unwrap();
    let qualify = validator(&doc, "QualifySuccess");
    let sweep = validator(&doc, "SweepSuccess");
    let failure = validator(&doc, "Failure");
    for entry in std::fs::read_dir(root().join("rules/nyc/personas")).unwrap() {
        let path = entry.unwrap().path();
        let case = std::fs::read_to_string(&path).unwrap();
        let q_options = r#"{"as_of":"2026-11-23","max_changes":2}"#;
        let answer = post(
            &addr,
            "/v1/qualify",
            &format!(r#"{{"case":{case},"options":{q_options}}}"#),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert_eq!(body(&answer), onramp::api::qualify(&nyc, &case, q_options));
        check(&qualify, &path.display().to_string(), body(&answer));
        let s_options = r#"{"as_of":"2026-11-23","wage":{"per":"year","from":"10000","to":"90000"},"points":50}"#;
        let answer = post(
            &addr,
            "/v1/sweep",
            &format!(r#"{{"case":{case},"options":{s_options}}}"#),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert_eq!(body(&answer), onramp::api::sweep(&nyc, &case, s_options));
        check(&sweep, &path.display().to_string(), body(&answer));
    }
    let bad = post(
        &addr,
        "/v1/qualify",
        r#"{"case":{"persons":[{}]},"options":{"as_of":"2026-11-23","for":"wioa_adlt"}}"#,
    );
    assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
    check(&failure, "unknown target", body(&bad));
    let bad = post(
        &addr,
        "/v1/sweep",
        r#"{"case":{"persons":[{}]},"options":{"as_of":"2026-11-23","wage":{"per":"hour","from":"1","to":"2"}}}"#,
    );
    assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
    check(&failure, "no hours", body(&bad));
    server.stop();
}

/// Eastern Time, across both daylight-saving changes and midnight.
#[test]
fn the_default_date_is_new_yorks() {
    let at = |date: &str, h: i64, m: i64| {
        let days = onramp::CivilDate::parse(date).unwrap().to_days()
            - onramp::CivilDate::parse("1970-01-01").unwrap().to_days();
        serve::eastern_date(days * 86_400 + h * 3_600 + m * 60)
    };
    assert_eq!(at("2026-12-03", 3, 0), "2026-12-02"); // 22:00 EST
    assert_eq!(at("2026-12-03", 5, 0), "2026-12-03"); // 00:00 EST
    assert_eq!(at("2026-07-01", 3, 59), "2026-06-30"); // 23:59 EDT
    assert_eq!(at("2026-07-01", 4, 0), "2026-07-01"); // 00:00 EDT
    assert_eq!(at("2026-03-08", 4, 30), "2026-03-07"); // 23:30 EST, before the change
    assert_eq!(at("2026-03-09", 4, 30), "2026-03-09"); // 00:30 EDT, after it
    assert_eq!(at("2026-11-01", 4, 30), "2026-11-01"); // 00:30 EDT, before the change
    assert_eq!(at("2026-11-02", 4, 30), "2026-11-01"); // 23:30 EST, after it
}

/// The binary stops on SIGTERM: it finishes, exits 0 and says how many requests it served.
#[test]
fn the_binary_stops_gracefully_on_sigterm() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["serve", "tests/example", "--addr", "127.0.0.1:0"])
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let health = get(&addr, "/v1/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}: {rest}");
    assert!(rest.contains("onramp: GET /v1/health 200"), "{rest}");
    assert!(
        !rest.contains("date_of_birth"),
        "the log must not show case contents"
    );
    assert!(
        rest.contains("SIGTERM") && rest.contains("stopped after 1 requests"),
        "{rest}"
    );
}
