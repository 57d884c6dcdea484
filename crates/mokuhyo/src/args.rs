//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  mokuhyo parse seeds/000_1e9e9e477dd5dd5a.txt
  mokuhyo parse report.txt -o out/report.json
  mokuhyo batch reports/ -o out/
  mokuhyo validate out/*.json
  mokuhyo schema > report.schema.json
  mokuhyo review report.txt -o report.html

Exit status:
  0  success
  1  a file could not be read, held no report, failed validation, or could not be written
     (each problem is printed on stderr as `error: FILE: why`)
  2  usage error";

/// Turn Japanese municipal 部局経営目標 reports into validated JSON.
#[derive(Debug, Parser)]
#[command(name = "mokuhyo", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands (SPEC §4).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse one report into a JSON document (validated against the schema).
    #[command(after_help = "\
Examples:
  mokuhyo parse report.txt                  print the JSON on stdout
  mokuhyo parse report.txt -o report.json   write it to a file (atomically)
  cat report.txt | mokuhyo parse - --name report.txt    read standard input
  mokuhyo parse report.txt --strict -o report.json      no file if it has warnings
  mokuhyo parse book.xlsx --sheet 土木部                one report sheet of a workbook

The document is checked against the schema before it is written; a document that fails
the check is an error and is never written. Problems inside a report go to its
`diagnostics` field and do not change the exit status; warnings are also printed on
stderr as `warning: FILE:LINE: message [code]` (info ones too with -v, none with -q).
With --strict a report with warnings fails: exit 1, nothing written.")]
    Parse(ParseArgs),

    /// Parse many reports: one JSON document each, plus flat indicator tables.
    #[command(after_help = "\
Examples:
  mokuhyo batch reports/ -o out/                  every .txt, .html and .htm under reports/
  mokuhyo batch a.txt b.txt archive/ -o out/ -j 4
  mokuhyo batch pages/ -o out/ --glob '*.html' --format json,parquet
  mokuhyo batch reports/ -o out/ --format csv --csv-bom   (a CSV that Excel reads)
  mokuhyo batch reports/ -o out/ --strict -q      only clean reports, only errors shown
  mokuhyo batch reports/ -o out/ --municipality 真庭市 --lg-code 332143 --csv-header ja --excel

Writes, under DIR:
  a/b.json             one document per report, mirroring the input tree
                       (reports/a/b.txt -> out/a/b.json; a file named directly -> out/b.json)
  reports.ndjson       one whole document per line (--format ndjson)
  TABLE.ndjson/.csv/.parquet
                       for each format asked for, the tables report_rows, missions,
                       mission_sdgs, sections, indicators and quantities
  datapackage.json     a Frictionless Data Package describing the tables
  summary.json         counts, failures, diagnostics by code, duplicates, stale documents,
                       and every file written with its size and SHA-256

Every file is written atomically, and the output is byte-identical whatever -j is (but the
start and end times in summary.json). A file
that cannot be read or holds no report is reported as `error: FILE: why`, gets no output,
and the batch goes on. Warnings are printed per file as `warning: FILE:LINE: message
[code]` (info ones too with -v); with --strict a file with warnings fails the same way.

Exit status:
  0  every report was written
  1  at least one file failed (each named on stderr), or an output could not be written
  2  usage error")]
    Batch(BatchArgs),

    /// Check JSON documents against the report schema.
    #[command(after_help = "\
Examples:
  mokuhyo validate report.json
  mokuhyo validate out/*.json
  mokuhyo parse report.txt | mokuhyo validate - --name report.json

Prints `FILE: ok` on stdout for each valid document and `error: FILE: PATH: why` on
stderr for each problem; exits with 1 if any document fails.")]
    Validate(ValidateArgs),

    /// Write a self-contained HTML page for checking a parse by eye.
    #[command(after_help = "\
Examples:
  mokuhyo review seeds/000_1e9e9e477dd5dd5a.txt -o review.html
  mokuhyo review report.txt -o out/report.html   (missing directories are created)
  mokuhyo review report.txt > report.html        (stdout, when it is not a terminal)
  cat report.txt | mokuhyo review - --name report.txt -o report.html
  mokuhyo review 'book.xlsx#土木部' -o doboku.html   (one report sheet of a workbook)

The page shows the source text with line numbers (anchors #L1, #L2 ...) beside the
extracted header, missions, sections and indicators. Clicking a field highlights the
source lines it came from; diagnostics and unparsed text are listed and marked in the
source. It loads nothing from the network and works from disk in any browser.")]
    Review(ReviewArgs),

    /// Print the JSON Schema (Draft 2020-12) of the output documents.
    #[command(after_help = "\
Examples:
  mokuhyo schema > report.schema.json")]
    Schema,
}

/// Arguments of `mokuhyo parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The report: a PDF, a workbook (xlsx, xls, xlsb, ods; `FILE#SHEET` picks a sheet),
    /// text extracted from a PDF or a saved web page in any supported encoding; `-` reads
    /// standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the JSON to OUT instead of stdout (`-o -` is stdout); missing directories are
    /// created.
    #[arg(short, long, value_name = "OUT.json")]
    pub output: Option<PathBuf>,

    /// The name of standard input (FILE `-`) in `source.file` and in messages
    /// [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Warnings: -q, -v, --strict.
    #[command(flatten)]
    pub warnings: WarningArgs,

    /// Which municipality the report belongs to.
    #[command(flatten)]
    pub place: Place,

    /// Print the text rebuilt from a PDF's or workbook's cell grid (what the parser reads and
    /// `lines` point into) instead of the JSON: every sheet's, each after a `# sheet: NAME`
    /// line, or with `--sheet` (or `FILE#SHEET`) that sheet's alone.
    #[arg(long)]
    pub grid: bool,

    /// How large an input may be.
    #[command(flatten)]
    pub limits: Limits,

    /// For a workbook in which several sheets hold a report: the sheet to read (also given
    /// as `FILE#SHEET` when no file has that name).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// Arguments of `mokuhyo batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Report files, and folders searched recursively.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,

    /// The output folder; created if missing.
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: PathBuf,

    /// What to write, comma-separated [default: json,ndjson,csv,parquet].
    #[arg(long, value_name = "FORMATS", value_delimiter = ',')]
    pub format: Vec<Format>,

    /// Worker threads [default: one per CPU].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Which files to read from folders, matched against the file name (or against the path
    /// inside the folder when the pattern holds a `/`) [default: *.txt, *.html, *.htm].
    #[arg(long, value_name = "PAT")]
    pub glob: Option<String>,

    /// CSV for Excel, as --excel: a UTF-8 byte order mark, and text cells that Excel could
    /// run as formulas prefixed with '.
    #[arg(long)]
    pub csv_bom: bool,

    /// Warnings: -q (also no progress bar or summary), -v, --strict (per file).
    #[command(flatten)]
    pub warnings: WarningArgs,

    /// Also write a review page per report (DIR/a/b.html) and DIR/index.html linking them.
    #[arg(long)]
    pub review: bool,

    /// Which municipality the reports belong to.
    #[command(flatten)]
    pub place: Place,

    /// How the tables are published.
    #[command(flatten)]
    pub publish: Publish,

    /// When another batch is writing into DIR, wait for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,

    /// How large an input may be.
    #[command(flatten)]
    pub limits: Limits,
}

/// The municipality named on the command line (SPEC §4); without it, the name is detected
/// from the text when one clearly dominates.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Place {
    /// The municipality's name, e.g. 真庭市 [default: detected from the text, when clear].
    #[arg(long, value_name = "NAME", value_parser = non_empty)]
    pub municipality: Option<String>,

    /// The municipality's 6-digit 全国地方公共団体コード, check digit included (e.g. 332143).
    #[arg(long, value_name = "CODE", value_parser = lg_code)]
    pub lg_code: Option<String>,
}

impl Place {
    /// Puts the named municipality into `report`, over what was detected.
    pub fn apply(&self, report: &mut mokuhyo_parse::Report) {
        report.municipality = mokuhyo_parse::municipality::from_options(
            self.municipality.as_deref(),
            self.lg_code.as_deref(),
            report.municipality.take(),
        );
    }
}

fn non_empty(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("the name must not be empty".into());
    }
    Ok(t.to_string())
}

fn lg_code(s: &str) -> Result<String, String> {
    mokuhyo_parse::municipality::check_lg_code(s).map(|()| s.to_string())
}

/// How `mokuhyo batch` writes its tables for publishing.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Publish {
    /// The CSV header row: `en`, the column names (for warehouses), or `ja`, their Japanese
    /// titles from datapackage.json (for people).
    #[arg(long, value_name = "LANG", value_enum, default_value_t = HeaderLang::En)]
    pub csv_header: HeaderLang,

    /// CSV for Excel (--csv-bom is the same): a byte order mark, and text cells that start
    /// with =, +, -, @, a tab or a carriage return prefixed with ' so that Excel never runs
    /// them as formulas (numbers stay numbers). Plain CSV, NDJSON and Parquet are never
    /// altered.
    #[arg(long)]
    pub excel: bool,

    /// Of inputs with the same content (SHA-256), parse only the first; the others are
    /// listed in summary.json under `duplicates` either way.
    #[arg(long)]
    pub skip_duplicates: bool,

    /// Remove the documents (.json and .html written by mokuhyo) that an earlier run left in
    /// DIR and this run did not write; without it they are only reported.
    #[arg(long)]
    pub clean: bool,
}

/// The language of the CSV header row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum HeaderLang {
    /// Column names (`fiscal_year`).
    #[default]
    En,
    /// Japanese titles (`年度`).
    Ja,
}

/// An output format of `mokuhyo batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON document per report, mirroring the input tree.
    Json,
    /// indicators.ndjson and reports.ndjson.
    Ndjson,
    /// indicators.csv.
    Csv,
    /// indicators.parquet.
    Parquet,
}

/// Arguments of `mokuhyo review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The report: a PDF, a workbook (xlsx, xls, xlsb, ods; `FILE#SHEET` picks a sheet),
    /// text extracted from a PDF or a saved web page in any supported encoding; `-` reads
    /// standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the page (atomically); missing directories are created. `-o -`, or no
    /// -o when stdout is not a terminal, writes it to stdout.
    #[arg(short, long, value_name = "PAGE.html")]
    pub output: Option<PathBuf>,

    /// The name of standard input (FILE `-`) on the page and in messages [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Warnings: -q, -v, --strict.
    #[command(flatten)]
    pub warnings: WarningArgs,

    /// Which municipality the report belongs to.
    #[command(flatten)]
    pub place: Place,

    /// How large an input may be.
    #[command(flatten)]
    pub limits: Limits,

    /// For a workbook in which several sheets hold a report: the sheet to read (also given
    /// as `FILE#SHEET` when no file has that name).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// Arguments of `mokuhyo validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The JSON documents to check; `-` reads one from standard input.
    #[arg(value_name = "FILE.json", required = true)]
    pub files: Vec<PathBuf>,

    /// Print at most N problems per document, then how many more there are (0: all).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_errors: usize,

    /// The name of standard input (`-`) in messages [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// How large an input may be.
    #[command(flatten)]
    pub limits: Limits,
}

/// The default of `--max-input-bytes`: 64 MiB, some hundred times the largest report seen.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 << 20;

/// Limits on what an input file may make the program do.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Limits {
    /// Refuse input files larger than SIZE bytes, with K, M or G for powers of 1024 (64M is
    /// 67108864): such a file fails with a message, the others are still processed
    /// [default: 64M].
    #[arg(
        long,
        value_name = "SIZE",
        value_parser = parse_size,
        default_value_t = DEFAULT_MAX_INPUT_BYTES,
        hide_default_value = true
    )]
    pub max_input_bytes: u64,
}

/// What happens to the diagnostics of a report (SPEC §4): printed on stderr as
/// `warning: FILE:LINE: message [code]`, and with `--strict` a reason to fail the file.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct WarningArgs {
    /// Print nothing on stderr but errors: no warnings (and in batch no progress bar or
    /// summary).
    #[arg(short, long)]
    pub quiet: bool,

    /// Also print info diagnostics (`info: FILE:LINE: message [code]`), which are otherwise
    /// only in the document.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Fail a report that has any warning: exit 1, and nothing is written for it (in batch,
    /// that file fails and the others go on).
    #[arg(long)]
    pub strict: bool,
}

/// Reads a size: digits, then optionally `K`, `M` or `G` (powers of 1024), optionally
/// followed by `B` or `iB`, any case: `1048576`, `1024K`, `1M`, `1MiB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a size: digits first, as in 64M"))?;
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?} is not a size: the suffixes are K, M and G")),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))?;
    if bytes == 0 {
        return Err("the limit must be at least 1 byte".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn ok_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn ok_parse_with_output() {
        let a = Args::try_parse_from(["mokuhyo", "parse", "r.txt", "-o", "r.json"]).expect("ok");
        match a.command {
            Command::Parse(p) => {
                assert_eq!(p.file, PathBuf::from("r.txt"));
                assert_eq!(p.output, Some(PathBuf::from("r.json")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn err_parse_takes_one_file() {
        assert!(Args::try_parse_from(["mokuhyo", "parse"]).is_err());
        assert!(Args::try_parse_from(["mokuhyo", "parse", "a.txt", "b.txt"]).is_err());
    }

    #[test]
    fn ok_review_with_output() {
        let a = Args::try_parse_from(["mokuhyo", "review", "r.txt", "-o", "r.html"]).expect("ok");
        match a.command {
            Command::Review(r) => {
                assert_eq!(r.file, PathBuf::from("r.txt"));
                assert_eq!(r.output, Some(PathBuf::from("r.html")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn err_review_needs_input() {
        assert!(Args::try_parse_from(["mokuhyo", "review", "-o", "r.html"]).is_err());
    }

    #[test]
    fn ok_batch_formats_and_jobs() {
        let a = Args::try_parse_from([
            "mokuhyo",
            "batch",
            "in",
            "x.txt",
            "-o",
            "out",
            "--format",
            "csv,parquet",
            "-j",
            "2",
        ])
        .expect("ok");
        match a.command {
            Command::Batch(b) => {
                assert_eq!(b.inputs, [PathBuf::from("in"), PathBuf::from("x.txt")]);
                assert_eq!(b.output, PathBuf::from("out"));
                assert_eq!(b.format, [Format::Csv, Format::Parquet]);
                assert_eq!(b.jobs, Some(2));
                assert!(!b.csv_bom && !b.warnings.quiet);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn err_batch_usage() {
        for args in [
            &["mokuhyo", "batch", "in"][..],
            &["mokuhyo", "batch", "-o", "out"],
            &["mokuhyo", "batch", "in", "-o", "out", "--format", "xml"],
            &["mokuhyo", "batch", "in", "-o", "out", "-j", "0"],
        ] {
            assert!(Args::try_parse_from(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn ok_sizes_with_suffixes() {
        for (s, want) in [
            ("1", 1),
            ("67108864", 64 << 20),
            ("64M", 64 << 20),
            ("64m", 64 << 20),
            ("64MiB", 64 << 20),
            ("64MB", 64 << 20),
            ("512K", 512 << 10),
            ("2G", 2 << 30),
            ("100b", 100),
        ] {
            assert_eq!(parse_size(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn err_sizes() {
        for s in [
            "",
            "M",
            "0",
            "0K",
            "-1",
            "1.5M",
            "64T",
            "64 M x",
            "99999999999999999999",
        ] {
            assert!(parse_size(s).is_err(), "{s}");
        }
        assert!(parse_size("20000000000G").is_err(), "overflow");
    }

    #[test]
    fn ok_limit_default_and_option() {
        let a = Args::try_parse_from(["mokuhyo", "parse", "r.txt"]).expect("ok");
        let Command::Parse(p) = a.command else {
            panic!("parse")
        };
        assert_eq!(p.limits.max_input_bytes, DEFAULT_MAX_INPUT_BYTES);
        for args in [
            &["mokuhyo", "parse", "r.txt", "--max-input-bytes", "1K"][..],
            &[
                "mokuhyo",
                "review",
                "r.txt",
                "-o",
                "r.html",
                "--max-input-bytes=1K",
            ],
            &[
                "mokuhyo",
                "batch",
                "in",
                "-o",
                "out",
                "--max-input-bytes",
                "1k",
            ],
            &["mokuhyo", "validate", "r.json", "--max-input-bytes", "1024"],
        ] {
            let limits = match Args::try_parse_from(args).expect("ok").command {
                Command::Parse(a) => a.limits,
                Command::Review(a) => a.limits,
                Command::Batch(a) => a.limits,
                Command::Validate(a) => a.limits,
                Command::Schema => panic!("schema"),
            };
            assert_eq!(limits.max_input_bytes, 1024, "{args:?}");
        }
        assert!(Args::try_parse_from(["mokuhyo", "parse", "r", "--max-input-bytes", "x"]).is_err());
    }

    #[test]
    fn err_validate_needs_a_file() {
        assert!(Args::try_parse_from(["mokuhyo", "validate"]).is_err());
    }
}
