"""Reports: one module per format, each with a generator `chunks(result, settings)` giving the
report in pieces as it is made (a large run's report is written as it goes: its findings are read
from disk once, in order, never all held) and `render(result, settings) -> str`, the same text whole."""
from __future__ import annotations

import os

from . import github, json_report, junit, markdown, sarif, text

MODULES = {"text": text, "json": json_report, "sarif": sarif, "junit": junit, "github": github, "markdown": markdown}
FORMATS = {name: module.render for name, module in MODULES.items()}
STREAMS = {name: module.chunks for name, module in MODULES.items()}


def default_format() -> str:
    """GitHub annotations inside GitHub Actions, the text table elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
