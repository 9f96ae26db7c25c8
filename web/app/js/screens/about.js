// About and share: the app's QR code, how to install, privacy, data freshness.
import { h, icon, put, clear } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { data, hasData, outboxAll, mineAll, forgetEverything } from '../store.js';
import { qrSvg } from '../qr.js';
import { langSwitch } from './home.js';
import { voiceBox } from '../voicebtn.js';

let installEvent = null;
window.addEventListener('beforeinstallprompt', (e) => { e.preventDefault(); installEvent = e; });

export function render(ctx) {
  const url = location.origin + '/';
  const m = data.meta;
  const install = installEvent ? h('button', {
    type: 'button', 'data-testid': 'install',
    onclick: async () => { const ev = installEvent; installEvent = null; ev.prompt(); await ev.userChoice.catch(() => {}); ctx.rerender(); },
  }, icon('install'), t('about.install_now')) : null;
  const share = navigator.share ? h('button.secondary', {
    type: 'button', onclick: () => navigator.share({ title: t('app.name'), text: t('app.tagline'), url }).catch(() => {}),
  }, icon('send'), t('about.share_button')) : null;
  return {
    title: t('about.title'),
    node: h('section.about',
      h('h1', icon('qr'), t('about.title')),
      langSwitch(),
      h('section.share-qr',
        h('h2', t('about.share')),
        h('p', t('about.share_text')),
        qrSvg(url, t('about.qr_label')),
        h('p.mono.url', { 'data-testid': 'app-url' }, url),
        share),
      h('section',
        h('h2', icon('install'), t('about.install')),
        install,
        h('h3', t('about.android')),
        h('ol', t('about.android_steps').split('\n').map((s) => h('li', s))),
        h('h3', t('about.iphone')),
        h('ol', t('about.iphone_steps').split('\n').map((s) => h('li', s))),
        h('p', t('about.offline')),
        voiceBox()),
      h('section', { 'data-testid': 'privacy' },
        h('h2', icon('lock'), t('about.privacy')),
        h('ul', t('about.privacy_points').split('\n').map((s) => h('li', s)))),
      h('section', { 'data-testid': 'about-data' },
        h('h2', icon('clock'), t('about.data')),
        hasData() ? h('dl.facts',
          h('dt', t('about.data_checked')), h('dd', fmtDate(m.synced_at)),
          h('dt', t('about.data_changed')), h('dd', m.data_updated_at ? fmtDate(m.data_updated_at) : '—'),
          h('dt', t('about.revision')), h('dd', h('span.mono', `${m.revision} · ${m.dataset}`)),
          h('dt', t('about.counts')), h('dd', t('about.counts_text', { a: data.agencies.length, c: data.contacts.length })))
          : h('p', t('nodata.loading')),
        h('p', t('about.demo_data'))),
      logSection(m),
      forgetSection(),
      h('p', h('a.row-link', { href: '/demo' }, icon('play'), t('home.demo')))),
  };
}

// The public log: its size and last signed checkpoint as this phone got
// them, whether one or two people check changes that make an agency look
// safer, and the one command anyone can run to check it all.
function logSection(m) {
  const key = data.trust;
  const cmd = `paidee verify-log -url ${location.origin}${key ? ` -key ${key.verifier}` : ''}`;
  return h('section', { 'data-testid': 'about-log' },
    h('h2', icon('lock'), t('trust.log_title')),
    h('p', { 'data-testid': 'two-person' }, m && m.two_person === false ? t('trust.two_person_off') : t('trust.two_person_on')),
    m && m.log_size != null ? h('dl.facts',
      h('dt', t('trust.log_size')), h('dd', { 'data-testid': 'log-size' }, String(m.log_size)),
      h('dt', t('trust.log_checkpoint')), h('dd', t('trust.log_checkpoint_text', { n: m.log_size, date: fmtDate(m.revision_at) }),
        m.log_root ? h('span.mono.small', ` · ${m.log_root.slice(0, 12)}…`) : null)) : null,
    h('p', t('trust.log_how')),
    h('pre.mono.wrap', { 'data-testid': 'verify-command' }, cmd),
    key ? h('p.small', t('trust.key'), ': ', h('span.mono', key.key_id)) : null);
}

// "Forget everything on this phone": saved agencies, progress, drafts and
// the report outbox, after saying what will be lost (a report waiting to be
// sent is lost for good).
function forgetSection() {
  const box = h('section.forget', { 'data-testid': 'forget', 'aria-labelledby': 'forget-h' });
  const intro = (done) => put(clear(box),
    h('h2#forget-h', icon('reset'), t('forget.title')),
    done ? h('p.forget-done', { role: 'status', 'data-testid': 'forget-done', tabindex: '-1' }, icon('check'), h('strong', t('forget.done'))) : null,
    h('p', t('forget.text')),
    h('button.danger', { type: 'button', 'data-testid': 'forget-start', onclick: ask }, icon('reset'), t('forget.button')));
  async function ask() {
    const [outbox, mine] = await Promise.all([outboxAll().catch(() => []), mineAll().catch(() => [])]);
    const waiting = outbox.filter((x) => x.status === 'pending').length;
    put(clear(box),
      h('h2#forget-h', icon('reset'), t('forget.title')),
      h('div.confirm', { role: 'alert', 'data-testid': 'forget-confirm' },
        h('p', h('strong', t('forget.confirm_title'))),
        h('ul',
          h('li', t('forget.what_mine', { n: mine.length })),
          h('li', t('forget.what_progress')),
          h('li', t('forget.what_reports', { n: outbox.length - waiting }))),
        waiting ? h('p.flagged', { 'data-testid': 'forget-outbox-warning' }, icon('warning'), h('strong', t('forget.what_outbox', { n: waiting }))) : null,
        h('p', t('forget.stays')),
        h('div.forget-actions',
          h('button.danger', {
            type: 'button', 'data-testid': 'forget-yes',
            onclick: async () => {
              await forgetEverything();
              await clearNotifications();
              intro(true);
              box.querySelector('[data-testid="forget-done"]')?.focus();
            },
          }, icon('reset'), t('forget.yes')),
          h('button.secondary', { type: 'button', 'data-testid': 'forget-no', onclick: () => intro(false) }, icon('back'), t('forget.no')))));
  }
  intro(false);
  return box;
}

async function clearNotifications() {
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    if (!reg) return;
    for (const n of await reg.getNotifications()) n.close();
    if (reg.periodicSync) await reg.periodicSync.unregister('paidee-mine');
  } catch { /* nothing shown, or not supported */ }
}
