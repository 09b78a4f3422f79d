"""Benchmark: case analytics on large exports — evalkit against a plain DuckDB SQL script.

Data is generated, never committed (benchmarks/_data/, git-ignored, reused when present): a 1M-case
export from evalkit.testing.casegen, and bigger ones made from it by DuckDB (each copy's case ids
suffixed, so none repeats). Every measurement runs in its own process under ``/usr/bin/time -v``
(wall clock and peak resident memory, start-up and imports included), ``--runs`` times; the
figures are the min and median.

Default run (targets of the speed issue):

1. 1M-row CSV → JSON (``evalkit cases --format json --no-cache``)   ≤ 2.0 s and ≤ 1.3× the reference
   the reference: a plain DuckDB SQL script computing the same totals, months and unit ranks
2. 10M-row CSV → JSON                                                ≤ 15 s and ≤ 4 GB peak
3. 10M cached reload (the engine's Parquet cache filled first)        ≤ 3 s

``--rows 100000000 --parquet``: the export as 100 Parquet partitions → JSON  ≤ 4 min and ≤ 8 GB.
``--xlsx``: also the 1M export as xlsx, read by evalkit (calamine) and by openpyxl (read-only rows).

    python benchmarks/bench_cases.py [--runs 3] [--rows N --parquet] [--xlsx]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "_data"
BASE_ROWS = 1_000_000

EVALKIT = "import sys; from evalkit.cli import main; sys.exit(main(sys.argv[1:]))"
REFERENCE = r"""
import json, sys, duckdb
fmt = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M']
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
source = sys.argv[1]
rel = (f"read_parquet('{source}/*.parquet')" if source.endswith("/") else f"read_csv('{source}', all_varchar=true)")
con.execute(f'''CREATE TEMP TABLE c AS SELECT "案件编号" AS id, "责任单位" AS unit,
    try_cast(try_strptime(CAST("处置截止时间" AS VARCHAR), {fmt}) AS TIMESTAMP) AS dl,
    try_cast(try_strptime(CAST("延期截止时间" AS VARCHAR), {fmt}) AS TIMESTAMP) AS ext,
    try_cast(try_strptime(CAST("处置完成时间" AS VARCHAR), {fmt}) AS TIMESTAMP) AS done_at,
    "核查结果" AS chk FROM {rel}''')
con.execute('''CREATE TEMP TABLE g AS
    WITH first AS (SELECT id, min(rowid) AS r FROM c GROUP BY id),
    k AS (SELECT c.*, coalesce(ext, dl) AS eff FROM c JOIN first f ON f.id = c.id AND f.r = c.rowid WHERE dl IS NOT NULL)
    SELECT unit, strftime(eff, '%Y-%m') AS month, count(*) AS total,
           count_if(done_at IS NOT NULL AND chk = '通过' AND done_at <= eff) AS on_time,
           count_if(done_at IS NOT NULL AND chk = '通过' AND done_at > eff) AS late
    FROM k GROUP BY ALL''')
def rates(where, keys):
    rows = con.execute(f'''SELECT {keys}, total, on_time + late AS completed, on_time, late,
        (on_time + late) / total AS resolution_rate, on_time / total AS on_time_rate,
        0.55 * (on_time + late) / total + 0.45 * on_time / total AS composite_rate,
        rank() OVER (PARTITION BY month ORDER BY round(0.55 * (on_time + late) / total + 0.45 * on_time / total, 12) DESC) AS rank
        FROM (SELECT {keys}, sum(total) total, sum(on_time) on_time, sum(late) late FROM g WHERE {where} GROUP BY ALL)
        ORDER BY ALL''')
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]
total = con.execute("SELECT sum(total), sum(on_time), sum(late) FROM g").fetchall()[0]
out = {"total": {"total": total[0], "on_time": total[1], "late": total[2]},
       "months": rates("true", "month"), "units": rates("unit IS NOT NULL", "unit, month")}
print(json.dumps(out, ensure_ascii=False, default=str))
"""
OPENPYXL = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1)
"""


def measure(args: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """Run a command under /usr/bin/time -v; wall seconds, peak MiB, stdout."""
    proc = subprocess.run(["/usr/bin/time", "-v", *args], cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed ({' '.join(args[:4])} …):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    assert wall and rss, proc.stderr[-2000:]
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return {"wall": seconds, "mib": int(rss.group(1)) / 1024, "out": proc.stdout}


def repeat(runs: int, args: list[str]) -> tuple[list[float], float, str]:
    """``runs`` measurements: their wall times, the highest peak MiB, the last output."""
    results = [measure(args) for _ in range(runs)]
    return [float(r["wall"]) for r in results], max(float(r["mib"]) for r in results), str(results[-1]["out"])


def alternate(runs: int, first: list[str], second: list[str]) -> tuple[tuple[list[float], float, str], ...]:
    """``runs`` measurements of each command, taken in turn (A B A B …) so that both meet the same
    conditions of this shared machine; for each: wall times, highest peak MiB, last output."""
    results: list[list[dict[str, object]]] = [[], []]
    for _ in range(runs):
        for i, args in enumerate((first, second)):
            results[i].append(measure(args))
    return tuple(([float(r["wall"]) for r in rs], max(float(r["mib"]) for r in rs), str(rs[-1]["out"]))
                 for rs in results)


def figures(walls: list[float]) -> str:
    return f"min {min(walls):.2f} s, median {statistics.median(walls):.2f} s over {len(walls)} runs"


def base_export() -> Path:
    path = DATA / f"cases_{BASE_ROWS}.csv"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from evalkit.testing.casegen import generate_cases, write_export

        t0 = time.perf_counter()
        write_export(generate_cases(BASE_ROWS, year=2020, seed=1), path)
        print(f"generated {BASE_ROWS:,} cases ({path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t0:.1f} s")
    return path


def scaled(rows: int, parquet: bool) -> Path:
    """An export of ``rows`` cases: copies of the base export, ids suffixed; CSV, or 1M-row Parquet partitions."""
    base = base_export()
    if rows == BASE_ROWS and not parquet:
        return base
    import duckdb

    copies = -(-rows // BASE_ROWS)
    target = DATA / (f"cases_{rows}_parts" if parquet else f"cases_{rows}.csv")
    if target.exists():
        return target
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{base}', all_varchar=true)").fetchall()]
    times = {"上报时间", "立案时间", "派遣时间", "处置截止时间", "延期截止时间", "处置完成时间", "结案时间"}

    def columns(k: int, typed: bool) -> str:
        out = []
        for n in names:
            if n == "案件编号":
                out.append(f"\"{n}\" || '-{k:03d}' AS \"{n}\"" if k else f'"{n}"')
            elif typed and n in times:
                out.append(f'CAST("{n}" AS TIMESTAMP) AS "{n}"')
            else:
                out.append(f'"{n}"')
        return ", ".join(out)

    tmp = Path(tempfile.mkdtemp(dir=DATA))
    if parquet:
        for k in range(copies):
            con.execute(f"COPY (SELECT {columns(k, True)} FROM read_csv('{base}', all_varchar=true)) "
                        f"TO '{tmp / f'part-{k:03d}.parquet'}' (FORMAT parquet)")
    else:
        union = " UNION ALL ".join(f"SELECT {columns(k, False)} FROM read_csv('{base}', all_varchar=true)"
                                   for k in range(copies))
        con.execute(f"COPY ({union}) TO '{tmp / 'out.csv'}' (HEADER, DELIMITER ',')")
    if parquet:
        tmp.replace(target)
    else:
        (tmp / "out.csv").replace(target)
        shutil.rmtree(tmp)
    print(f"made {target.name} ({copies} copies of the base export) in {time.perf_counter() - t0:.1f} s")
    return target


def same_figures(ours: str, ref: str) -> bool:
    """evalkit's JSON and the reference's agree on the totals, every month and every unit-month."""
    a, b = json.loads(ours), json.loads(ref)
    if any(a["total"][k] != b["total"][k] for k in ("total", "on_time", "late")):
        return False
    units = {(u["unit"], u["month"]): (u["total"], u["on_time"], u["late"], u["rank"]) for u in a["units"]}
    return units == {(u["unit"], u["month"]): (u["total"], u["on_time"], u["late"], u["rank"]) for u in b["units"]} \
        and [m["total"] for m in a["months"]] == [m["total"] for m in b["months"]]


def cases_cmd(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", EVALKIT, "cases", str(path), "--format", "json", *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="one export of this many cases instead of the default set")
    parser.add_argument("--parquet", action="store_true", help="with --rows: the export as 1M-row Parquet partitions")
    parser.add_argument("--runs", type=int, default=5, help="measurements of each figure (min and median shown)")
    parser.add_argument("--xlsx", action="store_true", help="also read the 1M export as xlsx (calamine vs openpyxl)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    checks: list[tuple[str, bool]] = []

    if args.rows:
        path = scaled(args.rows, args.parquet)
        walls, mib, out = repeat(args.runs, cases_cmd(path, "--no-cache"))
        line = f"{args.rows:,} cases{' (Parquet partitions)' if args.parquet else ''} → JSON: evalkit {figures(walls)}, " \
               f"{mib:.0f} MiB peak"
        if args.rows <= 10 * BASE_ROWS:  # beyond, the in-memory reference script would need most of the machine
            ref_walls, ref_mib, ref = repeat(args.runs, [sys.executable, "-c", REFERENCE,
                                                         f"{path}/" if args.parquet else str(path)])
            line += f"; DuckDB reference {figures(ref_walls)}, {ref_mib:.0f} MiB"
            checks += [("same figures as the reference", same_figures(out, ref))]
        else:
            data = json.loads(out)
            checks += [("every case counted", data["total"]["total"] == args.rows)]
        print(line)
        if args.parquet and args.rows >= 100_000_000:
            checks += [("≤ 4 min", statistics.median(walls) <= 240), ("≤ 8 GB peak", mib <= 8192)]
    else:
        one = scaled(BASE_ROWS, False)
        (walls, mib, out), (ref_walls, ref_mib, ref) = alternate(
            args.runs, cases_cmd(one, "--no-cache"), [sys.executable, "-c", REFERENCE, str(one)])
        ratio = statistics.median(walls) / statistics.median(ref_walls)
        print(f"1. 1M CSV → JSON: evalkit {figures(walls)}, {mib:.0f} MiB peak")
        print(f"   DuckDB SQL reference (runs alternating with evalkit's): {figures(ref_walls)}, {ref_mib:.0f} MiB "
              f"peak; ratio of medians {ratio:.2f}, of minima {min(walls) / min(ref_walls):.2f}")
        checks += [("1M: same figures as the reference", same_figures(out, ref)),
                   ("1M: ≤ 2.0 s", statistics.median(walls) <= 2.0), (f"1M: {ratio:.2f}× the reference (≤ 1.3×)",
                                                                       ratio <= 1.3)]
        ten = scaled(10 * BASE_ROWS, False)
        walls, mib, _ = repeat(args.runs, cases_cmd(ten, "--no-cache"))
        print(f"2. 10M CSV → JSON: {figures(walls)}, {mib:.0f} MiB peak")
        checks += [("10M: ≤ 15 s", statistics.median(walls) <= 15), ("10M: ≤ 4 GB peak", mib <= 4096)]
        with tempfile.TemporaryDirectory(dir=DATA) as home:
            env_args = ["env", f"EVALKIT_HOME={home}"]  # the cache goes to home/.cache
            measure([*env_args, *cases_cmd(ten)])  # fills the cache
            walls, mib, _ = repeat(args.runs, [*env_args, *cases_cmd(ten)])
        print(f"3. 10M cached reload → JSON: {figures(walls)}, {mib:.0f} MiB peak")
        checks += [("10M cached: ≤ 3 s", statistics.median(walls) <= 3)]
        if args.xlsx:
            sys.path.insert(0, str(ROOT))
            from evalkit.testing.casegen import generate_cases, write_export

            xlsx = DATA / f"cases_{BASE_ROWS}.xlsx"
            if not xlsx.exists():
                write_export(generate_cases(BASE_ROWS, year=2020, seed=1), xlsx)
            walls, mib, _ = repeat(args.runs, cases_cmd(xlsx, "--no-cache"))
            base_walls, _, _ = repeat(args.runs, [sys.executable, "-c", OPENPYXL, str(xlsx)])
            print(f"4. 1M xlsx → JSON: {figures(walls)}, {mib:.0f} MiB; openpyxl read only: {figures(base_walls)}")

    print("\nresults:")
    for name, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    if not all(ok for _, ok in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
