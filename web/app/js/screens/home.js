// Home: the three pillars as large tiles, then report, language, freshness.
import { h, icon } from '../dom.js';
import { t, fmtDate, getLang, LANGS } from '../i18n.js';
import { data, hasData, outboxAll } from '../store.js';
import { setLang } from '../app.js';

const LANG_NAMES = { lo: 'ລາວ', th: 'ไทย', en: 'English' };

function tile(testid, href, ic, title, sub, cls) {
  return h(`a.tile.${cls}`, { href, 'data-testid': testid },
    icon(ic, 'tile-icon'),
    h('span.tile-text', h('strong.tile-title', title), h('span.tile-sub', sub)),
    icon('next', 'tile-go'));
}

export function langSwitch() {
  const cur = getLang();
  return h('div.lang-switch', { role: 'group', 'aria-label': t('lang.choose') },
    icon('globe'),
    LANGS.map((l) => h('button.lang', {
      type: 'button', lang: l, 'data-testid': `lang-${l}`, 'aria-pressed': String(l === cur),
      onclick: () => { if (l !== getLang()) setLang(l); },
    }, LANG_NAMES[l])));
}

export function render() {
  const pending = h('p.pending-note', { hidden: true });
  outboxAll().then((list) => {
    const n = list.filter((x) => x.status === 'pending').length;
    if (n) {
      pending.hidden = false;
      pending.append(icon('outbox'), h('a', { href: '/report#outbox' }, t('home.pending', { n })));
    }
  }).catch(() => {});
  const m = data.meta;
  return {
    title: t('home.title'),
    node: h('section.home',
      h('div.hero',
        h('h1', t('app.name')),
        h('p.tagline', t('app.tagline'))),
      langSwitch(),
      h('nav.tiles', { 'aria-label': t('home.title') },
        tile('tile-checklist', '/checklist', 'passport', t('home.checklist'), t('home.checklist_sub'), 't-go'),
        tile('tile-agencies', '/agencies', 'agency', t('home.agencies'), t('home.agencies_sub'), 't-agency'),
        tile('tile-help', '/help', 'phone', t('home.help'), t('home.help_sub'), 't-help')),
      h('nav.more', { 'aria-label': t('home.more') },
        h('a.row-link', { href: '/job-check', 'data-testid': 'tile-jobcheck' }, icon('warning'), t('home.jobcheck')),
        h('a.row-link', { href: '/help/phrases' }, icon('chat'), t('home.phrases')),
        h('a.row-link.report-link', { href: '/report', 'data-testid': 'tile-report' }, icon('flag'), t('home.report')),
        h('a.row-link', { href: '/about' }, icon('qr'), t('home.about'))),
      pending,
      h('p.freshness', { 'data-testid': 'data-freshness' }, icon('clock'),
        hasData() ? t('home.data_from', { date: fmtDate(m.synced_at) }) : t('nodata.loading')),
      h('p.demo-link', h('a', { href: '/demo' }, icon('play'), t('home.demo')))),
  };
}
