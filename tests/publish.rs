//! Publishing (issue 15): the municipality, tables at every level, the Frictionless data
//! package checked by `frictionless validate` and loaded into DuckDB with its declared types,
//! Japanese headers, Excel-safe CSV, numbers and nulls, stable `report_file`, duplicates, the
//! manifest and stale documents.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{root, stderr, SEED};

/// A plan with targets (no actuals) from the corpus.
const PLAN_TARGETS: &str = "corpus/plan/r5_kyouiku_targets.txt";

/// A folder with `in/` holding the seed, an achievement report and a plan with targets.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to) in [
        (SEED, "in/seed.txt"),
        ("corpus/achievement/r5_kodomo.txt", "in/2023/kodomo.txt"),
        (PLAN_TARGETS, "in/plan/kyouiku.txt"),
    ] {
        let p = dir.path().join(to);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::copy(root().join(from), p).expect("copy input");
    }
    dir
}

fn mokuhyo(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run mokuhyo")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).expect("read")).expect("JSON")
}

/// Runs a Python script with the output folder as its argument; its stdout as JSON.
fn python(script: &str, out: &Path, needs: &str) -> Value {
    let py = Command::new("python3")
        .args(["-c", script])
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): install Python 3 and {needs}"));
    assert!(
        py.status.success(),
        "the Python check failed; if a module is missing, `pip install {needs}` \
         (.ci/run installs it)\n{}",
        String::from_utf8_lossy(&py.stderr)
    );
    serde_json::from_slice(&py.stdout).expect("JSON from the script")
}

/// `frictionless validate` on DIR/datapackage.json: whether valid, and every error.
const FRICTIONLESS: &str = r#"
import json, sys
from frictionless import validate
report = validate(sys.argv[1] + "/datapackage.json")
errors = [
    "%s: %s" % (task.name, e.message)
    for task in report.tasks for e in task.errors
] + [e.message for e in report.errors]
print(json.dumps({"valid": report.valid, "errors": errors[:20],
                  "resources": [t.name for t in report.tasks]}))
"#;

/// Loads every resource of DIR/datapackage.json into DuckDB with the declared types (CSV
/// read with those types, no guessing), and the Parquet files as they are; then counts,
/// joins and the README's example queries.
const DUCKDB: &str = r#"
import json, sys
import duckdb
out = sys.argv[1]
package = json.load(open(out + "/datapackage.json", encoding="utf-8"))
sql_type = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}
con = duckdb.connect()
result = {"tables": {}}
for r in package["resources"]:
    fields = r["schema"]["fields"]
    declared = {f["name"]: sql_type[f["type"]] for f in fields}
    columns = "{" + ", ".join("'%s': '%s'" % (n, t) for n, t in declared.items()) + "}"
    con.execute(
        "create table %s as select * from read_csv('%s/%s', header=true, auto_detect=false, "
        "columns=%s)" % (r["name"], out, r["path"], columns)
    )
    con.execute(
        "create view %s_pq as select * from read_parquet('%s/%s.parquet')" % (r["name"], out, r["name"])
    )
    got = {row[0]: row[1] for row in con.execute("describe %s" % r["name"]).fetchall()}
    pq = {row[0]: row[1] for row in con.execute("describe %s_pq" % r["name"]).fetchall()}
    rows = con.execute("select count(*) from %s" % r["name"]).fetchone()[0]
    pq_rows = con.execute("select count(*) from %s_pq" % r["name"]).fetchone()[0]
    places = con.execute(
        "select distinct municipality, lg_code from %s" % r["name"]).fetchall()
    result["tables"][r["name"]] = {
        "declared": declared, "csv": got, "parquet": pq, "rows": rows, "parquet_rows": pq_rows,
        "places": places,
    }
q = lambda s: con.execute(s).fetchall()
result["indicator_report_joins"] = q(
    "select count(*) from indicators i join report_rows r using (report_file)")[0][0]
result["indicator_section_joins"] = q(
    "select count(*) from indicators i join sections s "
    "on i.report_file = s.report_file and i.section_index = s.section_index")[0][0]
result["indicators_without_one_section"] = q(
    "select count(*) from indicators i where (select count(*) from sections s "
    "where s.report_file = i.report_file and s.section_index = i.section_index) <> 1")[0][0]
result["quantity_joins"] = q(
    "select count(*) from quantities x join indicators i using (report_file, group_index, indicator_index)")[0][0]
result["missions_per_goal"] = q(
    "select sdg_goal, count(distinct (report_file, mission_index)) from mission_sdgs "
    "group by sdg_goal order by sdg_goal")
result["rate_by_year"] = q(
    "select department, fiscal_year, avg(case when achievement_status = 'met' then 1.0 else 0.0 end) "
    "from indicators where kind = 'achievement' and achievement_status is not null "
    "group by all order by all")
result["plan_rows_with_status"] = q(
    "select count(*) from indicators where kind = 'plan' and "
    "(achievement_status is not null or achievement_ratio is not null or achievement_rule is not null)")[0][0]
result["plan_rows"] = q("select count(*) from indicators where kind = 'plan'")[0][0]
print(json.dumps(result, default=str))
"#;

fn count(reports: &[mokuhyo_parse::Report], f: impl Fn(&mokuhyo_parse::Report) -> usize) -> u64 {
    reports.iter().map(|r| f(r) as u64).sum()
}

#[test]
fn data_package_validates_and_loads_into_duckdb_with_its_types() {
    let dir = inputs();
    let o = mokuhyo(
        dir.path(),
        &[
            "batch",
            "in",
            "-o",
            "out",
            "-q",
            "--municipality",
            "真庭市",
            "--lg-code",
            "332143",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");

    let valid = python(FRICTIONLESS, &out, "frictionless");
    assert_eq!(valid["valid"], true, "{valid}");
    assert_eq!(
        valid["resources"].as_array().map(Vec::len),
        Some(6),
        "{valid}"
    );

    let reports: Vec<mokuhyo_parse::Report> =
        ["in/2023/kodomo.txt", "in/plan/kyouiku.txt", "in/seed.txt"]
            .iter()
            .map(|f| {
                let bytes = fs::read(dir.path().join(f)).expect("input");
                mokuhyo_parse::parse(&bytes, f).expect("a report").report
            })
            .collect();
    let got = python(DUCKDB, &out, "duckdb");
    let tables = &got["tables"];
    let want_rows = [
        ("report_rows", reports.len() as u64),
        ("missions", count(&reports, |r| r.missions.len())),
        (
            "mission_sdgs",
            count(&reports, |r| r.missions.iter().map(|m| m.sdgs.len()).sum()),
        ),
        ("sections", count(&reports, |r| r.sections.len())),
        (
            "indicators",
            count(&reports, |r| {
                r.indicator_groups.iter().map(|g| g.indicators.len()).sum()
            }),
        ),
        (
            "quantities",
            count(&reports, |r| {
                r.indicator_groups
                    .iter()
                    .flat_map(|g| &g.indicators)
                    .flat_map(|i| i.target.iter().chain(&i.actual))
                    .map(|v| v.quantities.len())
                    .sum()
            }),
        ),
    ];
    for (name, rows) in want_rows {
        let t = &tables[name];
        assert!(rows > 0, "{name}: the inputs give rows");
        assert_eq!(t["rows"].as_u64(), Some(rows), "{name}");
        assert_eq!(t["parquet_rows"].as_u64(), Some(rows), "{name}");
        // The declared types are the types DuckDB gives the CSV and reads in the Parquet.
        assert_eq!(t["csv"], t["declared"], "{name}");
        assert_eq!(t["parquet"], t["declared"], "{name}");
        assert_eq!(
            t["places"],
            serde_json::json!([["真庭市", "332143"]]),
            "{name}: every row names the municipality"
        );
    }
    let indicators = tables["indicators"]["rows"].as_u64().unwrap();
    assert_eq!(got["indicator_report_joins"].as_u64(), Some(indicators));
    assert_eq!(got["indicator_section_joins"].as_u64(), Some(indicators));
    assert_eq!(got["indicators_without_one_section"], 0);
    assert_eq!(
        got["quantity_joins"].as_u64(),
        tables["quantities"]["rows"].as_u64()
    );
    // Missions per SDG goal, counted from the documents.
    let mut per_goal = std::collections::BTreeMap::<u64, u64>::new();
    for r in &reports {
        for m in &r.missions {
            let mut goals: Vec<u8> = m.sdgs.iter().map(|s| s.goal).collect();
            goals.dedup();
            for g in goals {
                *per_goal.entry(u64::from(g)).or_default() += 1;
            }
        }
    }
    let want: Vec<Value> = per_goal
        .iter()
        .map(|(g, n)| serde_json::json!([g, n]))
        .collect();
    assert_eq!(got["missions_per_goal"], Value::Array(want));
    assert!(!got["rate_by_year"].as_array().expect("rates").is_empty());
    // A plan has no achievement: null status, ratio and rule.
    assert!(got["plan_rows"].as_u64() > Some(0), "the plan has targets");
    assert_eq!(got["plan_rows_with_status"], 0);

    // The documents carry the municipality too.
    let doc = read_json(&out.join("seed.json"));
    assert_eq!(
        doc["municipality"],
        serde_json::json!({"name": "真庭市", "code": "332143", "source": "option"})
    );
}

#[test]
fn japanese_headers_and_a_bom_still_validate() {
    let dir = inputs();
    let o = mokuhyo(
        dir.path(),
        &[
            "batch",
            "in",
            "-o",
            "out",
            "-q",
            "--format",
            "csv",
            "--csv-header",
            "ja",
            "--csv-bom",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let csv = fs::read_to_string(out.join("indicators.csv")).expect("csv");
    let header = csv.lines().next().expect("header");
    assert!(
        header.starts_with("\u{feff}報告書ファイル,SHA-256,年度,年度表記,部局名,"),
        "{header}"
    );
    assert!(header.contains(",指標名,目標値,"), "{header}");
    let valid = python(FRICTIONLESS, &out, "frictionless");
    assert_eq!(valid["valid"], true, "{valid}");
}

#[test]
fn an_ndjson_only_package_describes_and_validates_the_ndjson_tables() {
    let dir = inputs();
    let o = mokuhyo(
        dir.path(),
        &["batch", "in", "-o", "out", "-q", "--format", "ndjson"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let package = read_json(&out.join("datapackage.json"));
    assert_eq!(package["resources"][4]["path"], "indicators.ndjson");
    let valid = python(FRICTIONLESS, &out, "'frictionless[json]'");
    assert_eq!(valid["valid"], true, "{valid}");
}

#[test]
fn bad_lg_code_is_a_usage_error() {
    let dir = inputs();
    for args in [
        &["parse", "in/seed.txt", "--lg-code", "332144"][..],
        &["batch", "in", "-o", "out", "--lg-code", "33214"],
        &[
            "review",
            "in/seed.txt",
            "-o",
            "r.html",
            "--lg-code",
            "abcdef",
        ],
    ] {
        let o = mokuhyo(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("--lg-code"), "{}", stderr(&o));
    }
    assert!(!dir.path().join("out").exists() && !dir.path().join("r.html").exists());
}

#[test]
fn municipality_detected_or_named() {
    let dir = inputs();
    let parse = |extra: &[&str]| {
        let mut args = vec!["parse", "in/seed.txt"];
        args.extend(extra);
        let o = mokuhyo(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).expect("JSON")["municipality"].clone()
    };
    // The seed names 真庭市 far more than any other place.
    assert_eq!(
        parse(&[]),
        serde_json::json!({"name": "真庭市", "code": null, "source": "text"})
    );
    assert_eq!(
        parse(&["--lg-code", "332143"]),
        serde_json::json!({"name": "真庭市", "code": "332143", "source": "option"})
    );
    assert_eq!(
        parse(&["--municipality", "津山市"]),
        serde_json::json!({"name": "津山市", "code": null, "source": "option"})
    );
    // The plan names no place: null rather than a guess.
    let o = mokuhyo(dir.path(), &["parse", "in/plan/kyouiku.txt"]);
    let doc: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["municipality"], Value::Null);
}

/// An achievement report with formula-like text in its cells and a whole-number target.
const FORMULAS: &str = "令和4年度 部局経営目標（達成状況）\n部局名\t=HYPERLINK(\"http://x\")\n\
    (2) 事業成果目標\n1-①+広報の強化 ・発信します。\t指標：@アクセス件数\n\
    \t目標値 60人\t実績値 58人\n";

#[test]
fn excel_mode_defuses_formulas_plain_csv_and_other_formats_stay_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("in")).expect("mkdir");
    fs::write(dir.path().join("in/f.txt"), FORMULAS).expect("write");
    for (out, extra) in [
        ("plain", None),
        ("excel", Some("--excel")),
        ("bom", Some("--csv-bom")),
    ] {
        let mut args = vec!["batch", "in", "-o", out, "-q"];
        args.extend(extra);
        let o = mokuhyo(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let read = |p: &str| fs::read_to_string(dir.path().join(p)).expect(p);
    let plain = read("plain/indicators.csv");
    let excel = read("excel/indicators.csv");
    // --csv-bom, the option for Excel, makes the same CSV as --excel.
    assert_eq!(read("bom/indicators.csv"), excel);
    assert!(excel.starts_with('\u{feff}'), "--excel implies the BOM");
    assert!(!plain.starts_with('\u{feff}'));
    let records = |text: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.expect("record"))
            .collect()
    };
    let (p, e) = (&records(&plain)[0], &records(&excel)[0]);
    // department, indicator_name, section_titles
    assert_eq!(&p[4], "=HYPERLINK(\"http://x\")");
    assert_eq!(&e[4], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&p[10], "@アクセス件数");
    assert_eq!(&e[10], "'@アクセス件数");
    assert_eq!(&e[23], "'+広報の強化");
    // Numbers stay numbers, whole ones without a decimal point.
    assert_eq!((&e[12], &e[15]), ("60", "58"));
    assert_eq!((&p[12], &p[15]), ("60", "58"));
    // NDJSON and Parquet are never altered.
    for out in ["plain", "excel"] {
        let line = read(&format!("{out}/indicators.ndjson"));
        assert!(
            line.contains("\"department\":\"=HYPERLINK(\\\"http://x\\\")\""),
            "{line}"
        );
        assert!(line.contains("\"target_value\":60,"), "{line}");
    }
    assert_eq!(
        fs::read(dir.path().join("plain/indicators.parquet")).expect("parquet"),
        fs::read(dir.path().join("excel/indicators.parquet")).expect("parquet")
    );
}

#[test]
fn report_file_is_relative_and_the_same_from_any_working_directory() {
    let dir = inputs();
    let abs = dir.path().join("in");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let a = mokuhyo(
        dir.path(),
        &["batch", "in", "-o", "a", "-q", "--format", "csv"],
    );
    let b = mokuhyo(
        elsewhere.path(),
        &[
            "batch",
            abs.to_str().expect("utf-8"),
            "-o",
            dir.path().join("b").to_str().expect("utf-8"),
            "-q",
            "--format",
            "csv",
        ],
    );
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    for t in ["report_rows", "indicators", "sections"] {
        let x = fs::read(dir.path().join(format!("a/{t}.csv"))).expect("a");
        let y = fs::read(dir.path().join(format!("b/{t}.csv"))).expect("b");
        assert!(x == y, "{t}.csv differs");
    }
    let text = fs::read_to_string(dir.path().join("a/report_rows.csv")).expect("csv");
    let files: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record")[0].to_string())
        .collect();
    assert_eq!(files, ["2023/kodomo.txt", "plan/kyouiku.txt", "seed.txt"]);
    // A file named directly is named by its file name.
    let o = mokuhyo(
        elsewhere.path(),
        &[
            "batch",
            dir.path().join("in/seed.txt").to_str().unwrap(),
            "-o",
            "c",
            "-q",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = fs::read_to_string(elsewhere.path().join("c/report_rows.ndjson")).expect("ndjson");
    assert!(line.starts_with("{\"report_file\":\"seed.txt\","), "{line}");
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_escaped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("in")).expect("mkdir");
    let name = std::ffi::OsStr::from_bytes(b"r\x93\xfa.txt");
    if fs::write(dir.path().join("in").join(name), FORMULAS).is_err() {
        eprintln!("skipped: this file system refuses names that are not UTF-8");
        return;
    }
    let o = mokuhyo(
        dir.path(),
        &["batch", "in", "-o", "out", "--format", "ndjson"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: ") && err.contains("r\\x93\\xFA.txt"),
        "{err}"
    );
    let line = fs::read_to_string(dir.path().join("out/report_rows.ndjson")).expect("ndjson");
    assert!(
        line.contains("\"report_file\":\"r\\\\x93\\\\xFA.txt\""),
        "{line}"
    );
    assert!(!line.contains('\u{FFFD}'));
}

#[test]
fn duplicates_reported_and_skipped_on_request() {
    let dir = inputs();
    fs::copy(
        dir.path().join("in/seed.txt"),
        dir.path().join("in/plan/copy.txt"),
    )
    .expect("copy");
    let o = mokuhyo(dir.path(), &["batch", "in", "-o", "all", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("\nwarning: seed.txt: same content as plan/copy.txt\n4 reports,"),
        "{}",
        stderr(&o)
    );
    // Quiet means quiet: the summary lists them all the same.
    let o = mokuhyo(
        dir.path(),
        &["batch", "in", "-o", "all", "--format", "csv", "-q"],
    );
    assert_eq!(stderr(&o), "");
    let summary = read_json(&dir.path().join("all/summary.json"));
    assert_eq!(summary["reports"], 4);
    let sha = mokuhyo_parse::sha256_hex(&fs::read(dir.path().join("in/seed.txt")).unwrap());
    assert_eq!(
        summary["duplicates"],
        serde_json::json!([{"sha256": sha, "files": ["plan/copy.txt", "seed.txt"]}])
    );

    let o = mokuhyo(
        dir.path(),
        &[
            "batch",
            "in",
            "-o",
            "one",
            "--format",
            "csv",
            "--skip-duplicates",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("seed.txt: same content as plan/copy.txt; skipped"));
    let summary = read_json(&dir.path().join("one/summary.json"));
    assert_eq!(summary["reports"], 3);
    assert_eq!(summary["duplicates"][0]["files"][1], "seed.txt");
    let rows = fs::read_to_string(dir.path().join("one/report_rows.csv")).expect("csv");
    assert!(
        rows.contains("\nplan/copy.txt,") && !rows.contains("\nseed.txt,"),
        "{rows}"
    );
}

#[test]
fn stale_documents_reported_then_cleaned_and_nothing_else_touched() {
    let dir = inputs();
    let run = |extra: &[&str]| {
        let mut args = vec!["batch", "in", "-o", "out", "--format", "json", "--review"];
        args.extend(extra);
        mokuhyo(dir.path(), &args)
    };
    let o = run(&["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    // The user's own files in the output folder.
    fs::write(out.join("notes.json"), b"{\"schema_version\": \"mine\"}").expect("write");
    fs::write(out.join("notes.html"), b"<!DOCTYPE html><p>mine").expect("write");
    fs::write(out.join("data.csv"), b"a,b\n").expect("write");
    fs::rename(
        dir.path().join("in/plan/kyouiku.txt"),
        dir.path().join("in/plan/renamed.txt"),
    )
    .expect("rename");

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 document(s) from an earlier run"),
        "{}",
        stderr(&o)
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(
        summary["stale"],
        serde_json::json!(["plan/kyouiku.html", "plan/kyouiku.json"])
    );
    assert_eq!(summary["stale_removed"], false);
    assert!(out.join("plan/kyouiku.json").is_file(), "only reported");

    let o = run(&["-q", "--clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["stale_removed"], true);
    assert!(!out.join("plan/kyouiku.json").exists());
    assert!(!out.join("plan/kyouiku.html").exists());
    for f in [
        "notes.json",
        "notes.html",
        "data.csv",
        "plan/renamed.json",
        "index.html",
    ] {
        assert!(out.join(f).is_file(), "{f} kept");
    }
    let files: Vec<&str> = summary["files"]
        .as_array()
        .expect("manifest")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert!(
        files.contains(&"plan/renamed.json") && files.contains(&"index.html"),
        "{files:?}"
    );
    assert!(!files.contains(&"notes.json"));
}

#[test]
fn an_input_named_like_the_data_package_is_refused_not_overwritten() {
    let dir = inputs();
    fs::copy(
        dir.path().join("in/seed.txt"),
        dir.path().join("in/datapackage.txt"),
    )
    .expect("copy");
    let o = mokuhyo(dir.path(), &["batch", "in", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "datapackage.txt: output out/datapackage.json is one of the batch's own files"
        ),
        "{}",
        stderr(&o)
    );
    let package = read_json(&dir.path().join("out/datapackage.json"));
    assert_eq!(package["profile"], "tabular-data-package");
    // Without tables there is no package, and the document is written.
    let o = mokuhyo(
        dir.path(),
        &["batch", "in", "-o", "docs", "-q", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = read_json(&dir.path().join("docs/datapackage.json"));
    assert_eq!(doc["source"]["file"], "in/datapackage.txt");
}

/// The manifest in `summary.json` names every file the batch wrote but the summary itself,
/// each with its size and SHA-256 as it is on disk: documents and review pages (hashed from
/// the bytes their worker wrote) as well as the tables and the index (read back).
#[test]
fn the_manifest_is_every_file_as_it_is_on_disk() {
    let dir = inputs();
    let o = mokuhyo(dir.path(), &["batch", "in", "-o", "out", "-q", "--review"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let summary = read_json(&out.join("summary.json"));
    let mut listed = Vec::new();
    for f in summary["files"].as_array().expect("manifest") {
        let path = f["path"].as_str().expect("path");
        let bytes = fs::read(out.join(path)).expect("a listed file");
        assert_eq!(f["bytes"], bytes.len(), "{path}");
        assert_eq!(f["sha256"], mokuhyo_parse::sha256_hex(&bytes), "{path}");
        listed.push(path.to_string());
    }
    let mut on_disk: Vec<String> = common::tree(&out)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    on_disk.retain(|p| p != "summary.json");
    on_disk.sort();
    listed.sort();
    assert_eq!(listed, on_disk);
    for kind in [".json", ".html", ".csv", ".parquet", ".ndjson"] {
        assert!(listed.iter().any(|p| p.ends_with(kind)), "no {kind} file");
    }
}
