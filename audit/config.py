"""Configuration layers: the rule records' defaults < the bundled config.yaml < a user's config file
< command-line flags. Unknown keys, rule ids and options are errors that name them."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .catalogue import SEVERITIES, Rule, bundled_path
from .i18n import LANGUAGES
from .reading.limits import Limits

TOP_KEYS = ("fail_on", "lang", "rules", "suppress", "limits", "verdict", "budget_year")
YEARS = (2000, 2099)  # a budget year the configuration or --budget-year may state
# The queue's verdict on a submission: 退回 (return) at this many errors or below this score,
# 通过 (pass) with no error and at most this many warnings, else 修改后提交 (revise and resubmit).
VERDICT = {"return_at_errors": 10, "return_below_score": 50.0, "pass_max_warnings": 0}
RULE_KEYS = ("enabled", "severity", "options")
SUPPRESSION_KEYS = ("rule", "project", "indicator", "value", "path", "reason")
USER_CONFIG_NAMES = ("jxaudit.yaml", ".jxaudit.yaml")


class ConfigError(Exception):
    """A configuration or usage error: a message key of audit.i18n ("config_*") and its parameters."""

    def __init__(self, message_key: str, /, **params):
        from .i18n import t
        super().__init__(t(message_key, "en", **params))
        self.key, self.params = message_key, params

    def message(self, lang: str) -> str:
        from .i18n import t
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: str
    options: dict


@dataclass(frozen=True)
class Suppression:
    """A finding accepted knowingly: rule and project, optionally indicator, value and path glob."""
    rule: str  # rule id
    project: str | None
    reason: str
    indicator: int | None = None
    value: str | None = None
    path: str | None = None
    source: str = ""  # the config file
    line: int = 0  # its line there


@dataclass
class Settings:
    rules: dict[str, RuleSettings]  # by rule id
    fail_on: str = "error"
    lang: str = "zh"
    sources: list[str] = field(default_factory=list)  # config files applied, in order
    suppressions: list[Suppression] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)  # resource limits on each input
    verdict: dict = field(default_factory=lambda: dict(VERDICT))  # the queue's thresholds
    budget_year: int | None = None  # stated (config or --budget-year); else each file's name, else its title

    def active(self, catalogue: tuple[Rule, ...]) -> list[Rule]:
        return [rule for rule in catalogue if self.rules[rule.id].enabled]


def defaults(catalogue: tuple[Rule, ...]) -> Settings:
    return Settings(rules={rule.id: RuleSettings(rule.enabled, rule.severity, dict(rule.options))
                           for rule in catalogue})


def load(catalogue: tuple[Rule, ...], user_file: str | None = None, cwd: Path | None = None) -> Settings:
    settings = defaults(catalogue)
    apply_file(settings, catalogue, bundled_path("config.yaml"))
    if user_file is None:
        found = [Path(cwd or ".") / name for name in USER_CONFIG_NAMES]
        user_file = next((str(path) for path in found if path.is_file()), None)
    if user_file is not None:
        apply_file(settings, catalogue, Path(user_file))
    return settings


def apply_file(settings: Settings, catalogue: tuple[Rule, ...], path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except OSError as err:
        raise ConfigError("config_unreadable", where=path, reason=err.strerror) from None
    except yaml.YAMLError as err:
        raise ConfigError("config_yaml", where=path, reason=" ".join(str(err).split())) from None
    if not isinstance(data, dict):
        raise ConfigError("config_not_mapping", where=path)
    apply(settings, catalogue, data, str(path), _suppression_lines(text))
    settings.sources.append(str(path))


def apply(settings: Settings, catalogue: tuple[Rule, ...], data: dict, where: str, lines: list[int] = ()) -> None:
    _reject_unknown(data, TOP_KEYS, where)
    entries = data.get("suppress") or []
    if not isinstance(entries, list):
        raise ConfigError("config_suppress_list", where=where)
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        settings.suppressions.append(_suppression(catalogue, entry, where, line))
    if "fail_on" in data:
        settings.fail_on = _one_of(data["fail_on"], SEVERITIES, f"{where}: fail_on")
    if "lang" in data:
        settings.lang = _one_of(data["lang"], LANGUAGES, f"{where}: lang")
    if data.get("budget_year") is not None:
        set_budget_year(settings, data["budget_year"], f"{where}: budget_year")
    limits = data.get("limits") or {}
    if not isinstance(limits, dict):
        raise ConfigError("config_limits_mapping", where=where, known=", ".join(Limits.names()))
    _reject_unknown(limits, Limits.names(), f"{where}: limits")
    for name, value in limits.items():
        set_limit(settings, name, value, where)
    verdict = data.get("verdict") or {}
    if not isinstance(verdict, dict):
        raise ConfigError("config_verdict", where=where, known=", ".join(VERDICT))
    _reject_unknown(verdict, tuple(VERDICT), f"{where}: verdict")
    for name, value in verdict.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError("config_verdict", where=where, known=", ".join(VERDICT))
        settings.verdict[name] = value
    for key, entry in (data.get("rules") or {}).items():
        rule = find_rule(catalogue, key, where)
        if not isinstance(entry, dict):
            raise ConfigError("config_rule_mapping", where=where, key=key)
        _reject_unknown(entry, RULE_KEYS, f"{where}: rules.{key}")
        current = settings.rules[rule.id]
        options = dict(current.options)
        for name, value in (entry.get("options") or {}).items():
            if name not in rule.options:
                raise ConfigError("config_unknown_option", where=where, key=key, name=name,
                                  known=", ".join(sorted(rule.options)) or "-")
            if not isinstance(value, type(rule.options[name])) and not (
                    isinstance(value, int) and isinstance(rule.options[name], float)):
                raise ConfigError("config_option_type", where=where, key=key, name=name,
                                  type=type(rule.options[name]).__name__)
            low, high = rule.limits.get(name, (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                raise ConfigError("config_option_range", where=where, key=key, name=name, low=low, high=high)
            options[name] = value
        settings.rules[rule.id] = RuleSettings(
            enabled=bool(entry.get("enabled", current.enabled)),
            severity=_one_of(entry.get("severity", current.severity), SEVERITIES, f"{where}: rules.{key}.severity"),
            options=options)


def set_budget_year(settings: Settings, value, where: str) -> None:
    """The year the tables budget for, stated for the whole run (2025), over what the files' names say."""
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        raise ConfigError("config_budget_year", where=where, low=YEARS[0], high=YEARS[1])
    settings.budget_year = value


def set_limit(settings: Settings, name: str, value, where: str) -> None:
    """One resource limit: a positive number (a whole one where the limit counts things)."""
    kind = Limits.kind(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 or (
            kind is int and not float(value).is_integer()):
        raise ConfigError("config_limit", where=where, name=name)
    settings.limits = replace(settings.limits, **{name: kind(value)})


def _suppression(catalogue: tuple[Rule, ...], entry, where: str, line: int) -> Suppression:
    at = f"{where}:{line}: suppress"
    if not isinstance(entry, dict):
        raise ConfigError("config_suppress_mapping", where=at)
    _reject_unknown(entry, SUPPRESSION_KEYS, at)
    for key in ("rule", "project", "reason"):
        if key not in entry:
            raise ConfigError("config_suppress_required", where=at, key=key)
    if not isinstance(entry["reason"], str) or not entry["reason"].strip():
        raise ConfigError("config_suppress_reason", where=at)
    if "indicator" in entry and not isinstance(entry["indicator"], int):
        raise ConfigError("config_suppress_indicator", where=at)
    rule = find_rule(catalogue, str(entry["rule"]), at)
    return Suppression(rule=rule.id, project=entry["project"], reason=entry["reason"].strip(),
                       indicator=entry.get("indicator"),
                       value=None if entry.get("value") is None else str(entry["value"]),
                       path=entry.get("path"), source=where, line=line)


def _suppression_lines(text: str) -> list[int]:
    """The line of each entry under `suppress:`, to point at an unused one."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    for key, value in getattr(root, "value", []) if isinstance(root, yaml.MappingNode) else []:
        if key.value == "suppress" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def find_rule(catalogue: tuple[Rule, ...], key: str, where: str) -> Rule:
    for rule in catalogue:
        if key in (rule.id, rule.name):
            return rule
    raise ConfigError("config_unknown_rule", where=where, key=key)


def select(settings: Settings, catalogue: tuple[Rule, ...], selectors: list[str], ignores: list[str]) -> None:
    """--select keeps only the matching rules, --ignore turns matching rules off.

    A selector is a rule id, a rule name, a category or an id prefix ("CD" for every CD rule)."""
    def matching(selector: str) -> list[Rule]:
        found = [rule for rule in catalogue if selector in (rule.id, rule.name, rule.category)
                 or (selector.isalpha() and selector.isupper() and rule.id.startswith(selector))]
        if not found:
            raise ConfigError("config_unknown_selector", selector=selector)
        return found

    if selectors:
        chosen = {rule.id for selector in selectors for rule in matching(selector)}
        for rule in catalogue:
            settings.rules[rule.id] = replace(settings.rules[rule.id], enabled=rule.id in chosen)
    for selector in ignores:
        for rule in matching(selector):
            settings.rules[rule.id] = replace(settings.rules[rule.id], enabled=False)


def _reject_unknown(data: dict, known: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError("config_unknown_key", where=where, key=unknown[0], known=", ".join(known))


def _one_of(value, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ConfigError("config_one_of", where=where, allowed=", ".join(allowed), value=value)
    return value
