import { h, field, fmtDate, fmtTime, statusBadge, agencyName, showErrors, notice, errorNotice, local } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { auditLine } from './audit.js';
import { STATUSES } from './agencies.js';
import { laoProvinces, statusReasons } from '../data.js';
import { isProposal, pendingSection } from '../proposals.js';

const SECTORS = ['factory', 'construction', 'agriculture', 'fishing', 'domestic', 'hospitality', 'services'];

// The editable fields of a listing, as the form and the API name them.
function values(a) {
  return {
    licence_no: a.licence_no || '', name_lo: a.name_lo || '', name_en: a.name_en || '', province: a.province || '',
    district: a.district || '', phones: (a.phones || []).join('\n'), sectors: [...(a.sectors || [])].sort().join(','),
    status: a.status || 'licensed', licence_issued: a.licence_issued || '', licence_expires: a.licence_expires || '',
    notes_lo: (a.public_notes || {}).lo || '', notes_th: (a.public_notes || {}).th || '', notes_en: (a.public_notes || {}).en || '',
  };
}

// toAPI turns changed form values into the request fields.
function toAPI(v, keys) {
  const out = {};
  for (const k of keys) {
    if (k === 'phones') out.phones = v.phones.split(/\n|;/).map((s) => s.trim()).filter(Boolean);
    else if (k === 'sectors') out.sectors = v.sectors ? v.sectors.split(',') : [];
    else if (k.startsWith('notes_')) out.public_notes = { lo: v.notes_lo, th: v.notes_th, en: v.notes_en };
    else out[k] = v[k];
  }
  return out;
}

export async function render({ params, navigate, rerender, user }) {
  const isNew = params.id === 'new';
  const [provs, current, reasons] = await Promise.all([laoProvinces(), isNew ? null : api('GET', `/agencies/${encodeURIComponent(params.id)}`), statusReasons()]);
  // base is the listing the edit started from; its version goes with the save.
  let base = current;
  const start = values(current || {});

  const inputs = {};
  const text = (name, attrs = {}) => (inputs[name] = h('input', { type: 'text', name, value: start[name], ...attrs }));
  const area = (name, attrs = {}) => (inputs[name] = h('textarea', { name, rows: 3, ...attrs }, start[name]));
  inputs.province = h('select', { name: 'province' }, h('option', { value: '' }, t('common.choose')),
    provs.map((p) => h('option', { value: p.code, selected: p.code === start.province }, `${p.name.lo} · ${p.name.en}`)));
  inputs.status = h('select', { name: 'status', 'data-testid': 'agency-status-select' },
    STATUSES.map((s) => h('option', { value: s, selected: s === start.status }, t(`status.${s}`))));
  const sectorBoxes = SECTORS.map((s) => h('input', { type: 'checkbox', name: 'sector', value: s, checked: (current?.sectors || []).includes(s) }));
  const reason = h('textarea', { name: 'reason', rows: 2, 'data-testid': 'agency-reason', maxlength: 400 });
  const evidence = h('input', { type: 'text', name: 'evidence_ref', maxlength: 200 });
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  const conflictBox = h('div', { 'aria-live': 'assertive' });

  const read = () => {
    const v = {};
    for (const [k, el] of Object.entries(inputs)) v[k] = el.value.trim();
    v.phones = inputs.phones.value.split(/\n|;/).map((s) => s.trim()).filter(Boolean).join('\n');
    v.sectors = sectorBoxes.filter((b) => b.checked).map((b) => b.value).sort().join(',');
    return v;
  };
  const baseValues = () => values(base || {});
  const changedKeys = () => {
    const now = read();
    const was = baseValues();
    return Object.keys(now).filter((k) => now[k] !== was[k]);
  };
  const statusChanged = () => !isNew && inputs.status.value !== base.status;
  const reasonField = field(t('agency.reason'), reason, { name: 'reason', hint: t('agency.reason_ref_hint'), wide: true });

  // The public reason of a status change: a standard sentence for the
  // change (in three languages, from the server) and the reference, once or
  // in each language. The preview shows what workers will read.
  const reasonCode = h('select', { name: 'reason_code', 'data-testid': 'agency-reason-code' });
  const codeField = field(t('agency.reason_code'), reasonCode, { name: 'reason_code', hint: t('agency.reason_code_hint'), wide: true });
  const LANG_LABEL = { lo: 'ລາວ', th: 'ไทย', en: 'English' };
  const notes = {};
  for (const l of ['lo', 'th', 'en']) notes[l] = h('input', { type: 'text', name: `reason_note_${l}`, lang: l, maxlength: 400, 'data-testid': `agency-reason-${l}` });
  const eachBox = h('details', { class: 'reason-each', 'data-field': 'reason_note' },
    h('summary', {}, t('agency.reason_each')),
    h('p', { class: 'hint' }, t('agency.reason_each_hint')),
    ['lo', 'th', 'en'].map((l) => field(LANG_LABEL[l], notes[l], { name: `reason_note.${l}` })));
  const preview = h('div', { class: 'reason-preview', 'data-testid': 'agency-reason-preview', 'aria-live': 'polite' });
  const fromStatus = () => (isNew ? '' : base.status);
  const fits = (r, from, to) => (!r.to || r.to === to) && (!r.from.length || r.from.includes(from));
  const perLanguage = () => ['lo', 'th', 'en'].some((l) => notes[l].value.trim());
  const reasonWanted = () => isNew || statusChanged();
  const syncPreview = () => {
    const std = reasons.find((r) => r.code === reasonCode.value);
    const show = reasonWanted() && std;
    preview.hidden = !show;
    if (!show) return;
    const each = perLanguage();
    preview.replaceChildren(h('p', { class: 'hint' }, t('agency.reason_preview')),
      h('ul', { class: 'plain' }, ['lo', 'th', 'en'].map((l) => {
        const note = each ? notes[l].value.trim() : reason.value.trim();
        return h('li', { lang: l }, std.text[l] + (note ? ` — ${note}` : ''));
      })));
  };
  const syncCodes = () => {
    const list = reasons.filter((r) => fits(r, fromStatus(), inputs.status.value));
    const keep = list.some((r) => r.code === reasonCode.value) ? reasonCode.value : (list[0] || {}).code;
    reasonCode.replaceChildren(...list.map((r) => h('option', { value: r.code, selected: r.code === keep }, local(r.text))));
    codeField.hidden = eachBox.hidden = !reasonWanted();
    syncPreview();
  };
  const syncReason = () => {
    reasonField.classList.toggle('needed', statusChanged());
    syncCodes();
  };
  inputs.status.addEventListener('change', syncReason);
  reasonCode.addEventListener('change', syncPreview);
  reason.addEventListener('input', syncPreview);
  for (const el of Object.values(notes)) el.addEventListener('input', syncPreview);

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'agency-save' }, isNew ? t('agency.create') : t('agency.save'));
  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      conflictBox.replaceChildren();
      showErrors(form, {});
      const keys = isNew ? Object.keys(read()) : changedKeys();
      if (!isNew && keys.length === 0 && !reason.value.trim() && !perLanguage()) {
        msg.append(notice('info', t('agency.nothing_changed')));
        return;
      }
      if (statusChanged() && !reason.value.trim() && !perLanguage()) {
        showErrors(form, { reason: t('agency.reason_required') });
        return;
      }
      if (reasonWanted() && perLanguage() && !['lo', 'th', 'en'].every((l) => notes[l].value.trim())) {
        showErrors(form, { reason_note: t('agency.reason_each_missing') });
        return;
      }
      const body = toAPI(read(), keys);
      if (reasonWanted() && perLanguage()) {
        body.reason_note = { lo: notes.lo.value.trim(), th: notes.th.value.trim(), en: notes.en.value.trim() };
      } else if (reason.value.trim()) body.reason = reason.value.trim();
      // The standard sentence goes with a status change (or a new
      // listing's first step) that has its reference.
      if (reasonWanted() && (body.reason || body.reason_note)) body.reason_code = reasonCode.value;
      if (evidence.value.trim()) body.evidence_ref = evidence.value.trim();
      save.disabled = true;
      try {
        if (isNew) {
          const a = await api('POST', '/agencies', { json: body });
          if (isProposal(a)) {
            // A new licensed listing waits for a second person: nothing is listed yet.
            msg.append(notice('info', h('strong', {}, t('trust.sent_title')), ' ', t('trust.sent_body')));
            return;
          }
          navigate(`/verify/agencies/${a.id}?saved=1`, { replace: true });
          return;
        }
        body.version = base.version;
        const ans = await api('PATCH', `/agencies/${base.id}`, { json: body });
        history.replaceState(null, '', `/verify/agencies/${base.id}?${isProposal(ans) ? 'proposed' : 'saved'}=1`);
        rerender();
      } catch (err) {
        if (err.status === 409 && err.current) showConflict(err.current);
        else if (err.status === 422 || err.status === 409) {
          const rest = showErrors(form, err.problems);
          msg.append(notice('error', t('form.fix'), Object.keys(rest).length ? ` ${Object.entries(rest).map(([k, v]) => `${k}: ${v}`).join('; ')}` : ''));
        } else msg.append(errorNotice(err));
      } finally {
        save.disabled = false;
      }
    },
  });

  // Someone saved this listing after it was opened: show what differs and
  // let the verifier choose. Nothing of theirs was saved.
  function showConflict(cur) {
    const mine = read();
    const theirs = values(cur);
    const was = baseValues();
    const rows = Object.keys(mine).filter((k) => mine[k] !== theirs[k] && (mine[k] !== was[k] || theirs[k] !== was[k]));
    conflictBox.replaceChildren(h('div', { class: 'notice notice-error conflict', role: 'alert', 'data-testid': 'conflict-message' },
      h('strong', {}, t('agency.conflict_title')),
      h('p', {}, t('agency.conflict_body', { version: cur.version, when: fmtTime(cur.updated_at) })),
      rows.length ? h('table', { class: 'diff' },
        h('thead', {}, h('tr', {}, h('th', {}, t('agency.field')), h('th', {}, t('agency.theirs')), h('th', {}, t('agency.yours')))),
        h('tbody', {}, rows.map((k) => h('tr', {}, h('th', { scope: 'row' }, t(`agency.f.${k}`)), h('td', {}, shown(k, theirs[k])),
          h('td', {}, mine[k] === was[k] ? h('span', { class: 'muted' }, t('agency.not_yours')) : shown(k, mine[k])))))) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-reload', onclick: () => { history.replaceState(null, '', location.pathname); rerender(); } }, t('agency.conflict_reload')),
        h('button', {
          type: 'button', class: 'btn btn-primary', 'data-testid': 'conflict-keep',
          onclick: () => {
            // Re-base: my changed fields on top of their version.
            const changed = changedKeys();
            base = cur;
            const next = values(cur);
            for (const k of changed) next[k] = mine[k];
            for (const [k, el] of Object.entries(inputs)) el.value = next[k];
            for (const b of sectorBoxes) b.checked = next.sectors.split(',').includes(b.value);
            syncReason();
            conflictBox.replaceChildren(notice('info', t('agency.conflict_rebased')));
            save.focus();
          },
        }, t('agency.conflict_keep')))));
    conflictBox.scrollIntoView({ block: 'start' });
  }

  form.append(
    conflictBox, msg,
    h('fieldset', {}, h('legend', {}, t('agency.identity')),
      field(t('agency.f.licence_no'), text('licence_no', { autocomplete: 'off', 'data-testid': 'agency-licence' }), { name: 'licence_no', required: true }),
      field(t('agency.f.name_lo'), text('name_lo', { lang: 'lo' }), { name: 'name_lo' }),
      field(t('agency.f.name_en'), text('name_en', { lang: 'en' }), { name: 'name_en' }),
      field(t('agency.f.province'), inputs.province, { name: 'province', required: true }),
      field(t('agency.f.district'), text('district'), { name: 'district' }),
      field(t('agency.f.phones'), area('phones', { inputmode: 'tel' }), { name: 'phones', hint: t('agency.phones_hint') }),
      h('fieldset', { class: 'checks', 'data-field': 'sectors' }, h('legend', {}, t('agency.f.sectors')),
        sectorBoxes.map((b) => h('label', { class: 'check' }, b, ' ', t(`sector.${b.value}`))),
        h('p', { class: 'field-error', role: 'alert' }))),
    h('fieldset', {}, h('legend', {}, t('agency.licence')),
      field(t('agency.f.status'), inputs.status, { name: 'status', required: true }),
      codeField,
      reasonField,
      eachBox,
      preview,
      field(t('agency.evidence'), evidence, { name: 'evidence_ref', hint: t('agency.evidence_hint') }),
      h('div', { class: 'two' },
        field(t('agency.f.licence_issued'), text('licence_issued', { type: 'date' }), { name: 'licence_issued' }),
        field(t('agency.f.licence_expires'), text('licence_expires', { type: 'date' }), { name: 'licence_expires', hint: t('agency.expires_hint') }))),
    h('fieldset', { 'data-field': 'public_notes' }, h('legend', {}, t('agency.notes')),
      h('p', { class: 'hint' }, t('agency.notes_hint')),
      field('ລາວ', area('notes_lo', { lang: 'lo' }), { name: 'public_notes.lo' }),
      field('ไทย', area('notes_th', { lang: 'th' }), { name: 'public_notes.th' }),
      field('English', area('notes_en', { lang: 'en' }), { name: 'public_notes.en' })),
    h('div', { class: 'actions' }, save, h('a', { class: 'btn btn-quiet', href: '/verify/agencies' }, t('common.back'))));

  const saved = new URLSearchParams(location.search).get('saved');
  const out = h('div', { class: 'stack' },
    h('p', { class: 'crumbs' }, h('a', { href: '/verify/agencies' }, `← ${t('nav.agencies')}`)),
    h('div', { class: 'title-row' },
      h('h1', {}, isNew ? t('agency.new_title') : agencyName(current)),
      current ? statusBadge(current.status) : null),
    current ? h('p', { class: 'muted' }, h('span', { class: 'mono' }, current.licence_no), ' · ',
      t('agency.version', { v: current.version }), ' · ', t('agency.verified', { date: fmtDate(current.last_verified_at) }),
      current.demo ? h('span', { class: 'demo' }, t('common.demo')) : null) : null,
    saved ? notice('ok', t('agency.saved')) : null,
    new URLSearchParams(location.search).get('proposed') ? notice('info', h('strong', {}, t('trust.sent_title')), ' ', t('trust.sent_body')) : null,
    current ? await pendingSection(user, rerender, { agencyID: current.id, title: t('trust.listing_waiting') }) : null,
    form);
  if (current) {
    out.append(warnings(current), statusHistory(current), await historySection(current), deleteSection(current, navigate, rerender));
  }
  syncReason();
  return out;
}

// shown writes a form value for people: statuses and sectors in words.
function shown(k, v) {
  if (!v) return '∅';
  if (k === 'status') return t(`status.${v}`);
  if (k === 'sectors') return v.split(',').map((x) => t(`sector.${x}`)).join(', ');
  return v;
}

function warnings(a) {
  return h('section', { class: 'card' }, h('h2', {}, t('agency.warnings')),
    a.warnings.length === 0 ? h('p', { class: 'empty' }, t('agency.no_warnings')) :
      h('ul', { class: 'plain' }, a.warnings.map((w) => h('li', {}, h('strong', {}, fmtDate(w.at)), ': ', w.what.map((x) => t(`what.${x}`)).join(', ')))));
}

function statusHistory(a) {
  return h('section', { class: 'card' }, h('h2', {}, t('agency.status_history')),
    a.status_history.length === 0 ? h('p', { class: 'empty' }, t('agency.no_history')) :
      h('ol', { class: 'timeline' }, [...a.status_history].reverse().map((s) => h('li', {},
        h('p', {}, h('strong', {}, fmtDate(s.at)), ' ', s.from ? t(`status.${s.from}`) : '—', ' → ', t(`status.${s.to}`)),
        // {lo, th, en}: the console shows all three, as workers read them.
        typeof s.reason === 'string' ? h('p', { class: 'muted' }, s.reason)
          : h('ul', { class: 'plain muted', 'data-testid': 'console-history-reason' }, ['lo', 'th', 'en'].map((l) => h('li', { lang: l }, s.reason[l])))))));
}

async function historySection(a) {
  const page = await api('GET', `/agencies/${a.id}/history?limit=50`);
  return h('section', { class: 'card' }, h('h2', {}, t('agency.audit')),
    page.items.length === 0 ? h('p', { class: 'empty' }, t('audit.none')) :
      h('ul', { class: 'rows' }, page.items.map((e) => h('li', { 'data-testid': 'history-row' }, auditLine(e)))));
}

function deleteSection(a, navigate, rerender) {
  const reason = h('textarea', { name: 'delete_reason', rows: 2, maxlength: 500, 'data-testid': 'agency-delete-reason' });
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      if (!reason.value.trim()) {
        showErrors(form, { reason: t('agency.reason_required') });
        return;
      }
      if (!window.confirm(t('agency.delete_confirm', { name: agencyName(a) }))) return;
      try {
        const ans = await api('DELETE', `/agencies/${a.id}`, { json: { reason: reason.value.trim(), version: a.version } });
        if (isProposal(ans)) {
          history.replaceState(null, '', `/verify/agencies/${a.id}?proposed=1`);
          rerender();
          return;
        }
        navigate('/verify/agencies?deleted=1', { replace: true });
      } catch (err) {
        if (err.status === 409) form.append(notice('error', t('agency.conflict_title')));
        else if (err.status === 422) showErrors(form, err.problems);
        else form.append(errorNotice(err));
      }
    },
  }, field(t('agency.delete_reason'), reason, { name: 'reason', hint: `${t('agency.delete_hint')} ${t('trust.public_reason')}` }),
  h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'agency-delete' }, t('agency.delete')));
  return h('details', { class: 'card danger-zone' }, h('summary', {}, t('agency.delete_title')), form);
}
