"""Delimited text: the text export (tab-separated, one row per line), TSV and CSV, in UTF-8 (with
or without BOM) or a Chinese legacy encoding detected with charset-normalizer."""
from __future__ import annotations

import csv
import io
import re

from . import limits
from .grid import GridRow, build_document, header_columns
from .model import Document, InputError, Unread

FORMATS = ("text",)  # the formats audit.reading.sniff names that this module reads
SUFFIXES = (".txt", ".tsv", ".csv")  # the file names it reads by (directories are searched for these)

CHINESE_ENCODINGS = ("gb18030", "big5")  # GB18030 covers GBK and GB2312
# A text table damaged in a few bytes (flipped, a NUL from a bad export) is read, the lines with
# damage reported; more than this share of damaged bytes, NULs or control characters is a file in
# another encoding, or a binary one.
DAMAGE_SHARE = 0.01
DAMAGED = "\ufffd"  # what a byte that does not decode becomes, and a NUL too: shown where its cell is shown
CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # but for NUL, counted apart


def decode(data: bytes, partial: bool = False) -> tuple[str, str]:
    """(text, encoding): UTF-8 first, else the detected Chinese encoding; a few bytes that do not
    decode in either become U+FFFD (DAMAGED); InputError otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 only with its byte-order mark
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise InputError("input_encoding", offset=err.start) from None
    utf8 = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode("utf-8-sig"), utf8
    except UnicodeDecodeError as err:
        if partial and err.start > len(data) - 4:  # a sample cut inside a character
            return data[:err.start].decode("utf-8-sig"), "utf-8"
        offset = err.start
    non_ascii = len(data) - len(data.decode("ascii", errors="ignore"))

    def damaged_in_few_bytes(text: str) -> bool:  # a wrong encoding fails on nearly every character
        return text.count(DAMAGED) <= DAMAGE_SHARE * non_ascii

    repaired = data.decode("utf-8-sig", errors="replace")
    if damaged_in_few_bytes(repaired):
        return repaired, utf8
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    guesses = [best.encoding] if best else []  # the detector's choice first, then a strict try of each
    encodings = list(dict.fromkeys("gb18030" if encoding in ("gbk", "gb2312") else encoding  # the superset
                                   for encoding in guesses + list(CHINESE_ENCODINGS)))
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    for encoding in encodings:  # damaged in a few bytes
        try:
            repaired = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        if damaged_in_few_bytes(repaired):
            return repaired, encoding
    raise InputError("input_encoding", offset=offset)


def binary(data: bytes) -> bool:
    """Data with NUL bytes that is no text table: NULs are more than a trace, or it does not decode,
    or decodes to control characters (an image, an archive, UTF-16 without its BOM)."""
    if data.count(0) > DAMAGE_SHARE * len(data):
        return True
    try:
        text = decode(data)[0]
    except InputError:
        return True
    return len(CONTROLS.findall(text)) > DAMAGE_SHARE * len(text)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only \\n and \\r\\n end a line (not \\u2028 inside a cell)."""
    return text.replace("\r\n", "\n").split("\n")


def read_text(path: str, data: bytes) -> Document:
    text, encoding = decode(data)
    text = text.replace("\x00", DAMAGED)
    damaged = [number for number, line in enumerate(split_lines(text), 1) if DAMAGED in line] if DAMAGED in text else []
    limits.at_most("rows", text.count("\n") + 1)  # before splitting: a file of empty lines
    limits.at_most("cells", max(text.count(separator) for separator in "\t,;"))  # a line of a million tabs
    lines = split_lines(text)
    if any(header_columns(line.split("\t")) for line in lines):
        rows = [GridRow(line=number, cells=line.split("\t")) for number, line in enumerate(lines, 1)]
        doc = build_document(path, rows, "text", encoding=encoding)
    else:
        doc = build_document(path, _csv_rows(text), "csv", encoding=encoding)
    _check_not_truncated(doc)
    if damaged:
        doc.unread.append(Unread({}, damaged, "damaged"))
    return doc


def _csv_rows(text: str) -> list[GridRow]:
    """CSV records with the line each starts on (a quoted cell may span lines)."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows, start = [], 1
    try:
        for record in reader:
            rows.append(GridRow(line=start, cells=record))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError("input_csv", reason=str(err)) from None
    return rows


def _check_not_truncated(doc: Document) -> None:
    last = doc.rows[-1]
    if doc.layout == "cell" and last.width < doc.width and last.items is None:
        raise InputError("input_truncated", line=last.line, width=last.width, expected=doc.width)


def read(path: str, data: bytes, kind: str) -> list[Document]:
    """The reader's entry point for audit.reading: every table of the file."""
    return [read_text(path, data)]
