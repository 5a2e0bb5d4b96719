// The page's language: from the browser at first, then the person's choice, kept in
// localStorage. Strings live in strings.js; a missing translation falls back to English.
import { strings } from './strings.js';

const storageKey = 'switchboard.lang';
const supported = Object.keys(strings);
let current = pick();

function pick() {
  try {
    const kept = localStorage.getItem(storageKey);
    if (kept && supported.includes(kept)) return kept;
  } catch { /* storage may be off */ }
  for (const wanted of navigator.languages || [navigator.language || 'en']) {
    const base = String(wanted).slice(0, 2).toLowerCase();
    if (supported.includes(base)) return base;
  }
  return 'en';
}

export function lang() {
  return current;
}

export function languages() {
  return supported;
}

export function setLang(code) {
  if (!supported.includes(code)) return;
  current = code;
  try { localStorage.setItem(storageKey, code); } catch { /* storage may be off */ }
  document.documentElement.lang = code;
}

// t('key', {name: 'Bob'}) replaces {name} in the string.
export function t(key, vars = {}) {
  const text = strings[current][key] ?? strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

// Fills every [data-i18n] element of a subtree with its string (for the static parts of
// index.html); [data-i18n-attr="aria-label:key"] sets an attribute.
export function translate(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-attr]').forEach((el) => {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr, t(key));
    }
  });
}

document.documentElement.lang = current;
