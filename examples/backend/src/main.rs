//! `cargo run -p onramp-example-backend -- rules/nyc --addr 127.0.0.1:8090 [--threads 4]
//! [--as-of 2026-11-23]`, then
//! `curl -s -X POST localhost:8090/screen --data @rules/nyc/personas/jaylen_19_dropout.json`.

use onramp::CivilDate;
use onramp_example_backend::{load_rules, Service};
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    let mut rules = PathBuf::from("rules/nyc");
    let mut addr = "127.0.0.1:8090".to_string();
    let mut threads = std::thread::available_parallelism().map_or(2, usize::from);
    let mut as_of = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().unwrap_or(addr),
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()).unwrap_or(threads),
            "--as-of" => as_of = args.next().as_deref().and_then(CivilDate::parse),
            _ => rules = PathBuf::from(arg),
        }
    }

    // Once, at start: a rule set that does not compile never takes a request.
    let started = std::time::Instant::now();
    let compiled = match load_rules(&rules) {
        Ok(compiled) => compiled,
        Err(message) => {
            eprintln!("{}: {message}", rules.display());
            std::process::exit(1);
        }
    };
    eprintln!(
        "{} {} ({}) compiled in {:?}",
        compiled.name(),
        compiled.version(),
        compiled.hash(),
        started.elapsed()
    );
    let service = Service::new(compiled, as_of);

    let server = match tiny_http::Server::http(&addr) {
        Ok(server) => Arc::new(server),
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("listening on http://{addr} with {threads} threads");
    for worker in service.serve(&server, threads) {
        let _ = worker.join();
    }
}
