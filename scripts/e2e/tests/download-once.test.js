// Issue #8: on a first visit every file of the app crosses the network
// once. The page loads what it shows, the service worker then precaches
// the app shell: a file the page already has is taken from the browser's
// cache (its ETag is this version's), with no request at all. Counted
// at the proxy every request of the context goes through, so the service
// worker's own requests are counted too. The PNG icons are not precached
// (only an install needs them): the app stays installable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedServerAndBrowser, launchPersistent, removeProfile, waitServiceWorker, waitReady, seeTestId, eventually, networkQuiet } from '../lib/browser.js';
import { repoRoot } from '../lib/server.js';

const SHELL = [...readFileSync(join(repoRoot, 'web/app/sw.js'), 'utf8').match(/const SHELL = \[([\s\S]*?)\];/)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
// The document is one file under two names: the address opened and the
// name the worker keeps it by.
const file = (path) => (path === '/' ? '/index.html' : path);

describe('first visit: each file downloaded once', () => {
  const suite = sharedServerAndBrowser();

  it('page and service worker together download every file once, and the app is installable', async () => {
    // A profile on disk, as a phone's: an incognito profile can never install.
    const { context, rec, userDataDir } = await launchPersistent(null);
    try {
      const page = context.pages()[0] || await context.newPage();
      await page.goto(suite.server.url + '/');
      await waitServiceWorker(page);
      await waitReady(page);
      const signal = await seeTestId(page, 'offline-ready');
      await eventually(async () => (await signal.getAttribute('data-ready')) === 'true', { timeout: 30_000, message: '"ready without internet"' });
      await networkQuiet(rec);

      const answers = rec.net.answers().filter((a) => a.method === 'GET');
      const byFile = new Map();
      for (const a of answers) {
        const f = file(a.path);
        const e = byFile.get(f) || { downloads: 0, revalidated: 0, statuses: [] };
        if (a.status === 200) e.downloads++;
        if (a.status === 304) e.revalidated++;
        e.statuses.push(a.status);
        byFile.set(f, e);
      }
      const twice = [...byFile].filter(([, e]) => e.downloads > 1).map(([f, e]) => `${f} (${e.statuses.join(', ')})`);
      assert.deepEqual(twice, [], `files downloaded more than once on the first visit: ${twice.join('; ')}`);
      const missing = SHELL.map(file).filter((f) => (byFile.get(f) || { downloads: 0 }).downloads !== 1);
      assert.deepEqual(missing, [], `every precached file downloaded exactly once (page or worker): ${missing.map((f) => `${f} ${JSON.stringify(byFile.get(f))}`).join('; ')}`);
      const bundles = answers.filter((a) => a.path.startsWith('/api/v1/bundle') && a.status === 200);
      assert.equal(bundles.length, 1, `the data bundle once: ${bundles.map((a) => a.path).join(', ')}`);
      // The service worker's requests went through the proxy too (it
      // revalidated what the page had loaded).
      assert.ok(rec.requests.some((r) => r.sw), 'the service worker\'s own requests were seen');
      // What the page had loaded, the worker took from the browser's cache
      // (its ETag is this version's): not even a 304 for it.
      const asked = SHELL.map(file).filter((f) => (byFile.get(f) || { statuses: [] }).statuses.length !== 1);
      assert.deepEqual(asked, [], `files asked for more than once: ${asked.map((f) => `${f} ${JSON.stringify(byFile.get(f))}`).join('; ')}`);
      for (const png of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']) {
        assert.ok(!byFile.has(png), `${png} is not part of a first visit`);
      }

      // Installable all the same: the browser finds the manifest and its icons.
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      assert.ok(manifest.url.endsWith('/manifest.webmanifest') && !(manifest.errors || []).length, `manifest: ${JSON.stringify(manifest.errors)}`);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'no installability errors');
    } finally {
      await context.close();
      removeProfile(userDataDir);
    }
  });
});
