/*!
Reads Japanese municipal 部局経営目標 reports into structured, traceable records.

Input: the raw bytes of one report (text extracted from PDF, or a saved web page, in UTF-8,
UTF-16 or a legacy Japanese encoding). Output: a [`Report`](model::Report) (SPEC §3) and a
[`Ledger`](ledger::Ledger) that says where every normalized character went.

The work happens in passes, one module each:

1. [`decode`]: bytes → text, recording the encoding and any lossy replacement;
2. [`normalize`]: text → lines → tab cells → paragraph segments, NFKC except circled numbers;
3. `structure`: segments → blocks (header, missions, sections, indicator lists, value rows)
   → fields, claiming in the [`ledger`] every range of text it consumes;
4. [`values`]: value texts → numbers, units, notes and achievements.

```
let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
            (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
            \t目標値 450万件\t実績値 587万件\n";
let parsed = mokuhyo_parse::parse(text.as_bytes(), "r.txt").unwrap();
let report = &parsed.report;
assert_eq!(report.department.as_deref(), Some("総合政策部"));
assert_eq!(report.sections[0].id, "1-①");
let target = report.indicator_groups[0].indicators[0].target.as_ref().unwrap();
assert_eq!(target.value.map(|n| n.0), Some(4_500_000.0));
assert!(report.unparsed.is_empty());
```
*/
#![deny(missing_docs)]

pub mod circled;
mod compact;
pub mod decode;
pub mod era;
pub mod error;
pub mod ledger;
pub mod model;
pub mod municipality;
pub mod normalize;
mod provenance;
mod structure;
mod truncation;
pub mod values;

pub use error::{Error, ErrorKind};
pub use ledger::Ledger;
pub use model::Report;

use model::{Diagnostic, Kind, Severity, Source};
use sha2::{Digest, Sha256};

/// A parsed report with its ledger.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub report: Report,
    /// Where every normalized character went.
    pub ledger: Ledger,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    out
}

/// Whether decoded text is mostly control characters or replacement characters, judged on its
/// first 64 Ki characters.
fn looks_binary(text: &str) -> bool {
    const LIMIT: usize = 64 * 1024;
    // The first 64 Ki characters: a text of at most that many bytes is all of them.
    let bytes = if text.len() <= LIMIT {
        text.as_bytes()
    } else {
        match text.char_indices().nth(LIMIT) {
            Some((end, _)) => &text.as_bytes()[..end],
            None => text.as_bytes(),
        }
    };
    // Counted over the bytes, without a branch, which the compiler turns into vector code:
    // characters (every byte that does not continue one), C0 controls other than tab, line
    // feed, form feed and carriage return, C1 controls (U+0080–U+009F, C2 80–C2 9F) and
    // U+FFFD.
    let total = count_bytes(bytes, |b| b & 0xC0 != 0x80);
    let c0 = count_bytes(bytes, |b| b < 0x20 || b == 0x7F)
        - count_bytes(bytes, |b| {
            b == b'\t' || b == b'\n' || b == 0x0C || b == b'\r'
        });
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        .count();
    let replacement = memchr::memmem::find_iter(bytes, "\u{FFFD}").count();
    total > 0 && (c0 + c1 + replacement) * 10 > total
}

/// How many of `bytes` pass `test`: counted in one-byte counters over blocks of 255 bytes,
/// a loop the compiler vectorizes.
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(test(b)))))
        .sum()
}

/// The decoded text of `bytes`, unless they are empty (white space only) or binary.
fn decode_text(bytes: &[u8]) -> Result<decode::Decoded<'_>, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    let decoded = decode::decode(bytes);
    if looks_binary(&decoded.text) {
        return Err(Error::new(ErrorKind::Binary));
    }
    Ok(decoded)
}

/// Parses one report. `file` is the name recorded in `source.file`.
///
/// Fails only when the input holds no report: empty, binary, or without any mission item or
/// goal section (a title alone is not a report). Everything else is a partial result with
/// diagnostics.
pub fn parse(bytes: &[u8], file: &str) -> Result<Parsed, Error> {
    let decoded = decode_text(bytes)?;
    let norm = normalize::normalize(&decoded.text);
    parse_normalized(bytes, file, &decoded, norm)
}

/// As [`parse`], the report alone: no [`Ledger`] is made, and what the parse holds is let go
/// as soon as it has served (the lines once the structure is read, the claims once they are
/// turned into the report's spans), so that a big input takes less memory. The report is
/// the one [`parse`] gives.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_report(bytes: &[u8], file: &str) -> Result<Report, Error> {
    let decoded = decode_text(bytes)?;
    let mut norm = normalize::normalize(&decoded.text);
    let (mut report, claims) = read_report(bytes, file, &decoded, &norm)?;
    // The lines are read; the segments stay for the trace.
    norm.lines = Vec::new();
    let queries = provenance::queries(claims);
    let found = provenance::trace(&report, &decoded.text, &norm.segments, queries);
    // The segments are traced.
    drop(norm);
    provenance::attach(&mut report, &decoded.text, found);
    Ok(report)
}

/// Passes 3 and 4 alone: the structure of normalized text, its fields and values, and the
/// ledger. [`parse`] is [`decode::decode`], then [`normalize::normalize`], then this; it is
/// public so that each pass can be measured on its own (`benches/stages.rs`).
///
/// `bytes` are the raw input (for `source.sha256` and `source.bytes`), `decoded` its decoded
/// text and `norm` that text normalized.
///
/// # Errors
///
/// As [`parse`]: no segment of text, or no title, mission item or goal section.
pub fn parse_normalized(
    bytes: &[u8],
    file: &str,
    decoded: &decode::Decoded<'_>,
    norm: normalize::Normalized,
) -> Result<Parsed, Error> {
    let (mut report, claims) = read_report(bytes, file, decoded, &norm)?;
    let queries = provenance::queries(claims.iter().cloned());
    let found = provenance::trace(&report, &decoded.text, &norm.segments, queries);
    provenance::attach(&mut report, &decoded.text, found);
    let ledger = Ledger::from_claims(norm, claims);
    Ok(Parsed { report, ledger })
}

/// The report of normalized text without its spans, and every claim on the text, unclaimed
/// runs included (as [`ledger::Claims::settle`] leaves them).
fn read_report(
    bytes: &[u8],
    file: &str,
    decoded: &decode::Decoded<'_>,
    norm: &normalize::Normalized,
) -> Result<(Report, Vec<ledger::Flat>), Error> {
    if norm.segments.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    // Offsets and indices are kept in 32 bits (`ledger::ix`): refuse what they cannot hold.
    let normalized = norm.segments.iter().map(|s| s.text.len()).sum::<usize>();
    let text = decoded.text.len().max(normalized);
    if text >= ledger::MAX_TEXT_BYTES {
        return Err(Error::new(ErrorKind::TextTooLarge { bytes: text as u64 }));
    }
    let mut cut = truncation::check(&decoded.text, norm);
    let (ex, claims) = structure::Builder::new(norm).cut_last(cut.is_some()).run();
    let mut report = ex.doc;
    if report.missions.is_empty() && report.sections.is_empty() {
        return Err(Error::new(ErrorKind::NoReport));
    }
    if cut.is_none() {
        cut = truncation::check_heading(&decoded.text, norm, &report);
    }
    if let Some(d) = cut.as_mut() {
        let marked = structure::mark_truncated(&mut report, d.line.unwrap_or(0));
        if !marked.is_empty() {
            d.message
                .push_str(&format!("; marked `truncated`: {}", marked.join(", ")));
        }
    }
    let mut diagnostics = Vec::new();
    if decoded.replaced > 0 {
        let line = normalize::split_lines(&decoded.text)
            .position(|l| l.contains('\u{FFFD}'))
            .map(|i| ledger::ix(i + 1));
        diagnostics.push(Diagnostic {
            boxes: Default::default(),
            cells: Default::default(),
            severity: Severity::Warning,
            code: "lossy-decoding".into(),
            message: format!(
                "{} byte sequence(s) were not valid {} and were replaced by U+FFFD",
                decoded.replaced,
                decoded.encoding.name()
            ),
            line,
        });
    }
    diagnostics.extend(cut);
    header_from_title(&mut report);
    if report.fiscal_year.is_none() {
        diagnostics.push(Diagnostic {
            boxes: Default::default(),
            cells: Default::default(),
            severity: Severity::Warning,
            code: "missing-fiscal-year".into(),
            message: "no fiscal year (年度) found in the header or title".into(),
            line: None,
        });
    }
    // In front of the passes' own, in place: no second vector of a long list, and room for
    // these alone, where a full list would double.
    report.diagnostics.reserve_exact(diagnostics.len());
    report.diagnostics.splice(0..0, diagnostics);
    // What comes before the title line: a saved page's head and navigation.
    let header = report.header_lines.title.map(|line| {
        normalize::split_lines(&decoded.text)
            .take(line.saturating_sub(1) as usize)
            .collect::<Vec<_>>()
            .join("\n")
    });
    report.municipality =
        municipality::detect(report.title.as_deref(), header.as_deref(), &decoded.text);
    report.kind = match ex.kind {
        Some(k) => k,
        None if ex.saw_actuals => Kind::Achievement,
        None => Kind::Plan,
    };
    values::set_achievements(&mut report);
    report.source = Source {
        format: if looks_html(&decoded.text) {
            "html"
        } else {
            "text"
        }
        .into(),
        pages: None,
        sheets: None,
        file: file.to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        encoding: decoded.encoding.name().to_string(),
        lines: norm.lines.len(),
    };
    // Before the claims are settled and traced, which is when the parse takes the most
    // memory.
    compact::compact(&mut report);
    let claims = claims.settle(&mut report.unparsed);
    Ok((report, claims))
}

/// Whether decoded text is a saved web page: it opens (after white space) with a doctype,
/// an `<html>` element or an XML declaration.
fn looks_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml")
}

/// Fills the fiscal year and the department from the title (`令和9年度 部局経営目標【市民部】`)
/// when the header rows did not give them.
fn header_from_title(report: &mut Report) {
    let (Some(title), Some(line)) = (&report.title, report.header_lines.title) else {
        return;
    };
    if report.fiscal_year.is_none() {
        if let Some((y, range)) = era::find_fiscal_year(title) {
            report.fiscal_year = Some(y.fiscal_year(title[range].to_string(), line));
        }
    }
    if report.department.is_none() {
        let dept = department_in_title(title);
        if let Some(dept) = dept {
            report.department = Some(dept.to_string());
            report.header_lines.department = Some(line);
        }
    }
}

/// The department named in a title: `…部局経営目標【市民部】`, `…部局経営目標(蒜山振興局)` or
/// `令和6年度の教育委員会 部局経営目標`. An edition name in brackets (`(達成状況)`) is not one.
fn department_in_title(title: &str) -> Option<&str> {
    let edition = |d: &str| {
        ["達成", "実績", "状況", "計画", "評価", "概要"]
            .iter()
            .any(|w| d.contains(w))
    };
    let ok = |d: &&str| !d.is_empty() && !edition(d);
    let bracketed = title
        .split_once('【')
        .and_then(|(_, r)| r.split_once('】'))
        .map(|(d, _)| d.trim())
        .filter(ok);
    let after = || {
        let (_, rest) = title.split_once("部局経営目標")?;
        let rest = rest.trim_start().strip_prefix('(')?;
        rest.split_once(')').map(|(d, _)| d.trim()).filter(ok)
    };
    let before = || {
        let (head, _) = title.split_once("部局経営目標")?;
        let (_, range) = era::find_fiscal_year(head)?;
        let d = head[range.end..].trim_start();
        let d = d.strip_prefix('の').unwrap_or(d).trim();
        Some(d).filter(ok).filter(|d| !d.contains(' '))
    };
    bracketed.or_else(after).or_else(before)
}

/// A small deterministic generator (xorshift64) for the unit tests' random samples.
#[cfg(test)]
pub(crate) fn test_rng(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[cfg(test)]
mod binary_tests {
    use super::*;

    /// The check as first written: one pass, one character at a time.
    fn reference(text: &str) -> bool {
        let (mut total, mut bad) = (0usize, 0usize);
        for c in text.chars().take(64 * 1024) {
            total += 1;
            bad += usize::from(
                matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffd}')
                    && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'),
            );
        }
        total > 0 && bad * 10 > total
    }

    #[test]
    fn ok_matches_the_one_pass_check() {
        let pieces = [
            "a",
            "\t",
            "\n",
            "\r",
            "\u{c}",
            "\0",
            "\u{1}",
            "\u{b}",
            "\u{1f}",
            "\u{7f}",
            "\u{80}",
            "\u{9f}",
            "\u{a0}",
            "\u{c2}",
            "\u{fffd}",
            "\u{fffc}",
            "部",
            "ＡＢ",
            "①",
            "\u{10000}",
        ];
        let mut next = test_rng(0x5eed_b1a5);
        for _ in 0..20_000 {
            let n = (next() % 40) as usize;
            let text: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(looks_binary(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn ok_judges_only_the_first_64_ki_characters() {
        let clean = "部".repeat(64 * 1024);
        assert!(!looks_binary(&(clean.clone() + &"\0".repeat(100_000))));
        assert!(looks_binary(&("\0".repeat(7_000) + &clean)));
        assert!(!looks_binary(&("\0".repeat(6_000) + &clean)));
        let mixed = "\u{fffd}\u{fffd}abcdefghijklmnopq".repeat(5_000);
        assert_eq!(looks_binary(&mixed), reference(&mixed));
    }
}
