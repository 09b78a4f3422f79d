"""Transcribe the seed reports' tables into the workbooks an auditor would receive.

Run once (``python data/transcribe.py``); the workbooks it writes are committed under ``data/``.
Values are copied exactly as printed — stray full-width spaces, units, "10分", typos and all —
because finding where they disagree is the product's job. Layouts follow the national template
(merged label cells, line breaks inside headers).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin")


class Sheet:
    """A small helper to write a template-like sheet: values, merges, borders."""

    def __init__(self, ws, widths: dict[str, float]) -> None:
        self.ws = ws
        for col, width in widths.items():
            ws.column_dimensions[col].width = width

    def put(self, cell: str, value: object, merge_to: str | None = None, bold: bool = False) -> None:
        self.ws[cell] = value
        self.ws[cell].alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if bold:
            self.ws[cell].font = Font(bold=True)
        if merge_to:
            self.ws.merge_cells(f"{cell}:{merge_to}")

    def row(self, r: int, values: dict[str, object]) -> None:
        for col, value in values.items():
            self.put(f"{col}{r}", value)

    def borders(self, area: str) -> None:
        for line in self.ws[area]:
            for cell in line:
                cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def seed000(path: Path) -> None:
    """益阳市城市管理和综合执法局 2022, 协管员聘用经费: 附件1 项目支出绩效自评表."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    s = Sheet(ws, {"A": 8, "B": 14, "C": 12, "D": 16, "E": 28, "F": 12, "G": 8, "H": 8, "I": 14})
    s.put("A1", " 2022年度项目支出绩效自评表", "I1", bold=True)
    s.put("A2", "项目名称")
    s.put("B2", "城市管理协管员聘用经费", "I2")
    s.put("A3", "主管部门")
    s.put("B3", "\u3000益阳市城市管理和综合执法局", "D3")
    s.put("E3", "实施单位")
    s.put("F3", "\u3000\u3000益阳市城市管理和综合执法局", "I3")
    s.put("A4", "项目资金\n（万元）", "A8")
    s.row(4, {"B": "\u3000", "C": "年初\n预算数", "D": "全年\n预算数", "E": "全年\n执行数", "F": "分值",
              "G": "执行率", "H": "得分"})
    s.row(5, {"B": "年度资金总额\u3000", "C": "\u3000701.8", "D": "\u3000701.8", "E": "\u3000701.8", "F": "10分",
              "G": "100%", "H": "\u300010分"})
    s.row(6, {"B": "其中：当年财政拨款\u3000", "C": "\u3000701.8", "D": "\u3000701.8", "E": "\u3000701.8",
              "F": "\u3000", "G": "\u3000", "H": "\u3000"})
    s.row(7, {"B": "上年结转资金\u3000", "C": "\u3000", "D": "\u3000", "E": "\u3000"})
    s.row(8, {"B": "其他资金", "C": "\u3000", "D": "\u3000", "E": "\u3000"})
    s.put("A9", "年度总体目标", "A10")
    s.put("B9", "预期目标", "E9")
    s.put("F9", "实际完成情况\u3000", "I9")
    s.put("B10", "建立一支稳定的协管员队伍，改善城市管理和执法队伍人手不足的实际情况，着力夯实城市管理基础，"
                 "更好地提升市容管理服务质量和城市形象\n\u3000\u3000", "E10")
    s.put("F10", "\u3000协管员人员充足，队伍稳定，能有效地辅助开展城市管理工作，改善了城市管理和执法队伍人手不足的实际情况。",
          "I10")
    s.put("A11", "绩\n效\n指\n标", "A27")
    s.row(11, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年度\n指标值", "F": "实际\n完成值",
               "G": "分值", "H": "得分", "I": "偏差原因\n分析及\n改进措施"})
    s.put("B12", "产出指标\n\n(50分)", "B18")
    s.put("C12", "数量指标", "C13")
    s.put("C14", "质量指标", "C15")
    s.put("C16", "时效指标", "C17")
    s.put("C18", "成本指标")
    s.put("B19", "效益指标\n\n（40分）\n\u3000", "B27")
    s.put("C19", "经济效\n益指标")
    s.put("C20", "社会效\n益指标", "C22")
    s.put("C23", "生态效\n益指标", "C24")
    s.put("C25", "可持续影响指标", "C26")
    s.put("C27", "服务对象满意度指标")
    rows = [
        ("协管员人数", "协管人员总数不少于90人，坐席员和信息采集员不少于58人", "100%", 10, 10),
        ("信息采集范围", "\u3000中心城区63平方公里", "100%", 10, 10),
        ("队伍建设", "\u3000不断稳定", "100%", 5, 5),
        ("协管员培训", "\u3000开展培训，提高综合素质", "100%", 10, 10),
        ("工资发放", "\u3000根据考核情况于每月按时发放到位。缴纳“五险一金”", "100%", 5, 5),
        ("经费拨付", "按合同拨付", "100%", 5, 5),
        ("项目经费", "\u3000不超支", "100%", 5, 5),
        ("城市管理成本", "\u3000降低", "降低", 5, 5),
        ("保障就业", "\u3000提供一定就业岗位，一定程度上缓解就业难题", "100%", 10, 10),
        ("市容环境秩序", "\u3000不断美化", "不断美化", 10, 10),
        ("……", "\u3000", None, None, None),
        ("指标1：", "\u3000", None, None, None),
        ("指标2：", "\u3000", None, None, None),
        ("城市管理水平", "\u3000不断提高", "不断提高", 5, 5),
        ("指标2：", "\u3000", None, None, None),
        ("城管协管员满意度", "≥90%", "100%", 10, 10),
    ]
    for i, (name, target, actual, weight, score) in enumerate(rows, start=12):
        s.row(i, {"D": name, "E": target, "F": actual, "G": weight, "H": score, "I": "\u3000"})
    s.put("A28", "总分", "F28")
    s.put("G28", "100分")
    s.put("H28", "\u3000100", "I28")
    s.borders("A2:I28")
    wb.save(path)


SEEDS = {
    "yiyang-2022/自评表.xlsx": seed000,
}


def main() -> None:
    for rel, build in SEEDS.items():
        target = HERE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        build(target)
        print("wrote", target.relative_to(HERE))


if __name__ == "__main__":
    main()
