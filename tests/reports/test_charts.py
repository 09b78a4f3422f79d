import warnings

import evalkit as ek
from evalkit.reports import charts as plots


def test_chinese_renders_without_missing_glyphs(yiyang):
    fig = plots.scores_by_level1(ek.rescore(ek.load_self_evaluation(yiyang)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise here
        png = plots.to_png(fig)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert plots.setup() == "Noto Sans CJK SC"
