"""Safe fixes: corrections that cannot change what a table says. Everything else stays a finding.

- HTML remnants: tags removed, entities turned back into characters (FM01);
- traditional characters turned into simplified ones, phrase-aware (FM03);
- the separators of the indicator cells in full width: "指标值:" -> "指标值：", ";" -> "；" (FM04);
- a row cut by a page break joined back into its project and the fragment row deleted (ST02);
- a target value written twice in full reduced to once: "达到98%达到98%" -> "达到98%" (DU01).

The file keeps its encoding, byte-order mark and line endings. Only the tab-separated text export
is fixed; other formats are reported as not supported.
"""
from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from .features import opencc_t2s
from .parsing import TAG, page_break_joins
from .reading import InputError, decode, read_document, split_lines

TEXT_COLUMNS = ("name", "goal", "indicators")
DOUBLED_VALUE = re.compile(r"(实施周期指标值|年度指标值)(\s*[:：]\s*)(.*?)(?=[；;。]|$)")


@dataclass
class Fixed:
    data: bytes
    counts: Counter = field(default_factory=Counter)  # fix kind (rule id) -> number of changes


def fix(path: str, data: bytes) -> Fixed:
    doc = read_document(path, data)  # the same checks as a lint: a file that cannot be read is not fixed
    if doc.format != "text":
        raise InputError("fix_unsupported", format=doc.format)
    text, encoding = decode(data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = split_lines(text)
    counts: Counter = Counter()
    cells_of = {row.line: lines[row.line - 1].split("\t") for row in doc.rows}
    dropped: set[int] = set()
    for fragment, (target, fragment_first) in page_break_joins(doc.rows).items():
        _join(cells_of, doc, doc.rows[fragment].line, doc.rows[target].line, fragment_first)
        dropped.add(doc.rows[fragment].line)
        counts["ST02"] += 1
    for line, cells in cells_of.items():
        if line in dropped:
            continue
        for key in TEXT_COLUMNS:
            position = doc.columns.get(key)
            if position is not None and position < len(cells):
                cells[position] = _fix_cell(cells[position], key == "indicators", counts)
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


def _fix_cell(cell: str, indicators: bool, counts: Counter) -> str:
    fixed = html.unescape(TAG.sub("", re.sub(r"<br\s*/?>", " ", cell, flags=re.I)))
    counts["FM01"] += fixed != cell
    simplified = opencc_t2s().convert(fixed)
    counts["FM03"] += simplified != fixed
    fixed = simplified
    if indicators:
        punctuated = re.sub(r"指标值\s*:", "指标值：", fixed).replace(";", "；")
        counts["FM04"] += punctuated != fixed
        fixed = punctuated
        fixed = DOUBLED_VALUE.sub(lambda m: _undouble(m, counts), fixed)
    return fixed


def _undouble(match: re.Match, counts: Counter) -> str:
    value = match[3]
    half = re.fullmatch(r"(.*[^\d.].*)\1", value)
    if not half:
        return match[0]
    counts["DU01"] += 1
    return f"{match[1]}{match[2]}{half[1]}"
