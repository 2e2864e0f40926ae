"""Defect injection: start from the defect-free table, inject one defect of each kind at a random
project or indicator, and assert that exactly the expected findings appear there, nothing else.

Every (seed, defect) pair is one document; all are linted in one run. JXAUDIT_INJECTION_SEEDS sets
the number of seeds (default 12).
"""
from __future__ import annotations

import copy
import os
import random
import re
from dataclasses import dataclass

import pytest
from conftest import lint_paths
from renderers import declared_parts, to_form_xlsx
from tables import CLEAN_PROJECTS, indicator_cell, money, render, render_declared

from audit.features import measure, polarity

SEEDS = int(os.environ.get("JXAUDIT_INJECTION_SEEDS", "12"))


@dataclass
class Ind:
    l1: str
    l2: str
    name: str
    period: str
    annual: str

    @classmethod
    def parse(cls, text: str) -> "Ind":
        l1, l2, name, period, annual = text.split("；")
        return cls(l1, l2, name, period.split("：", 1)[1], annual.split("：", 1)[1])

    def text(self) -> str:
        return f"{self.l1}；{self.l2}；{self.name}；实施周期指标值：{self.period}；年度指标值：{self.annual}"


class Case:
    """One document under construction: the clean projects, a chosen place, the expected findings."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.projects = copy.deepcopy(CLEAN_PROJECTS)
        self.expected: set[tuple] = set()
        self.total = self.subtotal = None
        self.title = "项目支出绩效目标表"
        self.file_year = ""  # a year in the file name, where the budget year is read from
        self.declared: list[dict] | None = None  # the rows of a row-per-indicator sheet, once one is made
        self.form = False  # written as 申报表 forms (one sheet per project) instead of the summary table

    def project(self, where=lambda p: True) -> dict:
        return self.rng.choice([p for p in self.projects if where(p)])

    def indicator(self, where=lambda ind: True) -> tuple[dict, int, Ind]:
        """A random (project, 1-based number, indicator) among those that satisfy `where`."""
        places = [(p, n, Ind.parse(t)) for p in self.projects for n, t in enumerate(p["indicators"], 1)
                  if where(Ind.parse(t))]
        return self.rng.choice(places)

    def set(self, project: dict, number: int, ind: Ind) -> None:
        project["indicators"][number - 1] = ind.text()

    def expect(self, rule: str, project: str | None, number: int | None, *fields: str) -> None:
        for field in fields:
            self.expected.add((rule, project, number, field))

    def render(self) -> str:
        if self.declared is not None:
            return render_declared([{"project": row["project"], "cells": row["cells"]} for row in self.declared])
        return render(self.projects, total=self.total, subtotal=self.subtotal, title=self.title)

    def declared_row(self, where=lambda row: True) -> dict:
        """A random indicator row of the clean projects as a row-per-indicator sheet with declared
        parts (the document becomes one): {project, number, cells: [一级 二级 三级 性质 值 单位 权重 方向]}."""
        if self.declared is None:
            self.declared = []
            for p in self.projects:
                for number, text in enumerate(p["indicators"], 1):
                    ind = Ind.parse(text)
                    nature, value, unit, direction = declared_parts(ind.annual, ind.name)
                    count = len(p["indicators"])
                    weight = 100 // count + (100 % count if number == 1 else 0)
                    self.declared.append({"project": p["name"], "number": number,
                                          "cells": [ind.l1, ind.l2, ind.name, nature, value, unit, weight, direction]})
        return self.rng.choice([row for row in self.declared if where(row)])


def code(slot: str) -> str:
    return slot.split("-")[0]


def is_rate(ind: Ind) -> bool:
    return measure(ind.name) == "rate"


def is_count(ind: Ind) -> bool:
    return measure(ind.name) == "count"


def satisfied(ind: Ind) -> bool:
    return code(ind.l2) == "31"


BOTH = ("period", "annual")

# ------------------------------------------------------------------------------------ injectors


def level2_not_under_level1(c: Case):
    p, n, ind = c.indicator()
    ind.l1 = c.rng.choice([l1 for l1 in ("1-产出指标", "2-效益指标", "3-满意度指标") if l1[0] != code(ind.l2)[0]])
    c.set(p, n, ind)
    c.expect("CD01", p["name"], n, "l1")


def levels_swapped(c: Case):
    p, n, ind = c.indicator()
    ind.l1, ind.l2 = ind.l2, ind.l1
    c.set(p, n, ind)
    c.expect("CD02", p["name"], n, "l1")


def level1_in_level2_place(c: Case):
    p, n, ind = c.indicator()
    ind.l2 = ind.l1
    c.set(p, n, ind)
    c.expect("CD03", p["name"], n, "l2")


def code_name_mismatch(c: Case):
    p, n, ind = c.indicator()
    other = c.rng.choice([name for digit, name in (("1", "产出指标"), ("2", "效益指标"), ("3", "满意度指标"))
                          if digit != code(ind.l1)])
    ind.l1 = f"{code(ind.l1)}-{other}"
    c.set(p, n, ind)
    c.expect("CD04", p["name"], n, "l1")


def unknown_code(c: Case):
    p, n, ind = c.indicator()
    ind.l2 = f"{code(ind.l1)}9-{ind.l2.split('-', 1)[1]}"
    c.set(p, n, ind)
    c.expect("CD05", p["name"], n, "l1")


def missing_level1(c: Case):
    p, n, ind = c.indicator()
    p["indicators"][n - 1] = ind.text().split("；", 1)[1]
    c.expect("CD06", p["name"], n, "l1")


def _drop_category(c: Case, digit: str, rule: str):
    p = c.project()
    p["indicators"] = [t for t in p["indicators"] if code(Ind.parse(t).l2)[0] != digit]
    c.expect(rule, p["name"], None, "indicators")
    if len(p["indicators"]) < 3:
        c.expect("ST06", p["name"], None, "indicators")


def missing_outputs(c: Case):
    _drop_category(c, "1", "CD07")


def missing_effects(c: Case):
    _drop_category(c, "2", "CD08")


def missing_satisfaction(c: Case):
    _drop_category(c, "3", "CD09")


def satisfaction_filed_elsewhere(c: Case):
    p, n, ind = c.indicator(satisfied)
    ind.l1, ind.l2 = "2-效益指标", "22-社会效益"
    c.set(p, n, ind)
    c.expect("CD10", p["name"], n, "l1")
    c.expect("CD09", p["name"], None, "indicators")


def complaints_under_satisfaction(c: Case):
    p, n, ind = c.indicator(satisfied)
    ind.name, ind.period, ind.annual = "服务对象投诉率", "≤5%", "≤5%"
    c.set(p, n, ind)
    c.expect("CD11", p["name"], n, "name")


def name_repeats_category(c: Case):
    p, n, ind = c.indicator(satisfied)
    ind.name = "满意度指标"
    c.set(p, n, ind)
    c.expect("CD12", p["name"], n, "name")


def input_as_output(c: Case):
    # not under 14-成本指标 (预算控制指标), where many schemes put 预算执行率 and the like
    p, n, ind = c.indicator(lambda i: code(i.l1) == "1" and code(i.l2) != "14")
    ind.name, ind.period, ind.annual = "资金到位率", "100%", "100%"
    c.set(p, n, ind)
    c.expect("CD13", p["name"], n, "name")


def _values(c: Case, where, period: str, annual: str | None = None):
    p, n, ind = c.indicator(where)
    ind.period, ind.annual = period, period if annual is None else annual
    c.set(p, n, ind)
    return p, n, ind


def satisfaction_upper_bound(c: Case):
    p, n, _ = _values(c, satisfied, "5%以下")
    c.expect("TG01", p["name"], n, *BOTH)


def rate_above_100(c: Case):
    p, n, _ = _values(c, lambda i: is_rate(i) and polarity(i.name) == "positive" and not satisfied(i), "大于100%")
    c.expect("TG02", p["name"], n, *BOTH)


def empty_target(c: Case):
    p, n, _ = _values(c, lambda i: True, c.rng.choice(["≥1个", "≥95%"]), "")
    ind = Ind.parse(p["indicators"][n - 1])
    ind.period = Ind.parse(CLEAN_PROJECTS[c.projects.index(p)]["indicators"][n - 1]).period
    c.set(p, n, ind)
    c.expect("TG03", p["name"], n, "annual")


def target_repeats_name(c: Case):
    p, n, ind = c.indicator(lambda i: code(i.l2) != "13")
    ind.period = ind.name
    c.set(p, n, ind)
    c.expect("TG04", p["name"], n, "period")


def annual_above_period(c: Case):
    p, n, _ = _values(c, is_count, "100个", "200个")
    c.expect("TG05", p["name"], n, "annual")


def positive_decrease(c: Case):
    p, n, _ = _values(c, lambda i: polarity(i.name) == "positive" and code(i.l2) != "13", "同比下降")
    c.expect("TG06", p["name"], n, *BOTH)


def negative_lower_bound(c: Case):
    p, n, ind = c.indicator(lambda i: code(i.l1) == "2")
    ind.name, ind.period, ind.annual = "辖区刑事发案率", "≥3%", "≥3%"
    c.set(p, n, ind)
    c.expect("TG07", p["name"], n, *BOTH)


def _effect(c: Case, name: str, value: str, rule: str):
    """An effect indicator replaced by `name` with `value` in both fields, expected to break `rule`."""
    p, n, ind = c.indicator(lambda i: code(i.l1) == "2")
    ind.name, ind.period, ind.annual = name, value, value
    c.set(p, n, ind)
    c.expect(rule, p["name"], n, *BOTH)


def negated_positive_lower_bound(c: Case):  # 非正常率 is negative
    _effect(c, c.rng.choice(["警用装备非正常率", "例行监测农产品不合格率", "120急救不及时率"]), "≥5%", "TG07")


def negated_negative_upper_bound(c: Case):  # 无事故率 is positive
    _effect(c, c.rng.choice(["校车无事故率", "农机作业无事故率"]), "≤5%", "TG01")


def decline_rate_upper_bound(c: Case):  # the more complaints fall, the better
    _effect(c, c.rng.choice(["涉犬投诉下降率", "辖区交通事故减少率", "刑事案件发案降低率"]), "≤10%", "TG01")


def rise_rate_lower_bound(c: Case):  # the more complaints rise, the worse
    _effect(c, c.rng.choice(["乘客投诉增长率", "交通事故上升率"]), "≥5%", "TG07")


def change_rate_with_count_unit(c: Case):
    _effect(c, c.rng.choice(["工作效率提升率", "办案效率提高率", "发案率下降幅度"]), "20台", "TG08")


def rate_with_count_unit(c: Case):
    p, n, _ = _values(c, lambda i: is_rate(i) and polarity(i.name) == "positive" and code(i.l2) != "13", "≥12门")
    c.expect("TG08", p["name"], n, *BOTH)


def timeliness_without_time(c: Case):
    p, n, _ = _values(c, lambda i: code(i.l2) == "13" and measure(i.name) is None, "及时")
    c.expect("TG09", p["name"], n, *BOTH)


def value_of_other_measure(c: Case):
    p, n, _ = _values(c, is_rate, "外来人口登记率≥95%")
    c.expect("TG10", p["name"], n, *BOTH)


def vague_target(c: Case):
    p, n, _ = _values(c, lambda i: code(i.l2) != "13", "持续向好")
    c.expect("TG11", p["name"], n, *BOTH)


def scoring_rule(c: Case):
    p, n, _ = _values(c, lambda i: True, "≥95%得满分，每下降1%扣0.5分")
    c.expect("TG12", p["name"], n, *BOTH)


def approximate(c: Case):
    p, n, _ = _values(c, is_count, "约100个")
    c.expect("TG13", p["name"], n, *BOTH)


def satisfaction_100(c: Case):
    p, n, _ = _values(c, satisfied, "=100%")
    c.expect("TG14", p["name"], n, *BOTH)


def satisfaction_too_low(c: Case):
    p, n, _ = _values(c, satisfied, "≥60%")
    c.expect("TG15", p["name"], n, *BOTH)


def period_annual_units(c: Case):
    p, n, _ = _values(c, is_count, "100个", "100次")
    c.expect("TG16", p["name"], n, "annual")


def doubled_value(c: Case):
    p, n, ind = c.indicator(lambda i: i.annual.endswith("%"))
    ind.annual = ind.annual * 2
    c.set(p, n, ind)
    c.expect("DU01", p["name"], n, "annual")


def duplicate_indicator(c: Case):
    p = c.project()
    p["indicators"].append(c.rng.choice(p["indicators"]))
    c.expect("DU02", p["name"], len(p["indicators"]), "name")


def doubled_in_name(c: Case):
    p, n, ind = c.indicator()
    ind.name = "的的" + ind.name
    c.set(p, n, ind)
    c.expect("DU03", p["name"], n, "name")


def doubled_in_value(c: Case):
    p, n, ind = c.indicator(lambda i: is_rate(i) and i.period.startswith("≥"))
    ind.period = "目标达到{0}达到{0}".format(ind.period[1:])
    c.set(p, n, ind)
    c.expect("DU04", p["name"], n, "period")


def copied_project(c: Case):
    p = c.project()
    c.projects.append(dict(copy.deepcopy(p), name=p["name"] + "（二期）"))
    c.expect("DU05", p["name"] + "（二期）", None, "row")


def stale_deadline(c: Case):
    c.title = "2025年项目支出绩效目标表"
    p, n, ind = c.indicator(lambda ind: code(ind.l2) == "13" and not is_rate(ind))
    ind.annual = f"{c.rng.choice([2022, 2023, 2024])}年{c.rng.randint(1, 12)}月底前"
    c.set(p, n, ind)
    c.expect("CO01", p["name"], n, "annual")


def stale_goal(c: Case):
    c.title = "2025年项目支出绩效目标表"
    p = c.project()
    p["goal"] = f"{c.rng.choice([2022, 2023, 2024])}年底前" + p["goal"]
    c.expect("CO02", p["name"], None, "goal")


def title_of_another_year(c: Case):
    c.file_year, c.title = "-2025", f"{c.rng.choice([2023, 2024])}年项目支出绩效目标表"
    c.expect("CO03", None, None, "row")


def unparseable(c: Case):
    p, n, ind = c.indicator()
    p["indicators"][n - 1] = ind.text().split("；年度指标值")[0]
    c.expect("ST01", p["name"], n, "indicators")


def page_break_split(c: Case):
    at = c.rng.randrange(1, len(c.projects))
    p = c.projects[at]
    cell = indicator_cell(p.pop("indicators"))
    cut = cell.index("实施周期指标") + len("实施周期指标")
    p["cell"] = cell[cut:]
    c.projects.insert(at, {"cells": ["", "", "", "", "", "", cell[:cut]]})
    c.expect("ST02", p["name"], 1, "indicators")  # the first indicator is the one cut


def missing_column(c: Case):
    at = c.rng.randrange(len(c.projects) - 1)  # not the last row: that one reads as a truncated file
    p = c.projects[at]
    c.projects[at] = {"cells": [p["name"], money(p["total"]), money(p.get("fiscal", p["total"])),
                                money(p.get("special")), money(p.get("other")), p["goal"]]}
    c.total = c.subtotal = sum(p["total"] for p in CLEAN_PROJECTS)  # a raw row is not summed by render
    c.expect("ST03", p["name"], None, "row")
    c.expect("ST08", p["name"], None, "indicators")


def nameless_row(c: Case):
    p = c.project()
    p["name"] = ""
    c.expect("ST04", None, None, "row")


def numbering_gap(c: Case):
    p = c.project()
    last = len(p["indicators"])
    cell = indicator_cell(p.pop("indicators"))
    p["cell"] = re.sub(rf"(^|。){last}、", rf"\g<1>{last + 1}、", cell)
    c.expect("ST05", p["name"], last + 1, "indicators")


def too_few(c: Case):
    p = c.project()
    by_digit = {code(Ind.parse(t).l2)[0]: t for t in p["indicators"]}
    p["indicators"] = [by_digit["1"], by_digit["2"]]
    c.expect("ST06", p["name"], None, "indicators")
    c.expect("CD09", p["name"], None, "indicators")


def empty_goal(c: Case):
    p = c.project()
    p["goal"] = ""
    c.expect("ST07", p["name"], None, "goal")


def empty_indicators(c: Case):
    p = c.project()
    p.pop("indicators")
    p["cell"] = ""
    c.expect("ST08", p["name"], None, "indicators")


def grand_total_off(c: Case):
    c.total = sum(p["total"] for p in CLEAN_PROJECTS) + c.rng.choice([-1, 1]) * c.rng.randint(1, 500)
    c.subtotal = sum(p["total"] for p in CLEAN_PROJECTS)
    c.expect("TT01", None, None, "total")


def subtotal_off(c: Case):
    c.subtotal = sum(p["total"] for p in CLEAN_PROJECTS) + c.rng.randint(1, 500)
    c.total = sum(p["total"] for p in CLEAN_PROJECTS)
    c.expect("TT02", "测试市测试局", None, "total")


def sources_off(c: Case):
    p = c.project(lambda p: "special" not in p)
    p["fiscal"] = p["total"] - c.rng.randint(1, 50)
    c.expect("TT03", p["name"], None, "amounts")


def form_sources_off(c: Case):
    c.form = True
    p = c.project()
    p["extra"] = {c.rng.choice(["上级资金", "自筹资金"]): money(c.rng.randint(1, 50))}  # not in 年度资金总额
    c.expect("FO01", p["name"], None, "amounts")


def form_period_below_year(c: Case):
    c.form = True
    p = c.project()
    p["period_total"] = p["total"] - c.rng.randint(1, 50)
    c.expect("FO02", p["name"], None, "total")


def form_annual_goal_missing(c: Case):
    c.form = True
    p = c.project()
    p["goal_period"], p["goal"] = p["goal"], ""
    c.expect("FO03", p["name"], None, "goal")


def form_annual_goal_copied(c: Case):
    c.form = True
    p = c.project()
    p["term"] = c.rng.choice(["3年", "三年", "2025-2027年"])  # the goal is copied as 实施期目标 too
    c.expect("FO04", p["name"], None, "goal")


def invalid_amount(c: Case):
    p = c.project(lambda p: "special" not in p)
    p["other"] = c.rng.choice(["六百", "-5.00", "n/a"])
    c.expect("TT04", p["name"], None, "amounts")


def html_remnants(c: Case):
    p = c.project()
    p["goal"] = f"<p>{p['goal']}</p>"
    c.expect("FM01", p["name"], None, "goal")


def stray_digit(c: Case):
    p, n, ind = c.indicator()
    ind.name += str(c.rng.randint(1, 9))
    c.set(p, n, ind)
    c.expect("FM02", p["name"], n, "name")


def traditional(c: Case):
    if c.rng.random() < 0.5:
        p = c.project()
        p["goal"] += "完善監控系統。"
        c.expect("FM03", p["name"], None, "goal")
    else:  # in an indicator's name: the finding points at it
        p, n, ind = c.indicator(lambda i: "满意" not in i.name)
        ind.name = "監控" + ind.name
        c.set(p, n, ind)
        c.expect("FM03", p["name"], n, "name")


def mixed_punctuation(c: Case):
    p, n, ind = c.indicator()
    p["indicators"][n - 1] = ind.text().replace("：", ":")
    c.expect("FM04", p["name"], n, "indicators")  # the indicator written with half-width colons


# ------------------------------------------------------- declared parts of row-per-indicator sheets

NATURE, VALUE, UNIT, WEIGHT, DIRECTION = 3, 4, 5, 6, 7
OPPOSITE = {"正向指标": "反向指标", "反向指标": "正向指标"}


def bounded(row: dict) -> bool:
    return row["cells"][NATURE] in ("≥", "≤")


def direction_against_operator(c: Case):
    row = c.declared_row(bounded)
    row["cells"][DIRECTION] = OPPOSITE[row["cells"][DIRECTION]]
    c.expect("DC01", row["project"], row["number"], "direction")


def direction_against_name(c: Case):
    row = c.declared_row(lambda r: bounded(r) and polarity(r["cells"][2]) is not None)
    row["cells"][NATURE] = ""  # no operator to decide: the name's polarity and the direction meet
    row["cells"][DIRECTION] = OPPOSITE[row["cells"][DIRECTION]]
    c.expect("DC02", row["project"], row["number"], "direction")


def operator_on_text(c: Case):
    # words are fine where no measure or time is expected (TG11 and TG09 report the others)
    row = c.declared_row(lambda r: bounded(r) and measure(r["cells"][2]) is None and "时效" not in r["cells"][1])
    row["cells"][VALUE], row["cells"][UNIT] = c.rng.choice(["按期完成", "全部建成", "有效保障"]), ""
    c.expect("DC03", row["project"], row["number"], "nature")


def qualitative_with_number(c: Case):
    row = c.declared_row(bounded)
    row["cells"][NATURE] = "定性"
    c.expect("DC04", row["project"], row["number"], "nature")


def unit_against_value(c: Case):
    row = c.declared_row(lambda r: bounded(r) and r["cells"][UNIT])
    row["cells"][VALUE] += row["cells"][UNIT]
    row["cells"][UNIT] = "台" if row["cells"][UNIT] != "台" else "个"
    c.expect("DC05", row["project"], row["number"], "unit")


def weights_off(c: Case):
    row = c.declared_row()
    row["cells"][WEIGHT] += c.rng.choice([-1, 1]) * c.rng.randint(1, 5)
    c.expect("DC06", row["project"], None, "weight")


def weight_not_positive(c: Case):
    row = c.declared_row()
    row["cells"][WEIGHT] = c.rng.choice([0, -5, "十"])
    c.expect("DC07", row["project"], row["number"], "weight")


def weight_missing(c: Case):
    row = c.declared_row()
    row["cells"][WEIGHT] = ""
    c.expect("DC08", row["project"], row["number"], "weight")


def template_placeholder_row(c: Case):
    row = c.declared_row()
    name, value = c.rng.choice([("……", ""), ("……", "……"), ("略", "-"), ("…", "…")])
    l1, l2 = row["cells"][:2] if c.rng.random() < 0.5 else ("……", "……")
    c.declared.insert(c.declared.index(row) + 1, {"project": row["project"], "number": None,
                                                  "cells": [l1, l2, name, "", value, "", "", ""]})
    c.expect("ST09", row["project"], None, "indicators")


def declared_clean(c: Case):
    c.declared_row()  # the clean table as a sheet with declared parts: nothing to find


INJECTORS = [level2_not_under_level1, levels_swapped, level1_in_level2_place, code_name_mismatch,
             unknown_code, missing_level1, missing_outputs, missing_effects, missing_satisfaction,
             satisfaction_filed_elsewhere, complaints_under_satisfaction, name_repeats_category,
             input_as_output, satisfaction_upper_bound, rate_above_100, empty_target, target_repeats_name,
             annual_above_period, positive_decrease, negative_lower_bound, rate_with_count_unit,
             negated_positive_lower_bound, negated_negative_upper_bound, decline_rate_upper_bound,
             rise_rate_lower_bound, change_rate_with_count_unit,
             timeliness_without_time, value_of_other_measure, vague_target, scoring_rule, approximate,
             satisfaction_100, satisfaction_too_low, period_annual_units, doubled_value,
             duplicate_indicator, doubled_in_name, doubled_in_value, copied_project, stale_deadline, stale_goal,
             title_of_another_year, unparseable,
             page_break_split, missing_column, nameless_row, numbering_gap, too_few, empty_goal,
             empty_indicators, grand_total_off, subtotal_off, sources_off, invalid_amount, html_remnants,
             stray_digit, traditional, mixed_punctuation,
             direction_against_operator, direction_against_name, operator_on_text, qualitative_with_number,
             unit_against_value, weights_off, weight_not_positive, weight_missing, template_placeholder_row,
             declared_clean,
             form_sources_off, form_period_below_year, form_annual_goal_missing, form_annual_goal_copied]


def write_cases(folder, seeds: int) -> dict[str, set]:
    """Each injector's document for each seed written in folder: path -> the expected findings."""
    cases = {}
    for seed in range(seeds):
        for injector in INJECTORS:
            case = Case(random.Random(f"{seed}-{injector.__name__}"))
            injector(case)
            path = folder / f"{injector.__name__}-{seed}{case.file_year}.{'xlsx' if case.form else 'txt'}"
            if case.form:
                to_form_xlsx(path, case.projects)
            else:
                path.write_text(case.render(), encoding="utf-8")
            cases[str(path)] = case.expected
    return cases


@pytest.fixture(scope="module")
def injected(tmp_path_factory, catalogue):
    from pathlib import Path

    from audit import config
    cases = write_cases(tmp_path_factory.mktemp("injected"), SEEDS)
    settings = config.load(catalogue, cwd=Path("/nonexistent"))
    result = lint_paths(cases, catalogue, settings)
    assert not result.input_errors, result.input_errors[0]
    found = {path: set() for path in cases}
    for f in result.findings:
        found[f.path].add((f.rule, f.project, f.indicator, f.field))
    return cases, found


@pytest.mark.parametrize("injector", INJECTORS, ids=[i.__name__ for i in INJECTORS])
def test_injected_defect_is_found_exactly_there(injector, injected):
    cases, found = injected
    for path, expected in cases.items():
        if f"/{injector.__name__}-" in path:
            assert found[path] == expected, path


def test_every_rule_is_injected(catalogue, injected):
    cases, _ = injected
    injected_rules = {rule for expected in cases.values() for rule, *_ in expected}
    single_file = {rule.id for rule in catalogue if not rule.table.startswith("corpus_")}  # others: test_corpus.py
    assert single_file - injected_rules == set()
