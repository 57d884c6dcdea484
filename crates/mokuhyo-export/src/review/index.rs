//! The index page of a batch: every report with a link to its review page, and the files
//! that failed.
//!
//! A page of its own (not the review page's two panes): one table across the whole window,
//! Japanese column headers, columns sorted by a click on their header, a filter box, and a
//! second table with a row per file that failed. Links are relative (`./a/b.html`) with
//! every path segment percent-encoded, so no file name (`#`, `?`, `%`, `http:`, bytes that
//! are not UTF-8) can turn a link into something else. Printed, the tables go on A4 in
//! landscape, never cutting a row.

use std::fmt::Write as _;
use std::path::Path;

use mokuhyo_parse::Report;

use super::{esc, head, Html, Push};

/// The index page's stylesheet.
const INDEX_CSS: &str = include_str!("assets/index.css");
/// The index page's script: sorting and filtering.
const INDEX_JS: &str = include_str!("assets/index.js");

/// One report's line on the batch index page.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The link to the review page from the index page: `./` and each path segment
    /// percent-encoded (`./a/b%23c.html`), see [`page_href`].
    pub page: String,
    /// The input file as given.
    pub file: String,
    /// The report's title.
    pub title: Option<String>,
    /// Western fiscal year.
    pub fiscal_year: Option<i32>,
    /// 部局名.
    pub department: Option<String>,
    /// Number of sections.
    pub sections: usize,
    /// Number of indicators.
    pub indicators: usize,
    /// Number of diagnostics.
    pub diagnostics: usize,
    /// Number of `unparsed` entries.
    pub unparsed: usize,
}

impl IndexEntry {
    /// The entry for `report`, whose review page is at `page`, relative to the index page.
    pub fn new(page: &Path, report: &Report) -> IndexEntry {
        IndexEntry {
            page: page_href(page),
            file: report.source.file.clone(),
            title: report.title.clone(),
            fiscal_year: report.fiscal_year.as_ref().map(|y| y.year),
            department: report.department.clone(),
            sections: report.sections.len(),
            indicators: report
                .indicator_groups
                .iter()
                .map(|g| g.indicators.len())
                .sum(),
            diagnostics: report.diagnostics.len(),
            unparsed: report.unparsed.len(),
        }
    }
}

/// A relative link to `page`: `./`, then each segment of the path with every byte but
/// `A–Z a–z 0–9 - . _ ~` percent-encoded, joined by `/`. On Unix the bytes are the file
/// name's own, so a name that is not UTF-8 still links to its file.
///
/// ```
/// use std::path::Path;
/// use mokuhyo_export::page_href;
/// assert_eq!(page_href(Path::new("a/b#1?.html")), "./a/b%231%3F.html");
/// assert_eq!(page_href(Path::new("http:x.html")), "./http%3Ax.html");
/// ```
pub fn page_href(page: &Path) -> String {
    let mut out = String::from(".");
    for part in page.components() {
        use std::path::Component;
        let Component::Normal(name) = part else {
            continue;
        };
        out.push('/');
        for &b in os_bytes(name).iter() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(unix)]
fn os_bytes(s: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(s.as_bytes())
}

#[cfg(not(unix))]
fn os_bytes(s: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(s.to_string_lossy().into_owned().into_bytes())
}

/// The index page's title.
const INDEX_TITLE: &str = "確認ページ一覧";

/// The index page of a batch: one row per report linking to its review page, then one row
/// per file that failed (file, why). Rows with residue are tinted, so a reviewer starts with
/// them.
pub fn review_index_html(entries: &[IndexEntry], failures: &[(String, String)]) -> String {
    let mut out = Vec::with_capacity(16 * 1024 + entries.len() * 512);
    let mut h = Html::new(&mut out);
    head(
        &mut h,
        &format!("{INDEX_TITLE} ({} 件)", entries.len()),
        INDEX_CSS,
    );
    let _ = writeln!(
        h,
        "<body class=\"index\">\n<header><h1>{INDEX_TITLE}</h1>\
         <p class=\"meta\"><span>{} 件</span> <span>失敗 {} 件</span></p>\
         <p class=\"tools\"><label>絞り込み <input type=\"search\" id=\"filter\" \
         placeholder=\"ファイル名・表題・部局\" autocomplete=\"off\"></label> \
         <span id=\"shown\"></span></p></header>\n<main>",
        entries.len(),
        failures.len()
    );
    h.push_str(
        "<table class=\"reports sortable\" id=\"reports\">\n<thead><tr>\
         <th data-type=\"text\">ファイル</th><th data-type=\"text\">表題</th>\
         <th data-type=\"num\">年度</th><th data-type=\"text\">部局</th>\
         <th data-type=\"num\">目標数</th><th data-type=\"num\">指標数</th>\
         <th data-type=\"num\">診断</th><th data-type=\"num\">未配置</th>\
         </tr></thead>\n<tbody>\n",
    );
    for e in entries {
        let flag = if e.unparsed > 0 {
            " class=\"residue\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr{flag}><td class=\"file\"><a href=\"{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td>\
             <td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td></tr>",
            esc(&e.page),
            esc(&e.file),
            esc(e.title.as_deref().unwrap_or("")),
            e.fiscal_year.map_or(String::new(), |y| y.to_string()),
            esc(e.department.as_deref().unwrap_or("")),
            e.sections,
            e.indicators,
            e.diagnostics,
            e.unparsed
        );
    }
    h.push_str("</tbody></table>\n");
    if !failures.is_empty() {
        h.push_str(
            "<h2 id=\"failed\">読み込めなかったファイル</h2>\n\
             <table class=\"failures sortable\" id=\"failures\">\n<thead><tr>\
             <th data-type=\"text\">ファイル</th><th data-type=\"text\">理由</th>\
             </tr></thead>\n<tbody>\n",
        );
        for (file, why) in failures {
            let _ = writeln!(
                h,
                "<tr><td class=\"file\"><code>{}</code></td><td>{}</td></tr>",
                esc(file),
                esc(why)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</main>\n<script>");
    h.push_str(INDEX_JS);
    h.push_str("</script>\n</body>\n</html>\n");
    h.finish().expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the page is built from strings")
}
