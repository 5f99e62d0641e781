//! Rule bundles: one JSON file holding every rule file and the set's content hash, so that
//! any target can load exactly the rules that produced a decision.

#[cfg(feature = "compiler")]
use crate::syntax::SourceFile;
use serde::{Deserialize, Serialize};
#[cfg(feature = "compiler")]
use sha2::{Digest, Sha256};

/// The `format` a bundle of this version of the kernel has.
pub const BUNDLE_FORMAT: &str = "onramp-bundle/1";

/// The serialized bundle.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Bundle {
    /// [`BUNDLE_FORMAT`].
    pub format: String,
    /// The rule set's name (from `[ruleset]`).
    pub name: String,
    /// The rule set's version (from `[ruleset]`).
    pub version: String,
    /// `sha256:` and the hex digest of the files, as `content_hash` computes it (paths sorted, each path and text length-prefixed).
    pub hash: String,
    /// The rule files, sorted by path.
    pub files: Vec<BundleFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
/// One rule file of a bundle.
pub struct BundleFile {
    /// The path it was compiled under (diagnostics name it; it enters the hash).
    pub path: String,
    /// Its text.
    pub text: String,
}

#[cfg(feature = "compiler")]
/// The hash of a rule set's files: paths sorted, each path and text length-prefixed, so no
/// two different sets of files share a hash by concatenation.
pub(crate) fn content_hash(files: &[SourceFile]) -> String {
    let mut sorted: Vec<&SourceFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut hasher = Sha256::new();
    for f in sorted {
        hasher.update((f.path.len() as u64).to_le_bytes());
        hasher.update(f.path.as_bytes());
        hasher.update((f.text.len() as u64).to_le_bytes());
        hasher.update(f.text.as_bytes());
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 15), 16).unwrap_or('0'));
    }
    hex
}
