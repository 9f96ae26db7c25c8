// Home: the three pillars as large tiles, then report, language, freshness.
import { h, icon } from '../dom.js';
import { t, fmtDate, getLang, LANGS } from '../i18n.js';
import { data, hasData, outboxAll, mineAll } from '../store.js';
import { setLang } from '../app.js';
import { voiceBox } from '../voicebtn.js';

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

// Ready without internet means the app's files are in the service
// worker's cache AND the data is on the phone; until both are true the home
// screen shows how far it is (a first visit on a slow line takes seconds).
let progress = null; // {done, total} from the installing service worker
const watchers = new Set();
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'precache') { progress = e.data; watchers.forEach((f) => f()); }
  });
}

/** What the active service worker's cache holds: {done, total}, or null when there is no active worker. */
async function shellStatus() {
  const reg = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : null;
  if (!reg || !reg.active) return null;
  const ch = new MessageChannel();
  const answer = new Promise((res) => { ch.port1.onmessage = (e) => res(e.data); setTimeout(() => res(null), 2000); });
  reg.active.postMessage({ type: 'precache-status' }, [ch.port2]);
  return answer;
}

function readiness() {
  const el = h('p.readiness', { 'data-testid': 'offline-ready', 'data-ready': 'false', role: 'status' });
  let checking = false;
  let timer = null;
  const update = async () => {
    if (checking) return;
    checking = true;
    try {
      const shell = await shellStatus().catch(() => null);
      const shellDone = !!(shell && shell.total && shell.done === shell.total);
      const files = shellDone ? shell : progress || shell || { done: 0, total: 0 };
      const ready = shellDone && hasData();
      el.dataset.ready = String(ready);
      el.replaceChildren(icon(ready ? 'check' : 'clock'),
        ready ? t('home.offline_ready')
          : t('home.offline_saving', { pct: files.total ? Math.floor((100 * files.done) / files.total) : 0 }) +
            (hasData() ? '' : ' ' + t('home.offline_saving_data')));
      if (ready) { watchers.delete(update); clearInterval(timer); }
    } finally {
      checking = false;
    }
    if (!el.isConnected && timer) { watchers.delete(update); clearInterval(timer); }
  };
  watchers.add(update);
  // Activation and the data's arrival send no message here: look again now and then until ready.
  timer = setInterval(update, 1000);
  update();
  return el;
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
  // My agencies: their changes and status, loaded only on a phone that saved one.
  const mine = h('div.mine-slot', { hidden: true });
  mineAll().then((l) => (l.length ? import('../mine.js') : null))
    .then((mod) => { if (mod) mine.replaceWith(mod.mineSection()); }).catch(() => {});
  return {
    title: t('home.title'),
    node: h('section.home',
      h('div.hero',
        h('h1', t('app.name')),
        h('p.tagline', t('app.tagline'))),
      mine,
      langSwitch(),
      h('nav.tiles', { 'aria-label': t('home.title') },
        tile('tile-checklist', '/checklist', 'passport', t('home.checklist'), t('home.checklist_sub'), 't-go'),
        tile('tile-agencies', '/agencies', 'agency', t('home.agencies'), t('home.agencies_sub'), 't-agency'),
        tile('tile-help', '/help', 'phone', t('home.help'), t('home.help_sub'), 't-help')),
      h('nav.more', { 'aria-label': t('home.more') },
        h('a.row-link', { href: '/job-check', 'data-testid': 'tile-jobcheck' }, icon('warning'), t('home.jobcheck')),
        h('a.row-link', { href: '/help/phrases' }, icon('chat'), t('home.phrases')),
        h('a.row-link', { href: '/costs', 'data-testid': 'tile-costs' }, icon('money'), t('home.costs')),
        h('a.row-link.report-link', { href: '/report', 'data-testid': 'tile-report' }, icon('flag'), t('home.report')),
        h('a.row-link', { href: '/about' }, icon('qr'), t('home.about'))),
      pending,
      readiness(),
      voiceBox(),
      h('p.freshness', { 'data-testid': 'data-freshness' }, icon('clock'),
        hasData() ? t('home.data_from', { date: fmtDate(m.synced_at) }) : t('nodata.loading')),
      h('p.demo-link', h('a', { href: '/demo' }, icon('play'), t('home.demo')))),
  };
}
