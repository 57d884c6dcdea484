//! The review page: one self-contained HTML file for checking a parse by eye.
//!
//! Left, the decoded source with line numbers and anchors (`#L12`); right, the extracted
//! structure. Every field element carries the source lines it came from in `data-lines`
//! (`"12"` for one line, `"11-15"` for a range, several parts joined by `,`); clicking it
//! highlights those lines (class `hl`) and scrolls them into view. Lines with a diagnostic or
//! `unparsed` residue are marked in the source (classes `diag` and `residue`) so nothing
//! unplaced can be missed.
//!
//! The page loads nothing: CSS and script are inline, and a Content-Security-Policy forbids
//! any fetch. All document text is HTML-escaped. The output depends only on its inputs, so
//! the same report gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use mokuhyo_parse::model::{
    Achievement, Diagnostic, Indicator, IndicatorGroup, Kind, Lines, Severity, Status, Value,
};
use mokuhyo_parse::Report;

/// The review page for `report`, parsed from `source` (the raw bytes of the input file).
///
/// The source pane shows `source` decoded as the parser decoded it, line for line, with tabs
/// drawn as `⇥` cells and control characters as visible symbols.
///
/// ```
/// let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
///             (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
///             \t目標値 450万件\t実績値 587万件\n";
/// let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt").unwrap().report;
/// let html = mokuhyo_export::review_html(text.as_bytes(), &report);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains(r#"id="L4""#));
/// assert!(html.contains(r#"data-section-index="0" data-lines="4""#));
/// ```
pub fn review_html(source: &[u8], report: &Report) -> String {
    let decoded = mokuhyo_parse::decode::decode(source);
    let lines: Vec<&str> = mokuhyo_parse::normalize::split_lines(&decoded.text).collect();
    let mut page = Page::default();
    page.marks(report);
    let name = report.source.file.as_str();
    let title = match &report.title {
        Some(t) => format!("{t} — {name}"),
        None => name.to_string(),
    };

    let mut h = String::with_capacity(source.len() * 3 + 64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
    );
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>確認: {}</title>", esc(&title));
    let _ = writeln!(h, "<style>{CSS}</style>\n</head>\n<body>");
    page.top(&mut h, report, lines.len());
    // The structure comes first in the document so that a printout starts with it; on
    // screen the grid puts the source on the left.
    h.push_str("<main>\n<section id=\"structure\" class=\"pane\" aria-label=\"抽出結果\">\n");
    header(&mut h, report);
    missions(&mut h, report);
    sections(&mut h, report);
    indicators(&mut h, report);
    diagnostics(&mut h, report);
    unparsed(&mut h, report);
    h.push_str("</section>\n");
    page.source(&mut h, &lines);
    h.push_str("</main>\n");
    let _ = writeln!(h, "<script>{JS}</script>\n</body>\n</html>");
    h
}

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

const INDEX_CSS: &str = "body.index{display:block}main.index{padding:12px 16px}\
table.reports{border-collapse:collapse;width:100%}table.reports th,table.reports td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.residue td{background:#fff0f6}";

/// What the source pane marks on each line.
#[derive(Default)]
struct Page {
    /// Lines some field came from.
    used: BTreeSet<usize>,
    /// Lines with a diagnostic, and the worst severity there.
    diag: BTreeMap<usize, Severity>,
    /// Lines with `unparsed` residue.
    residue: BTreeSet<usize>,
}

impl Page {
    fn marks(&mut self, r: &Report) {
        let mut use_range = |l: &Lines| self.used.extend(l.start..=l.end);
        r.missions.iter().for_each(|m| use_range(&m.lines));
        r.sections.iter().for_each(|s| use_range(&s.lines));
        r.indicator_groups.iter().for_each(|g| use_range(&g.lines));
        let hl = &r.header_lines;
        let header = [hl.title, hl.department, hl.head];
        self.used.extend(header.into_iter().flatten());
        self.used.extend(r.fiscal_year.as_ref().map(|f| f.line));
        self.used.extend(r.created_on.as_ref().map(|c| c.line));
        for d in &r.diagnostics {
            if let Some(l) = d.line {
                let worst = self.diag.entry(l).or_insert(d.severity);
                *worst = (*worst).min(d.severity);
            }
        }
        self.residue.extend(r.unparsed.iter().map(|u| u.line));
    }

    fn top(&self, h: &mut String, r: &Report, n_lines: usize) {
        let s = &r.source;
        h.push_str("<header class=\"top\">\n");
        let _ = writeln!(
            h,
            "<h1>{}</h1>",
            esc(r.title.as_deref().unwrap_or("(表題なし)"))
        );
        let kind = match r.kind {
            Kind::Achievement => "達成状況 (achievement)",
            Kind::Plan => "計画 (plan)",
        };
        let _ = writeln!(
            h,
            "<p class=\"meta\"><span>{}</span> <span>{}</span> <span>{} bytes</span> \
             <span>{} lines</span> <span>sha256 <code>{}</code></span></p>",
            esc(&s.file),
            esc(kind),
            s.bytes,
            n_lines,
            esc(&s.sha256),
        );
        let _ = writeln!(
            h,
            "<p class=\"legend\"><span class=\"k used\">抽出済み</span> \
             <a class=\"k diag\" href=\"#diagnostics\">診断 {}</a> \
             <a class=\"k residue\" href=\"#unparsed\">未配置 {}</a> \
             <span class=\"hint\">項目をクリックすると原文の該当行を表示します</span></p>\n\
             <nav><a href=\"#header\">ヘッダー</a> <a href=\"#missions\">ミッション</a> \
             <a href=\"#sections\">事業成果目標</a> <a href=\"#indicators\">指標</a> \
             <a href=\"#diagnostics\">診断</a> <a href=\"#unparsed\">未配置</a></nav>",
            r.diagnostics.len(),
            r.unparsed.len(),
        );
        h.push_str("</header>\n");
    }

    fn source(&self, h: &mut String, lines: &[&str]) {
        h.push_str(
            "<section id=\"source\" class=\"pane\" aria-label=\"原文\">\n<div class=\"src\">\n",
        );
        for (i, text) in lines.iter().enumerate() {
            let no = i + 1;
            let mut class = String::from("ln");
            if self.used.contains(&no) {
                class.push_str(" used");
            }
            if let Some(sev) = self.diag.get(&no) {
                let _ = write!(class, " diag diag-{}", severity(*sev));
            }
            if self.residue.contains(&no) {
                class.push_str(" residue");
            }
            let _ = write!(
                h,
                "<div class=\"{class}\" id=\"L{no}\"><a class=\"no\" href=\"#L{no}\">{no}</a><span class=\"tx\">"
            );
            source_text(h, text);
            h.push_str("</span></div>\n");
        }
        h.push_str("</div>\n</section>\n");
    }
}

/// One source line, escaped, tabs as visible cell separators.
fn source_text(h: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\t' => h.push_str("<span class=\"tab\">⇥</span>"),
            // Control characters are drawn as their Unicode "symbol for" glyph: a NUL in an
            // HTML page is a parse error and the others would be invisible.
            '\u{0}'..='\u{1f}' => h.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => h.push('\u{2421}'),
            _ => push_esc(h, c),
        }
    }
}

fn push_esc(h: &mut String, c: char) {
    match c {
        '&' => h.push_str("&amp;"),
        '<' => h.push_str("&lt;"),
        '>' => h.push_str("&gt;"),
        '"' => h.push_str("&quot;"),
        '\'' => h.push_str("&#39;"),
        _ => h.push(c),
    }
}

/// `s` escaped for HTML text and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| push_esc(&mut out, c));
    out
}

/// A line range as `data-lines` writes it: `12` or `11-15`.
fn range(l: &Lines) -> String {
    if l.start == l.end {
        l.start.to_string()
    } else {
        format!("{}-{}", l.start, l.end)
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A header row: label, value, and the value's line (if known).
fn header_row(h: &mut String, key: &str, label: &str, value: Option<&str>, line: Option<usize>) {
    let lines = line
        .map(|l| format!(" data-lines=\"{l}\""))
        .unwrap_or_default();
    let tab = if line.is_some() {
        " tabindex=\"0\""
    } else {
        ""
    };
    let _ = writeln!(
        h,
        "<dt>{label}</dt><dd class=\"field\" data-field=\"{key}\"{lines}{tab}>{}</dd>",
        value
            .map(esc)
            .unwrap_or_else(|| "<span class=\"null\">—</span>".into())
    );
}

fn header(h: &mut String, r: &Report) {
    h.push_str("<h2 id=\"header\">ヘッダー</h2>\n<dl class=\"header\">\n");
    let hl = &r.header_lines;
    header_row(h, "title", "表題", r.title.as_deref(), hl.title);
    let fy = r.fiscal_year.as_ref();
    let year = fy.map(|f| {
        let era = match (&f.era, f.era_year) {
            (Some(e), Some(y)) => format!("{e}{y}年"),
            _ => "—".into(),
        };
        format!(
            "{} ({}年度 / {}, {} – {})",
            f.label, f.year, era, f.start, f.end
        )
    });
    header_row(
        h,
        "fiscal_year",
        "年度",
        year.as_deref(),
        fy.map(|f| f.line),
    );
    let created = r.created_on.as_ref().map(|c| match &c.date {
        Some(d) => format!("{} ({d})", c.label),
        None => format!("{} (日付不明)", c.label),
    });
    let created_line = r.created_on.as_ref().map(|c| c.line);
    header_row(h, "created_on", "作成日", created.as_deref(), created_line);
    header_row(
        h,
        "department",
        "部局名",
        r.department.as_deref(),
        hl.department,
    );
    header_row(h, "head", "部局長名", r.head.as_deref(), hl.head);
    h.push_str("</dl>\n");
}

fn missions(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"missions\">ミッション <small>{}</small></h2>",
        r.missions.len()
    );
    for (i, m) in r.missions.iter().enumerate() {
        let _ = write!(
            h,
            "<article class=\"field mission\" data-mission-index=\"{i}\" data-lines=\"{}\" tabindex=\"0\">\
             <h3><span class=\"no\">{}</span>{}</h3>",
            range(&m.lines),
            m.no.map(|n| format!("{n}.")).unwrap_or_default(),
            esc(&m.title),
        );
        if !m.sdgs.is_empty() {
            h.push_str("<p class=\"sdgs\">");
            for s in &m.sdgs {
                let _ = write!(
                    h,
                    "<span class=\"sdg g{}\" title=\"{}\">SDG {}<span class=\"label\"> {}</span></span>",
                    s.goal,
                    esc(&s.label),
                    s.goal,
                    esc(&s.label)
                );
            }
            h.push_str("</p>");
        }
        if !m.body.is_empty() {
            let _ = write!(h, "<p class=\"body\">{}</p>", esc(&m.body));
        }
        h.push_str("</article>\n");
    }
}

fn sections(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"sections\">事業成果目標 <small>{}</small></h2>",
        r.sections.len()
    );
    for (i, s) in r.sections.iter().enumerate() {
        let _ = write!(
            h,
            "<article class=\"field section\" data-section-index=\"{i}\" data-lines=\"{}\" \
             data-id=\"{}\" id=\"S{i}\" tabindex=\"0\"><h3><span class=\"sid\">{}</span>{}",
            range(&s.lines),
            esc(&s.id),
            esc(&s.id),
            esc(&s.title),
        );
        if let Some(g) = s.group {
            let _ = write!(h, " <a class=\"grp\" href=\"#G{g}\">指標 #{g}</a>");
        }
        h.push_str("</h3>");
        if !s.body.is_empty() {
            h.push_str("<ul class=\"body\">");
            for b in &s.body {
                let _ = write!(h, "<li>{}</li>", esc(b));
            }
            h.push_str("</ul>");
        }
        h.push_str("</article>\n");
    }
}

fn indicators(h: &mut String, r: &Report) {
    let n: usize = r.indicator_groups.iter().map(|g| g.indicators.len()).sum();
    let _ = writeln!(h, "<h2 id=\"indicators\">指標 <small>{n}</small></h2>");
    h.push_str(
        "<table class=\"ind\">\n<thead><tr><th>目標</th><th>No</th><th>指標名</th>\
         <th>目標値</th><th>実績値</th><th>達成</th><th>比率</th></tr></thead>\n",
    );
    for g in &r.indicator_groups {
        group(h, g);
    }
    h.push_str("</table>\n");
}

fn group(h: &mut String, g: &IndicatorGroup) {
    let rows = g.indicators.len().max(1);
    let _ = write!(
        h,
        "<tbody id=\"G{}\" class=\"group\"><tr><td class=\"field gid\" rowspan=\"{rows}\" \
         data-group-index=\"{}\" data-lines=\"{}\" tabindex=\"0\">{}<span class=\"gno\">#{}</span></td>",
        g.index,
        g.index,
        range(&g.lines),
        g.section_ids
            .iter()
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join("<br>"),
        g.index,
    );
    if g.indicators.is_empty() {
        h.push_str("<td colspan=\"6\" class=\"null\">(指標なし)</td></tr>\n");
    }
    for (i, ind) in g.indicators.iter().enumerate() {
        if i > 0 {
            h.push_str("<tr>");
        }
        indicator(h, g.index, i, ind);
        h.push_str("</tr>\n");
    }
    for (label, key, text) in [
        ("評価", "evaluation", &g.evaluation),
        ("次年度への課題", "next_year_issues", &g.next_year_issues),
    ] {
        if let Some(t) = text {
            let _ = writeln!(
                h,
                "<tr class=\"note\"><td></td><td colspan=\"6\" class=\"field\" data-field=\"{key}\" \
                 data-lines=\"{}\" tabindex=\"0\"><b>{label}</b> {}</td></tr>",
                range(&g.lines),
                esc(t)
            );
        }
    }
    h.push_str("</tbody>\n");
}

fn indicator(h: &mut String, group: usize, i: usize, ind: &Indicator) {
    let _ = write!(
        h,
        "<td class=\"num\">{}</td><td class=\"field name\" data-indicator=\"{group}.{i}\" \
         data-lines=\"{}\" tabindex=\"0\">{}</td>",
        ind.no
            .and_then(mokuhyo_parse::circled::to_char)
            .map(String::from)
            .unwrap_or_default(),
        ind.line,
        esc(&ind.name),
    );
    value_cell(h, "target", ind.target.as_ref());
    value_cell(h, "actual", ind.actual.as_ref());
    achievement(h, &ind.achievement);
}

fn value_cell(h: &mut String, key: &str, v: Option<&Value>) {
    match v {
        Some(v) => {
            let _ = write!(
                h,
                "<td class=\"field val\" data-field=\"{key}\" data-lines=\"{}\" tabindex=\"0\">{}</td>",
                v.line,
                esc(&v.text)
            );
        }
        None => {
            let _ = write!(h, "<td class=\"val null\" data-field=\"{key}\">—</td>");
        }
    }
}

fn achievement(h: &mut String, a: &Achievement) {
    let (class, label) = match a.status {
        Status::Met => ("met", "達成"),
        Status::NotMet => ("not-met", "未達成"),
        Status::Unknown => ("unknown", "不明"),
    };
    let _ = write!(h, "<td><span class=\"st {class}\">{label}</span></td>");
    match a.ratio {
        Some(r) if r.is_finite() => {
            let width = (r * 100.0).clamp(0.0, 100.0);
            let _ = write!(
                h,
                "<td class=\"ratio\"><span class=\"bar {class}\"><span style=\"width:{width:.0}%\"></span></span> {:.0}%</td>",
                r * 100.0
            );
        }
        _ => h.push_str("<td class=\"ratio null\">—</td>"),
    }
}

fn diagnostics(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"diagnostics\">診断 <small>{}</small></h2>",
        r.diagnostics.len()
    );
    if r.diagnostics.is_empty() {
        h.push_str("<p class=\"null\">なし</p>\n");
        return;
    }
    h.push_str("<ul class=\"diags\">\n");
    for (i, d) in r.diagnostics.iter().enumerate() {
        diagnostic(h, i, d);
    }
    h.push_str("</ul>\n");
}

fn diagnostic(h: &mut String, i: usize, d: &Diagnostic) {
    let sev = severity(d.severity);
    let (lines, at) = match d.line {
        Some(l) => (
            format!(" data-lines=\"{l}\" tabindex=\"0\""),
            format!("<a href=\"#L{l}\">L{l}</a>"),
        ),
        None => (String::new(), "—".into()),
    };
    let _ = writeln!(
        h,
        "<li class=\"field diag-item diag-{sev}\" data-diagnostic-index=\"{i}\"{lines}>\
         <span class=\"sev\">{sev}</span> <code>{}</code> {at} {}</li>",
        esc(&d.code),
        esc(&d.message)
    );
}

fn unparsed(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"unparsed\">未配置の原文 (unparsed) <small>{}</small></h2>",
        r.unparsed.len()
    );
    if r.unparsed.is_empty() {
        h.push_str("<p class=\"null\">なし</p>\n");
        return;
    }
    h.push_str("<ul class=\"residue-list\">\n");
    for (i, u) in r.unparsed.iter().enumerate() {
        let _ = writeln!(
            h,
            "<li class=\"field residue-item\" data-unparsed-index=\"{i}\" data-lines=\"{l}\" \
             tabindex=\"0\"><a href=\"#L{l}\">L{l}</a> {}</li>",
            esc(&u.text),
            l = u.line
        );
    }
    h.push_str("</ul>\n");
}

const CSS: &str = r#"
:root{--fg:#1d1d1f;--muted:#6e6e73;--line:#d8d8de;--hl:#fff1a8;--hl-edge:#e0a800;--used:#7fb3ff;
--diag:#e8590c;--err:#c92a2a;--info:#1c7ed6;--residue:#d6336c;--bg2:#f6f6f8}
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans CJK JP","Noto Sans JP","Yu Gothic",YuGothic,Meiryo,sans-serif;
color:var(--fg);font-size:14px;line-height:1.6;display:flex;flex-direction:column;font-feature-settings:"palt" 0}
header.top{padding:8px 16px;border-bottom:1px solid var(--line);background:#fff}
header.top h1{font-size:18px;margin:0}
.meta,.legend{margin:2px 0;color:var(--muted);font-size:12px}
.meta span+span::before{content:"· ";color:var(--line)}
.meta code{font-size:11px}
.k{display:inline-block;padding:0 6px;border-left:4px solid;margin-right:6px}
.k.used{border-color:var(--used)}.k.diag{border-color:var(--diag)}.k.residue{border-color:var(--residue)}
.hint{margin-left:8px}
.legend a{color:inherit}
nav{font-size:12px;margin-top:2px}nav a{margin-right:10px;color:#364fc7}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);min-height:0}
.pane{overflow:auto;min-height:0}
#source{grid-column:1;grid-row:1;border-right:1px solid var(--line);background:var(--bg2)}
#structure{grid-column:2;grid-row:1}
.src{font-size:13px;padding:4px 0}
.ln{display:grid;grid-template-columns:3.5em minmax(0,1fr);border-left:4px solid transparent;scroll-margin:40px}
.ln.used{border-left-color:var(--used)}
.ln.diag{border-left-color:var(--diag);background:#fff4e6}
.ln.diag-error{border-left-color:var(--err);background:#fff0f0}
.ln.diag-info{border-left-color:var(--info);background:#e7f5ff}
.ln.residue{border-left-color:var(--residue);background:#fff0f6}
.ln.residue .tx{text-decoration:underline wavy var(--residue)}
.ln.hl{background:var(--hl);box-shadow:inset 3px 0 0 var(--hl-edge)}
.ln:target{outline:2px solid var(--hl-edge)}
.no{color:var(--muted);text-align:right;padding-right:8px;text-decoration:none;user-select:none;font-variant-numeric:tabular-nums}
.tx{white-space:pre-wrap;overflow-wrap:anywhere;padding-right:8px}
.tab{color:#adb5bd;padding:0 .3em;margin:0 .2em;border-left:1px dashed #adb5bd}
#structure{padding:0 16px 32px}
h2{font-size:15px;margin:20px 0 8px;padding-bottom:2px;border-bottom:2px solid var(--fg)}
h2 small{color:var(--muted);font-weight:normal;margin-left:4px}
h3{font-size:14px;margin:0}
dl.header{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dt{color:var(--muted)}dd{margin:0}
.field{cursor:pointer;border-radius:3px}
.field:hover{background:#f1f3f5}
.field.sel,.field.sel:hover{background:var(--hl);outline:2px solid var(--hl-edge)}
.field.rev{outline:2px dashed var(--hl-edge)}
article{padding:6px 8px;margin:4px 0;border:1px solid var(--line)}
.mission .no{padding:0 6px 0 0;color:var(--fg)}
.sid{font-weight:bold;color:#364fc7;margin-right:.6em}
.grp{font-size:12px;font-weight:normal;margin-left:6px}
.body{margin:4px 0 0;padding-left:1.4em;font-size:13px}
p.body{padding-left:0}
.sdgs{margin:4px 0 0}
.sdg{display:inline-block;color:#fff;font-size:11px;font-weight:bold;padding:0 8px;border-radius:10px;margin:0 4px 2px 0}
.g1{background:#e5243b}.g2{background:#dda63a}.g3{background:#4c9f38}.g4{background:#c5192d}.g5{background:#ff3a21}
.g6{background:#26bde2}.g7{background:#fcc30b;color:#000}.g8{background:#a21942}.g9{background:#fd6925}.g10{background:#dd1367}
.g11{background:#fd9d24}.g12{background:#bf8b2e}.g13{background:#3f7e44}.g14{background:#0a97d9}.g15{background:#56c02b}
.g16{background:#00689d}.g17{background:#19486a}
table.ind{border-collapse:collapse;width:100%;font-size:13px}
.ind th,.ind td{border:1px solid var(--line);padding:2px 6px;vertical-align:top}
.ind th{background:var(--bg2);text-align:left;white-space:nowrap}
.ind tbody.group{border-top:2px solid var(--fg)}
.gid{white-space:nowrap;font-weight:bold;color:#364fc7}
.gno{display:block;font-weight:normal;color:var(--muted);font-size:11px}
.num{text-align:center}
.note td{font-size:12px;color:#343a40}
.st{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;white-space:nowrap}
.st.met{background:#d3f9d8;color:#2b8a3e}.st.not-met{background:#ffe3e3;color:#c92a2a}.st.unknown{background:#e9ecef;color:#495057}
.ratio{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:right}
.bar{display:inline-block;width:60px;height:8px;background:#e9ecef;vertical-align:middle;border-radius:4px;overflow:hidden}
.bar>span{display:block;height:100%;background:#868e96}
.bar.met>span{background:#40c057}.bar.not-met>span{background:#fa5252}
.null{color:var(--muted)}
ul.diags,ul.residue-list{list-style:none;padding:0;margin:0}
.diags li,.residue-list li{padding:4px 8px;margin:2px 0;border-left:4px solid var(--diag)}
.diags li.diag-error{border-color:var(--err)}.diags li.diag-info{border-color:var(--info)}
.residue-list li{border-color:var(--residue)}
.sev{font-size:11px;text-transform:uppercase;font-weight:bold}
@media print{
html,body{height:auto}body{display:block;font-size:10pt}
main{display:block}.pane{overflow:visible}
#structure{padding:0}#source{border:0;background:none;page-break-before:always}
.hint,nav{display:none}.field:hover{background:none}
.ln.hl{background:none;box-shadow:none}.field.sel{background:none;outline:0}
article,tr,.ln{break-inside:avoid}
.sdg,.st,.bar>span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
"#;

const JS: &str = r##"
(function () {
  "use strict";
  function parse(spec) {
    var out = [];
    spec.split(",").forEach(function (part) {
      var ab = part.split("-"), a = parseInt(ab[0], 10), b = ab.length > 1 ? parseInt(ab[1], 10) : a;
      for (var n = a; n <= b; n++) out.push(n);
    });
    return out;
  }
  function clear() {
    document.querySelectorAll(".hl,.sel,.rev").forEach(function (e) {
      e.classList.remove("hl", "sel", "rev");
    });
  }
  function select(field) {
    clear();
    field.classList.add("sel");
    var first = null;
    parse(field.getAttribute("data-lines")).forEach(function (n) {
      var ln = document.getElementById("L" + n);
      if (ln) { ln.classList.add("hl"); if (!first) first = ln; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  function reveal(line) {
    clear();
    var ln = document.getElementById("L" + line);
    if (ln) ln.classList.add("hl");
    var first = null;
    document.querySelectorAll("#structure [data-lines]").forEach(function (f) {
      if (parse(f.getAttribute("data-lines")).indexOf(line) >= 0) {
        f.classList.add("rev");
        if (!first) first = f;
      }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  var structure = document.getElementById("structure");
  structure.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var f = ev.target.closest("[data-lines]");
    if (f) select(f);
  });
  structure.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var f = ev.target.closest("[data-lines]");
    if (f) { ev.preventDefault(); select(f); }
  });
  document.getElementById("source").addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var ln = ev.target.closest(".ln");
    if (ln) reveal(parseInt(ln.id.slice(1), 10));
  });
})();
"##;

#[cfg(test)]
mod tests {
    #[test]
    fn ok_index_links_every_report_and_escapes() {
        let text = "令和4年度 部局経営目標<b>\n部局名\t総務部\n1-①A ・b。\t指標:X\n\t目標値 1件\t実績値 1件\n";
        let r = mokuhyo_parse::parse(text.as_bytes(), "a/<x>.txt")
            .unwrap()
            .report;
        let e = super::IndexEntry::new("a/x.html".into(), &r);
        assert_eq!(
            (e.sections, e.indicators, e.fiscal_year),
            (1, 1, Some(2022))
        );
        let html = super::review_index_html(&[e], &[("bad.txt".into(), "file is empty".into())]);
        assert!(html.contains("<a href=\"a/x.html\">a/&lt;x&gt;.txt</a>"));
        assert!(html.contains("<code>bad.txt</code>: file is empty"));
        assert!(!html.contains("<x>"));
    }

    #[test]
    fn err_index_without_failures_has_no_failure_list() {
        let html = super::review_index_html(&[], &[]);
        assert!(html.contains("0 reports"));
        assert!(!html.contains("failures"));
    }

    use super::*;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../seeds/000_1e9e9e477dd5dd5a.txt"
    );

    fn seed() -> (Vec<u8>, Report) {
        let bytes = std::fs::read(SEED).expect("seed");
        let report = mokuhyo_parse::parse(&bytes, "seed.txt")
            .expect("parse")
            .report;
        (bytes, report)
    }

    /// The opening tag that contains `needle`, e.g. `data-section-index="3"`.
    fn tag_with<'a>(html: &'a str, needle: &str) -> &'a str {
        let at = html
            .find(needle)
            .unwrap_or_else(|| panic!("no element with {needle}"));
        assert_eq!(html.matches(needle).count(), 1, "{needle} is not unique");
        let start = html[..at].rfind('<').expect("tag start");
        let end = at + html[at..].find('>').expect("tag end");
        &html[start..=end]
    }

    /// The value of attribute `name` in an opening tag.
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        Some(&tag[at..at + tag[at..].find('"')?])
    }

    /// The text of the element opened by `tag`, with markup removed (the element must not
    /// nest another of its own kind).
    fn text_after(html: &str, tag: &str) -> String {
        let at = html.find(tag).expect("tag") + tag.len();
        let rest = &html[at..];
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let inner = &rest[..rest.find(&format!("</{name}>")).expect("closing tag")];
        let mut out = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn ok_seed_sections_with_lines() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        assert_eq!(report.sections.len(), 25);
        for (i, s) in report.sections.iter().enumerate() {
            let tag = tag_with(&html, &format!("data-section-index=\"{i}\""));
            assert_eq!(attr(tag, "data-id"), Some(esc(&s.id).as_str()), "{tag}");
            assert_eq!(
                attr(tag, "data-lines"),
                Some(range(&s.lines).as_str()),
                "{tag}"
            );
            let text = text_after(&html, tag);
            assert!(text.contains(&s.id) && text.contains(&s.title), "{text}");
        }
    }

    #[test]
    fn ok_seed_indicators_with_lines() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        let mut n = 0;
        for g in &report.indicator_groups {
            let tag = tag_with(&html, &format!("data-group-index=\"{}\"", g.index));
            assert_eq!(attr(tag, "data-lines"), Some(range(&g.lines).as_str()));
            for (i, ind) in g.indicators.iter().enumerate() {
                let tag = tag_with(&html, &format!("data-indicator=\"{}.{i}\"", g.index));
                assert_eq!(attr(tag, "data-lines"), Some(ind.line.to_string().as_str()));
                assert_eq!(text_after(&html, tag), ind.name);
                n += 1;
            }
        }
        assert!(n > 30, "{n} indicators");
    }

    #[test]
    fn ok_seed_header_and_missions() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        let tag = tag_with(&html, "data-field=\"department\"");
        assert_eq!(attr(tag, "data-lines"), Some("6"));
        assert_eq!(text_after(&html, tag), "総合政策部");
        let tag = tag_with(&html, "data-field=\"fiscal_year\"");
        assert_eq!(attr(tag, "data-lines"), Some("5"));
        assert!(text_after(&html, tag).contains("令和4年度 (2022年度"));
        assert_eq!(report.missions.len(), 13);
        for (i, m) in report.missions.iter().enumerate() {
            let tag = tag_with(&html, &format!("data-mission-index=\"{i}\""));
            assert_eq!(attr(tag, "data-lines"), Some(range(&m.lines).as_str()));
            for s in &m.sdgs {
                assert!(html.contains(&format!("<span class=\"sdg g{}\"", s.goal)));
            }
        }
    }

    #[test]
    fn ok_seed_diagnostics_marked_in_source() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        assert!(!report.diagnostics.is_empty());
        for (i, d) in report.diagnostics.iter().enumerate() {
            let tag = tag_with(&html, &format!("data-diagnostic-index=\"{i}\""));
            let line = d.line.expect("seed diagnostics have lines");
            assert_eq!(attr(tag, "data-lines"), Some(line.to_string().as_str()));
            assert!(text_after(&html, tag).contains(&d.code));
            let src = tag_with(&html, &format!("id=\"L{line}\""));
            let class = attr(src, "class").expect("class");
            let sev = severity(d.severity);
            assert!(class.contains(&format!("diag diag-{sev}")), "{src}");
        }
        // A line without a diagnostic carries no mark.
        assert!(!attr(tag_with(&html, "id=\"L11\""), "class")
            .expect("class")
            .contains("diag"));
    }

    #[test]
    fn ok_source_lines_and_tabs() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        for n in 1..=report.source.lines {
            assert!(html.contains(&format!("id=\"L{n}\"")), "L{n}");
        }
        let after = report.source.lines + 1;
        assert!(!html.contains(&format!("id=\"L{after}\"")));
        let line6 = text_after(&html, tag_with(&html, "id=\"L6\""));
        assert_eq!(line6, "6部局名⇥総合政策部⇥部局長名⇥有元 均");
    }

    #[test]
    fn ok_unparsed_listed_and_marked() {
        let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
                    (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
                    \t目標値 450万件\t実績値 587万件\n";
        let mut report = mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("parse")
            .report;
        report.unparsed.push(mokuhyo_parse::model::Unparsed {
            line: 2,
            text: "余り & 残り".into(),
            boxes: Vec::new(),
            cells: Vec::new(),
        });
        let html = review_html(text.as_bytes(), &report);
        let tag = tag_with(&html, "data-unparsed-index=\"0\"");
        assert_eq!(attr(tag, "data-lines"), Some("2"));
        assert_eq!(text_after(&html, tag), "L2 余り &amp; 残り");
        let src = tag_with(&html, "id=\"L2\"");
        assert!(attr(src, "class").expect("class").contains("residue"));
        assert!(!attr(tag_with(&html, "id=\"L3\""), "class")
            .expect("class")
            .contains("residue"));
    }

    #[test]
    fn ok_real_unparsed_from_parser() {
        // A line the parser cannot place must reach the page through `unparsed`.
        let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
                    (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
                    \t目標値 450万件\t実績値 587万件\n\t\t\t\t\t\t\t謎の欄外メモ\n";
        let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("parse")
            .report;
        assert!(
            !report.unparsed.is_empty(),
            "the parser placed the stray cell"
        );
        let html = review_html(text.as_bytes(), &report);
        for (i, u) in report.unparsed.iter().enumerate() {
            let tag = tag_with(&html, &format!("data-unparsed-index=\"{i}\""));
            assert_eq!(attr(tag, "data-lines"), Some(u.line.to_string().as_str()));
            assert!(text_after(&html, tag).contains(&esc(&u.text)));
        }
        let listed = html.matches("class=\"field residue-item\"").count();
        assert_eq!(listed, report.unparsed.len());
    }

    #[test]
    fn err_document_text_is_escaped() {
        let evil = "<script>alert(\"x\")</script>&'";
        let text = format!(
            "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部 {evil}\n\
             (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
             \t目標値 450万件\t実績値 587万件\n\u{0}\n"
        );
        let mut report = mokuhyo_parse::parse(text.as_bytes(), evil)
            .expect("parse")
            .report;
        report.title = Some(evil.into());
        report.sections[0].title = evil.into();
        report.sections[0].body.push(evil.into());
        report.sections[0].id = evil.into();
        report.indicator_groups[0].indicators[0].name = evil.into();
        report.missions.clear();
        report.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: evil.into(),
            message: evil.into(),
            line: None,
            boxes: Vec::new(),
            cells: Vec::new(),
        });
        let html = review_html(text.as_bytes(), &report);
        // Only the page's own script element.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("alert(\""));
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
        // Title (twice: <title> and <h1>), file name, section id (attribute and text), section
        // title, body, indicator name, diagnostic code and message, and the source line.
        assert!(html.matches(escaped).count() >= 11, "{html}");
        assert!(!html.contains('\u{0}'));
        assert!(html.contains('\u{2400}'));
    }

    #[test]
    fn ok_deterministic() {
        let (bytes, report) = seed();
        assert_eq!(review_html(&bytes, &report), review_html(&bytes, &report));
    }

    #[test]
    fn ok_self_contained() {
        let (bytes, report) = seed();
        let html = review_html(&bytes, &report);
        for needle in ["http://", "https://", "src=", "@import", "url("] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert!(html.contains("\"Noto Sans CJK JP\""));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn ok_ranges() {
        assert_eq!(range(&Lines::one(7)), "7");
        assert_eq!(range(&Lines { start: 51, end: 52 }), "51-52");
    }
}
