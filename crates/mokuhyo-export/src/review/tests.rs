use super::*;

use mokuhyo_parse::model::{Diagnostic, Lines, Severity, SourceSpan};
#[test]
fn ok_index_links_every_report_and_escapes() {
    let text =
        "令和4年度 部局経営目標<b>\n部局名\t総務部\n1-①A ・b。\t指標:X\n\t目標値 1件\t実績値 1件\n";
    let r = mokuhyo_parse::parse(text.as_bytes(), "a/<x>.txt")
        .unwrap()
        .report;
    let e = super::IndexEntry::new(std::path::Path::new("a/x.html"), &r);
    assert_eq!(
        (e.sections, e.indicators, e.fiscal_year),
        (1, 1, Some(2022))
    );
    let html = super::review_index_html(&[e], &[("bad.txt".into(), "file is empty".into())]);
    assert!(html.contains("<a href=\"./a/x.html\">a/&lt;x&gt;.txt</a>"));
    assert!(html
        .contains("<tr><td class=\"file\"><code>bad.txt</code></td><td>file is empty</td></tr>"));
    assert!(!html.contains("<x>"));
    // The same strict policy as the review page; the page's own script only.
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    )));
    assert_eq!(html.matches("<script").count(), 1);
    for th in [
        "ファイル",
        "表題",
        "年度",
        "部局",
        "目標数",
        "指標数",
        "診断",
        "未配置",
    ] {
        assert!(html.contains(&format!(">{th}</th>")), "{th}");
    }
}

#[test]
fn err_index_without_failures_has_no_failure_list() {
    let html = super::review_index_html(&[], &[]);
    assert!(html.contains("<span>0 件</span>"));
    assert!(!html.contains("id=\"failures\""));
}

#[test]
fn ok_page_href_encodes_every_segment() {
    use std::path::Path;
    for (page, href) in [
        ("a/b.html", "./a/b.html"),
        ("x#y.html", "./x%23y.html"),
        ("q?=1.html", "./q%3F%3D1.html"),
        ("100%.html", "./100%25.html"),
        ("http:evil.example.html", "./http%3Aevil.example.html"),
        (
            "javascript:alert(1).html",
            "./javascript%3Aalert%281%29.html",
        ),
        ("sp ace/\"q\"&<.html", "./sp%20ace/%22q%22%26%3C.html"),
        ("部/目標.html", "./%E9%83%A8/%E7%9B%AE%E6%A8%99.html"),
    ] {
        assert_eq!(page_href(Path::new(page)), href, "{page}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let raw = std::ffi::OsStr::from_bytes(b"d/\xff\xfe.html");
        assert_eq!(page_href(Path::new(raw)), "./d/%FF%FE.html");
    }
}

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
        // Title and body: two stretches of one line, in order.
        let spans = attr(tag, "data-spans").expect("data-spans");
        assert_eq!(
            spans,
            spans_attr(m.spans.iter()).trim_start()[12..].trim_end_matches('"')
        );
        assert_eq!(m.spans.len(), 2, "{spans}");
        for s in &m.sdgs {
            assert!(html.contains(&format!("<span class=\"field sdg g{}\"", s.goal)));
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
        assert!(text_after(&html, tag).contains(d.code.as_ref()));
        let src = tag_with(&html, &format!("id=\"L{line}\""));
        let class = attr(src, "class").expect("class");
        let sev = d.severity.as_str();
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
        span: Default::default(),
        boxes: Default::default(),
        cells: Default::default(),
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
        boxes: Default::default(),
        cells: Default::default(),
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
    // The asset files are in the page whole, and the policy forbids fetching anything.
    assert!(html.contains(&format!("<style>{CSS}</style>")));
    assert!(html.contains(&format!("<script>{JS}</script>")));
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    )));
    assert!(CSP.starts_with("default-src 'none';"));
    for asset in [CSS, JS] {
        for needle in [
            "://",
            "http:",
            "url(",
            "@import",
            "fetch(",
            "XMLHttpRequest",
        ] {
            assert!(!asset.contains(needle), "{needle}");
        }
    }
}

#[test]
fn ok_spans_attr() {
    use mokuhyo_parse::model::Position;
    let at = |line, column| Position { line, column };
    let a = SourceSpan {
        start: at(8, 4),
        end: at(8, 25),
    };
    let b = SourceSpan {
        start: at(8, 40),
        end: at(9, 2),
    };
    assert_eq!(
        spans_attr([a, b].iter()),
        " data-spans=\"8:4-8:25,8:40-9:2\""
    );
    assert_eq!(spans_attr([].iter()), "");
}

#[test]
fn ok_ranges() {
    assert_eq!(range(&Lines::one(7)), "7");
    assert_eq!(range(&Lines { start: 51, end: 52 }), "51-52");
}

#[test]
fn ok_long_lists_are_cut_with_a_count_of_the_rest() {
    let (source, mut r) = seed();
    // Under the cut: every record, no count line.
    let html = review_html(&source, &r);
    assert_eq!(
        html.matches("class=\"field section\"").count(),
        r.sections.len()
    );
    assert!(!html.contains("class=\"more null\""));
    // Over it, each list by a different number: the first SHOWN of each, then one line each
    // saying how many are left out.
    let shown = structure::SHOWN;
    let (m, s, g) = (
        r.missions[0].clone(),
        r.sections[0].clone(),
        r.indicator_groups[0].clone(),
    );
    let d = r.diagnostics[0].clone();
    r.missions.resize(shown + 1, m);
    r.sections.resize(shown + 2, s);
    r.indicator_groups = vec![g; shown + 3];
    r.diagnostics.resize(shown + 4, d);
    let residue = mokuhyo_parse::model::Unparsed {
        line: 1,
        text: "残り".into(),
        span: SourceSpan::default(),
        boxes: Default::default(),
        cells: Default::default(),
    };
    r.unparsed.resize(shown + 5, residue);
    let html = review_html(&source, &r);
    for (class, count) in [
        ("field mission", shown),
        ("field section", shown),
        ("field diag-item", shown),
        ("field residue-item", shown),
    ] {
        assert_eq!(
            html.matches(&format!("class=\"{class}")).count(),
            count,
            "{class}"
        );
    }
    assert!(html.contains(&format!("data-section-index=\"{}\"", shown - 1)));
    assert!(!html.contains(&format!("data-section-index=\"{shown}\"")));
    let left: Vec<&str> = html
        .split("class=\"more null\">他 ")
        .skip(1)
        .map(|rest| rest.split("は省略").next().unwrap_or(""))
        .collect();
    let per_group = r.indicator_groups[0].indicators.len();
    assert!(per_group > 1);
    // The table shows SHOWN rows: whole groups while they fit, then part of one.
    let groups_shown = shown.div_ceil(per_group);
    let indicators_left = (shown + 3) * per_group - shown;
    assert_eq!(
        left,
        [
            "1 件".to_string(),
            "2 件".to_string(),
            format!("{indicators_left} 指標 ({} 組)", shown + 3 - groups_shown),
            "4 件".to_string(),
            "5 件".to_string(),
        ],
        "missions, sections, indicators, diagnostics, unparsed"
    );
    // The headings still give the whole counts.
    assert!(html.contains(&format!("事業成果目標 <small>{}</small>", shown + 2)));
}

#[test]
fn ok_one_long_indicator_list_is_cut_and_links_stop_at_the_cut() {
    let (source, mut r) = seed();
    let shown = structure::SHOWN;
    // One list of more indicators than the table shows, then a section's list past the cut.
    let ind = r.indicator_groups[0].indicators[0].clone();
    r.indicator_groups[0].indicators = vec![ind; shown + 5];
    let html = review_html(&source, &r);
    assert_eq!(html.matches("data-indicator=\"0.").count(), shown);
    assert!(html.contains(&format!("rowspan=\"{shown}\"")));
    let later = r.indicator_groups.len() - 1;
    let others: usize = r.indicator_groups[1..]
        .iter()
        .map(|g| g.indicators.len())
        .sum();
    assert!(html.contains(&format!("他 {} 指標 ({later} 組)は省略", 5 + others)));
    // The first group's sections link to it; a later group has no row, so no link.
    assert!(html.contains("href=\"#G0\""));
    assert!(!html.contains(&format!("href=\"#G{later}\"")));
    assert!(html.contains(&format!("<span class=\"grp\">指標 #{later}</span>")));
}
