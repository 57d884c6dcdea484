//! Writes a generated many-page report PDF (the test PDF writer's layout, a non-embedded CJK
//! font) for timing and memory runs:
//!
//! ```sh
//! cargo run --release --example gen_pdf -- SECTIONS OUT.pdf [--to-unicode]
//! ```
//!
//! About 9 goal sections go on an A4 page: 9,000 sections make a 1,001-page PDF.

#[path = "../tests/common/pdfgen.rs"]
mod pdfgen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(sections), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1))
    else {
        eprintln!("usage: gen_pdf SECTIONS OUT.pdf [--to-unicode]");
        std::process::exit(2);
    };
    let pdf = pdfgen::report_pdf(sections, args.iter().any(|a| a == "--to-unicode"));
    if let Err(e) = std::fs::write(out, pdf) {
        eprintln!("error: {out}: {e}");
        std::process::exit(1);
    }
}
