import { h, field, fmtTime, reportBadge, statusBadge, agencyName, notice, showErrors, errorNotice } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

export async function render({ params, rerender }) {
  const r = await api('GET', `/reports/${encodeURIComponent(params.id)}`);
  const statusSel = h('select', { name: 'status', 'data-testid': 'report-status' },
    h('option', { value: r.status, selected: true }, `${t(`report.status.${r.status}`)} (${t('report.now')})`),
    r.moves.map((m) => h('option', { value: m }, t(`report.move.${m}`))));
  const note = h('textarea', { name: 'note', rows: 3, maxlength: 2000, 'data-testid': 'report-note' }, r.review_note);
  let agencyID = r.agency_id || 0;
  const linked = h('div', { class: 'linked' });
  const showLinked = (a) => {
    linked.replaceChildren(a ? h('p', {}, h('a', { href: `/verify/agencies/${a.id}` }, agencyName(a), ' ', h('span', { class: 'mono' }, a.licence_no)), ' ', statusBadge(a.status),
      ' ', h('button', { type: 'button', class: 'btn btn-quiet btn-small', onclick: () => { agencyID = 0; showLinked(null); } }, t('report.unlink'))) :
      h('p', { class: 'muted' }, t('report.not_linked')));
  };
  showLinked(r.agency);

  // Find the agency on the list to link.
  const search = h('input', { type: 'search', name: 'agency_q', 'data-testid': 'report-agency-search', value: r.licence_no || r.agency_name || '', placeholder: t('agencies.search_hint') });
  const results = h('ul', { class: 'rows picks' });
  let timer;
  const find = async () => {
    clearTimeout(timer);
    const q = search.value.trim();
    if (!q) { results.replaceChildren(); return; }
    const page = await api('GET', `/agencies?q=${encodeURIComponent(q)}&limit=8`);
    results.replaceChildren(...page.items.map((a) => h('li', {}, h('button', {
      type: 'button', class: 'row pick', 'data-testid': 'report-agency-pick',
      onclick: () => { clearTimeout(timer); agencyID = a.id; showLinked(a); results.replaceChildren(); },
    }, h('span', { class: 'row-main' }, agencyName(a), h('span', { class: 'mono' }, a.licence_no)), h('span', { class: 'row-side' }, statusBadge(a.status))))));
    if (!page.items.length) results.append(h('li', { class: 'muted' }, t('agencies.none')));
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (search.isConnected) find().catch(() => {}); }, 300); // not once the screen is left
  });
  if (!r.agency_id && search.value) find().catch(() => {});

  const msg = h('div', { 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'report-save' }, t('report.save'));
  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      const body = {};
      if (statusSel.value !== r.status) body.status = statusSel.value;
      if (note.value.trim() !== r.review_note) body.note = note.value.trim();
      if (agencyID !== (r.agency_id || 0)) body.agency_id = agencyID;
      if (!Object.keys(body).length) { msg.append(notice('info', t('agency.nothing_changed'))); return; }
      if (statusSel.value === 'upheld' && !agencyID) { showErrors(form, { agency_id: t('report.link_first') }); return; }
      save.disabled = true;
      try {
        const ans = await api('PATCH', `/reports/${r.id}`, { json: body });
        if (ans && ans.proposal) {
          msg.append(notice('info', h('strong', {}, t('trust.sent_title')), ' ', t('trust.sent_body')));
          return;
        }
        rerender();
      } catch (err) {
        if (err.status === 422) showErrors(form, err.problems);
        else msg.append(errorNotice(err));
      } finally {
        save.disabled = false;
      }
    },
  },
  h('h2', {}, t('report.triage')),
  msg,
  h('div', { class: 'field', 'data-field': 'agency_id' }, h('p', { class: 'label' }, t('report.agency')), linked,
    h('label', { class: 'hint', for: 'agency-q' }, t('report.find_agency')), search, results, h('p', { class: 'field-error', role: 'alert' })),
  field(t('report.status'), statusSel, { name: 'status', hint: t('report.status_hint') }),
  field(t('report.note'), note, { name: 'note', hint: t('report.note_hint') }),
  h('div', { class: 'actions' }, save));
  search.id = 'agency-q';

  return h('div', { class: 'stack' },
    h('p', { class: 'crumbs' }, h('a', { href: '/verify/reports' }, `← ${t('nav.reports')}`)),
    h('div', { class: 'title-row' }, h('h1', {}, t('report.title', { receipt: r.receipt })), reportBadge(r.status)),
    h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, t('report.received')), h('dd', {}, fmtTime(r.created_at)),
        h('dt', {}, t('report.what')), h('dd', {}, h('ul', { class: 'plain' }, r.what.map((w) => h('li', {}, t(`what.${w}`))))),
        h('dt', {}, t('report.named_agency')), h('dd', {}, [r.agency_name, r.licence_no, r.agency_phone, r.province].filter(Boolean).join(' · ') || '—'),
        h('dt', {}, t('report.details')), h('dd', { class: 'details', lang: r.lang || null }, r.details || '—'),
        r.decided_at ? [h('dt', {}, t('report.decided')), h('dd', {}, fmtTime(r.decided_at))] : null),
      h('p', { class: 'notice notice-info' }, t('report.private'))),
    form);
}
