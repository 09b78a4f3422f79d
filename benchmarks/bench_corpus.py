"""Benchmark: real published self-evaluation tables (tests/corpus/) read and checked.

Builds every transcription into benchmarks/_data/corpus/ (git-ignored), spot-checks each file
as ``evalkit check`` does and prints: tables read / all, the must-flag cells flagged, the clean
cells wrongly given an error, silent non-reads (a file read with nothing checked), and, table by
table, what was not read and why. Targets (issue 10): ≥ 95% of tables read, every must-flag cell
flagged, no error on a clean cell, no silent non-read.

    python benchmarks/bench_corpus.py [--verbose]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "corpus"))

import build  # noqa: E402  (the corpus transcriptions and their evaluation)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per table")
    args = parser.parse_args()
    folder = HERE / "_data" / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    items = build.transcriptions()
    outcomes = build.evaluate(items, folder)
    read = [o for o in outcomes if o.read]
    flags = sum(len(o.flagged) + len(o.missed) for o in outcomes)
    flagged = sum(len(o.flagged) for o in outcomes)
    clean = sum(len(o.transcription.clean) for o in outcomes)
    false_errors = [(o.transcription.stem, c) for o in outcomes for c in o.false_errors]
    silent = [o.transcription.stem for o in outcomes if not o.read and not o.error]
    provinces = sorted({o.transcription.province for o in outcomes})
    years = sorted({o.transcription.year for o in outcomes})
    seconds = sum(o.seconds for o in outcomes)
    print(f"corpus: {len(items)} tables, {len(provinces)} provinces, years {years[0]}–{years[-1]}")
    print(f"tables read: {len(read)}/{len(items)} ({len(read) / len(items):.0%}; target ≥ 95%)")
    print(f"must-flag cells flagged: {flagged}/{flags}")
    print(f"clean cells given an error: {len(false_errors)} of {clean} (target 0) {false_errors or ''}")
    print(f"silent non-reads: {len(silent)} (target 0) {silent or ''}")
    print(f"check time: {seconds:.2f} s in all, {len(items) / seconds:.1f} tables/s")
    for o in outcomes:
        if not o.read:
            print(f"  not read: {o.transcription.filename}: {o.error}")
        elif o.missed:
            print(f"  missed: {o.transcription.filename}: {o.missed}")
        elif args.verbose:
            print(f"  ok: {o.transcription.filename}: {len(o.flagged)} flagged")


if __name__ == "__main__":
    main()
