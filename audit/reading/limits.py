"""Resource limits: how much one input may make jxaudit read, unpack, allocate and spend time on.

Every reader runs inside `applied(limits)` (set by `read_documents`), so the checks here apply to
any reader, present or new: the file's size and, for a ZIP container (xlsx, docx), its unpacked
size before a library opens it; the grid a reader hands to `grid.build_document` (rows, cells, cell
length); the time per file. Readers ask `active()` for what only they can see early enough (pages
of a PDF, sheets and extent of a workbook, nesting and spans of HTML). A file over a limit raises
LimitError: an InputError naming the limit and how to raise it.
"""
from __future__ import annotations

import signal
import threading
import time
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from io import BytesIO

from .model import InputError

MB = 1 << 20
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """The defaults are far above any real table and far below what exhausts a desktop machine."""
    file_mb: float = 50.0  # size of an input file
    unzipped_mb: float = 200.0  # content of an xlsx/docx once unpacked (ZIP bombs)
    rows: int = 100_000  # rows of one table (text lines, sheet rows, HTML/PDF table rows)
    cells: int = 2_000_000  # cells of one table, spans expanded
    cell_chars: int = 32_767  # characters in one cell (Excel's own maximum)
    html_depth: int = 256  # nesting depth of HTML elements
    pdf_pages: int = 500  # pages of a PDF
    sheets: int = 200  # sheets of a workbook
    seconds: float = 120.0  # reading and parsing one file

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def kind(cls, name: str) -> type:
        return type(getattr(cls(), name))


class LimitError(InputError):
    """The file exceeds a configured limit: which one, what was found, what is allowed."""

    def __init__(self, limit: str, found, allowed):
        super().__init__("input_limit", limit=limit, found=_tidy(found), allowed=_tidy(allowed))
        self.limit = limit


_ACTIVE: ContextVar[Limits | None] = ContextVar("jxaudit_limits", default=None)
_DEADLINE: ContextVar[float | None] = ContextVar("jxaudit_deadline", default=None)


def active() -> Limits:
    return _ACTIVE.get() or Limits()


@contextmanager
def applied(limits: Limits | None = None):
    """Run the body under these limits (the active ones, else the defaults) and the time limit.

    The time limit interrupts the body with a timer signal where there is one (POSIX, main
    thread); elsewhere `checkpoint()` calls in the loops of the readers enforce it. Nested uses
    keep the outer deadline."""
    limits = limits or active()
    limit_token = _ACTIVE.set(limits)
    timing = _DEADLINE.get() is None and limits.seconds > 0
    deadline_token = _DEADLINE.set(time.monotonic() + limits.seconds) if timing else None
    alarm = timing and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if alarm:
        previous = signal.signal(signal.SIGALRM, _out_of_time)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield limits
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if deadline_token is not None:
            _DEADLINE.reset(deadline_token)
        _ACTIVE.reset(limit_token)


def _out_of_time(signum, frame):
    raise LimitError("seconds", active().seconds, active().seconds)


def checkpoint() -> None:
    """Where no timer signal can interrupt (threads, Windows): stop a file past its time."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise LimitError("seconds", active().seconds, active().seconds)


def at_most(limit: str, found: float) -> None:
    allowed = getattr(active(), limit)
    if found > allowed:
        raise LimitError(limit, found, allowed)


def check_file(size: int, limits: Limits | None = None) -> None:
    limits = limits or active()
    if size > limits.file_mb * MB:
        raise LimitError("file_mb", float(f"{size / MB:.3g}"), limits.file_mb)


def check_archive(data: bytes) -> None:
    """A ZIP container (xlsx, docx): the sizes its directory declares, then the bytes it really
    unpacks to, counted while streaming, so that a lying directory cannot hide a bomb. A damaged
    archive is left to its reader to refuse (zipfile stops at the declared size in any case)."""
    budget = active().unzipped_mb * MB
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > budget:
            raise LimitError("unzipped_mb", float(f"{declared / MB:.3g}"), active().unzipped_mb)
        unpacked = 0
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    unpacked += len(chunk)
                    if unpacked > budget:
                        raise LimitError("unzipped_mb", f">{active().unzipped_mb}", active().unzipped_mb)
                    checkpoint()
    except InputError:
        raise
    except Exception:  # a damaged archive (zipfile, zlib, bz2, lzma each raise their own): its reader says so
        return


def check_grid(rows) -> None:
    """A reader's grid of cell texts (GridRows), before it becomes a Document."""
    limits = active()
    at_most("rows", len(rows))
    cells = 0
    for row in rows:
        cells += len(row.cells)
        longest = max(map(len, row.cells), default=0)
        if longest > limits.cell_chars:
            raise LimitError("cell_chars", longest, limits.cell_chars)
    at_most("cells", cells)


def check_extent(rows: int, columns: int) -> None:
    """A table's extent as its file declares it, before a reader allocates it."""
    at_most("rows", rows)
    at_most("cells", rows * columns)


def _tidy(number):
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number
