"""Layer 2, rule profiles: the configuration of every rule, validated when it is loaded.

A profile is a TOML file (``profiles/national.toml`` is the national default; a provincial
variant names it as ``base`` and overrides some keys). It holds the self-evaluation scoring
switches (execution points and denominator, reverse-scoring mode, qualitative bands, 一级
weights, grades, rounding), the tolerance of rounding differences and the materiality threshold
of findings, the case-assessment points and the 55/45 weights of the
composite rate, and the unit-assessment weights and cap. Anything missing, of the wrong type or
out of range is a :class:`~evalkit.errors.ProfileError` naming the profile and the key.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ProfileError

PROFILES: Path = Path(__file__).resolve().parent / "profiles"


@dataclass(frozen=True)
class RuleProfile:
    """The switches of the rules: national default plus provincial variants.

    Load one with :func:`load_profile`; the defaults live in ``evalkit/rules/profiles/national.toml``.
    """

    name: str
    description: str
    execution_points: float
    execution_denominator: str
    execution_overrun: float
    reverse_mode: str
    overachievement: float
    cost_is_reverse: bool
    bands: dict[str, tuple[float, float]]
    level1_weights: dict[str, float]
    total_weight: float
    grades: tuple[tuple[str, float], ...]
    score_decimals: int
    case_points: dict[str, float]
    resolution_weight: float
    date_only_deadline: str
    assessment_weights: dict[str, float]
    assessment_cap: float
    rounding_units: float = 1.0
    rounding_steps: dict[str, float] = field(default_factory=lambda: {"amount": 0.01, "rate": 0.01, "score": 0.1})
    materiality: float = 10.0


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _read_toml(name_or_path: str | Path, seen: tuple[str, ...] = ()) -> dict:
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = PROFILES / f"{name_or_path}.toml"
    if not path.is_file():
        raise ProfileError(f"找不到评分规则 {str(name_or_path)!r}；可用的规则: {', '.join(available_profiles())}")
    if str(path) in seen:
        raise ProfileError(f"评分规则 {path.name}: base 形成循环（{' → '.join(seen)}）")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ProfileError(f"评分规则 {path.name} 无法读取：{exc}") from exc
    if "base" in raw:
        raw = _merge(_read_toml(raw.pop("base"), (*seen, str(path))), raw)
    return raw


def available_profiles() -> list[str]:
    """Names of the rule profiles shipped with evalkit.

    >>> available_profiles()
    ['linear', 'national']
    """
    return sorted(p.stem for p in PROFILES.glob("*.toml"))


class _Reader:
    """Typed access to a profile's keys; every problem names the profile and the dotted key."""

    def __init__(self, raw: dict, name: str) -> None:
        self.raw, self.name = raw, name

    def fail(self, key: str, expected: str, got: object = None) -> ProfileError:
        shown = "缺失" if got is None else f"实为 {got!r}"
        return ProfileError(f"评分规则 {self.name}: {key} 应为{expected}，{shown}")

    def get(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "必填项")
            node = node[part]
        return node

    def number(self, key: str, low: float = -math.inf, high: float = math.inf) -> float:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise self.fail(key, f" {low:g} 到 {high:g} 之间的数", value)
        return float(value)

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.get(key)
        if value not in options:
            raise self.fail(key, " " + " 或 ".join(options), value)
        return value

    def table(self, key: str) -> dict[str, float]:
        value = self.get(key)
        if not isinstance(value, dict) or not value:
            raise self.fail(key, "非空的表", value)
        out = {}
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                raise self.fail(f"{key}.{k}", "非负数", v)
            out[str(k)] = float(v)
        return out


def _bands(r: _Reader) -> dict[str, tuple[float, float]]:
    bands = {}
    for band in ("achieved", "partial", "not_achieved"):
        value = r.get(f"indicators.qualitative.{band}")
        if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(x, (int, float)) for x in value)
                or not 0 <= value[0] <= value[1] <= 1):
            raise r.fail(f"indicators.qualitative.{band}", " [下限, 上限]（0 ≤ 下限 ≤ 上限 ≤ 1）", value)
        bands[band] = (float(value[0]), float(value[1]))
    return bands


def _steps(r: _Reader) -> dict[str, float]:
    """The coarsest printed precision a rounding difference may have, per kind of figure (a rate's
    in percentage points)."""
    steps = {}
    for kind, high in (("amount", 100.0), ("rate", 1.0), ("score", 1.0)):
        value = r.get(f"tolerance.{kind}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= high:
            raise r.fail(f"tolerance.{kind}", f"大于 0、不超过 {high:g} 的数", value)
        steps[kind] = float(value)
    return steps


def load_profile(name_or_path: str | Path = "national") -> RuleProfile:
    """Load and validate a rule profile by name ("national", "linear") or from a TOML file.

    >>> p = load_profile(); p.execution_points, p.case_points["late"], p.assessment_cap
    (10.0, 0.55, 5.0)
    """
    raw = _read_toml(name_or_path)
    r = _Reader(raw, str(raw.get("name", name_or_path)))
    grades = r.table("grades")
    weights = r.table("assessment.weights")
    if abs(sum(weights.values()) - 1) > 1e-9:
        raise r.fail("assessment.weights", "合计为 1 的权重", weights)
    points = r.table("cases.points")
    if set(points) != {"on_time", "late", "not_completed"}:
        raise r.fail("cases.points", " on_time、late、not_completed 三项", sorted(points))
    return RuleProfile(
        name=str(r.get("name")),
        description=str(raw.get("description", "")),
        execution_points=r.number("execution.points", 0, 100),
        execution_denominator=r.choice("execution.denominator", ("budget", "budget_initial")),
        execution_overrun=r.number("execution.overrun", 1),
        reverse_mode=r.choice("indicators.reverse_mode", ("ratio", "linear")),
        overachievement=r.number("indicators.overachievement", 1),
        cost_is_reverse=bool(r.get("indicators.cost_is_reverse")),
        bands=_bands(r),
        level1_weights=r.table("weights.level1"),
        total_weight=r.number("weights.total", 0),
        grades=tuple(sorted(grades.items(), key=lambda kv: -kv[1])),
        score_decimals=int(r.number("rounding.score_decimals", 0, 6)),
        case_points=points,
        resolution_weight=r.number("cases.resolution_weight", 0, 1),
        date_only_deadline=r.choice("cases.date_only_deadline", ("end_of_day", "flag")),
        assessment_weights=weights,
        assessment_cap=r.number("assessment.cap", 0),
        rounding_units=r.number("tolerance.units", 0, 10),
        rounding_steps=_steps(r),
        materiality=r.number("materiality.amount", 0),
    )


def as_profile(profile: str | Path | RuleProfile) -> RuleProfile:
    """A profile object from a name, a path or a profile (a built-in name is read once)."""
    if isinstance(profile, RuleProfile):
        return profile
    if isinstance(profile, str) and "/" not in profile and not profile.endswith(".toml"):
        return _named_profile(profile)
    return load_profile(profile)


@functools.lru_cache(maxsize=16)
def _named_profile(name: str) -> RuleProfile:
    return load_profile(name)
