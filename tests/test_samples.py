"""The generated sample data (samples): written under data/generated/, never rewritten when present."""

from evalkit.project import DATA
from evalkit.samples import SAMPLES, ensure_samples


def test_the_generated_samples_exist_under_data():
    assert set(SAMPLES) == {"generated/zhongfang-2020/案件导出.csv", "generated/zhongfang-2020/自评报告.docx",
                            "generated/duji-2024/自评报告.docx"}
    assert all((DATA / rel).is_file() for rel in SAMPLES)


def test_the_sample_report_as_published_is_checked_text_and_tables():
    from evalkit.department.workbooks import check_paths

    report = check_paths([DATA / "generated/duji-2024/自评报告.docx"])
    rules = [f.rule for f in report.findings]
    assert rules.count("total-row") == 3 and rules.count("grade-band") == 3  # the tables, as from the workbooks
    assert any(f.rule == "prose-rate" or "75.5%" in f.message for f in report.findings if f.sheet == "正文")


def test_the_zhongfang_report_as_published_holds_seed_001_text_and_its_score_table():
    from evalkit.io.document import read_document

    doc = read_document(DATA / "generated/zhongfang-2020/自评报告.docx")
    assert any("全年问题案件解决率60.74%" in p.text for p in doc.paragraphs)
    assert len(doc.grids) == 1


def test_samples_are_not_rewritten():
    assert ensure_samples() == []

