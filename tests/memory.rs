//! Bounded memory for one big report (issue 13, item 10): `parse -o` of a report of tens of
//! thousands of goal sections must take a small multiple of its input in resident memory.
//!
//! The peak is `VmHWM` (the high-water mark of resident memory) in `/proc/PID/status`, read
//! while the child runs. It never falls, so any read after the peak sees it. The limit is the
//! peak of parsing the seed (the program itself: code, allocator, schema) plus a multiple of
//! the input, so it holds for debug and release builds alike.
//!
//! Before the document was checked one item at a time and the report compacted, the peak was
//! some 75 times the input (the report, its ledger and the whole document's validation tape
//! at once); now it is about 35 times. The limit, 50 times, is well above the one and well
//! below the other.
//!
//! Linux only: the peak comes from `/proc`.
#![cfg(target_os = "linux")]

use std::fs;
use std::process::Command;
use std::time::Duration;

mod common;
use common::{root, s, SEED};

/// Peak resident memory allowed, per byte of input, above the program's own.
const PER_INPUT_BYTE: u64 = 50;

/// A run of the binary may take this long before the test gives up on it.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// Runs `mokuhyo ARGS` to completion; its exit code, stderr and peak resident memory in bytes.
fn run_peak(args: &[&str]) -> (Option<i32>, String, u64) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mokuhyo"));
    cmd.args(args).current_dir(root());
    let (status, stderr, peak) = common::run_watched(cmd, TIME_LIMIT);
    (status.code(), stderr, peak)
}

/// A report of `sections` goal sections of one indicator each, with targets and actuals;
/// ids repeat after 4,950 (99 × 50), as in `tests/hostile.rs`.
fn many_sections(sections: usize) -> String {
    let circled: Vec<char> = ('\u{2460}'..='\u{2473}')
        .chain('\u{3251}'..='\u{325F}')
        .chain('\u{32B1}'..='\u{32BF}')
        .collect();
    let mut text =
        String::from("令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n");
    for i in 0..sections {
        let major = i / 50 % 99 + 1;
        let minor = circled[i % 50];
        text.push_str(&format!(
            "{major}-{minor}取組{i} ・内容を進めます。\t指標：①件数{i}\n\
             \t目標値 ①{i}件\t実績値 ①{}件\n",
            i + 1
        ));
    }
    text
}

#[test]
fn parse_of_a_big_report_peaks_at_a_small_multiple_of_its_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed_out = dir.path().join("seed.json");
    let (code, stderr, base) = run_peak(&["parse", SEED, "-o", s(&seed_out)]);
    assert_eq!(code, Some(0), "{stderr}");
    // The program's own memory: code, allocator, schema; a few tens of MiB.
    assert!(base > 0 && base < 200 << 20, "{base}");

    let input = dir.path().join("big.txt");
    let text = many_sections(25_000);
    fs::write(&input, &text).expect("write input");
    let out = dir.path().join("big.json");
    let (code, stderr, peak) = run_peak(&["parse", s(&input), "-o", s(&out)]);
    assert_eq!(code, Some(0), "{stderr}");
    let bytes = text.len() as u64;
    let limit = base + PER_INPUT_BYTE * bytes;
    eprintln!(
        "{bytes} bytes in: peak {} MiB ({:.1} times the input above the seed's {} MiB); limit {} MiB",
        peak >> 20,
        (peak.saturating_sub(base)) as f64 / bytes as f64,
        base >> 20,
        limit >> 20
    );
    assert!(
        peak <= limit,
        "peak {peak} bytes over the limit of {limit} ({base} + {PER_INPUT_BYTE} × {bytes})"
    );

    // The document is whole and is the one the library makes, byte for byte.
    let written = fs::read(&out).expect("the document");
    let report = mokuhyo_parse::parse(text.as_bytes(), s(&input))
        .expect("a report")
        .report;
    assert_eq!(report.sections.len(), 25_000);
    assert!(written == mokuhyo_export::to_json(&report).as_bytes());
}
