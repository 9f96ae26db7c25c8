// Issue #3: a report written offline waits in the outbox (visible), and is
// stored on the server exactly once when the network comes back — also when
// the answer is lost and the phone retries, and after the app was closed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  sharedServerAndBrowser, newContext, launchPersistent, removeProfile, firstVisit, waitReady, open,
  tid, seeTestId, eventually, reportPosts,
} from '../lib/browser.js';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.js';

const outboxCount = (page) => page.evaluate(() => window.paidee.outboxCount());
const syncNow = (page) => page.evaluate(() => window.paidee.syncNow());

/** Fill in and submit the report form on /report; the caller handles online/offline. */
async function writeReport(page, baseURL, name, details) {
  await open(page, baseURL, '/report');
  await (await seeTestId(page, 'report-agency-name')).fill(name);
  const fee = await seeTestId(page, 'report-what-asked_fee');
  await fee.check().catch(() => fee.click());
  const pass = tid(page, 'report-what-kept_passport');
  if (await pass.count()) await pass.first().check().catch(() => pass.first().click());
  await (await seeTestId(page, 'report-details')).fill(details);
  await (await seeTestId(page, 'report-submit')).click();
}

async function seeOutboxItems(page, n) {
  await seeTestId(page, 'outbox', { what: 'the outbox, visible on the phone' });
  await eventually(async () => (await tid(page, 'outbox-item').count()) === n,
    { message: `${n} item(s) in the visible outbox` });
}

describe('report outbox', () => {
  const suite = sharedServerAndBrowser();

  /**
   * A phone that has the app, goes offline and writes a report, which then
   * waits in its visible outbox. before: the server's report count then.
   */
  async function writtenOffline(context, name, details) {
    const page = await context.newPage();
    await firstVisit(page, suite.server.url);
    const before = suite.server.reports().reports;
    await context.setOffline(true);
    await writeReport(page, suite.server.url, name, details);
    await seeOutboxItems(page, 1);
    return { page, before };
  }

  it('waits in the outbox offline, then reaches the server exactly once', async () => {
    const { context, rec } = await newContext(suite.browser);
    try {
      const { page, before } = await writtenOffline(context, 'Mr Khamphone (offline test)', 'Asked 5,000,000 kip before leaving.');
      assert.equal(await outboxCount(page), 1, 'window.paidee.outboxCount() while offline');
      // Still there after a reload, offline.
      await page.reload();
      await waitReady(page);
      assert.equal(await outboxCount(page), 1, 'the report is kept in the outbox across a reload');
      assert.equal(suite.server.reports().reports, before, 'nothing reached the server while offline');

      await context.setOffline(false);
      await syncNow(page);
      await eventually(async () => (await outboxCount(page)) === 0, { message: 'the outbox to empty after going online' });
      const after = suite.server.reports();
      assert.equal(after.reports, before + 1, 'exactly one report on the server');
      const receipt = after.receipts[after.receipts.length - 1];

      // The receipt is shown to the worker, and the screen no longer says it waits.
      await open(page, suite.server.url, '/report');
      await seeOutboxItems(page, 1);
      await eventually(async () => (await page.locator('main').innerText()).includes(receipt),
        { message: `the receipt ${receipt} on the report screen` });
      const item = tid(page, 'outbox-item').first();
      assert.ok((await item.innerText()).includes(receipt) || (await tid(page, 'report-receipt').count()) > 0,
        'the receipt is shown with the report (outbox item or report-receipt)');
      assert.equal(await tid(page, 'report-queued').isVisible(), false,
        'after it was sent, the screen must not still say "could not be sent now" (report-queued)');

      const posts = reportPosts(rec);
      assert.ok(posts.length >= 1);
      for (const p of posts) assert.match(p.headers['idempotency-key'] || '', /^[A-Za-z0-9_-]{8,100}$/, 'every POST carries an Idempotency-Key');

      // A second sync and a reload send nothing again. (Let a Background
      // Sync that started at the same moment finish first: it would carry
      // the same Idempotency-Key.)
      await new Promise((r) => setTimeout(r, 1000));
      const postsBefore = reportPosts(rec).length;
      await syncNow(page);
      await page.reload();
      await waitReady(page);
      await syncNow(page);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(suite.server.reports().reports, before + 1, 'still exactly one report after another sync and a reload');
      assert.equal(reportPosts(rec).length, postsBefore, 'a sent report is not POSTed again');
      assert.equal(await outboxCount(page), 0);
    } finally {
      await context.close();
    }
  });

  it('a lost answer is retried with the same Idempotency-Key and stored once', async () => {
    const { context, rec } = await newContext(suite.browser);
    try {
      const { page, before } = await writtenOffline(context, 'Lost answer recruiter', 'The server gets it, the phone never hears back.');

      // The first POST reaches the server, but its answer is lost on the way back.
      let lost = 0;
      await context.route('**/api/v1/reports', async (route) => {
        if (lost === 0 && route.request().method() === 'POST') {
          lost++;
          await route.fetch(); // the server stores the report…
          return route.abort('connectionreset'); // …and the phone sees a network error
        }
        return route.continue();
      });
      await context.setOffline(false);
      await syncNow(page);
      await eventually(() => lost === 1, { message: 'the first POST to be intercepted' });
      assert.equal(suite.server.reports().reports, before + 1, 'the server stored the first attempt');

      await syncNow(page);
      await eventually(async () => (await outboxCount(page)) === 0, { message: 'the outbox to empty after the retry' });
      assert.equal(suite.server.reports().reports, before + 1, 'the retry did not make a second report');
      const keys = new Set(reportPosts(rec).map((p) => p.headers['idempotency-key']));
      assert.equal(keys.size, 1, `one Idempotency-Key for both attempts (got ${[...keys].join(', ')})`);
      await context.unroute('**/api/v1/reports');
    } finally {
      await context.close();
    }
  });

  it('survives closing the app: reopened, the report is still in the outbox and is sent once', async () => {
    // Its own server, stopped while the app is closed: when the browser
    // starts again, the service worker may wake up (Background Sync) before
    // any network emulation applies, so "no network" here is a server that
    // is really gone.
    let srv = await startServer();
    const dataDir = srv.dataDir;
    let profile;
    let ctx;
    try {
      ({ context: ctx, userDataDir: profile } = await launchPersistent());
      let page = ctx.pages()[0] || await ctx.newPage();
      await firstVisit(page, srv.url);
      const before = srv.reports().reports;
      // No network for real: the server is gone, not only emulated offline.
      // (In a persistent context Chromium may let a Background Sync fetch of
      // the service worker through the emulation; a stopped server cannot
      // be reached by anyone.)
      await srv.stop({ keepData: true });
      await ctx.setOffline(true);
      await writeReport(page, srv.url, 'Closed app recruiter', 'Written, then the phone was put away.');
      await seeOutboxItems(page, 1);
      await ctx.close(); // the whole browser: the app is closed
      ctx = null;
      assert.equal(srv.reports().reports, before, 'nothing sent before the app closed');

      // Open the app again, with no server to reach.
      ({ context: ctx } = await launchPersistent(profile));
      page = ctx.pages()[0] || await ctx.newPage();
      await open(page, srv.url, '/report');
      assert.equal(await outboxCount(page), 1, 'the report is still in the outbox after reopening');
      await seeOutboxItems(page, 1);

      // The network is back: the same server, at the same address.
      srv = await startServer({ dataDir, addr: srv.addr });
      await syncNow(page);
      await eventually(async () => (await outboxCount(page)) === 0, { message: 'the outbox to empty' });
      assert.equal(srv.reports().reports, before + 1, 'sent exactly once');
      await page.reload();
      await waitReady(page);
      await syncNow(page);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(srv.reports().reports, before + 1, 'still exactly once after a reload');
    } finally {
      await ctx?.close();
      removeProfile(profile);
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
