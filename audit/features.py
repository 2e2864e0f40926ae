"""Tidy tables: documents -> documents, projects, indicators and values DataFrames with the derived
columns the rules check.

Derived columns: how to add one
-------------------------------
A rule's record says what it asserts; the facts it asserts them on that are not plain text of the
table are *derived columns*, each computed by one small pure function registered here under the
column it produces, and named by the records that read it (`derived: [vague]`; the catalogue
rejects an unknown name). To add one:

1. Write the function next to its kin below and register it with `@derived(table, column)`:

       @derived("values", "vague", inputs=("value", "name", "measure"))
       def vague_target(value, name, measure) -> bool: ...

   `table` is documents | projects | indicators | values, or a table of the corpus step
   (corpus_values | corpus_projects, registered in audit/corpus.py). The function gets, by position, the
   `inputs` it names (default: its own parameter names): columns of the row being built (location,
   text, and derived columns registered *above* it) or the row's source objects (`value`: the
   parsed Value of a values row; `period_value`/`annual_value`, `item` (the Indicator) for an
   indicator row; `inside` (an `Inside`) for a project row, to locate a text among its indicators;
   `project` objects are not needed: use columns). It returns the column's value.
2. A column that needs a whole document's rows (numbering, twins, sums) registers with
   `whole_document=True` and may produce several columns: the function gets the document's row
   lists by table name (`def _sum_children(projects)`) and sets the columns on the rows. The
   corpus tables are whole over a run: their whole-table functions get the DataFrame (peers).
3. A threshold comes from the rule, not from here: a keyword-only parameter of the function
   (`*, similarity`) receives that option of the active rules that list the column in `derived:`
   (the lowest, when several do); with none active, of the catalogue's records.
4. List the column in the record's `derived:` and write its fixture cases. A rule that must yield to
   another on the same place says so in its record (`unless: [<the other rule's id>]`), never by
   silencing it here.

Location: every row is built by `location()`, with the columns the engine turns into a finding
(LOCATION) and the address of the cell of each field a rule on its table may name (CELL_FIELDS). A
finding about a text inside a project row (traditional characters in one indicator's target) is
located by a derived column the record names (`location: traditional_at`) that gives the same
columns for that text (`Inside`); the engine lays them over the row's.
"""
from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .findings import cell_column
from .i18n import field_label
from .parsing import Indicator, Project, alternation, clean, domain, markup_in, parse_code, parse_value, path_year
from .reading import AMOUNTS, Document



@dataclass
class Parsed:
    """One read document with its projects, as the tables are built from it."""
    doc: Document
    projects: list[Project]


# ------------------------------------------------------------------------------ the location

LOCATION = ("path", "doc", "line", "project", "indicator", "field", "sheet", "table", "page", "cell")
CELL_FIELDS = {  # the fields a finding on a table's rows may name, each with a cell_<field> column
    "documents": ("row", "indicators"),
    "projects": ("row", "goal", "total", "amounts", "indicators", "weight"),
    "indicators": ("l1", "l2", "name", "indicators", "period", "annual", "nature", "unit", "weight", "direction"),
    "values": ("period", "annual"),
    "corpus_values": ("period", "annual"),  # the corpus step's tables (audit/corpus.py)
    "corpus_projects": ("row",),
}


def location(table: str, doc: Document, doc_index: int, line: int | None, **about) -> dict:
    """A row's location columns: where it is (file, document, line, sheet, HTML table, PDF page), what
    it is about (project, indicator, field), its own cell and the cell of each of its table's fields."""
    return location_columns(table, path=doc.path, doc=doc_index, line=line, sheet=doc.sheet,
                            html_table=doc.table, **about)


def location_columns(table: str, *, path: str, doc: int | None = None, line: int | None = None,
                     sheet: str | None = None, html_table: int | None = None, page: int | None = None,
                     project: str | None = None, indicator: int | None = None, field: str | None = None,
                     cell: str | None = None, cells: dict[str, str | None] | None = None) -> dict:
    """The location columns (LOCATION and the cell_<field> of each of the table's fields) from their
    parts: for rows built from a Document (`location`) or from a file's summary (the corpus step)."""
    cells = cells or {}
    return {"path": path, "doc": doc, "line": line, "project": project, "indicator": indicator,
            "field": field, "sheet": sheet, "table": html_table, "page": page, "cell": cell,
            **{cell_column(name): cells.get(name) for name in CELL_FIELDS[table]}}


# ------------------------------------------------------------------------------ the registry

TABLES = ("documents", "projects", "indicators", "values")  # the tables built here, one row list each

@dataclass(frozen=True)
class Derived:
    table: str
    columns: tuple[str, ...]
    function: Callable
    inputs: tuple[str, ...]  # row columns or source objects, passed by position
    options: tuple[str, ...]  # rule options, passed by keyword
    whole_document: bool


DERIVED: dict[tuple[str, str], Derived] = {}  # (table, column) -> how it is computed, in registration order


def derived(table: str, *columns: str, inputs: tuple[str, ...] | None = None, whole_document: bool = False):
    """Register the decorated function as the producer of `columns` of `table` (see the module's
    docstring); the function itself is returned unchanged."""
    def register(function: Callable) -> Callable:
        parameters = inspect.signature(function).parameters.values()
        positional = tuple(p.name for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD)
        options = tuple(p.name for p in parameters if p.kind == p.KEYWORD_ONLY)
        entry = Derived(table, columns, function, inputs or positional, options, whole_document)
        for column in columns:
            if (table, column) in DERIVED:
                raise ValueError(f"derived column {table}.{column} registered twice")
            DERIVED[table, column] = entry
        return function
    return register


def derive_row(table: str, row: dict, sources: dict, options: dict[str, dict]) -> dict:
    """The row with the derived columns of its table filled in, in the order they were registered."""
    for entry in _entries(table, whole_document=False):
        arguments = [sources[name] if name in sources else row[name] for name in entry.inputs]
        row[entry.columns[0]] = _call(entry, arguments, options)
    return row


def derive_tables(tables: dict, options: dict[str, dict], names: tuple[str, ...] = TABLES) -> None:
    """The whole-table columns of the tables `names`: a document's row lists, or the corpus step's
    DataFrames."""
    for table in names:
        for entry in _entries(table, whole_document=True):
            if _call(entry, [tables[name] for name in entry.inputs], options) is _UNUSED:
                for row in tables[table]:
                    row.update(dict.fromkeys(entry.columns))


_UNUSED = object()


def _call(entry: Derived, arguments: list, options: dict[str, dict]):
    """The function's result; _UNUSED when no rule gives the options it needs (so none reads it)."""
    chosen = options.get((entry.table, entry.columns[0]), {})
    if any(option not in chosen for option in entry.options):
        return _UNUSED if entry.whole_document else None
    return entry.function(*arguments, **{option: chosen[option] for option in entry.options})


def _entries(table: str, whole_document: bool) -> list[Derived]:
    unique = dict.fromkeys(DERIVED.values())
    return [e for e in unique if e.table == table and e.whole_document == whole_document]


def derived_options(rules, settings=None) -> dict[tuple[str, str], dict]:
    """Per derived column, the options its function takes, from the rules that list it (the lowest
    value when several do)."""
    chosen: dict[tuple[str, str], dict] = {}
    for rule in rules:
        values = settings.rules[rule.id].options if settings else rule.options
        for column in rule.derived:
            entry = DERIVED[rule.table, column]
            for option in entry.options:
                if option in values:
                    known = chosen.setdefault((entry.table, entry.columns[0]), {})
                    known[option] = min(known.get(option, values[option]), values[option])
    return chosen


# ------------------------------------------------------------------------------ category codes

def _name_key(name: str) -> str:
    """A category name as compared: no white space, no gloss in brackets (时效指标(工期指标),
    预算(或投资规模)控制指标), no trailing 指标."""
    return re.sub(r"[(（][^()（）]*[)）]", "", re.sub(r"\s+", "", name)).removesuffix("指标")


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for code, entry in domain()["categories"].items():
        for name in [entry["name"], *entry.get("aliases", [])]:
            index.setdefault(_name_key(name), set()).add(code)
    return {key: frozenset(codes) for key, codes in index.items()}


def known_code(code: str | None) -> bool:
    return code is not None and code in domain()["categories"]


def code_label(code: str | None) -> str | None:
    return f"{code}-{domain()['categories'][code]['name']}" if known_code(code) else None


def children_label(code: str) -> str:
    """The level-2 codes a level-1 code admits, as one would write them: '31-服务对象满意度'."""
    return "/".join(code_label(c) for c in domain()["categories"] if len(c) == 2 and c[0] == code)


@lru_cache(maxsize=65536)
def slot_code(slot: str | None, level: int) -> str | None:
    """The slot's code as written, else the code its name stands for at that level
    ("产出指标" in the level-1 place -> "1"), so tables written without codes are checked too."""
    code, name = parse_code(slot)
    if code or not name:
        return code
    codes = _codes_by_name().get(_name_key(name), frozenset())
    at_level = [c for c in codes if len(c) == level]
    return at_level[0] if len(at_level) == 1 else (next(iter(codes)) if len(codes) == 1 else None)


def effective_level1(l1_code: str | None, l2_code: str | None) -> str | None:
    """The level-1 category an indicator really belongs to: its level-2 code decides when known."""
    for code in (l2_code, l1_code):
        if known_code(code) and len(code) == 2:
            return code[0]
    for code in (l1_code, l2_code):
        if known_code(code) and len(code) == 1:
            return code
    return None


@lru_cache(maxsize=65536)
def code_name_conflict(slot: str | None) -> str | None:
    """A hint when a slot's code and name name different categories ('2-产出指标'), else None."""
    code, name = parse_code(slot)
    codes = _codes_by_name().get(_name_key(name or ""))
    if not known_code(code) or not codes or code in codes:
        return None
    named = "、".join(code_label(c) for c in sorted(codes))
    return f"{code_label(code)} / {named}"


@lru_cache(maxsize=65536)
def level_fix(l1: str | None, l2: str | None) -> str | None:
    """The category pair an indicator whose slots hold codes of the wrong level should have.

    The more specific level-2 code decides: '13-时效指标；2-效益指标' -> '1-产出指标；13-时效指标'.
    """
    l1_code, _ = parse_code(l1)
    l2_code, _ = parse_code(l2)
    if not (known_code(l1_code) and known_code(l2_code)):
        return None
    if len(l1_code) == 2:  # swapped, or a level-2 code in the level-1 slot
        level2 = l2 if len(l2_code) == 2 and l2_code[0] == l1_code[0] else l1
        return f"{code_label(l1_code[0])}；{level2}"
    if len(l2_code) == 1:  # a level-1 code in the level-2 slot: '3-满意度指标；3-满意度指标'
        return f"{l1}；{children_label(l1_code)}"
    return None


# ---------------------------------------------------------------------------- indicator names

FLIP = {"positive": "negative", "negative": "positive"}


@derived("indicators", "polarity")
@lru_cache(maxsize=65536)
def polarity(name: str | None) -> str | None:
    """'positive' or 'negative', composed from the name (see `polarity` in domain.yaml): the head
    term, flipped by a negation right before it, then turned by a change word after it."""
    sense, change = composition(name)
    if sense is None or change == "neutral":
        return None
    return FLIP[sense] if change == "down" else sense


@lru_cache(maxsize=65536)
def composition(name: str | None) -> tuple[str | None, str | None]:
    """(the sense of the measure itself, the change the name states after it: 'up' | 'down' |
    'neutral' | None). "投诉下降率" -> ('negative', 'down'); "不合格率" -> ('negative', None)."""
    name = name or ""
    head = _head(name)
    if head is None:
        return None, _change(name)
    start, end, sense = head
    return (FLIP[sense] if _negated(name, start) else sense), _change(name[end:])


def _head(name: str) -> tuple[int, int, str] | None:
    """(start, end, sense) of the lexicon term that ends last in the name, the longer on a tie."""
    best: tuple[int, int, str] | None = None
    for sense, terms in domain()["polarity"].items():
        for term in terms:
            at = name.rfind(term)
            if at >= 0 and (best is None or (at + len(term), len(term)) > (best[1], best[1] - best[0])):
                best = (at, at + len(term), sense)
    return best


@lru_cache(maxsize=1)
def _negation_pattern() -> re.Pattern:
    negation = domain()["negation"]
    words, manner = "|".join(negation["words"]), "|".join(negation["manner"])
    return re.compile(f"({words})(?:{manner})?$")


def _negated(name: str, head_start: int) -> bool:
    """A negation word right before the head, or before a manner word before it (未按时完成率);
    elsewhere (非法营运车辆查处率, 不动产登记办结率) it negates something else."""
    return bool(_negation_pattern().search(name[:head_start]))


def _change(text: str) -> str | None:
    """The direction of the last change word in the text ('up' | 'down'), 'neutral' when its only
    change words name none (同比, 幅度), else None."""
    last: tuple[int, str] | None = None
    for direction, words in domain()["change_words"].items():
        for word in words:
            at = text.rfind(word)
            if at >= 0 and direction != "neutral" and (last is None or at > last[0]):
                last = (at, direction)
            elif at >= 0 and last is None:
                last = (-1, "neutral")
    return last[1] if last else None


def change_words() -> list[str]:
    return [word for words in domain()["change_words"].values() for word in words]


@derived("indicators", "measure")
@derived("values", "measure", inputs=("name",))
@lru_cache(maxsize=65536)
def measure(name: str | None) -> str | None:
    """'rate' for a level expressed as a share (…率, 满意度), 'change' for a rate of change
    (…提升率, …下降幅度: may exceed 100%, but is a percentage still), 'count' for …数量/…次数;
    None for other measures (and for a name that states a change without a rate: 提高群众满意度)."""
    name = name or ""
    if any(word in name for word in change_words()):
        words = "|".join(change_words())
        rate_of_change = re.search(f"(?:{words}){domain()['change_rate_ending']}$", name)
        return "change" if rate_of_change or name.endswith(tuple(domain()["change_rates"])) else None
    if re.search(domain()["rate_name_pattern"], name):
        return "rate"
    return "count" if re.search(domain()["count_name_pattern"], name) else None


@lru_cache(maxsize=65536)
def without_change(text: str | None) -> str:
    """The measure a value's prefix names, without the change it states ("投诉率同比下降" -> "投诉率")."""
    words = "|".join(sorted(change_words() + domain()["reach_words"], key=len, reverse=True))
    return re.sub(f"(?:{words})+$", "", text or "").strip("（(：: ")


@derived("values", "other_measure", inputs=("prefix", "name"))
def other_measure(prefix: str | None, name: str | None, max_similarity: float = 0.4) -> str | None:
    """The measure a value names when it is not the indicator's own: "每个月拦截病毒攻击次数" in
    the value of 公安网中断次数. Words of change (下降, 提升) are not part of the measure."""
    measure_text = without_change(prefix)
    if not measure_text or not name or not any(term in measure_text for term in domain()["measure_terms"]):
        return None
    if measure_text in name or name in measure_text:
        return None
    return measure_text if SequenceMatcher(None, measure_text, name).ratio() < max_similarity else None


@lru_cache(maxsize=65536)
def is_vague(text: str | None) -> bool:
    """A target of words alone that sets no level: 提升, 持续向好, 有所提升, 达标."""
    core = text or ""
    for modifier in domain()["vague_modifiers"]:
        core = core.replace(modifier, "")
    return bool(core) and core in domain()["vague_targets"]


@derived("values", "vague", inputs=("value", "measure"))
def vague_target(value, measure_kind: str | None) -> bool:
    """Words alone where a level is needed: any words for a rate or a count, bare words of change
    (提升, 持续向好) for anything."""
    return value.kind == "qualitative" and (measure_kind is not None or is_vague(value.text))


@derived("values", "unit_conflict", inputs=("measure", "value", "name"))
def unit_conflict(measure_kind: str | None, value, name: str | None) -> bool:
    """A rate or a rate of change whose target is a count, a duration or a date (">12门",
    "工作效率提升率 20台"), a count with % or a duration (but a count of days in days: 开放天数 300天,
    and a count's change in %: 事故死亡人数 较上年下降10%; nor a satisfaction score: 满意度 ≥90分)."""
    if measure_kind in ("rate", "change"):
        score = value.unit in domain()["score_units"] and is_satisfaction(name)
        return value.kind in ("duration", "date") or (value.kind == "count" and bool(value.unit) and not score)
    if measure_kind == "count":
        return (value.kind == "percent" and not value.direction) or (
            value.kind == "duration" and not counts_its_unit(name, value.unit))
    return False


def counts_its_unit(name: str | None, unit: str | None) -> bool:
    """A name that counts the value's own unit: 免费开放天数 (300天), 培训小时数 (40小时)."""
    return bool(unit) and (name or "").endswith(f"{unit.removeprefix('个')}数")


@derived("indicators", "pair_conflict", inputs=("period_value", "annual_value"))
def pair_conflict(period, annual) -> str | None:
    """Period and annual targets that disagree in unit or in direction ("≥95%" vs "≤5%")."""
    numeric = ("percent", "count", "duration")
    if period.kind not in numeric or annual.kind not in numeric:
        return None
    if period.unit != annual.unit:
        return "unit"
    lower, upper = (">=", ">"), ("<=", "<")
    sides = {side for v in (period, annual) for side, group in (("lower", lower), ("upper", upper))
             if v.comparator in group}
    if len(sides) == 2 or (period.direction and annual.direction and period.direction != annual.direction):
        return "direction"
    return None


@derived("indicators", "name_doubling", inputs=("name",))
@derived("values", "text_doubling", inputs=("text",))
@lru_cache(maxsize=65536)
def doubled_fragment(text: str | None) -> str | None:
    """A fragment written twice in a row ("见义勇为为标准" -> "为为"); reduplicated words (人人, 常常)
    are not doubling."""
    text = text or ""
    typo = re.search(f"([{domain()['doubling_typo_chars']}])\\1", text)
    if typo:
        return typo[0]
    longer = re.search(r"([\u4e00-\u9fff][^\s]+?)\1", text)
    return longer[0] if longer and len(longer[1]) >= 2 else None


@derived("indicators", "stray_tail")
@lru_cache(maxsize=65536)
def stray_tail(name: str | None) -> str | None:
    """A digit stuck to the end of a Chinese name: "交通信号设施设备正常率1" -> "1"."""
    match = re.search(r"[\u4e00-\u9fff](\d)$", name or "")
    return match[1] if match else None


@derived("indicators", "is_input")
@lru_cache(maxsize=65536)
def is_input(name: str | None) -> bool:
    return any(term in (name or "") for term in domain()["input_terms"])


def _plain(text: str | None) -> str:
    return re.sub(r"[\s，,。.；;：:、（）()“”\"']", "", text or "")


@derived("values", "repeats_name", inputs=("text", "name"))
def repeats_name(value: str | None, name: str | None) -> bool:
    return bool(value) and bool(name) and _plain(value) == _plain(name)


@derived("indicators", "counts_comparable", inputs=("period_value", "annual_value"))
def comparable_counts(period, annual) -> bool:
    """Both values are counts in one unit with the same comparator, so their sizes can be compared
    ("≥270万辆" admits the year's "300万辆": different comparators are not compared)."""
    return (period.kind == annual.kind == "count" and period.unit == annual.unit
            and period.comparator == annual.comparator)


# ------------------------------------------------------------------------------ declared parts
# 指标性质, 度量单位, 权重 and 指标方向性 of row-per-indicator sheets, raw in the indicator row's
# nature, declared_unit, weight and declared_direction columns (None where the layout has none). A
# declared direction is the polarity the target rules use (declared_polarity, target_polarity).

@derived("indicators", "declared_bound", inputs=("nature",))
@lru_cache(maxsize=1024)
def declared_bound(nature: str | None) -> str | None:
    """What a declared 指标性质 says: 'lower' (≥), 'upper' (≤), 'exact' (=), 'qualitative' (定性)."""
    text = re.sub(r"\s+", "", nature or "")
    return next((bound for bound, words in domain()["declared"]["natures"].items() if text in words), None)


@derived("indicators", "declared_sense", inputs=("declared_direction",))
@lru_cache(maxsize=1024)
def declared_sense(direction: str | None) -> str | None:
    """What a declared 指标方向性 says: 'positive' (正向指标) or 'negative' (反向指标)."""
    senses = domain()["declared"]["directions"].items()
    return next((sense for sense, words in senses if any(w in (direction or "") for w in words)), None)


@derived("indicators", "direction_operator_conflict", inputs=("declared_sense", "declared_bound"))
def direction_operator_conflict(sense: str | None, bound: str | None) -> bool:
    """正向 with an upper bound, 反向 with a lower bound: the declared parts contradict each other."""
    return (sense, bound) in (("positive", "upper"), ("negative", "lower"))


@derived("indicators", "declared_polarity", inputs=("declared_sense", "direction_operator_conflict"))
def declared_polarity(sense: str | None, against_operator: bool) -> str | None:
    """The polarity a declared direction gives the target rules; none where it contradicts the declared
    operator (one of the two is wrong, direction_operator_conflict says so, and the name decides)."""
    return None if against_operator else sense


@derived("indicators", "direction_polarity_conflict", inputs=("declared_sense", "polarity", "declared_bound"))
def direction_polarity_conflict(sense: str | None, name_polarity: str | None, bound: str | None) -> bool:
    """The declared direction against the name's polarity. The target rules judge by the declared
    direction, so this is where the disagreement is reported; a bound against the direction is
    direction_operator_conflict's."""
    return bool(sense and name_polarity and sense != name_polarity) and not direction_operator_conflict(sense, bound)


def _numeric(value) -> bool:
    return value.number is not None and value.kind in ("percent", "count", "duration")


@derived("indicators", "nature_on_text", inputs=("declared_bound", "annual_value"))
def nature_on_text(bound: str | None, annual) -> bool:
    """A declared operator (≥ ≤ =) on a target of words: nothing to compare."""
    return bound in ("lower", "upper", "exact") and annual.kind == "qualitative"


@derived("indicators", "qualitative_number", inputs=("declared_bound", "annual_value"))
def qualitative_number(bound: str | None, annual) -> bool:
    """定性 declared on a numeric target."""
    return bound == "qualitative" and _numeric(annual)


def _unit_key(unit: str | None) -> str:
    key = re.sub(r"\s+", "", unit or "")
    return "%" if key in domain()["units"]["percent_spellings"] else key


@derived("indicators", "declared_unit_conflict", inputs=("declared_unit", "annual_value"))
def declared_unit_conflict(declared_unit: str | None, annual) -> str | None:
    """The declared 度量单位 when the target names another unit ("95%" declared in 台)."""
    declared, written = _unit_key(declared_unit), _unit_key(annual.unit)
    return declared_unit if _numeric(annual) and declared and written and declared != written else None


def parse_weight(text: str | None) -> tuple[float, str | None]:
    """A declared weight: (number, None); blank -> (nan, None); not a positive number -> (nan, the text)."""
    if not clean(text):
        return math.nan, None
    number, bad = parse_amount(text)
    return (math.nan, clean(text)) if bad is not None or number <= 0 else (number, None)


@derived("indicators", "weight_invalid", inputs=("weight",))
def weight_invalid(weight: str | None) -> str | None:
    return parse_weight(weight)[1]


@derived("indicators", "weight_missing", whole_document=True)
def _weights_missing(indicators: list[dict]) -> None:
    """No weight on a row while another indicator of the project has one."""
    weighted = {row["project_line"] for row in indicators if clean(row["weight"])}
    for row in indicators:
        row["weight_missing"] = row["weight"] is not None and not clean(row["weight"]) and row["project_line"] in weighted


@derived("projects", "weight_sum", whole_document=True)
def _weight_sums(projects: list[dict], indicators: list[dict]) -> None:
    """The sum of a project's declared weights when every indicator has a valid one, else nan
    (missing and invalid weights are findings of their own)."""
    weights: dict[int, list[float]] = {}
    for row in indicators:
        weights.setdefault(row["project_line"], []).append(parse_weight(row["weight"])[0])
    for row in projects:
        found = weights.get(row["line"]) if row["row_kind"] == "project" else None
        row["weight_sum"] = round(sum(found), 2) if found and not any(math.isnan(w) for w in found) else math.nan


# --------------------------------------------------------------------------------------- years

_YEAR_RANGE = re.compile(r"(?<!\d)20\d{2}\s*年?\s*[-－—–~～至到]\s*(?=20\d{2}(?!\d))")
_YEAR_PHRASE = re.compile(r"(?<!\d)(20\d{2})\s*年(?:度)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
                          rf"(?:{alternation(domain()['deadline_words']['end'])})?"
                          rf"(?:{alternation(domain()['deadline_words']['by'])})?")
# A year named as a base of comparison, a starting point, a past fact or a document cited is not a
# stale target (the words are in domain.yaml, year_base_words).
_BASE_BEFORE = re.compile(rf"({alternation(domain()['year_base_words']['before'])})\s*$")
_BASE_AFTER = re.compile(rf"^\s*({alternation(domain()['year_base_words']['after'])})")


def title_year(title: str | None) -> int | None:
    """The year a title names ("2025年项目支出绩效目标表" -> 2025), else None."""
    match = re.search(r"(?<!\d)(20\d{2})\s*年", title or "")
    return int(match[1]) if match else None


@derived("projects", "stale_year", inputs=("goal", "budget_year"))
@derived("values", "stale_year", inputs=("text", "budget_year"))
@lru_cache(maxsize=65536)
def stale_year(text: str | None, budget_year: int | None) -> str | None:
    """The first year phrase in a goal or target that lies before the budget year ("2023年底前" in
    a 2025 table); a base of comparison (较2023年) and the start of a period (2023-2025年) are not."""
    if not text or not budget_year:
        return None
    starts = {match.end() for match in _YEAR_RANGE.finditer(text)}  # where a period's end year begins
    range_heads = {m.start() for m in _YEAR_RANGE.finditer(text)}
    for match in _YEAR_PHRASE.finditer(text):
        if match.start() in range_heads and match.start() not in starts:
            continue  # the first year of a period: its end decides
        if int(match[1]) >= budget_year:
            continue
        if _BASE_BEFORE.search(text[:match.start()]) or _BASE_AFTER.match(text[match.end():]):
            continue
        return match[0].strip()
    return None


def budget_year(doc: Document, stated: int | None = None) -> int | None:
    """The year the table budgets for: the one stated for the run (configuration `budget_year`,
    --budget-year), else the one its file or folder is named with (the reviewer's label of the
    submission), else the one its title names (then the title cannot be checked against it)."""
    return stated or path_year(doc.path) or title_year(doc.title)


# ------------------------------------------------------------------------------------- amounts

def parse_amount(text: str | None) -> tuple[float, str | None]:
    """'1,318.29' -> 1318.29; empty -> 0; anything else -> (nan, the text)."""
    text = clean(text).replace(",", "").replace("，", "")
    if text in ("", "-", "—", "－"):
        return 0.0, None
    try:
        number = float(text)
    except ValueError:
        return math.nan, text
    return (number, None) if number >= 0 and math.isfinite(number) else (math.nan, text)


# -------------------------------------------------------------------------------------- tables

def build_tables(parsed: list[Parsed], rules=None, settings=None) -> dict:
    """The four tables of the documents, as DataFrames. Thresholds of derived columns come from the
    rules that read them (with their settings), by default from every record of the catalogue."""
    import pandas as pd

    if rules is None:
        from .catalogue import load_rules
        rules = load_rules()
    options = derived_options(rules, settings)
    stated_year = settings.budget_year if settings else None
    tables: dict[str, list[dict]] = {table: [] for table in TABLES}
    for doc_index, item in enumerate(parsed):
        document = _document_tables(doc_index, item, options, budget_year(item.doc, stated_year))
        derive_tables(document, options)
        for table in TABLES:
            tables[table] += document[table]
    return {table: pd.DataFrame(rows) for table, rows in tables.items()}


def _document_tables(doc_index: int, item: Parsed, options: dict[str, dict], year: int | None) -> dict[str, list[dict]]:
    has_sources = item.doc.layout != "form" and any(key in item.doc.rows[0].cells for key in ("fiscal", "special", "other"))
    projects = [_project_row(doc_index, item.doc, project, has_sources, options, year) for project in item.projects]
    indicators, values = [], []
    for project in item.projects:
        if project.kind != "project":
            continue
        for indicator in project.indicators:
            row = _indicator_row(doc_index, item.doc, project, indicator, options, year)
            indicators.append(row)
            values += _value_rows(item.doc, row, indicator, options)
    return {"documents": [_document_row(doc_index, item, options, year)], "projects": projects,
            "indicators": indicators, "values": values}


def _document_row(doc_index: int, item: Parsed, options: dict[str, dict], year: int | None) -> dict:
    cells = "".join(clean(p.cells.get("indicators")) for p in item.projects)
    insides = [Inside(item.doc, project) for project in item.projects if project.kind == "project"]
    return derive_row("documents", {
        **location("documents", item.doc, doc_index, item.doc.header_line), "title": item.doc.title, "budget_year": year},
        {"cells": cells, "insides": insides}, options)


derived("documents", "title_year", inputs=("title",))(title_year)


@derived("documents", "title_year_mismatch")
def title_year_mismatch(title_year: int | None, budget_year: int | None) -> bool:
    """The title names a year other than the one the table budgets for."""
    return title_year is not None and budget_year is not None and title_year != budget_year


SEPARATORS = (("：", ":"), ("；", ";"))  # (full, half) width forms of the indicator cells' separators


def _separator_pattern(form: str) -> str:
    """A colon after 指标值 (a colon elsewhere, as in 12:00, is no separator); a semicolon anywhere."""
    return r"指标值\s*" + re.escape(form) if form in "：:" else re.escape(form)


@derived("documents", "punctuation_mix", inputs=("cells",))
def punctuation_mix(text: str) -> str | None:
    """Full- and half-width forms of the same separator in one document: "：×40、:×210"."""
    mixes = []
    for full, half in SEPARATORS:
        count_full, count_half = (len(re.findall(_separator_pattern(form), text)) for form in (full, half))
        if count_full and count_half:
            mixes.append(f"{full}×{count_full}、{half}×{count_half}")
    return "；".join(mixes) or None


@derived("documents", "punctuation_at", inputs=("punctuation_mix", "insides"))
def punctuation_at(found: str | None, insides) -> dict | None:
    """Where the mix shows: the first indicator with a half-width separator that the record's
    suggestion (and `fix`) makes full width, with its project and cell."""
    if not found:
        return None
    half_width = [_separator_pattern(half) for _, half in SEPARATORS]
    for inside in insides:
        for item in inside.items:
            if any(re.search(pattern, item.text or "") for pattern in half_width):
                project = inside.project
                return {**inside(item, "indicators"), "project": project.name or None,
                        "line": item.line or project.line, "page": project.page}
    return None


def _project_row(doc_index: int, doc: Document, project: Project, has_sources: bool, options: dict,
                 year: int | None) -> dict:
    amounts = {key: parse_amount(project.cells.get(key))[0] for key in AMOUNTS}
    raw = "".join(project.cells.get(key) or "" for key in ("name", "goal", "indicators"))

    def at(*columns: str) -> str | None:
        return _address(doc, project, project.line, *columns)

    return derive_row("projects", {
        **location("projects", doc, doc_index, project.line, page=project.page,
                   project=None if project.kind == "total" else (project.name or None), cell=at("name"),
                   cells={"row": at("name"), "goal": at("goal"), "total": at("total"), "amounts": at("total"),
                          "indicators": at("indicators", "l3"), "weight": at("weight")}),
        **_place_columns(doc, project, project.line),  # a form's own sheet, Word table or page
        "project_line": project.line, "name": project.name, "row_kind": project.kind,
        **amounts,
        "sources": amounts["fiscal"] + amounts["special"] + amounts["other"],
        "goal": clean(project.cells.get("goal")) or clean(project.cells.get("goal_period")) or None,
        "budget_year": year,
        "goal_period": clean(project.cells.get("goal_period")) or None,  # forms: 实施期目标
        "period_total": parse_amount(project.cells["period_total"])[0] if "period_total" in project.cells else math.nan,
        "indicator_names": "；".join(sorted(_plain(i.name) for i in project.indicators if i.name)),
        "split_line": project.split_line, "split_indicator": project.split_indicator,
        "cells_missing": max(0, doc.width - project.width),
        "n_indicators": len(project.indicators),
    }, {"cells": project.cells, "has_sources": has_sources, "raw": raw, "form": doc.layout == "form",
        "inside": Inside(doc, project)}, options)


@dataclass(frozen=True)
class Inside:
    """Locates a text inside a project's row: `items` are its indicators, `inside(item, field)` the
    location columns (LOCATION, cell_<field>) of one indicator's field."""
    doc: Document
    project: Project

    @property
    def items(self) -> list[Indicator]:
        return self.project.indicators

    def __call__(self, item: Indicator, field: str) -> dict:
        cells = _indicator_cells(self.doc, self.project, item)
        return {"indicator": item.number if item.number is not None else item.position, "indicator_name": item.name,
                "field": field, "line": item.line, cell_column(field): cells.get("cells", {}).get(field) or cells["cell"]}


def _place_columns(doc: Document, project: Project, line: int) -> dict:
    """sheet, table and page of a line of the project: a form's own place, else the document's."""
    place = (project.places or {}).get(line) or {}
    return {"sheet": place.get("sheet", doc.sheet), "table": place.get("table", doc.table),
            "page": place.get("page") or project.page}


def _address(doc: Document, project: Project, line: int, *keys: str) -> str | None:
    """The cell of the first of `keys` on `line`: a form's own place, else the sheet's column."""
    if project.places is None:
        return doc.address(line, *keys)
    place = project.places.get(line) or {}
    return next((place[key] for key in keys if place.get(key)), None)


@derived("projects", "amount_problem", inputs=("cells",))
def amount_problem(cells: dict) -> str | None:
    """The amounts that are not numbers, named: 财政拨款“约100”."""
    problems = []
    for key in AMOUNTS:
        bad = parse_amount(cells.get(key))[1]
        if bad is not None:
            problems.append(f"{field_label(key)}“{bad}”")  # as the table's header names it
    return "、".join(problems) or None


@derived("projects", "sources_gap", inputs=("total", "sources", "has_sources", "cells"))
def sources_gap(total: float, sources: float, has_sources: bool, cells: dict) -> float:
    """How far the total is from the sum of its funding sources (when the table has both)."""
    return abs(total - sources) if has_sources and "total" in cells else math.nan


@derived("projects", "markup", inputs=("raw",))
def markup(raw: str) -> str | None:
    return "、".join(markup_in(raw)) or None


@derived("projects", "traditional", inputs=("raw",))
def traditional_of(raw: str) -> str | None:
    return traditional_characters(clean(raw))


# ---------------------------------------------------------------------------- the 申报表 forms
FORM_SOURCES = [key for key in AMOUNTS if key != "total"]


def _form_sources(cells: dict) -> list[tuple[str, float]]:
    """(label, amount) of each source a form lists for the year: 财政拨款 … and 上级资金, 自筹 …"""
    sources = [(field_label(key), cells[key]) for key in FORM_SOURCES if clean(cells.get(key))]
    sources += [(key.split(":", 1)[1], text) for key, text in cells.items() if key.startswith("extra:") and clean(text)]
    return [(label, parse_amount(text)[0]) for label, text in sources]


@derived("projects", "form_sources", inputs=("cells", "form"))
def form_sources(cells: dict, form: bool) -> float:
    """The sum of a form's sources for the year (null elsewhere, or when it lists none)."""
    numbers = _form_sources(cells) if form else []
    return round(sum(number for _, number in numbers), 6) if numbers else math.nan


@derived("projects", "form_sources_text", inputs=("cells", "form"))
def form_sources_text(cells: dict, form: bool) -> str | None:
    """"财政拨款 500.00 + 上级资金 50.00": the sum as the form has it."""
    return " + ".join(f"{label} {number:,.2f}" for label, number in _form_sources(cells)) or None if form else None


@derived("projects", "form_sources_gap")
def form_sources_gap(total: float, form_sources: float) -> float:
    """How far a form's 年度资金总额 is from the sum of its sources."""
    return abs(total - form_sources)


@derived("projects", "period_shortfall")
def period_shortfall(total: float, period_total: float) -> float:
    """How much a form's 年度资金总额 exceeds its 中期资金总额 (negative when it does not)."""
    return total - period_total


@derived("projects", "multi_year", inputs=("cells", "form", "total", "period_total"))
def multi_year(cells: dict, form: bool, total: float, period_total: float) -> bool:
    """A form whose 项目期 spans more than a year, or whose mid-term money exceeds the year's."""
    return form and (years(cells.get("term")) > 1 or period_total > total)


def years(term: str | None) -> int:
    """How many years a 项目期 spans: "3年", "三年", "2024-2026年", "2024年至2026年"; 0 when unknown."""
    text = clean(term)
    span = re.search(r"(20\d\d)\s*年?\s*(?:[-－—–~～至到])\s*(20\d\d)", text)
    if span:
        return int(span[2]) - int(span[1]) + 1
    count = re.search(r"([0-9一二三四五六七八九十]+)\s*年", text)
    if not count:
        return 0
    if count[1].isdigit():
        return int(count[1]) if int(count[1]) < 100 else 0  # "2025年" names a year, not a span
    return "一二三四五六七八九十".find(count[1]) + 1 if len(count[1]) == 1 else 0


@derived("projects", "annual_goal_missing", inputs=("cells", "goal_period"))
def annual_goal_missing(cells: dict, goal_period: str | None) -> bool:
    """A 实施期目标 without a 年度目标 (the goal column then holds the period goal)."""
    return bool(goal_period) and not clean(cells.get("goal"))


@derived("projects", "annual_goal_repeats", inputs=("cells", "goal_period", "multi_year"))
def annual_goal_repeats(cells: dict, goal_period: str | None, is_multi_year: bool) -> bool:
    """A multi-year project's 年度目标 that copies its 实施期目标."""
    goal = clean(cells.get("goal"))
    return is_multi_year and bool(goal) and _plain(goal) == _plain(goal_period)


@derived("projects", "markup_at", inputs=("markup", "cells", "inside"))
def markup_at(found: str | None, cells: dict, inside) -> dict | None:
    """Where the HTML remnants are: the first text holding some (see `place_of`)."""
    return place_of(lambda text: bool(markup_in(text)), cells, inside) if found else None


@derived("projects", "traditional_at", inputs=("traditional", "cells", "inside"))
def traditional_at(found: str | None, cells: dict, inside) -> dict | None:
    """Where the traditional characters are: the first text holding some (see `place_of`)."""
    return place_of(lambda text: bool(traditional_characters(clean(text))), cells, inside) if found else None


def place_of(holds: Callable[[str], bool], cells: dict, inside) -> dict:
    """The location of the first text that `holds` something: the project's name or goal, else an
    indicator's name or target, else the indicator cell (`inside(item, field)` locates an indicator's)."""
    for field in ("name", "goal", "goal_period"):
        if holds(cells.get(field) or ""):
            return {"field": "goal" if field == "goal_period" else field}
    for item in inside.items:
        for field, text in (("name", item.name), ("period", item.period), ("annual", item.annual)):
            if text and holds(text):
                return inside(item, field)
    return {"field": "indicators"}


@derived("projects", "split_at", inputs=("split_indicator", "inside"))
def split_at(number: int | None, inside) -> dict | None:
    """The indicator a page break cut in two, as a location."""
    item = next((i for i in inside.items if i.number == number), None) if number is not None else None
    return inside(item, "indicators") if item else None


@derived("projects", "placeholder_rows", inputs=("inside",))
def placeholder_rows(inside) -> int | None:
    """How many template placeholder rows ("……") were left among the project's indicators."""
    return len(inside.project.placeholders) or None


@derived("projects", "placeholder_at", inputs=("inside",))
def placeholder_at(inside) -> dict | None:
    """The first placeholder row, as a location: its 三级指标 cell."""
    if not inside.project.placeholders:
        return None
    line, place = next(iter(inside.project.placeholders.items()))
    return {"line": line, "field": "indicators", "page": place.get("page"),
            "sheet": place.get("sheet", inside.doc.sheet), "table": place.get("table", inside.doc.table),
            cell_column("indicators"): place.get("l3") or inside.doc.address(line, "l3")}


@lru_cache(maxsize=65536)
def traditional_characters(text: str) -> str | None:
    """Traditional characters in simplified text, as "系統→系统" pairs (OpenCC's phrase-aware t2s)."""
    simplified = opencc_t2s().convert(text)
    if simplified == text:
        return None
    if len(simplified) != len(text):
        return "、".join(sorted(set(text) - set(simplified))) or None
    pairs = {f"{a}→{b}" for a, b in zip(text, simplified) if a != b}
    return "、".join(sorted(pairs))


@lru_cache(maxsize=1)
def opencc_t2s():
    import opencc
    return opencc.OpenCC("t2s")


@derived("projects", "children_sum", "children_gap", whole_document=True)
def _sum_children(projects: list[dict]) -> None:
    """A total row sums every project of its document; a subtotal the projects listed below it."""
    rows = projects
    for row in rows:
        row["children_sum"], row["children_gap"] = math.nan, math.nan
    real = [r for r in rows if r["row_kind"] == "project"]
    for at, row in enumerate(rows):
        if row["row_kind"] == "total":
            members = real or [r for r in rows if r["row_kind"] == "subtotal"]
        elif row["row_kind"] == "subtotal":
            members = []
            for following in rows[at + 1:]:
                if following["row_kind"] != "project":
                    break
                members.append(following)
            if not members:
                continue
        else:
            continue
        row["children_sum"] = round(sum(m["total"] for m in members), 6)
        row["children_gap"] = abs(row["total"] - row["children_sum"])


@derived("projects", "twin", "twin_similarity", whole_document=True)
def _find_twins(projects: list[dict], *, similarity: float) -> None:
    """For each project, the earlier project in the document most alike in goal and indicator names,
    when at least `similarity` alike (the option of the rule that reads the column). Similarity is
    the lower of the two ratios, so both the goal and the indicators must match. Character-pair
    overlap and cheap upper bounds rule most pairs out before the exact ratio is computed."""
    seen: list[tuple[dict, str, str, frozenset, frozenset]] = []
    for row in projects:
        row["twin"], row["twin_similarity"] = None, math.nan
        names = row["indicator_names"]
        if row["row_kind"] != "project" or not row["goal"] or not names:
            continue
        goal_pairs, name_pairs = _pairs(row["goal"]), _pairs(names)
        goal_matcher, names_matcher = SequenceMatcher(autojunk=False), SequenceMatcher(autojunk=False)
        goal_matcher.set_seq2(row["goal"])  # the expensive side, indexed once per project
        names_matcher.set_seq2(names)
        best = similarity
        for other, other_goal, other_names, other_goal_pairs, other_name_pairs in seen:
            if _overlap(goal_pairs, other_goal_pairs) < 0.5 or _overlap(name_pairs, other_name_pairs) < 0.5:
                continue
            goal_matcher.set_seq1(other_goal)
            names_matcher.set_seq1(other_names)
            if min(goal_matcher.quick_ratio(), names_matcher.quick_ratio()) < best:
                continue
            score = min(goal_matcher.ratio(), names_matcher.ratio())
            if score >= best and not parallel_projects(row["name"], other["name"], row["goal"], other_goal):
                best, row["twin"], row["twin_similarity"] = score, other["name"], round(score, 3)
        seen.append((row, row["goal"], names, goal_pairs, name_pairs))


def parallel_projects(name: str | None, other_name: str | None, goal: str, other_goal: str) -> bool:
    """Projects named for different subjects whose goals each name their own (水稻…统防统治 and
    小麦…统防统治): one template set for two pieces of work, not one project listed twice."""
    name, other_name = name or "", other_name or ""
    return any(tag == "replace" and name[i1:i2] in goal and other_name[j1:j2] in other_goal
               and name[i1:i2] not in other_goal and other_name[j1:j2] not in goal
               for tag, i1, i2, j1, j2 in SequenceMatcher(None, name, other_name, autojunk=False).get_opcodes())


def _pairs(text: str) -> frozenset:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _overlap(a: frozenset, b: frozenset) -> float:
    """Jaccard overlap of character pairs: texts at least 0.75 alike (the lowest similarity the rule's
    limits admit) share well over half."""
    return len(a & b) / len(a | b) if a and b else 0.0


@derived("projects", "n_output", "n_effect", "n_satisfaction", "n_coded", whole_document=True)
def _count_categories(projects: list[dict], indicators: list[dict]) -> None:
    counts: dict[tuple, dict[str, int]] = {}
    for row in indicators:
        entry = counts.setdefault(_project_key(row), {"1": 0, "2": 0, "3": 0, "coded": 0})
        if row["category"]:
            entry["coded"] += 1
            entry[row["category"]] = entry.get(row["category"], 0) + 1
    for row in projects:
        entry = counts.get(_project_key(row), {"1": 0, "2": 0, "3": 0, "coded": 0})
        row.update(n_output=entry["1"], n_effect=entry["2"], n_satisfaction=entry["3"], n_coded=entry["coded"])


def _project_key(row: dict) -> tuple:
    """A project within its document: forms on different sheets or Word tables may start on the same line."""
    return row["sheet"], row["table"], row["project_line"]


def _indicator_row(doc_index: int, doc: Document, project: Project, item: Indicator, options: dict,
                   year: int | None) -> dict:
    period, annual = parse_value(item.period), parse_value(item.annual)
    return derive_row("indicators", {
        **location("indicators", doc, doc_index, item.line or project.line, page=project.page,
                   project=project.name or None, indicator=item.number if item.number is not None else item.position,
                   **_indicator_cells(doc, project, item)),
        **_place_columns(doc, project, item.line or project.line),  # a form's own sheet, Word table or page
        "project_line": project.line,
        "position": item.position, "text": item.text, "parse_error": item.error,
        "l1": item.l1, "l2": item.l2, "name": item.name, "period": item.period, "annual": item.annual,
        "l1_code": slot_code(item.l1, 1), "l2_code": slot_code(item.l2, 2),
        "period_number": period.number, "annual_number": annual.number,
        "period_unit": period.unit, "annual_unit": annual.unit, "budget_year": year,
        **_declared_parts(item),
    }, {"period_value": period, "annual_value": annual}, options)


def _declared_parts(item: Indicator) -> dict:
    declared = item.declared
    parts = (declared.nature, declared.unit, declared.weight, declared.direction) if declared else (None,) * 4
    return dict(zip(("nature", "declared_unit", "weight", "declared_direction"), parts))


@derived("indicators", "level_shape")
def level_shape(l1_code: str | None, l2_code: str | None) -> str | None:
    """The lengths of the two codes: "12" as it should be, "21" swapped, "11"/"22" one level twice."""
    return f"{len(l1_code)}{len(l2_code)}" if l1_code and l2_code else None


@derived("indicators", "missing_slot")
def missing_slot(l1: str | None, l2: str | None) -> str | None:
    return "l1" if not l1 else ("l2" if not l2 else None)


derived("indicators", "category", inputs=("l1_code", "l2_code"))(effective_level1)


@derived("indicators", "l2_parent")
def l2_parent(l1_code: str | None, l2_code: str | None) -> str | None:
    """The level-1 code the level-2 code belongs under, when both are known codes of their level."""
    known_l2 = known_code(l2_code) and len(l2_code) == 2
    return l2_code[0] if known_l2 and l1_code and len(l1_code) == 1 and known_code(l1_code) else None


@derived("indicators", "l2_parent_label")
def l2_parent_label(l2_code: str | None) -> str | None:
    return code_label(l2_code[0]) if known_code(l2_code) and len(l2_code) == 2 else None


@derived("indicators", "code_name_conflict")
def slots_code_name_conflict(l1: str | None, l2: str | None) -> str | None:
    return code_name_conflict(l1) or code_name_conflict(l2)


@derived("indicators", "unknown_code")
def unknown_code(l1: str | None, l2: str | None, l1_code: str | None, l2_code: str | None) -> str | None:
    """The slot whose code is no category code ("4-…" when there are only 1, 2 and 3)."""
    return next((slot for slot, code in ((l1, l1_code), (l2, l2_code)) if code and not known_code(code)), None)


derived("indicators", "level_fix", inputs=("l1", "l2"))(level_fix)


@derived("indicators", "is_satisfaction")
@derived("values", "is_satisfaction")
def is_satisfaction(name: str | None) -> bool:
    return domain()["satisfaction_word"] in (name or "")


@derived("indicators", "name_is_category")
def name_is_category(name: str | None) -> bool:
    """The name is a category's ("数量指标"), not an indicator's."""
    return bool(name) and _name_key(name) in _codes_by_name()


def _indicator_cells(doc: Document, project: Project, item: Indicator) -> dict:
    """The row's own cell and its fields' cells, where the finding on an indicator points."""
    if item.line is None:  # the cell layout: everything is in the project's indicator cell
        return {"cell": doc.address(project.line, "indicators")}
    at = item.line

    def address(*keys):
        return _address(doc, project, at, *keys)
    return {"cell": address("l3"), "cells": {
        "l1": address("l1"), "l2": address("l2"), "name": address("l3"),
        "indicators": address("l3"), "period": address("period_value"),
        "annual": address("annual_value", "value"), "nature": address("nature"),
        "unit": address("unit_column"), "weight": address("weight"),
        "direction": address("direction")}}


def _value_rows(doc: Document, indicator: dict, item: Indicator, options: dict) -> list[dict]:
    rows = []
    for field, text in (("period", item.period), ("annual", item.annual)):
        if text is None:
            continue  # the marker is missing: reported as a parse error, not as an empty value
        value = parse_value(text)
        cell = indicator[cell_column(field)] or indicator["cell"]
        rows.append(derive_row("values", {
            **location("values", doc, indicator["doc"], indicator["line"], page=indicator["page"],
                       project=indicator["project"], indicator=indicator["indicator"], field=field, cell=cell,
                       cells={field: cell}),
            "name": indicator["name"], "category": indicator["category"],
            "text": value.text, "kind": value.kind, "comparator": value.comparator,
            "number": value.number, "unit": value.unit, "prefix": value.prefix,
            "direction": value.direction, "target_min": value.target_min, "target_max": value.target_max,
            "level2": indicator["l2_code"], "budget_year": indicator["budget_year"],
            "declared_polarity": indicator["declared_polarity"],
        }, {"value": value}, options))
    return rows


@derived("values", "polarity", inputs=("declared_polarity", "name"))
def target_polarity(declared: str | None, name: str | None) -> str | None:
    """The indicator's polarity as the target rules judge it: the declared direction (正向/反向) where
    the row declares one, else the name's (a disagreement of the two is reported on the indicator)."""
    return declared or polarity(name)


@derived("values", "value_polarity", inputs=("value", "name", "declared_polarity"))
def value_polarity(value, name: str | None, declared: str | None) -> str | None:
    """The polarity of what a target measures: the measure its words name, else the indicator's
    (declared, else its name's). A target that states a change (同比下降5%) states it of the measure
    itself, so the change in the name ("投诉下降率") is left out then: "下降" is not asked of a
    measure that is to fall."""
    if value.direction is None:
        return polarity(value.prefix) or target_polarity(declared, name)
    sense, change = composition(without_change(value.prefix))
    if sense is None:
        sense, change = _measure_sense(name, declared), None
    return None if change == "neutral" else sense


def _measure_sense(name: str | None, declared: str | None) -> str | None:
    """The sense of the measure itself, without the change its name states: a declared direction is
    the whole name's, so a name stating a decline (投诉下降率, declared 正向) measures the opposite."""
    own, change = composition(name)
    if declared is None:
        return own
    return FLIP[declared] if change == "down" else declared


@derived("indicators", "duplicate_of", "expected_number", whole_document=True)
def _mark_duplicates(indicators: list[dict]) -> None:
    """Per project: the earlier indicator of the same name, and the number each one should have."""
    first: dict[tuple, int] = {}
    previous: dict[tuple, int] = {}
    for row in indicators:
        row["duplicate_of"], row["expected_number"] = None, None
        number, line = row["indicator"], _project_key(row)
        if row["position"] == 1 or line not in previous:
            previous[line] = 0
        if number != previous[line] + 1:
            row["expected_number"] = previous[line] + 1
        previous[line] = number
        if not row["name"]:
            continue
        key = (line, _plain(row["name"]))
        if key in first:
            row["duplicate_of"] = first[key]
        else:
            first[key] = number
