// "My agencies": the listings the worker said they deal with, kept on this
// phone only. After every sync the phone compares its own copy with what it
// saw when it last looked (mine-rules.js) and keeps each change until the
// worker has seen it: on home, on the listing, and (where allowed) in a
// notification shown by the service worker. No request ever names them.
import './mine-rules.js';
import { h, icon, put, clear } from './dom.js';
import { t, fmtDate, pick, has } from './i18n.js';
import { bus, data, loadAll, hasData, isDemo, mineAll, minePut, mineDelete, setNotifyText } from './store.js';
import { statusBadge } from './status.js';

const R = self.paideeMine;

// The service worker noted a change while the page was in the background.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (e) => { if (e.data && e.data.type === 'mine-changed') bus.dispatchEvent(new Event('mine')); });
}
const DANGER = new Set(['suspended', 'revoked', 'expired', 'illegal']);
const PERIODIC_TAG = 'paidee-mine';

/** The phone's copy of a saved listing (the rule in mine-rules.js, the same in the service worker). */
export function listingOf(entry) {
  return R.listingOf(entry, data.agencies.find((a) => a.id === entry.id) || null,
    data.agencies.find((a) => a.licence_no === entry.licence_no) || null, data.meta && data.meta.dataset);
}

/** The address of a saved agency's listing: its licence number as the phone has it now (it may have been corrected). */
export function hrefOf(entry) {
  const a = listingOf(entry);
  return '/a/' + encodeURIComponent(a ? a.licence_no : entry.licence_no);
}

/** The saved entry with this licence number, or null. */
export async function savedByLicence(lic) {
  const key = String(lic || '').trim().toUpperCase();
  return (await mineAll().catch(() => [])).find((e) => String(e.licence_no).toUpperCase() === key) || null;
}

export async function savedEntry(id) {
  return (await mineAll().catch(() => [])).find((e) => e.id === id) || null;
}

/** "I am dealing with this agency": keep it on the phone. */
export async function saveAgency(a) {
  await minePut(R.entryFor(a, R.today(), new Date().toISOString(), data.meta && data.meta.dataset));
  await rememberWords();
  await schedulePeriodic();
}

export async function unsaveAgency(id) {
  await mineDelete(id);
  await schedulePeriodic();
}

/** The worker has seen the changes of one saved agency. */
export async function markSeen(id) {
  const e = await savedEntry(id);
  if (e) await minePut({ ...e, alerts: [] });
}

// The service worker has no catalog: it shows the words kept here, in the
// language the worker reads. They name no agency (a notification may be
// read over the worker's shoulder).
async function rememberWords() {
  await setNotifyText({ title: t('mine.notify_title'), body: t('mine.notify_body') }).catch(() => {});
}

/** Ask for a check of the saved agencies now and then while the app is closed (Periodic Background Sync, where the browser has it). */
export async function schedulePeriodic() {
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    if (!reg || !reg.periodicSync) return;
    const any = !isDemo() && (await mineAll()).length > 0;
    if (any && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      await reg.periodicSync.register(PERIODIC_TAG, { minInterval: 12 * 3600 * 1000 });
    } else {
      await reg.periodicSync.unregister(PERIODIC_TAG);
    }
  } catch { /* not installed, or not allowed: the check runs at the next open */ }
}

/**
 * Compare every saved agency with the phone's copy (after a sync, and at
 * start-up: a licence runs out by the date alone). New changes are stored
 * and, with notifications allowed, shown by the service worker.
 */
export async function checkMine() {
  const entries = await mineAll().catch(() => []);
  if (!entries.length) return 0;
  await loadAll().catch(() => {});
  if (!hasData()) return 0;
  const today = R.today();
  let added = 0;
  for (const e of entries) {
    const r = R.check(e, listingOf(e), today);
    if (JSON.stringify(r.entry) !== JSON.stringify(e)) await minePut(r.entry);
    added += r.added.length;
  }
  await rememberWords();
  if (added && !isDemo()) await notify();
  return added;
}

async function notify() {
  try {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const reg = await navigator.serviceWorker?.getRegistration();
    if (!reg) return;
    await reg.showNotification(t('mine.notify_title'), {
      body: t('mine.notify_body'), tag: 'paidee-mine', icon: '/icons/icon-192.png', data: { url: '/' },
    });
  } catch { /* the box on home shows it anyway */ }
}

// ---- words

function alertLine(al, a) {
  const date = fmtDate(al.at || al.date);
  switch (al.type) {
    case 'status': return t(has(`mine.st.${al.to}`) ? `mine.st.${al.to}` : 'mine.st.other', { date, status: t(`status.${al.to}`) });
    case 'removed': return t('mine.removed', { date });
    case 'back': return t('mine.back', { date });
    case 'warning': return t('mine.warning', { date, what: (al.what || []).map((c) => (has(`what.${c}`) ? t(`what.${c}`) : c)).join(' · ') });
    case 'note': return t('mine.note', { date, note: a ? pick(a.public_notes)[0] : '' });
    case 'ending': return t('mine.ending', { date, n: al.days });
    default: return '';
  }
}

function dangerous(al) {
  return (al.type === 'status' && DANGER.has(al.to)) || al.type === 'removed' || al.type === 'warning';
}

/** "Do not pay …" for a change that makes the agency less safe; what to check for one ending soon. */
function adviceFor(al) {
  if (dangerous(al)) return t('mine.danger');
  if (al.type === 'ending') return t('mine.ending_do');
  return t('mine.check_listing');
}

// The Lao name first (it is on the agency's papers), each in its own
// language for the right font and line breaks.
const nameOf = (e) => {
  const parts = [];
  if (e.name_lo) parts.push(h('span', { lang: 'lo' }, e.name_lo));
  if (e.name_lo && e.name_en) parts.push(' · ');
  if (e.name_en) parts.push(h('span', { lang: 'en' }, e.name_en));
  return parts.length ? parts : [h('span.mono', e.licence_no)];
};

/**
 * The box that stays until seen: "Changed since you saved it: licence
 * suspended on 12 December 2026 — do not pay, do not hand over documents".
 */
export function alertBox(entry, { onSeen, withLink = true } = {}) {
  if (!entry || !(entry.alerts || []).length) return null;
  const a = listingOf(entry);
  const bad = entry.alerts.some(dangerous);
  return h(`div.mine-alert${bad ? '.mine-danger' : ''}`, { role: 'alert', 'data-testid': 'mine-alert', 'data-agency': String(entry.id) },
    h('p.mine-alert-head', icon('warning'), h('strong', ...nameOf(entry))),
    h('ul.mine-alert-list', entry.alerts.map((al) => h('li', { 'data-type': al.type },
      h('strong', t('mine.changed')), ' ', alertLine(al, a), ' — ', h('span.mine-advice', adviceFor(al))))),
    h('div.mine-alert-actions',
      withLink ? h('a.button.secondary.small', { href: hrefOf(entry), 'data-testid': 'mine-alert-listing' }, icon('agency'), t('mine.see_listing')) : null,
      h('button.small', {
        type: 'button', 'data-testid': 'mine-seen',
        onclick: async () => { await markSeen(entry.id); if (onSeen) onSeen(); },
      }, icon('check'), t('mine.seen'))));
}

/** One line per saved agency: its name and status as the phone has it now. */
function statusLine(entry) {
  const a = listingOf(entry);
  if (!a && !entry.gone) {
    // The lists are not in memory yet: the status as last compared.
    const st = (entry.seen && entry.seen.status) || 'not-listed';
    return h('li.mine-row', { 'data-testid': 'mine-row', 'data-agency': String(entry.id), 'data-status': st },
      h('a.mine-link', { href: hrefOf(entry) }, h('span.mine-name', ...nameOf(entry)),
        statusBadge({ status: st })));
  }
  const soon = a ? R.endingSoon(R.snapshot(a, R.today()), R.today()) : null;
  return h('li.mine-row', { 'data-testid': 'mine-row', 'data-agency': String(entry.id), 'data-status': a ? R.effective(a, R.today()) : 'not-listed' },
    h('a.mine-link', { href: hrefOf(entry) },
      h('span.mine-name', ...nameOf(entry)),
      a ? statusBadge(a) : h('span.badge.st-not-listed', { 'data-testid': 'status-badge', 'data-status': 'not-listed' }, icon('unknown'), h('strong.badge-word', t('mine.not_on_list'))),
      soon != null ? h('span.mine-soon', icon('clock'), t('mine.ends_in', { n: soon, date: fmtDate(a.licence_expires) })) : null));
}

/** Home: changes not yet seen, then every saved agency's status. Filled from the phone's store. */
export function mineSection() {
  const box = h('section.mine', { 'data-testid': 'mine', 'aria-labelledby': 'mine-h', hidden: true });
  const fill = async () => {
    const entries = (await mineAll().catch(() => [])).sort((x, y) => String(x.saved_at).localeCompare(String(y.saved_at)));
    if (entries.length) await loadAll().catch(() => {}); // the listings as the phone has them now
    box.replaceChildren();
    box.hidden = !entries.length;
    if (!entries.length) return;
    for (const e of entries) {
      const b = alertBox(e, { onSeen: fill });
      if (b) box.append(b);
    }
    box.append(h('h2#mine-h', icon('agency'), t('mine.title')),
      h('ul.mine-list', entries.map(statusLine)),
      h('p.muted.small', icon('lock'), t('mine.private')));
  };
  const onMine = () => { if (box.isConnected) fill(); else bus.removeEventListener('mine', onMine); };
  bus.addEventListener('mine', onMine);
  fill();
  return box;
}

/** On a listing: save or remove it, the box of its unseen changes, notifications. */
export function listingControls(a) {
  const box = h('section.mine-controls', { 'data-testid': 'mine-controls' });
  const fill = async () => {
    const e = await savedEntry(a.id);
    const canAsk = e && !isDemo() && typeof Notification !== 'undefined' && Notification.permission === 'default' && 'serviceWorker' in navigator;
    put(clear(box),
      e ? alertBox(e, { onSeen: fill, withLink: false }) : null,
      h('button', {
        type: 'button', class: e ? 'secondary' : '', 'aria-pressed': String(!!e), 'data-testid': 'mine-save',
        onclick: async () => { if (e) await unsaveAgency(a.id); else await saveAgency(a); await fill(); },
      }, icon(e ? 'check' : 'agency'), e ? t('mine.saved_button') : t('mine.save')),
      e ? h('p.small', { 'data-testid': 'mine-saved-note' }, t('mine.saved'), ' ', t('mine.private')) : null,
      e && !isDemo() && typeof Notification !== 'undefined' && Notification.permission === 'granted' ? h('p.small', icon('check'), t('mine.notify_on')) : null,
      canAsk ? h('button.secondary.small', {
        type: 'button', 'data-testid': 'mine-notify',
        onclick: async () => { await Notification.requestPermission().catch(() => {}); await schedulePeriodic(); await fill(); },
      }, icon('info'), t('mine.notify_ask')) : null);
  };
  fill();
  return box;
}

/**
 * A saved agency the phone's list no longer has (removed, or its licence
 * number changed and the phone has not synced since): shown from what the
 * phone kept when it was saved, never asked of the server (that would name
 * it). No longer on the list is a danger: do not pay.
 */
export function goneView(entry, { onSeen, onForget } = {}) {
  const seen = (entry.seen && entry.seen.status) || null;
  return h('section.agency', { 'data-testid': 'agency-gone', 'data-agency': String(entry.id) },
    h('h1', h('span', ...nameOf(entry))),
    h('p', t('agency.licence_no'), ' ', h('strong.mono', entry.licence_no)),
    h('p.badge.st-not-listed', { 'data-testid': 'status-badge', 'data-status': 'not-listed' }, icon('unknown'), h('strong.badge-word', t('mine.not_on_list'))),
    h('p.advice.mine-danger', { 'data-testid': 'agency-gone-advice' }, icon('warning'), h('strong', t('mine.gone_lead')), ' ', t('mine.gone_office', { danger: t('mine.danger') })),
    alertBox(entry, { withLink: false, onSeen }),
    seen ? h('p.small', t('mine.gone_last', { status: t(`status.${seen}`), date: fmtDate(String(entry.saved_at || '').slice(0, 10)) })) : null,
    h('p.muted.small', icon('lock'), t('mine.gone_local')),
    h('div.actions',
      h('a.button.danger', { href: '/report', 'data-testid': 'agency-report' }, icon('flag'), t('agency.report')),
      h('button.secondary', {
        type: 'button', 'data-testid': 'mine-forget',
        onclick: async () => { await unsaveAgency(entry.id); if (onForget) onForget(); },
      }, icon('x'), t('mine.forget_one')),
      h('a.button.secondary', { href: '/agencies' }, icon('search'), t('agencies.search_other'))));
}
