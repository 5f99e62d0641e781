// The conformance corpus (tests/corpus) run in Chromium through the widget's own wasm
// module: every answer must be the same bytes the native kernel wrote.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { setup, open, REPO } from './browser.js';

const corpus = join(REPO, 'tests', 'corpus');

/** Every .toml file under a rule folder as {path, text}, paths in byte order (as Rust sorts). */
function readRules(dir) {
  const base = join(REPO, dir);
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.toml')) out.push({ path: relative(base, p).split(sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(base);
  out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return out;
}

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

test('the conformance corpus gives the same bytes in the browser', { skip: !existsSync(join(corpus, 'manifest.json')) && 'tests/corpus is not there yet' }, async () => {
  const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8'));
  const page = await open(env.context, `${env.url}/provider.html`);
  await page.waitForFunction(() => customElements.get('onramp-screener'));
  const differ = [];
  let count = 0;
  for (const dir of new Set(manifest.entries.map((e) => e.rules))) {
    const entries = manifest.entries
      .filter((e) => e.rules === dir)
      .map((e) => ({ name: e.name, options: e.options, case: readFileSync(join(corpus, `${e.name}.case.json`), 'utf8') }));
    const rulesJson = JSON.stringify({ files: readRules(dir) });
    const got = await page.evaluate(async ([rules, list]) => {
      const kernel = await customElements.get('onramp-screener').kernel();
      const loaded = kernel.Rules.load(rules);
      if (loaded.type !== 'success') return { error: JSON.stringify(loaded.errors).slice(0, 2000) };
      const out = list.map((e) => loaded.rules.evaluate(e.case, e.options));
      loaded.rules.free();
      return { out };
    }, [rulesJson, entries]);
    assert.equal(got.error, undefined, `${dir} loads in the browser`);
    entries.forEach((e, i) => {
      count += 1;
      const expected = readFileSync(join(corpus, `${e.name}.expected.json`), 'utf8');
      if (got.out[i] !== expected) differ.push(`${e.name}\n  expected: ${expected.slice(0, 300)}\n       got: ${got.out[i].slice(0, 300)}`);
    });
  }
  assert.equal(differ.length, 0, `${differ.length} of ${count} entries differ:\n${differ.join('\n')}`);
  assert.equal(count, manifest.entries.length);
  console.log(`# corpus: ${count} entries byte-identical in Chromium`);
  await page.close();
});
