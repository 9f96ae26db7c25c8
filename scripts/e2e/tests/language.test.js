// Lao first, Thai and English: the language follows the browser, can be
// switched (also offline), is kept, and sets <html lang>.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServerAndBrowser, newContext, firstVisit, waitReady, open, seeTestId, eventually } from '../lib/browser.js';
import { catalog, flatten, LAO, THAI } from '../lib/data.js';

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

/** UI strings of one language (from its catalog) that are on the page now. */
async function catalogStringsShown(page, lang) {
  const cat = catalog(lang);
  assert.ok(cat, `web/app/i18n/${lang}.json is missing`);
  const values = Object.values(flatten(cat)).filter((v) => typeof v === 'string' && !v.includes('{') && v.length >= 4);
  const text = await page.locator('body').innerText();
  return values.filter((v) => text.includes(v));
}

/** Text of the home tiles: the UI strings, not content or names. */
async function tileText(page) {
  const parts = [];
  for (const id of ['tile-checklist', 'tile-agencies', 'tile-help']) parts.push(await (await seeTestId(page, id)).innerText());
  return parts.join('\n');
}

async function expectLang(page, lang) {
  await eventually(async () => (await htmlLang(page)) === lang, { message: `<html lang="${lang}">` });
  const tiles = await tileText(page);
  if (lang === 'lo') {
    assert.match(tiles, LAO, `Lao tiles: ${tiles}`);
  } else if (lang === 'th') {
    assert.match(tiles, THAI, `Thai tiles: ${tiles}`);
    assert.doesNotMatch(tiles, LAO, `no Lao on the Thai tiles: ${tiles}`);
  } else {
    assert.match(tiles, /[A-Za-z]{4}/, `English tiles: ${tiles}`);
    assert.doesNotMatch(tiles, LAO, `no Lao on the English tiles: ${tiles}`);
    assert.doesNotMatch(tiles, THAI, `no Thai on the English tiles: ${tiles}`);
  }
  const shown = await catalogStringsShown(page, lang);
  assert.ok(shown.length >= 3, `at least 3 strings of ${lang}.json on the home screen, found ${JSON.stringify(shown)}`);
  // The tile titles come from the catalog of that language.
  const cat = flatten(catalog(lang));
  if (cat['home.checklist']) assert.ok(tiles.includes(cat['home.checklist']), `tile shows ${lang} "${cat['home.checklist']}"`);
}

describe('languages', () => {
  const suite = sharedServerAndBrowser();

  it('starts in Lao, switches to Thai and English, and keeps the choice', async () => {
    const { context } = await newContext(suite.browser, { locale: 'lo-LA' });
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url);
      await expectLang(page, 'lo');

      await (await seeTestId(page, 'lang-th')).click();
      await expectLang(page, 'th');
      await (await seeTestId(page, 'lang-en')).click();
      await expectLang(page, 'en');

      await page.reload();
      await waitReady(page);
      await expectLang(page, 'en');

      // Another screen is in the chosen language too.
      await open(page, suite.server.url, '/checklist');
      assert.equal(await htmlLang(page), 'en');
      const cl = await page.locator('main').innerText();
      assert.doesNotMatch(cl.split('\n').slice(0, 3).join(' '), LAO, 'the checklist heading is English');

      await open(page, suite.server.url, '/');
      await (await seeTestId(page, 'lang-lo')).click();
      await expectLang(page, 'lo');
    } finally {
      await context.close();
    }
  });

  it('switches language offline', async () => {
    const { context } = await newContext(suite.browser, { locale: 'lo-LA' });
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url);
      await context.setOffline(true);
      await page.reload();
      await waitReady(page);
      await (await seeTestId(page, 'lang-th')).click();
      await expectLang(page, 'th');
      await (await seeTestId(page, 'lang-en')).click();
      await expectLang(page, 'en');
    } finally {
      await context.close();
    }
  });

  it('follows the browser language on a first visit (Thai phone → Thai)', async () => {
    const { context } = await newContext(suite.browser, { locale: 'th-TH' });
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url);
      await expectLang(page, 'th');
    } finally {
      await context.close();
    }
  });

  it('falls back to Lao for a language it does not have', async () => {
    const { context } = await newContext(suite.browser, { locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto(suite.server.url + '/');
      await waitReady(page);
      await expectLang(page, 'lo');
    } finally {
      await context.close();
    }
  });
});
