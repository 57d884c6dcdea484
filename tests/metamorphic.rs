//! Metamorphic tests (issue 3): edits of a real report whose effect on the parse is known in
//! advance, tried on every report in `seeds/` and `corpus/` that decodes without loss.
//!
//! 1. **Re-encoding** keeps the structure: the report written as UTF-8 (with and without BOM),
//!    UTF-16LE/BE with BOM, CP932 or EUC-JP (when the encoding gives every character back),
//!    with LF, CRLF or CR line breaks, parses to the same document; only `source` may differ.
//! 2. **Changing a number** in a target or actual changes exactly that value and its
//!    indicator's achievement. The ledger gives the value's source line; the number is
//!    rewritten where it is written in that line (the one occurrence whose rewrite changes
//!    exactly that number of the normalized text), as a random number in ASCII or full-width
//!    digits, with or without thousands separators. The new document must hold the new number
//!    in the value's `text`, `value` and first quantity, the achievement SPEC §3 gives for the
//!    new pair (single quantities, not months), and be the old document everywhere else.
//! 3. **Deleting a goal block** leaves everything else where it was. A block is an indicator
//!    group with its sections and value rows, or a mission item, found through the ledger's
//!    pointers; a block that shares a line with another field is not deleted. The other
//!    groups, sections, missions, header fields and unparsed text must stay as they were; line
//!    numbers shift, so the comparison leaves them out.
//!
//! Each property is a proptest whose strategy picks a report and an edit among those the
//! corpus offers, plus one example test on the seed with a fixed edit that is easy to read when
//! it fails. Case counts are fixed in the code and failures are not persisted (no
//! `proptest-regressions` files): a failure prints its shrunk case, which should become an
//! example test; `PROPTEST_RNG_SEED` replays a run.

use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS};
use mokuhyo_parse::ledger::Claim;
use mokuhyo_parse::normalize::{normalize, split_lines};
use mokuhyo_parse::Parsed;
use proptest::prelude::*;
use proptest::sample::select;
use regex::Regex;
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A strategy picking one of `items`, which the seed alone guarantees are not empty.
fn one_of<T: Clone + std::fmt::Debug>(items: &[T], what: &str) -> proptest::sample::Select<T> {
    assert!(!items.is_empty(), "the corpus offers no {what}");
    select(items.to_vec())
}

// ---------------------------------------------------------------------------------------------
// The corpus

mod common;
use common::{inputs, root, SEED};

/// One corpus report that decodes without loss and parses.
struct Input {
    rel: String,
    /// The decoded text, BOM removed.
    text: String,
    /// The document of the file as it is, without `source`.
    doc: Json,
    /// The parse of `text` as UTF-8: the baseline that edited texts are compared with.
    parsed: Parsed,
    /// `parsed.report` as JSON, without `source`.
    base: Json,
}

fn parse_text(text: &str, rel: &str) -> Parsed {
    mokuhyo_parse::parse(text.as_bytes(), rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The document without `source`, the one field an edit of the bytes may change freely.
fn doc_of(parsed: &Parsed) -> Json {
    let mut doc = serde_json::to_value(&parsed.report).unwrap();
    doc.as_object_mut().unwrap().remove("source");
    doc
}

static CORPUS: LazyLock<Vec<Input>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for rel in inputs() {
        let bytes = std::fs::read(root().join(&rel)).unwrap();
        let decoded = mokuhyo_parse::decode::decode(&bytes);
        // A file that does not decode cleanly cannot be re-encoded faithfully.
        if decoded.replaced > 0 {
            continue;
        }
        // Files that hold no report are the corpus tests' business.
        let Ok(original) = mokuhyo_parse::parse(&bytes, &rel) else {
            continue;
        };
        let parsed = parse_text(&decoded.text, &rel);
        out.push(Input {
            doc: doc_of(&original),
            base: doc_of(&parsed),
            parsed,
            text: decoded.text.into_owned(),
            rel,
        });
    }
    assert!(
        out.iter().any(|i| i.rel == SEED),
        "the seed must be among the inputs"
    );
    out
});

fn input(rel: &str) -> usize {
    CORPUS.iter().position(|i| i.rel == rel).unwrap()
}

/// Byte ranges in `text` of its lines as the parser cuts them (without line breaks).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    split_lines(text)
        .map(|l| {
            let start = l.as_ptr() as usize - text.as_ptr() as usize;
            start..start + l.len()
        })
        .collect()
}

/// Removes `line`, `lines`, `index` and the character spans at every depth: what a line shift
/// may change.
fn without_lines(v: &Json) -> Json {
    common::without_fields(
        v,
        &["line", "lines", "index", "span", "spans", "header_spans"],
        false,
    )
}

/// Removes the character spans (`span`, `spans`, `header_spans`) at every depth.
fn without_spans(v: &Json) -> Json {
    common::without_fields(v, common::SPANS, false)
}

// ---------------------------------------------------------------------------------------------
// 1. Re-encoding

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Cp932,
    EucJp,
}

const ENCODINGS: [Enc; 6] = [
    Enc::Utf8,
    Enc::Utf8Bom,
    Enc::Utf16LeBom,
    Enc::Utf16BeBom,
    Enc::Cp932,
    Enc::EucJp,
];

const LINE_BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];

/// `text` in a legacy encoding, when that encoding gives every character back unchanged.
fn legacy(text: &str, encoding: &'static Encoding) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        return None;
    }
    // Some characters are mappable but come back as another (WHATWG Shift_JIS decodes the
    // byte pair of U+FF5E as U+301C): such a text cannot be re-encoded faithfully.
    let (back, errors) = encoding.decode_without_bom_handling(&bytes);
    (!errors && back == text).then(|| bytes.into_owned())
}

fn encode(text: &str, enc: Enc) -> Option<Vec<u8>> {
    let utf16 = |bom: [u8; 2], f: fn(u16) -> [u8; 2]| {
        let mut out = bom.to_vec();
        out.extend(text.encode_utf16().flat_map(f));
        out
    };
    match enc {
        Enc::Utf8 => Some(text.as_bytes().to_vec()),
        Enc::Utf8Bom => Some([b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
        Enc::Utf16LeBom => Some(utf16([0xFF, 0xFE], u16::to_le_bytes)),
        Enc::Utf16BeBom => Some(utf16([0xFE, 0xFF], u16::to_be_bytes)),
        Enc::Cp932 => legacy(text, SHIFT_JIS),
        Enc::EucJp => legacy(text, EUC_JP),
    }
}

/// `text` with every line break (LF, CRLF or CR) written as `eol`.
fn with_line_breaks(text: &str, eol: &str) -> String {
    let mut out = split_lines(text).collect::<Vec<_>>().join(eol);
    if text.ends_with(['\n', '\r']) {
        out.push_str(eol);
    }
    out
}

/// Every (report, encoding) pair the corpus offers.
static ENCODABLE: LazyLock<Vec<(String, Enc)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for input in CORPUS.iter() {
        for enc in ENCODINGS {
            if encode(&input.text, enc).is_some() {
                out.push((input.rel.clone(), enc));
            }
        }
    }
    out
});

fn check_reencoding(rel: &str, enc: Enc, eol: &str) -> Result<(), TestCaseError> {
    let input = &CORPUS[input(rel)];
    let text = with_line_breaks(&input.text, eol);
    let bytes = encode(&text, enc).expect("the encoding was checked on the original text");
    let parsed = mokuhyo_parse::parse(&bytes, rel)
        .map_err(|e| TestCaseError::fail(format!("{rel} as {enc:?} {eol:?}: {e}")))?;
    let doc = doc_of(&parsed);
    if doc != input.doc {
        return Err(TestCaseError::fail(format!(
            "{rel} as {enc:?} with {eol:?}: the document changed\n{}",
            first_difference(&input.doc, &doc, "")
        )));
    }
    Ok(())
}

/// The first place where two documents differ, as `pointer: old -> new`.
fn first_difference(old: &Json, new: &Json, at: &str) -> String {
    match (old, new) {
        (Json::Object(a), Json::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let (x, y) = (
                    a.get(k).unwrap_or(&Json::Null),
                    b.get(k).unwrap_or(&Json::Null),
                );
                if x != y {
                    return first_difference(x, y, &format!("{at}/{k}"));
                }
            }
        }
        (Json::Array(a), Json::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    return first_difference(x, y, &format!("{at}/{i}"));
                }
            }
        }
        _ => {}
    }
    format!("{at}: {old} -> {new}")
}

#[test]
fn reencoding_the_seed_as_cp932_with_crlf_keeps_the_document() {
    check_reencoding(SEED, Enc::Cp932, "\r\n").unwrap();
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn reencoding_keeps_the_document(
        (rel, enc) in one_of(&ENCODABLE, "encodable report"),
        eol in select(LINE_BREAKS.to_vec()),
    ) {
        check_reencoding(&rel, enc, eol)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Changing a number

/// A number as the parser reads one (`values.rs`): digits, thousands separators, decimals.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?").unwrap());

/// The same before normalization, where digits and separators may be full-width.
static RAW_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?")
        .unwrap()
});

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A raw number written with ASCII digits and separators.
fn ascii_number(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            '，' => ',',
            '．' => '.',
            c => c,
        })
        .collect()
}

/// Whether the number at `range` of `line` stands alone: no digit touches it, and no
/// separator joins it to another one (`1,2345`, `3.5`), so replacing it cannot merge numbers.
fn stands_alone(line: &str, range: &Range<usize>) -> bool {
    let joined = |near: &[char]| match near {
        [c, ..] if is_digit(*c) => true,
        [s, d, ..] => matches!(s, ',' | '，' | '.' | '．') && is_digit(*d),
        _ => false,
    };
    let before: Vec<char> = line[..range.start].chars().rev().take(2).collect();
    let after: Vec<char> = line[range.end..].chars().take(2).collect();
    !joined(&before) && !joined(&after)
}

/// How a new number is written: the source writes numbers both ways, with ASCII or full-width
/// digits and with or without thousands separators.
#[derive(Debug, Clone, Copy)]
enum Written {
    Plain,
    Thousands,
    FullWidth,
    FullWidthThousands,
}

/// A number to put into the source: as written, and as the normalized text reads it.
#[derive(Debug, Clone)]
struct NewNumber {
    value: u32,
    raw: String,
    normalized: String,
}

impl NewNumber {
    fn new(value: u32, written: Written) -> NewNumber {
        let digits = value.to_string();
        let grouped = digits
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let comma = i > 0 && (digits.len() - i).is_multiple_of(3);
                comma.then_some(',').into_iter().chain([c])
            })
            .collect::<String>();
        let full_width = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                    ',' => '，',
                    c => c,
                })
                .collect()
        };
        let (raw, normalized) = match written {
            Written::Plain => (digits.clone(), digits),
            Written::Thousands => (grouped.clone(), grouped),
            Written::FullWidth => (full_width(&digits), digits),
            Written::FullWidthThousands => (full_width(&grouped), grouped),
        };
        NewNumber {
            value,
            raw,
            normalized,
        }
    }
}

/// A target or actual whose first number can be rewritten unambiguously in the source.
#[derive(Debug, Clone)]
struct NumberSite {
    rel: String,
    group: usize,
    indicator: usize,
    /// `target` or `actual`.
    which: &'static str,
    /// The number as the value's text writes it, e.g. `118,000`.
    number: String,
    /// Its byte offset in the value's text.
    at: usize,
    /// 1, or 1e3, 1e4, 1e8 when 千, 万, 億 follows the number.
    multiplier: f64,
    /// Its source line (1-based).
    line: usize,
    /// Byte range of that line in the decoded text.
    line_range: Range<usize>,
    /// Byte range of the number in the decoded text.
    raw: Range<usize>,
    /// Which of the line's normalized segments holds the number, and where.
    segment: usize,
    segment_at: usize,
}

impl NumberSite {
    fn pointer(&self) -> String {
        format!(
            "/indicator_groups/{}/indicators/{}/{}",
            self.group, self.indicator, self.which
        )
    }

    /// The decoded text with the number replaced by `new`, or `None` unless the line then
    /// normalizes exactly as before except for that number, which reads `new.normalized`.
    fn rewrite(&self, input: &Input, new: &NewNumber) -> Option<String> {
        let mut text = input.text.clone();
        text.replace_range(self.raw.clone(), &new.raw);
        let new_end = self.line_range.end + new.raw.len() - self.raw.len();
        let segments = |line: &str| -> Vec<String> {
            normalize(line)
                .segments
                .into_iter()
                .map(|s| s.text.into())
                .collect()
        };
        let mut expected = segments(&input.text[self.line_range.clone()]);
        let at = self.segment_at;
        let seg = expected.get_mut(self.segment)?;
        seg.replace_range(at..at + self.number.len(), &new.normalized);
        (segments(&text[self.line_range.start..new_end]) == expected).then_some(text)
    }
}

fn number_site(
    input: &Input,
    lines: &[Range<usize>],
    group: usize,
    indicator: usize,
    which: &'static str,
) -> Option<NumberSite> {
    let at = format!("/indicator_groups/{group}/indicators/{indicator}/{which}");
    let value = input.base.pointer(&at).filter(|v| !v.is_null())?;
    let text = value["text"].as_str()?;
    // The first quantity is the first number of the text; 千/万/億 right after it multiply.
    let m = NUMBER.find(text)?;
    let multiplier = match text[m.end()..].chars().next() {
        Some('千') => 1e3,
        Some('万') => 1e4,
        Some('億') => 1e8,
        _ => 1.0,
    };
    let old = m.as_str().replace(',', "").parse::<f64>().ok()? * multiplier;
    if value["value"].as_f64() != Some(old) {
        return None;
    }
    // The ledger claims of the text, in order; the text is their contents joined by spaces.
    let segments = &input.parsed.ledger.segments;
    let pointer = format!("{at}/text");
    let claims: Vec<(usize, Range<usize>)> = segments
        .iter()
        .enumerate()
        .flat_map(|(s, seg)| {
            seg.claims
                .iter()
                .filter(|(_, c)| matches!(c, Claim::Field(p) if p.to_string() == pointer))
                .map(move |(r, _)| (s, r.clone()))
        })
        .collect();
    let joined: Vec<&str> = claims
        .iter()
        .map(|(s, r)| &segments[*s].text[r.clone()])
        .collect();
    if joined.join(" ") != text {
        return None;
    }
    let mut offset = 0;
    let mut found = None;
    for (s, r) in &claims {
        if (offset..offset + r.len()).contains(&m.start()) && m.end() <= offset + r.len() {
            found = Some((*s, r.start + m.start() - offset));
        }
        offset += r.len() + 1;
    }
    let (seg, seg_at) = found?;
    let line = segments[seg].line as usize;
    let line_segments: Vec<usize> = (0..segments.len())
        .filter(|&s| segments[s].line as usize == line)
        .collect();
    let line_range = lines[line - 1].clone();
    let raw_line = &input.text[line_range.clone()];
    // The same number as written in the source line: the one occurrence whose rewrite changes
    // exactly this number of the normalized line (a target and its actual often hold the same
    // number in two cells of one line; an entity or a tag attribute is no occurrence).
    let mut sites = RAW_NUMBER
        .find_iter(raw_line)
        .filter(|n| ascii_number(n.as_str()) == m.as_str() && stands_alone(raw_line, &n.range()))
        .map(|n| NumberSite {
            rel: input.rel.clone(),
            group,
            indicator,
            which,
            number: m.as_str().to_string(),
            at: m.start(),
            multiplier,
            line,
            raw: line_range.start + n.start()..line_range.start + n.end(),
            line_range: line_range.clone(),
            segment: line_segments.iter().position(|&s| s == seg).unwrap(),
            segment_at: seg_at,
        })
        .filter(|site| {
            site.rewrite(input, &NewNumber::new(98765, Written::Plain))
                .is_some()
        });
    match (sites.next(), sites.next()) {
        (Some(site), None) => Some(site),
        _ => None,
    }
}

/// Every value of the corpus whose number can be rewritten.
static NUMBER_SITES: LazyLock<Vec<NumberSite>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for input in CORPUS.iter() {
        let lines = line_ranges(&input.text);
        let groups = input.base["indicator_groups"].as_array().unwrap();
        for (g, group) in groups.iter().enumerate() {
            for k in 0..group["indicators"].as_array().unwrap().len() {
                for which in ["target", "actual"] {
                    out.extend(number_site(input, &lines, g, k, which));
                }
            }
        }
    }
    out
});

/// The achievement SPEC §3 implies for an indicator whose target has one quantity that is
/// not a month and whose actual has at most one: `(status, ratio, rule)`. `None` for what this
/// test does not model (deadlines, several quantities).
fn expected_achievement(indicator: &Json) -> Option<(&'static str, Option<f64>, &'static str)> {
    let quantities = |v: &Json| v["quantities"].as_array().cloned().unwrap_or_default();
    let (target, actual) = (
        quantities(&indicator["target"]),
        quantities(&indicator["actual"]),
    );
    let t = match target.as_slice() {
        [] => return Some(("unknown", None, "none")),
        [t] if t["unit"] != "月" => t,
        _ => return None,
    };
    let tv = t["value"].as_f64()?;
    // A direction word after the target (以下, 未満, 以上, 超 …) sets its bound.
    let bound = indicator["target"]["bound"].as_str();
    let rule = if tv == 0.0 || matches!(bound, Some("max" | "max_exclusive")) {
        "lower_is_better"
    } else {
        "higher_is_better"
    };
    match actual.as_slice() {
        [] => Some(("unknown", None, rule)),
        [a] if a["unit"] == t["unit"] || a["unit"].is_null() || t["unit"].is_null() => {
            let av = a["value"].as_f64()?;
            let met = match bound {
                _ if tv == 0.0 => av <= 0.0,
                Some("max") => av <= tv,
                Some("max_exclusive") => av < tv,
                Some("min_exclusive") => av > tv,
                _ => av >= tv,
            };
            let ratio = (tv != 0.0).then(|| av / tv);
            Some((if met { "met" } else { "not_met" }, ratio, rule))
        }
        // Different units cannot be compared.
        [_] => Some(("unknown", None, rule)),
        _ => None,
    }
}

/// Rewrites the site's number as `new`, re-parses, checks that exactly the value and its
/// achievement changed, and returns the new document.
fn check_number_change(site: &NumberSite, new: &NewNumber) -> Result<Json, TestCaseError> {
    let input = &CORPUS[input(&site.rel)];
    let text = site
        .rewrite(input, new)
        .expect("the rewrite was checked when the site was chosen");
    let doc = doc_of(&parse_text(&text, &site.rel));
    let at = site.pointer();
    let ind_at = at.rsplit_once('/').unwrap().0;
    let what = format!("{site:?} rewritten as {new:?}");

    let value = doc.pointer(&at).cloned().unwrap_or(Json::Null);
    let expected = f64::from(new.value) * site.multiplier;
    prop_assert_eq!(value["value"].as_f64(), Some(expected), "value of {}", what);
    prop_assert_eq!(
        value["quantities"][0]["value"].as_f64(),
        Some(expected),
        "first quantity of {}",
        what
    );
    let old_text = input.base.pointer(&format!("{at}/text")).unwrap();
    let old_text = old_text.as_str().unwrap();
    let expected_text = format!(
        "{}{}{}",
        &old_text[..site.at],
        new.normalized,
        &old_text[site.at + site.number.len()..]
    );
    prop_assert_eq!(
        value["text"].as_str(),
        Some(&*expected_text),
        "text of {}",
        what
    );

    let indicator = doc.pointer(ind_at).unwrap();
    if doc["kind"] == "plan" {
        // A plan has no actuals, so no achievement at all.
        let got = &indicator["achievement"];
        prop_assert!(
            got["status"].is_null() && got["ratio"].is_null() && got["rule"].is_null(),
            "achievement of {} in a plan: {}",
            what,
            indicator
        );
    } else if let Some((status, ratio, rule)) = expected_achievement(indicator) {
        let got = &indicator["achievement"];
        prop_assert_eq!(&got["status"], status, "status of {}: {}", what, indicator);
        prop_assert_eq!(&got["rule"], rule, "rule of {}: {}", what, indicator);
        let close = match (got["ratio"].as_f64(), ratio) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1.0),
            (None, None) => true,
            _ => false,
        };
        prop_assert!(close, "ratio of {}: {} not {:?}", what, got["ratio"], ratio);
    }

    // Put the old value and achievement back: nothing else may have moved.
    let mut restored = doc.clone();
    for field in [
        format!("{at}/text"),
        format!("{at}/value"),
        format!("{at}/quantities/0/value"),
        format!("{ind_at}/achievement"),
    ] {
        let old = input.base.pointer(&field).unwrap().clone();
        *restored.pointer_mut(&field).unwrap() = old;
    }
    // A number of another length moves the columns of what follows it on its line: the
    // character spans are compared apart from the rest.
    let (restored, base) = (without_spans(&restored), without_spans(&input.base));
    if restored != base {
        return Err(TestCaseError::fail(format!(
            "{what}: more than the value changed\n{}",
            first_difference(&base, &restored, "")
        )));
    }
    Ok(doc)
}

#[test]
fn changing_the_seeds_recognition_rate_to_40_percent_meets_its_target() {
    // 12-① 認知度: target 35%, actual 32% (not met) on line 61; 40% meets the target.
    let group = CORPUS[input(SEED)].base["indicator_groups"]
        .as_array()
        .unwrap()
        .iter()
        .position(|g| g["section_ids"] == json!(["12-①"]))
        .unwrap();
    let site = NUMBER_SITES
        .iter()
        .find(|s| s.rel == SEED && s.group == group && s.which == "actual")
        .expect("the actual 32% can be rewritten");
    assert_eq!((site.line, site.number.as_str()), (61, "32"));
    let doc = check_number_change(site, &NewNumber::new(40, Written::Plain)).unwrap();
    let indicator = &doc["indicator_groups"][group]["indicators"][0];
    assert_eq!(indicator["actual"]["text"], "40%");
    assert_eq!(indicator["actual"]["value"], 40);
    assert_eq!(indicator["actual"]["unit"], "%");
    assert_eq!(indicator["achievement"]["status"], "met");
    assert_eq!(indicator["achievement"]["ratio"], 40.0 / 35.0);
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn changing_a_number_changes_only_that_value(
        site in one_of(&NUMBER_SITES, "rewritable number"),
        new in prop_oneof![1 => Just(0u32), 9 => 1..=99_999u32],
        written in select(vec![
            Written::Plain,
            Written::Thousands,
            Written::FullWidth,
            Written::FullWidthThousands,
        ]),
    ) {
        let input = &CORPUS[input(&site.rel)];
        let old = input.base.pointer(&format!("{}/value", site.pointer())).unwrap().as_f64();
        // A different number, or nothing would change.
        let new = if old == Some(f64::from(new) * site.multiplier) { new + 1 } else { new };
        check_number_change(&site, &NewNumber::new(new, written))?;
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Deleting a goal block

/// What a goal block is: an indicator group with its sections, or a mission item (plan pages
/// are mostly mission items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Group(usize),
    Mission(usize),
}

/// The source lines of one goal block, and nothing else.
#[derive(Debug, Clone)]
struct GoalBlock {
    rel: String,
    block: Block,
    /// The group's section ids or the mission's title, to read a failure by.
    name: Json,
    /// 1-based, ascending.
    lines: Vec<usize>,
}

/// The record a JSON pointer belongs to: `("sections", 3)`.
fn owner(pointer: &str) -> Option<(&str, usize)> {
    let mut parts = pointer.split('/').skip(1);
    let kind = parts.next()?;
    let index = parts.next()?.parse().ok()?;
    Some((kind, index))
}

/// A 目標値 / 実績値 header row: labels and markup only, one of them 目標 or 実績.
static HEADER_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(目標|実績)").unwrap());

fn goal_blocks(input: &Input) -> Vec<GoalBlock> {
    let doc = &input.base;
    let segments = &input.parsed.ledger.segments;
    let mut header_rows: BTreeSet<usize> = BTreeSet::new();
    let mut not_header_rows: BTreeSet<usize> = BTreeSet::new();
    for seg in segments {
        for (r, claim) in &seg.claims {
            match claim {
                Claim::Label if HEADER_ROW.is_match(&seg.text[r.clone()]) => {
                    header_rows.insert(seg.line as usize);
                }
                Claim::Label | Claim::Markup => {}
                Claim::Field(_) => {
                    not_header_rows.insert(seg.line as usize);
                }
            }
        }
    }
    let header_rows = &header_rows - &not_header_rows;
    let fields = || {
        segments.iter().flat_map(|s| {
            s.claims.iter().filter_map(move |(_, c)| match c {
                Claim::Field(p) => Some((s.line as usize, p.to_string())),
                _ => None,
            })
        })
    };
    let groups = doc["indicator_groups"].as_array().unwrap();
    let missions = doc["missions"].as_array().unwrap();
    let mut blocks: Vec<(Block, Json)> = Vec::new();
    if groups.len() >= 2 {
        blocks
            .extend((0..groups.len()).map(|g| (Block::Group(g), groups[g]["section_ids"].clone())));
    }
    if missions.len() >= 2 {
        blocks
            .extend((0..missions.len()).map(|m| (Block::Mission(m), missions[m]["title"].clone())));
    }
    let mut out = Vec::new();
    for (block, name) in blocks {
        let sections: BTreeSet<usize> = doc["sections"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(
                |(_, s)| matches!(block, Block::Group(g) if s["group"].as_u64() == Some(g as u64)),
            )
            .map(|(k, _)| k)
            .collect();
        let owned = |pointer: &str| match (block, owner(pointer)) {
            (Block::Group(g), Some(("indicator_groups", i))) => i == g,
            (Block::Group(_), Some(("sections", k))) => sections.contains(&k),
            (Block::Mission(m), Some(("missions", i))) => i == m,
            _ => false,
        };
        let mut lines: BTreeSet<usize> =
            fields().filter(|(_, p)| owned(p)).map(|(l, _)| l).collect();
        // A line shared with any other field (a section that starts in the middle of another's
        // cell, missions all on one line) cannot be deleted on its own. Unparsed text on the
        // block's lines goes with them.
        let shared =
            fields().any(|(l, p)| lines.contains(&l) && !owned(&p) && !p.starts_with("/unparsed/"));
        if shared || lines.is_empty() {
            continue;
        }
        // A header row belongs to the group of the line above it.
        if let Block::Group(_) = block {
            for l in lines.clone() {
                let mut next = l + 1;
                while header_rows.contains(&next) && lines.insert(next) {
                    next += 1;
                }
            }
        }
        out.push(GoalBlock {
            rel: input.rel.clone(),
            block,
            name,
            lines: lines.into_iter().collect(),
        });
    }
    out
}

/// Every goal block of the corpus that can be deleted on its own.
static GOAL_BLOCKS: LazyLock<Vec<GoalBlock>> =
    LazyLock::new(|| CORPUS.iter().flat_map(goal_blocks).collect());

fn delete_lines(text: &str, lines: &[usize]) -> String {
    let ranges = line_ranges(text);
    let mut out = String::with_capacity(text.len());
    for (i, r) in ranges.iter().enumerate() {
        if !lines.contains(&(i + 1)) {
            // The line and its line break.
            let end = ranges.get(i + 1).map_or(text.len(), |n| n.start);
            out.push_str(&text[r.start..end]);
        }
    }
    out
}

/// What deleting `skip` (on source lines `deleted`) must leave as it was, without line
/// numbers: header fields, the other missions, the other sections with their group named by
/// its section ids, the other groups, and the unparsed text of the remaining lines. `kind` is
/// left out: it may rest on the actuals of a deleted group alone.
fn rest(doc: &Json, skip: Option<Block>, deleted: &[usize]) -> Json {
    let groups = doc["indicator_groups"].as_array().unwrap();
    let sections: Vec<Json> = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !matches!(skip, Some(Block::Group(g)) if s["group"].as_u64() == Some(g as u64)))
        .map(|s| {
            let mut s = without_lines(s);
            s["group"] = match s["group"].as_u64() {
                Some(g) => groups[g as usize]["section_ids"].clone(),
                None => Json::Null,
            };
            s
        })
        .collect();
    let other_groups: Vec<Json> = groups
        .iter()
        .enumerate()
        .filter(|(g, _)| skip != Some(Block::Group(*g)))
        .map(|(_, g)| without_lines(g))
        .collect();
    let missions: Vec<Json> = doc["missions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(m, _)| skip != Some(Block::Mission(*m)))
        .map(|(_, m)| without_lines(m))
        .collect();
    let unparsed: Vec<&Json> = doc["unparsed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| !deleted.contains(&(u["line"].as_u64().unwrap() as usize)))
        .map(|u| &u["text"])
        .collect();
    json!({
        "title": doc["title"],
        "fiscal_year": without_lines(&doc["fiscal_year"]),
        "created_on": without_lines(&doc["created_on"]),
        "department": doc["department"],
        "head": doc["head"],
        "missions": missions,
        "sections": sections,
        "indicator_groups": other_groups,
        "unparsed": unparsed,
    })
}

/// Deletes the block's lines, re-parses, checks that everything else stayed, and returns the
/// new document.
fn check_deletion(block: &GoalBlock) -> Result<Json, TestCaseError> {
    let input = &CORPUS[input(&block.rel)];
    let text = delete_lines(&input.text, &block.lines);
    let parsed = mokuhyo_parse::parse(text.as_bytes(), &block.rel)
        .map_err(|e| TestCaseError::fail(format!("{block:?} deleted: {e}")))?;
    let doc = doc_of(&parsed);
    let before = rest(&input.base, Some(block.block), &block.lines);
    let after = rest(&doc, None, &[]);
    if before != after {
        return Err(TestCaseError::fail(format!(
            "{block:?} deleted: the rest of the report changed\n{}",
            first_difference(&before, &after, "")
        )));
    }
    Ok(doc)
}

#[test]
fn deleting_the_seeds_goal_5_2_keeps_5_1_and_5_3() {
    // 5-② is lines 28–30: the section with its indicator, the header row, the value row.
    let block = GOAL_BLOCKS
        .iter()
        .find(|b| b.rel == SEED && b.name == json!(["5-②"]))
        .expect("5-② can be deleted");
    assert_eq!(block.lines, [28, 29, 30]);
    let doc = check_deletion(block).unwrap();
    let groups = doc["indicator_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 20);
    assert!(groups.iter().all(|g| g["section_ids"] != json!(["5-②"])));
    let third = groups
        .iter()
        .find(|g| g["section_ids"] == json!(["5-③"]))
        .unwrap();
    let indicator = &third["indicators"][0];
    assert_eq!(indicator["name"], "地域づくり活動に係る協議件数");
    assert_eq!(indicator["target"]["text"], "10件");
    assert_eq!(indicator["actual"]["text"], "9件");
    // 5-③ moved up by the three deleted lines.
    assert_eq!(third["lines"], json!({"start": 28, "end": 30}));
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn deleting_a_goal_block_keeps_the_others(block in one_of(&GOAL_BLOCKS, "goal block")) {
        check_deletion(&block)?;
    }
}
