// Safety details of the report form: quick exit also wipes what the worker
// was typing from the phone; an error beside a field goes as soon as the
// field is fixed; after sending, the focus is on the receipt.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServerAndBrowser, newContext, firstVisit, open, seeTestId, tid, eventually } from '../lib/browser.js';

/** Everything the app keeps in localStorage, as one string. */
const stored = (page) => page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));

describe('report form safety', () => {
  const suite = sharedServerAndBrowser();

  it('quick exit clears the report draft from the phone', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/report');
      await (await seeTestId(page, 'report-agency-name')).fill('Boss Khamla Secret Jobs');
      await (await seeTestId(page, 'report-details')).fill('He took my passport at the border in Savannakhet');
      await eventually(async () => (await stored(page)).includes('Khamla'), { message: 'the draft is kept while typing (so closing the app loses nothing)' });

      await (await seeTestId(page, 'quick-exit')).click();
      await page.waitForURL(/weather/, { timeout: 5000 });
      const left = await stored(page);
      assert.doesNotMatch(left, /Khamla|passport at the border/, `nothing typed is left on the phone: ${left}`);

      // Opening the app again shows an empty form.
      await page.evaluate(() => sessionStorage.clear());
      await open(page, suite.server.url, '/report');
      assert.equal(await (await seeTestId(page, 'report-agency-name')).inputValue(), '');
      assert.equal(await (await seeTestId(page, 'report-details')).inputValue(), '');
    } finally {
      await context.close();
    }
  });

  it('a field error goes when the field is fixed; after sending, the focus is on the receipt', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/report');
      await (await seeTestId(page, 'report-submit')).click();
      // Nothing ticked, nobody named: two errors beside their fields.
      await page.locator('#err-what').waitFor({ state: 'visible', timeout: 5000 });
      await page.locator('#err-agency').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.locator('#r-agency_name').getAttribute('aria-invalid'), null, 'agency_name itself was not the field in error');

      const fee = await seeTestId(page, 'report-what-asked_fee');
      await fee.check();
      await eventually(async () => (await page.locator('#err-what').count()) === 0, { message: 'the "tick something" error goes once something is ticked' });
      assert.equal(await page.locator('#err-agency').count(), 1, 'the other error stays until its field is fixed');

      await (await seeTestId(page, 'report-agency-name')).fill('Mister Phet');
      await eventually(async () => (await page.locator('#err-agency').count()) === 0, { message: 'the "name someone" error goes once a name is typed' });
      assert.equal(await page.locator('.report-form .field-error').count(), 0, 'no error left');
      assert.equal(await page.locator('.report-form [aria-describedby~="err-agency"]').count(), 0, 'no field still points to a gone error');

      // A reload keeps the fixed state (the draft on the phone has no stale errors).
      await open(page, suite.server.url, '/report');
      assert.equal(await page.locator('.report-form .field-error').count(), 0, 'the fixed errors do not come back');

      await (await seeTestId(page, 'report-submit')).click();
      const receipt = await seeTestId(page, 'report-receipt', { what: 'the receipt after sending' });
      await eventually(() => receipt.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)),
        { message: 'the focus on the receipt' });
      assert.match(await receipt.innerText(), /[A-Z0-9]{4}-[A-Z0-9]{4}/, 'the receipt code');
      assert.equal(await tid(page, 'report-submit').count(), 0);
    } finally {
      await context.close();
    }
  });
});
