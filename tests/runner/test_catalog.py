import pytest

from evalkit.errors import InputError
from evalkit.runner.catalog import load_catalog


def test_catalog_entries_exist():
    entries = {e.entry: e for e in load_catalog()}
    e = entries["yiyang-2022-xieguanyuan"]
    assert e.year == 2022 and e.notebook_path.is_file() and all(p.is_file() for p in e.input_paths)
    assert e.output_dir.as_posix() == "2022/yiyang-cgzf"


def test_catalog_errors_name_the_line(tmp_path):
    bad = tmp_path / "catalog.csv"
    bad.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                   "a,twenty,d,部门,self_evaluation,x.xlsx,t\n", encoding="utf-8")
    with pytest.raises(InputError, match="第 2 行.*不是四位年份"):
        load_catalog(bad)
    bad.write_text("entry,year\n", encoding="utf-8")
    with pytest.raises(InputError, match="缺少列"):
        load_catalog(bad)


def test_a_title_written_over_two_lines_keeps_the_line_numbers_right(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                    'a,2022,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,"第一行\n第二行"\n'
                    "b,20x2,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n", encoding="utf-8")
    problems: list = []
    [entry] = load_catalog(path, problems=problems)
    assert entry.title == "第一行\n第二行"
    assert "第 4 行" in str(problems[0]) and "20x2" in str(problems[0])


def test_index_number_and_reviewer_are_optional_columns(tmp_path):
    entries = {e.entry: e for e in load_catalog()}
    assert entries["duji-2024-bumen"].index_no == "JXFH-2024-01" and entries["duji-2024-bumen"].reviewer == ""
    path = tmp_path / "catalog.csv"  # a catalogue written before the columns existed still reads
    path.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                    "a,2022,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n", encoding="utf-8")
    [entry] = load_catalog(path)
    assert (entry.index_no, entry.reviewer) == ("", "")
