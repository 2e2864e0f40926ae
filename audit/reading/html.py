"""HTML pages of the disclosures: every <table> with the expected columns is a Document; rowspan
and colspan are expanded (clamped, as browsers do, to the rows left in the table and to 1,000
columns), and paragraphs inside a cell joined as the page shows them."""
from __future__ import annotations

import re

from . import limits
from .grid import GridRow, build_documents, join_wrapped
from .model import Document, Unread
from .text import DAMAGED, decode

FORMATS = ("html",)  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".html", ".htm")  # the file names it reads by (directories are searched for these)


def read_html(path: str, data: bytes) -> list[Document]:
    from bs4 import BeautifulSoup

    text, encoding = decode(data)
    soup = BeautifulSoup(text, "html.parser")
    limits.at_most("html_depth", _depth(soup))
    tables = [(number, table) for number, table in enumerate(soup.find_all("table"), 1)
              if table.find_parent("table") is None]  # not a layout table inside a cell
    grids = [(_grid(table), {"table": number, "encoding": encoding}) for number, table in tables]
    documents = build_documents(path, grids, "html")
    for rows, meta in grids:  # bytes that did not decode, or NULs: read, the rows said
        damaged = [row.line for row in rows if any(DAMAGED in cell or "\x00" in cell for cell in row.cells)]
        if damaged:
            documents[0].unread.append(Unread({"table": meta["table"]}, damaged, "damaged"))
    return documents


def _depth(soup) -> int:
    """How deeply the page's elements nest (counted without recursion)."""
    depth, deepest = {id(soup): 0}, 0
    for element in soup.descendants:
        if getattr(element, "name", None) is not None:
            depth[id(element)] = depth[id(element.parent)] + 1
            deepest = max(deepest, depth[id(element)])
    return deepest


MAX_COLSPAN = 1000  # what browsers honour


def _span(td, attribute: str, most: int) -> int:
    """A cell's rowspan or colspan: leading digits of the attribute, at least 1, at most `most`."""
    digits = re.match(r"\s*(\d{1,9})", str(td.get(attribute) or ""))
    return max(1, min(int(digits[1]) if digits else 1, most))


def _grid(table) -> list[GridRow]:
    """Rows of cell texts with rowspan and colspan expanded; row numbers count the table's <tr>."""
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) -> text of a cell spanning into it
    made = 0  # cells and spanned copies allocated so far
    for r, tr in enumerate(trs):
        limits.checkpoint()
        cells: list[str] = []
        column = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, column) in pending:
                cells.append(pending.pop((r, column)))
                column += 1
            text = join_wrapped(td.get_text("\n"))
            row_span, col_span = _span(td, "rowspan", len(trs) - r), _span(td, "colspan", MAX_COLSPAN)
            made += row_span * col_span
            limits.at_most("cells", made)
            cells += [text] * col_span
            for extra_row in range(1, row_span):
                for extra_col in range(col_span):
                    pending[(r + extra_row, column + extra_col)] = text
            column += col_span
        while (r, column) in pending:
            cells.append(pending.pop((r, column)))
            column += 1
        rows.append(cells)
    return [GridRow(line=number, cells=cells) for number, cells in enumerate(rows, 1)]


def read(path: str, data: bytes, kind: str) -> list[Document]:
    """The reader's entry point for audit.reading: every table of the file."""
    return read_html(path, data)
