"""Reading: a file -> Documents of raw rows, each row with its location as the file's format gives it
(text or CSV line, Excel sheet and row, HTML table and row, PDF page).

The format is sniffed from the content, not the extension. Whatever is wrong with the file as a
whole (missing, empty, binary, undecodable, corrupt, password-protected, no recognisable table,
truncated) raises InputError with a one-line reason; defects inside the table are the rules'.
Every reader runs under the resource limits of `limits.py` (a file over one raises LimitError).
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from . import limits as resource_limits
from .limits import LimitError, Limits  # noqa: F401
from .model import AMOUNTS, Document, InputError, Item, Row  # noqa: F401  (the package's API)
from . import docx, excel, html, pdf, text
from .text import binary, decode, split_lines  # noqa: F401

# The readers: each module names the formats it reads (as sniff() names them) and its file suffixes,
# and reads with read(path, data, kind) -> Documents. A new input format is a module added here.
READERS = (text, excel, html, pdf, docx)
SUFFIXES = tuple(suffix for reader in READERS for suffix in reader.SUFFIXES)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_bytes(path: str | Path, limits: Limits | None = None) -> bytes:
    """The file's content; an error for a directory, a missing, unreadable, empty or too large file."""
    path = Path(path)
    if path.is_dir():
        raise InputError("input_is_directory")
    try:
        resource_limits.check_file(path.stat().st_size, limits)  # before reading it into memory
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("input_missing") from None
    except OSError as err:
        raise InputError("input_unreadable", reason=err.strerror) from None
    if not data.strip():
        raise InputError("input_empty")
    return data


def sniff(data: bytes) -> str:
    """The format of the content: xlsx, xls, docx, pdf, html or text (delimited text: export, TSV, CSV)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except Exception:  # BadZipFile, or what a damaged directory makes zipfile raise; the names of
            # the parts still head their entries in a file cut short
            raise InputError("input_corrupt", format="docx" if b"word/" in data[:65536] else "xlsx") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        raise InputError("input_zip_not_workbook")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("input_password")
        if "WordDocument".encode("utf-16-le") in data:
            raise InputError("input_doc_legacy")
        return "xls"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and binary(data):  # UTF-16 has NULs
        raise InputError("input_binary")
    head = decode(data[:65536], partial=True)[0].lower()
    return "html" if ("<table" in head or "<html" in head or "<!doctype html" in head) else "text"


def read_documents(path: str | Path, data: bytes | None = None, limits: Limits | None = None) -> list[Document]:
    """Every table of the file, as a Document each (one per sheet or HTML table that holds one),
    read under the resource limits (given, else those active, else the defaults)."""
    with resource_limits.applied(limits):
        data = read_bytes(path) if data is None else data
        resource_limits.check_file(len(data))
        if data.startswith(b"PK\x03\x04"):
            resource_limits.check_archive(data)
        return _read(str(path), data)


def _read(path: str, data: bytes) -> list[Document]:
    if not data.strip():
        raise InputError("input_empty")
    kind = sniff(data)
    return next(reader for reader in READERS if kind in reader.FORMATS).read(path, data, kind)


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """The first table of the file (for callers that handle one document per file)."""
    return read_documents(path, data)[0]
