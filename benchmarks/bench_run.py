"""Benchmark: build the catalogue's reports with ``evalkit run --force`` against papermill + nbconvert by hand.

Both sides build every entry of data/catalog.csv (7 reports) from the same notebooks with the same
parameters, two at a time (two lanes, as ``evalkit run`` uses two job slots on a 2-core machine), and
each measurement is one command under ``/usr/bin/time -v`` (wall clock; CPU time of all its processes;
peak resident memory of the largest process):

1. baseline, by hand: per entry ``papermill NOTEBOOK OUT.ipynb -f PARAMS -k python3 --cwd notebooks/``,
   then ``jupyter nbconvert --to html --no-input OUT.ipynb`` — each a fresh process, so a fresh
   kernel per report, as a hand-written script or Makefile would do;
2. ``evalkit run --force --jobs J`` into a temporary outputs folder: warm kernels, one per job slot.

The two alternate, ``--repeat`` times each (default 3), after one ``evalkit run`` that is not counted
(it fills the font-subset cache ``.cache/fonts`` as any first run does; a ``--force`` rebuild finds it
filled). Prints every run, then the min and median of each. Targets (issue: warm kernels in the
runner): ``evalkit run --force`` in at most 15 s (median) and at least 3x faster than the baseline
(median against median); exits 1 when one is missed.

    python benchmarks/bench_run.py [--repeat 3] [--jobs 2]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TARGET_SECONDS = 15.0
TARGET_SPEEDUP = 3.0

# The baseline's driver: runs each job (papermill, then nbconvert) in LANES lanes; exits 1 on any failure.
BY_HAND = """
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
jobs, lanes = json.loads(sys.argv[1]), int(sys.argv[2])

def build(job):
    for command in job:
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            return f"{' '.join(command[:2])}: exit {done.returncode}\\n{done.stderr[-2000:]}"
    return ""

with ThreadPoolExecutor(lanes) as pool:
    failures = [f for f in pool.map(build, jobs) if f]
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""


def measure(command: list[str]) -> dict[str, object]:
    """Run ``command`` under /usr/bin/time -v; wall seconds, CPU seconds (user + system, its processes
    included), peak MiB and output. A failure stops the benchmark."""
    proc = subprocess.run(["/usr/bin/time", "-v", *command], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed: {' '.join(command[:4])} …\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)
    if wall is None or rss is None or len(cpu) != 2:
        raise SystemExit(f"no figures from /usr/bin/time:\n{proc.stderr[-2000:]}")
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return {"wall": seconds, "cpu": sum(map(float, cpu)), "mib": int(rss.group(1)) / 1024, "out": proc.stdout.strip()}


def baseline_jobs(folder: Path) -> list[list[list[str]]]:
    """Per catalogue entry: the papermill and nbconvert commands, with the runner's own parameters."""
    from evalkit.project import CATALOG
    from evalkit.runner.catalog import load_catalog
    from evalkit.runner.provenance import entry_parameters

    jobs = []
    for entry in load_catalog(CATALOG):
        params = folder / f"{entry.entry}.params.json"  # JSON is YAML: what papermill -f reads
        params.write_text(json.dumps(entry_parameters(entry, CATALOG), ensure_ascii=False), encoding="utf-8")
        executed = folder / f"{entry.entry}.ipynb"
        jobs.append([[str(BIN / "papermill"), str(entry.notebook_path), str(executed), "-f", str(params),
                      "-k", "python3", "--cwd", str(entry.notebook_path.parent), "--no-progress-bar"],
                     [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--log-level", "WARN",
                      str(executed)]])
    return jobs


def evalkit_run(outputs: Path, jobs: int, expected: int) -> dict[str, object]:
    """``evalkit run --force`` into an empty ``outputs``; it must build ``expected`` reports."""
    shutil.rmtree(outputs, ignore_errors=True)
    result = measure([str(BIN / "evalkit"), "run", "--force", "--jobs", str(jobs), "--quiet", "--outputs", str(outputs)])
    reports = [p for p in outputs.glob("*/*/*.html") if not p.name.endswith(".error.html")]
    if len(reports) != expected:
        raise SystemExit(f"evalkit run built {len(reports)} reports, expected {expected}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="measured runs of each side (at least 3 for the targets)")
    parser.add_argument("--jobs", type=int, default=2, help="reports at once, both sides")
    args = parser.parse_args()
    subprocess.run([str(BIN / "evalkit"), "samples"], cwd=ROOT, check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="bench_run.") as tmp:
        work = Path(tmp)
        by_hand = work / "by-hand"
        by_hand.mkdir()
        jobs = baseline_jobs(by_hand)
        print(f"{len(jobs)} catalogue reports, {args.jobs} at a time; each figure: wall clock under /usr/bin/time -v")
        first = evalkit_run(work / "outputs", args.jobs, len(jobs))
        print(f"   evalkit run --force, not counted (fills .cache/fonts if empty): {first['wall']:.2f} s")
        base, ours = [], []
        for i in range(args.repeat):
            for path in by_hand.glob("*.ipynb"):
                path.unlink()
            b = measure([sys.executable, "-c", BY_HAND, json.dumps(jobs), str(args.jobs)])
            base.append(b["wall"])
            print(f"{i + 1}. papermill + nbconvert --no-input: {b['wall']:6.2f} s, CPU {b['cpu']:6.1f} s, "
                  f"{b['mib']:4.0f} MiB peak")
            o = evalkit_run(work / "outputs", args.jobs, len(jobs))
            ours.append(o["wall"])
            print(f"{i + 1}. evalkit run --force:              {o['wall']:6.2f} s, CPU {o['cpu']:6.1f} s, "
                  f"{o['mib']:4.0f} MiB peak  ({o['out'].splitlines()[0]})")
    med_base, med_ours = statistics.median(base), statistics.median(ours)
    speedup = med_base / med_ours
    print(f"\npapermill + nbconvert by hand: min {min(base):.2f} s, median {med_base:.2f} s  ({args.repeat} runs)")
    print(f"evalkit run --force:           min {min(ours):.2f} s, median {med_ours:.2f} s  ({args.repeat} runs)")
    checks = [(f"evalkit run --force {med_ours:.2f} s (median) <= {TARGET_SECONDS:g} s", med_ours <= TARGET_SECONDS),
              (f"{speedup:.1f}x faster than papermill + nbconvert (median / median) >= {TARGET_SPEEDUP:g}x",
               speedup >= TARGET_SPEEDUP)]
    for name, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    if args.repeat < 3:
        print("  (fewer than 3 runs: figures printed, targets not judged)")
    elif not all(ok for _, ok in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
