//! The kernel's fingerprint: a hash of its sources, so that a compiled rule set
//! (`src/compiled.rs`) loads only in the kernel build that wrote it. Any change to the
//! sources changes it; line endings do not.
#![allow(
    clippy::disallowed_methods,
    reason = "a build script reads the crate's own sources"
)]

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let src = Path::new("src");
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    // FNV-1a, 64 bits: a fingerprint, not a security measure.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        let name = file
            .strip_prefix(src)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        feed(name.as_bytes());
        feed(&[0]);
        let text = std::fs::read(file).unwrap_or_default();
        let text: Vec<u8> = text.into_iter().filter(|&b| b != b'\r').collect();
        feed(&(text.len() as u64).to_le_bytes());
        feed(&text);
    }
    println!("cargo:rustc-env=ONRAMP_KERNEL_FINGERPRINT={hash:016x}");
}
