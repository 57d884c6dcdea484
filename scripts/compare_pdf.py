#!/usr/bin/env python3
"""Time `mokuhyo batch -j 1` on PDFs against poppler's `pdftotext -bbox-layout` and against
pdfplumber's table extraction, on the same files, in one run.

    scripts/compare_pdf.py [--bin PATH] [--copies N] [--runs N] [--generated SECTIONS]

Give it the release binary (default target/release/mokuhyo; `cargo build --release` first).
It copies every PDF in corpus/pdf/ N times (default 5) into a temporary folder, then times,
each as the best of --runs (default 3), the tools taking turns run by run (A B C A B C …) so
that a machine whose speed drifts favours none of them:

  mokuhyo     mokuhyo batch DIR -o OUT -j 1 -q --format json  (structure, validated JSON)
  pdftotext   pdftotext -bbox-layout FILE OUT, one process per file (text and boxes only,
              no structure; Debian's poppler-utils)
  pdfplumber  one Python process: pdfplumber.open(FILE), page.extract_tables() on every page
              (tables only, no structure; PyPI)

and prints a Markdown table with pages per second and the ratios.

With --generated SECTIONS it then does the same on one generated PDF of that many goal
sections (about 9 to an A4 page; `cargo build --release --example gen_pdf` first): one long
document instead of many short ones.
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


def compare(args, sources, copies, label):
    """Times the three tools on `copies` copies of `sources` and prints the table."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "in"
        src.mkdir()
        files = []
        for i in range(copies):
            for s in sources:
                dst = src / f"{i:03d}_{s.name}"
                shutil.copy(s, dst)
                files.append(dst)
        pages = sum(pages_of(s) for s in sources) * copies
        out = tmp / "out"

        def mokuhyo():
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([args.bin, "batch", str(src), "-o", str(out), "-j", "1", "-q",
                            "--format", "json"], check=True)

        def pdftotext():
            for f in files:
                subprocess.run(["pdftotext", "-bbox-layout", str(f), str(tmp / "t.html")],
                               check=True, stderr=subprocess.DEVNULL)

        def plumber():
            subprocess.run([sys.executable, "-c", PLUMBER, *map(str, files)], check=True,
                           stderr=subprocess.DEVNULL)

        times = {"m": [], "p": [], "pl": []}
        for run in range(args.runs):
            for key, fn in (("m", mokuhyo), ("p", pdftotext), ("pl", plumber)):
                # pdfplumber is slow: it runs at most twice.
                if key == "pl" and run >= 2:
                    continue
                t = time.perf_counter()
                fn()
                times[key].append(time.perf_counter() - t)
        t_m, t_p, t_pl = (min(times[k]) for k in ("m", "p", "pl"))
    print(f"{label}: {len(files)} PDFs, {pages} pages, best of {args.runs}; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}\n")
    print("| tool | what it gives | s | pages/s | mokuhyo is |")
    print("|---|---|---:|---:|---:|")
    print(f"| `mokuhyo batch -j 1 --format json` | validated structure | {t_m:.2f} | {pages / t_m:.0f} | |")
    print(f"| `pdftotext -bbox-layout` | words and boxes | {t_p:.2f} | {pages / t_p:.0f} | {t_p / t_m:.1f}x as fast |")
    print(f"| pdfplumber `extract_tables()` | table cells | {t_pl:.2f} | {pages / t_pl:.0f} | {t_pl / t_m:.1f}x as fast |")
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/mokuhyo"))
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--generated", type=int, default=0, metavar="SECTIONS")
    args = ap.parse_args()
    sources = sorted((ROOT / "corpus/pdf").glob("*.pdf"))
    compare(args, sources, args.copies, f"corpus/pdf/ x {args.copies}")
    if args.generated:
        gen = ROOT / "target/release/examples/gen_pdf"
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "generated.pdf"
            subprocess.run([str(gen), str(args.generated), str(pdf)], check=True)
            compare(args, [pdf], 1, f"generated, {args.generated} sections")


if __name__ == "__main__":
    main()
