// "Check the costs": the official costs from the signed bundle, what the
// agency asks compared with them (below, equal, above; each cost or one
// total), an item past its "valid to" date shown as out of date and never
// compared as current, the print view, amounts in each language's way, and
// all of it offline.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../lib/api.js';
import { ADMIN, startWithAdmin, signIn } from '../lib/accounts.js';
import { repoRoot } from '../lib/server.js';
import { newContext, firstVisit, open, tid, seeTestId, eventually, goOffline } from '../lib/browser.js';
import { catalog } from '../lib/data.js';

const seeded = JSON.parse(readFileSync(join(repoRoot, 'seeds/data/cost_items.json'), 'utf8')).cost_items;
const seed = (key) => seeded.find((x) => x.key === key);
const en = catalog('en');

const item = (page, key) => page.locator(`[data-testid="costs-item"][data-key="${key}"]`);
async function ask(page, key, value) {
  await item(page, key).locator('[data-testid="costs-input"]').fill(value);
  const r = item(page, key).locator('[data-testid="costs-result"]');
  await r.waitFor();
  return { kind: await r.getAttribute('data-result'), text: await r.innerText() };
}

describe('check the costs', () => {
  let srv, browser, token, context, rec, page;
  before(async () => {
    ({ srv, browser, token } = await startWithAdmin());
    // An item whose period is over, and one that holds only from next year.
    for (const [key, from, to] of [['cost-e2e-old', '2020-01-01', '2024-06-30'], ['cost-e2e-later', `${new Date().getFullYear() + 1}-01-01`, '']]) {
      const r = await call(srv.url, 'POST', '/costs', {
        token,
        json: {
          key, title: { lo: 'ຄ່າເກົ່າ', th: 'ค่าเก่า', en: `E2E ${key}` }, amount: 100, currency: 'THB', payer: 'worker', confidence: 'verified',
          valid_from: from, valid_to: to, source_url: 'https://example.org/fees', checked_on: '2024-01-01',
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    // The employer pays, we think, but no one has confirmed it.
    const r = await call(srv.url, 'POST', '/costs', {
      token,
      json: {
        key: 'cost-e2e-employer', title: { lo: 'ຄ່ານາຍຈ້າງ', th: 'ค่านายจ้าง', en: 'E2E employer unconfirmed' }, amount: 0, currency: 'THB', payer: 'employer',
        confidence: 'unconfirmed', source_url: 'https://example.org/fees', checked_on: '2024-01-01',
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ({ context, rec } = await newContext(browser, { locale: 'en-US' }));
    page = await context.newPage();
    await firstVisit(page, srv.url, '/costs');
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await srv?.stop();
  });

  it('every official item with its amount, how sure, period and source; no verified figure said plainly', async () => {
    await page.evaluate(() => localStorage.setItem('paidee.lang', 'en'));
    await open(page, srv.url, '/costs');
    const visa = item(page, 'cost-visa');
    assert.equal(await visa.locator('[data-testid="costs-official"]').getAttribute('data-amount'), String(seed('cost-visa').amount));
    const vs = visa.locator('[data-testid="costs-state"]');
    assert.equal(await vs.getAttribute('data-state'), 'current');
    assert.equal(await vs.getAttribute('data-sure'), 'true');
    const vtext = await visa.innerText();
    assert.ok(vtext.includes('500 baht') && vtext.includes('11 November 2023') && vtext.includes('passport.co.th') && vtext.includes('checked 1 December 2026'), vtext);
    // Weak figures are shown as not confirmed; none is shown as "no verified figure".
    assert.equal(await item(page, 'cost-medical-check').locator('[data-testid="costs-state"]').getAttribute('data-sure'), 'false');
    for (const key of ['cost-health-insurance', 'cost-passport']) {
      const st = item(page, key).locator('[data-testid="costs-state"]');
      assert.equal(await st.getAttribute('data-state'), 'none', key);
      assert.ok((await st.innerText()).includes(en['costs.no_figure'].split(':')[0]), key);
    }
    assert.ok((await item(page, 'cost-recruitment-fee').innerText()).includes(en['costs.employer_pays']));
    assert.ok(!/\bnull\b|undefined/.test(await page.locator('main').innerText()), 'a value missing on screen');
  });

  it('what the agency asks: below, equal and above the official cost, with what to do', async () => {
    const below = await ask(page, 'cost-visa', '400');
    assert.equal(below.kind, 'below');
    const equal = await ask(page, 'cost-visa', '500');
    assert.equal(equal.kind, 'equal');
    assert.ok(equal.text.includes(en['costs.do_receipt']), equal.text);
    const above = await ask(page, 'cost-visa', '2,000');
    assert.equal(above.kind, 'above');
    assert.ok(above.text.includes('1,500 baht more'), above.text);
    for (const s of ['costs.do_not_pay', 'costs.do_receipt', 'costs.do_report']) assert.ok(above.text.includes(en[s]), `${s}: ${above.text}`);
    // A recruitment fee: the employer pays, so anything asked is too much.
    const fee = await ask(page, 'cost-recruitment-fee', '15000');
    assert.equal(fee.kind, 'above');
    assert.ok(fee.text.includes('15,000 baht'), fee.text);
    // A weak figure: above it says so, and sends the worker to the labour office.
    const med = await ask(page, 'cost-medical-check', '800');
    assert.equal(med.kind, 'above');
    assert.ok(med.text.includes('not confirmed') && med.text.includes(en['costs.do_ask_office']), med.text);
    // No figure: nothing to compare, ask first.
    assert.equal((await ask(page, 'cost-health-insurance', '3200')).kind, 'nofigure');
    // Lao and Thai digits count.
    assert.equal((await ask(page, 'cost-visa', '໕໐໐')).kind, 'equal');
    assert.equal((await ask(page, 'cost-visa', '๕๐๐')).kind, 'equal');
    // The summary counts the costs above and links the report form and the agency.
    await ask(page, 'cost-visa', '900');
    const sum = await seeTestId(page, 'costs-above-total');
    assert.ok((await sum.innerText()).includes('15,700 baht'), await sum.innerText());
    assert.equal(await tid(page, 'costs-report').getAttribute('href'), '/report');
  });

  it('a figure not confirmed (or whose payer is not confirmed) is never a check: equal or below says ask the office', async () => {
    // The work permit: 1,900 baht, payer and figure both unconfirmed.
    for (const v of ['1900', '1500']) {
      const r = await ask(page, 'cost-work-permit', v);
      assert.equal(r.kind, 'unconfirmed', `${v}: ${r.text}`);
      assert.ok(r.text.includes('not confirmed') && r.text.includes(en['costs.do_ask_office']), r.text);
      assert.ok(!r.text.includes(en['costs.r_equal']), r.text);
      const ic = await item(page, 'cost-work-permit').locator('[data-testid="costs-result"] .icon').first().evaluate((e) => e.outerHTML);
      assert.ok(!/check/.test(ic), `no check icon: ${ic}`);
    }
    // The medical check: the payer is the worker but the figure is not confirmed.
    assert.equal((await ask(page, 'cost-medical-check', '500')).kind, 'unconfirmed');
    // The employer pays, but that is not confirmed: no firm check on the figure, nor on what is asked.
    const emp = item(page, 'cost-e2e-employer');
    assert.equal(await emp.locator('[data-testid="costs-state"]').getAttribute('data-sure'), 'false');
    assert.ok(!/check/.test(await emp.locator('[data-testid="costs-state"] .icon').first().evaluate((e) => e.outerHTML)));
    assert.equal((await ask(page, 'cost-e2e-employer', '0')).kind, 'unconfirmed');
    const empAbove = await ask(page, 'cost-e2e-employer', '3000');
    assert.equal(empAbove.kind, 'above');
    assert.ok(empAbove.text.includes('not confirmed') && empAbove.text.includes(en['costs.do_ask_office']), empAbove.text);
    await emp.locator('[data-testid="costs-input"]').fill('');
    // A confirmed figure still says equal.
    assert.equal((await ask(page, 'cost-visa', '500')).kind, 'equal');
  });

  it('decimals are decimals, never 100 times the amount; a number that reads two ways is said beside the field', async () => {
    for (const v of ['1900.50', '1,900.00', '1.900,00', '1 900', '1,900']) {
      const r = await ask(page, 'cost-visa', v);
      assert.equal(r.kind, 'above', v);
      assert.ok(r.text.includes('1,400 baht more') || r.text.includes('1,401 baht more'), `${v}: ${r.text}`);
    }
    await ask(page, 'cost-visa', '500.00');
    assert.equal(await item(page, 'cost-visa').locator('[data-testid="costs-result"]').getAttribute('data-result'), 'equal');
    assert.equal(await item(page, 'cost-visa').locator('[data-testid="costs-read"]').getAttribute('data-read'), '500');
    const input = item(page, 'cost-visa').locator('[data-testid="costs-input"]');
    for (const v of ['1,900,50', '1,9000', '500 1000', '3 ແສນ', '5k', '-500', '.5']) {
      await input.fill(v);
      const note = item(page, 'cost-visa').locator('[data-testid="costs-read"]');
      await note.waitFor();
      assert.equal(await note.getAttribute('data-read'), 'ambiguous', v);
      assert.equal(await item(page, 'cost-visa').locator('[data-testid="costs-result"]').count(), 0, `${v}: no verdict on a guess`);
    }
    await input.fill('');
  });

  it('one total against the official costs together', async () => {
    await tid(page, 'costs-mode-total').check();
    const input = await seeTestId(page, 'costs-total-input');
    const result = async (v) => {
      await input.fill(v);
      const r = tid(page, 'costs-total-result');
      await r.waitFor();
      return { kind: await r.getAttribute('data-result'), text: await r.innerText() };
    };
    // Confirmed and current in baht: visa 500 + recruitment fee 0 (the old item does not count).
    assert.equal((await result('300')).kind, 'below');
    assert.equal((await result('500')).kind, 'equal');
    const above = await result('6000');
    assert.equal(above.kind, 'above');
    assert.ok(above.text.includes('5,500 baht more'), above.text);
    assert.ok(above.text.includes('(2,900 baht)'), `with the unconfirmed figures (work permit 1,900 + medical 500): ${above.text}`);
    assert.ok(above.text.includes(en['costs.do_not_pay']) && above.text.includes('3,100 baht more than all'), above.text);
    // Above the confirmed 500 but within the 2,900 with the unconfirmed figures: ask, not "do not pay".
    const within = await result('2,900');
    assert.equal(within.kind, 'unconfirmed', within.text);
    assert.ok(within.text.includes(en['costs.do_ask_office']) && !within.text.includes(en['costs.do_not_pay']), within.text);
    assert.equal(await tid(page, 'costs-above-total').count(), 0, 'the summary does not call it too much');
    assert.equal((await result('2900.40')).kind, 'unconfirmed');
    assert.equal(await tid(page, 'costs-input').first().isVisible(), false, 'per-item boxes hidden in total mode');
    await tid(page, 'costs-mode-items').check();
    await seeTestId(page, 'costs-input');
  });

  it('an item past its valid-to date is out of date, never current; one not yet in force is not compared either', async () => {
    const old = item(page, 'cost-e2e-old');
    const st = old.locator('[data-testid="costs-state"]');
    assert.equal(await st.getAttribute('data-state'), 'outdated');
    assert.ok((await st.innerText()).includes('30 June 2024'), await st.innerText());
    assert.equal(await old.locator('[data-testid="costs-official"]').count(), 0, 'an old figure is shown as the official cost');
    assert.equal((await ask(page, 'cost-e2e-old', '100')).kind, 'nofigure');
    assert.equal(await item(page, 'cost-e2e-later').locator('[data-testid="costs-state"]').getAttribute('data-state'), 'not_yet');
    assert.equal((await ask(page, 'cost-e2e-later', '100')).kind, 'nofigure');
  });

  it('the print view: the costs and what was typed, without the app around them', async () => {
    await ask(page, 'cost-visa', '900');
    await page.emulateMedia({ media: 'print' });
    try {
      const hidden = await page.evaluate(() => ['.top', '.bottom', '#banners', '[data-testid="costs-print"]', '.cost-mode']
        .map((s) => [s, [...document.querySelectorAll(s)].every((el) => !el.checkVisibility())]));
      assert.deepEqual(hidden.filter(([, h]) => !h), [], 'shown in print');
      assert.ok(await item(page, 'cost-visa').isVisible());
      assert.equal(await item(page, 'cost-visa').locator('[data-testid="costs-input"]').inputValue(), '900');
      assert.ok(await item(page, 'cost-visa').locator('[data-testid="costs-result"]').isVisible(), 'the comparison prints');
      assert.ok(await page.locator('.cost-printed').isVisible(), 'the date and address print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('offline, in Lao, Thai and English, amounts in each language\'s way; a saved agency is linked', async () => {
    await open(page, srv.url, '/a/DEMO-LA-0101');
    await (await seeTestId(page, 'mine-save')).click();
    await seeTestId(page, 'mine-saved-note');
    await goOffline(context, rec);
    const locales = { lo: 'lo-LA', th: 'th-TH', en: 'en' };
    for (const lang of ['lo', 'th', 'en']) {
      await page.evaluate((l) => localStorage.setItem('paidee.lang', l), lang);
      await open(page, srv.url, '/costs');
      const cat = catalog(lang);
      const wp = await item(page, 'cost-work-permit').locator('[data-testid="costs-official"]').innerText();
      const want = await page.evaluate((loc) => new Intl.NumberFormat(loc, { maximumFractionDigits: 0 }).format(1900), locales[lang]);
      assert.equal(wp.trim(), `${want} ${cat['costs.cur.THB']}`, lang);
      assert.equal(await page.locator('h1').innerText(), cat['costs.title']);
      assert.equal((await ask(page, 'cost-visa', '700')).kind, 'above');
      const mine = await seeTestId(page, 'costs-my-agency');
      assert.equal(await mine.getAttribute('href'), '/a/DEMO-LA-0101');
      assert.match(await tid(page, 'costs-report').getAttribute('href'), /^\/report\?agency=\d+$/);
    }
    await context.setOffline(false);
  });

  it('an admin adds and changes a cost item in the console; the phone gets it at its next sync', async () => {
    const admin = await newContext(browser, { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    try {
      const cp = await admin.context.newPage();
      await signIn(cp, srv.url, ADMIN, { via: '/verify' });
      await cp.goto(srv.url + '/verify/content/costs');
      assert.equal(await (await seeTestId(cp, 'content-row')).count() >= 1, true);
      await (await seeTestId(cp, 'content-new')).click();
      await cp.locator('input[name="title.lo"]').fill('ຄ່າແປເອກະສານ');
      await cp.locator('input[name="title.th"]').fill('ค่าแปลเอกสาร');
      await cp.locator('input[name="title.en"]').fill('Document translation (e2e)');
      await cp.locator('input[name="amount"]').fill('250');
      await cp.locator('select[name="payer"]').selectOption('worker');
      await cp.locator('select[name="confidence"]').selectOption('unconfirmed');
      await cp.locator('input[name="valid_to"]').fill('2030-12-31');
      await cp.locator('input[name="source_url"]').fill('javascript:alert(1)');
      await cp.locator('input[name="checked_on"]').fill('2026-12-01');
      await tid(cp, 'content-save').click();
      // A bad source is refused beside its field; nothing is saved.
      await eventually(async () => (await cp.locator('[data-field="source_url"] .field-error').innerText()).length > 0, { message: 'the source error beside its field' });
      await cp.locator('input[name="source_url"]').fill('https://example.org/translation');
      await tid(cp, 'content-save').click();
      await cp.waitForURL(/saved=1/, { timeout: 10_000 });
      const made = (await call(srv.url, 'GET', '/costs')).body.items.find((x) => x.title.en === 'Document translation (e2e)');
      assert.ok(made, 'saved');
      assert.deepEqual([made.amount, made.confidence, made.valid_to, made.source_url], [250, 'unconfirmed', '2030-12-31', 'https://example.org/translation']);
      // Emptying the amount means "no confirmed figure" (null), not 0.
      await cp.goto(`${srv.url}/verify/content/costs/${made.id}`);
      await cp.locator('input[name="amount"]').fill('');
      await tid(cp, 'content-save').click();
      await cp.waitForURL(/saved=1/, { timeout: 10_000 });
      const now = (await call(srv.url, 'GET', '/costs')).body.items.find((x) => x.id === made.id);
      assert.equal(now.amount, null);
      const audit = await call(srv.url, 'GET', '/audit?entity=cost_item', { token });
      assert.ok(audit.body.items.filter((e) => e.entity_id === made.id).length === 2, 'create and change audited');
      // The phone, at its next sync.
      await open(page, srv.url, '/costs');
      await page.evaluate(() => window.paidee.syncNow());
      await eventually(async () => (await item(page, made.key).count()) === 1, { message: 'the new item on the phone' });
      assert.equal(await item(page, made.key).locator('[data-testid="costs-state"]').getAttribute('data-state'), 'none');
    } finally {
      await admin.context.close();
    }
  });
});
