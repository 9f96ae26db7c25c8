// "My agency": a worker saves the agency they deal with; a verifier
// suspends it; after the phone's next sync home shows the change (and
// keeps showing it offline) until the worker has seen it. No request names
// the saved agency. With notifications allowed, the service worker shows
// one, after a sync at the next open and after a Periodic Background Sync.
// "Forget everything" on About clears saved agencies and all the rest.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, listingOf, editAgency } from '../lib/api.js';
import { startWithAdmin, stopAll } from '../lib/accounts.js';
import { newContext, firstVisit, open, tid, seeTestId, eventually, goOffline, networkQuiet } from '../lib/browser.js';
import { byLicence, catalog } from '../lib/data.js';

const lo = catalog('lo');

/** The saved agencies as the phone keeps them (IndexedDB "mine"). */
const mineStore = (page) => page.evaluate(() => new Promise((res, rej) => {
  const r = indexedDB.open('paidee');
  r.onsuccess = () => {
    const q = r.result.transaction('mine').objectStore('mine').getAll();
    q.onsuccess = () => { r.result.close(); res(q.result); };
    q.onerror = () => rej(q.error);
  };
  r.onerror = () => rej(r.error);
}));

const notifications = (page) => page.evaluate(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
});

/** A request that names the agency: its id in an API path, or its licence number anywhere but a listing's page address. */
function naming(rec, from, a) {
  return rec.requests.slice(from).filter((r) => {
    const u = new URL(r.url);
    if (u.pathname === '/a/' + a.licence_no || u.pathname === '/a/' + encodeURIComponent(a.licence_no)) return false;
    return u.pathname.startsWith('/api/') && (r.url.includes(a.licence_no) || new RegExp(`/agencies/${a.id}(\\b|/)`).test(u.pathname) ||
      String(r.postData || '').includes(a.licence_no));
  }).map((r) => `${r.method} ${r.url}`);
}

describe('my agency: saved on the phone, changes shown after a sync', () => {
  let srv, browser, token;
  before(async () => ({ srv, browser, token } = await startWithAdmin()));
  after(() => stopAll({ srv, browser }));

  const listing = (lic) => listingOf(srv.url, lic);
  const patch = (lic, json) => editAgency(srv.url, token, lic, json);

  it('save an agency; a verifier suspends it; after the next sync home shows it, offline too, until seen', async () => {
    const lic = 'DEMO-LA-0102';
    const a = { ...byLicence(lic), id: (await listing(lic)).id };
    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/' + lic);
      const from = rec.requests.length;
      const save = await seeTestId(page, 'mine-save');
      assert.equal(await save.getAttribute('aria-pressed'), 'false');
      await save.click();
      await eventually(async () => (await save.getAttribute('aria-pressed')) === 'true', { message: 'the button to say saved' });
      await seeTestId(page, 'mine-saved-note');
      assert.ok(!/\bnull\b|undefined/.test(await tid(page, 'mine-controls').innerText()), await tid(page, 'mine-controls').innerText());
      const stored = await mineStore(page);
      assert.deepEqual(stored.map((e) => [e.id, e.licence_no, e.seen.status]), [[a.id, lic, 'licensed']]);

      // Home: the saved agency's status in a line, no change yet.
      await open(page, srv.url, '/');
      const row = await seeTestId(page, 'mine-row');
      assert.equal(await row.getAttribute('data-status'), 'licensed');
      assert.equal(await tid(page, 'mine-alert').count(), 0);

      // A verifier suspends it (applies at once: it makes the agency look less safe).
      await patch(lic, { status: 'suspended', reason: 'ministry notice (e2e my agency)' });
      await page.evaluate(() => window.paidee.syncNow());
      const box = await seeTestId(page, 'mine-alert', { what: 'the box of changes on home after the sync' });
      const text = await box.innerText();
      assert.ok(text.includes(lo['mine.changed']), text);
      const d = new Date();
      const today = `${d.getDate()} ${lo.months.split(',')[d.getMonth()]} ${d.getFullYear()}`;
      assert.ok(text.includes(lo['mine.st.suspended'].replace('{date}', today)), `names the suspension and its date (${today}): ${text}`);
      assert.ok(text.includes(lo['mine.danger']), `says what to do: ${text}`);
      assert.equal(await tid(page, 'mine-row').first().getAttribute('data-status'), 'suspended');
      assert.deepEqual(naming(rec, from, a), [], 'a request named the saved agency');
      const syncs = rec.requests.slice(from).filter((r) => new URL(r.url).pathname === '/api/v1/bundle');
      assert.ok(syncs.length >= 1 && syncs.every((r) => /^\?since=\d+(&at=[^&]+)?$/.test(new URL(r.url).search)), syncs.map((r) => r.url).join(' '));

      // The listing shows it too.
      await open(page, srv.url, '/a/' + lic);
      await seeTestId(page, 'mine-alert', { what: 'the change on the listing' });

      // Offline, once synced: the box stays, on home and on the listing.
      await goOffline(context, rec);
      await open(page, srv.url, '/');
      assert.ok((await (await seeTestId(page, 'mine-alert')).innerText()).includes(lo['mine.danger']));
      // Seen: gone from home, and stays gone (offline, after a reload).
      await tid(page, 'mine-seen').first().click();
      await eventually(async () => (await tid(page, 'mine-alert').count()) === 0, { message: 'the box to go once seen' });
      await page.reload();
      await page.evaluate(() => window.paidee.ready);
      await seeTestId(page, 'mine-row');
      assert.equal(await tid(page, 'mine-alert').count(), 0, 'a seen change came back');
      assert.equal(await tid(page, 'mine-row').first().getAttribute('data-status'), 'suspended');
    } finally {
      await context.close();
    }
  });

  it('a licence that will end within 30 days is a change; a report never carries a saved agency unless added', async () => {
    const lic = 'DEMO-LA-0104';
    const a = { ...byLicence(lic), id: (await listing(lic)).id };
    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/' + lic);
      await (await seeTestId(page, 'mine-save')).click();
      await seeTestId(page, 'mine-saved-note');
      const soon = new Date(Date.now() + 10 * 864e5).toISOString().slice(0, 10);
      await patch(lic, { licence_expires: soon, reason: 'ministry list: ends sooner' });
      await open(page, srv.url, '/');
      await page.evaluate(() => window.paidee.syncNow());
      const box = await seeTestId(page, 'mine-alert');
      assert.equal(await box.locator('li[data-type="ending"]').count(), 1, await box.innerText());
      assert.ok((await tid(page, 'mine-row').first().innerText()).length > 0);

      // A report made now names no agency: saved agencies stay out of it.
      const from = rec.requests.length;
      await open(page, srv.url, '/report');
      await (await seeTestId(page, 'report-what-asked_fee')).check();
      await tid(page, 'report-agency-name').fill('Somchai Quick Jobs');
      await tid(page, 'report-submit').click();
      await seeTestId(page, 'report-receipt');
      const posts = rec.requests.slice(from).filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/v1/reports');
      assert.equal(posts.length, 1);
      const body = JSON.parse(posts[0].postData);
      assert.equal(body.agency_id, undefined, `the report carried an agency: ${posts[0].postData}`);
      assert.deepEqual(naming(rec, from, a), []);
    } finally {
      await context.close();
    }
  });

  it('with notifications allowed: shown after a sync at the next open, and after a Periodic Background Sync', async () => {
    const lic = 'DEMO-LA-0103';
    const a = { ...byLicence(lic), id: (await listing(lic)).id };
    const { context, rec } = await newContext(browser);
    try {
      await context.grantPermissions(['notifications'], { origin: srv.url });
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/' + lic);
      await (await seeTestId(page, 'mine-save')).click();
      await seeTestId(page, 'mine-saved-note');
      assert.deepEqual(await notifications(page), []);

      // At the next open: the page syncs, finds the change, the service worker shows it.
      await patch(lic, { status: 'suspended', reason: 'ministry notice (e2e notification)' });
      await open(page, srv.url, '/');
      await eventually(async () => (await notifications(page)).length === 1, { message: 'a notification after the sync at open' });
      const [n] = await notifications(page);
      assert.equal(n.title, lo['mine.notify_title']);
      assert.equal(n.body, lo['mine.notify_body']);
      assert.ok(!n.body.includes(a.name_en) && !n.title.includes(a.name_lo), 'the notification names no agency');
      await seeTestId(page, 'mine-alert');
      await page.evaluate(async () => { for (const x of await (await navigator.serviceWorker.getRegistration()).getNotifications()) x.close(); });
      await eventually(async () => (await notifications(page)).length === 0, { message: 'notifications closed' });

      // In the background: a Periodic Background Sync event (dispatched as the
      // browser would) makes the service worker fetch the changes itself.
      await networkQuiet(rec);
      await patch(lic, { status: 'revoked', reason: 'licence taken away (e2e periodic sync)' });
      const from = rec.requests.length;
      const cdp = await context.newCDPSession(page);
      const regs = new Promise((res) => cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => { if (e.registrations.length) res(e.registrations); }));
      await cdp.send('ServiceWorker.enable');
      const [reg] = (await regs).filter((r) => r.scopeURL.startsWith(srv.url) && !r.isDeleted);
      await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: srv.url, registrationId: reg.registrationId, tag: 'paidee-mine' });
      await eventually(async () => (await notifications(page)).length === 1, { timeout: 15_000, message: 'a notification after the periodic sync' });
      const swSyncs = rec.requests.slice(from).filter((r) => r.sw && new URL(r.url).pathname === '/api/v1/bundle');
      assert.ok(swSyncs.length === 1 && /^\?since=\d+/.test(new URL(swSyncs[0].url).search), `the service worker asked for the changes: ${swSyncs.map((r) => r.url)}`);
      assert.deepEqual(naming(rec, from, a), []);
      const entry = (await mineStore(page)).find((e) => e.id === a.id);
      assert.deepEqual(entry.alerts.map((x) => [x.type, x.to]), [['status', 'suspended'], ['status', 'revoked']]);
      // The page shows what the service worker noted.
      await open(page, srv.url, '/');
      const box = await seeTestId(page, 'mine-alert');
      assert.ok((await box.innerText()).includes(lo['mine.st.revoked'].split(' {date}')[0]), await box.innerText());
      await cdp.detach();
    } finally {
      await context.close();
    }
  });

  it('a saved agency removed from the list, or whose licence number was corrected: opened from home without a request naming it', async () => {
    const gone = { ...byLicence('DEMO-LA-0108'), id: (await listing('DEMO-LA-0108')).id };
    const fixed = { ...byLicence('DEMO-LA-0109'), id: (await listing('DEMO-LA-0109')).id };
    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/' + gone.licence_no);
      for (const a of [gone, fixed]) {
        await open(page, srv.url, '/a/' + a.licence_no);
        await (await seeTestId(page, 'mine-save')).click();
        await seeTestId(page, 'mine-saved-note');
      }
      await open(page, srv.url, '/');
      await eventually(async () => (await tid(page, 'mine-row').count()) === 2, { message: 'both saved on home' });
      await networkQuiet(rec);
      const from = rec.requests.length;

      // The list changes: one removed (as tests do, through the API), one's licence number corrected.
      // Both make a listing look safer or move it: a second person (a verifier) approves them.
      const second = { email: 'verifier-mine@example.org', name: 'E2E Verifier (mine)', role: 'verifier', password: 'verifier-e2e-password-2' };
      assert.equal((await call(srv.url, 'POST', '/users', { token, json: second })).status, 201);
      const vtoken = (await call(srv.url, 'POST', '/auth/login', { json: { email: second.email, password: second.password } })).body.token;
      const approved = async (r) => {
        if (r.status === 202) {
          const ok = await call(srv.url, 'POST', `/proposals/${r.body.proposal.id}/approve`, { token: vtoken });
          assert.equal(ok.status, 200, JSON.stringify(ok.body));
        } else assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      await approved(await call(srv.url, 'DELETE', `/agencies/${gone.id}`, { token, json: { reason: 'no longer operating (e2e my agency)' } }));
      const newLic = 'DEMO-LA-0109-C';
      const cur = await listing(fixed.licence_no);
      await approved(await call(srv.url, 'PATCH', `/agencies/${cur.id}`, { token, json: { version: cur.version, licence_no: newLic, reason: 'correction (e2e my agency)' } }));
      assert.equal((await listing(newLic)).id, fixed.id, 'the licence number corrected');
      // The service worker's check in the background (Periodic Background Sync) first: the same rule as the page.
      const cdp = await context.newCDPSession(page);
      const regs = new Promise((res) => cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => { if (e.registrations.length) res(e.registrations); }));
      await cdp.send('ServiceWorker.enable');
      const [reg] = (await regs).filter((r) => r.scopeURL.startsWith(srv.url) && !r.isDeleted);
      await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: srv.url, registrationId: reg.registrationId, tag: 'paidee-mine' });
      await eventually(async () => (await mineStore(page)).find((e) => e.id === gone.id).gone === true, { timeout: 15_000, message: 'the service worker to note the removal' });
      const bySw = (await mineStore(page)).find((e) => e.id === fixed.id);
      assert.equal(bySw.licence_no, newLic, 'the service worker keeps the corrected licence number');
      assert.deepEqual(bySw.alerts, [], 'the service worker raised a false alarm');
      await cdp.detach();
      await page.evaluate(() => window.paidee.syncNow());
      const row = (a) => page.locator(`[data-testid="mine-row"][data-agency="${a.id}"]`);
      await eventually(async () => (await row(gone).getAttribute('data-status')) === 'not-listed', { message: 'the removed one not listed on home' });
      assert.equal(await row(fixed).getAttribute('data-status'), 'licensed', 'a corrected licence number is no removal');
      const stored = await mineStore(page);
      assert.equal(stored.find((e) => e.id === fixed.id).licence_no, newLic, 'the new licence number is kept');
      assert.ok(!stored.find((e) => e.id === fixed.id).alerts.some((x) => x.type === 'removed'), 'no false "removed"');

      // Opened from home: the removed one from what the phone kept, with what to do.
      await row(gone).locator('a.mine-link').click();
      const view = await seeTestId(page, 'agency-gone', { what: 'the saved copy of the removed agency' });
      const text = await view.innerText();
      for (const k of ['mine.gone_lead', 'mine.danger', 'mine.not_on_list']) assert.ok(text.includes(lo[k]), `${k}: ${text}`);
      assert.ok(text.includes(gone.licence_no), text);
      // Reloaded (a cold start of the page) too.
      await page.reload();
      await page.evaluate(() => window.paidee.ready);
      await seeTestId(page, 'agency-gone');
      // The corrected one: its listing under the new number.
      await open(page, srv.url, '/');
      await row(fixed).locator('a.mine-link').click();
      await eventually(async () => (await tid(page, 'agency-detail').getAttribute('data-licence').catch(() => null)) === newLic, { message: 'the corrected listing' });
      await networkQuiet(rec);
      const named = [...naming(rec, from, gone), ...naming(rec, from, fixed), ...naming(rec, from, { ...fixed, licence_no: newLic })];
      assert.deepEqual(named, [], 'a request named a saved agency');
      assert.deepEqual(rec.requests.slice(from).filter((r) => new URL(r.url).pathname.startsWith('/api/v1/agencies')).map((r) => r.url), []);

      // Removed from my agencies: home has only the other.
      await open(page, srv.url, '/a/' + gone.licence_no);
      await (await seeTestId(page, 'mine-forget')).click();
      await page.waitForURL((u) => u.pathname === '/');
      await eventually(async () => (await tid(page, 'mine-row').count()) === 1, { message: 'one saved agency left' });
    } finally {
      await context.close();
    }
  });

  it('"forget everything" on About clears saved agencies and everything else, after a warning about the outbox', async () => {
    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/DEMO-LA-0105');
      await (await seeTestId(page, 'mine-save')).click();
      await seeTestId(page, 'mine-saved-note');
      // Progress, a draft, answers and a report waiting to be sent.
      await open(page, srv.url, '/checklist');
      await tid(page, 'check-item').first().check();
      await goOffline(context, rec);
      await open(page, srv.url, '/report');
      await (await seeTestId(page, 'report-what-kept_passport')).check();
      await tid(page, 'report-agency-name').fill('Somchai Quick Jobs');
      await tid(page, 'report-submit').click();
      await seeTestId(page, 'report-queued');
      await page.evaluate(() => localStorage.setItem('paidee.lang', 'lo'));
      assert.equal(await page.evaluate(() => window.paidee.outboxCount()), 1);

      await open(page, srv.url, '/about');
      await (await seeTestId(page, 'forget-start')).click();
      const confirm = await seeTestId(page, 'forget-confirm');
      assert.ok((await confirm.innerText()).includes(lo['forget.what_mine'].replace('{n}', '1')), await confirm.innerText());
      await seeTestId(page, 'forget-outbox-warning', { what: 'the warning that a waiting report will be lost' });
      await tid(page, 'forget-yes').click();
      await seeTestId(page, 'forget-done');

      assert.deepEqual(await mineStore(page), []);
      assert.equal(await page.evaluate(() => window.paidee.outboxCount()), 0);
      const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('paidee.')));
      assert.deepEqual(kept, ['paidee.lang'], 'only the language stays');
      // Home has no saved agency; the public list stays and works offline.
      await open(page, srv.url, '/');
      await seeTestId(page, 'tile-agencies');
      assert.equal(await tid(page, 'mine-row').count(), 0);
      await open(page, srv.url, '/a/DEMO-LA-0105');
      const save = await seeTestId(page, 'mine-save');
      assert.equal(await save.getAttribute('aria-pressed'), 'false');
      await open(page, srv.url, '/checklist');
      assert.equal(await tid(page, 'check-item').first().isChecked(), false, 'checklist ticks were kept');
    } finally {
      await context.close();
    }
  });
});
