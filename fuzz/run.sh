#!/usr/bin/env bash
# Runs the fuzz targets one after the other, on one core each:
#   fuzz/run.sh [PARSE_SECONDS] [VALUES_SECONDS] [GRID_SECONDS]
# The starting corpora are made here from the repository's reports (never committed):
# the seed, and pieces of it, so that libFuzzer starts from real structure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
parse_secs=${1:-600}
values_secs=${2:-180}
grid_secs=${3:-600}
mkdir -p fuzz/corpus/parse fuzz/corpus/values
for f in seeds/*.txt; do
    name=$(basename "$f" .txt)
    cp "$f" "fuzz/corpus/parse/$name.txt"
    # Smaller starting points: the first 2, 8 and 32 KiB.
    for k in 2 8 32; do
        head -c $((k * 1024)) "$f" > "fuzz/corpus/parse/$name.$k.txt"
    done
    # Every value cell of the seed (text after 目標値 / 実績値 labels and tabs), one file each.
    grep -o -P '(目標値|実績値)[^\t]*' "$f" | sort -u | head -200 | nl -ba -w1 -s' ' |
        while read -r n text; do printf '%s' "$text" > "fuzz/corpus/values/$name.$n"; done
done
# Inputs past 8 KiB are cut: header, missions and the first sections fit, and short inputs
# run several times faster than the whole 38 KB seed.
cargo +nightly fuzz run parse fuzz/corpus/parse -- -max_len=8192 \
    -dict=fuzz/parse.dict -max_total_time="$parse_secs" -timeout=10 -rss_limit_mb=2048
cargo +nightly fuzz run values fuzz/corpus/values -- \
    -dict=fuzz/parse.dict -max_total_time="$values_secs" -timeout=10 -rss_limit_mb=2048
# The grid stage starts from the PDF and workbook fixtures (the smaller ones: libFuzzer's
# inputs are kept under 128 KiB).
mkdir -p fuzz/corpus/grid
find corpus/pdf corpus/xlsx corpus/grid_errors -type f -size -128k -exec cp {} fuzz/corpus/grid/ \;
cargo +nightly fuzz run grid fuzz/corpus/grid -- -max_len=131072 \
    -max_total_time="$grid_secs" -timeout=20 -rss_limit_mb=2048
