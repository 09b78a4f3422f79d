"""A report's text checked (prose.check): claims, counterparts, findings and the frame."""

from evalkit.prose.check import check_prose


def test_seed_002_text_against_its_tables(seed_paragraphs, seed_quantities):
    c = check_prose(seed_paragraphs["002"], seed_quantities["002"], "002.txt")
    assert sorted(f.rule for f in c.findings) == ["prose-figure"] * 3 + ["prose-rate"]
    assert c.counts() == {"一致": 18, "不一致": 3, "未能对照": 27}
    frame = c.frame()
    assert set(frame["文件"]) == {"002.txt"} and {"不一致", "一致", "未能对照"} <= set(frame["状态"])
    row = frame[(frame["位置"] == "第20行") & (frame["单元格"] == "正文第20行")].iloc[0]
    assert (row["正文数字"], row["表中数字"], row["状态"]) == ("75.5%", "79.40%", "不一致")


def test_seed_001_stated_rates_agree_with_its_case_figures(seed_paragraphs, seed_quantities):
    c = check_prose(seed_paragraphs["001"], seed_quantities["001"], "001.txt")
    assert not c.findings
    rates = c.frame().query("位置 == '第39行' and 类别 == '比率'")
    assert rates.set_index("名称")["状态"].to_dict() == {"全年问题案件解决率": "一致", "及时解决率": "未能对照",
                                                      "综合解决率": "一致"}
