"""One lint run: paths -> documents -> tidy tables -> engine -> findings. Data flows one way."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .catalogue import Rule
from .config import Settings
from .findings import Finding
from .i18n import t
from .reading import SUFFIXES, InputError, read_bytes


@dataclass
class FileResult:
    path: str
    projects: int = 0
    indicators: int = 0
    error: str | None = None  # one line, when the file could not be read
    project_names: list[str] = field(default_factory=list)


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the rules that ran
    suppressed: list = field(default_factory=list)  # (finding, suppression) accepted by the configuration
    baseline: dict | None = None  # {"path", "known", "fixed", "new"} when compared with a baseline
    notes: list[str] = field(default_factory=list)  # said on standard error, not errors

    @property
    def input_errors(self) -> list[FileResult]:
        return [file for file in self.files if file.error]


def expand(paths: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(path, error key) for each file to check, and the files skipped: files as given; directories
    to the supported files below them, in a stable order; a directory holding none is an error
    rather than a silent pass, and files of other types below a directory are skipped."""
    found: list[tuple[str, str | None]] = []
    skipped: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            files = sorted(p for p in Path(path).rglob("*") if p.is_file() and not p.name.startswith("."))
            supported = [str(p) for p in files if p.suffix.lower() in SUFFIXES]
            skipped += [str(p) for p in files if p.suffix.lower() not in SUFFIXES]
            found += [(file, None) for file in supported] or [(path, "no_inputs")]
        else:
            found.append((path, None))
    return found, skipped


def lint(paths: list[str], rules: list[Rule], settings: Settings, cache=None) -> LintResult:
    """Lint the files under `paths`. With a cache, unchanged files are answered from it and the
    parser, pandas and Great Expectations are loaded only if some file needs linting."""
    result = LintResult(rules=list(rules))
    pending: list[tuple[str, bytes, str | None]] = []  # (path, content, cache key)
    files, skipped = expand(paths)
    if skipped:
        kinds = "、".join(sorted({PurePath(p).suffix or PurePath(p).name for p in skipped}))
        result.notes.append(t("note_skipped", settings.lang, count=len(skipped), kinds=kinds))
    for path, problem in files:
        if problem:
            result.files.append(FileResult(path=path, error=t(problem, settings.lang)))
            continue
        try:
            data = read_bytes(path)
        except InputError as err:
            result.files.append(FileResult(path=path, error=t(err.key, settings.lang, **err.params)))
            continue
        key = cache.key(data) if cache else None
        hit = cache.get(key, path) if cache else None
        if hit:
            projects, indicators, names, findings = hit
            result.files.append(FileResult(path=path, projects=projects, indicators=indicators, project_names=names))
            result.findings += findings
        else:
            result.files.append(FileResult(path=path))
            pending.append((path, data, key))
    if pending:
        _lint_pending(result, pending, rules, settings, cache)
    result.findings.sort(key=Finding.sort_key)
    return result


def _lint_pending(result: LintResult, pending, rules: list[Rule], settings: Settings, cache) -> None:
    from . import engine
    from .features import Parsed, build_tables
    from .parsing import build_projects
    from .reading import read_documents

    by_path = {file.path: file for file in result.files}
    parsed: list[Parsed] = []
    keys: dict[str, str | None] = {}
    for path, data, key in pending:
        file = by_path[path]
        try:
            documents = read_documents(path, data)
        except InputError as err:
            file.error = t(err.key, settings.lang, **err.params)
            continue
        for doc in documents:  # a workbook's sheets, a page's tables
            projects = build_projects(doc)
            parsed.append(Parsed(doc, projects))
            real = [p for p in projects if p.kind == "project"]
            file.projects += len(real)
            file.indicators += sum(len(p.indicators) for p in real)
            file.project_names += [p.name for p in projects if p.name]
        keys[path] = key
    findings = engine.run(build_tables(parsed), rules, settings) if parsed and rules else []
    result.findings += findings
    if cache:
        per_path: dict[str, list[Finding]] = {path: [] for path in keys}
        for finding in findings:
            per_path[finding.path].append(finding)
        for path, key in keys.items():
            cache.put(key, by_path[path], per_path[path])
