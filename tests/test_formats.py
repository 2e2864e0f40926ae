"""Every output format against its golden file (tests/data/golden), plus the fields that the
consumers of SARIF and JUnit read. Regenerate the golden files with UPDATE_GOLDEN=1 after a
deliberate change, and read the diff."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, TESTS

from audit.cli import main
from audit.report import FORMATS

GOLDEN = TESTS / "data" / "golden"
TABLE = "tests/data/defective.txt"  # relative, as a user in the repository would pass it
SUFFIXES = {"text": "txt", "junit": "xml", "markdown": "md"}  # golden file endings other than the name


@pytest.fixture(autouse=True)
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def render(capsys, fmt: str, *extra: str) -> str:
    code = main(["check", TABLE, "--format", fmt, "--config", str(TESTS / "data" / "empty.yaml"), *extra])
    assert code == 1
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)  # every registered format, each with its golden file
def test_golden_output(capsys, fmt):
    out = render(capsys, fmt)
    golden = GOLDEN / f"defective.{SUFFIXES.get(fmt, fmt)}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_english_golden_text(capsys):
    out = render(capsys, "text", "--lang", "en")
    golden = GOLDEN / "defective.en.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_fields_that_code_scanning_reads(capsys):
    sarif = json.loads(render(capsys, "sarif"))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run, = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jxaudit" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    assert run["results"]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("note", "warning", "error") and result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == TABLE
        assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1
        fingerprint = result["partialFingerprints"]["jxaudit/v1"]
        assert isinstance(fingerprint, str) and len(fingerprint) == 32


def test_junit_parses_as_junit(capsys):
    from junitparser import Failure, JUnitXml
    xml = JUnitXml.fromstring(render(capsys, "junit").encode("utf-8"))  # lxml, when installed, wants bytes
    suites = list(xml)
    assert [suite.name for suite in suites] == [TABLE]
    cases = list(suites[0])
    failed = {case.name.split()[0] for case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert failed == {"FM04", "TT01", "TT02", "FM01", "TG01", "TG05", "CD01", "ST02"}
    assert suites[0].tests == len(cases) and suites[0].failures == len(failed)
    ET.fromstring(render(capsys, "junit"))  # well-formed for plain XML readers too


def test_github_annotations_are_chosen_inside_actions(capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", TABLE, "--config", str(TESTS / "data" / "empty.yaml")])
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "file=tests/data/defective.txt,line=10,title=TG01 positive-target-upper-bound::" in "\n".join(lines)


def test_several_outputs_in_one_run(capsys, tmp_path):
    suffixes = {fmt: SUFFIXES.get(fmt, fmt) for fmt in FORMATS}
    outputs = [f"{fmt}:{tmp_path / ('out.' + suffix)}" for fmt, suffix in suffixes.items()]
    code = main(["check", TABLE, "--format", "json", *[arg for o in outputs for arg in ("--output", o)]])
    assert code == 1
    stdout = capsys.readouterr().out
    assert json.loads(stdout)["version"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"out.{s}" for s in suffixes.values())
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == stdout
