//! Workbooks in which several sheets hold a report (`corpus/sheets/`, made by
//! `scripts/make_grid_fixtures.py --sheets`): `parse` and `review` pick one sheet or say how,
//! `batch` writes a document per sheet; inputs of one folder that share a stem all get a
//! document; `batch --review` draws a PDF's pages as `review` does.

use std::fs;
use std::path::Path;

use serde_json::Value as Json;

mod common;
use common::{mokuhyo, root, s, stderr};

const BOOK: &str = "corpus/sheets/two_reports.xlsx";

/// The report sheets of [`BOOK`], in order, each with the workbook that holds it alone.
const SHEETS: [(&str, &str); 2] = [
    ("子ども未来部", "corpus/xlsx/r5_kodomo.xlsx"),
    ("土木部", "corpus/sheets/s63_doboku.xlsx"),
];

/// The message of `mokuhyo ARGS`, which must fail with exit status 1.
fn failure(args: &[&str]) -> String {
    let out = mokuhyo(args);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    stderr(&out)
}

/// The document `mokuhyo parse ARGS` writes.
fn parse(args: &[&str]) -> Json {
    let mut all = vec!["parse"];
    all.extend(args);
    let out = mokuhyo(&all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn each_report_sheet_is_the_report_of_its_own_workbook() {
    for (sheet, alone) in SHEETS {
        let doc = parse(&["--sheet", sheet, BOOK]);
        let want = parse(&[alone]);
        assert!(!want["sections"].as_array().unwrap().is_empty(), "{alone}");
        assert_eq!(
            common::strip_provenance(&doc, false),
            common::strip_provenance(&want, false),
            "{sheet} differs from {alone}"
        );
        assert_eq!(doc["source"]["file"], format!("{BOOK}#{sheet}"));
        assert_eq!(doc["source"]["sheets"], 3, "the notes sheet is counted");
        for m in doc["missions"].as_array().unwrap() {
            for c in m["cells"].as_array().unwrap() {
                assert_eq!(c["sheet"], sheet, "{m}");
            }
        }
        // `BOOK#SHEET` names the same report when no file has that name.
        let hashed = parse(&[&format!("{BOOK}#{sheet}")]);
        assert_eq!(hashed, doc);
    }
    let one = parse(&["--sheet", SHEETS[0].0, BOOK]);
    let two = parse(&["--sheet", SHEETS[1].0, BOOK]);
    assert_ne!(one["department"], two["department"]);
}

#[test]
fn err_several_report_sheets_and_none_picked_says_how_to_pick() {
    let out = mokuhyo(["parse", BOOK]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: {BOOK}: 2 sheets hold a report (子ども未来部, 土木部)"
        )),
        "{err}"
    );
    // The command the message gives works as it is written.
    let start = err.find('`').expect("a command") + 1;
    let end = start + err[start..].find('`').expect("its end");
    let words: Vec<&str> = err[start..end].split_whitespace().collect();
    assert_eq!(words[..2], ["mokuhyo", "parse"]);
    let doc = parse(&words[2..]);
    assert_eq!(doc["source"]["file"], format!("{BOOK}#子ども未来部"));

    let page = tempfile::tempdir().unwrap();
    let html = page.path().join("p.html");
    let out = mokuhyo(["review", BOOK, "-o", s(&html)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!(
        "`mokuhyo review --sheet 子ども未来部 {BOOK} -o {}`",
        s(&html)
    )));
    assert!(!html.exists(), "nothing written");
    let out = mokuhyo(["review", "--sheet", "土木部", BOOK, "-o", s(&html)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read_to_string(&html).unwrap().contains("土木部"));
}

#[test]
fn err_a_sheet_without_a_report_or_no_such_sheet() {
    let err = failure(&["parse", "--sheet", "メモ", BOOK]);
    assert!(err.contains("sheet メモ holds no report"), "{err}");
    let err = failure(&["parse", "--sheet", "総務部", BOOK]);
    assert!(
        err.contains("no sheet named 総務部 (sheets with a report: 子ども未来部, 土木部)"),
        "{err}"
    );
    let err = failure(&["parse", "--sheet", "x", "corpus/achievement/r5_kodomo.txt"]);
    assert!(err.contains("not one"), "{err}");
    // With -v the sheet without a report is named; without, it is not an error.
    let out = mokuhyo(["parse", "-v", "--sheet", "土木部", BOOK]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("note: corpus/sheets/two_reports.xlsx: sheet メモ holds no report")
    );
    let out = mokuhyo(["parse", "--sheet", "土木部", BOOK]);
    assert!(!stderr(&out).contains("メモ"), "{}", stderr(&out));
}

fn read_json(p: &Path) -> Json {
    serde_json::from_str(&fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

#[test]
fn batch_writes_a_document_per_report_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::copy(root().join(BOOK), input.join("two_reports.xlsx")).unwrap();
    fs::copy(root().join(SHEETS[1].1), input.join("doboku.xlsx")).unwrap();
    fs::copy(root().join(BOOK), input.join("z_copy.xlsx")).unwrap();
    let out = dir.path().join("out");
    let run = mokuhyo([
        "batch",
        s(&input),
        "-o",
        s(&out),
        "--format",
        "json,ndjson",
        "--review",
        "-v",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("two_reports.xlsx: sheet メモ holds no report"),
        "{}",
        stderr(&run)
    );
    assert!(!out.join("two_reports.json").exists());
    for (sheet, _) in SHEETS {
        let doc = read_json(&out.join(format!("two_reports#{sheet}.json")));
        let want = parse(&["--sheet", sheet, BOOK]);
        assert_eq!(
            common::strip_provenance(&doc, false),
            common::strip_provenance(&want, false),
            "{sheet}"
        );
        assert_eq!(
            doc["source"]["file"],
            format!("{}#{sheet}", input.join("two_reports.xlsx").display())
        );
        let page = fs::read_to_string(out.join(format!("two_reports#{sheet}.html"))).unwrap();
        assert!(page.contains(want["department"].as_str().unwrap()));
    }
    // One row per report in the tables, each sheet its own report.
    let rows: Vec<Json> = fs::read_to_string(out.join("report_rows.ndjson"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let files: Vec<&str> = rows
        .iter()
        .map(|r| r["report_file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "doboku.xlsx",
            "two_reports.xlsx#子ども未来部",
            "two_reports.xlsx#土木部",
            "z_copy.xlsx#子ども未来部",
            "z_copy.xlsx#土木部",
        ]
    );
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["reports"], 5);
    assert_eq!(summary["failed"], 0);
    // The sheets of one file are no duplicates of each other; two copies of a workbook are,
    // named as files.
    let duplicates = summary["duplicates"].as_array().unwrap();
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
    assert_eq!(
        duplicates[0]["files"],
        serde_json::json!(["two_reports.xlsx", "z_copy.xlsx"])
    );
    // The index links every sheet's page, `#` written so that it is not a fragment.
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("two_reports%23"), "{index}");
    assert!(!index.contains("href=\"./two_reports#"));
}

#[test]
fn batch_sheet_document_never_takes_another_inputs_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::copy(root().join(BOOK), input.join("b.xlsx")).unwrap();
    // A text report whose own document is `b#土木部.json`, the name of a sheet's document.
    fs::copy(
        root().join("corpus/achievement/r5_kodomo.txt"),
        input.join("b#土木部.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = mokuhyo(["batch", s(&input), "-o", s(&out), "--format", "json"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("b.xlsx#土木部: output"), "{err}");
    assert!(err.contains("is already written for"), "{err}");
    // The text report's document is its own, and the other sheet is written.
    let doc = read_json(&out.join("b#土木部.json"));
    assert_eq!(doc["source"]["format"], "text");
    assert!(out.join("b#子ども未来部.json").is_file());
}

#[test]
fn batch_inputs_sharing_a_stem_each_get_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for (from, to) in [
        ("corpus/achievement/r5_kodomo.txt", "x.txt"),
        ("corpus/xlsx/r5_kodomo.xlsx", "x.xlsx"),
        ("corpus/xlsx/r5_kodomo.xls", "x.xls"),
        ("corpus/pdf/r5_kodomo.libreoffice-a4.pdf", "x.pdf"),
        ("corpus/achievement/r4_sangyou_dup.txt", "y.txt"),
    ] {
        fs::copy(root().join(from), input.join(to)).unwrap();
    }
    let out = dir.path().join("out");
    let run = mokuhyo(["batch", s(&input), "-o", s(&out), "--format", "json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    for (name, format) in [
        ("x.txt.json", "text"),
        ("x.xlsx.json", "xlsx"),
        ("x.xls.json", "xls"),
        ("x.pdf.json", "pdf"),
        ("y.json", "text"),
    ] {
        assert_eq!(
            read_json(&out.join(name))["source"]["format"],
            format,
            "{name}"
        );
    }
    assert!(!out.join("x.json").exists());
    assert_eq!(read_json(&out.join("summary.json"))["reports"], 5);
}

#[test]
fn batch_review_page_of_a_pdf_draws_its_pages_as_review_does() {
    let rel = "corpus/pdf/r5_kodomo.chromium-a4.pdf";
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("alone.html");
    let run = mokuhyo(["review", rel, "-o", s(&alone)]);
    assert!(run.status.success(), "{}", stderr(&run));
    let want = fs::read_to_string(&alone).unwrap();
    let pages = parse(&[rel])["source"]["pages"].as_u64().unwrap() as usize;
    assert_eq!(want.matches("<svg xmlns").count(), pages);
    assert!(want.contains("class=\"pdf-box\""));

    let out = dir.path().join("out");
    let run = mokuhyo(["batch", rel, "-o", s(&out), "--format", "json", "--review"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let got = fs::read_to_string(out.join("r5_kodomo.chromium-a4.html")).unwrap();
    // The file is named the same way in both, so the pages are the same page.
    assert_eq!(got, want);
}

/// `parse --grid` prints every sheet's grid after a `# sheet:` line; with `--sheet` (or
/// `BOOK#SHEET`) one sheet's alone, the very text of that sheet in the whole listing.
#[test]
fn parse_grid_of_one_sheet() {
    let grid = |args: &[&str]| {
        let mut all = vec!["parse", "--grid"];
        all.extend(args);
        let out = mokuhyo(&all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let all = grid(&[BOOK]);
    for (sheet, _) in SHEETS {
        let one = grid(&["--sheet", sheet, BOOK]);
        assert!(!one.contains("# sheet:"), "{one}");
        assert!(!one.is_empty());
        assert!(
            all.contains(&format!("# sheet: {sheet}\n{one}")),
            "{sheet}'s grid is not the one in the whole listing"
        );
        assert_eq!(grid(&[&format!("{BOOK}#{sheet}")]), one);
    }
    assert_ne!(
        grid(&["--sheet", SHEETS[0].0, BOOK]),
        grid(&["--sheet", SHEETS[1].0, BOOK])
    );
    let err = failure(&["parse", "--grid", "--sheet", "無い", BOOK]);
    assert!(err.contains("no sheet named 無い has cells"), "{err}");
    assert!(err.contains(SHEETS[1].0), "the sheets are listed: {err}");
    let pdf = "corpus/pdf/r5_kodomo.libreoffice-a4.pdf";
    let err = failure(&["parse", "--grid", "--sheet", "x", pdf]);
    assert!(err.contains("not one"), "{err}");
}

/// [`BOOK`] with `土木部` renamed `name`, written to `path`: every part copied as it is but
/// `xl/workbook.xml`, where the sheet names are.
fn book_with_second_report_named(name: &str, path: &Path) {
    use std::io::{Read, Write};
    let mut zip =
        zip::ZipArchive::new(fs::File::open(root().join(BOOK)).expect("book")).expect("a zip");
    let mut out = zip::ZipWriter::new(fs::File::create(path).expect("create"));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        let part_name = part.name().expect("part name").to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("read part");
        if part_name == "xl/workbook.xml" {
            let xml = String::from_utf8(bytes).expect("UTF-8");
            assert!(xml.contains("name=\"土木部\""));
            bytes = xml
                .replace("name=\"土木部\"", &format!("name=\"{name}\""))
                .into_bytes();
        }
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .expect("start part");
        out.write_all(&bytes).expect("write part");
    }
    out.finish().expect("finish");
}

/// Two report sheets whose names differ only in Unicode normalization (`ど` as one
/// character and as `と` with a mark) give two documents whose names are one where the
/// output folder does not tell them apart (a hard link from the lock file's name in
/// capitals stands in for such a folder): the second is a failure, not an overwrite.
#[test]
fn sheets_whose_names_the_folder_takes_for_one_do_not_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book.xlsx");
    book_with_second_report_named("子と\u{3099}も未来部", &book);
    let out = dir.path().join("out");
    common::case_folding_folder(&out);
    let o = mokuhyo(["batch", s(&book), "-o", s(&out), "-q", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("already written for"), "{err}");
    assert!(err.contains("子と\u{3099}も未来部"), "{err}");
    let docs: Vec<String> = common::names(&out)
        .into_iter()
        .filter(|n| n.starts_with("book#"))
        .collect();
    assert_eq!(docs, ["book#子ども未来部.json"]);
    // Where the folder tells them apart, both are written.
    let out2 = dir.path().join("out2");
    let o = mokuhyo(["batch", s(&book), "-o", s(&out2), "-q", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs = common::names(&out2);
    assert!(
        docs.iter().filter(|n| n.starts_with("book#")).count() == 2,
        "{docs:?}"
    );
}
