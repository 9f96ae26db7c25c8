// The phone's agency search (web/app/js/search.js) against the shared
// fixture file that the Go tests run too (models/search/testdata).
//   node --test scripts/search/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setRules, search, findByLicence } from '../../web/app/js/search.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
setRules(JSON.parse(readFileSync(root + 'web/app/search-rules.json', 'utf8')));
const fx = JSON.parse(readFileSync(root + 'models/search/testdata/fixtures.json', 'utf8'));

for (const tc of fx.cases) {
  test(`fixture ${JSON.stringify(tc.q)}${tc.note ? ' (' + tc.note + ')' : ''}`, () => {
    const hits = search(fx.agencies, tc.q);
    const got = hits.slice(0, 5).map((h) => `${h.agency.licence_no} ${h.match}`);
    if (tc.none) assert.equal(hits.length, 0, `want no result, got ${got}`);
    if (tc.no_exact) assert.ok(!hits.some((h) => h.match === 'exact'), `nothing exact, got ${got}`);
    if (tc.first) {
      assert.ok(hits.length > 0, `want ${tc.first} first, got nothing`);
      assert.equal(`${hits[0].agency.licence_no} ${hits[0].match}`, `${tc.first} ${tc.match}`, `got ${got}`);
    }
    for (const want of tc.top5_has || []) {
      assert.ok(hits.slice(0, 5).some((h) => h.agency.licence_no === want), `${want} in the first five, got ${got}`);
    }
  });
}

test('a licence lookup is exact only: a dropped zero is no verdict', () => {
  assert.equal(findByLicence(fx.agencies, 'demo-la-0101').licence_no, 'DEMO-LA-0101');
  assert.equal(findByLicence(fx.agencies, 'DEMO-LA-101'), null);
});
