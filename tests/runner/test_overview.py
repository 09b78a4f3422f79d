import evalkit as ek


def test_overview_lists_every_entry_with_links():
    ov = ek.load_overview()
    rows = ov.frame().set_index("entry")
    assert "overview" not in rows.index and len(rows) == 7  # the 8 entries but the overview
    assert rows.loc["zhongfang-2020-zhihui", "total_reported"] == 950
    assert rows.loc["zhongfang-2020-zhihui", "total_expected"] == 93
    assert rows.loc["duji-2024-bumen", "errors"] == 6  # F8 94.29% vs 94.2801%: a rounding difference, 提示
    assert rows.loc["lusong-2023-bumen", "link"] == "../../2023/lusong-cgdd/lusong-2023-bumen.html"
    assert round(rows.loc["zhongfang-2020-anjian", "composite_rate"], 4) == 0.5141
    page = ov.table()._repr_html_()
    assert "<a href='../../2022/yiyang-cgzf/yiyang-2022-xieguanyuan.html'>" in page
    assert ov.summary().startswith("共 7 份报告")


def test_unreadable_entry_is_listed_not_dropped(tmp_path):
    catalog = tmp_path / "catalog.csv"
    bad = tmp_path / "bad.xlsx"
    bad.write_text("no")
    catalog.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                       f"bad,2024,d,部门,department,{bad},坏\n", encoding="utf-8")
    rows = ek.load_overview(catalog).frame()
    assert rows.iloc[0]["problem"] and "bad.xlsx" in rows.iloc[0]["problem"]


def test_a_reader_crash_in_one_entry_is_listed_and_the_others_still_shown(tmp_path, monkeypatch):
    import evalkit.runner.overview as overview

    def crash(entry):
        if entry.entry == "duji-2024-bumen":
            raise KeyError("xl/sharedStrings.xml")  # what a damaged workbook can raise in a reader
        return real(entry)

    real = overview.ROWS["department"]
    before = ek.load_overview().frame().set_index("entry")
    monkeypatch.setitem(overview.ROWS, "department", crash)
    rows = ek.load_overview().frame().set_index("entry")
    others = [e for e in rows.index if e != "duji-2024-bumen"]
    assert len(rows) == 7 and rows.loc[others, "errors"].tolist() == before.loc[others, "errors"].tolist()
    assert rows.loc["duji-2024-bumen", "problem"] == "读取时出错（KeyError: 'xl/sharedStrings.xml'）"
