"""HTML pages of the disclosures: every <table> with the expected columns is a Document; rowspan
and colspan are expanded, and paragraphs inside a cell joined as the page shows them."""
from __future__ import annotations

from .grid import GridRow, build_documents, join_wrapped
from .model import Document
from .text import decode


def read_html(path: str, data: bytes) -> list[Document]:
    from bs4 import BeautifulSoup

    text, encoding = decode(data)
    soup = BeautifulSoup(text, "html.parser")
    tables = [(number, table) for number, table in enumerate(soup.find_all("table"), 1)
              if table.find_parent("table") is None]  # not a layout table inside a cell
    return build_documents(path, ((_grid(table), {"table": number, "encoding": encoding}) for number, table in tables),
                           "html")


def _grid(table) -> list[GridRow]:
    """Rows of cell texts with rowspan and colspan expanded; row numbers count the table's <tr>."""
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) -> text of a cell spanning into it
    for r, tr in enumerate(tr for tr in table.find_all("tr") if tr.find_parent("table") is table):
        cells: list[str] = []
        column = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, column) in pending:
                cells.append(pending.pop((r, column)))
                column += 1
            text = join_wrapped(td.get_text("\n"))
            for extra_row in range(int(td.get("rowspan", 1) or 1)):
                for extra_col in range(int(td.get("colspan", 1) or 1)):
                    if extra_row == 0:
                        cells.append(text)
                    else:
                        pending[(r + extra_row, column + extra_col)] = text
            column += int(td.get("colspan", 1) or 1)
        while (r, column) in pending:
            cells.append(pending.pop((r, column)))
            column += 1
        rows.append(cells)
    return [GridRow(line=number, cells=cells) for number, cells in enumerate(rows, 1)]
