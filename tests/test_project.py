"""The project (project): where data/, notebooks/, outputs/ and the cache are."""

import importlib
from pathlib import Path

import pytest

import evalkit.project as project


@pytest.fixture
def home(tmp_path, monkeypatch):
    """evalkit.project re-read with EVALKIT_HOME set to tmp_path; re-read again as it was afterwards."""
    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path))
    yield importlib.reload(project)
    monkeypatch.undo()
    importlib.reload(project)


def test_evalkit_home_moves_every_folder(home, tmp_path):
    root = tmp_path.resolve()
    assert home.ROOT == root
    assert (home.DATA, home.NOTEBOOKS, home.OUTPUTS) == (root / "data", root / "notebooks", root / "outputs")
    assert home.CACHE == root / ".cache" and home.CATALOG == root / "data" / "catalog.csv"
    assert home.data_file("yiyang-2022/自评表.xlsx") == root / "data" / "yiyang-2022" / "自评表.xlsx"


def test_the_checkout_is_the_root_without_evalkit_home(monkeypatch):
    monkeypatch.delenv("EVALKIT_HOME", raising=False)
    try:
        fresh = importlib.reload(project)
        checkout = Path(fresh.__file__).resolve().parents[1]
        assert fresh.ROOT == checkout and fresh.CACHE == checkout / ".cache"
        assert (fresh.DATA / "yiyang-2022" / "自评表.xlsx").is_file() and fresh.CATALOG.is_file()
    finally:
        monkeypatch.undo()
        importlib.reload(project)


def test_outside_a_checkout_the_cache_goes_to_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv("EVALKIT_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert project._cache(tmp_path / "elsewhere") == tmp_path / "xdg" / "evalkit"


def test_data_file_keeps_absolute_paths_and_resolves_relative_ones(tmp_path):
    assert project.data_file(tmp_path / "x.xlsx") == tmp_path / "x.xlsx"
    assert project.data_file("zhongfang-2020/units.csv") == project.DATA / "zhongfang-2020" / "units.csv"
    assert project.data_file(Path("a") / "b.csv").relative_to(project.DATA) == Path("a/b.csv")


def test_notebook_file_names_and_paths():
    assert project.notebook_file("cases") == project.NOTEBOOKS / "cases.ipynb"
    assert project.notebook_file("sub/own.ipynb") == project.NOTEBOOKS / "sub" / "own.ipynb"
    assert project.notebook_file("/srv/r.ipynb") == Path("/srv/r.ipynb")
