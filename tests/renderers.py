"""Renders one table (a list of project dicts, as in tables.py) in every input format, the way
departments and disclosures produce them: CSV in several encodings, Excel with title rows and
merged cells, HTML with paragraphs and entities in cells, PDF with a row cut by a page break, and
the row-per-indicator layout."""
from __future__ import annotations

import codecs
import csv
import html
import io
import re
from pathlib import Path

from tables import CLEAN_INDICATORS, DEPARTMENT, GOAL, HEADER, indicator_cell

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


def to_docx(path: Path, projects: list[dict]) -> Path:
    """The summary table in a Word document: title paragraphs, then the table (amounts as text)."""
    import docx

    document = docx.Document()
    for text in ("项目支出绩效目标表", f"部门名称：{DEPARTMENT}", "单位：万元"):
        document.add_paragraph(text)
    rows = _table(projects)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = _text(value)
    document.save(path)
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


def declared_grid(rows: list[dict], blank_between: bool = True) -> tuple[list[list], list[tuple]]:
    """(rows of cells, merges as (row, col, last row, last col) 0-based) of a Sichuan-style sheet: the
    project's cells (单位名称, 项目名称, 预算数, 年度目标) merged over its indicator rows, a blank row
    between projects, 预算数 as a number."""
    grid: list[list] = [["2025年项目支出绩效目标申报表"] + [None] * 11, list(DECLARED_SHEET_HEADER)]
    merges = [(0, 0, 0, 11)]
    groups: list[list[dict]] = []
    for row in rows:
        if groups and (groups[-1][0]["project"], groups[-1][0]["unit"]) == (row["project"], row["unit"]) \
                and not row.get("new_project"):
            groups[-1].append(row)
        else:
            groups.append([row])
    for group in groups:
        first, head = len(grid), group[0]
        budget = head["budget"]
        for row in group:
            grid.append([head["unit"], head["project"], float(str(budget).replace(",", "")) if budget else None,
                         head["goal"], row["l1"], row["l2"], row["name"], row["nature"], row["value"], row["measure"],
                         row["weight"], row["direction"]])
        if len(grid) - 1 > first:
            merges += [(first, column, len(grid) - 1, column) for column in range(4)]
        if blank_between:  # a blank separator row
            grid.append([None] * 12)
    return grid, merges


def to_declared_xlsx(path: Path, rows: list[dict], blank_between: bool = True) -> Path:
    """The Sichuan-style sheet as a workbook, its project cells merged."""
    import openpyxl

    grid, merges = declared_grid(rows, blank_between)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "项目绩效目标"
    for r, cells in enumerate(grid, 1):
        for c, value in enumerate(cells, 1):
            if value is not None and not _covered(merges, r - 1, c - 1):
                ws.cell(row=r, column=c, value=value)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    workbook.save(path)
    return path


def to_declared_csv(path: Path, rows: list[dict], blank_between: bool = True) -> Path:
    """The sheet as Excel saves it as CSV: a merged cell's text in its first row only."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    grid, merges = declared_grid(rows, blank_between)
    for r, cells in enumerate(grid):
        writer.writerow(["" if value is None or _covered(merges, r, c) else _number_text(value)
                         for c, value in enumerate(cells)])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def to_declared_docx(path: Path, rows: list[dict], blank_between: bool = True) -> Path:
    """The sheet as a Word table, its project cells merged down their rows."""
    grid, merges = declared_grid(rows, blank_between)
    return grids_to_docx(path, [([[_number_text(value) if value is not None else "" for value in cells]
                                  for cells in grid], merges)])


def _number_text(value) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


# ------------------------------------------------------------------------------ the 申报表 forms
# One form per project, as departments fill it: label/value cells, the money block, the goals and
# the indicator grid. A form is first built as an abstract grid (rows of texts + merged ranges),
# then written to xlsx, docx or PDF, so every format shows the same form.

FORM_TITLE = "2025年度项目支出绩效目标申报表"
VALUE_LAYOUTS = ("two", "one", "side")  # 实施期指标值|年度指标值; one 指标值; mid-term|annual grids side by side


def summary_projects(path) -> list[dict]:
    """The projects of a summary-layout table (one row per project), as the dicts of tables.py, read
    with jxaudit's own reader: the forms then say exactly what the table says."""
    from audit.parsing import build_projects
    from audit.reading import read_document

    projects = []
    for project in build_projects(read_document(path)):
        if project.kind != "project":
            continue
        items = [[i.l1 or "", i.l2 or "", i.name or "", i.period or "", i.annual or ""] for i in project.indicators]
        projects.append({"name": project.name, "goal": project.cells.get("goal") or "", "items": items,
                         **{key: project.cells.get(key) or "" for key in ("total", "fiscal", "special", "other")}})
    return projects


def _plain_category(slot: str, level: int) -> str:
    """'22-社会效益' -> '社会效益指标' (names as forms without codes write them, with their variants)."""
    name = re.sub(r"^\s*\d{1,2}\s*[-－—–]\s*", "", slot)
    name = {"效益指标": "效果指标", "时效指标": "时效指标（工期指标）"}.get(name, name)
    return name if level == 1 or name.endswith(("指标", "）")) else name + "指标"


def _indicator_cells(text: str | list, codes: bool) -> list[str]:
    """[一级, 二级, 三级, 实施期指标值, 年度指标值] of an indicator text of tables.py (or of a list)."""
    if isinstance(text, str):
        l1, l2, name, period, annual = text.split("；")
        period, annual = period.split("：", 1)[1], annual.split("：", 1)[1]
    else:
        l1, l2, name, period, annual = text
    if not codes:
        l1, l2 = _plain_category(l1, 1), _plain_category(l2, 2)
    return [l1, l2, name, period, annual]


def _amount(project: dict, key: str) -> str:
    value = project.get(key)
    if value is None:
        if key == "fiscal" and not any(k in project for k in ("special", "other")):
            value = project.get("total", 100.0)
        elif key == "total":
            value = 100.0
    return _text(value) if not isinstance(value, str) else value


def form_grid(project: dict, values: str = "two", codes: bool = True, merge: bool = True):
    """(rows, merges) of one project's form: rows of texts, merges as (row, col, last row, last col)
    0-based. `values`: 'two', 'one' or 'side' (see VALUE_LAYOUTS)."""
    width = 8 if values == "side" else 6
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def add(cells: list[str], spans=()):
        rows.append(cells + [""] * (width - len(cells)))
        for first, last in spans:
            merges.append((len(rows) - 1, first, len(rows) - 1, last))
            rows[-1][first + 1:last + 1] = [rows[-1][first]] * (last - first)

    half = width // 2
    add([FORM_TITLE], [(0, width - 1)])
    add(["项目名称", project.get("name", "测试项目")], [(1, width - 1)])
    add(["主管部门（及代码）", f"{DEPARTMENT}（101001）"] + [""] * (half - 2) + ["实施单位", DEPARTMENT],
        [(1, half - 1), (half + 1, width - 1)])
    add(["项目属性", "延续项目"] + [""] * (half - 2) + ["项目期", project.get("term", "1年")],
        [(1, half - 1), (half + 1, width - 1)])
    total = _amount(project, "total")
    sources = [("其中：财政拨款", "fiscal"), ("财政专户拨款", "special"), ("其他资金", "other")]
    sources = [(label, _amount(project, key)) for label, key in sources if key == "fiscal" or project.get(key) not in (None, "")]
    sources += list(project.get("extra", {}).items())
    money_top = len(rows)
    add(["项目资金（万元）", "中期资金总额", _text(project.get("period_total", total)) if not isinstance(
        project.get("period_total"), str) else project["period_total"], "年度资金总额", total])
    for label, amount in sources:
        add(["项目资金（万元）", label, "", label, amount])
    merges.append((money_top, 0, len(rows) - 1, 0))
    goal = project.get("goal", GOAL)
    add(["总体目标", "实施期目标"] + [""] * (half - 2) + ["年度目标"], [(1, half - 1), (half, width - 1)])
    add(["总体目标", project.get("goal_period", goal)] + [""] * (half - 2) + [goal], [(1, half - 1), (half, width - 1)])
    merges.append((len(rows) - 2, 0, len(rows) - 1, 0))
    grid_top = len(rows)
    if values == "side":
        add(["绩效指标", "一级指标", "中期目标（2025年）", "", "", "年度目标（2025年）"], [(2, 4), (5, 7)])
        add(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"])
        merges.append((grid_top, 1, grid_top + 1, 1))
    elif values == "two":
        add(["绩效指标", "一级指标", "二级指标", "三级指标", "实施期指标值", "年度指标值"])
    else:
        add(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"], [(4, 5)])
    first_item = len(rows)
    for text in project.get("items") or project.get("indicators", CLEAN_INDICATORS):
        l1, l2, name, period, annual = _indicator_cells(text, codes)
        if values == "side":
            add(["绩效指标", l1, l2, name, period, l2, name, annual])
        elif values == "two":
            add(["绩效指标", l1, l2, name, period, annual])
        else:
            add(["绩效指标", l1, l2, name, annual], [(4, 5)])
    merges.append((grid_top, 0, len(rows) - 1, 0))
    if merge:  # 一级/二级 cells merged over their runs of equal text
        for column in ((1, 2, 5) if values == "side" else (1, 2)):
            start = first_item
            for at in range(first_item + 1, len(rows) + 1):
                if at == len(rows) or rows[at][column] != rows[start][column] or (
                        column != 1 and rows[at][1] != rows[start][1]):
                    if at - start > 1:
                        merges.append((start, column, at - 1, column))
                    start = at
    return rows, merges


def _forms(projects, **variant):
    return [form_grid(project, **variant) for project in projects]


def to_form_xlsx(path: Path, projects: list[dict], stacked: bool = False, **variant) -> Path:
    """The forms as a workbook: one sheet per project, or (stacked) all on one sheet, a blank row
    between them."""
    return grids_to_xlsx(path, _forms(projects, **variant), stacked)


def grids_to_xlsx(path: Path, forms: list[tuple], stacked: bool = False) -> Path:
    """(rows, merges) grids as a workbook: one sheet each, or (stacked) all on one sheet, a blank
    row between them."""
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet, top = None, 0
    for number, (rows, merges) in enumerate(forms, 1):
        if sheet is None or not stacked:
            sheet, top = workbook.create_sheet("申报表" if stacked else f"项目{number}"), 0
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                if text and not _covered(merges, r, c):
                    cell = sheet.cell(row=top + r + 1, column=c + 1, value=_number_or_text(text))
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # "=6个" is a target typed as text, not a formula
                    cell.alignment = Alignment(wrap_text=True)
        for r1, c1, r2, c2 in merges:
            sheet.merge_cells(start_row=top + r1 + 1, start_column=c1 + 1, end_row=top + r2 + 1, end_column=c2 + 1)
        top += len(rows) + 1
    workbook.save(path)
    return path


def _covered(merges, r: int, c: int) -> bool:
    """Inside a merged range but not its top-left cell."""
    return any(r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1) for r1, c1, r2, c2 in merges)


def _number_or_text(text: str):
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def to_form_docx(path: Path, projects: list[dict], one_table: bool = False, **variant) -> Path:
    """The forms as a Word document: a title paragraph and a table per project, or (one_table) all
    forms in one table, one under another."""
    return grids_to_docx(path, _forms(projects, **variant), one_table, title=FORM_TITLE)


def grids_to_docx(path: Path, forms: list[tuple], one_table: bool = False, title: str | None = None) -> Path:
    """(rows, merges) grids as a Word document: a table each, or (one_table) all in one table."""
    import docx

    document = docx.Document()
    if title:
        document.add_paragraph(title)
    if one_table:
        rows, merges = [], []
        for form_rows, form_merges in forms:
            merges += [(r1 + len(rows), c1, r2 + len(rows), c2) for r1, c1, r2, c2 in form_merges]
            rows += form_rows
        forms = [(rows, merges)]
    for rows, merges in forms:
        _add_table(document, rows, merges)
        document.add_paragraph("")
    document.save(path)
    return path


def _add_table(document, rows: list[list[str]], merges) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if not _covered(merges, r, c):
                table.cell(r, c).text = text
    for r1, c1, r2, c2 in merges:
        text = table.cell(r1, c1).text
        merged = table.cell(r1, c1).merge(table.cell(r2, c2))
        merged.text = text



def to_form_pdf(path: Path, projects: list[dict], **variant) -> Path:
    """The forms as a PDF (portrait A4, STSong-Light), one after another: short forms share a page,
    a long one goes on over the next page (its grid split between two tables). Merged 一级/二级
    cells are drawn as merged (SPAN) within a page."""
    return grids_to_pdf(path, _forms(projects, **variant))


def grids_to_pdf(path: Path, forms: list[tuple], font_size: int = 7) -> Path:
    """(rows, merges) grids as a PDF, one after another; each grid's first row (its title) is a
    paragraph above its table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=font_size, leading=font_size + 2, wordWrap="CJK")
    story = []
    for rows, merges in forms:
        width = len(rows[0])
        cells = [[Paragraph(html.escape(text), style) if text and not _covered(merges, r, c) else ""
                  for c, text in enumerate(row)] for r, row in enumerate(rows)]
        table = Table(cells[1:], colWidths=[520 / width] * width, splitByRow=1)
        spans = [("SPAN", (c1, r1 - 1), (c2, r2 - 1)) for r1, c1, r2, c2 in merges if r1 > 0 and (r1 == r2 or c1 > 0)]
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
        story += [Paragraph(html.escape(rows[0][0]), style), table, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
