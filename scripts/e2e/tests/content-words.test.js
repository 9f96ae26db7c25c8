// The words of the content, checked against the app (no server needed):
// screen names quoted in the seeds ("open “Check an agency”") are the real
// labels of the app's buttons in each language; one "you" in Lao; Gregorian
// years only; nothing meant for administrators in what workers read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../lib/data.js';
import { repoRoot } from '../lib/server.js';

const LANGS = ['lo', 'th', 'en'];
const seed = (name) => JSON.parse(readFileSync(join(repoRoot, 'seeds/data', `${name}.json`), 'utf8'));
const screensDir = join(repoRoot, 'web/app/js/screens');
const screenCode = readdirSync(screensDir).filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(join(screensDir, f), 'utf8')).join('\n');

/** Every {lo,th,en} text in a seed file, with where it is. */
function* texts(node, where = '') {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* texts(v, `${where}[${(v && v.key) || i}]`);
  } else if (node && typeof node === 'object') {
    if (LANGS.some((l) => typeof node[l] === 'string')) {
      for (const l of LANGS) if (typeof node[l] === 'string') yield { where, lang: l, text: node[l] };
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'review') yield* texts(v, `${where}.${k}`);
  }
}
const allSeedTexts = () => ['checklist', 'contacts', 'phrases', 'questions', 'agencies_demo', 'cost_items']
  .flatMap((f) => [...texts(seed(f), f)]);

// A screen is named after "open"/"see" in each language, in straight or curly quotes.
const SCREEN_REF = {
  en: /\b(?:[Oo]pen|[Ss]ee)\s+["“]([^"”]+)["”]/g,
  lo: /(?:ເປີດ|ເບິ່ງ)\s*["“]([^"”]+)["”]/g,
  th: /(?:เปิด|ดู)\s*["“]([^"”]+)["”]/g,
};
// The keys whose text is a button or heading a worker can find on a screen.
const LABEL_KEYS = ['home.checklist', 'home.agencies', 'home.help', 'home.jobcheck', 'home.phrases',
  'home.report', 'home.about', 'help.phrases', 'help.in_laos', 'help.in_thailand', 'help.all_contacts',
  'nav.checklist', 'nav.agencies', 'nav.help'];

test('content: every screen named in the seeds is a real label of the app, in each language', () => {
  const bad = [];
  const found = { lo: 0, th: 0, en: 0 };
  for (const lang of LANGS) {
    const cat = catalog(lang);
    const labels = new Map();
    for (const k of LABEL_KEYS) if (!labels.has(cat[k])) labels.set(cat[k], k);
    for (const { where, text } of allSeedTexts().filter((x) => x.lang === lang)) {
      for (const m of text.matchAll(SCREEN_REF[lang])) {
        found[lang]++;
        const key = labels.get(m[1]);
        if (!key) bad.push(`${lang} ${where}: “${m[1]}” is no label of the app`);
        else if (!screenCode.includes(`t('${key}')`)) bad.push(`${lang} ${where}: ${key} is not shown by any screen`);
      }
    }
  }
  assert.deepEqual(bad, []);
  // The items that send the worker to a screen must keep naming it.
  const items = seed('checklist').stages.flatMap((s) => s.items);
  for (const key of ['deciding-check-offer', 'trouble-report-recruiter', 'trouble-help-at-home', 'trouble-danger-call-191', 'trouble-ask-police']) {
    const it = items.find((x) => x.key === key);
    assert.ok(it, `checklist item ${key} is gone`);
    for (const lang of LANGS) {
      assert.ok([...it.how[lang].matchAll(SCREEN_REF[lang])].length > 0, `${key}.how.${lang} names no screen: ${it.how[lang]}`);
    }
  }
  for (const lang of LANGS) assert.ok(found[lang] >= 5, `only ${found[lang]} screen names found in ${lang}`);
});

test('content: the job check result quoted in the checklist is the real result label', () => {
  const it = seed('checklist').stages.flatMap((s) => s.items).find((x) => x.key === 'deciding-check-offer');
  for (const lang of LANGS) {
    const cat = catalog(lang);
    for (const r of ['safe', 'careful', 'danger']) {
      assert.ok(it.how[lang].includes(`"${cat[`jobcheck.result.${r}`]}"`), `${lang}: "${cat[`jobcheck.result.${r}`]}" not quoted in ${it.how[lang]}`);
    }
  }
});

test('content: one "you" in Lao (ທ່ານ), never ເຈົ້າ', () => {
  // ເຈົ້າໜ້າທີ່ (officer), ເຂົາເຈົ້າ (they) and ເຈົ້າຂອງ (owner) are other words.
  const you = /(?<!ເຂົາ)ເຈົ້າ(?!ໜ້າທີ່|ຂອງ)/;
  const bad = [];
  for (const dir of ['web/app/i18n', 'web/verify/i18n']) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(join(repoRoot, dir, 'lo.json'), 'utf8')))) {
      if (typeof v === 'string' && you.test(v)) bad.push(`${dir}/lo.json ${k}: ${v}`);
    }
  }
  for (const { where, lang, text } of allSeedTexts()) if (lang === 'lo' && you.test(text)) bad.push(`${where}: ${text}`);
  assert.deepEqual(bad, []);
});

test('content: Gregorian years only (no พ.ศ., no Buddhist-era year)', () => {
  const be = /พ\.ศ\.|\b25[4-9]\d\b/;
  const bad = allSeedTexts().filter((x) => x.lang === 'th' && be.test(x.text.replace(/\+?\d[\d -]{6,}\d/g, '')))
    .map((x) => `${x.where}: ${x.text}`);
  for (const dir of ['web/app/i18n', 'web/verify/i18n']) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(join(repoRoot, dir, 'th.json'), 'utf8')))) {
      if (typeof v === 'string' && /พ\.ศ\./.test(v)) bad.push(`${dir}/th.json ${k}: ${v}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('content: no contact carries a note meant for administrators in what workers read', () => {
  const admin = /administrator|ຜູ້ດູແລລະບົບ|ຜູ້ບໍລິຫານລະບົບ|ผู้ดูแลระบบ/i;
  const bad = [];
  for (const c of seed('contacts').contacts) {
    for (const field of ['name', 'notes', 'hours']) {
      for (const l of LANGS) if (admin.test(c[field][l])) bad.push(`${c.key}.${field}.${l}: ${c[field][l]}`);
    }
    if (admin.test(c.check)) bad.push(`${c.key}.check: ${c.check}`);
  }
  assert.deepEqual(bad, []);
});
