"""Benchmark: the figures the five seed reports state in their prose — precision and recall of
:mod:`evalkit.prose.claims` per kind against the hand labels of tests/prose/seed_claims.toml,
what the matcher makes of them against the seeds' tables (一致 / 不一致 / 未能对照) and the
findings per seed, and the time taken.

The labels were written on the same five texts the extractor was built on: the figures say how
completely it covers them, not how it generalises to unseen reports.

    python benchmarks/bench_claims.py
"""

from __future__ import annotations

import time
import tomllib
from collections import Counter
from pathlib import Path

from evalkit.department.quantities import quantities_of
from evalkit.department.workbooks import read_paths
from evalkit.project import DATA
from evalkit.prose.check import check_prose
from evalkit.prose.claims import KINDS, extract_claims
from evalkit.prose.plain import read_plain

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "prose" / "seed_claims.toml"
FOLDERS = {"000": "yiyang-2022", "001": "zhongfang-2020", "002": "duji-2024", "003": "zhuzhou-2019",
           "004": "lusong-2023"}


def main() -> None:
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))["seeds"]
    found, labelled = Counter(), Counter()
    started = time.perf_counter()
    checks = {}
    for seed, folder in FOLDERS.items():
        paragraphs = read_plain(next((DATA / "seeds").glob(f"{seed}_*.txt")))
        found.update((seed, c.where, c.kind, c.text) for c in extract_claims(paragraphs))
        labelled.update((seed, where, kind, text) for where, kind, text in labels[seed]["claims"])
        read, _ = read_paths([DATA / folder])
        quantities = quantities_of([f for r in read for f in r.forms], [t for r in read for t in r.tables])
        checks[seed] = check_prose(paragraphs, quantities, f"{seed}.txt")
    elapsed = time.perf_counter() - started
    print(f"{'kind':8} {'labelled':>8} {'found':>6} {'right':>6} {'precision':>10} {'recall':>8}")
    for kind in (*KINDS, "all"):
        f = Counter({k: n for k, n in found.items() if kind in ("all", k[2])})
        t = Counter({k: n for k, n in labelled.items() if kind in ("all", k[2])})
        hits = sum((f & t).values())
        precision = hits / sum(f.values()) if f else 1.0
        recall = hits / sum(t.values()) if t else 1.0
        print(f"{kind:8} {sum(t.values()):8} {sum(f.values()):6} {hits:6} {precision:10.1%} {recall:8.1%}")
    for k in sorted((labelled - found) + (found - labelled)):
        print("  missed" if k in labelled else "  extra ", *k)
    print()
    for seed, check in checks.items():
        rules = Counter(f.rule for f in check.findings)
        print(f"seed {seed}: {len(check.matches)} claims, {check.counts()}, findings {dict(rules)}")
        for f in check.findings:
            print(f"    {f.rule} {f.cell}: {f.message[:110]}")
    print(f"\nread, extracted and matched the five seeds in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
