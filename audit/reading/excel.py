"""Excel workbooks (.xlsx with openpyxl, .xls with xlrd): every sheet holding a table is a Document;
merged cells are filled with their value, wrapped text joined, numbers written as numbers."""
from __future__ import annotations

import io
import re
import zipfile
from io import BytesIO

from . import limits
from .form import Grid, read_layouts
from .grid import GridRow, build_document, join_wrapped, unread_grids
from .model import Document, InputError, Unread, column_letters

FORMATS = ("xlsx", "xls")  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".xlsx", ".xlsm", ".xls")  # the file names it reads by (directories are searched for these)


def read_workbook(path: str, data: bytes, kind: str) -> list[Document]:
    """Each sheet by its own layout: the sheets holding a table, and the 申报表 forms of the others;
    the rows of sheets holding neither are reported with the first document (Document.unread)."""
    sheets = _xlsx_sheets(data) if kind == "xlsx" else _xls_sheets(data)
    grids = [Grid(rows, {"sheet": name}, _addresser(name)) for name, rows in sheets]
    try:
        documents = read_layouts(path, grids, kind)
    except InputError as err:  # a sheet with a header and nothing under it (a blank template) beside tables
        if err.key != "input_no_rows":
            raise
        documents = _without_headers_alone(path, grids, kind, err)
    documents[0].unread += unread_grids([(grid.rows, grid.meta) for grid in grids], documents)
    return documents


def _without_headers_alone(path: str, grids: list[Grid], kind: str, error: InputError) -> list[Document]:
    """The workbook read without its sheets that hold a header and no row (each said with the file,
    Document.unread); the error itself when nothing else holds a table."""
    alone = [grid for grid in grids if _header_alone(path, grid, kind)]
    try:
        documents = read_layouts(path, [grid for grid in grids if grid not in alone], kind)
    except InputError:
        raise error from None
    header_lines = {id(grid): [row.line for row in grid.rows if any(cell.strip() for cell in row.cells)] for grid in alone}
    documents[0].unread += [Unread(dict(grid.meta), header_lines[id(grid)], "no_rows") for grid in alone]
    return documents


def _header_alone(path: str, grid: Grid, kind: str) -> bool:
    try:
        build_document(path, grid.rows, kind, **grid.meta)
    except InputError as err:
        return err.key == "input_no_rows"
    return False


def _addresser(sheet: str):
    return lambda line, column: f"{sheet}!{column_letters(column)}{line}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else repr(value)
    return join_wrapped(str(value))


MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')


def _check_merged_cells(data: bytes) -> None:
    """openpyxl makes an object for every cell of a merged range: a range declared over the whole
    sheet would exhaust memory, so each sheet's merged area is counted before it is opened."""
    archive = zipfile.ZipFile(BytesIO(data))
    for member in archive.namelist():
        if not re.match(r"xl/worksheets/[^/]+\.xml$", member):
            continue
        area, tail = 0, b""
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 16):
                text = tail + chunk
                cut = text.rfind(b">") + 1  # complete tags only; the rest is read with the next chunk
                area += sum(_area(*match.groups()) for match in MERGE.finditer(text, 0, cut))
                tail = text[cut:][-4096:]
        limits.at_most("cells", area)


def _area(first_column: bytes, first_row: bytes, last_column: bytes, last_row: bytes) -> int:
    def number(letters: bytes) -> int:
        value = 0
        for letter in letters:
            value = value * 26 + letter - 64
        return value
    return (abs(int(last_row) - int(first_row)) + 1) * (abs(number(last_column) - number(first_column)) + 1)


def _xlsx_sheets(data: bytes):
    import openpyxl

    try:
        _check_merged_cells(data)
        workbook = openpyxl.load_workbook(BytesIO(data), data_only=True)
    except InputError:
        raise
    except Exception as err:  # damaged XML or ZIP: openpyxl, ElementTree and lxml raise their own
        raise InputError("input_corrupt", format="xlsx") from err
    limits.at_most("sheets", len(workbook.worksheets))
    for sheet in workbook.worksheets:
        limits.check_extent(sheet.max_row, sheet.max_column)  # one cell at XFD1048576 spans the sheet
        grid = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in sheet.merged_cells.ranges]
        yield sheet.title, _grid_rows(grid, merges)


def _xls_sheets(data: bytes):
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True,
                                  logfile=io.StringIO())  # its warnings on damaged files, not on stdout
    except InputError:
        raise
    except Exception as err:  # xlrd raises its own and struct errors on damaged files
        raise InputError("input_corrupt", format="xls") from err
    limits.at_most("sheets", book.nsheets)
    for sheet in book.sheets():
        limits.check_extent(sheet.nrows, sheet.ncols)
        grid = [[cell_text(sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        yield sheet.name, _grid_rows(grid, sheet.merged_cells)


def _grid_rows(grid: list[list[str]], merges) -> list[GridRow]:
    """The sheet's rows, each merged range's value in all its cells, and which cells continue a
    merge from above (`continued`) or from the left (`spanned`). merges: (row_low, row_high,
    col_low, col_high), 0-based, the highs excluded (xlrd's form)."""
    continued: dict[int, set[int]] = {}  # row -> columns whose cell continues a merge from above
    spanned: dict[int, set[int]] = {}  # row -> columns whose cell continues a merge from the left
    for row_low, row_high, col_low, col_high in merges:
        if row_low >= len(grid) or col_low >= len(grid[row_low]):
            continue  # a damaged file's range outside the cells it has
        value = grid[row_low][col_low]
        for r in range(row_low, min(row_high, len(grid))):
            for c in range(col_low, min(col_high, len(grid[r]))):
                grid[r][c] = value
                if r > row_low:
                    continued.setdefault(r, set()).add(c)
                if c > col_low:
                    spanned.setdefault(r, set()).add(c)
    return [GridRow(line=number, cells=cells, continued=frozenset(continued.get(number - 1, ())),
                    spanned=frozenset(spanned.get(number - 1, ())))
            for number, cells in enumerate(grid, 1)]


def read(path: str, data: bytes, kind: str) -> list[Document]:
    """The reader's entry point for audit.reading: every table of the file."""
    return read_workbook(path, data, kind)
