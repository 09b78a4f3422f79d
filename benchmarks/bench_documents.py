"""Benchmark: reading a ~20-page PDF report (read_document) in a fresh process.

The report is seed 004's text and tables (transcriptions from data/lusong-2023) repeated until the
printed PDF has at least 20 pages, printed by headless Chromium into benchmarks/_data/ (reused when
present). Each run is its own process under ``/usr/bin/time -v`` (wall clock and peak memory,
imports included); the figures are the min and median of ``--runs``. Target: ≤ 3 s for 20 pages.

    python benchmarks/bench_documents.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "_data"
sys.path.insert(0, str(ROOT))

from evalkit.browser import Printer, pdf_pages  # noqa: E402
from evalkit.testing.documents import Report, seed_report, write_pdf  # noqa: E402

BOOKS = ["基础数据表.xlsx", "整体支出绩效自评表.xlsx", "正文支出数据.xlsx"]
READ = "import sys; from evalkit.io.document import read_document; d = read_document(sys.argv[1]); print(len(d.grids))"


def make_pdf(pages: int = 20) -> Path:
    out = DATA / "report_20pages.pdf"
    if out.exists() and pdf_pages(out.read_bytes()) >= pages:
        return out
    DATA.mkdir(exist_ok=True)
    seed = seed_report(next((ROOT / "data" / "seeds").glob("004_*.txt")), [ROOT / "data" / "lusong-2023" / b for b in BOOKS])
    with Printer() as printer:
        for copies in range(2, 20):
            write_pdf(Report("bench", seed.parts * copies), out, printer)
            if pdf_pages(out.read_bytes()) >= pages:
                break
    return out


def run(pdf: Path) -> tuple[float, float]:
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", READ, str(pdf)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+(?:\.\d+)?)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert wall and rss
    return int(wall.group(1) or 0) * 60 + float(wall.group(2)), int(rss.group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdf = make_pdf()
    pages = pdf_pages(pdf.read_bytes())
    results = [run(pdf) for _ in range(args.runs)]
    walls = [w for w, _ in results]
    print(f"read_document on a {pages}-page PDF ({pdf.stat().st_size / 1024:.0f} KB), {args.runs} runs: "
          f"min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, "
          f"peak {max(m for _, m in results):.0f} MB (target ≤ 3 s)")


if __name__ == "__main__":
    main()
