//! Linear time: every stage must grow in proportion to its input.
//!
//! Each test builds one input shape at 1×, 10× and 100× its base size, times the parse and
//! then the validation and JSON of the result (best of a few runs), and fails when the time
//! grows more than three times faster than the input: a quadratic stage would show 100× per
//! step of 10×, a linear one 10×.
//!
//! The tests are `#[ignore]`d because they take a few seconds and measure time; run them in
//! release mode with `just stress`.

use mokuhyo_export::Validator;
use std::time::{Duration, Instant};

/// How much faster than the input a stage's time may grow before it counts as super-linear.
const SLACK: f64 = 3.0;
/// Runs per measurement; the fastest counts.
const RUNS: usize = 3;

/// A report whose goals part holds `sections` sections, each with its own indicator list and
/// value row.
fn many_sections(sections: usize) -> String {
    let mut s = String::from(
        "令和4年度 部局経営目標（達成状況）\n年度\t令和4年度\t作成日\t令和5年3月31日\n\
         部局名\t総合政策部\t部局長名\t有元 均\n(2) 事業成果目標  指標名及び目標値\n",
    );
    for i in 0..sections {
        let major = i / 20 % 99 + 1;
        let minor = char::from_u32(0x2460 + (i % 20) as u32).expect("circled");
        s.push_str(&format!(
            "{major}-{minor}広報の強化{i} ・情報発信を強化します。 ・ＳＮＳを活用します。\t\
             指標：①アクセス件数、②登録団体数\n\
             \t目標値 ①450万件 ②40団体\t実績値 ①587万件 ②新規登録146団体\t評価 達成した。\t\
             次年度への課題 継続する。\n"
        ));
    }
    s
}

/// A report with one section whose line holds `bullets` bullet items.
fn long_line(bullets: usize) -> String {
    let mut s = String::from(
        "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n1-①広報の強化",
    );
    for i in 0..bullets {
        s.push_str(&format!(" ・情報発信を（{i}）強化します。"));
    }
    s.push_str("\t指標：①アクセス件数\n\t目標値 ①450万件\t実績値 ①587万件\n");
    s
}

/// A report whose mission line holds `items` mission items, as the seed's does.
fn long_mission_line(items: usize) -> String {
    let mut s = String::from(
        "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
         （1）部局の役割・使命（ミッション）・経営方針\t\t\n",
    );
    for i in 0..items {
        s.push_str(&format!(
            "<p>{}. 地域の推進{i}【No.17：パートナーシップで目標を達成しよう】 市民とともに進めます。</p> ",
            i + 1
        ));
    }
    s.push_str("\n(2) 事業成果目標\n1-①広報 ・発信します。\t指標：アクセス件数\n\t目標値 10件\t実績値 12件\n");
    s
}

/// A report with a line of markup that never closes: unclosed comments and tags.
fn unclosed_markup(pieces: usize) -> String {
    let mut s = String::from(
        "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n1-①広報",
    );
    for i in 0..pieces {
        s.push_str(&format!(" <!-- 注{i} <p 文 &amp x{i} <"));
    }
    s.push('\n');
    s
}

/// A report whose one indicator list holds `indicators` numbered names after a full-width
/// label: one cell that normalizing changes, so traced character by character, with a field
/// claim per name.
fn long_indicator_list(indicators: usize) -> String {
    let mut s = String::from(
        "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n1-①広報 ・発信します。\t指標：",
    );
    for i in 0..indicators {
        s.push_str(&format!("①件数{i}"));
    }
    s.push('\n');
    s
}

/// The fastest of [`RUNS`] runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// Times parsing, and validating and printing, of `make(n)` for n = base, 10·base, 100·base,
/// and fails on super-linear growth.
fn check_linear(name: &str, base: usize, make: fn(usize) -> String) {
    let validator = Validator::new();
    let mut parse_times = Vec::new();
    let mut export_times = Vec::new();
    let mut sizes = Vec::new();
    for scale in [1, 10, 100] {
        let input = make(base * scale);
        let bytes = input.as_bytes();
        let report = mokuhyo_parse::parse(bytes, "stress.txt")
            .expect("a report")
            .report;
        parse_times.push(best(|| {
            std::hint::black_box(mokuhyo_parse::parse(bytes, "stress.txt").expect("a report"));
        }));
        export_times.push(best(|| {
            std::hint::black_box(validator.to_valid_json(&report).expect("valid"));
        }));
        sizes.push(bytes.len());
    }
    for (stage, times) in [("parse", &parse_times), ("validate+json", &export_times)] {
        let report: Vec<String> = sizes
            .iter()
            .zip(times.iter())
            .map(|(s, t)| format!("{s} bytes: {t:?}"))
            .collect();
        eprintln!("{name} / {stage}: {}", report.join(", "));
        for k in 1..sizes.len() {
            let grow_input = sizes[k] as f64 / sizes[k - 1] as f64;
            let grow_time = times[k].as_secs_f64() / times[k - 1].as_secs_f64().max(1e-6);
            assert!(
                grow_time <= SLACK * grow_input,
                "{name} / {stage}: input grew {grow_input:.1}×, time grew {grow_time:.1}× \
                 ({:?} → {:?})",
                times[k - 1],
                times[k]
            );
        }
    }
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_sections() {
    check_linear("sections", 50, many_sections);
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_line_length() {
    check_linear("long line", 200, long_line);
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_mission_items() {
    check_linear("mission line", 50, long_mission_line);
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_unclosed_markup() {
    check_linear("unclosed markup", 200, unclosed_markup);
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_indicator_list() {
    check_linear("indicator list", 200, long_indicator_list);
}

mod common;
#[path = "common/pdfgen.rs"]
mod pdfgen;

/// [`pdfgen::report_rows`] as extracted text: cells separated by tabs, a cell's lines as `<p>`
/// paragraphs.
fn report_text(sections: usize) -> String {
    let mut out = String::new();
    for row in pdfgen::report_rows(sections) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains('\n') {
                    c.split('\n')
                        .map(|p| format!("<p>{p}</p>"))
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The records of a document without provenance and without white space in strings (a
/// PDF keeps no space where a line wraps).
fn records(doc: &serde_json::Value) -> serde_json::Value {
    let doc = common::strip_provenance(doc, true);
    serde_json::json!({
        "header": doc["header"],
        "sections": doc["sections"],
        "indicator_groups": doc["indicator_groups"],
    })
}

#[test]
fn a_generated_pdf_without_embedded_fonts_reads_as_its_text_does() {
    let sections = 45;
    let text = mokuhyo_parse::parse(report_text(sections).as_bytes(), "gen.txt")
        .expect("a report")
        .report;
    let text = records(&serde_json::to_value(&text).expect("json"));
    assert_eq!(text["sections"].as_array().map(Vec::len), Some(sections));
    for to_unicode in [false, true] {
        let pdf = pdfgen::report_pdf(sections, to_unicode);
        let format = mokuhyo_grid::sniff(&pdf).expect("a PDF");
        let read = mokuhyo_grid::report::read(&pdf, format, "gen.pdf").expect("a report");
        assert!(
            read.report.source.pages.unwrap_or(0) >= 3,
            "{:?}",
            read.report.source.pages
        );
        let doc = serde_json::to_value(&read.report).expect("json");
        assert_eq!(records(&doc), text, "ToUnicode map: {to_unicode}");
    }
}

/// Pages of a PDF, as the PDF reader counts them.
fn page_count(pdf: &[u8]) -> usize {
    mokuhyo_grid::pdf::read(pdf).expect("a PDF").len()
}

#[test]
#[ignore = "timing; run with `just stress`"]
fn linear_in_pdf_pages() {
    let validator = Validator::new();
    let mut times = Vec::new();
    let mut pages = Vec::new();
    for sections in [30, 300, 3000] {
        let pdf = pdfgen::report_pdf(sections, false);
        let format = mokuhyo_grid::sniff(&pdf).expect("a PDF");
        let options = mokuhyo_grid::ReadOptions { keep_pages: false };
        times.push(best(|| {
            let r = mokuhyo_grid::report::read_with(&pdf, format, "stress.pdf", options)
                .expect("a report");
            std::hint::black_box(validator.to_valid_json(&r.report).expect("valid"));
        }));
        pages.push(page_count(&pdf));
    }
    eprintln!("pdf pages → validated JSON: {pages:?} pages: {times:?}");
    for k in 1..pages.len() {
        let grow_input = pages[k] as f64 / pages[k - 1] as f64;
        let grow_time = times[k].as_secs_f64() / times[k - 1].as_secs_f64().max(1e-6);
        assert!(
            grow_time <= SLACK * grow_input,
            "pdf: pages grew {grow_input:.1}×, time grew {grow_time:.1}× ({:?} → {:?})",
            times[k - 1],
            times[k]
        );
    }
}

/// A PDF is read one page at a time: the memory `parse --grid` (the page reader and the cell
/// grid, no parse) needs for more pages is that of their cells, not of every glyph of every
/// page. Holding every page's glyphs took some 200 KB a page on this layout; the cells take
/// about 55 KB.
#[cfg(target_os = "linux")]
#[test]
fn pdf_memory_grows_with_the_cells_not_with_every_pages_glyphs() {
    /// Peak bytes per extra page allowed.
    const PER_PAGE: u64 = 96 * 1024;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut peaks = Vec::new();
    let mut pages = Vec::new();
    for sections in [300, 3000] {
        let pdf = pdfgen::report_pdf(sections, true);
        let path = dir.path().join(format!("{sections}.pdf"));
        std::fs::write(&path, &pdf).expect("write");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mokuhyo"));
        cmd.arg("parse").arg("--grid").arg(&path);
        let (status, stderr, peak) = common::run_watched(cmd, Duration::from_secs(300));
        assert!(status.success(), "{stderr}");
        peaks.push(peak);
        pages.push(page_count(&pdf) as u64);
    }
    let per_page = peaks[1].saturating_sub(peaks[0]) / (pages[1] - pages[0]);
    eprintln!("parse --grid: {pages:?} pages peaked at {peaks:?} bytes, {per_page} a page");
    assert!(
        per_page <= PER_PAGE,
        "{per_page} bytes a page ({pages:?} pages peaked at {peaks:?} bytes)"
    );
}

/// A batch holds one PDF at a time: twelve PDFs peak about as high as one does (the tables
/// are left out here; they keep up to a row group of rows per table, a bound of their own).
#[cfg(target_os = "linux")]
#[test]
fn batch_memory_is_that_of_one_pdf_not_of_the_archive() {
    let pdf = pdfgen::report_pdf(300, false);
    let mut peaks = Vec::new();
    for copies in [1, 12] {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        std::fs::create_dir(&input).expect("mkdir");
        for i in 0..copies {
            std::fs::write(input.join(format!("{i:02}.pdf")), &pdf).expect("write");
        }
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mokuhyo"));
        cmd.arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("out"))
            .args(["-j", "1", "-q", "--format", "json"]);
        let (status, stderr, peak) = common::run_watched(cmd, Duration::from_secs(300));
        assert!(status.success(), "{stderr}");
        let written = std::fs::read_dir(dir.path().join("out"))
            .expect("out")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count();
        // One document per PDF, and summary.json.
        assert_eq!(written, copies + 1);
        peaks.push(peak);
    }
    eprintln!("batch of 1 and 12 PDFs peaked at {peaks:?} bytes");
    assert!(
        peaks[1] <= peaks[0] + peaks[0] / 4,
        "12 PDFs peaked at {} bytes, one at {}",
        peaks[1],
        peaks[0]
    );
}
