"""Every rule against its fixture cases (tests/fixtures/rules/<RULE>.yaml).

All cases of all rules are linted in one run (one Great Expectations batch per table, as in real
use); each test then asserts the exact findings of its rule in its case's document. `pytest -k TG01`
runs one rule's cases.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TESTS, lint_paths
from tables import from_case

FIXTURES = TESTS / "fixtures" / "rules"


def load_cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield data["rule"], case


CASES = list(load_cases())


@pytest.fixture(scope="module")
def findings_by_case(tmp_path_factory, catalogue):
    from audit import config
    folder = tmp_path_factory.mktemp("cases")
    paths = {}
    for rule, case in CASES:
        path = folder / f"{rule}_{case['id']}.txt"
        path.write_text(from_case(case), encoding="utf-8")
        paths[(rule, case["id"])] = path
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    result = lint_paths(paths.values(), catalogue, settings)
    assert not result.input_errors, result.input_errors
    found = {key: [] for key in paths}
    by_path = {str(path): key for key, path in paths.items()}
    for finding in result.findings:
        found[by_path[finding.path]].append(finding)
    return found


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{rule}_{case['id']}" for rule, case in CASES])
def test_rule_case(rule, case, findings_by_case):
    findings = [f for f in findings_by_case[(rule, case["id"])] if f.rule == rule]
    actual = sorted((f.project, f.indicator, f.field) for f in findings)
    expected = sorted(tuple(item) for item in case["expect"])
    assert actual == expected, [f.message for f in findings]
    for finding in findings:  # every finding says what is wrong and what to do
        assert finding.message and finding.suggestion and "{" not in finding.message + finding.suggestion


def test_every_rule_has_passing_and_failing_cases(catalogue):
    kinds = {}
    for rule, case in CASES:
        kinds.setdefault(rule, set()).add("fail" if case["expect"] else "pass")
    missing = [rule.id for rule in catalogue if kinds.get(rule.id) != {"pass", "fail"}]
    assert not missing, f"rules without both a passing and a failing case: {missing}"
    assert set(kinds) <= {rule.id for rule in catalogue}, "fixture for an unknown rule"


def test_case_ids_follow_their_outcome():
    for rule, case in CASES:
        assert case["id"].startswith("fail" if case["expect"] else "pass"), f"{rule} {case['id']}"
