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

export function initialLang() {
  const saved = localStorage.getItem(KEY);
  return LANGS.some((l) => l.code === saved) ? saved : 'lo';
}

export async function setLang(code) {
  const res = await fetch(`/verify/i18n/${code}.json`, { cache: 'no-cache' });
  dict = await res.json();
  current = code;
  localStorage.setItem(KEY, code);
  document.documentElement.lang = code;
}

// t('agency.saved', {n: 3}) → the string with {n} filled in; the key
// itself if it is missing (a test keeps the catalogs complete).
export function t(key, vars) {
  let s = dict[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
