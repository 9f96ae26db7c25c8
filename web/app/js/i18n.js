// Languages: Lao first, then Thai and English. UI strings live in
// /i18n/{lo,th,en}.json (same keys in all three; see i18n/check-keys.mjs).
export const LANGS = ['lo', 'th', 'en'];
const KEY = 'paidee.lang';

let lang = 'lo';
let dict = {};

/** The saved choice, else the browser's languages (th → Thai, en → English), else Lao. */
export function detectLang() {
  try {
    const saved = localStorage.getItem(KEY);
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage may be blocked */ }
  for (const l of navigator.languages || [navigator.language || '']) {
    const p = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(p)) return p;
  }
  return 'lo';
}

export async function loadLang(l, save) {
  if (!LANGS.includes(l)) l = 'lo';
  const res = await fetch(`/i18n/${l}.json`);
  if (!res.ok) throw new Error(`i18n ${l}: HTTP ${res.status}`);
  dict = await res.json();
  lang = l;
  // <html lang> changes fonts and sizes: the router sets it (showLang) in
  // the same frame as the new screen, so the page is laid out once.
  if (save) {
    try { localStorage.setItem(KEY, l); } catch { /* ignore */ }
  }
}

export const getLang = () => lang;

/** Put the current language on <html> (fonts, sizes, screen readers). */
export function showLang() {
  const root = document.documentElement;
  if (root.lang !== lang) root.lang = lang;
}

/** A UI string; {name} placeholders are filled from vars. */
export function t(key, vars) {
  let s = dict[key];
  if (s == null) {
    console.warn('i18n: missing key', key);
    s = key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] != null ? vars[k] : m));
  return s;
}

/**
 * Pick multilingual content {lo, th, en} in the current language, falling
 * back to Lao, then English, then Thai. Returns [text, language used], so
 * the element can carry the right lang attribute (and font).
 */
export function pick(text) {
  if (!text) return ['', lang];
  if (typeof text === 'string') return [text, lang];
  for (const l of [lang, 'lo', 'en', 'th']) {
    if (text[l] && String(text[l]).trim()) return [text[l], l];
  }
  return ['', lang];
}
export const pickText = (text) => pick(text)[0];

// Dates: the month in words, as people write them ("3 November 2026"). We
// use the Gregorian calendar in every language, also in Thai (no
// Buddhist-era year), because passports, contracts, licences and work
// permits for Lao workers carry Gregorian dates and a year like 2569 next to
// 2026 confuses. Month names come from our own catalogs: many browsers
// (Chromium too) ship no Lao date data, and loading the browser's date data
// (Intl) costs a long pause on a cheap phone.

function toDate(v) {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number);
    return new Date(y, m - 1, d); // a calendar date, not a moment: no time-zone shift
  }
  return new Date(v);
}

/** "3 November 2026"; withYear false gives "3 November". */
export function fmtDate(v, withYear = true) {
  if (!v) return '';
  const d = toDate(v);
  if (isNaN(d)) return String(v);
  const months = t('months').split(',');
  return `${d.getDate()} ${months[d.getMonth()] || d.getMonth() + 1}${withYear ? ' ' + d.getFullYear() : ''}`;
}

/** Today as YYYY-MM-DD in the phone's own time zone. */
export function todayISO() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Whether the catalog has this key (for labels of codes that may be new). */
export const has = (key) => Object.prototype.hasOwnProperty.call(dict, key);
