"""One lint run: paths -> documents -> tidy tables -> engine -> findings. Data flows one way."""
from __future__ import annotations

import glob
import hashlib
import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .catalogue import Rule
from .config import Settings
from .files import Spool, readable_path
from .findings import Finding, FindingStore, apply_precedence
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
    trace: str | None = None  # the traceback of an internal error, shown with --debug
    summary: dict | None = None  # projects and targets in brief, for the rules across files (audit/corpus.py)
    notes: list[str] = field(default_factory=list)  # rows of the file no table holds (one line each), read or not


@dataclass
class RuleError:
    """A rule that failed on a file (a bug): its findings there are missing, the others' are not."""
    path: str
    rule: str
    name: str
    source: str
    error: str  # one line
    trace: str | None = None


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] | FindingStore = field(default_factory=list)  # in the total order (sort_key)
    rules: list[Rule] = field(default_factory=list)  # the rules that ran
    suppressed: list = field(default_factory=list)  # (finding, suppression) accepted by the configuration
    baseline: dict | None = None  # {"path", "known", "fixed", "new"} when compared with a baseline
    notes: list[str] = field(default_factory=list)  # said on standard error, not errors
    internal_errors: list[RuleError] = field(default_factory=list)  # rules that failed on a file
    skipped: list[str] = field(default_factory=list)  # files below a directory not checked (other types)

    @property
    def input_errors(self) -> list[FileResult]:
        return [file for file in self.files if file.error]


class Summaries:
    """The files' summaries of a run (FileResult.summary, for the rules across files), kept on
    disk instead of in memory until the corpus step reads them, one at a time."""

    def __init__(self):
        self._spool = Spool()

    def keep(self, file: FileResult) -> None:
        """Moves the file's summary here."""
        if file.summary is not None:
            self._spool.put(file.path, file.summary)
            file.summary = None

    def get(self, path: str) -> dict | None:
        return next(self._spool.get(path), None)

    def close(self) -> None:
        self._spool.close()


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
         progress: Callable[[int, int], None] | None = None, data_docs: str | None = None,
         spark_master: str | None = None, summaries: Summaries | None = None) -> LintResult:
    """Lint the files under `paths`. With a cache, unchanged files are answered from it and the
    parser, pandas and Great Expectations are loaded only if some file needs linting.

    Files are read, parsed and validated in batches of bounded size (one batch per table in Great
    Expectations each), so memory grows with the largest file, not with their number; jobs > 1
    validates batches in that many processes. One file's failure (a limit, a damaged file, a bug)
    makes that file unreadable with its reason, one rule's failure is reported for the files it
    failed on; everything else is still checked. progress(done, total) is told how many files are
    done; data_docs builds Great Expectations Data Docs in that folder (one batch, no cache).
    The result lists files in path order and findings in a total order, on disk (FindingStore),
    so that neither grows the process with the number of files: the same inputs give the same result whatever the jobs, batches and order of the paths. With spark_master, the run goes
    to the Spark engine there (audit/spark), which gives the same result (data_docs: pandas only).
    With summaries, the files' summaries go there as they come instead of staying on the files."""
    if spark_master:
        from .spark import lint as lint_on_spark
        result = lint_on_spark(paths, rules, settings, spark_master, cache)
        result.findings = FindingStore(result.findings)
        for file in result.files if summaries is not None else ():
            summaries.keep(file)
        if progress:
            progress(len(result.files), len(result.files))
        return result
    result = LintResult(rules=list(rules), findings=FindingStore())  # on disk, in order
    files, skipped = expand(paths)
    if skipped:
        skipped = [readable_path(path) for path in skipped]
        result.notes.append(skipped_note(skipped, settings.lang))
        result.skipped += skipped
    files = list(dict.fromkeys(files))  # a file named twice is checked once
    done, total = 0, len(files)
    keys: dict[str, str | None] = {}

    def tell(files_done: int) -> None:
        nonlocal done
        done += files_done
        if progress:
            progress(done, total)

    def batches():
        batch: list[tuple[str, bytes]] = []
        size = 0
        for path, problem in files:
            name = readable_path(path)  # the file's name from here on, in every result and output
            file, data = _read_or_recall(path, name, problem, settings, cache, data_docs, keys, result)
            if file is not None:  # unreadable, or answered from the cache
                _add_files(result, [file], summaries)
                tell(1)
                continue
            if batch and not data_docs and (size + len(data) > BATCH_BYTES or len(batch) >= BATCH_FILES):
                yield batch
                batch, size = [], 0
            batch.append((name, data))
            size += len(data)
        if batch:
            yield batch

    for outcome in _run_batches(batches(), rules, settings, jobs, data_docs):
        _merge(result, outcome, cache, keys)
        _add_files(result, outcome.files, summaries)
        tell(len(outcome.files))
    result.files.sort(key=lambda file: file.path)
    result.skipped.sort()
    result.internal_errors.sort(key=lambda error: (error.path, error.rule))
    return result


# Input validated together: its tables and results take about 70 times its size, so a batch of
# 1 MiB peaks near 70 MiB; a larger file is a batch of its own. Each batch costs Great
# Expectations about a second whatever its size, so batches are not made smaller still.
BATCH_BYTES = 1 << 20
BATCH_FILES = 50


def _read_or_recall(path, name, problem, settings, cache, data_docs, keys, result) -> tuple[FileResult | None, bytes]:
    """(FileResult, b"") for a file that needs no lint: unreadable, or in the cache (its findings
    added to the result); (None, content) for a file to lint, its cache key left in keys. The file
    is read at `path` and called `name` (readable_path) in the results."""
    if problem:
        return FileResult(path=name, error=t(problem, settings.lang, suffixes=" ".join(SUFFIXES))), b""
    try:
        data = read_bytes(path, settings.limits)
    except InputError as err:
        return FileResult(path=name, error=t(err.key, settings.lang, **err.params)), b""
    key = cache.key(data, name) if cache and not data_docs else None
    hit = cache.get(key, name) if key else None
    if hit:
        file, findings = hit
        file.digest = hashlib.sha256(data).hexdigest()
        result.findings += findings
        return file, b""
    keys[name] = key
    return None, data


def _add_files(result: LintResult, files: list[FileResult], summaries: Summaries | None) -> None:
    for file in files if summaries is not None else ():
        summaries.keep(file)
    result.files += files


def _merge(result: LintResult, outcome: BatchOutcome, cache, keys) -> None:
    """The batch's findings into the result, and its files' results into the cache."""
    result.findings += outcome.findings
    result.internal_errors += outcome.internal_errors
    if not cache:
        return
    broken = {error.path for error in outcome.internal_errors}
    per_path: dict[str, list[Finding]] = {file.path: [] for file in outcome.files}
    for finding in outcome.findings:
        per_path[finding.path].append(finding)
    for file in outcome.files:
        if not file.error and file.path not in broken and keys.get(file.path):
            cache.put(keys[file.path], file, per_path[file.path])


@dataclass
class BatchOutcome:
    files: list[FileResult]
    findings: list[Finding]
    internal_errors: list[RuleError]


def lint_batch(batch: list[tuple[str, bytes]], rules: list[Rule], settings: Settings,
               data_docs: str | None = None) -> BatchOutcome:
    """Read, parse and validate a batch of (path, content) in one batch per table, in a worker or
    here. Whatever goes wrong with one file or one rule stays with that file or rule."""
    from . import workers

    files, parsed = read_batch(batch, settings)
    findings, errors = _validate(files, parsed, rules, settings, data_docs) if parsed and rules else ([], [])
    del parsed
    workers.release_memory()  # the batch's tables and results: the next batch starts from the same size
    return BatchOutcome(files, findings, errors)


def read_batch(batch: list[tuple[str, bytes]], settings: Settings) -> tuple[list[FileResult], dict[str, list]]:
    """The FileResult of each (path, content) and the parsed documents of those that could be read."""
    from .features import Parsed

    files: list[FileResult] = []
    parsed: dict[str, list[Parsed]] = {}
    for path, data in batch:
        file = FileResult(path=path, digest=hashlib.sha256(data).hexdigest())
        files.append(file)
        documents = _isolated(file, settings, _parse, path, data, settings.limits)
        if documents is None:
            continue
        parsed[path] = documents
        for item in documents:  # a workbook's sheets, a page's tables
            real = [p for p in item.projects if p.kind == "project"]
            file.projects += len(real)
            file.indicators += sum(len(p.indicators) for p in real)
            file.project_names += [p.name for p in item.projects if p.name]
            file.department = file.department or item.doc.department
            file.notes += [unread_note(unread, settings.lang) for unread in item.doc.unread]
    return files, parsed


def unread_note(unread, lang: str) -> str:
    """One line about rows of a read file that no table holds (audit.reading.Unread), naming where."""
    if "sheet" in unread.where:
        where = t("unread_sheet", lang, name=unread.where["sheet"])
    elif "table" in unread.where:
        where = t("unread_table", lang, number=unread.where["table"])
    elif "paragraphs" in unread.where:
        where = t("unread_paragraphs", lang)
    elif "page" in unread.where:
        where = t("unread_page", lang, number=unread.where["page"])
    else:
        where = t("unread_file", lang)
    first, last = unread.lines[0], unread.lines[-1]
    return t(f"unread_{unread.reason}", lang, where=where, count=len(unread.lines), header=unread.header,
             text=unread.text, lines=f"{first}–{last}" if last != first else first)


def _parse(path: str, data: bytes, limits):
    from .features import Parsed
    from .parsing import build_projects
    from .reading import read_documents
    from .reading.limits import applied

    with applied(limits):  # the time limit covers parsing too
        return [Parsed(doc, build_projects(doc)) for doc in read_documents(path, data)]


def _isolated(file: FileResult, settings: Settings, work, *args):
    """work(*args), or None with the file marked unreadable: an input error, a limit, or a bug."""
    try:
        return work(*args)
    except InputError as err:
        file.error = t(err.key, settings.lang, **err.params)
    except Exception as err:  # a bug, or a library failing on this file: this file only
        file.error = t("input_internal", settings.lang, reason=reason(err))
        file.trace = traceback.format_exc()
    return None


def reason(err: BaseException) -> str:
    """One line about an exception, for a user."""
    text = " ".join(str(err).split())[:200]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _validate(files, parsed, rules, settings, data_docs) -> tuple[list[Finding], list[RuleError]]:
    """Findings of the rules on the parsed files. A file whose tables cannot be built is marked
    unreadable; a rule that fails on the batch is run again file by file, so that it is reported
    for the files it fails on and its findings on the others are kept."""
    from functools import partial

    from . import corpus, engine
    from .features import build_tables

    build_tables = partial(build_tables, rules=rules, settings=settings)  # options of derived columns
    try:
        tables = build_tables([p for ps in parsed.values() for p in ps])
    except Exception:  # find the files the features fail on, then build the others' tables
        for file in files:
            if file.path in parsed and _isolated(file, settings, build_tables, parsed[file.path]) is None:
                del parsed[file.path]
        if not parsed:
            return [], []
        tables = build_tables([p for ps in parsed.values() for p in ps])
    summaries = corpus.summarise(tables)
    for file in files:
        file.summary = summaries.get(file.path)
    failures: list = []
    findings = engine.run(tables, rules, settings, data_docs, failures=failures)
    errors, rerun = [], []
    for rule, _, _ in failures:
        for path, items in parsed.items():
            again: list = []
            rerun += engine.run(build_tables(items), [rule], settings, failures=again)
            errors += [RuleError(path=path, rule=rule.id, name=rule.name, source=rule.source, error=message,
                                 trace=trace) for _, message, trace in again]
    if failures:  # a rule run alone still yields to the others' findings, and they to its (`unless:`)
        findings = apply_precedence(findings + rerun, {rule.id: rule.unless for rule in rules})
    return findings, errors


def _run_batches(batches, rules, settings, jobs: int, data_docs):
    """Each batch's outcome as it is done: here, or in `jobs` worker processes fed a few batches
    at a time (so that the contents waiting for a worker stay bounded too)."""
    if jobs <= 1 or data_docs:
        for batch in batches:
            yield lint_batch(batch, rules, settings, data_docs)
        return
    batches = iter(batches)
    first = next(batches, None)
    if first is None:  # everything answered from the cache: no workers, no Great Expectations
        return
    batches = itertools.chain([first], batches)
    from concurrent.futures import FIRST_COMPLETED, wait

    from . import workers

    with workers.pool(jobs, warm_up="audit.engine:warm_up") as pool:
        running = set()
        for batch in batches:
            running.add(pool.submit(lint_batch, batch, rules, settings))
            if len(running) >= 2 * jobs:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in finished)
