"""Generate 项目支出绩效自评表 workbooks with real-world layout quirks (tests and benchmarks).

The quirks are those of DOMAIN.md §1: 一级/二级 labels merged or written once per group,
reordered and extra columns, tables that do not start at A1, numbers stored as text with units
and full-width spaces, full-width brackets and line breaks in labels, empty filler rows.
"""

from __future__ import annotations

from pathlib import Path

CLEAN_ROWS = [
    # level1, level2, name, target, actual, weight, score
    ("产出指标(50分)", "数量指标", "巡查次数", "≥200次", "240次", 20, 20),
    ("产出指标(50分)", "质量指标", "案件办结率", "95%以上", "96%", 20, 20),
    ("产出指标(50分)", "成本指标", "项目成本", "≤90万元", "80万元", 10, 10),
    ("效益指标(30分)", "社会效益指标", "市容环境", "不断提高", "不断提高", 30, 27),
    ("满意度指标(10分)", "服务对象满意度指标", "群众满意度", "≥90%", "92%", 10, 10),
]


def write_form(path: Path, *, columns=None, merged=True, offset=(0, 0), text_numbers=False, fullwidth=False,
               filler=False, extra_column=False, rows=CLEAN_ROWS, funds=(100, 100, 95, 10, "95%", 9.5),
               total=(100, 96.5), sheet="自评表", grade: str | None = None) -> Path:
    """Write a 项目支出绩效自评表 with the given layout quirks and return its path.

    ``rows`` are (一级, 二级, 三级, 指标值, 完成值, 分值, 得分); ``funds`` the 年度资金总额 line
    (年初预算, 全年预算, 全年执行, 分值, 执行率, 得分); ``total`` the 总分 row (分值, 得分).
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r0, c0 = offset

    def put(r, c, v):
        ws.cell(row=r0 + r, column=c0 + c, value=v)

    def label(text):
        if fullwidth:
            text = text.replace("(", "（").replace(")", "）")
            text = text[:2] + "\n" + text[2:] if len(text) > 3 else text
        return text

    def num(v, unit=""):
        if not text_numbers or isinstance(v, str):
            return v
        return f"\u3000{v}{unit}"

    put(1, 1, "2023年度项目支出绩效自评表")
    put(2, 1, "项目名称")
    put(2, 2, "城区巡查保洁")
    put(3, 1, "主管部门")
    put(3, 2, "某市城市管理局")
    put(3, 5, "实施单位")
    put(3, 6, "某区城管执法大队")
    heads = ["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率", "得分"]
    put(4, 1, label("项目资金(万元)"))
    for i, h in enumerate(heads):
        put(4, 3 + i, label(h))
    put(5, 2, "年度资金总额")
    budget0, budget, executed, weight, rate, score = funds
    for i, v in enumerate((num(budget0, "万元"), num(budget, "万元"), num(executed, "万元"), num(weight, "分"),
                           rate, num(score, "分"))):
        put(5, 3 + i, v)
    put(6, 2, "其中：当年财政拨款")
    for i, v in enumerate((budget0, budget, executed)):
        put(6, 3 + i, num(v))
    put(7, 2, "上年结转资金")
    put(8, 2, "其他资金")
    put(9, 1, "年度总体目标")
    cols = columns or ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                       "偏差原因分析及改进措施"]
    if extra_column:
        cols = cols[:7] + ["得分计算方法"] + cols[7:]
    header_row = 11
    for i, h in enumerate(cols):
        put(header_row, 2 + i, label(h))
    put(header_row, 1, "绩效指标")
    r = header_row + 1
    last: dict[str, object] = {}
    for level1, level2, name, target, actual, w, s in rows:
        values = {"一级指标": level1, "二级指标": level2, "三级指标": name, "年度指标值": target,
                  "实际完成值": actual, "分值": num(w, "分"), "得分": num(s), "得分计算方法": "按公式",
                  "偏差原因分析及改进措施": "" if s == w else "进一步提升"}
        for key in ("一级指标", "二级指标"):
            if not merged and last.get(key) == values[key]:
                values[key] = None  # written once per group
        last = {"一级指标": level1, "二级指标": level2}
        for i, h in enumerate(cols):
            if values.get(h) not in (None, ""):
                put(r, 2 + i, label(values[h]) if h == "一级指标" else values[h])
        r += 1
        if filler:
            r += 1  # an empty filler row
    if merged:  # merge the 一级 cells of each group
        start = header_row + 1
        col = c0 + 2 + cols.index("一级指标")
        step = 2 if filler else 1
        groups: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            groups.setdefault(row[0], []).append(start + r0 + i * step)
        for members in groups.values():
            if len(members) > 1:
                ws.merge_cells(start_row=members[0], start_column=col, end_row=members[-1], end_column=col)
    put(r, 1, "总分")
    if "分值" in cols:  # a template may give the weights only in the 一级 labels ("产出指标(50分)")
        put(r, 2 + cols.index("分值"), num(total[0]))
    put(r, 2 + cols.index("得分"), num(total[1]))
    if grade is not None:
        put(r + 1, 1, "评价等级")
        put(r + 1, 2, grade)
    wb.save(path)
    return path


# Named combinations of quirks: the corpus the tests and the benchmark read.
VARIANTS = {
    "plain": {},
    "once-per-group": {"merged": False},
    "reordered-columns": {"columns": ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
                                      "偏差原因分析及改进措施"]},
    "extra-column": {"extra_column": True},
    "offset": {"offset": (3, 2)},
    "numbers-as-text": {"text_numbers": True},
    "full-width-line-breaks": {"fullwidth": True},
    "filler-rows": {"filler": True, "merged": False},
    "everything": {"merged": False, "offset": (2, 1), "text_numbers": True, "fullwidth": True, "filler": True,
                   "extra_column": True},
}
