//! `mokuhyo batch`, run for real on inputs built in a temporary folder: the mirrored tree, the
//! flat tables, determinism across thread counts, bad files, the summary, and an end-to-end
//! load of the tables into DuckDB.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{root, tree, SEED};

/// The first bytes of a PNG file: binary, with NULs and invalid UTF-8.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A small plan report (SPEC §1.2): a title with the department, a mission heading and two
/// missions with SDG tags, no goal sections and so no indicators.
const PLAN: &str = "ページの先頭です。 メニューを飛ばして本文へ\n\
    令和9年度 部局経営目標【市民部】\n\
    (1)部局の役割・使命(ミッション)・経営方針\n\
    1.防災力の強化【No.11:住み続けられるまちづくりを】\n\
    地域の防災訓練を支えます。\n\
    2.窓口サービスの向上【No.16:平和と公正をすべての人に】【No.17:パートナーシップで目標を達成しよう】\n\
    手続を早く分かりやすくします。\n";

/// The columns of SPEC §5, in order: the first columns of the indicator table.
const COLUMNS: [&str; 21] = [
    "report_file",
    "report_sha256",
    "fiscal_year",
    "era_label",
    "department",
    "kind",
    "mission_no",
    "section_ids",
    "group_index",
    "indicator_no",
    "indicator_name",
    "target_text",
    "target_value",
    "target_unit",
    "actual_text",
    "actual_value",
    "actual_unit",
    "achievement_status",
    "achievement_ratio",
    "evaluation",
    "next_year_issues",
];

/// The inputs, relative to the folder that holds `in/`.
const SEED_IN: &str = "in/000_1e9e9e477dd5dd5a.txt";
const SJIS_IN: &str = "in/cp932/000_1e9e9e477dd5dd5a.txt";
const PLAN_IN: &str = "in/plan.txt";

/// A temporary folder holding `in/` with the seed, the seed in Shift_JIS in a subfolder and
/// the plan report.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = fs::read_to_string(root().join(SEED)).expect("the seed");
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&seed);
    assert!(!lossy, "the seed is representable in Shift_JIS");
    assert_ne!(&sjis[..], seed.as_bytes(), "really re-encoded");
    let put = |rel: &str, bytes: &[u8]| {
        let p = dir.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write input");
    };
    put(SEED_IN, seed.as_bytes());
    put(SJIS_IN, &sjis);
    put(PLAN_IN, PLAN.as_bytes());
    // Not an input by default: neither read nor reported.
    put("in/notes.md", b"# not a report\n");
    dir
}

/// Runs the binary in `cwd`, so the inputs are named by the relative paths above.
fn batch(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg("batch")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run mokuhyo")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).expect("read")).expect("JSON")
}

/// The reports of the inputs, parsed here in the test, in input order.
fn parsed(dir: &Path) -> Vec<mokuhyo_parse::Report> {
    [SEED_IN, SJIS_IN, PLAN_IN]
        .iter()
        .map(|rel| {
            let bytes = fs::read(dir.join(rel)).expect("input");
            mokuhyo_parse::parse(&bytes, rel).expect("a report").report
        })
        .collect()
}

fn indicator_count(r: &mokuhyo_parse::Report) -> usize {
    r.indicator_groups.iter().map(|g| g.indicators.len()).sum()
}

/// A row's identity and numbers, as one comparable string.
fn key(
    file: &str,
    group: i64,
    no: Option<i64>,
    target: Option<f64>,
    actual: Option<f64>,
) -> String {
    format!("{file}|{group}|{no:?}|{target:?}|{actual:?}")
}

/// The table files of every table in `formats`, and the batch's own files: what a run with
/// those formats (and json) writes beside the documents.
fn table_files(formats: &[&str]) -> Vec<String> {
    let mut out = vec!["summary.json".to_string()];
    for t in [
        "report_rows",
        "missions",
        "mission_sdgs",
        "sections",
        "indicators",
        "quantities",
    ] {
        for f in formats {
            out.push(format!("{t}.{f}"));
        }
    }
    if formats.contains(&"ndjson") {
        out.push("reports.ndjson".into());
    }
    if !formats.is_empty() {
        out.push("datapackage.json".into());
    }
    out
}

/// The `report_file` of an input in the tables: its path inside `in/`.
fn table_name(input: &str) -> &str {
    input.strip_prefix("in/").expect("under in/")
}

/// The rows the reports should produce, from the parsed reports.
fn expected_keys(reports: &[mokuhyo_parse::Report]) -> Vec<String> {
    let mut out = Vec::new();
    for r in reports {
        for g in &r.indicator_groups {
            for i in &g.indicators {
                out.push(key(
                    table_name(&r.source.file),
                    g.index as i64,
                    i.no.map(i64::from),
                    i.target.as_ref().and_then(|v| v.value).map(|n| n.0),
                    i.actual.as_ref().and_then(|v| v.value).map(|n| n.0),
                ));
            }
        }
    }
    out
}

#[test]
fn three_reports_in_the_mirrored_tree_and_72_rows_in_every_table() {
    let dir = inputs();
    let o = batch(dir.path(), &["in", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "quiet and nothing failed");
    assert!(o.stdout.is_empty());
    let out = dir.path().join("out");
    let mut want = table_files(&["csv", "ndjson", "parquet"]);
    want.extend(
        [
            "000_1e9e9e477dd5dd5a.json",
            "cp932/000_1e9e9e477dd5dd5a.json",
            "plan.json",
        ]
        .map(String::from),
    );
    want.sort();
    assert_eq!(
        tree(&out),
        want.iter().map(PathBuf::from).collect::<Vec<_>>()
    );

    let reports = parsed(dir.path());
    let counts: Vec<usize> = reports.iter().map(indicator_count).collect();
    assert_eq!(counts, [36, 36, 0], "the issue's fixture");
    let total: usize = counts.iter().sum();
    assert_eq!(total, 72);

    // The per-report documents are the reports, with the encodings told apart.
    let docs: Vec<Value> = [
        "000_1e9e9e477dd5dd5a.json",
        "cp932/000_1e9e9e477dd5dd5a.json",
        "plan.json",
    ]
    .iter()
    .map(|f| read_json(&out.join(f)))
    .collect();
    for (doc, r) in docs.iter().zip(&reports) {
        assert_eq!(doc, &serde_json::to_value(r).expect("JSON"));
    }
    assert_eq!(docs[0]["source"]["encoding"], "UTF-8");
    assert_eq!(docs[1]["source"]["encoding"], "Shift_JIS");
    assert_eq!(docs[2]["kind"], "plan");
    assert_eq!(docs[2]["department"], "市民部");
    assert_eq!(docs[2]["missions"].as_array().map(Vec::len), Some(2));

    let want = expected_keys(&reports);

    // NDJSON: one object per line, exactly the SPEC's columns in its order.
    let ndjson = fs::read_to_string(out.join("indicators.ndjson")).expect("ndjson");
    let lines: Vec<&str> = ndjson.lines().collect();
    assert_eq!(lines.len(), total);
    let mut got = Vec::new();
    for line in &lines {
        let positions: Vec<usize> = COLUMNS
            .iter()
            .map(|c| {
                line.find(&format!("\"{c}\":"))
                    .unwrap_or_else(|| panic!("{c} in {line}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "column order: {line}"
        );
        let v: Value = serde_json::from_str(line).expect("a JSON line");
        assert!(v.as_object().expect("object").len() > COLUMNS.len());
        got.push(key(
            v["report_file"].as_str().expect("file"),
            v["group_index"].as_i64().expect("group"),
            v["indicator_no"].as_i64(),
            v["target_value"].as_f64(),
            v["actual_value"].as_f64(),
        ));
    }
    assert_eq!(got, want);

    // CSV, read with the csv crate: the header, then the same rows.
    let mut csv = csv::Reader::from_path(out.join("indicators.csv")).expect("csv");
    assert_eq!(
        csv.headers()
            .expect("header")
            .iter()
            .take(COLUMNS.len())
            .collect::<Vec<_>>(),
        COLUMNS
    );
    let num = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().expect("a number"));
    let int = |s: &str| (!s.is_empty()).then(|| s.parse::<i64>().expect("an integer"));
    let got: Vec<String> = csv
        .records()
        .map(|r| {
            let r = r.expect("record");
            assert!(r.len() > COLUMNS.len());
            key(
                &r[0],
                int(&r[8]).expect("group"),
                int(&r[9]),
                num(&r[12]),
                num(&r[15]),
            )
        })
        .collect();
    assert_eq!(got, want);

    // Parquet: typed columns and the same rows.
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let file = fs::File::open(out.join("indicators.parquet")).expect("parquet");
    let reader = SerializedFileReader::new(file).expect("a parquet file");
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names[..COLUMNS.len()], COLUMNS);
    let got: Vec<String> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| {
            let row = row.expect("row");
            let f: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
            let text = |f: &Field| match f {
                Field::Str(s) => s.clone(),
                other => panic!("text: {other:?}"),
            };
            let long = |f: &Field| match f {
                Field::Long(n) => Some(*n),
                Field::Null => None,
                other => panic!("Int64: {other:?}"),
            };
            let double = |f: &Field| match f {
                Field::Double(n) => Some(*n),
                Field::Null => None,
                other => panic!("Float64: {other:?}"),
            };
            assert!(long(f[2]).is_some(), "fiscal_year is an Int64");
            key(
                &text(f[0]),
                long(f[8]).expect("group"),
                long(f[9]),
                double(f[12]),
                double(f[15]),
            )
        })
        .collect();
    assert_eq!(got, want);

    // reports.ndjson: one whole document per line, in input order.
    let docs_ndjson = fs::read_to_string(out.join("reports.ndjson")).expect("reports");
    let files: Vec<String> = docs_ndjson
        .lines()
        .map(|l| {
            let d: Value = serde_json::from_str(l).expect("a document");
            d["source"]["file"].as_str().expect("file").to_string()
        })
        .collect();
    assert_eq!(files, [SEED_IN, SJIS_IN, PLAN_IN]);
    let first: Value = serde_json::from_str(docs_ndjson.lines().next().unwrap()).unwrap();
    assert_eq!(first, docs[0]);
}

#[test]
fn any_number_of_threads_writes_the_same_bytes() {
    let dir = inputs();
    let runs = [("1", "out1"), ("2", "out2"), ("3", "out3")];
    for (j, out) in runs {
        let o = batch(dir.path(), &["in", "-o", out, "-j", j, "-q"]);
        assert_eq!(o.status.code(), Some(0), "-j {j}: {}", stderr(&o));
    }
    let first = dir.path().join("out1");
    let files = tree(&first);
    assert_eq!(files.len(), 24, "{files:?}");
    // The summary holds the run's start and end times; all else in it is the same.
    let summary = |dir: &Path| {
        let mut v = read_json(&dir.join("summary.json"));
        let o = v.as_object_mut().expect("object");
        assert!(o.remove("started").is_some() && o.remove("finished").is_some());
        v
    };
    for (j, out) in &runs[1..] {
        let other = dir.path().join(out);
        assert_eq!(tree(&other), files, "-j {j}");
        for f in &files {
            if f == Path::new("summary.json") {
                assert_eq!(summary(&first), summary(&other), "-j {j}");
                continue;
            }
            let a = fs::read(first.join(f)).expect("read");
            let b = fs::read(other.join(f)).expect("read");
            assert!(a == b, "{} differs between -j 1 and -j {j}", f.display());
        }
    }
}

#[test]
fn bad_files_are_named_skipped_and_fail_the_run() {
    let dir = inputs();
    fs::create_dir_all(dir.path().join("in/bad")).expect("mkdir");
    fs::write(dir.path().join("in/bad/empty.txt"), b"").expect("write");
    fs::write(dir.path().join("in/scan.txt"), PNG).expect("write");
    let o = batch(dir.path(), &["in", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors,
        [
            "error: in/bad/empty.txt: file is empty",
            "error: in/scan.txt: not a text file (binary data)",
        ],
        "{err}"
    );
    assert!(
        err.contains("3 reports, 72 indicators, 2 warnings, 2 failures in "),
        "{err}"
    );
    let out = dir.path().join("out");
    let files = tree(&out);
    for good in [
        "000_1e9e9e477dd5dd5a.json",
        "cp932/000_1e9e9e477dd5dd5a.json",
        "plan.json",
    ] {
        assert!(files.contains(&PathBuf::from(good)), "{good}: {files:?}");
    }
    for bad in ["bad/empty.json", "scan.json", "bad"] {
        assert!(!out.join(bad).exists(), "nothing for {bad}: {files:?}");
    }
    assert!(
        files.iter().all(|f| !f.to_string_lossy().contains(".tmp")),
        "{files:?}"
    );
    let ndjson = fs::read_to_string(out.join("indicators.ndjson")).expect("ndjson");
    assert_eq!(ndjson.lines().count(), 72);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["failed"], 2);
    assert_eq!(
        summary["failures"],
        serde_json::json!([
            {"file": "in/bad/empty.txt", "error": "file is empty"},
            {"file": "in/scan.txt", "error": "not a text file (binary data)"},
        ])
    );
}

#[test]
fn a_missing_input_fails_but_the_rest_is_written() {
    let dir = inputs();
    let o = batch(dir.path(), &["nope.txt", PLAN_IN, "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: nope.txt: no such file or directory\n");
    // A file named directly goes to the top of DIR under its own name.
    assert!(dir.path().join("out/plan.json").is_file());
}

#[test]
fn summary_counts_reports_indicators_and_diagnostics() {
    let dir = inputs();
    let o = batch(dir.path(), &["in", "-o", "out", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reports = parsed(dir.path());
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, Value> = BTreeMap::new();
    let mut warnings = 0;
    for r in &reports {
        for d in &r.diagnostics {
            *codes.entry(d.code.to_string()).or_default() += 1;
            let severity = serde_json::to_value(d.severity).expect("severity");
            warnings += usize::from(severity != "info");
            by_code.insert(
                d.code.to_string(),
                serde_json::json!({"severity": severity, "count": codes[d.code.as_ref()]}),
            );
        }
    }
    assert!(!codes.is_empty(), "the seed has diagnostics");
    let indicators: usize = reports.iter().map(indicator_count).sum();
    let mut summary = read_json(&dir.path().join("out/summary.json"));
    let m = summary.as_object_mut().expect("object");
    // The run's times, RFC 3339 in UTC, in order.
    let started = m.remove("started").expect("started");
    let finished = m.remove("finished").expect("finished");
    let time = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$").unwrap();
    for t in [&started, &finished] {
        assert!(time.is_match(t.as_str().expect("a string")), "{t}");
    }
    assert!(started.as_str() <= finished.as_str());
    // The manifest: every file written but the summary, with its size and hash.
    let files = m.remove("files").expect("files");
    let listed: Vec<&str> = files
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let bytes = fs::read(dir.path().join("out").join(path)).expect("listed file");
            assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
            assert_eq!(f["sha256"], mokuhyo_parse::sha256_hex(&bytes), "{path}");
            path
        })
        .collect();
    assert_eq!(
        listed,
        [
            "000_1e9e9e477dd5dd5a.json",
            "cp932/000_1e9e9e477dd5dd5a.json",
            "plan.json"
        ]
    );
    assert_eq!(
        summary,
        serde_json::json!({
            "reports": reports.len(),
            "indicators": indicators,
            "failed": 0,
            "failures": [],
            "diagnostics": codes,
            "warnings": warnings,
            "diagnostics_by_code": by_code,
            "duplicates": [],
            "stale": [],
            "stale_removed": false,
            "tool_version": env!("CARGO_PKG_VERSION"),
            "schema_version": mokuhyo_parse::model::SCHEMA_VERSION,
        })
    );
    // Printed too (stderr is not a terminal here: no progress bar, just the summary).
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "\n3 reports, {indicators} indicators, {warnings} warnings, 0 failures in "
        )),
        "{err}"
    );
    for (code, n) in &codes {
        let severity = by_code[code]["severity"].as_str().expect("severity");
        assert!(
            err.contains(&format!("  {code}: {n} ({severity})\n")),
            "{err}"
        );
    }
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}'),
        "no progress bar: {err:?}"
    );
    // Only the formats asked for.
    let files = tree(&dir.path().join("out"));
    assert!(
        !files.iter().any(|f| f.starts_with("indicators")),
        "{files:?}"
    );
}

#[test]
fn csv_bom_only_when_asked() {
    let dir = inputs();
    for (out, extra) in [
        ("plain", None),
        ("bom", Some("--csv-bom")),
        ("excel", Some("--excel")),
    ] {
        let mut args = vec!["in", "-o", out, "--format", "csv", "-q"];
        args.extend(extra);
        let o = batch(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut want = table_files(&["csv"]);
        want.sort();
        assert_eq!(
            tree(&dir.path().join(out)),
            want.iter().map(PathBuf::from).collect::<Vec<_>>()
        );
    }
    let plain = fs::read(dir.path().join("plain/indicators.csv")).expect("csv");
    let bom = fs::read(dir.path().join("bom/indicators.csv")).expect("csv");
    assert!(plain.starts_with(b"report_file,report_sha256,"));
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    // --csv-bom is CSV for Excel, as --excel: cells that could run as formulas get a `'`,
    // and nothing else changes.
    assert!(bom == fs::read(dir.path().join("excel/indicators.csv")).expect("csv"));
    let records = |b: &[u8]| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(b)
            .records()
            .map(|r| r.expect("record"))
            .collect()
    };
    let (plain, bom) = (records(&plain), records(&bom[3..]));
    assert_eq!(plain.len(), bom.len());
    let mut defused = 0;
    for (p, b) in plain.iter().zip(&bom) {
        for (p, b) in p.iter().zip(b) {
            if p != b {
                assert_eq!(b, format!("'{p}"));
                assert!(p.starts_with(['=', '+', '-', '@', '\t', '\r']), "{p}");
                defused += 1;
            }
        }
    }
    assert!(defused > 0, "the seed has cells that start with -");
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let o = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(["batch", "--help"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8(o.stdout).expect("utf-8");
    for want in [
        "Examples:",
        "mokuhyo batch reports/ -o out/",
        "Exit status:",
        "--csv-bom",
        "-j",
    ] {
        assert!(help.contains(want), "{want} in {help}");
    }
}

/// Loads the tables into DuckDB (the `duckdb` Python package) and asks it what it sees.
const DUCKDB_SCRIPT: &str = r#"
import json, sys
try:
    import duckdb
except ImportError as e:
    print("cannot import duckdb: %s" % e, file=sys.stderr)
    sys.exit(3)
out = sys.argv[1].replace("'", "''")
con = duckdb.connect()
sources = {
    "ndjson": "read_json('%s/indicators.ndjson', format='newline_delimited')" % out,
    "csv": "read_csv('%s/indicators.csv', header=true)" % out,
    "parquet": "read_parquet('%s/indicators.parquet')" % out,
}
result = {}
for name, src in sources.items():
    con.execute("create view t_%s as select * from %s" % (name, src))
    described = con.execute("describe t_%s" % name).fetchall()
    rows, actual_sum, lo, hi = con.execute(
        "select count(*), sum(actual_value), min(fiscal_year), max(fiscal_year) from t_%s" % name
    ).fetchone()
    result[name] = {
        "columns": [r[0] for r in described],
        "types": {r[0]: r[1] for r in described},
        "rows": rows, "actual_sum": actual_sum, "min_year": lo, "max_year": hi,
    }
n, lo, hi = con.execute(
    "select count(*), min(fiscal_year.year), max(fiscal_year.year) from "
    "read_json('%s/reports.ndjson', format='newline_delimited')" % out
).fetchone()
result["reports"] = {"rows": n, "min_year": lo, "max_year": hi}
print(json.dumps(result))
"#;

fn is_numeric(t: &str) -> bool {
    [
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "FLOAT",
        "DOUBLE",
    ]
    .contains(&t)
        || t.starts_with("DECIMAL")
}

#[test]
fn duckdb_reads_the_tables_with_numeric_columns() {
    let dir = inputs();
    let o = batch(dir.path(), &["in", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let py = Command::new("python3")
        .args(["-c", DUCKDB_SCRIPT])
        .arg(dir.path().join("out"))
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}): install Python 3 and `pip install duckdb`")
        });
    assert!(
        py.status.success(),
        "the DuckDB check failed; if the duckdb module is missing, run `pip install duckdb` \
         (.ci/run installs it)\n{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let got: Value = serde_json::from_slice(&py.stdout).expect("JSON from the script");

    let reports = parsed(dir.path());
    let rows: usize = reports.iter().map(indicator_count).sum();
    let actual_sum: f64 = reports
        .iter()
        .flat_map(|r| &r.indicator_groups)
        .flat_map(|g| &g.indicators)
        .filter_map(|i| i.actual.as_ref().and_then(|v| v.value))
        .map(|n| n.0)
        .sum();
    assert!(actual_sum > 0.0);
    let with_rows = reports.iter().filter(|r| indicator_count(r) > 0);
    let row_years: Vec<i64> = with_rows
        .map(|r| i64::from(r.fiscal_year.as_ref().expect("a year").year))
        .collect();
    let all_years: Vec<i64> = reports
        .iter()
        .map(|r| i64::from(r.fiscal_year.as_ref().expect("a year").year))
        .collect();

    for table in ["ndjson", "csv", "parquet"] {
        let t = &got[table];
        assert_eq!(t["rows"].as_u64(), Some(rows as u64), "{table}: {t}");
        let columns: Vec<&str> = t["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| c.as_str().expect("name"))
            .collect();
        assert_eq!(columns[..COLUMNS.len()], COLUMNS, "{table}");
        for column in ["fiscal_year", "target_value", "actual_value", "group_index"] {
            let ty = t["types"][column].as_str().expect("a type");
            assert!(is_numeric(ty), "{table}.{column} is {ty}");
        }
        let sum = t["actual_sum"].as_f64().expect("a sum");
        assert!(
            (sum - actual_sum).abs() <= actual_sum.abs() * 1e-9,
            "{table}: sum(actual_value) = {sum}, want {actual_sum}"
        );
        assert_eq!(
            t["min_year"].as_i64(),
            row_years.iter().min().copied(),
            "{table}"
        );
        assert_eq!(
            t["max_year"].as_i64(),
            row_years.iter().max().copied(),
            "{table}"
        );
    }
    // Parquet's types are the declared ones, not guesses.
    let types = &got["parquet"]["types"];
    for (column, ty) in [
        ("fiscal_year", "BIGINT"),
        ("mission_no", "BIGINT"),
        ("group_index", "BIGINT"),
        ("indicator_no", "BIGINT"),
        ("target_value", "DOUBLE"),
        ("actual_value", "DOUBLE"),
        ("achievement_ratio", "DOUBLE"),
        ("indicator_name", "VARCHAR"),
    ] {
        assert_eq!(types[column], ty, "parquet {column}");
    }
    let r = &got["reports"];
    assert_eq!(r["rows"].as_u64(), Some(reports.len() as u64), "{r}");
    assert_eq!(
        r["min_year"].as_i64(),
        all_years.iter().min().copied(),
        "{r}"
    );
    assert_eq!(
        r["max_year"].as_i64(),
        all_years.iter().max().copied(),
        "{r}"
    );
    assert_ne!(
        r["min_year"], r["max_year"],
        "the plan's year widens the range: {r}"
    );
}

#[test]
fn review_writes_a_page_per_report_and_an_index() {
    let dir = inputs();
    fs::write(dir.path().join("in/empty.txt"), b"").expect("write");
    let o = batch(
        dir.path(),
        &["in", "-o", "out", "--format", "json", "--review", "-q"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = dir.path().join("out");
    let reports = parsed(dir.path());
    let index = fs::read_to_string(out.join("index.html")).expect("index page");
    for (page, report) in [
        "000_1e9e9e477dd5dd5a.html",
        "cp932/000_1e9e9e477dd5dd5a.html",
        "plan.html",
    ]
    .iter()
    .zip(&reports)
    {
        let html = fs::read_to_string(out.join(page)).expect("review page");
        for s in &report.sections {
            assert!(html.contains(&s.id), "{page}: {}", s.id);
        }
        assert!(
            index.contains(&format!("<a href=\"./{page}\">")),
            "{page} is linked"
        );
        let sections = report.sections.len();
        assert!(
            index.contains(&format!("<td class=\"n\">{sections}</td>")),
            "{page}"
        );
    }
    assert!(!out.join("empty.html").exists());
    assert!(
        index.contains("<code>in/empty.txt</code></td><td>file is empty</td>"),
        "{index}"
    );
}
