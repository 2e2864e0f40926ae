"""End to end on the bundled example (a real published table, Guangzhou 2025).

Every finding below was read and confirmed by a reviewer; the test fails on a missed defect and on
a new finding that nobody has reviewed (precision matters as much as recall)."""
from __future__ import annotations

import pytest
from conftest import CLEAN, EXAMPLE, lint_paths

# (rule, project, indicator, field) for every error and warning on the example.
REVIEWED = {
    # the three 22-社会效益 filed under 1-产出指标
    ("CD01", "警用车辆购置经费", 3, "l1"),
    ("CD01", "辅警工作经费", 4, "l1"),
    ("CD01", "业务场所搬迁项目", 3, "l1"),
    # 13-时效指标；2-效益指标 and 3-满意度指标；3-满意度指标
    ("CD02", "涉案车辆服务管理费", 2, "l1"),
    ("CD03", "涉案车辆服务管理费", 4, "l2"),
    # 群众满意率 5%以下; 辅警队伍稳定率 <20%
    ("TG01", "公安民警健康经费", 4, "period"),
    ("TG01", "公安民警健康经费", 4, "annual"),
    ("TG01", "机构运行辅助经费", 3, "period"),
    ("TG01", "机构运行辅助经费", 3, "annual"),
    # 勘查率 大于100%
    ("TG02", "刑事案件耗材经费", 4, "period"),
    ("TG02", "刑事案件耗材经费", 4, "annual"),
    # the five values that repeat their indicator name
    *{("TG04", "外市籍吸毒人员管理服务专项工作经费", n, "period") for n in range(1, 6)},
    # annual above period in both 花都区城市建设维护资金 projects
    ("TG05", "花都区城市建设维护资金", 1, "annual"),
    ("TG05", "花都区城市建设维护资金", 2, "annual"),
    ("TG05", "花都区城市建设维护资金（区本级）", 1, "annual"),
    ("TG05", "花都区城市建设维护资金（区本级）", 2, "annual"),
    # 达到98%达到98%
    ("DU01", "第二代居民身份证工本费补助", 2, "annual"),
    # the split row at 执法办案中心项目 and its duplicate 项目验收合格率
    ("ST02", "执法办案中心项目", None, "row"),
    ("DU02", "执法办案中心项目", 3, "name"),
    # <p> and &lt; left from the HTML export
    ("FM01", "花都区治安视频监控系統建设项目", None, "row"),
    ("FM01", "公安民警健康经费", None, "row"),
}


@pytest.fixture(scope="module")
def example(catalogue):
    from pathlib import Path

    from audit import config
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    return lint_paths([EXAMPLE], catalogue, settings)


def test_example_reads_every_project(example):
    assert [(f.projects, f.indicators, f.error) for f in example.files] == [(31, 144, None)]


def test_example_errors_and_warnings_are_the_reviewed_ones(example):
    found = {(f.rule, f.project, f.indicator, f.field) for f in example.findings if f.severity != "info"}
    assert found - REVIEWED == set(), "unreviewed findings"
    assert REVIEWED - found == set(), "missed defects"


def test_example_totals_add_up(example):
    assert [f for f in example.findings if f.category == "totals"] == []


def test_example_findings_point_at_source_lines(example):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for finding in example.findings:
        if finding.project and finding.rule != "ST02":
            assert lines[finding.line - 1].startswith(finding.project), finding
    split = next(f for f in example.findings if f.rule == "ST02")
    assert split.line == 39 and "37" in split.message


def test_clean_table_has_no_findings(catalogue):
    from pathlib import Path

    from audit import config
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    result = lint_paths([CLEAN], catalogue, settings)
    assert result.files[0].indicators == 22
    assert result.findings == []
