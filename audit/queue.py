"""The review queue: every submission under a folder (one file or one sub-folder per department)
linted in one run, in parallel, then an index sorted worst first, totals over the queue, and for
each submission an HTML report and an Excel feedback workbook.

Reports of a submission whose files and configuration are unchanged since the last run into the
same folder are kept as they are; only changed submissions are linted (the cache) and reported.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from .files import readable_path, write_atomically
from .findings import Finding, StoredFindings, summarise
from .lint import FileResult, LintResult, Summaries, lint, skipped_note
from .reading import SUFFIXES
from .workers import release_memory

WEIGHTS = {"error": 5.0, "warning": 2.0, "info": 0.5}


@dataclass
class Submission:
    name: str  # the file or folder name
    slug: str  # names its report files
    paths: list[str]
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] | StoredFindings = field(default_factory=list)  # its files' findings, in order
    tracking: dict | None = None  # against the previous round: fixed, open, new, identical, fixed_findings

    @property
    def department(self) -> str:
        return next((f.department for f in self.files if f.department), None) or self.name

    @property
    def projects(self) -> int:
        return sum(f.projects for f in self.files)

    @property
    def indicators(self) -> int:
        return sum(f.indicators for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f"{Path(f.path).name}: {f.error}" for f in self.files if f.error]

    @cached_property
    def counts(self) -> dict[str, int]:
        """Findings by severity, counted once: the index asks often, and the findings may be on disk."""
        return summarise(self.findings)

    @property
    def score(self) -> float:
        """100 for a clean table, falling with the weighted findings per indicator (5 an error,
        2 a warning, 0.5 an info): one error per indicator gives 16.7. Unreadable: 0."""
        if self.errors or not self.indicators:
            return 0.0
        density = sum(WEIGHTS[severity] * count for severity, count in self.counts.items()) / self.indicators
        return round(100 / (1 + density), 1)


def find_submissions(root: Path) -> tuple[list[Submission], list[str]]:
    """The submissions under `root`, and the files skipped (not tables)."""
    submissions, skipped = [], []
    for child in sorted(root.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            files = sorted(p for p in child.rglob("*") if p.is_file() and not p.name.startswith("."))
            skipped += [str(p) for p in files if p.suffix.lower() not in SUFFIXES]
            submissions.append(Submission(readable_path(child.name), "",
                                          [str(p) for p in files if p.suffix.lower() in SUFFIXES]))
        elif child.suffix.lower() in SUFFIXES:
            submissions.append(Submission(readable_path(child.stem), "", [str(child)]))
        else:
            skipped.append(str(child))
    used: set[str] = set()
    for submission in submissions:
        submission.slug = _slug(submission.name, used)
    return submissions, skipped


def _slug(name: str, used: set[str]) -> str:
    base = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", name).strip("_")[:60] or "submission"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


def run_queue(root: Path, rules, settings, out: Path, jobs: int, cache, data_docs: str | None = None,
              progress=None, previous: Path | None = None,
              spark_master: str | None = None) -> tuple[list[Submission], LintResult, int]:
    """Lints and reports the queue; returns the submissions, the lint result and how many
    submissions' reports were written anew. With `previous` (an earlier queue's output folder or a
    folder of submissions): last year's projects for the corpus rules, or an earlier round's findings
    for tracking what was fixed."""
    from . import corpus, triage
    from .report import json_report, queue_reports

    submissions, skipped = find_submissions(root)
    paths = [path for submission in submissions for path in submission.paths]
    summaries = Summaries()  # on disk: the parent of a long queue holds none until the corpus step
    result = lint(paths, rules, settings, cache, jobs=jobs, progress=progress, data_docs=data_docs,
                  spark_master=spark_master, summaries=summaries)
    attach_files(submissions, result)
    earlier = load_previous(previous, rules, settings, cache, jobs, spark_master) if previous else None
    result.findings += corpus.run(members(submissions, summaries), rules, settings,
                                  earlier.members if earlier else None, cache.directory if cache else None)
    release_memory()  # the corpus step's tables, before the reports' workers start
    triage.suppress(result, settings.suppressions, settings.lang)
    for submission in submissions:  # read from disk when needed: the queue never holds them all
        submission.findings = result.findings.of([file.path for file in submission.files])
    if earlier:
        track(submissions, earlier, summaries)
    if skipped:
        skipped = [readable_path(path) for path in skipped]
        result.notes.append(skipped_note(skipped, settings.lang))
        result.skipped = sorted(skipped)
    prints = _fingerprints(submissions, settings)
    unchanged = _previous_prints(out) == prints and (out / "findings.json").exists() and (out / "corpus.json").exists()
    written = queue_reports.write_all(submissions, result, settings, out, jobs, prints)
    if not unchanged:  # the fingerprints cover every submission's files, findings and the configuration
        write_atomically(out / "findings.json", json_report.chunks(result, settings))  # as `check --format json`
        write_atomically(out / "corpus.json", _corpus_record(submissions, summaries))
    return submissions, result, written


def attach_files(submissions: list[Submission], result: LintResult) -> None:
    """Each submission's files as linted, in the order of its paths (the lint names them readably)."""
    by_path = {file.path: file for file in result.files}
    for submission in submissions:
        submission.files = [by_path[readable_path(path)] for path in submission.paths]


# ------------------------------------------------------------------ across submissions and rounds

def members(submissions: list[Submission], summaries: Summaries | None = None) -> list:
    """Every readable file of the queue as a member of the corpus, with its department (its
    summary from `summaries` when the lint kept them there)."""
    from .corpus import Member, department_key
    found = []
    for submission in submissions:
        department = department_key(submission.department, submission.name)
        for file in submission.files:
            summary = _summary(file, summaries)
            if summary:
                found.append(Member(file.path, submission.slug, department, summary))
    return found


def _summary(file: FileResult, summaries: Summaries | None) -> dict | None:
    return summaries.get(file.path) if summaries is not None and file.summary is None else file.summary


@dataclass
class Earlier:
    """An earlier run: its files' summaries, its findings (as JSON dicts) and each department's digests."""
    members: list
    findings: list[dict]
    digests: dict[str, list[str]]  # department -> sorted content digests of its files


def load_previous(folder: Path, rules, settings, cache, jobs: int, spark_master: str | None = None) -> Earlier:
    """An earlier queue's output folder (findings.json and corpus.json), else a folder of
    submissions, linted now with the same rules."""
    from .corpus import Member

    if (folder / "findings.json").is_file() and (folder / "corpus.json").is_file():
        record = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
        findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]
        earlier = Earlier([], findings, {})
        for entry in record["submissions"]:
            earlier.digests[entry["department"]] = sorted(f["digest"] for f in entry["files"] if f["digest"])
            earlier.members += [Member(f["path"], entry["slug"], entry["department"], f["summary"])
                                for f in entry["files"] if f["summary"]]
        return earlier
    submissions, _ = find_submissions(folder)
    # an earlier run budgets for its own year (its files' names or titles), not the one stated for this run
    settings = replace(settings, budget_year=None)
    result = lint([p for s in submissions for p in s.paths], rules, settings, cache, jobs=jobs,
                  spark_master=spark_master)
    attach_files(submissions, result)
    departments = {m.path: m.department for m in members(submissions)}
    earlier = Earlier(members(submissions), [f.to_dict() for f in result.findings], {})
    for submission in submissions:
        key = next((departments[f.path] for f in submission.files if f.path in departments), submission.name)
        earlier.digests[key] = sorted(f.digest for f in submission.files if f.digest)
    return earlier


def track(submissions: list[Submission], earlier: Earlier, summaries: Summaries | None = None) -> None:
    """Per department resubmitted in the same season: findings fixed, still open and new (by what
    they say, not where: rule, project, indicator, field and value), and whether the files are
    the very same."""
    from .corpus import department_key, relation

    previous_by_department: dict[str, list[dict]] = {}
    department_of = {m.path: m.department for m in earlier.members}
    years = {m.department: m.summary.get("year") for m in earlier.members}
    for finding in earlier.findings:
        if finding["path"] in department_of:
            previous_by_department.setdefault(department_of[finding["path"]], []).append(finding)
    for submission in submissions:
        department = department_key(submission.department, submission.name)
        year = next((summary.get("year") for summary in (_summary(f, summaries) for f in submission.files)
                     if summary), None)
        if department not in earlier.digests or relation(year, years.get(department)) != "round":
            continue
        before = {_track_key(f): f for f in previous_by_department.get(department, [])}
        now = {_track_key(f.to_dict()) for f in submission.findings}
        submission.tracking = {
            "fixed": len(before.keys() - now), "open": len(before.keys() & now), "new": len(now - before.keys()),
            "identical": earlier.digests[department] == sorted(f.digest for f in submission.files if f.digest),
            "fixed_findings": [finding for key, finding in before.items() if key not in now]}


def _track_key(finding: dict) -> tuple:
    return (finding["rule"], finding.get("project") or "", finding.get("indicator_name") or "",
            finding.get("field") or "", finding.get("value") or "")


def _corpus_record(submissions: list[Submission], summaries: Summaries | None = None):
    """What a later run compares with (--previous): each submission's files with digests and
    summaries, as the JSON of {"version": 1, "submissions": [...]} in pieces, one submission's
    summaries in memory at a time."""
    from .corpus import department_key
    yield '{"version": 1, "submissions": ['
    for number, s in enumerate(submissions):
        entry = {"name": s.name, "slug": s.slug, "department": department_key(s.department, s.name),
                 "files": [{"path": f.path, "digest": f.digest, "summary": _summary(f, summaries)} for f in s.files]}
        yield (", " if number else "") + json.dumps(entry, ensure_ascii=False)
    yield "]}"


def _previous_prints(out: Path) -> dict | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _fingerprints(submissions: list[Submission], settings) -> dict[str, str]:
    """What a submission's reports depend on: its files' contents and the configuration."""
    from .cache import configuration_key

    salt = configuration_key(settings)
    prints = {}
    for submission in submissions:
        hasher = hashlib.sha256(salt.encode())
        for file in submission.files:  # the contents as linted: no second read of the files
            hasher.update(f"{file.path}\0{file.digest or file.error}\0".encode())
        hasher.update(json.dumps([f.fingerprint for f in submission.findings]).encode())  # suppressions
        hasher.update(json.dumps(submission.tracking, ensure_ascii=False, sort_keys=True).encode())
        prints[submission.slug] = hasher.hexdigest()
    return prints
