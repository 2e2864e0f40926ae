"""Reader and parser: values, indicator items, page-break repair, amounts."""
from __future__ import annotations

import math

import pytest
from tables import indicator_cell, render

from audit.features import level_fix, parse_amount, polarity
from audit.parsing import build_projects, clean, markup_in, parse_item, parse_value, split_items
from audit.reading import InputError, read_document


@pytest.mark.parametrize("text,kind,comparator,number,unit", [
    ("≥95%", "percent", ">=", 95, "%"),
    ("95%以上", "percent", ">=", 95, "%"),
    ("不低于95%", "percent", ">=", 95, "%"),
    ("大于等于98%", "percent", ">=", 98, "%"),
    ("达到98%", "percent", ">=", 98, "%"),
    ("≤5%", "percent", "<=", 5, "%"),
    ("5%以下", "percent", "<=", 5, "%"),
    ("不超过10%", "percent", "<=", 10, "%"),
    ("<20%", "percent", "<", 20, "%"),
    ("＞98％", "percent", ">", 98, "%"),
    ("=100%", "percent", "=", 100, "%"),
    ("100%", "percent", "=", 100, "%"),
    ("2265人", "count", "=", 2265, "人"),
    ("38台", "count", "=", 38, "台"),
    ("≥14万人次", "count", ">=", 14, "万人次"),
    ("≥40万次", "count", ">=", 40, "万次"),
    ("约82人", "count", "≈", 82, "人"),
    ("1,318.29万元", "count", "=", 1318.29, "万元"),
    ("443", "count", "=", 443, ""),
    ("≤2小时", "duration", "<=", 2, "小时"),
    ("≤1个月", "duration", "<=", 1, "个月"),
    ("2025年9月底前", "date", "<=", None, None),
    ("2025年9月底前完成服装、装备购置工作", "date", "<=", None, None),
    ("持续向好", "qualitative", None, None, None),
    ("提升", "qualitative", None, None, None),
    ("", "empty", None, None, None),
    ("2025年市局系统破案率达80%得满分，每减少1%减0.5分，扣完为止", "scoring", None, None, None),
    ("联网率=实际联网数÷计划联网完成数×100%", "formula", None, None, None),
])
def test_parse_value(text, kind, comparator, number, unit):
    value = parse_value(text)
    assert (value.kind, value.comparator, value.number, value.unit) == (kind, comparator, number, unit)


def test_value_bounds_and_direction():
    assert parse_value("大于100%").target_min > 100
    assert parse_value("≥100%").target_min == 100
    assert math.isinf(parse_value("≤5%").target_min)
    assert parse_value("下降20%").direction == "down"
    assert parse_value("覆盖率提升50%").direction == "up"
    assert parse_value("满意度达100%").prefix == "满意度"


def test_split_items_by_numbering():
    cell = "1、1-产出指标；11-数量指标；A；实施周期指标值：见附件1、2；年度指标值：1。2、2-效益指标；22-社会效益；B；实施周期指标值：1；年度指标值：1。"
    items = split_items(cell)
    assert [number for number, _ in items] == [1, 2]
    assert "见附件1、2" in items[0][1]


def test_split_items_keeps_leading_fragment():
    items = split_items("值:100%；年度指标值:100%。2、1-产出指标；11-数量指标；B；实施周期指标值:1；年度指标值:1。")
    assert items[0] == (None, "值:100%；年度指标值:100%。")
    assert items[1][0] == 2


@pytest.mark.parametrize("text,l1,l2,name,period,annual,error", [
    ("1-产出指标；11-数量指标；巡逻次数；实施周期指标值：≥300次；年度指标值：≥300次。",
     "1-产出指标", "11-数量指标", "巡逻次数", "≥300次", "≥300次", None),
    ("1-产出指标;11-数量指标;巡逻次数;实施周期指标值:≥300次;年度指标值:≥300次",
     "1-产出指标", "11-数量指标", "巡逻次数", "≥300次", "≥300次", None),
    ("13-时效指标；拖车响应时效；实施周期指标值:≤2小时；年度指标值:≤2小时。",
     None, "13-时效指标", "拖车响应时效", "≤2小时", "≤2小时", None),
    ("2-效益指标；22-社会效益；城市管理；实施周期指标值：≥90%；年度指标值：整改率≥90%得满分； 85%≤整改率<90%扣1分。",
     "2-效益指标", "22-社会效益", "城市管理", "≥90%", "整改率≥90%得满分； 85%≤整改率<90%扣1分", None),
    ("1-产出指标；11-数量指标；巡逻次数≥300次。", "1-产出指标", "11-数量指标", "巡逻次数≥300次", None, None,
     "实施周期指标值、年度指标值"),
    ("1-产出指标；11-数量指标；巡逻次数；实施周期指标值：≥300次", "1-产出指标", "11-数量指标", "巡逻次数",
     "≥300次", None, "年度指标值"),
    ("1-产出指标；11-数量指标；实施周期指标值：≥300次；年度指标值：≥300次", "1-产出指标", "11-数量指标", None,
     "≥300次", "≥300次", "指标名称"),
])
def test_parse_item(text, l1, l2, name, period, annual, error):
    item = parse_item(1, 1, text)
    assert (item.l1, item.l2, item.name, item.period, item.annual, item.error) == (l1, l2, name, period, annual, error)


def test_clean_and_markup():
    raw = "<p>案件整改率&lt;75%不得分。</p>"
    assert clean(raw) == "案件整改率<75%不得分。"
    assert markup_in(raw) == ["<p>", "&lt;", "</p>"]
    assert markup_in("减少案件<10起") == []


def _doc(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def test_fragment_joins_next_project(tmp_path):
    doc = _doc(tmp_path, render([
        {"name": "甲"},
        {"cells": ["", "", "", "", "", "", "1、1-产出指标；11-数量指标；支付完成率；实施周期指标"]},
        {"name": "乙", "cell": "值:100%；年度指标值:100%。2、1-产出指标；12-质量指标；合格率；实施周期指标值:100%；年度指标值:100%。"},
    ]))
    projects = [p for p in build_projects(doc) if p.kind == "project"]
    assert [p.name for p in projects] == ["甲", "乙"]
    second = projects[1]
    assert second.split_line == doc.rows[3].line
    assert [(i.number, i.name, i.period, i.error) for i in second.indicators] == [
        (1, "支付完成率", "100%", None), (2, "合格率", "100%", None)]


def test_fragment_continues_previous_project(tmp_path):
    doc = _doc(tmp_path, render([
        {"name": "甲", "cell": "1、1-产出指标；11-数量指标；支付完成率；实施周期指标值:100%；年度指"},
        {"cells": ["", "", "", "", "", "", "标值:100%。2、2-效益指标；22-社会效益；效率；实施周期指标值:提升；年度指标值:提升。"]},
        {"name": "乙"},
    ]))
    projects = [p for p in build_projects(doc) if p.kind == "project"]
    assert [p.name for p in projects] == ["甲", "乙"]
    assert projects[0].split_line is not None and projects[1].split_line is None
    assert [(i.number, i.annual) for i in projects[0].indicators] == [(1, "100%"), (2, "提升")]


def test_rows_keep_line_numbers_and_kinds(tmp_path):
    doc = _doc(tmp_path, render([{"name": "甲"}, {"name": "乙"}]))
    assert doc.department == "测试市测试局" and doc.unit == "万元"
    kinds = [(p.kind, p.line) for p in build_projects(doc)]
    assert kinds == [("total", 8), ("subtotal", 9), ("project", 10), ("project", 11)]


@pytest.mark.parametrize("text,number,problem", [
    ("1,318.29", 1318.29, None), ("", 0.0, None), ("600", 600.0, None), ("六百", None, "六百"), ("-5", None, "-5"),
])
def test_parse_amount(text, number, problem):
    value, bad = parse_amount(text)
    assert bad == problem
    assert (math.isnan(value) if number is None else value == number)


@pytest.mark.parametrize("name,expected", [
    ("群众满意率", "positive"), ("考试场地服务投诉率", "negative"), ("故障处置及时率", "positive"),
    ("移动警务终端非人为故障率", "negative"), ("保障人员数量", None),
])
def test_polarity(name, expected):
    assert polarity(name) == expected


@pytest.mark.parametrize("l1,l2,fix", [
    ("13-时效指标", "2-效益指标", "1-产出指标；13-时效指标"),
    ("3-满意度指标", "3-满意度指标", "3-满意度指标；31-服务对象满意度"),
    ("11-数量指标", "12-质量指标", "1-产出指标；12-质量指标"),
    ("1-产出指标", "11-数量指标", None),
])
def test_level_fix(l1, l2, fix):
    assert level_fix(l1, l2) == fix


@pytest.mark.parametrize("content,key", [
    (b"", "input_empty"),
    (b"\x00\x01\x02binary\x00", "input_binary"),
    ("项目名称\t绩效指标\n甲\t".encode() + b"\xff\xff\xfe\xff\xff\n", "input_encoding"),
    ("标题\n名称\t金额\n甲\t1\n".encode(), "input_no_header"),
    ("项目名称\t总计\t绩效目标\t绩效指标\n".encode(), "input_no_rows"),
    ("项目名称\t总计\t绩效目标\t绩效指标\n甲\t1\t目标\t1、…\n乙\t2".encode(), "input_truncated"),
])
def test_bad_input(tmp_path, content, key):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.key == key


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "nope.txt")
    assert caught.value.key == "input_missing"


def test_indicator_cell_numbering():
    assert indicator_cell(["a", "b"]) == "1、a。2、b。"


def test_parsed_values_are_frozen_so_the_cache_cannot_be_corrupted():
    import dataclasses

    value = parse_value("≥95%")
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.kind = "count"
    assert parse_value("≥95%") is value and value.kind == "percent"
