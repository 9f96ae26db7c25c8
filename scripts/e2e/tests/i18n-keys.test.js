// Every UI string exists in Lao, Thai and English: the three catalogs in
// web/app/i18n have the same keys, no empty values, and the same {placeholders}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, flatten, i18nDir } from '../lib/data.js';

const LANGS = ['en', 'lo', 'th'];

function load() {
  const cats = {};
  for (const l of LANGS) {
    const c = catalog(l);
    assert.ok(c, `${i18nDir}/${l}.json is missing`);
    cats[l] = flatten(c);
  }
  return cats;
}

test('i18n: en.json, lo.json and th.json have the same keys', () => {
  const cats = load();
  const problems = [];
  for (const a of LANGS) {
    for (const b of LANGS) {
      if (a === b) continue;
      const missing = Object.keys(cats[a]).filter((k) => !(k in cats[b]));
      if (missing.length) problems.push(`in ${a}.json but missing from ${b}.json (${missing.length}): ${missing.join(', ')}`);
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
  assert.ok(Object.keys(cats.en).length > 20, 'the catalogs hold almost nothing');
});

test('i18n: no empty strings', () => {
  const cats = load();
  const empty = [];
  for (const l of LANGS) {
    for (const [k, v] of Object.entries(cats[l])) {
      if (typeof v === 'string' ? v.trim() === '' : !(Array.isArray(v) && v.length)) empty.push(`${l}: ${k}`);
    }
  }
  assert.equal(empty.length, 0, `empty values: ${empty.join(', ')}`);
});

test('i18n: the same {placeholders} in every language', () => {
  const cats = load();
  const ph = (v) => (typeof v === 'string' ? [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',') : '');
  const bad = [];
  for (const k of Object.keys(cats.en)) {
    const want = ph(cats.en[k]);
    for (const l of ['lo', 'th']) {
      if (k in cats[l] && ph(cats[l][k]) !== want) bad.push(`${k}: en {${want}} but ${l} {${ph(cats[l][k])}}`);
    }
  }
  assert.equal(bad.length, 0, bad.join('\n'));
});
