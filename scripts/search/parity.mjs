// Prints the phone's top 5 for each query, for the Go/JS parity test
// (models/search/parity_test.go): node parity.mjs agencies.json queries.json
// prints one JSON line per query: [[id, "exact"|"close"], ...].
// node parity.mjs --romanise words.json prints the romanised key of each.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setRules, search, romanise } from '../../web/app/js/search.js';

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
const out = queries.map((q) => JSON.stringify(search(list, q).slice(0, 5).map((h) => [h.agency.id, h.match])));
process.stdout.write(out.join('\n') + '\n');
