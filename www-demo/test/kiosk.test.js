// The kiosk: language first, large targets, idle warning and wipe, start over, print summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, axe, formatViolations, shot, AS_OF } from './browser.js';
import { personas, recordEvents, waitForWidget, current, complete, answer, valueFor, addMembers } from './screener.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

const persona = personas()[0];
const W = '#screener-slot onramp-screener';

async function kiosk(query = '') {
  const page = await open(env.context, `${env.url}/kiosk.html?as-of=${persona ? persona.as_of : AS_OF}${query}`);
  await page.setViewportSize({ width: 1080, height: 1920 });
  await recordEvents(page);
  return page;
}

async function targetsTooSmall(page) {
  // Every button, link, select, input and label choice: at least 48 by 48 CSS pixels (checkboxes and
  // radios count by their whole clickable label).
  return page.evaluate(() => {
    const small = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('button, a[href], select, input:not([type=radio]):not([type=checkbox]), label.choice, summary')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.height < 48 || r.width < 48) small.push(`${el.tagName}.${el.className} ${Math.round(r.width)}x${Math.round(r.height)} ${el.textContent.trim().slice(0, 30)}`);
      }
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
    };
    visit(document);
    return small;
  });
}

test('language first, then the screener in that language, with touch-sized targets', async () => {
  const page = await kiosk();
  let v = await axe(page);
  assert.deepEqual(v, [], `start screen:\n${formatViolations(v)}`);
  assert.deepEqual(await targetsTooSmall(page), []);
  await shot(page, 'kiosk-start');
  await page.getByRole('button', { name: 'Español' }).click();
  await waitForWidget(page, W);
  assert.equal(await page.locator(W).getAttribute('lang'), 'es');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal((await page.locator('#start-over').textContent()).trim(), 'Empezar de nuevo');
  v = await axe(page);
  assert.deepEqual(v, [], `first question:\n${formatViolations(v)}`);
  assert.deepEqual(await targetsTooSmall(page), []);
  await shot(page, 'kiosk-question-es');
  // Finish and look at the results.
  await addMembers(page, persona.case.persons.length, W);
  await complete(page, persona.case, W);
  assert.deepEqual(await targetsTooSmall(page), []);
  v = await axe(page);
  assert.deepEqual(v, [], `results:\n${formatViolations(v)}`);
  await shot(page, 'kiosk-results-es');
  assert.deepEqual(page.outside, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('left alone, the kiosk warns with a countdown, then wipes every answer and returns to the start', async () => {
  const page = await kiosk('&idle=2&warn=2');
  await page.getByRole('button', { name: 'English' }).click();
  await waitForWidget(page, W);
  for (let i = 0; i < 3; i++) {
    const q = await current(page, W);
    await answer(page, q, valueFor(persona.case, q.path), W);
  }
  const answered = await page.evaluate((w) => document.querySelector(w).case, W);
  assert.ok(JSON.stringify(answered).length > 30, 'some answers given');
  // The warning, as a modal dialog with a countdown.
  await page.waitForSelector('dialog#idle[open]', { timeout: 5000 });
  const count = Number(await page.locator('#idle-count').textContent());
  assert.ok(count >= 1 && count <= 2, `countdown shows ${count}`);
  const v = await axe(page);
  assert.deepEqual(v, [], `idle warning:\n${formatViolations(v)}`);
  await shot(page, 'kiosk-idle-warning', { fullPage: false });
  // Then the wipe: back to the language screen, the widget and its answers gone.
  await page.waitForSelector('#start:not([hidden])', { timeout: 5000 });
  assert.equal(await page.locator('dialog#idle[open]').count(), 0);
  assert.equal(await page.locator('onramp-screener').count(), 0, 'the widget is discarded');
  assert.equal(await page.evaluate(() => document.body.dataset.wiped), '1');
  // A new session starts from nothing.
  await page.getByRole('button', { name: 'English' }).click();
  await waitForWidget(page, W);
  const fresh = await page.evaluate((w) => document.querySelector(w).case, W);
  assert.deepEqual(fresh, { household: {}, persons: [{}] });
  const storage = await page.evaluate(async () => [document.cookie, localStorage.length, sessionStorage.length, (await indexedDB.databases()).length]);
  assert.deepEqual(storage, ['', 0, 0, 0]);
  await page.close();
});

test('"I\'m still here" keeps the answers; "Start over" wipes them', async () => {
  const page = await kiosk('&idle=1&warn=5');
  await page.getByRole('button', { name: '中文' }).click();
  await waitForWidget(page, W);
  const q = await current(page, W);
  await answer(page, q, valueFor(persona.case, q.path), W);
  const answered = await page.evaluate((w) => document.querySelector(w).case, W);
  await page.waitForSelector('dialog#idle[open]');
  assert.equal((await page.locator('#idle-stay').textContent()).trim(), '我还在');
  await page.locator('#idle-stay').click();
  assert.equal(await page.locator('dialog#idle[open]').count(), 0);
  assert.deepEqual(await page.evaluate((w) => document.querySelector(w).case, W), answered, 'answers kept');
  await shot(page, 'kiosk-question-zh');
  await page.locator('#start-over').click();
  await page.waitForSelector('#start:not([hidden])');
  assert.equal(await page.locator('onramp-screener').count(), 0);
  await page.close();
});

test('the printed summary holds the results and next steps, and no answers unless chosen', async () => {
  const page = await kiosk();
  await page.getByRole('button', { name: 'English' }).click();
  await waitForWidget(page, W);
  await addMembers(page, persona.case.persons.length, W);
  await complete(page, persona.case, W);
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => document.body.innerText + document.querySelector('onramp-screener').shadowRoot.querySelector('.wrap').innerText);
  assert.match(printed, /Your results/);
  assert.match(printed, /Printed from the career-center kiosk/);
  assert.doesNotMatch(printed, /Start over|Print summary|Answer more questions/, 'no buttons in print');
  const dob = persona.case.persons[0].date_of_birth;
  if (dob) assert.ok(!printed.includes(dob), 'no date of birth in the printout');
  assert.doesNotMatch(printed, /Your answers/);
  await shot(page, 'kiosk-print');
  await page.pdf({ path: 'test-results/kiosk-print.pdf' }).catch(() => {});
  // Opting in prints the answers.
  await page.emulateMedia({ media: 'screen' });
  await page.locator(`${W} [data-act=print-answers]`).check();
  await page.emulateMedia({ media: 'print' });
  const withAnswers = await page.evaluate(() => document.querySelector('onramp-screener').shadowRoot.querySelector('.wrap').innerText);
  assert.match(withAnswers, /Your answers/);
  if (dob) assert.ok(withAnswers.includes(dob));
  await page.close();
});
