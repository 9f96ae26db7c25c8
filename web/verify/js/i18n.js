// UI strings in Lao (the default), Thai and English, from i18n/*.json.
export const LANGS = [
  { code: 'lo', name: 'ລາວ' },
  { code: 'th', name: 'ไทย' },
  { code: 'en', name: 'English' },
];
const KEY = 'paidee.console.lang';
let current = 'lo';
let dict = {};

export function lang() { return current; }

const known = (code) => LANGS.some((l) => l.code === code);

/** The saved choice, else the browser's languages (th → Thai, en → English), else Lao. */
export function initialLang() {
  let saved = null;
  try { saved = localStorage.getItem(KEY); } catch { /* storage may be blocked */ }
  if (known(saved)) return saved;
  for (const l of navigator.languages || [navigator.language || '']) {
    const p = String(l).toLowerCase().split('-')[0];
    if (known(p)) return p;
  }
  return 'lo';
}

/** Load a catalog; save is true when the verifier chose the language. */
export async function setLang(code, save) {
  if (!known(code)) code = 'lo';
  const res = await fetch(`/verify/i18n/${code}.json`, { cache: 'no-cache' });
  dict = await res.json();
  current = code;
  if (save) {
    try { localStorage.setItem(KEY, code); } catch { /* storage may be blocked */ }
  }
  document.documentElement.lang = code;
}

/** Whether the catalog has a string for key. */
export function has(key) { return Object.hasOwn(dict, key); }

// t('agency.saved', {n: 3}) → the string with {n} filled in; the key
// itself if it is missing (a test keeps the catalogs complete).
export function t(key, vars) {
  let s = dict[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
