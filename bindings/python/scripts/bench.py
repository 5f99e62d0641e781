"""Throughput figures (a benchmark, never a test): cases per second deciding a generated
NYC caseload at summary detail through

1. `onramp batch` (the native path: Rust reading JSONL and writing JSONL on every core);
2. `RuleSet.evaluate_arrow` on an Arrow table of the same JSONL lines (every core, GIL
   released), and `evaluate_many` for comparison;
3. the Spark example job (examples/spark/caseload.py) in local mode, JSONL in, Parquet out.

Run it with the virtualenv scripts/test.sh made (the wheel, pyarrow and pyspark installed)
and a release CLI:

    cargo build --release -p onramp-cli
    $CARGO_TARGET_DIR/python-test/bin/python bindings/python/scripts/bench.py \\
        --cli $CARGO_TARGET_DIR/release/onramp
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import onramp

REPO = Path(__file__).resolve().parents[3]
AS_OF = "2026-11-23"


def timed(f):
    started = time.perf_counter()
    result = f()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, help="a release build of the onramp CLI")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--master", default=f"local[{os.cpu_count()}]")
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    n = args.households
    out: list[tuple[str, float, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        caseload = tmp / "caseload.jsonl"
        subprocess.run(
            [args.cli, "generate", "rules/nyc", "--households", str(n), "--seed", str(args.seed), "-o", str(caseload)],
            cwd=REPO, check=True,
        )
        print(f"{n} households, {caseload.stat().st_size / 1e6:.0f} MB of JSONL; {os.cpu_count()} cores")

        _, seconds = timed(lambda: subprocess.run(
            [args.cli, "batch", "rules/nyc", str(caseload), "--as-of", AS_OF, "-o", str(tmp / "batch.jsonl")],
            cwd=REPO, check=True, capture_output=True,
        ))
        out.append(("onramp batch (native, JSONL in and out)", n / seconds, f"{seconds:.1f} s"))

        rules = onramp.RuleSet.from_dir(REPO / "rules" / "nyc")
        lines = caseload.read_text(encoding="utf-8").splitlines()
        table = pa.table({"case": lines})
        decided, seconds = timed(lambda: rules.evaluate_arrow(table, as_of=AS_OF, detail="summary"))
        assert decided.num_rows == n
        out.append(("evaluate_arrow (Arrow table in and out)", n / seconds, f"{seconds:.1f} s"))
        _, seconds = timed(lambda: rules.evaluate_many(lines, as_of=AS_OF, detail="summary"))
        out.append(("evaluate_many (list of str in and out)", n / seconds, f"{seconds:.1f} s"))
        del decided, table, lines

        if not args.skip_spark:
            job = subprocess.run(
                [sys.executable, str(REPO / "examples" / "spark" / "caseload.py"), "--rules", str(REPO / "rules" / "nyc"),
                 "--input", str(caseload), "--output", str(tmp / "decisions.parquet"), "--as-of", AS_OF,
                 "--master", args.master],
                cwd=tmp, check=True, capture_output=True, text=True,
            )
            # "N cases decided in S s (R cases/s)": the job from reading to Parquet written,
            # without starting the JVM and the session.
            line = next(x for x in job.stdout.splitlines() if "cases decided" in x)
            seconds = float(line.split(" in ")[1].split(" s ")[0])
            out.append((f"Spark {args.master}, example job (JSONL in, Parquet out)", n / seconds, f"{seconds:.1f} s"))

    width = max(len(name) for name, _, _ in out)
    print(f"\n{'path':<{width}}  {'cases/s':>8}  time")
    for name, rate, note in out:
        print(f"{name:<{width}}  {rate:>8.0f}  {note}")
    native = out[0][1]
    print(f"\nevaluate_arrow / native batch: {out[1][1] / native:.2f}")


if __name__ == "__main__":
    main()
