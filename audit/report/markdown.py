"""Markdown for a pull-request comment: a summary, then one table per file."""
from __future__ import annotations

from collections.abc import Iterator

from tabulate import tabulate

from ..config import Settings
from ..findings import summarise
from ..i18n import t
from .location import where
from .pairs import shown
from .stream import per_file


def render(result, settings: Settings) -> str:
    return "".join(chunks(result, settings))


def chunks(result, settings: Settings) -> Iterator[str]:
    """The report in pieces, one file at a time (the same text as render)."""
    lang = settings.lang
    counts = summarise(result.findings)
    real = [file for file in result.files if not file.error]
    out = ["## jxaudit", "", t("summary", lang, **counts, files=len(real), projects=sum(f.projects for f in real),
                                indicators=sum(f.indicators for f in real)), ""]
    for file in result.input_errors:
        out += [f"- ❌ `{file.path}`: {_cell(file.error)}"]
    for error in result.internal_errors:  # a rule that broke on a file: its findings there are missing
        out += ["- ❌ " + _cell(t("rule_failed", lang, path=f"`{error.path}`", rule=error.rule, name=error.name,
                                  reason=error.error))]
    if result.input_errors or result.internal_errors:
        out.append("")
    yield "\n".join(out)
    headers = [t(key, lang) for key in ("col_line", "col_project", "col_indicator", "col_rule", "col_severity",
                                        "col_message", "col_suggestion")]
    for file, found in per_file(real, result.findings):
        findings = shown(found, lang)
        out = [f"### `{file.path}`", ""]
        if not findings:
            out += [t("file_clean", lang), ""]
        else:
            rows = [[where(f, lang), _cell(f.project or t("document_level", lang)),
                     f.indicator if f.indicator is not None else "", f"`{f.rule}`", t(f"severity_{f.severity}", lang),
                     _cell(f.message), _cell(f.suggestion)] for f in findings]
            out += [tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True), ""]
        yield "\n" + "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
