"""The seed reports, and the real published tables of tests/corpus/, written as .docx, .html and
.pdf give the same findings as their spreadsheet transcriptions: only file, sheet ("表N") and cell
("第r行第c列") differ."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from evalkit.browser import Printer, find_chromium
from evalkit.department.workbooks import check_paths
from evalkit.io.cells import squash
from evalkit.io.workbook import read_grids
from evalkit.project import DATA
from evalkit.testing.documents import Report, html_page, seed_blocks, seed_report, write_docx, write_html, write_pdf

IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
SEEDS = {"000": ["yiyang-2022/自评表.xlsx"], "001": ["zhongfang-2020/自评表.xlsx"],
         "002": ["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"],
         "003": ["zhuzhou-2019/预算执行明细表.xlsx"],
         "004": ["lusong-2023/基础数据表.xlsx", "lusong-2023/整体支出绩效自评表.xlsx", "lusong-2023/正文支出数据.xlsx"]}
WRITERS = {"docx": write_docx, "html": write_html}
# prose findings of each seed's text against its own tables (002: 282.19, 75.5% twice, 12.41元; 004: 155.66 and
# 159.54 each against the other table, 1120.78)
PROSE_FINDINGS = {"000": 0, "001": 0, "002": 4, "003": 0, "004": 3}


def key(finding) -> tuple:
    return (finding.rule, finding.severity.value, squash(finding.subject), repr(finding.reported),
            repr(finding.expected))


@pytest.fixture(scope="module")
def seeds():
    return {seed: (seed_report(next((DATA / "seeds").glob(f"{seed}_*.txt")), [DATA / w for w in books]),
                   [DATA / w for w in books]) for seed, books in SEEDS.items()}


@pytest.fixture(scope="module")
def printed(seeds, tmp_path_factory):
    if find_chromium() is None:
        if IN_CI:
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium); required in CI")
    folder = tmp_path_factory.mktemp("pdf")
    with Printer() as printer:
        return {seed: write_pdf(report, folder / seed / f"{seed}.pdf", printer)
                for seed, (report, _) in seeds.items() if (folder / seed).mkdir() is None}


def prose_key(finding) -> tuple:
    return finding.rule, repr(finding.reported), repr(finding.expected)


def _same_findings(document: Path, books: list[Path]) -> list[tuple]:
    """Assert the document's table findings are the transcription's; return its prose findings' keys."""
    expected = check_paths(books)
    got = check_paths([document])
    assert not got.unreadable
    tables = [f for f in got.findings.items if not f.rule.startswith("prose-")]  # the prose checks are not ours
    assert sorted(map(key, tables)) == sorted(map(key, expected.findings.items))
    for finding in tables:
        assert finding.file == str(document)
        assert re.fullmatch(r"表\d+|第\d+页表\d+", finding.sheet)
        assert finding.cell == "" or re.fullmatch(r"第\d+行第\d+列", finding.cell)
    return sorted(prose_key(f) for f in got.findings.items if f.rule.startswith("prose-"))


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_docx_and_html_give_the_transcriptions_findings(seeds, tmp_path, seed, kind):
    report, books = seeds[seed]
    assert len(_same_findings(WRITERS[kind](report, tmp_path / f"{seed}.{kind}"), books)) == PROSE_FINDINGS[seed]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_pdf_gives_the_transcriptions_findings_and_the_same_prose_findings(seeds, printed, tmp_path, seed):
    report, books = seeds[seed]
    prose = _same_findings(printed[seed], books)
    assert prose == _same_findings(write_docx(report, tmp_path / f"{seed}.docx"), books)
    assert len(prose) == PROSE_FINDINGS[seed]


def test_duji_docx_shows_the_total_row_errors_where_a_person_finds_them(seeds, tmp_path):
    found = check_paths([write_docx(seeds["002"][0], tmp_path / "duji.docx")]).findings.items
    totals = {(f.sheet, f.cell, f.reported, f.expected) for f in found if f.rule == "total-row"}
    assert ("表1", "第11行第3列", 282.19, 302.19) in totals and ("表1", "第11行第5列", 213.05, 224.05) in totals
    assert {f.subject for f in found if f.rule == "grade-band"} == {"智慧城管", "文明创建", "垃圾分类"}


def test_seed_text_splits_into_prose_and_flattened_tables(seeds):
    blocks = seed_blocks((next((DATA / "seeds").glob("002_*.txt"))).read_text(encoding="utf-8"))
    tables = [body for kind, body in blocks if kind == "t"]
    assert len(tables) == 2 and tables[0][:3] == ["序号", "项目类别", "年初预算(万元)"]
    report = seeds["002"][0]
    assert [g.sheet for g in report.grids] == ["项目预算执行表", "项目自评得分表"]
    assert "总体执行率75.5%" in next(p for p in report.parts if isinstance(p, str) and "总体执行率" in p)
    assert [g.sheet for g in seeds["003"][0].grids] == ["预算执行明细", "三公经费", "资产情况"]  # appended: 附表


def test_merged_cells_become_rowspan_and_colspan(seeds):
    page = html_page(seeds["000"][0])
    assert 'colspan="9"' in page or "colspan=" in page
    assert "rowspan=" in page and page.count("<table>") == 1


# --- the corpus of real published tables, as documents -------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CORPUS_STEMS = sorted(p.stem for p in CORPUS.glob("*.toml"))
CORPUS_DOCX = ("chizhou-guichi-tangxi-2022", "ningde-dizhenju-2020", "suzhou-xiaoxian-yanglou-shequ-zhongyang-2023",
               "guyuan-yuanzhou-malingshu-2022")  # ~0.7 s each: a project form, a department form, the most findings,
# and a form whose 自评得分 sits in its heading (read from a document table since this test found it failing)


def _corpus_report(corpus_file, stem: str) -> tuple[Report, Path]:
    workbook = corpus_file(stem)
    title = next(line for line in (CORPUS / f"{stem}.toml").read_text(encoding="utf-8").splitlines()
                 if line.startswith("title")).split("=", 1)[1].strip().strip('"')
    return Report(stem, [title, *read_grids(workbook)]), workbook


def _corpus_same(document: Path, workbook: Path, stem: str) -> None:
    expected, got = check_paths([workbook]), check_paths([document])
    said = lambda errors: [str(e).split(": ", 1)[1] for e in errors]  # noqa: E731  (what, not where)
    assert said(got.unreadable) == said(expected.unreadable)
    assert all(str(document) in str(e) for e in got.unreadable)
    assert sorted(map(key, got.findings.items)) == sorted(map(key, expected.findings.items))
    assert all(f.file == str(document) for f in got.findings.items)


@pytest.mark.parametrize("stem", CORPUS_STEMS)
def test_every_corpus_table_as_a_web_page_gives_its_workbooks_findings(corpus_file, tmp_path, stem):
    report, workbook = _corpus_report(corpus_file, stem)
    _corpus_same(write_html(report, tmp_path / f"{stem}.html"), workbook, stem)


@pytest.mark.parametrize("stem", CORPUS_DOCX)
def test_corpus_tables_as_word_documents_give_their_workbooks_findings(corpus_file, tmp_path, stem):
    report, workbook = _corpus_report(corpus_file, stem)
    _corpus_same(write_docx(report, tmp_path / f"{stem}.docx"), workbook, stem)


def test_corpus_tables_printed_as_pdf_give_their_workbooks_findings(corpus_file, tmp_path):
    if find_chromium() is None:
        if IN_CI:
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium); required in CI")
    with Printer() as printer:
        for stem in CORPUS_DOCX[:2]:
            report, workbook = _corpus_report(corpus_file, stem)
            _corpus_same(write_pdf(report, tmp_path / f"{stem}.pdf", printer), workbook, stem)
