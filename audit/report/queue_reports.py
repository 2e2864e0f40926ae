"""The queue's outputs: the index (CSV, xlsx and an HTML page linking every submission's report),
per-rule and per-category totals, and each submission's HTML report and feedback workbook."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from html import escape
from pathlib import Path

from ..files import write_atomically
from ..i18n import pick, t
from . import feedback, submission_html
from .pairs import defects
from .safe import spreadsheet_text

INDEX_KEYS = ("col_department", "col_submission", "col_verdict", "col_n_projects", "col_n_indicators", "col_errors",
              "col_warnings", "col_infos", "col_top_problems", "col_score", "col_problems")
VERDICT_COLOURS = {"pass": "#C6EFCE", "revise": "#FFEB9C", "return": "#FFC7CE", "unreadable": "#D9D9D9"}
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
    # worst first; the unreadable ones at the end, a status of their own rather than a score of 0
    ordered = sorted(submissions, key=lambda s: (bool(s.errors), s.score, -s.counts["error"], -s.counts["warning"],
                                                 s.name))
    index = Index(ordered, result, settings)
    write_atomically(out / "index.csv", "\ufeff" + _csv(index.rows(), index.keys(), settings.lang))
    write_atomically(out / "totals.csv", "\ufeff" + _totals_csv(index))
    _index_xlsx(out / "index.xlsx", index)
    write_atomically(out / "index.html", _index_html(index))
    write_atomically(manifest_path, json.dumps(prints, ensure_ascii=False, indent=1))
    return len(todo)


# ------------------------------------------------------------------------- per submission

def _write_submissions(todo, settings, out: Path, jobs: int) -> list[str]:
    """Each submission's reports, in worker processes when there are many; returns a note for
    each submission whose reports could not be written (the others are)."""
    tasks = [(submission, settings, out) for submission in todo]
    if jobs > 1 and len(tasks) > 8:
        from .. import workers
        with workers.pool(jobs, fresh=True) as pool:  # not forked: this process holds the whole queue
            problems = list(pool.map(_write_one, tasks, chunksize=max(1, len(tasks) // (jobs * 4))))
    else:
        problems = [_write_one(task) for task in tasks]
    return [problem for problem in problems if problem]


def _write_one(task) -> str | None:
    """Writes one submission's reports; a failure is this submission's only (a note, not a crash)."""
    submission, settings, out = task
    submission = replace(submission, findings=list(submission.findings))  # read from disk once here
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
    from ..reading import InputError, read_bytes, read_documents
    from ..reading.limits import applied

    documents = []
    for path, file in zip(submission.paths, submission.files):  # read at its path, called by its readable name
        if file.error:
            continue
        try:
            with applied(limits):
                documents += [(file.path, doc, build_projects(doc))
                              for doc in read_documents(file.path, read_bytes(path))]
        except InputError:
            continue  # changed since it was linted; the index says what the lint found
    return documents


# -------------------------------------------------------------------------------- index

class Index:
    """The queue's index in the reviewer's words: a verdict per submission, problems written out,
    rule titles and categories in the report's language."""

    def __init__(self, submissions, result, settings):
        self.submissions, self.result, self.settings, self.lang = submissions, result, settings, settings.lang
        self.titles = {rule.id: pick(rule.title, self.lang) or rule.name for rule in result.rules}

    def title(self, rule: str, fallback: str = "") -> str:
        return self.titles.get(rule) or fallback or rule

    def verdict(self, submission) -> str:
        """pass | revise | return | unreadable, by the configured thresholds (config.yaml: verdict)."""
        limits, counts = self.settings.verdict, submission.counts
        if submission.errors:
            return "unreadable"
        if counts["error"] >= limits["return_at_errors"] or submission.score < limits["return_below_score"]:
            return "return"
        if not counts["error"] and counts["warning"] <= limits["pass_max_warnings"]:
            return "pass"
        return "revise"

    def keys(self) -> tuple[str, ...]:
        return INDEX_KEYS + (TRACKING_KEYS if any(s.tracking for s in self.submissions) else ())

    def top_problems(self, submission, most: int = 3) -> str:
        """The most frequent problems, written out: each rule's id, title and count of defects ("… 目标值写成评分规则
        ×13"), a defect in both 实施周期指标值 and 年度指标值 counted once."""
        names = {f.rule: f.name for f in submission.findings}
        ranked = Counter(f.rule for f in defects(submission.findings)).most_common(most)
        return "；".join(f"{rule} {self.title(rule, names[rule])} ×{n}" for rule, n in ranked)

    def rows(self) -> list[list]:
        rows, lang = [], self.lang
        tracked = any(s.tracking for s in self.submissions)
        for s in self.submissions:
            counts = s.counts
            notes = [*s.errors] + ([t("tracking_identical", lang)] if s.tracking and s.tracking["identical"] else [])
            verdict = self.verdict(s)
            numbers = (["", "", "", "", ""] if s.errors else
                       [s.projects, s.indicators, counts["error"], counts["warning"], counts["info"]])
            rows.append([s.department, s.name, t(f"verdict_{verdict}", lang), *numbers, self.top_problems(s),
                         "" if s.errors else s.score,
                         "；".join(notes) or (t("file_clean", lang) if not s.findings else "")]
                        + ([s.tracking[k] if s.tracking else "" for k in ("fixed", "open", "new")] if tracked else []))
        return rows

    def score_note(self) -> str:
        from ..queue import WEIGHTS
        return t("score_note", self.lang, **{k: f"{v:g}" for k, v in WEIGHTS.items()},
                 **{k: f"{v:g}" for k, v in self.settings.verdict.items()})

    def totals(self) -> tuple[list[list], list[list]]:
        """Per rule: id, title, category, errors, warnings, infos, files; per category: the same sums."""
        by_rule: dict[str, Counter] = {}
        files: dict[str, set] = {}
        categories = {rule.id: rule.category for rule in self.result.rules}
        names = {}
        for finding in self.result.findings:
            by_rule.setdefault(finding.rule, Counter())[finding.severity] += 1
            files.setdefault(finding.rule, set()).add(finding.path)
            categories.setdefault(finding.rule, finding.category)
            names.setdefault(finding.rule, finding.name)
        label = lambda category: submission_html.category_label(category, self.lang)  # noqa: E731
        rules = [[rule, self.title(rule, names[rule]), label(categories[rule]), c["error"], c["warning"], c["info"],
                  len(files[rule])] for rule, c in sorted(by_rule.items(), key=lambda item: -sum(item[1].values()))]
        by_category: dict[str, Counter] = {}
        for _, _, category, errors, warnings, infos, _ in rules:
            by_category.setdefault(category, Counter()).update(error=errors, warning=warnings, info=infos)
        totals = [[category, c["error"], c["warning"], c["info"]] for category, c in
                  sorted(by_category.items(), key=lambda item: -sum(item[1].values()))]
        return rules, totals


RULE_KEYS = ("col_rule", "col_title", "col_category", "col_errors", "col_warnings", "col_infos", "col_files")
CATEGORY_KEYS = ("col_category", "col_errors", "col_warnings", "col_infos")


def _csv(rows: list[list], keys: tuple[str, ...], lang: str) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([t(key, lang) for key in keys])
    writer.writerows([map(spreadsheet_text, row) for row in rows])  # a cell's text never starts a formula
    return buffer.getvalue()


def _totals_csv(index: Index) -> str:
    rules, categories = index.totals()
    return _csv(rules, RULE_KEYS, index.lang) + "\r\n" + _csv(categories, CATEGORY_KEYS, index.lang)


def _relative_link(target: str, text: str):
    """A hyperlink to a file beside the workbook written with "/" (as URIs are): xlsxwriter turns
    "external:" paths into Windows ones with "\\", which work only on Windows."""
    from xlsxwriter.url import Url

    url = Url(f"external:{target}")
    url._link = url._relationship_link = target
    url.text = text
    return url


def _index_xlsx(path: Path, index: Index) -> None:
    import xlsxwriter

    lang, submissions = index.lang, index.submissions
    temporary = path.with_suffix(".xlsx.tmp")
    workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_urls": False, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "top"})
    link = workbook.add_format({"font_color": "blue", "underline": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    verdicts = {v: workbook.add_format({"bg_color": colour, "bold": True}) for v, colour in VERDICT_COLOURS.items()}
    sheet = workbook.add_worksheet(t("sheet_index", lang))
    headers = [t(key, lang) for key in index.keys()] + [t("col_report", lang)]
    sheet.write_row(0, 0, headers, bold)
    for number, (row, submission) in enumerate(zip(index.rows(), submissions), 1):
        sheet.write_row(number, 0, row, wrap)
        sheet.write(number, 2, row[2], verdicts[index.verdict(submission)])
        sheet.write_url(number, len(row), _relative_link(f"submissions/{submission.slug}.html", t("col_report", lang)),
                        link)
    sheet.autofilter(0, 0, max(1, len(submissions)), len(headers) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 1, 28)
    sheet.set_column(2, 2, 12)
    sheet.set_column(8, 8, 48)
    sheet.set_column(10, 10, 40)
    sheet.write(len(submissions) + 2, 0, index.score_note())
    rules, categories = index.totals()
    totals = workbook.add_worksheet(t("sheet_totals", lang))
    totals.write_row(0, 0, [t(k, lang) for k in RULE_KEYS], bold)
    for number, row in enumerate(rules, 1):
        totals.write_row(number, 0, row)
    start = len(rules) + 2
    totals.write_row(start, 0, [t(k, lang) for k in CATEGORY_KEYS], bold)
    for number, row in enumerate(categories, start + 1):
        totals.write_row(number, 0, row)
    totals.set_column(1, 1, 32)
    workbook.close()
    temporary.replace(path)


def _index_html(index: Index) -> str:
    lang, submissions, result = index.lang, index.submissions, index.result
    headers = [t(key, lang) for key in index.keys()] + [t("col_report", lang)]
    rows = []
    for row, submission in zip(index.rows(), submissions):
        verdict = index.verdict(submission)
        cells = [f"<td>{escape(str(value))}</td>" for value in row]
        cells[2] = f'<td><span class="verdict v-{verdict}">{escape(str(row[2]))}</span></td>'
        report = (f'<a href="submissions/{escape(submission.slug)}.html">HTML</a> · '
                  f'<a href="submissions/{escape(submission.slug)}.xlsx">xlsx</a>')
        css = "clean" if not submission.findings and not submission.errors else verdict
        rows.append(f'<tr class="{css}">{"".join(cells)}<td>{report}</td></tr>')
    rules, categories = index.totals()
    total = Counter(f.severity for f in result.findings)
    title = t("index_title", lang)
    chart = submission_html.bars(t("chart_by_severity", lang), [
        (escape(t(f"severity_{s}", lang)), {s: total[s]}) for s in submission_html.SEVERITIES if total[s]])
    categories_chart = submission_html.bars(t("totals_by_category", lang), [
        (escape(category), {"error": e, "warning": w, "info": i}) for category, e, w, i in categories])
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{submission_html.STYLE} tr.clean td{{color:#1e8449}}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>"
        + escape(t("index_summary", lang, submissions=len(submissions), error=total["error"], warning=total["warning"],
                   info=total["info"]))
        + f'</p><p class="muted">{escape(index.score_note())}</p>'
        + f'<div class="charts">{chart}{categories_chart}</div>'
        + "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>" + "".join(rows) + "</table>"
        + f"<h2>{escape(t('totals_by_rule', lang))}</h2>" + _html_table(RULE_KEYS, rules, lang)
        + f"<h2>{escape(t('totals_by_category', lang))}</h2>" + _html_table(CATEGORY_KEYS, categories, lang)
        + "</body></html>\n")


def _html_table(keys, rows, lang: str) -> str:
    return ("<table><tr>" + "".join(f"<th>{escape(t(k, lang))}</th>" for k in keys) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
            + "</table>")
