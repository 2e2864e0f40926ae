"""What to show of the findings: suppressions accepted in the configuration (with reasons) and the
comparison with a baseline of known findings. Applied after linting, so the cache holds every
finding and a change of suppressions or baseline never needs a new lint."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from fnmatch import fnmatch
from pathlib import PurePath

from .config import ConfigError, Suppression
from .findings import Finding, FindingStore
from .i18n import t


@lru_cache(maxsize=1)
def meta_findings() -> dict[str, dict]:
    """The findings about the configuration itself (audit/meta_findings.yaml): rule, name, category, severity."""
    import yaml
    return yaml.safe_load(resources.files("audit").joinpath("meta_findings.yaml").read_text(encoding="utf-8"))


def suppress(result, suppressions: list[Suppression], lang: str) -> None:
    """Move suppressed findings aside; report each suppression that could apply but matched nothing."""
    if not suppressions:
        return
    used: set[int] = set()
    kept = FindingStore()
    for finding in result.findings:
        match = next((i for i, s in enumerate(suppressions) if _matches(s, finding)), None)
        if match is None:
            kept += [finding]
        else:
            used.add(match)
            result.suppressed.append((finding, suppressions[match]))
    active = {rule.id for rule in result.rules}
    for index, entry in enumerate(suppressions):
        if index not in used and entry.rule in active and _in_scope(entry, result.files):
            kept += [Finding(**meta_findings()["unused_suppression"], path=entry.source, line=entry.line, project=entry.project,
                                indicator=entry.indicator, field=None, value=entry.rule,
                                message=t("unused_suppression", lang, rule=entry.rule, project=entry.project or ""),
                                suggestion=t("unused_suppression_fix", lang))]
    result.findings = kept


def _matches(entry: Suppression, finding: Finding) -> bool:
    return (entry.rule == finding.rule and entry.project == finding.project
            and (entry.indicator is None or entry.indicator == finding.indicator)
            and (entry.value is None or entry.value == finding.value)
            and (entry.path is None or _path_matches(entry.path, finding.path)))


def _path_matches(pattern: str, path: str) -> bool:
    return fnmatch(path, pattern) or fnmatch(PurePath(path).name, pattern)


def _in_scope(entry: Suppression, files) -> bool:
    """The run read a file the suppression is about: one its path matches, holding its project."""
    return any(not file.error and (entry.path is None or _path_matches(entry.path, file.path))
               and (entry.project is None or entry.project in file.project_names) for file in files)


# ------------------------------------------------------------------------------------ baseline

def write_baseline(findings: Iterable[Finding]) -> Iterator[str]:
    """The baseline's JSON in pieces, one finding at a time."""
    from .report.stream import placeholder, streamed_json
    entries = ({"fingerprint": f.fingerprint, "rule": f.rule, "path": f.path, "project": f.project,
                "indicator_name": f.indicator_name, "value": f.value} for f in findings)
    return streamed_json({"version": 1, "tool": "jxaudit", "findings": placeholder("findings")}, {"findings": entries})


def compare_with_baseline(result, path: str) -> None:
    """Keep only new findings; count the known ones and the baseline's findings that are gone."""
    try:
        data = json.loads(open(path, encoding="utf-8").read())
        known = Counter(entry["fingerprint"] for entry in data["findings"])
    except FileNotFoundError:
        raise ConfigError("config_baseline_missing", where=path) from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ConfigError("config_baseline_invalid", where=path, reason=err) from None
    remaining = Counter(known)
    new = FindingStore()
    for finding in result.findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        else:
            new += [finding]
    seen = sum(known.values()) - sum(remaining.values())
    result.baseline = {"path": path, "known": seen, "fixed": sum(remaining.values()), "new": len(new)}
    result.findings = new
