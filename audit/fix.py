"""Safe fixes: corrections that cannot change what a table says. Everything else stays a finding.

A rule whose findings can be fixed safely names its fix in its record (`fix: remove-markup`); the
fixes, in the order they are applied:

- join-page-break: a row cut by a page break joined back into its project, the fragment row deleted;
- remove-markup: HTML tags removed, entities turned back into characters;
- simplify-characters: traditional characters turned into simplified ones, phrase-aware;
- full-width-separators: the separators of the indicator cells in full width ("指标值:" -> "指标值：");
- undouble-value: a target value written twice in full reduced to once, where the rule's own
  pattern matches ("达到98%达到98%" -> "达到98%").

The file keeps its encoding, byte-order mark and line endings. Only the tab-separated text export
is fixed; other formats are reported as not supported.
"""
from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from .catalogue import Rule
from .features import opencc_t2s
from .i18n import t
from .parsing import TAG, page_break_joins, value_label
from .reading import InputError, decode, read_document, split_lines

TEXT_COLUMNS = ("name", "goal", "indicators")
VALUE_LABEL = f"({value_label('period')}|{value_label('annual')})"
LABEL_COLON = re.compile(VALUE_LABEL + r"\s*:")
LABELLED_VALUE = re.compile(VALUE_LABEL + r"(\s*[:：]\s*)(.*?)(?=[；;。]|$)")


@dataclass
class Fixed:
    data: bytes
    counts: Counter = field(default_factory=Counter)  # rule id -> number of changes its fix made


def fixing_rules(catalogue) -> list[Rule]:
    """The rules whose records name a fix, in the order the fixes are applied."""
    return sorted((rule for rule in catalogue if rule.fix), key=lambda rule: FIXES.index(rule.fix))


def summary(counts: Counter, catalogue, lang: str) -> str:
    """Each fix with the rule whose record names it and the changes it made: "<id>=分页断行 1 处、…"."""
    parts = [t("fix_count", lang, rule=rule.id, fix=t(f"fix_{rule.fix}", lang), count=counts.get(rule.id, 0))
             for rule in fixing_rules(catalogue)]
    return ("、" if lang != "en" else ", ").join(parts)


def fix(path: str, data: bytes, catalogue) -> Fixed:
    doc = read_document(path, data)  # the same checks as a lint: a file that cannot be read is not fixed
    if doc.format != "text":
        raise InputError("fix_unsupported", format=doc.format)
    text, encoding = decode(data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = split_lines(text)
    counts: Counter = Counter()
    by_fix = {rule.fix: rule for rule in fixing_rules(catalogue)}
    cells_of = {row.line: lines[row.line - 1].split("\t") for row in doc.rows}
    dropped: set[int] = set()
    if "join-page-break" in by_fix:
        for fragment, (target, fragment_first) in page_break_joins(doc.rows).items():
            _join(cells_of, doc, doc.rows[fragment].line, doc.rows[target].line, fragment_first)
            dropped.add(doc.rows[fragment].line)
            counts[by_fix["join-page-break"].id] += 1
    for line, cells in cells_of.items():
        if line in dropped:
            continue
        for key in TEXT_COLUMNS:
            position = doc.columns.get(key)
            if position is not None and position < len(cells):
                cells[position] = _fix_cell(cells[position], key == "indicators", by_fix, counts)
        lines[line - 1] = "\t".join(cells)
    kept = [line for number, line in enumerate(lines, 1) if number not in dropped]
    encoded = newline.join(kept).encode("utf-8" if encoding.startswith("utf-8") else encoding)
    return Fixed((codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b"") + encoded, counts)


def _join(cells_of: dict, doc, fragment_line: int, target_line: int, fragment_first: bool) -> None:
    fragment, target = cells_of[fragment_line], cells_of[target_line]
    for key in ("goal", "indicators"):
        position = doc.columns.get(key)
        if position is None:
            continue
        while len(target) <= position:
            target.append("")
        piece = fragment[position] if position < len(fragment) else ""
        target[position] = piece + target[position] if fragment_first else target[position] + piece


def _fix_cell(cell: str, indicators: bool, by_fix: dict[str, Rule], counts: Counter) -> str:
    for kind, (indicators_only, change) in CELL_FIXES.items():
        rule = by_fix.get(kind)
        if rule and (indicators or not indicators_only):
            cell, changes = change(cell, rule)
            counts[rule.id] += changes
    return cell


def _remove_markup(text: str, rule: Rule) -> tuple[str, int]:
    fixed = html.unescape(TAG.sub("", re.sub(r"<br\s*/?>", " ", text, flags=re.I)))
    return fixed, int(fixed != text)


def _simplify_characters(text: str, rule: Rule) -> tuple[str, int]:
    fixed = opencc_t2s().convert(text)
    return fixed, int(fixed != text)


def _full_width_separators(text: str, rule: Rule) -> tuple[str, int]:
    fixed = LABEL_COLON.sub(lambda match: match[1] + "：", text).replace(";", "；")
    return fixed, int(fixed != text)


def _undouble_values(text: str, rule: Rule) -> tuple[str, int]:
    """Each labelled value the rule's own pattern finds doubled, written once."""
    doubled, changes = re.compile(rule.kwargs["regex"]), 0

    def once(match: re.Match) -> str:
        nonlocal changes
        half = doubled.match(match[3])
        changes += bool(half)
        return f"{match[1]}{match[2]}{half[1]}" if half else match[0]

    return LABELLED_VALUE.sub(once, text), changes


CELL_FIXES = {  # fix -> (only in the indicator cell, change(text, rule) -> (text, changes)), in order
    "remove-markup": (False, _remove_markup),
    "simplify-characters": (False, _simplify_characters),
    "full-width-separators": (True, _full_width_separators),
    "undouble-value": (True, _undouble_values),
}
FIXES = ("join-page-break", *CELL_FIXES)
