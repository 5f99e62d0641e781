// Shared by the Node tests and the budget script: where things are, how rule folders are
// read (the same walk as the CLI and crates/onramp/tests/targets), and the package.
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const bindings = resolve(here, "..");
export const repo = resolve(bindings, "../..");

/** The Node package (wasm-pack --target nodejs); ONRAMP_WASM_PKG points elsewhere. */
export function loadPackage(dir = process.env.ONRAMP_WASM_PKG ?? join(bindings, "pkg-node")) {
  return createRequire(import.meta.url)(join(resolve(dir), "onramp_wasm.js"));
}

/** Every `.toml` file under `dir` (relative to the repository) as {path, text}, sorted. */
export function readRules(dir) {
  const base = resolve(repo, dir);
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".toml")) {
        out.push({ path: relative(base, p).split(sep).join("/"), text: readFileSync(p, "utf8") });
      }
    }
  };
  walk(base);
  // Byte order of paths, as Rust sorts Strings.
  out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return out;
}

/** Compiles a rule folder in wasm; throws (in the test, not in the package) on failure. */
export function loadRules(onramp, dir) {
  const answer = onramp.Rules.load(JSON.stringify({ files: readRules(dir) }));
  if (answer.type !== "success") {
    throw new Error(`${dir} does not load: ${JSON.stringify(answer.errors)}`);
  }
  return answer.rules;
}

/** Where crates/onramp/tests/differential.rs wrote the native answers. */
export const differentialDir =
  process.env.ONRAMP_DIFFERENTIAL_DIR ?? join(repo, "target", "tmp", "differential");
