"""Layer 3, workbooks: spot-check files and folders — read every workbook, run every rule,
keep going past failures. A workbook may hold 自评表 and department tables side by side.

A report published as .docx, .html/.htm or .pdf is read too: its tables like a workbook's
sheets, and the figures its text states (:mod:`evalkit.prose`) matched with the figures of its
own tables and of the other files of its folder (one department's year); the prose findings
(``prose-figure``, ``prose-rate``) join the table findings, placed at the paragraph ("第12段")."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Sequence

from ..errors import InputError, LayoutNotFound, UnreadableFile
from ..findings import Finding, Findings
from ..io.document import DOCUMENT_SUFFIXES, Paragraph, read_document
from ..io.vocabulary import Vocabulary
from ..io.workbook import Grid, read_grids
from ..prose.check import ProseCheck, check_prose
from ..prose.claims import extract_claims
from ..prose.match import Quantity
from ..rules.profile import RuleProfile, as_profile
from ..selfeval.checks import check_self_evaluation
from ..selfeval.form import SelfEvaluation, read_sheet
from ..selfeval.rescore import rescore
from .base import DepartmentTable, plain
from .checks import check_table
from .crosscheck import Fact, cross_check_facts, facts_of
from .goals import about, check_goals
from .lines import BaseDataTable, ItemisedBudget, read_base_data, read_itemised
from .quantities import form_quantities, quantities_of
from .tables import ProjectBudgetTable, ScoreList, read_project_budget, read_score_list

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
LOOKED_FOR = ("项目预算执行表（项目名称/项目类别、全年预算、全年执行）、项目自评得分表（项目名称、总分）、"
              "基础数据表（编制数/实际在职人数 或 经费控制情况）、预算执行明细表（项目名称、层级/上级项目、金额列）")
Table = ProjectBudgetTable | ScoreList | BaseDataTable | ItemisedBudget
READERS = (read_project_budget, read_score_list, read_base_data, read_itemised)


class Read(NamedTuple):
    """One file read: its self-evaluation tables, department tables and (a published report)
    its prose paragraphs."""

    path: Path
    forms: list[SelfEvaluation]
    tables: list[Table]
    paragraphs: Sequence[Paragraph] = ()


def read_tables(grid: Grid, vocabulary: Vocabulary | None = None) -> list[Table]:
    """Every kind of department table found on one sheet (usually none or one)."""
    return [t for read in READERS if (t := read(grid, vocabulary)) is not None]


def load_tables(path: str | Path, vocabulary: Vocabulary | None = None) -> list[Table]:
    """Every department table in a workbook, sheet by sheet.

    Raises :class:`~evalkit.errors.LayoutNotFound` naming the file and the labels looked for when
    there is none.

    >>> import evalkit as ek
    >>> [t.kind for t in ek.load_tables(ek.project.DATA / "zhuzhou-2019" / "预算执行明细表.xlsx")]
    ['itemised_budget', 'itemised_budget', 'itemised_budget']
    """
    tables = [t for grid in read_grids(path) for t in read_tables(grid, vocabulary)]
    if not tables:
        raise LayoutNotFound(f"没有找到部门数据表：任何工作表都没有以下表头之一——{LOOKED_FOR}", file=path)
    return tables



@dataclass(frozen=True)
class Document:
    """One table read: where, what kind, about what, and its printed and recomputed totals.

    ``kind`` is ``project`` / ``department`` for a 自评表 (then ``grade`` is the recomputed
    grade) or a department table's kind (``project_budget``, ``score_list`` …).
    """

    file: str
    sheet: str
    kind: str
    subject: str
    year: int | None
    reported_total: float | None
    recomputed_total: float | None
    grade: str | None = None
    layout: tuple[str, ...] = ()

    @property
    def is_self_evaluation(self) -> bool:
        return self.kind in ("project", "department")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if out["grade"] is None:
            del out["grade"]
        for key, value in out.items():  # JSON has no NaN: a figure not printed or not recomputable is null
            if isinstance(value, float) and value != value:
                out[key] = None
        return out


def check(document: SelfEvaluation | DepartmentTable, profile: str | RuleProfile = "national") -> Findings:
    """Every finding of the spot-check rules for one table read (a 自评表 or a department table).

    >>> import evalkit as ek
    >>> check(ek.load_self_evaluation(ek.project.DATA / "zhongfang-2020" / "自评表.xlsx")).summary()
    '错误 3 项，存疑 3 项，提示 0 项'
    """
    if isinstance(document, SelfEvaluation):
        return Findings([*check_self_evaluation(document, profile), *_goals(document, profile).findings])
    return check_table(document, profile)



@dataclass
class CheckReport:
    """Documents read, their findings, and the inputs that could not be read (with why)."""

    documents: list[Document] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    unreadable: list[InputError] = field(default_factory=list)
    prose: list[ProseCheck] = field(default_factory=list)  # the claims of each report's text (not in JSON)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": [d.to_dict() for d in self.documents], "findings": [f.to_dict() for f in self.findings],
                "unreadable": [str(e) for e in self.unreadable]}


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; folders walked for workbooks and published reports (.docx, .html/.htm,
    .pdf; sorted, Office lock files ``~$*`` skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in WORKBOOK_SUFFIXES | DOCUMENT_SUFFIXES
                              and f.is_file() and not f.name.startswith("~$")))
        else:
            out.append(p)
    return out


def load_table(path: str | Path, vocabulary: Vocabulary | None = None) -> Table:
    """The one department table of a workbook (:func:`load_tables` when it holds several).

    >>> import evalkit as ek
    >>> ek.load_table(ek.project.DATA / "duji-2024" / "项目预算执行表.xlsx").reported_total
    213.05
    """
    tables = load_tables(path, vocabulary)
    if len(tables) > 1:
        raise LayoutNotFound(f"工作簿中有 {len(tables)} 张部门数据表（{'、'.join(t.sheet for t in tables)}），"
                             "请用 load_tables 读取全部", file=path)
    return tables[0]


def read_workbook(path: str | Path, vocabulary: Vocabulary | None = None,
                  problems: list[InputError] | None = None, grids: list[Grid] | None = None
                  ) -> tuple[list[SelfEvaluation], list[Table]]:
    """The self-evaluation tables and the department tables of one workbook, sheet by sheet.

    Raises :class:`InputError` naming the file and the labels looked for when it holds neither.
    A sheet holding half a table (a funds header with no indicators, say) beside sheets that were
    read raises too, unless ``problems`` is given: then its error is appended there and the tables
    of the other sheets are returned. ``grids``: the sheets when already read (a report's tables).
    """
    forms: list[SelfEvaluation] = []
    tables: list[Table] = []
    empty: list[str] = []  # headers found with nothing under them: said, never passed over silently
    halves: list[InputError] = []
    for grid in read_grids(path) if grids is None else grids:
        found = []
        for table in read_tables(grid, vocabulary):
            if table.frame.empty and table.reported_total is None:
                empty.append(f"工作表 {grid.sheet} {table.layout[0].cell if table.layout else ''} 有{table.kind_name}"
                             "表头，但其下没有任何数据行")
            else:
                found.append(table)
        try:
            forms.extend(read_sheet(grid, vocabulary))
        except InputError as exc:
            if not found:
                halves.append(LayoutNotFound(f"{exc}；也没有找到部门数据表（找过：{LOOKED_FOR}）"))
            # a department table's 全年预算/全年执行 header is not half a 自评表
        tables.extend(found)
    if halves and (problems is None or not forms and not tables):
        raise halves[0]
    if problems is not None:
        problems.extend(halves)
    if not forms and not tables:
        seen = f"（{'；'.join(empty)}）" if empty else ""
        raise LayoutNotFound(f"没有找到可复核的绩效自评表或部门数据表{seen}：任何工作表都没有“全年预算数/全年执行数”"
                             f"资金表头和“一级指标/二级指标/三级指标/分值/得分”指标表头，也没有{LOOKED_FOR}", file=path)
    return forms, tables


def check_workbooks(read: Sequence[Read | tuple], profile: str | RuleProfile = "national") -> CheckReport:
    """Documents and findings of files already read (:class:`Read`, or ``(path, forms, tables)``).

    The documents of one folder are also compared with each other
    (:func:`evalkit.department.crosscheck.cross_check`): one folder holds one department's year;
    the text of a published report is checked against the tables of its folder.
    """
    prof = as_profile(profile)
    files = [r if isinstance(r, Read) else Read(*r) for r in read]
    report = _check_documents(files, prof)
    report.findings.extend(_cross_check_folders(files, prof))
    _check_texts(report, _texts(files), _folder_quantities(files, prof), prof)
    _check_goals(report, files, prof)
    return report


def _folder(path: Path) -> Path:
    return Path(path).resolve().parent


def _folder_facts(read: Sequence[Read]) -> dict[Path, list[Fact]]:
    """The cross-checked amounts of the documents read, by folder (one department's year)."""
    folders: dict[Path, list[Fact]] = {}
    for r in read:
        folders.setdefault(_folder(r.path), []).extend(facts_of(r.forms, r.tables))
    return folders


def _folder_quantities(read: Sequence[Read], profile: RuleProfile) -> dict[Path, list[Quantity]]:
    """The figures of the tables read, by folder, for the reports' texts to be matched with."""
    folders: dict[Path, list[Quantity]] = {}
    for r in read:
        folders.setdefault(_folder(r.path), []).extend(quantities_of(r.forms, r.tables, profile))
    return folders


def _texts(read: Sequence[Read]) -> list[tuple[Path, Sequence[Paragraph]]]:
    return [(r.path, r.paragraphs) for r in read if r.paragraphs]


def _check_texts(report: CheckReport, texts: list[tuple[Path, Sequence[Paragraph]]],
                 quantities: dict[Path, list[Quantity]], profile: RuleProfile) -> None:
    """Each report's text checked against the tables of its folder; its claims (``report.prose``)
    and findings added (its tables are the documents; the text is not one)."""
    for path, paragraphs in texts:
        prose = check_prose(paragraphs, quantities.get(_folder(path), []), str(path), profile)
        if not prose.matches:
            continue
        report.prose.append(prose)
        report.findings.extend(prose.findings)


def _goals(form: SelfEvaluation, profile: str | RuleProfile) -> ProseCheck:
    return check_goals(form, form_quantities(form, profile, about(form)), profile)


def _check_goals(report: CheckReport, read: Sequence[Read], profile: RuleProfile) -> None:
    """Each 自评表's 年度总体目标 figures (:func:`check_goals`): claims and findings added."""
    for r in read:
        for form in r.forms:
            prose = _goals(form, profile)
            if prose.matches:
                report.prose.append(prose)
                report.findings.extend(prose.findings)


def _cross_check_folders(read: Sequence[Read], profile: RuleProfile) -> list[Finding]:
    """The documents of each folder compared with each other."""
    return [f for facts in _folder_facts(read).values() for f in cross_check_facts(facts, profile)]


def _check_documents(read: Sequence[Read], prof: RuleProfile) -> CheckReport:
    """Documents and findings of each table read, on its own."""
    report = CheckReport()
    for path, forms, tables, _ in read:
        for table in forms:
            rescored = rescore(table, prof)
            unfilled = table.unfilled  # nothing to recompute: no total of 10 and grade 差 for an empty form
            report.documents.append(Document(
                str(path), table.sheet, table.kind, table.subject, table.year, table.total.printed,
                None if unfilled else round(rescored.total_expected, 4), None if unfilled else rescored.grade_expected,
                tuple(h.describe() for h in table.layout)))
            report.findings.extend(check_self_evaluation(table, prof))
        for dept in tables:
            report.documents.append(Document(
                str(path), dept.sheet, dept.kind, dept.subject, dept.year, plain(dept.reported_total),
                plain(dept.recomputed_total), layout=tuple(h.describe() for h in dept.layout)))
            report.findings.extend(check_table(dept, prof))
    return report


def _read_one(path: Path, vocabulary: Vocabulary | None, unreadable: list[InputError]) -> Read:
    """A workbook, or a published report (its tables and its prose, read once)."""
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        forms, tables = read_workbook(path, vocabulary, problems=unreadable)
        return Read(path, forms, tables)
    published = read_document(path)
    try:
        forms, tables = read_workbook(path, vocabulary, problems=unreadable, grids=published.grids)
    except LayoutNotFound:
        if not extract_claims(published.paragraphs):  # said as a report, not as a workbook without sheets
            raise LayoutNotFound(f"报告的 {len(published.grids)} 张表格中没有可复核的绩效自评表或部门数据表（找过：{LOOKED_FOR}），"
                                 "正文中也没有可核对的金额、比率、数量或得分", file=path) from None
        forms, tables = [], []  # a report with no table: its text is checked against its folder's tables
    return Read(path, forms, tables, published.paragraphs)


def read_paths(paths: Sequence[str | Path], vocabulary: Vocabulary | None = None) -> tuple[list[Read], list[InputError]]:
    """Read every workbook and report under ``paths``: the files read (:class:`Read`), and the
    unreadable (whole files, or single sheets holding half a table beside sheets that were read)."""
    read: list[Read] = []
    unreadable: list[InputError] = []
    for path in expand(paths):
        try:
            read.append(_read_one(path, vocabulary, unreadable))
        except InputError as exc:
            unreadable.append(exc)
        except (Exception, MemoryError) as exc:  # a damaged file can break any reader: it never hides the others
            unreadable.append(UnreadableFile(f"读取时出错，文件可能已损坏（{type(exc).__name__}: {exc}）", file=path))
    return read, unreadable


def check_paths(paths: Sequence[str | Path], profile: str | RuleProfile = "national",
                vocabulary: Vocabulary | None = None) -> CheckReport:
    """Check every workbook and published report under ``paths``; one unreadable file never
    hides the others' findings.

    A workbook may hold self-evaluation tables (自评表) and/or department tables (项目预算执行表,
    得分表, 基础数据表, 预算执行明细表); each table read is one document. A report (.docx,
    .html/.htm, .pdf) gives its tables, and the figures its text states are matched with the
    tables of its folder (``report.prose``; findings at sheet "正文", cell "第12段").
    """
    files = expand(paths)
    workers = min(PARALLEL_WORKERS, os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1
    if workers > 1:
        return _check_in_parallel(files, profile, vocabulary, workers)
    read, unreadable = read_paths(files, vocabulary)
    report = check_workbooks(read, profile)
    report.unreadable.extend(unreadable)
    return report


# Many workbooks are read and checked on every core; the documents of each folder are then
# cross-checked together here, and the report keeps the order of the files.
PARALLEL_FROM = 40
PARALLEL_WORKERS = 4


class _Part(NamedTuple):
    """One worker's share: its report, and what the folders are checked with afterwards."""

    report: CheckReport
    facts: dict[Path, list[Fact]]
    quantities: dict[Path, list[Quantity]]
    texts: list[tuple[Path, Sequence[Paragraph]]]


def _check_in_parallel(files: list[Path], profile: str | RuleProfile, vocabulary: Vocabulary | None,
                       workers: int) -> CheckReport:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(files) // (workers * 4))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    prof = as_profile(profile)
    context: multiprocessing.context.BaseContext
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")  # a single-threaded caller (the CLI): workers start at once
    else:  # forking a threaded process is unsafe: a server that imported evalkit once forks the workers
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([__name__])
        context = server
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_check_chunk, chunks, [prof] * len(chunks), [vocabulary] * len(chunks)))
    report = CheckReport()
    folders: dict[Path, list[Fact]] = {}
    quantities: dict[Path, list[Quantity]] = {}
    texts: list[tuple[Path, Sequence[Paragraph]]] = []
    for part in parts:
        report.documents.extend(part.report.documents)
        report.findings.extend(part.report.findings)
        report.unreadable.extend(part.report.unreadable)
        for folder, found in part.facts.items():
            folders.setdefault(folder, []).extend(found)
        for folder, figures in part.quantities.items():
            quantities.setdefault(folder, []).extend(figures)
        texts.extend(part.texts)
    report.findings.extend(f for facts in folders.values() for f in cross_check_facts(facts, prof))
    _check_texts(report, texts, quantities, prof)
    return report


def _check_chunk(files: list[Path], profile: RuleProfile, vocabulary: Vocabulary | None) -> _Part:
    """One worker's share: its files read and checked, their amounts for the cross-check, their
    figures and texts for the prose check."""
    read, unreadable = read_paths(files, vocabulary)
    report = _check_documents(read, profile)
    report.unreadable.extend(unreadable)
    return _Part(report, _folder_facts(read), _folder_quantities(read, profile), _texts(read))
