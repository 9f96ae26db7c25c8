// Check a job offer: plain questions, a clear result, the reasons and what
// to do next. The verdict shows where the worker is looking: a note under
// the answer that is a warning sign, and a result bar that stays on screen.
import { h, icon, langSpan } from '../dom.js';
import { t, pick } from '../i18n.js';
import { data, getLocal, setLocal } from '../store.js';
import { playButton, withVoice } from '../voicebtn.js';

// Answers are kept under a new name since questions were asked plainly: an
// answer given to an old, double-negative wording must not count as the
// opposite answer to the new one.
const ANSWERS = 'jobanswers';

/** The answer that is the warning sign of q ("yes" unless it says "no"). */
export const redFlag = (q) => (q.red_flag === 'no' ? 'no' : 'yes');
const flagged = (q, answers) => answers[q.key] === redFlag(q);

/**
 * The result rule, kept in one place. The red-flag answer of a question is
 * its warning sign ("yes" to "Do they want to keep your passport?", "no" to
 * "Will they give you a contract in Lao?").
 * - danger:  a warning sign on a weight-3 question, or weights adding up to 4 or more
 * - careful: any other warning sign
 * - safe:    no warning sign at all
 * Returns null while the answers so far cannot decide it (some unanswered
 * and no danger yet).
 */
export function jobResult(questions, answers) {
  const signs = questions.filter((q) => flagged(q, answers));
  const total = signs.reduce((s, q) => s + (q.weight || 1), 0);
  if (signs.some((q) => q.weight >= 3) || total >= 4) return 'danger';
  if (questions.some((q) => !answers[q.key])) return null;
  return signs.length ? 'careful' : 'safe';
}

const RESULT_ICON = { danger: 'illegal', careful: 'warning', safe: 'licensed' };

export function render(ctx) {
  const qs = data.questions;
  setLocal('jobcheck', null); // the answers of the old wording
  const answers = getLocal(ANSWERS, {});
  const resultBox = h('section.result-box#jobcheck-result', { 'aria-live': 'polite', 'data-testid': 'jobcheck-result-box', tabindex: '-1' });
  // The bar under the questions that stays in sight (sticky) with the verdict.
  const bar = h('div.verdict-bar', { 'data-testid': 'jobcheck-bar', role: 'status' });
  const notes = new Map();

  function showResult() {
    resultBox.replaceChildren();
    const r = jobResult(qs, answers);
    const left = qs.filter((q) => !answers[q.key]).length;
    for (const q of qs) {
      const note = notes.get(q.key);
      if (!note) continue;
      note.hidden = !flagged(q, answers);
      note.classList.toggle('strong', q.weight >= 3);
    }
    bar.className = `verdict-bar${r ? ` r-${r}` : ''}`;
    bar.dataset.result = r || '';
    bar.replaceChildren(...(r
      ? [h('span.verdict', icon(RESULT_ICON[r]), h('strong', t(`jobcheck.result.${r}`))),
        h('a.verdict-link', { href: '#jobcheck-result', onclick: (e) => { e.preventDefault(); resultBox.scrollIntoView({ block: 'start' }); resultBox.focus({ preventScroll: true }); } },
          t('jobcheck.see_result'))]
      : [h('span.verdict.muted', t('jobcheck.answer_all', { n: left }))]));
    if (!r) {
      resultBox.append(h('p.muted', t('jobcheck.answer_all', { n: left })));
      return;
    }
    const reasons = qs.filter((q) => flagged(q, answers));
    resultBox.append(h(`div.result.r-${r}`, { 'data-testid': 'jobcheck-result', 'data-result': r },
      withVoice(h('h2', icon(RESULT_ICON[r]), t(`jobcheck.result.${r}`)), `verdict:job-${r}`),
      h('p.result-lead', t(`jobcheck.lead.${r}`)),
      reasons.length ? [h('h3', t('jobcheck.reasons')),
        h('ul.reasons', reasons.map((q) => h('li', langSpan('span', pick(q.explanation)))))] : null,
      h('h3', t('jobcheck.next')),
      h('ol.next-steps', t(`jobcheck.next.${r}`).split('\n').map((s) => h('li', s))),
      h('div.actions',
        h('a.button', { href: '/agencies' }, icon('agency'), t('home.agencies')),
        h('a.button.secondary', { href: '/help' }, icon('phone'), t('home.help')),
        r !== 'safe' ? h('a.button.secondary', { href: '/report' }, icon('flag'), t('home.report')) : null),
      left && r === 'danger' ? h('p.muted', t('jobcheck.danger_early')) : null));
  }

  const form = h('form.questions', { onsubmit: (e) => e.preventDefault() },
    qs.map((q, i) => {
      const name = `q-${q.key}`;
      const opt = (val) => h('label.choice', { class: `c-${val}` },
        h('input', {
          type: 'radio', name, value: val, checked: answers[q.key] === val, 'data-testid': `jobcheck-${val}`, 'data-key': q.key,
          onchange: () => { answers[q.key] = val; setLocal(ANSWERS, answers); showResult(); },
        }),
        h('span', t(`common.${val}`)));
      // Beside the answer: why this answer is a warning sign.
      const note = h('p.flag-note', { 'data-testid': 'jobcheck-flag', 'data-key': q.key, hidden: true },
        icon('warning'), h('span', h('strong', t(q.weight >= 3 ? 'jobcheck.flag_danger' : 'jobcheck.flag_sign')), ' ', langSpan('span', pick(q.explanation))));
      notes.set(q.key, note);
      return h('fieldset.question',
        h('legend', h('span.q-head', h('span', h('span.qnum', `${i + 1}.`), ' ', langSpan('span', pick(q.text))), playButton(`question:${q.id}`))),
        h('div.choices', opt('yes'), opt('no')),
        note);
    }),
    bar,
    resultBox,
    h('div.actions',
      h('button.secondary', { type: 'button', 'data-testid': 'jobcheck-reset', onclick: () => { setLocal(ANSWERS, null); ctx.rerender(); } }, icon('reset'), t('jobcheck.again'))));

  showResult();
  return {
    title: t('jobcheck.title'),
    node: h('section.jobcheck',
      h('h1', icon('warning'), t('jobcheck.title')),
      h('p.lead', t('jobcheck.lead')),
      qs.length ? form : h('p.empty', t('nodata.loading'))),
  };
}
