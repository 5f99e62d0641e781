//! A stand-in for a backend that uses Rhai for its own scripts and adds Onramp; the test in
//! `tests/rhai_unaffected.rs` runs both in one process. Nothing here is published.
