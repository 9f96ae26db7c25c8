// The phone's agency search (web/app/js/search.js) against the shared
// fixture file that the Go tests run too (models/search/testdata).
//   node --test scripts/search/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setRules, search, searchByScan, searchIndexed, findByLicence, prepare, prepared } from '../../web/app/js/search.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
setRules(JSON.parse(readFileSync(root + 'web/app/search-rules.json', 'utf8')));
const fx = JSON.parse(readFileSync(root + 'models/search/testdata/fixtures.json', 'utf8'));

for (const tc of fx.cases) {
  test(`fixture ${JSON.stringify(tc.q)}${tc.note ? ' (' + tc.note + ')' : ''}`, () => {
    const hits = search(fx.agencies, tc.q);
    const got = hits.slice(0, 5).map((h) => `${h.agency.licence_no} ${h.match}`);
    if (tc.exact_only) assert.deepEqual(hits.filter((h) => h.match === 'exact').map((h) => h.agency.licence_no), tc.exact_only, `exact ones, got ${got}`);
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

test('an index built in idle slices (prepare) answers as one built by the first search', async () => {
  const cold = fx.agencies.map((a) => a);
  const warm = fx.agencies.map((a) => a);
  await prepare(warm);
  for (const tc of fx.cases) {
    const a = search(cold, tc.q).map((h) => `${h.agency.id} ${h.match} ${h.rank} ${h.edits}`);
    const b = search(warm, tc.q).map((h) => `${h.agency.id} ${h.match} ${h.rank} ${h.edits}`);
    assert.deepEqual(b, a, tc.q);
  }
});

test('a search while the index is still being prepared reads the list, and the build goes on', async () => {
  const many = [];
  for (let i = 0; i < 5; i++) for (const a of fx.agencies) many.push({ ...a, id: a.id + 1000 * i });
  const done = prepare(many); // more than one slice of listings: not finished yet
  const hits = search(many, 'bamboo hands');
  assert.equal(prepared(many), false, 'the search did not wait for the index');
  assert.equal(hits.length, 5);
  assert.ok(hits.every((h) => h.agency.name_en.startsWith('Bamboo Hands')));
  await done; // and the preparation ends
  assert.equal(prepared(many), true);
  assert.deepEqual(search(many, 'bamboo hands'), hits);
  const newer = many.slice(1);
  const p1 = prepare(many.slice(2));
  const p2 = prepare(newer); // a newer list replaces the one being prepared
  await Promise.all([p1, p2]);
  assert.equal(search(newer, 'bamboo hands').length, 5);
});

// Every hit, in order, with how it matched.
const all = (hits) => hits.map((h) => `${h.agency.id} ${h.match} ${h.rank} ${h.edits}`);

test('a search by scan (before the index is built) answers as the index does, every fixture', () => {
  const indexed = fx.agencies.map((a) => a);
  for (const tc of fx.cases) {
    const fresh = fx.agencies.map((a) => a); // no index, no keys yet
    const a = searchByScan(fresh, tc.q);
    assert.equal(prepared(fresh), false);
    assert.deepEqual(all(a), all(searchIndexed(indexed, tc.q)), tc.q);
  }
  // With the same names under ties: list order (name, then id) breaks them.
  const twins = [];
  for (const a of fx.agencies) twins.push({ ...a, id: a.id + 5000 }, a);
  for (const tc of fx.cases) assert.deepEqual(all(searchByScan(twins, tc.q)), all(searchIndexed(twins.slice(), tc.q)), tc.q);
});

test('a licence lookup before the index is built finds the same listing', () => {
  for (const a of fx.agencies) {
    assert.equal(findByLicence(fx.agencies.map((b) => b), a.licence_no), findByLicence(fx.agencies, a.licence_no));
  }
  assert.equal(findByLicence(fx.agencies.map((b) => b), 'DEMO-LA-101'), null);
});
