// "How could I qualify?" and "What if I earn more?" in the widget and the kiosk, in Chromium:
// NYC personas answered through the UI, then every disclosure opened and compared with the
// kernel's own `qualify` answer for the same answers (the wasm kernel the page loaded, called
// directly), in English, Spanish and Chinese; the wage chart's table and break marks compared
// with the kernel's `sweep`; axe on each state; no internal id in anything a person reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, open, axe, formatViolations, shot, RESULTS, REPO } from './browser.js';
import { personas, defaultRules, nativeCatalog, nativeQualify, nativeSweep, recordEvents, waitForWidget, complete, addMembers } from './screener.js';
import { execFileSync } from 'node:child_process';
import { t } from '../src/onramp-i18n.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env.close();
});

const rules = defaultRules();
const WANTED = ['rosa_hha_mother_of_two', 'jaylen_19_dropout', 'gloria_58_unemployed'];
const chosen = personas().filter((p) => WANTED.includes(p.file.replace(/\.json$/, '')));
const W = 'onramp-screener';

/**
 * Every snake_case id the rule set has (facts, programs, services, ladders, steps, criteria,
 * parameters): none of them may reach a person's eyes.
 */
function internalIds() {
  const catalog = nativeCatalog(rules.dir, 'en');
  const ids = new Set();
  const add = (id) => {
    if (typeof id === 'string' && id.includes('_')) ids.add(id);
  };
  for (const list of ['programs', 'services', 'ladders']) for (const x of catalog[list] || []) add(x.id);
  for (const key of ['steps', 'criteria', 'facts', 'parameters']) {
    const v = catalog[key];
    if (Array.isArray(v)) v.forEach((x) => add(x.id));
    else if (v) Object.keys(v).forEach(add);
  }
  const schema = JSON.parse(execFileSync(join(REPO, 'target', 'debug', 'onramp'), ['schema', rules.dir], { encoding: 'utf8' }));
  for (const f of schema.facts) {
    add(f.id);
    (f.values || []).forEach((v) => add(v.value));
    (f.fields || []).forEach((x) => (add(x.name), (x.values || []).forEach((v) => add(v.value))));
  }
  // The personas' answers: fact ids, and values such as `some_high_school` (shown by their labels).
  const walkValues = (v) => {
    if (Array.isArray(v)) v.forEach(walkValues);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (add(k), walkValues(x)));
    else add(v);
  };
  for (const p of personas()) walkValues(p.case);
  return ids;
}
const IDS = internalIds();
const ID_PATTERN = new RegExp(`(^|[^A-Za-z0-9_])(${[...IDS].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})($|[^A-Za-z0-9_])`);

function leakedIds(text) {
  const found = [];
  let rest = text;
  for (let m = ID_PATTERN.exec(rest); m; m = ID_PATTERN.exec(rest)) {
    found.push(m[2]);
    rest = rest.slice(m.index + m[0].length);
  }
  if (/persons\[\d+\]|household\.[a-z]/.test(text)) found.push('a case path');
  return found;
}

async function walk(persona, viewport = { width: 1280, height: 900 }) {
  const page = await open(env.context, `${env.url}/provider.html`);
  await page.setViewportSize(viewport);
  await page.evaluate((d) => document.querySelector('onramp-screener').setAttribute('as-of', d), persona.as_of);
  await recordEvents(page);
  await waitForWidget(page);
  await addMembers(page, persona.case.persons.length);
  await complete(page, persona.case);
  return page;
}

/** Opens every "How could I qualify?" through its summary (and the list it sits in) and waits until each is filled. */
async function openEveryQualify(page, selector = W) {
  const keys = await page.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('details.qualify')].map((d) => d.dataset.key), selector);
  for (const key of keys) {
    const details = page.locator(`${selector} details.qualify[data-key="${key}"]`);
    const list = page.locator(`${selector} details.ineligible-list:has(details.qualify[data-key="${key}"])`);
    if ((await list.count()) && !(await list.evaluate((d) => d.open))) await list.locator(':scope > summary').click();
    if (!(await details.evaluate((d) => d.open))) await details.locator(':scope > summary').click();
  }
  await waitFilled(page, selector);
  return keys;
}

async function waitFilled(page, selector = W) {
  await page.waitForFunction((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('details.qualify[open]')].every((d) => d.dataset.filled), selector, { timeout: 120000 });
}

/** What an opened disclosure shows, read from the DOM. */
function readQualify(page, key, selector = W) {
  return page.evaluate(
    ([sel, k]) => {
      const d = document.querySelector(sel).shadowRoot.querySelector(`details.qualify[data-key="${k}"]`);
      const box = d.querySelector('.paths');
      return {
        summary: d.querySelector('summary').textContent,
        text: box.textContent,
        fromDate: box.querySelector('.from-date')?.textContent ?? null,
        paths: [...box.querySelectorAll('li.qualify-path')].map((li) => [...li.querySelectorAll('li.change')].map((c) => ({ text: c.querySelector('.change-text').textContent, closer: c.querySelector('.closer')?.textContent ?? null }))),
        noPath: box.querySelector('.no-path')?.textContent ?? null,
        missing: box.querySelectorAll('ul.settle > li').length,
        errors: box.querySelector('.errors')?.textContent ?? null,
      };
    },
    [selector, key],
  );
}

/** The kernel's answer for one disclosure: the wasm kernel the page runs, called directly with the widget's answers. */
function kernelQualify(page, key, lang, asOf, selector = W) {
  return page.evaluate(
    async ([sel, k, l, d]) => {
      const el = document.querySelector(sel);
      const details = el.shadowRoot.querySelector(`details.qualify[data-key="${k}"]`);
      const { loadBundle } = await import('/dist/onramp-kernel.js');
      const { rules } = await loadBundle(new URL('/dist/nyc.bundle.json', location.href).href);
      const options = { as_of: d, lang: l, for: details.dataset.qualify };
      if (details.dataset.person !== 'h') options.person = Number(details.dataset.person);
      const answer = JSON.parse(rules.qualify(JSON.stringify(el.case), JSON.stringify(options)));
      if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
      return answer.qualify[0];
    },
    [selector, key, lang, asOf],
  );
}

function kernelSweep(page, options, selector = W) {
  return page.evaluate(
    async ([sel, o]) => {
      const el = document.querySelector(sel);
      const { loadBundle } = await import('/dist/onramp-kernel.js');
      const { rules } = await loadBundle(new URL('/dist/nyc.bundle.json', location.href).href);
      const answer = JSON.parse(rules.sweep(JSON.stringify(el.case), JSON.stringify(o)));
      if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
      return answer.sweep;
    },
    [selector, options],
  );
}

/** Checks every opened disclosure against the kernel; returns counts of what was seen. */
async function checkDisclosures(page, keys, lang, asOf, label, selector = W) {
  const seen = { paths: 0, noPath: 0, fromDate: 0, closers: 0 };
  for (const key of keys) {
    const ui = await readQualify(page, key, selector);
    const q = await kernelQualify(page, key, lang, asOf, selector);
    const where = `${label} ${lang} ${key}`;
    assert.equal(ui.errors, null, `${where}: ${ui.errors}`);
    assert.equal(ui.summary.trim(), t(lang, q.target.kind === 'step' ? 'qualify_step' : 'qualify'), `${where}: the summary`);
    // The verified paths, in the kernel's order and words.
    assert.deepEqual(
      ui.paths.map((p) => p.map((c) => c.text)),
      q.paths.map((p) => p.changes.map((c) => c.text)),
      `${where}: the paths`,
    );
    q.paths.forEach((p, i) =>
      p.changes.forEach((c, j) => {
        if (c.closer) {
          assert.ok(ui.paths[i][j].closer?.includes(c.closer.name), `${where}: the step that closes it, ${c.closer.name}`);
          seen.closers++;
        } else assert.equal(ui.paths[i][j].closer, null);
      }),
    );
    if (q.from_date) {
      assert.equal(ui.fromDate, t(lang, q.target.kind === 'step' ? 'qualify_from_date_step' : 'qualify_from_date', { date: q.from_date.date, why: q.from_date.text }), `${where}: the date`);
      seen.fromDate++;
    } else assert.equal(ui.fromDate, null, `${where}: no date`);
    if (!q.paths.length && !q.from_date) {
      assert.equal(ui.noPath, t(lang, q.search.complete ? 'qualify_none' : 'qualify_none_budget', { n: q.search.max_changes, evaluations: q.search.evaluations }), `${where}: no path`);
      seen.noPath++;
    } else assert.equal(ui.noPath, null);
    assert.equal(ui.missing, q.missing.length, `${where}: the questions still open`);
    seen.paths += q.paths.length;
    // Where there are paths, the native kernel (the CLI) finds the very same ones for these answers.
    if (q.paths.length && lang === 'en') {
      const kase = await page.evaluate((sel) => document.querySelector(sel).case, selector);
      const native = nativeQualify(rules.dir, kase, asOf, lang, `${q.target.kind}:${q.target.id}`, q.target.person);
      assert.deepEqual(native, q, `${where}: native and wasm agree`);
    }
    assert.deepEqual(leakedIds(ui.summary + ui.text), [], `${where}: no internal id in ${JSON.stringify(ui.text.slice(0, 300))}`);
  }
  return seen;
}

/** The wage table, read from the DOM: per item its rows' [from, to, status] and the chart's break labels. */
function readWage(page, selector = W) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const box = root.querySelector('details.wage');
    const svg = box.querySelector('.wage-out svg');
    return {
      caption: box.querySelector('table.wage-table caption')?.textContent ?? null,
      items: [...box.querySelectorAll('table.wage-table tbody')].map((tb) => ({
        key: tb.dataset.item,
        name: tb.querySelector('th').textContent,
        rows: [...tb.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      })),
      breaks: svg ? [...svg.querySelectorAll('.break-label')].map((x) => x.textContent) : [],
      svg: svg ? { role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'), hidden: svg.getAttribute('aria-hidden') } : null,
      at: box.querySelector('.wage-at')?.textContent ?? null,
      never: box.querySelector('.wage-never')?.textContent ?? '',
      text: box.textContent,
    };
  }, selector);
}

async function waitDrawn(page, selector = W) {
  await page.waitForFunction((sel) => {
    const box = document.querySelector(sel).shadowRoot.querySelector('details.wage');
    return box && box.open && box.dataset.drawn && box.querySelector('.wage-out').children.length;
  }, selector);
}

function checkWage(ui, sweep, lang, label) {
  const money = (a) => `${t(lang, 'dollars')}${a}`;
  assert.equal(ui.never.length > 0, sweep.ineligible_throughout.length > 0, `${label}: those never eligible in the range are named`);
  assert.deepEqual(leakedIds(ui.text), [], `${label}: no internal id in the wage section`);
  if (!sweep.items.length) {
    assert.ok(ui.text.includes(t(lang, 'wage_nothing')), `${label}: nothing changes over the range, and it says so`);
    assert.equal(ui.svg, null);
    return 0;
  }
  assert.deepEqual(
    ui.items.map((i) => i.key),
    sweep.items.map((i) => `${i.kind}:${i.id}:${i.person ?? 'h'}`),
    `${label}: one table group per program and service, in the kernel's order`,
  );
  sweep.items.forEach((item, k) => {
    assert.ok(ui.items[k].name.startsWith(item.name), `${label}: ${item.name}`);
    assert.deepEqual(
      ui.items[k].rows,
      item.intervals.map((iv) => [money(iv.from), money(iv.to), t(lang, `status_${iv.status}`)]),
      `${label}: ${item.id}'s intervals`,
    );
  });
  // The break points: where a new interval starts, in the table and marked on the chart.
  const breaks = sweep.items.flatMap((item) => item.intervals.slice(1).map((iv) => money(iv.from)));
  const tableBreaks = ui.items.flatMap((i) => i.rows.slice(1).map((r) => r[0]));
  assert.deepEqual(tableBreaks, breaks, `${label}: the table's break points are the sweep's`);
  assert.deepEqual(ui.breaks, breaks, `${label}: the chart marks every break point`);
  assert.equal(ui.svg.role, 'img');
  assert.ok(ui.svg.label && ui.svg.label.length > 20, `${label}: the chart is labelled`);
  assert.equal(ui.caption, t(lang, 'wage_caption', { hours: sweep.hours }));
  return breaks.length;
}

async function switchLanguage(page, lang, selector = W) {
  await page.locator(`${selector} select#lang`).selectOption(lang);
  await page.waitForFunction(([sel, l]) => document.querySelector(sel).shadowRoot.querySelector('.wrap').getAttribute('lang') === l, [selector, lang]);
  await waitFilled(page, selector);
}

async function assertAxe(page, label) {
  const v = await axe(page);
  assert.deepEqual(v, [], `${label}:\n${formatViolations(v)}`);
}

test('three NYC personas to walk', () => {
  assert.equal(chosen.length, 3, `found ${chosen.map((p) => p.file)} in ${rules.name}`);
  assert.ok(IDS.size > 100, 'the rule set has snake_case ids to look for');
});

const totals = { paths: 0, noPath: 0, fromDate: 0, closers: 0, breaks: 0 };

for (const persona of chosen) {
  const name = persona.file.replace(/\.json$/, '');
  test(`${name}: "How could I qualify?" and the wage chart show the kernel's answers, in en, es and zh`, async () => {
    const page = await walk(persona);
    const keys = await openEveryQualify(page);
    assert.ok(keys.length > 0, 'there is something not reached to ask about');
    // The chart: opened through its summary, for the applicant, the default range.
    await page.locator(`${W} details.wage > summary`).click();
    await waitDrawn(page);
    const defaults = { person: 0, from: '10.00', to: '40.00', hours: 35 };
    for (const lang of ['en', 'es', 'zh']) {
      if (lang !== 'en') {
        await switchLanguage(page, lang);
        await waitDrawn(page);
      }
      const seen = await checkDisclosures(page, keys, lang, persona.as_of, name);
      for (const k of Object.keys(seen)) totals[k] += seen[k];
      const sweep = await kernelSweep(page, { as_of: persona.as_of, lang, person: 0, wage: { per: 'hour', from: defaults.from, to: defaults.to, hours: defaults.hours }, points: 200 });
      totals.breaks += checkWage(await readWage(page), sweep, lang, `${name} ${lang}`);
      await assertAxe(page, `${name} ${lang}: every disclosure open and the chart drawn`);
      const withPaths = page.locator(`${W} details.qualify:has(li.qualify-path)`).first();
      if (await withPaths.count()) await withPaths.screenshot({ path: join(RESULTS, `whatif-${name}-${lang}-paths.png`) });
      await page.locator(`${W} details.wage .chart`).screenshot({ path: join(RESULTS, `whatif-${name}-${lang}-chart.png`) });
      // The screen as a person sees it (the whole page, every disclosure open, is far too tall).
      await shot(page, `whatif-${name}-${lang}`, { fullPage: false });
    }
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
    await page.close();
  });
}

test('the wage chart follows its settings: whose pay, hours, range, and the pay slider', async () => {
  const persona = chosen.find((p) => p.file.startsWith('jaylen')) || chosen[0];
  const page = await walk(persona);
  await page.locator(`${W} details.wage > summary`).click();
  await waitDrawn(page);
  const form = page.locator(`${W} details.wage form.wage-form`);
  // Jaylen's mother earns: she can be picked.
  const people = await form.locator('[data-wage=person] option').count();
  const person = people > 1 ? 1 : 0;
  if (people > 1) await form.locator('[data-wage=person]').selectOption(String(person));
  await form.locator('[data-wage=from]').fill('10');
  await form.locator('[data-wage=to]').fill('45.50');
  await form.locator('[data-wage=hours]').fill('30');
  await form.locator('[data-wage=show]').click();
  await page.waitForFunction((sel) => document.querySelector(sel).shadowRoot.querySelector('table.wage-table caption')?.textContent.includes('30'), W);
  const sweep = await kernelSweep(page, { as_of: persona.as_of, lang: 'en', person, wage: { per: 'hour', from: '10.00', to: '45.50', hours: 30 }, points: 200 });
  totals.breaks += checkWage(await readWage(page), sweep, 'en', `${persona.file} person ${person} 10..45.50 at 30 hours`);
  const kase = await page.evaluate((sel) => document.querySelector(sel).case, W);
  assert.deepEqual(nativeSweep(rules.dir, kase, persona.as_of, 'en', { person, from: '10.00', to: '45.50', hours: 30 }), sweep, 'native and wasm sweep alike');
  // The slider moves the marker and says what is eligible there, from the same intervals.
  const someBreak = sweep.items.flatMap((i) => i.intervals.slice(1))[0];
  const pay = someBreak ? someBreak.from : '20.00';
  await form.locator('[data-wage=slider]').fill(pay);
  const at = (await readWage(page)).at;
  const cents = (a) => Math.round(Number(a) * 100);
  const eligible = sweep.items.filter((i) => i.intervals.some((iv) => iv.status === 'eligible' && cents(iv.from) <= cents(pay) && cents(pay) <= cents(iv.to)));
  assert.ok(at.startsWith(t('en', 'wage_at', { amount: `$${pay}` })), at);
  for (const item of eligible) assert.ok(at.includes(item.name), `${item.name} is eligible at $${pay}: ${at}`);
  if (!eligible.length) assert.ok(at.endsWith(t('en', 'wage_at_none')), at);
  assert.equal(await form.locator('[data-wage=pay]').inputValue(), pay);
  // A range that is not one is refused in words, and the chart stays as it was.
  await form.locator('[data-wage=from]').fill('50');
  await form.locator('[data-wage=show]').click();
  assert.equal((await form.locator('.wage-errors').textContent()).trim(), t('en', 'wage_bad_input'));
  await assertAxe(page, 'the wage chart with other settings and an error');
  // Desktop and phone width: the chart is drawn at the width it is shown.
  await page.locator(`${W} details.wage`).screenshot({ path: join(RESULTS, 'whatif-wage-desktop.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await form.locator('[data-wage=from]').fill('15');
  await form.locator('[data-wage=show]').click();
  await page.waitForFunction((sel) => Number(document.querySelector(sel).shadowRoot.querySelector('details.wage svg')?.getAttribute('width')) < 390, W);
  const svgWidth = await page.locator(`${W} details.wage svg`).evaluate((s) => s.getBoundingClientRect().width);
  assert.ok(svgWidth <= 390, `the chart fits a phone: ${svgWidth}px`);
  await assertAxe(page, 'the wage chart at 390 px');
  await page.locator(`${W} details.wage`).screenshot({ path: join(RESULTS, 'whatif-wage-390.png') });
  // What a phone shows at once: the top of the section, and the chart.
  await page.locator(`${W} details.wage > summary`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'whatif-wage-390-screen.png') });
  await page.locator(`${W} details.wage .chart`).screenshot({ path: join(RESULTS, 'whatif-wage-390-chart.png') });
  const first = page.locator(`${W} details.qualify`).first();
  const list = page.locator(`${W} details.ineligible-list`).first();
  if ((await list.count()) && !(await list.evaluate((d) => d.open))) await list.locator(':scope > summary').click();
  await first.locator(':scope > summary').click();
  await waitFilled(page);
  await first.screenshot({ path: join(RESULTS, 'whatif-qualify-390.png') });
  await shot(page, 'whatif-jaylen-390', { fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the kiosk has both, with touch-sized targets', async () => {
  const persona = chosen.find((p) => p.file.startsWith('rosa')) || chosen[0];
  const K = '#screener-slot onramp-screener';
  const page = await open(env.context, `${env.url}/kiosk.html?as-of=${persona.as_of}`);
  await page.setViewportSize({ width: 1080, height: 1920 });
  await recordEvents(page);
  await page.getByRole('button', { name: 'Español' }).click();
  await waitForWidget(page, K);
  await addMembers(page, persona.case.persons.length, K);
  await complete(page, persona.case, K);
  const keys = await openEveryQualify(page, K);
  await page.locator(`${K} details.wage > summary`).click();
  await waitDrawn(page, K);
  const seen = await checkDisclosures(page, keys, 'es', persona.as_of, `kiosk ${persona.file}`, K);
  assert.ok(seen.paths + seen.noPath + seen.fromDate > 0);
  const sweep = await kernelSweep(page, { as_of: persona.as_of, lang: 'es', person: 0, wage: { per: 'hour', from: '10.00', to: '40.00', hours: 35 }, points: 200 }, K);
  checkWage(await readWage(page, K), sweep, 'es', `kiosk ${persona.file}`);
  const small = await page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    return [...root.querySelectorAll('details.qualify > summary, details.wage summary, details.wage input, details.wage select, details.wage button')]
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.width || r.height)
      .filter(([, r]) => r.width < 48 || r.height < 48)
      .map(([el, r]) => `${el.tagName}[${el.dataset.wage || ''}] ${Math.round(r.width)}x${Math.round(r.height)}`);
  }, K);
  assert.deepEqual(small, [], 'every target at least 48 by 48 px');
  await assertAxe(page, 'kiosk: disclosures open and the chart drawn');
  await page.locator(`${K} details.wage`).screenshot({ path: join(RESULTS, 'whatif-kiosk-wage-es.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('time alone: a 17-year-old sees the day they become eligible, in each language', async () => {
  // Jaylen as if born in 2009: 17 on the persona's date, so what needs 18 comes with a date.
  const base = chosen.find((p) => p.file.startsWith('jaylen')) || chosen[0];
  const persona = structuredClone(base);
  persona.case.persons[0].date_of_birth = '2009-03-04';
  const page = await walk(persona);
  const keys = await openEveryQualify(page);
  let dated = 0;
  for (const lang of ['en', 'es', 'zh']) {
    if (lang !== 'en') await switchLanguage(page, lang);
    const seen = await checkDisclosures(page, keys, lang, persona.as_of, `${base.file} born 2009`);
    dated += seen.fromDate;
    for (const k of Object.keys(seen)) totals[k] += seen[k];
    if (lang === 'en') await assertAxe(page, 'a 17-year-old: every disclosure open');
  }
  assert.ok(dated >= 3, `a date shown in every language (${dated})`);
  const withDate = page.locator(`${W} details.qualify:has(.from-date)`).first();
  await withDate.screenshot({ path: join(RESULTS, 'whatif-from-date-zh.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('across the personas the disclosures showed verified paths, dates, closing steps, "no path" answers and break points', () => {
  // Not vacuous: the comparisons above met each kind of answer at least once.
  assert.ok(totals.paths > 0, JSON.stringify(totals));
  assert.ok(totals.noPath > 0, JSON.stringify(totals));
  assert.ok(totals.fromDate > 0, JSON.stringify(totals));
  assert.ok(totals.closers > 0, JSON.stringify(totals));
  assert.ok(totals.breaks > 0, JSON.stringify(totals));
});
