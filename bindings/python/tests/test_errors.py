"""Bad rules, bad cases and bad options are Python exceptions carrying the kernel's codes,
messages and locations; malformed fields are reported in the decision; nothing crashes."""

from __future__ import annotations

import json

import pytest

import onramp
from conftest import AS_OF, REPO, run_cli

BROKEN = sorted(p for p in (REPO / "tests" / "broken").iterdir() if p.is_dir())
FIELDS = ("code", "severity", "message", "file", "line", "column", "rule", "help")


def as_record(d: onramp.Diagnostic) -> dict:
    return {f: getattr(d, f) for f in FIELDS}


def cli_diagnostics(cli, directory) -> list[dict]:
    out = run_cli(cli, "check", str(directory), "--json")
    return [{f: d.get(f) for f in FIELDS} for d in json.loads(out.stdout)]


def test_there_are_broken_rule_sets():
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("directory", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_rules_raise_with_the_clis_diagnostics(directory, cli):
    expected = cli_diagnostics(cli, directory)
    assert expected, "every broken rule set reports something"
    assert [as_record(d) for d in onramp.check_dir(directory)] == expected
    if directory.name == "warnings-only":
        rules = onramp.RuleSet.from_dir(directory)
        assert [as_record(d) for d in rules.check()] == expected
        return
    with pytest.raises(onramp.RuleError) as raised:
        onramp.RuleSet.from_dir(directory)
    e = raised.value
    assert isinstance(e, onramp.OnrampError)
    assert [as_record(d) for d in e.diagnostics] == expected
    first = next(d for d in expected if d["severity"] == "error")
    assert (e.code, e.file, e.line, e.column, e.message, e.help) == (
        first["code"], first["file"], first["line"], first["column"], first["message"], first["help"],
    )
    assert f"{first['file']}:{first['line']}:{first['column']}: {first['message']}" in str(e)
    # The folder is named after the code it demonstrates.
    # (Except the folders that show several codes at once: every problem at once, and
    # the problems a translation file can have.)
    if directory.name not in {"many-errors-at-once", "translation-file"}:
        assert directory.name in {d["code"] for d in expected}


def test_many_errors_are_all_reported():
    with pytest.raises(onramp.RuleError) as raised:
        onramp.RuleSet.from_dir(REPO / "tests" / "broken" / "many-errors-at-once")
    assert len([d for d in raised.value.diagnostics if d.severity == "error"]) >= 4
    assert "more: see .diagnostics" in str(raised.value)
    assert str(raised.value.diagnostics[0]).startswith("rules.toml:")


def test_rules_that_are_not_rules():
    with pytest.raises(onramp.RuleError) as raised:
        onramp.RuleSet.from_bundle("{not json")
    assert raised.value.code == "invalid-input"
    with pytest.raises(FileNotFoundError):
        onramp.RuleSet.from_dir(REPO / "no-such-folder")
    with pytest.raises(onramp.RuleError):
        onramp.RuleSet.from_files({"r.toml": "[ruleset\n"})


def test_cases_that_are_not_cases_raise_case_error(example):
    with pytest.raises(onramp.CaseError) as raised:
        example.evaluate('{"persons": [', as_of=AS_OF)
    assert raised.value.code == "invalid-case"
    assert (raised.value.line, raised.value.column) == (1, 13)
    assert raised.value.message.startswith("the case is not valid JSON")
    for not_a_case in ("[]", "null", "42", '"text"'):
        with pytest.raises(onramp.CaseError) as raised:
            example.evaluate(not_a_case, as_of=AS_OF)
        assert raised.value.code == "invalid-case"
        assert raised.value.line is None


def test_too_many_persons_until_the_host_raises_the_limit(example):
    rules = onramp.RuleSet.from_dir(REPO / "tests" / "example")
    case = {"persons": [{} for _ in range(51)]}
    with pytest.raises(onramp.CaseError) as raised:
        rules.evaluate(case, as_of=AS_OF)
    assert raised.value.code == "too-many-persons"
    assert "51 persons" in raised.value.message
    rules.max_persons = 100
    assert len(rules.evaluate(case, as_of=AS_OF, as_dict=True)["persons"]) == 51
    rules.max_persons = 10**9
    assert rules.max_persons == onramp.MAX_PERSONS
    assert example.max_persons == 50, "limits belong to one RuleSet object"


def test_malformed_fields_are_input_errors_not_exceptions(example):
    decision = example.evaluate({"persons": [{"date_of_birth": "someday"}]}, as_of=AS_OF, as_dict=True)
    assert decision["input_errors"][0]["path"] == "persons[0].date_of_birth"


def test_bad_options_raise_options_error(example):
    with pytest.raises(onramp.OptionsError) as raised:
        example.evaluate("{}", as_of="someday")
    assert raised.value.code == "invalid-options"
    assert "`someday`" in raised.value.message
    with pytest.raises(onramp.OptionsError):
        example.evaluate("{}", as_of=AS_OF, detail="everything")
    ids = [p["id"] for p in example.catalog(as_dict=True)["programs"]]
    with pytest.raises(onramp.OptionsError) as raised:
        example.evaluate("{}", as_of=AS_OF, only=[ids[0] + "x"])
    assert f"`{ids[0]}x`" in raised.value.message
    # The same refusal from the batch entry points, before any case is decided.
    with pytest.raises(onramp.OptionsError):
        example.evaluate_many(["{}"], as_of=AS_OF, only=[ids[0] + "x"])
    with pytest.raises(onramp.OptionsError):
        example.evaluate_many(["{}"], as_of="2026-02-30")
    with pytest.raises(TypeError):
        example.evaluate("{}")  # the host gives the date: the kernel reads no clock


def test_explain_and_unknown_targets(example):
    ids = [p["id"] for p in example.catalog(as_dict=True)["programs"]]
    why = example.explain({"persons": [{}]}, ids[0], as_of=AS_OF, as_dict=True)
    assert why["target"] == ids[0]
    with pytest.raises(onramp.TargetError) as raised:
        example.explain({"persons": [{}]}, "no_such_thing", as_of=AS_OF)
    assert raised.value.code == "invalid-target"


def test_arrow_input_problems_are_python_errors(example):
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(KeyError):
        example.evaluate_arrow(pa.table({"other": ["{}"]}), as_of=AS_OF)
    with pytest.raises(TypeError):
        example.evaluate_arrow(pa.table({"case": [1, 2]}), as_of=AS_OF)
    with pytest.raises(onramp.OptionsError):
        example.evaluate_arrow(pa.table({"case": ["{}"]}), as_of="someday")
