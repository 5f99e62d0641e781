"""The Spark example job (examples/spark/caseload.py) in local mode on a generated caseload
of 10 000 households decides exactly as `onramp batch`: the same decision bytes for every
household, and flat status columns that add up to the batch's closing counts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import AS_OF, REPO, run_cli

HOUSEHOLDS = 10_000
SEED = 7

# scripts/test.sh installs pyspark and a JRE, and sets this: there, a missing one fails.
REQUIRED = os.environ.get("ONRAMP_SPARK_REQUIRED") == "1"


def need(ok: bool, why: str) -> None:
    if not ok:
        (pytest.fail if REQUIRED else pytest.skip)(why)


def test_spark_local_job_equals_onramp_batch(cli, tmp_path):
    need(shutil.which("java") is not None, "no java on PATH")
    try:
        import pyarrow.parquet as pq
        import pyspark  # noqa: F401
    except ImportError as e:
        need(False, f"pyspark or pyarrow missing: {e}")
    caseload = tmp_path / "caseload.jsonl"
    done = run_cli(cli, "generate", "rules/nyc", "--households", str(HOUSEHOLDS), "--seed", str(SEED), "-o", str(caseload))
    assert done.returncode == 0, done.stderr
    batch_out, summary = tmp_path / "batch.jsonl", tmp_path / "summary.json"
    done = run_cli(cli, "batch", "rules/nyc", str(caseload), "--as-of", AS_OF, "-o", str(batch_out), "--summary", str(summary))
    assert done.returncode == 0, done.stderr

    parquet = tmp_path / "decisions.parquet"
    job = subprocess.run(
        [sys.executable, str(REPO / "examples" / "spark" / "caseload.py"),
         "--rules", str(REPO / "rules" / "nyc"), "--input", str(caseload), "--output", str(parquet),
         "--as-of", AS_OF, "--master", "local[2]"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert job.returncode == 0, job.stderr[-5000:]
    assert f"{HOUSEHOLDS} cases decided" in job.stdout

    expected = {}
    for line in batch_out.read_text(encoding="utf-8").splitlines():
        # `onramp batch` writes {"line":N,"id":…,"errors":…,"decision":<bytes>}; the
        # decision's bytes are cut out of the line, not re-serialized.
        record = json.loads(line)
        start = line.index(',"decision":') + len(',"decision":')
        expected[record["id"]] = (line[start:-1], record.get("errors"))
    assert len(expected) == HOUSEHOLDS

    table = pq.read_table(parquet)
    assert table.num_rows == HOUSEHOLDS
    got = {}
    for row in table.select(["id", "decision", "errors", "failure"]).to_pylist():
        assert row["failure"] is None
        got[row["id"]] = (row["decision"], json.loads(row["errors"]) if row["errors"] else None)
    assert got.keys() == expected.keys()
    differ = [i for i in expected if got[i] != expected[i]]
    assert differ == [], f"{len(differ)} households decided differently, e.g. {differ[:3]}"

    # The flat columns count what the batch's closing summary counts, program by program.
    counts = json.loads(summary.read_text(encoding="utf-8"))
    words = ["eligible", "ineligible", "undetermined"]
    for program, expected_counts in counts["programs"]:
        column = table.column(f"{program}.status").to_pylist()
        flat = [sum(cell == w for persons in column for cell in persons) for w in words]
        assert flat == expected_counts, program
