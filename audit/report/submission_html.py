"""The HTML report of one submission: one offline file (no scripts, fonts or external links).
At the top a link back to the queue, the score, a table of the projects with their counts linking
to each project, charts of the findings by severity, category and project (coloured by severity,
a project's bar linking to it) and a legend; then every project with its indicators, the offending
text highlighted and the findings beside it, errors first. "只看错误" hides the rest with CSS
(:target), no script. Every piece of table content is escaped, and the page's
Content-Security-Policy forbids scripts besides."""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from ..findings import SEVERITY_RANK
from ..i18n import t
from .location import where_label
from .pairs import shown

CATEGORY_LABELS = {"structure": ("结构", "structure"), "codes": ("指标分类", "codes"), "targets": ("指标值", "targets"),
                   "duplicates": ("重复", "duplicates"), "totals": ("金额", "totals"), "format": ("格式", "format"),
                   "corpus": ("跨表比较", "corpus")}
SEVERITIES = ("error", "warning", "info")
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
MARKS = {"error": "#f5b7b1", "warning": "#fdebd0", "info": "#d6eaf8"}
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;font-size:.9em}
th{background:#f4f4f4;text-align:left}mark{background:#fde2e1;padding:0 2px}.sev{font-weight:bold;white-space:nowrap}
mark.error{background:#f5b7b1}mark.warning{background:#fdebd0}mark.info{background:#d6eaf8}
.error{color:#c0392b}.warning{color:#d68910}.info{color:#2e86c1}.muted{color:#777}.charts{display:flex;gap:3em;flex-wrap:wrap}
ul.findings{margin:.3em 0;padding-left:1.2em}.clean{color:#1e8449;font-weight:bold}.score{font-size:2em;font-weight:bold}
.chart{min-width:320px;flex:1}.chart td{border:none;padding:2px 4px}.chart .label{width:45%;text-align:right}
.bar{display:flex;height:14px;min-width:2px}.bar span{display:block;height:14px}.num{text-align:right;width:3em}
.legend span{margin-right:1.5em}.views a{margin-right:1em}.verdict{font-weight:bold;padding:1px 6px;border-radius:3px;color:#fff;white-space:nowrap}
.v-pass{background:#1e8449}.v-revise{background:#d68910}.v-return{background:#c0392b}.v-unreadable{background:#7f8c8d}
#errors-only:target li.warning-item,#errors-only:target li.info-item,#errors-only:target section.no-errors,
#errors-only:target tr.no-errors{display:none}
"""


def render(submission, documents, settings, index_href: str | None = "../index.html") -> str:
    """documents: [(path, Document, projects)] of the submission, as read for the lint;
    index_href: where the link back to the queue points (None: no link)."""
    lang = settings.lang
    findings = submission.findings
    counts = submission.counts
    title = t("report_title", lang, department=submission.department)
    parts = [
        "<!DOCTYPE html>", f'<html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        '<div id="errors-only">',
    ]
    if index_href:
        parts.append(f'<p><a href="{escape(index_href)}">{escape(t("back_to_index", lang))}</a></p>')
    parts.append(f"<h1>{escape(title)}</h1>")
    if submission.errors:
        parts.append(f'<p><span class="verdict v-unreadable">{escape(t("unreadable", lang))}</span></p>')
        parts += [f'<p class="error">{escape(t("unreadable_why", lang, reason=error))}</p>' for error in submission.errors]
    else:
        parts.append(f'<p><span class="score">{submission.score}</span> {escape(t("report_score", lang))} · '
                     + escape(t("summary", lang, **counts, files=len(submission.files), projects=submission.projects,
                                indicators=submission.indicators)) + "</p>")
    parts += _tracking(submission, lang)
    if not findings and not submission.errors:
        parts.append(f'<p class="clean">{escape(t("file_clean", lang))}</p>')
    anchors = _anchors(documents)
    if findings:
        parts.append(f'<p class="views"><a href="#errors-only">{escape(t("view_errors", lang))}</a>'
                     f'<a href="#">{escape(t("view_all", lang))}</a></p>')
        parts.append(_legend(lang))
        parts.append('<div class="charts">')
        parts.append(bars(t("chart_by_severity", lang), [(escape(t(f"severity_{s}", lang)), {s: counts[s]})
                                                          for s in SEVERITIES if counts[s]]))
        by_category: dict[str, Counter] = defaultdict(Counter)
        for finding in findings:
            by_category[finding.category][finding.severity] += 1
        parts.append(bars(t("chart_by_category", lang), [
            (escape(category_label(c, lang)), n) for c, n in sorted(by_category.items(), key=lambda i: -sum(i[1].values()))]))
        by_project: dict[str, Counter] = defaultdict(Counter)
        for finding in shown(findings, lang):  # as the project table counts: a pair once
            by_project[finding.project or ""][finding.severity] += 1
        ranked = sorted(by_project.items(), key=lambda item: (-item[1]["error"], -sum(item[1].values())))[:15]
        parts.append(bars(t("chart_by_project", lang), [(_project_link(name, anchors, lang), n) for name, n in ranked]))
        parts.append("</div>")
        parts.append(_project_table(documents, findings, anchors, lang))
    placed: set[str] = set()  # projects whose anchor is on the page already
    for path, doc, projects in documents:
        parts += _document(path, doc, projects, [f for f in findings if f.path == path
                                                 and f.sheet == doc.sheet and f.table == doc.table], anchors, placed,
                           lang)
    parts.append("</div></body></html>")
    return "\n".join(parts) + "\n"


def category_label(category: str, lang: str) -> str:
    return CATEGORY_LABELS.get(category, (category, category))[lang == "en"]


def _anchors(documents) -> dict[str, str]:
    """Each project name's anchor on the page (at the first project of that name)."""
    anchors: dict[str, str] = {}
    for _, _, projects in documents:
        for project in projects:
            if project.name and project.kind != "total":
                anchors.setdefault(project.name, f"p{len(anchors) + 1}")
    return anchors


def _project_link(name: str, anchors: dict[str, str], lang: str) -> str:
    label = escape(name or t("document_level", lang))
    return f'<a href="#{anchors[name]}">{label}</a>' if name in anchors else label


def _legend(lang: str) -> str:
    marks = "".join(f'<span><mark class="{s}">{escape(t("severity_" + s, lang))}</mark> '
                    f'{escape(t("legend_mark", lang, severity=t("severity_" + s, lang)))}</span>' for s in SEVERITIES)
    return f'<p class="legend"><b>{escape(t("legend", lang))}</b>：{marks}</p>'


def _project_table(documents, findings, anchors, lang: str) -> str:
    """The projects with findings, errors first, with their counts, each linking to its section."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for finding in shown(findings, lang):
        counts[finding.project or ""][finding.severity] += 1
    headers = [t(k, lang) for k in ("col_project", "col_errors", "col_warnings", "col_infos")]
    rows = []
    for name, c in sorted(counts.items(), key=lambda item: (-item[1]["error"], -item[1]["warning"], -item[1]["info"])):
        css = "" if c["error"] else ' class="no-errors"'
        rows.append(f"<tr{css}><td>{_project_link(name, anchors, lang)}</td>"
                    + "".join(f'<td class="num {s}">{c[s] or ""}</td>' for s in SEVERITIES) + "</tr>")
    return (f'<h2>{escape(t("nav_projects", lang))}</h2><table class="nav"><tr>'
            + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>" + "".join(rows) + "</table>")


def bars(title: str, items: list[tuple[str, Counter | dict]]) -> str:
    """A horizontal bar chart in HTML and CSS (no script, no image): one row per item, the bar made
    of one segment per severity in its colour; labels are HTML (escaped by the caller, may be links)
    and wrap rather than being cut."""
    if not items:
        return ""
    top = max(sum(n.values()) for _, n in items) or 1
    rows = []
    for label, by_severity in items:
        total = sum(by_severity.values())
        segments = "".join(f'<span class="{s}" style="width:{100 * by_severity.get(s, 0) / top:.1f}%;'
                           f'background:{SEVERITY_COLOURS[s]}" title="{by_severity.get(s, 0)}"></span>'
                           for s in SEVERITIES if by_severity.get(s))
        rows.append(f'<tr><td class="label">{label}</td><td><div class="bar">{segments}</div></td>'
                    f'<td class="num">{total}</td></tr>')
    return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><table>{"".join(rows)}</table></figure>'


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


def _document(path: str, doc, projects, findings, anchors, placed: set[str], lang: str) -> list[str]:
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
        out += [f"<section><h2>{escape(t('document_level', lang))}</h2>", _finding_list(by_project[None], lang),
                "</section>"]
    for project in projects:
        name = None if project.kind == "total" else (project.name or None)
        own = by_project.get(name, []) if name else []
        indicators = project.indicators
        if project.kind != "project" and not own:
            continue
        found = own + [f for item in indicators for f in by_indicator.get((name, _number(item)), [])]
        css = "" if any(f.severity == "error" for f in found) else ' class="no-errors"'
        anchor = f' id="{anchors[name]}"' if name in anchors and name not in placed else ""
        placed.add(name)
        out.append(f'<section{css}><h2{anchor}>{escape(project.name or t("nameless", lang))}</h2>')
        if project.cells.get("total"):
            out.append(f'<p class="muted">{escape(t("amount_label", lang))} {escape(project.cells["total"])}</p>')
        if own:
            out.append(_finding_list(own, lang))
        if indicators:
            out.append(_indicator_table(indicators, name, by_indicator, lang))
        out.append("</section>")
    return out


def _number(item):
    return item.number if item.number is not None else item.position


def _finding_list(findings, lang: str) -> str:
    ordered = sorted(shown(findings, lang), key=lambda f: -SEVERITY_RANK[f.severity])  # errors first
    items = [f'<li class="{f.severity}-item"><span class="sev {f.severity}">{escape(f.rule)} '
             f'{escape(t("severity_" + f.severity, lang))}</span> '
             f'{escape(f.message)}<br><span class="muted">→ {escape(f.suggestion)}</span>'
             f'<span class="muted"> ({escape(where_label(f, lang))})</span></li>' for f in ordered]
    return '<ul class="findings">' + "".join(items) + "</ul>"


def _indicator_table(indicators, project: str | None, by_indicator, lang: str) -> str:
    headers = [t(k, lang) for k in ("col_indicator", "col_l1", "col_l2", "col_name", "col_period", "col_annual",
                                    "col_message")]
    rows = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>"]
    for item in indicators:
        number = _number(item)
        found = by_indicator.get((project, number), [])
        cells = {"l1": item.l1, "l2": item.l2, "name": item.name, "period": item.period, "annual": item.annual}
        flagged = defaultdict(list)
        for finding in found:
            flagged["name" if finding.field == "indicators" else finding.field].append(finding)
        rendered = [escape(str(number))]
        for key in ("l1", "l2", "name", "period", "annual"):
            rendered.append(_highlight(cells[key] or "", flagged.get(key, [])))
        rendered.append(_finding_list(found, lang) if found else "")
        css = "" if any(f.severity == "error" for f in found) else ' class="no-errors"'
        rows.append(f"<tr{css}>" + "".join(f"<td>{cell}</td>" for cell in rendered) + "</tr>")
    return "".join(rows) + "</table>"


def _highlight(text: str, findings) -> str:
    """The escaped cell text with each offending value marked, in its finding's severity colour."""
    spans = []
    for finding in sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity]):
        at = text.find(finding.value) if finding.value else -1
        if at >= 0:
            spans.append((at, at + len(finding.value), finding.severity))
    if not spans and findings:
        worst = max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity
        return f'<mark class="{worst}">{escape(text)}</mark>' if text else ""
    out, last = [], 0
    for start, end, severity in sorted(spans):
        if start < last:
            continue
        out += [escape(text[last:start]), f'<mark class="{severity}">{escape(text[start:end])}</mark>']
        last = end
    out.append(escape(text[last:]))
    return "".join(out)
