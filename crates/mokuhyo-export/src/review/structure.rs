//! The structure pane: what was extracted, field by field, each element carrying the source
//! lines (`data-lines`) and the characters (`data-spans`, see [`spans_attr`]) it came from.

use std::fmt::Write as _;

use mokuhyo_parse::model::{
    Achievement, Diagnostic, Indicator, IndicatorGroup, Kind, SourceSpan, Status, Value,
};
use mokuhyo_parse::Report;

use super::{esc, range, spans_attr, Html, Push};

/// The most records of one list (missions, sections, indicator groups, diagnostics, unparsed
/// text) the page shows: the first ones, then a line that says how many more the document
/// holds. A report has tens of sections; a file of half a million would make a page of
/// gigabytes that no browser opens, while the source pane shows every line whatever the
/// number.
pub const SHOWN: usize = 10_000;

/// The first [`SHOWN`] of `items`.
fn shown<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(SHOWN)]
}

/// After a list cut at [`SHOWN`]: how many of `total` records the page leaves out, and where
/// they are. Nothing when none is left out.
fn more(h: &mut Html<'_>, total: usize, tag: &str) {
    if total > SHOWN {
        left_out(h, tag, &format!("{} 件", total - SHOWN));
    }
}

/// The line that says what a cut list leaves out (`left`, a count with its unit).
fn left_out(h: &mut Html<'_>, tag: &str, left: &str) {
    let _ = writeln!(
        h,
        "<{tag} class=\"more null\">他 {left}は省略 (先頭 {SHOWN} 件を表示; すべては JSON 文書に)</{tag}>"
    );
}

/// The indicator groups the table shows, each with how many of its indicators it shows: the
/// first groups, up to [`SHOWN`] rows in all (a group without indicators takes one), so that
/// one list of a million indicators is cut as a million lists are.
fn table(groups: &[IndicatorGroup]) -> impl Iterator<Item = (&IndicatorGroup, usize)> {
    let mut rows = SHOWN;
    groups.iter().map_while(move |g| {
        if rows == 0 {
            return None;
        }
        let take = g.indicators.len().min(rows);
        rows -= take.max(1);
        Some((g, take))
    })
}

/// The structure pane: header, missions, sections, indicators, diagnostics and residue.
pub(crate) fn pane(h: &mut Html<'_>, r: &Report) {
    h.push_str("<section id=\"structure\" class=\"pane\" aria-label=\"抽出結果\">\n");
    header(h, r);
    missions(h, r);
    sections(h, r);
    indicators(h, r);
    diagnostics(h, r);
    unparsed(h, r);
    h.push_str("</section>\n");
}

/// The page's header: title, file facts, legend and navigation.
pub(crate) fn top(h: &mut Html<'_>, r: &Report, n_lines: usize) {
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

/// A header row: label, value, and the value's line (if known).
fn header_row(
    h: &mut Html<'_>,
    (key, label): (&str, &str),
    value: Option<&str>,
    line: Option<u32>,
    span: Option<&SourceSpan>,
) {
    let lines = line
        .map(|l| format!(" data-lines=\"{l}\"{}", spans_attr(span.into_iter())))
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

fn header(h: &mut Html<'_>, r: &Report) {
    h.push_str("<h2 id=\"header\">ヘッダー</h2>\n<dl class=\"header\">\n");
    let hl = &r.header_lines;
    let hs = &r.header_spans;
    header_row(
        h,
        ("title", "表題"),
        r.title.as_deref(),
        hl.title,
        hs.title.as_ref(),
    );
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
        ("fiscal_year", "年度"),
        year.as_deref(),
        fy.map(|f| f.line),
        fy.map(|f| &f.span),
    );
    let created = r.created_on.as_ref().map(|c| match &c.date {
        Some(d) => format!("{} ({d})", c.label),
        None => format!("{} (日付不明)", c.label),
    });
    let c = r.created_on.as_ref();
    header_row(
        h,
        ("created_on", "作成日"),
        created.as_deref(),
        c.map(|c| c.line),
        c.map(|c| &c.span),
    );
    header_row(
        h,
        ("department", "部局名"),
        r.department.as_deref(),
        hl.department,
        hs.department.as_ref(),
    );
    header_row(
        h,
        ("head", "部局長名"),
        r.head.as_deref(),
        hl.head,
        hs.head.as_ref(),
    );
    h.push_str("</dl>\n");
}

fn missions(h: &mut Html<'_>, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"missions\">ミッション <small>{}</small></h2>",
        r.missions.len()
    );
    for (i, m) in shown(&r.missions).iter().enumerate() {
        let _ = write!(
            h,
            "<article class=\"field mission\" data-mission-index=\"{i}\" data-lines=\"{}\"{} tabindex=\"0\">\
             <h3><span class=\"no\">{}</span>{}</h3>",
            range(&m.lines),
            spans_attr(m.spans.iter()),
            m.no.map(|n| format!("{n}.")).unwrap_or_default(),
            esc(&m.title),
        );
        if !m.sdgs.is_empty() {
            h.push_str("<p class=\"sdgs\">");
            for s in &m.sdgs {
                let _ = write!(
                    h,
                    "<span class=\"field sdg g{}\" data-lines=\"{}\"{} title=\"{}\">SDG {}<span class=\"label\"> {}</span></span>",
                    s.goal,
                    s.span.start.line,
                    spans_attr(std::iter::once(&s.span)),
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
    more(h, r.missions.len(), "p");
}

fn sections(h: &mut Html<'_>, r: &Report) {
    let _ = writeln!(
        h,
        "<h2 id=\"sections\">事業成果目標 <small>{}</small></h2>",
        r.sections.len()
    );
    // Groups past the table's cut have no row to link to.
    let linked = table(&r.indicator_groups).count();
    for (i, s) in shown(&r.sections).iter().enumerate() {
        let _ = write!(
            h,
            "<article class=\"field section\" data-section-index=\"{i}\" data-lines=\"{}\"{} \
             data-id=\"{}\" id=\"S{i}\" tabindex=\"0\"><h3><span class=\"sid\">{}</span>{}",
            range(&s.lines),
            spans_attr(s.spans.iter()),
            esc(&s.id),
            esc(&s.id),
            esc(&s.title),
        );
        match s.group {
            Some(g) if (g as usize) < linked => {
                let _ = write!(h, " <a class=\"grp\" href=\"#G{g}\">指標 #{g}</a>");
            }
            Some(g) => {
                let _ = write!(h, " <span class=\"grp\">指標 #{g}</span>");
            }
            None => {}
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
    more(h, r.sections.len(), "p");
}

fn indicators(h: &mut Html<'_>, r: &Report) {
    let n: usize = r.indicator_groups.iter().map(|g| g.indicators.len()).sum();
    let _ = writeln!(h, "<h2 id=\"indicators\">指標 <small>{n}</small></h2>");
    h.push_str(
        "<table class=\"ind\">\n<thead><tr><th>目標</th><th>No</th><th>指標名</th>\
         <th>目標値</th><th>実績値</th><th>達成</th><th>比率</th></tr></thead>\n",
    );
    let (mut groups, mut shown) = (0, 0);
    for (g, take) in table(&r.indicator_groups) {
        group(h, g, take);
        groups += 1;
        shown += take;
    }
    h.push_str("</table>\n");
    if shown < n || groups < r.indicator_groups.len() {
        let left = format!(
            "{} 指標 ({} 組)",
            n - shown,
            r.indicator_groups.len() - groups
        );
        left_out(h, "p", &left);
    }
}

/// A group's rows: the first `take` of its indicators (all but where the table is cut).
fn group(h: &mut Html<'_>, g: &IndicatorGroup, take: usize) {
    let rows = take.max(1);
    let _ = write!(
        h,
        "<tbody id=\"G{}\" class=\"group\"><tr><td class=\"field gid\" rowspan=\"{rows}\" \
         data-group-index=\"{}\" data-lines=\"{}\"{} tabindex=\"0\">{}<span class=\"gno\">#{}</span></td>",
        g.index,
        g.index,
        range(&g.lines),
        spans_attr(std::iter::once(&g.span)),
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
    for (i, ind) in g.indicators[..take].iter().enumerate() {
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
                 data-lines=\"{}\"{} tabindex=\"0\"><b>{label}</b> {}</td></tr>",
                range(&g.lines),
                spans_attr(g.spans.iter()),
                esc(t)
            );
        }
    }
    h.push_str("</tbody>\n");
}

fn indicator(h: &mut Html<'_>, group: u32, i: usize, ind: &Indicator) {
    let _ = write!(
        h,
        "<td class=\"num\">{}</td><td class=\"field name\" data-indicator=\"{group}.{i}\" \
         data-lines=\"{}\"{} tabindex=\"0\">{}</td>",
        ind.no
            .and_then(mokuhyo_parse::circled::to_char)
            .map(String::from)
            .unwrap_or_default(),
        ind.line,
        spans_attr(std::iter::once(&ind.span)),
        esc(&ind.name),
    );
    value_cell(h, "target", ind.target.as_ref());
    value_cell(h, "actual", ind.actual.as_ref());
    achievement(h, &ind.achievement);
}

fn value_cell(h: &mut Html<'_>, key: &str, v: Option<&Value>) {
    match v {
        Some(v) => {
            let _ = write!(
                h,
                "<td class=\"field val\" data-field=\"{key}\" data-lines=\"{}\"{} tabindex=\"0\">{}</td>",
                v.line,
                spans_attr(std::iter::once(&v.span)),
                esc(&v.text)
            );
        }
        None => {
            let _ = write!(h, "<td class=\"val null\" data-field=\"{key}\">—</td>");
        }
    }
}

fn achievement(h: &mut Html<'_>, a: &Achievement) {
    let (class, label) = match a.status {
        Some(Status::Met) => ("met", "達成"),
        Some(Status::NotMet) => ("not-met", "未達成"),
        Some(Status::Unknown) => ("unknown", "不明"),
        // A plan has no actuals, so no status.
        None => ("unknown", "—"),
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

fn diagnostics(h: &mut Html<'_>, r: &Report) {
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
    for (i, d) in shown(&r.diagnostics).iter().enumerate() {
        diagnostic(h, i, d);
    }
    more(h, r.diagnostics.len(), "li");
    h.push_str("</ul>\n");
}

fn diagnostic(h: &mut Html<'_>, i: usize, d: &Diagnostic) {
    let sev = d.severity.as_str();
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

fn unparsed(h: &mut Html<'_>, r: &Report) {
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
    for (i, u) in shown(&r.unparsed).iter().enumerate() {
        let _ = writeln!(
            h,
            "<li class=\"field residue-item\" data-unparsed-index=\"{i}\" data-lines=\"{l}\"{} \
             tabindex=\"0\"><a href=\"#L{l}\">L{l}</a> {}</li>",
            spans_attr(std::iter::once(&u.span)),
            esc(&u.text),
            l = u.line
        );
    }
    more(h, r.unparsed.len(), "li");
    h.push_str("</ul>\n");
}
