"""The Spark engine (`--engine spark`, `pip install 'jxaudit[spark]'`): the same rule records, the
same expectations and the same findings as the pandas engine, over a corpus no single machine holds.

How a run goes, and where each step runs:

1. executors: each file is read, parsed and turned into its tables (`mapInPandas` over the paths;
   a data-lake table's documents through `applyInPandas`, audit/spark/lake.py), exactly as
   audit/lint.py does for a batch. Every table row leaves as one JSON line with a `_row` id that
   is unique in the run; each file leaves its FileResult, and each partition the JSON types of
   its tables' columns (`column_type`, merged as Spark's JSON inference merges them).
2. Spark: each table is parsed from those JSON lines (`from_json`, in the JVM) with the schema the
   partitions' types give, the schema Spark would infer, without a pass over the corpus to infer
   it; the driver never holds the rows. A table gets a partition per ROWS_PER_PARTITION rows.
3. Great Expectations validates each table with the suite compiled from the records
   (audit/engine.py `compile_suite`); the failing rows come back as their `_row` ids
   (`unexpected_index_column_names`: Spark has no pandas index).
4. executors: the failing rows are joined back, grouped by file, and made into findings with the
   records' templates and their `unless:` precedence (audit/engine.py, audit/findings.py).

Every rule the catalogue has is a row rule on its table: what needs a whole document (numbering,
duplicates, sums) is a derived column computed per document in step 1, so nothing is grouped on
the driver. pyspark is imported by this package only; the default install never loads it.
"""
from __future__ import annotations

import json
import os
import pickle
import sys
from dataclasses import dataclass

from ..catalogue import TABLES
from ..findings import EXTRA_KEYS, KEYS, Finding

DEFAULT_MASTER = "local[*]"
ROW_ID = "_row"  # the row id column the engine maps failing rows back by
ROW_BITS = 32  # a row id: file number << ROW_BITS | the row's number in its file's table
FILES_PER_PARTITION = 100  # step 1: ~9,000 indicators, a cached block of tens of MB
LOCAL_MEMORY = "4g"
ROWS_PER_PARTITION = 200_000  # a table's partition: each Spark job of an expectation costs a task per partition
FINDING_KEYS = KEYS + EXTRA_KEYS


def master(url: str | None = None) -> str:
    """The master URL: the one given, else $SPARK_MASTER, else local[*]."""
    return url or os.environ.get("SPARK_MASTER") or DEFAULT_MASTER


def session(url: str | None = None):
    """The SparkSession of this process (one per process: a JVM start costs ~10 s), made offline:
    no UI, no package downloads, Arrow for the pandas exchanges (without it nulls become 'nan')."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:  # under spark-submit, or a test's session
        return active
    url = master(url)
    builder = SparkSession.builder.appName("jxaudit").master(url)
    if url.startswith("local"):  # the workers are this Python (with jxaudit and pyarrow), not the PATH's
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # the block manager where the driver binds: large task results are fetched from it, and the
        # host name may resolve to an address nothing listens on
        builder = builder.config("spark.driver.host", os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
        # the driver's JVM is the executor too: Spark's 1 GiB default ran out building the cached blocks
        # of 10,000 tables (benchmarks/spark.py); a heap's maximum, not memory taken
        builder = builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", LOCAL_MEMORY))
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": str(max(4, 2 * (os.cpu_count() or 1))),
    "spark.jars.packages": "",  # nothing resolved through ivy/Maven at run time
    "spark.driver.bindAddress": "127.0.0.1" if os.environ.get("SPARK_LOCAL_IP") is None else os.environ["SPARK_LOCAL_IP"],
}


# -------------------------------------------------------------------------------- 1. executors

RECORD_SCHEMA = "kind string, path string, json string, blob binary"
TYPES = "types"  # the record kind of a partition's table types


def _file_records(number: int, path: str, data: bytes | None, rules, settings, types: dict | None = None,
                  source: str | None = None, lines: dict | None = None):
    """The records of the file called `path`: its tables' rows as JSON lines, then its FileResult
    (pickled). data None: read the file here, at `source` (which every executor sees). types:
    {table: [rows, JSON type]} the file's tables are merged into (see `column_type`). lines: the
    line numbers the findings give instead of the file's (a lake table's rows; None where none)."""
    from .. import corpus
    from ..features import build_tables
    from ..lint import FileResult, _isolated, read_batch
    from ..reading import InputError, read_bytes
    from ..i18n import t

    if data is None:
        try:
            data = read_bytes(source or path, settings.limits)
        except InputError as err:
            yield "file", path, None, pickle.dumps(FileResult(path=path, error=t(err.key, settings.lang, **err.params)))
            return
    files, parsed = read_batch([(path, data)], settings)
    file = files[0]
    tables = _isolated(file, settings, lambda: build_tables(parsed[path], rules=rules, settings=settings)) \
        if path in parsed and rules else None
    if tables:
        file.summary = corpus.summarise(tables).get(path)
        for table, frame in tables.items():
            if frame.empty:
                continue
            frame = frame.reset_index(drop=True)
            if lines is not None and "line" in frame:
                frame["line"] = frame["line"].map(lambda line: lines.get(line) if line == line else None)
            frame.insert(0, ROW_ID, (number << ROW_BITS) + frame.index)
            columns = {str(name): (series.dtype.kind, _plain_column(series)) for name, series in frame.items()}
            if types is not None:
                rows, known = types.get(table, (0, None))
                kinds = {"struct": {name: column_type(*column) for name, column in columns.items()}}
                types[table] = [rows + len(frame), merge_types(known, kinds)]
            names = list(columns)
            for values in zip(*[values for _, values in columns.values()]):  # json: every double exactly, infinities as Infinity
                yield table, path, json.dumps(dict(zip(names, values)), ensure_ascii=False, default=_item), None
    yield "file", path, None, pickle.dumps(file)


def _item(value):
    return value.item()  # a numpy scalar


def _records_frame(rows):
    import pandas as pd
    return pd.DataFrame(rows, columns=["kind", "path", "json", "blob"])


def _read_files(rules, settings):
    """mapInPandas: (number, path) batches -> the records of those files, then one record of the
    partition's table types."""
    def work(batches):
        types: dict = {}
        for batch in batches:
            rows = []
            for number, name, path in zip(batch["number"], batch["name"], batch["path"]):
                rows += _file_records(int(number), name, None, rules, settings, types, os.fsdecode(path))
            yield _records_frame(rows)
        yield _records_frame([types_record(types)])
    return work


def types_record(types: dict) -> tuple:
    return TYPES, None, json.dumps(types, ensure_ascii=False), None


# Spark's JSON schema inference (JsonInferSchema), on the Python values the JSON lines are made of:
# a type is "null", "boolean", "long", "double", "string", {"struct": {name: type}} or {"array": type}.

def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dict):
        return {"struct": {str(key): json_type(item) for key, item in value.items()}}
    if isinstance(value, (list, tuple)):
        element = "null"
        for item in value:
            element = merge_types(element, json_type(item))
        return {"array": element}
    return "string"


def merge_types(one, other):
    """The type of a column holding values of both types (Spark's `compatibleType`)."""
    if one is None or one == "null":
        return other
    if other is None or other == "null" or one == other:
        return one
    if one in ("long", "double") and other in ("long", "double"):
        return "double"
    if isinstance(one, dict) and isinstance(other, dict) and one.keys() == other.keys():
        if "struct" in one:
            fields = dict(one["struct"])
            for name, kind in other["struct"].items():
                fields[name] = merge_types(fields.get(name), kind)
            return {"struct": fields}
        return {"array": merge_types(one["array"], other["array"])}
    return "string"


def _plain_column(series) -> list:
    """A column's values as Python objects, None for a missing one (NaN is pandas' missing value)."""
    values = series.tolist()
    missing = series.isna().to_numpy()
    return [None if gone else value for value, gone in zip(values, missing)] if missing.any() else values


def column_type(dtype_kind: str, values: list):
    """The JSON type of a column's values (None for missing ones)."""
    if dtype_kind in "biuf":  # numpy's own: one type for the column, "null" when every value is missing
        return {"b": "boolean", "f": "double"}.get(dtype_kind, "long") if any(v is not None for v in values) else "null"
    seen = {type(value) for value in values} - {type(None)}
    if seen <= {str}:
        return "string" if seen else "null"
    merged = "null"
    for value in values:
        if value is not None:
            merged = merge_types(merged, json_type(_plain_value(value)))
    return merged


def _plain_value(value):
    return value.item() if hasattr(value, "item") and not isinstance(value, (dict, list, str)) else value


def spark_schema(kind):
    """The Spark type of a merged JSON type as Spark's inference canonicalises it: no type is a
    string, fields sorted by name, empty structs dropped (None)."""
    from pyspark.sql import types as T

    if kind == "null" or kind == "string":
        return T.StringType()
    if kind in ("boolean", "long", "double"):
        return {"boolean": T.BooleanType(), "long": T.LongType(), "double": T.DoubleType()}[kind]
    if "array" in kind:
        element = spark_schema(kind["array"])
        return None if element is None else T.ArrayType(element, True)
    fields = [T.StructField(name, spark_schema(item), True) for name, item in sorted(kind["struct"].items())
              if name and spark_schema(item) is not None]
    return T.StructType(fields) if fields else None


# -------------------------------------------------------------------------------- the run

@dataclass
class SparkRun:
    """What a Spark run leaves: the files' results, and the findings as a Spark DataFrame."""
    files: list
    findings: object  # pyspark DataFrame of FINDING_KEYS (+ "document")
    internal_errors: list


def lint(paths: list[str], rules, settings, spark_master: str | None = None, cache=None):
    """audit/lint.py `lint` on Spark: the same LintResult for the same paths. Names are shown as
    the pandas engine shows them (files.readable_path: GBK names decoded) and each file is read
    by its own bytes. With a cache, the driver reads each file to look it up, as the pandas engine
    does, and Spark lints the files not in it; their results are put in it."""
    from ..files import readable_path
    from ..lint import BatchOutcome, LintResult, _merge, _read_or_recall, expand, skipped_note

    result = LintResult(rules=list(rules))
    files, skipped = expand(paths)
    if skipped:
        skipped = [readable_path(path) for path in skipped]
        result.notes.append(skipped_note(skipped, settings.lang))
        result.skipped += sorted(skipped)
    keys: dict[str, str | None] = {}
    to_lint = []  # (name, the path's bytes)
    for path, problem in dict.fromkeys(files):
        name = readable_path(path)
        if problem or cache:
            file, _ = _read_or_recall(path, name, problem, settings, cache, None, keys, result)
            if file is not None:  # unreadable, or answered from the cache
                result.files.append(file)
                continue
        to_lint.append((name, os.fsencode(path)))
    if to_lint:
        spark = session(spark_master)
        listing = spark.createDataFrame([(number, name, path) for number, (name, path) in enumerate(to_lint)],
                                        "number long, name string, path binary")
        parallel = spark.sparkContext.defaultParallelism
        listing = listing.repartition(min(len(to_lint), max(parallel * 4, -(-len(to_lint) // FILES_PER_PARTITION))))
        records = listing.mapInPandas(_read_files(rules, settings), RECORD_SCHEMA)
        run = validate(spark, records, rules, settings)
        describe(spark, "3: findings")
        findings = [finding_from_row(row) for row in run.findings.drop("document").collect()]
        result.files += run.files
        _merge(result, BatchOutcome(run.files, findings, run.internal_errors), cache, keys)
    result.files.sort(key=lambda file: file.path)
    result.findings.sort(key=Finding.sort_key)
    result.internal_errors.sort(key=lambda error: (error.path, error.rule))
    return result


def validate(spark, records, rules, settings) -> SparkRun:
    """Steps 2-4 over the records of step 1 (a DataFrame of RECORD_SCHEMA)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from ..lint import RuleError

    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    files, types = [], {}
    describe(spark, "1: read, parse, features")
    for row in records.where(F.col("kind").isin("file", TYPES)).select("kind", "json", "blob").collect():
        if row.kind == "file":  # one job: step 1 runs on every partition at once
            files.append(pickle.loads(row.blob))
        else:
            for table, (rows, kind) in json.loads(row.json).items():
                known_rows, known = types.get(table, (0, None))
                types[table] = (known_rows + rows, merge_types(known, kind))
    failing: dict[str, list[tuple[str, int]]] = {}  # table -> (rule id, row id)
    tables: dict[str, object] = {}
    errors: list[RuleError] = []
    for table in TABLES:
        table_rules = [rule for rule in rules if rule.table == table]
        if not table_rules or table not in types:
            continue
        rows, kind = types[table]
        lines = records.where(F.col("kind") == table)
        frame = lines.select(F.from_json("json", spark_schema(kind), {"allowNonNumericNumbers": "true"})
                             .alias("row")).select("row.*")
        frame = frame.coalesce(max(1, -(-rows // ROWS_PER_PARTITION)))
        frame = _numeric(frame, table_rules, settings).persist(StorageLevel.MEMORY_AND_DISK)
        tables[table] = frame
        describe(spark, f"2: expectations on {table}")
        for rule, ids, problem in _validate(table, frame, table_rules, settings):
            if problem:  # a bug in a rule: reported on each file of its table, its findings missing
                paths = [row.path for row in lines.select("path").distinct().collect()]
                errors += [RuleError(path=path, rule=rule.id, name=rule.name, source=rule.source, error=problem)
                           for path in paths]
                continue
            failing.setdefault(table, []).extend((rule.id, row_id) for row_id in ids)
    findings = _findings(spark, tables, failing, rules, settings)
    records.unpersist()
    return SparkRun(files, findings, errors)


def describe(spark, phase: str) -> None:
    """The description of the Spark jobs that follow: the UI and the event log (benchmarks/spark.py
    sums each phase's tasks by it)."""
    spark.sparkContext.setJobDescription(f"jxaudit {phase}")


def _numeric(frame, rules, settings):
    """The frame with the columns that range expectations compare as doubles: a column empty in the
    whole run is inferred as text from its JSON nulls, where pandas has float NaN (and GX refuses
    a range on text)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    columns = set()
    for rule in rules:
        kwargs, _ = rule.compiled(settings.rules[rule.id].options)
        if "min_value" in kwargs or "max_value" in kwargs:
            columns.add(kwargs.get("column"))
    text = {field.name for field in frame.schema.fields if isinstance(field.dataType, StringType)}
    for column in sorted(columns & text):
        frame = frame.withColumn(column, F.col(column).cast("double"))
    return frame


def _validate(table: str, frame, rules, settings):
    """(rule, failing row ids, problem or None) for each rule; each rule alone when the suite fails."""
    from .. import engine

    gx = engine._gx()
    suite = engine.compile_suite(table, rules, settings)
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID],
                     "return_unexpected_index_query": False}  # its SQL text costs a plan analysis each
    try:
        batch = _batch_definition(gx, table).get_batch(batch_parameters={"dataframe": frame})
        results = batch.validate(suite, result_format=result_format)
    except Exception as err:
        if len(rules) == 1:
            yield rules[0], [], engine._one_line(err)
        else:
            for rule in rules:
                yield from _validate(table, frame, [rule], settings)
        return
    by_id = {rule.id: rule for rule in rules}
    for result in results.results:
        rule = by_id[result.expectation_config.meta["rule"]]
        ids = [entry[ROW_ID] for entry in result.result.get("unexpected_index_list") or []]
        yield rule, ids, engine._exception(result.exception_info)


def _batch_definition(gx, table: str):
    definitions = gx.__dict__.setdefault("_spark_definitions", {})
    if table not in definitions:
        if "source" not in definitions:
            definitions["source"] = gx.context.data_sources.add_spark("jxaudit-spark")
        asset = definitions["source"].add_dataframe_asset(table)
        definitions[table] = asset.add_batch_definition_whole_dataframe(table)
    return definitions[table]


# -------------------------------------------------------------------------------- 4. findings

FINDING_SCHEMA = ", ".join(
    f"{key} {'long' if key in ('line', 'indicator', 'page', 'table') else 'string'}" for key in FINDING_KEYS
) + ", document string"


def _findings(spark, tables: dict, failing: dict[str, list[tuple[str, int]]], rules, settings):
    """The findings as a DataFrame, made on the executors grouped by file."""
    from pyspark.sql import functions as F

    if not failing:
        return spark.createDataFrame([], FINDING_SCHEMA)
    rows = None
    for table, pairs in failing.items():  # row ids are unique within a table
        frame = tables[table]
        ids = spark.createDataFrame(pairs, f"rule string, {ROW_ID} long")
        joined = frame.join(ids, on=ROW_ID).select(
            "path", "rule", F.to_json(F.struct(*[F.col(c) for c in frame.columns]),
                                      {"ignoreNullFields": "false"}).alias("json"))
        rows = joined if rows is None else rows.unionByName(joined)
    return rows.groupBy("path").applyInPandas(_make_findings(rules, settings), FINDING_SCHEMA)


def _make_findings(rules, settings):
    from ..findings import apply_precedence

    by_id = {rule.id: rule for rule in rules}
    unless = {rule.id: rule.unless for rule in rules}

    def work(group):
        import pandas as pd

        from ..engine import make_finding

        findings = [make_finding(by_id[rule], json.loads(row), settings)
                    for rule, row in zip(group["rule"], group["json"])]
        findings = sorted(apply_precedence(findings, unless), key=Finding.sort_key)
        frame = pd.DataFrame([f.to_dict() for f in findings], columns=list(FINDING_KEYS))
        for key in ("line", "indicator", "page", "table"):
            frame[key] = frame[key].astype("Int64")
        frame["document"] = frame["path"]
        return frame
    return work


def finding_from_row(row) -> Finding:
    """A Finding from a row of the findings DataFrame (fingerprint and group are computed again)."""
    values = row.asDict()
    return Finding(**{key: values[key] for key in Finding.__dataclass_fields__})
