//! The functions the wasm package exports (they are `onramp::api`'s, over text), with
//! arbitrary text in every argument: a panic must never cross the boundary.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
enum Call {
    Evaluate {
        case: String,
        options: String,
        max_persons: u16,
    },
    Explain {
        case: String,
        options: String,
        target: String,
    },
    Catalog {
        lang: Option<String>,
    },
    Schema {
        lang: Option<String>,
    },
    Options {
        options: String,
    },
}

fuzz_target!(|call: Call| {
    let rules = &*common::EXAMPLE;
    match call {
        Call::Evaluate {
            case,
            options,
            max_persons,
        } => {
            let limits = onramp::api::Limits {
                max_persons: usize::from(max_persons),
            };
            common::well_formed(&onramp::api::evaluate_within(
                rules, &case, &options, &limits,
            ));
        }
        Call::Explain {
            case,
            options,
            target,
        } => {
            common::well_formed(&onramp::api::explain(rules, &case, &options, &target));
        }
        Call::Catalog { lang } => {
            common::well_formed(&onramp::api::catalog(rules, lang.as_deref()))
        }
        Call::Schema { lang } => common::well_formed(&onramp::api::schema(rules, lang.as_deref())),
        Call::Options { options } => {
            let _ = onramp::api::options(&options);
        }
    }
});
