//! Does the file stop mid-sentence? A saved page or an extraction that was cut off ends
//! without a line break, inside a sentence or even inside a character.

use crate::model::{Diagnostic, Severity};
use crate::normalize::Normalized;

/// Characters a finished paragraph, cell or page can end with.
const CLOSING: &[char] = &[
    '。', '.', '!', '?', ')', '」', '』', '】', '〕', ']', '>', '}', '…', '-', '|', '"', '\'',
];

/// Prose at least this long without closing punctuation reads as a cut sentence; shorter
/// text (a value cell such as `3回`, a name) ends that way normally.
const PROSE_CHARS: usize = 12;

/// A `truncated-report` warning when `text` (the decoded file) ends without a line break and
/// its last segment stops inside a character (U+FFFD) or inside a sentence.
pub fn check(text: &str, norm: &Normalized) -> Option<Diagnostic> {
    let tail = text.trim_end_matches([' ', '\t', '\u{3000}']);
    if tail.ends_with(['\n', '\r']) {
        return None;
    }
    let last = norm.segments.last()?;
    let seg = last.text.as_str();
    let cut_char = seg.ends_with('\u{FFFD}');
    let cut_sentence = !seg.ends_with(CLOSING)
        && !seg.ends_with(|c: char| c.is_ascii_digit())
        && seg.chars().count() >= PROSE_CHARS;
    if !cut_char && !cut_sentence {
        return None;
    }
    // The last 12 characters.
    let end = &seg[seg.char_indices().nth_back(11).map_or(0, |(i, _)| i)..];
    let how = if cut_char {
        "inside a character"
    } else {
        "mid-sentence"
    };
    Some(Diagnostic {
        boxes: Vec::new(),
        cells: Vec::new(),
        severity: Severity::Warning,
        code: "truncated-report".into(),
        message: format!(
            "the file stops {how} (…{end}) without a final line break: the report looks cut \
             off; everything before the cut is kept"
        ),
        line: Some(last.line),
    })
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

    #[test]
    fn err_cut_sentence_or_character_is_flagged() {
        assert!(flagged("災害に備えた訓練を、地域の皆さんとともに実施"));
        assert!(flagged("災害に備えた\u{FFFD}"));
        let d = check(
            "a\n災害に備えた訓練を、地域の皆さんと",
            &normalize("a\n災害に備えた訓練を、地域の皆さんと"),
        )
        .unwrap();
        assert_eq!((d.code.as_str(), d.line), ("truncated-report", Some(2)));
    }
}
