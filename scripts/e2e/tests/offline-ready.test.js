// "Ready without internet" on the home screen is true: it comes only once
// every file of the app is in the service worker's cache and the data is on
// the phone, with progress until then; after it, the app opens offline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedServerAndBrowser, newContext, waitReady, open, seeTestId, eventually, networkQuiet } from '../lib/browser.js';
import { repoRoot } from '../lib/server.js';

const SHELL = [...readFileSync(join(repoRoot, 'web/app/sw.js'), 'utf8').match(/const SHELL = \[([\s\S]*?)\];/)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const GATED = '/js/screens/demo.js';

/** How many SHELL files some paidee cache of the page holds. */
const cachedCount = (page, shell) => page.evaluate(async (list) => {
  let n = 0;
  for (const u of list) if (await caches.match(u)) n++;
  return n;
}, shell);

describe('ready without internet', () => {
  const suite = sharedServerAndBrowser();

  it('the first visit says ready only after the app shell is cached and the data stored', async () => {
    assert.ok(SHELL.length > 20 && SHELL.includes(GATED), 'SHELL read from sw.js');
    const { context, rec } = await newContext(suite.browser);
    try {
      let open_;
      const gate = new Promise((r) => { open_ = r; });
      rec.net.setDelay({ match: (url) => url.pathname === GATED, until: gate });
      const page = await context.newPage();
      await page.goto(suite.server.url + '/');
      await waitReady(page); // the data is on the phone
      const signal = await seeTestId(page, 'offline-ready');
      // The worker is still waiting for one file: progress, not "ready".
      await eventually(async () => (await cachedCount(page, SHELL)) === SHELL.length - 1,
        { timeout: 20_000, message: 'every file but the gated one cached' });
      await new Promise((r) => setTimeout(r, 1500)); // the home screen looks again every second
      assert.equal(await signal.getAttribute('data-ready'), 'false', `said ready with ${GATED} not cached: ${await signal.innerText()}`);
      assert.match(await signal.innerText(), /\d+\s*%/, 'progress shown until then');

      open_();
      await eventually(async () => (await signal.getAttribute('data-ready')) === 'true', { timeout: 15_000, message: 'ready once the last file is cached' });
      assert.equal(await cachedCount(page, SHELL), SHELL.length, 'every file cached when ready is said');
      assert.doesNotMatch(await signal.innerText(), /%/);

      // And it is true: the app opens with no network at all.
      await networkQuiet(rec);
      await context.setOffline(true);
      await open(page, suite.server.url, '/agencies');
      await seeTestId(page, 'agency-search');
    } finally {
      await context.close();
    }
  });
});
