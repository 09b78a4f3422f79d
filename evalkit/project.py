"""Layer 5, the project: the only module that knows the checkout — ``data/``, ``notebooks/``,
``outputs/``, ``.cache/`` and the catalogue — and the sample data generated into it.

The project root is, in this order: the folder named by the environment variable
``EVALKIT_HOME``; the checkout this package was installed from in editable mode (a folder with
``pyproject.toml`` and ``data/`` above the package); the current directory. Nothing is read or
written at import. Outside a checkout the Parquet cache of case exports goes to
``$XDG_CACHE_HOME/evalkit`` (``~/.cache/evalkit``), never next to the installed package.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .testing.casegen import write_export, zhongfang_2020

_CHECKOUT = Path(__file__).resolve().parents[1]


def _root() -> Path:
    home = os.environ.get("EVALKIT_HOME")
    if home:
        return Path(home).expanduser().resolve()
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data").is_dir():
        return _CHECKOUT
    return Path.cwd()


def _cache(root: Path) -> Path:
    if root == _CHECKOUT or os.environ.get("EVALKIT_HOME"):
        return root / ".cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evalkit"


ROOT: Path = _root()
DATA: Path = ROOT / "data"
NOTEBOOKS: Path = ROOT / "notebooks"
OUTPUTS: Path = ROOT / "outputs"
CATALOG: Path = DATA / "catalog.csv"
CACHE: Path = _cache(ROOT)


def _zhongfang_sample() -> pd.DataFrame:
    return zhongfang_2020(pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str"))


#: Generated sample exports (never committed): path under ``data/`` → generator.
SAMPLES = {"generated/zhongfang-2020/案件导出.csv": _zhongfang_sample}


def data_file(path: str | Path) -> Path:
    """An input path: absolute as given, relative ones under ``data/``.

    >>> data_file("yiyang-2022/自评表.xlsx").parent.name
    'yiyang-2022'
    >>> data_file("/srv/x.xlsx").as_posix()
    '/srv/x.xlsx'
    """
    path = Path(path)
    return path if path.is_absolute() else DATA / path


def notebook_file(name: str | Path) -> Path:
    """A report notebook: a name under ``notebooks/``, or a path ending in ``.ipynb``
    (absolute, or relative to ``notebooks/``).

    >>> notebook_file("self_evaluation").name
    'self_evaluation.ipynb'
    >>> notebook_file("/srv/reports/custom.ipynb").as_posix()
    '/srv/reports/custom.ipynb'
    """
    name = str(name)
    return NOTEBOOKS / (name if name.endswith(".ipynb") else f"{name}.ipynb")


def ensure_samples(force: bool = False) -> list[Path]:
    """Write the generated sample case exports under ``data/generated/`` (never committed);
    returns the files written (none when they exist, unless ``force``)."""
    written = []
    for rel, make in SAMPLES.items():
        path = DATA / rel
        if force or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_export(make(), path)
            written.append(path)
    return written
