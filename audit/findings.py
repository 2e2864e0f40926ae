"""A finding: one defect at one place. Flat, frozen and sortable; `to_dict` gives the JSON contract."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from .files import Spool

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# The JSON contract (version 1): these keys, in this order; new keys may be added, none renamed.
FIELD_ORDER = {"period": 1, "annual": 2}
KEYS = ("rule", "name", "category", "severity", "path", "line", "project", "indicator", "field",
        "value", "message", "suggestion")
EXTRA_KEYS = ("indicator_name", "fingerprint", "sheet", "cell", "page", "table", "group")  # added after version 1


@dataclass(frozen=True, slots=True)  # slots: a queue holds hundreds of thousands
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    path: str
    line: int | None
    project: str | None
    indicator: int | None
    field: str | None
    value: str
    message: str
    suggestion: str
    indicator_name: str | None = None
    sheet: str | None = None  # Excel sheet
    cell: str | None = None  # Excel cell, "Sheet1!G17"
    page: int | None = None  # PDF page
    table: int | None = None  # HTML table number

    @property
    def fingerprint(self) -> str:
        """Identifies the defect, not its place: rule, file name, project, indicator name, field and
        offending value; never line numbers, so inserting a row elsewhere does not change it."""
        parts = (self.rule, PurePath(self.path).name, self.sheet or str(self.table or ""), self.project or "",
                 self.indicator_name or "", self.field or "", self.value)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

    @property
    def group(self) -> str:
        """Identifies the defect for a reader: the records of one rule on one indicator with the same
        offending value share it, so the same defect in 实施周期指标值 and 年度指标值 (one record per
        field) can be shown once. Like the fingerprint, it never depends on line numbers."""
        parts = (self.rule, PurePath(self.path).name, self.sheet or str(self.table or ""), self.project or "",
                 str(self.indicator or ""), self.indicator_name or "", self.value)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple:
        """A total order (every field counts), so that findings come out in the same order however
        the files were batched or split between processes."""
        return (self.path, self.line or 0, self.indicator or 0, FIELD_ORDER.get(self.field, 0), self.rule,
                self.field or "", self.value, self.sheet or "", self.table or 0, self.page or 0, self.cell or "",
                self.project or "", self.message, self.suggestion, self.indicator_name or "")

    def place(self) -> tuple:
        """Where the finding points: file, sheet or table, line, project, indicator and field."""
        return (self.path, self.sheet, self.table, self.line, self.project, self.indicator, self.field)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]

    def to_dict(self) -> dict:
        return {key: getattr(self, key) for key in KEYS + EXTRA_KEYS}


class FindingStore:
    """The findings of a run, kept on disk file by file instead of in memory: a run over thousands
    of files holds one file's findings at a time, and the reports write them as they come. Read
    (iterated) in their total order, Finding.sort_key, as often as needed; compares equal to a
    list of the same findings in that order."""

    def __init__(self, findings: Iterable[Finding] = ()):
        self._spool = Spool()
        self._pending: list[Finding] = []  # written a few thousand at a time
        self._count = 0
        self += findings

    def __iadd__(self, findings: Iterable[Finding]) -> FindingStore:
        for finding in findings:
            self._pending.append(finding)
            self._count += 1
            if len(self._pending) >= self.PENDING:
                self._write()
        return self

    PENDING = 4096

    def _write(self) -> None:
        by_path: dict[str, list[Finding]] = {}
        for finding in self._pending:
            by_path.setdefault(finding.path, []).append(finding)
        for path, items in by_path.items():
            self._spool.put(path, items)
        self._pending = []

    def __iter__(self) -> Iterator[Finding]:
        self._write()
        for path in self._spool.keys():  # sort_key begins with the path
            yield from self.read(path)

    def read(self, path: str) -> list[Finding]:
        """One file's findings, in order."""
        self._write()
        return sorted((f for items in self._spool.get(path) for f in items), key=Finding.sort_key)

    def of(self, paths: list[str]) -> StoredFindings:
        """The findings of these files, file by file in the order given, read when iterated."""
        return StoredFindings(self, paths)

    def __len__(self) -> int:
        return self._count

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, FindingStore)) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"FindingStore({self._count} findings)"

    def close(self) -> None:
        self._spool.close()


class StoredFindings:
    """Some files' findings in a FindingStore, read from disk each time they are iterated (a queue
    holds one submission's at a time); sent to another process, they go as the list they are."""

    def __init__(self, store: FindingStore, paths: list[str]):
        self.store, self.paths = store, list(paths)

    def __iter__(self) -> Iterator[Finding]:
        for path in self.paths:
            yield from self.store.read(path)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, StoredFindings, FindingStore)) and list(self) == list(other)

    def __reduce__(self):
        return list, (list(self),)


def cell_column(field: str | None) -> str:
    """The table column holding the address of a field's cell: a finding on that field points there
    (the row's own `cell` when the column is empty). The tables are built to this (features.location)."""
    return f"cell_{field}"


def apply_precedence(findings: list[Finding], unless: dict[str, tuple[str, ...]]) -> list[Finding]:
    """The findings without those of a rule at a place where a rule it yields to reports
    (`unless:` in the rule's record)."""
    reported: dict[tuple, set[str]] = {}
    for finding in findings:
        reported.setdefault(finding.place(), set()).add(finding.rule)
    return [f for f in findings if not reported[f.place()].intersection(unless.get(f.rule, ()))]


def summarise(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
