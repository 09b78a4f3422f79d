"""Benchmark: spot-check a folder of self-evaluation workbooks; prints tables per second.

Generates N workbooks (default 500) cycling through the layout variants of evalkit.formgen
into benchmarks/_data/forms/ (git-ignored), then times ``check_paths`` over the folder several
times (both cores are used for many files) and prints each rate, the min and median, and the
peak memory of the process and its workers. Target (issues 10 and 12): at least 100 workbooks
per second on a 2-core machine, at most 500 MB.

    python benchmarks/bench_check.py [--count 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import time
from pathlib import Path

from evalkit.department.workbooks import check_paths
from evalkit.testing.formgen import VARIANTS, write_form

HERE = Path(__file__).resolve().parent


def generate(folder: Path, count: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    quirks = list(VARIANTS.values())
    for i in range(count):
        write_form(folder / f"form_{i:04d}.xlsx", **quirks[i % len(quirks)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = HERE / "_data" / "forms"
    t0 = time.perf_counter()
    generate(folder, args.count)
    print(f"generated {args.count} workbooks in {time.perf_counter() - t0:.1f} s")
    rates = []
    for _ in range(args.repeat):
        t1 = time.perf_counter()
        report = check_paths([folder])
        seconds = time.perf_counter() - t1
        tables = len(report.documents)
        if tables != args.count or report.unreadable:
            raise SystemExit("not every generated workbook was read")
        rates.append(tables / seconds)
        print(f"checked {tables} workbooks ({len(report.findings)} findings) in {seconds:.2f} s: "
              f"{rates[-1]:.1f} workbooks/s")
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"workbooks/s: min {min(rates):.1f}, median {statistics.median(rates):.1f} (target >= 100); "
          f"peak memory {peak / 1024:.0f} MB per process (target <= 500)")


if __name__ == "__main__":
    main()
