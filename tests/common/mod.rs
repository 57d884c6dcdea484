//! Shared by the test files: where the repository and its report inputs are, and small
//! helpers for files and folders. Each test file uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

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

/// Runs `cmd` to completion, killing it after `time_limit`: its exit status, its stderr and
/// its peak resident memory in bytes (`VmHWM` of `/proc/PID/status`). Stdout is discarded;
/// stderr is drained on a thread of its own, so a child that writes a lot of it never blocks
/// on a full pipe.
pub fn run_watched(mut cmd: Command, time_limit: Duration) -> (ExitStatus, String, u64) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the command");
    let err = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || std::io::read_to_string(err).unwrap_or_default());
    let status_file = format!("/proc/{}/status", child.id());
    let start = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        // Read before asking whether the child is done: the last read is of the finished
        // child, whose status stays until it is reaped.
        if let Some(kib) = fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm_kib(&s))
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > time_limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?}: still running after {time_limit:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = err.join().expect("stderr thread");
    (status, stderr, peak_kib * 1024)
}

/// The `VmHWM` line of `/proc/PID/status`, in KiB.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the binary from the repository root (so relative paths like [`SEED`] work), to
/// completion.
pub fn mokuhyo<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run mokuhyo")
}

/// A finished run's standard error, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A report of `sections` goal sections of one indicator each, with targets and actuals.
/// Ids run 1-① … 99-㊿: 4,950 distinct, so beyond that they repeat (and are flagged).
pub fn many_sections(sections: usize) -> String {
    let circled: Vec<char> = ('\u{2460}'..='\u{2473}')
        .chain('\u{3251}'..='\u{325F}')
        .chain('\u{32B1}'..='\u{32BF}')
        .collect();
    assert_eq!(circled.len(), 50);
    let mut text =
        String::from("令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n");
    for i in 0..sections {
        let major = i / 50 % 99 + 1;
        let minor = circled[i % 50];
        text.push_str(&format!(
            "{major}-{minor}取組{i} ・内容を進めます。\t指標：①件数{i}\n\
             \t目標値 ①{i}件\t実績値 ①{}件\n",
            i + 1
        ));
    }
    text
}

/// `v` without the object fields named in `keys`, at every depth; with `squash`, strings
/// without their white space too.
pub fn without_fields(v: &serde_json::Value, keys: &[&str], squash: bool) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), without_fields(v, keys, squash)))
                .collect(),
        ),
        Value::Array(a) => {
            Value::Array(a.iter().map(|v| without_fields(v, keys, squash)).collect())
        }
        Value::String(s) if squash => Value::String(s.split_whitespace().collect()),
        other => other.clone(),
    }
}

/// The character spans of a document (`span`, `spans`, `header_spans`).
pub const SPANS: &[&str] = &["span", "spans", "header_spans"];

/// A document without what differs between two files of one report: `source`, provenance
/// (`line`, `lines`, `span`, `spans`, `boxes`, `cells`, `header_lines`, `header_spans`) and
/// diagnostic messages (they name lines); without white space in strings too when `spaces`
/// (a PDF keeps no space where a line wraps).
pub fn strip_provenance(doc: &serde_json::Value, spaces: bool) -> serde_json::Value {
    const KEYS: &[&str] = &[
        "source",
        "boxes",
        "cells",
        "lines",
        "line",
        "span",
        "spans",
        "header_lines",
        "header_spans",
        "message",
    ];
    without_fields(doc, KEYS, spaces)
}

/// The folder `out`, made as a batch's output folder that does not tell case apart (FAT,
/// exFAT, NTFS, APFS): its lock file's name in capitals is a hard link to the lock file,
/// which is how a batch asks the folder.
pub fn case_folding_folder(out: &std::path::Path) {
    std::fs::create_dir_all(out).expect("mkdir");
    std::fs::write(out.join(".mokuhyo.lock"), "").expect("lock file");
    std::fs::hard_link(out.join(".mokuhyo.lock"), out.join(".MOKUHYO.LOCK")).expect("link");
}

/// Every file under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).expect("inside").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
