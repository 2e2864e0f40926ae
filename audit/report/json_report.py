"""JSON report, contract version 1: keys are only ever added, never renamed or dropped."""
from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..findings import summarise
from ..i18n import t
from .stream import placeholder, streamed_json


def render(result, settings: Settings) -> str:
    return "".join(chunks(result, settings))


def chunks(result, settings: Settings) -> Iterator[str]:
    """The report in pieces, one finding at a time (the same text as render)."""
    files = []
    for file in result.files:
        entry = {"path": file.path, "projects": file.projects, "indicators": file.indicators}
        if file.error:
            entry["error"] = file.error
        if file.notes:  # rows of the file no table holds (a sheet without a header, …)
            entry["notes"] = file.notes
        files.append(entry)
    skipped = t("file_skipped", settings.lang)
    files += [{"path": path, "projects": 0, "indicators": 0, "skipped": skipped} for path in result.skipped]
    files.sort(key=lambda entry: entry["path"])
    document = {
        "version": 1,
        "files": files,
        "findings": placeholder("findings"),
        "summary": summarise(result.findings),
        "suppressed": [{"rule": f.rule, "path": f.path, "line": f.line, "project": f.project,
                        "indicator": f.indicator, "value": f.value, "fingerprint": f.fingerprint,
                        "reason": entry.reason} for f, entry in result.suppressed],
        "baseline": result.baseline,
    }
    if result.internal_errors:  # rules that failed on a file: their findings there are missing
        document["internal_errors"] = [{"path": e.path, "rule": e.rule, "name": e.name, "error": e.error}
                                       for e in result.internal_errors]
    yield from streamed_json(document, {"findings": (finding.to_dict() for finding in result.findings)})
