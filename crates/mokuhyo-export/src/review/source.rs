//! The source pane: the decoded source, line by line, with what the structure made of it.
//!
//! Each line is a `div.ln` with an anchor id (`L12`), a line-number link and the text in
//! `span.tx`. The text is the source's characters one for one, except markers that stand for
//! several: a tab is `i.tab` (`⇥`), a run of tabs one `i.tab` with `data-n` (how many), and
//! the part of a line past [`LINE_CAP`] characters one `i.cut` with `data-n` (how many were
//! cut). The script counts columns through them, so a character's column on the page is its
//! column in the source. The markers keep the page a small multiple of the input whatever the
//! input holds: one element per tab was 30 bytes for every byte of a tab-separated dump.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use mokuhyo_parse::model::{Lines, Report, Severity};

use super::{push_esc, Html, Push};

/// Characters of one line shown before the rest is cut. Real reports stay far below it (the
/// seed's longest line holds 1,895 characters).
pub(crate) const LINE_CAP: usize = 20_000;

/// What the source pane marks on each line.
#[derive(Default)]
pub(crate) struct Marks {
    /// Lines some field came from.
    used: BTreeSet<u32>,
    /// Lines with a diagnostic, and the worst severity there.
    diag: BTreeMap<u32, Severity>,
    /// Lines with `unparsed` residue.
    residue: BTreeSet<u32>,
}

impl Marks {
    /// The marks of `r`'s fields, diagnostics and residue.
    pub(crate) fn of(r: &Report) -> Marks {
        let mut m = Marks::default();
        let mut use_range = |l: &Lines| m.used.extend(l.start..=l.end);
        r.missions.iter().for_each(|x| use_range(&x.lines));
        r.sections.iter().for_each(|x| use_range(&x.lines));
        r.indicator_groups.iter().for_each(|x| use_range(&x.lines));
        let hl = &r.header_lines;
        let header = [hl.title, hl.department, hl.head];
        m.used.extend(header.into_iter().flatten());
        m.used.extend(r.fiscal_year.as_ref().map(|f| f.line));
        m.used.extend(r.created_on.as_ref().map(|c| c.line));
        for d in &r.diagnostics {
            if let Some(l) = d.line {
                let worst = m.diag.entry(l).or_insert(d.severity);
                *worst = (*worst).min(d.severity);
            }
        }
        m.residue.extend(r.unparsed.iter().map(|u| u.line));
        m
    }
}

/// The source pane: every line of `lines` with its marks.
pub(crate) fn pane(h: &mut Html<'_>, marks: &Marks, lines: &[&str]) {
    h.push_str("<section id=\"source\" class=\"pane\" aria-label=\"原文\">\n<div class=\"src\">\n");
    let mut class = String::new();
    for (no, text) in (1u32..).zip(lines) {
        class.clear();
        class.push_str("ln");
        if marks.used.contains(&no) {
            class.push_str(" used");
        }
        if let Some(sev) = marks.diag.get(&no) {
            let _ = write!(class, " diag diag-{}", sev.as_str());
        }
        if marks.residue.contains(&no) {
            class.push_str(" residue");
        }
        let _ = write!(
            h,
            "<div class=\"{class}\" id=\"L{no}\"><a class=\"no\" href=\"#L{no}\">{no}</a><span class=\"tx\">"
        );
        line_text(h, text);
        h.push_str("</span></div>\n");
    }
    h.push_str("</div>\n</section>\n");
}

/// One source line, escaped; tabs as visible cell separators, runs of tabs as one marker, and
/// the part past [`LINE_CAP`] characters as a marker saying how much was cut.
pub(crate) fn line_text(h: &mut impl Push, text: &str) {
    let mut shown = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if shown == LINE_CAP {
            let cut = rest.chars().count();
            let _ = write!(
                Adapter(h),
                "<i class=\"cut\" data-n=\"{cut}\">…以下 {cut} 文字省略</i>"
            );
            return;
        }
        if c == '\t' {
            let run = rest.len() - rest.trim_start_matches('\t').len();
            if run == 1 {
                h.push_str("<i class=\"tab\">⇥</i>");
            } else {
                let _ = write!(Adapter(h), "<i class=\"tab\" data-n=\"{run}\">⇥×{run}</i>");
            }
            rest = &rest[run..];
            // A run counts as one character shown: the cap is on what the page holds.
            shown += 1;
            continue;
        }
        match c {
            // Control characters are drawn as their Unicode "symbol for" glyph: a NUL in an
            // HTML page is a parse error and the others would be invisible.
            '\u{0}'..='\u{1f}' => h.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => h.push('\u{2421}'),
            _ => push_esc(h, c),
        }
        rest = &rest[c.len_utf8()..];
        shown += 1;
    }
}

/// `fmt::Write` for any [`Push`].
struct Adapter<'a, P: Push>(&'a mut P);

impl<P: Push> std::fmt::Write for Adapter<'_, P> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        let mut out = String::new();
        line_text(&mut out, text);
        out
    }

    #[test]
    fn ok_tabs_one_marker_per_run() {
        assert_eq!(shown("a\tb"), "a<i class=\"tab\">⇥</i>b");
        assert_eq!(
            shown("a\t\t\tb\t"),
            "a<i class=\"tab\" data-n=\"3\">⇥×3</i>b<i class=\"tab\">⇥</i>"
        );
        assert_eq!(shown("<&\u{0}\u{7f}"), "&lt;&amp;\u{2400}\u{2421}");
    }

    #[test]
    fn ok_long_lines_cut_with_the_count() {
        let line = "字".repeat(LINE_CAP + 123);
        let out = shown(&line);
        assert!(out.starts_with(&"字".repeat(LINE_CAP)));
        assert!(out.ends_with("<i class=\"cut\" data-n=\"123\">…以下 123 文字省略</i>"));
        assert_eq!(shown(&"字".repeat(LINE_CAP)), "字".repeat(LINE_CAP));
        // Tabs count once per run towards the cap; the cut counts characters.
        let tabs = "\t\tx".repeat(LINE_CAP);
        let rest = 3 * LINE_CAP - 3 * LINE_CAP / 2;
        let marker = format!("<i class=\"cut\" data-n=\"{rest}\">…以下 {rest} 文字省略</i>");
        assert!(shown(&tabs).ends_with(&marker));
    }
}
