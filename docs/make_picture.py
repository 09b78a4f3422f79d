"""Write the README's picture of a report: the top of duji-2024-bumen's department report (its
working-paper header and first marked table), 1400 px wide, as docs/report.png.

Builds that one catalogue entry into a temporary folder (the project's outputs/ are not touched),
opens it in headless Chromium (evalkit.browser) at 1400 × 900 px and crops the page from its top to
just below the first table with a cell marked wrong (``td.evalkit-wrong``), or its first
``--height`` pixels when there is none.

    .venv/bin/python docs/make_picture.py [--entry duji-2024-bumen] [--out docs/report.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from evalkit.browser import Chromium
from evalkit.runner.build import run_all
from evalkit.samples import ensure_samples

HERE = Path(__file__).resolve().parent
WIDTH = 1400
# the bottom of the first marked table (of the page, when no cell is marked), in CSS pixels
BOTTOM = ("(() => { const cell = document.querySelector('td.evalkit-wrong');"
          " const table = cell && cell.closest('table');"
          " return table ? Math.ceil(table.getBoundingClientRect().bottom + window.scrollY) : 0; })()")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entry", default="duji-2024-bumen", help="catalogue entry to picture")
    parser.add_argument("--out", type=Path, default=HERE / "report.png", help="PNG to write")
    parser.add_argument("--height", type=int, default=1100, help="crop height without a marked table (px)")
    args = parser.parse_args(argv)
    ensure_samples()
    with tempfile.TemporaryDirectory(prefix="evalkit-picture.") as folder:
        result = run_all([args.entry], Path(folder), jobs=1, pdf=False)[0]
        if result.status != "ok" or result.report is None:
            print(f"make_picture: {args.entry} 生成失败：{result.error}", file=sys.stderr)
            return 1
        with Chromium() as browser:
            tab = browser.open(result.report.as_uri(), width=WIDTH)
            bottom = int(tab.evaluate(BOTTOM) or 0)
            height = bottom + 24 if bottom else args.height
            if not bottom:
                print(f"make_picture: {args.entry} 没有标出错误的单元格，截取顶部 {height} px", file=sys.stderr)
            tab.screenshot(args.out, WIDTH, min(height, 4000))
            tab.close()
    print(f"{args.out}（{WIDTH} × {min(height, 4000)} px）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
