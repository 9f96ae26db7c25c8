import { h, fmtDate, agencyName, local } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { auditLine } from './audit.js';

export async function render({ user }) {
  const d = await api('GET', '/dashboard');
  return h('div', { class: 'stack' },
    h('h1', {}, t('nav.dashboard')),
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
    recheck(d, user && user.role === 'admin'),
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
