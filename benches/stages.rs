//! One benchmark per pipeline stage on the seed report (`just bench`).
//!
//! Every stage reports its throughput in bytes of the seed's raw input per second, so the
//! figures compare across stages and add up: a stage at 200 MB/s spends 5 ms per MB of input.
//! `values` and `validate` run on what the earlier stages made of the seed. Memory comes from
//! mimalloc, as in the binary.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mokuhyo_export::{to_json, Validator};
use mokuhyo_parse::{decode, normalize, values};
use std::hint::black_box;
use std::time::Duration;

const SEED: &[u8] = include_bytes!("../seeds/000_1e9e9e477dd5dd5a.txt");

/// The allocator the `mokuhyo` binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("seed");
    g.throughput(Throughput::Bytes(SEED.len() as u64))
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    g.bench_function("decode", |b| b.iter(|| decode::decode(black_box(SEED))));

    let decoded = decode::decode(SEED);
    g.bench_function("normalize", |b| {
        b.iter(|| normalize::normalize(black_box(&decoded.text)))
    });

    let norm = normalize::normalize(&decoded.text);
    g.bench_function("structure", |b| {
        b.iter_batched(
            || norm.clone(),
            |norm| mokuhyo_parse::parse_normalized(SEED, "seed.txt", &decoded, norm),
            BatchSize::SmallInput,
        )
    });

    let report = mokuhyo_parse::parse(SEED, "seed.txt")
        .expect("the seed is a report")
        .report;
    // The value texts as the structure pass hands them to `values`: target and actual pairs.
    let pairs: Vec<(String, Option<String>)> = report
        .indicator_groups
        .iter()
        .flat_map(|g| &g.indicators)
        .filter_map(|i| {
            let target = i.target.as_ref()?.text.clone();
            Some((target, i.actual.as_ref().map(|a| a.text.clone())))
        })
        .collect();
    g.bench_function("values", |b| {
        b.iter(|| {
            for (target, actual) in &pairs {
                let t = values::read(black_box(target));
                let a = actual.as_deref().map(values::read);
                black_box(values::achievement(
                    Some(&t.quantities),
                    a.as_ref().map(|a| a.quantities.as_slice()),
                ));
            }
        })
    });

    let validator = Validator::new();
    g.bench_function("validate", |b| {
        b.iter(|| validator.validate_report(black_box(&report)))
    });

    g.bench_function("json", |b| b.iter(|| to_json(black_box(&report))));

    // The whole per-report pipeline of `mokuhyo parse`, less the file reads and writes.
    g.bench_function("parse_validate_json", |b| {
        b.iter(|| {
            let report = mokuhyo_parse::parse(black_box(SEED), "seed.txt")
                .expect("the seed is a report")
                .report;
            validator.to_valid_json(&report)
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
