// What the tests know about the app's content: the demo agencies from the
// seed file and the UI catalogs, read from the repository so the tests
// follow the data instead of copying it.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.js';

export const agencies = JSON.parse(readFileSync(join(repoRoot, 'seeds/data/agencies_demo.json'), 'utf8')).agencies;

export const byLicence = (no) => {
  const a = agencies.find((x) => x.licence_no === no);
  if (!a) throw new Error(`no demo agency ${no} in seeds/data/agencies_demo.json`);
  return a;
};

/** Demo agencies whose English name contains word (case-insensitive). */
export const named = (word) => agencies.filter((a) => a.name_en.toLowerCase().includes(word.toLowerCase()));

export const firstWithStatus = (status) => {
  const a = agencies.find((x) => x.status === status);
  if (!a) throw new Error(`no demo agency with status ${status}`);
  return a;
};

export const i18nDir = join(repoRoot, 'web/app/i18n');

/** The UI catalog of one language, or null when the file is missing. */
export function catalog(lang) {
  const p = join(i18nDir, `${lang}.json`);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}

/** Flatten nested catalogs to dotted keys: {a: {b: "x"}} → {"a.b": "x"}. */
export function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

// Scripts, to tell which language a text is written in.
export const LAO = /[\u0E80-\u0EFF]/;
export const THAI = /[\u0E00-\u0E7F]/;
