"""The CJK font (reports.fonts): the bundled Noto Sans CJK SC, cut down to a page's characters and embedded."""

import base64
import re
from pathlib import Path

from evalkit.reports import fonts


def test_the_bundled_font_is_there():
    path = Path(fonts.font_path())
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.is_file()
    assert fonts.FONT_FAMILY.startswith(f'"{fonts.EMBEDDED_FONT}"')


def test_a_subset_is_a_small_opentype_font_and_is_cached():
    fonts.subset_cjk_font.cache_clear()
    first = fonts.subset_cjk_font("复核结果")
    assert first[:4] == b"OTTO" and len(first) < 20_000
    assert fonts.subset_cjk_font("复核结果") is first
    info = fonts.subset_cjk_font.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert len(fonts.subset_cjk_font("复核结果预算执行率")) > len(first)  # more characters, more glyphs


def test_an_ascii_page_is_left_as_it_is():
    page = "<html><head><title>x</title></head><body>701.8 / 8907</body></html>"
    assert fonts.embed_cjk_font(page) == page


def test_chinese_page_gets_a_data_url_font_before_head_end():
    page = "<html><head><title>复核</title></head><body>执行率 60.74%</body></html>"
    out = fonts.embed_cjk_font(page)
    assert out.count("@font-face") == 1 and out.index("@font-face") < out.index("</head>")
    assert out.replace(out[out.index("<style"):out.index("</head>")], "") == page
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", out).group(1)
    assert base64.b64decode(data) == fonts.subset_cjk_font("".join(sorted(set("复核执行率"))))  # non-ASCII only


def test_a_fragment_without_head_gets_the_font_first():
    out = fonts.embed_cjk_font("<p>复核</p>")
    assert out.startswith('<style type="text/css">@font-face') and out.endswith("<p>复核</p>")


def test_a_subset_is_kept_on_disk_by_its_characters_and_a_damaged_one_is_redone(tmp_path):
    from evalkit.reports.fonts import cached_subset, subset_cjk_font

    first = cached_subset("复核报告", tmp_path)
    [kept] = list(tmp_path.glob("*.otf"))
    assert kept.read_bytes() == first == subset_cjk_font("复核报告")
    assert cached_subset("审计底稿", tmp_path) != first and len(list(tmp_path.glob("*.otf"))) == 2
    kept.write_bytes(b"garbage")
    assert cached_subset("复核报告", tmp_path) == first and kept.read_bytes() == first


def test_finding_the_font_imports_neither_mplfonts_nor_matplotlib():
    """A runner or worker embedding fonts in pages has no use for matplotlib (half a second to import)."""
    import subprocess
    import sys

    code = ("import sys; from evalkit.reports.fonts import font_path; font_path(); "
            "print([m for m in ('mplfonts', 'matplotlib') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
