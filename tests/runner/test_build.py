"""The runner: reports, failures, skipping unchanged entries, provenance, timeouts, cron."""

import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from evalkit import __version__
from evalkit.browser import Printer, find_chromium
from evalkit.cli import main
from evalkit.errors import EvalkitError
from evalkit.runner.build import RunResult, _lock, print_report, run_all, run_entry, summary
from evalkit.runner.catalog import load_catalog
from evalkit.runner.pages import entry_files, read_manifest
from evalkit.runner.provenance import sha256_file

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
HEADER = "entry,year,department_id,department,notebook,inputs,title\n"

# A small report notebook: reads a CSV of amounts, shows a table and a chart (Chinese text).
OK_CELLS = [
    'inputs: list[str] = []  # CSV files\ntitle: str = "测试报告"  # report title',
    "import pandas as pd\nimport evalkit as ek\n\nek.reports.setup()\n"
    "frame = pd.read_csv(inputs[0])\nek.reports.heading(title, f\"共 {len(frame)} 个项目\")",
    'frame.assign(金额=frame["金额"].map(ek.reports.money))',
    'fig = ek.charts.new_figure(6, 3)\nax = fig.subplots()\nax.bar(frame["项目"], frame["金额"])\n'
    'ax.set_title("各项目金额（万元）")\nfig',
]


def make_notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A catalogue of three entries: one good, one whose notebook raises, one that hangs."""
    root = tmp_path_factory.mktemp("project")
    ok = make_notebook(root / "ok.ipynb", OK_CELLS)
    bad = make_notebook(root / "bad.ipynb", ['inputs: list[str] = []\ntitle: str = ""',
                                             'raise ValueError("第 3 行金额无法解析")'])
    hang = make_notebook(root / "hang.ipynb", ['inputs: list[str] = []\ntitle: str = ""',
                                               "import time\ntime.sleep(600)"])
    data = root / "amounts.csv"
    data.write_text("项目,金额\n协管员经费,701.8\n设备购置,35.25\n", encoding="utf-8")
    rows = [("good", ok, "2022", "dept-a", "甲部门", "2022年度甲部门测试报告"),
            ("broken", bad, "2022", "dept-b", "乙部门", "2022年度乙部门测试报告"),
            ("hung", hang, "2023", "dept-c", "丙部门", "2023年度丙部门测试报告")]
    catalog = root / "catalog.csv"
    catalog.write_text(HEADER + "".join(f"{e},{y},{d},{n},{nb},{data},{t}\n" for e, nb, y, d, n, t in rows),
                       encoding="utf-8")
    return root, catalog, data


@pytest.fixture(scope="module")
def first_run(project, tmp_path_factory):
    root, catalog, data = project
    out = tmp_path_factory.mktemp("outputs")
    lines = []
    start = time.monotonic()
    results = run_all(["good", "broken"], outputs=out, catalog=catalog, jobs=2, timeout=120,
                      progress=lambda r, done, total: lines.append((r.entry.entry, done, total)))
    return out, {r.entry.entry: r for r in results}, lines, time.monotonic() - start


def test_seed_report_is_built_offline_and_holds_the_seed_figures(tmp_path):
    entry = next(e for e in load_catalog() if e.entry == "yiyang-2022-xieguanyuan")
    result = run_entry(entry, tmp_path)
    assert result.status == "ok", result.error
    page = result.report.read_text(encoding="utf-8")
    assert result.report == tmp_path / "2022" / "yiyang-cgzf" / "yiyang-2022-xieguanyuan.html"
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "require.js" not in page and "mathjax" not in page.lower()
    for text in ("城市管理协管员聘用经费", "701.80", "100.00%", "复算 100.00 分", "data:image/png;base64",
                 "数据来源与生成信息", sha256_file(entry.input_paths[0])[:12], "@font-face"):
        assert text in page
    assert "import evalkit" not in page  # code cells are hidden
    assert result.report.stat().st_size < 2_000_000
    executed = (tmp_path / "2022" / "yiyang-cgzf" / "yiyang-2022-xieguanyuan.ipynb").read_text(encoding="utf-8")
    register = tmp_path / "2022" / "yiyang-cgzf" / "yiyang-2022-xieguanyuan.发现清单.xlsx"
    assert register.is_file() and f'"register": "{register}"' in executed  # where it is, not the staging folder
    assert ".run/" not in executed  # the injected cell too


def test_entries_are_run_in_parallel_and_failures_are_isolated(first_run):
    out, results, lines, seconds = first_run
    assert {k: r.status for k, r in results.items()} == {"good": "ok", "broken": "failed"}
    assert sorted(done for _, done, _ in lines) == [1, 2] and {total for *_, total in lines} == {2}
    assert results["broken"].error == "ValueError: 第 3 行金额无法解析"
    folder = out / "2022" / "dept-b"
    assert not (folder / "broken.html").exists() and (folder / "broken.failed.ipynb").is_file()
    error_page = (folder / "broken.error.html").read_text(encoding="utf-8")
    assert "第 3 行金额无法解析" in error_page and "<h2>数据来源与生成信息</h2>" in error_page
    # no staging folders or temporary files left behind
    assert not [p for p in out.rglob(".*") if p.name != ".evalkit-run.lock"]


@pytest.mark.skipif(not find_chromium(), reason="Chromium not installed")
def test_a_good_report_is_printed_to_a_pdf_beside_it(first_run):
    out, results, _, _ = first_run
    pdf = out / "2022" / "dept-a" / "good.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and results["good"].pdf == {"status": "ok", "file": "good.pdf",
                                                                          "pages": 1}
    assert read_manifest(results["good"].entry, out)["pdf"] == results["good"].pdf
    assert not (out / "2022" / "dept-b" / "broken.pdf").exists() and results["broken"].pdf is None


def test_a_report_that_cannot_be_printed_gets_a_note_not_a_failure(first_run, tmp_path, monkeypatch):
    out, results, _, _ = first_run
    files = entry_files(results["good"].entry, tmp_path)
    files["report"].parent.mkdir(parents=True)
    files["report"].write_bytes(results["good"].report.read_bytes())
    files["pdf"].write_bytes(b"%PDF of an older report")
    monkeypatch.setenv("EVALKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    with Printer() as missing:
        assert print_report(missing, files) == {"status": "missing", "reason": "未找到 Chromium"}
    assert not files["pdf"].exists()  # a PDF of an older report never stays beside a new one
    dead = tmp_path / "dead-browser"
    dead.write_text("#!/bin/sh\necho 崩溃 >&2\nexit 3\n")
    dead.chmod(0o755)
    with Printer(str(dead)) as broken:
        note = print_report(broken, files)
        assert note["status"] == "failed" and note["reason"].startswith("打印 PDF 失败：Chromium") and "启动失败" in note["reason"]
        assert print_report(broken, files) == note  # not started again for every report
    assert print_report(None, files) == {"status": "off", "reason": "未打印 PDF（--no-pdf）"}
    assert not [p for p in tmp_path.rglob("*.pdf*")]
    entry = results["good"].entry
    lines = summary([RunResult(entry, "ok", files["report"], 1.0, pdf=note)], tmp_path, 1.0).splitlines()
    assert lines[0].startswith("evalkit run：1 份报告，成功 1") and lines[1].startswith("  PDF 未生成 good：打印 PDF 失败")
    lines = summary([RunResult(entry, "ok", files["report"], 1.0, pdf={"status": "missing", "reason": "未找到 Chromium"})],
                    tmp_path).splitlines()
    assert lines[1].startswith("  未找到 Chromium，没有生成 PDF")


def test_report_is_self_contained_with_provenance(first_run, project):
    out, results, _, _ = first_run
    _, _, data = project
    page = results["good"].report.read_text(encoding="utf-8")
    assert not EXTERNAL.search(page) and "<script src" not in page
    for text in ("2022年度甲部门测试报告", "701.80", "35.25", "data:image/png;base64", "@font-face",
                 "数据来源与生成信息", sha256_file(data)[:12], f"evalkit 版本</th><td>{__version__}"):
        assert text in page, text
    assert "import pandas" not in page


def test_index_lists_every_entry_with_status_and_provenance(first_run, project):
    out, _, _, _ = first_run
    _, _, data = project
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "dept-b/broken.error.html" in index and index.index("dept-a/good.html") < index.index("丙部门")
    assert "dept-b/broken.html" not in index  # no good report to link
    assert "成功 1 份，失败 1 份，未生成 1 份" in index and sha256_file(data)[:12] in index and __version__ in index
    assert not EXTERNAL.search(index)


def test_unchanged_entries_are_skipped_and_force_rebuilds(first_run, project):
    out, results, _, _ = first_run
    _, catalog, data = project
    report = results["good"].report
    before = report.stat().st_mtime_ns
    again = run_all(["good"], out, catalog=catalog)[0]
    assert again.status == "skipped" and again.report == report and report.stat().st_mtime_ns == before
    assert again.pdf == results["good"].pdf  # the PDF of the unchanged report is kept, not printed again
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "未变化（跳过）" in index and "dept-a/good.html" in index
    forced = run_all(["good"], out, catalog=catalog, force=True, pdf=False)[0]
    assert forced.status == "ok" and report.stat().st_mtime_ns != before
    # without printing, the PDF of the report it replaced goes too
    assert forced.pdf == {"status": "off", "reason": "未打印 PDF（--no-pdf）"}
    assert not report.with_suffix(".pdf").exists() and read_manifest(forced.entry, out)["pdf"] == forced.pdf
    assert read_manifest(forced.entry, out)["good"]["provenance"]["inputs"][str(data)] == sha256_file(data)


def test_failed_run_keeps_the_previous_good_report(project, tmp_path):
    root, catalog, _ = project
    data = tmp_path / "amounts.csv"
    data.write_text("项目,金额\n经费,1.5\n", encoding="utf-8")
    mine = tmp_path / "catalog.csv"
    mine.write_text(HEADER + f"good,2022,dept-a,甲部门,{root / 'ok.ipynb'},{data},甲报告\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_all(outputs=out, catalog=mine, pdf=False)[0].status == "ok"
    report = out / "2022" / "dept-a" / "good.html"
    good_page = report.read_bytes()
    assert "1.50" in good_page.decode("utf-8")
    data.write_text("no amounts here\n", encoding="utf-8")  # the notebook now fails (KeyError)
    failed = run_all(outputs=out, catalog=mine, pdf=False)[0]
    assert failed.status == "failed" and "KeyError" in failed.error and failed.report == report
    assert report.read_bytes() == good_page and (out / "2022" / "dept-a" / "good.ipynb").is_file()
    error_page = (out / "2022" / "dept-a" / "good.error.html").read_text(encoding="utf-8")
    assert "仍保留" in error_page and 'href="good.html"' in error_page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "dept-a/good.html" in index and "dept-a/good.error.html" in index and "上次成功的报告仍保留" in index
    # back to the inputs of the good report: nothing to rebuild, the failure's pages go
    data.write_text("项目,金额\n经费,1.5\n", encoding="utf-8")
    assert run_all(outputs=out, catalog=mine, pdf=False)[0].status == "skipped"
    assert not (out / "2022" / "dept-a" / "good.error.html").exists()
    assert not (out / "2022" / "dept-a" / "good.failed.ipynb").exists()
    assert "dept-a/good.error.html" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_hung_report_is_killed_at_its_time_limit_and_the_cli_exits_1(project, tmp_path, capsys):
    _, catalog, _ = project
    start = time.monotonic()
    argv = ["run", "--catalog", str(catalog), "--outputs", str(tmp_path), "--only", "hung", "--timeout", "3", "-q"]
    assert main(argv) == 1
    assert time.monotonic() - start < 20
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("evalkit run：1 份报告，失败 1，用时") and len(out) == 3
    assert out[1].startswith("  失败 hung：超时：超过 3 秒未完成，已终止") and "无可用报告" in out[1]
    assert out[2] == f"索引：{tmp_path / 'index.html'}"
    assert (tmp_path / "2023" / "dept-c" / "hung.error.html").is_file()
    assert (tmp_path / "2023" / "dept-c" / "hung.failed.ipynb").is_file()
    assert not [p for p in tmp_path.rglob(".*") if p.name != ".evalkit-run.lock"]
    assert main(["run", "--catalog", str(catalog), "--outputs", str(tmp_path), "--only", "nothing"]) == 2
    assert "目录中没有条目 nothing" in capsys.readouterr().err


def test_two_runs_never_write_the_same_outputs(project, tmp_path):
    _, catalog, _ = project
    with _lock(tmp_path), pytest.raises(EvalkitError, match="另一个 evalkit run"):
        run_all(outputs=tmp_path, catalog=catalog)


def test_nightly_cron_command_works_in_a_bare_environment(project, tmp_path):
    """What the README's crontab line runs, with cron's environment: no HOME, PATH=/usr/bin:/bin."""
    _, catalog, _ = project
    evalkit = Path(sys.executable).with_name("evalkit")
    command = ["env", "-i", "PATH=/usr/bin:/bin", str(evalkit), "run", "--quiet", "--catalog", str(catalog),
               "--outputs", str(tmp_path), "--only", "good"]
    done = subprocess.run(command, cwd="/", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "" and len(done.stdout.splitlines()) == 2 and "成功 1" in done.stdout
    assert (tmp_path / "2022" / "dept-a" / "good.html").is_file()


def test_an_overview_reads_the_catalogue_it_was_run_from(tmp_path):
    seed = next(e for e in load_catalog() if e.entry == "yiyang-2022-xieguanyuan")
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(HEADER + f"mine,2022,mine,某局,self_evaluation,{seed.input_paths[0]},某局自评复核\n"
                       "all,2022,all,全部部门,overview,,总览\n", encoding="utf-8")
    result = run_all(["all"], tmp_path / "out", catalog=catalog, pdf=False)[0]
    assert result.status == "ok", result.error
    page = result.report.read_text(encoding="utf-8")
    assert "某局自评复核" in page and "../mine/mine.html" in page
    assert "杜集区" not in page  # not the default catalogue's departments


def test_a_run_stopped_before_the_kernel_started_still_leaves_a_notebook_to_reproduce_it(project, tmp_path):
    _, catalog, data = project
    result = run_all(["good"], tmp_path, catalog=catalog, timeout=0.05, pdf=False)[0]
    assert result.status == "failed" and result.error.startswith("超时")
    failed = nbformat.read(tmp_path / "2022" / "dept-a" / "good.failed.ipynb", as_version=4)
    assert failed.cells[0].source.startswith("**未执行**：超时")
    assert any(str(data) in c.source and "injected-parameters" in c.metadata.get("tags", []) for c in failed.cells)


def test_reports_share_a_warm_kernel_but_not_their_variables_and_a_failure_gets_a_fresh_kernel(notebooks, tmp_path):
    """One job slot: the reports run one after another in one long-lived worker and its kernel; a
    variable of one report is undefined in the next; after a failure the next report gets a new
    kernel (a report stopped at its time limit gets a new worker: test_worker)."""
    pids = notebooks.PIDS
    plan = [("a", notebooks("a", pids, 'leaked = "甲报告的变量"')),
            ("b", notebooks("b", pids, 'print("leaked" in dir())')),
            ("f", notebooks("f", pids, 'raise ValueError("第 3 行金额无法解析")')),
            ("c", notebooks("c", pids, 'print("leaked" in dir())'))]
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(HEADER + "".join(f"{e},2022,dept,部门,{nb},,{e}报告\n" for e, nb in plan), encoding="utf-8")
    results = {r.entry.entry: r for r in run_all(outputs=tmp_path / "out", catalog=catalog, jobs=1, timeout=60,
                                                                      pdf=False)}
    assert {e: r.status for e, r in results.items()} == {"a": "ok", "b": "ok", "f": "failed", "c": "ok"}
    folder = tmp_path / "out" / "2022" / "dept"
    seen = {e: notebooks.pids(folder / f"{e}.ipynb") for e in "abc"} | {"f": notebooks.pids(folder / "f.failed.ipynb")}
    assert seen["a"] == seen["b"] == seen["f"]  # one warm kernel for report after report …
    assert notebooks.stdout(folder / "b.ipynb").splitlines()[-1] == "False"  # … without a's variables
    assert seen["c"]["worker"] == seen["a"]["worker"] and seen["c"]["kernel"] != seen["f"]["kernel"]
    assert "第 3 行金额无法解析" in (folder / "f.error.html").read_text(encoding="utf-8")
    time.sleep(0.5)
    left = [pid for s in seen.values() for pid in s.values() if Path(f"/proc/{pid}").exists()]
    assert not left, "the run's workers and kernels end with it"


def test_job_slots_take_their_turns_in_catalogue_order_whichever_thread_asks_first():
    import threading

    from evalkit.runner.worker import JobSlots

    slots, started, lock = JobSlots(2, ["a", "b", "c", "d"]), [], threading.Lock()

    def build(name: str) -> None:
        with slots.turn(name):
            with lock:
                started.append(name)
            time.sleep(0.02)

    threads = [threading.Thread(target=build, args=(n,)) for n in "dcba"]  # asked in reverse order
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert started == ["a", "b", "c", "d"]
