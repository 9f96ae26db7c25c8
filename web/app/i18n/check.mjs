// Checks for the worker app, with no dependencies:
//   node web/app/i18n/check.mjs
// 1. lo.json, th.json and en.json have exactly the same keys, none empty;
// 2. every static t('key') used in the code exists;
// 3. sw.js precaches every file the app serves (except this script and notes).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
let bad = 0;
const fail = (msg) => { bad++; console.error('FAIL', msg); };

const cat = {};
for (const l of ['lo', 'th', 'en']) cat[l] = JSON.parse(readFileSync(join(app, 'i18n', `${l}.json`), 'utf8'));
const all = new Set(Object.values(cat).flatMap((d) => Object.keys(d)));
for (const k of all) {
  for (const l of Object.keys(cat)) {
    if (!(k in cat[l])) fail(`${l}.json lacks "${k}"`);
    else if (typeof cat[l][k] !== 'string' || !cat[l][k].trim()) fail(`${l}.json: "${k}" is empty`);
  }
}
// Placeholders must match across languages.
for (const k of all) {
  const ph = (s) => [...String(s || '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  if (new Set(Object.values(cat).map((d) => ph(d[k]))).size > 1) fail(`placeholders differ for "${k}"`);
}

const files = [];
(function walk(dir) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p); else files.push('/' + relative(app, p).split('\\').join('/'));
  }
})(app);

for (const f of files.filter((f) => f.endsWith('.js') || f.endsWith('.html'))) {
  const src = readFileSync(join(app, f), 'utf8');
  for (const m of src.matchAll(/\bt\('([\w.\-]+)'/g)) if (!all.has(m[1])) fail(`${f} uses missing key "${m[1]}"`);
  for (const m of src.matchAll(/data-i18n="([\w.\-]+)"/g)) if (!all.has(m[1])) fail(`${f} uses missing key "${m[1]}"`);
}

const sw = readFileSync(join(app, 'sw.js'), 'utf8');
// '/' is index.html, kept under the address a first visit opens.
const shell = new Set([...sw.matchAll(/^\s*'(\/[^']*)',?$/gm)].map((m) => (m[1] === '/' ? '/index.html' : m[1])));
// The PNG icons the manifest (and apple-touch-icon) name are fetched by the
// browser when the app is installed; no screen needs them offline.
const installOnly = new Set(['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']);
const notShipped = new Set(['/sw.js', '/i18n/check.mjs', '/i18n/REVIEW.md', ...installOnly]);
const manifest = JSON.parse(readFileSync(join(app, 'manifest.webmanifest'), 'utf8'));
for (const f of installOnly) if (!manifest.icons.some((i) => i.src === f) && !readFileSync(join(app, 'index.html'), 'utf8').includes(f)) fail(`${f} is neither in the manifest nor in index.html`);
for (const f of installOnly) if (shell.has(f)) fail(`sw.js precaches ${f}, which only an install needs`);
for (const f of files) if (!notShipped.has(f) && !shell.has(f)) fail(`sw.js does not precache ${f}`);
// Made by the server, not a file: the key that signs data bundles, pinned by the app.
const generated = new Set(['/trust.json']);
for (const f of shell) if (!files.includes(f) && !generated.has(f)) fail(`sw.js precaches ${f}, which does not exist`);

if (bad) { console.error(`${bad} problem(s)`); process.exit(1); }
console.log(`ok: ${all.size} keys in lo/th/en, ${shell.size} files precached`);
