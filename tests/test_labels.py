"""Chinese display names: columns and rule ids."""

import re
from pathlib import Path

import pandas as pd

import evalkit as ek
from evalkit import checks, table_checks
from evalkit.labels import RULE_NAMES, display, rule_name

PACKAGE = Path(ek.__file__).parent


def test_every_rule_a_finding_can_carry_has_a_chinese_name():
    registered = set(checks.RULES) | set(table_checks.RULES)
    # ids given directly to Finding(...) or a module's finding helper, as the first string argument
    literal = re.compile(r'(?:Finding|_finding|_find|_bad_row|_problem)\((?:[^"()]*?, )?"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"')
    written = {m for path in PACKAGE.glob("*.py") for m in literal.findall(path.read_text(encoding="utf-8"))}
    # the case modules name their rules case-…, counts-…, funnel-…, assessment-…
    family = re.compile(r'"((?:case|counts|funnel|assessment)-[a-z0-9-]+)"')
    written |= {m for path in PACKAGE.glob("*.py") for m in family.findall(path.read_text(encoding="utf-8"))}
    assert written, "the pattern no longer finds the rule ids in the source"
    missing = sorted((registered | written) - set(RULE_NAMES))
    assert not missing, missing


def test_names_are_used_in_displays():
    assert rule_name("same-quantity") == "同一数据前后不一"
    assert display(pd.DataFrame(columns=["rule", "cell"])).columns.tolist() == ["规则", "单元格"]
    page = ek.load_self_evaluation("data/zhongfang-2020/自评表.xlsx").check()._repr_html_()
    assert "执行率得分" in page and 'title="execution-score"' in page
