//! The grid stage on arbitrary bytes: PDF or workbook reading (by content), the rows of cells,
//! the rebuilt text, the parse of it and the page view.
//!
//! Any input must give documents or an error in words: never a panic (a panic inside the PDF
//! or workbook reader is caught and turned into an error, so one here is a bug of ours), and
//! every box a record points to must be on a page of the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A panic the grid stage catches from a third-party reader (and turns into an error)
    // is kept from libFuzzer's aborting panic hook by the stage's own hook; any other panic
    // still reaches it.
    // Most mutated inputs lose their magic bytes; try them as each format too.
    let formats = match mokuhyo_grid::sniff(data) {
        Some(f) => vec![f],
        None => vec![mokuhyo_grid::Format::Pdf, mokuhyo_grid::Format::Xlsx],
    };
    for format in formats {
        match mokuhyo_grid::report::read(data, format, "fuzz") {
            Ok(r) => {
                let pages = r.pages.len();
                for s in &r.report.sections {
                    for b in &s.boxes {
                        assert!(b.page >= 1 && b.page <= pages, "box on page {} of {pages}", b.page);
                    }
                }
                assert_eq!(r.origins.len(), r.text.lines().count());
                let _ = r.pages_html();
            }
            Err(e) => assert!(!e.is_empty()),
        }
    }
});
