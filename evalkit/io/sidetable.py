"""Layer 1, side tables: the small tables that come with a case export or a report — units and
their classes, published counts, assessment components — read one way.

A side table is a CSV (UTF-8 with or without BOM, GBK/GB18030 or UTF-16, as Excel saves them:
:func:`text_encoding`) or a workbook's first sheet, every cell read as text (empty cells as ""),
or a DataFrame given directly. Its columns are found by their
wordings after :func:`evalkit.io.cells.squash` and lower-casing, so ``unit`` and 责任单位 both
name the unit column.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from ..errors import InputError
from .cells import squash

if TYPE_CHECKING:
    import pandas as pd

Source: TypeAlias = "str | Path | pd.DataFrame"


def text_encoding(raw: bytes) -> str:
    """The encoding of a text file as Chinese offices save one: "utf-16" (with its BOM),
    "utf-8-sig" when the first 64 KiB decode as UTF-8 (BOM or not), else "gb18030" (GBK).

    >>> text_encoding("单位".encode("gbk")), text_encoding("单位".encode("utf-8")), text_encoding("单位".encode("utf-16"))
    ('gb18030', 'utf-8-sig', 'utf-16')
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw[: 1 << 16], final=len(raw) <= 1 << 16)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def decode_text(raw: bytes, file: str | Path, what: str = "文本文件") -> str:
    """The text of a file in its encoding (:func:`text_encoding`); InputError naming the file
    when it is in none of them."""
    first = text_encoding(raw)
    for encoding in dict.fromkeys((first, "gb18030")):  # UTF-8 at the start may turn GBK further down
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"无法读取{what}：既不是 UTF-8、GBK 也不是 UTF-16 编码", file=file)


def read_side_table(source: Source, what: str) -> tuple[pd.DataFrame, str]:
    """The table as text cells, and the file it came from ("<frame>" for a DataFrame).

    ``what`` names the table in the error message (e.g. "单位分类表").

    >>> import pandas as pd
    >>> frame, file = read_side_table(pd.DataFrame({"unit": ["中方镇"]}), "单位分类表")
    >>> file, frame.columns.tolist()
    ('<frame>', ['unit'])
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return source.copy(), "<frame>"
    from python_calamine import CalamineError

    path = Path(source)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            frame = pd.read_excel(path, dtype="str", engine="calamine", keep_default_na=False)
        else:
            text = decode_text(path.read_bytes(), path, what)
            frame = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    except (OSError, ValueError, CalamineError) as exc:
        raise InputError(f"无法读取{what}（{exc}）", file=path) from exc
    return frame, str(path)


def find_columns(frame: pd.DataFrame, wanted: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Role → the frame's column whose squashed, lower-cased header is one of the role's wordings.

    >>> import pandas as pd
    >>> find_columns(pd.DataFrame(columns=["责任单位", "Class"]), {"unit": ("unit", "责任单位"), "class": ("class",)})
    {'unit': '责任单位', 'class': 'Class'}
    """
    names = {squash(c).lower(): c for c in frame.columns}
    return {role: next((names[w] for w in words if w in names), None) for role, words in wanted.items()}


def header_of(path: str | Path) -> set[str]:
    """The stripped header cells of a CSV side table (to tell a units table from a counts table)."""
    frame, _ = read_side_table(path, "附表")
    return {str(c).strip() for c in frame.columns}
