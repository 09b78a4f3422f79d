"""Testing: a one-sheet workbook from a list of rows — the smallest way to put a layout on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence


def write_rows(folder: Path, name: str, rows: Sequence[Sequence[object]], merges: Iterable[str] = (),
               percent: Iterable[str] = ()) -> Path:
    """Write ``rows`` (1-based from the top, ``None`` = empty cell) to ``folder/name``; ``merges``
    are A1 ranges to merge, ``percent`` the cells to format as percentages. Returns the path.

    >>> import tempfile
    >>> from openpyxl import load_workbook
    >>> p = write_rows(Path(tempfile.mkdtemp()), "t.xlsx", [["项目", "金额"], ["甲", 1.5]], percent=["B2"])
    >>> load_workbook(p).active["B2"].number_format
    '0.00%'
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for rng in merges:
        ws.merge_cells(rng)
    for ref in percent:
        ws[ref].number_format = "0.00%"
    path = folder / name
    wb.save(path)
    return path
