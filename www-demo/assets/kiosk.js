// The career-center kiosk: language first, then the screener full screen. Left alone, it
// warns with a countdown and then wipes every answer (the widget element is discarded, so
// nothing of the last person survives) and returns to the language screen.
//   ?idle=SECONDS   inactivity before the warning (default 90)
//   ?warn=SECONDS   length of the warning countdown (default 30, at most the idle time)
//   ?as-of=DATE     decision date (tests); ?bundle=URL another rule bundle
import '../dist/onramp-screener.js';
import { KIOSK_WORDS, textDirection } from '../dist/onramp-i18n.js';

const WORDS = {
  en: {
    name: 'Career center',
    start_over: 'Start over',
    idle_title: 'Are you still there?',
    idle_text: 'For your privacy, your answers will be erased in seconds:',
    idle_stay: "I'm still here",
    idle_clear: 'Erase now',
    print_note: 'Printed from the career-center kiosk. These are possible matches, not decisions: the program decides when you apply.',
  },
  es: {
    name: 'Centro de empleo',
    start_over: 'Empezar de nuevo',
    idle_title: '¿Sigue ahí?',
    idle_text: 'Por su privacidad, sus respuestas se borrarán en segundos:',
    idle_stay: 'Sigo aquí',
    idle_clear: 'Borrar ahora',
    print_note: 'Impreso en el quiosco del centro de empleo. Son posibles coincidencias, no decisiones: el programa decide cuando usted presenta la solicitud.',
  },
  zh: {
    name: '就业中心',
    start_over: '重新开始',
    idle_title: '您还在吗？',
    idle_text: '为保护您的隐私，您的回答将在以下秒数后清除：',
    idle_stay: '我还在',
    idle_clear: '立即清除',
    print_note: '由就业中心自助终端打印。以上为可能的匹配结果，并非最终决定：申请时由项目决定。',
  },
};
// ru, bn, ht, ko, ar, ur, fr, pl: from the widget's language modules (www-demo/src/i18n/).
for (const [code, words] of Object.entries(KIOSK_WORDS)) WORDS[code] = { ...WORDS.en, ...words };

const params = new URLSearchParams(location.search);
const seconds = (name, fallback) => {
  const n = Number(params.get(name));
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const IDLE = seconds('idle', 90);
const WARN = Math.min(seconds('warn', 30), IDLE);

const start = document.getElementById('start');
const session = document.getElementById('session');
const slot = document.getElementById('screener-slot');
const dialog = document.getElementById('idle');
const count = document.getElementById('idle-count');
let lang = 'en';
let idleTimer = null;
let countdown = null;

function words() {
  return WORDS[lang] || WORDS.en;
}

function label() {
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = words()[el.dataset.t];
}

function begin(chosen) {
  lang = chosen;
  slot.replaceChildren();
  const widget = document.createElement('onramp-screener');
  widget.setAttribute('lang', lang);
  widget.setAttribute('kiosk', '');
  widget.setAttribute('printable', '');
  if (params.get('as-of')) widget.setAttribute('as-of', params.get('as-of'));
  if (params.get('bundle')) widget.setAttribute('bundle', params.get('bundle'));
  // The person may switch language inside the widget: the kiosk's own words follow.
  new MutationObserver(() => {
    lang = widget.getAttribute('lang') || lang;
    label();
  }).observe(widget, { attributes: true, attributeFilter: ['lang'] });
  slot.append(widget);
  label();
  start.hidden = true;
  session.hidden = false;
  arm();
}

/** Wipes everything: the widget (and with it every answer) is thrown away. */
function wipe() {
  disarm();
  if (dialog.open) dialog.close();
  slot.replaceChildren();
  session.hidden = true;
  start.hidden = false;
  lang = 'en';
  document.documentElement.lang = 'en';
  document.documentElement.dir = 'ltr';
  document.body.dataset.wiped = String(Number(document.body.dataset.wiped || 0) + 1);
  start.querySelector('h1').focus();
}

function disarm() {
  clearTimeout(idleTimer);
  clearInterval(countdown);
  idleTimer = countdown = null;
}

function arm() {
  disarm();
  if (session.hidden) return;
  idleTimer = setTimeout(warn, IDLE * 1000);
}

function warn() {
  let left = WARN;
  count.textContent = String(left);
  label();
  dialog.showModal();
  countdown = setInterval(() => {
    left -= 1;
    count.textContent = String(Math.max(left, 0));
    if (left <= 0) wipe();
  }, 1000);
}

for (const button of document.querySelectorAll('.lang-button')) {
  button.addEventListener('click', () => begin(button.dataset.lang));
}
document.getElementById('start-over').addEventListener('click', wipe);
// The widget's own "start over" also returns to the language screen.
slot.addEventListener('onramp:reset', wipe);
document.getElementById('idle-stay').addEventListener('click', () => {
  dialog.close();
  arm();
});
document.getElementById('idle-clear').addEventListener('click', wipe);
dialog.addEventListener('cancel', (e) => {
  // Escape means "I'm still here".
  e.preventDefault();
  dialog.close();
  arm();
});
for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) {
  document.addEventListener(type, () => {
    if (!dialog.open) arm();
  }, { capture: true, passive: true });
}
label();
// Leave nothing behind when the page is hidden or left.
addEventListener('pagehide', wipe);
