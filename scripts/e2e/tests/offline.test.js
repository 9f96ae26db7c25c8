// Issue #3: after one online visit, every worker screen works with the
// network off — in a real Chromium, with the service worker and IndexedDB.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.js';
import {
  launchBrowser, newContext, firstVisit, goOffline, waitReady, open, tid, seeTestId, clickTo, isOn, eventually,
} from '../lib/browser.js';
import { named, byLicence, firstWithStatus } from '../lib/data.js';

/** Does one of the result elements show this agency (licence in the markup, or its name)? */
async function resultsShow(page, agency) {
  const results = await tid(page, 'agency-result').evaluateAll((els) => els.map((e) => ({ html: e.outerHTML, text: e.innerText })));
  return results.some((r) => r.html.includes(agency.licence_no) || r.text.includes(agency.name_en) || r.text.includes(agency.name_lo));
}

/** The status the result for this licence shows (its status-badge), or null. */
async function resultStatus(page, licence) {
  return tid(page, 'agency-result').evaluateAll((els, no) => {
    const el = els.find((e) => e.outerHTML.includes(no));
    if (!el) return null;
    const b = el.querySelector('[data-testid="status-badge"]');
    return b ? b.getAttribute('data-status') : 'no status-badge in the result';
  }, licence);
}

/** The status a worker must see for a seed agency (a licence past its end date is expired). */
function expectedStatus(a) {
  const today = new Date().toISOString().slice(0, 10);
  return a.status === 'licensed' && a.licence_expires && a.licence_expires < today ? 'expired' : a.status;
}

async function search(page, q) {
  const box = await seeTestId(page, 'agency-search');
  await box.fill('');
  await box.fill(q);
  await box.press('Enter').catch(() => {});
}

describe('offline after one online visit', () => {
  let server; let browser; let context; let rec; let page; let seenOnline;

  before(async () => {
    server = await startServer({ accessLog: true }); // to prove nothing reaches it while offline
    browser = await launchBrowser();
    ({ context, rec } = await newContext(browser));
    page = await context.newPage();
    // The first visit: online, installs the app shell and the data.
    await firstVisit(page, server.url);
    seenOnline = await goOffline(context, rec, server);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('reloads with no network, shows the home tiles and the offline badge', async () => {
    await page.reload();
    await waitReady(page);
    for (const id of ['tile-checklist', 'tile-agencies', 'tile-help', 'tile-report']) await seeTestId(page, id);
    await seeTestId(page, 'offline-badge', { what: 'the quiet "offline — data from …" badge' });
  });

  it('opens the checklist offline', async () => {
    await open(page, server.url, '/');
    await clickTo(page, 'tile-checklist', /^\/checklist/);
    await seeTestId(page, 'check-item');
    const n = await tid(page, 'check-item').count();
    assert.ok(n >= 10, `expected the seeded checklist items (37), saw ${n}`);
    await seeTestId(page, 'checklist-progress');
  });

  it('ticks checklist items and keeps them after a reload (offline)', async () => {
    await open(page, server.url, '/checklist');
    const items = tid(page, 'check-item');
    const keys = [];
    for (const i of [0, 2]) {
      const it = items.nth(i);
      keys.push(await it.getAttribute('data-key'));
      assert.equal(await isOn(it), false, `item ${i} should start unticked on a fresh phone`);
      await it.click();
      await eventually(() => isOn(it), { message: `item ${i} to be ticked` });
    }
    assert.ok(keys.every(Boolean), `check-item needs a data-key (got ${JSON.stringify(keys)})`);
    const progress = await tid(page, 'checklist-progress').first().innerText();
    assert.match(progress, /2/, `progress should count 2 ticked items: "${progress}"`);

    await page.reload();
    await waitReady(page);
    await seeTestId(page, 'check-item');
    for (const key of keys) {
      const it = page.locator(`[data-testid="check-item"][data-key="${key}"]`);
      assert.equal(await it.count(), 1, `check-item data-key=${key} after reload`);
      assert.equal(await isOn(it), true, `item ${key} should still be ticked after a reload`);
    }
    const untouched = items.nth(1);
    assert.equal(await isOn(untouched), false, 'an item we did not tick stays unticked');
    assert.match(await tid(page, 'checklist-progress').first().innerText(), /2/);
  });

  it('searches agencies by name offline', async () => {
    await open(page, server.url, '/');
    await clickTo(page, 'tile-agencies', /^\/agencies/);
    await search(page, 'Mekong');
    const want = named('Mekong');
    assert.ok(want.length >= 2, 'seed data has several Mekong agencies');
    await eventually(async () => (await tid(page, 'agency-result').count()) >= want.length,
      { message: `${want.length} results for "Mekong"` });
    for (const a of want) {
      assert.ok(await resultsShow(page, a), `"Mekong" should find ${a.licence_no} ${a.name_en}`);
      assert.equal(await resultStatus(page, a.licence_no), expectedStatus(a), `every result shows its status: ${a.licence_no}`);
    }
    assert.equal(await tid(page, 'agency-result').count(), want.length, 'only the Mekong agencies');
    assert.match(new URL(page.url()).search, /q=Mekong/i, 'the query is in the address (state lives in the URL)');
  });

  it('searches agencies by phone offline, in another written form', async () => {
    const a = byLicence('DEMO-LA-0101'); // stored as "020 5550 1101"
    await open(page, server.url, '/agencies');
    await search(page, '+856 20 5550 1101');
    await eventually(() => resultsShow(page, a), { message: `${a.licence_no} found by "+856 20 5550 1101"` });
    const thai = byLicence('DEMO-NL-0501'); // stored as "+66 81 555 0147"
    await search(page, '081-555-0147');
    await eventually(() => resultsShow(page, thai), { message: `${thai.licence_no} found by "081-555-0147"` });
    assert.equal(await resultStatus(page, thai.licence_no), 'illegal', 'a known illegal recruiter is shown as such');
  });

  it('searches by licence number offline (spaces, dashes and case ignored)', async () => {
    const a = byLicence('DEMO-LA-0203');
    await open(page, server.url, '/agencies?q=' + encodeURIComponent('demo la 0203'));
    await eventually(() => resultsShow(page, a), { message: `${a.licence_no} found by "demo la 0203"` });
  });

  it('opens /a/{licence} directly offline with its status', async () => {
    const a = byLicence('DEMO-LA-0101');
    await open(page, server.url, '/a/' + a.licence_no);
    const badge = await seeTestId(page, 'status-badge');
    assert.equal(await badge.getAttribute('data-status'), 'licensed');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(a.licence_no), `the listing shows its licence number ${a.licence_no}`);
    assert.ok(text.includes(a.name_lo) || text.includes(a.name_en), 'the listing shows the agency name');

    const s = firstWithStatus('suspended');
    await open(page, server.url, '/a/' + s.licence_no);
    assert.equal(await (await seeTestId(page, 'status-badge')).getAttribute('data-status'), 'suspended');
    await eventually(async () => !(await tid(page, 'not-on-list').isVisible()), { message: 'no not-on-list on a listed agency' });
  });

  it('answers "not on the list" for an unknown licence and an unknown name, offline', async () => {
    await open(page, server.url, '/a/NOPE-LA-9999');
    await seeTestId(page, 'not-on-list', { what: 'the "not on the list: do not trust it" answer' });
    assert.equal(await tid(page, 'status-badge').count() === 0 ||
      (await tid(page, 'status-badge').first().getAttribute('data-status')) !== 'licensed', true,
    'an unknown licence is never shown as licensed');

    await open(page, server.url, '/agencies?q=' + encodeURIComponent('Somchai Quick Jobs'));
    await seeTestId(page, 'not-on-list', { what: 'the not-found answer for a search' });
    assert.equal(await tid(page, 'agency-result').count(), 0);
  });

  it('opens emergency help offline, with numbers to call', async () => {
    await open(page, server.url, '/');
    await clickTo(page, 'tile-help', /^\/help$/);
    await seeTestId(page, 'help-top', { what: 'the five numbers that matter' });
    const n = await tid(page, 'contact-card').count();
    assert.ok(n >= 5, `expected the seeded contacts, saw ${n}`);
    const tel = await page.locator('[data-testid="contact-card"] a[href^="tel:"]').count();
    assert.ok(tel >= 5, `contacts are one tap to call (tel: links), saw ${tel}`);
  });

  it('opens the other screens offline (phrases, job check, report, about, demo)', async () => {
    for (const path of ['/help/phrases', '/job-check', '/report', '/about', '/demo']) {
      await open(page, server.url, path);
      const text = (await page.locator('main').innerText()).trim();
      assert.ok(text.length > 40, `${path} shows content offline (got ${JSON.stringify(text.slice(0, 80))})`);
    }
    await open(page, server.url, '/report');
    await seeTestId(page, 'report-submit');
  });

  it('nothing reached the server while offline (the offline tests are honest)', async () => {
    const ok = await page.evaluate(() => fetch('/api/v1/meta', { cache: 'no-store' }).then(() => true, () => false));
    assert.equal(ok, false, 'fetch to the API must fail while offline');
    assert.ok(seenOnline > 0, 'the server logged the first, online visit');
    const during = server.requests().slice(seenOnline);
    assert.deepEqual(during, [], `requests the server received while the browser was offline (page or service worker): ${JSON.stringify(during)}`);
    assert.ok(rec.requests.length > 0);
    // The switch that cuts the browser's own requests (the service worker
    // update check) was really in the way: the online visit went through it.
    assert.ok(rec.net.forwarded() > 0, 'the browser reached the server through the network switch');
  });
});
