//! `onramp serve`: the kernel over HTTP for backends not written in Rust. Every answer is
//! the JSON of `onramp::api`, byte for byte what the wasm package and the library give.
//!
//! - `GET  /v1/health` → `{"type":"success","name","version","hash"}`
//! - `GET  /v1/schema?lang=es` → the facts schema
//! - `GET  /v1/catalog?lang=es` → names, criterion wording, citations, parameters by id
//! - `POST /v1/evaluate` with `{"case": {...}, "options": {"as_of": "2026-11-23", "lang": "es",
//!   "detail": "summary"}}` (`detail` is `summary` or `full`, default `full`; `only` lists ids)
//! - `POST /v1/explain` with `{"case", "options", "target": "snap"}` → one item's reasons
//! - `POST /v1/check` with rule files `{"files": [{"path", "text"}]}` or a bundle
//!
//! The server keeps nothing between requests: no case is logged or stored.

use onramp::api::Limits;
use onramp::{api, RuleSet};
use std::io::Read;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, Server};

const MAX_BODY: u64 = 16 * 1024 * 1024;

fn failure(code: &str, message: &str) -> String {
    serde_json::json!({"type": "failure", "errors": [{"code": code, "message": message}]})
        .to_string()
}

/// Answers one request with the default limits; returns (status, body).
pub fn answer(rules: &RuleSet, method: &str, url: &str, body: &str) -> (u16, String) {
    answer_within(rules, &Limits::default(), method, url, body)
}

/// Answers one request; a case over the host's `limits` is a 400 failure.
pub fn answer_within(
    rules: &RuleSet,
    limits: &Limits,
    method: &str,
    url: &str,
    body: &str,
) -> (u16, String) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match (method, path) {
        ("GET", "/v1/health") => (
            200,
            serde_json::json!({"type": "success", "name": rules.name(), "version": rules.version(), "hash": rules.hash()}).to_string(),
        ),
        ("GET", "/v1/schema") => {
            let lang = query.split('&').find_map(|kv| kv.strip_prefix("lang="));
            (200, api::schema(rules, lang))
        }
        ("GET", "/v1/catalog") => {
            let lang = query.split('&').find_map(|kv| kv.strip_prefix("lang="));
            (200, api::catalog(rules, lang))
        }
        ("POST", "/v1/evaluate" | "/v1/explain") => {
            let Ok(request) = serde_json::from_str::<serde_json::Value>(body) else {
                return (400, failure("invalid-request", "expected {\"case\": {...}, \"options\": {\"as_of\": \"YYYY-MM-DD\"}}"));
            };
            let case = request.get("case").map(ToString::to_string).unwrap_or_else(|| "null".into());
            let options = request.get("options").map(ToString::to_string).unwrap_or_else(|| "{}".into());
            let answer = if path == "/v1/explain" {
                let Some(target) = request.get("target").and_then(|t| t.as_str()) else {
                    return (400, failure("invalid-request", "expected \"target\": the id of a program, service, step or ladder"));
                };
                api::explain_within(rules, &case, &options, target, limits)
            } else {
                api::evaluate_within(rules, &case, &options, limits)
            };
            let status = if answer.starts_with(r#"{"type":"success""#) { 200 } else { 400 };
            (status, answer)
        }
        ("POST", "/v1/check") => {
            let answer = api::check(body);
            (200, answer)
        }
        (_, "/v1/health" | "/v1/schema" | "/v1/catalog" | "/v1/evaluate" | "/v1/explain" | "/v1/check") => (405, failure("method-not-allowed", "see the README for each endpoint's method")),
        _ => (404, failure("not-found", "endpoints: GET /v1/health, GET /v1/schema, GET /v1/catalog, POST /v1/evaluate, POST /v1/explain, POST /v1/check")),
    }
}

fn handle(rules: &RuleSet, limits: &Limits, mut request: Request) {
    let mut body = String::new();
    let too_big = request.body_length().is_some_and(|n| n as u64 > MAX_BODY);
    let read_ok = !too_big
        && request
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_string(&mut body)
            .is_ok()
        && body.len() as u64 <= MAX_BODY;
    let (status, text) = if read_ok {
        let method = match request.method() {
            Method::Get => "GET",
            Method::Post => "POST",
            _ => "OTHER",
        };
        answer_within(rules, limits, method, request.url(), &body)
    } else {
        (
            413,
            failure(
                "too-large",
                "the request body must be UTF-8 JSON of at most 16 MiB",
            ),
        )
    };
    let mut response = Response::from_string(text).with_status_code(status);
    if let Ok(header) = Header::from_bytes(
        &b"Content-Type"[..],
        &b"application/json; charset=utf-8"[..],
    ) {
        response = response.with_header(header);
    }
    // A client that went away is not an error of the server.
    let _ = request.respond(response);
}

/// Serves until the process is stopped, on `workers` threads sharing one compiled rule set.
pub fn serve(rules: RuleSet, addr: &str, workers: usize, limits: Limits) -> Result<(), String> {
    let server = Arc::new(Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?);
    eprintln!(
        "onramp: serving {} {} ({}) on http://{}",
        rules.name(),
        rules.version(),
        rules.hash(),
        server.server_addr()
    );
    run_within(server, Arc::new(rules), limits, workers, None);
    Ok(())
}

/// The worker loop with the default limits; stops after `limit` requests when given (for
/// tests).
pub fn run(server: Arc<Server>, rules: Arc<RuleSet>, workers: usize, limit: Option<usize>) {
    run_within(server, rules, Limits::default(), workers, limit);
}

/// The worker loop with the host's `limits`.
pub fn run_within(
    server: Arc<Server>,
    rules: Arc<RuleSet>,
    limits: Limits,
    workers: usize,
    limit: Option<usize>,
) {
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let threads: Vec<_> = (0..workers.max(1))
        .map(|_| {
            let (server, rules, counter) = (server.clone(), rules.clone(), counter.clone());
            std::thread::spawn(move || loop {
                if limit.is_some_and(|l| counter.load(std::sync::atomic::Ordering::SeqCst) >= l) {
                    break;
                }
                match server.recv_timeout(std::time::Duration::from_millis(200)) {
                    Ok(Some(request)) => {
                        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        handle(&rules, &limits, request);
                    }
                    Ok(None) => {}
                    Err(_) => break,
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}
