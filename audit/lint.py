"""One lint run: paths -> documents -> tidy tables -> engine -> findings. Data flows one way."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import Rule
from .config import Settings
from .features import Parsed, build_tables
from .findings import Finding
from .i18n import t
from .parsing import build_projects
from .reading import SUFFIXES, InputError, read_document


@dataclass
class FileResult:
    path: str
    projects: int = 0
    indicators: int = 0
    error: str | None = None  # one line, when the file could not be read


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the rules that ran

    @property
    def input_errors(self) -> list[FileResult]:
        return [file for file in self.files if file.error]


def expand(paths: list[str]) -> list[tuple[str, str | None]]:
    """(path, error key): files as given; directories to the supported files below them, in a stable
    order; a directory holding none is an error rather than a silent pass."""
    found: list[tuple[str, str | None]] = []
    for path in paths:
        if Path(path).is_dir():
            files = sorted(str(p) for p in Path(path).rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            found += [(file, None) for file in files] or [(path, "no_inputs")]
        else:
            found.append((path, None))
    return found


def lint(paths: list[str], rules: list[Rule], settings: Settings) -> LintResult:
    from . import engine  # imports Great Expectations on first use only

    result = LintResult(rules=list(rules))
    parsed: list[Parsed] = []
    for path, problem in expand(paths):
        if problem:
            result.files.append(FileResult(path=path, error=t(problem, settings.lang)))
            continue
        try:
            doc = read_document(path)
        except InputError as err:
            result.files.append(FileResult(path=path, error=t(err.key, settings.lang, **err.params)))
            continue
        projects = build_projects(doc)
        parsed.append(Parsed(doc, projects))
        real = [p for p in projects if p.kind == "project"]
        result.files.append(FileResult(path=path, projects=len(real),
                                       indicators=sum(len(p.indicators) for p in real)))
    if parsed and rules:
        result.findings = engine.run(build_tables(parsed), rules, settings)
    return result
