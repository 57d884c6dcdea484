//! `mokuhyo batch INPUT... -o DIR`: many reports → one JSON document each, plus flat tables.
//!
//! Determinism: the inputs are found, sorted and numbered before any work starts; workers
//! parse and write per-report JSON in parallel, but their results are consumed in input order,
//! chunk by chunk, by the main thread alone, which appends rows to the tables and prints errors
//! while the workers (`-j N` of them) go on with the next chunk.
//! Nothing written depends on the number of threads, on timing or on the clock, but the
//! start and end times in `summary.json`. Memory: only one chunk of reports (a few per
//! thread) is alive at once.
//!
//! Durability: every file is written atomically (temporary file, then rename), but not synced
//! one by one, which would cost two disk flushes per report; the whole output is synced once
//! at the end ([`sync_files`]), before `summary.json` is written, synced. So a run that got as
//! far as its summary is on disk in full.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use mokuhyo_export::datapackage::{datapackage_json, PackageFormat};
use mokuhyo_export::rows::{self as table_rows, TABLES};
use mokuhyo_export::table::{CsvOptions, CsvWriter, Header, NdjsonWriter, ParquetWriter};
use mokuhyo_export::{
    review_html_with, review_index_html, sync_files, write_atomic, write_atomic_with, AtomicFile,
    Durability, IndexEntry, Validator,
};
use mokuhyo_parse::model::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;

use super::Exit;
use crate::args::{BatchArgs, Format, HeaderLang, Place, WarningArgs};
use crate::lock::LockError;
use crate::publish::{self, Duplicate, Encoded, ManifestEntry, Written};
use crate::warnings::{self, Tally};
use crate::{input, lock, messages, outdir, sheets};

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
    /// Its `report_file` in the tables: the path inside its input folder (or the bare name of
    /// a file named directly), `/`-separated.
    name: String,
}

/// A report parsed, validated and (with `json`) written.
struct Done {
    /// The files written for it, to be synced at the end.
    written: Written,
    /// The whole document on one line, for `reports.ndjson`.
    line: Option<String>,
    /// Its rows for every table, encoded for the formats written.
    tables: Encoded,
    /// Its input's `report_file` (a workbook's, for each of its sheets) and SHA-256, for
    /// the duplicate check.
    name: String,
    sha256: String,
    /// How many indicators it has (a table has one row for each).
    indicators: usize,
    diagnostics: Vec<Diagnostic>,
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
    /// Diagnostics in the written reports, by code (the parser's codes borrowed, not copied).
    diagnostics: BTreeMap<Cow<'static, str>, usize>,
    /// Warnings (diagnostics that are not info) in the written reports.
    warnings: usize,
    /// Diagnostics in the written reports by code, with their severity.
    diagnostics_by_code: Tally,
    /// Inputs with the same content (SHA-256), each group in input order.
    duplicates: Vec<Duplicate>,
    /// mokuhyo's documents in the output folder that this run did not write.
    stale: Vec<String>,
    /// Whether those were removed (`--clean`).
    stale_removed: bool,
    /// The version of mokuhyo that wrote the output.
    tool_version: &'static str,
    /// The version of the document contract.
    schema_version: &'static str,
    /// When the run started and finished, RFC 3339 in UTC.
    started: String,
    finished: String,
    /// Every file this run wrote but this summary, with its size and SHA-256.
    files: Vec<ManifestEntry>,
    /// Warnings about the inputs (`FILE`, why), printed unless `--quiet`.
    #[serde(skip)]
    notices: Vec<(String, String)>,
}

impl Summary {
    /// Counts a report written, with its indicators and diagnostics.
    fn count(&mut self, done: Done) {
        self.reports += 1;
        self.indicators += done.indicators;
        for d in &done.diagnostics {
            *self.diagnostics.entry(d.code.clone()).or_default() += 1;
            self.diagnostics_by_code.add(d);
        }
        self.warnings = self.diagnostics_by_code.warnings();
    }
}

pub fn run(args: &BatchArgs) -> Exit {
    let clock = Instant::now();
    let started = publish::rfc3339(std::time::SystemTime::now());
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
    if let Some(dir) = outdir::is_an_input_folder(&args.inputs, out_dir) {
        return messages::fail(
            &out_name,
            format_args!(
                "the output folder is also an input folder ({}); choose another -o",
                dir.display()
            ),
        );
    }
    let waiting = |pid: Option<u32>| {
        if !args.warnings.quiet {
            messages::note(format_args!("{out_name}: waiting for {}", holder(pid)));
        }
    };
    // Held until the batch returns; the lock file goes with it.
    let _lock = match lock::lock(out_dir, args.wait, waiting) {
        Ok(l) => l,
        Err(LockError::Busy(pid)) => {
            return messages::fail(&out_name, format_args!("in use by {}", holder(pid)))
        }
        Err(LockError::Io(e)) => {
            return messages::fail(
                &out_name,
                format_args!("cannot lock: {}", messages::io_why(&e)),
            )
        }
    };
    let pattern = match &args.glob {
        None => None,
        Some(p) => match glob::Pattern::new(p) {
            Ok(p) => Some(p),
            Err(e) => return messages::fail(p, format_args!("not a glob pattern: {e}")),
        },
    };

    let mut summary = Summary::default();
    let names = outdir::Names::of(out_dir);
    let mut jobs = find_inputs(&args.inputs, out_dir, names, pattern.as_ref(), &mut summary);
    let guard = outdir::Guard::new(
        out_dir,
        names,
        jobs.iter().map(|j| j.input.as_path()),
        &own_files(&formats, args.review)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        wants(Format::Json),
        args.review,
    );
    if let Some((file, why)) = guard.own_file_clash() {
        return messages::fail(&file.display().to_string(), why);
    }
    jobs.retain(|job| match guard.refuse(&job.output) {
        Some(error) => {
            summary.failures.push(Failure {
                file: job.input.display().to_string(),
                error,
            });
            false
        }
        None => true,
    });
    for f in &summary.failures {
        messages::error(&f.file, &f.error);
    }
    // Every input's own output, claimed before any is read: a workbook's sheet documents
    // (found only once it is read) must not take one of these.
    let claimed: Claimed = jobs
        .iter()
        .map(|j| (names.key(&j.output), (j.output.clone(), j.input.clone())))
        .collect();
    if !args.warnings.quiet {
        for (file, why) in &summary.notices {
            publish::warn(file, why);
        }
    }
    if let Err(e) = outdir::start(out_dir) {
        return messages::fail(
            &out_dir.join(outdir::SUMMARY).display().to_string(),
            format_args!("cannot remove: {}", messages::io_why(&e)),
        );
    }

    let (threads, note) = outdir::worker_threads(args.jobs.map(usize::from), jobs.len());
    if let Some(note) = note.filter(|_| !args.warnings.quiet) {
        messages::note(note);
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => return messages::fail("<threads>", format_args!("cannot start: {e}")),
    };

    let (jobs, mut hashed) = if args.publish.skip_duplicates {
        skip_duplicates(jobs, &pool)
    } else {
        (jobs, Vec::new())
    };
    // A byte order mark is for Excel, so either option makes CSV for Excel.
    let for_excel = args.csv_bom || args.publish.excel;
    let csv_options = CsvOptions {
        bom: for_excel,
        header: match args.publish.csv_header {
            HeaderLang::En => Header::Names,
            HeaderLang::Ja => Header::Titles,
        },
        excel: for_excel,
    };

    let bar = progress_bar(args.warnings.quiet, jobs.len());
    let mut tables = Tables::open(out_dir, &formats, csv_options, &bar);

    let work = Work {
        // Compiled once, shared by every worker.
        validator: Validator::new(),
        json_dir: wants(Format::Json).then_some(out_dir.as_path()),
        ndjson: wants(Format::Ndjson),
        csv: wants(Format::Csv).then_some(csv_options),
        parquet: wants(Format::Parquet),
        place: &args.place,
        review_dir: args.review.then_some(out_dir.as_path()),
        limit: args.limits.max_input_bytes,
        warnings: args.warnings,
        out_dir,
        guard: &guard,
        claimed: &claimed,
    };
    let chunk = pool.current_num_threads().max(1) * REPORTS_PER_THREAD;
    let mut entries = Vec::new();
    let mut written = Written::default();
    // The workers parse the next chunk while this thread writes the tables for the last one;
    // the channel's bound keeps at most a few chunks alive.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(1);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for jobs in jobs.chunks(chunk) {
                let outcomes: Vec<_> =
                    pool.install(|| jobs.par_iter().map(|job| check(job, &work)).collect());
                if send.send(outcomes).is_err() {
                    break;
                }
            }
            drop(send);
        });
        for outcomes in receive {
            for (warned, results) in outcomes {
                if !warned.is_empty() {
                    // Printed here, in input order, whatever order the workers finished in.
                    bar.suspend(|| {
                        let _ = io::stderr().lock().write_all(warned.as_bytes());
                    });
                }
                // The sheets of one workbook share its content: it is counted once in the
                // duplicate check.
                let mut hashed_input = false;
                for outcome in results {
                    match outcome {
                        Ok(mut done) => {
                            tables.write(&mut done, &bar);
                            if !args.publish.skip_duplicates && !hashed_input {
                                hashed.push((std::mem::take(&mut done.name), done.sha256.clone()));
                                hashed_input = true;
                            }
                            written.append(&mut done.written);
                            entries.extend(done.entry.take());
                            summary.count(done);
                        }
                        Err(f) => {
                            bar.suspend(|| messages::error(&f.file, &f.error));
                            summary.failures.push(f);
                        }
                    }
                }
                bar.inc(1);
            }
        }
    });
    bar.finish_and_clear();

    for table in tables.finish() {
        written.file(table);
    }
    let mut failed = !summary.failures.is_empty() || tables.failed();
    summary.failed = summary.failures.len();
    summary.duplicates = publish::duplicates(&hashed);
    if !args.warnings.quiet {
        warn_duplicates(&summary.duplicates, args.publish.skip_duplicates);
    }
    if let Some(format) = package_format(&formats, csv_options) {
        let title = match &args.place.municipality {
            Some(name) => format!("{name} 部局経営目標"),
            None => "部局経営目標".to_string(),
        };
        let package = datapackage_json(&TABLES, format, &title);
        if let Err(f) = write_output(out_dir.join("datapackage.json"), &package, &mut written) {
            messages::error(&f.file, &f.error);
            failed = true;
        }
    }

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
    failed |= stale_documents(
        out_dir,
        &written.paths,
        &args.inputs,
        args.publish.clean,
        args.warnings.quiet,
        &mut summary,
    );
    if let Err(e) = sync_files(out_dir, &written.paths) {
        messages::error(
            &out_name,
            format_args!("cannot sync to disk: {}", messages::io_why(&e)),
        );
        failed = true;
    }
    match publish::manifest(out_dir, &written) {
        Ok(files) => summary.files = files,
        Err(e) => {
            messages::error(
                &out_name,
                format_args!(
                    "cannot read back what was written: {}",
                    messages::io_why(&e)
                ),
            );
            failed = true;
        }
    }
    summary.tool_version = env!("CARGO_PKG_VERSION");
    summary.schema_version = mokuhyo_parse::model::SCHEMA_VERSION;
    summary.started = started;
    summary.finished = publish::rfc3339(std::time::SystemTime::now());
    let summary_path = out_dir.join(outdir::SUMMARY);
    let mut json = serde_json::to_string_pretty(&summary).expect("a summary always serializes");
    json.push('\n');
    if let Err(e) = write_atomic(&summary_path, json.as_bytes()) {
        messages::error(
            &summary_path.display().to_string(),
            format_args!("cannot write: {}", messages::io_why(&e)),
        );
        failed = true;
    }
    if !args.warnings.quiet {
        print_summary(&summary, out_dir, clock.elapsed());
    }
    if failed {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// Who holds an output folder, for a message.
fn holder(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("another mokuhyo batch (pid {pid})"),
        None => "another mokuhyo batch".into(),
    }
}

/// The names of the files a batch writes into its output folder besides its documents and
/// review pages: the summary, the index page, every table in every format asked for,
/// `reports.ndjson` and `datapackage.json`.
fn own_files(formats: &[Format], review: bool) -> Vec<String> {
    let mut own = vec![outdir::SUMMARY.to_string()];
    if review {
        own.push("index.html".into());
    }
    for (format, ext) in [
        (Format::Ndjson, "ndjson"),
        (Format::Csv, "csv"),
        (Format::Parquet, "parquet"),
    ] {
        if formats.contains(&format) {
            own.extend(TABLES.iter().map(|t| format!("{}.{ext}", t.name)));
        }
    }
    if formats.contains(&Format::Ndjson) {
        own.push("reports.ndjson".into());
    }
    if package_format(formats, CsvOptions::default()).is_some() {
        own.push("datapackage.json".into());
    }
    own
}

/// A bar counting the reports done on stderr; hidden with `quiet` or when stderr is not a
/// terminal.
fn progress_bar(quiet: bool, reports: usize) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(reports as u64);
    // `[00:00:03] ████░░░░ 120/1000 reports, 40.0 reports/s, 22s left`
    if let Ok(style) = ProgressStyle::with_template(
        "[{elapsed_precise}] {bar:30} {pos}/{len} reports, {rate}, {eta} left",
    ) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                // No rate yet (nothing done) reads as 0, not NaN or inf.
                let rate = Some(state.per_sec())
                    .filter(|r| r.is_finite())
                    .unwrap_or(0.0);
                let _ = write!(w, "{rate:.1} reports/s");
            },
        ));
    }
    bar
}

/// Every input file, sorted by path, with its output path; problems with the inputs themselves
/// (missing, unreadable folders, two inputs for one output) go to `summary.failures`.
fn find_inputs(
    inputs: &[PathBuf],
    out_dir: &Path,
    names: outdir::Names,
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
                name: table_name(input, Path::new(file_name), summary),
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
    keep_extension_on_shared_stem(&mut jobs, names);
    one_input_per_output(jobs, out_dir, names, summary)
}

/// Inputs of one folder that differ only in their extension (`x.xlsx`, `x.pdf`, `x.txt`)
/// would share one output (`x.json`): each of them then keeps its whole file name
/// (`x.xlsx.json`, `x.pdf.json`, `x.txt.json`), whatever their order, so that none is refused
/// and the name tells which input a document came from. Two inputs with the same name
/// (files named from two folders) still share an output: the later is refused.
fn keep_extension_on_shared_stem(jobs: &mut [Job], names: outdir::Names) {
    let keys: Vec<PathBuf> = jobs.iter().map(|job| names.key(&job.output)).collect();
    let mut by_output: HashMap<&Path, HashSet<PathBuf>> = HashMap::new();
    for (job, key) in jobs.iter().zip(&keys) {
        if let Some(file) = job.input.file_name() {
            by_output
                .entry(key)
                .or_default()
                .insert(names.key(Path::new(file)));
        }
    }
    for (job, key) in jobs.iter_mut().zip(&keys) {
        let files = by_output.get(key.as_path());
        let (Some(files), Some(file)) = (files, job.input.file_name()) else {
            continue;
        };
        if files.len() > 1 {
            let mut name = file.to_os_string();
            name.push(".json");
            job.output = job.output.with_file_name(name);
        }
    }
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
            name: table_name(path, rel, summary),
        });
    }
}

/// Why an input cannot have `output`: `earlier`, an output and its input from [`Claimed`],
/// has it (under a name that the output folder does not tell apart from it, perhaps).
fn already_written(
    out_dir: &Path,
    names: outdir::Names,
    output: &Path,
    (theirs, first): &(PathBuf, PathBuf),
) -> String {
    let why = if names.folded_together(output, theirs) {
        " (the output folder does not tell the two names apart: they differ only in case or \
         in how accents are encoded)"
    } else {
        ""
    };
    format!(
        "output {} is already written for {}{why}",
        out_dir.join(output).display(),
        first.display()
    )
}

/// Two inputs for one output (`a.txt` and `a.html`, or `A.txt` and `a.txt` where `names`
/// does not tell case apart): the first in order wins, the other is a failure rather than a
/// silent overwrite.
fn one_input_per_output(
    jobs: Vec<Job>,
    out_dir: &Path,
    names: outdir::Names,
    summary: &mut Summary,
) -> Vec<Job> {
    let mut claimed = Claimed::new();
    let mut kept = Vec::with_capacity(jobs.len());
    for job in jobs {
        match claimed.entry(names.key(&job.output)) {
            Entry::Occupied(e) => summary.failures.push(Failure {
                file: job.input.display().to_string(),
                error: already_written(out_dir, names, &job.output, e.get()),
            }),
            Entry::Vacant(e) => {
                e.insert((job.output.clone(), job.input.clone()));
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
    /// How to make its CSV rows, when CSV is written.
    csv: Option<CsvOptions>,
    /// Whether to make its Parquet rows.
    parquet: bool,
    /// The municipality named on the command line.
    place: &'a Place,
    /// Where the review pages go, with `--review`.
    review_dir: Option<&'a Path>,
    /// Inputs over this many bytes are refused.
    limit: u64,
    /// Which diagnostics are printed, and whether a report with warnings fails.
    warnings: WarningArgs,
    /// The output folder.
    out_dir: &'a Path,
    /// What outputs must not be, for a workbook's sheet documents; it knows how the output
    /// folder tells names apart.
    guard: &'a outdir::Guard,
    /// Every input's own output and its input, by the output's name as the output folder
    /// tells it apart.
    claimed: &'a Claimed,
}

/// Outputs and the inputs they are for, by [`outdir::Names::key`] of the output.
type Claimed = HashMap<PathBuf, (PathBuf, PathBuf)>;

/// What became of one input: the warning lines to print for it (possibly none), and each
/// report made from it (one, or one per report sheet of a workbook) or why not.
type Outcome = (String, Vec<Result<Done, Failure>>);

/// Reads (if at most `work.limit` bytes) and parses one input, words its warnings, fails a
/// report under `--strict` if it has any, and otherwise makes what `work` asks for
/// ([`process`]). A workbook in which several sheets hold a report gives a document for each,
/// `DIR/book#SHEET.json` ([`sheets::sheet_output`]), named `book.xlsx#SHEET` in messages and
/// tables.
fn check(job: &Job, work: &Work<'_>) -> Outcome {
    let name = job.input.display().to_string();
    let failure = |file: &str, error: String| Failure {
        file: file.to_string(),
        error,
    };
    let found = match input::read(&job.input, work.limit)
        .and_then(|bytes| sheets::parse_all(bytes, &name, &name, work.review_dir.is_some()))
    {
        Ok(f) => f,
        Err(why) => return (String::new(), vec![Err(failure(&name, why))]),
    };
    let mut warned = sheets::skipped_notes(&name, &found.skipped, work.warnings.verbose);
    let several = found.reports.len() > 1;
    let mut results = Vec::with_capacity(found.reports.len());
    // This workbook's sheet documents so far: two sheets whose names the output folder does
    // not tell apart would write one file.
    let mut own_sheets = Claimed::new();
    for parsed in found.reports {
        let sheets::Parsed {
            sheet,
            bytes,
            mut report,
            pages,
        } = parsed;
        let target = match sheet.as_deref().filter(|_| several) {
            Some(sheet) => {
                let output = sheets::sheet_output(&job.output, sheet);
                let file = format!("{name}#{sheet}");
                let names = work.guard.names();
                let key = names.key(&output);
                let earlier = work.claimed.get(&key).or_else(|| own_sheets.get(&key));
                let taken = match earlier {
                    Some(e) => Some(already_written(work.out_dir, names, &output, e)),
                    None => work.guard.refuse(&output),
                };
                if let Some(why) = taken {
                    results.push(Err(failure(&file, why)));
                    continue;
                }
                own_sheets.insert(key, (output.clone(), PathBuf::from(&file)));
                Target {
                    output,
                    name: format!("{}#{sheet}", job.name),
                    file,
                }
            }
            None => Target {
                output: job.output.clone(),
                name: job.name.clone(),
                file: name.clone(),
            },
        };
        work.place.apply(&mut report);
        warned.push_str(&warnings::lines(
            &target.file,
            &report.diagnostics,
            &work.warnings,
        ));
        if let Some(why) = warnings::strict_failure(&report.diagnostics, &work.warnings) {
            results.push(Err(failure(&target.file, why)));
            continue;
        }
        // The duplicate check compares inputs: the sheets of a workbook go by its name.
        let done = process(&target, work, bytes, report, &pages).map(|mut d| {
            d.name.clone_from(&job.name);
            d
        });
        results.push(done);
    }
    (warned, results)
}

/// Where one report goes: its document (relative to the output folder), its `report_file`
/// in the tables, and its name in messages.
struct Target {
    output: PathBuf,
    name: String,
    file: String,
}

/// Validates one parsed input (its raw `bytes` and its `report`) and makes what `work` asks
/// for: its document written, its review page, its table line and rows (the text tables'
/// rows encoded here, on the worker, so that the thread writing the tables only appends
/// bytes).
fn process(
    job: &Target,
    work: &Work<'_>,
    bytes: Vec<u8>,
    report: mokuhyo_parse::Report,
    pages: &str,
) -> Result<Done, Failure> {
    let failure = |error: String| Failure {
        file: job.file.clone(),
        error,
    };
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
    let tables = if work.ndjson || work.csv.is_some() || work.parquet {
        let rows = table_rows::report_rows(&report, &job.name);
        publish::encode(rows, work.ndjson, work.csv, work.parquet)
            .map_err(|e| failure(format!("cannot write its table rows: {e}")))?
    } else {
        Encoded::default()
    };
    let mut written = Written::default();
    if let Some(dir) = work.json_dir {
        write_output(dir.join(&job.output), &json, &mut written)?;
    }
    drop(json);
    let entry = match work.review_dir {
        Some(dir) => {
            // The page sits where the JSON would, with .html: `a/b.json` → `a/b.html`.
            let page = job.output.with_extension("html");
            // A PDF's page gets its drawn pages, as `mokuhyo review` gives them.
            let html = review_html_with(&bytes, &report, pages);
            write_output(dir.join(&page), &html, &mut written)?;
            Some(IndexEntry::new(&page, &report))
        }
        None => None,
    };
    drop(bytes);
    Ok(Done {
        written,
        line,
        tables,
        name: job.name.clone(),
        sha256: report.source.sha256.clone(),
        indicators: report
            .indicator_groups
            .iter()
            .map(|g| g.indicators.len())
            .sum(),
        diagnostics: report.diagnostics,
        entry,
    })
}

/// Writes one output file atomically, to be synced with the rest at the end, and adds it to
/// `written` with its hash; a failure names the file.
fn write_output(path: PathBuf, text: &str, written: &mut Written) -> Result<(), Failure> {
    match write_atomic_with(&path, text.as_bytes(), Durability::Deferred) {
        Ok(()) => {
            written.bytes(path, text.as_bytes());
            Ok(())
        }
        Err(e) => Err(Failure {
            file: path.display().to_string(),
            error: format!("cannot write: {}", messages::io_why(&e)),
        }),
    }
}

/// The table files being written, one per table and format (`indicators.csv` …) and
/// `reports.ndjson`; a table whose writing failed is reported once and dropped (its temporary
/// file goes with it), the others carry on.
struct Tables {
    ndjson: Vec<Table<NdjsonWriter<AtomicFile>>>,
    reports_ndjson: Table<AtomicFile>,
    csv: Vec<Table<CsvWriter<AtomicFile>>>,
    parquet: Vec<Table<ParquetWriter<AtomicFile>>>,
}

impl Tables {
    fn open(dir: &Path, formats: &[Format], csv: CsvOptions, bar: &ProgressBar) -> Tables {
        let wants = |f: Format| formats.contains(&f);
        let path = |def: &mokuhyo_export::table::TableDef, ext: &str| {
            dir.join(format!("{}.{ext}", def.name))
        };
        Tables {
            ndjson: TABLES
                .iter()
                .map(|&def| {
                    Table::open(path(def, "ndjson"), wants(Format::Ndjson), bar, |f| {
                        Ok(NdjsonWriter::new(f, def))
                    })
                })
                .collect(),
            reports_ndjson: Table::open(dir.join("reports.ndjson"), wants(Format::Ndjson), bar, Ok),
            csv: TABLES
                .iter()
                .map(|&def| {
                    Table::open(path(def, "csv"), wants(Format::Csv), bar, |f| {
                        CsvWriter::new(f, def, csv)
                    })
                })
                .collect(),
            parquet: TABLES
                .iter()
                .map(|&def| {
                    Table::open(path(def, "parquet"), wants(Format::Parquet), bar, |f| {
                        ParquetWriter::new(f, def)
                    })
                })
                .collect(),
        }
    }

    fn write(&mut self, done: &mut Done, bar: &ProgressBar) {
        for (table, encoded) in self.ndjson.iter_mut().zip(&done.tables.ndjson) {
            table.write(bar, |mut w| {
                w.write_encoded(encoded)?;
                Ok(w)
            });
        }
        if let Some(line) = &done.line {
            self.reports_ndjson.write(bar, |mut w| {
                w.write_all(line.as_bytes())?;
                w.write_all(b"\n")?;
                Ok(w)
            });
        }
        for (table, encoded) in self.csv.iter_mut().zip(&done.tables.csv) {
            table.write(bar, |mut w| {
                w.write_encoded(encoded)?;
                Ok(w)
            });
        }
        let rows = std::mem::take(&mut done.tables.parquet);
        for (table, rows) in self.parquet.iter_mut().zip(rows) {
            table.write(bar, |mut w| {
                w.write_rows(rows)?;
                Ok(w)
            });
        }
    }

    /// Finishes and commits every table still open; the paths of those committed.
    fn finish(&mut self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        out.extend(
            self.ndjson
                .iter_mut()
                .filter_map(|t| t.finish(NdjsonWriter::finish)),
        );
        out.extend(self.reports_ndjson.finish(Ok));
        out.extend(
            self.csv
                .iter_mut()
                .filter_map(|t| t.finish(CsvWriter::finish)),
        );
        out.extend(
            self.parquet
                .iter_mut()
                .filter_map(|t| t.finish(ParquetWriter::finish)),
        );
        out
    }

    /// Whether writing any table failed.
    fn failed(&self) -> bool {
        self.ndjson.iter().any(|t| t.failed)
            || self.reports_ndjson.failed
            || self.csv.iter().any(|t| t.failed)
            || self.parquet.iter().any(|t| t.failed)
    }
}

/// The name the tables give the input at `path`, found at `rel` inside its input folder; a
/// name that is not valid UTF-8 is escaped, with a warning.
fn table_name(path: &Path, rel: &Path, summary: &mut Summary) -> String {
    let (name, escaped) = publish::report_name(rel);
    if escaped {
        summary.notices.push((
            path.display().to_string(),
            format!("the file name is not valid UTF-8; the tables record it as {name}"),
        ));
    }
    name
}

/// With `--skip-duplicates`: the jobs whose content (SHA-256) was not seen in an earlier one,
/// and every job's name and SHA-256. A file that cannot be read is kept, for its error.
fn skip_duplicates(jobs: Vec<Job>, pool: &rayon::ThreadPool) -> (Vec<Job>, Vec<(String, String)>) {
    let hashes: Vec<Option<String>> = pool.install(|| {
        jobs.par_iter()
            .map(|j| publish::sha256_file(&j.input).ok().map(|(_, h)| h))
            .collect()
    });
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(jobs.len());
    let mut hashed = Vec::with_capacity(jobs.len());
    for (job, hash) in jobs.into_iter().zip(hashes) {
        match hash {
            Some(h) => {
                hashed.push((job.name.clone(), h.clone()));
                if seen.insert(h) {
                    kept.push(job);
                }
            }
            None => kept.push(job),
        }
    }
    (kept, hashed)
}

/// `warning: FILE: same content as FIRST` for every duplicate input.
fn warn_duplicates(duplicates: &[Duplicate], skipped: bool) {
    for d in duplicates {
        for file in &d.files[1..] {
            let skipped = if skipped {
                "; skipped (--skip-duplicates)"
            } else {
                ""
            };
            publish::warn(
                file,
                format_args!("same content as {}{skipped}", d.files[0]),
            );
        }
    }
}

/// The format `datapackage.json` describes: CSV when written, else Parquet, else NDJSON;
/// `None` when no table is written.
fn package_format(formats: &[Format], csv: CsvOptions) -> Option<PackageFormat> {
    if formats.contains(&Format::Csv) {
        Some(PackageFormat::Csv(csv))
    } else if formats.contains(&Format::Parquet) {
        Some(PackageFormat::Parquet)
    } else if formats.contains(&Format::Ndjson) {
        Some(PackageFormat::Ndjson)
    } else {
        None
    }
}

/// Finds mokuhyo's documents in `out_dir` that this run did not write, lists them in the
/// summary and warns, or with `clean` removes them; whether removing one failed.
fn stale_documents(
    out_dir: &Path,
    written: &[PathBuf],
    inputs: &[PathBuf],
    clean: bool,
    quiet: bool,
    summary: &mut Summary,
) -> bool {
    let stale = publish::stale_documents(out_dir, written, inputs);
    let mut failed = false;
    for p in &stale {
        if clean {
            if let Err(e) = fs::remove_file(p) {
                messages::error(
                    &p.display().to_string(),
                    format_args!("cannot remove: {}", messages::io_why(&e)),
                );
                failed = true;
            }
        }
        let rel = p.strip_prefix(out_dir).unwrap_or(p);
        summary.stale.push(publish::report_name(rel).0);
    }
    summary.stale_removed = clean && !stale.is_empty() && !failed;
    if !stale.is_empty() && !clean && !quiet {
        publish::warn(
            &out_dir.display().to_string(),
            format_args!(
                "{} document(s) from an earlier run, not written by this one, are listed in \
                 summary.json under `stale` (--clean removes them)",
                stale.len()
            ),
        );
    }
    failed
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

/// The summary on stderr: one line of counts, the output folder and the time taken, then
/// one line per diagnostic code with its severity.
fn print_summary(s: &Summary, out_dir: &Path, elapsed: Duration) {
    let mut err = io::stderr().lock();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        err,
        "{}, {}, {}, {} in {}, written to {}",
        plural(s.reports, "report", "reports"),
        plural(s.indicators, "indicator", "indicators"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.failed, "failure", "failures"),
        human_duration(elapsed),
        messages::escape(&out_dir.display().to_string()),
    );
    if !s.diagnostics_by_code.is_empty() {
        let _ = writeln!(err, "diagnostics:");
        for (code, c) in s.diagnostics_by_code.iter() {
            let _ = writeln!(err, "  {code}: {} ({})", c.count, c.severity.as_str());
        }
    }
}

/// `d` for a person: `0.21 s`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
fn human_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    // Compared with what the rounded figure would show: 9.996 s is `10.0 s`, not `10.00 s`.
    if secs < 9.995 {
        format!("{secs:.2} s")
    } else if secs < 59.95 {
        format!("{secs:.1} s")
    } else {
        let whole = secs.round() as u64;
        if whole < 3600 {
            format!("{} min {:02} s", whole / 60, whole % 60)
        } else {
            format!("{} h {:02} min", whole / 3600, whole % 3600 / 60)
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
    fn ok_human_durations() {
        for (d, want) in [
            (Duration::from_millis(213), "0.21 s"),
            (Duration::from_millis(9_994), "9.99 s"),
            (Duration::from_millis(9_996), "10.0 s"),
            (Duration::from_millis(12_345), "12.3 s"),
            (Duration::from_millis(59_990), "1 min 00 s"),
            (Duration::from_secs(245), "4 min 05 s"),
            (Duration::from_secs(7_380), "2 h 03 min"),
        ] {
            assert_eq!(human_duration(d), want);
        }
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
        for f in [
            "b.txt", "a/z.txt", "a/y.htm", "c.txt", "c.html", "c.pdf", "d/c.txt", "skip.doc",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "x").unwrap();
        }
        let single = dir.path().join("one.txt");
        fs::write(&single, "x").unwrap();
        // Named on its own, with the name of a file in the folder: one output for two inputs.
        let other = dir.path().join("other/b.txt");
        fs::create_dir_all(other.parent().unwrap()).unwrap();
        fs::write(&other, "x").unwrap();
        let out = dir.path().join("out");
        let mut summary = Summary::default();
        let jobs = find_inputs(
            &[
                single.clone(),
                root.clone(),
                root.join("b.txt"),
                other.clone(),
            ],
            &out,
            outdir::Names::default(),
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
        // `c.*` share a stem in one folder: each keeps its extension; `d/c.txt` is in
        // another folder and keeps the plain name.
        let want: Vec<(PathBuf, PathBuf)> = [
            ("in/a/y.htm", "a/y.json"),
            ("in/a/z.txt", "a/z.json"),
            ("in/b.txt", "b.json"),
            ("in/c.html", "c.html.json"),
            ("in/c.pdf", "c.pdf.json"),
            ("in/c.txt", "c.txt.json"),
            ("in/d/c.txt", "d/c.json"),
            ("one.txt", "one.json"),
        ]
        .iter()
        .map(|(a, b)| (PathBuf::from(a), PathBuf::from(b)))
        .collect();
        assert_eq!(got, want);
        assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
        assert!(summary.failures[0].file.ends_with("other/b.txt"));
        assert!(summary.failures[0].error.contains("already written for"));
    }

    /// Where the output folder does not tell case apart, `A.txt` and `a.txt` (from two
    /// folders) would write one document: the second is a failure that says why.
    #[test]
    fn err_outputs_that_differ_only_in_case_collide_where_case_is_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (upper, lower) = (dir.path().join("x/A.txt"), dir.path().join("y/a.txt"));
        for f in [&upper, &lower] {
            fs::create_dir_all(f.parent().unwrap()).unwrap();
            fs::write(f, "x").unwrap();
        }
        let out = dir.path().join("out");
        let inputs = [upper.clone(), lower.clone()];
        let mut summary = Summary::default();
        let jobs = find_inputs(&inputs, &out, outdir::Names::new(true), None, &mut summary);
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].input, upper);
        assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
        assert!(summary.failures[0].file.ends_with("y/a.txt"));
        let why = &summary.failures[0].error;
        assert!(why.contains("already written for"), "{why}");
        assert!(why.contains("does not tell the two names apart"), "{why}");
        // Where case is told apart, both are written.
        let mut summary = Summary::default();
        let jobs = find_inputs(&inputs, &out, outdir::Names::new(false), None, &mut summary);
        assert_eq!(jobs.len(), 2);
        assert!(summary.failures.is_empty());
    }

    #[test]
    fn err_missing_input_is_a_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut summary = Summary::default();
        let jobs = find_inputs(
            &[dir.path().join("nope")],
            &dir.path().join("out"),
            outdir::Names::default(),
            None,
            &mut summary,
        );
        assert!(jobs.is_empty());
        assert_eq!(summary.failures.len(), 1);
        assert_eq!(summary.failures[0].error, "no such file or directory");
    }
}
