//! Bounded property tests over hostile input, run by every `cargo test` (the long, open-ended
//! search is the fuzzer's, in `fuzz/`): random bytes, soups of report tokens, and the seed
//! report mutated (bytes flipped, ranges deleted, duplicated or inserted, truncation, tags,
//! NULs and CRs inserted).
//!
//! For every input: `parse` does not panic; an error has a kind and a message; a document
//! passes the schema, says where it came from, and its `unparsed` entries, diagnostics,
//! groups and ledger agree with each other.

use std::sync::LazyLock;

use mokuhyo_export::{to_json, Validator};
use mokuhyo_parse::ledger::Claim;
use mokuhyo_parse::{ErrorKind, Parsed};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

static SEED: &[u8] = include_bytes!("../seeds/000_1e9e9e477dd5dd5a.txt");

static VALIDATOR: LazyLock<Validator> = LazyLock::new(Validator::new);

/// Pieces of reports, markup and trouble, for inserting and for token soups.
const TOKENS: &[&str] = &[
    "令和4年度 部局経営目標（達成状況）",
    "部局経営目標【市民部】",
    "部局名\t",
    "年度\t令和元年度",
    "作成日\t令和4年4月1日",
    "（1）部局の役割・使命（ミッション）・経営方針",
    "(2) 事業成果目標\t指標名及び目標値",
    "1-①",
    "10 - ⑳",
    "99-㊿",
    "<p>1. 防災【No.11：住み続けられるまちづくりを】 本文</p>",
    "【No.17：",
    "指標：①件数、②人数",
    "\t目標値 ①100件 ②6月\t実績値 ①-②3 件",
    "目標値",
    "実績値",
    "評価",
    "次年度への課題",
    "450万件",
    "118,000件",
    "35%",
    "①",
    "・",
    "■",
    "- ",
    "<p>",
    "</p>",
    "<ul style=\"x\">",
    "<li>",
    "<!--",
    "&amp;",
    "&#12354;",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{3000}",
];

/// One change to the seed; positions and lengths are fractions of the current length.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Delete(Index, Index),
    Duplicate(Index, Index),
    InsertBytes(Index, Vec<u8>),
    InsertToken(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// Applies `m` to `v`. Ranges are at most 4 KiB, so the input stays about the seed's size.
fn apply(v: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, v: &Vec<u8>| i.index(v.len() + 1);
    match m {
        Mutation::FlipBit(i, bit) => {
            if !v.is_empty() {
                let i = i.index(v.len());
                v[i] ^= 1 << bit;
            }
        }
        Mutation::Delete(i, n) => {
            let start = at(i, v);
            let end = (start + n.index(4096)).min(v.len());
            v.drain(start..end);
        }
        Mutation::Duplicate(i, n) => {
            let start = at(i, v);
            let end = (start + n.index(4096)).min(v.len());
            let copy = v[start..end].to_vec();
            v.splice(end..end, copy);
        }
        Mutation::InsertBytes(i, bytes) => {
            let i = at(i, v);
            v.splice(i..i, bytes.iter().copied());
        }
        Mutation::InsertToken(i, t) => {
            let i = at(i, v);
            v.splice(i..i, TOKENS[t.index(TOKENS.len())].bytes());
        }
        Mutation::Truncate(i) => {
            let i = at(i, v);
            v.truncate(i);
        }
    }
}

/// Parses `input` and checks everything cheaply checkable; the failure, if any.
fn check(input: &[u8]) -> Result<(), TestCaseError> {
    let parsed = match mokuhyo_parse::parse(input, "prop.txt") {
        Ok(p) => p,
        Err(e) => {
            prop_assert!(
                matches!(
                    e.kind(),
                    ErrorKind::Empty | ErrorKind::Binary | ErrorKind::NoReport
                ),
                "{:?}",
                e.kind()
            );
            prop_assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    let report = &parsed.report;
    let json = match VALIDATOR.to_valid_json(report) {
        Ok(json) => json,
        Err(v) => return Err(TestCaseError::fail(format!("breaks the schema: {v:?}"))),
    };
    let doc: Value = serde_json::from_str(&json).expect("JSON");
    prop_assert_eq!(report.source.bytes, input.len() as u64);
    prop_assert_eq!(&report.source.sha256, &mokuhyo_parse::sha256_hex(input));
    let lines = report.source.lines;
    let in_file = |l: u32| (1..=lines).contains(&(l as usize));
    for u in &report.unparsed {
        prop_assert!(in_file(u.line), "unparsed line {} of {lines}", u.line);
        prop_assert!(
            !u.text.is_empty() && u.text.trim() == u.text,
            "{:?}",
            u.text
        );
    }
    for d in &report.diagnostics {
        prop_assert!(d.line.is_none_or(in_file), "{d:?} of {lines}");
    }
    for m in &report.missions {
        prop_assert!(
            in_file(m.lines.start) && m.lines.start <= m.lines.end,
            "{m:?}"
        );
        prop_assert!(m.lines.end as usize <= lines);
    }
    for s in &report.sections {
        prop_assert!(
            in_file(s.lines.start) && s.lines.start <= s.lines.end,
            "{s:?}"
        );
        prop_assert!(s.lines.end as usize <= lines);
        if let Some(g) = s.group {
            let group = report.indicator_groups.get(g as usize);
            prop_assert!(group.is_some(), "section {} in group {g}", s.id);
            prop_assert!(group.is_some_and(|grp| grp.section_ids.contains(&s.id)));
        }
    }
    for (i, g) in report.indicator_groups.iter().enumerate() {
        prop_assert_eq!(g.index as usize, i);
        for id in &g.section_ids {
            prop_assert!(report.sections.iter().any(|s| &s.id == id), "{id}");
        }
    }
    check_ledger(&parsed, &doc)
}

/// The ledger and the document agree: every claimed range lies inside its segment, every
/// field claim points at a field, and each `unparsed` entry is claimed exactly once, with its
/// text and line.
fn check_ledger(parsed: &Parsed, doc: &Value) -> Result<(), TestCaseError> {
    let mut unparsed_claims = vec![0usize; parsed.report.unparsed.len()];
    for seg in &parsed.ledger.segments {
        for (range, claim) in &seg.claims {
            prop_assert!(
                seg.text.get(range.clone()).is_some(),
                "{range:?} of {:?}",
                seg.text
            );
            let Claim::Field(pointer) = claim else {
                continue;
            };
            let pointer = pointer.to_string();
            prop_assert!(doc.pointer(&pointer).is_some(), "{pointer} is no field");
            let i = pointer
                .strip_prefix("/unparsed/")
                .and_then(|p| p.strip_suffix("/text"))
                .and_then(|i| i.parse::<usize>().ok());
            if let Some(i) = i {
                let u = &parsed.report.unparsed[i];
                prop_assert_eq!(&seg.text[range.clone()], u.text.as_str());
                prop_assert_eq!(seg.line, u.line);
                unparsed_claims[i] += 1;
            }
        }
    }
    prop_assert!(
        unparsed_claims.iter().all(|&n| n == 1),
        "{unparsed_claims:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(input in prop::collection::vec(any::<u8>(), 0..4096)) {
        check(&input)?;
    }

    #[test]
    fn random_text(input in ".{0,512}") {
        check(input.as_bytes())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn token_soup(tokens in prop::collection::vec(any::<Index>(), 0..200)) {
        let text: String = tokens.iter().map(|t| TOKENS[t.index(TOKENS.len())]).collect();
        check(text.as_bytes())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_seed(mutations in prop::collection::vec(mutation(), 1..12)) {
        let mut input = SEED.to_vec();
        for m in &mutations {
            apply(&mut input, m);
        }
        check(&input)?;
    }
}

/// Every input a fuzz target ever failed on (`tests/fuzz_regressions/`) passes the checks.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz_regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz_regressions") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        if let Err(e) = check(&bytes) {
            panic!("{}: {e}", path.display());
        }
        seen += 1;
    }
    eprintln!("{seen} fuzz regression input(s) checked");
}

/// The checks themselves hold for the seed and find a broken document.
#[test]
fn checks_pass_on_the_seed_and_catch_a_lie() {
    check(SEED).expect("the seed passes");
    // Twice over: the second copy is `unparsed`.
    let twice = SEED.repeat(2);
    check(&twice).expect("the seed twice passes");
    let mut parsed = mokuhyo_parse::parse(&twice, "seed.txt").expect("a report");
    parsed.report.unparsed[0].text.push('x');
    let doc: Value = serde_json::from_str(&to_json(&parsed.report)).expect("JSON");
    assert!(check_ledger(&parsed, &doc).is_err());
}
