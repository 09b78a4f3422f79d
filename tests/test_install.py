"""The package as a user installs it: `pip install .` (not editable), used from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.project import DATA

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package installed (not editable) into a folder of its own; returns that folder."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build")
    shutil.copytree(ROOT, build / "src", ignore=shutil.ignore_patterns(".venv", ".git", "outputs", ".cache",
                                                                        "data", "__pycache__", "*.egg-info", "build"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--target", str(target), str(build / "src")],
                   check=True, capture_output=True)
    return target


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("EVALKIT_HOME", None)
    return subprocess.run([sys.executable, "-m", "evalkit.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_installed_package_checks_a_workbook_from_another_folder_and_writes_nothing_beside_it(installed, tmp_path):
    shutil.copy(DATA / "zhongfang-2020" / "自评表.xlsx", tmp_path / "自评表.xlsx")
    before = sorted(p for p in installed.rglob("*"))
    out = _run(installed, tmp_path, "check", "自评表.xlsx")
    assert out.returncode == 0, out.stderr
    assert "错误 3 项，存疑 3 项" in out.stdout
    assert (installed / "evalkit" / "rules" / "profiles" / "national.toml").is_file()
    assert (installed / "evalkit" / "runner" / "templates" / "evalkit_pages" / "index.html.j2").is_file()
    assert sorted(p for p in installed.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["自评表.xlsx"]


def test_installed_package_answers_version_fast(installed, tmp_path):
    out = _run(installed, tmp_path, "--version")
    assert out.returncode == 0 and out.stdout.startswith("evalkit ")
