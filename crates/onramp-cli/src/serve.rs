//! `onramp serve`: the kernel over HTTP for backends not written in Rust. Every answer body
//! is the JSON of `onramp::api`, byte for byte what the wasm package and the library give.
//!
//! - `GET  /v1/health` → `{"type":"success","name","version","hash"}`
//! - `GET  /v1/openapi.json` → the OpenAPI 3.1 document of this interface
//! - `GET  /v1/schema?lang=es` → the facts schema
//! - `GET  /v1/catalog?lang=es` → names, criterion wording, citations, parameters by id
//! - `POST /v1/evaluate` with `{"case": {...}, "options": {"as_of": "2026-11-23", "lang": "es",
//!   "detail": "summary"}}` (`detail` is `summary` or `full`, default `full`; `only` lists ids)
//! - `POST /v1/explain` with `{"case", "options", "target": "snap"}` → one item's reasons
//! - `POST /v1/qualify` with `{"case", "options": {"as_of", "for", "person", …}}` → the
//!   verified paths to a program, service or step ("how could I qualify?")
//! - `POST /v1/sweep` with `{"case", "options": {"as_of", "person", "wage": {"per",
//!   "from", "to", "hours"}, "points"}}` → the wage cliff
//! - `POST /v1/check` with rule files `{"files": [{"path", "text"}]}` or a bundle
//! - `POST /eligibilityPrograms?interestedPrograms=S2R007,S2R034` with an NYC Benefits
//!   Screening API (ACCESS NYC) request body → that API's response shape
//!   (`onramp::api::access_nyc`); `asOf=YYYY-MM-DD` (default: today in New York),
//!   `answer=onramp` for Onramp's decision instead, `lang`, `absent=unknown`
//!
//! The server faces the public (kiosks, provider sites), so it is bounded everywhere:
//! - a body over `max_body` is refused with 413 before it is read;
//! - a request (head and body) must arrive within `timeout`, however slowly it dribbles (408);
//! - `workers` threads serve connections; at most `queue` more wait, and any beyond that get
//!   503 at once, so a flood cannot queue unbounded work;
//! - every error is a JSON failure body with a stable code;
//! - every response carries the rule bundle's hash (`Onramp-Rules-Hash`).
//!
//! It keeps nothing between requests. The request log (stderr) has the method, path,
//! status, sizes and time, never a case or any of its contents.
//!
//! The HTTP/1.1 server is our own, over `std::net` with `httparse` for the request head:
//! the small servers on offer (tiny_http) set no socket timeouts and cannot refuse work when
//! saturated, and an async runtime is more than one bounded pool needs.

use onramp::api::Limits;
use onramp::{api, RuleSet};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The OpenAPI 3.1 document of the HTTP mode, served at `GET /v1/openapi.json`. The tests
/// validate real answers against its schemas.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The routes, with the one method each accepts (for 405 and its `Allow` header).
const ROUTES: [(&str, &str); 10] = [
    ("/v1/health", "GET"),
    ("/v1/openapi.json", "GET"),
    ("/v1/schema", "GET"),
    ("/v1/catalog", "GET"),
    ("/v1/evaluate", "POST"),
    ("/v1/explain", "POST"),
    ("/v1/check", "POST"),
    ("/v1/qualify", "POST"),
    ("/v1/sweep", "POST"),
    ("/eligibilityPrograms", "POST"),
];

/// The most a request head (request line and headers) may take.
const MAX_HEAD: usize = 16 * 1024;
/// Requests served on one kept-alive connection before it is closed, so that one client
/// cannot hold a worker for ever.
const MAX_REQUESTS_PER_CONNECTION: usize = 1000;

/// How the server is bounded. `Config::default()` suits a kiosk or a provider's site.
#[derive(Clone, Debug)]
pub struct Config {
    /// Threads serving connections (default: every core).
    pub workers: usize,
    /// Connections that may wait for a worker; beyond that, 503 at once.
    pub queue: usize,
    /// The largest request body, in bytes (default 1 MiB); larger is 413.
    pub max_body: usize,
    /// How long a request may take to arrive, head and body (default 10 s); then 408.
    pub timeout: Duration,
    /// How long a kept-alive connection may stay idle between requests (default 5 s).
    pub idle: Duration,
    /// The case limits (persons per case).
    pub limits: Limits,
    /// Write one line per request to stderr (no case contents).
    pub log: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 64,
            max_body: 1024 * 1024,
            timeout: Duration::from_secs(10),
            idle: Duration::from_secs(5),
            limits: Limits::default(),
            log: true,
        }
    }
}

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
    let lang = || query.split('&').find_map(|kv| kv.strip_prefix("lang="));
    match (method, path) {
        ("GET", "/v1/health") => (
            200,
            serde_json::json!({"type": "success", "name": rules.name(), "version": rules.version(), "hash": rules.hash()}).to_string(),
        ),
        ("GET", "/v1/openapi.json") => (200, OPENAPI.to_string()),
        ("GET", "/v1/schema") => (200, api::schema(rules, lang())),
        ("GET", "/v1/catalog") => (200, api::catalog(rules, lang())),
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
        ("POST", "/v1/check") => (200, api::check(body)),
        ("POST", "/v1/qualify" | "/v1/sweep") => {
            let Ok(request) = serde_json::from_str::<serde_json::Value>(body) else {
                return (400, failure("invalid-request", "expected {\"case\": {...}, \"options\": {\"as_of\": \"YYYY-MM-DD\"}}"));
            };
            let case = request.get("case").map(ToString::to_string).unwrap_or_else(|| "null".into());
            let options = request.get("options").map(ToString::to_string).unwrap_or_else(|| "{}".into());
            let answer = if path == "/v1/qualify" {
                api::qualify_within(rules, &case, &options, limits)
            } else {
                api::sweep_within(rules, &case, &options, limits)
            };
            let status = if answer.starts_with(r#"{"type":"success""#) { 200 } else { 400 };
            (status, answer)
        }
        ("POST", "/eligibilityPrograms") => {
            let param = |key: &str| {
                query.split('&').find_map(|kv| {
                    kv.split_once('=')
                        .filter(|(k, _)| *k == key)
                        .map(|(_, v)| percent_decoded(v))
                })
            };
            let as_of = param("asOf").unwrap_or_else(new_york_today);
            let mut options = serde_json::json!({"as_of": as_of});
            for (key, option) in [("lang", "lang"), ("answer", "answer"), ("absent", "absent"), ("detail", "detail")] {
                if let Some(v) = param(key) {
                    options[option] = serde_json::Value::String(v);
                }
            }
            if let Some(codes) = param("interestedPrograms") {
                let list: Vec<&str> = codes.split([',', '|']).map(str::trim).filter(|c| !c.is_empty()).collect();
                options["interested_programs"] = serde_json::json!(list);
            }
            let answer = api::access_nyc_within(rules, body, &options.to_string(), limits);
            let status = if answer.starts_with(r#"{"type":"failure""#) { 400 } else { 200 };
            (status, answer)
        }
        _ if allowed(path).is_some() => (405, failure("method-not-allowed", &format!("{path} takes {}", allowed(path).unwrap_or("GET")))),
        _ => (404, failure("not-found", "endpoints: GET /v1/health, GET /v1/openapi.json, GET /v1/schema, GET /v1/catalog, POST /v1/evaluate, POST /v1/explain, POST /v1/check, POST /v1/qualify, POST /v1/sweep, POST /eligibilityPrograms")),
    }
}

/// A query value with `%XX` escapes and `+` decoded (`S2R007%7CS2R034`); anything
/// malformed is kept as it is, to be refused by the option it lands in.
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Today's date in New York (Eastern Time, with US daylight saving time: from the second
/// Sunday of March, 2:00, to the first Sunday of November, 2:00), for ACCESS NYC requests
/// that name no date. The kernel never reads a clock; the server, a host, does.
pub fn new_york_today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    eastern_date(secs)
}

/// The Eastern Time civil date at `secs` after the Unix epoch (UTC).
pub fn eastern_date(secs: i64) -> String {
    use onramp::CivilDate;
    let epoch = CivilDate::new(1970, 1, 1).map_or(0, CivilDate::to_days);
    let date_at = |s: i64| CivilDate::from_days(epoch + s.div_euclid(86_400));
    let Some(utc_day) = date_at(secs) else {
        return "1970-01-01".into();
    };
    // The nth Sunday of a month of this year, as seconds at 2:00 local time.
    let sunday = |month: u8, nth: i64, offset_hours: i64| -> Option<i64> {
        let first = CivilDate::new(utc_day.year(), month, 1)?;
        // 1970-01-01 was a Thursday; 0 is Sunday.
        let weekday = (first.to_days() - epoch + 4).rem_euclid(7);
        let day = first.to_days() + (7 - weekday) % 7 + 7 * (nth - 1);
        Some((day - epoch) * 86_400 + (2 + offset_hours) * 3_600)
    };
    let dst = match (sunday(3, 2, 5), sunday(11, 1, 4)) {
        (Some(start), Some(end)) => secs >= start && secs < end,
        _ => false,
    };
    let local = secs - if dst { 4 } else { 5 } * 3_600;
    date_at(local).map_or_else(|| utc_day.to_string(), |d| d.to_string())
}

/// The method a route takes, or `None` for no such route.
fn allowed(path: &str) -> Option<&'static str> {
    ROUTES.iter().find(|(p, _)| *p == path).map(|(_, m)| *m)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// What the server shares between its threads.
struct Shared {
    rules: RuleSet,
    config: Config,
    /// Connections accepted and not yet taken by a worker: while any wait, a worker closes
    /// its kept-alive connection after the current answer, to take the next one.
    waiting: AtomicUsize,
    stopping: AtomicBool,
    served: AtomicUsize,
}

/// A server running on its own threads; `stop` shuts it down gracefully.
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address it listens on (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle that stops the server from another thread (a signal handler's).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            addr: self.addr,
            shared: self.shared.clone(),
        }
    }

    /// Waits until the server has stopped (after `Stopper::stop`); returns the number of
    /// requests served.
    pub fn wait(mut self) -> usize {
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        self.shared.served.load(Ordering::SeqCst)
    }

    /// Stops taking connections, lets the requests in progress and those already queued
    /// finish, and waits for the workers; returns the number of requests served.
    pub fn stop(self) -> usize {
        self.stopper().stop();
        self.wait()
    }
}

/// Stops a running server: no new connections; what is in progress finishes.
#[derive(Clone)]
pub struct Stopper {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Stopper {
    /// Asks the server to stop; returns at once.
    pub fn stop(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the acceptor from `accept`; it sees the flag and closes the listener.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Starts serving `rules` on `addr` (e.g. `127.0.0.1:0`) on background threads.
pub fn start(rules: RuleSet, addr: &str, config: Config) -> Result<Running, String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let shared = Arc::new(Shared {
        rules,
        config,
        waiting: AtomicUsize::new(0),
        stopping: AtomicBool::new(false),
        served: AtomicUsize::new(0),
    });
    let (sender, receiver) = sync_channel::<TcpStream>(shared.config.queue);
    let receiver = Arc::new(Mutex::new(receiver));
    let workers: Vec<_> = (0..shared.config.workers.max(1))
        .map(|_| {
            let (shared, receiver) = (shared.clone(), receiver.clone());
            std::thread::spawn(move || work(&shared, &receiver))
        })
        .collect();
    let acceptor = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            for connection in listener.incoming() {
                if shared.stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = connection else {
                    // Out of descriptors or a connection reset before accept: not fatal.
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                shared.waiting.fetch_add(1, Ordering::SeqCst);
                match sender.try_send(stream) {
                    Ok(()) => {}
                    Err(TrySendError::Full(stream)) => {
                        shared.waiting.fetch_sub(1, Ordering::SeqCst);
                        refuse_busy(&shared, stream);
                    }
                    Err(TrySendError::Disconnected(_)) => break,
                }
            }
            // Closing the channel: the workers finish what is queued, then stop.
            drop(sender);
            for worker in workers {
                let _ = worker.join();
            }
        })
    };
    Ok(Running {
        addr: local,
        shared,
        acceptor: Some(acceptor),
    })
}

/// Serves until SIGTERM or SIGINT, then finishes what is in progress and returns.
pub fn serve(rules: RuleSet, addr: &str, config: Config) -> Result<(), String> {
    let (name, version, hash) = (
        rules.name().to_string(),
        rules.version().to_string(),
        rules.hash().to_string(),
    );
    let (workers, queue, max_body, timeout) = (
        config.workers,
        config.queue,
        config.max_body,
        config.timeout,
    );
    let running = start(rules, addr, config)?;
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
    ])
    .map_err(|e| format!("cannot handle signals: {e}"))?;
    let stopper = running.stopper();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let name = if signal == signal_hook::consts::SIGTERM {
                "SIGTERM"
            } else {
                "SIGINT"
            };
            eprintln!("onramp: {name}: finishing the requests in progress");
            stopper.stop();
        }
    });
    eprintln!(
        "onramp: serving {name} {version} ({hash}) on http://{} ({workers} workers, {queue} may wait, bodies up to {max_body} bytes, {} s per request)",
        running.addr(),
        timeout.as_secs_f64()
    );
    let served = running.wait();
    eprintln!("onramp: stopped after {served} requests");
    Ok(())
}

fn work(shared: &Shared, receiver: &Mutex<Receiver<TcpStream>>) {
    loop {
        let next = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(stream) = next else { return };
        shared.waiting.fetch_sub(1, Ordering::SeqCst);
        serve_connection(shared, stream);
    }
}

/// 503 for a connection no worker can take; written from the acceptor, so it is kept short.
fn refuse_busy(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = failure(
        "busy",
        "every worker is busy and the queue is full; try again shortly",
    );
    let _ = stream.write_all(&response(
        shared,
        503,
        &body,
        false,
        &[("Retry-After", "1")],
    ));
    let _ = stream.shutdown(Shutdown::Both);
    log(shared, "-", "-", 503, 0, body.len(), Duration::ZERO);
}

fn response(
    shared: &Shared,
    status: u16,
    body: &str,
    keep_alive: bool,
    extra: &[(&str, &str)],
) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nOnramp-Rules-Hash: {}\r\nCache-Control: no-store\r\nConnection: {}\r\n",
        reason(status),
        body.len(),
        shared.rules.hash(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in extra {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

fn log(
    shared: &Shared,
    method: &str,
    path: &str,
    status: u16,
    bytes_in: usize,
    bytes_out: usize,
    took: Duration,
) {
    if shared.config.log {
        eprintln!(
            "onramp: {method} {path} {status} {bytes_in}B in {bytes_out}B out {:.2} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

/// The parts of a request head the server acts on.
struct Head {
    method: String,
    target: String,
    keep_alive: bool,
    content_length: Option<usize>,
    chunked: bool,
    json: bool,
    expect_continue: bool,
    length: usize,
}

enum Read_ {
    Head(Head),
    /// The client closed or stayed idle between requests: close without an answer.
    Closed,
    /// An answer the request gets before it is routed (timeout, bad head, too large).
    Refuse(u16, &'static str, String),
}

fn parse_head(buffer: &[u8]) -> Result<Option<Head>, (u16, &'static str, String)> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let length = match request.parse(buffer) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => {
            return Err((431, "too-many-headers", "at most 64 headers".into()))
        }
        Err(e) => return Err((400, "bad-request", format!("not an HTTP/1.1 request: {e}"))),
    };
    let version = request.version.unwrap_or(1);
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| std::str::from_utf8(h.value).ok())
            .map(str::trim)
    };
    let connection = header("connection").map(str::to_ascii_lowercase);
    let keep_alive = match connection.as_deref() {
        Some(c) if c.contains("close") => false,
        Some(c) if c.contains("keep-alive") => true,
        _ => version >= 1,
    };
    let content_length = match header("content-length") {
        Some(text) => Some(text.parse::<usize>().map_err(|_| {
            (
                400,
                "bad-request",
                "Content-Length is not a number".to_string(),
            )
        })?),
        None => None,
    };
    let json = header("content-type").is_none_or(|t| {
        let media = t.split(';').next().unwrap_or("").trim();
        media.eq_ignore_ascii_case("application/json")
    });
    Ok(Some(Head {
        method: request.method.unwrap_or("").to_string(),
        target: request.path.unwrap_or("").to_string(),
        keep_alive,
        content_length,
        chunked: header("transfer-encoding").is_some(),
        json,
        expect_continue: header("expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue")),
        length,
    }))
}

/// Reads more bytes into `buffer`, never past `deadline`. `Ok(false)` is end of stream.
fn fill(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
    stopping: Option<&AtomicBool>,
) -> Result<bool, ErrorKind> {
    let mut chunk = [0u8; 8192];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut);
        }
        // While idle between requests, wake often enough to notice a shutdown.
        let slice = if stopping.is_some() {
            left.min(Duration::from_millis(100))
        } else {
            left
        };
        let _ = stream.set_read_timeout(Some(slice.max(Duration::from_millis(1))));
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buffer.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if stopping.is_some_and(|s| s.load(Ordering::SeqCst)) {
                    return Err(ErrorKind::Interrupted);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.kind()),
        }
    }
}

fn read_head(shared: &Shared, stream: &mut TcpStream, buffer: &mut Vec<u8>, first: bool) -> Read_ {
    let config = &shared.config;
    // Before the first byte of a kept-alive connection's next request, the idle limit
    // applies; once a request has begun, the whole request has `timeout`.
    let mut started = first || !buffer.is_empty();
    let mut deadline = Instant::now() + if started { config.timeout } else { config.idle };
    loop {
        if !buffer.is_empty() {
            match parse_head(buffer) {
                Ok(Some(head)) => return Read_::Head(head),
                Ok(None) => {}
                Err((status, code, message)) => return Read_::Refuse(status, code, message),
            }
            if buffer.len() > MAX_HEAD {
                return Read_::Refuse(
                    431,
                    "head-too-large",
                    format!("the request line and headers must fit in {MAX_HEAD} bytes"),
                );
            }
        }
        let idle = !started;
        match fill(stream, buffer, deadline, idle.then_some(&shared.stopping)) {
            Ok(true) => {
                if !started {
                    started = true;
                    deadline = Instant::now() + config.timeout;
                }
            }
            Ok(false) => return Read_::Closed,
            Err(_) if idle => return Read_::Closed,
            Err(ErrorKind::TimedOut) => {
                return Read_::Refuse(
                    408,
                    "timeout",
                    format!(
                        "the request did not arrive within {} s",
                        config.timeout.as_secs_f64()
                    ),
                )
            }
            Err(_) => return Read_::Closed,
        }
    }
}

fn serve_connection(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(shared.config.timeout));
    let mut buffer: Vec<u8> = Vec::with_capacity(4096);
    for served in 0..MAX_REQUESTS_PER_CONNECTION {
        let begun = Instant::now();
        let head = match read_head(shared, &mut stream, &mut buffer, served == 0) {
            Read_::Head(head) => head,
            Read_::Closed => break,
            Read_::Refuse(status, code, message) => {
                let body = failure(code, &message);
                let _ = stream.write_all(&response(shared, status, &body, false, &[]));
                log(
                    shared,
                    "-",
                    "-",
                    status,
                    buffer.len(),
                    body.len(),
                    begun.elapsed(),
                );
                return linger_close(stream);
            }
        };
        let path = head.target.split('?').next().unwrap_or("").to_string();
        let refuse = |status: u16, code: &str, message: &str| (status, failure(code, message));
        // Refusals decided by the head alone close the connection: the body (if any) is
        // not read, so the next request's start is unknown.
        let early = if head.chunked {
            Some(refuse(
                411,
                "length-required",
                "send the body with a Content-Length, not chunked",
            ))
        } else if head.content_length.unwrap_or(0) > shared.config.max_body {
            Some(refuse(
                413,
                "too-large",
                &format!(
                    "the request body may be at most {} bytes",
                    shared.config.max_body
                ),
            ))
        } else if head.method == "POST" && head.content_length.is_none() {
            Some(refuse(
                411,
                "length-required",
                "a POST needs a Content-Length",
            ))
        } else if head.method == "POST" && !head.json && allowed(&path) == Some("POST") {
            Some(refuse(
                415,
                "unsupported-media-type",
                "send the body as Content-Type: application/json",
            ))
        } else {
            None
        };
        if let Some((status, body)) = early {
            let _ = stream.write_all(&response(shared, status, &body, false, &[]));
            log(
                shared,
                &head.method,
                &path,
                status,
                0,
                body.len(),
                begun.elapsed(),
            );
            return linger_close(stream);
        }
        let length = head.content_length.unwrap_or(0);
        if head.expect_continue && length > 0 {
            let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        buffer.drain(..head.length);
        let deadline = begun + shared.config.timeout;
        let mut timed_out = false;
        while buffer.len() < length {
            match fill(&mut stream, &mut buffer, deadline, None) {
                Ok(true) => {}
                Ok(false) => return,
                Err(ErrorKind::TimedOut) => {
                    timed_out = true;
                    break;
                }
                Err(_) => return,
            }
        }
        if timed_out {
            let body = failure(
                "timeout",
                &format!(
                    "the request did not arrive within {} s",
                    shared.config.timeout.as_secs_f64()
                ),
            );
            let _ = stream.write_all(&response(shared, 408, &body, false, &[]));
            log(
                shared,
                &head.method,
                &path,
                408,
                buffer.len(),
                body.len(),
                begun.elapsed(),
            );
            break;
        }
        let rest = buffer.split_off(length);
        let (status, body) = match std::str::from_utf8(&buffer) {
            Ok(text) => answer_within(
                &shared.rules,
                &shared.config.limits,
                &head.method,
                &head.target,
                text,
            ),
            Err(_) => (400, failure("invalid-request", "the body is not UTF-8")),
        };
        buffer = rest;
        shared.served.fetch_add(1, Ordering::SeqCst);
        let keep_alive = head.keep_alive
            && served + 1 < MAX_REQUESTS_PER_CONNECTION
            && shared.waiting.load(Ordering::SeqCst) == 0
            && !shared.stopping.load(Ordering::SeqCst);
        let allow = allowed(&path).filter(|_| status == 405);
        let extra: Vec<(&str, &str)> = allow.map(|m| ("Allow", m)).into_iter().collect();
        let written = stream.write_all(&response(shared, status, &body, keep_alive, &extra));
        log(
            shared,
            &head.method,
            &path,
            status,
            length,
            body.len(),
            begun.elapsed(),
        );
        if written.is_err() || !keep_alive {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Write);
}

/// Closes a connection whose request was refused unread. Closing with unread bytes would
/// reset the connection, and the client could lose the answer, so the rest is read and
/// dropped for a short while first (bounded in time and bytes).
fn linger_close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 16384];
    let mut dropped = 0usize;
    while dropped < 8 * 1024 * 1024 {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => dropped += n,
        }
    }
}
