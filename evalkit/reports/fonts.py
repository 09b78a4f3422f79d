"""Layer 4, fonts: the CJK font charts and pages use, and a page's characters embedded as a
font subset so Chinese renders the same on a machine without Chinese fonts.

The font is Noto Sans CJK SC shipped inside the ``mplfonts`` wheel; nothing is fetched and
nothing is written into site-packages.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import io
from pathlib import Path

from ..io.atomic import write_atomic

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"


@functools.cache
def font_path() -> str:
    """The bundled font file's path (inside the installed ``mplfonts`` package, found without
    importing it: its ``__init__`` imports matplotlib, half a second a runner or worker never needs).

    >>> Path(font_path()).name
    'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("找不到 mplfonts 包（其中带有报告使用的中文字体）", name="mplfonts")
    return str(Path(list(spec.submodule_search_locations)[0]) / "fonts" / FONT_FILE)


# The font stack of report and index pages. First the subset of Noto Sans CJK SC that
# :func:`embed_cjk_font` embeds: it holds only the page's non-ASCII characters, so Chinese
# renders the same on any machine (a system font listed before it may claim CJK text it cannot
# draw, seen as boxes in Chromium), while Latin text falls through to the system fonts.
EMBEDDED_FONT = "evalkit Noto Sans CJK SC"
FONT_FAMILY = (f'"{EMBEDDED_FONT}", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, '
               '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif')


@functools.lru_cache(maxsize=64)
def subset_cjk_font(text: str) -> bytes:
    """Noto Sans CJK SC (from the ``mplfonts`` wheel) cut down to the characters of ``text``.

    >>> len(subset_cjk_font("复核")) < 20_000
    True
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    options.layout_features = ["*"]
    buffer = io.BytesIO()
    with TTFont(font_path(), lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(buffer)
    return buffer.getvalue()


def cached_subset(text: str, cache: Path | None) -> bytes:
    """:func:`subset_cjk_font`, kept on disk in ``cache`` keyed by the characters and the font
    file: a report rebuilt with the same characters (every ``--force`` run, most nightly runs)
    skips the second of subsetting. A damaged or unwritable cache only costs the subsetting.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> cached_subset("复核", folder) == subset_cjk_font("复核") and len(list(folder.glob("*.otf")))
    1
    """
    if cache is None:
        return subset_cjk_font(text)
    source = Path(font_path())
    key = hashlib.sha256(f"{source.name}:{source.stat().st_size}:{text}".encode("utf-8")).hexdigest()
    path = cache / f"{key}.otf"
    try:
        data = path.read_bytes()
        if data[:4] in (b"OTTO", b"\x00\x01\x00\x00"):
            return data
    except OSError:
        pass
    data = subset_cjk_font(text)
    try:
        write_atomic(path, data)
    except OSError:
        pass
    return data


def embed_cjk_font(page: str, cache: Path | None = None) -> str:
    """Embed, before ``</head>``, a font holding just the non-ASCII characters ``page`` uses
    (subset once per set of characters when a ``cache`` folder is given).

    A page then shows its Chinese text the same on a machine without Chinese fonts, and
    still fetches nothing (the font is a ``data:`` URL). Adds roughly 0.3 KB per character.

    >>> out = embed_cjk_font("<html><head></head><body>复核</body></html>")
    >>> "@font-face" in out and out.index("@font-face") < out.index("</head>")
    True
    >>> embed_cjk_font("<head></head>ascii") == "<head></head>ascii"
    True
    """
    chars = "".join(sorted({c for c in page if ord(c) > 0x7F}))
    if not chars:
        return page
    data = base64.b64encode(cached_subset(chars, cache)).decode("ascii")
    style = (f'<style type="text/css">@font-face {{ font-family: "{EMBEDDED_FONT}"; '
             f'src: url(data:font/otf;base64,{data}) format("opentype"); }}</style>\n')
    at = page.find("</head>")
    return page[:at] + style + page[at:] if at >= 0 else style + page
