// A first visit through a deep link on a slow line says "loading the list…"
// until the list is on the phone or the server has answered, never "not
// found" for a listed agency; an app left open picks up changes without a
// reload (when it becomes visible again, with since=).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editAgency } from '../lib/api.js';
import { startWithAdmin, stopAll } from '../lib/accounts.js';
import { newContext, firstVisit, tid, eventually, seeTestId, networkQuiet } from '../lib/browser.js';
import { byLicence } from '../lib/data.js';

/** Record in the page every moment a "not found" verdict is on screen. */
const watchNotFound = () => {
  window.__notFound = [];
  window.__loading = 0;
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="not-on-list"], [data-status="not-listed"]')) {
      window.__notFound.push(document.querySelector('main') ? document.querySelector('main').innerText.slice(0, 200) : '?');
    }
    if (document.querySelector('[data-testid="agency-loading"]')) window.__loading++;
  }).observe(document, { childList: true, subtree: true, attributes: true });
};

describe('deep links on a slow line, and an app left open', () => {
  let srv, browser, token;
  before(async () => ({ srv, browser, token } = await startWithAdmin()));
  after(() => stopAll({ srv, browser }));

  for (const slow of ['bundle', 'bundle and lookup']) {
    it(`first visit to /a/LICENCE, slow ${slow}: "loading", then the listing, never "not found"`, async () => {
      const a = byLicence('DEMO-LA-0101');
      const { context, rec } = await newContext(browser);
      try {
        rec.net.setDelay({
          match: (url) => url.pathname === '/api/v1/bundle' || (slow !== 'bundle' && url.pathname.startsWith('/api/v1/agencies/licence/')),
          ms: 2500,
        });
        await context.addInitScript(watchNotFound);
        const page = await context.newPage();
        await page.goto(srv.url + '/a/' + a.licence_no);
        if (slow !== 'bundle') {
          // Nothing has answered for 2.5 s: the neutral state is on screen.
          const loading = await seeTestId(page, 'agency-loading', { what: 'the neutral loading state' });
          assert.match(await loading.innerText(), new RegExp(a.licence_no));
        }
        const detail = await seeTestId(page, 'agency-detail', { timeout: 15_000, what: 'the listing once the list or the server answered' });
        assert.equal(await detail.getAttribute('data-licence'), a.licence_no);
        assert.deepEqual(await page.evaluate(() => window.__notFound), [], 'a "not found" verdict was on screen for a listed agency');
        assert.ok(await page.evaluate(() => window.__loading) > 0, 'the loading state came first');
      } finally {
        await context.close();
      }
    });
  }

  it('first visit to /a/ of an unknown number: loading, then "not on the list" once known', async () => {
    const { context, rec } = await newContext(browser);
    try {
      // Both slow: until one of them answers, nothing may say "not found".
      rec.net.setDelay({ match: (url) => url.pathname === '/api/v1/bundle' || url.pathname.startsWith('/api/v1/agencies/licence/'), ms: 2500 });
      const page = await context.newPage();
      await page.goto(srv.url + '/a/NOPE-424242');
      await seeTestId(page, 'agency-loading');
      await seeTestId(page, 'not-on-list', { timeout: 15_000, what: 'the verdict once the server answered' });
    } finally {
      await context.close();
    }
  });

  it('an app left open shows a change made on the server when it becomes visible again', async () => {
    const lic = 'DEMO-LA-0102';
    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url, '/a/' + lic);
      await networkQuiet(rec);
      const badge = (await seeTestId(page, 'agency-detail')).locator('[data-testid="status-badge"]').first();
      assert.equal(await badge.getAttribute('data-status'), 'licensed');

      await editAgency(srv.url, token, lic, { status: 'suspended', reason: 'ministry notice (e2e left open)' });

      const before = rec.requests.length;
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await eventually(async () => (await badge.getAttribute('data-status')) === 'suspended',
        { message: 'the listing on screen shows the new status without a reload' });
      const syncs = rec.requests.slice(before).filter((x) => new URL(x.url).pathname === '/api/v1/bundle');
      assert.ok(syncs.length >= 1 && syncs.every((x) => /[?&]since=\d+/.test(x.url)), `a delta sync: ${syncs.map((x) => x.url)}`);
      assert.equal(rec.requests.slice(before).filter((x) => x.method === 'GET' && new URL(x.url).pathname === '/a/' + lic && !x.sw).length, 0, 'no reload');
    } finally {
      await context.close();
    }
  });
});
