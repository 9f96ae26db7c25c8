// Issue #8: status-history reasons and district names in the phone's
// language. A verifier suspends an agency in the console with a standard
// reason and the reference written in Lao, Thai and English (the console
// previews what workers will read); the phone shows each history step's
// reason, and the district, in the script of the language it is set to —
// the seeds' history too. And the console refuses "expired" for a licence
// whose end date is still to come.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call as api } from '../lib/api.js';
import { VERIFIER, startWithVerifier, stopAll, signIn } from '../lib/accounts.js';
import { newContext, firstVisit, open, tid, seeTestId, eventually } from '../lib/browser.js';
import { byLicence, LAO, THAI } from '../lib/data.js';

const TARGET = byLicence('DEMO-LA-0102'); // licensed, no history in the seeds
const SEEDED = byLicence('DEMO-LA-0101'); // two seeded steps: expired, renewed
const NOTE = { lo: 'ແຈ້ງການກະຊວງແຮງງານ ເລກທີ 99/2026', th: 'ประกาศกระทรวงแรงงานลาว ฉบับที่ 99/2026', en: 'ministry notice 99/2026' };
// The standard sentence of a suspension (models/reasons.go).
const SUSPENDED = { lo: 'ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ)', th: 'ใบอนุญาตถูกพักใช้', en: 'Licence suspended' };
// Districts of the two listings in each language (models/provinces.go).
const DISTRICT = {
  [TARGET.licence_no]: { lo: 'ໄກສອນ ພົມວິຫານ', th: 'ไกสอน พมวิหาน', en: 'Kaysone Phomvihane' },
  [SEEDED.licence_no]: { lo: 'ສີໂຄດຕະບອງ', th: 'ศรีโคตรบูรณ์', en: 'Sikhottabong' },
};
const SCRIPT = { lo: LAO, th: THAI, en: /^[\x20-\x7E—’]+$/ };

/** The phone's history steps of the open listing: [{text, lang}] of each reason. */
async function reasonsShown(page) {
  return page.locator('[data-testid="history-step"] .reason').evaluateAll((els) => els.map((e) => ({ text: e.textContent, lang: e.lang })));
}

async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem('paidee.lang', l), lang);
}

describe('status-history reasons and districts in three languages', () => {
  let server; let browser;

  before(async () => ({ srv: server, browser } = await startWithVerifier()));

  after(() => stopAll({ srv: server, browser }));

  it('the console offers the standard reasons for the change and takes the reference in lo, th, en', async () => {
    const desk = await newContext(browser, { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    try {
      const vp = await desk.context.newPage();
      await signIn(vp, server.url, VERIFIER);
      const found = await api(server.url, 'GET', '/agencies/licence/' + TARGET.licence_no);
      await vp.goto(`${server.url}/verify/agencies/${found.body.id}`);
      await (await seeTestId(vp, 'agency-status-select')).selectOption('suspended');
      const codes = await tid(vp, 'agency-reason-code').locator('option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(codes.includes('suspended'), `a suspension offers "suspended": ${codes}`);
      assert.ok(!codes.includes('renewed') && !codes.includes('revoked'), `only reasons that fit licensed → suspended: ${codes}`);
      assert.equal(codes[0], 'suspended', 'the default is the suspension sentence');

      // Half the languages is refused in the console, next to the field.
      await vp.locator('.reason-each summary').click();
      await (await seeTestId(vp, 'agency-reason-lo')).fill(NOTE.lo);
      await (await seeTestId(vp, 'agency-save')).click();
      await eventually(async () => (await vp.locator('[data-field="reason_note"] .field-error').first().innerText()).trim().length > 0,
        { message: 'a reference in only one language is refused beside the field' });
      await (await seeTestId(vp, 'agency-reason-th')).fill(NOTE.th);
      await (await seeTestId(vp, 'agency-reason-en')).fill(NOTE.en);
      // Thai typed in the Lao box is refused beside it, in the console's words.
      await (await seeTestId(vp, 'agency-reason-lo')).fill(NOTE.th);
      await (await seeTestId(vp, 'agency-save')).click();
      await eventually(async () => (await vp.locator('[data-field="reason_note.lo"] .field-error').innerText()).includes('Write the Lao text in Lao letters'),
        { message: 'Thai in the Lao reference is refused beside the Lao field' });
      await (await seeTestId(vp, 'agency-reason-lo')).fill(NOTE.lo);
      const preview = await (await seeTestId(vp, 'agency-reason-preview')).innerText();
      for (const l of ['lo', 'th', 'en']) assert.ok(preview.includes(`${SUSPENDED[l]} — ${NOTE[l]}`), `the preview shows the ${l} reason: ${preview}`);
      await (await seeTestId(vp, 'agency-save')).click();
      await vp.waitForURL(/saved=1/, { timeout: 10_000 })
        .catch(async () => assert.fail(`the save did not go through: ${(await vp.locator('main').innerText()).slice(0, 400)}`));

      const pub = await api(server.url, 'GET', '/agencies/licence/' + TARGET.licence_no);
      const last = pub.body.status_history.at(-1);
      assert.deepEqual(last.reason, { lo: `${SUSPENDED.lo} — ${NOTE.lo}`, th: `${SUSPENDED.th} — ${NOTE.th}`, en: `${SUSPENDED.en} — ${NOTE.en}` });
      const shown = await (await seeTestId(vp, 'console-history-reason')).innerText();
      assert.ok(LAO.test(shown) && THAI.test(shown) && shown.includes(NOTE.en), `the console's history shows all three: ${shown}`);
    } finally {
      await desk.context.close();
    }
  });

  it('the console refuses "expired" for a licence whose end date is still to come, beside the status', async () => {
    const desk = await newContext(browser, { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'en-GB' });
    const target = byLicence('DEMO-LA-0103'); // licensed until 2027-06-30
    try {
      const vp = await desk.context.newPage();
      await signIn(vp, server.url, VERIFIER);
      const found = await api(server.url, 'GET', '/agencies/licence/' + target.licence_no);
      await vp.goto(`${server.url}/verify/agencies/${found.body.id}`);
      await (await seeTestId(vp, 'agency-status-select')).selectOption('expired');
      assert.deepEqual(await tid(vp, 'agency-reason-code').locator('option').evaluateAll((os) => os.map((o) => o.value)),
        ['expired', 'not_renewed', 'correction'], 'the sentences that fit licensed → expired');
      await (await seeTestId(vp, 'agency-reason')).fill('ministry list of 1 Dec 2026');
      await (await seeTestId(vp, 'agency-save')).click();
      await eventually(async () => (await vp.locator('[data-field="status"] .field-error').innerText()).trim().length > 0,
        { message: 'the refusal shown beside the status field' });
      const now = await api(server.url, 'GET', '/agencies/licence/' + target.licence_no);
      assert.equal(now.body.status, 'licensed', 'nothing saved');
      assert.equal(now.body.version, found.body.version, 'nothing saved');
    } finally {
      await desk.context.close();
    }
  });

  it('the phone shows each reason and the district in the language it is set to', async () => {
    const phone = await newContext(browser);
    try {
      const wp = await phone.context.newPage();
      await firstVisit(wp, server.url);
      for (const lang of ['lo', 'th', 'en']) {
        await setLang(wp, lang);
        for (const a of [TARGET, SEEDED]) {
          await open(wp, server.url, '/a/' + a.licence_no);
          await eventually(async () => (await wp.evaluate(() => document.documentElement.lang)) === lang, { message: `<html lang="${lang}">` });
          const reasons = await reasonsShown(wp);
          assert.ok(reasons.length >= 1, `${a.licence_no} (${lang}): history reasons shown`);
          for (const r of reasons) {
            assert.equal(r.lang, lang, `${a.licence_no}: the reason carries lang="${lang}" (font and reading)`);
            assert.ok(SCRIPT[lang].test(r.text), `${a.licence_no} (${lang}): reason in ${lang} script: "${r.text}"`);
            if (lang !== 'th') assert.ok(!THAI.test(r.text), `${a.licence_no} (${lang}): no Thai in "${r.text}"`);
            if (lang !== 'lo') assert.ok(!LAO.test(r.text), `${a.licence_no} (${lang}): no Lao in "${r.text}"`);
          }
          const facts = await wp.locator('dl.facts').innerText();
          assert.ok(facts.includes(DISTRICT[a.licence_no][lang]), `${a.licence_no} (${lang}): district "${DISTRICT[a.licence_no][lang]}" in ${facts}`);
        }
        // The new suspension, with the verifier's reference in this language.
        await open(wp, server.url, '/a/' + TARGET.licence_no);
        const texts = (await reasonsShown(wp)).map((r) => r.text);
        assert.ok(texts.includes(`${SUSPENDED[lang]} — ${NOTE[lang]}`), `(${lang}) the console's suspension as workers read it: ${texts}`);
      }
    } finally {
      await phone.context.close();
    }
  });
});
