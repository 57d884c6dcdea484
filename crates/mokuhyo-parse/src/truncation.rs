//! Does the file stop mid-sentence? A saved page or an extraction that was cut off ends
//! without a line break, inside a sentence or even inside a character.

use crate::model::{Diagnostic, Report, Severity};
use crate::normalize::Normalized;

/// Characters a finished paragraph, cell or page can end with.
const CLOSING: &[char] = &[
    '。', '.', '!', '?', ')', '」', '』', '】', '〕', ']', '>', '}', '…', '-', '|', '"', '\'',
];

/// Prose at least this long without closing punctuation reads as a cut sentence; shorter
/// text (a value cell such as `3回`, a name) ends that way normally.
const PROSE_CHARS: usize = 12;

/// Whether `text` (the decoded file) ends without a line break: a file saved or extracted
/// whole ends with one, so this is the first sign of a cut.
fn no_final_break(text: &str) -> bool {
    !text
        .trim_end_matches([' ', '\t', '\u{3000}'])
        .ends_with(['\n', '\r'])
}

/// A `truncated-report` warning when `text` (the decoded file) ends without a line break and
/// its last segment stops inside a character (U+FFFD) or inside a sentence.
pub fn check(text: &str, norm: &Normalized) -> Option<Diagnostic> {
    if !no_final_break(text) {
        return None;
    }
    let last = norm.segments.last()?;
    let seg = &*last.text;
    let cut_char = seg.ends_with('\u{FFFD}');
    let cut_sentence = !seg.ends_with(CLOSING)
        && !seg.ends_with(|c: char| c.is_ascii_digit())
        && seg.chars().count() >= PROSE_CHARS;
    if !cut_char && !cut_sentence {
        return None;
    }
    let how = if cut_char {
        "inside a character"
    } else {
        "mid-sentence"
    };
    Some(warning(
        format!("stops {how} (…{})", last_chars(seg)),
        last.line,
    ))
}

/// A `truncated-report` warning when `text` (the decoded file) ends without a line break
/// right after the heading of a goal section: the last segment of `norm` is that heading
/// (its id and title), the section has nothing else (no body, no indicator list), and some
/// section before it has its text or indicators. A section of a report goes on with those,
/// so a file that stops there was cut, however short the title (the rule of [`check`] needs
/// prose of some length to tell a cut sentence from a short cell). A saved page that ends
/// with its closing tags is whole, whatever its last cell holds.
pub fn check_heading(text: &str, norm: &Normalized, report: &Report) -> Option<Diagnostic> {
    if !no_final_break(text) || text.trim_end().ends_with('>') {
        return None;
    }
    let (s, before) = report.sections.split_last()?;
    let last = norm.segments.last()?;
    let heading = last.line == s.lines.end
        && last.text.contains(s.id.as_str())
        && last.text.ends_with(s.title.as_str());
    let bare = s.body.is_empty() && s.group.is_none();
    let others_go_on = before
        .iter()
        .any(|b| !b.body.is_empty() || b.group.is_some());
    if !(heading && bare && others_go_on) {
        return None;
    }
    Some(warning(
        format!(
            "stops right after the heading of goal section {} (…{})",
            s.id,
            last_chars(&last.text)
        ),
        s.lines.end,
    ))
}

/// The last 12 characters of `s`.
fn last_chars(s: &str) -> &str {
    &s[s.char_indices().nth_back(11).map_or(0, |(i, _)| i)..]
}

/// The `truncated-report` warning: the file `what`, on `line`.
fn warning(what: String, line: u32) -> Diagnostic {
    Diagnostic {
        boxes: Default::default(),
        cells: Default::default(),
        severity: Severity::Warning,
        code: "truncated-report".into(),
        message: format!(
            "the file {what} without a final line break: the report looks cut off; \
             everything before the cut is kept"
        ),
        line: Some(line),
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::normalize::normalize;

    fn flagged(text: &str) -> bool {
        check(text, &normalize(text)).is_some()
    }

    #[test]
    fn ok_complete_endings_are_not_flagged() {
        assert!(!flagged("災害に備えた訓練を実施します。\n"));
        assert!(!flagged("災害に備えた訓練を実施します。"));
        assert!(!flagged("1-①A\t指標:X\t3回"));
        assert!(!flagged("地域の防災力を高め、安全なまちを目指す\n"));
        assert!(!flagged("お問い合わせ 電話番号:0867-42-1111"));
    }

    /// The report of `text`, and whether it is flagged as cut off.
    fn report_flagged(text: &str) -> (crate::model::Report, bool) {
        let r = crate::parse(text.as_bytes(), "t.txt")
            .expect("a report")
            .report;
        let flagged = r.diagnostics.iter().any(|d| d.code == "truncated-report");
        (r, flagged)
    }

    #[test]
    fn err_file_stopping_after_a_section_heading_is_flagged() {
        const HEAD: &str = "令和5年度 部局経営目標\n(2) 事業成果目標\n\
                            1-①防災訓練の実施 ・訓練を行います。\t指標:①訓練回数\n\
                            \t目標値 ①3回\n";
        // Cut inside the title of the next section: short, so no sentence rule sees it.
        let (r, flagged) = report_flagged(&format!("{HEAD}2-①下水道の更"));
        assert!(flagged, "{:?}", r.diagnostics);
        let s = r.sections.last().expect("the cut section");
        assert_eq!((s.id.as_str(), s.truncated), ("2-①", true));
        assert!(!r.sections[0].truncated);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "truncated-report")
            .expect("warning");
        assert!(
            d.message.contains("heading of goal section 2-①"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(5));
        // With the final line break the file is whole, whatever the section lacks.
        assert!(!report_flagged(&format!("{HEAD}2-①下水道の更新\n")).1);
        // A last section with its text or indicators is not a bare heading.
        assert!(!report_flagged(&format!("{HEAD}2-①下水道の更新 ・管を替えます。")).1);
        assert!(!report_flagged(&format!("{HEAD}2-①下水道の更新\t指標:①更新延長")).1);
        // The whole report ending on its last value row, without a line break.
        assert!(!report_flagged(HEAD.trim_end()).1);
        // Cells after the heading on its line, read or not, are not the heading.
        for rest in ["\t(未定)", "\t―", "\t目標値 ①5km"] {
            let (r, flagged) = report_flagged(&format!("{HEAD}2-①下水道の更新{rest}"));
            assert!(!flagged, "{rest}: {:?}", r.diagnostics);
        }
        // A saved page that ends with its closing tags is whole.
        let page = format!("{HEAD}<p>2-①下水道の更新</p></td></tr></table></body></html>");
        assert!(!report_flagged(&page).1);
        // An outline of headings alone: no section goes on, so the last is not cut.
        assert!(!report_flagged("令和5年度 部局経営目標\n(2) 事業成果目標\n1-①A\n1-②B").1);
    }

    #[test]
    fn err_cut_sentence_or_character_is_flagged() {
        assert!(flagged("災害に備えた訓練を、地域の皆さんとともに実施"));
        assert!(flagged("災害に備えた\u{FFFD}"));
        let d = check(
            "a\n災害に備えた訓練を、地域の皆さんと",
            &normalize("a\n災害に備えた訓練を、地域の皆さんと"),
        )
        .unwrap();
        assert_eq!((d.code.as_ref(), d.line), ("truncated-report", Some(2)));
    }
}
