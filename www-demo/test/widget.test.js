// The screener widget end to end in Chromium: personas answered through the UI, language
// switched mid-way, back and change, privacy (no storage, no request off localhost),
// events, accessibility of its main states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, axe, formatViolations, shot, AS_OF } from './browser.js';
import { personas, defaultRules, nativeDecision, recordEvents, waitForWidget, current, complete, answer, fill, addMembers, shown, valueFor } from './screener.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

async function screenerPage(lang = 'en', asOf = AS_OF) {
  const page = await open(env.context, `${env.url}/provider.html`);
  await page.evaluate(([l, d]) => {
    const el = document.querySelector('onramp-screener');
    el.setAttribute('as-of', d);
    el.setAttribute('lang', l);
  }, [lang, asOf]);
  await recordEvents(page);
  await waitForWidget(page);
  return page;
}

async function assertPrivate(page) {
  const storage = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(storage, { cookie: '', local: 0, session: 0, idb: 0 }, 'nothing is stored');
  assert.deepEqual(page.outside, [], 'no request leaves localhost');
  assert.deepEqual(page.errors, [], 'no page errors');
}

const list = personas();
const rules = defaultRules();

test('there are at least three personas to screen', () => {
  assert.ok(list.length >= 3, `found ${list.length} personas for ${rules.name}`);
});

for (const persona of list.slice(0, 6)) {
  test(`persona ${persona.file}: screened through the UI, the programs, services and steps shown are the kernel's`, async () => {
    const page = await screenerPage('en', persona.as_of);
    await addMembers(page, persona.case.persons.length);
    const asked = await complete(page, persona.case);
    assert.ok(asked.length > 0);
    const events = await page.evaluate(() => window.__onramp.map((e) => e.type));
    assert.equal(events.filter((t) => t === 'onramp:question').length, asked.length, 'one onramp:question per question');
    assert.equal(events.at(-1), 'onramp:result');
    const decision = await page.evaluate(() => window.__onramp.at(-1).detail);
    const ui = await shown(page);
    await shot(page, `widget-persona-${persona.file.replace(/\.json$/, '')}`);

    // The whole case, decided natively: the adaptive questions reach the same decisions.
    const native = nativeDecision(rules.dir, persona.case, persona.as_of);
    assert.equal(decision.rules.hash, native.rules.hash);
    native.persons.forEach((person, i) => {
      for (const p of person.programs) {
        assert.equal(ui.persons[i].programs[p.id]?.status, p.status, `${persona.file}: person ${i} program ${p.id}`);
        const mine = decision.persons[i].programs.find((x) => x.id === p.id);
        assert.equal(mine.status, p.status);
        // "Why": every criterion of the program, in plain words, with its status.
        const table = decision.persons[i].criteria || {};
        const why = mine.criteria.map((c) => (typeof c === 'string' ? { id: c, ...table[c] } : c));
        assert.deepEqual(ui.persons[i].programs[p.id].why, why.map((c) => ({ id: c.id, status: c.status, text: c.text })), `why of ${p.id}`);
        assert.ok(why.every((c) => c.text && c.text.length > 3), `criteria texts of ${p.id}`);
        if (p.status === 'eligible' && p.priority && p.priority.status === 'eligible' && p.priority.name) {
          assert.ok(ui.persons[i].programs[p.id].prio.includes(p.priority.name), `priority group of ${p.id} shown`);
        }
      }
      const services = (i === 0 ? native.household.services : []).concat(person.services);
      for (const s of services) {
        const hidden = s.need.status === 'not_needed' && !(s.eligibility && s.eligibility.status === 'eligible');
        if (hidden) assert.equal(ui.persons[i].services[s.id], undefined, `${s.id} not shown`);
        else {
          assert.equal(ui.persons[i].services[s.id]?.need, s.need.status, `${persona.file}: service ${s.id} need`);
          if (s.eligibility) assert.equal(ui.persons[i].services[s.id].eligibility, s.eligibility.status);
          if (s.referral && s.need.status === 'needed') assert.ok(ui.persons[i].services[s.id].text.includes(s.referral));
        }
      }
      // Ladders: the widget draws exactly the decision it got; where that decision settled a
      // rung, the whole case settles it the same way. (The kernel asks only about the rungs
      // that are next, so a rung above an unfinished one may stay "not yet known".)
      const mine = decision.persons[i];
      for (const ladder of mine.pathways.filter((l) => l.applies !== 'not_met')) {
        const full = person.pathways.find((l) => l.id === ladder.id);
        let same = true;
        for (const step of ladder.steps) {
          assert.equal(ui.persons[i].steps[`${ladder.id}/${step.id}`]?.status, step.status, `${ladder.id}/${step.id} drawn`);
          const whole = full.steps.find((x) => x.id === step.id).status;
          if (step.status !== 'undetermined') assert.equal(step.status, whole, `${ladder.id}/${step.id} as the whole case decides`);
          if (step.status !== whole) same = false;
        }
        for (const next of ladder.next) {
          const got = ui.persons[i].next.find((n) => n.ladder === ladder.id && n.step === next.step);
          assert.ok(got, `next step ${next.step} shown`);
          assert.deepEqual(got.bridges, next.first.map((f) => f.step), `bridges before ${next.step}`);
          for (const f of next.first) assert.match(ui.persons[i].steps[`${ladder.id}/${f.step}`].classes, /bridge/);
        }
        if (same) assert.deepEqual(ladder.next.map((n) => [n.step, n.first.map((f) => f.step)]), full.next.map((n) => [n.step, n.first.map((f) => f.step)]), `${ladder.id}: next steps as the whole case decides`);
      }
    });

    // And what the persona file itself expects.
    for (const e of persona.expect) {
      const person = ui.persons[e.person ?? 0];
      if (e.program) {
        assert.equal(person.programs[e.program]?.status, e.status, `expected ${JSON.stringify(e)}`);
        if (e.priority && e.priority !== 'none') assert.ok(person.programs[e.program].prio.includes(e.priority), `priority ${e.priority}`);
      } else if (e.service) {
        if (e.need) assert.equal(person.services[e.service]?.need, e.need, `expected ${JSON.stringify(e)}`);
        if (e.status) assert.equal(person.services[e.service]?.eligibility, e.status, `expected ${JSON.stringify(e)}`);
      } else if (e.next) {
        const got = person.next.find((n) => n.step === e.next && (!e.ladder || n.ladder === e.ladder));
        assert.ok(got, `expected next step ${JSON.stringify(e)}`);
        if (e.bridge) assert.ok(got.bridges.includes(e.bridge), `bridge ${e.bridge} before ${e.next}`);
      } else if (e.step) {
        const key = Object.keys(person.steps).find((k) => k.endsWith(`/${e.step}`));
        assert.equal(person.steps[key]?.status, e.status, `expected ${JSON.stringify(e)}`);
      }
    }
    await assertPrivate(page);
    await page.close();
  });
}

test('switching language mid-way keeps every answer and changes the question texts', async () => {
  const persona = list[0];
  const page = await screenerPage('en', persona.as_of);
  const first = [];
  for (let i = 0; i < 3; i++) {
    const q = await current(page);
    first.push(q);
    const v = valueFor(persona.case, q.path);
    await answer(page, q, v);
  }
  const before = await page.evaluate(() => document.querySelector('onramp-screener').case);
  const qEn = await current(page);
  await shot(page, 'widget-question-en');
  const languages = await page.evaluate(() => [...document.querySelector('onramp-screener').shadowRoot.querySelectorAll('#lang option')].map((o) => o.value));
  assert.ok(languages.includes('es'));
  // Through the widget's own language menu, by keyboard.
  await page.locator('onramp-screener #lang').selectOption('es');
  await page.waitForFunction(() => document.querySelector('onramp-screener').shadowRoot.querySelector('.title').textContent.includes('Encuentre'));
  const qEs = await current(page);
  assert.equal(qEs.path, qEn.path, 'same question');
  if (qEn.text && qEs.text) assert.notEqual(qEs.text, qEn.text, 'question text translated');
  const after = await page.evaluate(() => document.querySelector('onramp-screener').case);
  assert.deepEqual(after, before, 'answers kept');
  const back = await page.locator('onramp-screener [data-act=back]').textContent();
  assert.equal(back.trim(), 'Atrás');
  await shot(page, 'widget-question-es');
  // Finish in Spanish, then switch the results to Chinese (when the rules offer it).
  await complete(page, persona.case);
  const resultsEs = await shown(page);
  assert.match(resultsEs.text, /Sus resultados/);
  if (languages.includes('zh')) {
    await page.locator('onramp-screener #lang').selectOption('zh');
    await page.waitForFunction(() => document.querySelector('onramp-screener').shadowRoot.querySelector('.results h3').textContent.includes('您的结果'));
    const resultsZh = await shown(page);
    assert.deepEqual(Object.keys(resultsZh.persons[0].programs), Object.keys(resultsEs.persons[0].programs));
    await shot(page, 'widget-results-zh');
  }
  await assertPrivate(page);
  await page.close();
});

test('back and change answers; skip leaves a fact unknown', async () => {
  const page = await screenerPage('en');
  const q1 = await current(page);
  await answer(page, q1, undefined); // skip
  const q2 = await current(page);
  assert.notEqual(q2.path, q1.path, 'skipping moves on');
  let kase = await page.evaluate(() => document.querySelector('onramp-screener').case);
  assert.equal(valueFor(kase, q1.path), undefined, 'a skipped fact stays unknown');
  // Back returns to the skipped question.
  await page.locator('onramp-screener [data-act=back]').click();
  assert.equal((await current(page)).path, q1.path);
  // Answer it with something valid for its type, by keyboard: focus is on the question.
  const focused = await page.evaluate(() => document.querySelector('onramp-screener').shadowRoot.activeElement?.className);
  assert.equal(focused, 'qtext', 'focus moves to the new question');
  const min = await page.locator('onramp-screener form.question [name=answer]').first().getAttribute('min');
  const sample = { bool: true, integer: Number(min || 1), money: '100', date: '1990-01-01', list: [], records: [] }[q1.type];
  if (sample !== undefined) {
    await answer(page, q1, sample);
    kase = await page.evaluate(() => document.querySelector('onramp-screener').case);
    assert.deepEqual(valueFor(kase, q1.path), sample);
  }
  // See results now, then change that answer from the answers list.
  await page.locator('onramp-screener [data-act=results]').click();
  await page.waitForFunction(() => document.querySelector('onramp-screener').shadowRoot.querySelector('.results'));
  await page.locator('onramp-screener details.answers summary').click();
  const change = page.locator('onramp-screener [data-act=change]').first();
  await change.click();
  const q = await current(page);
  assert.ok(q && q.path, 'change opens the question again');
  await assertPrivate(page);
  await page.close();
});

test('input validation: a bad number is refused with a message, not sent to the kernel', async () => {
  const page = await screenerPage('en');
  // Walk until a number or money question appears.
  for (let i = 0; i < 30; i++) {
    const q = await current(page);
    if (!q) break;
    if (q.type === 'integer' || q.type === 'money') {
      await page.locator('onramp-screener form.question [name=answer]').fill(q.type === 'integer' ? '1.5' : '12.345');
      await page.locator('onramp-screener form.question [data-act=next]').click();
      const error = await page.locator('onramp-screener form.question .errors').textContent();
      assert.match(error, /Enter/);
      assert.equal((await current(page)).path, q.path, 'stays on the question');
      const results = await axe(page);
      assert.deepEqual(results, [], formatViolations(results));
      await shot(page, 'widget-validation');
      await page.close();
      return;
    }
    await answer(page, q, undefined);
  }
  assert.fail('no number question found');
});

test('accessibility: axe finds no violations in the question, records and results states', async () => {
  const persona = list[0];
  const page = await screenerPage('en', persona.as_of);
  let v = await axe(page);
  assert.deepEqual(v, [], `first question:\n${formatViolations(v)}`);
  const seen = new Set();
  await addMembers(page, 2);
  v = await axe(page);
  assert.deepEqual(v, [], `with a household member:\n${formatViolations(v)}`);
  for (let i = 0; i < 300; i++) {
    const q = await current(page);
    if (!q) break;
    if (!seen.has(q.type)) {
      seen.add(q.type);
      if (q.type === 'records') await page.locator('onramp-screener [data-act=add-record]').click();
      v = await axe(page);
      assert.deepEqual(v, [], `question of type ${q.type}:\n${formatViolations(v)}`);
      if (q.type === 'records') await shot(page, 'widget-records');
    }
    await answer(page, q, valueFor(persona.case, q.path) ?? undefined);
  }
  // Results with every "why" and the answers opened.
  await page.evaluate(() => document.querySelector('onramp-screener').shadowRoot.querySelectorAll('details').forEach((d) => (d.open = true)));
  v = await axe(page);
  assert.deepEqual(v, [], `results:\n${formatViolations(v)}`);
  await shot(page, 'widget-results-open');
  // Spanish results too.
  await page.locator('onramp-screener #lang').selectOption('es');
  await page.waitForTimeout(200);
  v = await axe(page);
  assert.deepEqual(v, [], `results in Spanish:\n${formatViolations(v)}`);
  await page.close();
});

test('the results are announced in a live region and the widget is usable by keyboard alone', async () => {
  const page = await screenerPage('en');
  const live = await page.evaluate(() => {
    const el = document.querySelector('onramp-screener').shadowRoot.querySelector('[aria-live]');
    return { role: el.getAttribute('role'), live: el.getAttribute('aria-live') };
  });
  assert.deepEqual(live, { role: 'status', live: 'polite' });
  await page.waitForFunction(() => /Question 1/.test(document.querySelector('onramp-screener').shadowRoot.querySelector('[aria-live]').textContent));
  // Keyboard: Tab through the widget reaches the language menu, the answer and Next.
  await page.locator('onramp-screener #lang').focus();
  const order = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const a = document.querySelector('onramp-screener').shadowRoot.activeElement;
      return a ? a.dataset.act || a.getAttribute('name') || a.id || a.tagName : null;
    }));
  }
  assert.ok(order.includes('answer'), `the answer input is reachable: ${order}`);
  assert.ok(order.indexOf('answer') < order.indexOf('next'), `answer before next: ${order}`);
  // Skip everything by keyboard (Enter on the focused skip button) until the results.
  for (let i = 0; i < 300; i++) {
    const q = await current(page);
    if (!q) break;
    const n = await page.evaluate(() => window.__onramp.length);
    await page.locator('onramp-screener [data-act=skip]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => window.__onramp.length > k, n);
  }
  await page.waitForFunction(() => /results/i.test(document.querySelector('onramp-screener').shadowRoot.querySelector('[aria-live]').textContent));
  const focus = await page.evaluate(() => document.querySelector('onramp-screener').shadowRoot.activeElement?.tagName);
  assert.equal(focus, 'H3', 'focus moves to the results heading');
  await page.close();
});
