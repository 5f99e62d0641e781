//! Raw bytes as a rule bundle (or rule files as JSON): loading never panics, and a bundle
//! that loads decides a case.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::well_formed(&onramp::api::check(text));
    common::well_formed(&onramp::api::bundle(text));
    if let Ok(rules) = onramp::api::load(text) {
        common::well_formed(&onramp::api::evaluate(
            &rules,
            r#"{"persons":[{}]}"#,
            r#"{"as_of":"2026-11-23"}"#,
        ));
    }
});
