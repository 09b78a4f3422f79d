"""Errors raised for user mistakes: each names the file (and sheet and cell where known)."""

from __future__ import annotations

from pathlib import Path


def where(file: str | Path | None, sheet: str | None = None, cell: str | None = None) -> str:
    """Format a location the way the Chinese messages print it.

    >>> where("a.xlsx", "Sheet1", "F12")
    '工作簿 a.xlsx 工作表 Sheet1 单元格 F12'
    """
    parts = []
    if file:
        parts.append(f"工作簿 {Path(file).name}")
    if sheet:
        parts.append(f"工作表 {sheet}")
    if cell:
        parts.append(f"单元格 {cell}")
    return " ".join(parts)


class EvalkitError(Exception):
    """Base class of every error evalkit raises about its inputs."""


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
