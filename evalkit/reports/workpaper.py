"""Layer 4, the working-paper head of a report (审计工作底稿): who was reviewed, which project,
the index number, preparer and reviewer with their dates, the key figures, and a 复核结论
drafted from the findings for the reviewer to confirm or amend.

The head also carries its key figures and finding counts as output metadata (``evalkit``), so
the runner's index can show every report's figures without recomputing them.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..findings import Finding, Findings, Severity
from ..rulebook import rule_name
from ..rules.numbers import BEIJING, money
from .register import write_register

#: shown where the catalogue leaves a field blank: said, never invented
UNSET = "（未填）"
PREPARER = "evalkit 自动复核"
PLACES_SHOWN = 4  # cells named per rule in the conclusion; the rest are counted

STYLE = """<style>
.evalkit-head h1 { margin-bottom: 0.3em; }
table.evalkit-workpaper { border-collapse: collapse; font-size: 13px; margin: 0.4em 0 0.8em; min-width: 60%; }
table.evalkit-workpaper th { background: #f3f3f3; font-weight: normal; text-align: left; white-space: nowrap; }
.evalkit-head table.evalkit-workpaper th, .evalkit-head table.evalkit-workpaper td { border: 1px solid #bbb;
  padding: 3px 8px; text-align: left; }  /* as specific as the notebook theme's right-aligned cells, and later */
.evalkit-figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 0.6em 0; }
.evalkit-figure { border: 1px solid #ccc; border-radius: 4px; padding: 4px 10px; min-width: 7em; }
.evalkit-figure b { display: block; font-size: 18px; }
.evalkit-figure span { font-size: 12px; color: #555; }
.evalkit-figure.bad { border-color: #c62828; } .evalkit-figure.bad b { color: #c62828; }
.evalkit-conclusion { border-left: 4px solid #555; background: #fafafa; padding: 4px 12px; margin: 0.8em 0; }
.evalkit-conclusion h2 { font-size: 16px; margin: 0.3em 0; }
.evalkit-conclusion p.small, .evalkit-links { font-size: 12px; color: #555; }
</style>"""


def today() -> str:
    """Today's date in Beijing, as a working paper dates itself: ``2024-05-01``."""
    return _dt.datetime.now(BEIJING).strftime("%Y-%m-%d")


def _places(found: Sequence[Finding]) -> str:
    cells = list(dict.fromkeys(f.cell for f in found if f.cell))
    named = "、".join(cells[:PLACES_SHOWN])
    more = f"等 {len(cells)} 处" if len(cells) > PLACES_SHOWN else ""
    return f"（{named}{more}）" if named else ""


def draft_conclusion(findings: Iterable[Finding], subject: str = "") -> str:
    """A 复核结论 drafted from the findings: how many of each severity, the rules broken with the
    cells they point at, the amount at stake in the material ones, and what the unit should do.

    >>> f = Finding("total-row", "error", "a.xlsx", "S", "D11", "合计", 282.19, 302.19, "…", "amount",
    ...             difference=-20.0, amount=20.0, material=True)
    >>> text = draft_conclusion([f], "杜集区城市管理局的项目预算执行表")
    >>> "错误 1 项（其中重大 1 项，涉及金额 20.00 万元）" in text and "合计行（D11）" in text
    True
    >>> draft_conclusion([], "某表")
    '经复核某表，未发现报告值与评分规则或其自身数字不符之处。复核意见：自评数据可予认可。'
    """
    items = Findings(list(findings))
    what = f"经复核{subject}，" if subject else "经复核，"
    errors, doubts = items.count(Severity.ERROR), items.count(Severity.WARNING)
    hints = items.count(Severity.INFO)
    if not errors and not doubts:
        tail = f"另有提示 {hints} 项，供参考。" if hints else ""
        return f"{what}未发现报告值与评分规则或其自身数字不符之处。{tail}复核意见：自评数据可予认可。"
    material = [f for f in items if f.material]
    at_stake = sum(f.amount for f in material if f.amount is not None)
    heavy = f"（其中重大 {len(material)} 项，涉及金额 {money(at_stake)} 万元）" if material else ""
    counts = f"发现错误 {errors} 项{heavy}、存疑 {doubts} 项" + (f"、提示 {hints} 项" if hints else "")
    serious = [f for f in items.by_severity() if f.severity is not Severity.INFO]
    by_rule: dict[str, list[Finding]] = {}
    for f in serious:
        by_rule.setdefault(f.rule, []).append(f)
    problems = "；".join(f"{rule_name(rule)}{_places(found)}" for rule, found in by_rule.items())
    asks = []
    if errors:
        asks.append("对错误逐项核实更正，并据此重算执行率、得分与等级")
    if doubts:
        asks.append("对存疑事项作出书面说明并提供依据")
    return f"{what}{counts}。主要问题：{problems}。复核意见：请被审计单位{'；'.join(asks)}。"


@dataclass
class WorkPaperHead:
    """The head of a report as a working paper; shows itself as HTML carrying its figures as
    metadata (see the module docstring)."""

    title: str
    fields: dict[str, str]
    summary: str = ""
    figures: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    conclusion: str = ""
    links: dict[str, str] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        # pairs, not a mapping: a notebook's JSON is saved with sorted keys, and the order is meant
        return {"evalkit": {"workpaper": list(self.fields.items()), "figures": list(self.figures.items()),
                            "counts": self.counts,
                            "conclusion": self.conclusion}}

    def html(self) -> str:
        e = html.escape
        pairs = list(self.fields.items())
        rows = "".join("<tr>" + "".join(f"<th>{e(k)}</th><td>{e(v)}</td>" for k, v in pairs[i:i + 2]) + "</tr>"
                       for i in range(0, len(pairs), 2))
        bad = {"错误", "存疑"}
        figures = "".join(f'<div class="evalkit-figure{" bad" if k in bad and v != "0" else ""}">'
                          f"<b>{e(v)}</b><span>{e(k)}</span></div>" for k, v in self.figures.items())
        links = " · ".join(f'<a href="{e(href)}">{e(text)}</a>' for text, href in self.links.items())
        conclusion = (f'<div class="evalkit-conclusion"><h2>复核结论（草拟）</h2><p>{e(self.conclusion)}</p>'
                      '<p class="small">本结论由 evalkit 按复核发现自动草拟，须经复核人审定后方可作为底稿结论。</p></div>'
                      if self.conclusion else "")
        summary = f"<p>{e(self.summary)}</p>" if self.summary else ""
        return (f'{STYLE}<div class="evalkit-head"><h1>{e(self.title)}</h1>{summary}'
                f'<table class="evalkit-workpaper"><tbody>{rows}</tbody></table>'
                f'<div class="evalkit-figures">{figures}</div>{conclusion}'
                + (f'<p class="evalkit-links">{links}</p>' if links else "") + "</div>")

    def _repr_html_(self) -> tuple[str, dict[str, Any]]:
        return self.html(), self.metadata()


def head(title: str, *, unit: str = "", project: str = "", year: int | str = "", index_no: str = "",
              reviewer: str = "", review_date: str = "", summary: str = "", figures: dict[str, str] | None = None,
              findings: Findings | Iterable[Finding] | None = None, subject: str = "",
              register: str | Path = "", inputs: Sequence[str | Path] | None = None,
              profile: Any = "national") -> WorkPaperHead:
    """The working-paper head of a report (what every notebook shows first).

    ``unit`` (被审计单位), ``index_no`` (索引号) and ``reviewer`` (复核人) come from the catalogue;
    a blank one shows as “（未填）”. ``summary`` is a line under the title (what was read).
    ``review_date`` defaults to today in Beijing. ``figures`` are
    the report's key figures (label → text); the finding counts are added. With ``findings`` a
    复核结论 is drafted (:func:`draft_conclusion`, about ``subject``). With ``register`` the
    findings register (:func:`evalkit.reports.register.write_register`) is written there and
    linked from the head by its file name (the runner puts it beside the report).

    >>> h = head("复核", unit="杜集区城市管理局", index_no="A-01", figures={"执行率": "74.14%"}, findings=[])
    >>> h.fields["被审计单位"], h.fields["复核人"], h.figures["错误"], h.conclusion[:3]
    ('杜集区城市管理局', '（未填）', '0', '经复核')
    """
    items = Findings(list(findings or []))
    counts = {s.value: items.count(s) for s in Severity}
    counts["material"] = sum(1 for f in items if f.material)
    fields = {"被审计单位": unit or UNSET, "索引号": index_no or UNSET, "项目": project or title,
              "年度": str(year or UNSET), "编制人": PREPARER, "编制日期": today(),
              "复核人": reviewer or UNSET, "复核日期": review_date or today()}
    shown = {k: v for k, v in (figures or {}).items() if v not in ("", None)}  # an unknown figure is left out
    shown.update({s.chinese: str(counts[s.value]) for s in Severity})
    if counts["material"]:
        shown["重大"] = str(counts["material"])
    links = {}
    if register:
        path = write_register(items, register, reviewer=reviewer, inputs=inputs, profile=profile,
                              subject=unit or None, year=int(year) if str(year).isdigit() else None)
        links["发现清单（xlsx，可填写说明与整改）"] = Path(path).name
    conclusion = draft_conclusion(items, subject) if findings is not None else ""
    return WorkPaperHead(title, fields, summary, shown, counts, conclusion, links)

