"""Word documents (.docx, python-docx): a table holding the summary layout is read like any
other; otherwise the 申报表 forms in the tables (one table per project, or one table holding
several forms) are read as one Document. Merged cells arrive with their text in every grid
position they cover. Locations: `table` (1-based), `line` (the table's row) and `cell`
("表2!C5": column C, row 5 of table 2)."""
from __future__ import annotations

import lzma
import zipfile
import zlib
from io import BytesIO

from .form import FOOT, Grid, read_layouts
from .grid import GridRow, join_wrapped, looks_like_table_row, plain, unread_grids
from .model import Document, InputError, Unread, column_letters

FORMATS = ("docx",)  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".docx", ".doc")  # .doc is found too, to be refused with a clear line (sniff: input_doc_legacy)


def read_docx(path: str, data: bytes) -> list[Document]:
    """Every table by its own layout; the tables that hold neither a table nor a form, and
    paragraphs outside the tables that look like rows of a table, reported (Document.unread)."""
    document = open_docx(data)
    tables = _tables(document)
    grids = [Grid(_rows(table), {"table": number}, _addresser(number)) for number, table in enumerate(tables, 1)]
    documents = read_layouts(path, grids, "docx")
    documents[0].unread += unread_grids([(grid.rows, grid.meta) for grid in grids if not _frame(grid.rows)], documents)
    for number, table in enumerate(tables, 1):
        nested = [line for line, row in enumerate(table.rows, 1) if next(row._tr.iter(TABLE), None) is not None]
        if nested:
            documents[0].unread.append(Unread({"table": number}, nested, "nested_table"))
    rows = [number for number, paragraph in enumerate(document.paragraphs, 1) if _looks_like_row(paragraph.text)]
    if rows:
        documents[0].unread.append(Unread({"paragraphs": True}, rows, "paragraph_rows"))
    return documents


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE = f"{W}tbl"
WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}  # content controls and custom XML around a table


def _tables(document) -> list:
    """The document's tables in order, those inside a content control (w:sdt, as templates wrap
    them) too; not a table inside a table's cell (its rows are reported, see read_docx), nor one
    in a text box (drawn twice, for new and old Word)."""
    from docx.table import Table

    body = document.element.body
    return [Table(tbl, document._body) for tbl in body.iter(TABLE) if _in_body(tbl, body)]


def _in_body(tbl, body) -> bool:
    """The table stands in the body itself, or wrapped only in content controls."""
    for ancestor in tbl.iterancestors():
        if ancestor is body:
            return True
        if ancestor.tag not in WRAPPERS:
            return False
    return False


def _frame(rows: list[GridRow]) -> bool:
    """A table that frames a note or a title (one text a row) or holds the signatures (填报人，审核意见):
    the layout of the document, not data."""
    texts = [[text for text in dict.fromkeys(plain(cell) for cell in row.cells) if text] for row in rows]
    texts = [row for row in texts if row]
    return all(len(row) == 1 for row in texts) or all(FOOT.match(row[0]) for row in texts)


def _looks_like_row(text: str) -> bool:
    """A paragraph of cells separated by tabs: a table pasted as text (a title, a note, 单位：万元 are not)."""
    return looks_like_table_row(text.split("\t"))


def open_docx(data: bytes):
    """The python-docx document of the bytes; InputError when the file is damaged."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, PackageNotFoundError, KeyError, ValueError,
            OSError, NotImplementedError, RuntimeError) as err:  # the last two: a damaged member's compression or flags
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
