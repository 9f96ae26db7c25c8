import { h, fmtDate, agencyName } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { auditLine } from './audit.js';

export async function render() {
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
        h('span', { class: 'tile-sub' }, t('dash.until', { date: fmtDate(d.expiring_until) })))),
    h('section', { class: 'card', id: 'expiring' },
      h('h2', {}, t('dash.expiring_title')),
      d.expiring.length === 0 ? h('p', { class: 'empty' }, t('dash.none_expiring')) :
        h('ul', { class: 'rows' }, d.expiring.map((a) => h('li', {},
          h('a', { class: 'row', href: `/verify/agencies/${a.id}` },
            h('span', { class: 'row-main' }, agencyName(a), h('span', { class: 'mono' }, a.licence_no)),
            h('span', { class: 'row-side' }, t('dash.expires_on', { date: fmtDate(a.licence_expires) }))))))),
    h('section', { class: 'card' },
      h('h2', {}, t('dash.recent')),
      d.recent.length === 0 ? h('p', { class: 'empty' }, t('audit.none')) :
        h('ul', { class: 'rows' }, d.recent.map((e) => h('li', {}, auditLine(e)))),
      h('p', {}, h('a', { href: '/verify/audit', class: 'btn btn-quiet' }, t('dash.all_changes')))));
}
