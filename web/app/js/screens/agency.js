// One listing at /a/{licence_no}: status, licence dates, last check, status
// history, public warnings, report button and a QR code of this address.
import { h, icon, langSpan } from '../dom.js';
import { t, pick, fmtDate, getLang } from '../i18n.js';
import { data, hasData } from '../store.js';
import { findByLicence, search } from '../search.js';
import { statusBadge, statusAdvice, flaggedLine, demoMarker, effectiveStatus } from '../status.js';
import { withVoice } from '../voicebtn.js';
import { qrSvg } from '../qr.js';
import { agencyName, notOnList, provinceName, districtName, didYouMean } from './agencies.js';
import { listingControls, savedByLicence, listingOf, goneView } from '../mine.js';

const fetched = new Map(); // licence numbers asked of the server when not (yet) on the phone
const asking = new Set(); // licence numbers asked of the server, no answer yet
// The phone's saved agencies, looked up before any question to the server:
// asking about a saved agency would tell the server which one the worker
// deals with. Each answer is used once, so a save or a removal since counts.
const savedLook = new Map(); // licence number -> undefined (looking) | entry | null

function row(label, value) {
  return value ? [h('dt', label), h('dd', value)] : null;
}

function telHref(p) {
  return 'tel:' + String(p).replace(/[^\d+]/g, '');
}

function closeTo(lic) {
  const close = search(data.agencies, lic).map((x) => x.agency);
  return close.length ? didYouMean(close) : null;
}

function loadingView(lic, online) {
  return {
    title: t('agency.loading_title'),
    node: h('section.agency', { 'data-testid': 'agency-loading', 'aria-busy': 'true' },
      h('h1', icon('agency'), t('agency.loading_title')),
      h('p', t('agency.licence_no'), ' ', h('strong.mono', lic)),
      h('p', { role: 'status' }, online ? t('agency.loading') : t('nodata.loading'))),
  };
}

export function render(ctx) {
  const lic = ctx.params[0] || '';
  // Only the signed list on the phone gives a verdict: the server's answer
  // to a lookup carries no signature, and a proxy could make it say
  // "licensed".
  let a = findByLicence(data.agencies, lic) || null;
  if (!a) {
    if (!savedLook.has(lic)) {
      savedLook.set(lic, undefined);
      savedByLicence(lic).catch(() => null).then((e) => { savedLook.set(lic, e || null); ctx.rerender(); });
    }
    const saved = savedLook.get(lic);
    if (saved === undefined) return loadingView(lic, false);
    savedLook.delete(lic);
    // A saved agency: the listing by its id (its licence number was
    // corrected), or what the phone kept of it; never the server.
    if (saved) a = listingOf(saved);
    if (saved && !a) return { title: t('mine.not_on_list'), node: goneView(saved, { onSeen: () => ctx.rerender(), onForget: () => ctx.navigate('/', { replace: true }) }) };
  }
  if (!a) {
    // Maybe the phone's copy is older than the listing: ask the server once,
    // and if it knows the licence, fetch the signed list again.
    if (navigator.onLine && !fetched.has(lic)) {
      fetched.set(lic, true);
      asking.add(lic);
      fetch('/api/v1/agencies/licence/' + encodeURIComponent(lic))
        .then((r) => (r.ok ? r.json() : null))
        .then((x) => (x && x.licence_no && window.paidee ? window.paidee.syncNow() : null))
        .catch(() => {})
        .finally(() => { asking.delete(lic); ctx.rerender(); });
    }
    // Neither the list nor the server's answer is here yet (a first visit
    // on a slow line, or a listing newer than the phone's copy): "not
    // found" now would be a wrong verdict for a listed agency, so say only
    // that we are looking.
    if (asking.has(lic) || (!hasData() && !fetched.has(lic))) return loadingView(lic, navigator.onLine);
    return {
      title: t('status.not-listed'),
      node: h('section.agency',
        h('h1', icon('agency'), t('agency.title_unknown')),
        h('p', t('agency.licence_no'), ' ', h('strong.mono', lic)),
        // Not this licence number: maybe it was mistyped (a zero left out);
        // such listings are questions beside the verdict, never the verdict.
        hasData() ? closeTo(lic) : null,
        hasData() ? notOnList(lic, { licence: true }) : h('p.empty', t('nodata.loading')),
        h('p', h('a.row-link', { href: '/agencies' }, icon('search'), t('agencies.search_other')))),
    };
  }
  const url = location.origin + '/a/' + encodeURIComponent(a.licence_no);
  const notes = pick(a.public_notes);
  const history = [...(a.status_history || [])].sort((x, y) => String(y.at).localeCompare(String(x.at)));
  return {
    // Outside Lao mode the Lao-script name comes first too: it is the name
    // on the agency's papers and sign.
    title: getLang() === 'lo' ? (a.name_lo || a.name_en) : [a.name_lo, a.name_en].filter(Boolean).join(' · '),
    node: h('section.agency', { 'data-testid': 'agency-detail', 'data-licence': a.licence_no },
      h('h1.agency-name', agencyName(a)),
      demoMarker(a),
      // One clip says the status and its advice.
      withVoice(statusBadge(a, true), `verdict:status-${effectiveStatus(a)}`),
      flaggedLine(a),
      h('p.advice', statusAdvice(a)),
      listingControls(a),
      h('dl.facts',
        row(t('agency.licence_no'), h('span.mono', a.licence_no)),
        row(t('agency.issued'), a.licence_issued && fmtDate(a.licence_issued)),
        row(t('agency.expires'), a.licence_expires && fmtDate(a.licence_expires)),
        row(t('agency.verified'), a.last_verified_at ? fmtDate(a.last_verified_at) : t('agency.never_verified')),
        row(t('agency.province'), [provinceName(a.province), a.district ? `, ${districtName(a.province, a.district)}` : '']),
        row(t('agency.phones'), (a.phones || []).length ? h('span.phones', a.phones.map((p) => h('a.phone', { href: telHref(p) }, p))) : null),
        row(t('agency.sectors'), (a.sectors || []).map((s) => t(`sector.${s}`)).join(', '))),
      notes[0] ? h('p.notes', langSpan('span', notes)) : null,
      history.length ? h('section.history',
        h('h2', t('agency.history')),
        h('ol.history-list', history.map((s) => h('li', { 'data-testid': 'history-step' },
          h('strong', fmtDate(s.at)), ': ',
          t(`status.${s.from}`), ' → ', t(`status.${s.to}`),
          // {lo, th, en} since reasons have three languages; a copy synced
          // before may still hold the string the verifier typed.
          pick(s.reason)[0] ? langSpan('span.reason', pick(s.reason)) : null)))) : null,
      (a.warnings || []).length ? h('section.warnings',
        h('h2', t('agency.warnings')),
        h('ul', a.warnings.map((w) => h('li', h('strong', fmtDate(w.at)), ': ', (w.what || []).map((c) => t(`what.${c}`)).join(' · '))))) : null,
      logLine(a),
      h('div.actions',
        h('a.button.danger', { href: '/report?agency=' + encodeURIComponent(a.id), 'data-testid': 'agency-report' }, icon('flag'), t('agency.report')),
        h('a.button.secondary', { href: '/costs', 'data-testid': 'agency-costs' }, icon('money'), t('home.costs')),
        h('a.button.secondary', { href: '/agencies' }, icon('search'), t('agencies.search_other'))),
      h('section.share-qr',
        h('h2', t('agency.qr')),
        qrSvg(url, t('agency.qr')),
        h('p.mono.url', url))),
  };
}

// What the public log holds about this listing: how many changes, how
// many a second person checked, and when the last one was made. Anyone can
// check it against the log (see About).
function logLine(a) {
  const l = a.log;
  if (!Array.isArray(l)) return null;
  return h('p.log-line', { 'data-testid': 'listing-log' }, icon('lock'),
    h('span', t('trust.listing_changes', { n: l[0], m: l[1], date: fmtDate(l[2]) }),
      data.meta && data.meta.two_person === false ? ` ${t('trust.two_person_off')}` : ''));
}
