//! Hostile input (issue 6): whatever arrives, the real binary answers with a clear error or a
//! partial result with diagnostics, within a hard time limit and bounded memory.
//!
//! Every run of `mokuhyo` here goes through [`run`], which
//! - limits the child's address space with `prlimit --as` (`/usr/bin/prlimit`, from util-linux,
//!   which every Debian system has): an input that made the program grow past
//!   [`MEMORY_LIMIT`] would end it with an allocation failure, and the test would fail;
//! - polls the child and kills it after [`TIME_LIMIT`] (20 s wall clock), failing the test;
//! - samples the child's peak resident memory (`VmHWM` in `/proc/PID/status`) while it runs;
//! - runs one child at a time, so that the time measured is the case's own.
//!
//! Big inputs are generated in temporary folders, never committed. `cargo test --test hostile
//! -- --nocapture` prints each case's time and peak memory.
//!
//! `tests/cli.rs` pins the exact messages for the small error cases (empty, whitespace only,
//! PNG, missing file, directory, unwritable output); here the same cases run under the limits,
//! as single files and inside a batch.
//!
//! Linux only: the limits come from `prlimit` and `/proc`.
#![cfg(target_os = "linux")]

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use mokuhyo_export::Validator;
use serde_json::Value;

mod common;
use common::{names, root, s, SEED};

/// The wall-clock limit of one run of the binary: a hang never ends, and super-linear time is
/// `tests/stress.rs`'s to catch. The largest case, 20 000 sections, writes a 59 MB document
/// since schema 1.1.0 added character spans (30 MB before), which a debug build on a busy
/// machine of two CPUs took close to 10 s to check and write.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The address-space limit of one run of the binary (virtual memory, which bounds resident
/// memory from above). The largest case, 20 000 sections, peaks near 280 MiB resident in a
/// debug build.
const MEMORY_LIMIT: u64 = 1 << 30;

fn seed() -> Vec<u8> {
    fs::read(root().join(SEED)).expect("the seed")
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// One child at a time: the limit is per case, and two big cases at once would measure each
/// other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `mokuhyo ARGS` from the repository root under the time and memory limits; panics when
/// the time limit is hit.
fn run<I, S>(case: &str, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let prlimit = Path::new("/usr/bin/prlimit");
    assert!(
        prlimit.exists(),
        "{} is missing: it bounds the memory of these tests (Debian: apt-get install util-linux)",
        prlimit.display()
    );
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let start = Instant::now();
    let mut child = Command::new(prlimit)
        .arg(format!("--as={MEMORY_LIMIT}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mokuhyo under prlimit");
    // Drained on their own threads: a child blocked on a full pipe would look like a hang.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if let Some(kib) = fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm(&s))
        {
            peak_kib = peak_kib.max(kib);
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{case}: still running after {TIME_LIMIT:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = out.join().expect("stdout thread");
    let stderr = String::from_utf8_lossy(&err.join().expect("stderr thread")).into_owned();
    eprintln!(
        "{case}: exit {:?} in {:.2} s, peak RSS >= {} MiB",
        status.code(),
        elapsed.as_secs_f64(),
        peak_kib / 1024
    );
    assert!(
        !stderr.contains("memory allocation of"),
        "{case}: ran out of its {MEMORY_LIMIT} bytes of address space: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

/// The `VmHWM` (peak resident set) line of `/proc/PID/status`, in KiB.
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Asserts the run failed with exit 1, nothing on stdout, and exactly one line
/// `error: FILE: why` on stderr; returns `why`.
fn assert_fails(r: &Run, file: &str) -> String {
    assert_eq!(r.code, Some(1), "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    let prefix = format!("error: {file}: ");
    let why = lines[0]
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{:?} does not start with {prefix:?}", lines[0]));
    assert!(!why.is_empty() && !why.ends_with('.'), "{why}");
    why.to_string()
}

/// Runs `mokuhyo parse INPUT -o OUT` under the limits.
fn parse_to(case: &str, input: &Path, out: &Path) -> Run {
    run(
        case,
        [
            "parse".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    )
}

/// Parses `input` with `-o` into a fresh folder and asserts it failed with `error: FILE: why`
/// and left nothing behind: no output, no temporary file, no folder. Returns `why`.
fn parse_fails(case: &str, input: &Path) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out/r.json");
    let r = parse_to(case, input, &out);
    let why = assert_fails(&r, s(input));
    assert!(names(dir.path()).is_empty(), "{case}: nothing written");
    why
}

/// Parses `input` with `-o` and asserts a partial result: exit 0, nothing on stderr, exactly
/// one file written, a document that passes the schema. Returns the document.
fn parse_partial(case: &str, input: &Path) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.json");
    let r = parse_to(case, input, &out);
    assert_eq!(r.code, Some(0), "{case}: {}", r.stderr);
    assert!(r.stdout.is_empty(), "{case}: with -o, nothing on stdout");
    assert_eq!(
        names(dir.path()),
        ["r.json"],
        "{case}: no temporary file left"
    );
    let doc: Value = serde_json::from_slice(&fs::read(&out).expect("written")).expect("JSON");
    if let Err(v) = Validator::new().validate(&doc) {
        panic!("{case}: the document breaks the schema: {v:?}");
    }
    // On stderr, one line for each of the document's warnings and nothing else.
    let warnings = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] != "info")
        .count();
    let file = format!(": {}", s(input));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), warnings, "{case}: {}", r.stderr);
    assert!(
        lines
            .iter()
            .all(|l| (l.starts_with("warning: ") || l.starts_with("error: "))
                && l.contains(&file)
                && l.ends_with(']')),
        "{case}: {}",
        r.stderr
    );
    doc
}

/// The codes of a document's diagnostics.
fn codes(doc: &Value) -> Vec<&str> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

/// The first diagnostic of a document with `code`; panics when there is none.
fn diagnostic<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("a {code} diagnostic: {:?}", codes(doc)))
}

fn len(doc: &Value, field: &str) -> usize {
    doc[field].as_array().expect(field).len()
}

/// `v` without its character spans (`span`, `spans`, `header_spans`), for comparing
/// documents whose columns shifted.
fn without_spans(v: &Value) -> Value {
    common::without_fields(v, common::SPANS, false)
}

/// `v` without its `line` and `lines` fields, for comparing documents whose lines shifted.
fn without_lines(v: &Value) -> Value {
    common::without_fields(
        v,
        &["line", "lines", "span", "spans", "header_spans"],
        false,
    )
}

/// The parts of a document that hold the report's content.
const REPORT_PARTS: &[&str] = &[
    "title",
    "missions",
    "sections",
    "indicator_groups",
    "unparsed",
];

/// Asserts that `doc` and `seed` agree on `fields`, line numbers aside with `ignore_lines`.
fn same_fields(doc: &Value, seed: &Value, fields: &[&str], ignore_lines: bool) {
    for &field in fields {
        if ignore_lines {
            assert_eq!(
                without_lines(&doc[field]),
                without_lines(&seed[field]),
                "{field}"
            );
        } else {
            assert_eq!(doc[field], seed[field], "{field}");
        }
    }
}

/// `(missions, sections, indicator groups)`.
fn counts(doc: &Value) -> (usize, usize, usize) {
    (
        len(doc, "missions"),
        len(doc, "sections"),
        len(doc, "indicator_groups"),
    )
}

/// A small deterministic generator (xorshift64*), so random inputs are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A PNG file of a few kilobytes: signature, header chunk, one data chunk of noise, end chunk
/// (chunk CRCs are not checked by anything here, so they are left zero).
fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |v: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        v.extend_from_slice(&(data.len() as u32).to_be_bytes());
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&[0; 4]);
    };
    chunk(&mut v, b"IHDR", b"\0\0\0\x40\0\0\0\x40\x08\x06\0\0\0");
    chunk(&mut v, b"IDAT", &Rng(7).bytes(8 * 1024));
    chunk(&mut v, b"IEND", b"");
    v
}

/// The seed cut at 60 %, moved forward to land inside a multi-byte character.
fn truncated_seed() -> Vec<u8> {
    let seed = seed();
    let text = std::str::from_utf8(&seed).expect("the seed is UTF-8");
    let mut cut = seed.len() * 6 / 10;
    while text.is_char_boundary(cut) {
        cut += 1;
    }
    seed[..cut].to_vec()
}

/// Writes `bytes` to `dir/name`.
fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).expect("write input");
    p
}

/// The seed's document, for comparisons: parsed once, a fresh copy for each caller.
fn seed_doc() -> Value {
    static DOC: LazyLock<Value> = LazyLock::new(|| parse_partial("seed", &root().join(SEED)));
    DOC.clone()
}

mod single_file {
    use super::*;

    #[test]
    fn empty_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "empty.txt", b"");
        assert_eq!(parse_fails("empty file", &f), "file is empty");
    }

    #[test]
    fn whitespace_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "blank.txt", " \t\r\n\u{3000}\n  \n".as_bytes());
        // An ideographic space is whitespace too, once decoded: still no report.
        assert_eq!(parse_fails("whitespace only", &f), "file is empty");
    }

    #[test]
    fn one_megabyte_of_random_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "random.txt", &Rng(42).bytes(1 << 20));
        assert_eq!(
            parse_fails("1 MB of random bytes", &f),
            "not a text file (binary data)"
        );
    }

    #[test]
    fn a_png() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "scan.png", &png());
        assert_eq!(parse_fails("a PNG", &f), "not a text file (binary data)");
    }

    #[test]
    fn seed_truncated_inside_a_character() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "cut.txt", &truncated_seed());
        let doc = parse_partial("seed truncated at 60 %", &f);
        assert_eq!(counts(&doc), (13, 14, 11));
        let lossy = diagnostic(&doc, "lossy-decoding");
        assert_eq!(lossy["severity"], "warning");
        // The broken character is the last one of the file, on its last line.
        assert_eq!(lossy["line"], doc["source"]["lines"]);
        // And the report is flagged as cut off there.
        assert!(
            codes(&doc).contains(&"truncated-report"),
            "{:?}",
            codes(&doc)
        );
    }

    #[test]
    fn invalid_bytes_in_the_middle() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = seed();
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        // A line of bytes that are UTF-8 in no way, just after the line break half-way
        // through the seed.
        let mid = text[text.len() / 2..].find('\n').expect("a line break") + text.len() / 2 + 1;
        let line = text[..mid].lines().count() + 1;
        bytes.splice(mid..mid, [0xFF, 0xFE, 0xC0, 0x80, b'\n']);
        let f = file(dir.path(), "bad-bytes.txt", &bytes);
        let doc = parse_partial("invalid bytes in the middle", &f);
        assert_eq!(doc["source"]["encoding"], "UTF-8");
        let lossy = diagnostic(&doc, "lossy-decoding");
        assert_eq!(lossy["line"], line);
        assert!(
            lossy["message"]
                .as_str()
                .expect("message")
                .starts_with("4 byte sequence(s)"),
            "{lossy}"
        );
        // The replacement characters are kept as residue on their line.
        let residue: Vec<&Value> = doc["unparsed"]
            .as_array()
            .expect("unparsed")
            .iter()
            .filter(|u| u["line"] == line)
            .collect();
        assert_eq!(residue.len(), 1, "{residue:?}");
        assert_eq!(residue[0]["text"], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}");
        // The rest is parsed: the seed's missions, sections and groups.
        let seed = seed_doc();
        assert_eq!(counts(&doc), counts(&seed));
        same_fields(
            &doc,
            &seed,
            &["missions", "sections", "indicator_groups"],
            true,
        );
    }

    #[test]
    fn nul_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Nothing but NULs: binary.
        let f = file(dir.path(), "nul.txt", &[0u8; 64 * 1024]);
        assert_eq!(
            parse_fails("NUL bytes only", &f),
            "not a text file (binary data)"
        );
        // A NUL at the start of every line of the seed: control characters are whitespace,
        // and the report reads as the seed does.
        let mut bytes = Vec::new();
        for line in seed().split_inclusive(|&b| b == b'\n') {
            bytes.push(0);
            bytes.extend_from_slice(line);
        }
        let f = file(dir.path(), "nul-lines.txt", &bytes);
        let doc = parse_partial("NUL bytes in the seed", &f);
        let seed = seed_doc();
        // Every character moved one column to the right; the lines are the seed's.
        same_fields(
            &without_spans(&doc),
            &without_spans(&seed),
            REPORT_PARTS,
            false,
        );
    }

    #[test]
    fn five_megabyte_single_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let seed = seed();
        let text = std::str::from_utf8(&seed).expect("UTF-8");
        // The seed, then one 5 MB line of prose that fits no field.
        let sentence = "市民サービスの向上を図るため、窓口の手続を見直します。";
        let long = sentence.repeat((5 << 20) / sentence.len() + 1);
        let f = file(
            dir.path(),
            "long-line.txt",
            format!("{text}{long}\n").as_bytes(),
        );
        assert!(fs::metadata(&f).expect("meta").len() > 5 << 20);
        let doc = parse_partial("5 MB single line", &f);
        assert_eq!(counts(&doc), counts(&seed_doc()));
        let last = doc["unparsed"]
            .as_array()
            .expect("unparsed")
            .last()
            .cloned();
        let last = last.expect("the long line is unparsed");
        assert_eq!(last["line"], doc["source"]["lines"]);
        assert_eq!(last["text"].as_str().map(str::len), Some(long.len()));
    }

    #[test]
    fn two_hundred_thousand_nested_tags() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = "<div><span>".repeat(100_000).into_bytes();
        bytes.push(b'\n');
        bytes.extend_from_slice(&seed());
        bytes.extend_from_slice("</span></div>".repeat(100_000).as_bytes());
        bytes.push(b'\n');
        let f = file(dir.path(), "nested.html", &bytes);
        let doc = parse_partial("200 000 nested tags", &f);
        // The tags vanish: the seed's report, one line further down.
        let seed = seed_doc();
        same_fields(&doc, &seed, REPORT_PARTS, true);
    }

    #[test]
    fn twenty_thousand_sections() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Ids run 1-① … 99-㊿: 4,950 distinct, so the rest repeat (and are flagged).
        let text = common::many_sections(20_000);
        let f = file(dir.path(), "sections.txt", text.as_bytes());
        let doc = parse_partial("20 000 sections", &f);
        assert_eq!(len(&doc, "sections"), 20_000);
        assert_eq!(len(&doc, "indicator_groups"), 20_000);
        let repeats = codes(&doc)
            .iter()
            .filter(|&&c| c == "duplicate-section-id")
            .count();
        assert_eq!(repeats, 20_000 - 4_950);
        assert_eq!(doc["sections"][19_999]["title"], "取組19999");
    }

    #[test]
    fn one_report_fifty_times() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = file(dir.path(), "fifty.txt", &seed().repeat(50));
        let doc = parse_partial("one report 50 times", &f);
        let seed = seed_doc();
        assert_eq!(counts(&doc), counts(&seed));
        assert_eq!(
            codes(&doc)
                .iter()
                .filter(|&&c| c == "repeated-report")
                .count(),
            1
        );
        // The 49 copies are kept as residue, not dropped: far more than the seed's own.
        assert!(len(&doc, "unparsed") > 49 * len(&seed, "missions"));
    }

    #[test]
    fn missing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("no/such/report.txt");
        assert_eq!(parse_fails("missing file", &f), "no such file or directory");
    }

    #[test]
    fn directory_given_as_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().join("reports.txt");
        fs::create_dir(&d).expect("mkdir");
        assert_eq!(
            parse_fails("directory as a file", &d),
            "is a directory, not a file"
        );
    }

    #[test]
    fn unwritable_output_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).expect("mkdir");
        let mut perms = fs::metadata(&locked).expect("meta").permissions();
        perms.set_readonly(true);
        fs::set_permissions(&locked, perms).expect("chmod");
        // A privileged user (root in a container) may write anywhere; then the output goes
        // under /proc, where nobody can create a file.
        let privileged = fs::write(locked.join("probe"), "").is_ok();
        let out = if privileged {
            PathBuf::from("/proc/mokuhyo-hostile.json")
        } else {
            locked.join("r.json")
        };
        let r = run(
            "unwritable output path",
            ["parse", SEED, "-q", "-o", s(&out)],
        );
        let why = assert_fails(&r, s(&out));
        // The reason, without the name of the temporary file that could not be created.
        let want = if privileged {
            "cannot write: no such file or directory"
        } else {
            "cannot write: permission denied"
        };
        assert_eq!(why, want);
        assert!(!out.exists());
        if !privileged {
            assert!(names(&locked).is_empty(), "no temporary file left");
        }
        let mut perms = fs::metadata(&locked).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&locked, perms).expect("chmod back");
    }

    #[test]
    fn input_over_the_size_limit() {
        let r = run(
            "input over --max-input-bytes",
            ["parse", SEED, "--max-input-bytes", "16K"],
        );
        let why = assert_fails(&r, SEED);
        assert_eq!(
            why,
            "file is 38087 bytes, over the limit of 16384 bytes (--max-input-bytes)"
        );
        // At the limit exactly is fine.
        let r = run(
            "input at --max-input-bytes",
            ["parse", SEED, "--max-input-bytes", "38087"],
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }

    #[test]
    fn endless_input_stops_at_the_size_limit() {
        // /dev/zero has no size to check in advance and never ends: reading stops past the
        // limit instead of filling memory.
        let r = run(
            "endless input",
            ["parse", "/dev/zero", "--max-input-bytes", "8M"],
        );
        let why = assert_fails(&r, "/dev/zero");
        assert_eq!(
            why,
            "file is over the limit of 8388608 bytes (--max-input-bytes)"
        );
    }

    #[test]
    fn review_and_validate_honour_the_size_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("r.html");
        let r = run(
            "review over the limit",
            ["review", SEED, "-o", s(&page), "--max-input-bytes", "1K"],
        );
        assert!(assert_fails(&r, SEED).starts_with("file is 38087 bytes, over the limit"));
        assert!(names(dir.path()).is_empty());
        let r = run(
            "validate over the limit",
            ["validate", SEED, "--max-input-bytes", "1K"],
        );
        assert!(assert_fails(&r, SEED).starts_with("file is 38087 bytes, over the limit"));
    }

    #[test]
    fn validate_deeply_nested_json() {
        // serde_json stops at 128 levels: a deep document is "not JSON", never a stack
        // overflow.
        let dir = tempfile::tempdir().expect("tempdir");
        let depth = 200_000;
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let f = file(dir.path(), "deep.json", json.as_bytes());
        let r = run("200 000 nested JSON arrays", ["validate", s(&f)]);
        let why = assert_fails(&r, s(&f));
        // Refused from its first byte: a report is an object.
        assert_eq!(
            why, "not a report: the top level is an array, not an object",
            "{why}"
        );
        // Nested objects, as a document's fields would be.
        let json = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let f = file(dir.path(), "deep-objects.json", json.as_bytes());
        let r = run("200 000 nested JSON objects", ["validate", s(&f)]);
        let why = assert_fails(&r, s(&f));
        assert!(
            why.starts_with("not JSON: recursion limit exceeded"),
            "{why}"
        );
    }
}

mod batch {
    use super::*;

    /// Runs `mokuhyo batch INPUT -o OUT --format json -q` under the limits.
    fn batch_json(case: &str, input: &Path, out: &Path) -> Run {
        run(
            case,
            [
                "batch".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
                "-q".as_ref(),
            ],
        )
    }

    /// Every hostile small input and two good reports in one batch: the bad ones are named
    /// and get no output, the good ones are written, and the run exits with 1.
    #[test]
    fn failed_inputs_are_named_and_the_rest_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        fs::create_dir(&input).expect("mkdir");
        file(&input, "a-seed.txt", &seed());
        file(&input, "b-empty.txt", b"");
        file(&input, "c-blank.txt", b" \r\n\t\n");
        file(&input, "d-random.txt", &Rng(42).bytes(1 << 20));
        file(&input, "e-scan.txt", &png());
        file(&input, "f-cut.txt", &truncated_seed());
        file(&input, "g-nul.txt", &[0u8; 4096]);
        file(&input, "h-big.txt", &seed().repeat(30));
        // A folder named like a report is walked, not read.
        fs::create_dir(input.join("i-folder.txt")).expect("mkdir");
        let missing = dir.path().join("missing.txt");
        let out = dir.path().join("out");
        let r = run(
            "batch of hostile files",
            [
                "batch".as_ref(),
                input.as_os_str(),
                missing.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "--max-input-bytes".as_ref(),
                "1M".as_ref(),
                "-q".as_ref(),
            ],
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stdout.is_empty());
        let name = |f: &str| s(&input.join(f)).to_string();
        let want = [
            (
                s(&missing).to_string(),
                "no such file or directory".to_string(),
            ),
            (name("b-empty.txt"), "file is empty".into()),
            (name("c-blank.txt"), "file is empty".into()),
            (name("d-random.txt"), "not a text file (binary data)".into()),
            (name("e-scan.txt"), "not a text file (binary data)".into()),
            (name("g-nul.txt"), "not a text file (binary data)".into()),
            (
                name("h-big.txt"),
                "file is 1142610 bytes, over the limit of 1048576 bytes (--max-input-bytes)".into(),
            ),
        ];
        let got: Vec<&str> = r.stderr.lines().collect();
        let want_lines: Vec<String> = want
            .iter()
            .map(|(f, why)| format!("error: {f}: {why}"))
            .collect();
        assert_eq!(got, want_lines);
        // Only the good reports have documents; every file is complete, no temporary file.
        assert_eq!(
            names(&out),
            [
                "a-seed.json",
                "datapackage.json",
                "f-cut.json",
                "indicators.csv",
                "indicators.ndjson",
                "indicators.parquet",
                "mission_sdgs.csv",
                "mission_sdgs.ndjson",
                "mission_sdgs.parquet",
                "missions.csv",
                "missions.ndjson",
                "missions.parquet",
                "quantities.csv",
                "quantities.ndjson",
                "quantities.parquet",
                "report_rows.csv",
                "report_rows.ndjson",
                "report_rows.parquet",
                "reports.ndjson",
                "sections.csv",
                "sections.ndjson",
                "sections.parquet",
                "summary.json"
            ]
        );
        let validator = Validator::new();
        for f in ["a-seed.json", "f-cut.json"] {
            let doc: Value =
                serde_json::from_slice(&fs::read(out.join(f)).expect("read")).expect("JSON");
            assert!(validator.validate(&doc).is_ok(), "{f}");
        }
        let summary: Value =
            serde_json::from_slice(&fs::read(out.join("summary.json")).expect("read"))
                .expect("JSON");
        assert_eq!(summary["reports"], 2);
        assert_eq!(summary["failed"], want.len());
        let failed: Vec<&str> = summary["failures"]
            .as_array()
            .expect("failures")
            .iter()
            .map(|f| f["file"].as_str().expect("file"))
            .collect();
        let want_files: Vec<&str> = want.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(failed, want_files);
        let reports = fs::read_to_string(out.join("reports.ndjson")).expect("read");
        assert_eq!(reports.lines().count(), 2);
    }

    /// A named pipe inside an input folder is named and skipped, not read: reading it would
    /// block until some other process wrote to it.
    #[test]
    fn a_pipe_in_a_folder_is_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        fs::create_dir(&input).expect("mkdir");
        file(&input, "a.txt", &seed());
        let pipe = input.join("b.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let out = dir.path().join("out");
        let r = batch_json("batch with a pipe in the folder", &input, &out);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(
            r.stderr.trim_end(),
            format!(
                "error: {}: not a regular file (a pipe, socket or device); skipped",
                s(&pipe)
            )
        );
        assert_eq!(names(&out), ["a.json", "summary.json"]);
    }

    /// An output that cannot be written fails that report only; the others are written.
    #[test]
    fn unwritable_output_fails_that_report_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        fs::create_dir(&input).expect("mkdir");
        file(&input, "a.txt", &seed());
        file(&input, "b.txt", &seed());
        let out = dir.path().join("out");
        // A folder where a.json would go: the rename onto it fails.
        fs::create_dir_all(out.join("a.json")).expect("mkdir");
        let r = batch_json("batch with an unwritable output", &input, &out);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        assert_eq!(
            lines[0],
            format!(
                "error: {}: cannot write: is a directory",
                s(&out.join("a.json"))
            )
        );
        assert_eq!(names(&out), ["a.json", "b.json", "summary.json"]);
        assert!(out.join("a.json").is_dir());
        assert!(names(&out.join("a.json")).is_empty());
    }
}

/// Inputs that once took time out of proportion to their size: each must finish well within
/// the time limit.
mod super_linear {
    use super::*;

    #[test]
    fn a_line_of_unclosed_comments() {
        // Each `<!--` used to search 64 KiB ahead for its `-->`.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = seed();
        bytes.extend_from_slice("<!--".repeat(1_250_000).as_bytes());
        bytes.push(b'\n');
        let f = file(dir.path(), "comments.html", &bytes);
        let doc = parse_partial("5 MB of unclosed comments", &f);
        assert_eq!(counts(&doc), counts(&seed_doc()));
        let last = doc["unparsed"].as_array().and_then(|u| u.last()).cloned();
        let text = last.expect("the line is unparsed")["text"].clone();
        assert_eq!(text.as_str().map(str::len), Some(5_000_000));
    }

    #[test]
    fn value_cells_with_a_hundred_thousand_numbers() {
        // Pairing target and actual quantities used to compare every pair.
        let dir = tempfile::tempdir().expect("tempdir");
        let text = format!(
            "令和4年度 部局経営目標（達成状況）\n(2) 事業成果目標\n1-①取組\t指標：件数\n\
             \t目標値 {}\t実績値 {}\n",
            "1件 ".repeat(100_000),
            "2件 ".repeat(100_000)
        );
        let f = file(dir.path(), "numbers.txt", text.as_bytes());
        let doc = parse_partial("100 000 numbers in a value cell", &f);
        let indicator = &doc["indicator_groups"][0]["indicators"][0];
        assert_eq!(
            indicator["target"]["quantities"].as_array().map(Vec::len),
            Some(100_000)
        );
        assert_eq!(indicator["achievement"]["status"], "unknown");
    }
}
