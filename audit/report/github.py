"""GitHub Actions workflow commands: one annotation per finding, shown on the file in a pull request."""
from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..i18n import t
from .safe import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(result, settings: Settings) -> str:
    return "".join(chunks(result, settings))


def chunks(result, settings: Settings) -> Iterator[str]:
    for file in result.input_errors:
        yield f"::error file={_property(file.path)},title=jxaudit::{_data(file.error)}\n"
    for f in result.findings:
        place = f"file={_property(f.path)}" + (f",line={f.line}" if f.line else "")
        where = "".join(part for part in (f.project and f"{f.project}", f.indicator is not None and f" #{f.indicator}") if part)
        text = t("with_suggestion", settings.lang, message=f.message, suggestion=f.suggestion)
        text = f"{where}: {text}" if where else text
        yield f"::{LEVELS[f.severity]} {place},title={_property(f'{f.rule} {f.name}')}::{_data(text)}\n"


def _data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
