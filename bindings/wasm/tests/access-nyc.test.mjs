// ACCESS NYC payloads under Node: every sample under tests/access-nyc, decided by the wasm
// package, gives exactly the bytes stored beside it (the native kernel's answer, checked by
// crates/onramp/tests/access_nyc.rs), in the API's shape and in Onramp's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage, loadRules, repo } from "./support.mjs";

const onramp = loadPackage();
const dir = join(repo, "tests", "access-nyc");
const samples = readdirSync(dir).filter((f) => /^[^.]+\.json$/.test(f));

test(`access-nyc: ${samples.length} payloads byte-identical in wasm`, () => {
  const rules = loadRules(onramp, "rules/nyc");
  const differ = [];
  for (const file of samples) {
    const name = file.replace(/\.json$/, "");
    const payload = readFileSync(join(dir, file), "utf8");
    for (const [suffix, options] of [
      ["access-nyc", { as_of: "2026-12-03" }],
      ["onramp", { as_of: "2026-12-03", answer: "onramp", detail: "summary" }],
    ]) {
      const expected = readFileSync(join(dir, `${name}.${suffix}.expected.json`), "utf8");
      const got = rules.accessNyc(payload, JSON.stringify(options));
      if (got !== expected) differ.push(`${name} (${suffix})\n  expected: ${expected.slice(0, 300)}\n       got: ${got.slice(0, 300)}`);
    }
  }
  assert.equal(differ.length, 0, `${differ.length} answers differ:\n${differ.join("\n")}`);
  assert.ok(samples.length >= 11);
});
