"""Transcribe the seed reports' department tables into the workbooks an auditor would receive.

Run once (``python data/transcribe_tables.py``); the workbooks it writes are committed under
``data/``. Figures are copied exactly as printed — wrong totals, wrong rates, wrong grades and
all — because finding where they disagree is the product's job. Where a seed gives figures as
narrative (seed 003, seed 004's text), they are laid out as a table with 层级/上级项目 columns so
totals can be checked against their parts; the cell comments say where each figure was printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from transcribe import Sheet, write_all  # noqa: E402  (the helpers of data/transcribe.py)

WIDE = {"A": 8, "B": 30, "C": 14, "D": 14, "E": 14, "F": 14, "G": 14, "H": 30}


def _sheet(wb: Workbook, title: str, first: bool = False) -> Sheet:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    return Sheet(ws, WIDE)


def _lines(s: Sheet, start: int, cols: str, rows: list[tuple]) -> int:
    """Write ``rows`` from row ``start`` into the columns named by ``cols``; the next free row."""
    for i, values in enumerate(rows):
        s.row(start + i, {c: v for c, v in zip(cols, values) if v is not None})
    return start + len(rows)


def seed002_budget(path: Path) -> None:
    """杜集区城市管理局 2024: the seven projects' budget and execution, 合计 row as printed (213.05)."""
    wb = Workbook()
    s = _sheet(wb, "项目预算执行表", first=True)
    s.put("A1", "杜集区城市管理局2024年度项目预算执行情况表", "F1", bold=True)
    s.put("F2", "单位：万元")
    s.row(3, {"A": "序号", "B": "项目类别", "C": "年初预算(万元)", "D": "全年预算(万元)", "E": "全年执行(万元)",
              "F": "执行率"})
    end = _lines(s, 4, "ABCDEF", [
        (1, "智慧城管", 170.35, 170.35, 111.85, "65.66%"),
        (2, "文明创建", 20.00, 20.00, 12.41, "62.05%"),
        (3, "执法人员培训", 5.00, 5.00, 5.00, "100%"),
        (4, "垃圾分类", 20.00, 20.00, 10.00, "50.00%"),
        (5, "城管进社区", 35.84, 35.84, 33.79, "94.29%"),
        (6, "执法车辆维护", 46.00, 46.00, 46.00, "100%"),
        (7, "农村环境卫生", 5.00, 5.00, 5.00, "100%"),
        (None, "合计", 282.19, 282.19, 213.05, "75.5%"),
    ])
    for line in s.ws.iter_rows(min_row=4, max_row=end - 1, min_col=3, max_col=5):
        for cell in line:
            cell.number_format = "0.00"
    s.borders(f"A3:F{end - 1}")
    wb.save(path)


def seed002_scores(path: Path) -> None:
    """杜集区城市管理局 2024: each project's 总分 and 等级, and the narrative's average 96.4."""
    wb = Workbook()
    s = _sheet(wb, "项目自评得分表", first=True)
    s.put("A1", "杜集区城市管理局2024年度项目自评得分情况表", "D1", bold=True)
    s.put("A2", "填报单位：杜集区城市管理局", "D2")
    s.row(3, {"A": "序号", "B": "项目名称", "C": "总分(分)", "D": "等级"})
    end = _lines(s, 4, "ABCD", [
        (1, "执法车辆运行维护", 100, "优秀"),
        (2, "农村环境卫生经费", 100, "优秀"),
        (3, "执法人员集中培训", 100, "优秀"),
        (4, "城管进社区", 99.43, "优秀"),
        (5, "智慧城管", 93.14, "良好"),
        (6, "文明创建", 92.42, "良好"),
        (7, "垃圾分类", "90.00", "合格"),
        (None, "平均自评分", 96.4, None),  # printed in the narrative: "7个项目平均自评分为96.4分"
    ])
    s.borders(f"A3:D{end - 1}")
    wb.save(path)


def _itemised_header(s: Sheet, title: str, heads: dict[str, str]) -> None:
    s.put("A1", title, "H1", bold=True)
    s.put("H2", "单位：万元")
    s.row(3, heads)


def seed003(path: Path) -> None:
    """株洲市城市管理监督指挥中心 2019: itemised budget and execution, 三公经费, assets (narrative)."""
    wb = Workbook()
    s = _sheet(wb, "预算执行明细", first=True)
    _itemised_header(s, "株洲市城市管理监督指挥中心2019年度预算执行明细表",
                     {"A": "序号", "B": "项目名称", "C": "层级", "D": "上级项目", "E": "年初预算", "F": "全年执行",
                      "G": "年末结转", "H": "备注"})
    xg, xt = "城管信息采集协管员经费", "系统升级维护专项经费"
    items_xg = [("信息采集员工资", 779.95), ("各采集大队房屋租赁费", 18), ("信息采集租车费", 15.6),
                ("车辆维修费及燃油费", 3.72), ("采集员培训费", 19.19), ("委托业务费", 2.4), ("通讯费", 41.56),
                ("办公费", 6.4), ("印刷费", 4.76), ("信息采集项目其他", 34.11)]
    items_xt = [("系统设备运行费", 129.22), ("系统维护费", 189.81), ("系统软件维护费", 51.3), ("网络迁移", 14.21),
                ("多维分析平台", 3.36), ("微信平台开发及维护合作", 18), ("协同OA办公软件服务", 1.86),
                ("环卫车辆监控调度管理系统", 18), ("数据共享平台安全设备采购合同", 18.5),
                ("株洲数字城管预警监测及应急系统", 19.65), ("信息系统技术服务及应用软件开发合同", 15),
                ("株洲数字城管部件普查增量更新项目", 29.55), ("微信公众平台云服务器租赁和集成", 12),
                ("上网行为管理", 19.72), ("株洲市数字城管视频自动分析项目", 34.01)]
    rows: list[tuple] = [
        ("合计", 0, None, 2188.71, 2057.33, None, "年初预算安排资金 / 年末预算执行金额"),
        ("基本支出", 1, "合计", 585.95, 557.45, None, None),
        ("人员经费", 2, "基本支出", 248.48, 279.97, None, None),
        ("日常公用经费", 2, "基本支出", 337.47, 277.48, None, None),
        ("项目支出", 1, "合计", 1602.76, 1499.88, None, "正文：项目经费 / 项目支出"),
        (xg, 2, "项目支出", 1002.76, 925.69, 77.07, "正文另称“城市管理信息采集管理项目”"),
        *((name, 3, xg, None, amount, None, None) for name, amount in items_xg),
        (xt, 2, "项目支出", 600, 574.19, 25.81, "按合同条款约定尾款需2020年支付"),
        *((name, 3, xt, None, amount, None, None) for name, amount in items_xt),
    ]
    end = _lines(s, 4, "ABCDEFGH", [(i, *r) for i, r in enumerate(rows, start=1)])
    s.borders(f"A3:H{end - 1}")

    s = _sheet(wb, "三公经费")
    _itemised_header(s, "株洲市城市管理监督指挥中心2019年度“三公”经费支出情况",
                     {"A": "层级", "B": "项目名称", "C": "上年支出", "D": "本年支出", "E": "增减额", "F": "增减率"})
    end = _lines(s, 4, "ABCDEF", [
        (1, "“三公”经费合计", 8.91, 7.94, -0.97, "-10.89%"),
        (2, "公务用车购置及运行维护费", None, 7.25, None, None),
        (2, "公务接待费", None, 0.69, None, None),
    ])
    s.borders(f"A3:F{end - 1}")

    s = _sheet(wb, "资产情况")
    _itemised_header(s, "株洲市城市管理监督指挥中心2019年年末资产情况",
                     {"A": "层级", "B": "资产项目", "C": "原值", "D": "累计折旧（摊销）", "E": "净值",
                      "F": "占资产总额比例"})
    end = _lines(s, 4, "ABCDEF", [
        (0, "资产总额", None, None, 135.23, None),
        (1, "流动资产", None, None, 0.23, "0.17%"),
        (1, "固定资产", 116.7, 61.79, 54.91, "40.6%"),
        (1, "无形资产", 119.8, 39.71, 80.09, "59.23%"),
    ])
    s.borders(f"A3:F{end - 1}")
    wb.save(path)


def seed004_base(path: Path) -> None:
    """芦淞区城市管理综合行政执法大队 2023: 附件2 基础数据表, exactly as printed (numbers as text)."""
    wb = Workbook()
    s = _sheet(wb, "基础数据表", first=True)
    s.put("A1", "附件2")
    s.put("A2", "2023年度部门（单位）整体支出绩效评价基础数据表", "G2", bold=True)
    s.row(3, {"A": "财政供养人员情况（人）", "B": "编制数", "C": "2023年实际在职人数", "D": "控制率"})
    s.row(4, {"B": "100", "C": "83", "D": "83%"})
    s.row(5, {"A": "经费控制情况（万元）", "B": "2022年决算数", "C": "2023年预算数", "D": "2023年决算数"})
    end = _lines(s, 6, "ABCD", [
        ("三公经费", "50.9", "55", "40.59"),
        ("   1、公务用车购置和维护经费", "50.9", "55", "40.59"),
        ("       其中：公车购置", None, None, None),
        ("             公车运行维护", "50.9", "55", "40.59"),
        ("   2、出国经费", None, None, None),
        ("   3、公务接待", None, None, None),
        ("项目支出：", "1297.27", "1342.35", "1124.66"),
        ("    1、协管员经费", "1083.53", "933.30", "965.12"),
        ("    2、城市管理综合行政执法经费", "213.74", "409.05", "159.54"),
        ("……", None, None, None),
        ("3、市级专项资金（一个专项一行）", None, None, None),
        ("……", None, None, None),
        ("公用经费", "171.89", "164.24", "162.42"),
        ("    其中：办公经费", "137.18", "98.74", "98.99"),
        ("          水费、电费、差旅费", "0", "7.00", "1.65"),
        ("          会议费、培训费", "0.13", "0", "0.30"),
        ("政府采购金额", "——", "275.00", "100.00"),
        ("部门基本支出预算调整 ", "——", "\u3000", "\u3000"),
    ])
    s.row(end, {"A": "楼堂馆所控制情况\n\n（2023年完工项目）", "B": "批复规模\n\n（㎡）", "C": "实际规模（㎡）",
                "D": "规模控制率", "E": "预算投资（万元）", "F": "实际投资（万元）", "G": "投资概算控制率"})
    s.row(end + 2, {"A": "厉行节约保障措施", "B": "\u3000"})
    s.borders(f"A3:G{end + 2}")
    s.put(f"A{end + 3}", "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。",
          f"G{end + 3}")
    s.put(f"A{end + 4}", "填表人：王香平   填报日期：        联系电话：0731-22212567 单位负责人签字：董凯雄", f"G{end + 4}")
    wb.save(path)


def seed004_narrative(path: Path) -> None:
    """芦淞区 2023: the spending figures of the report's text (part 二), laid out by 层级."""
    wb = Workbook()
    s = _sheet(wb, "正文支出数据", first=True)
    _itemised_header(s, "芦淞区城市管理综合行政执法大队2023年度一般公共预算支出（据报告正文）",
                     {"A": "层级", "B": "项目名称", "C": "支出金额", "D": "出处"})
    end = _lines(s, 4, "ABCD", [
        (0, "一般公共预算财政拨款支出", "2612.36", "正文二（一）3"),
        (1, "项目支出", "1120.78", "正文二（一）3"),
        (2, "协管员经费专项", "965.12", "正文二（二）1"),
        (2, "城市管理综合执法经费专项", "155.66", "正文二（二）2；正文六（二）2 与附件2 写作 159.54"),
        (1, "基本支出", "1491.59", "正文二（一）3"),
        (2, "人员经费", "1329.17", "正文二（一）3"),
        (2, "公用经费", "162.42", "正文二（一）3"),
    ])
    s.borders(f"A3:D{end - 1}")
    wb.save(path)


SEEDS = {
    "duji-2024/项目预算执行表.xlsx": seed002_budget,
    "duji-2024/项目自评得分表.xlsx": seed002_scores,
    "zhuzhou-2019/预算执行明细表.xlsx": seed003,
    "lusong-2023/基础数据表.xlsx": seed004_base,
    "lusong-2023/正文支出数据.xlsx": seed004_narrative,
}


if __name__ == "__main__":
    write_all(SEEDS)
