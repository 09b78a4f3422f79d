import re

import pytest

from evalkit.catalog import Entry, load_catalog
from evalkit.run import run_entry, write_atomic, write_index

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    entry = next(e for e in load_catalog() if e.entry == "yiyang-2022-xieguanyuan")
    result = run_entry(entry, out)
    return out, entry, result


def test_report_is_built_offline_and_holds_the_seed_figures(built):
    out, entry, result = built
    assert result.status == "ok", result.error
    page = result.report.read_text(encoding="utf-8")
    assert result.report == out / "2022" / "yiyang-cgzf" / "yiyang-2022-xieguanyuan.html"
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "require.js" not in page and "mathjax" not in page.lower()
    for text in ("城市管理协管员聘用经费", "701.80", "100.00%", "复算 100.00 分", "data:image/png;base64"):
        assert text in page
    assert "import evalkit" not in page  # code cells are hidden
    assert (out / "2022" / "yiyang-cgzf" / "yiyang-2022-xieguanyuan.ipynb").is_file()


def test_index_links_every_report(built, tmp_path):
    out, entry, result = built
    index = write_index([result], out).read_text(encoding="utf-8")
    assert "2022/yiyang-cgzf/yiyang-2022-xieguanyuan.html" in index and "成功" in index


def test_failing_notebook_leaves_error_page_and_no_report(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    entry = Entry("broken", 2022, "dept", "部门", "self_evaluation", (str(broken),), "坏输入")
    result = run_entry(entry, tmp_path)
    assert result.status == "failed" and "InputError" in result.error
    folder = tmp_path / "2022" / "dept"
    assert not (folder / "broken.html").exists()
    assert "不是 Excel 工作簿" in (folder / "broken.error.html").read_text(encoding="utf-8")
    assert (folder / "broken.ipynb").is_file()
    index = write_index([result], tmp_path).read_text(encoding="utf-8")
    assert "broken.error.html" in index and "失败" in index


def test_write_atomic_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a.html"
    write_atomic(target, "完整")
    assert target.read_text(encoding="utf-8") == "完整" and [p.name for p in tmp_path.iterdir()] == ["a.html"]
