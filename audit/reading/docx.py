"""Word documents (.docx, python-docx): a table holding the summary layout is read like any
other; otherwise the 申报表 forms in the tables (one table per project, or one table holding
several forms) are read as one Document. Merged cells arrive with their text in every grid
position they cover. Locations: `table` (1-based), `line` (the table's row) and `cell`
("表2!C5": column C, row 5 of table 2)."""
from __future__ import annotations

import zipfile
from io import BytesIO

from .form import Grid, read_layouts
from .grid import GridRow, join_wrapped
from .model import Document, InputError, column_letters

FORMATS = ("docx",)  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".docx", ".doc")  # .doc is found too, to be refused with a clear line (sniff: input_doc_legacy)


def read_docx(path: str, data: bytes) -> list[Document]:
    tables = [_rows(table) for table in open_docx(data).tables]
    return read_layouts(path, [Grid(rows, {"table": number}, _addresser(number))
                               for number, rows in enumerate(tables, 1)], "docx")


def open_docx(data: bytes):
    """The python-docx document of the bytes; InputError when the file is damaged."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise InputError("input_corrupt", format="docx") from err
    except Exception as err:  # lxml's XMLSyntaxError on a damaged part
        if type(err).__name__ == "XMLSyntaxError":
            raise InputError("input_corrupt", format="docx") from err
        raise


def _rows(table) -> list[GridRow]:
    rows, above = [], []
    for number, row in enumerate(table.rows, 1):
        cells = row.cells  # a cell merged down the rows is the same element in each of them
        continued = frozenset(p for p, cell in enumerate(cells) if p < len(above) and cell._tc is above[p]._tc)
        spanned = frozenset(p for p, cell in enumerate(cells) if p and cell._tc is cells[p - 1]._tc)
        rows.append(GridRow(line=number, cells=[join_wrapped(cell.text) for cell in cells], continued=continued,
                            spanned=spanned))
        above = cells
    return rows


def _addresser(table: int):
    return lambda line, column: f"表{table}!{column_letters(column)}{line}"


def read(path: str, data: bytes, kind: str) -> list[Document]:
    """The reader's entry point for audit.reading: every table of the file."""
    return read_docx(path, data)
