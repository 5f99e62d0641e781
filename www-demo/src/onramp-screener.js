// <onramp-screener>: the Onramp eligibility and career-pathway screener as one web component.
//
//   <script type="module" src="onramp-screener.js"></script>
//   <onramp-screener bundle="nyc.bundle.json" lang="es"></onramp-screener>
//
// Every decision comes from the kernel (the wasm module in pkg/ beside this file): which
// question to ask next (the decision's top-ranked `next_questions` entry), which programs and
// services apply, which pathway step is next. This file only asks, shows and announces.
// After every answer it asks the kernel for a decision's *summary* (statuses and top-level
// reasons by id); names and wording come from the rule set's *catalog*, fetched once per
// language; the full reasons of a program or service come from `explain` when a person
// opens its "Why".
// It keeps the answers in memory only: no cookies, no Web Storage, no IndexedDB, and no
// request other than its own assets and the rule bundle.
//
// Attributes: bundle (URL of a rule bundle; default nyc.bundle.json beside this file),
// lang (en, es, zh …; switchable at any time), as-of (decision date, default today),
// accent (a CSS colour), heading (the title text), kiosk (large touch targets),
// printable (shows a "print summary" button).
// Events (bubbling, composed): onramp:ready, onramp:question (detail: the question),
// onramp:result (detail: the decision's summary), onramp:reset.
// Theming: --onramp-accent, --onramp-accent-text, --onramp-text, --onramp-muted,
// --onramp-bg, --onramp-surface, --onramp-border, --onramp-focus, --onramp-radius,
// --onramp-font, --onramp-font-size, --onramp-target-size.

import { start, loadBundle, answer } from './onramp-kernel.js';
import { LANGUAGE_NAMES, t, textDirection } from './onramp-i18n.js';

const STYLE = `
:host {
  --_accent: var(--onramp-accent, #0b5394);
  --_accent-text: var(--onramp-accent-text, #ffffff);
  --_text: var(--onramp-text, #1b1b1b);
  --_muted: var(--onramp-muted, #4a4a4a);
  --_bg: var(--onramp-bg, #ffffff);
  --_surface: var(--onramp-surface, #f3f5f8);
  --_border: var(--onramp-border, #767676);
  --_focus: var(--onramp-focus, #1a1a8c);
  --_radius: var(--onramp-radius, 8px);
  --_target: var(--onramp-target-size, 44px);
  --_ok: #1d6b2f;
  --_warn: #7a4400;
  --_bad: #a51d1d;
  display: block;
  color: var(--_text);
  background: var(--_bg);
  font-family: var(--onramp-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif);
  font-size: var(--onramp-font-size, 1rem);
  line-height: 1.5;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  max-width: 52rem;
}
:host([kiosk]) { --_target: var(--onramp-target-size, 56px); font-size: var(--onramp-font-size, 1.25rem); max-width: none; border: 0; }
* { box-sizing: border-box; }
.wrap { padding: 1rem 1.25rem 1.25rem; }
.bar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--_border); padding-bottom: .75rem; margin-bottom: 1rem; }
.bar h2 { margin: 0; font-size: 1.35em; }
.lang { display: flex; align-items: center; gap: .5rem; }
select, input[type=text], input[type=number], input[type=date] {
  font: inherit; color: var(--_text); background: var(--_bg);
  min-height: var(--_target); padding: .35rem .6rem;
  border: 2px solid var(--_border); border-radius: calc(var(--_radius) / 2);
}
input[type=text], input[type=number] { width: 12em; max-width: 100%; }
button {
  font: inherit; min-height: var(--_target); min-width: var(--_target);
  padding: .4rem 1.1rem; border-radius: var(--_radius); cursor: pointer;
  border: 2px solid var(--_accent); background: var(--_bg); color: var(--_accent); font-weight: 600;
}
button.primary { background: var(--_accent); color: var(--_accent-text); }
button.quiet { border-color: transparent; text-decoration: underline; padding-inline: .5rem; }
button:hover { filter: brightness(0.92); }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
h3:focus, h3:focus-visible { outline: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.who { margin: 0 0 .25rem; color: var(--_muted); font-weight: 600; }
.progress { display: flex; align-items: center; gap: .75rem; margin-bottom: 1rem; color: var(--_muted); }
.progress .track { flex: 1; height: .6rem; background: var(--_surface); border: 1px solid var(--_border); border-radius: 1rem; overflow: hidden; }
.progress .fill { height: 100%; background: var(--_accent); }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; min-width: 0; }
legend { padding: 0; margin-bottom: .5rem; }
.qtext { font-size: 1.3em; margin: 0 0 .5rem; }
.help { color: var(--_muted); margin: 0 0 .75rem; }
.choices { display: grid; gap: .5rem; }
.choice { display: flex; align-items: center; gap: .75rem; min-height: var(--_target); padding: .25rem .75rem; border: 2px solid var(--_border); border-radius: var(--_radius); cursor: pointer; background: var(--_bg); }
.choice:has(input:checked) { border-color: var(--_accent); background: var(--_surface); }
.choice input { width: 1.35em; height: 1.35em; margin: 0; accent-color: var(--_accent); flex: none; }
.single { margin-bottom: 1rem; }
.records { display: grid; gap: .75rem; margin-bottom: .75rem; }
.record { border: 1px solid var(--_border); border-radius: var(--_radius); padding: .75rem; display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.record legend { font-weight: 600; float: inline-start; width: 100%; margin: 0; }
.field { display: flex; flex-direction: column; gap: .25rem; }
.errors { color: var(--_bad); font-weight: 600; margin: 0 0 1rem; }
.errors:empty { display: none; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
.actions .spacer { flex: 1; }
.members { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid var(--_border); }
.members h3 { font-size: 1em; margin: 0 0 .5rem; }
.members ul { list-style: none; padding: 0; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; gap: .5rem; }
.members li { display: flex; align-items: center; gap: .25rem; background: var(--_surface); border-radius: var(--_radius); padding-block: .1rem; padding-inline: .75rem .1rem; }
.members li.self { padding: .5rem .75rem; }
.results h3 { font-size: 1.3em; margin: 0 0 .25rem; }
.results h4 { font-size: 1.15em; margin: 1.5rem 0 .5rem; }
.results h5 { font-size: 1.05em; margin: 1.25rem 0 .5rem; }
.results h6 { font-size: 1em; margin: 0 0 .25rem; }
.intro { color: var(--_muted); margin-top: 0; }
.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.card { border: 1px solid var(--_border); border-inline-start: 6px solid var(--_border); border-radius: var(--_radius); padding: .75rem 1rem; background: var(--_bg); }
.card.eligible, .card.needed { border-inline-start-color: var(--_ok); }
.card.undetermined { border-inline-start-color: var(--_warn); }
.card.ineligible { border-inline-start-color: var(--_bad); }
.card p { margin: .25rem 0; }
.card > h5, .card > h6, .ladder > h5, .ladder > h6 { margin-top: 0; }
.tag { display: inline-block; font-size: .85em; font-weight: 700; padding: .05rem .5rem; border-radius: 1rem; border: 1px solid currentColor; margin-inline-end: .35rem; }
.tag.eligible, .tag.needed, .tag.met, .tag.completed { color: var(--_ok); }
.tag.undetermined, .tag.unknown, .tag.ready { color: var(--_warn); }
.tag.ineligible, .tag.not_met, .tag.blocked, .tag.not_needed { color: var(--_bad); }
.tag.ready { color: var(--_accent); }
.prio { font-weight: 600; }
.cite { color: var(--_muted); font-size: .9em; }
details { margin-top: .35rem; }
summary { cursor: pointer; min-height: var(--_target); display: flex; align-items: center; color: var(--_accent); font-weight: 600; }
ul.criteria { margin: .25rem 0; padding-inline-start: 1.25rem; }
ul.criteria li { margin: .2rem 0; }
.vals { display: block; color: var(--_muted); font-size: .9em; }
.mark { font-weight: 700; display: inline-block; width: 1.2em; }
.met > .mark { color: var(--_ok); }
.not_met > .mark { color: var(--_bad); }
.unknown > .mark { color: var(--_warn); }
ul.settle { margin: .25rem 0; padding-inline-start: 1.25rem; }
.ladder { border: 1px solid var(--_border); border-radius: var(--_radius); padding: .75rem 1rem 1rem; margin-bottom: 1rem; }
.ladder h6 { font-size: 1.05em; }
.rungs { list-style: none; margin: .75rem 0 0; padding: 0 1.75rem; position: relative; }
.rungs::before, .rungs::after { content: ""; position: absolute; top: 0; bottom: 0; width: 6px; background: #6b4f2a; border-radius: 3px; }
.rungs::before { left: .5rem; }
.rungs::after { right: .5rem; }
.rung { position: relative; margin: 0 0 .75rem; padding: .6rem .9rem; border: 2px solid var(--_border); border-radius: 6px; background: var(--_bg); }
.rung:last-child { margin-bottom: 0; }
.rung::before, .rung::after { content: ""; position: absolute; top: 50%; width: 1.25rem; height: 6px; background: #6b4f2a; }
.rung::before { left: -1.3rem; }
.rung::after { right: -1.3rem; }
.rung.completed { background: #e7f3ea; border-color: var(--_ok); }
.rung.next { border-color: var(--_accent); border-width: 3px; background: #e8f0fa; }
.rung.bridge { border-color: var(--_warn); border-width: 3px; border-style: dashed; background: #fdf3e4; }
.rung.blocked, .rung.undetermined { color: var(--_text); }
.rung .name { font-weight: 700; }
.rung .meta { font-size: .9em; color: var(--_muted); margin: .15rem 0 0; }
.badge { display: inline-block; font-size: .8em; font-weight: 700; padding: .05rem .5rem; border-radius: 1rem; color: #fff; margin-inline-end: .4rem; }
.badge.next { background: var(--_accent); }
.badge.bridge { background: var(--_warn); }
.badge.here { background: var(--_ok); }
.ground { text-align: center; color: var(--_muted); font-size: .9em; margin: .35rem 0 0; }
ol.next-steps { margin: .75rem 0 0; padding-inline-start: 1.25rem; }
ol.next-steps li { margin: .3rem 0; }
ol.route { margin: .2rem 0; padding-inline-start: 1.25rem; }
.answers table { border-collapse: collapse; width: 100%; }
.answers th, .answers td { text-align: start; padding-block: .25rem; padding-inline: 0 .5rem; border-bottom: 1px solid var(--_surface); vertical-align: middle; }
.answers th[scope=row] { font-weight: 400; color: var(--_muted); }
.answers td { font-weight: 600; }
.answers .who-row { font-weight: 700; padding-top: .75rem; color: var(--_text); }
.printopt { display: flex; gap: .5rem; align-items: center; min-height: var(--_target); }
.printopt input { width: 1.25em; height: 1.25em; }
.info { color: var(--_muted); font-size: .85em; margin-top: 1.25rem; }
details.qualify > summary::before, details.wage > summary::before { content: "▸"; display: inline-block; width: 1.1em; }
details.qualify[open] > summary::before, details.wage[open] > summary::before { content: "▾"; }
details.qualify > .paths { border-left: 3px solid var(--_accent); padding: .1rem 0 .25rem .75rem; margin: .25rem 0 .5rem; }
.qualify-intro { color: var(--_muted); font-size: .9em; }
ol.qualify-paths { margin: .25rem 0; padding-left: 1.5rem; }
ol.qualify-paths > li { margin: .35rem 0; }
ul.changes { margin: .1rem 0; padding-left: 1.1rem; }
ul.changes > li { margin: .2rem 0; }
ul.changes:has(> li:only-child) { list-style: none; padding-left: 0; }
.tag.effort { color: var(--_muted); font-weight: 600; }
.closer { display: block; font-size: .9em; color: var(--_text); }
.closer::before { content: "→ "; }
.all-of { margin: .1rem 0; font-style: italic; }
.no-path { font-weight: 600; }
details.wage { margin: 1.5rem 0 1rem; border: 1px solid var(--_border); border-radius: var(--_radius); padding: .25rem 1rem 1rem; }
details.wage > summary .wage-title { margin: 0; font-size: 1.15em; display: inline; }
.wage-fields { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.wage-fields input[type=text], .wage-fields input[type=number] { width: 8em; }
.wage-pay { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: center; margin: .5rem 0; }
.wage-pay label { flex-basis: 100%; }
.wage-pay input[type=text] { width: 7em; }
.wage-pay input[type=range] { flex: 1; min-width: 12rem; min-height: var(--_target); accent-color: var(--_accent); margin: 0; }
.chart { margin: .5rem 0; overflow: hidden; }
.chart svg { display: block; max-width: 100%; height: auto; font-family: inherit; }
.chart .band-name { font-size: 14px; font-weight: 700; fill: var(--_text); paint-order: stroke; stroke: var(--_bg); stroke-width: 4px; stroke-linejoin: round; }
.chart .break-label, .chart .marker-label { paint-order: stroke; stroke: var(--_bg); stroke-width: 4px; stroke-linejoin: round; }
.chart .band-status { font-size: 12px; font-weight: 600; }
.chart .break-label, .chart .tick { font-size: 12px; fill: var(--_text); }
.chart .break-label { font-weight: 700; }
.chart .marker-label { font-size: 13px; font-weight: 700; fill: #0b5394; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .25rem 0 .5rem; font-size: .9em; }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; width: 1.4em; height: .9em; border: 1px solid #4a4a4a; }
.swatch.eligible { background: #1d6b2f; }
.swatch.ineligible { background: #ffffff; }
.swatch.undetermined { background: #f5c26b; }
.swatch.marker { border: 0; border-left: 3px dashed #0b5394; width: .5em; height: 1.2em; }
.wage-at { font-weight: 600; }
.table-wrap { overflow-x: auto; }
table.wage-table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
table.wage-table caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
table.wage-table th, table.wage-table td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
table.wage-table td:nth-child(n) { font-variant-numeric: tabular-nums; }
table.wage-table tbody th { font-weight: 600; }
.loading { padding: 2rem 0; }
@media (prefers-reduced-motion: no-preference) { .fill { transition: width .3s; } }
@media print {
  :host { border: 0; max-width: none; }
  .bar .lang, .actions, .members, button, .printopt, .no-print { display: none !important; }
  .answers:not(.print) { display: none !important; }
  details:not([open]) { display: none !important; }
  summary { min-height: 0; color: var(--_text); }
  .card, .ladder, .rung { break-inside: avoid; }
}
`;

const DEFAULT_BUNDLE = new URL('nyc.bundle.json', import.meta.url).href;

function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `household.rent` → {scope: 'household', fact: 'rent'}; `persons[1].incomes` → {person: 1, …}. */
function parsePath(path) {
  const m = /^persons\[(\d+)\]\.([a-z0-9_]+)/.exec(path);
  if (m) return { scope: 'person', person: Number(m[1]), fact: m[2] };
  const h = /^household\.([a-z0-9_]+)/.exec(path);
  if (h) return { scope: 'household', fact: h[1] };
  const p = /^parameters\.([a-z0-9_]+)/.exec(path);
  if (p) return { scope: 'parameter', fact: p[1] };
  return null;
}

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

/** An amount typed as `15`, `$15.5` or `15.50`, as the kernel's text (`15.50`); null if not one. */
function moneyText(text) {
  const plain = String(text).trim().replace(/^\$/, '').replaceAll(',', '');
  return MONEY.test(plain) && plain.length <= 9 ? dollars(cents(plain)) : null;
}

/** `20.72` → 2072 (whole cents, exactly: no floating point on the amount itself). */
function cents(text) {
  const [whole, part = ''] = String(text).split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0').slice(0, 2));
}

/**
 * A label cut to about `px` pixels of the chart's 14px bold text, with an ellipsis (SVG text
 * does not wrap; the table beside the chart has every name in full).
 */
function fitText(text, px) {
  let width = 0;
  let out = '';
  for (const ch of text) {
    width += ch.codePointAt(0) > 0x2e80 ? 14 : 8;
    if (width > px - 10) return `${out.trimEnd()}…`;
    out += ch;
  }
  return out;
}

/** 2072 → `20.72`. */
function dollars(c) {
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}
let uid = 0;

export class OnrampScreener extends HTMLElement {
  static observedAttributes = ['lang', 'bundle', 'as-of', 'accent', 'heading'];

  /** The kernel module this widget decides with (for tests and hosts that want it). */
  static kernel() {
    return start();
  }

  constructor() {
    super();
    this._id = `onramp-${++uid}`;
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.innerHTML = `<style>${STYLE}</style>
      <div class="wrap" part="container">
        <div class="bar">
          <h2 class="title" part="title"></h2>
          <div class="lang">
            <label for="lang"></label>
            <select id="lang"></select>
          </div>
        </div>
        <div class="live visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
        <div class="body" part="body"></div>
      </div>`;
    this._root = this.shadowRoot.querySelector('.wrap');
    this._body = this.shadowRoot.querySelector('.body');
    this._live = this.shadowRoot.querySelector('.live');
    this._langSelect = this.shadowRoot.querySelector('#lang');
    this._langSelect.addEventListener('change', () => {
      this.setAttribute('lang', this._langSelect.value);
    });
    this._catalogs = new Map();
    this._clear();
  }

  _clear() {
    this._household = {};
    this._persons = [{ key: 0, facts: {} }];
    this._nextKey = 1;
    this._skipped = new Set();
    this._history = [];
    this._view = 'question';
    this._current = null;
    this._draft = null;
    this._errors = [];
    this._printAnswers = false;
    this._decision = null;
    this._full = null;
    this._explanations = new Map();
    this._qualified = new Map();
    this._sweeps = new Map();
    this._shownSweep = null;
    // "What if I earn more?": whose pay, the range, the hours and the pay marked on the chart.
    // From $10 an hour, below the minimum wage, so a single adult's SNAP and Medicaid limits
    // (near $11–12 an hour at 35 hours) are on the chart too.
    this._wage = { person: 0, from: '10.00', to: '40.00', hours: 35, pay: '20.00' };
    this._asked = 0;
  }

  // ----- public API -----------------------------------------------------------------

  /** Wipes every answer and starts again (the kiosk's idle timeout and "start over"). */
  reset() {
    this._clear();
    this._live.textContent = '';
    if (this._rules) this._refresh({ announce: true, focus: true });
    this.dispatchEvent(new CustomEvent('onramp:reset', { bubbles: true, composed: true }));
  }

  /** The latest decision's summary (read-only copy): statuses and reasons by id. */
  get decision() {
    return this._decision ? structuredClone(this._decision) : null;
  }

  /** The rule set's catalog in the current language (read-only copy): names and texts by id. */
  get catalog() {
    return this._catalog ? structuredClone(this._catalog.raw) : null;
  }

  /**
   * The full reasons for one program, service, step or ladder id, for the current answers
   * (the kernel's explanation); null before the rules load or for an id they do not have.
   */
  explain(target) {
    if (!this._rules || !this._decision) return null;
    try {
      return structuredClone(this._explain(String(target)));
    } catch {
      return null;
    }
  }

  /** The case as it stands: what the person answered. */
  get case() {
    return structuredClone(this._case());
  }

  get view() {
    return this._view;
  }

  // ----- lifecycle ------------------------------------------------------------------

  connectedCallback() {
    this._applyAccent();
    this._load();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'accent') this._applyAccent();
    if (!this.isConnected) return;
    if (name === 'bundle') {
      this._rulesUrl = null;
      this._load();
    } else if (name === 'lang' || name === 'as-of' || name === 'heading') {
      if (this._rules) this._switchLanguage();
    }
  }

  _applyAccent() {
    const accent = this.getAttribute('accent');
    if (accent) this.style.setProperty('--onramp-accent', accent);
  }

  get _lang() {
    const want = this.getAttribute('lang') || 'en';
    const offered = this._schema ? this._schema.languages : [want];
    return offered.includes(want) ? want : (this._schema && this._schema.lang) || 'en';
  }

  _t(key, vars) {
    return t(this._lang, key, vars);
  }

  async _load() {
    const url = new URL(this.getAttribute('bundle') || DEFAULT_BUNDLE, document.baseURI).href;
    if (this._rulesUrl === url) return;
    this._rulesUrl = url;
    this._renderChrome();
    this._body.innerHTML = `<p class="loading">${esc(this._t('loading'))}</p>`;
    try {
      const { rules } = await loadBundle(url);
      if (this._rulesUrl !== url) return;
      this._rules = rules;
      this._catalogs = new Map();
      this._loadSchema();
      this._refresh({ announce: true, focus: false });
      this.dispatchEvent(new CustomEvent('onramp:ready', { bubbles: true, composed: true, detail: { rules: this._schema.rules } }));
    } catch (error) {
      console.error(error);
      this._body.innerHTML = `<p class="errors" role="alert">${esc(this._t('load_error'))}</p>`;
    }
  }

  _loadSchema() {
    const want = this.getAttribute('lang') || 'en';
    const result = answer(this._rules.schema(want));
    if (result.type !== 'success') throw new Error('schema failed');
    this._schema = result.schema;
    this._facts = new Map(this._schema.facts.map((f) => [f.id, f]));
    this._loadCatalog();
  }

  /** The catalog (names, criterion wording, citations by id), once per language. */
  _loadCatalog() {
    const lang = this._lang;
    if (!this._catalogs.has(lang)) {
      const result = answer(this._rules.catalog(lang));
      if (result.type !== 'success') throw new Error('catalog failed');
      const c = result.catalog;
      this._catalogs.set(lang, {
        raw: c,
        programs: new Map(c.programs.map((x) => [x.id, x])),
        services: new Map(c.services.map((x) => [x.id, x])),
        ladders: new Map(c.ladders.map((x) => [x.id, x])),
        steps: c.steps,
        criteria: c.criteria,
      });
    }
    this._catalog = this._catalogs.get(lang);
  }

  _switchLanguage() {
    if (this._view === 'question') this._draft = this._readForm(false).value;
    this._loadSchema();
    this._refresh({ announce: false, focus: false, keepFocus: true });
  }

  _renderChrome() {
    const lang = this._lang;
    this._root.setAttribute('lang', lang);
    this._root.setAttribute('dir', textDirection(lang));
    this.shadowRoot.querySelector('.title').textContent = this.getAttribute('heading') || this._t('title');
    this.shadowRoot.querySelector('label[for=lang]').textContent = this._t('language');
    const languages = this._schema ? this._schema.languages : [lang];
    this._langSelect.innerHTML = languages
      .map((l) => `<option value="${esc(l)}" lang="${esc(l)}"${l === lang ? ' selected' : ''}>${esc(LANGUAGE_NAMES[l] || l)}</option>`)
      .join('');
  }

  // ----- the case and the kernel -----------------------------------------------------

  _case() {
    return {
      household: { ...this._household },
      persons: this._persons.map((p) => ({ ...p.facts })),
    };
  }

  _baseOptions() {
    return { as_of: this.getAttribute('as-of') || today(), lang: this._lang };
  }

  _options(detail) {
    const options = this._baseOptions();
    if (detail) options.detail = detail;
    return JSON.stringify(options);
  }

  /** The summary of the case as it stands: after every answer (and language switch). */
  _evaluate() {
    const result = answer(this._rules.evaluate(JSON.stringify(this._case()), this._options('summary')));
    if (result.type !== 'success') {
      throw new Error(`evaluate failed: ${JSON.stringify(result.errors)}`);
    }
    this._decision = result.decision;
    // What was worked out for the previous answers (or language) no longer holds.
    this._full = null;
    this._explanations = new Map();
    this._qualified = new Map();
    this._sweeps = new Map();
    return this._decision;
  }

  /** The full decision for the same case: only when its whole question list is needed. */
  _fullDecision() {
    if (!this._full) {
      const result = answer(this._rules.evaluate(JSON.stringify(this._case()), this._options('full')));
      if (result.type !== 'success') throw new Error(`evaluate failed: ${JSON.stringify(result.errors)}`);
      this._full = result.decision;
    }
    return this._full;
  }

  /** The full reasons for one program, service, step or ladder, asked for when "why" opens. */
  _explain(target) {
    if (!this._explanations.has(target)) {
      const result = answer(this._rules.explain(JSON.stringify(this._case()), this._options(), target));
      if (result.type !== 'success') throw new Error(`explain failed: ${JSON.stringify(result.errors)}`);
      this._explanations.set(target, result.explanation);
    }
    return this._explanations.get(target);
  }

  /**
   * "How could I qualify?" for one program, service or step (`kind:id`), for one person
   * (`null`: a household item): the kernel's verified paths, asked for when it is opened.
   */
  _qualify(target, person) {
    const key = `${target}|${person ?? 'h'}`;
    if (!this._qualified.has(key)) {
      const options = { ...this._baseOptions(), for: target };
      if (person !== null && person !== undefined) options.person = person;
      const result = answer(this._rules.qualify(JSON.stringify(this._case()), JSON.stringify(options)));
      if (result.type !== 'success') throw new Error(`qualify failed: ${JSON.stringify(result.errors)}`);
      this._qualified.set(key, result.qualify[0]);
    }
    return this._qualified.get(key);
  }

  /** The wage sweep for the settings of "What if I earn more?" (kept per settings). */
  _sweep({ person, from, to, hours }) {
    const key = JSON.stringify([person, from, to, hours]);
    if (!this._sweeps.has(key)) {
      const options = { ...this._baseOptions(), person, wage: { per: 'hour', from, to, hours }, points: 200 };
      const result = answer(this._rules.sweep(JSON.stringify(this._case()), JSON.stringify(options)));
      if (result.type !== 'success') throw new Error(`sweep failed: ${JSON.stringify(result.errors)}`);
      this._sweeps.set(key, result.sweep);
    }
    return this._sweeps.get(key);
  }

  /** A stable key for a path, surviving removal of other household members. */
  _keyOf(path) {
    const p = parsePath(path);
    if (!p) return null;
    if (p.scope === 'household') return `h:${p.fact}`;
    if (p.scope === 'person') {
      const person = this._persons[p.person];
      return person ? `p${person.key}:${p.fact}` : null;
    }
    return null;
  }

  _target(key) {
    const [who, fact] = key.split(':');
    if (who === 'h') return { scope: 'household', fact, facts: this._household, index: null };
    const k = Number(who.slice(1));
    const index = this._persons.findIndex((p) => p.key === k);
    if (index < 0) return null;
    return { scope: 'person', fact, facts: this._persons[index].facts, index };
  }

  /**
   * The questions still to ask, the most useful first, without the skipped ones: `list`,
   * and `more`, how many the kernel has beyond it. The summary lists the first ten; when the
   * person skipped all of those but more could matter, the full decision lists them all.
   */
  _questions() {
    if (!this._decision) return { list: [], more: 0 };
    const open = (questions) =>
      questions.filter((q) => {
        const key = this._keyOf(q.path);
        return key && !this._skipped.has(key);
      });
    const listed = open(this._decision.next_questions);
    if (listed.length || !this._decision.more_questions) return { list: listed, more: this._decision.more_questions };
    return { list: open(this._fullDecision().next_questions), more: 0 };
  }

  _pending() {
    return this._questions().list;
  }

  _refresh({ announce, focus, keepFocus }) {
    this._renderChrome();
    this._evaluate();
    if (this._view === 'question' && !this._current) {
      const next = this._pending()[0];
      if (next) this._current = this._keyOf(next.path);
      else this._view = 'results';
    }
    if (this._view === 'question') this._renderQuestion({ announce, focus });
    else this._renderResults({ announce, focus });
    if (keepFocus) this._langSelect.focus();
  }

  // ----- labels ----------------------------------------------------------------------

  _who(index) {
    if (index === null || index === undefined) return this._t('household');
    return index === 0 ? this._t('you') : this._t('member_n', { n: index + 1 });
  }

  _valueLabel(fact, value) {
    const v = (fact.values || []).find((x) => x.value === value);
    return v ? v.label : String(value).replaceAll('_', ' ');
  }

  _describe(fact, value) {
    if (value === undefined) return this._t('unanswered');
    switch (fact.type) {
      case 'bool':
        return value ? this._t('yes') : this._t('no');
      case 'enum':
        return this._valueLabel(fact, value);
      case 'list':
        return value.length ? value.map((v) => this._valueLabel(fact, v)).join(', ') : this._t('none_of_these');
      case 'money':
        return `${this._t('dollars')}${value}`;
      case 'records':
        if (!value.length) return this._t('none_of_these');
        return value
          .map((r) =>
            (fact.fields || [])
              .filter((f) => r[f.name] !== undefined)
              .map((f) => (f.type === 'enum' ? this._valueLabel(f, r[f.name]) : f.type === 'money' ? `${this._t('dollars')}${r[f.name]}` : `${f.label} ${r[f.name]}`))
              .join(' · '),
          )
          .join('; ');
      default:
        return String(value);
    }
  }

  /** A missing path (`persons[0].date_of_birth`, `parameters.x`) in words. */
  _missingText(path) {
    const p = parsePath(path);
    if (!p) return path;
    if (p.scope === 'parameter') return this._t('waiting_figure', { id: p.fact });
    const fact = this._facts.get(p.fact);
    const text = fact ? fact.question : p.fact.replaceAll('_', ' ');
    if (p.scope === 'person' && p.person > 0) return `${this._who(p.person)}: ${text}`;
    return text;
  }

  _announce(text) {
    // Clear first so the same text is announced again.
    this._live.textContent = '';
    setTimeout(() => {
      this._live.textContent = text;
    }, 50);
  }

  // ----- the question view -----------------------------------------------------------

  _renderQuestion({ announce, focus }) {
    const target = this._target(this._current);
    const fact = target && this._facts.get(target.fact);
    if (!fact) {
      this._current = null;
      this._view = 'results';
      this._renderResults({ announce, focus });
      return;
    }
    const id = this._id;
    const { list: pending, more } = this._questions();
    const answered = this._history.length;
    const left = pending.filter((q) => this._keyOf(q.path) !== this._current).length + more;
    const total = answered + left + 1;
    const number = Math.min(answered + 1, total);
    const current = this._draft !== null ? this._draft : target.facts[target.fact];
    this._draft = null;
    const who =
      target.scope === 'household'
        ? this._t('about_household')
        : target.index === 0
          ? this._t('about_you')
          : this._t('about_member', { n: target.index + 1 });
    const helpId = fact.help ? `${id}-help` : '';
    const pct = Math.round((answered / total) * 100);

    this._body.innerHTML = `
      <form class="question" novalidate data-fact="${esc(fact.id)}" data-type="${esc(fact.type)}" data-path="${esc(this._pathOf(this._current))}" data-key="${esc(this._current)}">
        <p class="who">${esc(who)}</p>
        <div class="progress">
          <span>${esc(this._t('question_n', { n: number }))}</span>
          <div class="track" role="progressbar" aria-label="${esc(this._t('progress_label'))}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}" aria-valuetext="${esc(this._t('progress', { answered, left: left + 1 }))}"><div class="fill" style="width:${pct}%"></div></div>
          <span>${esc(this._t('progress', { answered, left: left + 1 }))}</span>
        </div>
        ${this._inputHtml(fact, current, helpId)}
        <p class="errors" id="${id}-errors" role="alert">${this._errors.map((e) => esc(e)).join('<br>')}</p>
        <div class="actions">
          ${this._history.length ? `<button type="button" data-act="back">${esc(this._t('back'))}</button>` : ''}
          <button type="button" data-act="skip">${esc(this._t('skip'))}</button>
          <span class="spacer"></span>
          <button type="submit" class="primary" data-act="next">${esc(this._t('next'))}</button>
        </div>
        <div class="actions">
          <button type="button" class="quiet" data-act="results">${esc(this._t('results_now'))}</button>
        </div>
      </form>
      ${this._membersHtml()}`;
    this._errors = [];
    this._wireQuestion(fact);
    if (announce) {
      const q = { path: this._pathOf(this._current), fact: fact.id, person: target.index ?? undefined, type: fact.type, text: fact.question, number, total };
      this._announce(this._t('announce_question', { n: number, total, text: fact.question }));
      this.dispatchEvent(new CustomEvent('onramp:question', { bubbles: true, composed: true, detail: q }));
    }
    if (focus) this.shadowRoot.querySelector('.qtext').focus();
  }

  _pathOf(key) {
    const target = this._target(key);
    if (!target) return null;
    return target.scope === 'household' ? `household.${target.fact}` : `persons[${target.index}].${target.fact}`;
  }

  _inputHtml(fact, current, helpId) {
    const id = this._id;
    const help = fact.help ? `<p class="help" id="${helpId}">${esc(fact.help)}</p>` : '';
    const describedBy = [helpId, `${id}-errors`].filter(Boolean).join(' ');
    const heading = `<h3 class="qtext" id="${id}-q" tabindex="-1">${esc(fact.question)}</h3>`;
    const radio = (value, label, checked) =>
      `<label class="choice"><input type="radio" name="answer" value="${esc(value)}"${checked ? ' checked' : ''}><span>${esc(label)}</span></label>`;
    switch (fact.type) {
      case 'bool':
        return `<fieldset aria-describedby="${describedBy}"><legend>${heading}</legend>${help}
          <div class="choices">${radio('true', this._t('yes'), current === true)}${radio('false', this._t('no'), current === false)}</div></fieldset>`;
      case 'enum':
        if (fact.values.length > 8) {
          return `${heading}${help}<div class="single"><select name="answer" aria-labelledby="${id}-q" aria-describedby="${describedBy}">
            <option value="">${esc(this._t('choose'))}</option>
            ${fact.values.map((v) => `<option value="${esc(v.value)}"${current === v.value ? ' selected' : ''}>${esc(v.label)}</option>`).join('')}
            </select></div>`;
        }
        return `<fieldset aria-describedby="${describedBy}"><legend>${heading}</legend>${help}
          <div class="choices">${fact.values.map((v) => radio(v.value, v.label, current === v.value)).join('')}</div></fieldset>`;
      case 'list': {
        const chosen = Array.isArray(current) ? current : [];
        return `<fieldset aria-describedby="${id}-hint ${describedBy}"><legend>${heading}</legend>${help}
          <p class="help" id="${id}-hint">${esc(this._t('list_hint'))}</p>
          <div class="choices">${fact.values
            .map((v) => `<label class="choice"><input type="checkbox" name="answer" value="${esc(v.value)}"${chosen.includes(v.value) ? ' checked' : ''}><span>${esc(v.label)}</span></label>`)
            .join('')}</div></fieldset>`;
      }
      case 'date':
        return `${heading}${help}<div class="single"><input type="date" name="answer" id="${id}-in" aria-labelledby="${id}-q" aria-describedby="${describedBy}" value="${esc(current ?? '')}" min="1900-01-01" max="2100-12-31"></div>`;
      case 'integer':
        return `${heading}${help}<div class="single"><input type="number" name="answer" id="${id}-in" inputmode="numeric" step="1"${fact.min !== undefined ? ` min="${fact.min}"` : ''}${fact.max !== undefined ? ` max="${fact.max}"` : ''} aria-labelledby="${id}-q" aria-describedby="${describedBy}" value="${esc(current ?? '')}"></div>`;
      case 'money':
        return `${heading}${help}<div class="single"><span aria-hidden="true">${esc(this._t('dollars'))}</span> <input type="text" name="answer" id="${id}-in" inputmode="decimal" autocomplete="off" aria-labelledby="${id}-q" aria-describedby="${describedBy}" value="${esc(current ?? '')}"></div>`;
      case 'records': {
        const rows = Array.isArray(current) ? current : [];
        return `<fieldset aria-describedby="${id}-hint ${describedBy}"><legend>${heading}</legend>${help}
          <p class="help" id="${id}-hint">${esc(this._t('records_hint'))}</p>
          <div class="records">${rows.length ? rows.map((r, i) => this._recordHtml(fact, r, i)).join('') : `<p class="help">${esc(this._t('records_empty'))}</p>`}</div>
          <button type="button" data-act="add-record">${esc(this._t('record_add'))}</button></fieldset>`;
      }
      default:
        return `${heading}${help}<div class="single"><input type="text" name="answer" aria-labelledby="${id}-q" value="${esc(current ?? '')}"></div>`;
    }
  }

  _recordHtml(fact, record, i) {
    const id = `${this._id}-r${i}`;
    const fields = (fact.fields || [])
      .map((f) => {
        const fid = `${id}-${f.name}`;
        const value = record[f.name];
        if (f.type === 'enum') {
          return `<div class="field"><label for="${fid}">${esc(f.label)}</label><select id="${fid}" data-field="${esc(f.name)}">
            <option value="">${esc(this._t('choose'))}</option>
            ${f.values.map((v) => `<option value="${esc(v.value)}"${value === v.value ? ' selected' : ''}>${esc(v.label)}</option>`).join('')}</select></div>`;
        }
        if (f.type === 'integer') {
          return `<div class="field"><label for="${fid}">${esc(f.label)} <span class="opt">${esc(this._t('optional'))}</span></label><input type="number" id="${fid}" data-field="${esc(f.name)}" inputmode="numeric" step="1" min="0" value="${esc(value ?? '')}"></div>`;
        }
        if (f.type === 'money') {
          return `<div class="field"><label for="${fid}">${esc(f.label)} (${esc(this._t('dollars'))})</label><input type="text" id="${fid}" data-field="${esc(f.name)}" inputmode="decimal" autocomplete="off" value="${esc(value ?? '')}"></div>`;
        }
        if (f.type === 'date') {
          return `<div class="field"><label for="${fid}">${esc(f.label)} <span class="opt">${esc(this._t('optional'))}</span></label><input type="date" id="${fid}" data-field="${esc(f.name)}" min="1900-01-01" max="2100-12-31" value="${esc(value ?? '')}"></div>`;
        }
        return `<div class="field"><label for="${fid}">${esc(f.label)}</label><input type="text" id="${fid}" data-field="${esc(f.name)}" value="${esc(value ?? '')}"></div>`;
      })
      .join('');
    return `<fieldset class="record" data-index="${i}"><legend>${esc(this._t('record_n', { n: i + 1 }))}</legend>${fields}
      <button type="button" data-act="remove-record" data-index="${i}">${esc(this._t('record_remove', { n: i + 1 }))}</button></fieldset>`;
  }

  _membersHtml() {
    const items = this._persons
      .map((p, i) =>
        i === 0
          ? `<li class="self">${esc(this._t('you'))}</li>`
          : `<li>${esc(this._t('member_n', { n: i + 1 }))} <button type="button" class="quiet" data-act="remove-member" data-key="${p.key}" aria-label="${esc(this._t('remove_member', { n: i + 1 }))}">✕</button></li>`,
      )
      .join('');
    return `<section class="members" aria-labelledby="${this._id}-members"><h3 id="${this._id}-members">${esc(this._t('members'))}</h3>
      <ul>${items}</ul><button type="button" data-act="add-member">${esc(this._t('add_member'))}</button></section>`;
  }

  _wireQuestion(fact) {
    const form = this._body.querySelector('form.question');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this._submit(fact);
    });
    this._body.querySelectorAll('[data-act]').forEach((b) => {
      b.addEventListener('click', (e) => {
        const act = b.dataset.act;
        if (act === 'next') return; // the form's submit
        e.preventDefault();
        if (act === 'back') this._back();
        else if (act === 'skip') this._skip();
        else if (act === 'results') this._showResults();
        else if (act === 'add-member') this._addMember();
        else if (act === 'remove-member') this._removeMember(Number(b.dataset.key));
        else if (act === 'add-record' || act === 'remove-record') {
          const rows = this._readForm(false).value || [];
          if (act === 'add-record') rows.push({});
          else rows.splice(Number(b.dataset.index), 1);
          this._draft = rows;
          this._renderQuestion({ announce: false, focus: false });
          const records = this.shadowRoot.querySelectorAll('.record');
          const focusTarget = act === 'add-record' && records.length ? records[records.length - 1].querySelector('select, input') : this.shadowRoot.querySelector('[data-act=add-record]');
          if (focusTarget) focusTarget.focus();
        }
      });
    });
  }

  /** Reads the answer in the form: {value, errors}; `undefined` value when none given. */
  _readForm(validate = true) {
    const form = this._body.querySelector('form.question');
    if (!form) return { value: null, errors: [] };
    const fact = this._facts.get(form.dataset.fact);
    const errors = [];
    let value;
    const one = form.querySelector('[name=answer]:checked');
    const field = form.querySelector('input[name=answer]:not([type=radio]):not([type=checkbox]), select[name=answer]');
    switch (fact.type) {
      case 'bool':
        value = one ? one.value === 'true' : undefined;
        if (value === undefined) errors.push(this._t('err_choose'));
        break;
      case 'enum':
        value = one ? one.value : field && field.value ? field.value : undefined;
        if (value === undefined) errors.push(this._t('err_choose'));
        break;
      case 'list':
        value = [...form.querySelectorAll('[name=answer]:checked')].map((i) => i.value);
        break;
      case 'date':
        value = field.value || undefined;
        if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          errors.push(this._t('err_date'));
          if (!validate) value = field.value || undefined;
          else value = undefined;
        }
        break;
      case 'integer': {
        const text = field.value.trim();
        const n = Number(text);
        const range = fact.min !== undefined && fact.max !== undefined ? this._t('err_range', { min: fact.min, max: fact.max }) : '';
        if (!text || !Number.isInteger(n) || (fact.min !== undefined && n < fact.min) || (fact.max !== undefined && n > fact.max)) {
          errors.push(this._t('err_integer', { range }));
          value = validate ? undefined : text || undefined;
        } else value = n;
        break;
      }
      case 'money': {
        const text = field.value.trim().replace(/^\$/, '').replaceAll(',', '');
        if (!MONEY.test(text)) {
          errors.push(this._t('err_money'));
          value = validate ? undefined : field.value || undefined;
        } else value = text;
        break;
      }
      case 'records': {
        value = [...form.querySelectorAll('.record')].map((row) => {
          const record = {};
          row.querySelectorAll('[data-field]').forEach((input) => {
            const f = (fact.fields || []).find((x) => x.name === input.dataset.field);
            const raw = input.value.trim();
            if (!raw) {
              // Whole numbers and dates may be left out; a kind and an amount may not.
              if (f && (f.type === 'enum' || f.type === 'money')) errors.push(this._t('err_field', { field: f.label, message: f.type === 'money' ? this._t('err_money') : this._t('err_choose') }));
              return;
            }
            if (f && f.type === 'money') {
              const text = raw.replace(/^\$/, '').replaceAll(',', '');
              if (!MONEY.test(text)) errors.push(this._t('err_field', { field: f.label, message: this._t('err_money') }));
              record[f.name] = validate && MONEY.test(text) ? text : raw;
            } else if (f && f.type === 'integer') {
              const n = Number(raw);
              if (!Number.isInteger(n) || n < 0) errors.push(this._t('err_field', { field: f.label, message: this._t('err_integer', { range: '' }) }));
              record[f.name] = Number.isInteger(n) ? n : raw;
            } else record[f ? f.name : input.dataset.field] = raw;
          });
          return record;
        });
        break;
      }
      default:
        value = field ? field.value : undefined;
    }
    return { value, errors };
  }

  _submit(fact) {
    const { value, errors } = this._readForm(true);
    if (errors.length) {
      this._showErrors(errors);
      return;
    }
    const key = this._current;
    const target = this._target(key);
    const before = target.facts[target.fact];
    target.facts[target.fact] = value;
    // The kernel reads the answer: if it cannot use it, say so and stay on the question.
    this._evaluate();
    const path = this._pathOf(key);
    const problems = this._decision.input_errors.filter((e) => e.path === path || e.path.startsWith(`${path}[`) || e.path.startsWith(`${path}.`));
    if (problems.length) {
      if (before === undefined) delete target.facts[target.fact];
      else target.facts[target.fact] = before;
      this._evaluate();
      this._showErrors(problems.map((p) => this._t('err_kernel', { message: `${p.path.slice(path.length)} ${p.expected}`.trim() })));
      return;
    }
    this._skipped.delete(key);
    this._history = this._history.filter((k) => k !== key);
    this._history.push(key);
    this._advance();
    void fact;
  }

  _showErrors(errors) {
    const box = this.shadowRoot.querySelector('.errors');
    box.innerHTML = errors.map((e) => esc(e)).join('<br>');
    const first = this.shadowRoot.querySelector('form.question input, form.question select');
    if (first) first.focus();
  }

  _skip() {
    const key = this._current;
    const target = this._target(key);
    if (target) delete target.facts[target.fact];
    this._skipped.add(key);
    this._history = this._history.filter((k) => k !== key);
    this._history.push(key);
    this._advance();
  }

  _back() {
    const key = this._history.pop();
    if (!key) return;
    this._skipped.delete(key);
    this._view = 'question';
    this._current = key;
    this._refresh({ announce: true, focus: true });
  }

  _advance() {
    this._current = null;
    this._view = 'question';
    this._refresh({ announce: true, focus: true });
  }

  _showResults() {
    this._current = null;
    this._view = 'results';
    this._refresh({ announce: true, focus: true });
  }

  _addMember() {
    this._draft = this._readForm(false).value;
    this._persons.push({ key: this._nextKey++, facts: {} });
    this._refresh({ announce: false, focus: false });
    const add = this.shadowRoot.querySelector('[data-act=add-member]');
    if (add) add.focus();
    this._announce(this._t('member_n', { n: this._persons.length }));
  }

  _removeMember(key) {
    const index = this._persons.findIndex((p) => p.key === key);
    if (index <= 0) return;
    this._draft = this._readForm(false).value;
    this._persons.splice(index, 1);
    const prefix = `p${key}:`;
    this._history = this._history.filter((k) => !k.startsWith(prefix));
    this._skipped = new Set([...this._skipped].filter((k) => !k.startsWith(prefix)));
    if (this._current && this._current.startsWith(prefix)) {
      this._current = null;
      this._draft = null;
    }
    this._refresh({ announce: false, focus: false });
    const add = this.shadowRoot.querySelector('[data-act=add-member]');
    if (add) add.focus();
  }

  _change(key) {
    this._view = 'question';
    this._current = key;
    this._refresh({ announce: true, focus: true });
  }

  // ----- the results view --------------------------------------------------------------
  //
  // Drawn from the summary (statuses, and the top-level criteria that failed or are still
  // unknown, by id) with the catalog's names and texts. A "Why" opens the full reasons of
  // that one program or service: the kernel's `explain`, asked for only then.

  /** What the catalog says about a program, service, ladder or step (or just its id). */
  _info(kind, id) {
    const c = this._catalog;
    const found = kind === 'step' ? c.steps[id] : c[`${kind}s`].get(id);
    return found || { id, name: id.replaceAll('_', ' ') };
  }

  /** A criterion's wording: the summary's, else the catalog's. */
  _criterionText(id) {
    const c = this._catalog.criteria[id];
    return (this._decision && this._decision.criteria[id]) || (c && c.text) || id.replaceAll('_', ' ');
  }

  _renderResults({ announce, focus }) {
    const d = this._decision;
    const multi = d.persons.length > 1;
    const base = multi ? 5 : 4;
    let eligibleCount = 0;
    // Keep open what was open (a language switch redraws): each "why" is asked for again.
    const opened = new Set([...this._body.querySelectorAll('details[data-key][open]')].map((x) => x.dataset.key));
    const people = d.persons
      .map((person, i) => {
        const eligible = person.programs.filter((p) => p.status === 'eligible');
        const undetermined = person.programs.filter((p) => p.status === 'undetermined');
        const ineligible = person.programs.filter((p) => p.status === 'ineligible');
        eligibleCount += eligible.length;
        // Household services are shown with the first person; `null` explains for the household.
        const services = (i === 0 ? d.household.services.map((s) => [s, null]) : []).concat(person.services.map((s) => [s, i]));
        const heading = multi ? `<h4>${esc(i === 0 ? this._t('for_person') : this._t('for_member', { n: i + 1 }))}</h4>` : '';
        return `<section class="person" data-person="${i}">${heading}
          ${this._programsHtml('eligible', this._t('eligible'), eligible, base, this._t('eligible_none'), false, i)}
          ${undetermined.length ? this._programsHtml('undetermined', this._t('undetermined'), undetermined, base, '', false, i) : ''}
          ${this._servicesHtml(services, base)}
          ${this._pathwaysHtml(person.pathways, base, i)}
          ${ineligible.length ? `<details class="ineligible-list no-print" data-key="ineligible:${i}"><summary>${esc(this._t('ineligible'))} (${ineligible.length})</summary>${this._programsHtml('ineligible', this._t('ineligible'), ineligible, base, '', true, i)}</details>` : ''}
        </section>`;
      })
      .join('');
    const pending = d.next_questions.length + d.more_questions;
    const printable = this.hasAttribute('printable');
    this._body.innerHTML = `
      <section class="results" aria-labelledby="${this._id}-rh">
        <h3 id="${this._id}-rh" tabindex="-1">${esc(this._t('results'))}</h3>
        <p class="intro">${esc(this._t('results_intro'))}</p>
        ${people}
        ${this._wageHtml(base)}
        ${this._answersHtml()}
        <div class="actions">
          ${pending ? `<button type="button" class="primary" data-act="more">${esc(this._t('answer_more'))}</button>` : ''}
          ${printable ? `<button type="button" data-act="print">${esc(this._t('print'))}</button>` : ''}
          <button type="button" data-act="restart">${esc(this._t('start_over'))}</button>
        </div>
        ${printable ? `<label class="printopt"><input type="checkbox" data-act="print-answers"${this._printAnswers ? ' checked' : ''}> ${esc(this._t('include_answers'))}</label>` : ''}
        <p class="info">${esc(this._t('rules_info', { name: d.rules.name, version: d.rules.version, date: d.as_of }))}</p>
      </section>`;
    this._body.querySelectorAll('details[data-target]').forEach((details) => {
      details.addEventListener('toggle', () => {
        if (details.open) this._fillWhy(details);
      });
    });
    this._body.querySelectorAll('details[data-qualify]').forEach((details) => {
      details.addEventListener('toggle', () => {
        if (details.open) this._fillQualify(details);
      });
    });
    this._wireWage();
    this._body.querySelectorAll('details[data-key]').forEach((details) => {
      if (opened.has(details.dataset.key)) details.open = true;
    });
    this._body.querySelectorAll('[data-act]').forEach((b) => {
      const act = b.dataset.act;
      if (act === 'print-answers') {
        b.addEventListener('change', () => {
          this._printAnswers = b.checked;
          const answers = this.shadowRoot.querySelector('.answers');
          answers.classList.toggle('print', b.checked);
          if (b.checked) answers.open = true;
        });
        return;
      }
      b.addEventListener('click', () => {
        if (act === 'more') {
          this._skipped.clear();
          this._advance();
        } else if (act === 'print') window.print();
        else if (act === 'restart') this.reset();
        else if (act === 'change') this._change(b.dataset.key);
      });
    });
    if (announce) {
      this._announce(`${this._t('no_more')} ${this._t('announce_results', { n: eligibleCount })}`);
      this.dispatchEvent(new CustomEvent('onramp:result', { bubbles: true, composed: true, detail: structuredClone(d) }));
    }
    if (focus) this.shadowRoot.querySelector(`#${this._id}-rh`).focus();
  }

  /** The `<details>` of a "why": empty until opened, then filled from `explain`. */
  _whyHtml(kind, target, person, label) {
    const who = person === null ? 'h' : String(person);
    return `<details class="why" data-key="${esc(`${kind}:${target}:${who}`)}" data-kind="${esc(kind)}" data-target="${esc(target)}" data-person="${esc(who)}"><summary>${esc(label)}</summary><div class="explained"></div></details>`;
  }

  /** Reasons the summary names (failed or unknown criteria), in words. */
  _reasonsHtml(label, ids) {
    if (!ids || !ids.length) return '';
    return `<p><strong>${esc(label)}:</strong></p><ul class="settle">${ids.map((id) => `<li data-reason="${esc(id)}">${esc(this._criterionText(id))}</li>`).join('')}</ul>`;
  }

  _programsHtml(kind, title, programs, level, empty = '', noHeading = false, person = 0) {
    const h = `h${level}`;
    const hc = `h${Math.min(level + 1, 6)}`;
    const head = noHeading ? '' : `<${h}>${esc(title)}</${h}>`;
    if (!programs.length) return `${head}<p>${esc(empty)}</p>`;
    const cards = programs
      .map((p) => {
        const info = this._info('program', p.id);
        let prio = '';
        if (p.priority) {
          if (p.priority.status === 'eligible' && p.priority.group) {
            const group = (info.priority || []).find((g) => g.id === p.priority.group);
            const label = [p.priority.group, group && group.name].filter(Boolean).join(': ');
            prio = `<p class="prio">${esc(this._t('priority'))} ${esc(label)}</p>`;
          } else if (p.priority.status === 'undetermined') {
            prio = `<p class="prio">${esc(this._t('priority_unknown'))}</p>`;
          }
        }
        const reasons = kind === 'undetermined' ? this._reasonsHtml(this._t('still_unknown'), p.unknown) : kind === 'ineligible' ? this._reasonsHtml(this._t('not_met'), p.failed) : '';
        const whyLabel = kind === 'ineligible' ? this._t('why_not') : this._t('why');
        return `<li class="card ${kind}" data-program="${esc(p.id)}" data-status="${esc(p.status)}">
          <${hc}>${esc(info.name)}</${hc}>
          ${info.description ? `<p>${esc(info.description)}</p>` : ''}
          ${prio}
          ${reasons}
          ${this._whyHtml('program', p.id, person, whyLabel)}
          ${kind === 'eligible' ? '' : this._qualifyHtml('program', p.id, person)}
          ${info.citation ? `<p class="cite">${esc(this._t('citation'))}: ${esc(info.citation)}</p>` : ''}
        </li>`;
      })
      .join('');
    return `${head}<ul class="cards">${cards}</ul>`;
  }

  /** Fills an opened "why" with the kernel's explanation (once per drawing). */
  _fillWhy(details) {
    const box = details.querySelector('.explained');
    if (details.dataset.filled) return;
    details.dataset.filled = 'true';
    try {
      const x = this._explain(details.dataset.target);
      const person = details.dataset.person === 'h' ? undefined : Number(details.dataset.person);
      const decision = x.decisions.find((d) => d.person === person) || x.decisions[0];
      box.innerHTML = decision ? this._explanationHtml(details.dataset.kind, details.dataset.target, decision, person) : '';
    } catch (error) {
      console.error(error);
      box.innerHTML = `<p class="errors">${esc(this._t('explain_error'))}</p>`;
    }
  }

  // ----- "How could I qualify?" --------------------------------------------------------
  //
  // On every program, service or step not reached: a disclosure that, once opened, asks the
  // kernel's `qualify` for that one item and lists the paths it verified (each was decided
  // on the changed case), the first date time alone reaches it, and the questions that
  // could change the answer. The texts of the changes and dates are the kernel's, in the
  // current language; only the words around them are the widget's.

  /** `where` tells apart the same step on two ladders (so each keeps its own open state). */
  _qualifyHtml(kind, target, person, where = '') {
    const who = person === null ? 'h' : String(person);
    const label = kind === 'step' ? this._t('qualify_step') : this._t('qualify');
    return `<details class="qualify" data-key="${esc(`qualify:${kind}:${where ? `${where}/` : ''}${target}:${who}`)}" data-qualify="${esc(`${kind}:${target}`)}" data-person="${esc(who)}"><summary>${esc(label)}</summary><div class="paths"></div></details>`;
  }

  _fillQualify(details) {
    if (details.dataset.filled) return;
    const box = details.querySelector('.paths');
    try {
      const person = details.dataset.person === 'h' ? null : Number(details.dataset.person);
      box.innerHTML = this._pathsHtml(this._qualify(details.dataset.qualify, person));
    } catch (error) {
      console.error(error);
      box.innerHTML = `<p class="errors">${esc(this._t('qualify_error'))}</p>`;
    }
    details.dataset.filled = 'true';
  }

  /** One `qualify` answer in words: dates, the verified paths, or "no path within N changes". */
  _pathsHtml(q) {
    const step = q.target.kind === 'step';
    const parts = [`<p class="qualify-intro">${esc(this._t('qualify_intro'))}</p>`];
    if (['eligible', 'ready', 'completed'].includes(q.status)) parts.push(`<p>${esc(this._t('qualify_reached'))}</p>`);
    if (q.from_date) {
      const text = this._t(step ? 'qualify_from_date_step' : 'qualify_from_date', { date: q.from_date.date, why: q.from_date.text });
      parts.push(`<p class="from-date" data-date="${esc(q.from_date.date)}"><strong>${esc(text)}</strong></p>`);
    }
    if (q.paths.length) {
      const paths = q.paths
        .map((path, i) => {
          const changes = path.changes
            .map((c) => {
              const closer = c.closer
                ? `<span class="closer">${esc(
                    c.closer.ladder
                      ? this._t('qualify_closer_ladder', { step: c.closer.name, ladder: this._info('ladder', c.closer.ladder).name })
                      : this._t('qualify_closer', { step: c.closer.name }),
                  )}</span>`
                : '';
              return `<li class="change"><span class="change-text">${esc(c.text)}</span> <span class="tag effort">${esc(this._t(`effort_${c.effort}`))}</span>${closer}</li>`;
            })
            .join('');
          const all = path.changes.length > 1 ? `<p class="all-of">${esc(this._t('qualify_all_of'))}</p>` : '';
          return `<li class="qualify-path"><span class="visually-hidden">${esc(this._t('qualify_path_n', { n: i + 1 }))}: </span>${all}<ul class="changes">${changes}</ul></li>`;
        })
        .join('');
      parts.push(`<p class="paths-title"><strong>${esc(this._t('qualify_paths'))}</strong></p><ol class="qualify-paths">${paths}</ol>`);
    } else if (!q.from_date) {
      const key = q.search.complete ? 'qualify_none' : 'qualify_none_budget';
      parts.push(`<p class="no-path">${esc(this._t(key, { n: q.search.max_changes, evaluations: q.search.evaluations }))}</p>`);
    }
    if (q.missing.length) {
      const missing = q.missing.map((m) => `<li>${esc(parsePath(m)?.scope === 'parameter' ? this._t('waiting_figure_plain') : this._missingText(m))}</li>`).join('');
      parts.push(`<p><strong>${esc(this._t('qualify_missing'))}</strong></p><ul class="settle">${missing}</ul>`);
    }
    return parts.join('');
  }

  // ----- "What if I earn more?" ---------------------------------------------------------
  //
  // The kernel's wage sweep for one person (200 samples, every change of status bisected to
  // the cent), drawn as bands per program and service, with the break points marked and the
  // same intervals as a table. Worked out when the section is opened or its settings change;
  // moving the pay slider only moves the marker over the intervals already worked out.

  /** Who may be picked: the applicant, and anyone with a changeable money record (an income). */
  _earners() {
    const records = this._schema.facts.filter((f) => f.scope === 'person' && f.type === 'records' && f.changeable && (f.fields || []).some((x) => x.type === 'money'));
    return this._persons.map((_, i) => i).filter((i) => i === 0 || records.some((f) => (this._persons[i].facts[f.id] || []).length));
  }

  _wageHtml(level) {
    const id = `${this._id}-w`;
    const w = this._wage;
    const earners = this._earners();
    if (!earners.includes(w.person)) w.person = 0;
    const person =
      earners.length > 1
        ? `<div class="field"><label for="${id}-person">${esc(this._t('wage_person'))}</label><select id="${id}-person" data-wage="person">${earners
            .map((i) => `<option value="${i}"${i === w.person ? ' selected' : ''}>${esc(this._who(i))}</option>`)
            .join('')}</select></div>`
        : '';
    const input = (name, type, label, value, attrs) =>
      `<div class="field"><label for="${id}-${name}">${esc(label)}</label><input type="${type}" id="${id}-${name}" data-wage="${name}" value="${esc(value)}" ${attrs}></div>`;
    return `<details class="wage no-print" data-key="wage">
      <summary><h${level} class="wage-title">${esc(this._t('wage_title'))}</h${level}></summary>
      <p class="intro">${esc(this._t('wage_intro'))}</p>
      <form class="wage-form" novalidate>
        <div class="wage-fields">
          ${person}
          ${input('from', 'text', this._t('wage_from'), w.from, 'inputmode="decimal" autocomplete="off"')}
          ${input('to', 'text', this._t('wage_to'), w.to, 'inputmode="decimal" autocomplete="off"')}
          ${input('hours', 'number', this._t('wage_hours'), w.hours, 'inputmode="numeric" step="1" min="1" max="80"')}
          <button type="submit" data-wage="show">${esc(this._t('wage_show'))}</button>
        </div>
        <p class="errors wage-errors" role="alert"></p>
        <div class="wage-pay">
          <label for="${id}-pay">${esc(this._t('wage_pay'))}</label>
          <input type="text" id="${id}-pay" data-wage="pay" inputmode="decimal" autocomplete="off" value="${esc(w.pay)}">
          <input type="range" id="${id}-slider" data-wage="slider" aria-label="${esc(this._t('wage_pay_slider'))}" min="${esc(w.from)}" max="${esc(w.to)}" step="0.01" value="${esc(w.pay)}">
        </div>
      </form>
      <div class="wage-out"></div>
    </details>`;
  }

  _wireWage() {
    const details = this._body.querySelector('details.wage');
    if (!details) return;
    const form = details.querySelector('form.wage-form');
    const field = (name) => form.querySelector(`[data-wage="${name}"]`);
    details.addEventListener('toggle', () => {
      if (details.open && !details.dataset.drawn) this._drawWage();
    });
    const apply = () => {
      const from = moneyText(field('from').value);
      const to = moneyText(field('to').value);
      const hours = Number(field('hours').value);
      const person = field('person') ? Number(field('person').value) : 0;
      const errors = form.querySelector('.wage-errors');
      if (!from || !to || cents(from) >= cents(to) || !Number.isInteger(hours) || hours < 1 || hours > 80) {
        errors.textContent = this._t('wage_bad_input');
        return;
      }
      errors.textContent = '';
      const pay = Math.min(Math.max(cents(this._wage.pay), cents(from)), cents(to));
      this._wage = { person, from, to, hours, pay: dollars(pay) };
      this._drawWage();
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      apply();
    });
    if (field('person')) field('person').addEventListener('change', apply);
    field('hours').addEventListener('change', apply);
    // The marker: the slider and the amount follow each other; nothing is recomputed.
    field('slider').addEventListener('input', () => {
      this._wage.pay = dollars(Math.round(Number(field('slider').value) * 100));
      field('pay').value = this._wage.pay;
      this._moveMarker();
    });
    field('pay').addEventListener('change', () => {
      const pay = moneyText(field('pay').value);
      if (!pay) return;
      const clamped = Math.min(Math.max(cents(pay), cents(this._wage.from)), cents(this._wage.to));
      this._wage.pay = dollars(clamped);
      field('pay').value = this._wage.pay;
      field('slider').value = this._wage.pay;
      this._moveMarker();
    });
  }

  /** Works out the sweep for the settings and draws the chart, the table and the marker. */
  _drawWage() {
    const details = this._body.querySelector('details.wage');
    const out = details.querySelector('.wage-out');
    const w = this._wage;
    const slider = details.querySelector('[data-wage=slider]');
    slider.min = w.from;
    slider.max = w.to;
    slider.value = w.pay;
    details.querySelector('[data-wage=pay]').value = w.pay;
    details.dataset.drawn = 'true';
    let sweep;
    try {
      sweep = this._sweep(w);
    } catch (error) {
      console.error(error);
      out.innerHTML = `<p class="errors">${esc(this._t('wage_error'))}</p>`;
      return;
    }
    this._shownSweep = sweep;
    const hours = sweep.hours ?? w.hours;
    // Those never eligible in the range (`id` or `id@person`), once per program with whose.
    const byId = new Map();
    for (const entry of sweep.ineligible_throughout) {
      const [id, p] = entry.split('@');
      if (!byId.has(id)) byId.set(id, []);
      if (p !== undefined) byId.get(id).push(Number(p));
    }
    const never = [...byId].map(([id, persons]) => {
      const c = this._catalog;
      const info = c.programs.get(id) || c.services.get(id) || { name: id.replaceAll('_', ' ') };
      return persons.length && this._persons.length > 1 ? `${info.name} (${persons.map((p) => this._who(p)).join(this._t('list_and'))})` : info.name;
    });
    out.innerHTML = `
      ${sweep.items.length ? `<div class="chart">${this._chartSvg(sweep, out.clientWidth, parseFloat(getComputedStyle(out).fontSize) / 16 || 1)}</div>
      <ul class="legend" aria-label="${esc(this._t('wage_legend'))}">
        ${['eligible', 'undetermined', 'ineligible'].map((st) => `<li><span class="swatch ${st}" aria-hidden="true"></span>${esc(this._t(`status_${st}`))}</li>`).join('')}
        <li><span class="swatch marker" aria-hidden="true"></span>${esc(this._t('wage_marker'))}</li>
        <li>${esc(this._t('wage_breaks'))}</li>
      </ul>
      <p class="wage-at" aria-live="polite"></p>
      ${this._wageTableHtml(sweep, hours)}` : `<p>${esc(this._t('wage_nothing'))}</p>`}
      ${never.length ? `<p class="wage-never">${esc(this._t('wage_never', { list: never.join(this._t('list_and')) }))}</p>` : ''}`;
    this._moveMarker();
  }

  /** A program's or service's name in the sweep, with whose it is when there are several persons. */
  _sweepName(item) {
    return item.person !== undefined && this._persons.length > 1 ? `${item.name} (${this._who(item.person)})` : item.name;
  }

  _money(amount) {
    return `${this._t('dollars')}${amount}`;
  }

  _wageTableHtml(sweep, hours) {
    const body = sweep.items
      .map((item) => {
        const rows = item.intervals
          .map((iv, k) => {
            const head = k === 0 ? `<th scope="rowgroup" rowspan="${item.intervals.length}">${esc(this._sweepName(item))}</th>` : '';
            return `<tr class="${esc(iv.status)}">${head}<td>${esc(this._money(iv.from))}</td><td>${esc(this._money(iv.to))}</td><td>${esc(this._t(`status_${iv.status}`))}</td></tr>`;
          })
          .join('');
        return `<tbody data-item="${esc(`${item.kind}:${item.id}:${item.person ?? 'h'}`)}">${rows}</tbody>`;
      })
      .join('');
    // The wrapper scrolls sideways on a narrow screen: focusable, so it scrolls by keyboard too.
    const caption = `${this._id}-wage-caption`;
    return `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${caption}"><table class="wage-table"><caption id="${caption}">${esc(this._t('wage_caption', { hours }))}</caption>
      <thead><tr><th scope="col">${esc(this._t('wage_col_item'))}</th><th scope="col">${esc(this._t('wage_col_from'))}</th><th scope="col">${esc(this._t('wage_col_to'))}</th><th scope="col">${esc(this._t('wage_col_status'))}</th></tr></thead>
      ${body}</table></div>`;
  }

  /**
   * The cliff chart: one band per program or service across the range, coloured and
   * labelled by status, a line and the amount at every break point, an axis, and the marker
   * for the pay being looked at. Drawn at the width it is shown, so text stays readable.
   */
  _chartSvg(sweep, available, scale) {
    // Laid out in units of the default text size, shown `scale` times larger (the kiosk's
    // larger text makes a larger chart, not a smaller one).
    const shown = Math.max(300, Math.round(available || 640));
    const width = Math.round(shown / scale);
    const pad = 14;
    const top = 34;
    const row = 64;
    const lo = cents(sweep.from);
    const hi = cents(sweep.to);
    const x = (c) => pad + ((c - lo) / (hi - lo)) * (width - 2 * pad);
    const height = top + sweep.items.length * row + 30;
    const fills = { eligible: '#1d6b2f', ineligible: '#ffffff', undetermined: '#f5c26b' };
    const texts = { eligible: '#ffffff', ineligible: '#1b1b1b', undetermined: '#1b1b1b' };
    // Bands first, then the marker over them, then the words over the marker (with a halo).
    const parts = [];
    const words = [];
    sweep.items.forEach((item, r) => {
      const y = top + r * row;
      words.push(`<text x="${pad}" y="${y + 14}" class="band-name">${esc(fitText(this._sweepName(item), width - 2 * pad))}</text>`);
      item.intervals.forEach((iv, k) => {
        const x0 = x(cents(iv.from));
        const x1 = k === item.intervals.length - 1 ? x(hi) : x(cents(item.intervals[k + 1].from));
        const label = this._t(`status_${iv.status}`);
        parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 20}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="20" fill="${fills[iv.status]}" stroke="#4a4a4a" stroke-width="1"/>`);
        if (x1 - x0 > label.length * 7.5 + 8) parts.push(`<text x="${((x0 + x1) / 2).toFixed(1)}" y="${y + 35}" text-anchor="middle" fill="${texts[iv.status]}" class="band-status">${esc(label)}</text>`);
        if (k > 0) {
          const anchor = x0 > width - 60 ? 'end' : x0 < 60 ? 'start' : 'middle';
          parts.push(`<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${y + 16}" y2="${y + 44}" stroke="#1b1b1b" stroke-width="2" class="break"/>`);
          words.push(`<text x="${x0.toFixed(1)}" y="${y + 57}" text-anchor="${anchor}" class="break-label">${esc(this._money(iv.from))}</text>`);
        }
      });
    });
    // The axis: the ends and round amounts between.
    const axisY = top + sweep.items.length * row + 4;
    const span = (hi - lo) / 100;
    const step = [1, 2, 5, 10, 20, 50, 100, 1000, 10000].find((s) => span / s <= Math.max(2, Math.floor(width / 80)) + 1) || 10000;
    const ticks = [lo];
    // Room for the labels: the ends carry cents ("$15.00"), round amounts between do not ("$20").
    for (let c = Math.ceil(lo / (step * 100)) * step * 100; c < hi; c += step * 100) if (c > lo && x(c) - x(ticks.at(-1)) > 64 && x(hi) - x(c) > 64) ticks.push(c);
    ticks.push(hi);
    parts.push(`<line x1="${pad}" x2="${width - pad}" y1="${axisY}" y2="${axisY}" stroke="#4a4a4a"/>`);
    ticks.forEach((c, i) => {
      const anchor = i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle';
      parts.push(`<line x1="${x(c).toFixed(1)}" x2="${x(c).toFixed(1)}" y1="${axisY}" y2="${axisY + 5}" stroke="#4a4a4a"/><text x="${x(c).toFixed(1)}" y="${axisY + 20}" text-anchor="${anchor}" class="tick">${esc(this._money(i === 0 || i === ticks.length - 1 ? dollars(c) : String(c / 100)))}</text>`);
    });
    parts.push(`<g class="marker"><line y1="${top - 14}" y2="${axisY}" stroke="#0b5394" stroke-width="3" stroke-dasharray="6 4"/><text y="${top - 18}" class="marker-label"></text></g>`);
    parts.push(...words);
    const label = this._t('wage_chart_label', { from: this._money(sweep.from), to: this._money(sweep.to), hours: sweep.hours ?? this._wage.hours });
    return `<svg role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" width="${shown}" height="${Math.round(height * scale)}" data-width="${width}" data-from="${lo}" data-to="${hi}" data-pad="${pad}">${parts.join('')}</svg>`;
  }

  /** Puts the marker at the pay looked at and says where each item stands there. */
  _moveMarker() {
    const sweep = this._shownSweep;
    const out = this._body.querySelector('details.wage .wage-out');
    const svg = out && out.querySelector('svg');
    if (!sweep || !svg) return;
    const pay = cents(this._wage.pay);
    const lo = Number(svg.dataset.from);
    const hi = Number(svg.dataset.to);
    const pad = Number(svg.dataset.pad);
    const width = Number(svg.dataset.width);
    const at = pad + ((pay - lo) / (hi - lo)) * (width - 2 * pad);
    const marker = svg.querySelector('.marker');
    marker.querySelector('line').setAttribute('x1', at.toFixed(1));
    marker.querySelector('line').setAttribute('x2', at.toFixed(1));
    const text = marker.querySelector('text');
    text.setAttribute('x', at.toFixed(1));
    text.setAttribute('text-anchor', at > width - 90 ? 'end' : at < 90 ? 'start' : 'middle');
    text.textContent = `${this._t('wage_marker')}: ${this._money(this._wage.pay)}`;
    const eligible = sweep.items.filter((item) => item.intervals.some((iv) => iv.status === 'eligible' && cents(iv.from) <= pay && pay <= cents(iv.to))).map((item) => this._sweepName(item));
    out.querySelector('.wage-at').textContent = `${this._t('wage_at', { amount: this._money(this._wage.pay) })} ${eligible.length ? this._t('wage_at_eligible', { list: eligible.join(this._t('list_and')) }) : this._t('wage_at_none')}`;
  }

  /** One explained decision: its criteria as a tree, what would settle it, its priority group. */
  _explanationHtml(kind, target, decision, person) {
    const table = decision.explained;
    let main = [...new Set(decision.criteria)];
    let prio = '';
    if (kind === 'program') {
      // The program's own criteria; for an eligible person the kernel explains the priority
      // groups too: show the one the summary placed the person in.
      const info = this._info('program', target);
      const own = new Set(info.criteria || decision.criteria);
      main = main.filter((id) => own.has(id));
      const summary = ((this._decision.persons[person] || {}).programs || []).find((p) => p.id === target);
      const because = summary && summary.priority && summary.priority.because;
      const group = (info.priority || []).find((g) => g.when === because);
      if (group && table[because]) prio = `<p class="prio">${esc(this._t('priority'))} ${esc([group.id, group.name].join(': '))}</p>${this._criteriaHtml([because], table, 0)}`;
    }
    const missing = (decision.missing || []).map((m) => `<li>${esc(this._missingText(m))}</li>`).join('');
    return `${this._criteriaHtml(main, table, 0)}${prio}${missing ? `<p><strong>${esc(this._t('settle'))}:</strong></p><ul class="settle">${missing}</ul>` : ''}`;
  }

  /** Criteria by id, each explained in `table`, with the values it read and its parts. */
  _criteriaHtml(ids, table, depth) {
    if (!ids || !ids.length || depth > 12) return '';
    const marks = { met: '✓', not_met: '✗', unknown: '?' };
    return `<ul class="criteria">${ids
      .map((id) => {
        const c = table[id];
        if (!c) return '';
        const values = (c.values || []).map((v) => `${v.name.replaceAll('_', ' ')}: ${this._valueText(v.name, v.value)}`).join(' · ');
        return `<li class="${esc(c.status)}" data-criterion="${esc(id)}"><span class="mark" aria-hidden="true">${marks[c.status] || ''}</span><span class="visually-hidden">${esc(this._t(`truth_${c.status}`))}: </span><span class="ctext">${esc(c.text)}</span>${c.citation ? ` <span class="cite">(${esc(c.citation)})</span>` : ''}${values ? `<span class="vals">${esc(this._t('values_used'))}: ${esc(values)}</span>` : ''}${this._criteriaHtml(c.children, table, depth + 1)}</li>`;
      })
      .join('')}</ul>`;
  }

  /** A value an expression read, in words (a fact's answer as the person gave it). */
  _valueText(name, value) {
    if (value === null || value === undefined) return this._t('truth_unknown');
    // A total over a household not all described is known only from below.
    if (typeof value === 'object' && !Array.isArray(value) && 'at_least' in value) {
      return this._t('at_least', { value: this._valueText(name, value.at_least) });
    }
    const fact = this._facts.get(name);
    if (fact && fact.type !== 'records') return this._describe(fact, value);
    if (typeof value === 'boolean') return value ? this._t('yes') : this._t('no');
    if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'string' ? v.replaceAll('_', ' ') : JSON.stringify(v))).join(', ') : this._t('none_of_these');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  _servicesHtml(services, level) {
    const h = `h${level}`;
    const hc = `h${Math.min(level + 1, 6)}`;
    const shown = services.filter(([s]) => s.need !== 'not_needed' || s.eligibility === 'eligible');
    if (!shown.length) return `<${h}>${esc(this._t('services'))}</${h}><p>${esc(this._t('services_none'))}</p>`;
    const cards = shown
      .map(([s, person]) => {
        const info = this._info('service', s.id);
        const cls = s.need === 'needed' ? 'needed' : 'undetermined';
        return `<li class="card ${cls}" data-service="${esc(s.id)}" data-need="${esc(s.need)}"${s.eligibility ? ` data-eligibility="${esc(s.eligibility)}"` : ''}>
          <${hc}>${esc(info.name)}</${hc}>
          ${info.description ? `<p>${esc(info.description)}</p>` : ''}
          <p>${esc(this._t('need'))}: <span class="tag ${esc(s.need)}">${esc(this._t(`need_${s.need}`))}</span>
          ${s.eligibility ? `${esc(this._t('eligibility'))}: <span class="tag ${esc(s.eligibility)}">${esc(this._t(`status_${s.eligibility}`))}</span>` : ''}</p>
          ${info.referral ? `<p><strong>${esc(this._t('referral'))}:</strong> ${esc(info.referral)}</p>` : ''}
          ${this._reasonsHtml(this._t('still_unknown'), s.unknown)}
          ${this._reasonsHtml(this._t('not_met'), s.failed)}
          ${this._whyHtml('service', s.id, person, this._t('why'))}
          ${s.eligibility === 'ineligible' || s.eligibility === 'undetermined' ? this._qualifyHtml('service', s.id, person) : ''}
          ${info.citation ? `<p class="cite">${esc(this._t('citation'))}: ${esc(info.citation)}</p>` : ''}
        </li>`;
      })
      .join('');
    return `<${h}>${esc(this._t('services'))}</${h}><ul class="cards">${cards}</ul>`;
  }

  _pathwaysHtml(ladders, level, person) {
    const h = `h${level}`;
    const hc = `h${Math.min(level + 1, 6)}`;
    const shown = ladders.filter((l) => l.applies !== 'not_met');
    if (!shown.length) return `<${h}>${esc(this._t('pathways'))}</${h}><p>${esc(this._t('pathways_none'))}</p>`;
    const body = shown
      .map((ladder) => {
        const info = this._info('ladder', ladder.id);
        // The summary has each step's status by id; the catalog has the ladder's order.
        const order = (info.steps || []).filter((id) => id in ladder.steps);
        const steps = order.concat(Object.keys(ladder.steps).filter((id) => !order.includes(id))).map((id) => ({ id, status: ladder.steps[id], ...this._info('step', id) }));
        const next = new Set(ladder.next.map((n) => n.step));
        const bridges = new Set(ladder.next.flatMap((n) => (n.first || []).map((f) => f.step)));
        let here = -1;
        steps.forEach((s, i) => {
          if (s.status === 'completed') here = i;
        });
        const rungs = steps
          .map((s, i) => {
            const classes = ['rung', s.status];
            const badges = [];
            if (bridges.has(s.id)) {
              classes.push('bridge');
              badges.push(`<span class="badge bridge">${esc(this._t('bridge_first'))}</span>`);
            } else if (next.has(s.id)) {
              classes.push('next');
              badges.push(`<span class="badge next">${esc(this._t('next_rung'))}</span>`);
            }
            if (i === here) badges.push(`<span class="badge here">${esc(this._t('you_are_here'))}</span>`);
            const meta = [];
            if (s.yields) meta.push(`${esc(this._t('leads_to'))}: ${esc(s.yields)}`);
            if (s.delivered_by && s.delivered_by.length) meta.push(`${esc(this._t('offered_by'))}: ${s.delivered_by.map((p) => esc(this._info('program', p).name)).join(', ')}`);
            return `<li class="${classes.join(' ')}" data-step="${esc(s.id)}" data-status="${esc(s.status)}">
              ${badges.join('')}<span class="name">${esc(s.name)}</span> · <span class="state">${esc(this._t(`step_${s.status}`))}</span>
              ${meta.length ? `<p class="meta">${meta.join(' · ')}</p>` : ''}
              ${s.status === 'blocked' || s.status === 'undetermined' ? this._qualifyHtml('step', s.id, person, ladder.id) : ''}</li>`;
          })
          .reverse()
          .join('');
        const nextSteps = ladder.next
          .map((n) => {
            const first = n.first || [];
            return `<li data-next="${esc(n.step)}"><strong>${esc(this._t('next_rung'))}: ${esc(this._info('step', n.step).name)}</strong> <span class="tag ${esc(n.status)}">${esc(this._t(`step_${n.status}`))}</span>
            ${first.length ? `<ol class="route">${first.map((f) => `<li data-bridge="${esc(f.step)}">${esc(this._t('first_take'))}: <strong>${esc(this._info('step', f.step).name)}</strong> (${esc(this._t('because'))}: ${esc(this._criterionText(f.closes))})</li>`).join('')}</ol>` : ''}</li>`;
          })
          .join('');
        return `<div class="ladder" data-ladder="${esc(ladder.id)}">
          <${hc}>${esc(info.name)}</${hc}>
          ${info.description ? `<p>${esc(info.description)}</p>` : ''}
          <ol class="rungs" reversed aria-label="${esc(this._t('ladder_label', { name: info.name }))}">${rungs}</ol>
          ${here < 0 ? `<p class="ground"><span class="badge here">${esc(this._t('you_are_here'))}</span></p>` : ''}
          ${nextSteps ? `<ol class="next-steps">${nextSteps}</ol>` : ''}
        </div>`;
      })
      .join('');
    return `<${h}>${esc(this._t('pathways'))}</${h}>${body}`;
  }

  _answersHtml() {
    const rows = [];
    const row = (key, fact, value) => {
      const skipped = this._skipped.has(key);
      const shown = skipped ? this._t('skipped') : this._describe(fact, value);
      rows.push(`<tr><th scope="row">${esc(fact.question)}</th><td>${esc(shown)}</td><td><button type="button" class="quiet" data-act="change" data-key="${esc(key)}" aria-label="${esc(`${this._t('change')}: ${fact.question}`)}">${esc(this._t('change'))}</button></td></tr>`);
    };
    const listed = (facts, prefix) => {
      const keys = new Set([...Object.keys(facts).map((f) => `${prefix}:${f}`), ...[...this._skipped].filter((k) => k.startsWith(`${prefix}:`))]);
      for (const key of keys) {
        const fact = this._facts.get(key.split(':')[1]);
        if (fact) row(key, fact, facts[fact.id]);
      }
    };
    listed(this._household, 'h');
    this._persons.forEach((p, i) => {
      if (this._persons.length > 1) rows.push(`<tr><th colspan="3" scope="colgroup" class="who-row">${esc(this._who(i))}</th></tr>`);
      listed(p.facts, `p${p.key}`);
    });
    return `<details class="answers${this._printAnswers ? ' print' : ''}"${this._printAnswers ? ' open' : ''}><summary>${esc(this._t('your_answers'))}</summary><table><tbody>${rows.join('')}</tbody></table></details>`;
  }
}

if (!customElements.get('onramp-screener')) customElements.define('onramp-screener', OnrampScreener);
