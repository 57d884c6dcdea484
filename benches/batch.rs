//! `mokuhyo batch` over 1000 copies of the seed, with one and with two worker threads
//! (`just bench`): the release binary as a user runs it, every output format, files included.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

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
    for jobs in ["1", "2"] {
        g.bench_function(format!("j{jobs}"), |b| {
            b.iter_batched(
                || clean(&out),
                |()| run(&input, &out, jobs),
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

fn run(input: &Path, out: &Path, jobs: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["-j", jobs, "-q"])
        .status()
        .expect("mokuhyo runs");
    assert!(status.success(), "mokuhyo batch failed: {status}");
}

criterion_group!(benches, batch);
criterion_main!(benches);
