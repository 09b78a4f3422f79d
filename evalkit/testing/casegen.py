"""Testing: synthetic case exports calibrated to the seeds, for the samples, the tests and the benchmarks.

The generator draws cases at random (NumPy, vectorised, reproducible from ``seed``) but sets the
counts that matter exactly: how many cases were registered, dispatched, handled, passed the
check, were handled on time and were closed. :func:`zhongfang_2020` reproduces seed 001's year
(14664 cases, 8907 completed, 5867 on time → 60.74% / 40.01% / 51.41%) over the A/B units of
``data/zhongfang-2020/units.csv`` (passed in by :mod:`evalkit.project`); :func:`zhuzhou_2019` reproduces seed 003's funnel (559342
reported, 526260 registered, 522815 handled, 525059 closed, 92.19% closed on time).

Generated files are never committed; :func:`write_export` writes .csv (UTF-8 or GB18030),
.xlsx (a fast streaming writer with real Excel date cells) or .xls (xlwt, ≤ 65535 rows).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from ..io.cells import column_letter

#: The export header each canonical field is written under (one platform's wording).
HEADERS: dict[str, str] = {
    "case_id": "案件编号", "source": "问题来源", "case_type": "问题类型", "category": "大类",
    "subcategory": "小类", "duty_unit": "责任单位", "reported_at": "上报时间", "registered_at": "立案时间",
    "dispatched_at": "派遣时间", "deadline": "处置截止时间", "extended_deadline": "延期截止时间",
    "handled_at": "处置完成时间", "check_result": "核查结果", "closed_at": "结案时间", "state": "案件状态",
    "rework": "返工次数",
}
#: Another platform's wording of the same fields (exercises the header synonyms).
ALT_HEADERS: dict[str, str] = {
    **HEADERS, "case_id": "任务号", "duty_unit": "处置部门", "deadline": "截止时间",
    "extended_deadline": "延期后截止时间", "handled_at": "结案申请时间", "case_type": "问题类型（部件/事件）",
}
_SOURCES = np.array(["信息采集员上报", "12319热线", "市民举报", "视频智能识别"])
_KINDS = np.array([("事件", "市容环境", "暴露垃圾"), ("事件", "街面秩序", "占道经营"), ("事件", "宣传广告", "违规张贴"),
                   ("部件", "公用设施", "井盖破损"), ("部件", "道路交通", "路灯不亮"), ("部件", "园林绿化", "绿地脏乱")])
_LIMITS_H = np.array([2, 4, 24, 48, 72, 120])
#: Units of a generated export when none are given: five A-class (streets) and three B-class.
DEFAULT_UNITS = pd.DataFrame({"unit": ["城东街道", "城西街道", "城南街道", "城北街道", "开发区管委会", "供水公司", "燃气公司",
                                       "电力公司"], "class": ["A"] * 5 + ["B"] * 3})
_ZHUZHOU_UNITS = ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "市城管局市政处", "市园林处", "市自来水公司"]


def generate_cases(n: int, *, year: int = 2020, units: pd.DataFrame | list[str] | None = None,
                   completed: int | None = None, on_time: int | None = None, registered: int | None = None,
                   dispatched: int | None = None, handled: int | None = None, closed: int | None = None,
                   extension_share: float = 0.06, headers: dict[str, str] | None = None,
                   seed: int = 0) -> pd.DataFrame:
    """A synthetic case export of ``n`` reported cases with the given counts set exactly.

    The stages nest: on_time ⊆ completed (handled and check passed) ⊆ handled ⊆ dispatched ⊆
    registered ⊆ reported. ``closed`` defaults to ``completed``; more closures than completions
    are drawn from registered cases that were never handled (seed 003 reports such a funnel).
    Effective deadlines are spread over ``year``; extended cases keep an earlier original
    deadline, sometimes in the previous month.

    Parameters
    ----------
    n
        Cases reported (rows).
    year
        Year of the effective deadlines.
    units
        Responsible units: a units table (``unit`` and ``class`` columns) or a list of names
        (default :data:`DEFAULT_UNITS`); A-class units receive about three times as many cases
        as B-class ones.
    completed, on_time, registered, dispatched, handled, closed
        Exact counts (defaults: registered = dispatched = n, completed = 60% of dispatched,
        on_time = 2/3 of completed, handled = completed + 30% of the rest, closed = completed).
    extension_share
        Share of dispatched cases with an approved extension.
    headers
        Canonical field → export header (:data:`HEADERS` by default).
    seed
        Seed of the random generator: the same seed gives the same export.

    Examples
    --------
    >>> df = generate_cases(100, completed=50, on_time=30, seed=1)
    >>> len(df), int(df["核查结果"].eq("通过").sum()), df["案件编号"].iloc[0]
    (100, 50, '00000001')
    """
    registered = n if registered is None else registered
    dispatched = registered if dispatched is None else dispatched
    completed = round(0.6 * dispatched) if completed is None else completed
    on_time = round(completed * 2 / 3) if on_time is None else on_time
    handled = completed + round(0.3 * (dispatched - completed)) if handled is None else handled
    closed = completed if closed is None else closed
    if not (0 <= on_time <= completed <= handled <= dispatched <= registered <= n):
        raise ValueError("需要 on_time ≤ completed ≤ handled ≤ dispatched ≤ registered ≤ n")
    if not completed <= closed <= completed + registered - handled:
        raise ValueError("closed 必须在 completed 与 completed + (registered − handled) 之间")
    rng = np.random.default_rng(seed)
    # One random position per case; each stage is a prefix of the positions, so the sets nest.
    pos = rng.permutation(n)
    is_reg, is_disp, is_handled = pos < registered, pos < dispatched, pos < handled
    is_done, is_on_time = pos < completed, pos < on_time
    failed = (pos >= completed) & (pos < completed + (handled - completed) // 2)
    closed_unhandled = (pos >= handled) & (pos < handled + closed - completed)
    is_closed = is_done | closed_unhandled

    names, weights = _unit_weights(units, rng)
    unit = names[rng.choice(len(names), size=n, p=weights)]
    kind = _KINDS[rng.integers(0, len(_KINDS), size=n)]
    sec = np.timedelta64(1, "s")
    start = np.datetime64(f"{year}-01-01T00:00:00", "s")
    span = int((np.datetime64(f"{year + 1}-01-01T00:00:00", "s") - start) / sec)
    effective = start + rng.integers(0, span, size=n) * sec
    extended = is_disp & (rng.random(n) < extension_share)
    deadline = np.where(extended, effective - rng.integers(86400, 10 * 86400, size=n) * sec, effective)
    limit = _LIMITS_H[rng.integers(0, len(_LIMITS_H), size=n)] * 3600 * sec
    dispatched_at = deadline - limit
    registered_at = dispatched_at - rng.integers(300, 3600, size=n) * sec
    reported_at = registered_at - rng.integers(60, 1800, size=n) * sec
    window = np.asarray(effective - dispatched_at, dtype="timedelta64[s]").astype("int64")
    early = dispatched_at + (rng.random(n) * window).astype("int64") * sec
    early = np.where(rng.random(n) < 0.01, effective, early)  # some finish exactly at the deadline
    late = effective + rng.integers(60, 10 * 86400, size=n) * sec
    handled_on_time = np.where(is_done, is_on_time, rng.random(n) < 0.5)
    handled_at = np.where(handled_on_time, early, late)
    closed_at = np.maximum(handled_at, effective - limit) + rng.integers(600, 86400, size=n) * sec
    nat = np.datetime64("NaT", "s")
    check = np.select([is_done, failed, is_handled], ["通过", "不通过", ""], "")
    state = np.select([is_closed, failed, is_handled, is_disp, is_reg],
                      ["已结案", "核查不通过", "待核查", "处置中", "待派遣"], "不予立案")
    frame = pd.DataFrame({
        "case_id": pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(8),
        "source": _SOURCES[rng.integers(0, len(_SOURCES), size=n)],
        "case_type": kind[:, 0], "category": kind[:, 1], "subcategory": kind[:, 2],
        "duty_unit": np.where(is_disp, unit, ""),
        "reported_at": reported_at,
        "registered_at": np.where(is_reg, registered_at, nat),
        "dispatched_at": np.where(is_disp, dispatched_at, nat),
        "deadline": np.where(is_reg, deadline, nat),
        "extended_deadline": np.where(extended, effective, nat),
        "handled_at": np.where(is_handled, handled_at, nat),
        "check_result": check,
        "closed_at": np.where(is_closed, np.where(is_handled, closed_at, effective), nat),
        "state": state,
        "rework": (failed | (is_done & (rng.random(n) < 0.03))).astype("int64"),
    })
    return frame.rename(columns=headers or HEADERS)


def _unit_weights(units: pd.DataFrame | list[str] | None, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if units is None:
        units = DEFAULT_UNITS
    if isinstance(units, pd.DataFrame):
        names = units["unit"].to_numpy(dtype=object)
        base = np.where(units["class"].to_numpy(dtype=object) == "A", 3.0, 1.0)
    else:
        names, base = np.array(units, dtype=object), np.ones(len(units))
    weights = base * rng.lognormal(0, 0.5, size=len(names))
    return names, weights / weights.sum()


def zhongfang_2020(units: pd.DataFrame, *, seed: int = 2020, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """Seed 001's year over its A/B ``units`` (a ``unit,class`` frame): 14664 cases received,
    12299 dispatched, 8907 completed, 5867 on time.

    >>> from evalkit.project import DATA
    >>> df = zhongfang_2020(pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str"))
    >>> len(df), int(df["核查结果"].eq("通过").sum()), int(df["派遣时间"].notna().sum())
    (14664, 8907, 12299)
    """
    return generate_cases(14664, year=2020, units=units, completed=8907, on_time=5867,
                          dispatched=12299, headers=headers, seed=seed)


def zhuzhou_2019(*, seed: int = 2019, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """Seed 003's funnel at full size: 上报 559342, 立案 526260, 处置 522815, 结案 525059.

    Of the registered cases (all due in 2019), 485159 are closed having been handled on time:
    485159 / 526260 = 92.19%, the reported 按时结案率.
    """
    return generate_cases(559342, year=2019, units=_ZHUZHOU_UNITS, registered=526260, dispatched=526260,
                          handled=522815, completed=521815, on_time=485159, closed=525059,
                          headers=headers, seed=seed)


def write_export(frame: pd.DataFrame, path: str | Path, *, encoding: str = "utf-8",
                 time_format: str = "%Y-%m-%d %H:%M:%S") -> Path:
    """Write a generated export as .csv, .xlsx or .xls (chosen by the suffix).

    CSV times are written with ``time_format``; Excel files get real date cells.

    >>> import tempfile, pathlib
    >>> p = write_export(generate_cases(5, seed=1), pathlib.Path(tempfile.mkdtemp()) / "c.csv")
    >>> p.read_text(encoding="utf-8").splitlines()[0].split(",")[:2]
    ['案件编号', '问题来源']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        out = frame.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime(time_format)
        out.to_csv(path, index=False, encoding=encoding)
    elif suffix == ".xlsx":
        _write_xlsx(frame, path)
    elif suffix == ".xls":
        _write_xls(frame, path)
    else:
        raise ValueError(f"unsupported suffix {suffix!r}")
    return path


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="案件" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm:ss"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}


def _xlsx_cells(col: pd.Series, letter: str, rows: pd.Series) -> pd.Series:
    """The XML of one column's cells for a chunk of rows (vectorised string building)."""
    ref = f'<c r="{letter}' + rows
    if pd.api.types.is_datetime64_any_dtype(col):
        serial = (col - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
        xml = ref + '" s="1"><v>' + serial.astype("str") + "</v></c>"
    elif pd.api.types.is_numeric_dtype(col):
        xml = ref + '"><v>' + col.astype("str") + "</v></c>"
    else:
        text = (col.astype("str").str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
                .str.replace(">", "&gt;", regex=False))
        xml = ref + '" t="inlineStr"><is><t>' + text + "</t></is></c>"
        return xml.where(col.notna() & col.ne(""), "")
    return xml.where(col.notna(), "")


def _write_xlsx(frame: pd.DataFrame, path: Path, chunk: int = 50_000) -> None:
    """A streaming xlsx writer: inline strings, date cells as serial numbers with a date format."""
    letters = [column_letter(i) for i in range(frame.shape[1])]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, xml in _XLSX_PARTS.items():
            zf.writestr(name, xml)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{escape(str(h))}</t></is></c>'
                           for c, h in zip(letters, frame.columns))
            out.write(f'<row r="1">{head}</row>'.encode())
            for lo in range(0, len(frame), chunk):
                part = frame.iloc[lo:lo + chunk]
                rows = pd.Series(np.arange(lo + 2, lo + 2 + len(part)), index=part.index).astype("str")
                xml = '<row r="' + rows + '">'
                for letter, name in zip(letters, part.columns):
                    xml = xml + _xlsx_cells(part[name], letter, rows)
                out.write(("".join((xml + "</row>").tolist())).encode())
            out.write(b"</sheetData></worksheet>")


def _write_xls(frame: pd.DataFrame, path: Path) -> None:
    import xlwt

    if len(frame) > 65535:
        raise ValueError(".xls holds at most 65535 data rows")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("案件")
    date = xlwt.easyxf(num_format_str="yyyy/m/d h:mm:ss")
    for j, name in enumerate(frame.columns):
        sheet.write(0, j, str(name))
        col = frame[name]
        is_time = pd.api.types.is_datetime64_any_dtype(col)
        values = col.astype("object").where(col.notna(), None).tolist()
        for i, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            if is_time:
                sheet.write(i, j, value.to_pydatetime(), date)
            else:
                sheet.write(i, j, value.item() if hasattr(value, "item") else value)
    book.save(str(path))
