"""Builds tables in the text-export format for tests, so that every test goes through the reader."""
from __future__ import annotations

HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
DEPARTMENT = "测试市测试局"
GOAL = "通过实施本项目，保障业务正常开展，提升服务质量。"

# A project that no rule objects to: the base of every fixture case.
CLEAN_INDICATORS = [
    "1-产出指标；11-数量指标；巡逻次数；实施周期指标值：≥300次；年度指标值：≥300次",
    "1-产出指标；12-质量指标；设备验收合格率；实施周期指标值：≥95%；年度指标值：≥95%",
    "2-效益指标；22-社会效益；辖区发案率；实施周期指标值：≤5%；年度指标值：≤5%",
    "3-满意度指标；31-服务对象满意度；群众满意度；实施周期指标值：≥90%；年度指标值：≥90%",
]


def indicator_cell(indicators: list[str]) -> str:
    return "".join(f"{number}、{text}。" for number, text in enumerate(indicators, 1))


def money(value: float | str | None) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return f"{value:,.2f}"


def render(projects: list[dict], total: float | str | None = None, subtotal: float | str | None = None) -> str:
    """A whole document. Each project: name, total (default 100), fiscal/special/other (default: all
    in fiscal), goal, indicators (a list of indicator texts, numbered here) or cell (raw cell text);
    or cells: a raw row as a list of cells."""
    rows = []
    amounts = 0.0
    for project in projects:
        if "cells" in project:  # a raw row, written as given
            rows.append(project["cells"])
            continue
        project_total = project.get("total", 100.0)
        amounts += project_total if isinstance(project_total, (int, float)) else 0
        fiscal = project.get("fiscal", project_total if "special" not in project and "other" not in project else 0)
        cell = project["cell"] if "cell" in project else indicator_cell(project.get("indicators", CLEAN_INDICATORS))
        rows.append([project.get("name", "测试项目"), money(project_total), money(fiscal),
                     money(project.get("special")), money(project.get("other")),
                     project.get("goal", GOAL), cell])
    total = amounts if total is None else total
    subtotal = total if subtotal is None else subtotal
    head = [["合计", money(total), money(total), "", "", "", ""],
            [DEPARTMENT, money(subtotal), money(subtotal), "", "", "", ""]]
    lines = ["## 项目支出绩效目标表", "", f"部门名称：{DEPARTMENT}", "", "单位：万元", "", "\t".join(HEADER)]
    lines += ["\t".join(row) for row in head + rows]
    return "\n".join(lines) + "\n"


def from_case(case: dict) -> str:
    """A fixture case: raw `text`, or `projects`, or the `indicators` of one project."""
    if "text" in case:
        return case["text"]
    projects = case.get("projects") or [{"indicators": case["indicators"]}]
    return render(projects, total=case.get("total"), subtotal=case.get("subtotal"))
