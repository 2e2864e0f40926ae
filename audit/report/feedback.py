"""The Excel feedback workbook of one submission, what a department fixes its table in: the table
as submitted (amounts as numbers in 万元, long cells wrapped) with each flagged cell highlighted
and commented (message and suggestion) and a colour legend beside it, and a 问题清单 sheet listing
every finding (a defect in both target fields once) with a link to its cell and its severity
coloured. An unreadable submission's workbook says why it could not be read."""
from __future__ import annotations

import re
from collections import defaultdict

from ..i18n import t
from ..reading.model import column_letters
from .pairs import shown

FILLS = {"error": "#F8CBAD", "warning": "#FFE699", "info": "#DDEBF7"}
RANK = {"info": 0, "warning": 1, "error": 2}
AMOUNTS = ("total", "fiscal", "special", "other")  # 万元, written as numbers
NUMBER = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")
WIDTHS = {"name": 36, "goal": 40, "indicators": 80, "l3": 30, "period_value": 20, "annual_value": 20, "value": 20}
CELL_LIMIT = 32000  # Excel holds at most 32,767 characters in a cell
CELL_FIELDS = {  # where a finding about this field sits: cell layout, row-per-indicator layout
    "l1": ("indicators", "l1"), "l2": ("indicators", "l2"), "name": ("indicators", "l3"),
    "period": ("indicators", "period_value"), "annual": ("indicators", "annual_value"),
    "indicators": ("indicators", "l3"), "goal": ("goal", "goal"), "total": ("total", "total"),
    "amounts": ("total", "total"), "row": ("name", "name"), "period+annual": ("indicators", "period_value"),
    "nature": ("indicators", "nature"), "unit": ("indicators", "unit_column"), "weight": ("indicators", "weight"),
    "direction": ("indicators", "direction"),
}


def write(path, submission, documents, settings) -> None:
    """documents: [(path, Document, projects)] of the submission, as read for the lint."""
    import xlsxwriter

    lang = settings.lang
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_urls": False, "strings_to_formulas": False,
                                               "in_memory": True})  # no temporary files: 3x faster
    formats = _Formats(workbook)
    listed = []
    used: set[str] = set()
    if submission.errors:  # nothing to show but why
        sheet = workbook.add_worksheet(_sheet_name(t("unreadable", lang), used))
        sheet.set_column(0, 0, 100)
        for row, error in enumerate(submission.errors):
            sheet.write(row, 0, t("unreadable_why", lang, reason=error), formats.wrap)
    for file_path, doc, projects in (part for entry in documents for part in _form_parts(*entry)):
        name = _sheet_name(doc.sheet or f"{t('sheet_table', lang)}{doc.table or len(used) + 1}", used)
        sheet = workbook.add_worksheet(name)
        for key, position in doc.columns.items():
            sheet.set_column(position, position, WIDTHS.get(key, 14))
        written = _write_table(sheet, doc, projects, formats)
        findings = [f for f in submission.findings if f.path == file_path and f.sheet == doc.sheet and f.table == doc.table]
        by_cell = defaultdict(list)
        positions = _form_positions(doc, projects)
        for finding in findings:
            by_cell[_cell_of(finding, doc, positions)].append(finding)
        for (row, column), found in by_cell.items():
            worst = max(found, key=lambda f: RANK[f.severity]).severity
            _write_cell(sheet, row, column, written.get((row, column), ""), formats.fills[worst],
                        formats.amount_fills[worst])
            note = "\n".join(f"{f.rule} {t('severity_' + f.severity, lang)}: {f.message}\n→ {f.suggestion}" for f in found)
            sheet.write_comment(row, column, note[:CELL_LIMIT], {"author": "jxaudit", "x_scale": 3, "y_scale": 3})
        _legend(sheet, max([*doc.columns.values(), *(column for _, column in written)], default=0) + 2, formats, lang)
        listed += [(f, name, *_cell_of(f, doc, positions)) for f in shown(findings, lang)]
    _write_list(workbook, listed, lang, formats)
    workbook.close()


class _Formats:
    def __init__(self, workbook):
        base = {"text_wrap": True, "valign": "top"}
        self.wrap = workbook.add_format(base)
        self.bold = workbook.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        self.amount = workbook.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.fills = {sev: workbook.add_format({**base, "bg_color": colour}) for sev, colour in FILLS.items()}
        self.amount_fills = {sev: workbook.add_format({"num_format": "#,##0.00", "valign": "top", "bg_color": colour})
                             for sev, colour in FILLS.items()}
        self.link = workbook.add_format({"font_color": "blue", "underline": 1, "valign": "top"})


def _write_cell(sheet, row: int, column: int, value, text_format, amount_format) -> None:
    if isinstance(value, float):
        sheet.write_number(row, column, value, amount_format)
    else:
        sheet.write_string(row, column, value, text_format)


def _legend(sheet, column: int, formats, lang: str) -> None:
    """What the colours mean, beside the table."""
    sheet.set_column(column, column, 48)
    sheet.write(0, column, t("legend", lang), formats.bold)
    for row, severity in enumerate(("error", "warning", "info"), 1):
        sheet.write(row, column, t("severity_" + severity, lang), formats.fills[severity])
    sheet.write(4, column, t("legend_cell", lang), formats.wrap)


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
FORM_FIELDS = {"name": "l3", "period": "period_value", "annual": "annual_value", "row": "name", "indicators": "l3",
               "period+annual": "period_value"}


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
    """The texts of forms at their native cells, labels too, as written ("资金总额：120"); a PDF's
    indicator values on their line, in FORM_COLUMNS."""
    written = {}
    for project in projects:
        own = project.places[project.line]
        for key, text in project.cells.items():  # without an address (PDF) they are among the texts below
            if text and own.get(key):
                written[_position(own[key], project.line, key)] = text[:CELL_LIMIT]
        for item in project.indicators:
            place = project.places.get(item.line, {})
            for key, text in (("l1", item.l1), ("l2", item.l2), ("l3", item.name),
                              ("period_value", item.period), ("annual_value", item.annual)):
                if text:
                    written[_position(place.get(key), item.line, key)] = text[:CELL_LIMIT]
        for line, column, text in project.places[project.line].get("texts", ()):
            written[(line - 1, column)] = text[:CELL_LIMIT]
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


def _write_table(sheet, doc, projects, formats) -> dict[tuple[int, int], str | float]:
    """The table at the rows and columns it has in the submission, so that locations agree;
    returns what was written in each (row, column): amounts as numbers, the rest as text."""
    if doc.layout == "form":
        written = _form_cells(doc, projects)
        for (row, column), text in written.items():
            sheet.write(row, column, text, formats.wrap)
        return written
    written: dict[tuple[int, int], str | float] = {}
    above = [text for text in (doc.title, doc.department and f"部门名称：{doc.department}",
                               doc.unit and f"单位：{doc.unit}") if text]
    for row, text in enumerate(above[:max(0, doc.header_line - 1)]):
        sheet.write(row, 0, text)
        written[(row, 0)] = text
    for key, position in doc.columns.items():
        written[(doc.header_line - 1, position)] = _HEADER_TEXT.get(key, key)
        sheet.write(doc.header_line - 1, position, written[(doc.header_line - 1, position)], formats.bold)
    cells = {}
    for project in projects:
        for key, position in doc.columns.items():
            text = project.cells.get(key)
            if text:
                cells[(project.line - 1, position)] = _amount(text) if key in AMOUNTS else text[:CELL_LIMIT]
        for item in project.indicators:
            if item.line is None:
                continue
            for key, text in (("l1", item.l1), ("l2", item.l2), ("l3", item.name), ("period_value", item.period),
                              ("annual_value", item.annual), ("value", item.annual)):
                if text and key in doc.columns:
                    cells[(item.line - 1, doc.columns[key])] = text[:CELL_LIMIT]
    for (row, column), value in cells.items():
        _write_cell(sheet, row, column, value, formats.wrap, formats.amount)
    return {**written, **cells}


def _amount(text: str) -> str | float:
    """An amount as a number when it is one ("1,318.29"), else the text as written."""
    stripped = text.strip()
    return float(stripped.replace(",", "")) if NUMBER.fullmatch(stripped) else text[:CELL_LIMIT]


_HEADER_TEXT = {"name": "项目名称", "total": "总计", "fiscal": "财政拨款", "special": "财政专户拨款", "other": "其他资金",
                "goal": "绩效目标", "indicators": "绩效指标", "l1": "一级指标", "l2": "二级指标", "l3": "三级指标",
                "nature": "指标性质", "value": "指标值", "annual_value": "年度指标值", "period_value": "实施周期指标值",
                "unit_column": "度量单位"}


PROJECT_FIELDS = {"row": "name", "amounts": "total", "total": "total", "goal": "goal"}  # a form's finding -> its value


def _form_positions(doc, projects) -> dict[tuple, tuple[int, int]]:
    """(project line, value key) -> (row, column), 0-based, of a form's values where they stand
    in the form: a finding on a PDF form's amount or goal (no cell address) is marked there."""
    if doc.layout != "form":
        return {}
    return {(project.line, key): (line - 1, column) for project in projects
            for key, (line, column) in project.places[project.line].get("positions", {}).items() if line}


def _cell_of(finding, doc, positions=None) -> tuple[int, int]:
    """(row, column), 0-based, of the cell a finding is about."""
    if not finding.cell and finding.indicator is None and (finding.line, PROJECT_FIELDS.get(finding.field)) in (positions or {}):
        return positions[finding.line, PROJECT_FIELDS[finding.field]]
    if finding.cell or doc.layout == "form":
        return _position(finding.cell, finding.line, FORM_FIELDS.get(finding.field, finding.field or "name"))
    cell_layout, row_layout = CELL_FIELDS.get(finding.field or "row", ("name", "name"))
    key = row_layout if doc.layout == "row" else cell_layout
    if key == "annual_value" and key not in doc.columns:
        key = "value"  # 指标值: the year's target
    return (finding.line or doc.header_line) - 1, doc.columns.get(key, doc.columns["name"])


def _write_list(workbook, listed, lang: str, formats) -> None:
    sheet = workbook.add_worksheet(t("sheet_findings", lang))
    headers = [t(k, lang) for k in ("col_line", "col_project", "col_indicator", "col_rule", "col_severity",
                                    "col_message", "col_suggestion")]
    for column, header in enumerate(headers):
        sheet.write(0, column, header, formats.bold)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 28)
    sheet.set_column(5, 6, 60)
    for number, (finding, name, row, column) in enumerate(listed, 1):
        address = f"{name}!{column_letters(column)}{row + 1}"
        sheet.write_url(number, 0, f"internal:'{name}'!{column_letters(column)}{row + 1}", formats.link, address)
        sheet.write_string(number, 1, finding.project or t("document_level", lang), formats.wrap)
        if finding.indicator is not None:
            sheet.write_number(number, 2, int(finding.indicator), formats.wrap)
        sheet.write_string(number, 3, finding.rule, formats.wrap)
        sheet.write_string(number, 4, t("severity_" + finding.severity, lang), formats.fills[finding.severity])
        sheet.write_string(number, 5, finding.message, formats.wrap)
        sheet.write_string(number, 6, finding.suggestion, formats.wrap)
    sheet.autofilter(0, 0, max(1, len(listed)), len(headers) - 1)
    sheet.freeze_panes(1, 0)
