"""Benchmark: load and aggregate a large case export (CSV, xlsx, Parquet cache) against openpyxl.

Generates a synthetic export of N cases (default 1,000,000; evalkit.casegen) as CSV and xlsx
into benchmarks/_data/ (git-ignored; reused when present), then runs each measurement in its
own process under ``/usr/bin/time -v`` (wall clock and peak resident memory, imports included):

1. CSV load + full aggregation (no cache)        target < 10 s and < 2 GB
2. xlsx load + full aggregation (calamine)       target >= 5x faster than 3.
3. xlsx read with openpyxl (read-only rows)      the naive baseline, same file, same run
4. repeated load through the Parquet cache       target < 2 s (load); the cache is filled first

    python benchmarks/bench_cases.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "_data"

ASSESS = """
import sys, time
t0 = time.perf_counter()
from evalkit.cases.reader import read_cases
from evalkit.cases.assess import assess_cases
cache = sys.argv[2] if sys.argv[2] != "-" else False
table = read_cases(sys.argv[1], cache=cache)
t1 = time.perf_counter()
stats = assess_cases(table)
t2 = time.perf_counter()
print(f"load {t1 - t0:.2f} s, aggregate {t2 - t1:.2f} s, from cache {table.from_cache}, "
      f"{len(stats.units)} unit-months; {stats.summary()}")
"""
OPENPYXL = """
import sys, time
t0 = time.perf_counter()
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = list(book.worksheets[0].iter_rows(values_only=True))
print(f"read {len(rows) - 1} rows with openpyxl in {time.perf_counter() - t0:.2f} s")
"""


def measure(script: str, *args: str) -> dict[str, object]:
    """Run ``script`` in a fresh interpreter under /usr/bin/time -v; wall seconds, peak MiB, output."""
    cmd = ["/usr/bin/time", "-v", sys.executable, "-c", script, *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed:\n{proc.stdout}\n{proc.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return {"wall": seconds, "mib": int(rss.group(1)) / 1024, "out": proc.stdout.strip()}


def generate(rows: int) -> tuple[Path, Path]:
    from evalkit.testing.casegen import generate_cases, write_export

    csv, xlsx = DATA / f"cases_{rows}.csv", DATA / f"cases_{rows}.xlsx"
    if csv.exists() and xlsx.exists():
        print(f"reusing {csv.name} and {xlsx.name}")
        return csv, xlsx
    t0 = time.perf_counter()
    frame = generate_cases(rows, year=2020, seed=1)
    write_export(frame, csv)
    write_export(frame, xlsx)
    print(f"generated {rows:,} cases as CSV ({csv.stat().st_size / 2**20:.0f} MiB) and xlsx "
          f"({xlsx.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t0:.1f} s")
    return csv, xlsx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="cases in the generated export")
    args = parser.parse_args()
    csv, xlsx = generate(args.rows)
    cache = DATA / "cache"
    shutil.rmtree(cache, ignore_errors=True)

    r_csv = measure(ASSESS, str(csv), "-")
    print(f"1. CSV  load + aggregate: {r_csv['wall']:.2f} s wall, {r_csv['mib']:.0f} MiB peak  ({r_csv['out']})")
    r_xlsx = measure(ASSESS, str(xlsx), "-")
    print(f"2. xlsx load + aggregate: {r_xlsx['wall']:.2f} s wall, {r_xlsx['mib']:.0f} MiB peak  ({r_xlsx['out']})")
    r_base = measure(OPENPYXL, str(xlsx))
    print(f"3. openpyxl read only:    {r_base['wall']:.2f} s wall, {r_base['mib']:.0f} MiB peak  ({r_base['out']})")
    measure(ASSESS, str(csv), str(cache))  # fills the cache
    r_cache = measure(ASSESS, str(csv), str(cache))
    load = float(re.search(r"load ([\d.]+) s", str(r_cache["out"])).group(1))
    print(f"4. cached load:           {load:.2f} s load, {r_cache['wall']:.2f} s wall with aggregation, "
          f"{r_cache['mib']:.0f} MiB peak  ({r_cache['out']})")

    speedup = r_base["wall"] / r_xlsx["wall"]
    checks = [("CSV load + aggregate < 10 s", r_csv["wall"] < 10),
              ("CSV peak memory < 2 GB", r_csv["mib"] < 2048),
              (f"xlsx {speedup:.1f}x faster than openpyxl (>= 5x)", speedup >= 5),
              ("cached load < 2 s", load < 2)]
    print(f"\nresults for {args.rows:,} cases (the targets are set for 1,000,000; at small sizes start-up dominates):")
    for name, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    if args.rows >= 1_000_000 and not all(ok for _, ok in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
