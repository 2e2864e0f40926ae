"""Where a finding is, said the way the format's user looks for it."""
from __future__ import annotations

from ..i18n import t


def where(finding, lang: str) -> str:
    """The place as the format's user looks for it: Excel cell, PDF page, HTML table row, or line."""
    if finding.cell:
        return finding.cell
    if finding.page:
        return t("at_page", lang, page=finding.page, line=finding.line or "")
    if finding.table:
        return t("at_table", lang, table=finding.table, line=finding.line or "")
    return str(finding.line) if finding.line is not None else ""


def where_label(finding, lang: str) -> str:
    """As `where`, with a bare line number said to be one ("第 12 行")."""
    place = where(finding, lang)
    return t("at_line", lang, line=place) if place.isdigit() else place
