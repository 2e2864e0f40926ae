"""One defect, shown and counted once: the records of a defect in 实施周期指标值 and 年度指标值 pair by
the `group` they carry, and the queue's 最常见问题 counts defects, not records."""
from __future__ import annotations

from types import SimpleNamespace

from audit.config import VERDICT
from audit.findings import Finding
from audit.queue import Submission
from audit.report.pairs import defects, shown
from audit.report.queue_reports import Index


def finding(field: str, rule: str = "TG11", value: str = "≥95%", path: str = "表.txt", indicator: int = 3,
            severity: str = "warning") -> Finding:
    return Finding(rule=rule, name="rule-name", category="targets", severity=severity, path=path, line=7,
                   project="某项目", indicator=indicator, field=field, value=value,
                   message=f"实施周期指标值“{value}”有问题", suggestion="改正", indicator_name="完成率")


def test_records_pair_by_the_group_they_carry(monkeypatch):
    period, annual = finding("period", value="≥95%"), finding("annual", value="95%以上")
    assert [f.field for f in shown([period, annual], "zh")] == ["period", "annual"]  # two defects
    monkeypatch.setattr(Finding, "group", property(lambda f: "one-defect"))  # the key findings carry decides
    assert [f.field for f in shown([period, annual], "zh")] == ["period+annual"]


def test_equally_named_files_in_two_folders_do_not_pair():
    period, annual = finding("period", path="甲局/表.txt"), finding("annual", path="乙局/表.txt")
    assert period.group == annual.group  # the group names a file by its name
    assert [f.field for f in shown([period, annual], "zh")] == ["period", "annual"]
    assert len(defects([period, annual])) == 2


def test_most_frequent_problems_count_a_pair_once():
    pairs = [finding(field, indicator=n) for n in (1, 2, 3) for field in ("period", "annual")]
    singles = [finding("name", rule="TG12", value=f"评分{n}", indicator=n) for n in (1, 2, 3, 4)]
    submission = Submission("某局", "some", ["表.txt"], findings=pairs + singles)
    settings = SimpleNamespace(lang="zh", verdict=VERDICT)
    index = Index([submission], SimpleNamespace(rules=[]), settings)
    assert index.top_problems(submission) == "TG12 rule-name ×4；TG11 rule-name ×3"
    assert len(defects(pairs + singles)) == 7
