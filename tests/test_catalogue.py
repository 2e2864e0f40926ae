"""The rule catalogue: records complete, templates and columns that exist, docs generated from it."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml
from conftest import CLEAN, EXAMPLE, ROOT

from audit.catalogue import CatalogueError, load_rules
from audit.docs import rules_markdown, with_generated
from audit.features import Parsed, build_tables
from audit.parsing import build_projects
from audit.reading import read_document


@pytest.fixture(scope="module")
def columns():
    from audit import corpus
    parsed = [Parsed(doc, build_projects(doc)) for doc in map(read_document, (EXAMPLE, CLEAN))]
    tables = build_tables(parsed)
    summaries = {path: summary | {"year": 2025} for path, summary in corpus.summarise(tables).items()}
    members = [corpus.Member(path, path, "department", summary) for path, summary in summaries.items()]
    last_year = [corpus.Member(m.path, m.path, m.department, m.summary | {"year": 2024}) for m in members]
    tables |= corpus.build_tables(members, last_year)  # the corpus rules' tables, with last year's columns
    return {name: set(frame.columns) for name, frame in tables.items()}


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _columns_in(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["name"]} if set(node) == {"name"} else set()
        for key, value in node.items():
            if key in ("column", "column_A", "column_B") and isinstance(value, str):
                found.add(value)
            found |= _columns_in(value)
        return found
    if isinstance(node, list):
        return set().union(*map(_columns_in, node)) if node else set()
    return set()


def test_templates_and_kwargs_name_existing_columns(catalogue, columns):
    for rule in catalogue:
        known = columns[rule.table] | set(rule.options) | {"field_label"}
        texts = [rule.value, rule.field or ""] + [rule.message[l] for l in ("zh", "en")] + \
                [rule.suggestion[l] for l in ("zh", "en")]
        unknown = set().union(*map(_names, texts)) - known
        assert not unknown, f"{rule.id}: unknown template names {unknown}"
        used = _columns_in(rule.kwargs) | _columns_in(rule.row_condition) | ({rule.location} - {None})
        assert used <= columns[rule.table], f"{rule.id}: unknown columns {used - columns[rule.table]}"


def test_rules_list_the_derived_columns_they_read(catalogue):
    from audit.features import DERIVED
    for rule in catalogue:
        texts = [rule.value, rule.field or ""] + [rule.message[l] for l in ("zh", "en")] + \
                [rule.suggestion[l] for l in ("zh", "en")]
        read = _columns_in(rule.kwargs) | _columns_in(rule.row_condition) | set().union(*map(_names, texts))
        read |= {rule.location} - {None}  # the column that locates its findings
        registered = {column for table, column in DERIVED if table == rule.table}
        assert read & registered == set(rule.derived), f"{rule.id}: derived should be {sorted(read & registered)}"


def test_every_derived_column_is_in_its_table(columns):
    from audit.features import DERIVED
    for table, column in DERIVED:
        assert column in columns[table], f"{column} missing from {table}"


def test_every_field_a_rule_names_has_a_label_and_a_cell_column(catalogue, columns):
    from audit.features import CELL_FIELDS
    from audit.findings import cell_column
    from audit.i18n import FIELD_LABELS
    for rule in catalogue:
        if not rule.field:
            continue
        fields = set(CELL_FIELDS[rule.table]) if "{" in rule.field else {rule.field}
        assert fields <= set(FIELD_LABELS), f"{rule.id}: no label for {fields - set(FIELD_LABELS)}"
        missing = {f for f in fields if cell_column(f) not in columns[rule.table]}
        assert not missing, f"{rule.id}: no cell column for {missing}"


def test_every_rule_compiles_into_great_expectations(catalogue, settings):
    from audit.engine import compile_suite
    suite = compile_suite("all", list(catalogue), settings)
    assert len(suite.expectations) == len(catalogue)


def test_a_record_that_great_expectations_rejects_names_the_rule(catalogue, settings):
    from dataclasses import replace

    from audit.engine import compile_suite
    broken = replace(catalogue[0], expectation="expect_column_values_to_be_lovely")
    with pytest.raises(CatalogueError, match=catalogue[0].id):
        compile_suite("broken", [broken], settings)


def test_docs_are_generated_from_the_records(catalogue):
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert docs == rules_markdown(catalogue), "docs/rules.md is stale: run python -m audit.docs --write"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_generated(readme, catalogue), "README lists are stale: python -m audit.docs --write"


def test_every_rule_id_the_readme_names_is_a_rule(catalogue):
    """Prose may name rules (the lists of them are generated): a renamed or removed rule shows here."""
    from audit.triage import meta_findings

    known = {rule.id for rule in catalogue} | {meta["rule"] for meta in meta_findings().values()}
    named = set(re.findall(r"\b[A-Z]{2}\d{2}\b", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert named and named <= known, f"README names {named - known}"  # contributing.md's CD14 is a new rule


def _write(folder: Path, records) -> str:
    folder.mkdir(exist_ok=True)
    (folder / "x.yaml").write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return str(folder)


def _record(catalogue, **changes):
    rule = catalogue[0]
    record = {key: getattr(rule, key) for key in ("id", "name", "category", "severity", "table", "expectation",
                                                  "kwargs", "message", "suggestion", "checks", "why", "example")}
    return record | changes


@pytest.mark.parametrize("changes,words", [
    ({"why": None}, "missing"),
    ({"example": {"bad": "x"}}, "example"),
    ({"category": "style"}, "category"),
    ({"message": {"zh": "只有中文"}}, "zh and en"),
    ({"kwargs": {"column": "text", "regex": "(unclosed"}}, "invalid regex"),
    ({"colour": "red"}, "unknown keys"),
    ({"derived": ["no_such_column"]}, "unknown derived column no_such_column"),
    ({"unless": ["ZZ99"]}, "unless names unknown rule ZZ99"),
    ({"fix": "paint-it"}, "unknown fix paint-it"),
])
def test_broken_records_are_rejected(tmp_path, catalogue, changes, words):
    with pytest.raises(CatalogueError, match=words):
        load_rules(_write(tmp_path / "rules", [_record(catalogue, **changes)]))


def test_duplicate_ids_are_rejected(tmp_path, catalogue):
    with pytest.raises(CatalogueError, match="duplicate"):
        load_rules(_write(tmp_path / "rules", [_record(catalogue), _record(catalogue, name="other-name")]))


def test_location_columns_give_location_columns(catalogue, tmp_path):
    """A record's `location:` column locates inside the row with the one schema (features.LOCATION and
    the cell_<field> columns), plus the indicator's name: no second set of location keys."""
    import openpyxl

    from audit.features import CELL_FIELDS, LOCATION
    from audit.findings import cell_column
    workbook = openpyxl.Workbook()  # a sheet with a template placeholder row ("……"), which the example has not
    for row in (["项目名称", "一级指标", "二级指标", "三级指标", "指标值"], ["培训项目", "产出指标", "数量指标", "培训人数", "≥100人"],
                ["培训项目", "产出指标", "数量指标", "……", "……"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "placeholder.xlsx")
    parsed = [Parsed(doc, build_projects(doc)) for doc in map(read_document, (EXAMPLE, CLEAN, tmp_path / "placeholder.xlsx"))]
    tables = build_tables(parsed)
    allowed = set(LOCATION) | {cell_column(f) for fields in CELL_FIELDS.values() for f in fields} | {"indicator_name"}
    located = [rule for rule in catalogue if rule.location]
    assert located
    for rule in located:
        places = [place for place in tables[rule.table][rule.location] if isinstance(place, dict)]
        assert places, f"{rule.id}: the example has no finding to locate"
        for place in places:
            assert set(place) <= allowed, f"{rule.id}: {set(place) - allowed}"
            assert place["field"] in CELL_FIELDS["indicators"] + CELL_FIELDS["projects"]
