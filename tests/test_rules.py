"""Every rule, as data: tests/rule_cases/CPxxx.yaml (see its README)."""

from __future__ import annotations

import pytest

from casekit import build, load_cases
from coprod_cli.check.engine import check_repository
from coprod_cli.check.registry import all_rules
from coprod_cli.load.repository import load_repository

CASES = load_cases()


@pytest.mark.parametrize("code,case", CASES, ids=[f"{c}-{case['name']}" for c, case in CASES])
def test_rule_case(code, case, tmp_path):
    root = build(case, tmp_path / "repo")
    result = check_repository(load_repository(root), changed=case.get("changed"))
    got = [(d.file, d.line, d.column, d.code, d.severity.value) for d in result.diagnostics]
    if case["expect"] == "pass":
        assert got == [], [d.message for d in result.diagnostics]
        return
    expected = []
    for file, line, col, c, *sev in case["expected"]:
        expected.append((file, line, col, c, sev[0] if sev else None))
    assert [g[:4] for g in got] == [e[:4] for e in expected], [d.message for d in result.diagnostics]
    for g, e in zip(got, expected):
        if e[4] is not None:
            assert g[4] == e[4]
    assert code in {g[3] for g in got}
    # Every message is a Spanish sentence, not pydantic's English.
    for d in result.diagnostics:
        assert d.message and "Field required" not in d.message and "Input should" not in d.message


def test_every_rule_has_a_failing_and_a_passing_case():
    kinds: dict[str, set[str]] = {}
    for code, case in CASES:
        kinds.setdefault(code, set()).add(case["expect"])
    for rule in all_rules():
        assert kinds.get(rule.code) == {"fail", "pass"}, f"{rule.code} needs a failing and a passing case"


def test_rule_metadata():
    rules = all_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes))
    for r in rules:
        assert r.code.startswith("CP") and len(r.code) == 5
        assert r.summary and r.explanation, r.code
        assert r.summary[0].islower() or r.summary[0] in "`«", r.code
    # Codes follow the domain ranges.
    assert all(not r.configurable for r in rules if r.code < "CP200")
    assert all(r.configurable for r in rules if r.code >= "CP200")
