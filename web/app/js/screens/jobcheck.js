// Check a job offer: red-flag questions, a clear result, the reasons and
// what to do next.
import { h, icon, langSpan } from '../dom.js';
import { t, pick } from '../i18n.js';
import { data, getLocal, setLocal } from '../store.js';

/**
 * The result rule, kept in one place. A "yes" is a red flag.
 * - danger:  any "yes" to a weight-3 question, or "yes" weights adding up to 4 or more
 * - careful: any other "yes"
 * - safe:    no "yes" at all
 * Returns null while the answers so far cannot decide it (some unanswered
 * and no danger yet).
 */
export function jobResult(questions, answers) {
  const yes = questions.filter((q) => answers[q.key] === 'yes');
  const total = yes.reduce((s, q) => s + (q.weight || 1), 0);
  if (yes.some((q) => q.weight >= 3) || total >= 4) return 'danger';
  if (questions.some((q) => !answers[q.key])) return null;
  return yes.length ? 'careful' : 'safe';
}

const RESULT_ICON = { danger: 'illegal', careful: 'warning', safe: 'licensed' };

export function render(ctx) {
  const qs = data.questions;
  const answers = getLocal('jobcheck', {});
  const resultBox = h('section.result-box', { 'aria-live': 'polite', 'data-testid': 'jobcheck-result-box' });

  function showResult() {
    resultBox.replaceChildren();
    const r = jobResult(qs, answers);
    const left = qs.filter((q) => !answers[q.key]).length;
    if (!r) {
      resultBox.append(h('p.muted', t('jobcheck.answer_all', { n: left })));
      return;
    }
    const reasons = qs.filter((q) => answers[q.key] === 'yes');
    resultBox.append(h(`div.result.r-${r}`, { 'data-testid': 'jobcheck-result', 'data-result': r },
      h('h2', icon(RESULT_ICON[r]), t(`jobcheck.result.${r}`)),
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
          onchange: () => { answers[q.key] = val; setLocal('jobcheck', answers); showResult(); },
        }),
        h('span', t(`common.${val}`)));
      return h('fieldset.question',
        h('legend', h('span.qnum', `${i + 1}.`), ' ', langSpan('span', pick(q.text))),
        h('div.choices', opt('yes'), opt('no')));
    }),
    resultBox,
    h('div.actions',
      h('button.secondary', { type: 'button', 'data-testid': 'jobcheck-reset', onclick: () => { setLocal('jobcheck', null); ctx.rerender(); } }, icon('reset'), t('jobcheck.again'))));

  showResult();
  return {
    title: t('jobcheck.title'),
    node: h('section.jobcheck',
      h('h1', icon('warning'), t('jobcheck.title')),
      h('p.lead', t('jobcheck.lead')),
      qs.length ? form : h('p.empty', t('nodata.loading'))),
  };
}
