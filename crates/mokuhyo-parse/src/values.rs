//! Value cells: numbers with units (`118,000件`, `450万件`, `35%`, `6月`), the words beside
//! them, and the achievement of an actual against its target.

use crate::model::{Achievement, Number, Quantity, Rule, Status};
use regex::Regex;
use std::sync::LazyLock;

/// One number: digits with optional thousands separators and decimals, an optional
/// 千/万/億 multiplier, then an optional unit after at most one space. A unit is a counter
/// of several characters from [`COUNTERS`], else one kanji, a katakana word, Latin letters
/// or a percent sign: `3回開催` is 3 `回` with the note 開催, `100人以上` is 100 `人`.
/// Anchored: [`read`] runs it from each digit in turn, which finds what an unanchored search
/// would (every match starts at a digit, and from a digit there is always a match) without
/// scanning the whole text each time. A Latin unit ends at an ASCII word boundary, so `12km整備`
/// reads `km`.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"^(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d+))?",
            r"(千|万|億)?",
            r"(?:\s?({}|%|‰|[A-Za-z]{{1,5}}(?-u:\b)|[\p{{Han}}&&[^千万億及又等以未程超前後]]|\p{{Katakana}}{{1,4}}))?"
        ),
        COUNTERS.join("|")
    ))
    .unwrap()
});

/// Counters longer than one character, longest first where one starts another.
const COUNTERS: &[&str] = &[
    "事業者",
    "事業所",
    "事業体",
    "事業",
    "医療機関",
    "自治体",
    "団体",
    "世帯",
    "企業",
    "施設",
    "地区",
    "地域",
    "集落",
    "店舗",
    "法人",
    "箇所",
    "個所",
    "か所",
    "ヶ所",
    "ヵ所",
    "カ所",
    "時間",
    "日間",
    "週間",
    "か月",
    "ヶ月",
    "カ月",
    "年間",
    "人日",
    "人泊",
    "種類",
    "品目",
    "項目",
    "講座",
    "学級",
    "教室",
    "路線",
    "区画",
    "区間",
    "校区",
    "園児",
    "児童",
    "生徒",
    "名様",
    "千円",
    "平方メートル",
    "ヘクタール",
];

/// The readings of one value text.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Every quantity, in order.
    pub quantities: Vec<Quantity>,
    /// The words beside the numbers, or `None` when there are none.
    pub note: Option<String>,
}

impl Reading {
    /// The first quantity's value.
    pub fn value(&self) -> Option<Number> {
        self.quantities.first().map(|q| q.value)
    }

    /// The first quantity's unit.
    pub fn unit(&self) -> Option<&str> {
        self.quantities.first().and_then(|q| q.unit.as_deref())
    }
}

/// Characters that separate the words of a note and are not words themselves.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | ',' | '・' | '。' | ';' | ':' | '/')
}

/// Dash-like characters that mean "nothing" when they stand alone.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '−' | '–' | '—' | '―' | 'ー' | '─')
}

/// Appends one piece of note text to `note`, trimmed of separators and of a leading dash,
/// unless nothing but dashes and separators is left.
fn push_note(note: &mut String, piece: &str) {
    let piece = piece.trim_matches(is_separator);
    let without_dash = piece.trim_start_matches(is_dash).trim_start();
    let piece = if without_dash.len() < piece.len() && !without_dash.is_empty() {
        without_dash
    } else {
        piece
    };
    if !piece.is_empty() && !piece.chars().all(|c| is_dash(c) || is_separator(c)) {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(piece);
    }
}

/// Whether `c` is a decimal digit as the regex `\d` sees it (Unicode `Nd`, not only ASCII).
pub(crate) fn is_digit(c: char) -> bool {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").unwrap());
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    // CJK punctuation, kana and ideographs, most of a report, hold no decimal digit.
    if ('\u{3000}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c.is_numeric() && DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
}

/// Where the next decimal digit (`\d`: Unicode `Nd`) at or after byte `from` of `text` is.
fn next_digit(text: &str, from: usize) -> Option<usize> {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").unwrap());
    let rest = text.get(from..)?;
    let ascii = rest.bytes().position(|b| b.is_ascii_digit());
    let before = &rest[..ascii.unwrap_or(rest.len())];
    if before.chars().any(|c| !c.is_ascii() && is_digit(c)) {
        // A digit of another script may come first: let `\d` decide.
        return DIGIT.find(rest).map(|m| from + m.start());
    }
    ascii.map(|i| from + i)
}

/// The parts of one [`QUANTITY`] match, as its groups 1 to 4 would give them.
#[derive(Debug, PartialEq)]
struct QuantityMatch<'t> {
    /// The whole match.
    len: usize,
    /// The integer digits, thousands separators included.
    digits: &'t str,
    /// The digits after the decimal point.
    fraction: Option<&'t str>,
    /// 千, 万 or 億.
    multiplier: Option<&'t str>,
    /// The unit.
    unit: Option<&'t str>,
}

/// The [`QUANTITY`] match at the start of `text`. Only its bounds come from the regex (a
/// search that does not resolve groups is much cheaper); the parts are then told apart by
/// their first characters, which no earlier part can hold: digits and commas, then a point
/// and digits, then a multiplier, then perhaps a space and the unit, which starts with none
/// of these.
fn quantity_at(text: &str) -> Option<QuantityMatch<'_>> {
    let m = QUANTITY.find(text)?.as_str();
    let digits_end = |s: &str, comma: bool| {
        s.find(|c: char| !(comma && c == ',' || is_digit(c)))
            .unwrap_or(s.len())
    };
    let (digits, mut rest) = m.split_at(digits_end(m, true));
    let fraction = rest.strip_prefix('.').map(|f| {
        let (fraction, after) = f.split_at(digits_end(f, false));
        rest = after;
        fraction
    });
    let multiplier = ["千", "万", "億"].into_iter().find(|x| rest.starts_with(x));
    if let Some(x) = multiplier {
        rest = &rest[x.len()..];
    }
    let unit = (!rest.is_empty()).then(|| rest.strip_prefix(char::is_whitespace).unwrap_or(rest));
    Some(QuantityMatch {
        len: m.len(),
        digits,
        fraction,
        multiplier,
        unit,
    })
}

/// Reads the numbers, units and words of one value text.
pub fn read(text: &str) -> Reading {
    let mut quantities = Vec::new();
    let mut note = String::new();
    // The digits of one number without separators, for `parse`.
    let mut number = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(at) = next_digit(text, from) {
        let Some(q) = quantity_at(&text[at..]) else {
            from = at + 1;
            continue;
        };
        let m = at..at + q.len;
        from = m.end.max(at + 1);
        number.clear();
        number.extend(q.digits.chars().filter(|&c| c != ','));
        if let Some(fraction) = q.fraction {
            number.push('.');
            number.push_str(fraction);
        }
        let mut value: f64 = number.parse().unwrap_or(f64::NAN);
        // One test after the multiplier: it keeps an infinite or NaN reading as it is.
        value *= match q.multiplier {
            Some("千") => 1e3,
            Some("万") => 1e4,
            Some("億") => 1e8,
            _ => 1.0,
        };
        if !value.is_finite() {
            continue;
        }
        push_note(&mut note, &text[last..m.start]);
        last = m.end;
        quantities.push(Quantity {
            value: Number(value),
            unit: q.unit.map(str::to_string),
        });
    }
    push_note(&mut note, &text[last..]);
    Reading {
        quantities,
        note: (!note.is_empty()).then_some(note),
    }
}

/// Position of a month in the fiscal year (April = 0 … March = 11).
fn fiscal_month(q: &Quantity) -> Option<u32> {
    let m = q.value.0;
    if q.unit.as_deref() != Some("月") || m.fract() != 0.0 || !(1.0..=12.0).contains(&m) {
        return None;
    }
    Some((m as u32 + 8) % 12)
}

fn unknown(rule: Rule) -> Achievement {
    Achievement {
        status: Status::Unknown,
        ratio: None,
        rule,
    }
}

/// The most target × actual quantities [`achievement`] pairs; beyond, the status is unknown.
const MAX_PAIRINGS: usize = 10_000;

/// Compares an actual against its target (SPEC §3 `achievement`).
pub fn achievement(target: Option<&[Quantity]>, actual: Option<&[Quantity]>) -> Achievement {
    let Some(target) = target.filter(|t| !t.is_empty()) else {
        return unknown(Rule::None);
    };
    let first = &target[0];
    if target.len() == 1 {
        if let Some(deadline) = fiscal_month(first) {
            let done = actual
                .and_then(|a| a.iter().find_map(fiscal_month))
                .map(|m| m <= deadline);
            return match done {
                Some(met) => Achievement {
                    status: if met { Status::Met } else { Status::NotMet },
                    ratio: None,
                    rule: Rule::Deadline,
                },
                None => unknown(Rule::Deadline),
            };
        }
    }
    let lower = first.value.0 == 0.0;
    let rule = if lower {
        Rule::LowerIsBetter
    } else {
        Rule::HigherIsBetter
    };
    let Some(actual) = actual.filter(|a| !a.is_empty()) else {
        return unknown(rule);
    };
    // Pairing below scans the actuals once per target quantity. Real cells hold a handful of
    // quantities; cells with hundreds each (a broken or hostile file) get no verdict rather
    // than taking quadratic time.
    if target.len().saturating_mul(actual.len()) > MAX_PAIRINGS {
        return unknown(rule);
    }
    // Pair each target quantity with the actual quantity of the same unit, in order.
    let mut used = vec![false; actual.len()];
    let mut met = true;
    let mut first_pair = None;
    for t in target {
        let found = actual
            .iter()
            .enumerate()
            .find(|(i, a)| !used[*i] && (a.unit == t.unit || t.unit.is_none() || a.unit.is_none()));
        let Some((i, a)) = found else {
            return unknown(rule);
        };
        used[i] = true;
        first_pair.get_or_insert((t.value.0, a.value.0));
        let ok = if t.value.0 == 0.0 {
            a.value.0 <= t.value.0
        } else {
            a.value.0 >= t.value.0
        };
        met &= ok;
    }
    let ratio = first_pair.map(|(t, a)| a / t).filter(|r| r.is_finite());
    Achievement {
        status: if met { Status::Met } else { Status::NotMet },
        ratio,
        rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(f64, Option<String>)> {
        read(text)
            .quantities
            .into_iter()
            .map(|q| (q.value.0, q.unit))
            .collect()
    }

    fn one(v: f64, u: &str) -> Vec<(f64, Option<String>)> {
        vec![(v, Some(u.to_string()))]
    }

    #[test]
    fn ok_numbers_units_and_multipliers() {
        assert_eq!(q("118,000件"), one(118000.0, "件"));
        assert_eq!(q("450万件"), one(4_500_000.0, "件"));
        assert_eq!(q("3.5万"), vec![(35000.0, None)]);
        assert_eq!(q("2億円"), one(2e8, "円"));
        assert_eq!(q("35%"), one(35.0, "%"));
        assert_eq!(q("6月"), one(6.0, "月"));
        assert_eq!(q("3 件"), one(3.0, "件"));
        assert_eq!(q("100"), vec![(100.0, None)]);
        assert_eq!(q("20事業者"), one(20.0, "事業者"));
        // Latin units end at a non-ASCII letter too.
        assert_eq!(q("12km整備"), one(12.0, "km"));
        assert_eq!(q("12地区"), one(12.0, "地区"));
        assert_eq!(q("3回開催"), one(3.0, "回"));
        assert_eq!(q("100人以上"), one(100.0, "人"));
        assert_eq!(q("5千円"), one(5000.0, "円"));
        assert_eq!(q("1地域"), one(1.0, "地域"));
        assert_eq!(q("12.5km"), one(12.5, "km"));
        assert_eq!(q("5か所"), one(5.0, "か所"));
    }

    #[test]
    fn ok_several_quantities_and_notes() {
        let r = read("5人5社");
        assert_eq!(r.quantities.len(), 2);
        assert_eq!(r.unit(), Some("人"));
        assert_eq!(r.quantities[1].unit.as_deref(), Some("社"));
        assert_eq!(r.note, None);
        let r = read("新規登録146団体");
        assert_eq!((r.value(), r.unit()), (Some(Number(146.0)), Some("団体")));
        assert_eq!(r.note.as_deref(), Some("新規登録"));
        let r = read("調整会議回数 3回");
        assert_eq!(r.note.as_deref(), Some("調整会議回数"));
        let r = read("骨子案策定2月");
        assert_eq!((r.value(), r.unit()), (Some(Number(2.0)), Some("月")));
        assert_eq!(r.note.as_deref(), Some("骨子案策定"));
    }

    #[test]
    fn err_no_number_gives_null_value() {
        let r = read("年度内");
        assert_eq!((r.value(), r.note.as_deref()), (None, Some("年度内")));
        let r = read("-");
        assert_eq!((r.value(), r.note), (None, None));
        let r = read("-(設立準備中)");
        assert_eq!((r.value(), r.note.as_deref()), (None, Some("(設立準備中)")));
        assert_eq!(read("").quantities.len(), 0);
        // A number too large for f64 is not a quantity: no value may be infinite.
        let huge = format!("{}億件", "9".repeat(400));
        assert!(read(&huge).quantities.is_empty());
    }

    #[test]
    fn ok_reading_from_each_digit_finds_what_a_search_finds() {
        let search = Regex::new(&QUANTITY.as_str()[1..]).unwrap();
        const PIECES: &[&str] = &[
            "1", "23", "1,000", ",", ".", "5", "万", "件", "km", "人", " ", "%", "-", "新規", "٣",
            "１", "a", "ア", "か所", "年度", "①", "億", "e",
        ];
        let mut next = crate::test_rng(0x5851_F42D_4C95_7F2Du64);
        for _ in 0..20_000 {
            let t: String = (0..next() % 8)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let want: Vec<_> = search
                .captures_iter(&t)
                .map(|c| {
                    (
                        c.get(0).unwrap().range(),
                        c.get(4).map(|u| u.as_str().to_string()),
                    )
                })
                .collect();
            let mut got = Vec::new();
            let mut from = 0;
            while let Some(at) = next_digit(&t, from) {
                let c = QUANTITY.captures(&t[at..]).unwrap();
                let m = c.get(0).unwrap();
                got.push((
                    at + m.start()..at + m.end(),
                    c.get(4).map(|u| u.as_str().to_string()),
                ));
                from = at + m.end();
            }
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn ok_is_digit_is_the_pattern() {
        let re = Regex::new(r"^\d$").unwrap();
        for c in ('\0'..='\u{FFFF}').chain(['\u{104A0}', '\u{1D7CE}', '\u{1F10B}']) {
            assert_eq!(
                is_digit(c),
                re.is_match(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    #[test]
    fn ok_quantity_parts_match_the_groups() {
        const PIECES: &[&str] = &[
            "1", "23", "1,000", ",", ".", "5", "万", "千円", "件", "km", "人", " ", "%", "-", "٣",
            "a", "ア", "か所", "〇", "億", "e", "\u{3000}",
        ];
        let mut next = crate::test_rng(0x2F6B_3D1C_8E5A_9047u64);
        for _ in 0..20_000 {
            let t: String = (0..1 + next() % 6)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let Some(at) = next_digit(&t, 0) else {
                continue;
            };
            let t = &t[at..];
            let want = QUANTITY.captures(t).map(|c| QuantityMatch {
                len: c.get(0).unwrap().end(),
                digits: c.get(1).unwrap().as_str(),
                fraction: c.get(2).map(|m| m.as_str()),
                multiplier: c.get(3).map(|m| m.as_str()),
                unit: c.get(4).map(|m| m.as_str()),
            });
            assert_eq!(quantity_at(t), want, "{t:?}");
        }
    }

    fn status(t: &str, a: &str) -> (Status, Rule, Option<f64>) {
        let a = achievement(Some(&read(t).quantities), Some(&read(a).quantities));
        (a.status, a.rule, a.ratio)
    }

    #[test]
    fn ok_achievement_rules() {
        assert_eq!(status("35%", "32%").0, Status::NotMet);
        let (s, r, ratio) = status("118,000件", "127,699件");
        assert_eq!((s, r), (Status::Met, Rule::HigherIsBetter));
        assert!((ratio.unwrap() - 127699.0 / 118000.0).abs() < 1e-12);
        assert_eq!(
            status("0件", "0件"),
            (Status::Met, Rule::LowerIsBetter, None)
        );
        assert_eq!(
            status("0件", "2件"),
            (Status::NotMet, Rule::LowerIsBetter, None)
        );
        // Deadlines run in fiscal order: February comes before March, July after April.
        assert_eq!(
            status("3月", "骨子案策定2月"),
            (Status::Met, Rule::Deadline, None)
        );
        assert_eq!(status("4月", "7月"), (Status::NotMet, Rule::Deadline, None));
        assert_eq!(status("4月", "12月").0, Status::NotMet);
        assert_eq!(status("12月", "1月").0, Status::NotMet);
        assert_eq!(status("5人5社", "13人、11社").0, Status::Met);
        assert_eq!(status("5人5社", "13人、4社").0, Status::NotMet);
    }

    #[test]
    fn err_achievement_without_comparable_numbers() {
        assert_eq!(status("年度内", "-").0, Status::Unknown);
        assert_eq!(
            status("6月", "コンソーシアム開催3回"),
            (Status::Unknown, Rule::Deadline, None)
        );
        assert_eq!(status("10件", "-").0, Status::Unknown);
        assert_eq!(status("10件", "10人").0, Status::Unknown);
        // Too many quantities to pair: no verdict (and no quadratic time).
        let many = "1件 ".repeat(101);
        let enough = "1件 ".repeat(100);
        assert_eq!(
            status(&many, &enough),
            (Status::Unknown, Rule::HigherIsBetter, None)
        );
        assert_eq!(status(&enough, &enough).0, Status::Met);
        let one_target = status("1件", &"2件 ".repeat(5_000));
        assert_eq!(one_target, (Status::Met, Rule::HigherIsBetter, Some(2.0)));
        assert_eq!(
            achievement(None, Some(&read("3件").quantities)).rule,
            Rule::None
        );
    }
}
