//! Raw bytes as case text against the NYC rules, at both detail levels, and explained.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for options in [
        r#"{"as_of":"2026-11-23","detail":"summary"}"#,
        r#"{"as_of":"2026-11-23","detail":"full"}"#,
    ] {
        common::well_formed(&onramp::api::evaluate(&common::NYC, text, options));
    }
    common::well_formed(&onramp::api::explain(
        &common::NYC,
        text,
        r#"{"as_of":"2026-11-23"}"#,
        "snap",
    ));
});
