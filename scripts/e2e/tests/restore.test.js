// A database put back from a backup starts again at an older revision. A
// phone that synced later must not ask it for "changes since" its own,
// newer revision: it would never hear of what changes after the restore
// (here: a suspension). A copy made by `paidee backup` has its own dataset
// id; a copy of the file made by hand has not, and there the phone's
// revision_at shows the server it is another timeline. Either way the
// phone downloads the whole list again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../lib/api.js';
import { ADMIN, ADMIN_ENV } from '../lib/accounts.js';
import { startServer, serverCommand } from '../lib/server.js';
import { launchBrowser, newContext, firstVisit, open, tid, eventually } from '../lib/browser.js';


/** Change a listing's status through the API, as a verifier's screen does. */
async function setStatus(base, token, licence, status) {
  const a = (await call(base, 'GET', '/agencies/licence/' + licence)).body;
  const r = await call(base, 'PATCH', `/agencies/${a.id}`, {
    token, json: { version: a.version, status, reason: `ministry notice (e2e ${status})` },
  });
  assert.equal(r.status, 200, `${licence} → ${status}: ${JSON.stringify(r.body)}`);
}

const statusOn = async (page, base, licence) => {
  await open(page, base, '/a/' + licence);
  return tid(page, 'status-badge').first().getAttribute('data-status');
};

/**
 * Copy, change, sync the phone, put the copy back, change again until the
 * revision is level with the phone's, sync: the phone must show the restored
 * list and the change made after the restore.
 */
async function scenario({ byHand }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paidee-e2e-restore-'));
  const backup = join(mkdtempSync(join(tmpdir(), 'paidee-e2e-backup-')), 'backup.db');
  const env = ADMIN_ENV;
  let srv = await startServer({ dataDir, env });
  const browser = await launchBrowser();
  const { context } = await newContext(browser);
  try {
    if (byHand) {
      // Stop the server and copy the file (SQLite folds its WAL in on close).
      await srv.stop({ keepData: true });
      copyFileSync(join(dataDir, 'paidee.db'), backup);
      srv = await startServer({ dataDir, addr: srv.addr });
    } else {
      serverCommand(['backup', '-data-dir', dataDir, '-out', backup]);
    }
    let token = (await call(srv.url, 'POST', '/auth/login', { json: ADMIN })).body.token;

    // After the copy: three changes, and the phone syncs up to them.
    await setStatus(srv.url, token, 'DEMO-LA-0101', 'suspended');
    await setStatus(srv.url, token, 'DEMO-LA-0102', 'suspended');
    await setStatus(srv.url, token, 'DEMO-LA-0104', 'suspended');
    const page = await context.newPage();
    await firstVisit(page, srv.url);
    assert.equal(await statusOn(page, srv.url, 'DEMO-LA-0101'), 'suspended');
    const phoneRev = await page.evaluate(() => fetch('/api/v1/meta').then((r) => r.json()).then((m) => m.revision));

    // The disk is lost; the copy is put back (same address, as for the phone).
    await srv.stop({ keepData: true });
    for (const f of ['paidee.db', 'paidee.db-wal', 'paidee.db-shm']) rmSync(join(dataDir, f), { force: true });
    copyFileSync(backup, join(dataDir, 'paidee.db'));
    srv = await startServer({ dataDir, addr: srv.addr });

    // After the restore, as many changes again: the revision reaches the
    // phone's, and one of them suspends another agency.
    token = (await call(srv.url, 'POST', '/auth/login', { json: ADMIN })).body.token;
    await setStatus(srv.url, token, 'DEMO-LA-0103', 'suspended');
    await setStatus(srv.url, token, 'DEMO-LA-0105', 'suspended');
    await setStatus(srv.url, token, 'DEMO-LA-0106', 'suspended');
    const meta = (await call(srv.url, 'GET', '/meta')).body;
    assert.ok(meta.revision >= phoneRev, `the restored database's revision (${meta.revision}) caught up with the phone's (${phoneRev})`);

    // The phone syncs: it shows the restored list plus what changed since.
    await page.evaluate(() => window.paidee.syncNow());
    await eventually(async () => (await statusOn(page, srv.url, 'DEMO-LA-0103')) === 'suspended',
      { message: 'the suspension made after the restore, on the phone' });
    assert.equal(await statusOn(page, srv.url, 'DEMO-LA-0101'), 'licensed',
      'the phone shows the restored list, not its copy of the lost one');
  } finally {
    await context.close();
    await browser.close();
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(backup, '..'), { recursive: true, force: true });
  }
}

describe('a database put back from a copy', () => {
  it('made by `paidee backup`: phones download the list again and miss no later change', () => scenario({ byHand: false }));
  it('made by copying the file by hand: the same, through the revision_at check', () => scenario({ byHand: true }));
});
