"""Every path of the project, anchored at the package (never the current directory)."""

from __future__ import annotations

from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[1]
DATA: Path = ROOT / "data"
NOTEBOOKS: Path = ROOT / "notebooks"
OUTPUTS: Path = ROOT / "outputs"
CATALOG: Path = DATA / "catalog.csv"
PROFILES: Path = Path(__file__).resolve().parent / "profiles"
CACHE: Path = ROOT / ".cache"
