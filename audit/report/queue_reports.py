"""The queue's outputs: the index (CSV, xlsx and an HTML page linking every submission's report),
per-rule and per-category totals, and each submission's HTML report and feedback workbook."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from html import escape
from pathlib import Path

from ..files import write_atomically
from ..i18n import t
from . import feedback, submission_html
from .safe import spreadsheet_text

INDEX_KEYS = ("col_department", "col_submission", "col_n_projects", "col_n_indicators", "col_errors",
              "col_warnings", "col_infos", "col_top_rules", "col_score", "col_problems")
TRACKING_KEYS = ("col_fixed", "col_still_open", "col_new")  # with --previous an earlier round of the season


def write_all(submissions, result, settings, out: Path, jobs: int, prints: dict[str, str]) -> int:
    """Writes everything; returns how many submissions' reports were (re)written."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "submissions").mkdir(exist_ok=True)
    manifest_path = out / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    todo = [s for s in submissions if manifest.get(s.slug) != prints[s.slug]
            or not (out / "submissions" / f"{s.slug}.html").exists()
            or not (out / "submissions" / f"{s.slug}.xlsx").exists()]
    result.notes += _write_submissions(todo, settings, out, jobs)
    ordered = sorted(submissions, key=lambda s: (s.score, -s.counts["error"], -s.counts["warning"], s.name))
    lang = settings.lang
    write_atomically(out / "index.csv", "\ufeff" + _csv(_index_rows(ordered, lang), _index_keys(ordered), lang))
    write_atomically(out / "totals.csv", "\ufeff" + _totals_csv(result, lang))
    _index_xlsx(out / "index.xlsx", ordered, result, lang)
    write_atomically(out / "index.html", _index_html(ordered, result, lang))
    write_atomically(manifest_path, json.dumps(prints, ensure_ascii=False, indent=1))
    return len(todo)


# ------------------------------------------------------------------------- per submission

def _write_submissions(todo, settings, out: Path, jobs: int) -> list[str]:
    """Each submission's reports, in worker processes when there are many; returns a note for
    each submission whose reports could not be written (the others are)."""
    tasks = [(submission, settings, out) for submission in todo]
    if jobs > 1 and len(tasks) > 8:
        from .. import workers
        with workers.pool(jobs) as pool:
            problems = list(pool.map(_write_one, tasks, chunksize=max(1, len(tasks) // (jobs * 4))))
    else:
        problems = [_write_one(task) for task in tasks]
    return [problem for problem in problems if problem]


def _write_one(task) -> str | None:
    """Writes one submission's reports; a failure is this submission's only (a note, not a crash)."""
    submission, settings, out = task
    try:
        documents = read_submission(submission, settings.limits)
        base = out / "submissions" / submission.slug
        write_atomically(base.with_suffix(".html"), submission_html.render(submission, documents, settings))
        temporary = base.with_suffix(".xlsx.tmp")
        feedback.write(temporary, submission, documents, settings)
        temporary.replace(base.with_suffix(".xlsx"))
    except Exception as err:
        from ..lint import reason
        return t("report_failed", settings.lang, name=submission.name, reason=reason(err))
    return None


def read_submission(submission, limits=None) -> list:
    """[(path, Document, projects)] of the submission's readable files (no validation here)."""
    from ..parsing import build_projects
    from ..reading import InputError, read_documents
    from ..reading.limits import applied

    documents = []
    for file in submission.files:
        if file.error:
            continue
        try:
            with applied(limits):
                documents += [(file.path, doc, build_projects(doc)) for doc in read_documents(file.path)]
        except InputError:
            continue  # changed since it was linted; the index says what the lint found
    return documents


# -------------------------------------------------------------------------------- index

def _index_keys(submissions) -> tuple[str, ...]:
    return INDEX_KEYS + (TRACKING_KEYS if any(s.tracking for s in submissions) else ())


def _index_rows(submissions, lang: str) -> list[list]:
    rows = []
    tracked = any(s.tracking for s in submissions)
    for s in submissions:
        counts = s.counts
        notes = [*s.errors] + ([t("tracking_identical", lang)] if s.tracking and s.tracking["identical"] else [])
        rows.append([s.department, s.name, s.projects, s.indicators, counts["error"], counts["warning"],
                     counts["info"], s.top_rules(), s.score, "；".join(notes) or (
                         t("file_clean", lang) if not s.findings else "")]
                    + ([s.tracking[k] if s.tracking else "" for k in ("fixed", "open", "new")] if tracked else []))
    return rows


def _csv(rows: list[list], keys: tuple[str, ...], lang: str) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([t(key, lang) for key in keys])
    writer.writerows([map(spreadsheet_text, row) for row in rows])  # a cell's text never starts a formula
    return buffer.getvalue()


def _totals(result) -> tuple[list[list], list[list]]:
    """Per rule: id, name, category, errors, warnings, infos, files; per category: the same sums."""
    by_rule: dict[str, Counter] = {}
    files: dict[str, set] = {}
    names = {rule.id: (rule.name, rule.category) for rule in result.rules}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, Counter())[finding.severity] += 1
        files.setdefault(finding.rule, set()).add(finding.path)
        names.setdefault(finding.rule, (finding.name, finding.category))
    rules = [[rule, *names[rule], c["error"], c["warning"], c["info"], len(files[rule])]
             for rule, c in sorted(by_rule.items(), key=lambda item: -sum(item[1].values()))]
    by_category: dict[str, Counter] = {}
    for _, _, category, errors, warnings, infos, _ in rules:
        by_category.setdefault(category, Counter()).update(error=errors, warning=warnings, info=infos)
    categories = [[category, c["error"], c["warning"], c["info"]] for category, c in
                  sorted(by_category.items(), key=lambda item: -sum(item[1].values()))]
    return rules, categories


def _totals_csv(result, lang: str) -> str:
    rules, categories = _totals(result)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([t(k, lang) for k in ("col_rule", "col_name", "col_category", "col_errors", "col_warnings",
                                          "col_infos", "col_files")])
    writer.writerows([map(spreadsheet_text, row) for row in rules])
    writer.writerow([])
    writer.writerow([t(k, lang) for k in ("col_category", "col_errors", "col_warnings", "col_infos")])
    writer.writerows(categories)
    return buffer.getvalue()


def _index_xlsx(path: Path, submissions, result, lang: str) -> None:
    import xlsxwriter

    temporary = path.with_suffix(".xlsx.tmp")
    workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_urls": False, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2"})
    link = workbook.add_format({"font_color": "blue", "underline": 1})
    sheet = workbook.add_worksheet(t("sheet_index", lang))
    headers = [t(key, lang) for key in _index_keys(submissions)] + [t("col_report", lang)]
    sheet.write_row(0, 0, headers, bold)
    for number, (row, submission) in enumerate(zip(_index_rows(submissions, lang), submissions), 1):
        sheet.write_row(number, 0, row)
        sheet.write_url(number, len(row), f"external:submissions/{submission.slug}.html", link, t("col_report", lang))
    sheet.autofilter(0, 0, max(1, len(submissions)), len(headers) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 1, 28)
    sheet.set_column(7, 7, 30)
    rules, categories = _totals(result)
    totals = workbook.add_worksheet(t("sheet_totals", lang))
    totals.write_row(0, 0, [t(k, lang) for k in ("col_rule", "col_name", "col_category", "col_errors",
                                                 "col_warnings", "col_infos", "col_files")], bold)
    for number, row in enumerate(rules, 1):
        totals.write_row(number, 0, row)
    start = len(rules) + 2
    totals.write_row(start, 0, [t(k, lang) for k in ("col_category", "col_errors", "col_warnings", "col_infos")], bold)
    for number, row in enumerate(categories, start + 1):
        totals.write_row(number, 0, row)
    totals.set_column(1, 1, 32)
    workbook.close()
    temporary.replace(path)


def _index_html(submissions, result, lang: str) -> str:
    headers = [t(key, lang) for key in _index_keys(submissions)] + [t("col_report", lang)]
    rows = []
    for row, submission in zip(_index_rows(submissions, lang), submissions):
        cells = "".join(f"<td>{escape(str(value))}</td>" for value in row)
        report = (f'<a href="submissions/{escape(submission.slug)}.html">HTML</a> · '
                  f'<a href="submissions/{escape(submission.slug)}.xlsx">xlsx</a>')
        css = "clean" if not submission.findings and not submission.errors else ""
        rows.append(f'<tr class="{css}">{cells}<td>{report}</td></tr>')
    rules, categories = _totals(result)
    rule_rows = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rules)
    category_rows = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in categories)
    total = Counter(f.severity for f in result.findings)
    title = t("index_title", lang)
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{submission_html.STYLE} tr.clean td{{color:#1e8449}}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>"
        + escape(t("index_summary", lang, submissions=len(submissions), error=total["error"], warning=total["warning"],
                   info=total["info"]))
        + "</p><table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>" + "".join(rows) + "</table>"
        + f"<h2>{escape(t('totals_by_rule', lang))}</h2><table><tr>"
        + "".join(f"<th>{escape(t(k, lang))}</th>" for k in ("col_rule", "col_name", "col_category", "col_errors",
                                                              "col_warnings", "col_infos", "col_files"))
        + f"</tr>{rule_rows}</table><h2>{escape(t('totals_by_category', lang))}</h2><table><tr>"
        + "".join(f"<th>{escape(t(k, lang))}</th>" for k in ("col_category", "col_errors", "col_warnings", "col_infos"))
        + f"</tr>{category_rows}</table></body></html>\n")
