"""Every rule against its fixture cases (tests/fixtures/rules/<RULE>.yaml): a case is a text table,
or with `form:` one project's 申报表 (tests/renderers.py form_grid's keys) written as a workbook.

All cases of all rules are linted in one run (one Great Expectations batch per table, as in real
use); each test then asserts the exact findings of its rule in its case's document. `pytest -k TG01`
runs one rule's cases.

A case of a rule across submissions gives `documents` (the submissions of one run, each a case of
its own; `times: N` stands for N alike) and optionally `previous` (an earlier run's): its documents
are linted together and compared as a corpus, apart from every other case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TESTS, lint_paths
from renderers import to_form_xlsx
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
        if "documents" in case:
            continue
        if "form" in case:  # one project's 申报表, as a workbook
            path = to_form_xlsx(folder / f"{rule}_{case['id']}.xlsx", [case["form"]])
        else:
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
    for rule, case in CASES:
        if "documents" in case:
            found[(rule, case["id"])] = corpus_findings(folder / f"{rule}_{case['id']}", case, catalogue, settings)
    return found


def corpus_findings(folder, case, catalogue, settings):
    """The findings of a run over the case's documents, compared with each other and with `previous`."""
    from audit import corpus
    from audit.lint import lint

    runs = {}
    for run in ("previous", "documents"):
        paths = []
        for number, document in enumerate(case.get(run, [])):
            for copy in range(document.get("times", 1)):
                path = folder / run / f"{number:02d}-{copy:02d}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(from_case(document), encoding="utf-8")
                paths.append(str(path))
        result = lint(paths, settings.active(catalogue), settings) if paths else None
        assert not (result and result.input_errors)
        runs[run] = result and [corpus.Member(f.path, f.path, corpus.department_key(f.department, f.path), f.summary)
                                for f in result.files]
    return corpus.run(runs["documents"], settings.active(catalogue), settings, runs["previous"])


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


def test_a_rule_yields_where_the_rule_its_record_names_reports(tmp_path, catalogue, settings):
    """TG11 declares `unless: [TG04]`: a target that copies the name is TG04's alone; with TG04
    switched off, nothing takes precedence and TG11 reports the words-only target."""
    from dataclasses import replace

    from tables import render

    assert "TG04" in next(rule for rule in catalogue if rule.id == "TG11").unless
    path = tmp_path / "copied.txt"
    path.write_text(render([{"indicators": ["2-效益指标；22-社会效益；网格分配率；实施周期指标值:网格分配率；年度指标值:≥95%"]}]),
                    encoding="utf-8")
    rules_at = lambda result: sorted(f.rule for f in result.findings if f.field == "period")  # noqa: E731
    assert rules_at(lint_paths([path], catalogue, settings)) == ["TG04"]
    settings.rules["TG04"] = replace(settings.rules["TG04"], enabled=False)
    assert rules_at(lint_paths([path], catalogue, settings)) == ["TG11"]
