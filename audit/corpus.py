"""Evidence across submissions. Each linted file leaves a compact summary of its projects and
targets (kept with its cached result, so no document stays in memory); the corpus step combines
the summaries of a whole run, and of an earlier run, into two tables of derived columns that the
corpus rules check like any other rule: each target beside its peers' median, range and count,
each project and target beside last year's. Their derived columns are registered here in the
registry of audit/features.py, as the single-file tables' are there (rules name them in `derived:`).

Nothing here decides a finding: the thresholds are the rules' options, applied by the engine.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from pathlib import Path

from typing import TYPE_CHECKING, NamedTuple

from .features import CELL_FIELDS, derive_row, derive_tables, derived, derived_options, location_columns
from .findings import Finding, cell_column

if TYPE_CHECKING:
    import pandas as pd

SPREAD_FLOOR = 0.05  # the peers' spread (MAD) is taken as at least 5% of their median: identical peers are not a zero yardstick
PEER_KINDS = ("percent", "duration")  # counts scale with the project: they are not compared across tables
LOWER, UPPER = (">=", ">", "="), ("<=", "<", "=")
VALUE_FIELDS = CELL_FIELDS["corpus_values"]  # a target is in the period or the annual value
VALUE_CELLS = [cell_column(field) for field in VALUE_FIELDS]
MATCH_FLOOR = 0.75  # last year's project is the one of the same name, else the most alike above this


@dataclass
class Member:
    """One file of a run with its summary: which submission and department it belongs to."""
    path: str
    submission: str
    department: str
    summary: dict


# ------------------------------------------------------------------------------- summaries

class SummaryIndicator(NamedTuple):
    """One indicator in a file's summary. Kept as a plain list in the summary (and in corpus.json,
    which later runs read), so read through this to name its parts."""
    number: int
    name: str | None
    line: int | None
    cell: str | None
    value_cells: list
    period: str | None
    annual: str | None
    polarity: str | None
    level2: str | None


def _indicators(project: dict) -> list[SummaryIndicator]:
    return [SummaryIndicator(*entry) for entry in project["indicators"]]


def summarise(tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Per file path: budget year, department and the projects with their indicators' raw targets."""
    projects, indicators = tables.get("projects"), tables.get("indicators")
    summaries: dict[str, dict] = {}
    if projects is None or projects.empty:
        return summaries
    by_project: dict[tuple, list] = {}
    if indicators is not None and not indicators.empty:
        columns = ["doc", "project_line", "indicator", "name", "line", "cell", *VALUE_CELLS,
                   *VALUE_FIELDS, "polarity", "l2_code"]
        frame = indicators.reindex(columns=columns).astype(object).where(indicators.reindex(columns=columns).notna(), None)
        for row in frame.to_dict("records"):
            by_project.setdefault((row["doc"], row["project_line"]), []).append([*SummaryIndicator(
                number=row["indicator"], name=row["name"], line=row["line"], cell=row["cell"],
                value_cells=[row[c] for c in VALUE_CELLS], period=row["period"], annual=row["annual"],
                polarity=row["polarity"], level2=row["l2_code"])])
    for row in projects[projects["row_kind"] == "project"].itertuples(index=False):
        entry = summaries.setdefault(row.path, {"year": _int(row.budget_year), "projects": []})
        entry["projects"].append({
            "name": row.project, "line": int(row.line), "sheet": _none(row.sheet), "table": _int(row.table),
            "page": _int(row.page), "cell": _none(row.cell), "goal": _none(row.goal),
            "total": None if math.isnan(row.total) else float(row.total),
            "indicators": by_project.get((row.doc, row.line), [])})
    return summaries


def _none(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _int(value):
    value = _none(value)
    return None if value is None else int(value)


# --------------------------------------------------------------------------------- tables

def build_tables(members: list[Member], previous: list[Member] | None = None,
                 options: dict | None = None) -> dict[str, pd.DataFrame]:
    """corpus_values: one row per indicator target with its peers' figures and last year's target;
    corpus_projects: one row per project matched with last year's. `options`: of the derived
    columns (audit.features.derived_options)."""
    import pandas as pd

    from .features import _plain
    from .parsing import parse_value

    options = options or {}
    last_year = _last_year_pairs(members, previous or [])
    values, projects = [], []
    for member in members:
        earlier = last_year.get(member.department)
        for project in member.summary.get("projects", []):
            place = {"path": member.path, "line": project["line"], "project": project["name"],
                     "sheet": project["sheet"], "html_table": project["table"], "page": project["page"]}
            base = {"project_line": project["line"], "submission": member.submission, "total": project["total"]}
            match = _match_project(project, earlier) if earlier else None
            if match:
                projects.append(derive_row("corpus_projects", location_columns(
                    "corpus_projects", **place, field="row", cell=project["cell"], cells={"row": project["cell"]}) | base | {
                    "previous_name": match["name"], "previous_total": match["total"]},
                    {"project": project, "previous": match}, options))
            previous_targets = {_plain(i.name): i for i in _indicators(match)} if match else {}
            for number, name, line, cell, value_cells, period, annual, polarity, level2 in _indicators(project):
                field, text = ("annual", annual) if annual else ("period", period)
                value = parse_value(text)
                if value.number is None or value.kind not in ("percent", "duration", "count"):
                    continue
                cells = dict(zip(VALUE_FIELDS, value_cells))
                row = location_columns("corpus_values", **place | {"line": line or project["line"]}, indicator=number,
                                       field=field, cell=cell, cells=cells) | base | {"name": name, "text": text,
                              "kind": value.kind, "number": value.number, "unit": value.unit,
                              "comparator": value.comparator, "polarity": polarity, "level2": level2,
                              "direction": value.direction, "measure_key": f"{_plain(name)}|{value.unit}"}
                row |= _last_years_target(row, previous_targets.get(_plain(name)), match)
                values.append(derive_row("corpus_values", row, {}, options))
    values_frame = pd.DataFrame(values, columns=_VALUE_COLUMNS + _HISTORY_COLUMNS) if values else pd.DataFrame()
    if not values_frame.empty:
        derive_tables({"corpus_values": values_frame}, options, ("corpus_values",))
    return {"corpus_values": values_frame, "corpus_projects": pd.DataFrame(projects)}


_VALUE_COLUMNS = [*location_columns("corpus_values", path=""), "project_line", "submission", "total",
                  "name", "text", "kind", "number", "unit", "comparator", "polarity", "level2", "direction",
                  "measure_key"]
_HISTORY_COLUMNS = ["previous_text", "previous_total", "target_loosened", "money_rose"]


PEER_COLUMNS = ("peer_count", "peer_median", "peer_low", "peer_high", "lax_mads", "lax_share")
COST_COLUMNS = ("unit_cost", "cost_peer_count", "cost_median", "cost_low", "cost_high", "cost_mads", "cost_spread")


@derived("corpus_values", *PEER_COLUMNS, inputs=("corpus_values",), whole_document=True)
def _peer_columns(frame: pd.DataFrame) -> None:
    """For each comparable target (a rate or duration whose better side is known, stated as a bound
    or a level): how many other submissions set the same measure, their median and range, and how
    far this target lies on the lax side, in MADs and as the share of peers laxer still."""
    import numpy as np

    comparable = frame["kind"].isin(PEER_KINDS) & frame["direction"].isna() & (
        (frame["polarity"].eq("positive") & frame["comparator"].isin(LOWER))
        | (frame["polarity"].eq("negative") & frame["comparator"].isin(UPPER)))
    columns = list(PEER_COLUMNS)
    for column in columns:
        frame[column] = math.nan
    for _, group in frame[comparable].groupby("measure_key", sort=False):
        peers = _peers(group.groupby("submission")["number"].median())  # one voice per submission
        if peers is None:
            continue
        own = peers.loc[group["submission"]]
        lax = np.where(group["polarity"].eq("positive"), 1.0, -1.0)  # lax = lower for positive measures
        number = group["number"].to_numpy()
        gap = (own["median"].to_numpy() - number) * lax
        spread = np.maximum(own["mad"].to_numpy(), SPREAD_FLOOR * np.abs(own["median"].to_numpy()))
        spread[spread == 0] = 1.0
        sorted_values = peers["value"].sort_values().to_numpy()
        below = np.searchsorted(sorted_values, number, "left") - (own["value"].to_numpy() < number)
        above = len(sorted_values) - np.searchsorted(sorted_values, number, "right") - (own["value"].to_numpy() > number)
        laxer = np.where(lax > 0, below, above)
        frame.loc[group.index, columns] = np.column_stack([
            own["count"], own["median"], own["low"], own["high"], np.round(gap / spread, 2),
            np.round(100.0 * laxer / own["count"].to_numpy(), 1)])


@derived("corpus_values", *COST_COLUMNS, inputs=("corpus_values",), whole_document=True)
def _cost_columns(frame: pd.DataFrame) -> None:
    """Money per unit of output (万元 per 辆, per 人) where a project has exactly one quantity target,
    beside the same measure's cost in the other submissions (on a log scale, in MADs), and how far
    the peers themselves spread (the factor their MAD stands for: a measure without a common cost
    level is not judged)."""
    import numpy as np

    outputs = frame["kind"].eq("count") & frame["level2"].eq("11")  # all of a project's quantity targets
    per_project = frame[outputs].groupby(["path", "project_line"])["number"].transform("size")
    single = outputs & per_project.reindex(frame.index).eq(1) & frame["unit"].fillna("").ne("") & (
        frame["number"] > 0) & (frame["total"] > 0) & frame["comparator"].isin(("=", ">=", "≈"))
    columns = list(COST_COLUMNS[1:])
    frame["unit_cost"] = (frame["total"] / frame["number"]).round(4).where(single)
    for column in columns:
        frame[column] = math.nan
    for _, group in frame[single].groupby("measure_key", sort=False):
        peers = _peers(np.log(group.groupby("submission")["unit_cost"].median()))
        if peers is None:
            continue
        own = peers.loc[group["submission"]]
        spread = np.maximum(own["mad"].to_numpy(), math.log(1.5))  # costs within ×1.5 of each other are alike
        distance = np.abs(np.log(group["unit_cost"].to_numpy()) - own["median"].to_numpy()) / spread
        frame.loc[group.index, columns] = np.column_stack([
            own["count"], np.round(np.exp(own["median"]), 2), np.round(np.exp(own["low"]), 2),
            np.round(np.exp(own["high"]), 2), np.round(distance, 2), np.round(np.exp(own["mad"]), 2)])


def _peers(values: pd.Series) -> pd.DataFrame | None:
    """For each submission (the index), the figures of the others: count, median, lowest, highest
    and median absolute deviation from their median; None with fewer than two submissions."""
    import numpy as np
    import pandas as pd

    if len(values) < 2:
        return None
    order = np.argsort(values.to_numpy(), kind="stable")
    ranked = values.to_numpy()[order]
    size = len(ranked) - 1  # the peers of each submission: all but itself
    position = np.empty(len(ranked), dtype=int)
    position[order] = np.arange(len(ranked))

    def without_self(rank):  # the value at `rank` among the others
        return ranked[rank + (rank >= position)]

    middle = (size - 1) // 2
    median = without_self(middle) if size % 2 else (without_self(middle) + without_self(middle + 1)) / 2
    low = np.where(position == 0, ranked[min(1, size)], ranked[0])
    high = np.where(position == size, ranked[max(size - 1, 0)], ranked[size])
    deviations = np.abs(ranked[None, :] - median[:, None]) if len(ranked) <= 300 else None
    if deviations is not None:  # the MAD of the others: drop each one's own column
        deviations[np.arange(len(ranked)), position] = np.nan
        mad = np.nanmedian(deviations, axis=1)
    else:  # very large groups: the whole group's MAD differs from the others' by a hair
        mad = np.full(len(ranked), np.median(np.abs(ranked - np.median(ranked))))
    return pd.DataFrame({"value": values.to_numpy(), "count": size, "median": median, "low": low,
                         "high": high, "mad": mad}, index=values.index)


# ------------------------------------------------------------------------------ last year

def relation(current_year: int | None, previous_year: int | None) -> str:
    """'last_year' when the earlier run budgets for an earlier year, else 'round' (the same season)."""
    if current_year and previous_year and previous_year < current_year:
        return "last_year"
    return "round"


def _last_year_pairs(members: list[Member], previous: list[Member]) -> dict[str, list[dict]]:
    """Per department: last year's projects, when the earlier run is of an earlier budget year."""
    years = {m.department: m.summary.get("year") for m in members}
    pairs: dict[str, list[dict]] = {}
    for member in previous:
        if member.department in years and relation(years[member.department], member.summary.get("year")) == "last_year":
            pairs.setdefault(member.department, []).extend(member.summary.get("projects", []))
    return pairs


def _signature(project: dict) -> tuple[str, str]:
    from .features import _plain
    names = "；".join(sorted(f"{_plain(i.name)}:{_plain(i.annual or i.period)}" for i in _indicators(project) if i.name))
    return project.get("goal") or "", names


def _match_project(project: dict, candidates: list[dict]) -> dict | None:
    from .features import _plain
    same_name = [c for c in candidates if _plain(c["name"]) == _plain(project["name"])]
    if same_name:
        return same_name[0]
    goal, names = _signature(project)
    best, found = MATCH_FLOOR, None
    for candidate in candidates:
        other_goal, other_names = _signature(candidate)
        score = min(SequenceMatcher(None, goal, other_goal).ratio(), SequenceMatcher(None, names, other_names).ratio())
        if score >= best:
            best, found = score, candidate
    return found


@derived("corpus_projects", "copy_similarity", inputs=("project", "previous"))
def copy_similarity(project: dict, previous: dict) -> float:
    """How nearly the project repeats last year's: goal and indicators (names and targets), the lower."""
    goal, names = _signature(project)
    other_goal, other_names = _signature(previous)
    return round(min(SequenceMatcher(None, goal, other_goal).ratio(), SequenceMatcher(None, names, other_names).ratio()), 3)


@derived("corpus_projects", "money_change", inputs=("total", "previous_total"))
def money_change(total: float | None, previous_total: float | None) -> float:
    """This year's money less last year's (万元); NaN when either is unknown."""
    return round(total - previous_total, 2) if _known(total) and _known(previous_total) else math.nan


@derived("corpus_projects", "money_changed", inputs=("money_change",))
def money_changed(change: float) -> bool:
    return _known(change) and abs(change) >= 0.005


def _last_years_target(row: dict, before: SummaryIndicator | None, previous_project) -> dict:
    """Last year's target of the same indicator (its text), and last year's money of the project."""
    if not before:
        return {"previous_text": None, "previous_total": math.nan}
    text = before.annual if row["field"] == "annual" else before.period
    return {"previous_text": text or before.annual or before.period,
            "previous_total": previous_project["total"]}


@derived("corpus_values", "target_loosened",
         inputs=("number", "unit", "comparator", "direction", "polarity", "previous_text"))
def target_loosened(number, unit, comparator, direction, polarity, previous_text) -> bool:
    """This year's target is laxer than last year's of the same indicator: lower where higher is
    better, higher where lower is better; compared only in the same unit and sense."""
    from .parsing import parse_value
    if not previous_text:
        return False
    before = parse_value(previous_text)
    side = LOWER if polarity == "positive" else UPPER
    comparable = (before.number is not None and before.unit == unit and direction is None and before.direction is None
                  and polarity in ("positive", "negative") and comparator in side and before.comparator in side)
    return bool(comparable and (number < before.number if polarity == "positive" else number > before.number))


@derived("corpus_values", "money_rose", inputs=("total", "previous_total"))
def money_rose(total, previous_total) -> bool:
    return _known(total) and _known(previous_total) and total > previous_total + 0.005


def _known(number) -> bool:
    return number is not None and not (isinstance(number, float) and math.isnan(number))


# ------------------------------------------------------------------------------- the step

def run(members: list[Member], rules, settings, previous: list[Member] | None = None,
        cache_dir: Path | None = None) -> list[Finding]:
    """The corpus rules' findings over a run. Validated only when there is something to compare;
    the answer is cached by the summaries, so an unchanged queue needs neither pandas nor Great Expectations."""
    corpus_rules = [rule for rule in rules if rule.table in CORPUS_TABLES]
    if not corpus_rules or len(members) + len(previous or []) < 2:
        return []
    key = _key(members, previous or [], corpus_rules, settings) if cache_dir else None
    cached = _cached(cache_dir, key)
    if cached is not None:
        return cached
    from . import engine

    tables = build_tables(members, previous, derived_options(corpus_rules, settings))
    findings = [] if all(frame.empty for frame in tables.values()) else engine.run(tables, corpus_rules, settings)
    _store(cache_dir, key, findings)
    return findings


CORPUS_TABLES = ("corpus_values", "corpus_projects")


def _key(members: list[Member], previous: list[Member], rules, settings) -> str:
    """What the corpus findings depend on: the configuration, the rules and every member's summary."""
    from .cache import configuration_key
    hasher = hashlib.sha256(configuration_key(settings).encode())
    hasher.update(",".join(rule.id for rule in rules).encode())
    for run in (members, previous):  # the JSON of the list, member by member (not the whole text at once)
        hasher.update(b"[")
        for number, m in enumerate(run):
            hasher.update((", " if number else "").encode() + json.dumps(
                [m.path, m.submission, m.department, m.summary], ensure_ascii=False).encode())
        hasher.update(b"]\0")
    return hasher.hexdigest()


def _cached(folder: Path | None, key: str | None) -> list[Finding] | None:
    if not folder or not key:
        return None
    try:
        entries = json.loads((folder / "corpus" / f"{key}.json").read_text(encoding="utf-8"))
        return [Finding(**entry) for entry in entries]
    except (OSError, ValueError, TypeError):
        return None


def _store(folder: Path | None, key: str | None, findings: list[Finding]) -> None:
    if not folder or not key:
        return
    from .files import write_atomically
    try:
        (folder / "corpus").mkdir(parents=True, exist_ok=True)
        write_atomically(folder / "corpus" / f"{key}.json",
                         json.dumps([asdict(f) for f in findings], ensure_ascii=False))
    except OSError:
        pass  # a read-only cache never fails a run


def department_key(name: str | None, fallback: str) -> str:
    return re.sub(r"\s+", "", name or "") or fallback
