"""The Spark engine gives the same findings and file results as the pandas engine.

Marked `spark` (deselected by default; `pytest -m spark`): one SparkSession on local[2] for the whole
run, since a JVM start costs ~10 s and ~500 MB on a 2-core machine. Every input of a module is linted
in one run per engine, and the two results are compared whole.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CLEAN, EXAMPLE, TESTS
from renderers import to_form_xlsx
from tables import from_case
from test_injection import write_cases
from test_platforms import GBK_NAME, UNDECODABLE, bytes_named
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
    names = [bytes_named(tmp_path, name, TESTS.joinpath("data", "defective.txt").read_bytes())  # a Windows share's
             for name in (GBK_NAME, UNDECODABLE)]
    paths = DEFECTIVE + [CLEAN] + names + rule_cases(tmp_path) + list(write_cases(tmp_path, INJECTION_SEEDS))
    pandas_result, spark_result = both_engines(paths, catalogue, settings, spark)
    assert len(pandas_result.findings) > 500  # the comparison has something to compare
    assert {f.rule for f in pandas_result.findings} >= {r.id for r in catalogue if not r.table.startswith("corpus")}
    assert {f.path for f in spark_result.findings} >= {str(tmp_path / "花都.txt"), str(tmp_path / "bad\\xff.txt")}
    assert_same(pandas_result, spark_result)


def test_check_and_queue_write_the_same_outputs_on_both_engines(tmp_path, spark, capsys, monkeypatch):
    """Also with --previous (a folder of submissions, linted on the engine of the run)."""
    import audit.spark
    from audit.cli import main

    folder, previous = tmp_path / "submissions", tmp_path / "last-round"
    for target, paths in ((folder, (EXAMPLE, CLEAN, TESTS / "data" / "defective.txt")), (previous, (EXAMPLE, CLEAN))):
        target.mkdir()
        for path in paths:
            (target / path.name).write_bytes(path.read_bytes())
    runs = []
    monkeypatch.setattr(audit.spark, "validate", lambda *args, validate=audit.spark.validate: runs.append(1) or
                        validate(*args))
    outputs = {}
    for engine in ("pandas", "spark"):
        status = main(["check", "--engine", engine, "--spark-master", "local[2]", "--no-cache", "--format", "json",
                       "--output", f"sarif:{tmp_path / engine}.sarif", str(EXAMPLE), str(CLEAN)])
        queue = main(["queue", "--engine", engine, "--no-cache", "--jobs", "1", "--out", str(tmp_path / f"q-{engine}"),
                      "--previous", str(previous), str(folder)])
        outputs[engine] = (status, queue, capsys.readouterr().out, (tmp_path / f"{engine}.sarif").read_text("utf-8"),
                           *[(tmp_path / f"q-{engine}" / name).read_text("utf-8")
                             for name in ("findings.json", "corpus.json", "index.csv")])
    assert outputs["pandas"][0] == 1 and '"rule"' in outputs["pandas"][2]
    assert "已改正" in outputs["pandas"][6]  # the previous round tracked
    assert outputs["spark"] == outputs["pandas"]
    assert len(runs) == 3  # check, the queue and its previous round: all on Spark


def test_the_cache_answers_a_spark_run_and_data_docs_are_refused(tmp_path, spark, capsys, monkeypatch):
    import audit.spark
    from audit.cli import main

    check = ["check", "--engine", "spark", "--spark-master", "local[2]", "--format", "json", str(EXAMPLE), str(CLEAN)]
    assert main(check) == 1
    first = capsys.readouterr().out
    monkeypatch.setattr(audit.spark, "validate", lambda *args: pytest.fail("a cached file went to Spark"))
    assert main(check) == 1
    assert capsys.readouterr().out == first
    assert main(["check", "--no-cache", "--format", "json", str(EXAMPLE), str(CLEAN)]) == 1
    assert capsys.readouterr().out == first  # what the cache holds is what pandas finds

    assert main(["queue", "--engine", "spark", "--data-docs", str(tmp_path / "docs"), "--out", str(tmp_path / "q"),
                 str(TESTS / "data")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == ["jxaudit: --data-docs 只能与默认的 pandas 引擎一起使用"]
    assert not (tmp_path / "q").exists()


def lake_rows(document: str, text: str) -> list[tuple[int, dict]]:
    """A row-per-indicator sheet's text (tests/tables.py render_declared) as rows of a lake table,
    each with its line in the text."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("单位名称\t"))
    department = next(line.split("：", 1)[1] for line in lines[:header] if line.startswith("部门名称："))
    columns = lines[header].split("\t")
    return [(number, {"document": document, "部门名称": department, **dict(zip(columns, line.split("\t")))})
            for number, line in enumerate(lines[header + 1:], start=header + 2) if line]


def test_a_lake_table_gives_the_findings_of_its_documents_as_files(tmp_path, catalogue, settings, spark, capsys):
    """Each finding on a row gives that row of the table (its `row`) as its line."""
    import pandas as pd

    from audit.cli import main
    from audit.lint import lint

    rows, paths, row_of_line = [], [], {}
    for rule, case in CASES:
        if "declared" in case:
            path = tmp_path / f"{rule}_{case['id']}.txt"
            path.write_text(from_case(case), encoding="utf-8")
            paths.append(str(path))
            for line, row in lake_rows(str(path), path.read_text(encoding="utf-8")):
                row_of_line[str(path), line] = len(rows) + 1000  # the table's row numbers are not the text's
                rows.append({**row, "row": len(rows) + 1000})
    pd.DataFrame(rows).sample(frac=1, random_state=7).to_parquet(tmp_path / "lake.parquet")
    findings = lint(paths, settings.active(catalogue), settings).findings
    expected = sorted(json.dumps(replace(f, line=row_of_line.get((f.path, f.line))).to_dict(),
                                 ensure_ascii=False, sort_keys=True) for f in findings)
    assert len(expected) > 20 and sum(f.line is not None for f in findings) > 20

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


def test_a_lake_table_without_row_numbers_its_rows_in_the_order_read(tmp_path, spark):
    import pandas as pd

    from audit.spark import lake

    pd.DataFrame({"document": [f"d{n % 3}" for n in range(50)], "指标值": [str(n) for n in range(50)]}).to_csv(
        tmp_path / "lake.csv", index=False)
    table = lake.read_table(spark, str(tmp_path / "lake.csv"))
    table = table.union(table.limit(7))  # rows from two partitions
    numbered = [(row["指标值"], row[lake.ORDER]) for row in lake.numbered(table).collect()]
    assert numbered == [(str(n), n + 1) for n in range(50)] + [(str(n), n + 51) for n in range(7)]
