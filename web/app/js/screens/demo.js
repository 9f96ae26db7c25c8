// Demonstration mode for outreach workers: walk through the three pillars
// step by step. While it is on, a banner shows on every screen, reports go
// nowhere, and ticks and reports live in a separate place that is wiped at
// the end — the phone's own ticks and outbox stay exactly as they were.
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { isDemo, startDemo, endDemo, setDemoStep, demoState } from '../store.js';
import { DEMO_STEPS } from '../app.js';

export function render(ctx) {
  const on = isDemo();
  const go = (i) => { setDemoStep(i); ctx.navigate(DEMO_STEPS[i].url()); };
  const cur = on ? (demoState() || {}).step || 0 : -1;
  return {
    title: t('demo.title'),
    node: h('section.demo',
      h('h1', icon('play'), t('demo.title')),
      h('p.lead', t('demo.lead')),
      h('ul', t('demo.points').split('\n').map((s) => h('li', s))),
      on
        ? h('div.actions',
          h('button', { type: 'button', 'data-testid': 'demo-continue', onclick: () => go(cur) }, icon('next'), t('demo.continue')),
          h('button.secondary', { type: 'button', 'data-testid': 'demo-stop', onclick: () => { endDemo(); ctx.rerender(); } }, icon('x'), t('demo.end')))
        : h('button.big-submit', { type: 'button', 'data-testid': 'demo-start', onclick: () => { startDemo(); go(0); } }, icon('play'), t('demo.start')),
      h('h2', t('demo.steps')),
      h('ol.demo-steps', DEMO_STEPS.map((s, i) => h('li', { class: i === cur ? 'current' : null },
        on ? h('a', { href: s.url(), onclick: (e) => { e.preventDefault(); go(i); } }, t(`demo.step.${s.key}`)) : t(`demo.step.${s.key}`))))),
  };
}
