import { h, fmtDate, agencyName, local } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { auditLine } from './audit.js';
import { pendingSection } from '../proposals.js';

export async function render({ user, rerender }) {
  const d = await api('GET', '/dashboard');
  const isAdmin = user && user.role === 'admin';
  return h('div', { class: 'stack' },
    h('h1', {}, t('nav.dashboard')),
    integrity(d.integrity, isAdmin, rerender),
    await pendingSection(user, rerender),
    h('div', { class: 'tiles' },
      h('a', { class: `tile${d.reports_waiting > 0 ? ' tile-alert' : ''}`, href: '/verify/reports?status=new', 'data-testid': 'dash-reports' },
        h('span', { class: 'tile-num' }, String(d.reports_waiting)),
        h('span', { class: 'tile-label' }, t('dash.reports_waiting')),
        h('span', { class: 'tile-sub' }, t('dash.reports_split', { new: d.reports.new, reviewing: d.reports.reviewing }))),
      h('a', { class: `tile${d.expiring.length > 0 ? ' tile-warn' : ''}`, href: '#expiring' },
        h('span', { class: 'tile-num' }, String(d.expiring.length)),
        h('span', { class: 'tile-label' }, t('dash.expiring')),
        h('span', { class: 'tile-sub' }, t('dash.until', { date: fmtDate(d.expiring_until) }))),
      h('a', { class: `tile${d.recheck.length > 0 ? ' tile-warn' : ''}`, href: '#recheck', 'data-testid': 'dash-recheck' },
        h('span', { class: 'tile-num' }, String(d.recheck.length)),
        h('span', { class: 'tile-label' }, t('dash.recheck')),
        h('span', { class: 'tile-sub' }, t('dash.recheck_sub', { date: fmtDate(d.recheck_before) })))),
    h('section', { class: 'card', id: 'expiring' },
      h('h2', {}, t('dash.expiring_title')),
      d.expiring.length === 0 ? h('p', { class: 'empty' }, t('dash.none_expiring')) :
        h('ul', { class: 'rows' }, d.expiring.map((a) => h('li', {},
          h('a', { class: 'row', href: `/verify/agencies/${a.id}` },
            h('span', { class: 'row-main' }, agencyName(a), h('span', { class: 'mono' }, a.licence_no)),
            h('span', { class: 'row-side' }, t('dash.expires_on', { date: fmtDate(a.licence_expires) }))))))),
    recheck(d, isAdmin),
    h('section', { class: 'card' },
      h('h2', {}, t('dash.recent')),
      d.recent.length === 0 ? h('p', { class: 'empty' }, t('audit.none')) :
        h('ul', { class: 'rows' }, d.recent.map((e) => h('li', {}, auditLine(e)))),
      h('p', {}, h('a', { href: '/verify/audit', class: 'btn btn-quiet' }, t('dash.all_changes')))));
}

// Emergency numbers to call again. Only admins edit contacts, so only they
// get a link to the editor; verifiers can still make the calls.
function recheck(d, canEdit) {
  const line = (c) => [
    h('span', { class: 'row-main' }, h('strong', {}, local(c.name)), h('span', { class: 'mono' }, c.phones.join(', ') || '—')),
    h('span', { class: 'row-side' }, c.confidence !== 'verified' ? t('dash.not_confirmed')
      : t('dash.checked_on', { date: c.checked_on ? fmtDate(c.checked_on) : '—' })),
  ];
  return h('section', { class: 'card', id: 'recheck' },
    h('h2', {}, t('dash.recheck_title')),
    d.recheck.length === 0 ? h('p', { class: 'empty' }, t('dash.recheck_none')) : [
      h('p', { class: 'hint' }, t('dash.recheck_hint')),
      h('ul', { class: 'rows' }, d.recheck.map((c) => h('li', { 'data-testid': 'recheck-row' },
        canEdit ? h('a', { class: 'row', href: `/verify/content/contacts/${c.id}` }, ...line(c)) : h('div', { class: 'row' }, ...line(c))))),
    ]);
}

// The server checks its public log against its data at start-up. When they
// disagree (the database was changed behind the app's back), every verifier
// sees it first, and an admin can check again once the data is put right.
function integrity(rep, isAdmin, rerender) {
  if (!rep || rep.ok) return null;
  const b = rep.broken || {};
  const problem = `record ${b.seq}${b.record ? ` (${b.record})` : ''}: ${b.problem || ''}`;
  const status = h('p', { class: 'hint', role: 'status' });
  const again = isAdmin ? h('button', {
    class: 'btn', type: 'button', 'data-testid': 'integrity-recheck',
    onclick: async () => {
      again.disabled = true;
      try {
        const r = await api('POST', '/integrity/check');
        if (r.ok) rerender();
        else status.textContent = t('trust.integrity_broken', { problem: `record ${r.broken.seq}: ${r.broken.problem}` });
      } catch (e) {
        status.textContent = e.message;
      } finally {
        again.disabled = false;
      }
    },
  }, t('trust.check_again')) : null;
  const m = /^agencies (\d+)$/.exec(b.record || '');
  return h('section', { class: 'notice notice-error', role: 'alert', 'data-testid': 'integrity-banner' },
    h('h2', {}, t('trust.integrity_title')),
    h('p', {}, t('trust.integrity_broken', { problem })),
    m ? h('p', {}, h('a', { href: `/verify/agencies/${m[1]}` }, t('trust.integrity_open'))) : null,
    h('p', {}, isAdmin ? t('trust.integrity_admin') : t('trust.integrity_tell_admin')),
    again, status);
}
