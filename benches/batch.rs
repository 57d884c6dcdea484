//! `mokuhyo batch` over 1000 copies of the seed, with one and with two worker threads
//! (`just bench`): the release binary as a user runs it, files included; every output
//! format (`j1`, `j2`) and JSON only (`json_j1`, `json_j2`).
//!
//! `floor_j2` and `floor_json_j2` time, in this process on two threads, the part of a batch
//! no parser can skip: read each file, decode and hash it, normalize it and write a document
//! as large as the seed's (serialized once beforehand for `floor_j2`, per file for
//! `floor_json_j2`). The difference to `json_j2` is what finding the structure and
//! validating cost (README, Performance).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mokuhyo_export::{to_json, write_atomic_with, Durability};
use mokuhyo_parse::{decode, normalize, sha256_hex};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The allocator the `mokuhyo` binary uses, so that the floor is measured as the binary runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: &[u8] = include_bytes!("../seeds/000_1e9e9e477dd5dd5a.txt");
const COPIES: usize = 1000;

fn batch(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for i in 1..=COPIES {
        std::fs::write(input.join(format!("r{i}.txt")), SEED).expect("write a copy");
    }
    let out = dir.path().join("out");

    let mut g = c.benchmark_group("batch_1000_seeds");
    g.throughput(Throughput::Bytes((SEED.len() * COPIES) as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(25));
    for (name, jobs, formats) in [
        ("j1", "1", "json,ndjson,csv,parquet"),
        ("j2", "2", "json,ndjson,csv,parquet"),
        ("json_j1", "1", "json"),
        ("json_j2", "2", "json"),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || clean(&out),
                |()| run(&input, &out, jobs, formats),
                BatchSize::PerIteration,
            )
        });
    }

    let mut files: Vec<PathBuf> = (1..=COPIES)
        .map(|i| input.join(format!("r{i}.txt")))
        .collect();
    files.sort();
    let report = mokuhyo_parse::parse(SEED, "seed.txt")
        .expect("the seed is a report")
        .report;
    let document = to_json(&report);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("two threads");
    for (name, serialize) in [("floor_j2", false), ("floor_json_j2", true)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    clean(&out);
                    std::fs::create_dir(&out).expect("mkdir");
                },
                |()| {
                    pool.install(|| {
                        files.par_iter().for_each(|f| {
                            let bytes = std::fs::read(f).expect("read");
                            let decoded = decode::decode(&bytes);
                            std::hint::black_box(sha256_hex(&bytes));
                            std::hint::black_box(normalize::normalize(&decoded.text));
                            let json = if serialize {
                                to_json(&report)
                            } else {
                                document.clone()
                            };
                            let name = out
                                .join(f.file_name().expect("a file"))
                                .with_extension("json");
                            write_atomic_with(&name, json.as_bytes(), Durability::Deferred)
                                .expect("write");
                        })
                    })
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn clean(out: &Path) {
    if out.exists() {
        std::fs::remove_dir_all(out).expect("remove the last run's output");
    }
}

fn run(input: &Path, out: &Path, jobs: &str, formats: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["-j", jobs, "-q", "--format", formats])
        .status()
        .expect("mokuhyo runs");
    assert!(status.success(), "mokuhyo batch failed: {status}");
}

criterion_group!(benches, batch);
criterion_main!(benches);
