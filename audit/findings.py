"""A finding: one defect at one place. Flat, frozen and sortable; `to_dict` gives the JSON contract."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# The JSON contract (version 1): these keys, in this order; new keys may be added, none renamed.
FIELD_ORDER = {"period": 1, "annual": 2}
KEYS = ("rule", "name", "category", "severity", "path", "line", "project", "indicator", "field",
        "value", "message", "suggestion")


@dataclass(frozen=True)
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

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.indicator or 0, FIELD_ORDER.get(self.field, 0), self.rule,
                self.field or "", self.value)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]

    def to_dict(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in KEYS}


def summarise(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
