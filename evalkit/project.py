"""Layer 5, the project: the only module that knows the checkout — ``data/``, ``notebooks/``,
``outputs/``, ``.cache/`` and the catalogue (the sample data generated into it: :mod:`evalkit.samples`).

The project root is, in this order: the folder named by the environment variable
``EVALKIT_HOME``; the checkout this package was installed from in editable mode (a folder with
``pyproject.toml`` and ``data/`` above the package); the current directory. Nothing is read or
written at import. Outside a checkout the Parquet cache of case exports goes to
``$XDG_CACHE_HOME/evalkit`` (``~/.cache/evalkit``), never next to the installed package.
"""

from __future__ import annotations

import os
from pathlib import Path

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
