"""Reading: turn a file into a Document of raw rows, each with its source line number.

Only the text export (one tab-separated row per line) is read here. Everything that is wrong with
the file as a whole (missing, binary, not UTF-8, no table, truncated) raises InputError with a
one-line reason; defects inside the table are left to the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".tsv")

# Canonical column key -> header patterns (the first matching column wins).
COLUMNS = {
    "name": r"^项目名称|^项目$",
    "total": r"^(总计|合计|金额合计)",
    "fiscal": r"^财政拨款",
    "special": r"^财政专户",
    "other": r"^其他资金",
    "goal": r"^绩效目标",
    "indicators": r"^绩效指标",
}
REQUIRED = ("name", "indicators")
AMOUNTS = ("total", "fiscal", "special", "other")


class InputError(Exception):
    """The file cannot be read as a performance-target table.

    Carries a message key of audit.i18n and its parameters, so the CLI can say it in either language.
    """

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # canonical column key -> raw cell text
    width: int  # number of cells the line really had


@dataclass
class Document:
    path: str
    title: str | None = None
    department: str | None = None
    unit: str | None = None
    width: int = 0  # number of columns in the header
    header_line: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # canonical key -> position in a row
    rows: list[Row] = field(default_factory=list)


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """The document in `path`; `data` is its content when the caller has read it already."""
    path = Path(path)
    lines = split_lines(decode(_check_bytes(data) if data is not None else read_bytes(path)))
    header_at, columns = _find_header(lines)
    doc = Document(path=str(path), width=len(lines[header_at].split("\t")), header_line=header_at + 1,
                   columns=columns)
    _read_preamble(doc, lines[:header_at])
    header_line = lines[header_at].strip()
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.strip() == header_line:
            continue  # page-break blank lines and headers repeated on each page
        raw = line.split("\t")
        cells = {key: (raw[pos] if pos < len(raw) else "") for key, pos in columns.items()}
        doc.rows.append(Row(line=index + 1, cells=cells, width=len(raw)))
    _check_not_truncated(doc)
    return doc


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only \\n and \\r\\n end a line (not \\u2028 inside a cell)."""
    return text.replace("\r\n", "\n").split("\n")


def read_bytes(path: str | Path) -> bytes:
    """The file's content, if it can be a text table at all."""
    path = Path(path)
    if path.is_dir():
        raise InputError("input_is_directory")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("input_missing") from None
    except OSError as err:
        raise InputError("input_unreadable", reason=err.strerror) from None
    return _check_bytes(data)


def _check_bytes(data: bytes) -> bytes:
    if not data.strip():
        raise InputError("input_empty")
    if b"\x00" in data[:8192]:
        raise InputError("input_binary")
    return data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("input_encoding", offset=err.start) from None


def _find_header(lines: list[str]) -> tuple[int, dict[str, int]]:
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.split("\t")]
        columns: dict[str, int] = {}
        for key, pattern in COLUMNS.items():
            for pos, cell in enumerate(cells):
                if pos not in columns.values() and re.search(pattern, cell):
                    columns[key] = pos
                    break
        if all(key in columns for key in REQUIRED):
            return index, columns
    raise InputError("input_no_header")


def _read_preamble(doc: Document, lines: list[str]) -> None:
    for line in lines:
        text = line.strip().lstrip("#").strip()
        if not text:
            continue
        labelled = re.match(r"^(部门名称|单位)\s*[：:]\s*(.*)$", text)
        if labelled and labelled[1] == "部门名称":
            doc.department = labelled[2]
        elif labelled:
            doc.unit = labelled[2]
        elif doc.title is None:
            doc.title = text


def _check_not_truncated(doc: Document) -> None:
    if not doc.rows:
        raise InputError("input_no_rows")
    last = doc.rows[-1]
    if last.width < doc.width:
        raise InputError("input_truncated", line=last.line, width=last.width, expected=doc.width)
