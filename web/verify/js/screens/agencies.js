import { h, fmtDate, statusBadge, agencyName, notice } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { pager } from './audit.js';
import { loadMeta, provinceName } from '../data.js';

export const STATUSES = ['licensed', 'suspended', 'revoked', 'expired', 'illegal'];
const LIMIT = 50;

export async function render({ query, navigate }) {
  const q = query.get('q') || '';
  const status = query.get('status') || '';
  const offset = Number(query.get('offset') || 0);
  const params = new URLSearchParams({ limit: LIMIT, offset });
  if (q) params.set('q', q);
  if (status) params.set('status', status);
  const [page] = await Promise.all([api('GET', `/agencies?${params}`), loadMeta()]);

  const search = h('input', { type: 'search', name: 'q', value: q, 'data-testid': 'agency-search', placeholder: t('agencies.search_hint'), enterkeyhint: 'search' });
  const statusSel = h('select', { name: 'status', 'data-testid': 'agency-filter-status' },
    h('option', { value: '' }, t('agencies.all_statuses')),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(`status.${s}`))));
  let timer;
  const go = () => {
    // Enter (or a new status) searches at once; the typing timer must not
    // fire later and pull the verifier back here from an agency they opened.
    clearTimeout(timer);
    if (!search.isConnected) return;
    const p = new URLSearchParams();
    if (search.value.trim()) p.set('q', search.value.trim());
    if (statusSel.value) p.set('status', statusSel.value);
    navigate(`/verify/agencies${p.toString() ? `?${p}` : ''}`, { replace: true });
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(go, 350); });
  statusSel.addEventListener('change', go);
  if (q) setTimeout(() => { search.focus(); search.setSelectionRange(q.length, q.length); }, 0);

  const href = (o) => {
    const p = new URLSearchParams(params);
    p.delete('limit');
    p.set('offset', o);
    return `/verify/agencies?${p}`;
  };
  return h('div', { class: 'stack' },
    h('div', { class: 'title-row' },
      h('h1', {}, t('nav.agencies')),
      h('a', { class: 'btn btn-primary', href: '/verify/agencies/new', 'data-testid': 'agency-new' }, `+ ${t('agencies.add')}`)),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); go(); } },
      h('label', { class: 'grow' }, h('span', { class: 'sr-only' }, t('agencies.search')), search),
      h('label', {}, h('span', { class: 'sr-only' }, t('agencies.status')), statusSel)),
    query.get('deleted') ? notice('ok', t('agencies.deleted')) : null,
    h('div', { class: 'title-row' },
      h('p', { class: 'count', role: 'status' }, t('agencies.count', { n: page.total })),
      h('a', { href: '/verify/agencies/deleted', 'data-testid': 'agencies-deleted-link' }, t('deleted.title'))),
    page.items.length === 0 ? h('p', { class: 'empty card' }, t('agencies.none')) :
      h('ul', { class: 'rows card' }, page.items.map((a) => h('li', {},
        h('a', { class: 'row', href: `/verify/agencies/${a.id}`, 'data-testid': 'agency-row', 'data-licence': a.licence_no },
          h('span', { class: 'row-main' },
            h('strong', {}, agencyName(a)),
            h('span', { class: 'mono' }, a.licence_no, a.demo ? h('span', { class: 'demo' }, t('common.demo')) : null),
            h('span', { class: 'muted' }, provinceName(a.province), a.licence_expires ? ` · ${t('agencies.until', { date: fmtDate(a.licence_expires) })}` : '')),
          h('span', { class: 'row-side' }, statusBadge(a.status),
            a.warnings.length ? h('span', { class: 'flag' }, `⚑ ${t('agencies.flagged', { n: a.warnings.length })}`) : null))))),
    pager(offset, LIMIT, page.total, href));
}
