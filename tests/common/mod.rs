//! Shared by the test files: where the repository and its report inputs are, and small
//! helpers for files and folders. Each test file uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The seed report, relative to the repository root.
pub const SEED: &str = "seeds/000_1e9e9e477dd5dd5a.txt";

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `p` as a string, for a command line or a message.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every report input under `seeds/` and `corpus/`, relative to the repository root, sorted.
pub fn inputs() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("seeds"), root().join("corpus")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
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
