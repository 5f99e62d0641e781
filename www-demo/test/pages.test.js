// Every page: loads with no error, asks nothing of the network beyond localhost, stores
// nothing, passes axe with zero violations, and leaves a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, axe, formatViolations, shot, AS_OF } from './browser.js';
import { recordEvents, waitForWidget } from './screener.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

for (const name of ['index.html', 'provider.html', 'kiosk.html', 'playground.html']) {
  test(`${name}: no errors, no outside requests, no storage, zero axe violations`, async () => {
    const page = await open(env.context, `${env.url}/${name}?as-of=${AS_OF}`);
    await page.waitForLoadState('networkidle');
    if (name === 'provider.html') await waitForWidget(page);
    if (name === 'playground.html') await page.waitForSelector('body[data-ready=true]');
    const v = await axe(page);
    assert.deepEqual(v, [], formatViolations(v));
    await shot(page, `page-${name.replace('.html', '')}`);
    const storage = await page.evaluate(async () => [document.cookie, localStorage.length, sessionStorage.length, (await indexedDB.databases()).length]);
    assert.deepEqual(storage, ['', 0, 0, 0]);
    assert.deepEqual(page.outside, []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('provider page: the one-tag embed, themed by a CSS custom property, with events for the host', async () => {
  const page = await open(env.context, `${env.url}/provider.html`);
  await recordEvents(page);
  await waitForWidget(page);
  const scripts = await page.evaluate(() => [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')));
  assert.deepEqual(scripts, ['dist/onramp-screener.js'], 'one script tag');
  const accent = await page.evaluate(() => getComputedStyle(document.querySelector('onramp-screener').shadowRoot.querySelector('button.primary')).backgroundColor);
  assert.equal(accent, 'rgb(15, 92, 63)', 'the host page theme reaches the widget');
  // The accent attribute themes too.
  await page.evaluate(() => document.querySelector('onramp-screener').setAttribute('accent', '#6a1b9a'));
  const themed = await page.evaluate(() => getComputedStyle(document.querySelector('onramp-screener').shadowRoot.querySelector('button.primary')).backgroundColor);
  assert.equal(themed, 'rgb(106, 27, 154)');
  // Skipping a question emits onramp:question for the next one.
  await page.locator('onramp-screener [data-act=skip]').click();
  await page.waitForFunction(() => window.__onramp.some((e) => e.type === 'onramp:question'));
  const q = await page.evaluate(() => window.__onramp.find((e) => e.type === 'onramp:question').detail);
  assert.ok(q.path && q.fact && q.type && q.text);
  await page.locator('onramp-screener [data-act=results]').click();
  await page.waitForFunction(() => window.__onramp.some((e) => e.type === 'onramp:result'));
  const d = await page.evaluate(() => window.__onramp.find((e) => e.type === 'onramp:result').detail);
  assert.match(d.rules.hash, /^sha256:/);
  assert.ok(Array.isArray(d.persons) && Array.isArray(d.next_questions));
  assert.equal(d.detail, 'summary', 'the event carries the summary');
  // The host can name the summary's ids (the catalog) and ask for the reasons of one.
  const host = await page.evaluate(() => {
    const el = document.querySelector('onramp-screener');
    const id = el.decision.persons[0].programs[0].id;
    const x = el.explain(id);
    return { id, name: el.catalog.programs.find((p) => p.id === id)?.name, target: x && x.target, kind: x && x.kind, unknown: el.explain('no_such_program') };
  });
  assert.ok(host.name, 'the catalog names the program');
  assert.deepEqual([host.target, host.kind, host.unknown], [host.id, 'program', null]);
  await page.close();
});
