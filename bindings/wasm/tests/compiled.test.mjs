// Compiled rule sets in wasm: `rules.toCompiled()` gives the native kernel's bytes for the
// same rules (`onramp bundle --compiled`, written by scripts/test.sh into
// ONRAMP_NATIVE_COMPILED_DIR), `Rules.loadCompiled` of them decides the whole corpus byte for
// byte, and damaged or foreign bytes get a failure answer, never a trap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage, loadRules, repo } from "./support.mjs";

const onramp = loadPackage();
const corpus = join(repo, "tests", "corpus");
const manifest = JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8"));
const dirs = [...new Set(manifest.entries.map((e) => e.rules))];
const nativeDir = process.env.ONRAMP_NATIVE_COMPILED_DIR;

test("the compiled form decides the corpus byte for byte in wasm", () => {
  let checked = 0;
  for (const dir of dirs) {
    const rules = loadRules(onramp, dir);
    const loaded = onramp.Rules.loadCompiled(rules.toCompiled());
    assert.equal(loaded.type, "success", JSON.stringify(loaded.errors));
    assert.equal(loaded.rules.hash, rules.hash);
    for (const entry of manifest.entries.filter((e) => e.rules === dir)) {
      const base = join(corpus, entry.name);
      const caseText = readFileSync(`${base}.case.json`, "utf8");
      const expected = readFileSync(`${base}.expected.json`, "utf8");
      assert.equal(loaded.rules.evaluate(caseText, entry.options), expected, entry.name);
      checked += 1;
    }
  }
  assert.ok(checked >= 100, `${checked} entries`);
});

test("wasm writes the native kernel's compiled bytes", { skip: nativeDir ? false : "ONRAMP_NATIVE_COMPILED_DIR is not set (scripts/test.sh sets it)" }, () => {
  for (const dir of dirs) {
    const file = join(nativeDir, `${dir.replaceAll("/", "_")}.compiled`);
    assert.ok(existsSync(file), `${file} was not written`);
    const native = new Uint8Array(readFileSync(file));
    const wasm = loadRules(onramp, dir).toCompiled();
    assert.equal(Buffer.compare(Buffer.from(wasm), Buffer.from(native)), 0, `${dir}: wasm and native compiled forms differ`);
    const loaded = onramp.Rules.loadCompiled(native);
    assert.equal(loaded.type, "success", JSON.stringify(loaded.errors));
  }
});

test("damaged or foreign bytes get a failure answer", () => {
  const bytes = loadRules(onramp, "tests/example").toCompiled();
  const cases = [
    [new Uint8Array([1, 2, 3]), /not a compiled Onramp rule set/],
    [new TextEncoder().encode('{"format":"onramp-bundle/1"}'), /not a compiled Onramp rule set/],
    [bytes.slice(0, bytes.length - 1), /damaged/],
    [bytes.slice(0, 40), /damaged|another build/],
  ];
  for (const [input, message] of cases) {
    const answer = onramp.Rules.loadCompiled(input);
    assert.equal(answer.type, "failure");
    assert.equal(answer.errors[0].code, "invalid-input");
    assert.match(answer.errors[0].message, message);
  }
});
