//! The `mokuhyo` binary, run for real: exit codes, `error: FILE: why` messages, files written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::{mokuhyo, names, root, s, SEED};

/// The first bytes of a PNG file: binary, with NULs and invalid UTF-8.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05";

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Asserts `o` failed with exit 1, nothing on stdout, and exactly the one line
/// `error: FILE: why…` on stderr; returns the `why`.
fn assert_fails(o: &Output, file: &str) -> String {
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(o));
    assert_eq!(stdout(o), "", "nothing on stdout");
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    let prefix = format!("error: {file}: ");
    let why = lines[0]
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{:?} does not start with {prefix:?}", lines[0]));
    assert!(!why.is_empty());
    assert!(!why.ends_with('.'), "no final period: {why}");
    why.to_string()
}

mod parse {
    use super::*;

    #[test]
    fn seed_prints_its_document() {
        let o = mokuhyo(["parse", SEED]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // Only the seed's warnings (their format is tested in tests/everyday.rs).
        let err = stderr(&o);
        let warning = format!("warning: {SEED}:");
        assert!(err.lines().all(|l| l.starts_with(&warning)), "{err}");
        let out = stdout(&o);
        assert!(
            out.starts_with("{\n  \"schema_version\": \"1.1.0\",\n"),
            "{out:.80}"
        );
        assert!(out.ends_with("}\n") && !out.ends_with("\n\n"));
        let doc: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(doc["source"]["file"], SEED);
        assert_eq!(
            doc["source"]["bytes"],
            fs::metadata(root().join(SEED)).expect("meta").len()
        );
        assert_eq!(doc["department"], "総合政策部");
        assert_eq!(doc["sections"][0]["id"], "1-①");
    }

    #[test]
    fn output_file_equals_stdout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("new/sub/dir/r.json");
        let o = mokuhyo(["parse", SEED, "-q", "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), "", "with -o, nothing on stdout");
        assert_eq!(stderr(&o), "");
        let written = fs::read(&out).expect("written");
        assert_eq!(written, mokuhyo(["parse", SEED]).stdout);
        assert_eq!(
            names(&dir.path().join("new/sub/dir")),
            ["r.json"],
            "no temp file left"
        );
    }

    #[test]
    fn output_file_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        fs::write(&out, "stale").expect("seed");
        let o = mokuhyo(["parse", SEED, "--output", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            fs::read(&out).expect("read"),
            mokuhyo(["parse", SEED]).stdout
        );
        assert_eq!(names(dir.path()), ["r.json"]);
    }

    #[test]
    fn missing_file() {
        let o = mokuhyo(["parse", "no/such/report.txt"]);
        let why = assert_fails(&o, "no/such/report.txt");
        assert_eq!(why, "no such file or directory");
    }

    #[test]
    fn directory() {
        let o = mokuhyo(["parse", "seeds"]);
        assert_eq!(assert_fails(&o, "seeds"), "is a directory, not a file");
    }

    /// Writes `bytes` to `name` in a fresh folder, parses it, and asserts the run failed as
    /// [`assert_fails`] does; returns the `why`.
    fn parse_fails(name: &str, bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join(name);
        fs::write(&f, bytes).expect("write");
        assert_fails(&mokuhyo(["parse", s(&f)]), s(&f))
    }

    #[test]
    fn empty_file() {
        assert_eq!(parse_fails("empty.txt", b""), "file is empty");
    }

    #[test]
    fn whitespace_only_file_is_empty() {
        assert_eq!(parse_fails("blank.txt", b" \r\n\t\n"), "file is empty");
    }

    #[test]
    fn binary_file() {
        let why = parse_fails("image.png", PNG);
        assert_eq!(why, "not a text file (binary data)");
    }

    #[test]
    fn text_without_a_report() {
        let why = parse_fails("notes.txt", "買い物リスト\n牛乳\n卵\n".as_bytes());
        assert!(why.starts_with("no report found"), "{why}");
    }

    #[test]
    fn failed_parse_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("empty.txt");
        fs::write(&f, "").expect("write");
        let out = dir.path().join("out/r.json");
        assert_fails(&mokuhyo(["parse", s(&f), "-o", s(&out)]), s(&f));
        assert!(!out.exists());
        assert!(
            !dir.path().join("out").exists(),
            "no directory created either"
        );
    }

    #[test]
    fn unwritable_output_under_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("blocker");
        fs::write(&blocker, "keep").expect("write");
        let out = blocker.join("r.json");
        let why = assert_fails(&mokuhyo(["parse", SEED, "-q", "-o", s(&out)]), s(&out));
        assert_eq!(
            why,
            format!("cannot write: {} is a file, not a directory", s(&blocker))
        );
        assert_eq!(fs::read(&blocker).expect("read"), b"keep");
        assert_eq!(names(dir.path()), ["blocker"]);
    }

    #[test]
    fn unwritable_output_is_a_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        fs::create_dir(&out).expect("mkdir");
        let why = assert_fails(&mokuhyo(["parse", SEED, "-q", "-o", s(&out)]), s(&out));
        assert!(why.starts_with("cannot write: "), "{why}");
        assert!(out.is_dir());
        assert_eq!(names(dir.path()), ["r.json"], "no temp file left");
        assert!(names(&out).is_empty());
    }
}

mod validate {
    use super::*;

    /// The seed's document written to `dir/name`.
    fn seed_doc(dir: &Path, name: &str) -> PathBuf {
        let out = dir.join(name);
        let o = mokuhyo(["parse", SEED, "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        out
    }

    /// Applies `change` to the JSON document in `doc`, in place.
    fn edit(doc: &Path, change: impl FnOnce(&mut Value)) {
        let mut v: Value = serde_json::from_slice(&fs::read(doc).expect("read")).expect("JSON");
        change(&mut v);
        fs::write(doc, serde_json::to_vec(&v).expect("json")).expect("write");
    }

    #[test]
    fn agrees_with_parse() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = seed_doc(dir.path(), "r.json");
        let o = mokuhyo(["validate", s(&doc)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), format!("{}: ok\n", s(&doc)));
        assert_eq!(stderr(&o), "");
    }

    #[test]
    fn tampered_document_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = seed_doc(dir.path(), "r.json");
        edit(&doc, |v| v["kind"] = "draft".into());
        let why = assert_fails(&mokuhyo(["validate", s(&doc)]), s(&doc));
        assert_eq!(why, "/kind: value must be one of 'achievement', 'plan'");
    }

    #[test]
    fn reports_every_problem_of_a_document() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = seed_doc(dir.path(), "r.json");
        edit(&doc, |v| {
            v["kind"] = "draft".into();
            v["missions"][0]["sdgs"][0]["goal"] = 0.into();
        });
        let o = mokuhyo(["validate", s(&doc)]);
        assert_eq!(o.status.code(), Some(1));
        let d = s(&doc);
        assert_eq!(
            stderr(&o),
            format!(
                "error: {d}: /kind: value must be one of 'achievement', 'plan'\n\
                 error: {d}: /missions/0/sdgs/0/goal: must be >=1, but got 0\n"
            )
        );
    }

    #[test]
    fn not_json() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("r.json");
        fs::write(&f, "{\"schema_version\": ").expect("write");
        let why = assert_fails(&mokuhyo(["validate", s(&f)]), s(&f));
        assert!(why.starts_with("not JSON: "), "{why}");
    }

    #[test]
    fn the_report_text_is_not_a_document() {
        let why = assert_fails(&mokuhyo(["validate", SEED]), SEED);
        assert!(why.starts_with("not JSON: "), "{why}");
    }

    #[test]
    fn missing_directory_empty_and_binary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = dir.path().join("empty.json");
        fs::write(&empty, "").expect("write");
        let png = dir.path().join("image.png");
        fs::write(&png, PNG).expect("write");
        let o = mokuhyo(["validate", "missing.json", "seeds", s(&empty), s(&png)]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(stdout(&o), "");
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        assert_eq!(lines[0], "error: missing.json: no such file or directory");
        assert_eq!(lines[1], "error: seeds: is a directory, not a file");
        assert_eq!(lines[2], format!("error: {}: file is empty", s(&empty)));
        assert!(
            lines[3].starts_with(&format!("error: {}: not JSON: ", s(&png))),
            "{}",
            lines[3]
        );
    }

    #[test]
    fn one_bad_file_does_not_stop_the_rest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = seed_doc(dir.path(), "a.json");
        let b = seed_doc(dir.path(), "b.json");
        let o = mokuhyo(["validate", s(&a), "missing.json", s(&b)]);
        assert_eq!(o.status.code(), Some(1), "any failure fails the run");
        assert_eq!(stdout(&o), format!("{}: ok\n{}: ok\n", s(&a), s(&b)));
        assert_eq!(
            stderr(&o),
            "error: missing.json: no such file or directory\n"
        );
    }
}

mod schema {
    use super::*;

    #[test]
    fn prints_the_json_schema() {
        let o = mokuhyo(["schema"]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stderr(&o), "");
        let schema: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
    }
}

mod usage {
    use super::*;

    fn assert_usage_error(args: &[&str]) {
        let o = mokuhyo(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(
            stderr(&o).contains("Usage: mokuhyo"),
            "{args:?}: {}",
            stderr(&o)
        );
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_usage_error(&[]);
        assert_usage_error(&["parse"]);
        assert_usage_error(&["parse", SEED, SEED]);
        assert_usage_error(&["parse", SEED, "--frobnicate"]);
        assert_usage_error(&["validate"]);
        assert_usage_error(&["batch", SEED]);
        assert_usage_error(&["schema", "extra"]);
    }

    #[test]
    fn help_shows_examples_and_exit_codes() {
        let o = mokuhyo(["--help"]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        for want in [
            "parse",
            "validate",
            "schema",
            "Examples:",
            "Exit status:",
            "error: FILE: why",
        ] {
            assert!(out.contains(want), "{want:?} missing from:\n{out}");
        }
        let o = mokuhyo(["parse", "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(out.contains("-o, --output <OUT.json>"), "{out}");
        assert!(
            out.contains("mokuhyo parse report.txt -o report.json"),
            "{out}"
        );
    }
}
