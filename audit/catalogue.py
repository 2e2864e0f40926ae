"""The rule catalogue: the YAML records under expectations/, loaded and checked without importing
Great Expectations (so `jxaudit rules` and `jxaudit explain` stay fast)."""
from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATEGORIES = ("structure", "codes", "targets", "duplicates", "totals", "format", "corpus")
SEVERITIES = ("error", "warning", "info")
TABLES = ("documents", "projects", "indicators", "values", "corpus_values", "corpus_projects")  # corpus_*: audit/corpus.py
REQUIRED = ("id", "name", "category", "severity", "table", "expectation", "kwargs", "message",
            "suggestion", "checks", "why", "example")
OPTIONAL = ("row_condition", "field", "value", "options", "limits", "enabled", "derived", "unless", "fix",
            "severity_reason", "title", "location")
LANG_TEXTS = ("message", "suggestion", "checks", "why")


class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    table: str
    expectation: str
    kwargs: dict
    message: dict
    suggestion: dict
    checks: dict
    why: dict
    example: dict
    row_condition: dict | None = None
    field: str | None = None  # template of the finding's field
    value: str = ""  # template of the offending value
    options: dict = dataclasses.field(default_factory=dict)
    limits: dict = dataclasses.field(default_factory=dict)  # option -> [lowest, highest] it may be set to
    enabled: bool = True
    derived: tuple[str, ...] = ()  # the derived columns (audit/features.py registry) the rule reads
    unless: tuple[str, ...] = ()  # rules that take precedence: not reported where one of them reports
    fix: str | None = None  # the safe fix of `jxaudit fix` that removes the rule's findings (audit/fix.py)
    severity_reason: dict = dataclasses.field(default_factory=dict)  # zh/en: why this default severity
    location: str | None = None  # a column whose value, a dict, locates the finding more exactly than the row
    source: str = ""
    title: dict = dataclasses.field(default_factory=dict)  # the problem in a few words, {zh, en}: reports' labels

    def compiled(self, options: dict) -> tuple[dict, dict | None]:
        """kwargs and row condition with "$option" placeholders replaced by the option values."""
        return _substitute(self.kwargs, options), _substitute(self.row_condition, options)


def bundled_path(name: str) -> Path:
    """A bundled data file: inside the installed package, or at the top of the source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_bundled" / name, package.parent / name):
        if candidate.exists():
            return candidate
    raise CatalogueError(f"bundled file not found: {name}")


@lru_cache(maxsize=4)
def load_rules(directory: str | None = None) -> tuple[Rule, ...]:
    folder = Path(directory) if directory else bundled_path("expectations")
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as err:
            raise CatalogueError(f"{path.name}: invalid YAML ({' '.join(str(err).split())})") from None
        if not isinstance(records, list):
            raise CatalogueError(f"{path.name}: expected a list of rule records")
        rules += [_rule(record, path.name) for record in records]
    _check_unique(rules)
    _check_precedence(rules)
    return tuple(sorted(rules, key=lambda rule: rule.id))


def _rule(record: dict, source: str) -> Rule:
    where = f"{source}: rule {record.get('id', '?')}"
    missing = [key for key in REQUIRED if record.get(key) in (None, "", {})]
    unknown = sorted(set(record) - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        raise CatalogueError(f"{where}: missing {missing}" if missing else f"{where}: unknown keys {unknown}")
    if not re.fullmatch(r"[A-Z]{2}\d{2}", record["id"]) or not re.fullmatch(r"[a-z0-9-]+", record["name"]):
        raise CatalogueError(f"{where}: id must look like AB01 and name like kebab-case")
    for key, allowed in (("category", CATEGORIES), ("severity", SEVERITIES), ("table", TABLES)):
        if record[key] not in allowed:
            raise CatalogueError(f"{where}: {key} must be one of {allowed}")
    for key in LANG_TEXTS:
        if not isinstance(record[key], dict) or not record[key].get("zh") or not record[key].get("en"):
            raise CatalogueError(f"{where}: {key} needs zh and en texts")
    if not record["example"].get("bad") or not record["example"].get("good"):
        raise CatalogueError(f"{where}: example needs bad and good")
    for regex in _regexes(record["kwargs"]):
        try:
            re.compile(regex)
        except re.error as err:  # GX would accept it and fail only at run time
            raise CatalogueError(f"{where}: invalid regex {regex!r}: {err}") from None
    unknown = [name for name in record.get("derived", []) if (record["table"], name) not in _derived_columns()]
    if unknown:
        raise CatalogueError(f"{where}: unknown derived column {', '.join(unknown)} of table {record['table']}")
    if record.get("fix") is not None and record["fix"] not in _fixes():
        raise CatalogueError(f"{where}: unknown fix {record['fix']} (known: {', '.join(_fixes())})")
    return Rule(**record | {key: tuple(record.get(key, ())) for key in ("derived", "unless")}, source=source)


def _fixes() -> tuple[str, ...]:
    from .fix import FIXES
    return FIXES


def _derived_columns() -> dict:
    from . import corpus  # noqa: F401  (registers the corpus tables' columns)
    from .features import DERIVED  # the registry of derived columns; imports no pandas
    return DERIVED


def _regexes(kwargs: dict) -> list[str]:
    found = [kwargs["regex"]] if "regex" in kwargs else []
    return found + list(kwargs.get("regex_list", []))


def _check_unique(rules: list[Rule]) -> None:
    for attribute in ("id", "name"):
        seen: set[str] = set()
        for rule in rules:
            key = getattr(rule, attribute)
            if key in seen:
                raise CatalogueError(f"duplicate rule {attribute}: {key}")
            seen.add(key)


def _check_precedence(rules: list[Rule]) -> None:
    ids = {rule.id for rule in rules}
    for rule in rules:
        unknown = [other for other in rule.unless if other not in ids or other == rule.id]
        if unknown:
            raise CatalogueError(f"{rule.source}: rule {rule.id}: unless names unknown rule {', '.join(unknown)}")


def _substitute(node, options: dict):
    if isinstance(node, dict):
        return {key: _substitute(value, options) for key, value in node.items()}
    if isinstance(node, list):
        return [_substitute(value, options) for value in node]
    if isinstance(node, str) and node.startswith("$") and node[1:] in options:
        return options[node[1:]]
    return node
