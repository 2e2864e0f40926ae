"""Cache of findings per file, keyed by the file's content, the effective configuration and the
jxaudit version and source (never by modification times), so that an unchanged file is not linted
again and a run of unchanged files does not even import Great Expectations."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path

from . import __version__
from .catalogue import bundled_path
from .config import Settings
from .findings import Finding

FORMAT = 3  # bump when the entry layout changes


def default_directory() -> Path:
    if os.environ.get("JXAUDIT_CACHE_DIR"):
        return Path(os.environ["JXAUDIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "jxaudit"


class Cache:
    def __init__(self, directory: Path, settings: Settings):
        self.directory = directory
        self.salt = configuration_key(settings)

    def key(self, data: bytes, path: str = "") -> str:
        """The content's key; the year in the path's name is part of it (the budget year, audit.parsing)."""
        from .parsing import path_year
        return hashlib.sha256(f"{self.salt}\0{path_year(path) if path else ''}\0".encode() + data).hexdigest()

    def get(self, key: str, path: str):
        """(FileResult, findings) for the content `key`, re-addressed to `path`; None if not cached."""
        from .lint import FileResult

        try:
            entry = json.loads((self.directory / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            findings = [Finding(**(item | {"path": path})) for item in entry["findings"]]
            return FileResult(path=path, **entry["file"]), findings
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged entries are simply linted again

    def put(self, key: str, file, findings: list[Finding]) -> None:
        entry = {"file": {f.name: getattr(file, f.name) for f in fields(file) if f.name not in ("path", "error")},
                 "findings": [{k: v for k, v in asdict(f).items() if k != "path"} for f in findings]}
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream, ensure_ascii=False)
            os.replace(temporary, folder / f"{key}.json")
        except OSError:
            pass  # a read-only or full cache must never fail a lint


def configuration_key(settings: Settings) -> str:
    """Everything besides the file that decides its findings: version, rule records, the package's
    code and domain data, each rule's effective settings, the language of the messages and a stated
    budget year."""
    hasher = hashlib.sha256(f"{FORMAT}\0{__version__}\0{settings.lang}\0{settings.budget_year}\0".encode())
    for path in sorted(bundled_path("expectations").glob("*.yaml")):
        hasher.update(path.read_bytes())
    hasher.update(source_digest(Path(__file__).parent))
    rules = {rule_id: asdict(rule) for rule_id, rule in sorted(settings.rules.items())}
    hasher.update(json.dumps(rules, sort_keys=True, ensure_ascii=False).encode())
    return hasher.hexdigest()


@lru_cache(maxsize=None)
def source_digest(package: Path) -> bytes:
    """The code and data files of the package: a code change without a version bump (a checkout, an
    edit during development) must not serve findings of the old code."""
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.digest()
