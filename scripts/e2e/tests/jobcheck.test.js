// The job check: plain questions whose warning-sign answer may be "yes" or
// "no"; the answer that decides "danger" shows the verdict where the worker
// is looking; an agency not on the list means danger, as on the agency screen.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedServerAndBrowser, newContext, firstVisit, open, seeTestId, eventually } from '../lib/browser.js';
import { repoRoot } from '../lib/server.js';

const questions = JSON.parse(readFileSync(join(repoRoot, 'seeds/data/questions.json'), 'utf8')).questions;
const flagOf = (q) => q.red_flag || 'yes';
const other = (a) => (a === 'yes' ? 'no' : 'yes');

/** Is the element's box inside the viewport (at least partly, and not under nothing)? */
const inViewport = (loc) => loc.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
});

/** Tap an answer as a worker does: scroll it to the middle, tap its label. */
async function answer(page, key, value) {
  const radio = page.locator(`input[data-key="${key}"][value="${value}"]`);
  await radio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await tapWhereItIs(page, page.locator('label.choice', { has: radio }));
  assert.ok(await radio.isChecked(), `${key}: ${value} is chosen`);
}

/** A tap at the element's place on the screen now, without scrolling first. */
async function tapWhereItIs(page, loc) {
  const b = await loc.boundingBox();
  assert.ok(b, 'the element has a box');
  await page.mouse.click(b.x + Math.min(b.width / 2, 40), b.y + b.height / 2);
}

describe('job check', () => {
  const suite = sharedServerAndBrowser();

  it('asks plainly: some questions have "no" as the warning sign, and the seeds say so', () => {
    const plain = questions.filter((q) => flagOf(q) === 'no');
    assert.ok(plain.length >= 3, 'the former double negatives are asked plainly');
    for (const q of questions) assert.doesNotMatch(q.text.en, /\brefuse|missing|\bnot (valid|on)\b/i, `${q.key} is a double negative: ${q.text.en}`);
    const agency = questions.find((q) => q.key === 'q-agency-not-licensed');
    assert.equal(agency.weight, 3, 'not on the list is danger on its own');
  });

  for (const lang of ['lo', 'th', 'en']) {
    it(`the answer that decides "danger" shows the verdict in the viewport (${lang})`, async () => {
      const { context } = await newContext(suite.browser, { viewport: { width: 320, height: 640 } });
      try {
        const page = await context.newPage();
        await firstVisit(page, suite.server.url, '/job-check');
        await page.evaluate((l) => localStorage.setItem('paidee.lang', l), lang);
        await open(page, suite.server.url, '/job-check');
        await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
        const bar = page.locator('[data-testid="jobcheck-bar"]');
        assert.equal(await bar.getAttribute('data-result'), '', 'nothing decided yet');
        assert.equal(await bar.isVisible(), false, 'no bar before anything is decided');
        // A weight-3 question near the top: its warning sign alone is danger.
        const q = questions.find((x) => x.weight >= 3 && flagOf(x) === 'yes');
        await answer(page, q.key, 'yes');
        await eventually(async () => (await bar.getAttribute('data-result')) === 'danger', { message: 'the bar says danger' });
        assert.ok(await inViewport(bar), 'the verdict bar is on screen right after the deciding answer');
        const note = page.locator(`[data-testid="jobcheck-flag"][data-key="${q.key}"]`);
        assert.ok(await note.isVisible(), 'a note beside the answer');
        assert.ok(await inViewport(note), 'the note beside the answer is on screen');
        // The full result is one tap away.
        await tapWhereItIs(page, bar.locator('a'));
        const result = page.locator('[data-testid="jobcheck-result"]');
        await eventually(() => inViewport(result), { message: 'the full result scrolled into view' });
        assert.equal(await result.getAttribute('data-result'), 'danger');
      } finally {
        await context.close();
      }
    });
  }

  it('"not on this app\'s list" is danger, like the agency screen; the other answers are scored by their own red flag', async () => {
    const { context } = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await firstVisit(page, suite.server.url, '/job-check');
      // All answered with the safe answer: "no danger signs found". For the
      // plain questions that is "yes".
      for (const q of questions) await answer(page, q.key, other(flagOf(q)));
      const bar = await seeTestId(page, 'jobcheck-bar');
      await eventually(async () => (await bar.getAttribute('data-result')) === 'safe', { message: 'safe when no answer is a warning sign' });
      assert.ok(questions.some((q) => flagOf(q) === 'no'), 'some safe answers were "yes"');
      // Now the agency is not on the list.
      await answer(page, 'q-agency-not-licensed', 'no');
      await eventually(async () => (await bar.getAttribute('data-result')) === 'danger', { message: 'not on the list → danger' });
      assert.ok(await inViewport(bar));
      // A plain question answered "no" (no contract in Lao) with nothing else: careful.
      await answer(page, 'q-agency-not-licensed', 'yes');
      await answer(page, 'q-no-contract-in-lao', 'no');
      await eventually(async () => (await bar.getAttribute('data-result')) === 'careful', { message: 'no contract in Lao alone → careful' });
    } finally {
      await context.close();
    }
  });
});
