"""Reports: one module per format, each a pure `render(result, settings) -> str`."""
from __future__ import annotations

import os

from . import github, json_report, junit, markdown, sarif, text

FORMATS = {"text": text.render, "json": json_report.render, "sarif": sarif.render, "junit": junit.render,
           "github": github.render, "markdown": markdown.render}


def default_format() -> str:
    """GitHub annotations inside GitHub Actions, the text table elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
