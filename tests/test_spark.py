"""The Spark engine gives the same findings and file results as the pandas engine.

Marked `spark` (deselected by default; `pytest -m spark`): one SparkSession on local[2] for the whole
run, since a JVM start costs ~10 s and ~500 MB on a 2-core machine. Every input of a module is linted
in one run per engine, and the two results are compared whole.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CLEAN, EXAMPLE, TESTS
from renderers import to_form_xlsx
from tables import from_case
from test_injection import write_cases
from test_rules import CASES

pytestmark = pytest.mark.spark

DEFECTIVE = [TESTS / "data" / "defective.txt", TESTS / "data" / "traps.txt", TESTS / "data" / "legacy.xls", EXAMPLE]
INJECTION_SEEDS = 2  # every injector twice: each rule injected at two different places


@pytest.fixture(scope="session")
def spark():
    from audit.spark import session
    spark = session("local[2]")
    yield spark
    spark.stop()


def both_engines(paths, catalogue, settings, spark):
    from audit.lint import lint
    paths = [str(path) for path in paths]
    rules = settings.active(catalogue)
    return lint(paths, rules, settings), lint(paths, rules, settings, spark_master="local[2]")


def assert_same(pandas_result, spark_result):
    assert [f.to_dict() for f in spark_result.findings] == [f.to_dict() for f in pandas_result.findings]
    assert [file.path for file in spark_result.files] == [file.path for file in pandas_result.files]
    for on_spark, on_pandas in zip(spark_result.files, pandas_result.files):
        assert repr(vars(on_spark)) == repr(vars(on_pandas))  # repr: a summary may hold NaN, never equal to itself
    assert spark_result.internal_errors == pandas_result.internal_errors == []


def rule_cases(folder: Path) -> list[Path]:
    """Each single-file pass and fail case of the rules' fixtures as a file."""
    paths = []
    for rule, case in CASES:
        if "documents" in case:  # corpus cases: the corpus step runs after either engine
            continue
        if "form" in case:
            paths.append(to_form_xlsx(folder / f"{rule}_{case['id']}.xlsx", [case["form"]]))
        else:
            paths.append(folder / f"{rule}_{case['id']}.txt")
            paths[-1].write_text(from_case(case), encoding="utf-8")
    return paths


def test_defective_tables_clean_table_rule_cases_and_injected_defects(tmp_path, catalogue, settings, spark):
    paths = DEFECTIVE + [CLEAN] + rule_cases(tmp_path) + list(write_cases(tmp_path, INJECTION_SEEDS))
    pandas_result, spark_result = both_engines(paths, catalogue, settings, spark)
    assert len(pandas_result.findings) > 500  # the comparison has something to compare
    assert {f.rule for f in pandas_result.findings} >= {r.id for r in catalogue if not r.table.startswith("corpus")}
    assert_same(pandas_result, spark_result)


def test_check_and_queue_write_the_same_outputs_on_both_engines(tmp_path, spark, capsys):
    from audit.cli import main

    folder = tmp_path / "submissions"
    folder.mkdir()
    for path in (EXAMPLE, CLEAN, TESTS / "data" / "defective.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    outputs = {}
    for engine in ("pandas", "spark"):
        status = main(["check", "--engine", engine, "--spark-master", "local[2]", "--no-cache", "--format", "json",
                       "--output", f"sarif:{tmp_path / engine}.sarif", str(EXAMPLE), str(CLEAN)])
        queue = main(["queue", "--engine", engine, "--no-cache", "--jobs", "1", "--out", str(tmp_path / f"q-{engine}"),
                      str(folder)])
        outputs[engine] = (status, queue, capsys.readouterr().out, (tmp_path / f"{engine}.sarif").read_text("utf-8"),
                           (tmp_path / f"q-{engine}" / "findings.json").read_text("utf-8"))
    assert outputs["pandas"][0] == 1 and '"rule"' in outputs["pandas"][2]
    assert outputs["spark"] == outputs["pandas"]


def lake_rows(document: str, text: str) -> list[dict]:
    """A row-per-indicator sheet's text (tests/tables.py render_declared) as rows of a lake table."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("单位名称\t"))
    department = next(line.split("：", 1)[1] for line in lines[:header] if line.startswith("部门名称："))
    columns = lines[header].split("\t")
    return [{"document": document, "部门名称": department, **dict(zip(columns, line.split("\t")))}
            for line in lines[header + 1:] if line]


def test_a_lake_table_gives_the_findings_of_its_documents_as_files(tmp_path, catalogue, settings, spark, capsys):
    import pandas as pd

    from audit.cli import main
    from audit.lint import lint

    rows, paths = [], []
    for rule, case in CASES:
        if "declared" in case:
            path = tmp_path / f"{rule}_{case['id']}.txt"
            path.write_text(from_case(case), encoding="utf-8")
            paths.append(str(path))
            rows += lake_rows(str(path), path.read_text(encoding="utf-8"))
    pd.DataFrame(rows).sample(frac=1, random_state=7).assign(row=lambda f: f.index).to_parquet(tmp_path / "lake.parquet")
    expected = sorted(json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True)
                      for f in lint(paths, settings.active(catalogue), settings).findings)
    assert len(expected) > 20

    status = main(["lake", str(tmp_path / "lake.parquet"), "--out", str(tmp_path / "out")])
    assert status == 1
    assert f"已检查 {len(paths)} 份文档，{len(expected)} 个问题" in capsys.readouterr().err
    parquet = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert sorted(parquet["document"].astype(str)) == sorted(parquet["path"])  # partitioned by document
    found = parquet.drop(columns="document").astype(object).where(parquet.notna(), None).to_dict("records")
    for finding in found:
        for key in ("line", "indicator", "page", "table"):
            finding[key] = None if finding[key] is None else int(finding[key])
    assert sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in found) == expected
    lines = [json.loads(line) for part in (tmp_path / "out" / "findings.jsonl").rglob("*.json")
             for line in part.read_text(encoding="utf-8").splitlines()]
    assert sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in lines) == expected
