"""Renders one table (a list of project dicts, as in tables.py) in every input format, the way
departments and disclosures produce them: CSV in several encodings, Excel with title rows and
merged cells, HTML with paragraphs and entities in cells, PDF with a row cut by a page break, and
the row-per-indicator layout."""
from __future__ import annotations

import codecs
import csv
import html
import io
from pathlib import Path

from tables import DEPARTMENT, GOAL, HEADER, indicator_cell

INDICATOR_HEADER = ["项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "一级指标", "二级指标",
                    "三级指标", "实施周期指标值", "年度指标值"]


def _rows(projects: list[dict]) -> tuple[list[list], float]:
    """Body rows with amounts as numbers (None for blank), and the grand total."""
    rows, total = [], 0.0
    for p in projects:
        amount = p.get("total", 100.0)
        total += amount
        fiscal = p.get("fiscal", amount if "special" not in p and "other" not in p else None)
        rows.append([p["name"], amount, fiscal, p.get("special"), p.get("other"), p.get("goal", GOAL),
                     indicator_cell(p["indicators"])])
    return rows, round(total, 2)


def _table(projects: list[dict]) -> list[list]:
    rows, total = _rows(projects)
    return [HEADER, ["合计", total, total, None, None, None, None], [DEPARTMENT, total, total, None, None, None, None],
            *rows]


def _text(value) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def to_csv(path: Path, projects: list[dict], encoding: str = "utf-8", bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["项目支出绩效目标表"])
    writer.writerow([f"部门名称：{DEPARTMENT}"])
    writer.writerow(["单位：万元"])
    for row in _table(projects):
        writer.writerow([_text(value) for value in row])
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def to_xlsx(path: Path, projects: list[dict], sheet: str = "项目支出绩效目标表") -> Path:
    """Title rows with merged cells above the header, amounts as numbers, wrapped text."""
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes["A1"] = "本工作簿由财政局下发，请在第二张表填报。"
    ws = workbook.create_sheet(sheet)
    ws["A1"] = "项目支出绩效目标表"
    ws.merge_cells("A1:G1")
    ws["A2"], ws["B2"] = "部门名称：", DEPARTMENT
    ws["G2"] = "单位：万元"
    for row in _table(projects):
        ws.append(row)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    workbook.save(path)
    return path


def to_indicator_rows_xlsx(path: Path, projects: list[dict], codes: bool = True) -> Path:
    """The row-per-indicator layout: one row per indicator, project cells merged over its rows."""
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "绩效目标"
    ws.append(["项目支出绩效目标申报表"])
    ws.append(INDICATOR_HEADER)
    rows, total = _rows(projects)
    ws.append(["合计", total, total, None, None, None, None, None, None, None, None])
    for project, row in zip(projects, rows):
        first = ws.max_row + 1
        for text in project["indicators"]:
            l1, l2, name, period, annual = text.split("；")
            if not codes:
                l1, l2 = l1.split("-", 1)[1], l2.split("-", 1)[1]
            ws.append([*row[:6], l1, l2, name, period.split("：", 1)[1], annual.split("：", 1)[1]])
        last = ws.max_row
        if last > first:
            for column in "ABCDEF":
                ws.merge_cells(f"{column}{first}:{column}{last}")
    workbook.save(path)
    return path


def to_html(path: Path, projects: list[dict]) -> Path:
    """A disclosure page: a layout table around, the data table with <p> paragraphs and entities."""
    def cell(value, tag="td"):
        text = html.escape(_text(value))
        if len(text) > 30:  # long cells come as paragraphs, split at a full stop
            text = "".join(f"<p>{part}。</p>" for part in text.rstrip("。").split("。"))
        return f"<{tag}>{text}</{tag}>"

    table = _table(projects)
    body = "\n".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in table[1:])
    head = "<tr>" + "".join(cell(v, "th") for v in table[0]) + "</tr>"
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>公开</title></head><body>"
            f"<table><tr><td>导航</td><td>首页</td></tr></table>"
            f"<h2>项目支出绩效目标表</h2><p>部门名称：{DEPARTMENT}</p><p>单位：万元</p>"
            f"<table border='1'>{head}\n{body}</table></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


def to_pdf(path: Path, projects: list[dict], password: str | None = None, split: int | None = None) -> Path:
    """A landscape A4 PDF in the CID font STSong-Light, the header repeated on every page. With
    `split`, that body row is cut by a page break in the middle of its indicator cell, as exports
    do: its first part ends page 1, the rest continues page 2 in a row without name or amounts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    rows = [[_text(value) for value in row] for row in _table(projects)]
    pages = [rows]
    if split is not None:
        at = 3 + split  # header, 合计 and the department come first
        cell = rows[at][6]
        cut = cell.index("实施周期指标", len(cell) // 2) + len("实施周期指标")
        first, rest = rows[:at + 1], rows[at + 1:]
        first[at] = first[at][:6] + [cell[:cut]]
        pages = [first, [rows[0], ["", "", "", "", "", "", cell[cut:]], *rest]]

    def table(page_rows):
        flowable = Table([[Paragraph(html.escape(v), style) for v in row] for row in page_rows],
                         colWidths=[70, 48, 48, 45, 40, 150, 380], repeatRows=1)
        flowable.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                      ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return flowable

    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption
        encrypt = StandardEncryption(password, canPrint=0)
    story = [Paragraph("项目支出绩效目标表", style), Paragraph(f"部门名称：{DEPARTMENT}", style),
             Paragraph("单位：万元", style)]
    for number, page_rows in enumerate(pages):
        story += ([PageBreak()] if number else []) + [table(page_rows)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), encrypt=encrypt).build(story)
    return path


# ------------------------------------------------------------------ declared parts (Sichuan and others)

DECLARED_SHEET_HEADER = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                         "度量单位", "权重", "指标方向性"]
# Category names as the provinces write them without codes: variants the code scheme maps (audit/domain.yaml).
NAME_VARIANTS = {"效益指标": "效果指标", "社会效益": "社会效益指标", "服务对象满意度": "服务对象满意度指标",
                 "时效指标": "时效指标(工期指标)", "数量指标": "数量指标", "质量指标": "质量指标"}
_DECLARED_TARGET = r"^(≥|≤|>|<|=)?(\d+(?:\.\d+)?)(%|[\u4e00-\u9fff]{0,3})$"


def declared_parts(target: str | None, name: str | None) -> tuple[str, str, str, str]:
    """(指标性质, 指标值, 度量单位, 指标方向性) as a department declares a target: "≥95%" ->
    ("≥", "95", "%", "正向指标"); words -> 定性; a target with words around its number stays whole,
    without an operator. The direction follows the operator, else the name's polarity."""
    from audit.features import polarity
    import re

    text = (target or "").strip()
    match = re.match(_DECLARED_TARGET, text)
    if match:
        nature, value, unit = match[1] or "=", match[2], match[3]
    else:
        nature, value, unit = ("" if re.search(r"\d", text) else "定性"), text, ""
    sense = {"≥": "正向", ">": "正向", "≤": "反向", "<": "反向"}.get(nature)
    sense = sense or ("反向" if polarity(name) == "negative" else "正向")
    return nature, value, unit, f"{sense}指标"


def declared_rows(summary: Path, codes: bool = True) -> list[dict]:
    """The projects of a summary-layout table as Sichuan rows: one dict per indicator, the year's
    target split into its declared parts, weights adding up to 100 in each project."""
    from audit.parsing import build_projects
    from audit.reading import read_document

    doc = read_document(summary)
    rows = []
    for project in build_projects(doc):
        if project.kind != "project":
            continue
        count = len(project.indicators)
        for position, item in enumerate(project.indicators):
            l1, l2 = item.l1 or "", item.l2 or ""
            if not codes:
                l1, l2 = (NAME_VARIANTS.get(s.split("-", 1)[-1], s.split("-", 1)[-1]) for s in (l1, l2))
            nature, value, unit, direction = declared_parts(item.annual, item.name)
            weight = 100 // count + (100 % count if position == 0 else 0)
            rows.append({"unit": doc.department, "project": project.name, "budget": project.cells.get("total"),
                         "goal": project.cells.get("goal"), "l1": l1, "l2": l2, "name": item.name, "nature": nature,
                         "value": value, "measure": unit, "weight": weight, "direction": direction})
    return rows


def to_declared_xlsx(path: Path, rows: list[dict], blank_between: bool = True) -> Path:
    """A Sichuan-style sheet: the project's cells (单位名称, 项目名称, 预算数, 年度目标) merged over its
    indicator rows, a blank row between projects, 预算数 as a number."""
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "项目绩效目标"
    ws.append(["2025年项目支出绩效目标申报表"])
    ws.merge_cells("A1:L1")
    ws.append(DECLARED_SHEET_HEADER)
    groups: list[list[dict]] = []
    for row in rows:
        if groups and (groups[-1][0]["project"], groups[-1][0]["unit"]) == (row["project"], row["unit"]) \
                and not row.get("new_project"):
            groups[-1].append(row)
        else:
            groups.append([row])
    at = 3  # the next row to write
    for group in groups:
        first, head = at, group[0]
        budget = head["budget"]
        for row in group:
            cells = [head["unit"], head["project"], float(str(budget).replace(",", "")) if budget else None, head["goal"],
                     row["l1"], row["l2"], row["name"], row["nature"], row["value"], row["measure"], row["weight"],
                     row["direction"]]
            for column, value in enumerate(cells, 1):
                ws.cell(row=at, column=column, value=value)
            at += 1
        if at - 1 > first:
            for column in "ABCD":
                ws.merge_cells(f"{column}{first}:{column}{at - 1}")
        at += blank_between  # a blank separator row
    workbook.save(path)
    return path
