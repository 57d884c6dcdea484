#!/usr/bin/env python3
"""Time `mokuhyo batch -j 1` on PDFs against poppler's `pdftotext -bbox-layout` and against
pdfplumber's table extraction, on the same files, in one run.

    scripts/compare_pdf.py [--bin PATH] [--copies N] [--runs N]

Give it the release binary (default target/release/mokuhyo; `cargo build --release` first).
It copies every PDF in corpus/pdf/ N times (default 5) into a temporary folder, then times,
each as the best of --runs (default 3):

  mokuhyo     mokuhyo batch DIR -o OUT -j 1 -q --format json  (structure, validated JSON)
  pdftotext   pdftotext -bbox-layout FILE OUT, one process per file (text and boxes only,
              no structure; Debian's poppler-utils)
  pdfplumber  one Python process: pdfplumber.open(FILE), page.extract_tables() on every page
              (tables only, no structure; PyPI)

and prints a Markdown table with pages per second and the ratios.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLUMBER = """
import sys, pdfplumber
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_tables()
"""


def best(runs, fn):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/mokuhyo"))
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sources = sorted((ROOT / "corpus/pdf").glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "in"
        src.mkdir()
        files = []
        for i in range(args.copies):
            for s in sources:
                dst = src / f"{i:03d}_{s.name}"
                shutil.copy(s, dst)
                files.append(dst)
        pages = sum(pages_of(s) for s in sources) * args.copies
        out = tmp / "out"

        def mokuhyo():
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([args.bin, "batch", str(src), "-o", str(out), "-j", "1", "-q",
                            "--format", "json"], check=True)

        def pdftotext():
            for f in files:
                subprocess.run(["pdftotext", "-bbox-layout", str(f), str(tmp / "t.html")],
                               check=True)

        def plumber():
            subprocess.run([sys.executable, "-c", PLUMBER, *map(str, files)], check=True)

        t_m = best(args.runs, mokuhyo)
        t_p = best(args.runs, pdftotext)
        t_pl = best(max(1, args.runs - 2), plumber)
    print(f"{len(files)} PDFs, {pages} pages ({args.copies} copies of corpus/pdf/), best of {args.runs}; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}\n")
    print("| tool | what it gives | s | pages/s | mokuhyo is |")
    print("|---|---|---:|---:|---:|")
    print(f"| `mokuhyo batch -j 1 --format json` | validated structure | {t_m:.2f} | {pages / t_m:.0f} | |")
    print(f"| `pdftotext -bbox-layout` | words and boxes | {t_p:.2f} | {pages / t_p:.0f} | {t_p / t_m:.1f}x as fast |")
    print(f"| pdfplumber `extract_tables()` | table cells | {t_pl:.2f} | {pages / t_pl:.0f} | {t_pl / t_m:.1f}x as fast |")


if __name__ == "__main__":
    main()
