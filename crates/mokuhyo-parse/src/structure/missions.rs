//! Mission items: `1. TITLE【No.17:LABEL】 BODY`, numbered or not, tags on the title line or
//! on their own line, `■` titles, bullet or prose bodies.

use super::Builder;
use crate::ledger::{ix, Claim, Pointer, Span};
use crate::model::{Lines, Mission, Sdg, Severity};
use crate::values::is_digit;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A leading item number: `(1)`, `1.`, `1)`, `1 `, `①`, or `2` glued to a title that starts
/// with a kanji, katakana or quotation mark. Group 1, 2 or 3 holds the number.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\(\s*(\d{1,2})\s*\)\s*",
        r"|(\d{1,2})(?:\s*[.、)]\s*|\s+|[\p{Han}\p{Katakana}「『【])",
        r"|([\x{2460}-\x{2473}])\s*)"
    ))
    .unwrap()
});

/// A number that plainly marks an item even before any mission heading: `(1)`, `1.`, `1)`, `①`.
static PLAIN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]|[\x{2460}-\x{2473}])").unwrap()
});

/// A title marker such as `■`.
static TITLE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[■◆□◇▪]\s*").unwrap());

/// A heading marker that can also be a bullet: `○教育の理念` is a title, `○…します。` a body line.
static SOFT_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[○◎]\s*").unwrap());

/// An SDG tag `【No.17:LABEL】` (also `【SDGs No.17 …】`, `【目標17:…】`, `【Goal 17】`).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"【\s*(?:SDGs\s*)?(?:No|NO|no|Goal|GOAL|目標|ゴール)?\s*\.?\s*(\d{1,2})",
        r"\s*[:.]?\s*([^】]*?)\s*】"
    ))
    .unwrap()
});

/// A body bullet at the start of a line.
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[・•●○*]|-\s)\s*").unwrap());

/// How the current mission item started. An item that started with a number or a marker runs
/// until the next number or marker; an item made of one bullet ends with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// `1.TITLE`, `2TITLE`.
    Numbered,
    /// `■TITLE`, `○TITLE`.
    Marked,
    /// A bullet with no title above it: the bullet is the item.
    Bullet,
    /// An untagged, unnumbered title line.
    Plain,
}

/// Reads one segment in the mission part of the report.
pub(super) fn segment(b: &mut Builder<'_>, span: Span) {
    let text = b.c.text(span);
    if text.contains("部局経営目標") {
        // Another report's title or an image caption naming one: not a mission; left unparsed.
        return;
    }
    if let Some(m) = NUMBER.captures(text) {
        let digits = (1..=3).find_map(|g| m.get(g)).expect("one number group");
        let marker_end = m.get(0).expect("match").end();
        // A glued number keeps the character after it in the title.
        let marker_end = if m.get(2).is_none()
            || text[digits.end()..marker_end].trim().is_empty()
            || text[digits.end()..marker_end]
                .trim_end()
                .ends_with(['.', '、', ')'])
        {
            marker_end
        } else {
            digits.end()
        };
        let no = match m.get(3) {
            Some(c) => c.as_str().chars().next().and_then(crate::circled::value),
            None => digits.as_str().parse().ok(),
        };
        let i = b.out.doc.missions.len();
        b.c.claim(span.sub(0, digits.start()), Claim::Markup);
        b.c.field(
            span.sub(digits.start(), digits.end()),
            Pointer::MissionNo(ix(i)),
        );
        b.c.claim(span.sub(digits.end(), marker_end), Claim::Markup);
        start_mission(b, no, Start::Numbered, span.from(marker_end));
    } else if let Some(m) = TITLE_MARK
        .find(text)
        .or_else(|| SOFT_MARK.find(text).filter(|_| !is_prose(text)))
    {
        b.c.claim(span.sub(0, m.end()), Claim::Markup);
        start_mission(b, None, Start::Marked, span.from(m.end()));
    } else if starts_with_tag(text) {
        match b.out.doc.missions.len() {
            0 => start_mission(b, None, Start::Plain, span),
            n => {
                let rest = tags(b, n - 1, span);
                body(b, n - 1, rest);
            }
        }
    } else if let Some(m) = BULLET.find(text) {
        if b.out.doc.missions.is_empty() || b.mission_start == Start::Bullet {
            b.c.claim(span.sub(0, m.end()), Claim::Markup);
            start_mission(b, None, Start::Bullet, span.from(m.end()));
        } else {
            let i = b.out.doc.missions.len() - 1;
            body(b, i, span);
        }
    } else if b.out.doc.missions.is_empty() || next_is_tag(b, span) {
        start_mission(b, None, Start::Plain, span);
    } else if reads_as_body(b, span) {
        let i = b.out.doc.missions.len() - 1;
        body(b, i, span);
    } else {
        start_mission(b, None, Start::Plain, span);
    }
}

/// Whether a line, seen before any mission heading, is plainly a mission item: it carries an
/// SDG tag, or starts with a `■` marker or an item number. A page may drop the heading.
pub(super) fn looks_like_item(text: &str) -> bool {
    TAG.is_match(text) || TITLE_MARK.is_match(text) || PLAIN_NUMBER.is_match(text)
}

/// Whether a line is prose: a sentence ending in 。 or a long line.
fn is_prose(text: &str) -> bool {
    text.ends_with('。') || text.chars().count() > 60
}

/// Whether the segment after `span` starts with an SDG tag: `span` is then an item title whose
/// tags sit on their own line.
fn next_is_tag(b: &Builder<'_>, span: Span) -> bool {
    b.norm
        .segments
        .get(span.seg + 1)
        .is_some_and(|s| starts_with_tag(&s.text))
}

/// Whether `text` starts with an SDG tag.
fn starts_with_tag(text: &str) -> bool {
    TAG.find(text).is_some_and(|m| m.start() == 0)
}

/// Whether an unmarked line continues the current item rather than starting one: it is prose,
/// the page was cut inside it, the item started with a number or marker (and runs to the next
/// one), or the item has its tags but no body yet.
fn reads_as_body(b: &Builder<'_>, span: Span) -> bool {
    let Some(current) = b.out.doc.missions.last() else {
        return false;
    };
    is_prose(b.c.text(span))
        || (b.cut_last && span.seg + 1 == b.norm.segments.len())
        || matches!(b.mission_start, Start::Numbered | Start::Marked)
        || (!current.sdgs.is_empty() && current.body.is_empty())
}

/// Starts a mission whose title (and perhaps tags and body) is `span`.
fn start_mission(b: &mut Builder<'_>, no: Option<u32>, start: Start, span: Span) {
    let i = b.out.doc.missions.len();
    b.mission_start = start;
    let line = b.c.line(span);
    crate::compact::push(
        &mut b.out.doc.missions,
        Mission {
            boxes: Default::default(),
            cells: Default::default(),
            no,
            title: String::new(),
            sdgs: Vec::new(),
            body: String::new(),
            lines: Lines::one(line),
            truncated: false,
            span: Default::default(),
            spans: Vec::new(),
        },
    );
    let text = b.c.text(span);
    let title_end = TAG.find(text).map_or(text.len(), |m| m.start());
    let title = b.c.trim(span.sub(0, title_end));
    b.out.doc.missions[i].title = b.c.text(title).to_string();
    b.c.field(title, Pointer::MissionTitle(ix(i)));
    let rest = tags(b, i, span.from(title_end));
    if title.is_empty() && !b.out.doc.missions[i].sdgs.is_empty() {
        // Tags before the title: `1.【No.12:…】循環型社会の推進`.
        let rest = b.c.trim(rest);
        if !rest.is_empty() && !is_prose(b.c.text(rest)) {
            b.out.doc.missions[i].title = b.c.text(rest).to_string();
            b.c.field(rest, Pointer::MissionTitle(ix(i)));
            return;
        }
    }
    body(b, i, rest);
}

/// The goal number and the label of an SDG tag that [`TAG`] matched, as byte ranges of the
/// text searched: what its groups 1 and 2 hold, found without asking the regex for groups
/// (which would run its slowest engine). Nothing before the number can be a digit, so it
/// starts at the first one and takes two if there are two; the label follows the whitespace
/// and the one `:` or `.` after it, and ends before the whitespace in front of `】`.
fn tag_parts(m: regex::Match<'_>) -> (Range<usize>, Range<usize>) {
    let tag = m.as_str();
    let goal_start = tag.find(is_digit).expect("a tag holds its goal number");
    let goal_end = tag[goal_start..]
        .char_indices()
        .take(2)
        .take_while(|&(_, c)| is_digit(c))
        .last()
        .map_or(goal_start, |(i, c)| goal_start + i + c.len_utf8());
    let close = tag.len() - '】'.len_utf8();
    let rest = tag[goal_end..close].trim_start_matches(char::is_whitespace);
    let rest = rest.strip_prefix([':', '.']).unwrap_or(rest);
    let label = rest.trim_start_matches(char::is_whitespace);
    let label_start = close - label.len();
    let label_end = label_start + label.trim_end_matches(char::is_whitespace).len();
    let at = m.start();
    (
        at + goal_start..at + goal_end,
        at + label_start..at + label_end,
    )
}

/// Reads the SDG tags at the start of `span` into mission `i`; returns what follows them.
fn tags(b: &mut Builder<'_>, i: usize, span: Span) -> Span {
    let text = b.c.text(span);
    let mut pos = 0;
    for whole in TAG.find_iter(text) {
        if !text[pos..whole.start()].trim().is_empty() {
            break;
        }
        let (goal_r, label_r) = tag_parts(whole);
        let goal: u8 = text[goal_r.clone()].parse().unwrap_or(0);
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
        let k = b.out.doc.missions[i].sdgs.len();
        b.out.doc.missions[i].sdgs.push(Sdg {
            goal,
            label: text[label_r.clone()].to_string(),
            span: Default::default(),
        });
        b.c.claim(span.sub(whole.start(), goal_r.start), Claim::Markup);
        b.c.field(
            span.sub(goal_r.start, goal_r.end),
            Pointer::SdgGoal(ix(i), ix(k)),
        );
        b.c.claim(span.sub(goal_r.end, label_r.start), Claim::Markup);
        b.c.field(
            span.sub(label_r.start, label_r.end),
            Pointer::SdgLabel(ix(i), ix(k)),
        );
        b.c.claim(span.sub(label_r.end, whole.end()), Claim::Markup);
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
    let next = b.c.text(rest);
    let m = &mut b.out.doc.missions[i];
    if !m.body.is_empty() && (start > 0 || !wraps(&m.body, next)) {
        m.body.push(' ');
    }
    m.body.push_str(next);
    m.lines.include(line);
    b.c.field(rest, Pointer::MissionBody(ix(i)));
}

/// Whether `next` continues a Japanese sentence that `prev` broke off at a line end, so the
/// two join without a space: `…を高め、` + `市民一人ひとりの…`.
fn wraps(prev: &str, next: &str) -> bool {
    let japanese = |c: char| matches!(c, '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '々' | '〆' | '「' | '」' | '『' | '』' | '、');
    prev.chars()
        .last()
        .is_some_and(|c| japanese(c) && c != '。')
        && next.chars().next().is_some_and(japanese)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_tag_parts_match_the_groups() {
        const PIECES: &[&str] = &[
            "【",
            "】",
            "SDGs",
            "No",
            "Goal",
            "目標",
            "ゴール",
            ".",
            ":",
            " ",
            "\u{3000}",
            "1",
            "17",
            "123",
            "٣",
            "a",
            "あ",
        ];
        let mut next = crate::test_rng(0x6A09_E667_F3BC_C908u64);
        let mut pieces = |n: u64| -> String {
            (0..next() % n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        };
        let mut tags = 0;
        for _ in 0..30_000 {
            let t = format!("{}【{}】{}", pieces(3), pieces(7), pieces(3));
            for c in TAG.captures_iter(&t) {
                let want = (c.get(1).unwrap().range(), c.get(2).unwrap().range());
                assert_eq!(tag_parts(c.get(0).unwrap()), want, "{t:?}");
                tags += 1;
            }
        }
        assert!(tags > 5_000, "only {tags} tags sampled");
    }
}
