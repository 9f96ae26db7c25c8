// Issue #4: a verifier signs in to the console at /verify and suspends an
// agency with a reason; a worker's phone, at its next sync, shows the
// agency as suspended (with the public reason), also offline afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call as api } from '../lib/api.js';
import { ADMIN, VERIFIER, startWithVerifier, stopAll, signIn } from '../lib/accounts.js';
import { repoRoot } from '../lib/server.js';
import {
  newContext, firstVisit, waitReady, open, tid, seeTestId, eventually,
} from '../lib/browser.js';
import { readFileSync } from 'node:fs';
import { byLicence } from '../lib/data.js';

const AGENCY = byLicence('DEMO-LA-0102'); // licensed in the seed data
const REASON = 'Licence suspended by ministry notice 12/2026 (e2e test)';

describe('console: a verifier suspends an agency, the worker app follows', () => {
  let server; let browser;

  before(async () => ({ srv: server, browser } = await startWithVerifier()));

  after(() => stopAll({ srv: server, browser }));

  it('says a field problem in Lao and Thai from its code, and an unknown code in the server\'s English', async () => {
    for (const [lang, locale] of [['lo', 'lo-LA'], ['th', 'th-TH']]) {
      const words = JSON.parse(readFileSync(`${repoRoot}/web/verify/i18n/${lang}.json`, 'utf8'));
      const desk = await newContext(browser, { locale });
      try {
        const page = await desk.context.newPage();
        await signIn(page, server.url, ADMIN, { via: '/verify' });
        await page.goto(server.url + '/verify/users');
        const form = page.locator('form:has([data-testid="user-create"])');
        await form.waitFor({ state: 'visible' }).catch(() => assert.fail('the form to add a user'));
        const problem = (name) => form.locator(`[data-field="${name}"] .field-error`);
        const shows = async (name, text, code) => {
          await eventually(async () => (await problem(name).innerText()).trim() === text,
            { message: `${lang}: ${name} should say "${text}", says "${await problem(name).innerText()}"` });
          assert.equal(await problem(name).getAttribute('data-code'), code);
        };
        // Too short a password: the server answers too_short with min 10.
        await form.locator('input[name="email"]').fill(`new-${lang}@example.org`);
        await form.locator('input[name="password"]').fill('short');
        await tid(page, 'user-create').click();
        await shows('password', words['problem.too_short'].replace('{min}', '10'), 'too_short');
        assert.ok(!/[a-z]{4}/i.test(await problem('password').innerText()), `${lang}: no English in the translated problem`);
        // An e-mail that has an account already: taken (409).
        await form.locator('input[name="email"]').fill(VERIFIER.email);
        await form.locator('input[name="password"]').fill('a-long-enough-password');
        await tid(page, 'user-create').click();
        await shows('email', words['problem.taken'], 'taken');
        // A code this console does not know (a newer server): its English words.
        const unknown = 'must be reviewed by a second administrator first';
        await page.route('**/api/v1/users', (route) => (route.request().method() !== 'POST' ? route.fallback() : route.fulfill({
          status: 422, contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'validation_failed', message: 'some fields are not valid', fields: { name: unknown },
            field_problems: { name: { code: 'newer_rule', message: unknown } } } }),
        })));
        await tid(page, 'user-create').click();
        await shows('name', unknown, 'newer_rule');
      } finally {
        await desk.context.close();
      }
    }
  });

  it('signs in, suspends with a reason, and the phone shows it after its next sync', async () => {
    // The worker's phone has the list from before: the agency is licensed.
    const phone = await newContext(browser);
    const console_ = await newContext(browser, { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    try {
      const wp = await phone.context.newPage();
      await firstVisit(wp, server.url);
      await open(wp, server.url, '/a/' + AGENCY.licence_no);
      assert.equal(await (await seeTestId(wp, 'status-badge')).getAttribute('data-status'), 'licensed');

      // The verifier signs in.
      const vp = await console_.context.newPage();
      await signIn(vp, server.url, VERIFIER, { via: '/verify' });
      // The overview asks for test calls of the numbers the seed could not confirm.
      await seeTestId(vp, 'dash-recheck', { what: 'the "numbers to call again" tile' });
      assert.ok(await tid(vp, 'recheck-row').count() >= 1, 'the unconfirmed seed contacts are listed for a test call');

      // Finds the agency and suspends it, with a reason.
      await vp.goto(server.url + '/verify/agencies');
      const search = await seeTestId(vp, 'agency-search');
      // Typing searches by itself (after a short pause); pressing Enter as
      // well leaves the typing timer running, and it would take the console
      // back to the list after the row is clicked (reported to the console's
      // author), so this test only types.
      await search.fill(AGENCY.licence_no);
      await vp.waitForURL(/[?&]q=/, { waitUntil: 'commit', timeout: 10_000 });
      const row = vp.locator(`[data-testid="agency-row"][data-licence="${AGENCY.licence_no}"]`);
      await row.first().waitFor({ state: 'visible', timeout: 10_000 })
        .catch(() => assert.fail(`agency-row for ${AGENCY.licence_no} in the console list`));
      await row.first().click();
      await vp.waitForURL(/\/verify\/agencies\/\d+/, { waitUntil: 'commit', timeout: 10_000 })
        .catch(() => assert.fail(`clicking the row should open the listing editor; at ${vp.url()}`));
      await (await seeTestId(vp, 'agency-status-select')).selectOption('suspended');
      await (await seeTestId(vp, 'agency-reason')).fill(REASON);
      await (await seeTestId(vp, 'agency-save')).click();
      await vp.waitForURL(/saved=1/, { timeout: 10_000 })
        .catch(async () => assert.fail(`the save did not go through (at ${vp.url()}): ${(await vp.locator('main').innerText()).slice(0, 300)}`));

      const pub = await api(server.url, 'GET', '/agencies/licence/' + AGENCY.licence_no);
      assert.equal(pub.body.status, 'suspended', 'the public API shows the new status');

      // The phone still shows its old copy until it syncs…
      const requestsBefore = phone.rec.requests.length;
      await wp.evaluate(() => window.paidee.syncNow());
      const sinceReq = phone.rec.requests.slice(requestsBefore).find((r) => /\/api\/v1\/bundle\?since=\d+/.test(r.url));
      assert.ok(sinceReq, 'the sync asks only for what changed (/api/v1/bundle?since=REV)');

      // …then shows it as suspended, with the public reason in its history.
      await open(wp, server.url, '/a/' + AGENCY.licence_no);
      await eventually(async () => (await tid(wp, 'status-badge').first().getAttribute('data-status')) === 'suspended',
        { message: `${AGENCY.licence_no} shown as suspended after the sync` });
      await eventually(async () => (await wp.locator('main').innerText()).includes(REASON),
        { message: 'the public reason in the listing\'s status history' });

      // And it stays so offline.
      await phone.context.setOffline(true);
      await wp.reload();
      await waitReady(wp);
      assert.equal(await (await seeTestId(wp, 'status-badge')).getAttribute('data-status'), 'suspended', 'offline, after the sync');
    } finally {
      await phone.context.close();
      await console_.context.close();
    }
  });
  it('an admin editing an emergency contact does not undo a newer change by another admin', async () => {
    const other = await api(server.url, 'POST', '/auth/login', { json: ADMIN });
    const contacts = (await api(server.url, 'GET', '/contacts')).body.items;
    const c = contacts.find((x) => x.country === 'TH' && x.phones.length) || contacts[0];
    const admin = await newContext(browser, { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    try {
      const page = await admin.context.newPage();
      await signIn(page, server.url, ADMIN, { via: '/verify' });
      await page.goto(`${server.url}/verify/content/contacts/${c.id}`);
      const hours = page.locator('input[name="hours.en"]');
      await hours.waitFor({ state: 'visible' });

      // Meanwhile another admin corrects the phone number.
      const fixed = await api(server.url, 'PATCH', `/contacts/${c.id}`, {
        token: other.body.token, json: { revision: c.revision, phones: [...c.phones, '1300'] },
      });
      assert.equal(fixed.status, 200, `the other admin's save: ${JSON.stringify(fixed.body)}`);

      // This admin, on the form opened before, changes the hours and saves.
      await hours.fill('Every day, 24 hours (e2e)');
      await (await seeTestId(page, 'content-save')).click();
      await seeTestId(page, 'conflict-message', { what: 'the conflict notice: nothing was saved' });
      let now = (await api(server.url, 'GET', '/contacts')).body.items.find((x) => x.id === c.id);
      assert.deepEqual(now.phones, [...c.phones, '1300'], 'the refused save did not undo the phone fix');
      assert.equal(now.hours.en, c.hours.en, 'the refused save changed nothing');

      // They put their change on top of the current version and save again.
      await (await seeTestId(page, 'conflict-keep')).click();
      await (await seeTestId(page, 'content-save')).click();
      await page.waitForURL(/saved=1/, { timeout: 10_000 })
        .catch(async () => assert.fail(`the second save did not go through: ${(await page.locator('main').innerText()).slice(0, 300)}`));
      now = (await api(server.url, 'GET', '/contacts')).body.items.find((x) => x.id === c.id);
      assert.deepEqual(now.phones, [...c.phones, '1300'], 'the phone fix is still there');
      assert.equal(now.hours.en, 'Every day, 24 hours (e2e)', 'and this admin\'s change is in');
      assert.equal(now.hours.lo, c.hours.lo, 'languages this admin did not touch are kept');
    } finally {
      await admin.context.close();
    }
  });
  it('a listing deleted by mistake is put back from the console, and the phone shows it again', async () => {
    const target = byLicence('DEMO-LA-0103');
    const admin = await api(server.url, 'POST', '/auth/login', { json: ADMIN });
    const found = await api(server.url, 'GET', '/agencies/licence/' + target.licence_no);
    assert.equal(found.status, 200, `the seed listing ${target.licence_no}`);
    const del = await api(server.url, 'DELETE', `/agencies/${found.body.id}`, { token: admin.body.token, json: { reason: 'thought to be a duplicate (e2e)' } });
    // A deletion makes a listing look safer (its status is gone): it waits
    // for a second person, here the verifier.
    assert.equal(del.status, 202, `delete: ${JSON.stringify(del.body)}`);
    const verifier = await api(server.url, 'POST', '/auth/login', { json: { email: VERIFIER.email, password: VERIFIER.password } });
    const ok = await api(server.url, 'POST', `/proposals/${del.body.proposal.id}/approve`, { token: verifier.body.token });
    assert.equal(ok.status, 200, `approve the deletion: ${JSON.stringify(ok.body)}`);

    const phone = await newContext(browser);
    const desk = await newContext(browser);
    const admin2 = await newContext(browser);
    try {
      const wp = await phone.context.newPage();
      await firstVisit(wp, server.url);
      await open(wp, server.url, '/a/' + target.licence_no);
      await eventually(async () => (await tid(wp, 'status-badge').first().getAttribute('data-status')) === 'not-listed',
        { message: `${target.licence_no} not on the phone's list after the deletion` });

      // The verifier finds it under "Deleted listings" and puts it back, with a reason (on a phone-sized screen).
      const vp = await desk.context.newPage();
      await signIn(vp, server.url, VERIFIER, { via: '/verify' });
      await vp.goto(server.url + '/verify/agencies');
      await (await seeTestId(vp, 'agencies-deleted-link')).click();
      const row = vp.locator(`[data-testid="deleted-row"][data-licence="${target.licence_no}"]`);
      await row.waitFor({ state: 'visible' }).catch(() => assert.fail(`${target.licence_no} among the deleted listings`));
      assert.ok((await row.innerText()).includes('thought to be a duplicate (e2e)'), 'the row says why it was deleted');
      await row.locator('[data-testid="restore-open"]').click();
      await row.locator('[data-testid="restore-confirm"]').click(); // no reason yet
      await eventually(async () => (await row.locator('.field-error').innerText()).trim().length > 0,
        { message: 'a restore without a reason is refused, next to the reason field' });
      await row.locator('[data-testid="restore-reason"]').fill('Licence confirmed by the ministry: deleted by mistake (e2e)');
      await row.locator('[data-testid="restore-confirm"]').click();
      // It comes back as licensed, which makes it look safer: the restore
      // waits for a second person, and nothing is public yet.
      await eventually(async () => (await vp.locator('main').innerText()).includes('second person') ||
        (await vp.locator('.notice-info').count()) > 0, { message: 'the console says the restore waits for a second person' });
      assert.equal((await api(server.url, 'GET', '/agencies/licence/' + target.licence_no)).status, 404, 'not public before the approval');

      // The administrator sees it on the dashboard, with the change side by
      // side, and approves it.
      const ap = await admin2.context.newPage();
      await signIn(ap, server.url, ADMIN, { via: '/verify' });
      await ap.goto(server.url + '/verify');
      const card = ap.locator('[data-testid="proposal"]').filter({ hasText: target.licence_no });
      await card.waitFor({ state: 'visible' }).catch(() => assert.fail('the restore among the proposals waiting on the dashboard'));
      assert.ok(await card.locator('[data-testid="proposal-diff"]').isVisible(), 'the change is shown from → to');
      await card.locator('[data-testid="proposal-approve"]').click();
      await eventually(async () => (await api(server.url, 'GET', '/agencies/licence/' + target.licence_no)).status === 200,
        { message: 'back on the public list after the approval' });
      // The verifier could not have approved it: the button is not theirs.
      await vp.goto(server.url + '/verify');
      assert.equal(await vp.locator('[data-testid="proposal-approve"]').count(), 0, 'no approve button for the proposer');

      // The phone gets it back at its next sync.
      await wp.evaluate(() => window.paidee.syncNow());
      await open(wp, server.url, '/a/' + target.licence_no);
      await eventually(async () => (await tid(wp, 'status-badge').first().getAttribute('data-status')) !== 'not-listed',
        { message: `${target.licence_no} back on the phone after its sync` });
    } finally {
      await phone.context.close();
      await desk.context.close();
      await admin2.context.close();
    }
  });
});
