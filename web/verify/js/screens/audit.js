import { h, fmtTime } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

const entityLinks = { agency: (id) => `/verify/agencies/${id}`, report: (id) => `/verify/reports/${id}` };

const agencyStatuses = ['licensed', 'suspended', 'revoked', 'expired', 'illegal'];
const reportStatuses = ['new', 'reviewing', 'upheld', 'dismissed'];

function show(v, entity, fieldName) {
  if (v === null || v === undefined || v === '') return '∅';
  if (fieldName === 'status' && entity === 'agency' && agencyStatuses.includes(v)) return t(`status.${v}`);
  if (fieldName === 'status' && entity === 'report' && reportStatuses.includes(v)) return t(`report.status.${v}`);
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  return String(v);
}

// auditLine shows one entry: when, who, what, field from → to, why.
export function auditLine(e) {
  const link = entityLinks[e.entity] && e.action !== 'delete' ? entityLinks[e.entity](e.entity_id) : null;
  const what = `${t(`entity.${e.entity}`)} #${e.entity_id} · ${t(`action.${e.action}`)}`;
  return h('div', { class: 'audit' },
    h('p', { class: 'audit-head' },
      h('span', { class: 'audit-when' }, fmtTime(e.at)), ' · ',
      h('span', { class: 'audit-who' }, e.user_email || t('audit.system')), ' · ',
      link ? h('a', { href: link }, what) : h('span', {}, what)),
    e.changes.length ? h('ul', { class: 'changes' }, e.changes.slice(0, 8).map((c) => h('li', {},
      h('span', { class: 'mono' }, c.field), ': ', h('del', {}, show(c.from, e.entity, c.field)), ' → ', h('ins', {}, show(c.to, e.entity, c.field))))) : null,
    e.changes.length > 8 ? h('p', { class: 'hint' }, t('audit.more_changes', { n: e.changes.length - 8 })) : null,
    e.reason ? h('p', { class: 'audit-reason' }, t('audit.reason'), ': ', e.reason) : null,
    e.evidence_ref ? h('p', { class: 'hint' }, t('agency.evidence'), ': ', e.evidence_ref) : null);
}

export async function render({ query }) {
  const offset = Number(query.get('offset') || 0);
  const limit = 50;
  const page = await api('GET', `/audit?limit=${limit}&offset=${offset}`);
  return h('div', { class: 'stack' },
    h('h1', {}, t('nav.audit')),
    h('p', { class: 'lead' }, t('audit.lead', { n: page.total })),
    page.items.length === 0 ? h('p', { class: 'empty' }, t('audit.none')) :
      h('ul', { class: 'rows card' }, page.items.map((e) => h('li', { 'data-testid': 'audit-row' }, auditLine(e)))),
    pager(offset, limit, page.total, (o) => `/verify/audit?offset=${o}`));
}

export function pager(offset, limit, total, href) {
  if (total <= limit) return null;
  return h('nav', { class: 'pager', 'aria-label': t('common.pages') },
    offset > 0 ? h('a', { class: 'btn btn-quiet', href: href(Math.max(0, offset - limit)) }, `← ${t('common.newer')}`) : h('span'),
    h('span', { class: 'pager-pos' }, t('common.range', { from: offset + 1, to: Math.min(total, offset + limit), total })),
    offset + limit < total ? h('a', { class: 'btn btn-quiet', href: href(offset + limit) }, `${t('common.older')} →`) : h('span'));
}
