// Shared test helpers: the static server, Debian's Chromium through playwright-core, axe.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serve } from '../scripts/serve.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = join(ROOT, '..');
export const RESULTS = join(ROOT, 'test-results');
export const AS_OF = '2026-11-23';
const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the server and a fresh Chromium profile; returns {url, context, close}. */
export async function setup() {
  mkdirSync(RESULTS, { recursive: true });
  const { server, url } = await serve({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'onramp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  const close = async () => {
    await context.close();
    await new Promise((done) => server.close(done));
    rmSync(profile, { recursive: true, force: true });
  };
  return { url, context, close };
}

/**
 * Opens a page that records every request leaving localhost and every console error.
 * `page.outside` lists those requests; `page.errors` the page errors.
 */
export async function open(context, url) {
  const page = await context.newPage();
  page.outside = [];
  page.errors = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    const local = ['127.0.0.1', 'localhost'].includes(u.hostname) || ['data:', 'blob:', 'about:'].includes(u.protocol);
    if (!local) page.outside.push(req.url());
  });
  // Record the widget's events from the very start, before any element is defined.
  await page.addInitScript(() => {
    window.__onramp = [];
    for (const type of ['onramp:question', 'onramp:result', 'onramp:ready', 'onramp:reset']) {
      document.addEventListener(type, (e) => window.__onramp.push({ type, detail: e.detail }));
    }
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(url);
  return page;
}

/** Runs axe-core on the page (shadow roots included); returns the violations. */
export async function axe(page, options = {}) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: readFileSync(AXE_PATH, 'utf8') });
  return page.evaluate(async (opts) => {
    const result = await window.axe.run(document, { resultTypes: ['violations'], ...opts });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  }, options);
}

export function formatViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `   ${JSON.stringify(n.target)}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}

export async function shot(page, name, options = {}) {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true, ...options });
}
