"""One lint run: paths -> documents -> tidy tables -> engine -> findings. Data flows one way."""
from __future__ import annotations

import glob
import hashlib
from collections.abc import Callable
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
    department: str | None = None  # 部门名称 as the table gives it
    digest: str | None = None  # SHA-256 of the content, for what depends on it (the queue's reports)


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
    """(path, error key) for each file to check, and the files skipped. Files as given; globs
    ("data/**/*.xlsx", when the shell has not expanded them) to what they match; directories to
    the supported files below them, in a stable order, skipping files of other types; a directory
    holding none is an error rather than a silent pass."""
    found: list[tuple[str, str | None]] = []
    skipped: list[str] = []
    for pattern in paths:
        globbed = any(char in pattern for char in "*?[") and not Path(pattern).exists()
        for path in (sorted(glob.glob(pattern, recursive=True)) if globbed else []) or [pattern]:
            if not Path(path).is_dir():
                found.append((path, None))  # a glob that matches nothing is reported as a missing file
                continue
            files = sorted(p for p in Path(path).rglob("*") if p.is_file() and not p.name.startswith("."))
            skipped += [str(p) for p in files if p.suffix.lower() not in SUFFIXES]
            found += [(str(p), None) for p in files if p.suffix.lower() in SUFFIXES] or [(path, "no_inputs")]
    return found, skipped


def skipped_note(skipped: list[str], lang: str) -> str:
    """The note for files passed over as not tables: how many, and of which types."""
    kinds = "、".join(sorted({PurePath(p).suffix or PurePath(p).name for p in skipped}))
    return t("note_skipped", lang, count=len(skipped), kinds=kinds)


def lint(paths: list[str], rules: list[Rule], settings: Settings, cache=None, jobs: int = 1,
         progress: Callable[[int, int], None] | None = None, data_docs: str | None = None) -> LintResult:
    """Lint the files under `paths`. With a cache, unchanged files are answered from it and the
    parser, pandas and Great Expectations are loaded only if some file needs linting.

    jobs > 1 lints the other files in that many processes, each validating its share in one batch
    per table; progress(done, total) is told how many files have been read; data_docs builds Great
    Expectations Data Docs in that folder (in one process, without the cache)."""
    result = LintResult(rules=list(rules))
    pending: list[tuple[str, bytes, str | None]] = []  # (path, content, cache key)
    files, skipped = expand(paths)
    if skipped:
        result.notes.append(skipped_note(skipped, settings.lang))
    for path, problem in files:
        if problem:
            result.files.append(FileResult(path=path, error=t(problem, settings.lang)))
            continue
        try:
            data = read_bytes(path)
        except InputError as err:
            result.files.append(FileResult(path=path, error=t(err.key, settings.lang, **err.params)))
            continue
        key = cache.key(data) if cache and not data_docs else None
        hit = cache.get(key, path) if key else None
        if hit:
            file, findings = hit
            result.files.append(file)
            result.findings += findings
        else:
            result.files.append(FileResult(path=path))
            pending.append((path, data, key))
        result.files[-1].digest = hashlib.sha256(data).hexdigest()
    if progress:
        progress(len(result.files) - len(pending), len(result.files))
    if pending:
        _lint_pending(result, pending, rules, settings, cache, jobs, progress, data_docs)
    result.findings.sort(key=Finding.sort_key)
    return result


def _lint_pending(result: LintResult, pending, rules, settings, cache, jobs, progress, data_docs) -> None:
    position = {file.path: index for index, file in enumerate(result.files)}
    done_before, total = len(result.files) - len(pending), len(result.files)
    if jobs > 1 and len(pending) > 1 and not data_docs:
        outcomes = _in_processes(_shares(pending, jobs), rules, settings,
                                 lambda n: progress and progress(done_before + n, total))
    else:
        counter = _Counter(lambda n: progress and progress(done_before + n, total))
        outcomes = [_lint_share(pending, rules, settings, data_docs, counter)]
    keys = {path: key for path, _, key in pending}
    for files, findings in outcomes:
        result.findings += findings
        per_path: dict[str, list[Finding]] = {file.path: [] for file in files}
        for finding in findings:
            per_path[finding.path].append(finding)
        for file in files:
            result.files[position[file.path]] = file
            if cache and not file.error and keys[file.path]:
                cache.put(keys[file.path], file, per_path[file.path])


def _lint_share(share, rules, settings, data_docs, counter) -> tuple[list[FileResult], list[Finding]]:
    """Read, parse and validate a share of the files in one batch per table (in a worker or here)."""
    from . import engine
    from .features import Parsed, build_tables
    from .parsing import build_projects
    from .reading import read_documents

    files: list[FileResult] = []
    parsed: list[Parsed] = []
    for path, data, _ in share:
        file = FileResult(path=path, digest=hashlib.sha256(data).hexdigest())
        files.append(file)
        try:
            documents = read_documents(path, data)
        except InputError as err:
            file.error = t(err.key, settings.lang, **err.params)
            counter.add(1)
            continue
        for doc in documents:  # a workbook's sheets, a page's tables
            projects = build_projects(doc)
            parsed.append(Parsed(doc, projects))
            real = [p for p in projects if p.kind == "project"]
            file.projects += len(real)
            file.indicators += sum(len(p.indicators) for p in real)
            file.project_names += [p.name for p in projects if p.name]
            file.department = file.department or doc.department
        counter.add(1)
    findings = engine.run(build_tables(parsed), rules, settings, data_docs) if parsed and rules else []
    return files, findings


class _Counter:
    """Files read so far, told to a callback (in-process) or kept in shared memory (workers)."""

    def __init__(self, callback=None, shared=None):
        self.callback, self.shared, self.value = callback, shared, 0

    def add(self, n: int) -> None:
        self.value += n
        if self.shared is not None:
            with self.shared.get_lock():
                self.shared.value += n
        elif self.callback:
            self.callback(self.value)


def _shares(pending, jobs: int) -> list[list]:
    """Split the files into `jobs` shares of about equal size (largest first, to the lightest share)."""
    shares: list[list] = [[] for _ in range(min(jobs, len(pending)))]
    sizes = [0] * len(shares)
    for item in sorted(pending, key=lambda item: -len(item[1])):
        lightest = sizes.index(min(sizes))
        shares[lightest].append(item)
        sizes[lightest] += len(item[1])
    return shares


_SHARED_COUNT = None  # set in each worker by _start_worker


def _start_worker(shared) -> None:
    global _SHARED_COUNT
    _SHARED_COUNT = shared


def _work(share, rules, settings):
    return _lint_share(share, rules, settings, None, _Counter(shared=_SHARED_COUNT))


def _in_processes(shares, rules, settings, progress) -> list:
    """Each share in a process of its own. The processes are forked after Great Expectations is
    imported here, so none of them pays for the import again."""
    import multiprocessing
    import time
    from concurrent.futures import ProcessPoolExecutor

    from . import engine

    engine.warm_up()
    context = multiprocessing.get_context("fork")
    shared = context.Value("i", 0)
    with ProcessPoolExecutor(len(shares), mp_context=context, initializer=_start_worker,
                             initargs=(shared,)) as pool:
        futures = [pool.submit(_work, share, rules, settings) for share in shares]
        while not all(future.done() for future in futures):
            progress(shared.value)
            time.sleep(0.1)
        progress(shared.value)
        return [future.result() for future in futures]
