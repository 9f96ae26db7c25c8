// Prints the phone's top 5 for each query, for the Go/JS parity test
// (models/search/parity_test.go): node parity.mjs agencies.json queries.json
// prints one JSON line per query: [[id, "exact"|"close"], ...]. With a third
// argument n, it first checks that the search by
// scan (before the index is built) gives every hit as the index does for n
// queries spread over the list (every kind), and exits 1 if not.
// node parity.mjs --romanise words.json prints the romanised key of each.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setRules, search, searchByScan, searchIndexed, romanise } from '../../web/app/js/search.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
setRules(JSON.parse(readFileSync(root + 'web/app/search-rules.json', 'utf8')));
if (process.argv[2] === '--romanise') {
  const ws = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  process.stdout.write(ws.map((w) => JSON.stringify(romanise(w))).join('\n') + '\n');
  process.exit(0);
}
const [agenciesFile, queriesFile] = process.argv.slice(2);
const list = JSON.parse(readFileSync(agenciesFile, 'utf8'));
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const scanned = Number(process.argv[4] || 0);
if (scanned > 0) {
  const all = (hits) => hits.map((h) => `${h.agency.id} ${h.match} ${h.rank} ${h.edits}`).join(',');
  const fresh = list.map((a) => a); // a copy with no index
  let bad = 0;
  const step = Math.max(1, Math.floor(queries.length / scanned));
  for (let i = 0; i < queries.length && i / step < scanned; i += step) {
    const q = queries[i];
    const a = all(searchByScan(fresh, q)); const b = all(searchIndexed(list, q));
    if (a !== b && ++bad <= 10) process.stderr.write(`scan and index differ for ${JSON.stringify(q)}:\n  scan  ${a.slice(0, 300)}\n  index ${b.slice(0, 300)}\n`);
  }
  if (bad) { process.stderr.write(`${bad} of ${scanned} queries differ between scan and index\n`); process.exit(1); }
}
const out = queries.map((q) => JSON.stringify(search(list, q).slice(0, 5).map((h) => [h.agency.id, h.match])));
process.stdout.write(out.join('\n') + '\n');
