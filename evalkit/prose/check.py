"""Layer 3, prose: a report's text checked — its claims, each matched with the tables' figures
and with the figures beside it, the findings, and a frame listing every claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..findings import Findings
from ..io.document import DOCUMENT_SUFFIXES, read_document
from ..rules.profile import RuleProfile, as_profile
from .claims import Passage, extract_claims
from .derived import add_derived
from .match import DIFFERS, UNMATCHED, Match, Quantity, claims_frame, match_claims, prose_findings
from .plain import read_plain

#: The files a report's text is read from: as published (.docx/.html/.htm/.pdf) or extracted (.txt).
TEXT_SUFFIXES = DOCUMENT_SUFFIXES | {".txt"}


@dataclass
class ProseCheck:
    """The claims of one report's text with their counterparts, and the findings they give."""

    file: str
    matches: list[Match] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    part: str = "正文"  # what was read: the report's text, or a form's cells ("自评表 年度总体目标")

    def frame(self) -> pd.DataFrame:
        """One row per claim and counterpart (:func:`evalkit.prose.match.claims_frame`), with the file."""
        out = claims_frame(self.matches)
        out.insert(0, "文件", self.file.replace("\\", "/").rsplit("/", 1)[-1])
        return out

    def counts(self) -> dict[str, int]:
        """How many claims agree, differ and could not be matched."""
        statuses = [m.status for m in self.matches]
        return {s: statuses.count(s) for s in ("一致", DIFFERS, UNMATCHED)}

    def summary(self) -> str:
        """One line: how many figures the text states, and how many agree, differ, were not matched."""
        c = self.counts()
        return (f"{self.file} [{self.part}] 所述数字 {len(self.matches)} 处：一致 {c['一致']}，不一致 {c[DIFFERS]}，"
                f"未能对照 {c[UNMATCHED]}（只列出）")


def check_prose(passages: Iterable[Passage], quantities: Sequence[Quantity], file: str = "",
                profile: str | RuleProfile = "national", part: str = "正文") -> ProseCheck:
    """The claims of a text's paragraphs matched with ``quantities`` and with each other.

    >>> from types import SimpleNamespace as P
    >>> c = check_prose([P(text="部门预算总额为282.19万元,全年实际执行额为 224.05万元,总体执行率75.5%。", where="第20段")], [])
    >>> [f.rule for f in c.findings], c.counts()
    (['prose-rate'], {'一致': 0, '不一致': 1, '未能对照': 2})
    """
    prof = as_profile(profile)
    matches = add_derived(match_claims(extract_claims(passages, file), quantities, prof), prof)
    return ProseCheck(file, matches, prose_findings(matches, prof), part)


def report_paragraphs(path: str | Path) -> Sequence[Passage]:
    """The prose paragraphs of a report file: a published .docx/.html/.pdf, or its extracted text (.txt)."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        return read_plain(path)
    return read_document(path).paragraphs


__all__ = ["TEXT_SUFFIXES", "ProseCheck", "check_prose", "report_paragraphs"]
