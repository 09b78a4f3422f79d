"""The worker's loop (runner.serve): one answer per job, pages written, a fresh kernel after a failure."""

import io
import json

from evalkit.runner.kernel import WarmKernel
from evalkit.runner.serve import build_report, serve


def job(notebook, out, name):
    return {"notebook": str(notebook), "parameters": {"title": name}, "cwd": str(notebook.parent), "timeout": 60,
            "title": f"{name}的报告", "footer": "<p>数据来源与生成信息</p>", "executed": str(out / f"{name}.ipynb"),
            "report": str(out / f"{name}.html"), "font_cache": str(out / "fonts")}


def test_each_job_is_answered_and_a_failure_gets_the_next_report_a_fresh_kernel(notebooks, tmp_path):
    good = notebooks("good", notebooks.PIDS, 'print("报告正文")')
    bad = notebooks("bad", notebooks.PIDS, 'raise ValueError("第 3 行金额无法解析")')
    jobs = io.StringIO("".join(json.dumps(job(nb, tmp_path, name), ensure_ascii=False) + "\n"
                               for nb, name in ((good, "a"), (bad, "b"), (good, "c"))))
    answers = io.StringIO()
    kernel = WarmKernel()
    try:
        serve(jobs, answers, kernel)
    finally:
        kernel.stop()
    a, b, c = (json.loads(line) for line in answers.getvalue().splitlines())
    assert a == c == {"ok": True, "error": "", "trace": ""}
    assert b["ok"] is False and b["error"] == "ValueError: 第 3 行金额无法解析" and "raise ValueError" in b["trace"]
    pids = {name: notebooks.pids(tmp_path / f"{name}.ipynb") for name in "abc"}
    assert pids["a"] == pids["b"]  # the same warm kernel
    assert pids["c"]["kernel"] != pids["b"]["kernel"]  # restarted after the failure
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "报告正文" in page and "a的报告" in page and "数据来源与生成信息" in page and "@font-face" in page
    assert "print(" not in page and not (tmp_path / "b.html").exists()
    assert list((tmp_path / "fonts").glob("*.otf"))  # the subset is cached by the page's characters


def test_a_kernel_that_cannot_start_fails_the_report_with_the_reason(notebooks, tmp_path, monkeypatch):
    import evalkit.runner.kernel as kernel_module

    monkeypatch.setattr(kernel_module, "KERNEL_NAME", "no-such-kernel")
    kernel = WarmKernel()
    try:
        result = build_report(job(notebooks("x", "1"), tmp_path, "x"), kernel)
    finally:
        kernel.stop()
    assert result["ok"] is False and result["error"].startswith("KernelSetupError: 内核无法启动：NoSuchKernel")
