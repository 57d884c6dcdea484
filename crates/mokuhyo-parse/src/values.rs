//! Value cells: numbers with units (`118,000件`, `450万件`, `2億4,500万円`, `▲5%`, `6月`,
//! `12事業所`), the words beside them, the bound a direction word sets (`15分以内`), and the
//! achievement of an actual against its target.
//!
//! How a number is read:
//!
//! - **Digits**: ASCII digits with optional thousands separators (`118,000`) and decimals.
//! - **Multipliers**: `百` or `千`, then `万`, `億` or `兆` (`3千万` = 30,000,000). The value is
//!   computed from the decimal digits, never by multiplying a binary float: `2.26万` is exactly
//!   22600.
//! - **Compound numerals**: a part with a multiplier of 千 or more followed at once by a smaller
//!   part is one quantity: `2億4,500万円` = 245,000,000 円, `3万5千人` = 35,000 人.
//! - **Signs**: `▲`, `△` (how Japanese tables write minus) before a digit, and `-`, `−` before a
//!   digit at the start of the text or after a space or an opening bracket, make it negative.
//!   A dash between numbers (`4-5`) is a range, not a sign.
//! - **Units**: `%`, `‰`, up to five Latin letters (`km`, `t`), or a whole counter word of
//!   kanji or katakana: its end is decided by what follows (a space, punctuation, a digit, a
//!   bracket, kana, the end of the text), not by a list of units. Only the exceptions are
//!   listed: words that follow a counter without being part of it ([`NOT_UNIT`]: `回開催` is
//!   `回` then 開催, `人以上` is `人` then 以上), and the few counters that mix scripts
//!   (`か所`, `ヶ月`, `平方メートル`).
//! - **Direction words** right after a quantity set the target's [`Bound`]: 以下, 以内, まで
//!   (`max`), 未満 (`max_exclusive`), 以上 (`min`), 超 (`min_exclusive`). The word stays in
//!   the note.
//! - **A dash and a bracket** (`-(次期計画でR8年度に設定)`) mean "no value, and why": the
//!   value is null, the bracket is the note, and digits inside it are not quantities.

use crate::model::{Achievement, Bound, Number, Quantity, Report, Rule, Status};
use regex::Regex;
use std::sync::LazyLock;

/// The readings of one value text.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Every quantity, in order.
    pub quantities: Vec<Quantity>,
    /// The words beside the numbers, or `None` when there are none.
    pub note: Option<String>,
    /// The bound set by the first direction word written right after a quantity.
    pub bound: Option<Bound>,
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
    // `piece` starts with no space, so without a leading dash this is `piece` itself.
    let piece = match piece.trim_start_matches(is_dash).trim_start() {
        "" => piece,
        rest => rest,
    };
    if !piece.is_empty() && !piece.chars().all(|c| is_dash(c) || is_separator(c)) {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(piece);
    }
}

/// Whether `c` is a decimal digit as the regex `\d` sees it (Unicode `Nd`, not only ASCII).
/// Values are read from ASCII digits only (NFKC has already turned full-width digits into
/// ASCII); the structure passes use this for ids and item numbers.
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

/// A kanji (CJK ideograph, `々`, `〆`).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '々'
        | '〆')
}

/// A katakana letter (the prolonged sound mark `ー` only inside a word).
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FD}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// Words that follow a counter without being part of it: direction and approximation words,
/// points in time, changes, and the verbal nouns a count is written before (`3回開催`). A
/// counter word ends where the rest of its kanji run is made of these words alone.
pub const NOT_UNIT: &[&str] = &[
    // Direction and approximation.
    "以上",
    "以下",
    "以内",
    "未満",
    "超",
    "以降",
    "以前",
    "程度",
    "前後",
    "余",
    "強",
    "弱",
    "等",
    "及",
    "又",
    "毎", // Points in time.
    "末",
    "中",
    "頃",
    "初",
    "上旬",
    "中旬",
    "下旬",
    "内",
    "迄",
    "時点",
    "現在",
    "見込",
    "予定",
    // Changes.
    "増",
    "減",
    "増加",
    "減少",
    "向上",
    "削減",
    "改善",
    "達成",
    "完了",
    // What was done that many times or to that many.
    "開催",
    "実施",
    "設置",
    "整備",
    "導入",
    "参加",
    "策定",
    "作成",
    "発行",
    "配布",
    "登録",
    "認定",
    "指定",
    "訪問",
    "受診",
    "受講",
    "相談",
    "利用",
    "派遣",
    "募集",
    "採用",
    "改修",
    "更新",
    "修繕",
    "建設",
    "解消",
    "支援",
    "提供",
    "公開",
    "確保",
    "運行",
    "稼働",
    "延長",
    "開設",
    "実績",
    "目標",
    // What happens in that month (`9月議会`, `3月完成`).
    "議会",
    "定例会",
    "臨時会",
    "完成",
    "竣工",
    "供用",
    "開始",
    "着手",
    "着工",
    "発注",
    "契約",
    "締結",
    "提出",
    "公表",
    "決定",
    "施行",
    "改正",
];

/// Counters that start with a kana before their kanji: `か所`, `ヶ月`, `カ国`.
fn is_counter_prefix(c: char) -> bool {
    matches!(c, 'か' | 'ヶ' | 'ヵ' | 'カ' | 'ケ')
}

/// For each byte offset of `run`, whether the rest of `run` from there is made of
/// [`NOT_UNIT`] words alone (true at the end). One pass from the end: linear in the run's
/// length times the number of words, however long a run of kanji a cell holds.
fn not_unit_tails(run: &str) -> Vec<bool> {
    let mut tail = vec![false; run.len() + 1];
    tail[run.len()] = true;
    for (i, _) in run.char_indices().rev() {
        tail[i] = NOT_UNIT
            .iter()
            .any(|w| run[i..].starts_with(w) && tail[i + w.len()]);
    }
    tail
}

/// The length in bytes of the unit at the start of `s`, if there is one.
fn unit_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    let (_, c) = *chars.peek()?;
    if c == '%' || c == '‰' {
        return Some(c.len_utf8());
    }
    if c.is_ascii_alphabetic() {
        let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
        let after = s.as_bytes().get(n);
        let boundary = after.is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        return (n <= 5 && boundary).then_some(n);
    }
    // A kanji or katakana run; a kana counter prefix joins the kanji after it, and 平方/立方
    // the katakana after them.
    let run_end = |from: usize, katakana: bool| {
        s[from..]
            .char_indices()
            .find(|&(i, ch)| {
                let inside = if katakana {
                    is_katakana(ch) || (i > 0 && ch == 'ー')
                } else {
                    is_han(ch)
                };
                !inside
            })
            .map_or(s.len(), |(i, _)| from + i)
    };
    let end = if is_han(c) {
        let han = run_end(0, false);
        let area = ["平方", "立方"].iter().any(|p| s[..han].ends_with(p));
        if area && s[han..].starts_with(is_katakana) {
            run_end(han, true)
        } else {
            han
        }
    } else if is_counter_prefix(c) && s[c.len_utf8()..].starts_with(is_han) {
        run_end(c.len_utf8(), false)
    } else if is_katakana(c) {
        run_end(0, true)
    } else {
        return None;
    };
    let run = &s[..end];
    // The shortest head whose tail is made of words that are not part of a counter.
    let tail = not_unit_tails(run);
    match run.char_indices().map(|(k, _)| k).find(|&k| tail[k]) {
        Some(0) => None,
        Some(k) => Some(k),
        None => Some(end),
    }
}

/// 百 and 千, and their powers of ten.
fn small_multiplier(c: char) -> Option<i32> {
    match c {
        '百' => Some(2),
        '千' => Some(3),
        _ => None,
    }
}

/// 万, 億 and 兆, and their powers of ten.
fn large_multiplier(c: char) -> Option<i32> {
    match c {
        '万' => Some(4),
        '億' => Some(8),
        '兆' => Some(12),
        _ => None,
    }
}

/// One written number: digits, decimals and multiplier, before any unit.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    /// Every digit, integer and fraction, without separators.
    digits: String,
    /// How many of `digits` follow the decimal point.
    fraction: usize,
    /// The multiplier's power of ten (0 without one).
    power: i32,
    /// Byte offset just after the part (after its multiplier).
    end: usize,
}

impl Part {
    /// The exact value as decimal text, `{digits}e{power - fraction}`, which `f64::from_str`
    /// rounds once, correctly.
    fn value(&self) -> f64 {
        let exp = self.power - self.fraction as i32;
        format!("{}e{exp}", self.digits).parse().unwrap_or(f64::NAN)
    }

    /// Integer digits, leading zeros left out.
    fn integer_digits(&self) -> usize {
        self.digits[..self.digits.len() - self.fraction]
            .trim_start_matches('0')
            .len()
    }

    /// The value as an integer, when it is one and fits in an `i128` (parsing and
    /// multiplying are checked, so digits of any length are safe).
    fn integer(&self) -> Option<i128> {
        if self.fraction > 0 {
            return None;
        }
        let n: i128 = self.digits.parse().ok()?;
        n.checked_mul(10i128.checked_pow(u32::try_from(self.power).ok()?)?)
    }
}

/// The number written at byte `at` of `text` (an ASCII digit).
fn part_at(text: &str, at: usize) -> Part {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = at;
    while digit(i) {
        i += 1;
    }
    let mut digits = text[at..i].to_string();
    if i - at <= 3 {
        // Thousands groups: a comma and exactly three digits, as many times as written.
        while b.get(i) == Some(&b',') && (1..=3).all(|k| digit(i + k)) && !digit(i + 4) {
            digits.push_str(&text[i + 1..i + 4]);
            i += 4;
        }
    }
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') && digit(i + 1) {
        let mut j = i + 1;
        while digit(j) {
            j += 1;
        }
        digits.push_str(&text[i + 1..j]);
        fraction = j - i - 1;
        i = j;
    }
    let mut power = 0;
    let mut rest = text[i..].chars();
    let mut next = rest.next();
    if let Some(p) = next.and_then(small_multiplier) {
        power += p;
        i += '千'.len_utf8();
        next = rest.next();
    }
    if let Some(p) = next.and_then(large_multiplier) {
        power += p;
        i += '万'.len_utf8();
    }
    Part {
        digits,
        fraction,
        power,
        end: i,
    }
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    /// Where it starts (at its sign, if any).
    start: usize,
    /// Where it ends (after its unit, if any).
    end: usize,
    /// The value, sign and multipliers applied; may be infinite for absurd digit runs.
    value: f64,
    /// The unit's byte range.
    unit: Option<std::ops::Range<usize>>,
}

/// Characters after which a `-` or `−` is a minus sign: nothing, a space, an opening bracket,
/// a colon or a list separator. After a digit or a word, a dash joins a range (`4-5`).
fn sign_may_follow(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || crate::circled::is_circled(c)
            || matches!(
                c,
                '(' | '[' | '【' | '「' | ':' | '、' | ',' | '=' | '~' | '〜' | '/'
            )
    })
}

/// Reads the quantity whose first digit is at byte `at`; `prev` ends before it.
fn quantity_at(text: &str, at: usize, prev: usize) -> Found {
    // A sign right before the digit, not taken by the quantity before it.
    let sign = text[prev..at].chars().next_back().filter(|&c| {
        let pre = text[..at - c.len_utf8()].chars().next_back();
        match c {
            '▲' | '△' => !pre.is_some_and(|p| p.is_ascii_digit()),
            '-' | '−' => sign_may_follow(pre),
            _ => false,
        }
    });
    let start = at - sign.map_or(0, char::len_utf8);
    let first = part_at(text, at);
    let mut end = first.end;
    let mut value = first.value();
    // Compound numerals: each further part smaller than the last part's multiplier.
    if first.power >= 3 {
        if let Some(mut total) = first.integer() {
            let mut limit = first.power;
            while text.as_bytes().get(end).is_some_and(u8::is_ascii_digit) {
                let next = part_at(text, end);
                let fits = next.power < limit
                    && next.integer_digits() + next.power as usize <= limit as usize;
                let Some(sum) = next
                    .integer()
                    .filter(|_| fits)
                    .and_then(|n| total.checked_add(n))
                else {
                    break;
                };
                total = sum;
                end = next.end;
                limit = next.power;
                value = total as f64;
                if limit < 3 {
                    break;
                }
            }
        }
    }
    if sign.is_some() {
        value = -value;
    }
    // The unit, perhaps after one space.
    let mut unit = None;
    let space = text[end..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8);
    if let Some(len) = unit_len(&text[end + space..]) {
        unit = Some(end + space..end + space + len);
        end += space + len;
    }
    Found {
        start,
        end,
        value,
        unit,
    }
}

/// The bound set by a direction word at the start of `s` (after optional spaces).
fn direction(s: &str) -> Option<Bound> {
    let s = s.trim_start();
    [
        ("以下", Bound::Max),
        ("以内", Bound::Max),
        ("まで", Bound::Max),
        ("未満", Bound::MaxExclusive),
        ("以上", Bound::Min),
        ("超", Bound::MinExclusive),
    ]
    .into_iter()
    .find_map(|(w, b)| s.starts_with(w).then_some(b))
}

/// `-(…)`: a dash standing for "no value" followed by a bracket that says why. Returns the
/// note (the bracket and what follows).
fn dash_and_note(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let rest = t.trim_start_matches(is_dash);
    if rest.len() == t.len() {
        return None;
    }
    let rest = rest.trim_start();
    rest.starts_with(['(', '[', '【', '〔', '「', '<'])
        .then(|| rest.trim_end())
}

/// Reads the numbers, units and words of one value text.
pub fn read(text: &str) -> Reading {
    if let Some(note) = dash_and_note(text) {
        return Reading {
            quantities: Vec::new(),
            note: Some(note.to_string()),
            bound: None,
        };
    }
    let mut quantities = Vec::new();
    let mut note = String::new();
    let mut bound = None;
    let mut last = 0;
    let mut from = 0;
    let bytes = text.as_bytes();
    while let Some(at) = bytes[from..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| from + i)
    {
        let q = quantity_at(text, at, last);
        // A quantity takes at least the digit at `at` (`part_at`), so `q.end > at` and the
        // `max` changes nothing today: it keeps the loop going forward should that change.
        // (Mutation testing cannot tell `at + 1` from `at` here for that reason.)
        from = q.end.max(at + 1);
        if !q.value.is_finite() {
            continue;
        }
        push_note(&mut note, &text[last..q.start]);
        last = q.end;
        if bound.is_none() {
            bound = direction(&text[q.end..]);
        }
        quantities.push(Quantity {
            value: Number(q.value),
            unit: q.unit.map(|u| text[u].to_string()),
        });
    }
    push_note(&mut note, &text[last..]);
    Reading {
        quantities,
        note: (!note.is_empty()).then_some(note),
        bound,
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
        status: Some(Status::Unknown),
        ratio: None,
        rule: Some(rule),
    }
}

/// The most target × actual quantities [`achievement`] pairs; beyond, the status is unknown.
const MAX_PAIRINGS: usize = 10_000;

/// Compares an actual against its target (SPEC §3 `achievement`), higher being better unless
/// the target is 0. [`achievement_with`] also takes the target's [`Bound`].
pub fn achievement(target: Option<&[Quantity]>, actual: Option<&[Quantity]>) -> Achievement {
    achievement_with(target, None, actual)
}

/// Whether `actual` reaches `target` under `bound` (a target of 0: at most 0).
fn reaches(target: f64, bound: Option<Bound>, actual: f64) -> bool {
    if target == 0.0 {
        return actual <= target;
    }
    match bound {
        Some(Bound::Max) => actual <= target,
        Some(Bound::MaxExclusive) => actual < target,
        Some(Bound::MinExclusive) => actual > target,
        Some(Bound::Min) | None => actual >= target,
    }
}

/// Compares an actual against its target (SPEC §3 `achievement`): a single month is a
/// deadline in fiscal order; a target of 0, or one bounded by 以下, 以内, まで (`max`) or 未満
/// (`max_exclusive`, strict) is lower-is-better; anything else higher-is-better (超 strict).
pub fn achievement_with(
    target: Option<&[Quantity]>,
    bound: Option<Bound>,
    actual: Option<&[Quantity]>,
) -> Achievement {
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
                    status: Some(if met { Status::Met } else { Status::NotMet }),
                    ratio: None,
                    rule: Some(Rule::Deadline),
                },
                None => unknown(Rule::Deadline),
            };
        }
    }
    let lower = first.value.0 == 0.0 || matches!(bound, Some(Bound::Max | Bound::MaxExclusive));
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
    // Pair each target quantity with the actual quantity of the same unit, in order; a
    // quantity without a unit pairs with any (`100` against `120件`).
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
        met &= reaches(t.value.0, bound, a.value.0);
    }
    let ratio = first_pair.map(|(t, a)| a / t).filter(|r| r.is_finite());
    Achievement {
        status: Some(if met { Status::Met } else { Status::NotMet }),
        ratio,
        rule: Some(rule),
    }
}

/// The quantities of a value, if there is one.
fn quantities(v: &Option<crate::model::Value>) -> Option<&[Quantity]> {
    v.as_ref().map(|v| v.quantities.as_slice())
}

/// Sets every indicator's achievement once the report's kind is known: from its target and
/// actual in an achievement report; null in a plan, which has nothing to judge yet.
pub fn set_achievements(report: &mut Report) {
    if report.kind == crate::model::Kind::Plan {
        clear_plan_achievements(report);
        return;
    }
    for g in &mut report.indicator_groups {
        for ind in &mut g.indicators {
            let bound = ind.target.as_ref().and_then(|t| t.bound);
            ind.achievement =
                achievement_with(quantities(&ind.target), bound, quantities(&ind.actual));
        }
    }
}

/// Clears every achievement of a plan: a plan has no actuals, so no status, ratio or rule.
pub fn clear_plan_achievements(report: &mut Report) {
    for g in &mut report.indicator_groups {
        for ind in &mut g.indicators {
            ind.achievement = Achievement {
                status: None,
                ratio: None,
                rule: None,
            };
        }
    }
}

/// The grade a 評価 cell starts with: a letter `S`, `A`–`E` standing alone or before 評価
/// (`Ａ`, `B評価`, `A:概ね達成`), or one of the marks `◎`, `○`, `〇`, `△`, `×`, `✕`.
/// `None` when the cell starts with anything else (a word such as `ABC事業`, a sentence).
pub fn grade(evaluation: &str) -> Option<String> {
    let t = evaluation.trim_start();
    let mut chars = t.chars();
    let c = chars.next()?;
    let next = chars.next();
    match c {
        'S' | 'A'..='E' => {
            let alone = next.is_none_or(|n| !(n.is_ascii_alphanumeric() || n == '_'));
            alone.then(|| c.to_string())
        }
        '◎' | '○' | '〇' | '△' | '×' | '✕' => {
            // `△5%` in an evaluation is a minus sign, not a grade.
            let number = next.is_some_and(|n| n.is_ascii_digit());
            (!number).then(|| c.to_string())
        }
        _ => None,
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

    fn bare(v: f64) -> Vec<(f64, Option<String>)> {
        vec![(v, None)]
    }

    #[test]
    fn ok_numbers_units_and_multipliers() {
        assert_eq!(q("118,000件"), one(118000.0, "件"));
        assert_eq!(q("450万件"), one(4_500_000.0, "件"));
        assert_eq!(q("3.5万"), bare(35000.0));
        assert_eq!(q("2億円"), one(2e8, "円"));
        assert_eq!(q("35%"), one(35.0, "%"));
        assert_eq!(q("2‰"), one(2.0, "‰"));
        assert_eq!(q("6月"), one(6.0, "月"));
        assert_eq!(q("3 件"), one(3.0, "件"));
        assert_eq!(q("100"), bare(100.0));
        assert_eq!(q("20事業者"), one(20.0, "事業者"));
        assert_eq!(q("12km整備"), one(12.0, "km"));
        assert_eq!(q("5t以上"), one(5.0, "t"));
        assert_eq!(q("12地区"), one(12.0, "地区"));
        assert_eq!(q("3回開催"), one(3.0, "回"));
        assert_eq!(q("100人以上"), one(100.0, "人"));
        assert_eq!(q("5千円"), one(5000.0, "円"));
        assert_eq!(q("3千万円"), one(3e7, "円"));
        assert_eq!(q("5百万円"), one(5e6, "円"));
        assert_eq!(q("2兆円"), one(2e12, "円"));
        assert_eq!(q("1地域"), one(1.0, "地域"));
        assert_eq!(q("12.5km"), one(12.5, "km"));
        assert_eq!(q("5か所"), one(5.0, "か所"));
        assert_eq!(q("3ヶ月"), one(3.0, "ヶ月"));
        assert_eq!(q("2カ国"), one(2.0, "カ国"));
        assert_eq!(q("300平方メートル"), one(300.0, "平方メートル"));
        assert_eq!(q("10ページ"), one(10.0, "ページ"));
        assert_eq!(q("3コース開講"), one(3.0, "コース"));
        // Thousands groups are exactly three digits.
        assert_eq!(q("1,2345"), vec![(1.0, None), (2345.0, None)]);
        assert_eq!(q("1,234,567円"), one(1_234_567.0, "円"));
    }

    #[test]
    fn ok_unit_edges() {
        // Five Latin letters are the most a unit has; an area word joins its katakana.
        assert_eq!(q("5units"), one(5.0, "units"));
        assert_eq!(q("5pixels"), bare(5.0));
        assert_eq!(q("5km_x"), bare(5.0));
        assert_eq!(q("20立方メートル"), one(20.0, "立方メートル"));
        assert_eq!(q("20地区メートル"), one(20.0, "地区"));
        assert_eq!(q("4ヵ月"), one(4.0, "ヵ月"));
        assert_eq!(q("4ケ所"), one(4.0, "ケ所"));
        assert_eq!(q("100トン"), one(100.0, "トン"));
        assert_eq!(q("3メーカー"), one(3.0, "メーカー"));
        // A unit comes right after the number, perhaps after one space; not after a point.
        assert_eq!(q("5.件"), bare(5.0));
        assert_eq!(q("5  件"), bare(5.0));
        assert_eq!(q("5\u{3000}件"), one(5.0, "件"));
        // A long run of words that are not units is still read in linear time, and cut.
        let long = format!("3回{}", "開催".repeat(5_000));
        assert_eq!(q(&long), one(3.0, "回"));
        let long = format!("3{}", "増".repeat(5_000));
        assert_eq!(q(&long), bare(3.0));
    }

    #[test]
    fn err_what_is_not_a_unit() {
        // Six Latin letters are a word, not a unit; so is a Latin run glued to digits.
        assert_eq!(q("5abcdef"), bare(5.0));
        assert_eq!(q("5ab3"), vec![(5.0, None), (3.0, None)]);
        // Kana other than a counter prefix, and direction words, are never units.
        assert_eq!(q("3つ"), bare(3.0));
        assert_eq!(q("100以上"), bare(100.0));
        assert_eq!(q("5程度"), bare(5.0));
        assert_eq!(q("5前後"), bare(5.0));
        assert_eq!(q("5か"), bare(5.0));
        assert_eq!(q("5 "), bare(5.0));
        assert_eq!(q("5(件)"), bare(5.0));
        // Kana before a kanji is a particle, not a counter prefix.
        assert_eq!(q("5を目標"), bare(5.0));
        assert_eq!(q("5と市内"), bare(5.0));
        assert_eq!(q("5の人"), bare(5.0));
        // Digits of other scripts are not read as numbers.
        assert!(q("٣件").is_empty());
    }

    /// Real Japanese counters of one to six characters, as reports write them.
    const COUNTERS: &[&str] = &[
        "人",
        "件",
        "回",
        "円",
        "戸",
        "社",
        "台",
        "本",
        "枚",
        "冊",
        "校",
        "園",
        "棟",
        "店",
        "名",
        "日",
        "年",
        "歳",
        "倍",
        "割",
        "点",
        "個",
        "基",
        "隻",
        "頭",
        "匹",
        "軒",
        "泊",
        "組",
        "部",
        "局",
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
        "か所",
        "ヶ所",
        "カ所",
        "時間",
        "日間",
        "週間",
        "か月",
        "ヶ月",
        "年間",
        "人日",
        "種類",
        "品目",
        "項目",
        "講座",
        "学級",
        "教室",
        "路線",
        "区画",
        "学区",
        "団地",
        "事業",
        "事業所",
        "事業者",
        "公民館",
        "小学校",
        "中学校",
        "医療機関",
        "自治体",
        "保育所",
        "避難所",
        "観光地",
        "農家",
        "協定",
        "自治会",
        "ページ",
        "コース",
        "プラン",
        "km",
        "ha",
        "kWh",
        "t",
        "%",
        "平方メートル",
        "ヘクタール",
    ];

    /// What may follow a counter: its end is decided by these, not by a list of counters.
    const AFTER: &[&str] = &[
        "",
        " 3件",
        "、",
        "。",
        "(うち新規2)",
        "3",
        "の",
        "を",
        "で",
        "に",
        "と",
        "以上",
        "以下",
        "未満",
        "超",
        "程度",
        "開催",
        "実施",
        "増",
        "減少",
        "等",
        ")",
        "/",
        "・",
        "①",
    ];

    #[test]
    fn ok_counters_of_any_length_end_where_the_text_says() {
        assert!(COUNTERS.len() >= 60);
        for counter in COUNTERS {
            for after in AFTER {
                for number in ["1", "12", "1,200", "3.5"] {
                    // A Latin unit followed by a digit is glued to it, not a unit.
                    if counter.is_ascii() && after.starts_with(|c: char| c.is_ascii_digit()) {
                        continue;
                    }
                    let text = format!("{number}{counter}{after}");
                    let r = read(&text);
                    assert_eq!(r.unit(), Some(*counter), "{text:?}");
                    let want: f64 = number.replace(',', "").parse().unwrap();
                    assert_eq!(r.value(), Some(Number(want)), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn err_counters_do_not_swallow_the_words_after_them() {
        assert_eq!(read("3回開催").note.as_deref(), Some("開催"));
        assert_eq!(read("3回開催予定").unit(), Some("回"));
        assert_eq!(q("3件増"), one(3.0, "件"));
        assert_eq!(q("6月中"), one(6.0, "月"));
        assert_eq!(q("3月末"), one(3.0, "月"));
        assert_eq!(q("12月中旬"), one(12.0, "月"));
        assert_eq!(q("9月議会で改正"), one(9.0, "月"));
        assert_eq!(q("3月完成"), one(3.0, "月"));
        assert_eq!(q("10月着工予定"), one(10.0, "月"));
        assert_eq!(q("5施設等"), one(5.0, "施設"));
        assert_eq!(q("2年度末"), one(2.0, "年度"));
        assert_eq!(q("4路線運行"), one(4.0, "路線"));
        assert_eq!(q("20人参加"), one(20.0, "人"));
        // A word of the list inside a counter does not cut it.
        assert_eq!(q("3中学校"), one(3.0, "中学校"));
        assert_eq!(q("2小中学校"), one(2.0, "小中学校"));
    }

    #[test]
    fn ok_compound_numerals_are_one_quantity() {
        assert_eq!(q("2億4,500万円"), one(245_000_000.0, "円"));
        assert_eq!(q("3万5千人"), one(35_000.0, "人"));
        assert_eq!(q("1億円"), one(1e8, "円"));
        assert_eq!(q("12億3千万円"), one(1_230_000_000.0, "円"));
        assert_eq!(q("1万2,345人"), one(12_345.0, "人"));
        assert_eq!(q("1億2345万6789円"), one(123_456_789.0, "円"));
        assert_eq!(q("3千5百円"), one(3_500.0, "円"));
        assert_eq!(q("▲2億4,500万円"), one(-245_000_000.0, "円"));
        let r = read("事業費 2億4,500万円");
        assert_eq!(r.note.as_deref(), Some("事業費"));
    }

    #[test]
    fn err_parts_that_do_not_fit_are_separate_quantities() {
        // The second part is not smaller than the first part's multiplier.
        assert_eq!(
            q("1万20000人"),
            vec![(1e4, None), (20000.0, Some("人".into()))]
        );
        assert_eq!(q("1万2万人"), vec![(1e4, None), (2e4, Some("人".into()))]);
        // A space, a unit or a decimal part ends the numeral.
        assert_eq!(
            q("2億 4,500万円"),
            vec![(2e8, None), (4.5e7, Some("円".into()))]
        );
        assert_eq!(
            q("3万人5千人"),
            vec![(3e4, Some("人".into())), (5e3, Some("人".into()))]
        );
        assert_eq!(
            q("2.5万3千人"),
            vec![(25_000.0, None), (3e3, Some("人".into()))]
        );
        // A fraction in a later part ends the numeral there.
        assert_eq!(
            q("1万2.5千人"),
            vec![(1e4, None), (2_500.0, Some("人".into()))]
        );
        // No multiplier, or 百: digits after it are another number.
        assert_eq!(q("3百5人"), vec![(300.0, None), (5.0, Some("人".into()))]);
        // Too long for exact integers: each part alone.
        let long = format!("{}億1万人", "9".repeat(40));
        assert_eq!(read(&long).quantities.len(), 2);
        let long = format!("{}億1万人", "9".repeat(31));
        assert_eq!(read(&long).quantities.len(), 2, "i128 overflow");
        let long = format!("{}万1千人", "9".repeat(31));
        assert_eq!(q(&long), one(10f64.powi(35), "人"));
    }

    #[test]
    fn ok_exact_decimals_times_every_multiplier() {
        assert_eq!(q("2.26万人"), one(22600.0, "人"));
        assert_eq!(q("1.1万人"), one(11000.0, "人"));
        assert_eq!(q("0.3万"), bare(3000.0));
        let multipliers: &[(&str, u32)] = &[
            ("", 0),
            ("百", 2),
            ("千", 3),
            ("万", 4),
            ("億", 8),
            ("兆", 12),
            ("百万", 6),
            ("千万", 7),
            ("百億", 10),
            ("千億", 11),
        ];
        let mut checked = 0;
        for int in [0u64, 1, 2, 12, 987] {
            for digits in 1..=4u32 {
                for frac in 0..10u64.pow(digits) {
                    let text = format!("{int}.{frac:0w$}", w = digits as usize);
                    let n = int * 10u64.pow(digits) + frac;
                    for &(m, power) in multipliers {
                        let want = if power >= digits {
                            (u128::from(n) * 10u128.pow(power - digits)) as f64
                        } else {
                            n as f64 / 10u64.pow(digits - power) as f64
                        };
                        let got = read(&format!("{text}{m}")).value().unwrap().0;
                        assert_eq!(got, want, "{text}{m}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 5 * 11_110 * multipliers.len());
    }

    #[test]
    fn ok_signs_make_numbers_negative() {
        assert_eq!(q("-5%"), one(-5.0, "%"));
        assert_eq!(q("−5%"), one(-5.0, "%"));
        assert_eq!(q("▲5%"), one(-5.0, "%"));
        assert_eq!(q("△5%"), one(-5.0, "%"));
        assert_eq!(q("▲1,200万円"), one(-1.2e7, "円"));
        assert_eq!(q("△0.5ポイント"), one(-0.5, "ポイント"));
        assert_eq!(q("前年比 -3件"), one(-3.0, "件"));
        assert_eq!(q("(-3件)"), one(-3.0, "件"));
        assert_eq!(q("増減:▲12人"), one(-12.0, "人"));
        assert_eq!(
            q("5人 ▲2人"),
            vec![(5.0, Some("人".into())), (-2.0, Some("人".into()))]
        );
        assert_eq!(read("▲5%").note, None);
    }

    #[test]
    fn err_dashes_that_are_not_signs() {
        // Ranges, phone numbers and dates keep their numbers positive.
        assert_eq!(q("10-20件"), vec![(10.0, None), (20.0, Some("件".into()))]);
        assert!(q("0867-42-1111").iter().all(|(v, _)| *v >= 0.0));
        assert!(q("令和4年-5年").iter().all(|(v, _)| *v > 0.0));
        assert!(q("2024-3-31").iter().all(|(v, _)| *v > 0.0));
        assert!(q("5件-3件").iter().all(|(v, _)| *v > 0.0));
        // A dash after a word, or apart from the digits, is not a sign.
        assert_eq!(q("前年比-5%"), one(5.0, "%"));
        assert_eq!(q("- 5件"), one(5.0, "件"));
        assert_eq!(q("ー5件"), one(5.0, "件"));
        assert_eq!(q("1▲2"), vec![(1.0, None), (2.0, None)]);
        // `-` alone stands for no value.
        let r = read("-");
        assert_eq!((r.value(), r.note), (None, None));
    }

    #[test]
    fn ok_dash_and_bracket_is_a_null_value_with_a_note() {
        for (text, note) in [
            ("-(次期計画でR8年度に設定)", "(次期計画でR8年度に設定)"),
            ("―(R9実施予定)", "(R9実施予定)"),
            ("- (設立準備中)", "(設立準備中)"),
            ("−【3月に再調査】", "【3月に再調査】"),
            ("ー(2件は調整中) ", "(2件は調整中)"),
        ] {
            let r = read(text);
            assert!(r.quantities.is_empty(), "{text}");
            assert_eq!(r.note.as_deref(), Some(note), "{text}");
            assert_eq!(r.bound, None);
        }
    }

    #[test]
    fn err_brackets_without_a_dash_still_hold_quantities() {
        assert_eq!(
            q("120件(うち新規20件)"),
            vec![(120.0, Some("件".into())), (20.0, Some("件".into()))]
        );
        assert_eq!(q("(R8年度に設定)"), one(8.0, "年度"));
        let r = read("-");
        assert!(r.quantities.is_empty());
        assert_eq!(r.note, None);
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
        assert_eq!(read("").quantities.len(), 0);
        assert_eq!(read("").note, None);
        // A number too large for f64 is not a quantity: no value may be infinite.
        let huge = format!("{}億件", "9".repeat(400));
        let r = read(&huge);
        assert!(r.quantities.is_empty());
        assert!(r.note.is_some());
    }

    #[test]
    fn ok_direction_words_set_the_bound_and_stay_in_the_note() {
        for (text, bound) in [
            ("待ち時間 15分以内", Bound::Max),
            ("事故件数 40件以下", Bound::Max),
            ("15分まで", Bound::Max),
            ("未処理 10件未満", Bound::MaxExclusive),
            ("100人以上", Bound::Min),
            ("100人 以上", Bound::Min),
            ("50件超", Bound::MinExclusive),
        ] {
            let r = read(text);
            assert_eq!(r.bound, Some(bound), "{text}");
            let word = &text[text.len() - bound_word_len(text)..];
            assert!(r.note.as_deref().unwrap().contains(word), "{text}: {r:?}");
        }
    }

    fn bound_word_len(text: &str) -> usize {
        if text.ends_with('超') {
            '超'.len_utf8()
        } else {
            "以下".len()
        }
    }

    #[test]
    fn err_direction_words_away_from_a_number_set_no_bound() {
        assert_eq!(read("以下同じ 3件").bound, None);
        assert_eq!(read("3件(以下は参考)").bound, None);
        assert_eq!(read("以上").bound, None);
        assert_eq!(read("100人").bound, None);
        // The first word after a quantity wins.
        assert_eq!(read("10件以下 5人以上").bound, Some(Bound::Max));
    }

    fn status(t: &str, a: &str) -> (Status, Rule, Option<f64>) {
        let t = read(t);
        let a = achievement_with(Some(&t.quantities), t.bound, Some(&read(a).quantities));
        (a.status.unwrap(), a.rule.unwrap(), a.ratio)
    }

    #[test]
    fn ok_every_direction_word_below_equal_and_above() {
        use Status::{Met, NotMet};
        // (word, rule, met when actual is below, equal, above the target)
        let table = [
            ("以下", Rule::LowerIsBetter, [Met, Met, NotMet]),
            ("以内", Rule::LowerIsBetter, [Met, Met, NotMet]),
            ("まで", Rule::LowerIsBetter, [Met, Met, NotMet]),
            ("未満", Rule::LowerIsBetter, [Met, NotMet, NotMet]),
            ("以上", Rule::HigherIsBetter, [NotMet, Met, Met]),
            ("超", Rule::HigherIsBetter, [NotMet, NotMet, Met]),
            ("", Rule::HigherIsBetter, [NotMet, Met, Met]),
        ];
        for (word, rule, want) in table {
            for (target, unit) in [(40.0, "件"), (15.0, "分"), (2.5, "%"), (-3.0, "%")] {
                let t = format!("{target}{unit}{word}");
                for (k, actual) in [target - 1.0, target, target + 1.0].into_iter().enumerate() {
                    let a = format!("{actual}{unit}");
                    let (s, r, ratio) = status(&t, &a);
                    assert_eq!((s, r), (want[k], rule), "{t} vs {a}");
                    assert_eq!(ratio, Some(actual / target), "{t} vs {a}");
                }
            }
        }
    }

    #[test]
    fn err_zero_targets_keep_their_rule() {
        for word in ["", "以下", "未満", "以上", "超"] {
            let t = format!("0件{word}");
            assert_eq!(
                status(&t, "0件"),
                (Status::Met, Rule::LowerIsBetter, None),
                "{t}"
            );
            assert_eq!(status(&t, "1件").0, Status::NotMet, "{t}");
        }
        // A month with まで is still a deadline.
        assert_eq!(
            status("3月まで", "2月"),
            (Status::Met, Rule::Deadline, None)
        );
    }

    #[test]
    fn ok_achievement_rules() {
        assert_eq!(status("35%", "32%").0, Status::NotMet);
        let (s, r, ratio) = status("118,000件", "127,699件");
        assert_eq!((s, r), (Status::Met, Rule::HigherIsBetter));
        assert!((ratio.unwrap() - 127699.0 / 118000.0).abs() < 1e-12);
        // Deadlines run in fiscal order: February comes before March, July after April.
        assert_eq!(
            status("3月", "骨子案策定2月"),
            (Status::Met, Rule::Deadline, None)
        );
        assert_eq!(status("4月", "7月"), (Status::NotMet, Rule::Deadline, None));
        assert_eq!(status("4月", "4月").0, Status::Met);
        assert_eq!(status("3月", "3月").0, Status::Met);
        assert_eq!(status("4月", "12月").0, Status::NotMet);
        assert_eq!(status("12月", "1月").0, Status::NotMet);
        assert_eq!(status("3月", "4月").0, Status::Met);
        assert_eq!(status("5人5社", "13人、11社").0, Status::Met);
        assert_eq!(status("5人5社", "13人、4社").0, Status::NotMet);
        // Negative targets: a smaller fall (▲3%) beats a planned fall of ▲5%.
        assert_eq!(status("▲5%", "▲3%").0, Status::Met);
        assert_eq!(status("▲5%", "▲7%").0, Status::NotMet);
        assert_eq!(status("▲5%", "▲7%").2, Some(1.4));
        // A quantity without a unit pairs with one that has a unit, either way round.
        assert_eq!(
            status("100", "120件"),
            (Status::Met, Rule::HigherIsBetter, Some(1.2))
        );
        assert_eq!(
            status("100件", "120"),
            (Status::Met, Rule::HigherIsBetter, Some(1.2))
        );
        assert_eq!(status("100", "80件").0, Status::NotMet);
    }

    #[test]
    fn err_months_that_are_not_months_are_not_deadlines() {
        for t in ["0月", "13月", "6.5月"] {
            let (_, rule, _) = status(t, "6月");
            assert_eq!(
                rule,
                if t == "0月" {
                    Rule::LowerIsBetter
                } else {
                    Rule::HigherIsBetter
                },
                "{t}"
            );
        }
        // An actual month that is not a month gives no verdict on a deadline.
        for a in ["0月", "13月", "6.5月", "6回"] {
            assert_eq!(
                status("6月", a),
                (Status::Unknown, Rule::Deadline, None),
                "{a}"
            );
        }
        // Two months are no single deadline.
        assert_eq!(status("4月 6月", "5月 6月").1, Rule::HigherIsBetter);
    }

    #[test]
    fn err_achievement_without_comparable_numbers() {
        assert_eq!(status("年度内", "-").0, Status::Unknown);
        assert_eq!(status("年度内", "-").1, Rule::None);
        assert_eq!(
            status("6月", "コンソーシアム開催3回"),
            (Status::Unknown, Rule::Deadline, None)
        );
        assert_eq!(
            status("10件", "-"),
            (Status::Unknown, Rule::HigherIsBetter, None)
        );
        assert_eq!(
            status("10件以下", "-"),
            (Status::Unknown, Rule::LowerIsBetter, None)
        );
        assert_eq!(status("10件", "10人").0, Status::Unknown);
        // A later target quantity without a partner gives no verdict either.
        assert_eq!(status("5人5社", "13人").0, Status::Unknown);
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
            Some(Rule::None)
        );
        // No actual at all.
        let a = achievement(Some(&read("3件").quantities), None);
        assert_eq!(
            (a.status, a.rule),
            (Some(Status::Unknown), Some(Rule::HigherIsBetter))
        );
    }

    #[test]
    fn ok_grades() {
        for (text, g) in [
            ("A", "A"),
            ("Ａ", "Ａ"),
            ("B評価 概ね達成", "B"),
            ("C:未達成", "C"),
            ("S 大きく上回った", "S"),
            (" D", "D"),
            ("◎目標を上回った", "◎"),
            ("○", "○"),
            ("〇概ね達成", "〇"),
            ("△一部未達成", "△"),
            ("×", "×"),
        ] {
            // Full-width letters arrive here already normalized (NFKC): `Ａ` → `A`.
            let text = if text == "Ａ" { "A" } else { text };
            let g = if g == "Ａ" { "A" } else { g };
            assert_eq!(grade(text).as_deref(), Some(g), "{text}");
        }
    }

    #[test]
    fn err_texts_that_start_with_no_grade() {
        for text in [
            "",
            "目標を達成した。",
            "ABC事業を進めた",
            "AI導入",
            "B2B",
            "F",
            "a",
            "△5%減少",
            "①順調",
            "概ね達成(A)",
        ] {
            assert_eq!(grade(text), None, "{text}");
        }
    }

    #[test]
    fn ok_plan_achievements_are_cleared() {
        let text = "令和9年度 部局経営目標\n1-①A\t指標:X\n\t目標値 10件\n";
        let mut r = crate::parse(text.as_bytes(), "p.txt").unwrap().report;
        let a = &r.indicator_groups[0].indicators[0].achievement;
        assert_eq!(a.rule, None, "a plan is parsed with null achievements");
        r.indicator_groups[0].indicators[0].achievement = unknown(Rule::HigherIsBetter);
        clear_plan_achievements(&mut r);
        let a = &r.indicator_groups[0].indicators[0].achievement;
        assert_eq!((a.status, a.ratio, a.rule), (None, None, None));
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
    fn ok_random_text_gives_finite_values_and_no_panic() {
        const PIECES: &[&str] = &[
            "1", "23", "1,000", ",", ".", "5", "万", "千", "億", "百", "件", "km", "人", " ", "%",
            "-", "−", "▲", "△", "新規", "か", "所", "開催", "以下", "未満", "(", ")", "ー", "٣",
        ];
        let mut next = crate::test_rng(0x5851_F42D_4C95_7F2Du64);
        for _ in 0..20_000 {
            let t: String = (0..next() % 10)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let r = read(&t);
            for q in &r.quantities {
                assert!(q.value.0.is_finite(), "{t:?}");
                if let Some(u) = &q.unit {
                    assert!(!u.is_empty() && t.contains(u.as_str()), "{t:?}");
                }
            }
            if let Some(n) = &r.note {
                assert!(!n.is_empty(), "{t:?}");
            }
        }
    }
}
