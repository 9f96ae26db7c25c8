// Issue #13: agency search forgives how people type. The four examples of
// the issue, on the phone's own copy of the list, online and then with the
// network off; close matches come under "Did you mean…?", never as a
// confirmation, with the not-on-the-list advice still on screen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.js';
import { launchBrowser, newContext, firstVisit, goOffline, open, tid, seeTestId, eventually } from '../lib/browser.js';
import { byLicence } from '../lib/data.js';

const bamboo = byLicence('DEMO-LA-0111'); // Bamboo Hands Workforce Co., Ltd.
const mekong = byLicence('DEMO-LA-0101'); // Mekong Bridge Manpower Co., Ltd.
const mekongIllegal = byLicence('DEMO-NL-0501'); // Mekong Quick Jobs (illegal)

const licences = (page, id) => tid(page, id).evaluateAll((els) => els.map((e) => e.getAttribute('data-licence')));

async function searchFor(page, base, q) {
  await open(page, base, '/agencies?q=' + encodeURIComponent(q));
  await eventually(async () => (await tid(page, 'agency-result').count()) + (await tid(page, 'not-on-list').count()) > 0,
    { message: `an answer for "${q}"` });
}

/** Close matches: under "Did you mean", with the name and licence, no verdict badge, the not-on-list advice beside. */
async function seeCloseOnly(page, q, want) {
  await seeTestId(page, 'did-you-mean', { what: `"Did you mean" for "${q}"` });
  const close = await licences(page, 'agency-close');
  for (const a of want) assert.ok(close.includes(a.licence_no), `"${q}" offers ${a.licence_no} as a close match, got ${close}`);
  assert.equal(await tid(page, 'agency-result').count(), 0, `"${q}" confirms nothing`);
  await seeTestId(page, 'not-on-list', { what: `the not-on-the-list advice beside the close matches for "${q}"` });
  const cards = tid(page, 'agency-close');
  assert.equal(await cards.locator('[data-testid="status-badge"]').count(), 0, 'a close match has no coloured verdict badge');
  const first = await cards.first().innerText();
  const a = want[0];
  assert.ok(first.includes(a.licence_no), `the close card shows the licence number ${a.licence_no}`);
  assert.ok(first.includes(a.name_en) && first.includes(a.name_lo), 'the close card shows the full name in Lao and Latin letters');
}

function examples(ctx) {
  it('"hands bamboo" (words in another order) finds Bamboo Hands as a result', async () => {
    const { page, base } = ctx;
    await searchFor(page, base, 'hands bamboo');
    assert.deepEqual(await licences(page, 'agency-result'), [bamboo.licence_no]);
    assert.equal(await tid(page, 'not-on-list').count(), 0);
  });
  it('"bammboo" and "mekhong" (one letter wrong) offer the agencies under "Did you mean"', async () => {
    const { page, base } = ctx;
    await searchFor(page, base, 'bammboo');
    await seeCloseOnly(page, 'bammboo', [bamboo]);
    await searchFor(page, base, 'mekhong');
    await seeCloseOnly(page, 'mekhong', [mekong, mekongIllegal]);
    const status = await page.locator(`[data-testid="agency-close"][data-licence="${mekongIllegal.licence_no}"] [data-testid="close-status"]`).innerText();
    assert.ok(status.trim().length > 0, 'the close card of an illegal recruiter still says its status');
    assert.equal(await page.locator(`[data-testid="agency-close"][data-licence="${mekongIllegal.licence_no}"]`).getAttribute('data-status'), 'illegal');
  });
  it('"DEMO-LA-101" (a zero left out) offers DEMO-LA-0101; the /a/ page keeps its verdict', async () => {
    const { page, base } = ctx;
    await searchFor(page, base, 'DEMO-LA-101');
    await seeCloseOnly(page, 'DEMO-LA-101', [mekong]);
    await open(page, base, '/a/DEMO-LA-101');
    await seeTestId(page, 'not-on-list', { what: 'the lookup of a licence number that is not on the list' });
    assert.deepEqual(await licences(page, 'agency-close'), [mekong.licence_no], 'with the listing it may be, as a question');
    assert.equal(await tid(page, 'agency-detail').count(), 0, 'never shown as that listing');
  });
  it('Thai "แม่โขง" finds the Lao-script ແມ່ຂອງ names under "Did you mean"', async () => {
    const { page, base } = ctx;
    await searchFor(page, base, 'แม่โขง');
    await seeCloseOnly(page, 'แม่โขง', [mekong, mekongIllegal]);
  });
}

describe('search forgives how people type', () => {
  const ctx = {};
  let server; let browser; let context; let rec;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, rec } = await newContext(browser));
    ctx.page = await context.newPage();
    ctx.base = server.url;
    await firstVisit(ctx.page, server.url);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  describe('online', () => {
    it('the phone builds its search index in idle time once the list is loaded, before any search', async () => {
      const { page, base } = ctx;
      await open(page, base, '/'); // a fresh page: the home screen searches nothing
      await eventually(() => page.evaluate(async () => {
        const { data } = await import('/js/store.js');
        const s = await import('/js/search.js');
        return data.agencies.length > 0 && s.prepared(data.agencies);
      }), { message: 'the index of the stored list built without a search' });
    });
    examples(ctx);
    it('the API says how each item was found', async () => {
      const get = (q) => ctx.page.evaluate(async (u) => (await fetch(u)).json(), '/api/v1/agencies?q=' + encodeURIComponent(q));
      const exact = await get('hands bamboo');
      assert.deepEqual(exact.items.map((a) => [a.licence_no, a.match]), [[bamboo.licence_no, 'exact']]);
      for (const q of ['bammboo', 'mekhong', 'DEMO-LA-101', 'แม่โขง']) {
        const r = await get(q);
        assert.ok(r.items.length > 0 && r.items.every((a) => a.match === 'close'), `${q}: only close matches, got ${JSON.stringify(r.items.map((a) => [a.licence_no, a.match]))}`);
      }
    });
  });

  describe('offline', () => {
    before(async () => { await goOffline(context, rec, server); });
    examples(ctx);
  });
});
