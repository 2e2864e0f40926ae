"""SARIF 2.1.0, for code-scanning tools: the rules with their help text, results with locations
and partial fingerprints (stable across line moves)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from .. import __version__
from ..config import Settings
from ..i18n import pick, t
from .stream import placeholder, streamed_json

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(result, settings: Settings) -> str:
    return "".join(chunks(result, settings))


def chunks(result, settings: Settings) -> Iterator[str]:
    """The report in pieces, one result at a time (the same text as render)."""
    lang = settings.lang
    rules = sorted(result.rules, key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    driver = {
        "name": "jxaudit", "version": __version__, "semanticVersion": __version__,
        "informationUri": "https://pypi.org/project/jxaudit/",
        "rules": [_rule(rule, settings, lang) for rule in rules],
    }
    notifications = [{"level": "error", "message": {"text": f"{file.path}: {file.error}"},
                      "locations": [_location(file.path, None)]} for file in result.input_errors]
    run = {"tool": {"driver": driver}, "results": placeholder("results"), "columnKind": "unicodeCodePoints",
           "invocations": [{"executionSuccessful": not notifications,
                            "toolExecutionNotifications": notifications}]}
    results = (_result(finding, index, lang) for finding in result.findings)
    yield from streamed_json({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, {"results": results})


def _rule(rule, settings: Settings, lang: str) -> dict:
    checks, why = pick(rule.checks, lang), pick(rule.why, lang)
    example = f"bad: {rule.example['bad']}\ngood: {rule.example['good']}"
    return {
        "id": rule.id, "name": rule.name,
        "shortDescription": {"text": checks},
        "fullDescription": {"text": why},
        "help": {"text": f"{checks}\n{why}\n{example}",
                 "markdown": f"{checks}\n\n{why}\n\n- ✗ `{rule.example['bad']}`\n- ✓ `{rule.example['good']}`"},
        "defaultConfiguration": {"level": LEVELS[settings.rules[rule.id].severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _result(finding, index: dict[str, int], lang: str) -> dict:
    return {
        "ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": LEVELS[finding.severity],
        "message": {"text": t("with_suggestion", lang, message=finding.message, suggestion=finding.suggestion)},
        "locations": [_location(finding.path, finding.line, finding.project, finding.indicator)],
        "partialFingerprints": {"jxaudit/v1": finding.fingerprint},
        "properties": {"project": finding.project, "indicator": finding.indicator, "field": finding.field,
                       "value": finding.value, "suggestion": finding.suggestion, "group": finding.group},
    }


def _location(path: str, line: int | None, project: str | None = None, indicator: int | None = None) -> dict:
    physical = {"artifactLocation": {"uri": uri(path)}}
    if line:
        physical["region"] = {"startLine": line}
    location = {"physicalLocation": physical}
    if project:
        name = project if indicator is None else f"{project} #{indicator}"
        location["logicalLocations"] = [{"name": name, "kind": "object"}]
    return location


def uri(path: str) -> str:
    """A file's path as a URI reference: a Windows drive path ("C:/…", readable_path gives "/") as
    file:///C:/…; characters a URI cannot hold or reads otherwise (space, "\\", "%", "#", "?", …)
    percent-encoded; Chinese kept, as IRIs do and code scanning shows."""
    encoded = _NOT_IN_URI.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8")), path)
    return f"file:///{encoded}" if _DRIVE.match(path) else encoded


_NOT_IN_URI = re.compile(r'[\x00-\x20"#%<>?\\^`{|}\x7f]')
_DRIVE = re.compile(r"[A-Za-z]:/")
