// The accounts the tests sign in with, and the set-up the console and
// sync tests share: a server whose first admin is ADMIN, a browser, and
// the admin's API token for edits made "meanwhile" through the API.
import assert from 'node:assert/strict';
import { call } from './api.js';
import { startServer } from './server.js';
import { launchBrowser, seeTestId } from './browser.js';

export const ADMIN = { email: 'admin@example.org', password: 'admin-e2e-password-1' };
export const VERIFIER = { email: 'verifier@example.org', password: 'verifier-e2e-password-1', name: 'E2E Verifier' };

/** The server's environment that makes ADMIN its first admin. */
export const ADMIN_ENV = { PAIDEE_ADMIN_EMAIL: ADMIN.email, PAIDEE_ADMIN_PASSWORD: ADMIN.password };

/**
 * Start a server with ADMIN (startServer's options, env added to ADMIN_ENV)
 * and a browser, and sign ADMIN in through the API: { srv, browser, token }.
 * Stop them with stopAll.
 */
export async function startWithAdmin(serverOptions = {}) {
  const srv = await startServer({ ...serverOptions, env: { ...ADMIN_ENV, ...serverOptions.env } });
  let browser;
  try {
    browser = await launchBrowser();
    const login = await call(srv.url, 'POST', '/auth/login', { json: ADMIN });
    assert.equal(login.status, 200, `admin login: ${JSON.stringify(login.body)}`);
    return { srv, browser, token: login.body.token };
  } catch (err) {
    await browser?.close();
    await srv.stop();
    throw err;
  }
}

/**
 * startWithAdmin, and the admin makes VERIFIER's account through the API
 * (the console's user screen is not what these tests are about).
 */
export async function startWithVerifier(serverOptions = {}) {
  const started = await startWithAdmin(serverOptions);
  try {
    await makeVerifier(started.srv.url, started.token);
  } catch (err) {
    await stopAll(started);
    throw err;
  }
  return started;
}

/** Close what startWithAdmin started (either may be missing if it failed). */
export async function stopAll({ srv, browser }) {
  await browser?.close();
  await srv?.stop();
}

/** Make a verifier's account through the API with an admin's token. */
export async function makeVerifier(base, token, who = VERIFIER) {
  const made = await call(base, 'POST', '/users', {
    token, json: { email: who.email, name: who.name, role: 'verifier', password: who.password },
  });
  assert.equal(made.status, 201, `create verifier: ${JSON.stringify(made.body)}`);
  return made.body;
}

/**
 * Sign in on the console's login screen and wait to be inside. via: the
 * page to open first; anything but /verify/login must send a browser
 * without a session to the login screen.
 */
export async function signIn(page, base, who, { via = '/verify/login' } = {}) {
  await page.goto(base + via);
  if (via !== '/verify/login') {
    await page.waitForURL(/\/verify\/login/, { timeout: 10_000 })
      .catch(() => assert.fail(`${via} without a session should ask to sign in; it is at ${page.url()}`));
  }
  await (await seeTestId(page, 'login-email')).fill(who.email);
  await (await seeTestId(page, 'login-password')).fill(who.password);
  await (await seeTestId(page, 'login-submit')).click();
  await page.waitForURL((u) => u.pathname.startsWith('/verify') && !u.pathname.startsWith('/verify/login'), { timeout: 10_000 })
    .catch(() => assert.fail(`after signing in, expected the console; it is at ${page.url()}`));
}
