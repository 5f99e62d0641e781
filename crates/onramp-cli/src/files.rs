//! Reading a rule set from a folder (every `.toml` file under it) or from a bundle.

use std::path::{Path, PathBuf};

/// The rule files of a folder as (relative path, text), sorted by path, or of a bundle file.
pub fn read_rule_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    if dir.is_file() {
        if is_compiled(dir) {
            return Err(format!(
                "{} is a compiled rule set, which holds no rule files (nor their tests): give \
                 this command the rule set's folder or its bundle",
                dir.display()
            ));
        }
        let text = std::fs::read_to_string(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let bundle: onramp::Bundle = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a rule bundle: {e}", dir.display()))?;
        return Ok(bundle.files.into_iter().map(|f| (f.path, f.text)).collect());
    }
    let mut paths = Vec::new();
    collect(dir, &mut paths).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if paths.is_empty() {
        return Err(format!("{} holds no .toml rule files", dir.display()));
    }
    let mut files = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, text));
    }
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether `path` is a file in compiled form (`onramp bundle --compiled`).
pub fn is_compiled(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = vec![0; onramp::COMPILED_FORMAT.len()];
    path.is_file()
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
        && head == onramp::COMPILED_FORMAT.as_bytes()
}
