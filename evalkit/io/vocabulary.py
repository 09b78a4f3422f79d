"""Layer 1, vocabulary: which header wordings name which column role, per kind of table.

The built-in vocabulary is data (``vocabulary.toml`` beside this module). A user extends it
with a file of the same shape, and overrides a header for one run (``--header '预算数=budget'``):
:func:`load_vocabulary` merges both and returns a :class:`Vocabulary`, which every table reader
takes. Problems with a user's file or override are :class:`~evalkit.errors.UsageError` naming
the file, section, role or header.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..errors import UsageError
from .cells import header_key

if TYPE_CHECKING:
    from .layout import Wanted

BUILT_IN = Path(__file__).resolve().parent / "vocabulary.toml"


@dataclass(frozen=True)
class Vocabulary:
    """Section (kind of table) → role → the wordings that name it, in matching order.

    ``overrides`` maps a reduced header (:func:`~evalkit.io.layout.header_key`) to the role it
    names, whatever the built-in wordings say; ``source`` lists where the wordings came from.
    """

    sections: dict[str, Wanted]
    overrides: dict[str, str] = field(default_factory=dict)
    source: tuple[str, ...] = ()

    def section(self, name: str) -> Wanted:
        """The roles of one kind of table, with the overrides applied: an overridden header is
        a wording of its role only (placed first), and of no other role of the section."""
        roles = self.sections[name]
        if not self.overrides:
            return roles
        out = {role: tuple(w for w in words if header_key(w) not in self.overrides) for role, words in roles.items()}
        for header, role in self.overrides.items():
            if role in out:
                out[role] = (header, *out[role])
        return out

    def roles(self) -> set[str]:
        """Every role of every section."""
        return {role for roles in self.sections.values() for role in roles}


def _read(path: Path) -> dict[str, Wanted]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"表头词表 {path} 无法读取：{exc}") from exc
    out: dict[str, Wanted] = {}
    for section, roles in raw.items():
        if not isinstance(roles, dict):
            raise UsageError(f"表头词表 {path}: [{section}] 应为“角色 = [表头, …]”的表")
        for role, words in roles.items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise UsageError(f"表头词表 {path}: [{section}] {role} 应为非空字符串的列表")
        out[section] = {role: tuple(words) for role, words in roles.items()}
    return out


@functools.lru_cache(maxsize=1)
def built_in() -> Vocabulary:
    """The vocabulary shipped with evalkit.

    >>> "全年预算数" in built_in().section("funds")["budget"]
    True
    """
    return Vocabulary(_read(BUILT_IN), source=(str(BUILT_IN),))


def parse_overrides(items: list[str] | None) -> dict[str, str]:
    """``['预算数=budget', …]`` → ``{reduced header: role}``; a malformed item is a UsageError.

    >>> parse_overrides(["全年预算（万元）=budget"])
    {'全年预算': 'budget'}
    """
    out = {}
    for item in items or []:
        header, sep, role = item.partition("=")
        if not sep or not header_key(header) or not role.strip():
            raise UsageError(f"--header 应写成 表头=角色，例如 预算数=budget（收到 {item!r}）")
        out[header_key(header)] = role.strip()
    return out


def load_vocabulary(extra: str | Path | None = None, overrides: Mapping[str, str] | list[str] | None = None
                    ) -> Vocabulary:
    """The built-in vocabulary, extended by the file ``extra`` and with ``overrides`` applied.

    ``overrides`` is ``{header: role}`` or a list of ``"header=role"``; a role nobody knows is an
    error listing the known ones.

    >>> v = load_vocabulary(overrides=["资金合计=budget"])
    >>> v.section("funds")["budget"][0]
    '资金合计'
    """
    base = built_in()
    sections = {name: dict(roles) for name, roles in base.sections.items()}
    source = base.source
    if extra is not None:
        for name, roles in _read(Path(extra)).items():
            merged = sections.setdefault(name, {})
            for role, words in roles.items():
                merged[role] = (*merged.get(role, ()), *(w for w in words if w not in merged.get(role, ())))
        source = (*source, str(extra))
    wanted = parse_overrides(overrides) if isinstance(overrides, list) else {
        header_key(h): r for h, r in (overrides or {}).items()}
    vocabulary = Vocabulary(sections, wanted, source)
    unknown = sorted(set(wanted.values()) - vocabulary.roles())
    if unknown:
        raise UsageError(f"--header 中的角色 {', '.join(unknown)} 不存在；可用的角色：{', '.join(sorted(vocabulary.roles()))}")
    return vocabulary
