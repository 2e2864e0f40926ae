"""Parsing: raw rows -> projects with indicator records; indicator values -> comparator/number/unit/kind.

Pure functions over strings. Nothing here raises on bad content: what cannot be parsed is kept
with an `error` so that a rule can report it.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from .reading import AMOUNTS, Document, Item, Row
from .reading.grid import domain  # noqa: F401  (parsing.domain: the vocabulary, for features and the rest)

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
MARKUP = re.compile(TAG.pattern + r"|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
CODE_SLOT = re.compile(r"^\s*(\d{1,2})\s*[-－—–]\s*(.*?)\s*$")
ITEM_NUMBER = re.compile(r"(\d{1,3})\s*[、．]")




# ---------------------------------------------------------------------------------------- text

def clean(text: str | None) -> str:
    """Cell text without HTML markup or entities, with white space folded."""
    if not text:
        return ""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = html.unescape(TAG.sub("", text))
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


def path_year(path: str) -> int | None:
    """The year in the name of a file, its folder or the folder above, nearest first
    ("huadu-police-2025.txt", "2025/花都分局.txt", "2025/花都分局/表.xlsx" -> 2025), else None.
    Findings depend on it: the cache keys a file's findings by it as well as by its content."""
    for part in reversed(PurePath(path).parts[-3:]):
        match = re.search(r"(?<!\d)(20\d{2})(?!\d)", PurePath(part).stem)
        if match:
            return int(match[1])
    return None


def markup_in(text: str | None) -> list[str]:
    """Distinct HTML remnants in a raw cell, in order of appearance."""
    return list(dict.fromkeys(MARKUP.findall(text or "")))


# ---------------------------------------------------------------------------------- indicators

@dataclass
class Indicator:
    position: int  # 1-based position in the cell
    number: int | None  # as written in the document
    text: str
    l1: str | None = None
    l2: str | None = None
    name: str | None = None
    period: str | None = None
    annual: str | None = None
    error: str | None = None  # the parts that are missing, when it cannot be parsed
    line: int | None = None  # its own row, in the row-per-indicator layout
    declared: Item | None = None  # the row's declared parts (指标性质, 度量单位, 权重, 指标方向性), raw


def split_items(cell: str) -> list[tuple[int | None, str]]:
    """Split a cleaned indicator cell into (number, text) items.

    An item starts at "N、" at the start of the cell or after a full stop; elsewhere only where N
    continues the numbering, so "见附件1、2" inside a value does not start an item.
    """
    starts: list[re.Match] = []
    for match in ITEM_NUMBER.finditer(cell):
        before = cell[: match.start()].rstrip()
        at_boundary = not before or before[-1] in "。.；;>"
        continues = bool(starts) and int(match[1]) == int(starts[-1][1]) + 1
        if at_boundary or continues:
            starts.append(match)
    items: list[tuple[int | None, str]] = []
    head = cell[: starts[0].start()].strip() if starts else cell.strip()
    if head:
        items.append((None, head))  # text before the first number: a fragment or an unnumbered item
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(cell)
        items.append((int(match[1]), cell[match.end(): end].strip()))
    return items


def value_label(field: str) -> str:
    """The label before a target in a summary table's cell (domain.yaml `value_labels`)."""
    return domain()["value_labels"][field]


@lru_cache(maxsize=2)
def _value_mark(field: str) -> re.Pattern:
    return re.compile(re.escape(value_label(field)) + r"\s*[:：]?")


def parse_item(position: int, number: int | None, text: str) -> Indicator:
    item = Indicator(position=position, number=number, text=text)
    period_at = _value_mark("period").search(text)
    annual_at = _value_mark("annual").search(text, period_at.end() if period_at else 0)
    first = min((m.start() for m in (period_at, annual_at) if m), default=len(text))
    _parse_head(item, text[:first])
    if period_at:
        item.period = _strip_value(text[period_at.end(): annual_at.start() if annual_at else len(text)])
    if annual_at:
        item.annual = _strip_value(text[annual_at.end():])
    if not period_at and not annual_at:
        item.error = f"{value_label('period')}、{value_label('annual')}"
    elif not period_at:
        item.error = value_label("period")
    elif not annual_at:
        item.error = value_label("annual")
    elif not item.name:
        item.error = "指标名称"
    return item


def _strip_value(text: str) -> str:
    return re.sub(r"^[\s；;，,]+|[\s；;。.，,]+$", "", text)


def _parse_head(item: Indicator, head: str) -> None:
    parts = [part.strip() for part in re.split(r"[；;]", head.rstrip("。. ")) if part.strip()]
    codes = 0
    while codes < min(2, len(parts)) and CODE_SLOT.match(parts[codes]):
        codes += 1
    if codes == 2 or (codes == 0 and len(parts) >= 3) or (codes == 1 and len(parts) >= 3):
        item.l1, item.l2, rest = parts[0], parts[1], parts[2:]
    elif codes == 1:
        code = CODE_SLOT.match(parts[0])[1]
        if len(code) == 1:
            item.l1 = parts[0]
        else:
            item.l2 = parts[0]
        rest = parts[1:]
    else:
        rest = parts
    item.name = "；".join(rest) or None


def parse_code(slot: str | None) -> tuple[str | None, str | None]:
    """'22-社会效益' -> ('22', '社会效益'); a slot without a code -> (None, name)."""
    if not slot:
        return None, None
    match = CODE_SLOT.match(slot)
    if match:
        return match[1], match[2] or None
    return None, slot.strip() or None


def parse_indicators(cell: str) -> list[Indicator]:
    return [parse_item(pos, number, text) for pos, (number, text) in enumerate(split_items(cell), 1)]


# ------------------------------------------------------------------------------------- values

def alternation(words) -> str:
    """A regex alternation of literal words, the longest first (so 及以上 wins over 以上)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_CMP_WORDS = [(word, op) for op, words in domain()["comparators"]["before"].items() for word in words]
_SUFFIX_WORDS = [(word, op) for op, words in domain()["comparators"]["after"].items() for word in words]
_CMP = alternation(word for word, _ in _CMP_WORDS)
_SUFFIX = alternation(word for word, _ in _SUFFIX_WORDS)
_PERCENT = alternation(domain()["units"]["percent"])
_NUMBER = re.compile(rf"(?P<cmp>{_CMP})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                     rf"(?P<pct>{_PERCENT})?")
_SCORING = re.compile(domain()["scoring_pattern"])
_FORMULA = re.compile(r"[^<>＜＞!=＝\s]\s*[=＝].*[÷×/*]|[÷×]")  # an equation: a term = …/…; not a comparator >= <=
_DEADLINE = domain()["deadline_words"]
_DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*"
                   rf"(?:{alternation(_DEADLINE['end'] + _DEADLINE['by'] + _DEADLINE['done'])})?")


@dataclass(frozen=True)
class Value:
    """A parsed target. Frozen: parse_value hands the same cached object to every row that repeats it."""
    text: str
    kind: str  # empty | percent | count | duration | date | qualitative | scoring | formula
    comparator: str | None = None  # >= > = <= < ≈
    number: float | None = None
    unit: str | None = None
    prefix: str | None = None  # words before the number ("满意度达" -> "满意度")
    direction: str | None = None  # up | down, for targets stated as a change
    target_min: float = math.nan  # smallest value the target admits
    target_max: float = math.nan  # largest value the target admits


@lru_cache(maxsize=65536)  # tables repeat their targets
def parse_value(text: str | None) -> Value:
    text = (text or "").strip()
    if not text:
        return Value(text=text, kind="empty")
    if _SCORING.search(text):
        return Value(text=text, kind="scoring")
    if _FORMULA.search(text):
        return Value(text=text, kind="formula")
    direction = _direction(text)  # scoring rules and formulas talk of decreases too: not here
    date = _DATE.search(text)
    if date and not re.search(r"\d", text[date.end():]):
        return Value(text=text, kind="date", comparator="<=", direction=direction)
    match = _NUMBER.search(text)
    if not match:
        return Value(text=text, kind="qualitative", direction=direction)
    number = float(match["num"].replace(",", ""))
    rest = text[match.end():]
    unit = "%" if match["pct"] in domain()["units"]["percent_spellings"] else (match["pct"] or _unit(rest))
    if match["pct"] is None:
        rest = rest[len(unit):]
    suffix = re.match(rf"\s*({_SUFFIX})", rest)
    words = dict(_CMP_WORDS) | dict(_SUFFIX_WORDS)
    comparator = words[match["cmp"]] if match["cmp"] else (words[suffix[1]] if suffix else "=")
    kind = "percent" if unit in domain()["units"]["percent"] else ("duration" if unit in domain()["units"]["duration"] else "count")
    target_min, target_max = _bounds(comparator, number)
    return Value(text=text, kind=kind, comparator=comparator, number=number, unit=unit,
                 prefix=text[: match.start()].strip() or None, direction=direction,
                 target_min=target_min, target_max=target_max)


def _unit(rest: str) -> str:
    """The unit a value's number is followed by ("万次" in "≥40万次"), or "" if none is known."""
    units = domain()["units"]
    magnitude = re.match(r"[万亿千百]?", rest)[0]
    for unit in sorted(units["count"] + units["duration"], key=len, reverse=True):
        if rest.startswith(magnitude + unit):
            return magnitude + unit
        if rest.startswith(unit):
            return unit
    return magnitude


def _direction(text: str) -> str | None:
    """'down' or 'up' for a target stated as a change (同比下降5%), from domain.yaml's change words."""
    for direction in ("down", "up"):
        if any(word in text for word in domain()["change_words"][direction]):
            return direction
    return None


def _bounds(comparator: str, number: float) -> tuple[float, float]:
    if comparator in ("=", "≈"):
        return number, number
    if comparator == ">=":
        return number, math.inf
    if comparator == ">":
        return math.nextafter(number, math.inf), math.inf
    if comparator == "<=":
        return -math.inf, number
    return -math.inf, math.nextafter(number, -math.inf)


# ------------------------------------------------------------------------------------ projects

@dataclass
class Project:
    line: int
    name: str
    kind: str  # total | subtotal | project
    cells: dict[str, str]  # raw cells (evidence)
    width: int
    indicators: list[Indicator] = field(default_factory=list)
    split_line: int | None = None  # line of the page-break fragment joined into this project
    page: int | None = None  # PDF page of its row
    places: dict[int, dict] | None = None  # forms: line -> where it sits natively (Row.places)
    split_indicator: int | None = None  # the number of the indicator the page break cut in two
    placeholders: dict[int, dict] = field(default_factory=dict)  # template "……" rows left in (Row.placeholders)


def build_projects(doc: Document) -> list[Project]:
    """Rows -> projects, joining rows that a page break cut in two."""
    joins = page_break_joins(doc.rows)
    fragments_of: dict[int, list[tuple[int, bool]]] = {}
    for fragment, (target, fragment_first) in joins.items():
        fragments_of.setdefault(target, []).append((fragment, fragment_first))
    projects: list[Project] = []
    for index, row in enumerate(doc.rows):
        if index in joins:
            continue
        project = _project(row, doc)
        for fragment, fragment_first in fragments_of.get(index, []):
            before, after = (doc.rows[fragment].cells, project.cells) if fragment_first else (project.cells, doc.rows[fragment].cells)
            project.split_indicator = cut_indicator(before.get("indicators"), after.get("indicators"))
            project.cells = _joined(project.cells, doc.rows[fragment].cells, fragment_first)
            project.split_line = doc.rows[fragment].line
        project.indicators = (parse_indicators(clean(project.cells.get("indicators"))) if row.items is None
                              else [_from_item(position, item) for position, item in enumerate(row.items, 1)])
        projects.append(project)
    return projects


def _from_item(position: int, item) -> Indicator:
    """An indicator given on a row of its own: its parts come from their columns, nothing to split."""
    values = "；".join(f"{value_label(field)}：{value}" for field, value in (("period", item.period), ("annual", item.annual))
                      if value is not None)
    text = "；".join(part for part in (clean(item.l1), clean(item.l2), clean(item.name), values) if part)
    indicator = Indicator(position=position, number=position, text=text, l1=clean(item.l1) or None,
                          l2=clean(item.l2) or None, name=clean(item.name) or None,
                          period=None if item.period is None else clean(item.period),
                          annual=None if item.annual is None else clean(item.annual), line=item.line,
                          declared=item)
    if not indicator.name:
        indicator.error = "指标名称"
    elif indicator.annual is None and indicator.period is None:
        indicator.error = value_label("annual")
    return indicator


def page_break_joins(rows: list[Row]) -> dict[int, tuple[int, bool]]:
    """Fragment row index -> (index of the row it belongs to, whether the fragment comes first)."""
    joins: dict[int, tuple[int, bool]] = {}
    previous: int | None = None  # the last row that is not a fragment
    for index, row in enumerate(rows):
        if not _is_fragment(row):
            previous = index
            continue
        following = rows[index + 1] if index + 1 < len(rows) else None
        target = _fragment_target(row, rows[previous] if previous is not None else None, following)
        if target == "previous":
            joins[index] = (previous, False)
        elif target == "next":
            joins[index] = (index + 1, True)
    return joins


def _project(row: Row, doc: Document) -> Project:
    name = clean(row.cells.get("name"))
    has_text = bool(clean(row.cells.get("goal")) or clean(row.cells.get("indicators")))
    if doc.layout == "form":  # a form is one project; it has no 合计 or subtotal
        kind = "project"
    elif re.sub(r"\s+", "", name) in domain()["total_names"]:
        kind = "total"
    elif not has_text and name and (name == doc.department or name.endswith(tuple(domain()["unit_name_suffixes"]))):
        kind = "subtotal"
    else:
        kind = "project"
    return Project(line=row.line, name=name, kind=kind, cells=dict(row.cells), width=row.width, page=row.page,
                   places=row.places, placeholders=row.placeholders)


def _is_fragment(row: Row) -> bool:
    empty = not clean(row.cells.get("name")) and not any(clean(row.cells.get(key)) for key in AMOUNTS)
    return empty and bool(clean(row.cells.get("goal")) or clean(row.cells.get("indicators")))


def _starts_item(cell: str | None) -> bool:
    return bool(re.match(r"\s*\d{1,3}\s*[、．]", clean(cell)))


def _fragment_target(row: Row, previous: Row | None, following: Row | None) -> str | None:
    """Which neighbour a nameless, amountless row belongs to: 'previous', 'next' or None."""
    next_ok = following is not None and not _is_fragment(following) and clean(following.cells.get("name"))
    if not _starts_item(row.cells.get("indicators")) and clean(row.cells.get("indicators")):
        return "previous" if previous else None  # continues the previous project's last indicator
    if next_ok and clean(following.cells.get("indicators")) and not _starts_item(following.cells.get("indicators")):
        return "next"  # the next project's cell starts mid-indicator: the fragment is its beginning
    if previous:
        return "previous"
    return "next" if next_ok else None


def cut_indicator(before: str | None, after: str | None) -> int | None:
    """The number of the indicator a page break cut: the last one begun before the break, when the
    text after it does not begin an indicator of its own."""
    if not clean(after) or _starts_item(after):
        return None
    numbers = [number for number, _ in split_items(clean(before)) if number is not None]
    return numbers[-1] if numbers else None


def _joined(cells: dict[str, str], fragment: dict[str, str], fragment_first: bool) -> dict[str, str]:
    joined = dict(cells)
    for key in ("goal", "indicators"):
        parts = [fragment.get(key) or "", cells.get(key) or ""]
        joined[key] = "".join(parts if fragment_first else parts[::-1])
    return joined
