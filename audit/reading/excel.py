"""Excel workbooks (.xlsx with openpyxl, .xls with xlrd): every sheet holding a table is a Document;
merged cells are filled with their value, wrapped text joined, numbers written as numbers."""
from __future__ import annotations

import zipfile
from io import BytesIO

from .grid import GridRow, build_documents, join_wrapped
from .model import Document, InputError


def read_workbook(path: str, data: bytes, kind: str) -> list[Document]:
    sheets = _xlsx_sheets(data) if kind == "xlsx" else _xls_sheets(data)
    return build_documents(path, ((rows, {"sheet": name}) for name, rows in sheets), kind)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else repr(value)
    return join_wrapped(str(value))


def _xlsx_sheets(data: bytes):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise InputError("input_corrupt", format="xlsx") from err
    for sheet in workbook.worksheets:
        grid = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = value
        yield sheet.title, [GridRow(line=number, cells=cells) for number, cells in enumerate(grid, 1)]


def _xls_sheets(data: bytes):
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as err:  # xlrd raises its own and struct errors on damaged files
        raise InputError("input_corrupt", format="xls") from err
    for sheet in book.sheets():
        grid = [[cell_text(sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        for row_low, row_high, col_low, col_high in sheet.merged_cells:
            value = grid[row_low][col_low]
            for r in range(row_low, row_high):
                for c in range(col_low, col_high):
                    grid[r][c] = value
        yield sheet.name, [GridRow(line=number, cells=cells) for number, cells in enumerate(grid, 1)]
