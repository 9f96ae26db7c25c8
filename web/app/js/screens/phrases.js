// Show this to an officer: Thai written big, the Lao meaning and English small.
import { h, icon, langSpan } from '../dom.js';
import { t, has } from '../i18n.js';
import { data } from '../store.js';
import { withVoice } from '../voicebtn.js';

const ORDER = ['help', 'documents', 'work', 'health', 'contact'];

function card(p, big) {
  return h(`li.phrase${big ? '.phrase-big' : ''}`, { 'data-testid': 'phrase-card', 'data-key': p.key },
    // The Thai sentence is spoken for the officer, the Lao meaning for the worker.
    withVoice(langSpan('p.ph-th', [p.text.th || '', 'th']), `phrase:${p.id}`, 'th'),
    withVoice(langSpan('p.ph-lo', [p.text.lo || '', 'lo']), `phrase:${p.id}`, 'lo'),
    langSpan('p.ph-en', [p.text.en || '', 'en']),
    big ? null : h('a.small-button', { href: '/help/phrases?show=' + encodeURIComponent(p.key) }, icon('search'), t('phrases.bigger')));
}

export function render(ctx) {
  const show = ctx.query.get('show');
  const one = show && data.phrases.find((p) => p.key === show);
  if (one) {
    return {
      title: t('phrases.title'),
      node: h('section.phrases.one',
        h('h1.sr-only', t('phrases.title')),
        h('p.muted', t('phrases.show_officer')),
        h('ul.phrase-list', card(one, true)),
        h('p', h('a.button.secondary', { href: '/help/phrases' }, icon('back'), t('common.back')))),
    };
  }
  const cats = [...new Set(data.phrases.map((p) => p.category))].sort((a, b) => {
    const ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return {
    title: t('phrases.title'),
    node: h('section.phrases',
      h('h1', icon('chat'), t('phrases.title')),
      h('p.lead', t('phrases.lead')),
      data.phrases.length ? cats.map((c) => h('section',
        h('h2', has(`phrasecat.${c}`) ? t(`phrasecat.${c}`) : c),
        h('ul.phrase-list', data.phrases.filter((p) => p.category === c).map((p) => card(p))))) : h('p.empty', t('nodata.loading')),
      h('p', h('a.row-link', { href: '/help' }, icon('phone'), t('home.help')))),
  };
}
