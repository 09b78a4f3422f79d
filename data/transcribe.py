"""Transcribe the seed reports' tables into the workbooks an auditor would receive.

Run once (``python data/transcribe.py``); the workbooks it writes are committed under ``data/``.
Values are copied exactly as printed — stray full-width spaces, units, "10分", typos and all —
because finding where they disagree is the product's job. Layouts follow the national template
(merged label cells, line breaks inside headers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

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


def seed001(path: Path) -> None:
    """中方县城市管理行政执法大队 2020, 智慧城管服务: 附件1 项目支出绩效自评表 (total printed as 950)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "附件1"
    s = Sheet(ws, {"A": 8, "B": 14, "C": 12, "D": 30, "E": 14, "F": 12, "G": 10, "H": 8, "I": 16})
    s.put("A1", "附件1")
    s.put("A2", "（2020年度）", "I2", bold=True)
    s.put("A3", "项目名称")
    s.put("B3", "生态环境保护专项：智慧城管服务", "I3")
    s.put("A4", "主管部门")
    s.put("B4", "中方县人民政府", "D4")
    s.put("E4", "实施单位")
    s.put("F4", "中方县城市管理行政执法大队", "I4")
    s.put("A5", "项目资金\n（万元）", "A9")
    s.row(5, {"C": "年初预算数", "D": "全年预算数（A）", "E": "全年执行数（B）", "F": "分值",
              "G": "执行率（B/A)", "H": "得分"})
    s.row(6, {"B": "年度资金总额", "C": 60, "D": 60, "E": 30, "F": 10, "G": "50%", "H": 10})
    s.row(7, {"B": "其中：当年财政拨款", "C": 60, "D": 60, "E": 30, "F": "—", "G": "50%", "H": "—"})
    s.row(8, {"B": "      上年结转资金", "F": "—", "H": "—"})
    s.row(9, {"B": "  其他资金", "F": "—", "H": "—"})
    s.put("A10", "年度总体目标", "A11")
    s.put("B10", "预期目标", "E10")
    s.put("F10", "实际完成情况", "I10")
    s.put("B11", "怀城执法请示[2017年]26号文件：关于将三区一县智慧城管项目相关配套建设纳入市城区智慧城管统一建设", "E11")
    s.put("F11", "关于将三区一县智慧城管项目相关配套建设纳入市城区智慧城管统一建设", "I11")
    s.put("A12", "绩\n效\n指\n标", "A21")
    s.row(12, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年度\n指标值", "F": "实际\n完成值",
               "G": "分值", "H": "得分", "I": "偏差原因分析及改进措施"})
    s.put("B13", "产出指标(50分)", "B16")
    s.put("B17", "效益指标(30分)", "B20")
    s.put("B21", "满意度\n指标(10分)")
    rows = [
        ("数量指标", "完成县城建成区环卫、市容、渣土等相关指标监测（含主次干道）", "完好率98%\n", "100%", 10, 10, None),
        ("质量指标", "城区范围内环境、秩序井然", "≧98％", "≧98％", 20, 20, None),
        ("时效指标", "与全省数字城市管理工作要求同步", "100%", "100%", 10, 10, None),
        ("成本指标", "经县人民政府批准同意：预算经费214.71万元", "60万元", "30万元", 10, 8, "经费不足"),
        ("经济效益\n指标", "完善县城环境卫生，提升市容市貌", "有所提升", "有所提升", 5, 5, None),
        ("社会效益\n指标", "美化城市环境，改善城市面貌", "100%", "100%", 10, 10, None),
        ("生态效益\n指标", "提高工作效率、节约（减少）人力资源成本", "100%", "100%", 5, 5, None),
        ("可持续影响指标", "提升城市精细化管理水平", "长效", "长效", 10, 8, "经费不足"),
        ("服务对象满意度指标", "公众满意度", "≧95％", "≧95％", 10, 9, None),
    ]
    for i, (level2, name, target, actual, weight, score, reason) in enumerate(rows, start=13):
        s.row(i, {"C": level2, "D": name, "E": target, "F": actual, "G": weight, "H": score, "I": reason})
    s.put("A22", "总分", "F22")
    s.put("G22", 100)
    s.put("H22", 950)
    s.borders("A3:I22")
    notes = [
        "注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。"
        "如有特殊情况，上述权重可做适当调整，但加总后应等于100分。",
        "    2.定性指标根据指标完成情况分为：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，"
        "分别按照该指标对应分值区间100-80%(含80%)、80-50%(含50%)、50-0%合理确定分值。",
        "    3.定量指标若为正向指标（即指标值为≥*），则得分计算方法应用全年实际值（B）/年度指标值（A）╳该指标分值；"
        "若定量指标为反向指标（即指标值为≤*），则得分计算方法应用年度指标值（A）/全年实际值（B）╳该指标分值。",
        "    4.请在“偏差原因分析及改进措施”中说明偏离目标、不能完成目标的原因及拟采取的措施。",
    ]
    for i, note in enumerate(notes, start=24):
        ws[f"A{i}"] = note
        ws.merge_cells(f"A{i}:I{i}")
    wb.save(path)


def seed004(path: Path) -> None:
    """株洲市芦淞区城市管理综合行政执法大队 2023: 部门（单位）整体支出绩效自评表 (with filler rows)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "整体支出绩效自评表"
    s = Sheet(ws, {"A": 8, "B": 16, "C": 12, "D": 22, "E": 14, "F": 12, "G": 8, "H": 8, "I": 20})
    s.put("A1", " 2023年度部门（单位）整体支出绩效自评表", "I1", bold=True)
    s.put("A2", "区级预算部门（单位）名称")
    s.put("B2", "株洲市芦淞区城市管理综合行政执法大队", "I2")
    s.put("A3", "年度预\n\n算申请\n\n（万元）", "A9")
    s.row(3, {"C": "年初预算数", "D": "全年预算数", "E": "全年执行数", "F": "分值", "G": "执行率", "H": "得分"})
    s.row(4, {"B": "年度资金总额", "C": 2649.39, "D": 2628.42, "E": 2627.30, "F": 10, "G": "99.17%", "H": " 9.5  "})
    pairs = [("按收入性质分：2623.42", "按支出性质分：2628.42"),
             ("  其中：  一般公共预算：2612.36", "其中：基本支出：1502.64"),
             ("政府性基金拨款：", "项目支出：1125.78"),
             ("纳入专户管理的非税收入拨款：", None),
             ("其他资金：11.06", None)]
    for i, (income, expense) in enumerate(pairs, start=5):
        s.put(f"B{i}", income, f"D{i}")
        s.put(f"E{i}", expense, f"H{i}")
    s.put("A10", "年度总体目标", "A11")
    s.put("B10", "预期目标", "E10")
    s.put("F10", "实际完成情况\u3000", "I10")
    s.put("B11", "全面加强城管队伍正规化、标准化、制度化建设，努力提升城管精细化管理水平，全面完善执法队伍规范化建设。", "E11")
    s.put("F11", "\u3000逐步加强管理水平，逐步完善建设.", "I11")
    s.put("A12", "绩\n\n效\n\n指\n\n标\n\n\n", "A34")
    s.row(12, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年度指标值", "F": "实际完成值", "G": "分值",
               "H": "得分", "I": "偏差原因分析及改进措施"})
    s.put("B13", "产出指标\n\n(40分)", "B18")
    s.put("C13", "数量指标", "C14")
    s.put("C15", "质量指标", "C16")
    s.put("C17", "时效指标", "C18")
    s.put("B19", "效益指标\n\n（20分）\n\n\u3000", "B26")
    s.put("C19", "经济效\n\n益指标", "C20")
    s.put("C21", "社会效\n\n益指标", "C22")
    s.put("C23", "生态效\n\n益指标", "C24")
    s.put("C25", "可持续影响指标", "C26")
    s.put("B27", "满意度\n\n指标\n\n（10分）", "B28")
    s.put("C27", "服务对象满意度指标", "C28")
    s.put("B29", "成本指标（20分）", "B34")
    s.put("C29", "经济成本指标", "C30")
    s.put("C31", "社会成本指标", "C32")
    s.put("C33", "生态环境成本指标", "C34")
    rows = {
        13: ("执法案件查处数", "200起以上", 401, 8, 8, "\u3000"),
        14: ("秩序维护数量", "500辆以上", 5840, 8, 8, None),
        15: ("执法准确率\n\n文书规范率", "95%以上", None, 8, 7.5, "政策、法规的鹅更新，加强文书规范"),
        16: ("城市管理执法整治率", "90%以上", None, 8, 7.5, "涉及范围广，及时整治"),
        17: ("执法响应时效", "全年", "全年", 4, 4, None),
        18: ("城市管理维护时效", "全年", "全年", 4, 4, "\u3000"),
        19: ("对合法经营活动促进提升", "增长10%", "稍有增长", 5, 3.5, "在现有大环境下，提出促进发展的建议"),
        21: ("社会生态环境整洁整齐度提升", "到达90%以上", "85%", 5, 4, "加强队伍建设，提升群众意识"),
        23: ("城市环境维护", "持续维护", "持续维护", 5, 5, None),
        25: ("社会和谐稳定保障", "80%以上", "80%", 5, 5, None),
        27: ("群众满意度", "85%以上", "85%", 5, 5, None),
        28: ("城市管理满意度", "90%以上", "90%", 5, 5, "\u3000"),
        29: ("基本支出", "1307.04万元", "1491.59万元", 10, 8, "人员调动，厉行节俭"),
        33: ("项目支出", "1342.35万元", "1120.78万元", 10, 10, None),
    }
    for r, (name, target, actual, weight, score, reason) in rows.items():
        s.row(r, {"D": name, "E": target, "F": actual, "G": weight, "H": score, "I": reason})
    for r in (20, 22, 24, 26):
        s.row(r, {"I": "\u3000"})
    s.put("A35", "总分", "F35")
    s.put("G35", 100)
    s.put("H35", 94)
    s.borders("A2:I35")
    wb.save(path)


SEEDS = {
    "yiyang-2022/自评表.xlsx": seed000,
    "zhongfang-2020/自评表.xlsx": seed001,
    "lusong-2023/整体支出绩效自评表.xlsx": seed004,
}


def write_all(seeds: dict[str, Callable[[Path], None]]) -> None:
    """Build every workbook of ``seeds`` (path under data/ → builder) and say so."""
    for rel, build in seeds.items():
        target = HERE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        build(target)
        print("wrote", target.relative_to(HERE))


def main() -> None:
    write_all(SEEDS)


if __name__ == "__main__":
    main()
