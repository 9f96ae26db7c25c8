import { h, fmtTime, reportBadge } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { pager } from './audit.js';

const TABS = ['new', 'reviewing', 'upheld', 'dismissed', ''];
const LIMIT = 50;

export async function render({ query }) {
  const status = query.has('status') ? query.get('status') : 'new';
  const offset = Number(query.get('offset') || 0);
  const page = await api('GET', `/reports?limit=${LIMIT}&offset=${offset}${status ? `&status=${status}` : ''}`);
  return h('div', { class: 'stack' },
    h('h1', {}, t('nav.reports')),
    h('nav', { class: 'tabs', 'aria-label': t('reports.filter') }, TABS.map((s) => h('a', {
      href: `/verify/reports?status=${s}`, class: 'tab', 'aria-current': s === status ? 'page' : null, 'data-testid': `reports-tab-${s || 'all'}`,
    }, s ? t(`report.status.${s}`) : t('reports.all')))),
    h('p', { class: 'count', role: 'status' }, t('reports.count', { n: page.total })),
    page.items.length === 0 ? h('p', { class: 'empty card' }, t('reports.none')) :
      h('ul', { class: 'rows card' }, page.items.map((r) => h('li', {},
        h('a', { class: 'row', href: `/verify/reports/${r.id}`, 'data-testid': 'report-row' },
          h('span', { class: 'row-main' },
            h('strong', {}, r.agency ? (r.agency.name_lo || r.agency.name_en) : (r.agency_name || r.licence_no || r.agency_phone || t('reports.unnamed'))),
            h('span', { class: 'muted' }, r.what.map((w) => t(`what.${w}`)).join(' · ')),
            h('span', { class: 'muted' }, h('span', { class: 'mono' }, r.receipt), ' · ', fmtTime(r.created_at))),
          h('span', { class: 'row-side' }, reportBadge(r.status)))))),
    pager(offset, LIMIT, page.total, (o) => `/verify/reports?status=${status}&offset=${o}`));
}
