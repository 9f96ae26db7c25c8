// A new version of the app is deployed: the phone notices it, offers the
// update (update-available), and after the tap runs the new version — with
// the worker's own things (checklist ticks, the data) kept.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, updatedBinary } from '../lib/server.js';
import {
  launchBrowser, newContext, firstVisit, waitReady, open, tid, seeTestId, isOn, eventually,
} from '../lib/browser.js';

const cacheNames = (page) => page.evaluate(() => caches.keys());

describe('app update', () => {
  let v2; let browser;
  before(async () => {
    v2 = updatedBinary(); // build before any timing matters
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('offers the new version, and after the tap runs it, keeping the worker\'s data', async () => {
    let srv = await startServer();
    const dataDir = srv.dataDir;
    const { context } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, srv.url);
      const oldCaches = await cacheNames(page);
      assert.ok(oldCaches.length >= 1, `the service worker keeps a cache (${oldCaches})`);
      await open(page, srv.url, '/checklist');
      const item = tid(page, 'check-item').first();
      const key = await item.getAttribute('data-key');
      await item.click();
      await eventually(() => isOn(item), { message: 'the first item ticked' });

      // Deploy: the same data, a new app, at the same address.
      await srv.stop({ keepData: true });
      srv = await startServer({ dataDir, addr: srv.addr, bin: v2 });

      // The next visit finds the new service worker and offers the update.
      await open(page, srv.url, '/');
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r && r.update())).catch(() => {});
      const bar = tid(page, 'update-available');
      await eventually(() => bar.isVisible(), { timeout: 20_000, message: 'the update-available prompt' });
      assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting !== null), true,
        'a new service worker waits for the worker\'s tap (the app is not swapped under them)');

      // Tap: the page reloads into the new version.
      const button = bar.locator('button').first();
      await button.waitFor({ state: 'visible' });
      await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), button.click()]);
      await waitReady(page);
      await eventually(async () => {
        const names = await cacheNames(page);
        return names.length >= 1 && names.every((n) => !oldCaches.includes(n));
      }, { timeout: 10_000, message: `the new version's cache to replace the old one (${oldCaches})` });
      assert.equal(await bar.isVisible(), false, 'no prompt once updated');

      // The worker's things survived the update, and the new version works offline.
      await context.setOffline(true);
      await open(page, srv.url, '/checklist');
      await seeTestId(page, 'check-item');
      assert.equal(await isOn(page.locator(`[data-testid="check-item"][data-key="${key}"]`)), true, 'the checklist tick is kept');
      await open(page, srv.url, '/a/DEMO-LA-0101');
      await seeTestId(page, 'status-badge');
    } finally {
      await context.close();
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
