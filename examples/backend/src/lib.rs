//! A provider's screening service, embedding Onramp the way a Rust backend would:
//!
//! 1. **Compile the rule set once, at start.** [`load_rules`] reads a rule folder (or a
//!    bundle from `onramp bundle`) and compiles it; a rule set with errors stops the
//!    service before it takes a request, with every diagnostic.
//! 2. **Share it across threads.** [`onramp::RuleSet`] is immutable and `Send + Sync`: one
//!    `Arc<RuleSet>` serves every worker, with no lock.
//! 3. **Evaluate per request.** [`Service::answer`] reads the case, passes the date (the
//!    kernel never reads a clock: the host does), decides, and answers in the service's
//!    own JSON, built from the typed decision.
//!
//! The CLI's `onramp serve` is the product's HTTP mode, with the JSON of `onramp::api`;
//! this is the pattern for a backend that has its own API and wants the typed results.
//!
//! - `GET  /health` → the rule set's name, version and content hash
//! - `POST /screen?lang=es&as_of=2026-11-23` with a case → per person the programs they are
//!   eligible for (with priority group), those still open, the services needed, and the
//!   next questions to ask
//! - `POST /explain?target=snap` with a case → one item's reasons in full (Onramp's JSON)

use onramp::{Case, CivilDate, Detail, Need, Options, RuleSet, Status};
use serde_json::{json, Value};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use tiny_http::{Header, Response, Server};

/// Requests larger than this are refused before they are read in full.
const MAX_BODY: u64 = 4 * 1024 * 1024;

/// Compiles the rules in `path`: a folder of `.toml` files, or a bundle (`.json`).
pub fn load_rules(path: &Path) -> Result<RuleSet, String> {
    let compiled = if path.is_dir() {
        let mut files = Vec::new();
        read_toml_files(path, path, &mut files)?;
        RuleSet::compile(files)
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bundle = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        RuleSet::from_bundle(&bundle)
    };
    // `Diagnostics` prints one line per problem: file, line, column, code, message, help.
    compiled.map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.items.iter().map(ToString::to_string).collect();
        format!("{diagnostics}\n{}", lines.join("\n"))
    })
}

fn read_toml_files(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            read_toml_files(base, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            // Paths relative to the folder, with `/`: they name files in diagnostics and
            // enter the content hash, so they must not depend on where the folder is.
            let rel = path.strip_prefix(base).map_err(|e| e.to_string())?;
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((rel.join("/"), text));
        }
    }
    Ok(())
}

/// Today's date in UTC, from the host's clock. (A New York provider would take the date in
/// America/New_York; the point is that the host decides the date, not the kernel.)
pub fn today_utc() -> Option<CivilDate> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    CivilDate::from_days(i64::try_from(seconds / 86_400).ok()?)
}

/// The service: one compiled rule set, shared by every worker thread.
#[derive(Clone, Debug)]
pub struct Service {
    rules: Arc<RuleSet>,
    /// Decide on this date rather than today (reproducible tests, replays).
    fixed_date: Option<CivilDate>,
}

impl Service {
    /// A service over compiled rules; `fixed_date` pins the as-of date of every decision.
    pub fn new(rules: RuleSet, fixed_date: Option<CivilDate>) -> Service {
        Service {
            rules: Arc::new(rules),
            fixed_date,
        }
    }

    /// The shared rule set.
    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// Answers one request: (HTTP status, JSON body).
    pub fn answer(&self, method: &str, url: &str, body: &str) -> (u16, String) {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        };
        match (method, path) {
            ("GET", "/health") => (
                200,
                json!({"rules": self.rules.name(), "version": self.rules.version(), "hash": self.rules.hash()})
                    .to_string(),
            ),
            ("POST", "/screen" | "/explain") => {
                let options = match self.options(param("as_of"), param("lang")) {
                    Ok(options) => options,
                    Err(message) => return (400, json!({"error": message}).to_string()),
                };
                // Malformed fields do not fail the request: they are listed in the
                // decision's `input_errors` and treated as unknown. Text that is not a
                // case at all (or lists more persons than a public service decides) does.
                let case = match Case::from_json_text_at_most(
                    &self.rules,
                    body,
                    onramp::api::DEFAULT_MAX_PERSONS,
                ) {
                    Ok(case) => case,
                    Err(e) => {
                        return (
                            400,
                            json!({"error": e.message, "code": e.code, "line": e.line, "column": e.column})
                                .to_string(),
                        )
                    }
                };
                if path == "/screen" {
                    (200, self.screen(&case, &options).to_string())
                } else {
                    let Some(target) = param("target") else {
                        return (400, json!({"error": "give ?target=<program, service, step or ladder id>"}).to_string());
                    };
                    match self.rules.explain(&case, &options, target) {
                        Ok(explained) => (200, explained.to_json()),
                        Err(message) => (404, json!({"error": message}).to_string()),
                    }
                }
            }
            (_, "/health" | "/screen" | "/explain") => {
                (405, json!({"error": "method not allowed"}).to_string())
            }
            _ => (
                404,
                json!({"error": "endpoints: GET /health, POST /screen, POST /explain"}).to_string(),
            ),
        }
    }

    fn options(&self, as_of: Option<&str>, lang: Option<&str>) -> Result<Options, String> {
        let as_of = match as_of {
            Some(text) => {
                CivilDate::parse(text).ok_or(format!("as_of `{text}` is not a YYYY-MM-DD date"))?
            }
            None => self
                .fixed_date
                .or_else(today_utc)
                .ok_or("the host's clock is out of range")?,
        };
        Ok(Options {
            lang: lang.map(str::to_string),
            detail: Detail::Summary,
            ..Options::new(as_of)
        })
    }

    /// The service's own answer, read from the typed summary.
    fn screen(&self, case: &Case, options: &Options) -> Value {
        let summary = self.rules.summarize(case, options);
        let persons: Vec<Value> = summary
            .persons
            .iter()
            .map(|person| {
                let eligible: Vec<Value> = person
                    .programs
                    .iter()
                    .filter(|p| p.status == Status::Eligible)
                    .map(|p| {
                        let group = p.priority.as_ref().and_then(|g| g.group.clone());
                        json!({"program": p.id, "priority": group})
                    })
                    .collect();
                let open: Vec<&str> = person
                    .programs
                    .iter()
                    .filter(|p| p.status == Status::Undetermined)
                    .map(|p| p.id.as_str())
                    .collect();
                let needed: Vec<&str> = summary
                    .household
                    .services
                    .iter()
                    .chain(&person.services)
                    .filter(|s| s.need == Need::Needed)
                    .map(|s| s.id.as_str())
                    .collect();
                json!({"person": person.index, "id": person.id, "eligible": eligible, "undetermined": open, "services_needed": needed})
            })
            .collect();
        let ask: Vec<Value> = summary
            .next_questions
            .iter()
            .map(|q| json!({"path": q.path, "question": q.text}))
            .collect();
        json!({
            "rules": summary.rules.hash,
            "as_of": summary.as_of,
            "persons": persons,
            "ask_next": ask,
            "input_errors": summary.input_errors,
        })
    }

    /// Answers requests from `server` on `threads` worker threads, until the server is
    /// unblocked (`Server::unblock`) or dropped.
    pub fn serve(&self, server: &Arc<Server>, threads: usize) -> Vec<JoinHandle<()>> {
        (0..threads.max(1))
            .map(|_| {
                let service = self.clone();
                let server = Arc::clone(server);
                std::thread::spawn(move || {
                    while let Ok(request) = server.recv() {
                        service.handle(request);
                    }
                })
            })
            .collect()
    }

    fn handle(&self, mut request: tiny_http::Request) {
        let mut body = String::new();
        let too_big = request.body_length().is_some_and(|n| n as u64 > MAX_BODY);
        let read = !too_big
            && request
                .as_reader()
                .take(MAX_BODY + 1)
                .read_to_string(&mut body)
                .is_ok()
            && body.len() as u64 <= MAX_BODY;
        let (status, text) = if read {
            let method = request.method().as_str().to_string();
            self.answer(&method, request.url(), &body)
        } else {
            (
                413,
                json!({"error": "the request is too large or not UTF-8"}).to_string(),
            )
        };
        let mut response = Response::from_string(text).with_status_code(status);
        if let Ok(header) = Header::from_bytes("Content-Type", "application/json") {
            response = response.with_header(header);
        }
        // A client that went away is not the service's problem.
        let _ = request.respond(response);
    }
}
