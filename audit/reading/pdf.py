"""PDF disclosures (pdfplumber): the table's rows on every page, in order, as one grid; the header
repeated on each page is dropped and a row cut by a page break is joined by the parser, as for
the text export. Cell text wrapped over lines is joined without inventing spaces."""
from __future__ import annotations

import logging
import re
from io import BytesIO

from . import limits
from .form import FOOT, Grid, looks_like_form, read_forms
from .grid import GridRow, build_document, join_wrapped, looks_like_table_row, plain
from .model import Document, InputError, Unread

FORMATS = ("pdf",)  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".pdf",)  # the file names it reads by (directories are searched for these)


def read_pdf(path: str, data: bytes) -> Document:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on damaged files are not ours to show

    rows: list[GridRow] = []
    untabled: dict[int, list[str]] = {}  # page -> its text lines, for the pages without a table
    outside: dict[int, list[str]] = {}  # page -> its text lines outside its tables, for the pages with one
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            limits.at_most("pdf_pages", len(pdf.pages))
            preamble = (pdf.pages[0].extract_text() or "").splitlines() if pdf.pages else []
            for page_number, page in enumerate(pdf.pages, 1):
                limits.checkpoint()
                before = len(rows)
                tables = page.find_tables()
                for table in tables:
                    for cells in table.extract():
                        rows.append(GridRow(line=len(rows) + 1, cells=[join_wrapped(c) for c in cells],
                                            page=page_number, spanned=frozenset()))  # a merged cell's others are None
                if len(rows) == before:
                    untabled[page_number] = (page.extract_text() or "").splitlines() if page.chars else (
                        [] if not page.images else None)  # None: an image and no text, a scanned page
                else:
                    around = page
                    for table in tables:
                        around = around.outside_bbox(table.bbox)
                    outside[page_number] = (around.extract_text() or "").splitlines()
    except InputError:
        raise
    except Exception as err:  # pdfminer raises many kinds, often wrapped by pdfplumber
        causes = " ".join([type(err).__name__, str(err), *(repr(arg) for arg in err.args)]).lower()
        if "password" in causes or "encrypt" in causes:
            raise InputError("input_password") from None
        raise InputError("input_corrupt", format="PDF") from None
    if not rows:
        scanned = untabled and all(lines is None for lines in untabled.values())
        raise InputError("input_pdf_no_text" if scanned else "input_no_header")
    if looks_like_form(rows):  # 申报表 forms: one or more a page, a grid may go on over the next page
        doc = read_forms(path, [Grid(rows, {})], "pdf")
        doc.title = next((line.strip() for line in preamble if "绩效目标" in line), doc.title)
    else:
        title_rows = [GridRow(line=0, cells=[line]) for line in preamble[:6]]
        doc = build_document(path, title_rows + rows, "pdf")
    doc.unread += _unread_pages(untabled, {row.page for row in rows})
    for page, lines in outside.items():  # rows drawn without rulings beside a table (its last row, say)
        found = [line.strip() for line in lines if _looks_like_row(line)]
        if found:
            doc.unread.append(Unread({"page": page}, list(range(1, len(found) + 1)), "outside_table", text=found[0][:40]))
    return doc


AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
DATE = re.compile(r"\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?|\d+\s*月\s*\d+\s*日")
PAGE_NUMBER = re.compile(r"第\s*\d+\s*页|共\s*\d+\s*页|^\W*\d+\s*/\s*\d+\W*$|^\W*\d+\W*$")


def _unread_pages(untabled: dict[int, list[str] | None], tabled: set[int]) -> list[Unread]:
    """The pages where no table was found that may hold one: a page of text between pages of the
    table (its rulings lost, say), a page whose lines look like table rows (texts with an amount
    among them), and pages of an image alone (scanned). A title page or a page of notes is not."""
    unread = []
    for page, lines in untabled.items():
        if lines is None:
            continue
        inside = min(tabled) < page < max(tabled)
        numbered = [number for number, line in enumerate(lines, 1) if line.strip()]
        if numbered and (inside or any(_looks_like_row(line) for line in lines)):
            unread.append(Unread({"page": page}, numbered, "page_no_table"))
    scanned = [page for page, lines in untabled.items() if lines is None]
    if scanned:
        unread.append(Unread({}, scanned, "image_pages"))
    return unread


def _looks_like_row(line: str) -> bool:
    """A line of text that reads as a table row: four texts or more, two of them amounts (a
    project's 总计 and 财政拨款, an indicator's value and weight); not a page number (第 1 页 共 3 页),
    a date or a line of the foot (填报人, 审核意见)."""
    if PAGE_NUMBER.search(line) or FOOT.match(plain(line)):
        return False
    words = DATE.sub(" ", line).split()
    return looks_like_table_row(words) and sum(bool(AMOUNT.match(word)) for word in words) >= 2


def read(path: str, data: bytes, kind: str) -> list[Document]:
    """The reader's entry point for audit.reading: every table of the file."""
    return [read_pdf(path, data)]
