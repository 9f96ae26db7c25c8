// Report a recruiter: anonymous, tick boxes plus optional words. The draft
// survives closing the app; reports made offline wait in the outbox and are
// sent exactly once (each has its own Idempotency-Key made here).
import { h, icon, clear } from '../dom.js';
import { t, getLang, fmtDate, pick, has } from '../i18n.js';
import { bus, data, getLocal, setLocal, isDemo, outboxAll, outboxPut, outboxDelete } from '../store.js';
import { newKey, postReport, registerBackgroundSync, flushOutbox } from '../sync.js';

const MAX = 2000;
const FALLBACK_WHAT = ['asked_fee', 'kept_passport', 'no_contract', 'lied_about_job', 'tourist_visa', 'debt', 'unpaid_wages', 'threats', 'locked_in', 'no_licence', 'other'];
const emptyDraft = () => ({ what: [], agency_id: null, agency_label: '', agency_name: '', agency_phone: '', licence_no: '', province: '', details: '', errors: null });
const len = (s) => [...(s || '')].length;

/** Our own words for the server's field errors, so they read in the user's language. */
function localErrors(err) {
  const out = {};
  const fields = (err && err.fields) || {};
  for (const [f, msg] of Object.entries(fields)) {
    if (f === 'what') out.what = t('report.err_what');
    else if (f === 'agency') out.agency = t('report.err_agency');
    else if (f === 'agency_id') out.agency = t('report.err_agency_id');
    else if (f === 'details') out.details = t('report.err_details', { max: MAX });
    else if (['agency_name', 'agency_phone', 'licence_no', 'province'].includes(f)) out[f] = t('report.err_too_long');
    else out.form = t('report.err_generic', { msg: `${f}: ${msg}` });
  }
  if (!Object.keys(out).length) out.form = t('report.err_generic', { msg: (err && err.message) || '' });
  return out;
}

/** After sending: the receipt (or "waiting to be sent") gets the focus, so a screen reader reads it and the eye finds it. */
function focusReceipt() {
  const box = document.querySelector('[data-testid="report-receipt"], [data-testid="report-queued"]');
  if (!box) { window.scrollTo(0, 0); return; }
  if (!box.hasAttribute('tabindex')) box.setAttribute('tabindex', '-1');
  window.scrollTo(0, 0); // it is the top of the screen
  box.focus({ preventScroll: true });
}

/** Bring the first error into view and put the cursor where it can be fixed. */
function focusFirstError() {
  const err = document.querySelector('.report-form .field-error');
  if (!err) return;
  err.scrollIntoView({ block: 'center' });
  const box = err.closest('fieldset, .field');
  const input = box && box.querySelector('input, textarea, select');
  if (input) input.focus({ preventScroll: true });
}

function bodyOf(d) {
  const b = { what: d.what, lang: getLang() };
  if (d.agency_id) b.agency_id = Number(d.agency_id);
  for (const k of ['agency_name', 'agency_phone', 'licence_no', 'province', 'details']) {
    const v = (d[k] || '').trim();
    if (v) b[k] = v;
  }
  return b;
}

function draftOf(body, errors) {
  const a = body.agency_id && data.agencies.find((x) => x.id === body.agency_id);
  return {
    ...emptyDraft(), ...body, what: body.what || [], agency_id: body.agency_id || null,
    agency_label: a ? `${a.name_lo || a.name_en} (${a.licence_no})` : '', errors,
  };
}

function whatList(codes) {
  return (codes || []).map((c) => (has(`what.${c}`) ? t(`what.${c}`) : c)).join(', ');
}

function outboxView(ctx) {
  const box = h('section.outbox#outbox', { 'data-testid': 'outbox', 'aria-labelledby': 'outbox-h' });
  const fill = async () => {
    const demo = isDemo();
    const list = demo ? getLocal('outbox', []) : await outboxAll().catch(() => []);
    clear(box);
    box.append(h('h2#outbox-h', icon('outbox'), t('report.outbox')));
    if (!list.length) { box.append(h('p.muted', t('report.outbox_empty'))); return; }
    const pending = list.filter((x) => x.status === 'pending');
    box.append(h('ul.outbox-list', [...list].reverse().map((it) => {
      let state;
      let actions = null;
      if (it.status === 'pending') state = h('p.state.pending', icon('clock'), t('report.waiting'));
      else if (it.status === 'demo') state = h('p.state', icon('info'), t('report.demo_not_sent'));
      else if (it.status === 'sent') {
        state = h('p.state.sent', icon('check'), t('report.sent_on', { date: fmtDate(it.sent_at) }), ' ', h('strong.receipt-code', it.receipt));
        actions = h('button.small.secondary', { type: 'button', onclick: async () => { await outboxDelete(it.key); } }, icon('reset'), t('report.forget'));
      } else if (it.status === 'rejected') {
        const errs = localErrors(it.error);
        state = h('p.state.rejected', icon('warning'), t('report.needs_fix'), ' ', Object.values(errs).join(' '));
        actions = h('button.small', {
          type: 'button', 'data-testid': 'outbox-fix',
          onclick: async () => {
            setLocal('report.draft', draftOf(it.body, errs));
            setLocal('report.last', null);
            await outboxDelete(it.key);
            await ctx.rerender();
            focusFirstError();
          },
        }, t('report.fix'));
      }
      const b = it.body || {};
      const who = b.agency_name || b.licence_no || b.agency_phone || (b.agency_id && (data.agencies.find((a) => a.id === b.agency_id) || {}).name_lo) || '';
      return h('li.outbox-item', { 'data-testid': 'outbox-item', 'data-status': it.status },
        h('p', h('strong', fmtDate(it.created_at)), who ? ` · ${who}` : ''),
        b.what ? h('p.muted', whatList(b.what)) : null,
        state, actions);
    })));
    if (pending.length && !demo) {
      box.append(h('button', {
        type: 'button', 'data-testid': 'outbox-send',
        onclick: async (e) => { e.target.disabled = true; await flushOutbox(); },
      }, icon('send'), t('report.send_now')));
    }
  };
  const onChange = () => { if (!box.isConnected) { bus.removeEventListener('outbox', onChange); return; } fill(); };
  bus.addEventListener('outbox', onChange);
  fill();
  return box;
}

function receiptBlock(receipt) {
  return h('div.receipt', { 'data-testid': 'report-receipt', role: 'status', tabindex: '-1' },
    h('h2', icon('check'), t('report.sent')),
    h('p', t('report.receipt_is')),
    h('p.receipt-code.big', receipt),
    h('p', t('report.receipt_keep')));
}

/**
 * "Saved on this phone, will be sent": until the outbox (page or service
 * worker) has sent it; then the receipt takes its place.
 */
function queuedBlock(last) {
  const box = h('div.receipt.queued', { 'data-testid': 'report-queued', role: 'status' },
    h('h2', icon('outbox'), t('report.queued')),
    h('p', t('report.queued_text')));
  const check = async () => {
    if (!box.isConnected && box.dataset.shown) { bus.removeEventListener('outbox', check); return; }
    const it = (await outboxAll().catch(() => [])).find((x) => x.key === last.key);
    if (it && it.status === 'sent') {
      bus.removeEventListener('outbox', check);
      setLocal('report.last', { receipt: it.receipt });
      if (box.isConnected) {
        const had = box.contains(document.activeElement);
        const rb = receiptBlock(it.receipt);
        box.replaceWith(rb);
        if (had) rb.focus();
      }
    } else if (it && it.status === 'rejected') {
      bus.removeEventListener('outbox', check);
      setLocal('report.last', null);
      if (box.isConnected) box.replaceWith(h('p.field-error', icon('warning'), t('report.needs_fix')));
    } else if (!it && last.key) {
      bus.removeEventListener('outbox', check); // removed from the phone
      setLocal('report.last', null);
      box.remove();
    }
  };
  requestAnimationFrame(() => { box.dataset.shown = '1'; });
  bus.addEventListener('outbox', check);
  check();
  return box;
}

export function render(ctx) {
  const demo = isDemo();
  const codes = (data.meta && data.meta.report_what && data.meta.report_what.length) ? data.meta.report_what : FALLBACK_WHAT;
  let d = { ...emptyDraft(), ...getLocal('report.draft', {}) };

  // Prefill from a listing (?agency=ID) or from a search that found nothing.
  const q = ctx.query;
  if (q.get('agency') || q.get('name') || q.get('phone') || q.get('licence')) {
    const a = q.get('agency') && data.agencies.find((x) => String(x.id) === q.get('agency'));
    if (a) { d.agency_id = a.id; d.agency_label = `${a.name_lo || a.name_en} (${a.licence_no})`; }
    if (q.get('name')) d.agency_name = q.get('name');
    if (q.get('phone')) d.agency_phone = q.get('phone');
    if (q.get('licence')) d.licence_no = q.get('licence');
    setLocal('report.draft', d);
    ctx.setQuery({ agency: null, name: null, phone: null, licence: null });
  }
  const errors = d.errors || {};
  const shown = { ...d }; // the values the errors were about
  const last = getLocal('report.last', null);

  const errEl = (key) => (errors[key] ? h('p.field-error', { id: `err-${key}`, role: 'alert' }, icon('warning'), errors[key]) : null);
  const described = (key) => (errors[key] ? `err-${key}` : null);

  const whatBoxes = codes.map((c) => h('label.check-row',
    h('input', { type: 'checkbox', name: 'what', value: c, checked: d.what.includes(c), 'data-testid': `report-what-${c}` }),
    h('span', has(`what.${c}`) ? t(`what.${c}`) : c)));

  const details = h('textarea#r-details', { name: 'details', rows: '5', maxlength: String(MAX), 'data-testid': 'report-details', 'aria-describedby': ['r-details-count', described('details')].filter(Boolean).join(' ') });
  details.value = d.details || '';
  const counter = h('p.counter#r-details-count', { 'aria-live': 'polite' });
  const setCount = () => {
    const n = len(details.value);
    counter.textContent = t('report.count', { n, max: MAX });
    counter.classList.toggle('over', n > MAX);
  };
  setCount();

  const field = (key, label, attrs) => h('div.field',
    h('label', { for: `r-${key}` }, label),
    h('input', { id: `r-${key}`, name: key, value: d[key] || '', 'aria-invalid': errors[key] ? 'true' : null, 'aria-describedby': described(key), ...attrs }),
    errEl(key));

  const provinces = (data.meta && data.meta.provinces) || [];
  const provSelect = h('select#r-province', { name: 'province', 'data-testid': 'report-province' },
    h('option', { value: '' }, t('report.province_none')),
    ['LA', 'TH'].map((cc) => h('optgroup', { label: t(cc === 'TH' ? 'help.thailand' : 'help.laos') },
      provinces.filter((p) => p.country === cc).map((p) => h('option', { value: p.code, selected: p.code === d.province }, pick(p.name)[0])))));

  const agencyChip = d.agency_id ? h('div.agency-chip', { 'data-testid': 'report-agency-chip' },
    h('p', t('report.about_agency'), ' ', h('strong', d.agency_label || `#${d.agency_id}`)),
    h('button.small.secondary', { type: 'button', onclick: () => { save({ agency_id: null, agency_label: '' }); ctx.rerender(); } }, icon('x'), t('report.remove_agency'))) : null;

  const form = h('form#report-form.report-form', { novalidate: true },
    errors.form ? h('p.field-error', { role: 'alert' }, icon('warning'), errors.form) : null,
    h('fieldset', { 'aria-describedby': described('what') },
      h('legend', t('report.what')),
      h('p.hint', t('report.what_hint')),
      h('div.checks', whatBoxes),
      errEl('what')),
    h('fieldset', { 'aria-describedby': described('agency') },
      h('legend', t('report.who')),
      h('p.hint', t('report.who_hint')),
      agencyChip,
      field('agency_name', t('report.agency_name'), { 'data-testid': 'report-agency-name', maxlength: '200', autocomplete: 'off' }),
      field('agency_phone', t('report.agency_phone'), { 'data-testid': 'report-agency-phone', type: 'tel', maxlength: '40', autocomplete: 'off' }),
      field('licence_no', t('report.licence_no'), { 'data-testid': 'report-licence', maxlength: '64', autocomplete: 'off' }),
      h('div.field', h('label', { for: 'r-province' }, t('report.province')), provSelect, errEl('province')),
      errEl('agency')),
    h('div.field',
      h('label', { for: 'r-details' }, t('report.details')),
      h('p.hint', t('report.details_hint')),
      details, counter, errEl('details')),
    h('p.privacy', icon('lock'), t('report.privacy')),
    demo ? h('p.demo-note', icon('info'), t('report.demo_note')) : null,
    h('button.big-submit', { type: 'submit', 'data-testid': 'report-submit' }, icon('send'), t('report.submit')));

  function collect() {
    const fd = new FormData(form);
    return {
      ...d,
      what: fd.getAll('what'),
      agency_name: fd.get('agency_name') || '',
      agency_phone: fd.get('agency_phone') || '',
      licence_no: fd.get('licence_no') || '',
      province: fd.get('province') || '',
      details: details.value,
    };
  }
  function save(patch) {
    d = { ...collect(), ...(patch || {}) };
    if (!patch || !('errors' in patch)) clearFixed();
    setLocal('report.draft', d);
  }
  // An error leaves as soon as its field is fixed, not only on the next send.
  function clearFixed() {
    if (!d.errors) return;
    const still = { ...d.errors };
    if (still.what && d.what.length) delete still.what;
    if (still.agency && (d.agency_id || ['agency_name', 'agency_phone', 'licence_no'].some((k) => (d[k] || '').trim()))) delete still.agency;
    if (still.details && len(d.details) <= MAX) delete still.details;
    for (const k of ['agency_name', 'agency_phone', 'licence_no', 'province']) {
      if (still[k] && d[k] !== (shown[k] ?? '')) delete still[k];
    }
    for (const k of Object.keys(d.errors)) {
      if (k in still) continue;
      const el = form.querySelector(`#err-${k}`);
      if (el) el.remove();
      for (const box of form.querySelectorAll(`[aria-describedby~="err-${k}"]`)) {
        box.setAttribute('aria-describedby', box.getAttribute('aria-describedby').split(' ').filter((x) => x !== `err-${k}`).join(' '));
        if (!box.getAttribute('aria-describedby')) box.removeAttribute('aria-describedby');
        box.removeAttribute('aria-invalid');
      }
    }
    d.errors = Object.keys(still).length ? still : null;
  }
  form.addEventListener('input', () => { setCount(); save(); });
  form.addEventListener('change', () => save());

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save();
    const errs = {};
    if (!d.what.length) errs.what = t('report.err_what');
    if (!d.agency_id && !['agency_name', 'agency_phone', 'licence_no'].some((k) => (d[k] || '').trim())) errs.agency = t('report.err_agency');
    if (len(d.details) > MAX) errs.details = t('report.err_details', { max: MAX });
    if (Object.keys(errs).length) {
      save({ errors: errs });
      await ctx.rerender();
      focusFirstError();
      return;
    }
    const body = bodyOf(d);
    const item = { key: newKey(), created_at: new Date().toISOString(), body, status: 'pending' };
    const submit = form.querySelector('[type=submit]');
    submit.disabled = true;
    if (isDemo()) {
      // A demonstration report goes nowhere.
      setLocal('outbox', [...getLocal('outbox', []), { ...item, status: 'demo' }]);
      setLocal('report.draft', null);
      setLocal('report.last', { demo: true });
      await ctx.rerender();
      focusReceipt();
      return;
    }
    await outboxPut(item); // safe on the phone before anything else
    setLocal('report.draft', null);
    let r = { retry: true };
    if (navigator.onLine) r = await postReport(item.key, body);
    if (r.ok) {
      await outboxPut({ key: item.key, status: 'sent', receipt: r.receipt, created_at: item.created_at, sent_at: new Date().toISOString() });
      setLocal('report.last', { receipt: r.receipt });
    } else if (r.rejected) {
      await outboxDelete(item.key);
      setLocal('report.draft', draftOf(body, localErrors(r.error)));
      setLocal('report.last', null);
    } else {
      setLocal('report.last', { queued: true, key: item.key });
      registerBackgroundSync();
    }
    await ctx.rerender();
    if (r.rejected) focusFirstError(); else focusReceipt();
  });

  let top;
  if (last) {
    top = h('section.receipt-box',
      last.receipt
        ? receiptBlock(last.receipt)
        : last.demo
          ? h('div.receipt.demo', { 'data-testid': 'report-receipt', 'data-demo': 'true', role: 'status' },
            h('h2', icon('info'), t('report.demo_done')),
            h('p', t('report.demo_done_text')))
          : queuedBlock(last),
      h('button.secondary', { type: 'button', 'data-testid': 'report-new', onclick: () => { setLocal('report.last', null); ctx.rerender(); } }, icon('flag'), t('report.another')));
  }

  return {
    title: t('report.title'),
    node: h('section.report',
      h('h1', icon('flag'), t('report.title')),
      top || [h('p.lead', t('report.lead')), form],
      outboxView(ctx)),
  };
}
