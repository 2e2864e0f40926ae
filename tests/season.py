"""A generated review season: one table per department, built from the defect-free test table
(tests/tables.py CLEAN_PROJECTS) with the department's own name, money and targets varied the
way real departments vary them, so that the tables are alike enough to be peers and no two are
the same. Defects are planted by the tests on top of it."""
from __future__ import annotations

import copy
import random
import re

from tables import CLEAN_PROJECTS, render

DISTRICTS = ["花都", "白云", "天河", "海珠", "荔湾", "越秀", "番禺", "黄埔", "南沙", "从化", "增城", "福田", "罗湖",
             "南山", "宝安", "龙岗", "盐田", "龙华", "坪山", "光明", "禅城", "南海", "顺德", "三水", "高明", "香洲",
             "斗门", "金湾", "惠城", "惠阳", "蓬江", "江海", "新会", "端州"]
BUREAUS = ["公安分局", "交通警察大队", "治安管理局", "公安局"]


def department(number: int) -> str:
    return f"广州市{DISTRICTS[number]}区{BUREAUS[number % len(BUREAUS)]}"


def projects(number: int) -> list[dict]:
    """The department's projects: money scaled, quantities scaled with it (so that the cost per
    unit stays near its peers'), satisfaction and incidence targets chosen among common levels."""
    rng = random.Random(f"season-{number}")
    varied = []
    for project in copy.deepcopy(CLEAN_PROJECTS):
        scale = rng.choice([0.8, 0.9, 1.0, 1.1, 1.25])
        satisfaction, incidence = rng.choice([85, 90, 95]), rng.choice([3, 4, 5])
        for key in ("fiscal", "special", "other"):
            project.pop(key, None)  # all in fiscal: the sources add up whatever the total
        project["total"] = round(project["total"] * scale, 2)
        indicators = []
        for text in project["indicators"]:
            if "满意度；" in text:
                text = re.sub(r"≥\d+%", f"≥{satisfaction}%", text)
            elif "发案率；" in text:
                text = re.sub(r"≤\d+%", f"≤{incidence}%", text)
            elif "11-数量指标" in text:
                factor = scale * rng.uniform(0.9, 1.1)
                text = re.sub(r"(\d+)(个|场|所)", lambda m: f"{max(1, round(int(m[1]) * factor))}{m[2]}", text)
            indicators.append(text)
        project["indicators"] = indicators
        varied.append(project)
    return varied


def table(number: int, year: int, edit=None) -> str:
    """The department's table for `year`; `edit(projects)` plants a defect first."""
    tables = projects(number)
    if edit:
        edit(tables)
    return render(tables, title=f"{year}年项目支出绩效目标表", department=department(number))


def set_indicator(tables: list[dict], project: int, name: str, period: str, annual: str) -> None:
    """Replace the targets of the named indicator of a project."""
    items = tables[project]["indicators"]
    at = next(i for i, text in enumerate(items) if f"；{name}；" in text)
    head = items[at].split("；实施周期指标值")[0]
    items[at] = f"{head}；实施周期指标值：{period}；年度指标值：{annual}"
