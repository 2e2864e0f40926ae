"""A data-lake input for the Spark engine: one Parquet or CSV table of indicator rows for a whole
corpus (`jxaudit lake TABLE --out DIR`), the findings written back as Parquet and JSON lines with
the JSON contract's keys, partitioned by document.

The table: a `document` column naming the document each row belongs to (it becomes the findings'
`path`), optionally `部门名称` and `title`, and the columns of the row-per-indicator sheet under the
headers such a sheet has (项目名称, 预算数, 年度目标, 一级指标, 二级指标, 三级指标, 指标值, 度量单位 …;
audit/domain.yaml `headers`). An optional `row` column orders a document's rows, else the table's
order does. Each document's rows are grouped on an executor, written out as the sheet they are a
view of and read by the same reader as a file (audit/reading), so every rule applies unchanged.
A finding's `line` is its row in the table: the value of `row`, else the row's position in the
table as read (1 = the first row under the header); None for a finding on the document.
"""
from __future__ import annotations

from . import RECORD_SCHEMA, _file_records, _records_frame, types_record

DOCUMENT, ORDER, DEPARTMENT, TITLE = "document", "row", "部门名称", "title"
NUMBER = "_document_number"


def read_table(spark, path: str):
    """The lake table as a Spark DataFrame: Parquet by its suffix or folder, else CSV with a header."""
    if path.endswith(".parquet") or path.endswith("/") or not path.lower().endswith((".csv", ".tsv", ".txt")):
        return spark.read.parquet(path)
    return spark.read.csv(path, header=True, sep="\t" if path.lower().endswith((".tsv", ".txt")) else ",")


def records(spark, table, rules, settings):
    """The records (audit/spark step 1) of the lake table's documents, built on the executors."""
    from pyspark.sql import functions as F

    if DOCUMENT not in table.columns:
        raise ValueError(f"the table has no '{DOCUMENT}' column (columns: {', '.join(table.columns)})")
    table = table.select(*[F.col(f"`{c}`").cast("string").alias(c) for c in table.columns])
    if ORDER in table.columns:
        table = table.withColumn(ORDER, F.col(ORDER).cast("long"))
    else:
        table = numbered(table)
    numbers = table.select(DOCUMENT).distinct().rdd.map(lambda row: row[0]).zipWithIndex().toDF([DOCUMENT, NUMBER])
    return table.join(numbers, on=DOCUMENT).groupBy(NUMBER).applyInPandas(_document_records(rules, settings),
                                                                          RECORD_SCHEMA)


def numbered(table):
    """The table with ORDER: each row's position in the table as read, 1 for its first row, made in
    the JVM without a shuffle (a partition's rows follow those of the partitions before it)."""
    from pyspark.sql import functions as F

    table = table.withColumn("_partition", F.spark_partition_id()).withColumn("_id", F.monotonically_increasing_id())
    offsets, before = [], 0
    for partition, count in sorted(tuple(row) for row in table.groupBy("_partition").count().collect()):
        offsets += [F.lit(partition), F.lit(before)]
        before += count
    within = F.col("_id") - F.shiftleft(F.col("_partition").cast("long"), 33)  # the id's lower 33 bits
    return table.withColumn(ORDER, F.create_map(*offsets)[F.col("_partition")] + within + 1).drop("_partition", "_id")


def _document_records(rules, settings):
    def work(rows):
        rows = rows.sort_values(ORDER, kind="stable")
        document = rows[DOCUMENT].iloc[0]
        text, first = sheet(rows)
        lines = {first + number: int(row) for number, row in enumerate(rows[ORDER])}  # the sheet's -> the table's
        types: dict = {}
        records = list(_file_records(int(rows[NUMBER].iloc[0]), document, text.encode("utf-8"), rules, settings,
                                     types, lines=lines))
        return _records_frame(records + [types_record(types)])
    return work


def sheet(rows) -> tuple[str, int]:
    """A document's rows as the tab-separated row-per-indicator sheet they come from, and the
    line number of its first row."""
    columns = [c for c in rows.columns if c not in (DOCUMENT, ORDER, NUMBER, DEPARTMENT, TITLE)]
    title = _first(rows, TITLE) or "项目支出绩效目标表"
    lines = [f"## {title}", ""]
    if _first(rows, DEPARTMENT):
        lines += [f"部门名称：{_first(rows, DEPARTMENT)}", ""]
    lines.append("\t".join(columns))
    first = len(lines) + 1
    for values in rows[columns].itertuples(index=False):
        lines.append("\t".join(_cell(value) for value in values))
    return "\n".join(lines) + "\n", first


def _first(rows, column: str) -> str | None:
    if column not in rows.columns:
        return None
    values = rows[column].dropna()
    return _cell(values.iloc[0]) if len(values) else None


def _cell(value) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")


def run(table_path: str, out: str, rules, settings, spark_master: str | None = None):
    """Lint the lake table and write DIR/findings.parquet and DIR/findings.jsonl (partitioned by
    document). Returns (the documents' FileResults, findings count by severity)."""
    from pyspark.sql import functions as F

    from . import describe, session, validate

    spark = session(spark_master)
    result = validate(spark, records(spark, read_table(spark, table_path), rules, settings), rules, settings)
    findings = result.findings.persist()
    describe(spark, "3: findings")
    findings.write.mode("overwrite").partitionBy(DOCUMENT).parquet(f"{out}/findings.parquet")
    findings.write.mode("overwrite").partitionBy(DOCUMENT).option("ignoreNullFields", "false").json(
        f"{out}/findings.jsonl")  # every key of the contract, null or not
    counts = {row["severity"]: row["count"] for row in findings.groupBy("severity").count().collect()}
    findings.unpersist()
    return sorted(result.files, key=lambda file: file.path), result.internal_errors, counts
