"""The HTML report of one submission: one offline file (no scripts, fonts or external links), a
summary with charts, then every project with its indicators, the offending text highlighted and
the message and suggestion beside it. Every piece of table content is escaped, and the page's
Content-Security-Policy forbids scripts besides."""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from ..i18n import t
from .location import where

CATEGORY_LABELS = {"structure": ("结构", "structure"), "codes": ("指标分类", "codes"), "targets": ("指标值", "targets"),
                   "duplicates": ("重复", "duplicates"), "totals": ("金额", "totals"), "format": ("格式", "format"),
                   "corpus": ("跨表比较", "corpus")}
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;font-size:.9em}
th{background:#f4f4f4;text-align:left}mark{background:#fde2e1;padding:0 2px}.sev{font-weight:bold;white-space:nowrap}
.error{color:#c0392b}.warning{color:#d68910}.info{color:#2e86c1}.muted{color:#777}.charts{display:flex;gap:3em;flex-wrap:wrap}
ul.findings{margin:.3em 0;padding-left:1.2em}.clean{color:#1e8449;font-weight:bold}.score{font-size:2em;font-weight:bold}
"""


def render(submission, documents, settings) -> str:
    """documents: [(path, Document, projects)] of the submission, as read for the lint."""
    lang = settings.lang
    findings = submission.findings
    counts = submission.counts
    title = t("report_title", lang, department=submission.department)
    parts = [
        "<!DOCTYPE html>", f'<html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p><span class="score">{submission.score}</span> {escape(t("report_score", lang))} · '
        + escape(t("summary", lang, **counts, files=len(submission.files), projects=submission.projects,
                   indicators=submission.indicators)) + "</p>",
    ]
    for error in submission.errors:
        parts.append(f'<p class="error">{escape(error)}</p>')
    parts += _tracking(submission, lang)
    if not findings and not submission.errors:
        parts.append(f'<p class="clean">{escape(t("file_clean", lang))}</p>')
    by_category = Counter(f.category for f in findings)
    by_project = Counter(f.project or t("document_level", lang) for f in findings)
    parts.append('<div class="charts">')
    parts.append(_bars(t("chart_by_category", lang),
                       [(CATEGORY_LABELS[c][lang == "en"], n) for c, n in by_category.most_common()]))
    parts.append(_bars(t("chart_by_project", lang), by_project.most_common(15)))
    parts.append("</div>")
    for path, doc, projects in documents:
        parts += _document(path, doc, projects, [f for f in findings if f.path == path
                                                 and f.sheet == doc.sheet and f.table == doc.table], lang)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _tracking(submission, lang: str) -> list[str]:
    """Against the previous round: an identical resubmission, and the findings fixed since."""
    tracking = submission.tracking
    if not tracking:
        return []
    out = [f'<p>{escape(t("tracking_summary", lang, **{k: tracking[k] for k in ("fixed", "open", "new")}))}</p>']
    if tracking["identical"]:
        out.append(f'<p class="warning">{escape(t("tracking_identical", lang))}</p>')
    if tracking["fixed_findings"]:
        items = "".join(f'<li><span class="sev">{escape(f["rule"])}</span> {escape(f.get("project") or "")} '
                        f'{escape(f["message"])}</li>' for f in tracking["fixed_findings"])
        out.append(f'<h2>{escape(t("tracking_fixed", lang))}</h2><ul class="findings fixed">{items}</ul>')
    return out


def _bars(title: str, items: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG (no script, no external resource)."""
    if not items:
        return ""
    width, row, label_width = 520, 22, 220
    top = max(n for _, n in items)
    svg = [f'<figure><figcaption>{escape(title)}</figcaption>'
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(items) + 4}" role="img">']
    for i, (label, n) in enumerate(items):
        bar = max(2, int((width - label_width - 40) * n / top))
        y = i * row + 2
        short = label if len(label) <= 14 else label[:13] + "…"
        svg.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(short)}</text>'
                   f'<rect x="{label_width}" y="{y + 3}" width="{bar}" height="{row - 8}" fill="#5d6d7e"/>'
                   f'<text x="{label_width + bar + 4}" y="{y + 15}" font-size="12">{n}</text>')
    svg.append("</svg></figure>")
    return "".join(svg)


def _document(path: str, doc, projects, findings, lang: str) -> list[str]:
    label = path + (f" · {doc.sheet}" if doc.sheet else "") + (f" · {t('at_table', lang, table=doc.table, line='')}"
                                                             if doc.table else "")
    out = [f'<p class="muted">{escape(label)}</p>']
    by_indicator = defaultdict(list)
    by_project = defaultdict(list)
    for finding in findings:
        if finding.indicator is not None:
            by_indicator[(finding.project, finding.indicator)].append(finding)
        else:
            by_project[finding.project].append(finding)
    if by_project.get(None):
        out += [f"<h2>{escape(t('document_level', lang))}</h2>", _finding_list(by_project[None], lang)]
    for project in projects:
        name = None if project.kind == "total" else (project.name or None)
        own = by_project.get(name, []) if name else []
        indicators = project.indicators
        if project.kind != "project" and not own:
            continue
        heading = project.name or t("nameless", lang)
        out.append(f"<h2>{escape(heading)}</h2>")
        if project.cells.get("total"):
            out.append(f'<p class="muted">{escape(t("amount_label", lang))} {escape(project.cells["total"])}</p>')
        if own:
            out.append(_finding_list(own, lang))
        if indicators:
            out.append(_indicator_table(indicators, name, by_indicator, lang))
    return out


def _finding_list(findings, lang: str) -> str:
    items = [f'<li><span class="sev {f.severity}">{escape(f.rule)} {escape(t("severity_" + f.severity, lang))}</span> '
             f'{escape(f.message)}<br><span class="muted">→ {escape(f.suggestion)}</span>'
             f'<span class="muted"> ({escape(where(f, lang))})</span></li>' for f in findings]
    return '<ul class="findings">' + "".join(items) + "</ul>"


def _indicator_table(indicators, project: str | None, by_indicator, lang: str) -> str:
    headers = [t(k, lang) for k in ("col_indicator", "col_l1", "col_l2", "col_name", "col_period", "col_annual",
                                    "col_message")]
    rows = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>"]
    for item in indicators:
        number = item.number if item.number is not None else item.position
        found = by_indicator.get((project, number), [])
        cells = {"l1": item.l1, "l2": item.l2, "name": item.name, "period": item.period, "annual": item.annual}
        flagged = defaultdict(list)
        for finding in found:
            flagged[finding.field].append(finding.value)
        rendered = [escape(str(number))]
        for key in ("l1", "l2", "name", "period", "annual"):
            rendered.append(_highlight(cells[key] or "", flagged.get(key, []) + flagged.get("indicators", [])
                                       if key == "name" else flagged.get(key, [])))
        rendered.append(_finding_list(found, lang) if found else "")
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in rendered) + "</tr>")
    return "".join(rows) + "</table>"


def _highlight(text: str, values: list[str]) -> str:
    """The escaped cell text with each offending value marked where it occurs."""
    spans = []
    for value in values:
        at = text.find(value) if value else -1
        if at >= 0:
            spans.append((at, at + len(value)))
    if not spans and values:
        return f"<mark>{escape(text)}</mark>" if text else ""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)
