"""The conformance corpus (tests/corpus) decided by the Python package: every entry's
answer is exactly the bytes in its .expected.json, as for the native kernel and wasm."""

from __future__ import annotations

import json

import pytest

import onramp
from conftest import CORPUS, REPO

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["entries"]
RULES: dict[str, onramp.RuleSet] = {}


def rules_for(directory: str) -> onramp.RuleSet:
    if directory not in RULES:
        RULES[directory] = onramp.RuleSet.from_dir(REPO / directory)
    return RULES[directory]


def read(entry: dict, suffix: str) -> str:
    return (CORPUS / f"{entry['name']}.{suffix}.json").read_text(encoding="utf-8")


def test_corpus_is_large_and_covers_both_rule_sets():
    assert len(ENTRIES) >= 50
    assert {e["rules"] for e in ENTRIES} == {"tests/example", "rules/nyc"}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_answer_bytes_equal_expected(entry):
    rules = rules_for(entry["rules"])
    assert rules.evaluate_answer(read(entry, "case"), entry["options"]) == read(entry, "expected")


def keyword_options(entry: dict) -> dict | None:
    """The entry's options as `evaluate`'s keyword arguments, where they can be: options
    that are not JSON, lack a textual as_of or hold unknown keys reach the kernel only as
    raw JSON (`evaluate_answer`, tested above)."""
    try:
        options = json.loads(entry["options"])
    except json.JSONDecodeError:
        return None
    if not isinstance(options, dict) or not isinstance(options.get("as_of"), str):
        return None
    if set(options) - {"as_of", "lang", "detail", "only"}:
        return None
    return options


KEYWORD_ENTRIES = [e for e in ENTRIES if keyword_options(e) is not None]


def test_most_entries_take_keyword_options():
    assert len(KEYWORD_ENTRIES) >= len(ENTRIES) - 10


@pytest.mark.parametrize("entry", KEYWORD_ENTRIES, ids=[e["name"] for e in KEYWORD_ENTRIES])
def test_evaluate_gives_the_decision_or_raises_the_failure(entry):
    """The Pythonic entry point: the decision's bytes inside the expected answer, or the
    kernel's failure as an exception with its code and message."""
    rules = rules_for(entry["rules"])
    expected = read(entry, "expected")
    kwargs = keyword_options(entry)
    case = read(entry, "case")
    answer = json.loads(expected)
    if answer["type"] == "success":
        decision = rules.evaluate(case, **kwargs)
        assert '{"type":"success","decision":' + decision + "}" == expected
        assert rules.evaluate(case, as_dict=True, **kwargs) == answer["decision"]
    else:
        with pytest.raises(onramp.OnrampError) as raised:
            rules.evaluate(case, **kwargs)
        first = answer["errors"][0]
        assert raised.value.code == first["code"]
        assert raised.value.message == first["message"]
        assert raised.value.answer == expected


def test_bundles_keep_the_hash_and_decide_the_same():
    for directory in sorted({e["rules"] for e in ENTRIES}):
        text = onramp.bundle_dir(REPO / directory)
        bundle = json.loads(text)
        assert bundle["hash"] == rules_for(directory).bundle_hash
        loaded = onramp.RuleSet.from_bundle(text)
        assert loaded.bundle_hash == bundle["hash"]
        entry = next(e for e in ENTRIES if e["rules"] == directory)
        assert loaded.evaluate_answer(read(entry, "case"), entry["options"]) == read(entry, "expected")
        # The same bundle from a file path.
        assert onramp.RuleSet.shared(text) is onramp.RuleSet.shared(text)
        # A bundle whose files changed after hashing is refused with a diagnostic.
        bundle["files"][0]["text"] += "\n# edited\n"
        with pytest.raises(onramp.RuleError) as refused:
            onramp.RuleSet.from_bundle(json.dumps(bundle))
        assert refused.value.code == "bundle-hash"
        assert "rebuild the bundle" in refused.value.help


def test_bundle_from_a_file(tmp_path):
    path = tmp_path / "nyc.bundle.json"
    path.write_text(onramp.bundle_dir(REPO / "rules" / "nyc"), encoding="utf-8")
    assert onramp.RuleSet.from_bundle(path).bundle_hash == rules_for("rules/nyc").bundle_hash
    assert onramp.RuleSet.from_bundle(str(path)).bundle_hash == rules_for("rules/nyc").bundle_hash


def test_rule_sets_own_tests_schema_and_catalog():
    for directory in sorted({e["rules"] for e in ENTRIES}):
        rules = rules_for(directory)
        tests = rules.run_tests()
        assert tests["failed"] == 0, [t for t in tests["tests"] if not t["passed"]]
        assert tests["passed"] > 0
        schema = rules.schema("es", as_dict=True)
        assert len(schema["facts"]) > 0
        catalog = rules.catalog(as_dict=True)
        assert len(catalog["programs"]) > 0
        assert rules.languages and rules.name and rules.version
