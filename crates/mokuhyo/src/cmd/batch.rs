//! `mokuhyo batch INPUT... -o DIR`: many reports → one JSON document each, plus flat tables.
//!
//! Determinism: the inputs are found, sorted and numbered before any work starts; workers
//! parse and write per-report JSON in parallel, but their results are consumed in input order,
//! chunk by chunk, by the main thread alone, which appends rows to the tables and prints errors
//! while the workers (`-j N` of them) go on with the next chunk.
//! Nothing written depends on the number of threads, on timing or on the clock. Memory: only
//! one chunk of reports (a few per thread) is alive at once.
//!
//! Durability: every file is written atomically (temporary file, then rename), but not synced
//! one by one, which would cost two disk flushes per report; the whole output is synced once
//! at the end ([`sync_files`]), before `summary.json` is written, synced. So a run that got as
//! far as its summary is on disk in full.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use mokuhyo_export::table::{self, CsvWriter, NdjsonWriter, ParquetWriter, Row};
use mokuhyo_export::{
    review_html, review_index_html, sync_files, write_atomic, write_atomic_with, AtomicFile,
    Durability, IndexEntry, Validator,
};
use rayon::prelude::*;
use serde::Serialize;

use super::Exit;
use crate::args::{BatchArgs, Format};
use crate::{input, messages};

/// Extensions read from folders when no `--glob` is given: text, saved pages, PDFs and
/// workbooks (whose format is then told by content, not by this name).
const DEFAULT_EXTENSIONS: [&str; 8] = ["txt", "html", "htm", "pdf", "xlsx", "xls", "xlsb", "ods"];

/// Reports in flight per worker thread: enough to keep every thread busy across uneven report
/// sizes, few enough that memory stays a small multiple of the largest report.
const REPORTS_PER_THREAD: usize = 4;

/// One input file and where its document goes, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Job {
    input: PathBuf,
    output: PathBuf,
}

/// A report parsed, validated and (with `json`) written.
struct Done {
    /// The files written for it, to be synced at the end.
    written: Vec<PathBuf>,
    /// The whole document on one line, for `reports.ndjson`.
    line: Option<String>,
    /// Its indicator rows encoded for `indicators.ndjson`, with `ndjson`.
    ndjson_rows: Vec<u8>,
    /// Its indicator rows encoded for `indicators.csv`, with `csv`.
    csv_rows: Vec<u8>,
    /// Its indicator rows for `indicators.parquet`, with `parquet`.
    rows: Vec<Row>,
    /// How many indicators it has (a table has one row for each).
    indicators: usize,
    codes: Vec<String>,
    /// With `--review`: the report's line on the index page.
    entry: Option<IndexEntry>,
}

/// A file that failed: the file to name and why.
#[derive(Debug, Clone, Serialize)]
struct Failure {
    file: String,
    error: String,
}

/// `DIR/summary.json`, also printed at the end.
#[derive(Debug, Default, Serialize)]
struct Summary {
    /// Reports written.
    reports: usize,
    /// Indicator rows written.
    indicators: usize,
    /// Number of failures.
    failed: usize,
    /// Each failure, in input order.
    failures: Vec<Failure>,
    /// Diagnostics in the written reports, by code.
    diagnostics: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts a report written, with its indicators and diagnostics.
    fn count(&mut self, done: Done) {
        self.reports += 1;
        self.indicators += done.indicators;
        for code in done.codes {
            *self.diagnostics.entry(code).or_default() += 1;
        }
    }
}

pub fn run(args: &BatchArgs) -> Exit {
    let formats = if args.format.is_empty() {
        vec![Format::Json, Format::Ndjson, Format::Csv, Format::Parquet]
    } else {
        args.format.clone()
    };
    let wants = |f: Format| formats.contains(&f);
    let out_dir = &args.output;
    let out_name = out_dir.display().to_string();

    if let Some(file) = out_dir.ancestors().find(|a| a.is_file()) {
        return messages::fail(
            &out_name,
            format_args!(
                "cannot write: {} is a file, not a directory",
                file.display()
            ),
        );
    }
    if let Err(e) = fs::create_dir_all(out_dir) {
        return messages::fail(
            &out_name,
            format_args!("cannot write: {}", messages::io_why(&e)),
        );
    }
    let pattern = match &args.glob {
        None => None,
        Some(p) => match glob::Pattern::new(p) {
            Ok(p) => Some(p),
            Err(e) => return messages::fail(p, format_args!("not a glob pattern: {e}")),
        },
    };

    let mut summary = Summary::default();
    let jobs = find_inputs(&args.inputs, out_dir, pattern.as_ref(), &mut summary);
    for f in &summary.failures {
        messages::error(&f.file, &f.error);
    }

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
    {
        Ok(p) => p,
        Err(e) => return messages::fail("<threads>", format_args!("cannot start: {e}")),
    };

    let bar = progress_bar(args.quiet, jobs.len());
    let mut tables = Tables::open(out_dir, &formats, args.csv_bom, &bar);

    let work = Work {
        // Compiled once, shared by every worker.
        validator: Validator::new(),
        json_dir: wants(Format::Json).then_some(out_dir.as_path()),
        ndjson: wants(Format::Ndjson),
        csv: wants(Format::Csv),
        parquet: wants(Format::Parquet),
        review_dir: args.review.then_some(out_dir.as_path()),
        limit: args.limits.max_input_bytes,
    };
    let chunk = pool.current_num_threads().max(1) * REPORTS_PER_THREAD;
    let mut entries = Vec::new();
    let mut written = Vec::new();
    // The workers parse the next chunk while this thread writes the tables for the last one;
    // the channel's bound keeps at most a few chunks alive.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Result<Done, Failure>>>(1);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for jobs in jobs.chunks(chunk) {
                let outcomes: Vec<_> =
                    pool.install(|| jobs.par_iter().map(|job| process(job, &work)).collect());
                if send.send(outcomes).is_err() {
                    break;
                }
            }
            drop(send);
        });
        for outcomes in receive {
            for outcome in outcomes {
                match outcome {
                    Ok(mut done) => {
                        tables.write(&mut done, &bar);
                        written.append(&mut done.written);
                        entries.extend(done.entry.take());
                        summary.count(done);
                    }
                    Err(f) => {
                        bar.suspend(|| messages::error(&f.file, &f.error));
                        summary.failures.push(f);
                    }
                }
                bar.inc(1);
            }
        }
    });
    bar.finish_and_clear();

    written.extend(tables.finish());
    let mut failed = !summary.failures.is_empty() || tables.failed();
    summary.failed = summary.failures.len();

    if args.review {
        let failures: Vec<_> = summary
            .failures
            .iter()
            .map(|f| (f.file.clone(), f.error.clone()))
            .collect();
        let page = review_index_html(&entries, &failures);
        if let Err(f) = write_output(out_dir.join("index.html"), &page, &mut written) {
            messages::error(&f.file, &f.error);
            failed = true;
        }
    }
    if let Err(e) = sync_files(out_dir, &written) {
        messages::error(
            &out_name,
            format_args!("cannot sync to disk: {}", messages::io_why(&e)),
        );
        failed = true;
    }
    let summary_path = out_dir.join("summary.json");
    let mut json = serde_json::to_string_pretty(&summary).expect("a summary always serializes");
    json.push('\n');
    if let Err(e) = write_atomic(&summary_path, json.as_bytes()) {
        messages::error(
            &summary_path.display().to_string(),
            format_args!("cannot write: {}", messages::io_why(&e)),
        );
        failed = true;
    }
    if !args.quiet {
        print_summary(&summary);
    }
    if failed {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// A bar counting the reports done on stderr; hidden with `quiet` or when stderr is not a
/// terminal.
fn progress_bar(quiet: bool, reports: usize) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(reports as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} reports {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Every input file, sorted by path, with its output path; problems with the inputs themselves
/// (missing, unreadable folders, two inputs for one output) go to `summary.failures`.
fn find_inputs(
    inputs: &[PathBuf],
    out_dir: &Path,
    pattern: Option<&glob::Pattern>,
    summary: &mut Summary,
) -> Vec<Job> {
    let out_real = fs::canonicalize(out_dir).ok();
    let mut jobs = Vec::new();
    for input in inputs {
        let name = input.display().to_string();
        let meta = match fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                summary.failures.push(Failure {
                    file: name,
                    error: messages::io_why(&e),
                });
                continue;
            }
        };
        if meta.is_dir() {
            folder_inputs(input, out_real.as_deref(), pattern, &mut jobs, summary);
        } else if let Some(file_name) = input.file_name() {
            // A file named on the command line is read whatever its name.
            jobs.push(Job {
                input: input.clone(),
                output: Path::new(file_name).with_extension("json"),
            });
        } else {
            summary.failures.push(Failure {
                file: name,
                error: "does not name a file".into(),
            });
        }
    }
    jobs.sort_by(|a, b| a.input.cmp(&b.input));
    jobs.dedup_by(|a, b| a.input == b.input);
    one_input_per_output(jobs, out_dir, summary)
}

/// The input files under the folder `dir`, in `jobs`; entries that cannot be read, and
/// selected entries that are not regular files, go to `summary.failures`. A folder that is
/// `out_real` (the output folder) is not entered.
fn folder_inputs(
    dir: &Path,
    out_real: Option<&Path>,
    pattern: Option<&glob::Pattern>,
    jobs: &mut Vec<Job>,
    summary: &mut Summary,
) {
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Never read our own output back in (`mokuhyo batch . -o out`).
        .filter_entry(|e| {
            !(e.file_type().is_dir()
                && out_real.is_some()
                && fs::canonicalize(e.path()).ok().as_deref() == out_real)
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().unwrap_or(dir).display().to_string();
                let why = match e.io_error() {
                    Some(io) => format!("cannot read: {}", messages::io_why(io)),
                    None => "cannot read: symbolic link loop".into(),
                };
                summary.failures.push(Failure { file, error: why });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        if !selected(rel, pattern) {
            continue;
        }
        if !entry.file_type().is_file() {
            // A pipe, socket or device inside a folder would block or never end.
            summary.failures.push(Failure {
                file: path.display().to_string(),
                error: "not a regular file (a pipe, socket or device); skipped".into(),
            });
            continue;
        }
        jobs.push(Job {
            input: path.to_path_buf(),
            output: rel.with_extension("json"),
        });
    }
}

/// Two inputs for one output (`a.txt` and `a.html`): the first in order wins, the other is a
/// failure rather than a silent overwrite.
fn one_input_per_output(jobs: Vec<Job>, out_dir: &Path, summary: &mut Summary) -> Vec<Job> {
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(jobs.len());
    for job in jobs {
        match claimed.get(&job.output) {
            Some(first) => summary.failures.push(Failure {
                file: job.input.display().to_string(),
                error: format!(
                    "output {} is already written for {}",
                    out_dir.join(&job.output).display(),
                    first.display()
                ),
            }),
            None => {
                claimed.insert(job.output.clone(), job.input.clone());
                kept.push(job);
            }
        }
    }
    kept
}

/// Whether a file found in a folder, at `rel` inside it, is an input: its extension is one of
/// [`DEFAULT_EXTENSIONS`], or it matches the `--glob` pattern (against the file name, or the
/// relative path when the pattern holds a `/`).
fn selected(rel: &Path, pattern: Option<&glob::Pattern>) -> bool {
    match pattern {
        None => rel
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d))),
        Some(p) => {
            let options = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: false,
            };
            if p.as_str().contains('/') {
                let rel: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                p.matches_with(&rel.join("/"), options)
            } else {
                rel.file_name()
                    .is_some_and(|n| p.matches_with(&n.to_string_lossy(), options))
            }
        }
    }
}

/// What is done with every report, shared by the workers.
struct Work<'a> {
    validator: Validator,
    /// Where the documents go, with `json`.
    json_dir: Option<&'a Path>,
    /// Whether to make the document's `reports.ndjson` line and its `indicators.ndjson` rows.
    ndjson: bool,
    /// Whether to make its `indicators.csv` rows.
    csv: bool,
    /// Whether to make its `indicators.parquet` rows.
    parquet: bool,
    /// Where the review pages go, with `--review`.
    review_dir: Option<&'a Path>,
    /// Inputs over this many bytes are refused.
    limit: u64,
}

/// Reads (if at most `work.limit` bytes), parses and validates one input and makes what
/// `work` asks for: its document written, its review page, its table line and rows (the
/// text tables' rows encoded here, on the worker, so that the thread writing the tables only
/// appends bytes).
fn process(job: &Job, work: &Work<'_>) -> Result<Done, Failure> {
    let failure = |error: String| Failure {
        file: job.input.display().to_string(),
        error,
    };
    let (bytes, report) = input::read_report(&job.input, work.limit).map_err(failure)?;
    let json = work
        .validator
        .to_valid_json(&report)
        .map_err(|violations| {
            let all: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            failure(format!("output breaks the schema: {}", all.join("; ")))
        })?;
    // The table rows first: a report that fails here leaves no file behind.
    let line = work
        .ndjson
        .then(|| serde_json::to_string(&report).expect("a Report always serializes"));
    let rows = if work.ndjson || work.csv || work.parquet {
        table::rows(&report)
    } else {
        Vec::new()
    };
    let mut ndjson_rows = Vec::new();
    if work.ndjson {
        table::encode_ndjson(&rows, &mut ndjson_rows);
    }
    let csv_rows = if work.csv {
        table::encode_csv(&rows).map_err(|e| failure(format!("cannot write its CSV rows: {e}")))?
    } else {
        Vec::new()
    };
    let mut written = Vec::new();
    if let Some(dir) = work.json_dir {
        write_output(dir.join(&job.output), &json, &mut written)?;
    }
    drop(json);
    let entry = match work.review_dir {
        Some(dir) => {
            // The page sits where the JSON would, with .html: `a/b.json` → `a/b.html`.
            let page = job.output.with_extension("html");
            write_output(dir.join(&page), &review_html(&bytes, &report), &mut written)?;
            let href = page.to_string_lossy().replace('\\', "/");
            Some(IndexEntry::new(href, &report))
        }
        None => None,
    };
    drop(bytes);
    Ok(Done {
        written,
        line,
        ndjson_rows,
        csv_rows,
        rows: if work.parquet { rows } else { Vec::new() },
        indicators: report
            .indicator_groups
            .iter()
            .map(|g| g.indicators.len())
            .sum(),
        codes: report.diagnostics.iter().map(|d| d.code.clone()).collect(),
        entry,
    })
}

/// Writes one output file atomically, to be synced with the rest at the end, and adds it to
/// `written`; a failure names the file.
fn write_output(path: PathBuf, text: &str, written: &mut Vec<PathBuf>) -> Result<(), Failure> {
    match write_atomic_with(&path, text.as_bytes(), Durability::Deferred) {
        Ok(()) => {
            written.push(path);
            Ok(())
        }
        Err(e) => Err(Failure {
            file: path.display().to_string(),
            error: format!("cannot write: {}", messages::io_why(&e)),
        }),
    }
}

/// The table files being written; a table whose writing failed is reported once and dropped
/// (its temporary file goes with it), the others carry on.
struct Tables {
    indicators_ndjson: Table<NdjsonWriter<AtomicFile>>,
    reports_ndjson: Table<AtomicFile>,
    csv: Table<CsvWriter<AtomicFile>>,
    parquet: Table<ParquetWriter<AtomicFile>>,
}

impl Tables {
    fn open(dir: &Path, formats: &[Format], bom: bool, bar: &ProgressBar) -> Tables {
        let wants = |f: Format| formats.contains(&f);
        Tables {
            indicators_ndjson: Table::open(
                dir.join("indicators.ndjson"),
                wants(Format::Ndjson),
                bar,
                |f| Ok(NdjsonWriter::new(f)),
            ),
            reports_ndjson: Table::open(dir.join("reports.ndjson"), wants(Format::Ndjson), bar, Ok),
            csv: Table::open(dir.join("indicators.csv"), wants(Format::Csv), bar, |f| {
                CsvWriter::new(f, bom)
            }),
            parquet: Table::open(
                dir.join("indicators.parquet"),
                wants(Format::Parquet),
                bar,
                ParquetWriter::new,
            ),
        }
    }

    fn write(&mut self, done: &mut Done, bar: &ProgressBar) {
        let encoded = &done.ndjson_rows;
        self.indicators_ndjson.write(bar, |mut w| {
            w.write_encoded(encoded)?;
            Ok(w)
        });
        if let Some(line) = &done.line {
            self.reports_ndjson.write(bar, |mut w| {
                w.write_all(line.as_bytes())?;
                w.write_all(b"\n")?;
                Ok(w)
            });
        }
        let encoded = &done.csv_rows;
        self.csv.write(bar, |mut w| {
            w.write_encoded(encoded)?;
            Ok(w)
        });
        let rows = std::mem::take(&mut done.rows);
        self.parquet.write(bar, |mut w| {
            w.write_rows(rows)?;
            Ok(w)
        });
    }

    /// Finishes and commits every table still open; the paths of those committed.
    fn finish(&mut self) -> Vec<PathBuf> {
        [
            self.indicators_ndjson.finish(NdjsonWriter::finish),
            self.reports_ndjson.finish(Ok),
            self.csv.finish(CsvWriter::finish),
            self.parquet.finish(ParquetWriter::finish),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Whether writing any table failed.
    fn failed(&self) -> bool {
        self.indicators_ndjson.failed
            || self.reports_ndjson.failed
            || self.csv.failed
            || self.parquet.failed
    }
}

/// One table file: where it goes, and its writer while it is wanted and writing goes well.
struct Table<W> {
    path: PathBuf,
    writer: Option<W>,
    failed: bool,
}

impl<W> Table<W> {
    /// With `wanted`, starts the file at `path` and puts `start`'s writer on it. The file is
    /// synced with the rest of the output at the end.
    fn open(
        path: PathBuf,
        wanted: bool,
        bar: &ProgressBar,
        start: impl FnOnce(AtomicFile) -> io::Result<W>,
    ) -> Table<W> {
        let mut t = Table {
            path,
            writer: None,
            failed: false,
        };
        if wanted {
            let r = AtomicFile::create_with(&t.path, Durability::Deferred).and_then(start);
            t.writer = t.check(r, bar);
        }
        t
    }

    /// Passes the writer, if still open, through `write`.
    fn write(&mut self, bar: &ProgressBar, write: impl FnOnce(W) -> io::Result<W>) {
        if let Some(w) = self.writer.take() {
            let r = write(w);
            self.writer = self.check(r, bar);
        }
    }

    /// Ends the writer with `end` and commits the file, if still open; its path once
    /// committed.
    fn finish(&mut self, end: impl FnOnce(W) -> io::Result<AtomicFile>) -> Option<PathBuf> {
        let w = self.writer.take()?;
        let r = end(w).and_then(AtomicFile::commit);
        self.check(r, &ProgressBar::hidden())
            .map(|()| self.path.clone())
    }

    /// `r`'s value, or `None` after reporting the error against this table.
    fn check<T>(&mut self, r: io::Result<T>, bar: &ProgressBar) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                bar.suspend(|| {
                    messages::error(
                        &self.path.display().to_string(),
                        format_args!("cannot write: {}", messages::io_why(&e)),
                    )
                });
                self.failed = true;
                None
            }
        }
    }
}

/// The summary on stderr: one line of counts, then one line per diagnostic code.
fn print_summary(s: &Summary) {
    let mut err = io::stderr().lock();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        err,
        "{}, {}, {}",
        plural(s.reports, "report", "reports"),
        plural(s.indicators, "indicator", "indicators"),
        plural(s.failed, "failure", "failures"),
    );
    if !s.diagnostics.is_empty() {
        let _ = writeln!(err, "diagnostics:");
        for (code, n) in &s.diagnostics {
            let _ = writeln!(err, "  {code}: {n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(p: &str) -> glob::Pattern {
        glob::Pattern::new(p).expect("pattern")
    }

    #[test]
    fn ok_default_extensions_any_case() {
        for name in [
            "a.txt", "b/c.HTML", "d.htm", "e.Txt", "f.pdf", "g.XLSX", "h.ods", "i.xls",
        ] {
            assert!(selected(Path::new(name), None), "{name}");
        }
    }

    #[test]
    fn err_other_extensions_are_skipped_by_default() {
        for name in ["a.json", "b.docx", "txt", "c.txt.bak", "summary.json"] {
            assert!(!selected(Path::new(name), None), "{name}");
        }
    }

    #[test]
    fn ok_glob_on_file_name_or_relative_path() {
        assert!(selected(Path::new("x/2022/a.dat"), Some(&pat("*.dat"))));
        assert!(selected(Path::new("2022/a.dat"), Some(&pat("2022/*.dat"))));
        assert!(!selected(Path::new("2023/a.dat"), Some(&pat("2022/*.dat"))));
        assert!(!selected(Path::new("a.txt"), Some(&pat("*.dat"))));
        // `*` does not cross folders in a path pattern.
        assert!(!selected(Path::new("a/b/c.dat"), Some(&pat("a/*.dat"))));
    }

    #[test]
    fn ok_inputs_sorted_mirrored_and_collisions_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        for f in ["b.txt", "a/z.txt", "a/y.htm", "c.txt", "c.html", "skip.doc"] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "x").unwrap();
        }
        let single = dir.path().join("one.txt");
        fs::write(&single, "x").unwrap();
        let out = dir.path().join("out");
        let mut summary = Summary::default();
        let jobs = find_inputs(
            &[single.clone(), root.clone(), root.join("b.txt")],
            &out,
            None,
            &mut summary,
        );
        let got: Vec<(PathBuf, PathBuf)> = jobs
            .iter()
            .map(|j| {
                (
                    j.input.strip_prefix(dir.path()).unwrap().into(),
                    j.output.clone(),
                )
            })
            .collect();
        let want: Vec<(PathBuf, PathBuf)> = [
            ("in/a/y.htm", "a/y.json"),
            ("in/a/z.txt", "a/z.json"),
            ("in/b.txt", "b.json"),
            ("in/c.html", "c.json"),
            ("one.txt", "one.json"),
        ]
        .iter()
        .map(|(a, b)| (PathBuf::from(a), PathBuf::from(b)))
        .collect();
        assert_eq!(got, want);
        assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
        assert!(summary.failures[0].file.ends_with("c.txt"));
        assert!(summary.failures[0].error.contains("already written for"));
    }

    #[test]
    fn err_missing_input_is_a_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut summary = Summary::default();
        let jobs = find_inputs(
            &[dir.path().join("nope")],
            &dir.path().join("out"),
            None,
            &mut summary,
        );
        assert!(jobs.is_empty());
        assert_eq!(summary.failures.len(), 1);
        assert_eq!(summary.failures[0].error, "no such file or directory");
    }
}
