"""Reader and parser: values, indicator items, page-break repair, amounts."""
from __future__ import annotations

import math

import pytest
from tables import indicator_cell, render

from audit.features import level_fix, measure, parse_amount, polarity, stale_year, without_change
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
    # terms added: 效率, 发案, and from education, health, transport and agriculture
    ("行政审批工作效率", "positive"), ("辖区盗窃发案", "negative"),
    ("公交准点率", "positive"), ("义务教育巩固率", "positive"), ("适龄儿童疫苗接种率", "positive"),
    ("结核病治愈率", "positive"), ("院前急救抢救成功率", "positive"), ("学前教育入学率", "positive"),
    ("高校毕业生就业率", "positive"), ("驾驶人考试通过率", "positive"), ("秸秆综合利用率", "positive"),
    ("义务教育辍学率", "negative"), ("儿童青少年近视率", "negative"), ("传染病发病率", "negative"),
    ("慢性病患病率", "negative"), ("院内感染率", "negative"), ("货车超限率", "negative"),
    ("客车超载率", "negative"), ("航班延误率", "negative"), ("列车晚点率", "negative"),
    ("公交车辆非正常停运率", "negative"), ("保障房空置率", "negative"),
    # what is done about a problem is positive, whatever the problem: 整改率, 处理率, 办理率, 答复率,
    # 回复率, 解决率, 化解率, 查处率, 修复率, 销号率
    ("事故隐患整改率", "positive"), ("投诉处理率", "positive"), ("信访事项办理率", "positive"),
    ("人大建议答复率", "positive"), ("群众来信回复率", "positive"), ("投诉问题解决率", "positive"),
    ("矛盾纠纷化解率", "positive"), ("违法案件查处率", "positive"), ("设备故障修复率", "positive"),
    ("督查问题销号率", "positive"), ("隐患未整改率", "negative"), ("投诉不及时处理率", "negative"),
    # a negation right before a positive head flips it: 不, 未, 非, 无
    ("例行监测农产品不合格率", "negative"), ("学生体质健康未达标率", "negative"),
    ("120急救不及时率", "negative"), ("交通信号设施非正常率", "negative"), ("群众不满意率", "negative"),
    # ... and before a negative head: 无事故率 is positive
    ("校车无事故率", "positive"), ("无投诉", "positive"),
    # manner words between the negation and the head: 按时, 按期, 如期, 及时, 规范
    ("项目未按时完成率", "negative"), ("工程未按期完成率", "negative"), ("任务未如期完成率", "negative"),
    ("警情不及时处置率", "negative"), ("病历不规范管理率", "negative"),
    ("校园无安全事故率", "positive"), ("道路运输无责任事故率", "positive"), ("监管场所无重大事故率", "positive"),
    # a negation elsewhere negates something else: 非法, 不动产, 无障碍 …
    ("非法营运车辆查处率", "positive"), ("非法营运车辆处置率", "positive"), ("非税收入执行率", "positive"), ("非遗项目保障率", "positive"),
    ("非现场执法处置率", "positive"), ("不动产登记办结率", "positive"), ("不可移动文物管理率", "positive"),
    ("无人机巡查覆盖率", "positive"), ("无线网络覆盖率", "positive"), ("无障碍设施覆盖率", "positive"),
    ("病死畜禽无害化处置率", "positive"), ("无偿献血知晓率", "positive"), ("农机作业无故障率", "positive"), ("审计无差错率", "positive"),
    # change words after the head set the direction: up (提升, 提高, 上升, 增长, 增加, 增幅, 增速, 增强, 改善)
    ("群众满意度提升率", "positive"), ("办案效率提高率", "positive"), ("投诉增长率", "negative"),
    ("事故上升率", "negative"), ("事故增加率", "negative"), ("投诉增幅", "negative"),
    ("发案增速", "negative"), ("防控能力增强", "positive"), ("服务水平改善", "positive"),
    # down (下降, 降低, 减少, 降幅, 压降, 缩短, 减小): a fall of a negative measure is positive
    ("涉犬投诉下降率", "positive"), ("发案降低率", "positive"), ("事故减少率", "positive"),
    ("交通事故降幅", "positive"), ("故障率压降", "positive"), ("安全事故损失减小", "positive"),
    ("发案率下降幅度", "positive"), ("服务水平下降率", "negative"),
    # a change without a direction (幅度, 同比, 环比) leaves the sense unknown
    ("发案率同比", None), ("投诉率环比", None), ("事故率变化幅度", None),
    # a change word before the head is an action, not the measure's change
    ("降低事故发生率", "negative"), ("提高群众满意度", "positive"),
])
def test_polarity(name, expected):
    assert polarity(name) == expected


@pytest.mark.parametrize("name,expected", [
    ("群众满意度", "rate"), ("工作效率提升率", "change"), ("发案率下降幅度", "change"), ("投诉增幅", "change"),
    ("提高群众满意度", None), ("群众满意度提升", None), ("提升办案工作效率", None), ("巡逻次数", "count"),
    ("办案工作效率", None), ("巡逻频率", None), ("发电机组功率", None), ("投诉降幅", "change"), ("发案增速", "change"),
])
def test_measure(name, expected):
    assert measure(name) == expected


@pytest.mark.parametrize("text,direction", [
    ("同比下降5%", "down"), ("降低10%", "down"), ("减少3起", "down"), ("压降5%", "down"), ("缩短2天", "down"),
    ("减小", "down"), ("降幅10%", "down"), ("提升5%", "up"), ("提高", "up"), ("上升2%", "up"), ("增长10%", "up"),
    ("增加3人", "up"), ("增幅5%", "up"), ("增速8%", "up"), ("增强", "up"), ("改善", "up"), ("≥95%", None),
])
def test_value_direction(text, direction):
    assert parse_value(text).direction == direction


def test_value_measure_without_its_change():  # change words, and the reach words 达到, 达
    assert [without_change(t) for t in ("投诉率同比下降", "满意度达到", "满意度达", "发案率环比降低", "培训人次")] == \
        ["投诉率", "满意度", "满意度", "发案率", "培训人次"]


@pytest.mark.parametrize("text,kind,unit", [
    ("≥1个百分点", "percent", "个百分点"), ("提高2百分点", "percent", "百分点"), ("≤5‱", "percent", "‱"),
    ("≥95％", "percent", "%"), ("≤3‰", "percent", "‰"),
    ("≥52000剂次", "count", "剂次"), ("≥2剂", "count", "剂"), ("≥500张床", "count", "张床"), ("≥120床", "count", "床"),
    ("≥40班次", "count", "班次"), ("≥300车次", "count", "车次"), ("≥2000株", "count", "株"), ("≥5万羽", "count", "万羽"),
    ("≥300公顷", "count", "公顷"), ("≥72学时", "count", "学时"), ("≥40课时", "count", "课时"), ("≤3例", "count", "例"),
    ("≥800人日", "count", "人日"), ("≥100标准箱", "count", "标准箱"),
])
def test_value_units(text, kind, unit):
    value = parse_value(text)
    assert (value.kind, value.unit) == (kind, unit)




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


@pytest.mark.parametrize("text,stale", [  # domain.yaml: deadline_words and year_base_words
    ("2023年底前完成", "2023年底前"), ("2023年6月以前", "2023年6月以前"), ("2023年末", "2023年末"),
    ("较2023年下降5%", None), ("以2023年为基数", None), ("2023年以来", None), ("根据2023年印发的方案", None),
    ("2024年度结转资金", None), ("2023年已建成", None), ("2025年底前", None),
])
def test_year_words_come_from_the_lexicon(text, stale):
    assert stale_year(text, 2025) == stale


@pytest.mark.parametrize("text", ["2025年8月底前", "2025年底前完成", "2025年6月以前", "2025年12月31日止"])
def test_deadline_words_make_a_date(text):
    assert parse_value(text).kind == "date"
