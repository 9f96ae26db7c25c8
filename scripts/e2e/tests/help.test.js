// Help that reaches someone: the help screen opens on the five numbers that
// matter; every call button says whose phones reach it and dials the form
// that connects; the rest sits in groups that open without script; nothing
// meant for administrators is shown; the embassy comes with the Lao line
// beside it; "not on the list" offers numbers by country; the printed
// checklist carries the five numbers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedServerAndBrowser, newContext, firstVisit, open, seeTestId, tid } from '../lib/browser.js';
import { catalog } from '../lib/data.js';
import { repoRoot } from '../lib/server.js';

const contacts = JSON.parse(readFileSync(join(repoRoot, 'seeds/data/contacts.json'), 'utf8')).contacts;
const topFive = contacts.filter((c) => c.country === 'TH' && c.featured && c.phones.length)
  .sort((a, b) => a.position - b.position).slice(0, 5);
// Words meant for administrators, in the three languages.
const ADMIN = /administrator|ຜູ້ດູແລລະບົບ|ผู้ดูแลระบบ/i;

async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem('paidee.lang', l), lang);
}

describe('help', () => {
  const suite = sharedServerAndBrowser();

  it('opens on the five numbers that matter, each saying whose phones reach it', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/help');
      const top = await seeTestId(page, 'help-top');
      const numbers = await top.locator('.call-number').allInnerTexts();
      assert.deepEqual(numbers, topFive.map((c) => c.phones[0]), 'the five featured Thai numbers, in order');
      const reach = await top.locator('[data-testid="call-reach"]').allInnerTexts();
      assert.equal(reach.length, 5);
      const lo = catalog('lo');
      for (const r of reach) assert.ok([lo['help.reach_th'], lo['help.reach_la'], lo['help.reach_both']].includes(r.trim()), `reach label: ${r}`);
      // Short codes and 1800 numbers only from a Thai SIM, dialled as they are.
      for (const a of await top.locator('a.call-big').all()) {
        const href = await a.getAttribute('href');
        assert.equal(await a.getAttribute('data-reach'), 'TH', href);
        assert.match(href, /^tel:1\d{2,9}$/, href);
      }
      // The groups start closed, and open with a tap (no script needed: <details>).
      const groups = tid(page, 'help-group');
      assert.ok(await groups.count() >= 8, 'groups by country and type');
      assert.equal(await page.locator('details.help-group[open]').count(), 0, 'groups start closed');
      assert.equal(await tid(page, 'contact-card').first().isVisible(), false);
      const laPolice = page.locator('details.help-group[data-country="LA"][data-category="police"]');
      await laPolice.locator('summary').click();
      await laPolice.locator('[data-testid="contact-card"]').first().waitFor({ state: 'visible', timeout: 5_000 });
      assert.equal(await page.locator('details.help-group[open]').count(), 1, 'one group opened');
    } finally {
      await context.close();
    }
  });

  it('dials Lao numbers as +856 and Thai ones as +66, short codes as they are, and labels each', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/help');
      await setLang(page, 'en');
      await open(page, suite.server.url, '/help');
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const links = await page.locator('.help-group a[href^="tel:"]').evaluateAll((as) => as.map((a) => ({
        href: a.getAttribute('href'), reach: a.dataset.reach, text: a.innerText,
        country: a.closest('[data-country]').dataset.country,
      })));
      const en = catalog('en');
      const label = { TH: en['help.reach_th'], LA: en['help.reach_la'], both: en['help.reach_both'] };
      assert.ok(links.length >= 15, `tel: links in the groups: ${links.length}`);
      for (const l of links) {
        assert.ok(l.text.includes(label[l.reach]), `${l.href} says ${label[l.reach]}: ${l.text}`);
        const digits = l.href.slice(4);
        if (l.reach === 'both') assert.match(digits, l.country === 'LA' ? /^\+856\d{8,10}$/ : /^\+66\d{8,9}$/, l.href);
        else {
          assert.equal(l.reach, l.country, `${l.href}: a short code works only in its own country`);
          assert.match(digits, /^\d{3,10}$/, l.href);
        }
      }
      // The seeds' national numbers (leading 0) turn into the international form.
      const ngo = links.find((l) => l.href === 'tel:+6623439300');
      assert.ok(ngo, `02-343-9300 dialled as +66 2 343 9300: ${JSON.stringify(links.map((l) => l.href))}`);
      assert.ok(links.some((l) => l.href === 'tel:+85621267734'), 'the Vientiane number dialled with +856');
      assert.ok(links.some((l) => l.href === 'tel:1191' && l.reach === 'LA'), '1191 only in Laos');
    } finally {
      await context.close();
    }
  });

  for (const lang of ['lo', 'th', 'en']) {
    it(`shows workers no note meant for administrators (${lang}), and the embassy with the Lao line beside it`, async () => {
      const { context } = await newContext(suite.browser);
      try {
        const page = await context.newPage();
        await firstVisit(page, suite.server.url, '/help');
        await setLang(page, lang);
        await open(page, suite.server.url, '/help');
        // Open every group: all the text a worker can read.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const text = await page.locator('main').innerText();
        assert.doesNotMatch(text, ADMIN);
        const embassy = page.locator('details[data-category="embassy"] [data-testid="contact-card"]');
        assert.equal(await embassy.count(), 2, 'the embassy and the consulate');
        const bangkok = embassy.first();
        assert.ok(await bangkok.locator('a[href^="tel:+6625396"]').count() >= 3, 'the embassy numbers from facts.md §8');
        assert.ok(await bangkok.locator('.unconfirmed').isVisible(), 'marked not confirmed');
        for (const card of await embassy.all()) {
          assert.equal(await card.locator('[data-testid="alt-line"] a[href="tel:1800010182"]').count(), 1, 'the Issara line beside it');
        }
      } finally {
        await context.close();
      }
    });
  }

  it('"not on the list" offers Lao-speaking numbers grouped by the country whose phones reach them', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/agencies?q=' + encodeURIComponent('Somchai Quick Jobs'));
      await seeTestId(page, 'not-on-list');
      for (const cc of ['TH', 'LA']) {
        const group = await seeTestId(page, `not-on-list-calls-${cc}`);
        const reach = await group.locator('a.call-big').evaluateAll((as) => as.map((a) => a.dataset.reach));
        assert.ok(reach.length >= 1, `a number for ${cc}`);
        for (const r of reach) assert.ok(r === cc || r === 'both', `${cc} group offers a number reached from ${r}`);
      }
    } finally {
      await context.close();
    }
  });

  it('the printed checklist carries the five numbers', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/checklist');
      assert.equal(await tid(page, 'print-numbers').isVisible(), false, 'on screen it is hidden');
      await page.emulateMedia({ media: 'print' });
      const box = await seeTestId(page, 'print-numbers', { what: 'the numbers on paper' });
      const text = await box.innerText();
      for (const c of topFive) assert.ok(text.includes(c.phones[0]), `${c.phones[0]} on the printed sheet: ${text}`);
    } finally {
      await context.close();
    }
  });
});
