//! Mission items: `1. TITLE【No.17:LABEL】 BODY`, numbered or not, tags on the title line or
//! on their own line, `■` titles, bullet or prose bodies.

use super::Builder;
use crate::ledger::{Claim, Span};
use crate::model::{Lines, Mission, Sdg, Severity};
use regex::Regex;
use std::sync::LazyLock;

/// A leading item number: `1.`, `1 `, or `2` glued to a title that starts with a kanji,
/// katakana or quotation mark.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:\s*[.、)]\s*|\s+|[\p{Han}\p{Katakana}「『【])").unwrap()
});

/// A title marker such as `■`.
static TITLE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[■◆□◇▪]\s*").unwrap());

/// An SDG tag `【No.17:LABEL】`.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"【\s*(?:No|NO|no)?\s*\.?\s*(\d{1,2})\s*[:.]?\s*([^】]*?)\s*】").unwrap()
});

/// A body bullet at the start of a line.
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[・•●○*]|-\s)\s*").unwrap());

/// Feeds the segments of one cell in the mission part of the report.
pub(super) fn segments(b: &mut Builder<'_>, spans: &[Span]) {
    for &span in spans {
        segment(b, span);
    }
}

fn segment(b: &mut Builder<'_>, span: Span) {
    let text = b.c.text(span);
    if text.contains("部局経営目標") {
        // Another report's title or an image caption naming one: not a mission; left unparsed.
        return;
    }
    if let Some(m) = NUMBER.captures(text) {
        let digits = m.get(1).expect("group 1");
        let marker_end = m.get(0).expect("match").end();
        // A glued number keeps the character after it in the title.
        let marker_end = if text[digits.end()..marker_end].trim().is_empty()
            || text[digits.end()..marker_end]
                .trim_end()
                .ends_with(['.', '、', ')'])
        {
            marker_end
        } else {
            digits.end()
        };
        let no = digits.as_str().parse().ok();
        let i = b.out.doc.missions.len();
        b.c.field(
            span.sub(digits.start(), digits.end()),
            format!("/missions/{i}/no"),
        );
        b.c.claim(span.sub(digits.end(), marker_end), Claim::Markup);
        start_mission(b, no, span.from(marker_end));
    } else if let Some(m) = TITLE_MARK.find(text) {
        b.c.claim(span.sub(0, m.end()), Claim::Markup);
        start_mission(b, None, span.from(m.end()));
    } else if TAG.find(text).is_some_and(|m| m.start() == 0) {
        match b.out.doc.missions.len() {
            0 => start_mission(b, None, span),
            n => {
                let rest = tags(b, n - 1, span);
                body(b, n - 1, rest);
            }
        }
    } else if is_body(text) && !b.out.doc.missions.is_empty() {
        let i = b.out.doc.missions.len() - 1;
        body(b, i, span);
    } else {
        start_mission(b, None, span);
    }
}

/// Whether a line reads as body text rather than a title: a bullet, or prose ending in 。.
fn is_body(text: &str) -> bool {
    BULLET.is_match(text) || text.ends_with('。') || text.chars().count() > 60
}

/// Starts a mission whose title (and perhaps tags and body) is `span`.
fn start_mission(b: &mut Builder<'_>, no: Option<u32>, span: Span) {
    let i = b.out.doc.missions.len();
    let line = b.c.line(span);
    b.out.doc.missions.push(Mission {
        no,
        title: String::new(),
        sdgs: Vec::new(),
        body: String::new(),
        lines: Lines::one(line),
    });
    let text = b.c.text(span);
    let title_end = TAG.find(text).map_or(text.len(), |m| m.start());
    let title = b.c.trim(span.sub(0, title_end));
    b.out.doc.missions[i].title = b.c.text(title).to_string();
    b.c.field(title, format!("/missions/{i}/title"));
    let rest = tags(b, i, span.from(title_end));
    body(b, i, rest);
}

/// Reads the SDG tags at the start of `span` into mission `i`; returns what follows them.
fn tags(b: &mut Builder<'_>, i: usize, span: Span) -> Span {
    let text = b.c.text(span);
    let mut pos = 0;
    for m in TAG.captures_iter(text) {
        let whole = m.get(0).expect("match");
        if !text[pos..whole.start()].trim().is_empty() {
            break;
        }
        let goal_m = m.get(1).expect("group 1");
        let goal: u8 = goal_m.as_str().parse().unwrap_or(0);
        if !(1..=17).contains(&goal) {
            let line = b.c.line(span);
            b.diag(
                Severity::Warning,
                "invalid-sdg-goal",
                format!(
                    "SDG tag `{}` names goal {goal}, outside 1–17",
                    whole.as_str()
                ),
                line,
            );
            // Left unclaimed, the tag shows up in `unparsed`.
            pos = whole.end();
            continue;
        }
        let label_m = m.get(2).expect("group 2");
        let k = b.out.doc.missions[i].sdgs.len();
        b.out.doc.missions[i].sdgs.push(Sdg {
            goal,
            label: label_m.as_str().to_string(),
        });
        b.c.claim(span.sub(whole.start(), goal_m.start()), Claim::Markup);
        b.c.field(
            span.sub(goal_m.start(), goal_m.end()),
            format!("/missions/{i}/sdgs/{k}/goal"),
        );
        b.c.claim(span.sub(goal_m.end(), label_m.start()), Claim::Markup);
        b.c.field(
            span.sub(label_m.start(), label_m.end()),
            format!("/missions/{i}/sdgs/{k}/label"),
        );
        b.c.claim(span.sub(label_m.end(), whole.end()), Claim::Markup);
        pos = whole.end();
    }
    span.from(pos)
}

/// Appends `span` (a bullet marker removed) to mission `i`'s body.
fn body(b: &mut Builder<'_>, i: usize, span: Span) {
    let span = b.c.trim(span);
    if span.is_empty() {
        return;
    }
    let text = b.c.text(span);
    let start = BULLET.find(text).map_or(0, |m| m.end());
    b.c.claim(span.sub(0, start), Claim::Markup);
    let rest = span.from(start);
    let line = b.c.line(span);
    let m = &mut b.out.doc.missions[i];
    if !m.body.is_empty() {
        m.body.push(' ');
    }
    m.body.push_str(b.c.text(rest));
    m.lines.include(line);
    b.c.field(rest, format!("/missions/{i}/body"));
}
