"""The Excel feedback workbook of one submission, what a department fixes its table in: the table
as submitted with each flagged cell highlighted and commented (message and suggestion), and a
问题清单 sheet listing every finding with a link to its cell."""
from __future__ import annotations

import re
from collections import defaultdict

from ..i18n import t
from ..reading.model import column_letters

FILLS = {"error": "#F8CBAD", "warning": "#FFE699", "info": "#DDEBF7"}
RANK = {"info": 0, "warning": 1, "error": 2}
CELL_LIMIT = 32000  # Excel holds at most 32,767 characters in a cell
CELL_FIELDS = {  # where a finding about this field sits: cell layout, row-per-indicator layout
    "l1": ("indicators", "l1"), "l2": ("indicators", "l2"), "name": ("indicators", "l3"),
    "period": ("indicators", "period_value"), "annual": ("indicators", "annual_value"),
    "indicators": ("indicators", "l3"), "goal": ("goal", "goal"), "total": ("total", "total"),
    "amounts": ("total", "total"), "row": ("name", "name"),
    "nature": ("indicators", "nature"), "unit": ("indicators", "unit_column"), "weight": ("indicators", "weight"),
    "direction": ("indicators", "direction"),
}


def write(path, submission, documents, settings) -> None:
    """documents: [(path, Document, projects)] of the submission, as read for the lint."""
    import xlsxwriter

    lang = settings.lang
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_urls": False, "strings_to_formulas": False,
                                               "in_memory": True})  # no temporary files: 3x faster
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "top"})
    fills = {sev: workbook.add_format({"bg_color": colour, "text_wrap": True, "valign": "top"})
             for sev, colour in FILLS.items()}
    link = workbook.add_format({"font_color": "blue", "underline": 1})
    listed = []
    used: set[str] = set()
    for file_path, doc, projects in (part for entry in documents for part in _form_parts(*entry)):
        name = _sheet_name(doc.sheet or f"{t('sheet_table', lang)}{doc.table or len(used) + 1}", used)
        sheet = workbook.add_worksheet(name)
        for position, width in ((0, 24), (doc.columns.get("goal", 99), 40), (doc.columns.get("indicators", 99), 80)):
            sheet.set_column(position, position, width)
        written = _write_table(sheet, doc, projects, wrap, bold)
        findings = [f for f in submission.findings if f.path == file_path and f.sheet == doc.sheet and f.table == doc.table]
        by_cell = defaultdict(list)
        for finding in findings:
            by_cell[_cell_of(finding, doc)].append(finding)
        for (row, column), found in by_cell.items():
            worst = max(found, key=lambda f: RANK[f.severity]).severity
            sheet.write(row, column, written.get((row, column), ""), fills[worst])
            note = "\n".join(f"{f.rule} {t('severity_' + f.severity, lang)}: {f.message}\n→ {f.suggestion}" for f in found)
            sheet.write_comment(row, column, note[:CELL_LIMIT], {"author": "jxaudit", "x_scale": 3, "y_scale": 3})
            listed += [(f, name, row, column) for f in found]
    _write_list(workbook, listed, lang, bold, wrap, link)
    workbook.close()


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        candidate, number = f"{base[:25]}-{number}", number + 1
    used.add(candidate.lower())
    return candidate


# A form's cells without a native address (PDF) go on their line, in these columns.
FORM_COLUMNS = {"name": 0, "l1": 0, "goal": 1, "l2": 1, "total": 2, "amounts": 2, "l3": 2, "period_value": 3,
                "annual_value": 4, "value": 4}
FORM_FIELDS = {"name": "l3", "period": "period_value", "annual": "annual_value", "row": "name", "indicators": "l3"}


def _form_parts(file_path, doc, projects):
    """A form document as one part per sheet or Word table its forms are on (so that each form's
    cells land where they are in the submission); other documents as they are."""
    if doc.layout != "form":
        return [(file_path, doc, projects)]
    from dataclasses import replace

    parts: dict[tuple, list] = {}
    for project in projects:
        place = project.places[project.line]
        parts.setdefault((place.get("sheet"), place.get("table")), []).append(project)
    return [(file_path, replace(doc, sheet=sheet, table=table), members) for (sheet, table), members in parts.items()]


def _form_cells(doc, projects) -> dict[tuple[int, int], str]:
    """The texts of forms at their native cells (PDF: on their line, in FORM_COLUMNS)."""
    written = {}
    for project in projects:
        texts = [(project.line, key, text) for key, text in project.cells.items()]
        for item in project.indicators:
            texts += [(item.line, key, text) for key, text in (("l1", item.l1), ("l2", item.l2), ("l3", item.name),
                                                               ("period_value", item.period), ("annual_value", item.annual))]
        for line, key, text in texts:
            place = project.places.get(line, {})
            if text and (place.get(key) or key in FORM_COLUMNS):
                written[_position(place.get(key), line, key)] = text[:CELL_LIMIT]
    return written


def _position(address: str | None, line: int | None, key: str) -> tuple[int, int]:
    """(row, column), 0-based, of "Sheet!C5" / "表2!C5", else of the key on its line."""
    if not address:
        return max(0, (line or 1) - 1), FORM_COLUMNS.get(key, 0)
    letters, number = re.match(r".*!([A-Z]+)(\d+)$", address).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(number) - 1, column - 1


def _write_table(sheet, doc, projects, wrap, bold) -> dict[tuple[int, int], str]:
    """The table at the rows and columns it has in the submission, so that locations agree;
    returns the text written in each (row, column)."""
    if doc.layout == "form":
        written = _form_cells(doc, projects)
        for (row, column), text in written.items():
            sheet.write(row, column, text, wrap)
        return written
    written: dict[tuple[int, int], str] = {}
    above = [text for text in (doc.title, doc.department and f"部门名称：{doc.department}") if text]
    for row, text in enumerate(above[:max(0, doc.header_line - 1)]):
        sheet.write(row, 0, text)
    header = {position: key for key, position in doc.columns.items()}
    for position, key in header.items():
        sheet.write(doc.header_line - 1, position, _HEADER_TEXT.get(key, key), bold)
    for project in projects:
        for key, position in doc.columns.items():
            text = project.cells.get(key)
            if text:
                written[(project.line - 1, position)] = text[:CELL_LIMIT]
        for item in project.indicators:
            if item.line is None:
                continue
            for key, text in (("l1", item.l1), ("l2", item.l2), ("l3", item.name), ("period_value", item.period),
                              ("annual_value", item.annual), ("value", item.annual)):
                if text and key in doc.columns:
                    written[(item.line - 1, doc.columns[key])] = text[:CELL_LIMIT]
    for (row, column), text in written.items():
        sheet.write(row, column, text, wrap)
    return written


_HEADER_TEXT = {"name": "项目名称", "total": "总计", "fiscal": "财政拨款", "special": "财政专户拨款", "other": "其他资金",
                "goal": "绩效目标", "indicators": "绩效指标", "l1": "一级指标", "l2": "二级指标", "l3": "三级指标",
                "nature": "指标性质", "value": "指标值", "annual_value": "年度指标值", "period_value": "实施周期指标值",
                "unit_column": "度量单位"}


def _cell_of(finding, doc) -> tuple[int, int]:
    """(row, column), 0-based, of the cell a finding is about."""
    if finding.cell or doc.layout == "form":
        return _position(finding.cell, finding.line, FORM_FIELDS.get(finding.field, finding.field or "name"))
    cell_layout, row_layout = CELL_FIELDS.get(finding.field or "row", ("name", "name"))
    key = row_layout if doc.layout == "row" else cell_layout
    if key == "annual_value" and key not in doc.columns:
        key = "value"  # 指标值: the year's target
    return (finding.line or doc.header_line) - 1, doc.columns.get(key, doc.columns["name"])


def _write_list(workbook, listed, lang: str, bold, wrap, link) -> None:
    sheet = workbook.add_worksheet(t("sheet_findings", lang))
    headers = [t(k, lang) for k in ("col_line", "col_project", "col_indicator", "col_rule", "col_severity",
                                    "col_message", "col_suggestion")]
    for column, header in enumerate(headers):
        sheet.write(0, column, header, bold)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 28)
    sheet.set_column(5, 6, 60)
    for number, (finding, name, row, column) in enumerate(listed, 1):
        address = f"{name}!{column_letters(column)}{row + 1}"
        sheet.write_url(number, 0, f"internal:'{name}'!{column_letters(column)}{row + 1}", link, address)
        for col, value in enumerate((finding.project or t("document_level", lang), finding.indicator,
                                     finding.rule, t("severity_" + finding.severity, lang), finding.message,
                                     finding.suggestion), 1):
            sheet.write(number, col, "" if value is None else value, wrap)
    sheet.autofilter(0, 0, max(1, len(listed)), len(headers) - 1)
    sheet.freeze_panes(1, 0)
