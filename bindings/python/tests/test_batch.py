"""The batch entry points decide exactly as one case at a time, and evaluate_arrow's flat
columns say what `onramp batch --format csv` says."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

import onramp
from conftest import AS_OF, REPO, run_cli

pa = pytest.importorskip("pyarrow")


def test_evaluate_many_equals_per_case_summary(nyc, sample_lines):
    many = nyc.evaluate_many(sample_lines, as_of=AS_OF, detail="summary")
    assert len(many) == len(sample_lines) == 1000
    assert many == [nyc.evaluate(c, as_of=AS_OF, detail="summary") for c in sample_lines]


def test_evaluate_many_equals_per_case_full_and_in_spanish(nyc, sample_lines):
    cases = sample_lines[:150]
    many = nyc.evaluate_many(cases, as_of=AS_OF, lang="es")
    assert many == [nyc.evaluate(c, as_of=AS_OF, lang="es") for c in cases]
    assert all('"detail":"full"' in d and '"lang":"es"' in d for d in many)


def test_evaluate_many_takes_dicts_and_gives_dicts(example):
    cases = [{"persons": [{"date_of_birth": "2000-01-01"}]}, '{"persons": []}']
    got = example.evaluate_many(cases, as_of=AS_OF, as_dict=True)
    assert got == [example.evaluate(c, as_of=AS_OF, as_dict=True) for c in cases]
    assert isinstance(got[0], dict)


def test_evaluate_many_with_cases_that_are_not_cases(example):
    cases = ["{}", "[1]", "{", '{"persons": []}']
    with pytest.raises(onramp.CaseError) as raised:
        example.evaluate_many(cases, as_of=AS_OF)
    assert raised.value.index == 1
    got = example.evaluate_many(cases, as_of=AS_OF, errors="return")
    assert isinstance(got[1], onramp.CaseError) and got[1].index == 1
    assert isinstance(got[2], onramp.CaseError) and got[2].code == "invalid-case"
    assert got[0] == example.evaluate("{}", as_of=AS_OF)
    assert got[3] == example.evaluate('{"persons": []}', as_of=AS_OF)
    assert example.evaluate_many([], as_of=AS_OF) == []


def test_threads_share_one_rule_set(nyc, sample_lines):
    """RuleSet is immutable: Python threads evaluating at once (the GIL released inside)
    get the same decisions as one thread."""
    cases = sample_lines[:200]
    expected = nyc.evaluate_many(cases, as_of=AS_OF, detail="summary")
    results: dict[int, list[str]] = {}

    def work(k: int) -> None:
        results[k] = [nyc.evaluate(c, as_of=AS_OF, detail="summary") for c in cases]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[k] for k in range(4)] == [expected] * 4


def test_evaluate_arrow_equals_per_case(nyc, sample_lines):
    table = pa.table({"case": sample_lines})
    out = nyc.evaluate_arrow(table, as_of=AS_OF, detail="summary")
    assert isinstance(out, pa.Table)
    assert out.num_rows == len(sample_lines)
    assert out.schema == nyc.arrow_schema()
    assert out.column("decision").to_pylist() == [
        nyc.evaluate(c, as_of=AS_OF, detail="summary") for c in sample_lines
    ]
    assert out.column("id").to_pylist() == [json.loads(c)["id"] for c in sample_lines]
    assert out.column("failure").null_count == len(sample_lines)


def test_evaluate_arrow_full_detail_record_batches_and_chunks(nyc, sample_lines):
    cases = sample_lines[:120]
    expected = [nyc.evaluate(c, as_of=AS_OF) for c in cases]
    batch = pa.record_batch({"case": pa.array(cases, pa.large_string())})
    out = nyc.evaluate_arrow(batch, as_of=AS_OF)
    assert isinstance(out, pa.RecordBatch)
    assert out.column(out.schema.get_field_index("decision")).to_pylist() == expected
    chunked = pa.Table.from_batches(
        [pa.record_batch({"case": cases[i : i + 50]}) for i in range(0, 120, 50)]
    )
    assert chunked.column("case").num_chunks == 3
    got = nyc.evaluate_arrow(chunked, as_of=AS_OF)
    assert got.column("decision").to_pylist() == expected
    views = pa.table({"my_cases": pa.array(cases[:5], pa.string_view())})
    assert nyc.evaluate_arrow(views, column="my_cases", as_of=AS_OF).column("decision").to_pylist() == expected[:5]


def test_evaluate_arrow_rows_that_are_not_cases(example):
    table = pa.table({"case": ['{"id": 3, "persons": [{"date_of_birth": "x"}]}', "[]", None, '{"id": "a", "persons": ['], "n": [1, 2, 3, 4]})
    out = example.evaluate_arrow(table, as_of=AS_OF).to_pylist()
    assert out[0]["id"] == "3"
    assert json.loads(out[0]["errors"]) == json.loads(out[0]["decision"])["input_errors"]
    assert json.loads(out[0]["errors"])[0]["path"] == "persons[0].date_of_birth"
    for row, text in zip(out[1:], ["[]", "null", '{"id": "a", "persons": [']):
        assert row["decision"] is None
        assert row["failure"] == example.evaluate_answer(text, {"as_of": AS_OF})
        assert json.loads(row["failure"])["errors"][0]["code"] == "invalid-case"
        assert row["person_id"] is None
    assert out[3]["id"] is None


def test_flat_columns_equal_the_batch_csv(nyc, sample_lines, cli, tmp_path):
    """`onramp batch --format csv` writes one row per person; evaluate_arrow one row per
    case with a list per column: the same cells, in the same order."""
    out = tmp_path / "batch.csv"
    done = run_cli(cli, "batch", "rules/nyc", "tests/caseload/nyc-1000.jsonl", "--as-of", AS_OF, "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    table = nyc.evaluate_arrow(pa.table({"case": sample_lines}), as_of=AS_OF, detail="summary")
    flat = [n for n in table.schema.names if "." in n]
    assert flat == [n for n in rows[0] if "." in n], "the same columns, in the CSV's order"
    by_case: dict[str, list[dict]] = {}
    for r in rows:
        by_case.setdefault(r["id"], []).append(r)
    for record in table.to_pylist():
        persons = by_case[record["id"]]
        assert record["person_id"] == [p["person_id"] for p in persons]
        for name in flat:
            assert record[name] == [p[name] for p in persons], (record["id"], name)
    statuses = {s for n in flat if n.endswith(".status") for v in table.column(n).to_pylist() for s in v}
    assert {"eligible", "ineligible", "undetermined"} <= statuses
