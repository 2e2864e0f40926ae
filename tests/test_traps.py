"""The traps table (tests/data/traps.txt): correct targets that look wrong, from agriculture,
education, health, transport and police projects: negated rates (不合格率, 未达标率, 无事故率),
parallel projects for two crops (水稻/小麦 统防统治) that share the indicator library's names, decline rates (投诉下降率), rates of change above 100%, changes in percentage points, complaint
rates under satisfaction, deadlines, 0 accidents, 不高于 cost lines. A reviewer raises nothing
there that needs a look: no error and no warning."""
from __future__ import annotations

import yaml
from conftest import TESTS, lint_paths

TRAPS = TESTS / "data" / "traps.txt"


def test_traps_give_no_error_and_no_warning(catalogue, settings):
    result = lint_paths([TRAPS], catalogue, settings)
    assert result.files[0].indicators >= 40 and result.files[0].projects >= 8
    alarms = [(f.rule, f.project, f.indicator, f.field, f.value) for f in result.findings if f.at_least("warning")]
    assert alarms == []
    # the notes left are the complaint rates filed under satisfaction, and nothing else
    assert {f.rule for f in result.findings} <= {"CD11"}
    assert all("投诉" in f.value for f in result.findings)


PUBLISHED = TESTS / "data" / "traps_published.txt"
# Targets as published by other departments (values unchanged; the excerpts end where noted in
# benchmarks/reviewed.yaml): 武汉市青山区教育局 农村义务教育薄弱学校改造补助资金 (2020); 永德县明朗中学
# 义务教育营养改善计划 (2022); 蒙城县卫健委 国家基本公共卫生服务项目 (2024) with counts from 稷山县 (2021);
# 广元市昭化区 计划生育特别扶助 (2021); 六安市农业农村局 农产品质检体系建设 (2024); 原州区 马铃薯种薯繁育
# (2022); 中江县水利局 农业水价综合改革 (2022); 濉溪县民政局 临时救助 (2019); 湘潭市环境卫生管理处
# 雾炮车降尘抑尘服务 (2023); 大英县民政局 养老服务体系建设 (2020); 安居区市场监管局 食品监管补助资金 (2021);
# 遂宁市市场监管局经开区分局 两品一械 (2021); 嘉峪关城市博物馆 免费开放补助资金 (2023).


def test_published_targets_raise_only_what_a_reviewer_confirms(catalogue, settings):
    """Real tables of education, health, agriculture, water, civil affairs, market regulation, culture and
    city management: no
    error, and every warning is one a reviewer judged correct in benchmarks/reviewed.yaml (vague
    words such as 有所提升, a satisfaction measure under 效益指标); none judged wrong comes back."""
    judged = yaml.safe_load((TESTS.parent / "benchmarks" / "reviewed.yaml").read_text(encoding="utf-8"))["published"]
    result = lint_paths([PUBLISHED], catalogue, settings)
    assert result.files[0].indicators >= 60 and result.files[0].projects >= 10
    assert [f for f in result.findings if f.severity == "error"] == []
    keys = [f"{f.rule} {f.project} {f.indicator} {f.field}" for f in result.findings]
    verdicts = {key: judged.get(key) for key in keys}
    assert all(verdict == "correct" for verdict in verdicts.values()), verdicts
    # 空气质量 优良 and 工程质量 合格 are grades, not vague words
    assert not [f for f in result.findings if f.rule == "TG11" and f.value == "优良"]
