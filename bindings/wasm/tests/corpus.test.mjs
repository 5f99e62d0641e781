// The conformance corpus under Node: every entry of tests/corpus/manifest.json, evaluated by
// the wasm package, must give exactly the bytes in its .expected.json (the native kernel's
// answer, checked by crates/onramp/tests/corpus.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage, loadRules, readRules, repo } from "./support.mjs";

const onramp = loadPackage();
const corpus = join(repo, "tests", "corpus");
const manifest = JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8"));
const rulesByDir = new Map();
const rulesFor = (dir) => {
  if (!rulesByDir.has(dir)) rulesByDir.set(dir, loadRules(onramp, dir));
  return rulesByDir.get(dir);
};

test(`corpus: ${manifest.entries.length} entries byte-identical in wasm`, () => {
  const differ = [];
  for (const entry of manifest.entries) {
    const base = join(corpus, entry.name);
    const caseText = readFileSync(`${base}.case.json`, "utf8");
    const expected = readFileSync(`${base}.expected.json`, "utf8");
    const got = rulesFor(entry.rules).evaluate(caseText, entry.options);
    if (got !== expected) differ.push(`${entry.name}\n  expected: ${expected}\n       got: ${got}`);
  }
  assert.equal(differ.length, 0, `${differ.length} entries differ:\n${differ.join("\n")}`);
  assert.ok(manifest.entries.length >= 50);
});

test("a bundle built in wasm loads, keeps the hash, and decides the same", () => {
  for (const dir of new Set(manifest.entries.map((e) => e.rules))) {
    const built = JSON.parse(onramp.bundle(JSON.stringify({ files: readRules(dir) })));
    assert.equal(built.type, "success");
    assert.match(built.bundle.hash, /^sha256:[0-9a-f]{64}$/);
    const loaded = onramp.Rules.load(JSON.stringify(built.bundle));
    assert.equal(loaded.type, "success");
    assert.equal(loaded.rules.hash, built.bundle.hash);
    assert.equal(loaded.rules.hash, rulesFor(dir).hash);
    const entry = manifest.entries.find((e) => e.rules === dir);
    const caseText = readFileSync(join(corpus, `${entry.name}.case.json`), "utf8");
    const expected = readFileSync(join(corpus, `${entry.name}.expected.json`), "utf8");
    assert.equal(loaded.rules.evaluate(caseText, entry.options), expected);
    // A bundle whose files were changed after hashing is refused, with a diagnostic.
    const tampered = { ...built.bundle, files: built.bundle.files.map((f, i) => (i ? f : { ...f, text: `${f.text}\n# edited\n` })) };
    const refused = onramp.Rules.load(JSON.stringify(tampered));
    assert.equal(refused.type, "failure");
    assert.equal(refused.errors[0].code, "bundle-hash");
  }
});

test("check, schema and the rule sets' own tests answer with tagged JSON", () => {
  for (const dir of new Set(manifest.entries.map((e) => e.rules))) {
    const checked = JSON.parse(onramp.check(JSON.stringify({ files: readRules(dir) })));
    assert.equal(checked.type, "success");
    assert.equal(checked.hash, rulesFor(dir).hash);
    const schema = JSON.parse(rulesFor(dir).schema("es"));
    assert.equal(schema.type, "success");
    assert.ok(schema.schema.facts.length > 0);
    const tests = JSON.parse(rulesFor(dir).runTests());
    assert.equal(tests.type, "success");
    assert.equal(tests.failed, 0, JSON.stringify(tests.tests.filter((t) => !t.passed)));
  }
});

test("diagnostics give UTF-16 columns for JavaScript editors", () => {
  // `😀` is one scalar value but two UTF-16 units: column_utf16 must index the JS string.
  const text = '[ruleset]\nname = "t"\nversion = "1"\nlanguages = ["en"]\n[fact.age]\ntype = "integer"\n[criterion.c]\ntext = "x"\nexpr = \'"😀" == agee\'\n';
  const answer = JSON.parse(onramp.check(JSON.stringify({ files: [{ path: "r.toml", text }] })));
  assert.equal(answer.type, "failure");
  const [d] = answer.errors;
  assert.equal(d.code, "unknown-fact");
  assert.equal(d.column_utf16, d.column + 1);
  const line = text.split("\n")[d.line - 1];
  assert.equal(line.slice(d.column_utf16 - 1, d.column_utf16 - 1 + 4), "agee");
  const syntax = JSON.parse(onramp.check(JSON.stringify({ files: [{ path: "s.toml", text: 'a = "😀" ?\n' }] })));
  assert.equal(syntax.type, "failure");
  assert.equal('a = "😀" ?'[syntax.errors[0].column_utf16 - 1], "?");
});
