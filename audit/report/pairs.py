"""One defect, shown once: the same rule on the same indicator with the same value in both
实施周期指标值 and 年度指标值 is two records (JSON, SARIF and JUnit keep one per field) but one
problem for a reader, so the human formats show it once, naming both fields."""
from __future__ import annotations

from dataclasses import replace

from ..i18n import t

PAIR = ("period", "annual")


def defect_key(finding) -> tuple:
    """What ties the records of one defect: the `group` they carry (findings.py says what it covers),
    within one file (`group` names the file by its name only, so equally named files in two folders
    stay apart)."""
    return (finding.path, finding.group)


def defects(findings) -> list:
    """One finding per defect (the first record of each), for counting problems, not records."""
    first: dict[tuple, object] = {}
    for finding in findings:
        first.setdefault(defect_key(finding), finding)
    return list(first.values())


def shown(findings, lang: str) -> list:
    """The findings as a reader sees them: a period/annual pair becomes one finding (the period
    record, its message naming both fields, its `field` "period+annual"), in the order given."""
    pairs: dict[tuple, dict] = {}
    for finding in findings:
        if finding.field in PAIR and finding.indicator is not None:
            pairs.setdefault(defect_key(finding), {})[finding.field] = finding
    out = []
    for finding in findings:
        twins = pairs.get(defect_key(finding)) if finding.field in PAIR else None
        if not twins or len(twins) < 2 or twins["period"].severity != twins["annual"].severity:
            out.append(finding)
        elif finding.field == "period":
            out.append(replace(finding, field="+".join(PAIR), message=_both(finding.message, lang)))
    return out


def _both(message: str, lang: str) -> str:
    """The period record's message, naming both fields where it names the period's."""
    single, both = t("col_period", lang), t("pair_fields", lang)
    if single in message:
        return message.replace(single, both, 1)
    return t("pair_suffix", lang, message=message, fields=both)
