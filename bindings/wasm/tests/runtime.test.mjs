// The runtime build (pkg-node-runtime, `--no-default-features`: no rule compiler, no Rhai,
// no TOML): it loads compiled rule sets only, and decides the whole corpus byte for byte
// as the full package and the native kernel do. The compiled forms come from the full
// package's `toCompiled` (the same bytes as `onramp bundle --compiled`,
// tests/compiled.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bindings, loadPackage, loadRules, repo } from "./support.mjs";

const full = loadPackage();
const runtime = loadPackage(join(bindings, "pkg-node-runtime"));
const corpus = join(repo, "tests", "corpus");
const manifest = JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8"));

test("the runtime build has no compiler", () => {
  assert.equal(typeof runtime.Rules.loadCompiled, "function");
  assert.equal(runtime.Rules.load, undefined);
  assert.equal(runtime.check, undefined);
  assert.equal(runtime.bundle, undefined);
  assert.equal(typeof full.Rules.load, "function");
});

test("the runtime build decides the corpus byte for byte from compiled rules", () => {
  let checked = 0;
  for (const dir of new Set(manifest.entries.map((e) => e.rules))) {
    const source = loadRules(full, dir);
    const answer = runtime.Rules.loadCompiled(source.toCompiled());
    assert.equal(answer.type, "success", JSON.stringify(answer.errors));
    const rules = answer.rules;
    assert.equal(rules.hash, source.hash);
    assert.equal(rules.schema(null), source.schema(null));
    assert.equal(rules.catalog("es"), source.catalog("es"));
    for (const entry of manifest.entries.filter((e) => e.rules === dir)) {
      const base = join(corpus, entry.name);
      const caseText = readFileSync(`${base}.case.json`, "utf8");
      const expected = readFileSync(`${base}.expected.json`, "utf8");
      assert.equal(rules.evaluate(caseText, entry.options), expected, entry.name);
      checked += 1;
    }
  }
  assert.ok(checked >= 100, `${checked} entries`);
});

test("the runtime build answers what-ifs and explanations as the full package does", () => {
  const source = loadRules(full, "rules/nyc");
  const rules = runtime.Rules.loadCompiled(source.toCompiled()).rules;
  const personas = join(repo, "rules", "nyc", "personas");
  const options = JSON.stringify({ as_of: "2026-11-23" });
  const sweep = JSON.stringify({ as_of: "2026-11-23", wage: { per: "hour", from: "15", to: "35", hours: 35 }, points: 40 });
  for (const name of ["rosa_hha_mother_of_two.json", "jaylen_19_dropout.json", "gloria_58_unemployed.json"]) {
    const caseText = readFileSync(join(personas, name), "utf8");
    assert.equal(rules.qualify(caseText, options), source.qualify(caseText, options), name);
    assert.equal(rules.sweep(caseText, sweep), source.sweep(caseText, sweep), name);
    assert.equal(rules.explain(caseText, options, "snap"), source.explain(caseText, options, "snap"), name);
  }
});
