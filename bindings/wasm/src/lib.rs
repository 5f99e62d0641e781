//! `onramp-wasm`: the kernel's JSON entry points ([`onramp::api`]) for JavaScript.
//!
//! This crate only re-exports: every answer is the bytes `onramp::api` produces, so the
//! browser, a kiosk and a Node service decide exactly as the native kernel does. It holds no
//! decision logic and no defaults of its own (the as-of date and the language come from the
//! caller's options; the kernel decides what a missing language means).
//!
//! The boundary passes JSON **text**, not JavaScript objects. Measured under Node
//! (`scripts/budget.mjs`, see the README): `JSON.stringify` → `evaluate` → `JSON.parse`
//! took 201 µs per case of the example rule set, converting the case and the decision with
//! serde-wasm-bindgen 572 µs (NYC: 2,492 against 5,568 µs), and only text keeps the answer's
//! bytes identical to the native kernel's. The `object-boundary` feature builds the slower
//! variant only so the budget script can keep measuring it.
//!
//! Nothing here throws for bad rules or bad cases: `load` answers
//! `{type: "failure", errors}` and every other entry point answers tagged JSON text. No
//! `unwrap`, `expect` or `panic` (the workspace lints deny them) and the release build aborts
//! rather than unwinds, so no Rust panic can cross into JavaScript.

use wasm_bindgen::prelude::*;

// The hand-written types of every answer, appended to the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const ANSWER_TYPES: &str = include_str!("../types/onramp.d.ts");

/// A compiled rule set. Create it with `Rules.load`, evaluate many cases with it, and
/// `free()` it when done (or let the FinalizationRegistry do it).
#[wasm_bindgen]
pub struct Rules {
    inner: onramp::RuleSet,
    limits: onramp::api::Limits,
}

impl Rules {
    /// The answer `load` and `loadCompiled` give.
    fn answer(loaded: Result<onramp::RuleSet, String>) -> JsValue {
        match loaded {
            Ok(inner) => {
                let answer = js_sys::Object::new();
                // Setting a property of a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&answer, &"type".into(), &"success".into());
                let _ = js_sys::Reflect::set(
                    &answer,
                    &"rules".into(),
                    &Rules {
                        inner,
                        limits: onramp::api::Limits::default(),
                    }
                    .into(),
                );
                answer.into()
            }
            // The kernel's failure answer is JSON text it wrote itself; were it ever not to
            // parse, the text itself is returned rather than an exception.
            Err(failure) => {
                js_sys::JSON::parse(&failure).unwrap_or_else(|_| JsValue::from_str(&failure))
            }
        }
    }
}

#[wasm_bindgen]
impl Rules {
    /// Compiles rules given as JSON text: a bundle (`onramp bundle`), `{"files": [{path,
    /// text}]}` or a bare list of files. Answers `{type: "success", rules}` or
    /// `{type: "failure", errors}` with the diagnostics; never throws.
    #[cfg(feature = "compiler")]
    #[wasm_bindgen(unchecked_return_type = "LoadAnswer")]
    pub fn load(#[wasm_bindgen(js_name = "rulesJson")] rules_json: &str) -> JsValue {
        Self::answer(onramp::api::load(rules_json))
    }

    /// Loads a rule set in compiled form (`onramp bundle --compiled`): the same rules,
    /// ready without compiling. Answers like `load`; bytes from another build of the
    /// kernel, or damaged, get `{type: "failure", errors}` saying so.
    #[wasm_bindgen(js_name = "loadCompiled", unchecked_return_type = "LoadAnswer")]
    pub fn load_compiled(bytes: &[u8]) -> JsValue {
        Self::answer(onramp::api::load_compiled(bytes))
    }

    #[cfg(feature = "compiler")]
    /// The rule set in compiled form, for `Rules.loadCompiled`: the same bytes the native
    /// kernel's `onramp bundle --compiled` writes for these rules.
    #[wasm_bindgen(js_name = "toCompiled")]
    pub fn to_compiled(&self) -> Vec<u8> {
        self.inner.to_compiled()
    }

    /// Evaluates a case (JSON text) with options (`{"as_of": "2026-11-23", "lang": "es",
    /// "detail": "summary"}`; `detail` is `summary` or `full`, default `full`):
    /// the JSON text of `{type: "success", decision}` or `{type: "failure", errors}`,
    /// byte for byte what the native kernel gives.
    #[wasm_bindgen(unchecked_return_type = "JsonText<EvaluateAnswer>")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = "caseJson")] case_json: &str,
        #[wasm_bindgen(js_name = "optionsJson")] options_json: &str,
    ) -> String {
        onramp::api::evaluate_within(&self.inner, case_json, options_json, &self.limits)
    }

    /// Decides an NYC Benefits Screening API (ACCESS NYC) request body (JSON text) with
    /// options (`{"as_of": "2026-12-03", "answer": "access-nyc" | "onramp" | "case",
    /// "interested_programs": ["S2R007"], "absent": "false" | "unknown"}`): the API's
    /// response shape by default, byte for byte what the native kernel and `onramp serve`'s
    /// `POST /eligibilityPrograms` give.
    #[wasm_bindgen(
        js_name = "accessNyc",
        unchecked_return_type = "JsonText<AccessNycAnswer>"
    )]
    pub fn access_nyc(
        &self,
        #[wasm_bindgen(js_name = "payloadJson")] payload_json: &str,
        #[wasm_bindgen(js_name = "optionsJson")] options_json: &str,
    ) -> String {
        onramp::api::access_nyc_within(&self.inner, payload_json, options_json, &self.limits)
    }

    /// "How could I qualify?" (`{"as_of", "lang", "for", "person", "max_changes",
    /// "budget"}`): the verified paths for each target, computed locally.
    #[wasm_bindgen(unchecked_return_type = "JsonText<QualifyAnswer>")]
    pub fn qualify(
        &self,
        #[wasm_bindgen(js_name = "caseJson")] case_json: &str,
        #[wasm_bindgen(js_name = "optionsJson")] options_json: &str,
    ) -> String {
        onramp::api::qualify_within(&self.inner, case_json, options_json, &self.limits)
    }

    /// "What if I earn more?" (`{"as_of", "lang", "person", "wage": {"per", "from", "to",
    /// "hours"}, "points"}`): every income-tested item's intervals over the wage range.
    #[wasm_bindgen(unchecked_return_type = "JsonText<SweepAnswer>")]
    pub fn sweep(
        &self,
        #[wasm_bindgen(js_name = "caseJson")] case_json: &str,
        #[wasm_bindgen(js_name = "optionsJson")] options_json: &str,
    ) -> String {
        onramp::api::sweep_within(&self.inner, case_json, options_json, &self.limits)
    }

    /// Explains one program, service, step or ladder (`target`, by id) for a case in full,
    /// with wording, values and parameters: fetched when a person opens "why".
    #[wasm_bindgen(unchecked_return_type = "JsonText<ExplainAnswer>")]
    pub fn explain(
        &self,
        #[wasm_bindgen(js_name = "caseJson")] case_json: &str,
        #[wasm_bindgen(js_name = "optionsJson")] options_json: &str,
        target: &str,
    ) -> String {
        onramp::api::explain_within(&self.inner, case_json, options_json, target, &self.limits)
    }

    /// The catalog: names, criterion wording, citations and parameters by id, in a
    /// language. Decisions refer to it by id; fetch it once per rule set and language.
    #[wasm_bindgen(unchecked_return_type = "JsonText<CatalogAnswer>")]
    pub fn catalog(&self, lang: Option<String>) -> String {
        onramp::api::catalog(&self.inner, lang.as_deref())
    }

    /// The facts schema (questions, types, allowed values) in a language.
    #[wasm_bindgen(unchecked_return_type = "JsonText<SchemaAnswer>")]
    pub fn schema(&self, lang: Option<String>) -> String {
        onramp::api::schema(&self.inner, lang.as_deref())
    }

    /// Runs the rule set's own tests.
    #[wasm_bindgen(js_name = "runTests", unchecked_return_type = "JsonText<TestsAnswer>")]
    pub fn run_tests(&self) -> String {
        onramp::api::run_tests(&self.inner)
    }

    /// The most persons one case may list (default 50); a case with more is a failure
    /// (`too-many-persons`) without being decided. A page that faces the public keeps the
    /// default; at most `onramp::MAX_PERSONS`.
    #[wasm_bindgen(getter, js_name = "maxPersons")]
    pub fn max_persons(&self) -> usize {
        self.limits.max_persons
    }

    #[wasm_bindgen(setter, js_name = "maxPersons")]
    pub fn set_max_persons(&mut self, max_persons: usize) {
        self.limits.max_persons = max_persons.min(onramp::MAX_PERSONS);
    }

    /// The content hash of the rule files (`sha256:…`); every decision carries it.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        self.inner.hash().to_string()
    }

    /// Evaluates with JavaScript objects converted by serde-wasm-bindgen: built only for the
    /// boundary measurement in `scripts/budget.mjs`, never shipped.
    #[cfg(feature = "object-boundary")]
    #[wasm_bindgen(js_name = "evaluateObject")]
    pub fn evaluate_object(&self, case: JsValue, options: JsValue) -> JsValue {
        use serde::Serialize;
        let text = |v: JsValue| {
            serde_wasm_bindgen::from_value::<serde_json::Value>(v)
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let answer = onramp::api::evaluate(&self.inner, &text(case), &text(options));
        serde_json::from_str::<serde_json::Value>(&answer)
            .ok()
            .and_then(|v| {
                v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                    .ok()
            })
            .unwrap_or(JsValue::NULL)
    }
}

/// Checks rules given as JSON text: `{type: "success", name, version, hash, summary,
/// warnings}` or the diagnostics (line, column and `column_utf16` for JavaScript editors).
#[cfg(feature = "compiler")]
#[wasm_bindgen(unchecked_return_type = "JsonText<CheckAnswer>")]
pub fn check(#[wasm_bindgen(js_name = "rulesJson")] rules_json: &str) -> String {
    onramp::api::check(rules_json)
}

/// Builds a bundle (one JSON file with every rule file and the content hash) from rule files
/// given as JSON text.
#[cfg(feature = "compiler")]
#[wasm_bindgen(unchecked_return_type = "JsonText<BundleAnswer>")]
pub fn bundle(#[wasm_bindgen(js_name = "filesJson")] files_json: &str) -> String {
    onramp::api::bundle(files_json)
}

/// The version of the kernel this package was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
