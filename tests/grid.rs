//! PDF and workbook input, end to end: the fixtures in `corpus/pdf/` and `corpus/xlsx/`
//! (made by `scripts/make_grid_fixtures.py` from the text reports) give valid documents whose
//! records point back into the original, the same structure as the text they were made from,
//! and the broken files in `corpus/grid_errors/` give clear errors.

use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;

mod common;
use common::{mokuhyo, root};

/// Fixtures of one folder, relative to the repository root, sorted.
fn fixtures(dir: &str) -> Vec<String> {
    common::names(&root().join(dir))
        .into_iter()
        .map(|n| format!("{dir}/{n}"))
        .collect()
}

fn grid_fixtures() -> Vec<String> {
    let mut all = fixtures("corpus/pdf");
    all.extend(fixtures("corpus/xlsx"));
    all
}

/// The document of `rel` as `mokuhyo parse` writes it (validated on the way out).
fn parse(rel: &str) -> Json {
    let out = mokuhyo(["parse", rel]);
    assert!(
        out.status.success(),
        "{rel}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The `bbox` of a box: x0, y0, x1, y1.
fn bbox(b: &Json) -> Vec<f64> {
    b["bbox"]
        .as_array()
        .expect("a bbox")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

/// Every record that carries lines, with its path in the document.
fn records(doc: &Json) -> Vec<(String, &Json)> {
    let mut out = Vec::new();
    for key in ["missions", "sections", "indicator_groups", "unparsed"] {
        for (i, r) in doc[key].as_array().expect("array").iter().enumerate() {
            out.push((format!("{key}/{i}"), r));
        }
    }
    for (i, d) in doc["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .enumerate()
    {
        if !d["line"].is_null() {
            out.push((format!("diagnostics/{i}"), d));
        }
    }
    out
}

#[test]
fn there_are_enough_fixtures_from_two_generators() {
    let pdfs = fixtures("corpus/pdf");
    assert!(pdfs.len() >= 8, "{pdfs:?}");
    for generator in ["chromium", "libreoffice"] {
        assert!(
            pdfs.iter().filter(|p| p.contains(generator)).count() >= 3,
            "{generator}"
        );
    }
    assert!(fixtures("corpus/xlsx").len() >= 2);
}

#[test]
fn every_fixture_gives_a_document_with_boxes_or_cells() {
    let range = regex::Regex::new(r"^[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?$").unwrap();
    for rel in grid_fixtures() {
        let doc = parse(&rel);
        let src = &doc["source"];
        let is_pdf = rel.ends_with(".pdf");
        let ext = Path::new(&rel).extension().unwrap().to_str().unwrap();
        assert_eq!(src["format"], ext, "{rel}");
        let bytes = std::fs::metadata(root().join(&rel)).unwrap().len();
        assert_eq!(
            src["bytes"], bytes,
            "{rel}: source.bytes is the original's size"
        );
        let pages = src["pages"].as_u64();
        if is_pdf {
            assert!(pages.is_some_and(|p| p >= 1), "{rel}");
            assert!(src["sheets"].is_null(), "{rel}");
        } else {
            assert!(src["sheets"].as_u64().is_some_and(|s| s >= 1), "{rel}");
            assert!(pages.is_none(), "{rel}");
        }
        assert!(!doc["sections"].as_array().unwrap().is_empty(), "{rel}");
        for (at, r) in records(&doc) {
            let boxes = r["boxes"].as_array().unwrap();
            let cells = r["cells"].as_array().unwrap();
            if is_pdf {
                assert!(!boxes.is_empty(), "{rel}: {at} has no boxes");
                assert!(cells.is_empty(), "{rel}: {at}");
                for b in boxes {
                    let page = b["page"].as_u64().unwrap();
                    assert!(
                        page >= 1 && page <= pages.unwrap(),
                        "{rel}: {at}: page {page}"
                    );
                    let bb = bbox(b);
                    assert!(bb[0] < bb[2] && bb[1] < bb[3], "{rel}: {at}: {bb:?}");
                    assert!(
                        bb.iter().all(|v| (-1.0..=1700.0).contains(v)),
                        "{rel}: {bb:?}"
                    );
                }
            } else {
                assert!(!cells.is_empty(), "{rel}: {at} has no cells");
                assert!(boxes.is_empty(), "{rel}: {at}");
                for c in cells {
                    assert!(range.is_match(c["range"].as_str().unwrap()), "{rel}: {c}");
                }
            }
        }
        let name = rel.replace(['/', '.', '#'], "_");
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, description => rel.clone() }, {
            insta::assert_json_snapshot!(name, doc);
        });
    }
}

/// The title's box on page 1 holds the title: the box is where the text is, not anywhere.
#[test]
fn a_sections_box_holds_its_text_on_the_page() {
    let rel = "corpus/pdf/r5_kodomo.chromium-a4.pdf";
    let doc = parse(rel);
    let bytes = std::fs::read(root().join(rel)).unwrap();
    let pages = mokuhyo_grid::pdf::read(&bytes).unwrap();
    for s in doc["sections"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let b = &s["boxes"][0];
        let page = &pages[b["page"].as_u64().unwrap() as usize - 1];
        let bb = bbox(b);
        // Glyphs inside the box (y up in the document, y down on the drawn page).
        let inside: String = page
            .glyphs
            .iter()
            .filter(|g| {
                let y_up = page.height - g.cy();
                bb[0] <= g.cx() && g.cx() <= bb[2] && bb[1] <= y_up && y_up <= bb[3]
            })
            .map(|g| g.text.as_str())
            .collect();
        assert!(
            inside.contains(id),
            "{rel}: the first box of {id} holds {inside:?}"
        );
    }
}

/// The document without what may differ between the formats of one report: `source`, the
/// provenance (line numbers, character spans, boxes, cells) and white space (a PDF keeps no space at a wrap).
fn structure(doc: &Json) -> Json {
    common::strip_provenance(doc, true)
}

#[test]
fn one_report_as_text_pdf_and_workbook_gives_one_structure() {
    let cases = [
        (
            "corpus/achievement/r5_kodomo.txt",
            vec![
                "corpus/pdf/r5_kodomo.chromium-a4.pdf",
                "corpus/pdf/r5_kodomo.libreoffice-a4.pdf",
                "corpus/xlsx/r5_kodomo.xlsx",
                "corpus/xlsx/r5_kodomo.xls",
                "corpus/xlsx/r5_kodomo.ods",
                "corpus/xlsx/r5_kodomo.with_notes.xlsx",
                // Working notes in a hidden row and a hidden column are not content.
                "corpus/xlsx/r5_kodomo.hidden.xlsx",
            ],
        ),
        (
            "seeds/000_1e9e9e477dd5dd5a.txt",
            vec![
                "corpus/pdf/000_seed.chromium-a3-landscape.pdf",
                "corpus/pdf/000_seed.libreoffice-houganshi-a3-landscape.pdf",
            ],
        ),
        (
            "corpus/achievement/r1_kankyou.txt",
            vec![
                "corpus/pdf/r1_kankyou.libreoffice-houganshi-a4.pdf",
                "corpus/xlsx/r1_kankyou.houganshi.xlsx",
            ],
        ),
    ];
    for (text, others) in cases {
        let want = structure(&parse(text));
        assert!(want["indicator_groups"].as_array().unwrap().len() >= 3);
        for other in others {
            let got = structure(&parse(other));
            assert!(got == want, "{other} differs from {text}");
        }
    }
    // Without the white-space allowance, a workbook (which keeps the text as typed) agrees
    // exactly, and so does the Chromium PDF of the same report.
    let text = common::strip_provenance(&parse("corpus/achievement/r5_kodomo.txt"), false);
    assert_eq!(text["indicator_groups"].as_array().unwrap().len(), 5);
    for other in [
        "corpus/xlsx/r5_kodomo.xlsx",
        "corpus/pdf/r5_kodomo.chromium-a4.pdf",
    ] {
        assert_eq!(
            common::strip_provenance(&parse(other), false),
            text,
            "{other}"
        );
    }
}

#[test]
fn a_workbook_with_one_report_sheet_names_the_sheet() {
    let doc = parse("corpus/xlsx/r5_kodomo.with_notes.xlsx");
    assert_eq!(
        doc["source"]["file"],
        "corpus/xlsx/r5_kodomo.with_notes.xlsx#目標"
    );
    assert_eq!(doc["source"]["sheets"], 2);
    assert_eq!(doc["missions"][0]["cells"][0]["sheet"], "目標");
}

#[test]
fn parse_grid_prints_the_rebuilt_text() {
    let out = mokuhyo(["parse", "--grid", "corpus/pdf/r5_kodomo.libreoffice-a4.pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "令和5年度 部局経営目標（達成状況）");
    assert_eq!(lines[1], "年度\t令和5年度\t作成日\t令和6年3月29日");
    // A label-prefixed value row keeps its leading empty cell.
    assert!(lines.contains(&"\t目標値 9月\t実績値 9月\t評価 9月議会で条例を改正し、10月の受診分から助成を始めた。\t次年度への課題 制度の周知を学校を通じて行う。"));
    // Its lines are the lines the document points at.
    let doc = parse("corpus/pdf/r5_kodomo.libreoffice-a4.pdf");
    for s in doc["sections"].as_array().unwrap() {
        let line = s["lines"]["start"].as_u64().unwrap() as usize;
        assert!(lines[line - 1].contains(s["id"].as_str().unwrap()), "{s}");
    }
    let out = mokuhyo(["parse", "--grid", "corpus/achievement/r5_kodomo.txt"]);
    assert_eq!(out.status.code(), Some(1));
}

fn error_of(rel: &str) -> String {
    let out = mokuhyo(["parse", rel]);
    assert_eq!(out.status.code(), Some(1), "{rel}");
    assert!(out.stdout.is_empty(), "{rel}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with(&format!("error: {rel}: ")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn err_a_scan_says_so_and_suggests_ocr() {
    let err = error_of("corpus/grid_errors/scanned.pdf");
    assert!(
        err.contains("no text layer") && err.contains("OCR"),
        "{err}"
    );
}

#[test]
fn err_encrypted_damaged_and_truncated_pdfs() {
    assert!(error_of("corpus/grid_errors/encrypted.pdf").contains("password-protected"));
    for rel in [
        "corpus/grid_errors/damaged.pdf",
        "corpus/grid_errors/truncated.pdf",
    ] {
        let err = error_of(rel);
        assert!(
            err.contains("damaged or truncated") || err.contains("no text"),
            "{err}"
        );
    }
}

/// A workbook on which the workbook reader itself panics (found by the `grid` fuzz target):
/// an error for that file, and no panic message.
#[test]
fn err_a_reader_panic_is_a_damaged_file() {
    let err = error_of("corpus/grid_errors/fuzz-cfb-slice.xls");
    assert_eq!(
        err,
        "error: corpus/grid_errors/fuzz-cfb-slice.xls: file is damaged or truncated: the workbook reader failed on its content\n"
    );
}

#[test]
fn err_password_protected_corrupt_and_reportless_workbooks() {
    assert!(error_of("corpus/grid_errors/password.xlsx").contains("password-protected"));
    assert!(error_of("corpus/grid_errors/corrupt.xlsx").contains("damaged or truncated"));
    let err = error_of("corpus/grid_errors/no_report.xlsx");
    assert!(
        err.contains("no sheet holds a report (sheets: 集計)"),
        "{err}"
    );
}

/// Cut anywhere, a fixture gives a document or an error, never a panic or a hang.
#[test]
fn err_every_prefix_of_a_pdf_is_handled() {
    let bytes = std::fs::read(root().join("corpus/pdf/r5_kodomo.libreoffice-a4.pdf")).unwrap();
    for cut in (0..bytes.len()).step_by(bytes.len() / 40 + 1) {
        let Some(f) = mokuhyo_grid::sniff(&bytes[..cut]) else {
            continue;
        };
        match mokuhyo_grid::report::read(&bytes[..cut], f, "cut.pdf") {
            Ok(r) => assert!(!r.report.sections.is_empty(), "cut at {cut}"),
            Err(e) => assert!(
                e.starts_with(char::is_lowercase) || e.starts_with("PDF"),
                "{e}"
            ),
        }
    }
}

/// The review page of a PDF in headless Chromium: selecting a section shows exactly that
/// section's boxes (as the JSON document gives them) on the drawn pages. The page is loaded
/// with a script that clicks the first section once loaded and writes what is highlighted
/// into the DOM, which `--dump-dom` prints; a screenshot goes to
/// `target/tmp/review/pdf.png`.
#[cfg(unix)]
#[test]
fn review_page_of_a_pdf_highlights_the_selected_sections_boxes() {
    let chromium = std::env::var_os("MOKUHYO_CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    assert!(
        chromium.is_file(),
        "the review test needs chromium (.ci/run installs it)"
    );
    let rel = "corpus/pdf/r5_kodomo.chromium-a4.pdf";
    let dir = root().join("target/tmp/review");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("pdf.html");
    let out = mokuhyo(["review", rel, "-o", page.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        html.matches("<svg xmlns").count(),
        2,
        "one drawing per page"
    );
    let probe = r##"<script>
window.addEventListener("load", function () {
  var f = document.querySelector('[data-section-index="0"]');
  f.click();
  var on = [].map.call(document.querySelectorAll("#pdf-pages .pdf-box.on"), function (e) {
    return {
      page: +e.ownerSVGElement.getAttribute("data-page"),
      x: +e.getAttribute("x"), y: +e.getAttribute("y"),
      w: +e.getAttribute("width"), h: +e.getAttribute("height"),
      visible: getComputedStyle(e).display !== "none"
    };
  });
  var hidden = document.querySelectorAll("#pdf-pages .pdf-box:not(.on)").length;
  document.body.setAttribute("data-probe", JSON.stringify({ on: on, hidden: hidden }));
});
</script></body>"##;
    let probed = dir.join("pdf-probe.html");
    std::fs::write(&probed, html.replacen("</body>", probe, 1)).unwrap();
    let url = format!("file://{}", probed.display());
    let profile = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(&url)
            .output()
            .expect("run chromium")
    };
    let dom = String::from_utf8(run(&["--dump-dom"]).stdout).unwrap();
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    let probe: Json = serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).unwrap();
    let doc = parse(rel);
    let want = doc["sections"][0]["boxes"].as_array().unwrap();
    let got = probe["on"].as_array().unwrap();
    assert!(!want.is_empty());
    assert_eq!(got.len(), want.len(), "{probe}");
    assert!(
        probe["hidden"].as_u64().unwrap() > 0,
        "other fields' boxes stay hidden"
    );
    let height = 841.92; // A4, as the fixture's pages are
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g["page"], w["page"]);
        assert_eq!(g["visible"], true);
        let bb = bbox(w);
        let near = |a: f64, b: f64| (a - b).abs() < 0.05;
        assert!(near(g["x"].as_f64().unwrap(), bb[0]), "{g} vs {bb:?}");
        assert!(
            near(g["w"].as_f64().unwrap(), bb[2] - bb[0]),
            "{g} vs {bb:?}"
        );
        assert!(
            near(g["y"].as_f64().unwrap(), height - bb[3]),
            "{g} vs {bb:?}"
        );
        assert!(
            near(g["h"].as_f64().unwrap(), bb[3] - bb[1]),
            "{g} vs {bb:?}"
        );
    }
    let shot = dir.join("pdf.png");
    let _ = std::fs::remove_file(&shot);
    run(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=1400,1800",
    ]);
    assert!(std::fs::metadata(&shot)
        .map(|m| m.len() > 10_000)
        .unwrap_or(false));
}
