// The policy playground: rule files edited in the page, checked by the kernel as you type
// (debounced), the rule set's tests, and a case with its full explanation (the full
// decision, worded from the rule set's catalog). The kernel is the widget's own wasm module;
// this file only shows what it answers.
import { start, answer } from '../dist/onramp-kernel.js';

const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const state = {
  files: [], // {path, text}
  current: 0,
  diagnostics: [],
  checked: null, // the last check answer
  languages: ['en'],
  rules: null, // compiled rules for the current text (for tests and cases)
  rulesFor: null,
};
let kernel;
let timer = null;
let generation = 0;

const source = $('source');
const gutter = $('gutter');
const marks = $('marks');

function filesJson() {
  return JSON.stringify({ files: state.files });
}

async function loadSet(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const bundle = await response.json();
  state.files = bundle.files.map((f) => ({ path: f.path, text: f.text }));
  state.current = 0;
  state.rules = null;
  renderFiles();
  openFile(0);
  check();
  compiled();
  await loadPersonas(url);
}

async function loadPersonas(url) {
  const field = $('persona-field');
  const select = $('persona');
  field.hidden = true;
  const personasUrl = url.replace(/[^/]*\.bundle\.json$/, (name) => name.replace('.bundle.json', '.personas.json'));
  try {
    const response = await fetch(personasUrl, { cache: 'no-store' });
    if (!response.ok) throw new Error('none');
    const personas = await response.json();
    select.innerHTML = personas.map((p, i) => `<option value="${i}">${esc(p.name || p.id || `persona ${i + 1}`)}</option>`).join('');
    select.onchange = () => setCase(personas[Number(select.value)]);
    field.hidden = !personas.length;
    if (personas.length) setCase(personas[0]);
  } catch {
    $('case').value = JSON.stringify({ household: {}, persons: [{}] }, null, 2);
  }
}

function setCase(persona) {
  const c = persona.case || persona;
  $('case').value = JSON.stringify({ household: c.household || {}, persons: c.persons || [{}] }, null, 2);
  if (persona.as_of) $('as-of').value = persona.as_of;
}

function renderFiles() {
  const counts = new Map();
  for (const d of state.diagnostics) counts.set(d.file, (counts.get(d.file) || 0) + 1);
  $('file-list').innerHTML = state.files
    .map((f, i) => {
      const n = counts.get(f.path) || 0;
      return `<li><button type="button" data-index="${i}"${i === state.current ? ' aria-current="true"' : ''}>${esc(f.path)}${n ? ` <span class="count" aria-label="${n} problems">${n}</span>` : ''}</button></li>`;
    })
    .join('');
  for (const b of $('file-list').querySelectorAll('button')) {
    b.addEventListener('click', () => openFile(Number(b.dataset.index)));
  }
}

function openFile(index) {
  state.current = index;
  const file = state.files[index];
  $('current-file').textContent = file ? file.path : '';
  source.value = file ? file.text : '';
  source.scrollTop = 0;
  renderFiles();
  renderGutter();
}

function lineHeight() {
  return parseFloat(getComputedStyle($('editor')).getPropertyValue('--lh')) || 20;
}

function renderGutter() {
  const file = state.files[state.current];
  const lines = source.value.split('\n').length;
  const here = state.diagnostics.filter((d) => file && d.file === file.path);
  const byLine = new Map();
  for (const d of here) if (!byLine.has(d.line) || d.severity === 'error') byLine.set(d.line, d);
  let html = '';
  for (let i = 1; i <= lines; i++) {
    const d = byLine.get(i);
    html += `<div${d ? ` class="${d.severity === 'error' ? 'err' : 'warn'}" title="${esc(d.code)}"` : ''} data-line="${i}">${i}</div>`;
  }
  gutter.innerHTML = html;
  const lh = lineHeight();
  const pad = 8;
  marks.innerHTML = [...byLine.values()]
    .map((d) => {
      const top = pad + (d.line - 1) * lh;
      const cls = d.severity === 'error' ? '' : ' warn';
      return `<div class="line${cls}" data-line="${d.line}" style="top:${top}px"></div><div class="label${cls}" data-line="${d.line}" style="top:${top}px">${esc(d.code)}: ${esc(d.message)}</div>`;
    })
    .join('');
  syncScroll();
}

function syncScroll() {
  gutter.scrollTop = source.scrollTop;
  marks.style.transform = `translate(${-source.scrollLeft}px, ${-source.scrollTop}px)`;
}

function goTo(file, line, column) {
  const index = state.files.findIndex((f) => f.path === file);
  if (index < 0) return;
  if (index !== state.current) openFile(index);
  const lines = source.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  const lineText = lines[line - 1] || '';
  source.focus();
  source.setSelectionRange(offset + Math.max(0, (column || 1) - 1), offset + lineText.length);
  source.scrollTop = Math.max(0, (line - 5) * lineHeight());
  syncScroll();
}

function scheduleCheck() {
  clearTimeout(timer);
  timer = setTimeout(check, 300);
}

function check() {
  const mine = ++generation;
  const result = answer(kernel.check(filesJson()));
  if (mine !== generation) return;
  state.rules = null;
  state.checked = result;
  const status = $('check-status');
  if (result.type === 'success') {
    state.diagnostics = result.warnings || [];
    const s = result.summary;
    status.className = 'status ok';
    status.textContent = `No errors${state.diagnostics.length ? `, ${state.diagnostics.length} warning(s)` : ''}: ${s.facts} facts, ${s.criteria} criteria, ${s.programs} programs, ${s.services} services, ${s.ladders} ladders, ${s.tests} tests.`;
  } else {
    state.diagnostics = result.errors.filter((e) => e.line !== undefined);
    const other = result.errors.filter((e) => e.line === undefined);
    const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
    status.className = 'status bad';
    status.textContent = `${errors} error(s), ${state.diagnostics.length - errors} warning(s)${other.length ? `; ${other.map((e) => e.message).join('; ')}` : ''}`;
  }
  renderDiagnostics();
  renderFiles();
  renderGutter();
}

function renderDiagnostics() {
  $('diagnostics').innerHTML = state.diagnostics
    .map(
      (d, i) => `<li class="${esc(d.severity)}" data-file="${esc(d.file)}" data-line="${d.line}" data-code="${esc(d.code)}">
        <button type="button" data-i="${i}" class="where">${esc(d.file)}:${d.line}:${d.column_utf16}</button>
        <span class="code">${esc(d.severity)}[${esc(d.code)}]</span> ${esc(d.message)}${d.rule ? ` <span class="muted">(in <code>${esc(d.rule)}</code>)</span>` : ''}
        ${d.help ? `<p class="help">help: ${esc(d.help)}</p>` : ''}</li>`,
    )
    .join('');
  for (const b of $('diagnostics').querySelectorAll('button')) {
    const d = state.diagnostics[Number(b.dataset.i)];
    b.addEventListener('click', () => goTo(d.file, d.line, d.column_utf16));
  }
}

/** The rules compiled from the current text (cached until the next edit). */
function compiled() {
  if (state.rules && state.rulesFor === generation) return { rules: state.rules };
  const result = kernel.Rules.load(filesJson());
  if (result.type !== 'success') return { errors: result.errors };
  if (state.rules) state.rules.free();
  state.rules = result.rules;
  state.rulesFor = generation;
  const schema = answer(state.rules.schema(null));
  if (schema.type === 'success') updateLanguages(schema.schema.languages);
  return { rules: state.rules };
}

function updateLanguages(languages) {
  const select = $('case-lang');
  const now = select.value;
  if (languages.join() === state.languages.join() && select.options.length) return;
  state.languages = languages;
  select.innerHTML = languages.map((l) => `<option value="${esc(l)}"${l === now ? ' selected' : ''}>${esc(l)}</option>`).join('');
}

function runTests() {
  const out = $('tests');
  const summary = $('tests-summary');
  const { rules, errors } = compiled();
  if (!rules) {
    summary.className = 'status bad';
    summary.textContent = `The rules do not compile (${errors.length} problem(s)): fix them first.`;
    out.innerHTML = '';
    return;
  }
  const result = answer(rules.runTests());
  summary.className = `status ${result.failed ? 'bad' : 'ok'}`;
  summary.textContent = `${result.passed} passed, ${result.failed} failed`;
  const sorted = [...result.tests].sort((a, b) => Number(a.passed) - Number(b.passed));
  out.innerHTML = sorted
    .map(
      (t) => `<li data-passed="${t.passed}"><span class="${t.passed ? 'pass' : 'fail'}">${t.passed ? 'PASS' : 'FAIL'}</span> ${esc(t.name)}
        <button type="button" class="where" data-file="${esc(t.file)}" data-line="${t.line}" style="min-height:32px;padding:0 .4rem;font-size:.85rem">${esc(t.file)}:${t.line}</button>
        ${t.failures.length ? `<ul>${t.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}</li>`,
    )
    .join('');
  for (const b of out.querySelectorAll('button')) b.addEventListener('click', () => goTo(b.dataset.file, Number(b.dataset.line), 1));
}

function evaluateCase() {
  const out = $('result');
  const { rules, errors } = compiled();
  if (!rules) {
    out.innerHTML = `<p class="status bad">The rules do not compile (${errors.length} problem(s)): fix them first.</p>`;
    return;
  }
  const lang = $('case-lang').value || undefined;
  const options = { as_of: $('as-of').value, lang, detail: 'full' };
  const result = answer(rules.evaluate($('case').value, JSON.stringify(options)));
  if (result.type !== 'success') {
    out.innerHTML = `<p class="status bad">The case could not be evaluated:</p><ul>${result.errors.map((e) => `<li><strong>${esc(e.code)}</strong>: ${esc(e.message)}</li>`).join('')}</ul>`;
    return;
  }
  // The full decision has every reason by id; the catalog and the schema word them.
  const catalog = answer(rules.catalog(result.decision.lang));
  const schema = answer(rules.schema(result.decision.lang));
  out.innerHTML = explain(result.decision, catalog.type === 'success' ? catalog.catalog : null, schema.type === 'success' ? schema.schema : null);
}

const st = (s) => `<span class="st ${esc(s)}">${esc(String(s).replace('_', ' '))}</span>`;

/**
 * The explanation tree of a full decision: each criterion's result (by id, the person's or
 * the household's), its wording, expression and parts from the catalog, the values it read
 * and the parameters in force.
 */
function tree(ids, ctx, depth = 0) {
  if (!ids || !ids.length || depth > 12) return '';
  return `<ul class="tree">${ids
    .map((id) => {
      const c = ctx.result(id);
      const info = ctx.catalog.criteria[id] || { text: id, rule: 'expr' };
      if (!c) return `<li data-criterion="${esc(id)}"><code>${esc(id)}</code> ${esc(info.text)}</li>`;
      const values = (info.reads || []).filter((name) => ctx.value(name) !== undefined).map((name) => `${esc(name)} = ${esc(JSON.stringify(ctx.value(name)))}`).join(', ');
      const paramText = (info.parameters || [])
        .map((p) => {
          const used = ctx.parameters[p] || { status: 'unused' };
          const entry = ((ctx.catalog.parameters[p] || {}).entries || []).find((e) => e.from === used.from) || {};
          return `${esc(p)} (${esc(used.status)}${used.from ? ` from ${esc(used.from)}` : ''}${entry.source ? `: ${esc(entry.source)}` : ''})`;
        })
        .join('; ');
      return `<li data-criterion="${esc(id)}">${st(c.status)} ${esc(info.text)} <span class="muted">[${esc(id)}${info.citation ? `; ${esc(info.citation)}` : ''}]</span>
        ${info.expr ? `<div><span class="expr">${esc(info.expr)}</span>${values ? ` <span class="muted">with ${values}</span>` : ''}</div>` : info.rule && info.rule !== 'expr' ? `<div class="muted">${esc(info.rule)}</div>` : ''}
        ${paramText ? `<div class="muted">parameters: ${paramText}</div>` : ''}
        ${c.missing && c.missing.length ? `<div class="muted">missing: ${c.missing.map(esc).join(', ')}</div>` : ''}
        ${c.error ? `<div class="status bad">error: ${esc(c.error)}</div>` : ''}
        ${tree(info.children, ctx, depth + 1)}</li>`;
    })
    .join('')}</ul>`;
}

function service(s, ctx) {
  const info = ctx.service(s.id);
  const ids = [...new Set((info.need || []).concat(info.eligible || []))];
  const missing = [...new Set([...(s.need.missing || []), ...((s.eligibility && s.eligibility.missing) || [])])];
  return `<li data-service="${esc(s.id)}"><strong>${esc(info.name)}</strong> need ${st(s.need.status)}${s.eligibility ? ` eligibility ${st(s.eligibility.status)}` : ''}
    ${info.referral ? `<div class="muted">referral: ${esc(info.referral)}</div>` : ''}${missing.length ? `<div class="muted">missing: ${missing.map(esc).join(', ')}</div>` : ''}${tree(ids, ctx)}</li>`;
}

function explain(d, catalog, schema) {
  catalog = catalog || { programs: [], services: [], ladders: [], steps: {}, criteria: {}, parameters: {} };
  const byId = (list) => new Map(list.map((x) => [x.id, x]));
  const programs = byId(catalog.programs);
  const services = byId(catalog.services);
  const ladders = byId(catalog.ladders);
  const questions = new Map(((schema && schema.facts) || []).map((f) => [f.id, f.question]));
  const named = (map, id) => map.get(id) || { id, name: id };
  const step = (id) => catalog.steps[id] || { name: id, delivered_by: [], requirements: [] };
  const context = (own, ownValues) => ({
    catalog,
    parameters: d.parameters || {},
    result: (id) => own[id] || d.household.criteria[id],
    value: (name) => (ownValues && name in ownValues ? ownValues[name] : (d.household.values || {})[name]),
    service: (id) => named(services, id),
  });
  const parts = [`<p class="muted">Rules ${esc(d.rules.name)} ${esc(d.rules.version)} (${esc(d.rules.hash.slice(0, 19))}…), as of ${esc(d.as_of)}, language ${esc(d.lang)}</p>`];
  if (d.input_errors.length) parts.push(`<h3>Input errors</h3><ul>${d.input_errors.map((e) => `<li><code>${esc(e.path)}</code>: ${esc(e.expected)}</li>`).join('')}</ul>`);
  if (d.rule_errors.length) parts.push(`<h3>Rule errors</h3><ul>${d.rule_errors.map((e) => `<li><code>${esc(e.rule)}</code>: ${esc(e.message)}</li>`).join('')}</ul>`);
  if (d.unknown_parameters.length) parts.push(`<p class="muted">Parameters with no value in force: ${d.unknown_parameters.map(esc).join(', ')}</p>`);
  const household = context(d.household.criteria, d.household.values);
  if (d.household.services.length) parts.push(`<h3>Household services</h3><ul class="tree">${d.household.services.map((s) => service(s, household)).join('')}</ul>`);
  for (const p of d.persons) {
    const ctx = context(p.criteria || {}, p.values);
    parts.push(`<h3>Person ${p.index}${p.id ? ` (${esc(p.id)})` : ''}: programs</h3><ul class="tree">${p.programs
      .map((g) => {
        const info = named(programs, g.id);
        const group = g.priority && g.priority.group ? (info.priority || []).find((x) => x.id === g.priority.group) : null;
        return `<li data-program="${esc(g.id)}"><strong>${esc(info.name)}</strong> ${st(g.status)}${g.priority ? ` priority ${st(g.priority.status)} ${esc(g.priority.group || '')} ${esc(group ? group.name : '')}` : ''}
          ${g.missing && g.missing.length ? `<div class="muted">missing: ${g.missing.map(esc).join(', ')}</div>` : ''}${tree(info.criteria || [], ctx)}${g.priority && g.priority.because ? `<div class="muted">priority because:</div>${tree([g.priority.because], ctx)}` : ''}</li>`;
      })
      .join('')}</ul>`);
    if (p.services.length) parts.push(`<h3>Person ${p.index}: services</h3><ul class="tree">${p.services.map((s) => service(s, ctx)).join('')}</ul>`);
    for (const l of p.pathways) {
      const info = named(ladders, l.id);
      parts.push(`<h3>Person ${p.index}: ladder ${esc(info.name)} ${st(l.applies)}</h3><ol class="tree">${l.steps
        .map((s) => {
          const si = step(s.id);
          const by = (si.delivered_by || []).map((x) => esc(named(programs, x).name)).join(', ');
          return `<li data-step="${esc(s.id)}"><strong>${esc(si.name)}</strong> ${st(s.status)}${by ? ` <span class="muted">by ${by}</span>` : ''}${s.missing && s.missing.length ? ` <span class="muted">missing: ${s.missing.map(esc).join(', ')}</span>` : ''}${tree(si.requirements, ctx)}</li>`;
        })
        .join('')}</ol>${l.next.length ? `<p>Next: ${l.next.map((n) => `${esc(step(n.step).name)} ${st(n.status)}${n.first && n.first.length ? ` (first: ${n.first.map((f) => `${esc(step(f.step).name)}, closes ${esc(f.closes)}`).join('; ')})` : ''}`).join(' · ')}</p>` : ''}`);
    }
  }
  if (d.next_questions.length) {
    parts.push(`<h3>Next questions</h3><table class="nq"><thead><tr><th scope="col">Path</th><th scope="col">Question</th><th scope="col">Settles</th></tr></thead><tbody>${d.next_questions
      .map((q) => `<tr><td><code>${esc(q.path)}</code></td><td>${esc(q.text || questions.get(q.fact) || q.fact)}</td><td>${q.settles}</td></tr>`)
      .join('')}</tbody></table>`);
  }
  parts.push(`<details><summary>Decision JSON</summary><pre class="raw">${esc(JSON.stringify(d, null, 2))}</pre></details>`);
  return parts.join('');
}

function download() {
  const result = answer(kernel.bundle(filesJson()));
  if (result.type !== 'success') {
    $('check-status').textContent = 'The rules do not compile: no bundle.';
    return;
  }
  const blob = new Blob([JSON.stringify(result.bundle)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${result.bundle.name}.bundle.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function main() {
  kernel = await start();
  const today = new Date();
  $('as-of').value = new URLSearchParams(location.search).get('as-of') || `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const set = new URLSearchParams(location.search).get('rules');
  if (set) $('source-set').value = set;
  source.addEventListener('input', () => {
    state.files[state.current].text = source.value;
    renderGutter();
    scheduleCheck();
  });
  source.addEventListener('scroll', syncScroll);
  source.addEventListener('keydown', (e) => {
    // Tab indents inside the editor; Escape then Tab leaves it (keyboard users are not trapped).
    if (e.key === 'Tab' && !e.shiftKey && !source.dataset.escaped) {
      e.preventDefault();
      source.setRangeText('  ', source.selectionStart, source.selectionEnd, 'end');
      source.dispatchEvent(new Event('input'));
    } else if (e.key === 'Escape') source.dataset.escaped = '1';
  });
  source.addEventListener('blur', () => delete source.dataset.escaped);
  $('source-set').addEventListener('change', () => loadSet($('source-set').value));
  $('new-file').addEventListener('click', () => {
    const name = `new-${state.files.length + 1}.toml`;
    state.files.push({ path: name, text: '# New rule file\n' });
    openFile(state.files.length - 1);
    scheduleCheck();
    source.focus();
  });
  $('open-button').addEventListener('click', () => $('open-files').click());
  $('open-files').addEventListener('change', async (e) => {
    const list = [...e.target.files];
    if (!list.length) return;
    state.files = await Promise.all(list.map(async (f) => ({ path: f.name, text: await f.text() })));
    openFile(0);
    check();
  });
  $('download').addEventListener('click', download);
  $('run-tests').addEventListener('click', runTests);
  $('evaluate').addEventListener('click', evaluateCase);
  await loadSet($('source-set').value);
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  console.error(e);
  $('check-status').textContent = `The playground could not start: ${e.message}`;
});
