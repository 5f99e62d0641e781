//! Compiled rule sets: the checked, lowered rules in a compact binary form (postcard) that
//! loads without parsing TOML or Rhai, for hosts that only evaluate (a widget, a kiosk, a
//! worker that starts often). The rule files stay the source of truth: a compiled form is
//! a build artifact, made by `onramp bundle --compiled` from them, and names their hash.
//!
//! postcard writes fields in order and skips none: a type written here must not use
//! `skip_serializing_if` (the JSON-facing `LanguageStatus` goes through tuples, `model.rs`).
//!
//! The form is tied to the kernel build that wrote it: postcard is not self-describing, so
//! a kernel whose model differs would misread it. The header carries the fingerprint of the
//! kernel's sources (`build.rs`) and a load by any other build is refused with a clear
//! message, never misread.
//!
//! What it leaves out: the rule tests (`onramp test` runs them from the rule files), the
//! compile warnings (`onramp check` reports them) and the index of texts that translation
//! templates are made from (`onramp translations --template` reads the files).

use crate::model::*;
use crate::RuleSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The first bytes of every compiled rule set.
pub const COMPILED_FORMAT: &str = "onramp-compiled/1";

/// The fingerprint of this kernel build's sources (`build.rs`): a compiled rule set loads
/// only in the build that wrote it.
pub const KERNEL_FINGERPRINT: &str = env!("ONRAMP_KERNEL_FINGERPRINT");

/// This kernel build as a compiled form's header names it: the version and the fingerprint.
pub const KERNEL_BUILD: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " ",
    env!("ONRAMP_KERNEL_FINGERPRINT")
);

/// Why compiled bytes did not load.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompiledError {
    /// The bytes do not start with [`COMPILED_FORMAT`].
    #[error("not a compiled Onramp rule set (expected it to start with `{COMPILED_FORMAT}`)")]
    NotCompiled,
    /// Written by another build of the kernel.
    #[error(
        "compiled by another build of the Onramp kernel ({built_by}; this is {this}): \
         compile the rule files again with this build (`onramp bundle --compiled`)"
    )]
    OtherKernel {
        /// The writer's version and fingerprint.
        built_by: String,
        /// This build's.
        this: String,
    },
    /// The bytes end early or hold something else.
    #[error("the compiled rule set is damaged: {0}")]
    Damaged(String),
    /// A build that also runs expressions in Rhai (the `rhai-oracle` feature, for tests)
    /// needs Rhai's trees, which a compiled form does not carry.
    #[error("this build (feature `rhai-oracle`) loads rules from their files only")]
    OracleBuild,
}

/// The header after `COMPILED_FORMAT`: the kernel build that wrote the rest.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    kernel: &'a str,
}

/// The rule set as written: borrowed on the way out.
#[derive(Serialize)]
struct Out<'a> {
    meta: &'a Meta,
    facts: &'a [Fact],
    fact_ids: &'a BTreeMap<String, usize>,
    params: &'a [Param],
    derived: &'a [Derived],
    criteria: &'a [Criterion],
    programs: &'a [Program],
    services: &'a [Service],
    ladders: &'a [Ladder],
    steps: &'a [Step],
    hash: &'a str,
}

/// The rule set as read.
#[derive(Deserialize)]
struct In {
    meta: Meta,
    facts: Vec<Fact>,
    fact_ids: BTreeMap<String, usize>,
    params: Vec<Param>,
    derived: Vec<Derived>,
    criteria: Vec<Criterion>,
    programs: Vec<Program>,
    services: Vec<Service>,
    ladders: Vec<Ladder>,
    steps: Vec<Step>,
    hash: String,
}

pub(crate) fn write(rs: &RuleSet) -> Vec<u8> {
    let mut bytes = COMPILED_FORMAT.as_bytes().to_vec();
    let header = Header {
        kernel: KERNEL_BUILD,
    };
    let body = Out {
        meta: &rs.meta,
        facts: &rs.facts,
        fact_ids: &rs.fact_ids,
        params: &rs.params,
        derived: &rs.derived,
        criteria: &rs.criteria,
        programs: &rs.programs,
        services: &rs.services,
        ladders: &rs.ladders,
        steps: &rs.steps,
        hash: &rs.hash,
    };
    // Serializing plain data into a Vec cannot fail; were it ever to, the bytes written so
    // far would be refused on load as damaged rather than misread.
    if let Ok(b) = postcard::to_allocvec(&(header, body)) {
        bytes.extend(b);
    }
    bytes
}

pub(crate) fn read(bytes: &[u8]) -> Result<RuleSet, CompiledError> {
    let rest = bytes
        .strip_prefix(COMPILED_FORMAT.as_bytes())
        .ok_or(CompiledError::NotCompiled)?;
    let (header, rest): (Header<'_>, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| CompiledError::Damaged(e.to_string()))?;
    if header.kernel != KERNEL_BUILD {
        return Err(CompiledError::OtherKernel {
            built_by: header.kernel.to_string(),
            this: KERNEL_BUILD.to_string(),
        });
    }
    if cfg!(feature = "rhai-oracle") {
        return Err(CompiledError::OracleBuild);
    }
    let (body, rest): (In, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| CompiledError::Damaged(e.to_string()))?;
    if !rest.is_empty() {
        return Err(CompiledError::Damaged(format!(
            "{} bytes after the rule set",
            rest.len()
        )));
    }
    Ok(RuleSet {
        meta: body.meta,
        facts: body.facts,
        fact_ids: body.fact_ids,
        params: body.params,
        derived: body.derived,
        criteria: body.criteria,
        programs: body.programs,
        services: body.services,
        ladders: body.ladders,
        steps: body.steps,
        tests: Vec::new(),
        #[cfg(feature = "rhai-oracle")]
        engine: crate::engine::build(),
        hash: body.hash,
        warnings: Vec::new(),
        #[cfg(feature = "compiler")]
        text_index: Vec::new(),
    })
}
