//! Everyday use on the command line (issue 16): `-` as standard input and output, warnings
//! printed on stderr with `-q`, `-v` and `--strict`, the progress bar and the batch summary,
//! a lean release profile, and a JSON document given to `parse`.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::{names, root, s, SEED};

/// A plan report that stops mid-sentence: one `truncated-report` warning.
const CUT: &str = "corpus/plan/r1_shoubou_cut.txt";

/// A report without any diagnostic.
const CLEAN: &str = "corpus/achievement/h30_kyouiku.txt";

/// Runs `mokuhyo ARGS` in `cwd` with `stdin` on its standard input (nothing when `None`).
fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mokuhyo");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin");
        let bytes = bytes.to_vec();
        // On its own thread: the child may stop reading (a size limit) or fill its stdout
        // pipe before it has read everything. A write it refuses is not the test's concern.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child.wait_with_output().expect("wait for mokuhyo");
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    out
}

/// Runs `mokuhyo ARGS` from the repository root.
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_in(&root(), args, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn read(rel: &str) -> Vec<u8> {
    fs::read(root().join(rel)).expect("input")
}

/// The document `mokuhyo parse FILE -q` prints.
fn document(file: &str) -> Value {
    let o = run(&["parse", file, "-q"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

/// The lines `warning: FILE:LINE: message [code]` expected for `doc`'s diagnostics of the
/// severities in `severities`, worked out from the document itself.
fn expected_lines(doc: &Value, file: &str, severities: &[&str]) -> String {
    let mut out = String::new();
    for d in doc["diagnostics"].as_array().expect("diagnostics") {
        let severity = d["severity"].as_str().expect("severity");
        if !severities.contains(&severity) {
            continue;
        }
        let line = match d["line"].as_u64() {
            Some(n) => format!(":{n}"),
            None => String::new(),
        };
        out.push_str(&format!(
            "{severity}: {file}{line}: {} [{}]\n",
            d["message"].as_str().expect("message"),
            d["code"].as_str().expect("code")
        ));
    }
    out
}

/// Runs `command` on a pseudo-terminal (util-linux `script`), so that mokuhyo's standard
/// output and error are terminals: its exit code and everything it printed.
fn on_a_terminal(cwd: &Path, command: &str) -> (Option<i32>, String) {
    let script = Path::new("/usr/bin/script");
    assert!(
        script.exists(),
        "{} is missing: it gives these tests a terminal (Debian: apt-get install bsdutils)",
        script.display()
    );
    let o = Command::new(script)
        .args(["-q", "-e", "-c", command, "/dev/null"])
        .current_dir(cwd)
        .env("TERM", "xterm")
        .env("COLUMNS", "120")
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    // `script` itself says nothing on stderr unless it could not open a terminal.
    assert!(
        o.stderr.is_empty(),
        "script: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// `s` in single quotes for `sh -c`.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

mod stdin_and_stdout {
    use super::*;

    #[test]
    fn parse_reads_standard_input() {
        let from_file = document(SEED);
        let o = run(&["parse", "-", "-q"], Some(&read(SEED)));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut from_stdin: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(from_stdin["source"]["file"], "<stdin>");
        assert_eq!(from_stdin["source"]["bytes"], from_file["source"]["bytes"]);
        // Nothing but the name differs.
        from_stdin["source"]["file"] = from_file["source"]["file"].clone();
        assert_eq!(from_stdin, from_file);

        let o = run(
            &["parse", "-", "--name", "archive/r4.txt", "-q"],
            Some(&read(SEED)),
        );
        let named: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(named["source"]["file"], "archive/r4.txt");
    }

    #[test]
    fn dash_output_is_standard_output_not_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let seed = root().join(SEED);
        let o = run_in(dir.path(), &["parse", s(&seed), "-o", "-", "-q"], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
        assert_eq!(doc["sections"], document(SEED)["sections"]);
        assert!(names(dir.path()).is_empty(), "no file named `-`");

        let o = run_in(dir.path(), &["review", s(&seed), "-o", "-", "-q"], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).starts_with("<!DOCTYPE html>"));
        assert!(names(dir.path()).is_empty(), "no file named `-`");
    }

    #[test]
    fn review_reads_stdin_and_writes_stdout_when_it_is_not_a_terminal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("page.html");
        let o = run(&["review", SEED, "-o", s(&page), "-q"], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let written = fs::read(&page).expect("page");
        // No -o, stdout a pipe: the same page on stdout, from a file or from stdin under the
        // file's name.
        let o = run(&["review", SEED, "-q"], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(o.stdout, written);
        let o = run(&["review", "-", "--name", SEED, "-q"], Some(&read(SEED)));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(o.stdout, written);
    }

    #[test]
    fn review_without_output_on_a_terminal_says_what_to_do() {
        let command = format!("{} review {}", sh(env!("CARGO_BIN_EXE_mokuhyo")), sh(SEED));
        let (code, printed) = on_a_terminal(&root(), &command);
        assert_eq!(code, Some(1), "{printed}");
        assert!(printed.contains(&format!("error: {SEED}: ")), "{printed}");
        assert!(printed.contains("-o PAGE.html"), "{printed}");
        assert!(
            !printed.contains("<html"),
            "no page on the terminal: {printed}"
        );
    }

    #[test]
    fn validate_reads_standard_input() {
        let o = run(&["parse", SEED, "-q"], None);
        let doc = o.stdout;
        let o = run(&["validate", "-"], Some(&doc));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), "<stdin>: ok\n");
        let o = run(&["validate", "-", "--name", "r.json"], Some(&doc));
        assert_eq!(stdout(&o), "r.json: ok\n");
        let o = run(&["validate", "-"], Some(b"{\"kind\": 1}"));
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).starts_with("error: <stdin>: "), "{}", stderr(&o));
    }

    #[test]
    fn the_size_limit_holds_for_standard_input() {
        for command in ["parse", "review", "validate"] {
            let o = run(
                &[command, "-", "--max-input-bytes", "1K"],
                Some(&read(SEED)),
            );
            assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
            assert_eq!(
                stderr(&o),
                "error: <stdin>: file is over the limit of 1024 bytes (--max-input-bytes)\n",
                "{command}"
            );
            assert!(o.stdout.is_empty(), "{command}");
        }
    }

    #[test]
    fn empty_standard_input_is_an_empty_file() {
        let o = run(&["parse", "-"], Some(b""));
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(stderr(&o), "error: <stdin>: file is empty\n");
    }

    #[test]
    fn name_without_dash_and_dash_twice_are_usage_errors() {
        for args in [
            &["parse", SEED, "--name", "x.txt"][..],
            &["validate", "-", "-"],
            &["batch", "-", "-o", "out"],
        ] {
            let o = run(args, Some(b""));
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("Usage: mokuhyo"), "{}", stderr(&o));
        }
    }
}

mod warnings {
    use super::*;

    #[test]
    fn warnings_are_printed_with_file_line_and_code() {
        let doc = document(CUT);
        let want = expected_lines(&doc, CUT, &["error", "warning"]);
        assert!(want.contains("[truncated-report]"), "{want}");
        let o = run(&["parse", CUT], None);
        assert_eq!(o.status.code(), Some(0), "a warning does not fail the file");
        assert_eq!(stderr(&o), want);
        assert!(!o.stdout.is_empty());
    }

    #[test]
    fn info_only_with_verbose_nothing_with_quiet() {
        // The seed has a warning (duplicate-section-id) and an info (shifted-value-row).
        let doc = document(SEED);
        let o = run(&["parse", SEED], None);
        assert_eq!(
            stderr(&o),
            expected_lines(&doc, SEED, &["error", "warning"])
        );
        assert!(!stderr(&o).contains("info: "));
        let o = run(&["parse", SEED, "-v"], None);
        let verbose = expected_lines(&doc, SEED, &["error", "warning", "info"]);
        assert!(verbose.contains("info: "), "{verbose}");
        assert_eq!(stderr(&o), verbose);
        let o = run(&["parse", SEED, "-q"], None);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stderr(&o), "");
        // -q and -v together make no sense.
        assert_eq!(
            run(&["parse", SEED, "-q", "-v"], None).status.code(),
            Some(2)
        );
    }

    #[test]
    fn lossy_decoding_from_standard_input_is_a_warning() {
        let mut bytes = read(CLEAN);
        let mid = bytes.len() / 2;
        let at = mid
            + bytes[mid..]
                .iter()
                .position(|&b| b == b'\n')
                .expect("a line")
            + 1;
        bytes.splice(at..at, [0xFF, 0xFE, b'\n']);
        let o = run(&["parse", "-", "--name", "scan.txt"], Some(&bytes));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let want = expected_lines(&doc, "scan.txt", &["error", "warning"]);
        assert!(want.contains("[lossy-decoding]"), "{want}");
        assert_eq!(stderr(&o), want);
    }

    #[test]
    fn strict_fails_a_report_with_warnings_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        let page = dir.path().join("r.html");
        let doc = document(CUT);
        let warned = expected_lines(&doc, CUT, &["error", "warning"]);
        for args in [
            &["parse", CUT, "--strict", "-o", s(&out)][..],
            &["review", CUT, "--strict", "-o", s(&page)],
            &["parse", CUT, "--strict"],
        ] {
            let o = run(args, None);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout");
            assert_eq!(
                stderr(&o),
                format!(
                    "{warned}error: {CUT}: 1 warning (truncated-report) and --strict: \
                     nothing written\n"
                ),
                "{args:?}"
            );
            assert!(names(dir.path()).is_empty(), "{args:?}: nothing written");
        }
        // -q silences the warnings, not the error.
        let o = run(&["parse", CUT, "--strict", "-q"], None);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o),
            format!("error: {CUT}: 1 warning (truncated-report) and --strict: nothing written\n")
        );
        // A clean report passes.
        let o = run(&["parse", CLEAN, "--strict", "-o", s(&out)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stderr(&o), "");
        assert!(out.is_file());
    }

    /// A folder `in/` with the seed (a warning and an info), the cut plan (a warning) and a
    /// clean report.
    fn batch_inputs() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("in")).expect("mkdir");
        for (name, from) in [
            ("a_seed.txt", SEED),
            ("b_cut.txt", CUT),
            ("c_clean.txt", CLEAN),
        ] {
            fs::write(dir.path().join("in").join(name), read(from)).expect("write");
        }
        dir
    }

    #[test]
    fn batch_prints_warnings_per_file_in_order_and_counts_them() {
        let dir = batch_inputs();
        let o = run_in(
            dir.path(),
            &["batch", "in", "-o", "out", "--format", "json", "-j", "3"],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut want = String::new();
        let mut tally: serde_json::Map<String, Value> = serde_json::Map::new();
        let mut warnings = 0;
        for name in ["a_seed", "b_cut", "c_clean"] {
            let doc: Value = serde_json::from_slice(
                &fs::read(dir.path().join(format!("out/{name}.json"))).expect("written"),
            )
            .expect("JSON");
            want.push_str(&expected_lines(
                &doc,
                &format!("in/{name}.txt"),
                &["error", "warning"],
            ));
            for d in doc["diagnostics"].as_array().expect("diagnostics") {
                let code = d["code"].as_str().expect("code").to_string();
                let entry = tally
                    .entry(code)
                    .or_insert_with(|| serde_json::json!({"severity": d["severity"], "count": 0}));
                entry["count"] = (entry["count"].as_u64().expect("count") + 1).into();
                if d["severity"] != "info" {
                    warnings += 1;
                }
            }
        }
        assert_eq!(warnings, 2, "the seed's and the cut plan's");
        let err = stderr(&o);
        assert!(
            err.starts_with(&want),
            "warnings first, in input order: {err}"
        );
        let summary: Value =
            serde_json::from_slice(&fs::read(dir.path().join("out/summary.json")).expect("read"))
                .expect("JSON");
        assert_eq!(summary["warnings"], warnings);
        assert_eq!(summary["diagnostics_by_code"], Value::Object(tally.clone()));
        // The summary on stderr names each code with its count and severity.
        assert!(err.contains(", 2 warnings, 0 failures in "), "{err}");
        for (code, c) in &tally {
            let line = format!(
                "  {code}: {} ({})\n",
                c["count"],
                c["severity"].as_str().expect("severity")
            );
            assert!(err.contains(&line), "{line:?} in {err}");
        }
    }

    #[test]
    fn batch_strict_fails_files_with_warnings_and_goes_on() {
        let dir = batch_inputs();
        let o = run_in(
            dir.path(),
            &[
                "batch", "in", "-o", "out", "--format", "json", "--strict", "-q",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: in/a_seed.txt: 1 warning (duplicate-section-id) and --strict: nothing \
             written\nerror: in/b_cut.txt: 1 warning (truncated-report) and --strict: nothing \
             written\n",
            "-q: the errors alone"
        );
        assert_eq!(
            names(&dir.path().join("out")),
            ["c_clean.json", "summary.json"]
        );
        let summary: Value =
            serde_json::from_slice(&fs::read(dir.path().join("out/summary.json")).expect("read"))
                .expect("JSON");
        assert_eq!(summary["reports"], 1);
        assert_eq!(summary["failed"], 2);
        assert_eq!(summary["failures"][1]["file"], "in/b_cut.txt");
        assert_eq!(summary["warnings"], 0);
    }
}

mod progress {
    use super::*;

    /// A folder `in/` with `n` copies of the seed.
    fn copies(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("in")).expect("mkdir");
        let seed = read(SEED);
        for i in 0..n {
            fs::write(dir.path().join(format!("in/r{i:03}.txt")), &seed).expect("write");
        }
        dir
    }

    #[test]
    fn summary_line_names_the_output_folder_and_the_time_taken() {
        let dir = copies(2);
        let o = run_in(
            dir.path(),
            &["batch", "in", "-o", "out/tables", "--format", "json"],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let err = stderr(&o);
        let line = err
            .lines()
            .find(|l| l.starts_with("2 reports, "))
            .unwrap_or_else(|| panic!("no summary line: {err}"));
        let re = regex::Regex::new(
            r"^2 reports, \d+ indicators, 2 warnings, 0 failures in \d+\.\d\d s, written to out/tables$",
        )
        .expect("regex");
        assert!(re.is_match(line), "{line}");
        // Timing is for the person reading stderr, never in the output files.
        let summary = fs::read_to_string(dir.path().join("out/tables/summary.json")).expect("read");
        assert!(!summary.contains(" s\""), "{summary}");
    }

    #[test]
    fn the_bar_shows_elapsed_time_rate_and_time_left() {
        let dir = copies(60);
        let command = format!(
            "{} batch in -o out --format json -j 1",
            sh(env!("CARGO_BIN_EXE_mokuhyo"))
        );
        let (code, printed) = on_a_terminal(dir.path(), &command);
        assert_eq!(code, Some(0), "{printed}");
        let bar = regex::Regex::new(
            r"\[\d\d:\d\d:\d\d\] .* \d+/60 reports, \d+\.\d reports/s, \d+\w* left",
        )
        .expect("regex");
        assert!(bar.is_match(&printed), "no progress bar in {printed:?}");
        assert!(printed.contains("60 reports, "), "{printed:?}");

        // -q: nothing at all, bar or summary, on a terminal either.
        let (code, printed) = on_a_terminal(dir.path(), &format!("{command} -q"));
        assert_eq!(code, Some(0), "{printed}");
        assert_eq!(printed, "");
    }
}

mod lean_binary {
    use super::*;

    /// The release profile keeps line tables, so a panic's backtrace names files and lines,
    /// and leaves out the rest of the debug info, which tripled the binary's size (README, "A
    /// lean binary", has the figures).
    #[test]
    fn release_profile_keeps_line_tables_only() {
        let manifest = fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
        let profile: String = manifest
            .split("\n[profile.release]\n")
            .nth(1)
            .expect("a [profile.release] section")
            .lines()
            .take_while(|l| !l.starts_with('['))
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let debug: Vec<&str> = profile
            .lines()
            .filter_map(|l| l.split_once('='))
            .filter(|(k, _)| k.trim() == "debug")
            .map(|(_, v)| v.trim())
            .collect();
        assert_eq!(debug, ["\"line-tables-only\""], "{profile}");
    }

    /// The names and flags of an ELF64 little-endian file's sections.
    fn elf_sections(bytes: &[u8]) -> Vec<(String, u64)> {
        let u16_at = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().expect("2"));
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
        assert_eq!(
            &bytes[..6],
            b"\x7fELF\x02\x01",
            "an ELF64 little-endian file"
        );
        let table = u64_at(0x28) as usize;
        let size = usize::from(u16_at(0x3A));
        let count = usize::from(u16_at(0x3C));
        let header = |i: usize| table + i * size;
        let names = u64_at(header(usize::from(u16_at(0x3E))) + 0x18) as usize;
        (0..count)
            .map(|i| {
                let at = header(i);
                let start = names + u32_at(at) as usize;
                let end = start + bytes[start..].iter().position(|&b| b == 0).expect("NUL");
                let name = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                (name, u64_at(at + 8))
            })
            .collect()
    }

    /// The release binary is under 30 MB and still has its line tables, compressed
    /// (`crates/mokuhyo/build.rs`). Needs `cargo build --release` first, which takes minutes:
    /// `cargo build --release && cargo test -p mokuhyo --test everyday -- --ignored`.
    #[cfg(target_os = "linux")]
    #[test]
    #[ignore]
    fn release_binary_is_lean_and_keeps_its_line_tables() {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| root().join("target"));
        let binary = target.join("release/mokuhyo");
        let bytes = fs::read(&binary).unwrap_or_else(|e| {
            panic!(
                "{}: {e}: run `cargo build --release` first",
                binary.display()
            )
        });
        assert!(
            bytes.len() < 30_000_000,
            "{} is {} bytes",
            binary.display(),
            bytes.len()
        );
        const SHF_COMPRESSED: u64 = 0x800;
        let sections = elf_sections(&bytes);
        let line = sections.iter().find(|(name, _)| name == ".debug_line");
        let Some((_, flags)) = line else {
            panic!("no .debug_line in {sections:?}")
        };
        assert_ne!(flags & SHF_COMPRESSED, 0, ".debug_line is compressed");
    }
}

mod json_given_to_parse {
    use super::*;

    #[test]
    fn a_json_document_says_so_and_names_validate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = dir.path().join("r.json");
        let o = run(&["parse", SEED, "-q", "-o", s(&doc)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        for command in ["parse", "review"] {
            let o = run(&[command, s(&doc), "-o", "-"], None);
            assert_eq!(o.status.code(), Some(1), "{command}");
            assert_eq!(
                stderr(&o),
                format!(
                    "error: {0}: a JSON document, not a report: to check it against the report \
                     schema, run `mokuhyo validate {0}`\n",
                    s(&doc)
                ),
                "{command}"
            );
            assert!(o.stdout.is_empty());
        }
        // From standard input, the command to run reads standard input too.
        let o = run(&["parse", "-"], Some(&fs::read(&doc).expect("read")));
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).ends_with("run `mokuhyo validate -`\n"),
            "{}",
            stderr(&o)
        );
        // And what it suggests works.
        let o = run(&["validate", s(&doc)], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }

    #[test]
    fn a_broken_json_file_still_names_validate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("cut.json");
        fs::write(&f, "{\"schema_version\": \"1.0.0\", \"title\": ").expect("write");
        let o = run(&["parse", s(&f)], None);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("error: {}: no report found", s(&f))),
            "{err}"
        );
        assert!(
            err.ends_with(&format!("run `mokuhyo validate {}`)\n", s(&f))),
            "{err}"
        );
    }
}

mod help {
    use super::*;

    #[test]
    fn help_explains_the_new_options() {
        for (command, wants) in [
            (
                "parse",
                &["--name", "--strict", "--quiet", "--verbose", "`-`"][..],
            ),
            (
                "review",
                &["--name", "--strict", "--quiet", "--verbose", "`-`"],
            ),
            ("validate", &["--name", "`-`"]),
            ("batch", &["--strict", "--quiet", "--verbose"]),
        ] {
            let o = run(&[command, "--help"], None);
            assert_eq!(o.status.code(), Some(0), "{command}");
            let help = stdout(&o);
            for want in wants {
                assert!(help.contains(want), "{command} --help lacks {want}: {help}");
            }
        }
        let help = stdout(&run(&["parse", "--help"], None));
        assert!(
            help.contains("warning: FILE:LINE: message [code]"),
            "{help}"
        );
    }
}
