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


def render(projects: list[dict], total: float | str | None = None, subtotal: float | str | None = None,
           title: str = "项目支出绩效目标表", department: str = DEPARTMENT) -> str:
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
            [department, money(subtotal), money(subtotal), "", "", "", ""]]
    lines = [f"## {title}", "", f"部门名称：{department}", "", "单位：万元", "", "\t".join(HEADER)]
    lines += ["\t".join(row) for row in head + rows]
    return "\n".join(lines) + "\n"


# The row-per-indicator layout with declared parts (Sichuan and others), as in tests/renderers.py.
DECLARED_HEADER = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                   "度量单位", "权重", "指标方向性"]
DECLARED_ROWS = [  # a project no rule objects to: 一级 | 二级 | 三级 | 性质 | 值 | 单位 | 权重 | 方向
    ["产出指标", "数量指标", "巡逻次数", "≥", "300", "次", "30", "正向指标"],
    ["产出指标", "质量指标", "设备验收合格率", "≥", "95", "%", "30", "正向指标"],
    ["效益指标", "社会效益指标", "辖区发案率", "≤", "5", "%", "20", "反向指标"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "20", "正向指标"],
]


def render_declared(rows: list, unit: str = "测试单位") -> str:
    """A row-per-indicator sheet as text, the project written on each of its rows. A row: the eight
    indicator cells, or {project: name, cells: [...]} for another project than 测试项目."""
    lines = ["## 项目支出绩效目标表", "", f"部门名称：{DEPARTMENT}", "", "\t".join(DECLARED_HEADER)]
    for row in rows:
        name, cells = (row["project"], row["cells"]) if isinstance(row, dict) else ("测试项目", row)
        lines.append("\t".join([unit, name, "100.00", GOAL, *[str(cell) for cell in cells]]))
    return "\n".join(lines) + "\n"


def from_case(case: dict) -> str:
    """A fixture case: raw `text`, or `projects`, or the `indicators` of one project, or the
    `declared` rows of a row-per-indicator sheet."""
    if "text" in case:
        return case["text"]
    if "declared" in case:
        return render_declared(case["declared"] or DECLARED_ROWS)
    projects = case.get("projects") or [{"indicators": case.get("indicators", CLEAN_INDICATORS)}]
    return render(projects, total=case.get("total"), subtotal=case.get("subtotal"),
                  title=case.get("title", "项目支出绩效目标表"), department=case.get("department", DEPARTMENT))


# The defect-free table of tests/data/clean.txt: the base of the defect-injection harness.
CLEAN_PROJECTS = [
    {"name": "社区警务室运行经费", "total": 1318.29, "fiscal": 1200.00, "special": 100.00, "other": 18.29,
     "goal": "保障全区社区警务室日常运行，提升社区治安防控和群众服务水平。",
     "indicators": [
         "1-产出指标；11-数量指标；保障社区警务室数量；实施周期指标值：≥45个；年度指标值：≥45个",
         "1-产出指标；12-质量指标；警务室设备完好率；实施周期指标值：≥95%；年度指标值：≥95%",
         "1-产出指标；13-时效指标；群众求助响应时间；实施周期指标值：≤30分钟；年度指标值：≤30分钟",
         "1-产出指标；14-成本指标；单个警务室年运行成本；实施周期指标值：≤29.3万元；年度指标值：≤29.3万元",
         "2-效益指标；22-社会效益；社区可防性案件发案率；实施周期指标值：≤3%；年度指标值：≤3%",
         "3-满意度指标；31-服务对象满意度；社区群众满意度；实施周期指标值：≥90%；年度指标值：≥90%"]},
    {"name": "交通信号设施维护经费", "total": 600.00,
     "goal": "维护全区交通信号设施，保证信号设备正常运行，减少交通拥堵。",
     "indicators": [
         "1-产出指标；11-数量指标；维护信号灯路口数量；实施周期指标值：1200个；年度指标值：400个",
         "1-产出指标；12-质量指标；交通信号设施设备正常率；实施周期指标值：≥95%；年度指标值：≥95%",
         "1-产出指标；13-时效指标；故障修复及时率；实施周期指标值：≥98%；年度指标值：≥98%",
         "2-效益指标；22-社会效益；主干道高峰平均车速；实施周期指标值：≥25公里；年度指标值：≥25公里",
         "2-效益指标；23-生态效益；信号灯节能改造比例；实施周期指标值：≥60%；年度指标值：≥20%",
         "3-满意度指标；31-服务对象满意度；市民出行满意度；实施周期指标值：≥85%；年度指标值：≥85%"]},
    {"name": "执法办案中心建设项目", "total": 200.00,
     "goal": "完成执法办案中心建设并投入使用，实现一站式办案和全流程监督。",
     "indicators": [
         "1-产出指标；11-数量指标；建设功能区数量；实施周期指标值：=6个；年度指标值：=6个",
         "1-产出指标；12-质量指标；项目验收合格率；实施周期指标值：100%；年度指标值：100%",
         "1-产出指标；13-时效指标；投入使用时间；实施周期指标值：2025年9月底前；年度指标值：2025年9月底前",
         "2-效益指标；22-社会效益；案件平均办理时长缩短；实施周期指标值：≥20%；年度指标值：≥20%",
         "2-效益指标；24-可持续影响；中心设备使用年限；实施周期指标值：≥8年；年度指标值：≥8年",
         "3-满意度指标；31-服务对象满意度；办案民警满意度；实施周期指标值：≥90%；年度指标值：≥90%"]},
    {"name": "禁毒宣传教育经费", "total": 82.50,
     "goal": "开展禁毒宣传进校园、进社区活动，提高群众识毒防毒拒毒能力。",
     "indicators": [
         "1-产出指标；11-数量指标；开展宣传活动场次；实施周期指标值：≥120场；年度指标值：≥40场",
         "1-产出指标；11-数量指标；覆盖中小学校数量；实施周期指标值：≥60所；年度指标值：≥60所",
         "2-效益指标；22-社会效益；青少年禁毒知识知晓率；实施周期指标值：≥95%；年度指标值：≥95%",
         "3-满意度指标；31-服务对象满意度；师生满意度；实施周期指标值：≥90%；年度指标值：≥90%"]},
]
