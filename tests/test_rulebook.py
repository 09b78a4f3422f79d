"""The rule catalogue: every finding comes from a registered rule, and every rule is used."""

import re
from pathlib import Path

import pytest

import evalkit as ek
from evalkit.department.checks import CHECKS as TABLE_CHECKS
from evalkit.findings import Finding, Severity
from evalkit.rulebook import RULES, SCOPES, get_rule, rule_name
from evalkit.selfeval.checks import CHECKS as FORM_CHECKS

PACKAGE = Path(ek.__file__).parent
SOURCES = [p for p in PACKAGE.rglob("*.py") if p.name != "rulebook.py"]


def _ids_in_source() -> set[str]:
    # ids given to Finding(...), a module's finding helper or a @rule decorator, as a string argument
    literal = re.compile(r'(?:Finding|_finding|_find|rule)\((?:[^"()]*?, )?"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"')
    family = re.compile(r'"((?:case|counts|funnel|assessment)-[a-z0-9-]+)"')
    return {m for path in SOURCES for text in [path.read_text(encoding="utf-8")]
            for m in literal.findall(text) + family.findall(text)}


def test_every_rule_used_is_registered_and_every_registered_rule_is_used():
    used = _ids_in_source() | set(FORM_CHECKS) | set(TABLE_CHECKS)
    assert len(used) > 30, "the pattern no longer finds the rule ids in the source"
    assert not sorted(used - set(RULES)), "unregistered"
    assert not sorted(set(RULES) - used), "registered but never reported"


def test_rule_records_are_complete():
    for rule in RULES.values():
        assert rule.scope in SCOPES and rule.severity in {s.value for s in Severity}
        assert rule.name and rule.text.endswith("。"), rule.id
    assert get_rule("execution-score").name == "执行率得分" == rule_name("execution-score")


def test_an_unknown_rule_id_is_refused():
    with pytest.raises(KeyError, match="unregistered rule id 'made-up'"):
        Finding("made-up", Severity.ERROR, "a.xlsx", "S", "A1", "", None, None, "…")
    f = Finding("grade", "warning", "a.xlsx", "S", "A1", "", None, None, "…")
    assert f.severity is Severity.WARNING and f.definition.name == "等级"
