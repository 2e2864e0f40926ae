"""Suppressions with reasons, and the baseline of known findings."""
from __future__ import annotations

import json
import textwrap

import pytest
from conftest import EXAMPLE

from audit.cli import main


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def config(tmp_path, text: str):
    path = tmp_path / "jxaudit.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(out: str) -> set[tuple]:
    return {(f["rule"], f["project"], f["indicator"], f["field"]) for f in json.loads(out)["findings"]}


def test_suppression_hides_the_finding_and_records_its_reason(capsys, tmp_path):
    _, before, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--select", "TG02,CD09")
    config(tmp_path, """\
        suppress:
          - rule: rate-above-100-percent
            project: 刑事案件耗材经费
            indicator: 4
            value: 大于100%
            reason: 勘查率按案件数计，复勘计入
          - rule: CD09
            project: 春运工作补助经费
            reason: 春运安保不直接面向服务对象
        """)
    code, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--select", "TG02,CD09")
    data = json.loads(out)
    assert findings(before) - findings(out) == {
        ("TG02", "刑事案件耗材经费", 4, "period"), ("TG02", "刑事案件耗材经费", 4, "annual"),
        ("CD09", "春运工作补助经费", None, "indicators")}
    assert findings(out) <= findings(before) and code == 0  # what is left is info only
    assert {(s["rule"], s["reason"]) for s in data["suppressed"]} == {
        ("TG02", "勘查率按案件数计，复勘计入"), ("CD09", "春运安保不直接面向服务对象")}
    _, text, _ = run(capsys, "check", EXAMPLE, "--select", "TG02,CD09")
    assert "另有 3 个问题已按配置抑制" in text
    # --no-suppress shows everything, for an audit
    _, everything, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--select", "TG02,CD09", "--no-suppress")
    assert findings(everything) == findings(before)


def test_unused_suppression_is_reported_at_its_line(capsys, tmp_path):
    path = config(tmp_path, """\
        suppress:
          - rule: TG02
            project: 刑事案件耗材经费
            reason: 已核实
          - rule: TG02
            project: 公安民警健康经费
            reason: 该项目没有这个问题
          - rule: TG02
            project: 别的表里的项目
            reason: 不在本次检查的文件中，不报告
        """)
    code, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--select", "TG02")
    unused = [f for f in json.loads(out)["findings"] if f["rule"] == "JX01"]
    assert code == 0
    assert [(f["path"], f["line"], f["project"], f["severity"]) for f in unused] == [
        (path.name, 5, "公安民警健康经费", "warning")]  # as found in the working directory


@pytest.mark.parametrize("entry,named", [
    ("- {rule: TG02, project: 甲}", "reason"),
    ("- {rule: TG02, project: 甲, reason: ''}", "reason"),
    ("- {rule: XX01, project: 甲, reason: 因为}", "XX01"),
    ("- {rule: TG02, project: 甲, reason: 因为, colour: red}", "colour"),
    ("- {rule: TG02, reason: 因为}", "project"),
])
def test_bad_suppressions_are_configuration_errors(capsys, tmp_path, entry, named):
    config(tmp_path, f"suppress:\n  {entry}\n")
    code, _, err = run(capsys, "check", EXAMPLE)
    assert code == 2 and named in err


def test_baseline_reports_only_new_findings(capsys, tmp_path):
    table = tmp_path / "t.txt"
    original = EXAMPLE.read_text(encoding="utf-8")
    table.write_text(original, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    code, _, err = run(capsys, "check", table, "--write-baseline", baseline, "--format", "json")
    assert code == 0 and "写入基线" in err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert recorded and all("line" not in entry for entry in recorded)

    # unchanged: nothing new, everything known
    code, out, _ = run(capsys, "check", table, "--baseline", baseline, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["findings"] == []
    assert data["baseline"] == {"path": str(baseline), "known": len(recorded), "fixed": 0, "new": 0}

    # insert rows above everything (line numbers shift), fix one defect, add another
    lines = original.splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith("项目名称"))
    lines[header + 1:header + 1] = ["\n", "\n"]
    edited = "".join(lines).replace("大于100%", "≥95%").replace("达到90%；年度指标值:达到90%", "达到90%；年度指标值:5%以下")
    table.write_text(edited, encoding="utf-8")
    code, out, _ = run(capsys, "check", table, "--baseline", baseline, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert findings(out) == {("TG01", "第二代居民身份证工本费补助", 4, "annual"),
                             ("TG16", "第二代居民身份证工本费补助", 4, "annual")}
    assert data["baseline"]["fixed"] == 2 and data["baseline"]["new"] == 2
    assert data["baseline"]["known"] == len(recorded) - 2


def test_missing_baseline_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", EXAMPLE, "--baseline", tmp_path / "none.json")
    assert code == 2 and "none.json" in err
