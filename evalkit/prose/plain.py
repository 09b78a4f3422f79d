"""Layer 3, prose: the paragraphs of a report's text as extracted to plain text (the seeds' form).

Text extracted from a published report keeps its tables as cells: one cell per line ending in
" |", or one per line starting with a tab, whose text may run on over the following short
lines ("年度\\n指标值", "(50分)"). Those are not prose; everything else is one paragraph per line,
placed by its line number ("第20行").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableFile
from ..io.sidetable import decode_text

_RUN_ON = 20  # a short line after a table cell, with no sentence mark, continues that cell


@dataclass(frozen=True)
class TextParagraph:
    """One paragraph of a plain text: its ``text`` and ``where`` ("第20行")."""

    text: str
    where: str


def _sentence_like(line: str) -> bool:
    return any(mark in line for mark in "。；，,;：:") or len(line) >= _RUN_ON


def plain_paragraphs(text: str) -> list[TextParagraph]:
    """The prose paragraphs of an extracted text (table cells left out).

    >>> [p.where for p in plain_paragraphs("总体执行率75.5%。\\n合计 |\\n282.19 |\\n\\t年度\\n指标值\\n说明：按合同执行。")]
    ['第1行', '第6行']
    """
    out: list[TextParagraph] = []
    in_table = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.endswith(" |") or line == "|":
            continue
        if raw.startswith("\t"):
            in_table = True
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if in_table and not _sentence_like(stripped):
            continue
        in_table = False
        out.append(TextParagraph(stripped, f"第{number}行"))
    return out


def read_plain(path: str | Path) -> list[TextParagraph]:
    """The prose paragraphs of a plain-text report (any encoding a Chinese Windows saves)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文本文件（{exc.strerror or exc}）", file=path) from None
    return plain_paragraphs(decode_text(raw, path, "报告文本"))


__all__ = ["TextParagraph", "plain_paragraphs", "read_plain"]
