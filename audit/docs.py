"""Rule documentation, generated from the rule records: one source for every text."""
from __future__ import annotations

from .catalogue import Rule
from .config import RuleSettings
from .i18n import pick, t


def explain(rule: Rule, settings: RuleSettings, lang: str = "zh") -> str:
    options = ", ".join(f"{name} = {value}{_range(rule, name)}" for name, value in settings.options.items()) or t(
        "explain_none", lang)
    lines = [
        f"{rule.id} {rule.name}  [{rule.category}, {t('severity_' + settings.severity, lang)}]",
        "",
        f"{t('explain_checks', lang)}: {pick(rule.checks, lang)}",
        f"{t('explain_why', lang)}: {pick(rule.why, lang)}",
        f"{t('explain_bad', lang)}: {rule.example['bad']}",
        f"{t('explain_good', lang)}: {rule.example['good']}",
        f"{t('explain_options', lang)}: {options}",
    ]
    return "\n".join(lines) + "\n"


def _range(rule: Rule, option: str) -> str:
    low, high = rule.limits.get(option, (None, None))
    return f" ({low}–{high})" if low is not None else ""


def rules_table(catalogue: tuple[Rule, ...]) -> str:
    """The README's rule list: one row per rule."""
    rows = ["| id | name | category | severity | checks |", "|---|---|---|---|---|"]
    rows += [f"| {r.id} | `{r.name}` | {r.category} | {r.severity} | {r.checks['zh']} |" for r in catalogue]
    return "\n".join(rows) + "\n"


SEVERITY_YARDSTICK = [
    "## Severities",
    "",
    "Every rule's default severity was set against one yardstick, the way a reviewer of the tables judges:",
    "",
    "- **error** (错误): the target is wrong or cannot be assessed; a reviewer would return the table.",
    "- **warning** (警告): probably wrong; a reviewer needs to look at it.",
    "- **info** (提示): style or a better practice; nothing to return the table for.",
    "",
    "A rule whose finding is a heuristic reading of the text (a measure read from the name, a year "
    "read as a deadline) is a warning even where the defect it suspects would be an error. Where the "
    "choice is not obvious, the rule says why below. Each severity can be changed per project in "
    "`jxaudit.yaml`.",
]


def rules_markdown(catalogue: tuple[Rule, ...]) -> str:
    """docs/rules.md: every rule's record, in Chinese and English."""
    out = ["# jxaudit rules", "",
           "Generated from `expectations/*.yaml` by `python -m audit.docs --write`; do not edit by hand.", "",
           *SEVERITY_YARDSTICK, ""]
    for rule in catalogue:
        options = ", ".join(f"`{k}` = {v}{_range(rule, k)}" for k, v in rule.options.items()) or "—"
        reason = ([f"**严重程度** {rule.severity_reason['zh']}", "", f"**Severity** {rule.severity_reason['en']}", ""]
                  if rule.severity_reason else [])
        out += [f"## {rule.id} `{rule.name}`", "",
                f"category: {rule.category} · default severity: {rule.severity} · options: {options}"
                + (f" · not reported where {', '.join(rule.unless)} reports" if rule.unless else "")
                + (f" · safe fix: `jxaudit fix` ({rule.fix})" if rule.fix else ""), "",
                *reason,
                f"**检查内容** {rule.checks['zh']}", "", f"**为什么重要** {rule.why['zh']}", "",
                f"**What it checks** {rule.checks['en']}", "", f"**Why it matters** {rule.why['en']}", "",
                f"- 错误示例 / bad: `{rule.example['bad']}`", f"- 正确示例 / good: `{rule.example['good']}`", ""]
    return "\n".join(out)


def fixes_list(catalogue: tuple[Rule, ...]) -> str:
    """The README's list of safe fixes: the rules whose record names a `fix:`."""
    return "".join(f"- {r.id} {r.title['zh']} / {r.title['en']} (`{r.fix}`)\n" for r in catalogue if r.fix)


README_LISTS = {"rules": rules_table, "fixes": fixes_list}  # <!-- NAME:start --> … <!-- NAME:end -->


def with_generated(readme: str, catalogue: tuple[Rule, ...]) -> str:
    """The README with each generated list rebuilt from the records."""
    for name, build in README_LISTS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, found, rest = readme.partition(start)
        if found:
            _, _, tail = rest.partition(end)
            readme = f"{head}{start}\n{build(catalogue)}{end}{tail}"
    return readme


if __name__ == "__main__":  # python -m audit.docs --write: regenerate docs/rules.md and the README lists
    import sys
    from pathlib import Path

    from .catalogue import load_rules

    root = Path(__file__).resolve().parent.parent
    rules = load_rules()
    if "--write" in sys.argv:
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "rules.md").write_text(rules_markdown(rules), encoding="utf-8")
        readme = root / "README.md"
        readme.write_text(with_generated(readme.read_text(encoding="utf-8"), rules), encoding="utf-8")
    else:
        sys.stdout.write(rules_markdown(rules))
