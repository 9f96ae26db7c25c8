// Licence status, shown by colour + icon + word, never by colour alone.
import { h, icon } from './dom.js';
import { t, fmtDate, todayISO } from './i18n.js';

/**
 * The status a worker must see. A "licensed" agency whose licence end date
 * has passed is shown as expired: the list may not have caught up yet.
 */
export function effectiveStatus(a) {
  if (!a) return 'not-listed';
  // The server marks this too (licence_lapsed), but the phone may stay offline for weeks: check the date here as well.
  if (a.status === 'licensed' && (a.licence_lapsed || (a.licence_expires && a.licence_expires < todayISO()))) return 'expired';
  return a.status;
}

/** The status badge: icon + word (+ date), with data-status for tests. */
export function statusBadge(a, big) {
  const st = effectiveStatus(a);
  let detail = '';
  if (st === 'licensed' && a.licence_expires) detail = t('status.valid_until', { date: fmtDate(a.licence_expires) });
  else if (st === 'expired' && a && a.licence_expires) detail = t('status.ended_on', { date: fmtDate(a.licence_expires) });
  return h(`div.badge.st-${st}${big ? '.badge-big' : ''}`, { 'data-testid': 'status-badge', 'data-status': st },
    icon(st === 'not-listed' ? 'unknown' : st),
    h('span.badge-text', h('strong.badge-word', t(`status.${st}`)), detail ? h('span.badge-detail', detail) : null));
}

/** What to do for this status (one or two short sentences). */
export const statusAdvice = (a) => t(`advice.${effectiveStatus(a)}`);

/**
 * The separate "flagged by reviewed reports" line, or null. It sits under
 * the status and never replaces it.
 */
export function flaggedLine(a) {
  const w = (a && a.warnings) || [];
  if (!w.length) return null;
  const what = [...new Set(w.flatMap((x) => x.what || []))].map((c) => t(`what.${c}`));
  const last = w.map((x) => x.at).sort().pop();
  return h('p.flagged', { 'data-testid': 'flagged' }, icon('warning'),
    h('span', h('strong', t('agency.flagged', { n: w.length })), ' ',
      what.join(' · '), last ? ` (${t('agency.flag_last', { date: fmtDate(last) })})` : ''));
}

export function demoMarker(a) {
  return a && a.demo ? h('span.demo-tag', { 'data-testid': 'demo-marker' }, icon('info'), t('agency.demo')) : null;
}
