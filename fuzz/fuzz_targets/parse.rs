//! The whole pipeline on arbitrary bytes: decode, normalize, structure, then the JSON document
//! checked against the schema, the flat indicator rows and the review page.
//!
//! Any input must give a document that validates, or an error: never a panic.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mokuhyo_export::Validator;

static VALIDATOR: LazyLock<Validator> = LazyLock::new(Validator::new);

fuzz_target!(|data: &[u8]| {
    let parsed = match mokuhyo_parse::parse(data, "fuzz.txt") {
        Ok(p) => p,
        Err(e) => {
            // Every error says why in words.
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let report = parsed.report;
    if let Err(violations) = VALIDATOR.to_valid_json(&report) {
        let all: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        panic!("the document breaks the schema: {}", all.join("; "));
    }
    let lines = report.source.lines;
    for u in &report.unparsed {
        assert!(
            u.line >= 1 && u.line as usize <= lines,
            "unparsed line {} of {lines}",
            u.line
        );
        assert!(!u.text.trim().is_empty(), "empty unparsed entry");
    }
    for d in &report.diagnostics {
        if let Some(line) = d.line {
            assert!(
                line >= 1 && line as usize <= lines,
                "diagnostic line {line} of {lines}"
            );
        }
    }
    let _ = mokuhyo_export::rows::report_rows(&report, "r.txt");
    let _ = mokuhyo_export::review_html(data, &report);
});
