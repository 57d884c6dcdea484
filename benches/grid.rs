//! PDF → validated JSON, per page and per report, on the PDF fixtures (`just bench`).
//!
//! Each fixture is one benchmark: the whole path of `mokuhyo parse FILE.pdf` (read the pages,
//! rebuild the grid and its text, parse, set provenance, validate, write JSON), its throughput
//! in pages per second. Memory comes from mimalloc, as in the binary.
//!
//! `pdf_pages` does the same for generated reports of 34 and 334 A4 pages (the test PDF
//! writer's layout): time per page should not grow with the pages.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mokuhyo_export::Validator;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pdf_to_json(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/pdf")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let validator = Validator::new();
    let mut g = c.benchmark_group("pdf_to_json");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let format = mokuhyo_grid::sniff(&bytes).expect("a PDF");
        let pages = mokuhyo_grid::pdf::read(&bytes).expect("pages").len();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        g.throughput(Throughput::Elements(pages as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let r = mokuhyo_grid::report::read_with(
                    black_box(&bytes),
                    format,
                    "bench.pdf",
                    mokuhyo_grid::ReadOptions { keep_pages: false },
                )
                .expect("a report");
                validator.to_valid_json(&r.report).expect("valid")
            })
        });
    }
    g.finish();
}

#[path = "../tests/common/pdfgen.rs"]
mod pdfgen;

fn pdf_pages(c: &mut Criterion) {
    let validator = Validator::new();
    let mut g = c.benchmark_group("pdf_pages");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for sections in [300, 3000] {
        let bytes = pdfgen::report_pdf(sections, false);
        let pages = mokuhyo_grid::pdf::read(&bytes).expect("pages").len();
        let options = mokuhyo_grid::ReadOptions { keep_pages: false };
        g.throughput(Throughput::Elements(pages as u64));
        g.bench_function(format!("{pages}_pages"), |b| {
            b.iter(|| {
                let r = mokuhyo_grid::report::read_with(
                    black_box(&bytes),
                    mokuhyo_grid::Format::Pdf,
                    "bench.pdf",
                    options,
                )
                .expect("a report");
                validator.to_valid_json(&r.report).expect("valid")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, pdf_to_json, pdf_pages);
criterion_main!(benches);
