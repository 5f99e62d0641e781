// The Onramp kernel in the browser: the wasm package (bindings/wasm, built by wasm-pack
// --target web), loaded from `pkg/` beside this file. Every decision comes from it; this
// module only starts it, fetches rule bundles and parses its JSON answers.

import init, * as wasm from './pkg/onramp_wasm.js';

let started = null;

/** Starts the wasm module once (it fetches `pkg/onramp_wasm_bg.wasm`, next to the glue). */
export function start() {
  if (!started) started = init().then(() => wasm);
  return started;
}

const bundles = new Map();

/**
 * Fetches a rule bundle and compiles it, once per URL: `{rules, bundleText, bundle}`.
 * Rejects with an Error whose `errors` are the kernel's diagnostics when it does not load.
 */
export function loadBundle(url) {
  const key = String(url);
  if (!bundles.has(key)) {
    const promise = (async () => {
      const kernel = await start();
      const response = await fetch(key, { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
      const bundleText = await response.text();
      const answer = kernel.Rules.load(bundleText);
      if (!answer || answer.type !== 'success') {
        const error = new Error(`${key}: the rules did not load`);
        error.errors = answer && answer.errors;
        throw error;
      }
      return { rules: answer.rules, bundleText, bundle: JSON.parse(bundleText) };
    })();
    promise.catch(() => bundles.delete(key));
    bundles.set(key, promise);
  }
  return bundles.get(key);
}

/** Parses one of the kernel's answers (JSON text; `load` answers an object already). */
export function answer(text) {
  return typeof text === 'string' ? JSON.parse(text) : text;
}

export { wasm };
