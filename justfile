# The same commands CI runs (.ci/run) and the README shows.

# Run every test in the workspace.
test:
    cargo test --workspace

# Check formatting and lints.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Parse the seed report and print its JSON.
run:
    cargo run --release -- parse seeds/000_1e9e9e477dd5dd5a.txt

# Fuzz the whole parse, then value cells, then the PDF/workbook grid stage, for the given
# seconds each (needs nightly and `cargo install cargo-fuzz --locked`; crashes land in
# fuzz/artifacts/).
fuzz parse_seconds="600" values_seconds="180" grid_seconds="600":
    fuzz/run.sh {{parse_seconds}} {{values_seconds}} {{grid_seconds}}

# Benchmarks: every stage on the seed, and `batch` over 1000 copies of it (a few minutes).
bench:
    cargo bench -p mokuhyo --bench stages --bench batch --bench grid

# Linear-time checks: parse, validation and JSON at 1×, 10× and 100× input, and PDFs of 4 to 334 pages (ignored tests).
stress:
    cargo test --release -p mokuhyo --test stress -- --ignored --test-threads=1

# Mutation testing of the value readers with the parse crate's unit tests (stable toolchain;
# `cargo install cargo-mutants --locked`). Not in CI: one build and test run per mutant, an
# hour or more on two cores. Results land in mutants.out/.
mutants timeout="120":
    cargo mutants -p mokuhyo-parse -f crates/mokuhyo-parse/src/values.rs -f crates/mokuhyo-parse/src/era.rs -f crates/mokuhyo-parse/src/structure/values.rs --timeout {{timeout}} -j 1 -- --lib
