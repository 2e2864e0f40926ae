"""Reports: one module per format, each a pure `render(result, settings) -> str`."""
from __future__ import annotations

from . import json_report, text

FORMATS = {"text": text.render, "json": json_report.render}
