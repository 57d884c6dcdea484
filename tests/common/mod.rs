//! Shared by the corpus and metamorphic tests: where the report inputs are.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every report input under `seeds/` and `corpus/`, relative to the repository root, sorted.
pub fn inputs() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("seeds"), root().join("corpus")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "html" | "htm")
            ) {
                let rel = path
                    .strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel.trim_start_matches("./").to_string());
            }
        }
    }
    out.sort();
    out
}
