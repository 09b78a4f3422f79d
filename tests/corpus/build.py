"""Build the corpus of real published self-evaluation tables from their transcriptions.

Each ``<place>-<year>.toml`` beside this file is one table as a unit published it (address in
``source``), cell by cell: the publisher's header wording, row order, merged cells, blank and
placeholder rows and mistakes, none corrected. This script writes ``<place>-<year>.xlsx`` (or
``.xls`` where the transcription says ``format = "xls"``) and ``SOURCES.md``; both are committed so
the tests and ``benchmarks/bench_corpus.py`` read the files an auditor would receive.

Run ``python tests/corpus/build.py`` after adding or editing a transcription. A TOML number
becomes a number cell, a TOML string a text cell (so numbers published as text stay text).
"""

from __future__ import annotations

import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils.cell import get_column_letter, range_boundaries

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin")
KINDS = {"project", "department"}


@dataclass
class Transcription:
    """One published table: where it came from, its sheets, and what a checker must find."""

    stem: str
    title: str
    source: str
    publisher: str
    province: str
    year: int
    kind: str
    template: str
    format: str
    notes: str
    sheets: list[dict]
    flag: list[dict] = field(default_factory=list)
    clean: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.format}"


def load(path: Path) -> Transcription:
    """Read and validate one transcription; raise ValueError naming the file and the problem."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in ("title", "source", "publisher", "province", "year", "kind", "sheets")
               if k not in data]
    if missing:
        raise ValueError(f"{path.name}: missing keys {missing}")
    if data["kind"] not in KINDS:
        raise ValueError(f"{path.name}: kind must be one of {sorted(KINDS)}")
    fmt = data.get("format", "xlsx")
    if fmt not in ("xlsx", "xls"):
        raise ValueError(f"{path.name}: format must be xlsx or xls")
    for sheet in data["sheets"]:
        if not sheet.get("name") or not isinstance(sheet.get("rows"), list):
            raise ValueError(f"{path.name}: each [[sheets]] needs name and rows")
        for merge in sheet.get("merges", []):
            range_boundaries(merge)
    expect = data.get("expect", {})
    return Transcription(
        stem=path.stem, title=data["title"], source=data["source"], publisher=data["publisher"],
        province=data["province"], year=int(data["year"]), kind=data["kind"],
        template=data.get("template", ""), format=fmt, notes=data.get("notes", ""),
        sheets=data["sheets"], flag=expect.get("flag", []), clean=expect.get("clean", []),
    )


def _write_xlsx(t: Transcription, out: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)  # rebuilt files stay byte-identical
    for sheet in t.sheets:
        ws = wb.create_sheet(sheet["name"])
        width = max((len(r) for r in sheet["rows"]), default=0)
        for r, row in enumerate(sheet["rows"], start=1):
            for c, value in enumerate(row, start=1):
                if value == "" or value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        for merge in sheet.get("merges", []):
            ws.merge_cells(merge)
        for c in range(1, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14
        if sheet["rows"] and width:
            for line in ws.iter_rows(min_row=1, max_row=len(sheet["rows"]), max_col=width):
                for cell in line:
                    cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    wb.save(out)
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """Rewrite an xlsx with fixed entry times, so rebuilding a transcription changes no byte."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time into it
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def _write_xls(t: Transcription, out: Path) -> None:
    import xlwt  # test extra: only the legacy-format transcriptions need it

    book = xlwt.Workbook(encoding="utf-8")
    for sheet in t.sheets:
        ws = book.add_sheet(sheet["name"])
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for merge in sheet.get("merges", []):
            c1, r1, c2, r2 = range_boundaries(merge)
            merged[(r1 - 1, c1 - 1)] = (r1 - 1, r2 - 1, c1 - 1, c2 - 1)
        covered = {(r, c) for (r1, r2, c1, c2) in merged.values()
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet["rows"]):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    r1, r2, c1, c2 = merged[(r, c)]
                    ws.write_merge(r1, r2, c1, c2, value if value != "" else None)
                elif (r, c) not in covered and value not in ("", None):
                    ws.write(r, c, value)
    book.save(str(out))


def build(t: Transcription, folder: Path = HERE) -> Path:
    """Write the workbook of one transcription into ``folder``; return its path."""
    out = folder / t.filename
    (_write_xls if t.format == "xls" else _write_xlsx)(t, out)
    return out


def transcriptions(folder: Path = HERE) -> list[Transcription]:
    """Every transcription in ``folder``, sorted by file name."""
    return [load(p) for p in sorted(folder.glob("*.toml"))]


def sources_md(items: list[Transcription]) -> str:
    """SOURCES.md: one row per table with its address, what it is, and what must be flagged."""
    provinces = sorted({t.province for t in items})
    years = sorted({t.year for t in items})
    lines = [
        "# Corpus of real published self-evaluation tables",
        "",
        "Generated by `python tests/corpus/build.py` from the `.toml` transcriptions beside it.",
        f"{len(items)} tables, {len(provinces)} provinces ({'、'.join(provinces)}), "
        f"years {years[0] if years else '-'}–{years[-1] if years else '-'}.",
        "Each is transcribed as published: wording, order, merges, blanks and mistakes kept.",
        "",
        "| file | province | year | kind | template | publisher / table | source | must flag |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in items:
        flags = "; ".join(f"{f['cell']} {f['rule']}" for f in t.flag) or "—"
        lines.append(f"| {t.filename} | {t.province} | {t.year} | {t.kind} | {t.template} | "
                     f"{t.publisher}：{t.title} | {t.source} | {flags} |")
    lines.append("")
    for t in items:
        if t.notes:
            lines += [f"- **{t.filename}**: {t.notes.strip()}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    items = transcriptions()
    for t in items:
        build(t)
    (HERE / "SOURCES.md").write_text(sources_md(items), encoding="utf-8")
    print(f"{len(items)} workbooks written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --- evaluation: what the benchmark prints and the corpus test asserts --------------------------

@dataclass
class Outcome:
    """What evalkit made of one published table."""

    transcription: Transcription
    read: bool
    error: str
    documents: int
    flagged: list[tuple[str, str]]          # must-flag (cell, rule) found
    missed: list[tuple[str, str]]           # must-flag (cell, rule) not found
    false_errors: list[tuple[str, str]]     # clean cells that got an error finding: (cell, rule)
    seconds: float


def evaluate(items: list[Transcription], folder: Path) -> list[Outcome]:
    """Build each transcription into ``folder`` and spot-check it as ``evalkit check`` would."""
    import time

    from evalkit.department.workbooks import check_paths

    out = []
    for t in items:
        path = build(t, folder)
        start = time.perf_counter()
        report = check_paths([path])
        seconds = time.perf_counter() - start
        first = t.sheets[0]["name"]
        found = {(f.sheet, f.cell, f.rule) for f in report.findings}
        errors = {(f.sheet, f.cell): f.rule for f in report.findings if f.severity.value == "error"}
        flagged, missed = [], []
        for flag in t.flag:
            key = (flag.get("sheet", first), flag["cell"], flag["rule"])
            (flagged if key in found else missed).append((flag["cell"], flag["rule"]))
        false_errors = [(cell, errors[(first, cell)]) for cell in t.clean if (first, cell) in errors]
        error = "; ".join(str(e) for e in report.unreadable)
        out.append(Outcome(t, bool(report.documents) and not report.unreadable, error, len(report.documents),
                           flagged, missed, false_errors, seconds))
    return out
