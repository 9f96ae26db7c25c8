// Before you go: the safe-migration checklist by stage. Ticks stay on the
// phone only (by item key). Prints as a clean sheet with the app's QR code.
import { h, icon, langSpan } from '../dom.js';
import { t, pick } from '../i18n.js';
import { data, getLocal, setLocal } from '../store.js';
import { qrSvg } from '../qr.js';
import { topNumbers, dial, REACH_KEY } from './help.js';
import { playButton } from '../voicebtn.js';

const ticks = () => getLocal('ticks', {});

function sourceLinks(urls) {
  if (!urls || !urls.length) return null;
  return h('p.sources', t('common.sources'), ' ', urls.map((u, i) => {
    let host = u;
    try { host = new URL(u).hostname.replace(/^www\./, ''); } catch { /* keep */ }
    return [i ? ', ' : '', h('a', { href: u, target: '_blank', rel: 'noopener noreferrer' }, host)];
  }));
}

export function render(ctx) {
  const stages = data.checklist;
  const items = stages.flatMap((s) => s.items || []);
  const done = ticks();
  const count = () => {
    const d = ticks();
    return [items.filter((i) => d[i.key]).length, items.filter((i) => i.critical && d[i.key]).length];
  };
  const nCritical = items.filter((i) => i.critical).length;

  const bar = h('progress', { max: items.length || 1, value: 0 });
  const progText = h('p.progress-text');
  const critText = h('p.progress-crit');
  const progress = h('div.progress', { 'data-testid': 'checklist-progress', 'aria-live': 'polite' }, progText, bar, critText);
  const stageCounts = new Map();
  function update() {
    const [n, c] = count();
    bar.value = n;
    progress.dataset.done = n;
    progress.dataset.total = items.length;
    progText.textContent = t('checklist.progress', { n, total: items.length });
    critText.textContent = t('checklist.progress_critical', { n: c, total: nCritical });
    const d = ticks();
    for (const s of stages) {
      const el = stageCounts.get(s.key);
      if (el) el.textContent = t('checklist.stage_count', { n: (s.items || []).filter((i) => d[i.key]).length, total: (s.items || []).length });
    }
  }

  const confirmBox = h('div.confirm', { hidden: true, role: 'alertdialog', 'aria-labelledby': 'reset-q' },
    h('p#reset-q', h('strong', t('checklist.reset_q'))),
    h('div.actions',
      h('button.danger', { type: 'button', 'data-testid': 'checklist-reset-yes', onclick: () => { setLocal('ticks', {}); ctx.rerender(); } }, icon('reset'), t('checklist.reset_yes')),
      h('button.secondary', { type: 'button', onclick: () => { confirmBox.hidden = true; resetBtn.focus(); } }, t('common.cancel'))));
  const resetBtn = h('button.secondary', { type: 'button', 'data-testid': 'checklist-reset', onclick: () => { confirmBox.hidden = false; confirmBox.querySelector('button').focus(); } }, icon('reset'), t('checklist.reset'));

  const list = stages.map((s) => {
    const countEl = h('span.stage-count');
    stageCounts.set(s.key, countEl);
    return h('section.stage', { 'aria-labelledby': `st-${s.key}` },
      h('h2', { id: `st-${s.key}` }, langSpan('span', pick(s.title)), ' ', countEl),
      h('ul.items', (s.items || []).map((it) => {
        const id = `ck-${it.key}`;
        const box = h('input', {
          type: 'checkbox', id, 'data-testid': 'check-item', 'data-key': it.key, checked: !!done[it.key],
          onchange: () => {
            const d = ticks();
            if (box.checked) d[it.key] = true; else delete d[it.key];
            setLocal('ticks', d);
            li.classList.toggle('done', box.checked);
            update();
          },
        });
        const li = h(`li.item${done[it.key] ? '.done' : ''}${it.critical ? '.critical' : ''}`,
          h('div.item-row',
            box,
            h('label', { for: id },
              icon(it.icon === 'check' || !it.icon ? 'verify' : it.icon, 'item-icon'),
              h('span.item-title', langSpan('span', pick(it.title)),
                it.critical ? h('span.crit-tag', icon('warning'), t('checklist.critical')) : null)),
            playButton(`item:${it.id}`)),
          h('details.item-more',
            h('summary', t('checklist.why_how')),
            h('p', h('strong', t('checklist.why')), ' ', langSpan('span', pick(it.why))),
            h('p', h('strong', t('checklist.how')), ' ', langSpan('span', pick(it.how))),
            sourceLinks(it.sources)));
        return li;
      })));
  });

  const appUrl = location.origin + '/';
  update();
  return {
    title: t('checklist.title'),
    node: h('section.checklist',
      h('div.print-only.print-qr',
        qrSvg(appUrl, t('about.qr_label')),
        h('p', h('strong', t('app.name')), h('br'), t('checklist.print_qr'), h('br'), appUrl)),
      // On paper, the five numbers that matter: a sheet works with no phone.
      h('div.print-only.print-numbers', { 'data-testid': 'print-numbers' },
        h('h2', t('checklist.print_numbers')),
        h('ul', topNumbers().map((c) => h('li', h('strong.print-number', c.phones[0]), ' ',
          langSpan('span', pick(c.name)), ' · ', t(REACH_KEY[dial(c.phones[0], c.country).reach]))))),
      h('h1', icon('passport'), t('checklist.title')),
      h('p.lead', t('checklist.lead')),
      progress,
      h('p', h('a.row-link', { href: '/job-check' }, icon('warning'), t('home.jobcheck'))),
      stages.length ? h('div.checklist-stages', list) : h('p.empty', t('nodata.loading')),
      h('div.actions.no-print',
        h('button.secondary', { type: 'button', 'data-testid': 'checklist-print', onclick: () => window.print() }, icon('print'), t('checklist.print')),
        resetBtn),
      confirmBox),
  };
}
