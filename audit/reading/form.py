"""The 项目支出绩效目标申报表 (one form per project, in a workbook, a Word table or a PDF) -> one
project Row holding its Items, the model of the other layouts, so every rule, output, cache and
baseline works on forms unchanged.

A form is found by its content: label cells (项目名称, 主管部门, 项目资金…, 实施期目标, 年度目标) and
an indicator grid headed 一级指标 | 二级指标 | 三级指标 | 指标值 (or 实施期指标值 | 年度指标值, or the
mid-term and annual grids side by side). Several forms may follow one another in one grid.
Each Row remembers where each of its cells sits natively (`Row.places`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import limits
from .grid import (INDICATOR_TEXTS, GridRow, _value, build_document, domain, join_wrapped, looks_like_table_row,
                   placeholder_row, plain, unread_place)
from .model import Document, InputError, Item, Row, Unread

FORM = domain()["form"]  # the form's title, labels, grid headers and foot: vocabulary, in audit/domain.yaml
TITLE = re.compile(FORM["title"])
_TAIL = r"(?:[（(][^）)]*[）)])?(?:[：:](?P<inline>.*))?$"  # "主管部门（及代码）：X"
LABELS = FORM["labels"]  # canonical key -> label, matched on the whole cell (white space and 其中： removed)
LABEL_PATTERNS = {key: re.compile(rf"^(?:其中[：:]?)?(?:{pattern}){_TAIL}") for key, pattern in LABELS.items()}
MONEY = ("period_total", "total", "fiscal", "special", "other", "extra", "sum_row")
NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
GRID = FORM["grid"]  # indicator grid column -> header pattern


@dataclass
class Grid:
    """One sheet, Word table or PDF of cell texts, and how its cells are addressed natively."""
    rows: list[GridRow]
    meta: dict  # {"sheet": name} | {"table": number} | {}
    address: Callable[[int, int], str | None] = lambda line, column: None


@dataclass
class _Form:
    grid: Grid
    title: str | None = None
    labels: dict = field(default_factory=dict)  # key -> (text, line, column)
    money_rows: list[GridRow] = field(default_factory=list)
    header: int | None = None  # index of the grid header row
    columns: list[dict] = field(default_factory=list)  # per side: column key -> position, plus "role"
    items: list[Item] = field(default_factory=list)
    places: dict = field(default_factory=dict)  # item line -> its native place
    last: dict = field(default_factory=dict)  # side number -> the 一级/二级 cells of its last indicator
    ended: bool = False  # past the grid's foot (审核意见, signatures)
    earlier: list[Item] = field(default_factory=list)  # the 长期 grid's indicators when a 年度 grid follows
    texts: list = field(default_factory=list)  # (line, column, text) of every cell of the form, labels too
    placeholders: dict = field(default_factory=dict)  # line -> place of a template "……" row in the grid
    strays: list[int] = field(default_factory=list)  # lines in the grid that hold no indicator but have text


def label_of(text: str) -> tuple[str, str] | None:
    """(key, inline value) when the cell is a form label: "项目名称", "其中：财政拨款", "项目名称：X"."""
    cell = plain(text)
    for key, pattern in LABEL_PATTERNS.items():
        match = pattern.match(cell)
        if match:
            return key, (match["inline"] or "")
    return None


def looks_like_form(rows: list[GridRow]) -> bool:
    """A 项目名称 label above an indicator grid header."""
    named = False
    for row in rows:
        if any((label_of(cell) or ("",))[0] == "name" for cell in row.cells):
            named = True
        elif named and _grid_header(row.cells):
            return True
    return False


def read_layouts(path: str, grids: list[Grid], fmt: str) -> list[Document]:
    """Each sheet or table by its own layout: one holding a summary or row-per-indicator table is a
    Document of its own; the 申报表 forms of the others make one Document. Sheets holding neither
    (填报说明, notes) are passed over; InputError when no sheet holds anything."""
    documents, rest = [], []
    for grid in grids:
        try:
            documents.append(build_document(path, grid.rows, fmt, **grid.meta))
        except InputError as err:
            if err.key != "input_no_header":
                raise
            rest.append(grid)
    if rest:
        try:
            documents.append(read_forms(path, rest, fmt, alone=not documents))
        except InputError as err:
            if documents and err.key == "input_no_header":
                return documents
            raise
    if not documents:  # no sheet or table at all (a workbook without sheets, a Word file without tables)
        raise InputError("input_no_header")
    return documents


def read_forms(path: str, grids: list[Grid], fmt: str, alone: bool = True) -> Document:
    """One Document holding a project Row per form found in the grids; InputError naming what was
    looked for when there is none. A form without an indicator grid among others (or beside a
    table: not `alone`) is a project without indicators, reported by the rules, never dropped."""
    forms: list[_Form] = []
    unread: list[Unread] = []
    for grid in grids:
        limits.check_grid(grid.rows)
        found, after = _split(grid)
        forms += found
        unread += _unread_of_grid(grid, found, after)
    named = [form for form in forms if "name" in form.labels]
    if not named:
        raise InputError("input_no_header")
    if alone and all(form.header is None for form in named):
        raise InputError("input_form_no_grid", name=named[0].labels["name"][0])
    doc = Document(path=path, format=fmt, layout="form", title=next((f.title for f in named if f.title), None))
    doc.department = next((_text(f.labels["department"][0]) for f in named if "department" in f.labels), None)
    sheets = {tuple(sorted(f.grid.meta.items())) for f in named}
    if len(sheets) == 1:  # all on one sheet or table: the document is there
        doc.sheet, doc.table = named[0].grid.meta.get("sheet"), named[0].grid.meta.get("table")
    doc.rows = [_project(form) for form in named]
    doc.header_line = doc.rows[0].line
    doc.unread = unread
    return doc


def _unread_of_grid(grid: Grid, forms: list[_Form], after: list[int]) -> list[Unread]:
    """What a form grid holds that no form reads: rows in an indicator grid that are no indicator,
    rows of data after a form's foot, or a grid of indicators with no form (项目名称) above it (a
    form's grid split off into a table or sheet of its own)."""
    where = unread_place(grid.meta)
    if not forms:
        headers = [row.line for row in grid.rows if _grid_header(row.cells)]
        lines = [row.line for row in grid.rows if _distinct(row)]
        return [Unread(where, lines, "no_project", headers[0])] if headers else []
    unread = []
    strays = sorted(line for form in forms for line in form.strays)
    if strays:
        unread.append(Unread(where, strays, "form_rows"))
    if after:
        unread.append(Unread(where, after, "after_form"))
    return unread


# ------------------------------------------------------------------------------------ splitting

def _split(grid: Grid) -> tuple[list[_Form], list[int]]:
    """The forms of one grid, in order: a title or a 项目名称 label starts a new one. Label rows
    above a form's start (a 预算单位 line under the title of a PDF) are the form's; a grid ends at
    its foot (审核意见, 填报人, 其他说明的问题…). With the forms, the lines after the last form's
    foot that look like rows of a table (not signatures or notes): data no form holds."""
    forms: list[_Form] = []
    form: _Form | None = None
    waiting: list[tuple[int, GridRow]] = []  # rows outside a form: the next form's labels, if any
    for index, row in enumerate(grid.rows):
        limits.checkpoint()
        cells = _distinct(row)
        if not cells:
            continue
        texts = [text for _, text in cells]
        title = next((t for t in texts if TITLE.search(plain(t)) and not label_of(t) and len(plain(t)) < 40), None)
        labels = [label_of(t) for t in texts]
        starts = title is not None and len(set(texts)) == 1 or any(l and l[0] == "name" for l in labels)
        if starts and (form is None or "name" in form.labels or form.header is not None):
            form = _Form(grid=grid)
            forms.append(form)
            for at, earlier in waiting:
                _label_row(form, at, earlier)
                form.texts += _texts(earlier)
            waiting = []
        if form is not None:
            form.texts += _texts(row)
        if form is None or form.ended:
            waiting.append((index, row))
            continue
        if title is not None and len(set(texts)) == 1:
            form.title = form.title or join_wrapped(title)
            continue
        header = _grid_header(row.cells)
        if header:
            _grid_start(form, index, header)
            continue
        if form.header is not None:
            if FOOT.match(plain(texts[0])):
                form.ended = True
            elif not _full_width(row) and not _grid_row(form, row) and _stray(form, row):
                form.strays.append(row.line)
            continue
        _label_row(form, index, row)
    after = [row.line for _, row in waiting if form is not None and _looks_like_data(row)]
    return forms, after


def _looks_like_data(row: GridRow) -> bool:
    """A row of a table, not a signature line or a note of the foot."""
    texts = [text for _, text in _distinct(row)]
    return looks_like_table_row(texts) and not FOOT.match(plain(texts[0]))


def _stray(form: _Form, row: GridRow) -> bool:
    """A row in the grid that gave no indicator but has text of its own: not a merged cell from
    above, not 一级/二级 names alone (a template's blank row), not a grid caption (年度绩效指标),
    not a note in the first cell alone (a PDF gives a merged 注：… row so)."""
    categories = {side[key] for side in form.columns for key in ("l1", "l2") if key in side}
    own = [position for position, text in _distinct(row) if position not in row.continued
           and position not in categories and not any(mark.search(plain(text)) for mark in GRID_MARK.values())]
    return own not in ([], [0])


FOOT = re.compile(FORM["foot"])
GRID_MARK = {key: re.compile(pattern) for key, pattern in FORM["grid_captions"].items()}


def _grid_start(form: _Form, index: int, header: dict) -> None:
    """An indicator grid header: the form's first grid; or the header repeated on the next page;
    or, after a 长期绩效指标 (实施期) grid, the 年度绩效指标 grid that follows it."""
    rows = form.grid.rows
    above = rows[index - 1].cells if index else []
    marks = [plain(cell) for cell in (*rows[index].cells, *above)]
    role = next((role for role, mark in GRID_MARK.items() if any(mark.search(text) for text in marks)), None)
    if form.header is not None and not (role == "annual" and form.items and form.columns[0]["role"] == "period"):
        return
    if form.header is not None:  # the second grid: its indicators are paired with the first's
        form.earlier, form.items, form.last = form.earlier + form.items, [], {}
    form.header, form.columns = index, _sides(header, above)
    single = form.columns[0]
    if role and len(form.columns) == 1 and not {"period_value", "annual_value"} & set(single):
        single["role"] = role


def _texts(row: GridRow) -> list[tuple[int, int, str]]:
    return [(row.line, position, text) for position, text in _distinct(row)]


def _distinct(row: GridRow) -> list[tuple[int, str]]:
    """Non-empty cells as (position, text), a cell merged over several columns once; two equal
    amounts side by side (中期 = 年度) are two cells where the reader knows the merges."""
    out: list[tuple[int, str]] = []
    previous = None
    for position, cell in enumerate(row.cells):
        text = join_wrapped(cell or "").strip()
        merged = text == previous if row.spanned is None else position in row.spanned
        if text and not merged:
            out.append((position, text))
        previous = text or None
    return out


def _full_width(row: GridRow) -> bool:
    """A note merged across the whole row (备注, 填报说明): not an indicator ("……" in each cell of a
    PDF's row is a row of cells)."""
    return len([cell for cell in row.cells if plain(cell)]) > 1 and len(_distinct(row)) == 1


# --------------------------------------------------------------------------------------- labels

def _label_row(form: _Form, index: int, row: GridRow) -> None:
    cells = _distinct(row)
    found = False
    for at, (position, text) in enumerate(cells):
        label = label_of(text)
        if not label:
            continue
        found = True
        key, inline = label
        if key in MONEY:
            continue
        if key in form.labels or key in ("money", "goals", "sum_row", "indicators"):
            continue
        value = (inline, row.line, position) if inline.strip() else _value_of(form.grid, index, cells, at)
        if value is not None:
            form.labels[key] = value
    if found and any((label_of(text) or ("",))[0] in MONEY for _, text in cells):
        form.money_rows.append(row)


def _value_of(grid: Grid, index: int, cells: list[tuple[int, str]], at: int):
    """The value of the label at cells[at]: the next cell to its right, else the cell below it."""
    for position, text in cells[at + 1:]:
        if label_of(text):
            break
        return text, grid.rows[index].line, position
    column = cells[at][0]
    if index + 1 < len(grid.rows):
        below = grid.rows[index + 1]
        text = join_wrapped(below.cells[column] if column < len(below.cells) else "").strip()
        if text and not label_of(text) and not _grid_header(below.cells):
            return text, below.line, column
    return None


def _money(form: _Form) -> dict[str, tuple[str, int, int]]:
    """Amount key -> (text, line, column). A number belongs to the nearest label on its left; a
    source's number to the 中期 or 年度 column whose label is nearest on its left (or above)."""
    heads: list[tuple[int, str]] = []  # (column, "period_total" | "total")
    for row in form.money_rows:
        for position, text in _distinct(row):
            key = (label_of(text) or ("",))[0]
            if key in ("period_total", "total"):
                heads.append((position, key))
    amounts: dict[str, tuple[str, int, int]] = {}
    for row in form.money_rows:
        label: tuple[str, str] | None = None
        for position, text in _distinct(row):
            found = label_of(text)
            if found and found[0] in MONEY:
                label = (found[0], plain(text).split("：")[0].split(":")[0].removeprefix("其中"))
                if not NUMBER.match(found[1].replace(",", "")):
                    continue
                text = found[1]
            elif found or label is None or not NUMBER.match(plain(text)):
                continue
            key, name = label
            if key not in ("period_total", "total"):
                role = max((h for h in heads if h[0] <= position), default=(0, "total"))[1]
                if key == "sum_row":
                    key = role
                elif key == "extra":
                    key = f"extra:{name}" if role == "total" else f"period_extra:{name}"
                elif role == "period_total":
                    key = f"period_{key}"
            amounts.setdefault(key, (plain(text), row.line, position))
    return amounts


# ----------------------------------------------------------------------------------------- grid

def _grid_header(cells: list) -> dict[str, list[int]] | None:
    """Grid column key -> positions (a key twice when the mid-term and annual grids stand side by
    side), or None when the row is not an indicator grid header."""
    found: dict[str, list[int]] = {}
    previous = None
    for position, cell in enumerate(cells):
        text = plain(cell)
        if text and text != previous:
            for key, pattern in GRID.items():
                if re.search(pattern, text):
                    found.setdefault(key, []).append(position)
                    break
        previous = text
    if "l3" in found and ("l1" in found or "l2" in found):
        return found
    return None


def _sides(header: dict[str, list[int]], above: list) -> list[dict]:
    """The grid's sides: one, or the mid-term and the annual grid side by side (each with its own
    二级/三级 columns). Each side maps column keys to positions and has a role: period, annual or
    both (a grid with 实施期指标值 and 年度指标值 columns, or with one 指标值 column: annual)."""
    if "l1" not in header:  # a 一级指标 cell merged over two header rows, seen in the upper one only
        header = {**header, "l1": [p for p, cell in enumerate(above) if re.search(GRID["l1"], plain(cell))][:1]}
        if not header["l1"]:
            del header["l1"]
    starts = header["l3"]
    sides = []
    for number, l3 in enumerate(starts):
        low = max((p for p in header.get("l2", []) if p < l3 and (number == 0 or p > starts[number - 1])), default=l3)
        high = starts[number + 1] if number + 1 < len(starts) else 10 ** 6
        if number + 1 < len(starts):
            high = max((p for p in header.get("l2", []) if l3 < p < high), default=high)
        side = {key: next(p for p in positions if low <= p < high)
                for key, positions in header.items() if any(low <= p < high for p in positions)}
        if "l1" in header and "l1" not in side:
            side["l1"] = header["l1"][0]
        sides.append(side)
    if len(sides) == 1:
        sides[0]["role"] = "both"
        return sides
    for number, side in enumerate(sides):
        mark = plain(above[side["l3"]]) if side["l3"] < len(above) else ""
        side["role"] = ("annual" if "年度" in mark or "annual_value" in side else
                        "period" if re.search("中期|实施期", mark) or "period_value" in side else
                        ("period", "annual")[min(number, 1)])
    return sides


def _grid_row(form: _Form, row: GridRow) -> bool:
    """The row's indicator(s); a merged 一级/二级 cell that arrives empty takes the value above.
    False when the row holds neither an indicator nor a template's placeholder."""
    found = []
    for number, side in enumerate(form.columns):
        cells = {key: (row.cells[p] or "") if p < len(row.cells) else "" for key, p in side.items() if key != "role"}
        if not any(plain(cells.get(k)) for k in INDICATOR_TEXTS):
            continue
        if placeholder_row(cells.get(key) for key in INDICATOR_TEXTS):  # "……" left from the template
            form.placeholders.setdefault(row.line, {**form.grid.meta, "page": row.page,
                                                    "l3": form.grid.address(row.line, side["l3"])})
            continue
        for key in ("l1", "l2"):
            if not plain(cells.get(key)):
                cells[key] = form.last.get(number, {}).get(key, "")
        form.last[number] = {key: cells.get(key, "") for key in ("l1", "l2")}
        found.append((side, cells))
    if not found:
        return row.line in form.placeholders
    if len({plain(cells.get("l3")) for _, cells in found}) == 1:
        _add_item(form, row, found)
    else:  # different indicators on the two sides: one each
        for part in found:
            _add_item(form, row, [part])
    return True


VALUES = ("period_value", "annual_value", "value")


def _add_item(form: _Form, row: GridRow, parts) -> None:
    """One indicator from its side(s): the annual side gives the names, each side its value."""
    period = annual = None
    parts = sorted(parts, key=lambda part: part[0]["role"] == "period")  # the annual side first
    for side, cells in parts:
        role = side["role"]
        if role == "both":
            if "period_value" in cells:
                period = _value(cells["period_value"], cells)
            annual = _value(cells.get("annual_value", cells.get("value")), cells)
        elif role == "period":
            period = _value(next((cells[k] for k in VALUES if k in cells), None), cells)
        else:
            annual = _value(next((cells[k] for k in VALUES[::-1] if k in cells), None), cells)
    cells = parts[0][1]
    form.items.append(Item(line=row.line, l1=_text(cells.get("l1")), l2=_text(cells.get("l2")),
                           name=_text(cells.get("l3")), period=period, annual=annual,
                           nature=_text(cells.get("nature")), unit=_text(cells.get("unit_column")),
                           weight=_text(cells.get("weight")), direction=_text(cells.get("direction"))))
    where = {**form.grid.meta, "page": row.page}
    for side, _ in parts:
        for key, position in side.items():
            if key == "role":
                continue
            if key in VALUES and (key == "value" or side["role"] != "both"):
                key = "period_value" if side["role"] == "period" else "annual_value"
            where.setdefault(key, form.grid.address(row.line, position))
    where["value"] = where.get("annual_value")
    form.places[row.line] = where


# -------------------------------------------------------------------------------------- project

def _project(form: _Form) -> Row:
    grid = form.grid
    name_text, line, column = form.labels["name"]
    cells = {"name": name_text, "indicators": ""}
    place = {**grid.meta, "page": _page(grid, line), "name": grid.address(line, column)}
    positions = {"name": (line, column)}  # (line, column) of each value, for a grid without addresses (PDF)
    for key in ("department", "agency", "attribute", "kind", "term", "goal_period", "goal"):
        if key in form.labels:
            text, at, position = form.labels[key]
            cells[key] = text
            place[key], positions[key] = grid.address(at, position), (at, position)
    for key, (text, at, position) in _money(form).items():
        cells[key] = text
        place[key], positions[key] = grid.address(at, position), (at, position)
    place["goal"] = place.get("goal") or place.get("goal_period")
    positions.setdefault("goal", positions.get("goal_period"))
    place["positions"] = positions
    # what the form shows, labels too (a PDF's indicator lines are shown from the indicators)
    place["texts"] = [(at, position, text) for at, position, text in form.texts
                      if grid.address(at, position) or at not in form.places]
    place["amounts"] = place.get("total")
    return Row(line=line, cells=cells, width=0, page=place["page"], items=_paired(form),
               places={line: place, **form.places}, placeholders=form.placeholders)


def _paired(form: _Form) -> list[Item]:
    """The 年度 grid's indicators, each with the period value of the 长期 grid's indicator of the
    same name; an indicator in one grid only stays, with the value it has."""
    unpaired = list(form.earlier)
    for item in form.items:
        match = next((early for early in unpaired if plain(early.name) == plain(item.name)), None)
        if match:
            unpaired.remove(match)
            item.period = match.period
            form.places[item.line]["period_value"] = form.places[match.line].get("period_value")
    return form.items + unpaired


def _page(grid: Grid, line: int) -> int | None:
    return next((row.page for row in grid.rows if row.line == line), None)


def _text(text: str | None) -> str | None:
    return join_wrapped(text).strip() or None
