// Large text and small screens: every worker screen at 320 px with 200%
// text, and at 360 px, in Lao, Thai and English, fits the screen (no
// sideways scrolling, no element or text wider than the screen), the quick
// exit stays whole on screen, and Thai and Lao lines break between words.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServerAndBrowser, newContext, firstVisit, open } from '../lib/browser.js';

const SCREENS = [
  ['home', '/'], ['checklist', '/checklist'], ['agencies', '/agencies'], ['search', '/agencies?q=Vientiane'],
  ['not on the list', '/agencies?q=Somchai%20Quick%20Jobs'], ['agency', '/a/DEMO-LA-0101'], ['unknown licence', '/a/NOPE-0000'],
  ['help (groups open)', '/help', 'open'], ['phrases', '/help/phrases'], ['one phrase big', '/help/phrases?show=ph-call-lao-helper'],
  ['job check (danger answered)', '/job-check', 'danger'], ['report', '/report'], ['about', '/about'], ['demo', '/demo'],
  // Issue 12: saved agencies with changes on home and the listing, the costs check, forget everything.
  ['home (saved agency, changes)', '/', 'mine'], ['agency (saved, changes)', '/a/DEMO-LA-0101'],
  ['costs', '/costs'], ['costs (answered)', '/costs', 'costs'], ['costs (one total)', '/costs', 'costs-total'],
  ['about (forget everything asked)', '/about', 'forget'],
];

/** A saved agency with one change of every kind, as the phone keeps it (see web/app/js/mine-rules.js). */
async function saveWithChanges(page) {
  await page.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('paidee'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await new Promise((res) => { const q = db.transaction('agencies').objectStore('agencies').getAll(); q.onsuccess = () => res(q.result); });
    const a = all.find((x) => x.licence_no === 'DEMO-LA-0101');
    const tx = db.transaction('mine', 'readwrite');
    tx.objectStore('mine').put({
      id: a.id, licence_no: a.licence_no, name_lo: a.name_lo, name_en: a.name_en, saved_at: new Date().toISOString(),
      seen: { status: a.status, expires: a.licence_expires, warnings: [], notes: '' },
      alerts: [{ type: 'status', from: 'licensed', to: 'suspended', at: '2026-12-12' },
        { type: 'warning', at: '2026-12-01', what: ['asked_fee', 'kept_passport'] }, { type: 'ending', date: '2026-12-20', days: 19 },
        { type: 'removed', at: '2026-12-01' }],
    });
    await new Promise((res) => { tx.oncomplete = res; });
    db.close();
  });
}

/** Answers on the costs screen: above, equal, no figure. */
async function answerCosts(page, total) {
  if (total) {
    await page.locator('[data-testid="costs-mode-total"]').check();
    await page.locator('[data-testid="costs-total-input"]').fill('25000');
    return;
  }
  await page.locator('[data-testid="costs-mode-items"]').check();
  for (const [key, v] of [['cost-recruitment-fee', '15000'], ['cost-visa', '500'], ['cost-work-permit', '4500'], ['cost-health-insurance', '3200']]) {
    await page.locator(`[data-testid="costs-input"][data-key="${key}"]`).fill(v);
  }
}

/** What sticks out of the screen: the page's width, elements and text past its edges. */
function overflow() {
  const W = document.documentElement.clientWidth;
  const out = [];
  const skip = (el) => el.closest('.skip, .sr-only, [hidden]');
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || skip(el)) continue;
    if (r.right > W + 1 || r.left < -1) out.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = tw.nextNode());) {
    if (!n.data.trim() || skip(n.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width && (r.right > W + 1 || r.left < -1)) out.push(`text "${n.data.trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, width: W, out: out.slice(0, 8) };
}

/**
 * Thai and Lao are written without spaces: the browser finds the word
 * boundaries itself, when the text carries the right lang and no style forces
 * breaks (word-break: break-all, overflow-wrap: anywhere). Lists the text that
 * does not meet that.
 */
function forcedBreaks() {
  const bad = [];
  const tw = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n; (n = tw.nextNode());) {
    const text = n.data;
    const script = /[\u0E80-\u0EFF]/.test(text) ? 'lo' : /[\u0E00-\u0E7F]/.test(text) ? 'th' : null;
    const el = n.parentElement;
    if (!script || el.closest('[hidden], .sr-only')) continue;
    const cs = getComputedStyle(el);
    const lang = (el.closest('[lang]') || document.documentElement).lang;
    if (cs.wordBreak === 'break-all' || cs.overflowWrap === 'anywhere' || lang !== script) {
      bad.push(`"${text.trim().slice(0, 20)}" lang=${lang} word-break=${cs.wordBreak} overflow-wrap=${cs.overflowWrap}`);
    }
  }
  return bad.slice(0, 8);
}

/** Are the two parts of a Thai word (ที·ละ in ทีละขั้น) on one line? */
function keptTogether([first, second]) {
  const tw = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n; (n = tw.nextNode());) {
    const m = n.data.match(new RegExp(`${first}\u2060?${second}`));
    if (!m) continue;
    const i = m.index;
    const j = i + m[0].length - second.length;
    const top = (a, b) => { const r = document.createRange(); r.setStart(n, a); r.setEnd(n, b); return r.getClientRects()[0].top; };
    return Math.abs(top(i, i + first.length) - top(j, j + second.length)) < 4;
  }
  return null;
}

for (const [width, textScale] of [[320, 2], [360, 1]]) {
  describe(`layout at ${width} px, ${textScale * 100}% text`, () => {
    const suite = sharedServerAndBrowser();
    let context;
    let page;
    before(async () => {
      ({ context } = await newContext(suite.browser, { viewport: { width, height: 700 } }));
      page = await context.newPage();
      await firstVisit(page, suite.server.url);
    });
    after(async () => { await context?.close(); });

    for (const lang of ['lo', 'th', 'en']) {
      it(`every worker screen fits the screen in ${lang}`, async () => {
        await page.evaluate((l) => localStorage.setItem('paidee.lang', l), lang);
        const problems = [];
        for (const [name, path, act] of SCREENS) {
          if (act === 'mine') await saveWithChanges(page);
          await open(page, suite.server.url, path);
          if (act === 'costs' || act === 'costs-total') await answerCosts(page, act === 'costs-total');
          if (act === 'forget') await page.locator('[data-testid="forget-start"]').click();
          if (act === 'mine') await page.locator('[data-testid="mine-alert"]').first().waitFor();
          // 200% text: the phone's text size setting scales the root font.
          await page.evaluate((s) => { document.documentElement.style.fontSize = `${s * 100}%`; }, textScale);
          if (act === 'open') await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
          if (act === 'danger') {
            await page.evaluate(() => {
              const q = document.querySelector('input[data-testid="jobcheck-yes"]');
              q.scrollIntoView({ block: 'center' });
              q.click();
            });
          }
          const o = await page.evaluate(overflow);
          if (o.scrollWidth > o.width || o.out.length) problems.push(`${name} (${path}): page ${o.scrollWidth} px wide in ${o.width}; ${o.out.join('; ')}`);
          const exit = await page.locator('[data-testid="quick-exit"]').evaluate((el) => {
            const r = el.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, w: document.documentElement.clientWidth };
          });
          if (exit.left < 0 || exit.right > exit.w || exit.top < 0) problems.push(`${name}: quick exit cut off ${JSON.stringify(exit)}`);
          if (lang !== 'en') {
            const forced = await page.evaluate(forcedBreaks);
            if (forced.length) problems.push(`${name}: Thai or Lao text without its lang, or with forced breaks: ${forced.join(' / ')}`);
          }
          if (lang === 'th' && name === 'home') {
            // The native reader saw "ที / ละขั้น": the two halves stay on one line.
            const together = await page.evaluate(keptTogether, ['ที', 'ละขั้น']);
            if (together !== true) problems.push(`home: ทีละขั้น split across lines (${together})`);
          }
          if (act === 'danger') {
            // Both answers of every question are inside the page.
            const off = await page.evaluate(() => [...document.querySelectorAll('label.choice')].filter((l) => {
              const r = l.getBoundingClientRect();
              return r.left < 0 || r.right > document.documentElement.clientWidth;
            }).length);
            if (off) problems.push(`job check: ${off} answers outside the page`);
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
