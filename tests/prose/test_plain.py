"""Paragraphs of an extracted plain text (prose.plain): table cells left out, lines numbered."""

import pytest

from evalkit.errors import InputError
from evalkit.prose.plain import plain_paragraphs, read_plain


def test_flattened_table_cells_are_not_prose():
    text = "总体执行率75.5%。\n合计 |\n282.19 |\n\t年度\n指标值\n(50分)\n\t10\n说明：“项目支出”需要填报所有项目支出情况。\n"
    assert [(p.where, p.text) for p in plain_paragraphs(text)] == [
        ("第1行", "总体执行率75.5%。"), ("第8行", "说明：“项目支出”需要填报所有项目支出情况。")]


def test_seed_texts_keep_their_prose(seed_paragraphs):
    assert len(seed_paragraphs["002"]) == 69 and seed_paragraphs["002"][19].where == "第20行"
    assert not any("(50分)" in p.text or p.text == "预算数" for ps in seed_paragraphs.values() for p in ps)


def test_an_unreadable_text_names_the_file(tmp_path):
    with pytest.raises(InputError, match="没有.txt"):
        read_plain(tmp_path / "没有.txt")
    bad = tmp_path / "坏.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8")
    with pytest.raises(InputError, match="坏.txt"):
        read_plain(bad)
