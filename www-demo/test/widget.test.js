// The screener widget end to end in Chromium: personas answered through the UI, language
// switched mid-way, back and change, privacy (no storage, no request off localhost),
// events, accessibility of its main states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, axe, formatViolations, shot, AS_OF } from './browser.js';
import { personas, defaultRules, nativeDecision, nativeCatalog, openEveryWhy, recordEvents, waitForWidget, current, complete, answer, fill, addMembers, shown, valueFor } from './screener.js';

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
    // The results come from a summary: statuses and reasons by id, no texts but the reasons'.
    const decision = await page.evaluate(() => window.__onramp.at(-1).detail);
    assert.equal(decision.detail, 'summary');
    await openEveryWhy(page);
    const ui = await shown(page);
    await shot(page, `widget-persona-${persona.file.replace(/\.json$/, '')}`);

    // The whole case, decided natively (full decision, texts from the catalog): the adaptive
    // questions reach the same decisions.
    const native = nativeDecision(rules.dir, persona.case, persona.as_of);
    // And exactly the answers given (the widget asks only what matters), decided natively:
    // what each "why" must show.
    const given = nativeDecision(rules.dir, await page.evaluate(() => document.querySelector('onramp-screener').case), persona.as_of);
    const catalog = nativeCatalog(rules.dir, 'en');
    const program = new Map(catalog.programs.map((x) => [x.id, x]));
    const service = new Map(catalog.services.map((x) => [x.id, x]));
    assert.equal(decision.rules.hash, native.rules.hash);
    native.persons.forEach((person, i) => {
      const result = (id) => given.persons[i].criteria[id] || given.household.criteria[id];
      for (const p of person.programs) {
        assert.equal(ui.persons[i].programs[p.id]?.status, p.status, `${persona.file}: person ${i} program ${p.id}`);
        const mine = decision.persons[i].programs.find((x) => x.id === p.id);
        assert.equal(mine.status, p.status);
        assert.ok(ui.persons[i].programs[p.id].text.includes(program.get(p.id).name), `${p.id} named from the catalog`);
        // The reasons the summary names, shown in words: what failed, what is unknown.
        const reasons = p.status === 'ineligible' ? mine.failed : p.status === 'undetermined' ? mine.unknown : [];
        assert.deepEqual(ui.persons[i].programs[p.id].reasons, reasons || [], `reasons of ${p.id}`);
        for (const id of reasons || []) assert.equal(decision.criteria[id], catalog.criteria[id].text);
        // "Why" (explained on opening): every criterion of the program, in plain words, with
        // the status the answers given lead to.
        const why = program.get(p.id).criteria.map((id) => ({ id, status: result(id).status, text: catalog.criteria[id].text }));
        assert.deepEqual(ui.persons[i].programs[p.id].why, why, `why of ${p.id}`);
        assert.ok(why.every((c) => c.text && c.text.length > 3), `criteria texts of ${p.id}`);
        if (p.status === 'eligible' && p.priority && p.priority.status === 'eligible' && p.priority.group) {
          const group = program.get(p.id).priority.find((g) => g.id === p.priority.group);
          assert.ok(ui.persons[i].programs[p.id].prio.includes(group.name), `priority group of ${p.id} shown`);
        }
      }
      const services = (i === 0 ? native.household.services : []).concat(person.services);
      for (const s of services) {
        const hidden = s.need.status === 'not_needed' && !(s.eligibility && s.eligibility.status === 'eligible');
        if (hidden) assert.equal(ui.persons[i].services[s.id], undefined, `${s.id} not shown`);
        else {
          const info = service.get(s.id);
          assert.equal(ui.persons[i].services[s.id]?.need, s.need.status, `${persona.file}: service ${s.id} need`);
          if (s.eligibility) assert.equal(ui.persons[i].services[s.id].eligibility, s.eligibility.status);
          if (info.referral && s.need.status === 'needed') assert.ok(ui.persons[i].services[s.id].text.includes(info.referral));
          assert.deepEqual(ui.persons[i].services[s.id].why, [...new Set(info.need.concat(info.eligible || []))], `why of service ${s.id}`);
        }
      }
      // Ladders: the widget draws exactly the summary it got, rungs in the catalog's order;
      // where that decision settled a rung, the whole case settles it the same way. (The
      // kernel asks only about the rungs that are next, so a rung above an unfinished one may
      // stay "not yet known".)
      const mine = decision.persons[i];
      for (const ladder of mine.pathways.filter((l) => l.applies !== 'not_met')) {
        const full = person.pathways.find((l) => l.id === ladder.id);
        assert.deepEqual(ui.persons[i].rungs[ladder.id], catalog.ladders.find((l) => l.id === ladder.id).steps, `${ladder.id}: rungs in order`);
        let same = true;
        for (const [id, status] of Object.entries(ladder.steps)) {
          assert.equal(ui.persons[i].steps[`${ladder.id}/${id}`]?.status, status, `${ladder.id}/${id} drawn`);
          const whole = full.steps.find((x) => x.id === id).status;
          if (status !== 'undetermined') assert.equal(status, whole, `${ladder.id}/${id} as the whole case decides`);
          if (status !== whole) same = false;
        }
        const route = (n) => [n.step, (n.first || []).map((f) => f.step)];
        for (const next of ladder.next) {
          const got = ui.persons[i].next.find((n) => n.ladder === ladder.id && n.step === next.step);
          assert.ok(got, `next step ${next.step} shown`);
          assert.deepEqual(got.bridges, route(next)[1], `bridges before ${next.step}`);
          for (const f of next.first || []) assert.match(ui.persons[i].steps[`${ladder.id}/${f.step}`].classes, /bridge/);
        }
        if (same) assert.deepEqual(ladder.next.map(route), full.next.map(route), `${ladder.id}: next steps as the whole case decides`);
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

test('the results come from a summary; opening a "why" asks the kernel to explain that one program', async () => {
  const persona = list[0];
  const page = await screenerPage('en', persona.as_of);
  // Watch the kernel's entry points: the options of every evaluation, every explain.
  await page.evaluate(async () => {
    const kernel = await customElements.get('onramp-screener').kernel();
    window.__calls = [];
    const proto = kernel.Rules.prototype;
    for (const name of ['evaluate', 'explain', 'catalog']) {
      const original = proto[name];
      proto[name] = function (...args) {
        window.__calls.push({ name, options: name === 'catalog' ? args[0] : JSON.parse(args[1]), target: args[2] });
        return original.apply(this, args);
      };
    }
  });
  await addMembers(page, persona.case.persons.length);
  await complete(page, persona.case);
  let calls = await page.evaluate(() => window.__calls);
  const evaluations = calls.filter((c) => c.name === 'evaluate');
  assert.ok(evaluations.length > 0);
  assert.ok(evaluations.every((c) => c.options.detail === 'summary' || c.options.detail === 'full'), 'every evaluation names its detail');
  const asked = await page.evaluate(() => window.__onramp.filter((e) => e.type === 'onramp:question').length);
  assert.ok(evaluations.filter((c) => c.options.detail === 'summary').length >= asked, 'a summary after every answer');
  // A full decision only for its questions, when the person skipped all the summary listed.
  evaluations.forEach((c, i) => {
    if (c.options.detail === 'full') assert.equal(evaluations[i - 1]?.options.detail, 'summary', 'a full decision only right after a summary');
  });
  assert.equal(calls.filter((c) => c.name === 'explain').length, 0, 'nothing explained before a "why" opens');
  assert.equal(calls.filter((c) => c.name === 'catalog').length, 0, 'the catalog was fetched once, on load');
  const empty = await page.evaluate(() => [...document.querySelector('onramp-screener').shadowRoot.querySelectorAll('details[data-target] .explained')].every((x) => x.innerHTML === ''));
  assert.ok(empty, 'every "why" is empty until opened');

  // Open the first program's "why" as a person would.
  const id = await page.evaluate(() => {
    const root = document.querySelector('onramp-screener').shadowRoot;
    return (root.querySelector('.person[data-person="0"] .card.eligible[data-program]') || root.querySelector('.person[data-person="0"] [data-program]')).dataset.program;
  });
  const why = page.locator(`onramp-screener .person[data-person="0"] [data-program="${id}"] > details.why > summary`);
  await why.click();
  await page.waitForFunction((p) => document.querySelector('onramp-screener').shadowRoot.querySelector(`.person[data-person="0"] [data-program="${p}"] > details.why`).dataset.filled, id);
  calls = await page.evaluate(() => window.__calls.filter((c) => c.name === 'explain'));
  assert.deepEqual(calls.map((c) => c.target), [id], 'one explain, for that program');
  assert.equal(calls[0].options.as_of, persona.as_of);
  assert.equal(calls[0].options.lang, 'en');
  const catalog = nativeCatalog(rules.dir, 'en');
  const program = catalog.programs.find((p) => p.id === id);
  let ui = await shown(page);
  assert.deepEqual(ui.persons[0].programs[id].why.map((c) => [c.id, c.text]), program.criteria.map((c) => [c, catalog.criteria[c].text]), 'the criteria, in the catalog\'s words');
  const given = nativeDecision(rules.dir, await page.evaluate(() => document.querySelector('onramp-screener').case), persona.as_of);
  const result = (c) => given.persons[0].criteria[c] || given.household.criteria[c];
  assert.deepEqual(ui.persons[0].programs[id].why.map((c) => c.status), program.criteria.map((c) => result(c).status), 'with the statuses the answers lead to');
  const marks = await page.evaluate((p) => [...document.querySelector('onramp-screener').shadowRoot.querySelectorAll(`.person[data-person="0"] [data-program="${p}"] > details.why .mark`)].map((m) => m.textContent), id);
  assert.ok(marks.length >= program.criteria.length && marks.every((m) => ['✓', '✗', '?'].includes(m)), 'status marks');
  await shot(page, 'widget-why');
  // Closed and opened again: already explained for these answers.
  await why.click();
  await why.click();
  assert.equal(await page.evaluate(() => window.__calls.filter((c) => c.name === 'explain').length), 1);
  // Switching language keeps it open and explains it again, in the new language.
  await page.locator('onramp-screener #lang').selectOption('es');
  await page.waitForFunction((p) => {
    const d = document.querySelector('onramp-screener').shadowRoot.querySelector(`.person[data-person="0"] [data-program="${p}"] > details.why`);
    return d && d.open && d.dataset.filled && document.querySelector('onramp-screener').shadowRoot.querySelector('.results h3').textContent.includes('Sus resultados');
  }, id);
  calls = await page.evaluate(() => window.__calls);
  assert.deepEqual(calls.filter((c) => c.name === 'catalog').map((c) => c.options), ['es'], 'the Spanish catalog, once');
  assert.equal(calls.filter((c) => c.name === 'explain').at(-1).options.lang, 'es');
  const es = nativeCatalog(rules.dir, 'es');
  ui = await shown(page);
  assert.deepEqual(ui.persons[0].programs[id].why.map((c) => c.text), program.criteria.map((c) => es.criteria[c].text), 'explained in Spanish');
  assert.ok(ui.text.includes(es.programs.find((p) => p.id === id).name), 'named in Spanish');
  await assertPrivate(page);
  await page.close();
});

test('skipping every question the summary lists goes on to the rest: no question is lost', async () => {
  const page = await screenerPage('en');
  const asked = [];
  for (let i = 0; i < 400; i++) {
    const q = await current(page);
    if (!q) break;
    asked.push(q.path);
    await answer(page, q, undefined);
  }
  const kase = await page.evaluate(() => document.querySelector('onramp-screener').case);
  assert.deepEqual(kase, { household: {}, persons: [{}] }, 'everything skipped');
  const final = await page.evaluate(() => document.querySelector('onramp-screener').decision);
  const native = nativeDecision(rules.dir, kase, AS_OF);
  const missed = native.next_questions.map((q) => q.path).filter((path) => !asked.includes(path));
  assert.deepEqual(missed, [], 'every question the kernel would ask was asked');
  assert.equal(new Set(asked).size, asked.length, 'none asked twice');
  if (native.next_questions.length > 10) {
    assert.ok(asked.length > 10, `more than the ten a summary lists: ${asked.length}`);
    assert.ok(final.more_questions > 0, 'the summary lists ten, and says more could matter');
  }
  await page.close();
});

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
  // Results with every "why" (each explained by the kernel on opening) and the answers opened.
  await openEveryWhy(page);
  v = await axe(page);
  assert.deepEqual(v, [], `results:\n${formatViolations(v)}`);
  await shot(page, 'widget-results-open');
  // Spanish results too: what was open stays open, explained again in Spanish.
  await page.locator('onramp-screener #lang').selectOption('es');
  await page.waitForFunction(() => document.querySelector('onramp-screener').shadowRoot.querySelector('.results h3').textContent.includes('Sus resultados'));
  await openEveryWhy(page);
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
