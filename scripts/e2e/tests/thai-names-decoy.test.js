// In Thai (and English) the agency's Lao-script name is shown with its
// Latin one, on the search results, the listing and the page title: it is
// the name on the agency's papers and sign. The decoy page behind quick
// exit speaks the phone's language.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServerAndBrowser, newContext, firstVisit, open, seeTestId, tid, eventually } from '../lib/browser.js';
import { byLicence } from '../lib/data.js';

describe('Lao-script names and the decoy in the phone\'s language', () => {
  const suite = sharedServerAndBrowser();
  const a = byLicence('DEMO-LA-0101');

  for (const locale of ['th-TH', 'en-US']) {
    it(`${locale}: the search result, the listing and the title carry the Lao-script name`, async () => {
      const { context } = await newContext(suite.browser, { locale });
      try {
        const page = await context.newPage();
        await firstVisit(page, suite.server.url, '/agencies');
        assert.equal(await page.evaluate(() => document.documentElement.lang), locale.slice(0, 2));
        await (await seeTestId(page, 'agency-search')).fill('Mekong Bridge');
        const card = page.locator(`[data-testid="agency-result"][data-licence="${a.licence_no}"]`);
        await card.waitFor({ timeout: 5000 });
        const cardText = await card.innerText();
        assert.ok(cardText.includes(a.name_lo) && cardText.includes(a.name_en), `result card: ${cardText}`);
        assert.equal(await card.locator('[lang="lo"]').innerText(), a.name_lo, 'the Lao name is marked lang=lo (Lao font)');

        await open(page, suite.server.url, '/a/' + a.licence_no);
        const h1 = await (await seeTestId(page, 'agency-detail')).locator('h1').innerText();
        assert.ok(h1.includes(a.name_lo) && h1.includes(a.name_en), `listing heading: ${h1}`);
        await eventually(async () => (await page.title()).includes(a.name_lo), { message: `the Lao name in the title (${await page.title()})` });
      } finally {
        await context.close();
      }
    });
  }

  const decoy = {
    'lo-LA': { lang: 'lo', h1: 'ອາກາດ' },
    'th-TH': { lang: 'th', h1: 'สภาพอากาศ' },
    'en-GB': { lang: 'en', h1: 'Weather' },
  };
  for (const [locale, want] of Object.entries(decoy)) {
    it(`${locale}: quick exit lands on a weather page in the phone's language, online and offline`, async () => {
      const { context } = await newContext(suite.browser, { locale });
      try {
        const page = await context.newPage();
        await firstVisit(page, suite.server.url, '/');
        for (const offline of [false, true]) {
          if (offline) {
            await context.setOffline(true);
            await open(page, suite.server.url, '/');
          }
          await (await seeTestId(page, 'quick-exit')).click();
          await page.waitForURL(/weather/, { timeout: 5000 });
          await eventually(async () => (await page.locator('h1').innerText()) === want.h1,
            { message: `the decoy's heading in ${want.lang} (${offline ? 'offline' : 'online'})` });
          assert.equal(await page.evaluate(() => document.documentElement.lang), want.lang);
          assert.equal(await page.title(), want.h1);
          const text = await page.locator('body').innerText();
          assert.doesNotMatch(text, /paidee|ໄປດີ|ไปดี/i, 'nothing on the decoy points back to the app');
          await page.evaluate(() => sessionStorage.clear());
        }
      } finally {
        await context.close();
      }
    });
  }
});
