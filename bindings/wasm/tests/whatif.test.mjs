// "How could I qualify?" and the wage sweep under Node: for every NYC persona, the wasm
// package gives exactly the bytes the native kernel stored in tests/whatif/ (checked by
// crates/onramp/tests/whatif.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage, loadRules, repo } from "./support.mjs";

const onramp = loadPackage();
const personas = join(repo, "rules", "nyc", "personas");
const stored = join(repo, "tests", "whatif");

test("qualify and sweep: every NYC persona byte-identical in wasm", () => {
  const rules = loadRules(onramp, "rules/nyc");
  const files = readdirSync(personas).filter((f) => f.endsWith(".json"));
  const differ = [];
  for (const file of files) {
    const name = file.replace(/\.json$/, "");
    const caseText = readFileSync(join(personas, file), "utf8");
    const answers = {
      qualify: rules.qualify(caseText, JSON.stringify({ as_of: "2026-11-23" })),
      sweep: rules.sweep(caseText, JSON.stringify({ as_of: "2026-11-23", wage: { per: "hour", from: "15", to: "35", hours: 35 } })),
    };
    for (const [kind, got] of Object.entries(answers)) {
      const expected = readFileSync(join(stored, `${name}.${kind}.expected.json`), "utf8");
      if (got !== expected) differ.push(`${name} ${kind}\n  expected: ${expected.slice(0, 200)}\n       got: ${got.slice(0, 200)}`);
    }
  }
  assert.equal(differ.length, 0, differ.join("\n"));
  assert.ok(files.length >= 6);
});
