"""Errors raised for user mistakes: each names the file (and sheet and cell where known).

Layer 0: imports nothing from evalkit. The hierarchy::

    EvalkitError                 anything evalkit reports to a user (exit code 2 in the CLI)
    ├── InputError(file, sheet, cell)  an input cannot be read or used
    │   ├── UnreadableFile       not a workbook / CSV, missing, empty, encrypted
    │   ├── LayoutNotFound       no table of the expected kind on any sheet
    │   └── ValueParseError      one cell's text is not the value its place requires
    │   └── CatalogError         the catalogue of reports is missing or one of its rows invalid
    ├── ProfileError             a rule profile is missing or invalid
    └── UsageError               a command or function was called the wrong way
"""

from __future__ import annotations

from pathlib import Path


def where(file: str | Path | None, sheet: str | None = None, cell: str | None = None) -> str:
    """Format a location the way the Chinese messages print it: the file by its full path (an
    error must say which of two 自评表.xlsx it means, and where a relative name was looked for).

    >>> where("/d/a.xlsx", "Sheet1", "F12"), where("/srv/catalog.csv")
    ('工作簿 /d/a.xlsx 工作表 Sheet1 单元格 F12', '文件 /srv/catalog.csv')
    """
    parts = []
    if file:
        kind = "工作簿" if Path(file).suffix.lower() in (".xlsx", ".xlsm", ".xls") else "文件"
        parts.append(f"{kind} {Path(file).absolute()}")
    if sheet:
        parts.append(f"工作表 {sheet}")
    if cell:
        parts.append(f"单元格 {cell}")
    return " ".join(parts)


class EvalkitError(Exception):
    """Base class of every error evalkit raises about its inputs or its use."""


class InputError(EvalkitError):
    """An input cannot be read: wrong kind of file, no table found, missing column...

    The message is Chinese and names the file (and sheet/cell where it applies),
    what was found and what was expected.
    """

    def __init__(self, message: str, *, file: str | Path | None = None,
                 sheet: str | None = None, cell: str | None = None) -> None:
        self.file = str(file) if file else None
        self.sheet = sheet
        self.cell = cell
        loc = where(file, sheet, cell)
        super().__init__(f"{loc}: {message}" if loc else message)

    def __reduce__(self) -> tuple:  # keep file/sheet/cell when sent between processes (parallel checks)
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type[InputError], args: tuple, state: dict) -> InputError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class UnreadableFile(InputError):
    """The file is missing, empty, encrypted or not of a kind evalkit reads."""


class LayoutNotFound(InputError):
    """No table of the expected kind was found where one was expected."""


class ValueParseError(ValueError):
    """A cell's text cannot be read as the kind of value its place in the table requires.

    Raised by the cell parsers without a location; the readers turn it into an
    ``unreadable-value`` finding that names the cell.
    """


class ProfileError(EvalkitError):
    """A rule profile cannot be found or does not validate (the message names the key)."""


class CatalogError(InputError):
    """The catalogue of reports cannot be read or one of its rows is invalid."""


class UsageError(EvalkitError):
    """A command-line option or an argument has a value evalkit cannot use."""
