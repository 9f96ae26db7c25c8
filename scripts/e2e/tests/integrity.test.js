// Signed data on the phone: a proxy between the phone and the server (a
// mirror, a shared laptop's hotspot) changes one agency's status inside a
// data bundle. The phone checks the server's signature before it stores
// anything, refuses the changed bundle, keeps the true status and says so
// in the worker's language. With the proxy gone, the next sync goes
// through and the warning goes away. The same holds on a browser whose
// WebCrypto has no Ed25519 (the vendored verifier is used there).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, editAgency } from '../lib/api.js';
import { ADMIN, ADMIN_ENV, startWithAdmin, stopAll } from '../lib/accounts.js';
import { startServer, repoRoot, serverCommand } from '../lib/server.js';
import { launchBrowser, newContext, firstVisit, open, tid, eventually, seeTestId, networkQuiet } from '../lib/browser.js';

const LICENCE = 'DEMO-LA-0101';
const lo = JSON.parse(readFileSync(join(repoRoot, 'web/app/i18n/lo.json'), 'utf8'));

/** A proxy edit: in bundle answers, the agency's status becomes "licensed". */
const makeLicensed = {
  match: (url) => url.pathname === '/api/v1/bundle',
  body(buf) {
    const b = JSON.parse(buf.toString('utf8'));
    for (const a of b.agencies || []) if (a.licence_no === LICENCE) a.status = 'licensed';
    return JSON.stringify(b);
  },
};

// WebCrypto without Ed25519, as on older Android phones.
function noWebCryptoEd25519() {
  if (!globalThis.crypto || !crypto.subtle) return; // about:blank
  const importKey = crypto.subtle.importKey.bind(crypto.subtle);
  crypto.subtle.importKey = (format, key, alg, ...rest) => {
    const name = typeof alg === 'string' ? alg : alg && alg.name;
    if (name === 'Ed25519') return Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'));
    return importKey(format, key, alg, ...rest);
  };
}

describe('a bundle changed on its way to the phone', () => {
  let srv, browser, token;
  before(async () => {
    ({ srv, browser, token } = await startWithAdmin());
    // The truth: the agency is suspended (a less-safe change applies at once).
    await editAgency(srv.url, token, LICENCE, { status: 'suspended', reason: 'ministry notice (e2e)' });
  });
  after(() => stopAll({ srv, browser }));

  for (const [name, init, district] of [['with WebCrypto Ed25519', null, 'Kaysone (e2e 1)'], ['with the vendored verifier', noWebCryptoEd25519, 'Kaysone (e2e 2)']]) {
    it(`is refused, the true status kept, a warning shown (${name})`, async () => {
      const { context, rec } = await newContext(browser);
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      try {
        await firstVisit(page, srv.url);
        await open(page, srv.url, '/a/' + LICENCE);
        assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'suspended');
        assert.equal(await tid(page, 'tamper-warning').count(), 0, 'no warning on honest data');

        // A change on the server sends the listing again in the next delta;
        // the proxy turns it into "licensed" on its way. (No sync of the
        // first visit may still be running: syncNow would join it.)
        await networkQuiet(rec);
        await editAgency(srv.url, token, LICENCE, { district });
        rec.net.setTamper(makeLicensed);
        const before = rec.net.tampered();
        await eventually(async () => {
          await page.evaluate(() => window.paidee.syncNow());
          return rec.net.tampered() > before;
        }, { message: 'the proxy to change a bundle' });

        await seeTestId(page, 'tamper-warning', { what: 'the warning that the list was changed on its way' });
        const text = await tid(page, 'tamper-warning').innerText();
        assert.ok(text.includes(lo['trust.refused_title']), `the warning is in Lao: ${text}`);
        await open(page, srv.url, '/a/' + LICENCE);
        assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'suspended', 'the phone keeps the true status');
        const stored = await page.evaluate(async (lic) => {
          const db = await new Promise((res, rej) => { const q = indexedDB.open('paidee'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
          const all = await new Promise((res) => { const q = db.transaction('agencies').objectStore('agencies').getAll(); q.onsuccess = () => res(q.result); });
          return all.find((x) => x.licence_no === lic);
        }, LICENCE);
        assert.equal(stored.status, 'suspended', 'IndexedDB holds the true status');
        assert.notEqual(stored.district, district, 'nothing of the refused bundle was stored');
        await seeTestId(page, 'tamper-warning', { what: 'the warning, still there after a reload' });

        // The proxy goes away: the next sync is taken, the warning goes.
        rec.net.setTamper(null);
        await networkQuiet(rec);
        await eventually(async () => {
          await page.evaluate(() => window.paidee.syncNow());
          return (await tid(page, 'tamper-warning').count()) === 0;
        }, { message: 'the warning to go' });
        await open(page, srv.url, '/a/' + LICENCE);
        assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'suspended');
        const got = await page.evaluate(async (lic) => {
          const db = await new Promise((res) => { const q = indexedDB.open('paidee'); q.onsuccess = () => res(q.result); });
          const all = await new Promise((res) => { const q = db.transaction('agencies').objectStore('agencies').getAll(); q.onsuccess = () => res(q.result); });
          return all.find((x) => x.licence_no === lic).district;
        }, LICENCE);
        assert.equal(got, district, 'the honest delta was stored');
        const vendored = rec.requests.some((q) => !q.sw && q.url.endsWith('/js/vendor/ed25519.js'));
        assert.equal(vendored, !!init, init ? 'the vendored verifier was loaded' : 'the vendored verifier is loaded only when WebCrypto lacks Ed25519');
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  it('a vendored verifier that does not load (a dropped line) is a failed sync, never a "changed on its way" warning', async () => {
    const { context, rec } = await newContext(browser);
    await context.addInitScript(noWebCryptoEd25519);
    const page = await context.newPage();
    // A download cut short: a body that does not run, and is not kept.
    const broken = {
      match: (url) => url.pathname === '/js/vendor/ed25519.js',
      replay: () => ({ headers: { 'content-type': 'text/javascript', 'cache-control': 'no-store' }, body: Buffer.from('export const verify = (') }),
    };
    try {
      rec.net.setTamper(broken);
      await page.goto(srv.url + '/');
      await eventually(async () => rec.net.tampered() > 0, { message: 'the verifier to be asked for' });
      await networkQuiet(rec);
      const kv = () => page.evaluate(async () => {
        const db = await new Promise((res, rej) => { const q = indexedDB.open('paidee'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
        const get = (store, key) => new Promise((res) => { const q = db.transaction(store).objectStore(store).get(key); q.onsuccess = () => res(q.result); q.onerror = () => res(undefined); });
        const count = await new Promise((res) => { const q = db.transaction('agencies').objectStore('agencies').count(); q.onsuccess = () => res(q.result); });
        return { refused: (await get('kv', 'refused')) ?? null, agencies: count };
      });
      assert.equal(await tid(page, 'tamper-warning').count(), 0, 'no warning: nothing was shown to be wrong');
      assert.equal((await kv()).refused, null, 'no refusal stored');

      // The line comes back: the next start checks the list and keeps it.
      rec.net.setTamper(null);
      await page.reload();
      await eventually(async () => (await kv()).agencies > 0, { message: 'the list to be checked and stored' });
      assert.equal(await tid(page, 'tamper-warning').count(), 0);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  it('an older bundle played back (validly signed, from before a revocation) does not take the phone back', async () => {
    const OLD = 'DEMO-LA-0102';
    // A mirror keeps today's signed list, in which OLD is still licensed.
    const rec0 = await fetch(srv.url + '/api/v1/bundle', { headers: { 'accept-encoding': 'identity' } });
    const recorded = { body: Buffer.from(await rec0.arrayBuffer()), headers: {
      'content-type': rec0.headers.get('content-type'), 'x-paidee-signature': rec0.headers.get('x-paidee-signature') } };
    assert.ok(recorded.headers['x-paidee-signature'], 'the recorded answer is signed');
    const a = (await call(srv.url, 'GET', '/agencies/licence/' + OLD)).body;
    assert.equal(a.status, 'licensed');
    const r = await call(srv.url, 'PATCH', `/agencies/${a.id}`, { token, json: { version: a.version, status: 'revoked', reason: 'ministry notice (e2e replay)' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));

    const { context, rec } = await newContext(browser);
    const page = await context.newPage();
    try {
      await firstVisit(page, srv.url);
      await open(page, srv.url, '/a/' + OLD);
      assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'revoked');
      await networkQuiet(rec);
      rec.net.setTamper({ match: (url) => url.pathname === '/api/v1/bundle', replay: () => recorded });
      const before = rec.net.tampered();
      await eventually(async () => {
        await page.evaluate(() => window.paidee.syncNow());
        return rec.net.tampered() > before;
      }, { message: 'the proxy to play the old answer back' });
      await seeTestId(page, 'tamper-warning', { what: 'the warning about an older list' });
      await open(page, srv.url, '/a/' + OLD);
      assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'revoked', 'the phone keeps the revocation');
      rec.net.setTamper(null);
    } finally {
      await context.close();
    }
  });

  it('the listing and About show what the public log holds, offline too', async () => {
    const { context } = await newContext(browser);
    const page = await context.newPage();
    try {
      await firstVisit(page, srv.url);
      const bundle = (await call(srv.url, 'GET', '/bundle')).body;
      const a = bundle.agencies.find((x) => x.licence_no === LICENCE);
      const [n, two] = bundle.agency_log[a.id];
      await context.setOffline(true);
      await open(page, srv.url, '/a/' + LICENCE);
      const line = await (await seeTestId(page, 'listing-log')).innerText();
      const want = lo['trust.listing_changes'].split('{n}')[0];
      assert.ok(line.includes(want) && line.includes(String(n)) && line.includes(String(two)), `the listing's log line: ${line}`);
      await open(page, srv.url, '/about');
      assert.equal((await (await seeTestId(page, 'log-size')).innerText()).trim(), String(bundle.log_size));
      assert.equal((await tid(page, 'two-person').innerText()).trim(), lo['trust.two_person_on']);
      const cmd = await tid(page, 'verify-command').innerText();
      const key = (await call(srv.url, 'GET', '/log/key')).body;
      assert.ok(cmd.includes('paidee verify-log -url ') && cmd.includes(key.verifier), `the command names the pinned key: ${cmd}`);
    } finally {
      await context.close();
    }
  });

  it('a first visit through the proxy stores nothing and says why', async () => {
    const { context, rec } = await newContext(browser);
    rec.net.setTamper(makeLicensed);
    const page = await context.newPage();
    try {
      await page.goto(srv.url + '/');
      await seeTestId(page, 'tamper-warning', { timeout: 20_000, what: 'the warning on a first visit' });
      const n = await page.evaluate(async () => {
        const db = await new Promise((res) => { const q = indexedDB.open('paidee'); q.onsuccess = () => res(q.result); });
        return new Promise((res) => { const q = db.transaction('agencies').objectStore('agencies').count(); q.onsuccess = () => res(q.result); });
      });
      assert.equal(n, 0, 'no agency stored from a changed bundle');
    } finally {
      await context.close();
    }
  });
});

// The server's key is rotated (paidee rotate-key): the log announces the
// new key in a note signed by the old and the new key, and a phone that
// pinned the old key follows it. A key that appears with no such note
// (the key file replaced) is refused.
describe('a new signing key', () => {
  it('is followed through the rotation note; an unannounced key is refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paidee-e2e-rotate-'));
    const env = ADMIN_ENV;
    let srv = await startServer({ dataDir, env });
    const browser = await launchBrowser();
    const { context } = await newContext(browser);
    const page = await context.newPage();
    const pinned = () => page.evaluate(async () => {
      const db = await new Promise((res) => { const q = indexedDB.open('paidee'); q.onsuccess = () => res(q.result); });
      return new Promise((res) => { const q = db.transaction('kv').objectStore('kv').get('trust'); q.onsuccess = () => res(q.result); });
    });
    const suspend = async (licence) => {
      const token = (await call(srv.url, 'POST', '/auth/login', { json: ADMIN })).body.token;
      await editAgency(srv.url, token, licence, { status: 'suspended', reason: 'ministry notice (e2e rotation)' });
    };
    try {
      await firstVisit(page, srv.url);
      const k1 = (await call(srv.url, 'GET', '/log/key')).body;
      assert.equal((await pinned()).key_id, k1.key_id, 'the first key is pinned');

      await srv.stop({ keepData: true });
      serverCommand(['rotate-key', '-data-dir', dataDir]);
      srv = await startServer({ dataDir, addr: srv.addr, env });
      const k2 = (await call(srv.url, 'GET', '/log/key')).body;
      assert.notEqual(k2.key_id, k1.key_id);
      await suspend('DEMO-LA-0105');
      await page.evaluate(() => window.paidee.syncNow());
      assert.equal((await pinned()).key_id, k2.key_id, 'the phone followed the rotation');
      assert.equal(await tid(page, 'tamper-warning').count(), 0, 'no warning for a rotated key');
      await open(page, srv.url, '/a/DEMO-LA-0105');
      assert.equal(await tid(page, 'status-badge').first().getAttribute('data-status'), 'suspended', 'data signed by the new key is taken');

      // The key file is replaced behind the log's back: a new key with no
      // rotation note signed by the pinned one. The server refuses to start
      // with it unless told to (-new-signing-key, after a lost key); the
      // phone still refuses what that key signs.
      await srv.stop({ keepData: true });
      rmSync(join(dataDir, 'log-signing-key'));
      await assert.rejects(startServer({ dataDir, addr: srv.addr, env, timeoutMs: 30_000 }), /the public log is signed with the key/,
        'a server without the log\'s key does not start');
      srv = await startServer({ dataDir, addr: srv.addr, env, args: ['-new-signing-key'] });
      await suspend('DEMO-LA-0106');
      await page.evaluate(() => window.paidee.syncNow());
      await seeTestId(page, 'tamper-warning', { what: 'the warning for data signed by an unannounced key' });
      assert.equal((await pinned()).key_id, k2.key_id, 'the pin did not move');
      await open(page, srv.url, '/a/DEMO-LA-0106');
      assert.notEqual(await tid(page, 'status-badge').first().getAttribute('data-status'), 'suspended', 'nothing signed by that key was stored');
    } finally {
      await context.close();
      await browser.close();
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
