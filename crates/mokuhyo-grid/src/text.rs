//! The glyphs inside one cell → lines → paragraphs.
//!
//! Office tools wrap a cell's text at its right edge: a line that ends near the edge goes on
//! in the next line (a soft wrap), and one that stops well short of it ended a paragraph. A
//! line that starts with a bullet, a circled number or a section id starts a paragraph
//! wherever the line before it ended.

use crate::pdf::Glyph;

/// One line of glyphs: its text, its extent and its font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text, with spaces where the glyphs leave a word gap.
    pub text: String,
    /// Left, top, right, bottom (y down).
    pub rect: [f64; 4],
    /// The largest font size on the line.
    pub size: f64,
}

/// Groups glyphs into lines, top to bottom, each read left to right. Glyphs belong to one
/// line when their vertical centres are within half a font size of each other.
pub fn lines(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.rect[0].total_cmp(&b.rect[0]))
    });
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match groups.last_mut() {
            Some(cur) if (g.cy() - cur[0].cy()).abs() < 0.5 * g.size.max(cur[0].size) => {
                cur.push(g)
            }
            _ => groups.push(vec![g]),
        }
    }
    groups
        .into_iter()
        .map(|mut gs| {
            // By centre: a bracket whose advance was trimmed (yakumono spacing) can start
            // left of the glyph before it.
            gs.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
            let mut text = String::new();
            let mut rect = gs[0].rect;
            let mut size: f64 = 0.0;
            let mut prev_right: Option<f64> = None;
            for g in &gs {
                if g.text == " " {
                    if prev_right.is_some() && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    continue;
                }
                if let Some(pr) = prev_right {
                    if g.rect[0] - pr > 0.15 * g.size && !text.ends_with(' ') {
                        text.push(' ');
                    }
                }
                text.push_str(&g.text);
                prev_right = Some(prev_right.map_or(g.rect[2], |p: f64| p.max(g.rect[2])));
                rect = [
                    rect[0].min(g.rect[0]),
                    rect[1].min(g.rect[1]),
                    rect[2].max(g.rect[2]),
                    rect[3].max(g.rect[3]),
                ];
                size = size.max(g.size);
            }
            Line {
                text: text.trim().to_string(),
                rect,
                size,
            }
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Whether a line starts a paragraph by its first characters: a bullet, a circled number,
/// a section id (`1-①`), a numbered item (`1.`, `(1)`, `（1）`) or a sub-heading bracket.
pub fn starts_paragraph(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(
        first,
        '・' | '•'
            | '●'
            | '○'
            | '◎'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '▶'
            | '▷'
            | '※'
            | '【'
            | '〇'
    ) || mokuhyo_parse::circled::is_circled(first)
    {
        return true;
    }
    if matches!(first, '-' | '‐' | '－') && chars.next() == Some(' ') {
        return true;
    }
    if matches!(first, '(' | '（') {
        let rest: String = text.chars().skip(1).take(3).collect();
        return rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    }
    // `12-③…`, `3.…`, `3．…`
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let after: Vec<char> = text.chars().skip(digits.chars().count()).take(2).collect();
        return match after.as_slice() {
            ['-' | '－' | '‐', c, ..] => mokuhyo_parse::circled::is_circled(*c),
            ['.' | '．', ..] => true,
            _ => false,
        };
    }
    false
}

/// Whether a soft wrap between `a` and `b` hides a space: only between two Latin letters or
/// digits (Latin text wraps at spaces; Japanese text wraps anywhere and has none).
fn space_at_wrap(a: &str, b: &str) -> bool {
    let last = a.chars().next_back();
    let first = b.chars().next();
    matches!((last, first), (Some(x), Some(y)) if x.is_ascii_alphanumeric() && y.is_ascii_alphanumeric())
}

/// Whether a line ends a sentence or a bracketed phrase.
fn ends_sentence(text: &str) -> bool {
    text.ends_with([
        '。', '．', '！', '？', '」', '』', '）', ')', '】', ':', '：',
    ])
}

/// The paragraphs of a cell spanning `left..right` (x of its edges).
pub fn paragraphs(lines: &[Line], left: f64, right: f64) -> Vec<String> {
    // Text is set in from the cell's edges by the same padding on both sides: a wrapped
    // line ends about as far from the right edge as the text starts from the left one.
    let inset = lines
        .iter()
        .map(|l| l.rect[0] - left)
        .fold(f64::INFINITY, f64::min)
        .clamp(0.0, (right - left) / 4.0);
    let reach = right - inset;
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines {
        // `・` is a bullet, or a separator that a wrap happened to put first on the line: it
        // goes on a wrapped line that stopped mid-sentence.
        let continues = open
            && (!starts_paragraph(&l.text)
                || (l.text.starts_with('・') && !out.last().is_some_and(|p| ends_sentence(p))));
        if continues {
            let last = out.last_mut().expect("open paragraph");
            if space_at_wrap(last, &l.text) {
                last.push(' ');
            }
            last.push_str(&l.text);
        } else {
            out.push(l.text.clone());
        }
        // A line that stops more than two and a half characters short of the edge ends its
        // paragraph. (Line-breaking rules can push the last two characters and a closing
        // mark to the next line: `…募りま` / `す。`.)
        open = l.rect[2] >= reach - 2.5 * l.size;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, right: f64) -> Line {
        Line {
            text: text.into(),
            rect: [0.0, 0.0, right, 10.0],
            size: 10.0,
        }
    }

    #[test]
    fn ok_soft_wraps_join_and_short_lines_end_paragraphs() {
        let ls = [
            line("子育て家庭の不", 200.0),
            line("安を和らげます。", 80.0),
            line("次の段落", 150.0),
        ];
        assert_eq!(
            paragraphs(&ls, 0.0, 205.0),
            vec!["子育て家庭の不安を和らげます。", "次の段落"]
        );
    }

    #[test]
    fn ok_bullets_and_ids_start_paragraphs() {
        let ls = [
            line("1-①題名", 100.0),
            line("・箇条", 200.0),
            line("2-②次", 200.0),
        ];
        assert_eq!(
            paragraphs(&ls, 0.0, 200.0),
            vec!["1-①題名", "・箇条", "2-②次"]
        );
        // A `・` after a wrap mid-sentence is a separator; after a sentence, a bullet.
        let ls = [
            line("相談会", 200.0),
            line("・フェアです。", 200.0),
            line("・次", 20.0),
        ];
        assert_eq!(
            paragraphs(&ls, 0.0, 200.0),
            vec!["相談会・フェアです。", "・次"]
        );
        // Two short lines are two paragraphs, however narrow the cell.
        let ls = [line("目標値", 30.0), line("24戸", 20.0)];
        assert_eq!(paragraphs(&ls, 0.0, 100.0), vec!["目標値", "24戸"]);
        assert!(starts_paragraph("①100人"));
        assert!(starts_paragraph("(2) 事業"));
        assert!(starts_paragraph("12. 広聴"));
        assert!(!starts_paragraph("2回開催"));
        assert!(!starts_paragraph("1-2月"));
    }

    #[test]
    fn ok_latin_words_keep_their_space_over_a_wrap() {
        let ls = [line("COCO", 200.0), line("MANIWA", 90.0)];
        assert_eq!(paragraphs(&ls, 0.0, 200.0), vec!["COCO MANIWA"]);
    }

    #[test]
    fn ok_glyphs_make_lines_with_word_gaps() {
        let g = |t: &str, x: f64, y: f64| Glyph {
            text: t.into(),
            rect: [x, y - 9.0, x + 10.0, y + 1.0],
            size: 10.0,
            baseline: y,
        };
        let gs = [
            g("B", 10.0, 20.0),
            g("A", 0.0, 20.5),
            g("C", 25.0, 20.0),
            g("D", 0.0, 40.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let ls = lines(&refs);
        assert_eq!(
            ls.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["AB C", "D"]
        );
    }
}
