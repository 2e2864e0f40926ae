"""Reports: one module per format, each a pure `render(result, settings) -> str` and the same text
in pieces as it is made, `chunks(result, settings)`, for writing a large run's report as it goes."""
from __future__ import annotations

import os

from . import github, json_report, junit, markdown, sarif, text

FORMATS = {"text": text.render, "json": json_report.render, "sarif": sarif.render, "junit": junit.render,
           "github": github.render, "markdown": markdown.render}
STREAMS = {"text": text.chunks, "json": json_report.chunks, "sarif": sarif.chunks, "junit": junit.chunks,
           "github": github.chunks, "markdown": markdown.chunks}


def default_format() -> str:
    """GitHub annotations inside GitHub Actions, the text table elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
