"""The engine: compiles the active rule records into one Great Expectations suite per table,
validates every document of a run in one batch per table, and turns failing rows into findings.

Nothing here knows any rule: a rule is its record (expectation type, kwargs, row condition,
templates). Great Expectations is imported on first use only.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
import string
import threading
import traceback
import warnings
from functools import lru_cache

import pandas as pd

from .catalogue import TABLES, CatalogueError, Rule
from .config import Settings
from .findings import Finding, apply_precedence, cell_column
from .i18n import field_label, pick

GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}


def warm_up() -> None:
    """Import Great Expectations and make its context now (before forking workers)."""
    _gx()


def run(tables: dict[str, pd.DataFrame], rules: list[Rule], settings: Settings,
        data_docs: str | None = None, failures: list | None = None) -> list[Finding]:
    """Findings of the rules on the tables; with data_docs, also a Data Docs site in that folder.

    A rule that fails while validating or making its findings (a bug) is appended to `failures`
    as (rule, one line, traceback) and the other rules' findings still come; without a
    `failures` list it raises CatalogueError."""
    findings: list[Finding] = []
    for table in TABLES:
        frame = tables.get(table)
        table_rules = [rule for rule in rules if rule.table == table]
        if frame is None or frame.empty or not table_rules:
            continue
        frame = frame.reset_index(drop=True)  # GX reports failing rows by these labels
        results = list(_validate(table, frame, table_rules, settings, data_docs))
        # the failing rows as dicts, made once per table: a row fails several rules, and pandas
        # makes dicts slowly, row by row
        failing = sorted({label for _, labels, problem in results if not problem for label in labels})
        rows = dict(zip(failing, frame.iloc[failing].to_dict("records")))
        for rule, labels, problem in results:
            try:
                if problem:
                    raise RuleFailure(problem)
                findings += [make_finding(rule, rows[label], settings) for label in labels]
            except Exception as err:
                if failures is None:
                    raise CatalogueError(f"rule {rule.id} ({rule.source}): {err}".splitlines()[0]) from None
                failures.append((rule, _one_line(err), traceback.format_exc()))
    if data_docs:
        _gx().build_data_docs(data_docs)
    findings = apply_precedence(findings, {rule.id: rule.unless for rule in rules})  # declared in the records
    return sorted(findings, key=Finding.sort_key)


class RuleFailure(Exception):
    """Great Expectations returned an error for a rule instead of raising it."""


def _one_line(err: Exception) -> str:
    text = " ".join(str(err).split())[:300]
    return text if isinstance(err, RuleFailure) else f"{type(err).__name__}: {text}"


def compile_suite(name: str, rules: list[Rule], settings: Settings):
    gx = _gx()
    expectations = []
    for rule in rules:
        kwargs, condition = rule.compiled(settings.rules[rule.id].options)
        if condition is not None:
            kwargs["row_condition"] = condition
        try:
            expectation = gx.get_expectation_impl(rule.expectation)(
                **kwargs, meta={"rule": rule.id}, severity=GX_SEVERITY[settings.rules[rule.id].severity],
                description=f"{rule.id} {rule.name}")
        except Exception as err:  # unknown expectation type or bad kwargs: a broken record
            raise CatalogueError(f"rule {rule.id} ({rule.source}): {err}".splitlines()[0]) from None
        if not isinstance(expectation, gx.map_expectations):
            raise CatalogueError(f"rule {rule.id}: {rule.expectation} does not report rows")
        expectations.append(expectation)
    return gx.ExpectationSuite(name=name, expectations=expectations)


def _validate(table: str, frame: pd.DataFrame, rules: list[Rule], settings: Settings, data_docs: str | None):
    """(rule, failing row labels, problem or None) for each rule. When validating the suite
    raises, each rule is validated alone to find the one that does."""
    gx = _gx()
    suite = compile_suite(table, rules, settings)
    try:
        with warnings.catch_warnings(), _kept_within_validation():
            warnings.simplefilter("ignore")  # pandas warns about match groups in the regex rules
            if data_docs:  # through a stored validation definition, so that Data Docs can show the result
                results = gx.validate_for_docs(table, suite, frame, data_docs)
            else:
                batch = gx.batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
                results = batch.validate(suite, result_format="COMPLETE")
    except Exception as err:
        if len(rules) == 1:
            yield rules[0], [], _one_line(err)
        else:
            for rule in rules:
                yield from _validate(table, frame, [rule], settings, data_docs)
        return
    by_id = {rule.id: rule for rule in rules}
    for result in results.results:  # not in suite order: map back by meta
        rule = by_id[result.expectation_config.meta["rule"]]
        yield rule, result.result.get("unexpected_index_list") or [], _exception(result.exception_info)


def _exception(info) -> str | None:
    """GX returns errors instead of raising, flat or keyed by metric id."""
    if not info:
        return None
    if "raised_exception" in info:
        return info.get("exception_message") or "error" if info["raised_exception"] else None
    for entry in info.values():
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return entry.get("exception_message") or "error"
    return None


# -------------------------------------------------------------------------------- findings

class _Template(string.Formatter):
    """str.format over a row: unknown names and missing values render empty, numbers tidily."""

    def get_value(self, key, args, kwargs):
        return kwargs.get(key)

    def format_field(self, value, spec):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float) and not spec:
            return f"{value:.0f}" if value.is_integer() else f"{value:.6g}"
        return super().format_field(value, spec)


_TEMPLATE = _Template()


def make_finding(rule: Rule, row: dict, settings: Settings) -> Finding:
    lang = settings.lang
    context = {key: _plain(value) for key, value in row.items()} | settings.rules[rule.id].options
    place = inner_location(context, rule.location)  # a text inside the row the record's location: names
    context |= place
    field = place.get("field") or (_TEMPLATE.format(rule.field, **context) if rule.field else None)
    context["field_label"] = field_label(field, lang)
    return Finding(
        rule=rule.id, name=rule.name, category=rule.category, severity=settings.rules[rule.id].severity,
        path=context["path"], line=_int(context.get("line")), project=context.get("project") or None,
        indicator=_int(context.get("indicator")), field=field or None,
        value=_TEMPLATE.format(rule.value, **context),
        message=_TEMPLATE.format(pick(rule.message, lang), **context),
        suggestion=_TEMPLATE.format(pick(rule.suggestion, lang), **context),
        indicator_name=context.get("indicator_name", context.get("name")) if context.get("indicator") is not None else None,
        sheet=context.get("sheet"), cell=context.get(cell_column(field)) or context.get("cell"),
        page=_int(context.get("page")), table=_int(context.get("table")))


def inner_location(row: dict, column: str | None) -> dict:
    """The location columns (features.LOCATION, cell_<field>) that `column`, a derived column of
    the row, gives for a text inside the row; {} when the record names none or it gives none."""
    return {key: value for key, value in ((row.get(column) if column else None) or {}).items() if value is not None}


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _int(value) -> int | None:
    return None if value is None else int(value)


# ------------------------------------------------------------------------------ GX, lazily

_KEPT = threading.local()  # the row filters and configurations of the validation under way in this thread


@contextlib.contextmanager
def _kept_within_validation():
    _KEPT.filters, _KEPT.configurations = {}, {}
    try:
        yield
    finally:
        _KEPT.filters = _KEPT.configurations = None


def _keep_row_filters(engine_class) -> None:
    """Great Expectations filters a table by a rule's row condition again for every metric of the
    rule (count, unexpected count, index list...): about a third of a check's time. Within one
    validation the same condition on the same frame gives the same rows, so they are filtered
    once and shared, as the unfiltered frame already is. Outside a validation (and on a version of
    Great Expectations without this method) nothing changes."""
    apply = getattr(engine_class, "_apply_row_condition_filter", None)
    if apply is None or getattr(apply, "keeps_filters", False):
        return

    def filtered(self, data, row_condition, domain_kwargs):
        kept = getattr(_KEPT, "filters", None)
        if kept is None:
            return apply(self, data, row_condition, domain_kwargs)
        key = (id(data), repr(row_condition), domain_kwargs.get("condition_parser"))
        entry = kept.get(key)
        if entry is None or entry[0] is not data:  # the frame itself is held, so its id is not reused
            entry = kept[key] = (data, apply(self, data, row_condition, domain_kwargs))
        return entry[1]

    filtered.keeps_filters = True
    engine_class._apply_row_condition_filter = filtered


def _keep_configurations(expectation_class) -> None:
    """Great Expectations rebuilds an expectation's configuration from its pydantic fields on every
    read, about 130 times per expectation in one validation: a third of a warm check. Within one
    validation an expectation does not change, so its configuration is built once and shared."""
    build = expectation_class.__dict__.get("configuration")
    if not isinstance(build, property) or getattr(build.fget, "keeps_configurations", False):
        return

    def configuration(self):
        kept = getattr(_KEPT, "configurations", None)
        if kept is None:
            return build.fget(self)
        entry = kept.get(id(self))
        if entry is None or entry[0] is not self:  # the expectation itself is held, so its id is not reused
            entry = kept[id(self)] = (self, build.fget(self))
        return entry[1]

    configuration.keeps_configurations = True
    expectation_class.configuration = property(configuration)


class _GX:
    def __init__(self):
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import great_expectations as gx
            from great_expectations.core import ExpectationSuite
            from great_expectations.data_context.types.base import ProgressBarsConfig
            from great_expectations.execution_engine import PandasExecutionEngine
            from great_expectations.expectations.expectation import (
                ColumnMapExpectation, ColumnPairMapExpectation, Expectation, MulticolumnMapExpectation)
            from great_expectations.expectations.registry import get_expectation_impl
        logging.captureWarnings(False)  # GX turns it on, which would swallow every warning
        _keep_row_filters(PandasExecutionEngine)
        _keep_configurations(Expectation)
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.ExpectationSuite = ExpectationSuite
        self.get_expectation_impl = get_expectation_impl
        self.map_expectations = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("jxaudit")
        self._definitions: dict = {}

    def validate_for_docs(self, table: str, suite, frame: pd.DataFrame, folder: str):
        import great_expectations as gx

        site = "jxaudit"
        if getattr(self, "_docs_folder", None) != str(folder):
            if site in (self.context.get_site_names() or []):
                self.context.delete_data_docs_site(site)
            self._docs_folder = str(folder)
            self.context.add_data_docs_site(site, {
                "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)}})
        name = f"jxaudit-{table}"
        for factory in (self.context.validation_definitions, self.context.suites):
            try:
                factory.delete(name)
            except Exception:  # not there yet
                pass
        suite.name = name
        stored = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=self.batch_definition(table), suite=stored))
        return definition.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE")

    def build_data_docs(self, folder: str) -> None:
        self.context.build_data_docs(site_names=["jxaudit"])

    def batch_definition(self, table: str):
        if table not in self._definitions:
            asset = self.source.add_dataframe_asset(table)
            self._definitions[table] = asset.add_batch_definition_whole_dataframe(table)
        return self._definitions[table]


@lru_cache(maxsize=1)
def _gx() -> _GX:
    gx = _GX()
    # Great Expectations leaves a few hundred thousand long-lived objects; out of the collector's
    # sight, a collection between batches (workers.release_memory) takes ms instead of ~0.2 s.
    gc.freeze()
    return gx
