//! The index page of a batch: every report with a link to its review page, and the files
//! that failed.

use std::fmt::Write as _;

use mokuhyo_parse::Report;

use super::{esc, CSS};

/// The index page's own stylesheet, after the review page's.
const INDEX_CSS: &str = include_str!("assets/index.css");

/// One report's line on the batch index page.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The review page, relative to the index page (`a/b.html`).
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
    /// The entry for `report`, whose review page is at `page`.
    pub fn new(page: String, report: &Report) -> IndexEntry {
        IndexEntry {
            page,
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

/// The index page of a batch: one row per report linking to its review page, then the files
/// that failed (file, why). Reports with residue or diagnostics are marked, so a reviewer
/// starts with them.
pub fn review_index_html(entries: &[IndexEntry], failures: &[(String, String)]) -> String {
    let mut h = String::with_capacity(1024 + entries.len() * 512);
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    let _ = writeln!(h, "<title>確認ページ一覧 ({} 件)</title>", entries.len());
    let _ = writeln!(
        h,
        "<style>{CSS}{INDEX_CSS}</style>\n</head>\n<body class=\"index\">"
    );
    let _ = writeln!(
        h,
        "<header class=\"top\"><h1>確認ページ一覧</h1><p class=\"meta\"><span>{} reports</span><span>{} failed</span></p></header>",
        entries.len(),
        failures.len()
    );
    h.push_str("<main class=\"index\"><table class=\"reports\">\n<thead><tr><th>file</th><th>title</th><th>年度</th><th>部局</th><th>sections</th><th>indicators</th><th>diagnostics</th><th>unparsed</th></tr></thead>\n<tbody>\n");
    for e in entries {
        let flag = if e.unparsed > 0 {
            " class=\"residue\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr{flag}><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
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
        h.push_str("<h2>failed</h2>\n<ul class=\"failures\">\n");
        for (file, why) in failures {
            let _ = writeln!(h, "<li><code>{}</code>: {}</li>", esc(file), esc(why));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}
