"""A grid of cell texts (from any format) -> a Document: header found by its column names, title
lines above it, repeated page headers dropped, and the row-per-indicator layout folded into
projects so that everything downstream sees one model."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from . import limits
from .model import AMOUNTS, Document, InputError, Item, Row, Unread


@lru_cache(maxsize=1)
def domain() -> dict:
    """The vocabulary of the domain (audit/domain.yaml), for the readers and everything downstream."""
    return yaml.safe_load(resources.files("audit").joinpath("domain.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def column_patterns() -> dict[str, re.Pattern]:
    """Canonical column key -> the pattern of its headers, from the `headers` of audit/domain.yaml."""
    headers = domain()["headers"]
    patterns = {}
    for key, names in headers.items():
        alternatives = [re.escape(n) for n in names.get("starts", [])] + [f"{re.escape(n)}$" for n in names.get("exact", [])]
        patterns[key] = re.compile(f"^(?:{'|'.join(alternatives)})")
    return patterns


@lru_cache(maxsize=1)
def declared_comparators() -> frozenset[str]:
    """The 指标性质 that are operators (≥, 不低于, ＝ …; not 定性), from the `declared` natures of
    audit/domain.yaml: written before a bare number, they make its target ("≥" "95" "%" -> "≥95%")."""
    natures = domain()["declared"]["natures"]
    return frozenset(word for kind in ("lower", "upper", "exact") for word in natures[kind])


@dataclass
class GridRow:
    line: int
    cells: list[str]
    page: int | None = None
    continued: frozenset[int] = field(default_factory=frozenset)  # positions filled from a merged cell above
    # positions filled from a merged cell on their left; None when the reader cannot tell (then two
    # equal neighbours are taken for one merged cell)
    spanned: frozenset[int] | None = None


def plain(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


INDICATOR_TEXTS = ("l3", "value", "annual_value", "period_value")  # what makes a grid row an indicator


def placeholder_row(texts) -> bool:
    """三级指标 and values (`texts`) holding a template's placeholder ("……", "略") and nothing else:
    a row left in from the template, not an indicator (see `placeholder_pattern` in domain.yaml)."""
    filled = [plain(text) for text in texts if plain(text)]
    return bool(filled) and all(_placeholder().match(text) for text in filled)


@lru_cache(maxsize=1)
def _placeholder() -> re.Pattern:
    return re.compile(domain()["placeholder_pattern"])


def join_wrapped(text: str | None) -> str:
    """Cell text wrapped over several lines, joined without inventing spaces inside Chinese text."""
    if not text:
        return ""
    parts = [part.strip() for part in str(text).replace("\r\n", "\n").split("\n")]
    joined = parts[0]
    for part in parts[1:]:
        if joined and part and joined[-1].isascii() and joined[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            joined += " "
        joined += part
    return joined


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """The canonical columns of a header row, or None when the row is not a header."""
    columns: dict[str, int] = {}
    texts = [plain(cell) for cell in cells]
    for key, pattern in column_patterns().items():
        for position, text in enumerate(texts):
            if position not in columns.values() and text and pattern.search(text):
                columns[key] = position
                break
    if "name" not in columns:
        return None
    if "l3" in columns and ({"value", "annual_value", "period_value"} & set(columns)):
        return columns
    return columns if "indicators" in columns else None


def build_document(path: str, rows: list[GridRow], fmt: str, **meta) -> Document:
    """The Document of the grid; InputError when no header is found, LimitError when too large."""
    limits.check_grid(rows)
    for at, row in enumerate(rows):
        columns = header_columns(row.cells)
        if columns:
            break
    else:
        raise InputError("input_no_header")
    header = rows[at]
    doc = Document(path=path, width=len(header.cells), header_line=header.line, columns=columns, format=fmt, **meta)
    doc.layout = "row" if "l3" in columns else "cell"
    _read_preamble(doc, [cell for row in rows[:at] for cell in row.cells])
    above = [row.line for row in rows[:at] if looks_like_table_row(row.cells)]
    if above:
        doc.unread.append(Unread(unread_place(meta), above, "above_header", header.line))
    header_text = [plain(cell) for cell in header.cells]
    body = []
    own_text = set()  # lines with text of their own, not only what a merged cell above spreads into them
    for row in rows[at + 1:]:
        limits.checkpoint()
        if not any(plain(cell) for cell in row.cells) or [plain(c) for c in row.cells] == header_text:
            continue  # blank rows at page breaks; the header repeated on each page
        cells = {key: (row.cells[pos] if pos < len(row.cells) else "") for key, pos in columns.items()}
        continued = frozenset(key for key, pos in columns.items() if pos in row.continued)
        body.append(Row(line=row.line, cells=cells, width=len(row.cells), page=row.page, continued=continued))
        if any(plain(cell) for pos, cell in enumerate(row.cells) if pos not in row.continued):
            own_text.add(row.line)
    doc.rows = _fold_indicator_rows(body) if doc.layout == "row" else body
    if not doc.rows:
        raise InputError("input_no_rows")
    held = {line for row in doc.rows for line in (row.line, *(item.line for item in row.items or ()), *row.placeholders)}
    if own_text - held:  # a row of the row-per-indicator layout with text only in columns no rule reads (备注)
        doc.unread.append(Unread(unread_place(meta), sorted(own_text - held), "no_indicator"))
    return doc


def build_documents(path: str, grids, fmt: str) -> list[Document]:
    """A Document for each (rows, meta) grid that holds a table (a page's tables); the others are
    passed over, their rows reported (Document.unread). InputError when none holds one."""
    documents, passed = [], []
    for rows, meta in grids:
        try:
            documents.append(build_document(path, rows, fmt, **meta))
        except InputError as err:
            if err.key != "input_no_header":
                raise
            passed.append((rows, meta))
    if not documents:
        raise InputError("input_no_header")
    # a page's other tables are mostly its layout (navigation, a letterhead): reported when they hold data
    data = [(rows, meta) for rows, meta in passed if any(looks_like_table_row(row.cells) for row in rows)]
    documents[0].unread += unread_grids(data, documents)
    return documents


# Above the header: title, 部门名称, 单位 and the like take a cell or two; a row of this many texts
# is a table row whose header is missing or below it, not a title.
TABLE_ROW_TEXTS = 4


def looks_like_table_row(cells: list[str]) -> bool:
    return len({plain(cell) for cell in cells} - {""}) >= TABLE_ROW_TEXTS


def unread_place(meta: dict) -> dict:
    """Where a grid's unread rows are, as Unread.where: its sheet or table (a text file: nothing)."""
    return {key: meta[key] for key in ("sheet", "table") if key in meta}


def unread_grids(grids, documents: list[Document]) -> list[Unread]:
    """The (rows, meta) grids (sheets, tables) that none of the documents holds a row of, and that
    have text: notes, or data without its header. A form's rows say where they sit (Row.places)."""
    held = set()
    for doc in documents:
        held.add((doc.sheet, doc.table))
        held |= {(unread.where.get("sheet"), unread.where.get("table")) for unread in doc.unread}  # said already
        for row in doc.rows:
            held |= {(place.get("sheet"), place.get("table")) for place in (row.places or {}).values()}
    unread = []
    for rows, meta in grids:
        where = unread_place(meta)
        lines = [row.line for row in rows if any(plain(cell) for cell in row.cells)]
        if lines and (where.get("sheet"), where.get("table")) not in held:
            unread.append(Unread(where, lines, "no_header"))
    return unread


def _read_preamble(doc: Document, cells: list[str]) -> None:
    """Title, 部门名称 and 单位 from the cells above the header ("部门名称：X", or "部门名称" then "X")."""
    texts = [text for text in (join_wrapped(cell).strip().lstrip("#").strip() for cell in cells) if text]
    for index, text in enumerate(texts):
        match = re.match(r"^(部门名称|单位名称|单位)(?:\s*[：:]\s*(.*)|)$", text)
        if not match:
            doc.title = doc.title or text
            continue
        value = match[2] or (texts[index + 1] if index + 1 < len(texts) else "")  # the label alone: next cell
        if match[1] == "单位":
            doc.unit = doc.unit or value
        else:
            doc.department = doc.department or value


def _fold_indicator_rows(rows: list[Row]) -> list[Row]:
    """One row per indicator -> one Row per project holding its Items. Merged project cells arrive
    filled in, so their rows share the name; a project starts where the name or the unit changes,
    or, on a sheet that merges name cells or writes each name once (a CSV export of merged cells,
    a Word table), where a name cell is not the continuation of a merge (two projects of the same
    name one under the other stay two). A row that neither starts a project nor holds an indicator
    but has something of its own (amounts without a name) stays a nameless row of its own, so that
    it is reported rather than lost."""
    merged_names = any("name" in row.continued for row in rows) or _names_written_once(rows)
    projects: list[Row] = []
    strays: list[Row] = []
    for row in rows:
        if projects and placeholder_row(row.cells.get(key) for key in INDICATOR_TEXTS) and not _starts_project(
                row, projects[-1], merged_names):
            projects[-1].placeholders[row.line] = {}  # a template's "……" row: accounted, not an indicator
            continue
        item = _item(row)
        if not projects or _starts_project(row, projects[-1], merged_names):
            projects.append(_project_row(row))
        elif not item and any(plain(text) for key, text in row.cells.items() if key not in row.continued):
            strays.append(_project_row(row))
        if item:
            projects[-1].items.append(item)
    return sorted(projects + strays, key=lambda row: row.line)


def _project_row(row: Row) -> Row:
    cells = {key: value for key, value in row.cells.items() if key in ("name", "unit_name", "goal", *AMOUNTS)}
    cells["indicators"] = ""
    return Row(line=row.line, cells=cells, width=row.width, page=row.page, items=[])


def _names_written_once(rows: list[Row]) -> bool:
    """The name only on each project's first row: rows without a name follow named ones, and no
    row repeats the name of the row above it."""
    names = [plain(row.cells.get("name")) for row in rows]
    blank_after_name = any(name and not following for name, following in zip(names, names[1:]))
    return blank_after_name and not any(name and name == following for name, following in zip(names, names[1:]))


def _starts_project(row: Row, current: Row, merged_names: bool) -> bool:
    name = plain(row.cells.get("name"))
    if not name:
        return False  # the name written once, on the project's first row
    same_unit = plain(row.cells.get("unit_name")) in ("", plain(current.cells.get("unit_name")))
    if name != plain(current.cells.get("name")) or not same_unit:
        return True
    return merged_names and "name" not in row.continued


def _item(row: Row) -> Item | None:
    cells = row.cells
    if not any(plain(cells.get(key)) for key in ("l1", "l2", *INDICATOR_TEXTS)):
        return None
    annual = cells.get("annual_value") if "annual_value" in cells else cells.get("value")
    return Item(line=row.line, l1=_text(cells.get("l1")), l2=_text(cells.get("l2")), name=_text(cells.get("l3")),
                period=_value(cells.get("period_value"), cells) if "period_value" in cells else None,
                annual=_value(annual, cells), nature=_declared(cells, "nature"), unit=_declared(cells, "unit_column"),
                weight=_declared(cells, "weight"), direction=_declared(cells, "direction"))


def _declared(cells: dict, key: str) -> str | None:
    """A declared part's raw text; None when the sheet has no such column, "" when the cell is blank."""
    return join_wrapped(cells[key]).strip() if key in cells else None


def _text(text: str | None) -> str | None:
    return join_wrapped(text).strip() or None


def _value(text: str | None, cells: dict) -> str:
    """指标性质 + 指标值 + 度量单位 -> one target ("≥" "95" "%" -> "≥95%"; "≥" "95%" -> "≥95%");
    定性 keeps the text. The raw parts stay on the Item for the rules on them."""
    value = join_wrapped(text).strip()
    nature = plain(cells.get("nature"))
    comparator = nature if nature in declared_comparators() else ""
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return f"{comparator}{value}{plain(cells.get('unit_column'))}"
    if re.fullmatch(r"\d[\d,]*(\.\d+)?[%％]?[\u4e00-\u9fff]{0,3}", value):  # "95%", "45个": the operator is declared apart
        return f"{comparator}{value}"
    return value
