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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomically
from .findings import Finding, summarise
from .lint import FileResult, LintResult, lint, skipped_note
from .reading import SUFFIXES

WEIGHTS = {"error": 5.0, "warning": 2.0, "info": 0.5}


@dataclass
class Submission:
    name: str  # the file or folder name
    slug: str  # names its report files
    paths: list[str]
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

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

    @property
    def counts(self) -> dict[str, int]:
        return summarise(self.findings)

    @property
    def score(self) -> float:
        """100 for a clean table, falling with the weighted findings per indicator (5 an error,
        2 a warning, 0.5 an info): one error per indicator gives 16.7. Unreadable: 0."""
        if self.errors or not self.indicators:
            return 0.0
        density = sum(WEIGHTS[f.severity] for f in self.findings) / self.indicators
        return round(100 / (1 + density), 1)

    def top_rules(self, most: int = 3) -> str:
        return "、".join(f"{rule}×{n}" for rule, n in Counter(f.rule for f in self.findings).most_common(most))


def find_submissions(root: Path) -> tuple[list[Submission], list[str]]:
    """The submissions under `root`, and the files skipped (not tables)."""
    submissions, skipped = [], []
    for child in sorted(root.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            files = sorted(p for p in child.rglob("*") if p.is_file() and not p.name.startswith("."))
            skipped += [str(p) for p in files if p.suffix.lower() not in SUFFIXES]
            submissions.append(Submission(child.name, "", [str(p) for p in files if p.suffix.lower() in SUFFIXES]))
        elif child.suffix.lower() in SUFFIXES:
            submissions.append(Submission(child.stem, "", [str(child)]))
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
              progress=None) -> tuple[list[Submission], LintResult, int]:
    """Lints and reports the queue; returns the submissions, the lint result and how many
    submissions' reports were written anew."""
    from . import triage
    from .report import json_report, queue_reports

    submissions, skipped = find_submissions(root)
    paths = [path for submission in submissions for path in submission.paths]
    result = lint(paths, rules, settings, cache, jobs=jobs, progress=progress, data_docs=data_docs)
    triage.suppress(result, settings.suppressions, settings.lang)
    by_path = {file.path: file for file in result.files}
    findings_by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        findings_by_path.setdefault(finding.path, []).append(finding)
    for submission in submissions:
        submission.files = [by_path[path] for path in submission.paths]
        submission.findings = [f for path in submission.paths for f in findings_by_path.get(path, [])]
    if skipped:
        result.notes.append(skipped_note(skipped, settings.lang))
        result.skipped = sorted(skipped)
    written = queue_reports.write_all(submissions, result, settings, out, jobs, _fingerprints(submissions, settings))
    write_atomically(out / "findings.json", json_report.render(result, settings))  # what `check --format json` says
    return submissions, result, written


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
        prints[submission.slug] = hasher.hexdigest()
    return prints
