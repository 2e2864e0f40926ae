"""Text report: per file, a table of findings grouped by project, then a summary line."""
from __future__ import annotations

import re
import unicodedata
from itertools import groupby

from tabulate import tabulate

from ..config import Settings
from ..findings import summarise
from ..i18n import t
from .location import where
from .safe import visible

MESSAGE_WIDTH = 44  # display columns: a Chinese character takes two


def render(result, settings: Settings) -> str:
    lang = settings.lang
    out: list[str] = []
    by_path = {path: list(group) for path, group in groupby(result.findings, key=lambda f: f.path)}
    for file in result.files:
        if file.error:
            continue  # input errors go to stderr
        out.append(t("file_header", lang, path=file.path, projects=file.projects, indicators=file.indicators))
        findings = by_path.get(file.path, [])
        out.append(_table(findings, lang) if findings else "  " + t("file_clean", lang))
        out.append("")
    counts = summarise(result.findings)
    real = [file for file in result.files if not file.error]
    out.append(t("summary", lang, **counts, files=len(real), projects=sum(f.projects for f in real),
                 indicators=sum(f.indicators for f in real)))
    if result.suppressed:
        out.append(t("summary_suppressed", lang, count=len(result.suppressed)))
    if result.baseline:
        out.append(t("summary_baseline", lang, **result.baseline))
    if result.input_errors:
        out.append(t("summary_input_errors", lang, count=len(result.input_errors)))
    return visible("\n".join(out)) + "\n"  # nothing from a cell acts on the terminal


def _table(findings, lang: str) -> str:
    rows, previous = [], object()
    for finding in findings:
        project = finding.project if finding.project else t("document_level", lang)
        rows.append([
            where(finding, lang),
            project if project != previous else "",  # the project once per group
            finding.indicator if finding.indicator is not None else "",
            finding.rule,
            t(f"severity_{finding.severity}", lang),
            _wrap(finding.message),
            _wrap(finding.suggestion),
        ])
        previous = project
    headers = [t(key, lang) for key in ("col_line", "col_project", "col_indicator", "col_rule",
                                        "col_severity", "col_message", "col_suggestion")]
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def _wrap(text: str) -> str:
    """Wrap to MESSAGE_WIDTH display columns, between Chinese characters or between words."""
    lines, line, width = [], "", 0
    for token in re.findall(r"[\x21-\x7e]+|\s|.", text):
        size = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in token)
        if width + size > MESSAGE_WIDTH and line.strip():
            lines.append(line.rstrip())
            line, width = "", 0
            if token.isspace():
                continue
        line, width = line + token, width + size
    return "\n".join(lines + [line.rstrip()])
