// The rules that decide what is a change to a saved agency
// (web/app/js/mine-rules.js, shared by the page and the service worker),
// checked without a browser: every kind of change is found once, and
// nothing is a change when nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/server.js';

globalThis.self = globalThis;
await import(pathToFileURL(join(repoRoot, 'web/app/js/mine-rules.js')).href);
const R = globalThis.paideeMine;

const TODAY = '2026-12-01';
const base = {
  id: 7, licence_no: 'DEMO-LA-0107', name_lo: 'ບໍລິສັດ', name_en: 'Company', status: 'licensed',
  licence_expires: '2027-06-30', warnings: [], public_notes: { lo: '', th: '', en: '' }, status_history: [],
};
const saved = (a = base) => R.entryFor(a, TODAY, '2026-12-01T08:00:00Z');

test('mine rules: nothing changed, nothing found; a second look finds nothing again', () => {
  const r = R.check(saved(), base, TODAY);
  assert.deepEqual(r.added, []);
  assert.deepEqual(r.entry.alerts, []);
});

test('mine rules: each kind of change is found once, with its date', () => {
  const cases = [
    ['suspended', { ...base, status: 'suspended', status_history: [{ at: '2026-12-12T03:00:00Z', from: 'licensed', to: 'suspended' }] },
      [{ type: 'status', from: 'licensed', to: 'suspended', at: '2026-12-12T03:00:00Z' }]],
    ['lapsed by date', { ...base, licence_expires: '2026-11-30' }, [{ type: 'status', from: 'licensed', to: 'expired', at: '2026-11-30' }]],
    ['a new warning', { ...base, warnings: [{ at: '2026-11-20', what: ['asked_fee'] }] }, [{ type: 'warning', at: '2026-11-20', what: ['asked_fee'] }]],
    ['a new note', { ...base, public_notes: { lo: 'x', th: '', en: 'Under investigation' }, updated_at: '2026-11-29T10:00:00Z' }, [{ type: 'note', at: '2026-11-29' }]],
    ['ending within 30 days', { ...base, licence_expires: '2026-12-21' }, [{ type: 'ending', date: '2026-12-21', days: 20 }]],
    ['gone from the list', null, [{ type: 'removed', at: TODAY }]],
  ];
  for (const [name, now, want] of cases) {
    const first = R.check(saved(), now, TODAY);
    assert.deepEqual(first.added, want, name);
    assert.deepEqual(first.entry.alerts, want, name);
    // Compared again with the same copy: no new change, the first still unseen.
    const again = R.check(first.entry, now, TODAY);
    assert.deepEqual(again.added, [], `${name}: found twice`);
    assert.deepEqual(again.entry.alerts, want, `${name}: the unseen change stays`);
  }
});

test('mine rules: a licence ending soon when saved is no change; 31 days is not "within 30"', () => {
  const soon = { ...base, licence_expires: '2026-12-15' };
  assert.deepEqual(R.check(saved(soon), soon, TODAY).added, []);
  const later = { ...base, licence_expires: '2027-01-01' };
  assert.deepEqual(R.check(saved(later), later, TODAY).added, []);
  assert.equal(R.endingSoon(R.snapshot(later, TODAY), TODAY), null);
  assert.equal(R.endingSoon(R.snapshot(later, '2026-12-02'), '2026-12-02'), 30);
});

test('mine rules: back on the list after being gone; alerts are kept to the last 20', () => {
  const gone = R.check(saved(), null, TODAY).entry;
  const back = R.check(gone, base, TODAY);
  assert.deepEqual(back.added.map((x) => x.type), ['back']);
  let e = saved();
  for (let i = 0; i < 30; i++) e = R.check(e, { ...base, warnings: [...Array(i + 1)].map((_, j) => ({ at: `2026-11-${String(j % 28 + 1).padStart(2, '0')}`, what: [`w${j}`] })) }, TODAY).entry;
  assert.equal(e.alerts.length, 20);
});

test('mine rules: which listing a saved entry is — a corrected licence number (same id) is the same agency, not removed', () => {
  const e = saved();
  const corrected = { ...base, licence_no: 'DEMO-LA-0107A' };
  const other = { ...base, id: 99 };
  const cases = [
    ['same id and licence', base, base, base],
    ['licence number corrected, same id', corrected, null, corrected],
    ['list replaced: new id, same licence', null, other, other],
    ['id now another licence, the licence elsewhere', corrected, other, other],
    ['neither', null, null, null],
  ];
  for (const [name, byId, byLic, want] of cases) assert.equal(R.listingOf(e, byId, byLic), want, name);
  // Compared with the corrected listing: no "removed", the new licence number kept.
  const r = R.check(e, R.listingOf(e, corrected, null), TODAY);
  assert.deepEqual(r.added, []);
  assert.equal(r.entry.licence_no, 'DEMO-LA-0107A');
  assert.equal(r.entry.gone, false);
});

test('mine rules: after the phone takes another database, an id is not the same agency', () => {
  const e = { ...R.entryFor(base, TODAY, 'now', 'dataset-a') };
  assert.equal(e.dataset, 'dataset-a');
  const stranger = { ...base, licence_no: 'OTHER-9', name_en: 'Another company' };
  const sameLicence = { ...base, id: 77 };
  assert.equal(R.listingOf(e, stranger, null, 'dataset-a'), stranger, 'same database: a corrected licence number is followed');
  assert.equal(R.listingOf(e, stranger, null, 'dataset-b'), null, 'another database: the same id is not this agency');
  assert.equal(R.listingOf(e, stranger, sameLicence, 'dataset-b'), sameLicence, 'another database: found by its licence number');
  const r = R.check(e, R.listingOf(e, stranger, null, 'dataset-b'), TODAY);
  assert.deepEqual(r.added.map((x) => x.type), ['removed']);
  assert.equal(r.entry.licence_no, base.licence_no, 'never renamed to the stranger');
});
