"""Layer 3, cases: the fields of a case export and the header wordings that name them — which
column is the case id, the duty unit, each time — and the header row found among the first few.

A header that names a field twice (two columns both headed 责任单位) is an error: which one counts
cannot be guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from ..errors import InputError
from ..io.cells import column_letter, header_key, squash

#: Canonical field → the header wordings that mean it (compared after :func:`evalkit.io.cells.squash`).
FIELDS: dict[str, tuple[str, ...]] = {
    "case_id": ("案件编号", "案卷编号", "任务号", "案件号", "案卷号", "任务编号", "工单编号", "工单号", "编号"),
    "source": ("问题来源", "案件来源", "案卷来源", "来源"),
    "case_type": ("问题类型", "案件类型", "案卷类型", "问题类别"),
    "category": ("大类", "问题大类", "案件大类", "大类名称"),
    "subcategory": ("小类", "问题小类", "案件小类", "小类名称"),
    "duty_unit": ("责任单位", "处置部门", "处置单位", "责任部门", "主责单位", "承办单位", "处理部门"),
    "area": ("所属区域", "所属街道", "街道", "区域", "所属网格"),
    "reported_at": ("上报时间", "发现时间", "采集时间", "上报日期"),
    "accepted_at": ("受理时间",),
    "registered_at": ("立案时间", "立案日期"),
    "dispatched_at": ("派遣时间", "派发时间", "派遣日期"),
    "deadline": ("处置截止时间", "处置时限", "截止时间", "处理截止时间", "办理时限", "处置期限"),
    "extended_deadline": ("延期截止时间", "延期后截止时间", "延期后处置截止时间", "延期时限"),
    "handled_at": ("处置完成时间", "结案申请时间", "反馈时间", "申请结案时间", "处置时间", "处理完成时间"),
    "check_result": ("核查结果", "核查情况", "核查状态", "核查意见"),
    "closed_at": ("结案时间", "结案日期"),
    "state": ("案件状态", "案卷状态", "当前状态", "状态"),
    "rework": ("返工次数", "返工", "是否返工"),
}
TIME_FIELDS = ("reported_at", "accepted_at", "registered_at", "dispatched_at", "deadline",
               "extended_deadline", "handled_at", "closed_at")
TEXT_FIELDS = ("case_id", "source", "case_type", "category", "subcategory", "duty_unit", "area",
               "check_result", "state")

_WORDING = {squash(w): name for name, words in FIELDS.items() for w in words}
HEADER_SCAN = 10


def field_of(header: object) -> str | None:
    """The canonical field a header means, or ``None``.

    Full-width characters, spaces and a bracketed note are ignored.

    >>> field_of("处置 截止时间"), field_of("问题类型（部件/事件）"), field_of("备注")
    ('deadline', 'case_type', None)
    """
    key = squash(header)
    return _WORDING.get(key) or _WORDING.get(header_key(key))


def match_headers(headers: list[str], columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map each canonical field to the header that holds it.

    ``columns`` maps headers of the file to canonical fields and overrides the guess. When two
    headers mean the same field, the first wins.

    >>> match_headers(["任务号", "处置部门", "截止时间", "备注"])
    {'case_id': '任务号', 'duty_unit': '处置部门', 'deadline': '截止时间'}
    """
    explicit = {}
    for header, name in (columns or {}).items():
        if name not in FIELDS:
            raise InputError(f"列映射中的字段 {name!r} 不存在（可用字段：{', '.join(FIELDS)}）")
        found = [h for h in headers if h == header or squash(h) == squash(header)]
        if not found:
            raise InputError(f"列映射中的表头 {header!r} 不在文件中（找到的表头：{'、'.join(map(str, headers))}）")
        explicit[name] = found[0]
    out: dict[str, str] = {}
    for header in headers:
        name = field_of(header) or ""
        if name and name not in out and name not in explicit and header not in explicit.values():
            out[name] = header
    out.update(explicit)
    return out


def header_row(rows: Sequence[Sequence[object]]) -> int:
    """Index of the row (among the first few) whose cells name the most known fields."""
    scores = [sum(field_of(c) is not None for c in row if isinstance(c, str)) for row in rows[:HEADER_SCAN]]
    return scores.index(max(scores)) if scores and max(scores) > 0 else 0


def refuse_duplicate_fields(headers: list[str], columns: Mapping[str, str] | None, path: Path) -> None:
    """Two columns with the same header naming a field: which one counts cannot be guessed."""
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if h in seen and (field_of(h) is not None or (columns and h in columns)):
            raise InputError(f"表头 “{h}” 出现两次（第 {column_letter(seen[h])} 列和第 {column_letter(i)} 列），"
                             "无法确定用哪一列；请删除或改名其中一列", file=path)
        seen.setdefault(h, i)
