#!/usr/bin/env python3
"""Time `mokuhyo batch` against Python's NFKC pass over the same 1000 reports.

Builds nothing: give it the release binary (default target/release/mokuhyo; build it with
`cargo build --release` first). In one run it copies the seed 1000 times into a temporary
folder, then times, each as the best of --runs (default 3):

  python   a fresh Python reading every file and running unicodedata.normalize('NFKC', ...)
           on its text (interpreter start included)
  -j 1     mokuhyo batch DIR -o OUT -j 1 -q --format F   (the output folder removed before
           each run)
  -j 2     the same with two worker threads

and the peak resident memory of the -j 2 batch, for two sets of formats F: `json` (the
pipeline the targets name: decode, normalize, parse, validate, JSON) and all four
(`json,ndjson,csv,parquet`); --format measures one set only. It prints Markdown tables,
ready to paste, with the ratios and the targets, the machine (CPUs, model, load) and the
command line.

  scripts/compare.py [--bin PATH] [--seed FILE] [--copies N] [--runs N] [--tmp DIR]
                     [--format LIST]

--tmp chooses where the copies and the output go (default: the system temporary folder);
creating files costs very different amounts on different file systems (see README).
"""

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PYTHON_NFKC = """
import sys, unicodedata
from pathlib import Path
for p in sorted(Path(sys.argv[1]).iterdir()):
    unicodedata.normalize('NFKC', p.read_bytes().decode('utf-8'))
"""

TARGET_VS_PYTHON = 10.0  # batch at least this many times faster than Python's NFKC pass
TARGET_J2_VS_J1 = 1.6  # -j 2 at least this many times faster than -j 1
TARGET_RSS_MIB = 150.0  # peak resident memory of the batch


def run_child(cmd):
    """Runs cmd; returns its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"compare: {' '.join(map(str, cmd))} failed:\n{done.stderr.decode()}")
    return wall


def peak_rss_mib(cmd):
    """Peak RSS of cmd in MiB. RUSAGE_CHILDREN's ru_maxrss is the largest of all children so
    far (KiB on Linux), so cmd runs under a fresh Python whose only child it is."""
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "if r.returncode: sys.exit(r.returncode)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *map(str, cmd)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024.0


def best_of(runs, cmd, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(run_child(cmd))
    return min(times)


def machine():
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, {model}, {platform.system()} {platform.release()}; load average {load}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/mokuhyo"))
    ap.add_argument("--seed", default=str(ROOT / "seeds/000_1e9e9e477dd5dd5a.txt"))
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tmp", default=None, help="where the copies and the output go")
    ap.add_argument("--format", default=None, help="measure only this batch --format (default: json, then all four)")
    args = ap.parse_args()

    binary = Path(args.bin)
    if not binary.is_file():
        sys.exit(f"compare: {binary} not found; build it with `cargo build --release`")
    seed = Path(args.seed).read_bytes()

    work = Path(tempfile.mkdtemp(prefix="mokuhyo-compare-", dir=args.tmp))
    try:
        inputs = work / "in"
        inputs.mkdir()
        for i in range(1, args.copies + 1):
            (inputs / f"r{i}.txt").write_bytes(seed)
        out = work / "out"

        def clean():
            shutil.rmtree(out, ignore_errors=True)

        formats = [args.format] if args.format else ["json", "json,ndjson,csv,parquet"]
        batch = lambda j, f: [binary, "batch", inputs, "-o", out, "-j", str(j), "-q", "--format", f]

        py = best_of(args.runs, [sys.executable, "-c", PYTHON_NFKC, inputs])
        results = []
        for f in formats:
            j1 = best_of(args.runs, batch(1, f), clean)
            j2 = best_of(args.runs, batch(2, f), clean)
            clean()
            rss = peak_rss_mib(batch(2, f))
            clean()
            results.append((f, j1, j2, rss))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mb = len(seed) * args.copies / 1e6
    ok = lambda b: "met" if b else "**not met**"
    row = lambda *cells: print("| " + " | ".join(cells) + " |")
    print(f"{args.copies} copies of `{Path(args.seed).name}` ({mb:.1f} MB), "
          f"best of {args.runs} runs; files in {work.parent}\n")
    row("run", "wall time", "MB/s", "speed vs Python")
    row("---", "---:", "---:", "---:")
    row("Python `unicodedata.normalize('NFKC')` alone", f"{py * 1000:.0f} ms", f"{mb / py:.1f}",
        "1.00×")
    for f, j1, j2, _ in results:
        for j, t in ((1, j1), (2, j2)):
            row(f"`mokuhyo batch -j {j} --format {f}`", f"{t * 1000:.0f} ms", f"{mb / t:.1f}",
                f"{py / t:.2f}×")
    print()
    row("check", "formats", "measured", "target", "")
    row("---", "---", "---:", "---:", "---")
    for f, j1, j2, rss in results:
        row("batch `-j 2` vs Python", f, f"{py / j2:.2f}×", f"≥ {TARGET_VS_PYTHON:.0f}×",
            ok(py / j2 >= TARGET_VS_PYTHON))
        row("`-j 2` vs `-j 1`", f, f"{j1 / j2:.2f}×", f"≥ {TARGET_J2_VS_J1}×",
            ok(j1 / j2 >= TARGET_J2_VS_J1))
        row("peak RSS, `batch -j 2`", f, f"{rss:.1f} MiB", f"≤ {TARGET_RSS_MIB:.0f} MiB",
            ok(rss <= TARGET_RSS_MIB))
    print()
    print(f"Machine: {machine()}.")
    command = " ".join(["scripts/compare.py", *sys.argv[1:]])
    print(f"Command: `{command}`")


if __name__ == "__main__":
    main()
