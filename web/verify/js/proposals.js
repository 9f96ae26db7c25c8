// Changes that make a listing look safer wait for a second person. This
// module shows them (what changes from → to, side by side, who proposed it
// and why it waits) with approve and reject for everyone but the proposer,
// who can withdraw it.
import { h, fmtTime, notice, errorNotice, showErrors, field } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';

/** Is this write's answer a proposal (202)? */
export const isProposal = (ans) => !!(ans && ans.proposal);

const STATUSES = ['licensed', 'suspended', 'revoked', 'expired', 'illegal'];
// A value for people: statuses in words, empty as ∅.
const show = (field, v) => {
  if (v === null || v === undefined || v === '') return '∅';
  if (/(^|: )status$/.test(field) && STATUSES.includes(v)) return t(`status.${v}`);
  return String(v);
};

/** One proposal as a card; done() runs after a decision. */
export function proposalCard(p, user, done) {
  const mine = user && p.proposed_by === user.id;
  const msg = h('div', { 'aria-live': 'polite' });
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500, 'data-testid': 'proposal-reason' });
  const decide = async (action) => {
    msg.replaceChildren();
    showErrors(card, {});
    if (action !== 'approve' && !reason.value.trim()) {
      showErrors(card, { reason: t('trust.reject_reason_needed') });
      return;
    }
    try {
      await api('POST', `/proposals/${p.id}/${action}`, action === 'approve' ? {} : { json: { reason: reason.value.trim() } });
      done(action);
    } catch (err) {
      if (err.status === 409) msg.append(notice('error', t('trust.stale')));
      else msg.append(errorNotice(err));
    }
  };
  const link = p.entity === 'agency' && p.entity_id ? h('a', { href: `/verify/agencies/${p.entity_id}` }, p.label)
    : p.entity === 'report' ? h('a', { href: `/verify/reports/${p.entity_id}` }, p.label) : h('span', {}, p.label);
  const card = h('article', { class: 'card proposal', 'data-testid': 'proposal', 'data-id': p.id, 'data-field': 'reason' },
    h('h3', {}, link),
    h('p', { class: 'muted' }, t(`trust.kind.${p.kind}`), ' · ', t('trust.proposed_by', { who: p.proposer_email, when: fmtTime(p.created_at) })),
    h('p', {}, h('strong', {}, t('trust.why')), ' ', p.why.join('; ')),
    p.changes.length ? h('table', { class: 'diff', 'data-testid': 'proposal-diff' },
      h('thead', {}, h('tr', {}, h('th', {}, t('agency.field')), h('th', {}, t('trust.now')), h('th', {}, t('trust.proposed')))),
      h('tbody', {}, p.changes.map((c) => h('tr', {}, h('th', { scope: 'row', class: 'mono' }, c.field), h('td', {}, h('del', {}, show(c.field, c.from))), h('td', {}, h('ins', {}, show(c.field, c.to))))))) : null,
    mine ? h('p', { class: 'hint' }, t('trust.yours')) : null,
    field(mine ? t('trust.withdraw_reason') : t('trust.reject_reason'), reason, { name: 'reason', wide: true }),
    h('div', { class: 'actions' },
      mine ? null : h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'proposal-approve', onclick: () => decide('approve') }, t('trust.approve')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'proposal-reject', onclick: () => decide('reject') }, mine ? t('trust.withdraw') : t('trust.reject'))),
    msg);
  return card;
}

/** The pending proposals (optionally of one listing) as a section, or null when there are none. */
export async function pendingSection(user, rerender, { agencyID = 0, title } = {}) {
  const q = agencyID ? `&agency_id=${agencyID}` : '';
  const page = await api('GET', `/proposals?status=pending&limit=50${q}`);
  if (!agencyID && page.total === 0) {
    return h('section', { class: 'card', 'data-testid': 'proposals-waiting' }, h('h2', {}, title || t('trust.waiting_title')),
      h('p', { class: 'empty' }, t('trust.waiting_none')));
  }
  if (page.total === 0) return null;
  return h('section', { class: 'card stack', 'data-testid': 'proposals-waiting' },
    h('h2', {}, title || t('trust.waiting_title'), ' ', h('span', { class: 'count' }, String(page.total))),
    h('p', { class: 'hint' }, t('trust.waiting_hint')),
    page.items.map((p) => proposalCard(p, user, () => rerender())));
}
