"""Benchmark: spot-check a folder of self-evaluation workbooks; prints tables per second.

Generates N workbooks (default 500) cycling through the layout variants of evalkit.formgen
into benchmarks/_data/forms/ (git-ignored), then times ``check_paths`` over the folder.
Target (issue 3): at least 20 tables per second on a 2-core machine.

    python benchmarks/bench_check.py [--count 500]
"""

from __future__ import annotations

import argparse
import shutil
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
    args = parser.parse_args()
    folder = HERE / "_data" / "forms"
    t0 = time.perf_counter()
    generate(folder, args.count)
    t1 = time.perf_counter()
    report = check_paths([folder])
    t2 = time.perf_counter()
    tables = len(report.documents)
    rate = tables / (t2 - t1)
    print(f"generated {args.count} workbooks in {t1 - t0:.1f} s")
    print(f"checked {tables} tables ({len(report.findings)} findings, {len(report.unreadable)} unreadable) "
          f"in {t2 - t1:.2f} s: {rate:.1f} tables/s (target >= 20)")
    if tables != args.count or report.unreadable:
        raise SystemExit("not every generated workbook was read")


if __name__ == "__main__":
    main()
