"""Decide a caseload with Onramp in Apache Spark.

Reads a caseload (JSONL, one case per line, or Parquet with a column of case JSON text),
decides every case with ``RuleSet.evaluate_arrow`` inside ``mapInArrow`` (Arrow batches
straight into the Rust kernel: no Python per row), and writes Parquet with the case's id,
the decision JSON (the bytes ``onramp batch`` writes), the input errors, and per person the
flat status columns (``<program>.status``, ``<program>.priority``, ``<service>.need``,
``<service>.eligibility``, ``<ladder>.next``, lists in person order).

The rule bundle travels as text: the driver builds it once (``onramp.bundle_dir``, or reads
a file ``onramp bundle`` wrote), broadcasts it, and every executor's Python worker compiles
it once (``onramp.RuleSet.shared``) however many tasks it runs.

    spark-submit --py-files onramp-0.1.0-cp39-abi3-manylinux_2_34_x86_64.whl \\
        examples/spark/caseload.py --rules rules/nyc --as-of 2026-11-23 \\
        --input caseload.jsonl --output decisions.parquet

(or install the wheel as a cluster library and leave out ``--py-files``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterator, Optional

import onramp


def spark_ddl(schema) -> str:
    """The Spark DDL of an Arrow schema of text and list-of-text columns (what
    ``evaluate_arrow`` returns), with backticks since the flat names hold dots."""
    import pyarrow as pa

    def ddl(t: pa.DataType) -> str:
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return "string"
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            return f"array<{ddl(t.value_type)}>"
        raise TypeError(f"no Spark type for {t}")

    return ", ".join(f"`{f.name}` {ddl(f.type)}" for f in schema)


def read_caseload(spark, path: str, column: str = "case"):
    """A DataFrame with one column, ``case``: the JSON text of each case. ``.parquet``
    paths are read as Parquet (taking ``column``), anything else as JSONL text lines."""
    if path.rstrip("/").endswith(".parquet"):
        return spark.read.parquet(path).select(column).withColumnRenamed(column, "case")
    # Lines as they are: the kernel parses each one, so Spark's JSON reader (and its
    # schema inference) never touches a case.
    return spark.read.text(path).withColumnRenamed("value", "case")


def decide(
    spark,
    bundle_text: str,
    caseload,
    *,
    as_of: str,
    detail: Optional[str] = "summary",
    lang: Optional[str] = None,
):
    """The caseload DataFrame (a ``case`` column of JSON text) decided: one row per case."""
    rules = onramp.RuleSet.from_bundle(bundle_text)
    schema = spark_ddl(rules.arrow_schema())
    bundle = spark.sparkContext.broadcast(bundle_text)

    def decide_batches(batches: Iterator) -> Iterator:
        # Runs on the executors: the broadcast text is compiled once per Python worker.
        shared = onramp.RuleSet.shared(bundle.value)
        for batch in batches:
            yield shared.evaluate_arrow(
                batch, column="case", as_of=as_of, detail=detail, lang=lang
            )

    return caseload.select("case").mapInArrow(decide_batches, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", required=True, help="a rule folder or a bundle file")
    parser.add_argument("--input", required=True, help="JSONL, or Parquet with --column")
    parser.add_argument("--output", required=True, help="where to write Parquet")
    parser.add_argument("--as-of", required=True, help="the decision date, YYYY-MM-DD")
    parser.add_argument("--detail", default="summary", choices=["summary", "full"])
    parser.add_argument("--lang")
    parser.add_argument("--column", default="case", help="the case column of Parquet input")
    parser.add_argument("--master", help="e.g. local[2]; spark-submit sets it otherwise")
    args = parser.parse_args()

    from pyspark.sql import SparkSession

    if args.master and args.master.startswith("local"):
        # Local mode: the Python workers run this very interpreter (the virtualenv the
        # wheel is installed in), not whatever `python3` is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("onramp-caseload")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        bundle_text = (
            onramp.bundle_dir(args.rules)
            if not args.rules.endswith(".json")
            else open(args.rules, encoding="utf-8").read()
        )
        started = time.perf_counter()
        decided = decide(
            spark,
            bundle_text,
            read_caseload(spark, args.input, args.column),
            as_of=args.as_of,
            detail=args.detail,
            lang=args.lang,
        )
        decided.write.mode("overwrite").parquet(args.output)
        seconds = time.perf_counter() - started
        cases = spark.read.parquet(args.output).count()
        print(f"{cases} cases decided in {seconds:.1f} s ({cases / seconds:.0f} cases/s) -> {args.output}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
