"""Text report: per file, a table of findings grouped by project, then a summary line. On a
terminal it fits the width: the table when it fits, else each project's findings under its name;
severities coloured unless NO_COLOR."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from itertools import groupby

from tabulate import tabulate

from ..config import Settings
from ..findings import summarise
from ..i18n import t
from .console import Console, display_width, wrap
from .location import where, where_label
from .pairs import shown
from .safe import visible
from .stream import per_file

MESSAGE_WIDTH = 44  # display columns of the message and suggestion columns when not on a terminal
NARROWEST_MESSAGE = 28  # below this the table gives way to findings grouped under each project
PROJECT_WIDTH = 20
INDENT = "    "


def render(result, settings: Settings, console: Console | None = None) -> str:
    return "".join(chunks(result, settings, console))


def chunks(result, settings: Settings, console: Console | None = None) -> Iterator[str]:
    """The report in pieces, one file at a time (the same text as render)."""
    console = console or Console()
    lang = settings.lang
    for file, found in per_file([file for file in result.files if not file.error], result.findings):
        out = _fit(t("file_header", lang, path=visible(file.path), projects=file.projects,
                     indicators=file.indicators), console.width)  # input errors go to stderr
        findings = shown([_harmless(f) for f in found], lang)
        out.append(_findings(findings, lang, console) if findings else "  " + t("file_clean", lang))
        yield "\n".join(out) + "\n\n"
    counts = summarise(result.findings)
    real = [file for file in result.files if not file.error]
    out = _fit(t("summary", lang, **counts, files=len(real), projects=sum(f.projects for f in real),
                 indicators=sum(f.indicators for f in real)), console.width)
    if result.suppressed:
        out += _fit(t("summary_suppressed", lang, count=len(result.suppressed)), console.width)
    if result.baseline:
        out += _fit(t("summary_baseline", lang, **result.baseline), console.width)
    if result.input_errors:
        out += _fit(t("summary_input_errors", lang, count=len(result.input_errors)), console.width)
    yield "\n".join(out) + "\n"


def _harmless(finding):
    """The finding with every text from the table escaped, so that nothing from a cell acts on the
    terminal (the report's own colours are added after)."""
    texts = ("path", "project", "indicator_name", "value", "message", "suggestion")
    return dataclasses.replace(finding, **{key: visible(getattr(finding, key)) for key in texts
                                           if getattr(finding, key)})


def _fit(line: str, width: int | None) -> list[str]:
    return wrap(line, width) if width else [line]


def _findings(findings, lang: str, console: Console) -> str:
    if console.width is None:
        return _table(findings, lang, console, MESSAGE_WIDTH)
    rows = _rows(findings, lang, console, 10**6)  # the other columns' widths
    headers = _headers(lang)
    fixed = sum(max([display_width(header) + 2]  # tabulate pads headers by two
                    + [display_width(line) for row in rows for line in row[i].split("\n")])
                for i, header in enumerate(headers[:5]))
    fixed += 2 * 6  # two spaces between the seven columns
    message = (console.width - fixed) // 2
    if message >= NARROWEST_MESSAGE:
        return _table(findings, lang, console, message)
    return _grouped(findings, lang, console)


def _rows(findings, lang: str, console: Console, message_width: int) -> list[list[str]]:
    rows, previous = [], object()
    for finding in findings:
        project = finding.project if finding.project else t("document_level", lang)
        rows.append([
            where(finding, lang),
            "\n".join(wrap(project, PROJECT_WIDTH)) if project != previous else "",  # once per group
            str(finding.indicator) if finding.indicator is not None else "",
            finding.rule,
            console.paint(t(f"severity_{finding.severity}", lang), finding.severity),
            "\n".join(wrap(finding.message, message_width)),
            "\n".join(wrap(finding.suggestion, message_width)),
        ])
        previous = project
    return rows


def _table(findings, lang: str, console: Console, message_width: int) -> str:
    return tabulate(_rows(findings, lang, console, message_width), headers=_headers(lang), tablefmt="simple",
                    disable_numparse=True)


def _headers(lang: str) -> list[str]:
    return [t(key, lang) for key in ("col_line", "col_project", "col_indicator", "col_rule", "col_severity",
                                     "col_message", "col_suggestion")]


def _grouped(findings, lang: str, console: Console) -> str:
    """Each project's name once, each finding under it: where, rule and severity on one line, the
    message and the suggestion wrapped below."""
    width, out = console.width, []
    for project, group in groupby(findings, key=lambda f: f.project or t("document_level", lang)):
        out += [""] + wrap(project, width)
        for finding in group:
            place = [where_label(finding, lang)]
            if finding.indicator is not None:
                place.append(t("at_indicator", lang, indicator=finding.indicator))
            head = " · ".join(p for p in place if p) + f"  {finding.rule} "
            out.append("  " + head + console.paint(t(f"severity_{finding.severity}", lang), finding.severity))
            out += [INDENT + line for line in wrap(finding.message, width - len(INDENT))]
            out += [INDENT + line for line in wrap("→ " + finding.suggestion, width - len(INDENT))]
    return "\n".join(out[1:])
