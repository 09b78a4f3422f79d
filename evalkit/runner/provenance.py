"""Layer 5, runner: provenance of a report — what it was built from (parameters, input hashes, notebook, evalkit).

The :attr:`Provenance.key` is one hash over everything that can change a report, so
``evalkit run`` can skip a report whose inputs, notebook and evalkit code are unchanged.
Reports and the index show the provenance so a reader can tell what a page was built from.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..io.atomic import sha256_file
from ..project import DATA
from ..version import __version__
from .catalog import Entry, load_catalog

PACKAGE = Path(__file__).resolve().parents[1]
# Files of the package whose change may change a report (code, rule profiles, templates).
CODE_PATTERNS = ("**/*.py", "**/*.toml", "runner/templates/**/*")


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """One SHA-256 over evalkit's own source files, rule profiles and templates.

    A change to any of them rebuilds every report, even when the version number is unchanged.

    >>> len(code_hash())
    64
    """
    digest = hashlib.sha256()
    files = sorted({p for pattern in CODE_PATTERNS for p in PACKAGE.glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """What one report is built from.

    Attributes
    ----------
    parameters : dict
        The papermill parameters given to the notebook.
    inputs : dict
        Each input file as written in the catalogue → SHA-256 of its contents.
    notebook : str
        The notebook's name (``notebooks/<name>.ipynb``) or path.
    notebook_sha256 : str
        SHA-256 of the notebook file.
    evalkit_version, code_sha256 : str
        evalkit's version and the hash of its source (:func:`code_hash`).
    """

    parameters: dict = field(hash=False)
    inputs: dict = field(hash=False)
    notebook: str
    notebook_sha256: str
    evalkit_version: str
    code_sha256: str

    @property
    def key(self) -> str:
        """One SHA-256 over all fields: equal keys mean the report would come out the same.

        >>> p = Provenance({"a": 1}, {"x.xlsx": "00"}, "nb", "11", "0.1.0", "22")
        >>> p.key == Provenance({"a": 1}, {"x.xlsx": "00"}, "nb", "11", "0.1.0", "22").key
        True
        >>> p.key == Provenance({"a": 2}, {"x.xlsx": "00"}, "nb", "11", "0.1.0", "22").key
        False
        """
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        """The provenance as plain JSON-serialisable data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Provenance:
        """Inverse of :meth:`to_dict`."""
        return cls(**{k: data[k] for k in ("parameters", "inputs", "notebook", "notebook_sha256",
                                           "evalkit_version", "code_sha256")})

    def rows(self) -> list[tuple[str, str]]:
        """Chinese label → value pairs, as the report footer and the index show them.

        >>> p = Provenance({"title": "标题"}, {"a/b.xlsx": "ab" * 32}, "nb", "cd" * 32, "0.1.0", "ef" * 32)
        >>> p.rows()[1]
        ('输入文件', 'a/b.xlsx（SHA-256 abababababab）')
        """
        params = json.dumps(self.parameters, ensure_ascii=False, sort_keys=True)
        inputs = "；".join(f"{name}（SHA-256 {digest[:12]}）" for name, digest in self.inputs.items())
        return [("参数", params), ("输入文件", inputs),
                ("报告模板", f"{self.notebook}（SHA-256 {self.notebook_sha256[:12]}）"),
                ("evalkit 版本", f"{self.evalkit_version}（代码 SHA-256 {self.code_sha256[:12]}）")]


def sha256_path(path: str | Path) -> str:
    """:func:`sha256_file` of a file; for a folder, one hash over its files' names and contents."""
    path = Path(path)
    if not path.is_dir():
        return sha256_file(path)
    digest = hashlib.sha256()
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(child.relative_to(path).as_posix().encode() + b"\0" + sha256_file(child).encode())
    return digest.hexdigest()


def catalog_parameter(catalog: str | Path) -> str:
    """How a notebook is told which catalogue to read: relative to ``data/`` when it lies there.

    >>> catalog_parameter(DATA / "catalog.csv")
    'catalog.csv'
    >>> catalog_parameter("/srv/other.csv")
    '/srv/other.csv'
    """
    path = Path(catalog).absolute()
    return path.relative_to(DATA).as_posix() if path.is_relative_to(DATA) else str(path)


def entry_parameters(entry: Entry, catalog: str | Path | None = None) -> dict:
    """The papermill parameters of a catalogue entry (what its notebook receives).

    An entry with no inputs of its own (an overview) reads the whole catalogue, so it is
    also given ``catalog``, the catalogue file it was listed in.

    >>> e = Entry("e", 2022, "d", "部门", "self_evaluation", ("a.xlsx",), "标题", "A-01")
    >>> entry_parameters(e)
    {'inputs': ['a.xlsx'], 'title': '标题', 'department': '部门', 'year': 2022, 'index_no': 'A-01', 'reviewer': ''}
    >>> entry_parameters(Entry("o", 2024, "o", "全部", "overview", (), "总览"), "/srv/c.csv")["catalog"]
    '/srv/c.csv'
    """
    parameters: dict = {"inputs": list(entry.inputs), "title": entry.title, "department": entry.department,
                         "year": entry.year, "index_no": entry.index_no, "reviewer": entry.reviewer}
    if not entry.inputs and catalog is not None:
        parameters["catalog"] = catalog_parameter(catalog)
    return parameters


def entry_provenance(entry: Entry, catalog: str | Path | None = None) -> Provenance:
    """Hash an entry's inputs and notebook and note the evalkit version and code hash.

    An entry with no inputs of its own (an overview) reads the whole ``catalog`` (the
    catalogue file): the catalogue and every input it lists count as its inputs, so a change
    to any of them rebuilds it.
    """
    files = dict(zip(entry.inputs, entry.input_paths))
    if not files and catalog is not None:
        files = {Path(catalog).name: Path(catalog)}
        files.update({name: path for e in load_catalog(catalog, problems=[], allow_outside=True) for name, path in zip(e.inputs, e.input_paths)})
    return Provenance(parameters=entry_parameters(entry, catalog),
                      inputs={name: sha256_path(path) for name, path in sorted(files.items())},
                      notebook=entry.notebook, notebook_sha256=sha256_file(entry.notebook_path),
                      evalkit_version=__version__, code_sha256=code_hash())
