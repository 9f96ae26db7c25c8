// Deleted listings, with who removed them and why; one removed by mistake
// can be put back as it was (with a reason, which goes into the audit).
import { h, fmtTime, statusBadge, agencyName, notice, field, showErrors, errorNotice } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { pager } from './audit.js';

const LIMIT = 50;

export async function render({ query, navigate }) {
  const offset = Number(query.get('offset') || 0);
  const page = await api('GET', `/agencies/deleted?${new URLSearchParams({ limit: LIMIT, offset })}`);
  const restored = query.get('restored');
  return h('div', { class: 'stack' },
    h('p', { class: 'crumbs' }, h('a', { href: '/verify/agencies' }, `← ${t('nav.agencies')}`)),
    h('h1', {}, t('deleted.title')),
    restored ? notice('ok', t('deleted.restored', { name: restored }), ' ',
      h('a', { href: `/verify/agencies/${query.get('id')}` }, t('deleted.open'))) : null,
    h('p', { class: 'hint' }, t('deleted.hint')),
    page.items.length === 0 ? h('p', { class: 'empty card' }, t('deleted.none')) :
      h('ul', { class: 'rows card' }, page.items.map((a) => h('li', { 'data-testid': 'deleted-row', 'data-licence': a.licence_no }, row(a, navigate)))),
    pager(offset, LIMIT, page.total, (o) => `/verify/agencies/deleted?offset=${o}`));
}

function row(a, navigate) {
  const msg = h('div', { 'aria-live': 'polite' });
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500, 'data-testid': 'restore-reason' });
  const form = h('form', {
    class: 'form restore', novalidate: true, hidden: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      try {
        const ans = await api('POST', `/agencies/${a.id}/restore`, { json: { reason: reason.value.trim() } });
        if (ans && ans.proposal) {
          form.hidden = true;
          msg.append(notice('info', h('strong', {}, t('trust.sent_title')), ' ', t('trust.sent_body')));
          form.after(msg);
          return;
        }
        navigate(`/verify/agencies/deleted?${new URLSearchParams({ restored: agencyName(a), id: a.id })}`, { replace: true });
      } catch (err) {
        if (err.status === 422) showErrors(form, err.problems);
        else msg.append(errorNotice(err));
      }
    },
  }, field(t('deleted.restore_reason'), reason, { name: 'reason', wide: true }), msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'restore-confirm' }, t('deleted.restore'))));
  const open = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'restore-open',
    onclick: () => { form.hidden = false; open.hidden = true; reason.focus(); },
  }, t('deleted.restore'));
  return h('div', { class: 'row deleted' },
    h('span', { class: 'row-main' },
      h('strong', {}, agencyName(a)),
      h('span', { class: 'mono' }, a.licence_no, a.demo ? h('span', { class: 'demo' }, t('common.demo')) : null),
      h('span', { class: 'muted' }, t('deleted.by', { date: fmtTime(a.deleted_at), who: a.deleted_by || '—' })),
      a.reason ? h('span', {}, t('deleted.why', { reason: a.reason })) : null,
      open, form),
    h('span', { class: 'row-side' }, statusBadge(a.status)));
}
