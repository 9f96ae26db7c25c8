// Trust and safety in the browser: no request ever goes to another origin
// (page or service worker), no screen throws, and the quick exit replaces
// the page at once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  sharedServerAndBrowser, newContext, firstVisit, waitReady, open, tid, seeTestId, clickTo, eventually, foreignRequests,
} from '../lib/browser.js';

const SCREENS = ['/', '/checklist', '/job-check', '/agencies', '/agencies?q=Mekong', '/a/DEMO-LA-0101',
  '/a/DEMO-NL-0501', '/a/NOPE-0000', '/help', '/help/phrases', '/report', '/about', '/demo', '/costs'];

const APP_IDS = ['tile-checklist', 'tile-agencies', 'tile-help', 'agency-search', 'agency-result', 'quick-exit'];

async function anyAppVisible(page) {
  for (const id of APP_IDS) {
    if (await tid(page, id).first().isVisible().catch(() => false)) return id;
  }
  return null;
}

describe('privacy and safety', () => {
  const suite = sharedServerAndBrowser();

  it('never requests another origin, online or offline, from the page or the service worker', async () => {
    const { context, rec } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const csp = [];
      const visit = async (path) => {
        await open(page, suite.server.url, path);
        await page.waitForLoadState('networkidle').catch(() => {});
        csp.push(...(await page.evaluate(() => window.__cspViolations || [])).map((v) => `${path}: ${v}`));
      };
      await firstVisit(page, suite.server.url);
      for (const p of SCREENS) await visit(p);
      await context.setOffline(true);
      for (const p of SCREENS) await visit(p);
      await context.setOffline(false);

      assert.ok(rec.requests.length > 10, 'requests were recorded');
      assert.ok(rec.requests.some((r) => r.sw),
        'requests made by the service worker were recorded too (its precache), so they are checked');
      const foreign = foreignRequests(rec, suite.server.url);
      assert.deepEqual(foreign.map((r) => `${r.method} ${r.url}${r.sw ? ' (service worker)' : ''}`), [],
        'every request goes to the app\'s own origin');
      assert.deepEqual(csp, [], 'no Content-Security-Policy violations (something tried another origin or inline code)');
      const cspConsole = rec.consoleErrors.filter((m) => /Content Security Policy/i.test(m));
      assert.deepEqual(cspConsole, [], 'no CSP refusals in the console');
      assert.deepEqual(rec.pageErrors, [], 'no uncaught script errors on any screen');
    } finally {
      await context.close();
    }
  });

  it('quick exit replaces the page at once, and back does not bring the app back', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url);
      await context.setOffline(true); // in a village with no signal
      await page.reload();
      await waitReady(page);
      await clickTo(page, 'tile-agencies', /^\/agencies/);
      await (await seeTestId(page, 'agency-search')).fill('Mekong');
      await eventually(() => /q=Mekong/i.test(page.url()), { message: 'the search in the address' });
      const historyBefore = await page.evaluate(() => history.length);

      const started = Date.now();
      await (await seeTestId(page, 'quick-exit')).click();
      await eventually(async () => !(await anyAppVisible(page)) && !/\/agencies/.test(page.url()),
        { timeout: 5000, message: 'the app to be gone after quick exit' });
      const took = Date.now() - started;
      assert.ok(took < 3000, `quick exit took ${took} ms (the machine may be busy, but it should be at once)`);
      const url = new URL(page.url());
      assert.ok(url.protocol === 'about:' || url.origin === new URL(suite.server.url).origin,
        `the neutral page is local, it works offline and tells no other site (${page.url()})`);
      assert.doesNotMatch(page.url(), /Mekong/i, 'the search is not in the address any more');
      await page.waitForLoadState('domcontentloaded');
      const title = await page.title();
      assert.doesNotMatch(title, /agenc|ໄປດີມາດີ|Pai Dee/i, `the tab title gives nothing away: "${title}"`);
      const body = (await page.locator('body').innerText().catch(() => '')).trim();
      assert.doesNotMatch(body, /Mekong|agenc|traffick|ໄປດີມາດີ/i, 'the neutral page shows nothing of the app');
      assert.equal(await page.evaluate(() => history.length), historyBefore, 'the page was replaced, not pushed (history did not grow)');

      // Back must not show the app screen with the search again.
      await page.goBack().catch(() => {});
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await anyAppVisible(page), null, `after "back" the app is still gone (at ${page.url()})`);
    } finally {
      await context.close();
    }
  });
});
