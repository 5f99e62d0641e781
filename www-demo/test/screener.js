// Driving <onramp-screener> through its UI, as a person would: read the question it shows,
// answer it with the persona's value (or skip when the persona does not say), go on.
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, REPO } from './browser.js';

/** Which rule folder dist/nyc.bundle.json was built from (the example set until NYC checks). */
let rulesCache = null;
export function defaultRules() {
  if (rulesCache) return rulesCache;
  const bundle = JSON.parse(readFileSync(join(ROOT, 'dist', 'nyc.bundle.json'), 'utf8'));
  // The native side decides with exactly the files in the bundle (the folder may have moved on).
  const dir = mkdtempSync(join(tmpdir(), 'onramp-bundle-'));
  for (const f of bundle.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const source = bundle.name === 'nyc' ? join(REPO, 'rules', 'nyc') : join(REPO, 'tests', 'example');
  rulesCache = { name: bundle.name, dir, source, hash: bundle.hash };
  return rulesCache;
}

/** The personas for the default rule set: rules/nyc/personas/*.json, or ours for the example set. */
export function personas() {
  const rules = defaultRules();
  // The NYC rule set's own personas; ours for the example set (the fallback bundle).
  const dir = rules.name === 'nyc' ? join(rules.source, 'personas') : join(ROOT, 'test', 'personas');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const p = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const c = p.case || p;
      return {
        file: f,
        name: p.name || p.notes || f,
        as_of: p.as_of || c.as_of || '2026-11-23',
        case: { household: c.household || {}, persons: c.persons || [{}] },
        expect: p.expect || p.expected || [],
      };
    });
}

const ONRAMP = join(REPO, 'target', 'debug', 'onramp');

function caseFile(kase) {
  const file = join(mkdtempSync(join(tmpdir(), 'onramp-case-')), 'case.json');
  writeFileSync(file, JSON.stringify(kase));
  return file;
}

/**
 * The native kernel's decision for a whole case (the CLI), to compare with what the UI
 * shows: the full decision (every criterion by id, no texts) unless `detail` is `summary`.
 */
export function nativeDecision(rulesDir, kase, asOf, lang = 'en', detail = 'full') {
  const out = execFileSync(ONRAMP, ['eval', rulesDir, caseFile(kase), '--as-of', asOf, '--lang', lang, '--format', 'json', '--detail', detail], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The native catalog (names, criterion wording, citations by id) in a language. */
const catalogs = new Map();
export function nativeCatalog(rulesDir, lang = 'en') {
  const key = `${rulesDir}|${lang}`;
  if (!catalogs.has(key)) catalogs.set(key, JSON.parse(execFileSync(ONRAMP, ['catalog', rulesDir, '--lang', lang], { encoding: 'utf8' })));
  return catalogs.get(key);
}

/**
 * Opens every "why" (and the list of programs probably not eligible) and waits until each is
 * filled. Not the "How could I qualify?" disclosures nor the wage chart (whatif.test.js).
 */
export async function openEveryWhy(page, selector = 'onramp-screener') {
  await page.evaluate((sel) => {
    document.querySelector(sel).shadowRoot.querySelectorAll('details:not(.qualify):not(.wage)').forEach((d) => (d.open = true));
  }, selector);
  await page.waitForFunction((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('details[data-target]')].every((d) => d.dataset.filled), selector);
}

/** The widget's events are recorded from page load (see browser.js open); this waits for the page. */
export async function recordEvents(page) {
  await page.waitForFunction(() => Array.isArray(window.__onramp));
}

export const eventCount = (page) => page.evaluate(() => window.__onramp.length);

/** The question on screen: {path, fact, type, key} or null when the results are shown. */
export async function current(page, selector = 'onramp-screener') {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const form = root.querySelector('form.question');
    if (!form) return root.querySelector('.results') ? null : { loading: true };
    return { path: form.dataset.path, fact: form.dataset.fact, type: form.dataset.type, key: form.dataset.key, text: root.querySelector('.qtext').textContent };
  }, selector);
}

export async function waitForWidget(page, selector = 'onramp-screener') {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    const root = el && el.shadowRoot;
    return root && (root.querySelector('form.question') || root.querySelector('.results'));
  }, selector);
}

/** The value a persona gives for a question path, or undefined. */
export function valueFor(kase, path) {
  const m = /^persons\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) return (kase.persons[Number(m[1])] || {})[m[2]];
  const h = /^household\.(\w+)$/.exec(path);
  return h ? kase.household[h[1]] : undefined;
}

/** Fills the form on screen with a value (does not submit). */
export async function fill(page, q, value, selector = 'onramp-screener') {
  const form = page.locator(`${selector} form.question`);
  switch (q.type) {
    case 'bool':
      await form.locator(`input[type=radio][value="${value ? 'true' : 'false'}"]`).check();
      break;
    case 'enum':
      if (await form.locator('select[name=answer]').count()) await form.locator('select[name=answer]').selectOption(String(value));
      else await form.locator(`input[type=radio][value="${value}"]`).check();
      break;
    case 'list':
      for (const box of await form.locator('input[type=checkbox]').all()) {
        const v = await box.getAttribute('value');
        await box.setChecked(value.includes(v));
      }
      break;
    case 'records': {
      // Remove what is there, then add each record.
      while (await form.locator('[data-act=remove-record]').count()) await form.locator('[data-act=remove-record]').first().click();
      for (let i = 0; i < value.length; i++) {
        await form.locator('[data-act=add-record]').click();
        const row = form.locator('.record').nth(i);
        for (const [name, v] of Object.entries(value[i])) {
          const input = row.locator(`[data-field="${name}"]`);
          if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(String(v));
          else await input.fill(String(v));
        }
      }
      break;
    }
    default:
      await form.locator('[name=answer]').fill(String(value));
  }
}

/** Answers the question on screen (or skips it) and waits for the next screen. */
export async function answer(page, q, value, selector = 'onramp-screener') {
  const before = await eventCount(page);
  if (value === undefined) {
    await page.locator(`${selector} form.question [data-act=skip]`).click();
  } else {
    await fill(page, q, value, selector);
    await page.locator(`${selector} form.question [data-act=next]`).click();
  }
  await page.waitForFunction(
    ([n, sel]) => window.__onramp.length > n || document.querySelector(sel).shadowRoot.querySelector('.errors')?.textContent.trim(),
    [before, selector],
  );
  const error = await page.evaluate((sel) => document.querySelector(sel).shadowRoot.querySelector('form.question .errors')?.textContent.trim(), selector);
  if (error) throw new Error(`the widget refused ${q.path} = ${JSON.stringify(value)}: ${error}`);
}

/** Adds household members until the widget has as many persons as the case. */
export async function addMembers(page, count, selector = 'onramp-screener') {
  for (let i = 1; i < count; i++) await page.locator(`${selector} [data-act=add-member]`).click();
}

/** Answers every question the widget asks from the case; returns the paths asked, in order. */
export async function complete(page, kase, selector = 'onramp-screener', limit = 200) {
  const asked = [];
  for (let i = 0; i < limit; i++) {
    const q = await current(page, selector);
    if (!q) return asked;
    asked.push(q.path);
    await answer(page, q, valueFor(kase, q.path), selector);
  }
  throw new Error(`more than ${limit} questions: ${asked.join(', ')}`);
}

/** What the results view shows, read from the DOM. */
export async function shown(page, selector = 'onramp-screener') {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const persons = [...root.querySelectorAll('.person')].map((p) => ({
      // `why` is read once a "why" is open (see openEveryWhy): the explained top-level criteria.
      programs: Object.fromEntries([...p.querySelectorAll('[data-program]')].map((c) => [c.dataset.program, { status: c.dataset.status, prio: c.querySelector(':scope > .prio')?.textContent || '', text: c.textContent, reasons: [...c.querySelectorAll(':scope > ul.settle > li[data-reason]')].map((li) => li.dataset.reason), why: [...c.querySelectorAll(':scope > details > .explained > ul.criteria:first-child > li')].map((li) => ({ id: li.dataset.criterion, status: li.className, text: li.querySelector(':scope > .ctext').textContent })) }])),
      services: Object.fromEntries([...p.querySelectorAll('[data-service]')].map((c) => [c.dataset.service, { need: c.dataset.need, eligibility: c.dataset.eligibility, text: c.textContent, reasons: [...c.querySelectorAll(':scope > ul.settle > li[data-reason]')].map((li) => li.dataset.reason), why: [...c.querySelectorAll(':scope > details > .explained > ul.criteria:first-child > li')].map((li) => li.dataset.criterion) }])),
      steps: Object.fromEntries([...p.querySelectorAll('[data-ladder]')].flatMap((l) => [...l.querySelectorAll('[data-step]')].map((s) => [`${l.dataset.ladder}/${s.dataset.step}`, { status: s.dataset.status, classes: s.className, text: s.textContent }]))),
      // Each ladder's rungs, lowest first.
      rungs: Object.fromEntries([...p.querySelectorAll('[data-ladder]')].map((l) => [l.dataset.ladder, [...l.querySelectorAll('[data-step]')].map((s) => s.dataset.step).reverse()])),
      next: [...p.querySelectorAll('[data-ladder]')].flatMap((l) => [...l.querySelectorAll('[data-next]')].map((n) => ({ ladder: l.dataset.ladder, step: n.dataset.next, bridges: [...n.querySelectorAll('[data-bridge]')].map((b) => b.dataset.bridge) }))),
    }));
    return { persons, text: root.querySelector('.results').innerText };
  }, selector);
}

/** The native kernel's "How could I qualify?" for one target (`kind:id`) and person (the CLI). */
export function nativeQualify(rulesDir, kase, asOf, lang, target, person) {
  const args = ['qualify', rulesDir, caseFile(kase), '--as-of', asOf, '--lang', lang, '--for', target, '--format', 'json'];
  if (person !== null && person !== undefined) args.push('--person', String(person));
  return JSON.parse(execFileSync(ONRAMP, args, { encoding: 'utf8' }))[0];
}

/** The native kernel's wage sweep (the CLI), hourly from `from` to `to` at `hours` a week. */
export function nativeSweep(rulesDir, kase, asOf, lang, { person, from, to, hours }) {
  const args = ['sweep', rulesDir, caseFile(kase), '--as-of', asOf, '--lang', lang, '--person', String(person), '--wage', `${from}..${to}/hour`, '--hours', String(hours), '--format', 'json'];
  return JSON.parse(execFileSync(ONRAMP, args, { encoding: 'utf8' }));
}
