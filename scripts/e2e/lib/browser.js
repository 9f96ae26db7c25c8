// Headless Chromium for the browser tests: launch, contexts that record
// every request (the page's and the service worker's), and the waits every
// test needs (service worker in control, local data ready).
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startNetSwitch } from './netswitch.js';
import { startServer } from './server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// The phone the app is designed for.
export const VIEWPORT = { width: 360, height: 740 };

function checkChromium() {
  if (!existsSync(CHROMIUM)) {
    // Never a skip: a missing browser must fail the run (CI installs it
    // through scripts/ensure-browser.sh).
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-browser.sh (apt-get install -y chromium fonts-noto-core)`);
  }
}

/** extraArgs: more Chromium flags (the voice test's fake microphone). */
export async function launchBrowser(extraArgs = []) {
  checkChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROME_ARGS, ...extraArgs], headless: true });
}

function contextOptions(extra = {}) {
  return {
    viewport: VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'allow',
    locale: 'lo-LA',
    ...extra,
  };
}

/**
 * A fresh profile. Returns { context, rec } where rec records requests,
 * script errors and CSP violations (see record()).
 */
export async function newContext(browser, extra = {}) {
  const net = await startNetSwitch();
  const context = await browser.newContext(contextOptions({ ...extra, proxy: proxyFor(net) }));
  return { context, rec: record(context, net) };
}

// Loopback too: Chromium skips the proxy for 127.0.0.1 unless told not to.
const proxyFor = (net) => ({ server: net.server, bypass: '<-loopback>' });

/**
 * Make context.setOffline cut the network for real: besides Playwright's
 * emulation (navigator.onLine, the pages' and the service worker's
 * requests), the context's proxy is switched off, so that requests the
 * browser makes on its own (the service worker update check) fail too.
 */
function honestOffline(context, net) {
  const emulate = context.setOffline.bind(context);
  context.setOffline = async (offline) => {
    if (offline) {
      net.setOnline(false);
      await emulate(true);
    } else {
      net.setOnline(true);
      await emulate(false);
    }
  };
  context.on('close', () => { net.close(); });
}

/**
 * A profile kept in a directory, for "close the app and open it again".
 * Pass the same userDataDir to open it again; remove it with removeProfile.
 */
export async function launchPersistent(userDataDir, extra = {}) {
  checkChromium();
  userDataDir = userDataDir || mkdtempSync(join(tmpdir(), 'paidee-e2e-profile-'));
  const net = await startNetSwitch();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROME_ARGS, headless: true, ...contextOptions({ ...extra, proxy: proxyFor(net) }),
  });
  return { context, rec: record(context, net), userDataDir };
}

export function removeProfile(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Records, for the whole context:
 *   requests: every request { url, method, sw (from the service worker), headers, postData }
 *   pageErrors: uncaught exceptions in pages
 *   consoleErrors: console.error messages (CSP refusals show up here)
 * CSP violations are also collected in the page (window.__cspViolations),
 * because a request the CSP blocks never reaches the network layer.
 */
export function record(context, net) {
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  if (net) honestOffline(context, net);
  const rec = { requests: [], pageErrors: [], consoleErrors: [], inflight: new Set(), lastActivity: Date.now(), net };
  context.on('request', (r) => {
    rec.inflight.add(r);
    rec.lastActivity = Date.now();
    rec.requests.push({
      url: r.url(), method: r.method(), sw: !!r.serviceWorker(),
      headers: r.headers(), postData: r.postData(),
    });
  });
  const done = (r) => { rec.inflight.delete(r); rec.lastActivity = Date.now(); };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  const watchPage = (page) => {
    page.on('pageerror', (e) => rec.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') rec.consoleErrors.push(`${page.url()}: ${m.text()}`); });
  };
  context.on('page', watchPage);
  context.pages().forEach(watchPage);
  context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return rec;
}

/**
 * Wait until the context (pages and service worker) has had no request in
 * flight for quietMs. The app may still be finishing a sync it started
 * before "ready" (a reload's delta, say); going offline in the middle of it
 * would make that online request look like one made offline.
 */
export async function networkQuiet(rec, { quietMs = 500, timeout = 15_000 } = {}) {
  const last = () => Math.max(rec.lastActivity, rec.net ? rec.net.lastActivity() : 0);
  const busy = () => rec.inflight.size + (rec.net ? rec.net.inflight() : 0);
  await eventually(() => busy() === 0 && Date.now() - last() >= quietMs, {
    timeout, interval: 50,
    message: `the network to be quiet for ${quietMs} ms (in flight: ${[...rec.inflight].map((r) => r.url()).join(', ')})`,
  });
}

/**
 * Cut the network off (pages and service worker) once nothing is in
 * flight. With a server, also wait until its access log has caught up
 * (it arrives through a pipe) and return how many requests it had logged
 * before the cut, so that a test can prove nothing arrived after it.
 */
export async function goOffline(context, rec, server) {
  await networkQuiet(rec);
  let seen = -1;
  if (server) {
    await eventually(async () => {
      const n = server.requests().length;
      const still = n === seen;
      seen = n;
      if (!still) await new Promise((r) => setTimeout(r, 200));
      return still;
    }, { interval: 0, message: "the server's access log to catch up" });
  }
  await context.setOffline(true);
  return seen;
}

/** Poll fn until it returns a truthy value (returned) or time runs out. */
export async function eventually(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}` +
        (last instanceof Error ? `: ${last.message}` : ` (last value ${JSON.stringify(last)})`));
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Wait for the test hook window.paidee.ready: local data loaded and
 * rendered. Fails clearly when the hook is missing.
 */
export async function waitReady(page, timeout = 20_000) {
  try {
    await page.waitForFunction(() => window.paidee && window.paidee.ready, null, { timeout });
  } catch {
    throw new Error(`window.paidee.ready never appeared on ${page.url()} (the test hook the app must provide)`);
  }
  await page.evaluate((t) => Promise.race([
    Promise.resolve(window.paidee.ready).then(() => true),
    new Promise((_, rej) => setTimeout(() => rej(new Error(`window.paidee.ready did not resolve within ${t} ms`)), t)),
  ]), timeout);
}

/**
 * Wait until a service worker is activated for the page and controls it.
 * A first visit may need a moment for clients.claim(); if it still is not in
 * control after that, one online reload puts it in control (the next visit
 * of a real user), which is what the offline tests need.
 */
export async function waitServiceWorker(page, timeout = 20_000) {
  const state = await page.evaluate((t) => new Promise((res, rej) => {
    if (!('serviceWorker' in navigator)) return rej(new Error('navigator.serviceWorker is missing'));
    const timer = setTimeout(async () => {
      const reg = await navigator.serviceWorker.getRegistration().catch(() => null);
      const st = (w) => (w ? w.state : 'none');
      const why = reg ? `registration found: installing=${st(reg.installing)} waiting=${st(reg.waiting)} active=${st(reg.active)}` +
        ' (an install that failed, e.g. a precache file missing, leaves nothing)' : 'no registration (does the app register /sw.js?)';
      rej(new Error(`no service worker became active within ${t} ms: ${why}`));
    }, t);
    navigator.serviceWorker.ready.then((reg) => {
      const w = reg.active;
      const done = () => { clearTimeout(timer); res({ state: w.state, scope: reg.scope, script: w.scriptURL }); };
      if (w.state === 'activated') return done();
      w.addEventListener('statechange', () => { if (w.state === 'activated') done(); });
    });
  }), timeout);
  const controlled = () => page.evaluate(() => !!navigator.serviceWorker.controller);
  try {
    await eventually(controlled, { timeout: 5_000, message: 'the service worker to control the page' });
  } catch {
    await page.reload();
    await eventually(controlled, { timeout: 5_000, message: 'the service worker to control the page after a reload' });
  }
  return state;
}

/**
 * The first visit of a new phone: open the app online, wait for the
 * service worker and for the local copy of the data.
 */
export async function firstVisit(page, baseURL, path = '/') {
  await page.goto(baseURL + path);
  const sw = await waitServiceWorker(page);
  await waitReady(page);
  return sw;
}

/** Open a path and wait for the app to be ready (works offline via the SW). */
export async function open(page, baseURL, path) {
  await page.goto(baseURL + path);
  await waitReady(page);
}

/** A locator by data-testid. */
export const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Assert a data-testid is on the page (attached) and visible. */
export async function seeTestId(page, id, { timeout = 10_000, what } = {}) {
  const loc = tid(page, id).first();
  try {
    await loc.waitFor({ state: 'visible', timeout });
  } catch {
    assert.fail(`expected [data-testid="${id}"]${what ? ` (${what})` : ''} to be visible on ${page.url()}`);
  }
  return loc;
}

/** Click a data-testid and wait for the URL to match (History API navigation). */
export async function clickTo(page, id, pathRe) {
  await (await seeTestId(page, id)).click();
  await page.waitForURL((u) => pathRe.test(u.pathname + u.search), { timeout: 10_000 })
    .catch(() => assert.fail(`after clicking ${id}, expected the address to match ${pathRe}, it is ${page.url()}`));
}

/** Is the checkbox-like element checked (input, role=checkbox, aria-pressed)? */
export async function isOn(loc) {
  return loc.evaluate((el) => {
    const input = el.matches('input') ? el : el.querySelector('input[type=checkbox]');
    if (input) return input.checked;
    const a = el.getAttribute('aria-checked') ?? el.getAttribute('aria-pressed');
    if (a !== null) return a === 'true';
    return el.hasAttribute('data-checked') ? el.getAttribute('data-checked') !== 'false' : el.classList.contains('checked') || el.classList.contains('done');
  });
}

/** Requests that went (or tried to go) to another origin than base. */
export function foreignRequests(rec, baseURL) {
  const origin = new URL(baseURL).origin;
  return rec.requests.filter((r) => {
    if (/^(data|blob|about|chrome-extension|devtools):/.test(r.url)) return false;
    try { return new URL(r.url).origin !== origin; } catch { return true; }
  });
}

/** Reports POSTed to the API as recorded in the context. */
export function reportPosts(rec) {
  return rec.requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/v1/reports');
}

/**
 * The server and browser that the tests of one describe() share: started
 * in its before hook, stopped in its after hook. Use suite.server and
 * suite.browser inside the tests.
 */
export function sharedServerAndBrowser(serverOptions = {}) {
  const suite = { server: null, browser: null };
  before(async () => {
    suite.server = await startServer(serverOptions);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
