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
