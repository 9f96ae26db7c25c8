// Prints the phone's top 5 for each query, for the Go/JS parity test
// (models/search/parity_test.go): node parity.mjs agencies.json queries.json
// prints one JSON line per query: [[id, "exact"|"close"], ...].
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setRules, search } from '../../web/app/js/search.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
setRules(JSON.parse(readFileSync(root + 'web/app/search-rules.json', 'utf8')));
const [agenciesFile, queriesFile] = process.argv.slice(2);
const list = JSON.parse(readFileSync(agenciesFile, 'utf8'));
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const out = queries.map((q) => JSON.stringify(search(list, q).slice(0, 5).map((h) => [h.agency.id, h.match])));
process.stdout.write(out.join('\n') + '\n');
