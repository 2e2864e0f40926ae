"""Configuration layers: the rule records' defaults < the bundled config.yaml < a user's config file
< command-line flags. Unknown keys, rule ids and options are errors that name them."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .catalogue import SEVERITIES, Rule, bundled_path
from .i18n import LANGUAGES

TOP_KEYS = ("fail_on", "lang", "rules")
RULE_KEYS = ("enabled", "severity", "options")
USER_CONFIG_NAMES = ("jxaudit.yaml", ".jxaudit.yaml")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: str
    options: dict


@dataclass
class Settings:
    rules: dict[str, RuleSettings]  # by rule id
    fail_on: str = "error"
    lang: str = "zh"
    sources: list[str] = field(default_factory=list)  # config files applied, in order

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
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: invalid YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    apply(settings, catalogue, data, str(path))
    settings.sources.append(str(path))


def apply(settings: Settings, catalogue: tuple[Rule, ...], data: dict, where: str) -> None:
    _reject_unknown(data, TOP_KEYS, where)
    if "fail_on" in data:
        settings.fail_on = _one_of(data["fail_on"], SEVERITIES, f"{where}: fail_on")
    if "lang" in data:
        settings.lang = _one_of(data["lang"], LANGUAGES, f"{where}: lang")
    for key, entry in (data.get("rules") or {}).items():
        rule = find_rule(catalogue, key, where)
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: rules.{key} must be a mapping")
        _reject_unknown(entry, RULE_KEYS, f"{where}: rules.{key}")
        current = settings.rules[rule.id]
        options = dict(current.options)
        for name, value in (entry.get("options") or {}).items():
            if name not in rule.options:
                raise ConfigError(f"{where}: rules.{key}: unknown option {name!r} (known: {sorted(rule.options)})")
            if not isinstance(value, type(rule.options[name])) and not (
                    isinstance(value, int) and isinstance(rule.options[name], float)):
                raise ConfigError(f"{where}: rules.{key}.options.{name} must be a {type(rule.options[name]).__name__}")
            options[name] = value
        settings.rules[rule.id] = RuleSettings(
            enabled=bool(entry.get("enabled", current.enabled)),
            severity=_one_of(entry.get("severity", current.severity), SEVERITIES, f"{where}: rules.{key}.severity"),
            options=options)


def find_rule(catalogue: tuple[Rule, ...], key: str, where: str) -> Rule:
    for rule in catalogue:
        if key in (rule.id, rule.name):
            return rule
    raise ConfigError(f"{where}: unknown rule {key!r}")


def select(settings: Settings, catalogue: tuple[Rule, ...], selectors: list[str], ignores: list[str]) -> None:
    """--select keeps only the matching rules, --ignore turns matching rules off.

    A selector is a rule id, a rule name, a category or an id prefix ("CD" for every CD rule)."""
    def matching(selector: str) -> list[Rule]:
        found = [rule for rule in catalogue if selector in (rule.id, rule.name, rule.category)
                 or (selector.isalpha() and selector.isupper() and rule.id.startswith(selector))]
        if not found:
            raise ConfigError(f"unknown rule or category {selector!r}")
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
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(known)})")


def _one_of(value, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where} must be one of {', '.join(allowed)}, not {value!r}")
    return value
