"""JSON report, contract version 1: keys are only ever added, never renamed or dropped."""
from __future__ import annotations

import json

from ..config import Settings
from ..findings import summarise


def render(result, settings: Settings) -> str:
    files = []
    for file in result.files:
        entry = {"path": file.path, "projects": file.projects, "indicators": file.indicators}
        if file.error:
            entry["error"] = file.error
        files.append(entry)
    document = {
        "version": 1,
        "files": files,
        "findings": [finding.to_dict() for finding in result.findings],
        "summary": summarise(result.findings),
        "suppressed": [{"rule": f.rule, "path": f.path, "line": f.line, "project": f.project,
                        "indicator": f.indicator, "value": f.value, "fingerprint": f.fingerprint,
                        "reason": entry.reason} for f, entry in result.suppressed],
        "baseline": result.baseline,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
