// The wasm half of the differential test: every case crates/onramp/tests/differential.rs
// evaluated natively is evaluated here in wasm; the SHA-256 of the answer bytes must match.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { differentialDir, loadPackage, loadRules } from "./support.mjs";

const onramp = loadPackage();
const manifestPath = join(differentialDir, "manifest.json");

test("differential: native and wasm answers are byte-identical", { skip: !existsSync(manifestPath) && "run `cargo test -p onramp --test differential` first" }, () => {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  let total = 0;
  for (const set of manifest) {
    const rules = loadRules(onramp, set.rules);
    assert.equal(rules.hash, set.hash, `${set.set}: the rules changed since the native run`);
    const lines = readFileSync(join(differentialDir, set.file), "utf8").split("\n").filter(Boolean);
    assert.equal(lines.length, set.count);
    const differ = [];
    let mismatches = 0;
    const started = performance.now();
    for (const [i, line] of lines.entries()) {
      const c = JSON.parse(line);
      const answer = rules.evaluate(c.case, c.options);
      const hash = createHash("sha256").update(answer, "utf8").digest("hex");
      if (hash !== c.sha256) {
        mismatches += 1;
        if (differ.length < 5) {
          differ.push(`#${i} options ${c.options}\n  case: ${c.case}\n  wasm: ${answer.slice(0, 2000)}`);
        }
      }
    }
    const ms = performance.now() - started;
    console.log(`# ${set.set}: ${lines.length} cases in ${ms.toFixed(0)} ms (${((ms * 1000) / lines.length).toFixed(1)} µs/case)`);
    assert.equal(mismatches, 0, `${set.set}: ${mismatches} answers differ, the first:\n${differ.join("\n")}`);
    total += lines.length;
  }
  assert.ok(total >= 10_000, `only ${total} cases compared`);
});
