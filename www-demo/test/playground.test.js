// The policy playground: live diagnostics at the right line, the rule set's tests, a case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, axe, formatViolations, shot, AS_OF } from './browser.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

async function playground(query = '') {
  const page = await open(env.context, `${env.url}/playground.html?as-of=${AS_OF}${query}`);
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForFunction(() => document.getElementById('check-status').textContent.length > 0);
  return page;
}

test('loads the default rule set, checks it, and axe finds no violations', async () => {
  const page = await playground();
  const files = await page.locator('#file-list button').count();
  assert.ok(files > 1, 'the bundle files are listed');
  assert.match(await page.locator('#check-status').textContent(), /No errors/);
  const v = await axe(page);
  assert.deepEqual(v, [], formatViolations(v));
  await shot(page, 'playground');
  assert.deepEqual(page.outside, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a broken rule shows its diagnostic at its line, with code, message and help, live', async () => {
  const page = await playground('&rules=dist/example.bundle.json');
  await page.locator('#file-list button', { hasText: 'criteria.toml' }).click();
  const text = await page.locator('#source').inputValue();
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('expr = "age >= 18"')) + 1;
  assert.ok(line > 0);
  // Type a misspelled fact name into that line, as a person would (keyboard edits).
  await page.locator('#source').focus();
  await page.evaluate((n) => {
    const ta = document.getElementById('source');
    const before = ta.value.split('\n').slice(0, n - 1).join('\n').length + 1;
    const at = before + ta.value.split('\n')[n - 1].indexOf('age >= 18');
    ta.setSelectionRange(at, at + 3);
  }, line);
  await page.keyboard.type('agee');
  const item = page.locator('#diagnostics li[data-code=unknown-fact]').first();
  await item.waitFor({ timeout: 5000 });
  assert.equal(await item.getAttribute('data-line'), String(line));
  assert.equal(await item.getAttribute('data-file'), 'criteria.toml');
  const body = await item.textContent();
  assert.match(body, /unknown-fact/);
  assert.match(body, /agee/);
  assert.match(body, /help: .*age/, 'help suggests the right name');
  assert.match(await page.locator('#check-status').textContent(), /1 error/);
  // Marked in the gutter and on the line itself.
  assert.equal(await page.locator(`#gutter [data-line="${line}"]`).getAttribute('class'), 'err');
  const mark = await page.locator(`#marks .line[data-line="${line}"]`).boundingBox();
  const lineTop = await page.evaluate((n) => {
    const ta = document.getElementById('source');
    const lh = parseFloat(getComputedStyle(document.getElementById('editor')).getPropertyValue('--lh'));
    return ta.getBoundingClientRect().top + 8 + (n - 1) * lh - ta.scrollTop;
  }, line);
  assert.ok(Math.abs(mark.y - lineTop) < 2, `mark at y=${mark.y}, line at ${lineTop}`);
  assert.match(await page.locator('#file-list button', { hasText: 'criteria.toml' }).textContent(), /1/);
  let v = await axe(page);
  assert.deepEqual(v, [], formatViolations(v));
  await shot(page, 'playground-diagnostic');
  // Tests refuse to run on rules that do not compile; fixing the line clears the problem.
  await page.locator('#run-tests').click();
  assert.match(await page.locator('#tests-summary').textContent(), /do not compile/);
  await page.keyboard.press('Control+z');
  await page.evaluate(() => {
    const ta = document.getElementById('source');
    ta.value = ta.value.replace('agee >= 18', 'age >= 18');
    ta.dispatchEvent(new Event('input'));
  });
  await page.waitForFunction(() => /No errors/.test(document.getElementById('check-status').textContent));
  assert.equal(await page.locator('#diagnostics li[data-code=unknown-fact]').count(), 0);
  await page.close();
});

test('run tests shows pass and fail with the failure details', async () => {
  const page = await playground('&rules=dist/example.bundle.json');
  await page.locator('#run-tests').click();
  const summary = await page.locator('#tests-summary').textContent();
  const m = /(\d+) passed, (\d+) failed/.exec(summary);
  assert.ok(m, summary);
  assert.equal(Number(m[2]), 0, 'the example rule set passes its own tests');
  // Break a threshold the tests rely on: the failures are listed with what was expected.
  await page.locator('#file-list button', { hasText: 'parameters.toml' }).click();
  await page.evaluate(() => {
    const ta = document.getElementById('source');
    ta.value = ta.value.replace('value = 24', 'value = 30');
    ta.dispatchEvent(new Event('input'));
  });
  await page.waitForTimeout(500);
  await page.locator('#run-tests').click();
  const after = /(\d+) passed, (\d+) failed/.exec(await page.locator('#tests-summary').textContent());
  assert.ok(Number(after[2]) >= 1, 'a test fails');
  const failed = page.locator('#tests li[data-passed=false]').first();
  assert.match(await failed.textContent(), /FAIL/);
  assert.ok((await failed.locator('ul li').count()) >= 1, 'failure details listed');
  const v = await axe(page);
  assert.deepEqual(v, [], formatViolations(v));
  await shot(page, 'playground-tests');
  await page.close();
});

test('a case is evaluated with its full explanation tree (a full decision worded from the catalog)', async () => {
  const page = await playground('&rules=dist/example.bundle.json');
  await page.locator('#case').fill(JSON.stringify({ household: { household_size: 1 }, persons: [{ date_of_birth: '1990-01-01', reading_score: 575, credentials: [], sex_at_birth: 'female', work_authorized: true }] }));
  await page.locator('#case-lang').selectOption('es');
  await page.locator('#evaluate').click();
  const result = page.locator('#result');
  await result.locator('[data-program=adult]').waitFor();
  const adult = await result.locator('[data-program=adult]').textContent();
  assert.match(adult, /Capacitación para adultos/);
  assert.match(adult, /eligible/);
  assert.ok(await result.locator('[data-program=adult] [data-criterion=general] [data-criterion=authorized]').count(), 'nested criteria shown');
  assert.match(await result.textContent(), /age >= 18/, 'expressions shown');
  assert.match(await result.locator('[data-program=adult]').textContent(), /with age = 36/, 'the values each expression read');
  assert.match(await result.textContent(), /youth_max_age \((verified|secondary|computed|unverified)/, 'the parameters in force');
  assert.match(await result.textContent(), /Next questions/);
  assert.ok(await result.locator('[data-step=bridge]').count());
  const v = await axe(page);
  assert.deepEqual(v, [], formatViolations(v));
  await shot(page, 'playground-case');
  // A case that is not JSON is a failure answer, shown, not thrown.
  await page.locator('#case').fill('{not json');
  await page.locator('#evaluate').click();
  assert.match(await result.textContent(), /invalid-case/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
