// Issue #11: voice. An admin records a clip in the console with a (fake)
// microphone; clips reach the phone as references in the bundle; a play
// button plays one online; the "voice for offline use" switch shows the
// size, downloads every clip into a cache, and the clips then play with the
// network off (the media element reaches "ended"), in demo mode too; Data
// Saver is honoured (never automatic, a warning before a tapped download);
// a replaced clip reaches the phone; and the voice can be removed again.
// The recordings are real (espeak-ng speech, Opus), made at test time.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer } from '../lib/server.js';
import { call as api } from '../lib/api.js';
import { ADMIN, ADMIN_ENV, signIn } from '../lib/accounts.js';
import { opusClip, speechWav } from '../lib/audio.js';
import {
  launchBrowser, newContext, firstVisit, open, tid, seeTestId, eventually, goOffline, waitReady,
} from '../lib/browser.js';

const sha = (b) => createHash('sha256').update(b).digest('hex');
const VOICE_CACHE = 'voice-clips-1';

async function upload(base, token, target, lang, bytes) {
  const res = await fetch(`${base}/api/v1/clips/${target}/${lang}`, {
    method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'audio/ogg' }, body: bytes,
  });
  const body = await res.json();
  assert.ok(res.status === 201 || res.status === 200, `upload ${target}/${lang}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Tap the play button of target and wait until its clip has played to the end. */
async function playToEnd(page, target, { timeout = 20_000 } = {}) {
  const btn = page.locator(`[data-testid="voice-play"][data-target="${target}"]`).first();
  await btn.waitFor({ state: 'visible', timeout: 10_000 })
    .catch(() => assert.fail(`a play button for ${target} on ${page.url()}`));
  const want = await btn.getAttribute('data-sha');
  await btn.click();
  await eventually(async () => (await btn.getAttribute('data-state')) === 'ended' ||
    (await btn.getAttribute('data-state')) === 'error', { timeout, message: `${target} to play to its end` });
  assert.equal(await btn.getAttribute('data-state'), 'ended', `${target} could not be played on ${page.url()}`);
  const ended = await page.evaluate(() => document.querySelector('[data-testid="voice-audio"]').dataset.ended);
  assert.equal(ended, want, 'the media element ended on the clip of this button');
  return want;
}

const cacheKeys = (page) => page.evaluate(async (name) => {
  if (!(await caches.has(name))) return null;
  return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname.split('/').pop()).sort();
}, VOICE_CACHE);

const clipRequests = (rec) => rec.requests.filter((r) => /\/api\/v1\/clips\/[0-9a-f]{64}$/.test(new URL(r.url).pathname));

describe('voice: recorded in the console, played on the phone, offline too', () => {
  let server; let browser; let token;
  let ids; // the seed texts the clips are of
  const clips = {};

  before(async () => {
    server = await startServer({ env: ADMIN_ENV });
    // Chromium's fake microphone plays real speech into MediaRecorder.
    const wav = speechWav(8);
    browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required']);
    const login = await api(server.url, 'POST', '/auth/login', { json: ADMIN });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    token = login.body.token;
    const q = (await api(server.url, 'GET', '/questions')).body.items[0];
    const item = (await api(server.url, 'GET', '/checklist')).body.items[0].items[0];
    const phrase = (await api(server.url, 'GET', '/phrases')).body.items[0];
    ids = { question: q.id, item: item.id, phrase: phrase.id };
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('console: an admin records with the microphone, listens, records again and keeps it', async () => {
    const { context } = await newContext(browser, { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await signIn(page, server.url, ADMIN);
      await page.goto(`${server.url}/verify/content/questions/${ids.question}`);
      const panel = page.locator(`[data-testid="voice-panel"][data-target="question:${ids.question}"][data-lang="lo"]`);
      await panel.waitFor({ state: 'visible' });
      const record = async (ms) => {
        await panel.locator('[data-testid="voice-record"]').click();
        const level = panel.locator('[data-testid="voice-level"]');
        await level.waitFor({ state: 'visible' });
        await page.waitForTimeout(ms);
        const max = Number(await level.getAttribute('data-max'));
        assert.ok(max > 0.02, `the level meter moved (max ${max})`);
        await panel.locator('[data-testid="voice-stop"]').click();
        await panel.locator('[data-testid="voice-preview"]').waitFor({ state: 'visible' });
      };
      await record(1500);
      // Redo: the first take is thrown away.
      await panel.locator('[data-testid="voice-redo"]').click();
      await page.waitForTimeout(4000);
      await panel.locator('[data-testid="voice-stop"]').click();
      const preview = panel.locator('[data-testid="voice-preview"]');
      await preview.waitFor({ state: 'visible' });
      // Play the take back before keeping it.
      const played = await preview.evaluate((a) => new Promise((res) => {
        a.addEventListener('ended', () => res(a.duration), { once: true });
        a.addEventListener('error', () => res(-1), { once: true });
        a.play().catch(() => res(-2));
      }));
      assert.ok(played > 0 || played === Infinity, `the take plays back (${played})`);
      await panel.locator('[data-testid="voice-keep"]').click();
      const current = panel.locator('[data-testid="voice-current"]');
      await current.waitFor({ state: 'visible' });
      const kept = await current.getAttribute('data-sha');

      const list = (await api(server.url, 'GET', '/clips')).body.items;
      const clip = list.find((c) => c.target === `question:${ids.question}` && c.lang === 'lo');
      assert.ok(clip, `the clip is listed: ${JSON.stringify(list)}`);
      assert.equal(clip.sha256, kept);
      assert.match(clip.type, /^audio\/(webm|ogg); codecs=opus$/);
      assert.ok(clip.duration_ms > 3000 && clip.duration_ms < 6500, `duration ${clip.duration_ms} ms (recorded about 4 s; the redo threw the first take away)`);
      console.log(`figure: Chromium MediaRecorder Opus speech at 32 kbit/s: ${clip.bytes} bytes for ${(clip.duration_ms / 1000).toFixed(2)} s = ` +
        `${Math.round(clip.bytes / (clip.duration_ms / 60000) / 1024)} KB a minute`);
      const audit = (await api(server.url, 'GET', '/audit?entity=clip', { token })).body;
      assert.equal(audit.total, 1, 'one audited change');
      assert.equal(audit.items[0].user_email, ADMIN.email);
      // The recorded bytes are served back unchanged at their hash.
      const got = Buffer.from(await (await fetch(`${server.url}/api/v1/clips/${kept}`)).arrayBuffer());
      assert.equal(sha(got), kept);
      clips.recorded = clip;
    } finally {
      await context.close();
    }
  });

  it('phone: plays online, downloads the voice with its size, plays offline (in demo mode too), gets a replaced clip', async () => {
    assert.ok(clips.recorded, 'the console test kept a clip');
    const item = opusClip(3);
    const phraseTh = opusClip(2);
    const licensed = opusClip(2);
    clips.item = await upload(server.url, token, `item:${ids.item}`, 'lo', item);
    clips.phrase = await upload(server.url, token, `phrase:${ids.phrase}`, 'th', phraseTh);
    await upload(server.url, token, `phrase:${ids.phrase}`, 'lo', opusClip(3));
    clips.licensed = await upload(server.url, token, 'verdict:status-licensed', 'lo', licensed);
    const all = (await api(server.url, 'GET', '/clips')).body.items;
    const total = all.reduce((s, c) => s + c.bytes, 0);

    const { context, rec } = await newContext(browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, server.url);
      // The first visit downloads no audio: voice is not in the precache.
      assert.equal(clipRequests(rec).length, 0, `no clip on a first visit: ${clipRequests(rec).map((r) => r.url)}`);

      // Home shows the size before anything is downloaded.
      const size = await seeTestId(page, 'voice-size');
      assert.equal(Number(await size.getAttribute('data-bytes')), total);
      const kb = Math.max(1, Math.ceil(total / 1024));
      assert.ok((await size.textContent()).includes(total >= 0.1 * 1048576 ? `${(total / 1048576).toFixed(1)}\u00a0MB` : `${kb}\u00a0KB`),
        `the switch says the size: ${await size.textContent()}`);
      assert.equal(await tid(page, 'voice-switch').getAttribute('aria-checked'), 'false');

      // Online, without the download: the clip streams.
      await open(page, server.url, '/job-check');
      await playToEnd(page, `question:${ids.question}`);
      assert.equal(await cacheKeys(page), null, 'playing online keeps nothing');

      // One clip at a time: a second button stops the first.
      await open(page, server.url, '/help/phrases');
      const th = page.locator(`[data-testid="voice-play"][data-target="phrase:${ids.phrase}"][data-lang="th"]`);
      await th.click();
      await eventually(async () => (await th.getAttribute('data-state')) === 'playing', { message: 'the phrase to play' });
      const lo = page.locator(`[data-testid="voice-play"][data-target="phrase:${ids.phrase}"][data-lang="lo"]`);
      await lo.click();
      await eventually(async () => (await lo.getAttribute('data-state')) === 'playing' && (await th.getAttribute('data-state')) === 'stopped',
        { message: 'the Lao line to play and the Thai one to stop' });
      assert.equal(await page.locator('audio').count(), 1, 'one media element for every clip');
      await lo.click();
      await eventually(async () => (await lo.getAttribute('data-state')) === 'stopped', { message: 'a second tap to stop it' });
      assert.equal(await page.evaluate(() => document.querySelector('[data-testid="voice-audio"]').paused), true);

      // Download for offline use, from About.
      await open(page, server.url, '/about');
      await (await seeTestId(page, 'voice-switch')).click();
      await eventually(async () => (await tid(page, 'voice-status').getAttribute('data-state').catch(() => null)) === 'ready',
        { timeout: 20_000, message: 'the voice to be downloaded' });
      assert.equal(await tid(page, 'voice-switch').getAttribute('aria-checked'), 'true');
      assert.deepEqual(await cacheKeys(page), all.map((c) => c.sha256).sort(), 'every clip is in the cache');

      // Offline (the proxy is off: the service worker cannot reach the server).
      await goOffline(context, rec);
      const before = rec.net.refused.length;
      await open(page, server.url, '/checklist');
      await playToEnd(page, `item:${ids.item}`);
      await open(page, server.url, '/job-check');
      await playToEnd(page, `question:${ids.question}`);
      await open(page, server.url, '/help/phrases');
      await playToEnd(page, `phrase:${ids.phrase}`);
      assert.equal(rec.net.refused.filter((r) => /\/api\/v1\/clips\//.test(r)).length, 0,
        `no clip was asked of the network: ${rec.net.refused.slice(before)}`);

      // Demo mode plays the voice too (offline, as at a village meeting).
      await open(page, server.url, '/demo');
      await (await seeTestId(page, 'demo-start')).click();
      await page.waitForURL(/\/checklist/);
      await playToEnd(page, `item:${ids.item}`);
      await page.goto(server.url + '/a/' + encodeURIComponent((await api(server.url, 'GET', '/agencies?status=licensed&limit=1')).body.items[0].licence_no));
      await waitReady(page);
      await playToEnd(page, 'verdict:status-licensed');
      await open(page, server.url, '/demo');
      await (await seeTestId(page, 'demo-stop')).click();

      // Back online, the admin replaces the item's clip: at the next sync the
      // phone keeps the new one and drops the old.
      await context.setOffline(false);
      const newer = opusClip(4, { text: 'อย่าให้ใครเก็บหนังสือเดินทางของคุณ' });
      const replaced = await upload(server.url, token, `item:${ids.item}`, 'lo', newer);
      assert.notEqual(replaced.sha256, clips.item.sha256);
      await open(page, server.url, '/');
      await page.evaluate(() => window.paidee.syncNow());
      await eventually(async () => {
        const keys = await cacheKeys(page);
        return keys && keys.includes(replaced.sha256) && !keys.includes(clips.item.sha256);
      }, { timeout: 20_000, message: 'the replaced clip to reach the phone' });
      await goOffline(context, rec);
      await open(page, server.url, '/checklist');
      assert.equal(await playToEnd(page, `item:${ids.item}`), replaced.sha256, 'the new recording plays');

      // The voice can be removed again.
      await context.setOffline(false);
      await open(page, server.url, '/');
      await (await seeTestId(page, 'voice-switch')).click();
      await eventually(async () => (await tid(page, 'voice-switch').getAttribute('aria-checked')) === 'false', { message: 'the switch to go off' });
      assert.equal(await cacheKeys(page), null, 'the voice cache is gone');
      assert.deepEqual(rec.pageErrors, []);
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    } finally {
      await context.close();
    }
  });

  it('phone: Data Saver is honoured: a warning before a tapped download, nothing automatic', async () => {
    const { context, rec } = await newContext(browser);
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'connection', {
        configurable: true, get: () => ({ saveData: true, effectiveType: '2g', addEventListener() {}, removeEventListener() {} }),
      });
    });
    try {
      const page = await context.newPage();
      await firstVisit(page, server.url);
      assert.equal(await page.evaluate(() => navigator.connection && navigator.connection.saveData), true, 'the phone asks to save data');
      const total = (await api(server.url, 'GET', '/clips')).body.items.reduce((s, c) => s + c.bytes, 0);
      await (await seeTestId(page, 'voice-switch')).click();
      const warning = await seeTestId(page, 'voice-savedata');
      const kb = Math.max(1, Math.ceil(total / 1024));
      assert.ok((await warning.textContent()).includes(total >= 0.1 * 1048576 ? `${(total / 1048576).toFixed(1)}\u00a0MB` : `${kb}\u00a0KB`),
        `the warning says how much: ${await warning.textContent()}`);
      await page.waitForTimeout(500);
      assert.equal(clipRequests(rec).length, 0, 'nothing is downloaded before the second tap');
      assert.equal(await tid(page, 'voice-switch').getAttribute('aria-checked'), 'false');
      await (await seeTestId(page, 'voice-confirm')).click();
      await eventually(async () => (await tid(page, 'voice-status').getAttribute('data-state').catch(() => null)) === 'ready',
        { timeout: 20_000, message: 'the voice to be downloaded after the second tap' });

      // A new clip arrives with the next sync: with Data Saver it waits to be asked for.
      const fresh = await upload(server.url, token, 'verdict:not-listed', 'lo', opusClip(2));
      const asked = () => clipRequests(rec).filter((r) => r.url.endsWith(fresh.sha256)).length;
      await page.evaluate(() => window.paidee.syncNow());
      await eventually(async () => (await tid(page, 'voice-status').getAttribute('data-state').catch(() => null)) === 'waiting',
        { timeout: 15_000, message: 'the new clip to wait for a tap' });
      await page.waitForTimeout(500);
      assert.equal(asked(), 0, 'with Data Saver on, a new clip is not fetched by itself');
      await (await seeTestId(page, 'voice-download-new')).click();
      await eventually(async () => (await cacheKeys(page) || []).includes(fresh.sha256), { timeout: 15_000, message: 'the new clip after the tap' });
      assert.ok(asked() >= 1);
    } finally {
      await context.close();
    }
  });
});
