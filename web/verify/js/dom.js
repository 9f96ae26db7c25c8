// Small DOM helpers: build elements without innerHTML, so nothing a user or
// a worker typed is ever parsed as HTML.
import { t, lang, has } from './i18n.js';

// h('a', {href: '/x', class: 'btn', 'data-testid': 'x', onclick: fn}, 'text', child, [more])
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'required' || k === 'multiple') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

const locales = { lo: 'lo-LA', th: 'th-TH', en: 'en-GB' };
// Gregorian years in every language, also in Thai (th-TH would give the
// Buddhist era, 2570 for 2027): licences, contracts and the date fields of
// the forms all carry Gregorian dates, as in the worker app.
const greg = { calendar: 'gregory', numberingSystem: 'latn' };
// Browsers often lack Lao date names (ICU data), so Lao dates are written
// here: "6 ທັນວາ 2026".
const laoMonths = ['ມັງກອນ', 'ກຸມພາ', 'ມີນາ', 'ເມສາ', 'ພຶດສະພາ', 'ມິຖຸນາ', 'ກໍລະກົດ', 'ສິງຫາ', 'ກັນຍາ', 'ຕຸລາ', 'ພະຈິກ', 'ທັນວາ'];
const pad = (n) => String(n).padStart(2, '0');

function parse(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(s);
}

// A calendar date with the month in words.
export function fmtDate(s) {
  if (!s) return '—';
  const d = parse(s);
  if (Number.isNaN(d.getTime())) return s;
  if (lang() === 'lo') return `${d.getDate()} ${laoMonths[d.getMonth()]} ${d.getFullYear()}`;
  return new Intl.DateTimeFormat(locales[lang()], { ...greg, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

// A moment, with the time of day (24-hour clock).
export function fmtTime(s) {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  if (lang() === 'lo') return `${fmtDate(s)}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return new Intl.DateTimeFormat(locales[lang()], { ...greg, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

// Status: colour + icon + word, never colour alone.
const statusIcons = { licensed: '✓', suspended: '⏸', expired: '⌛', revoked: '✕', illegal: '⚠' };
export function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, h('span', { class: 'status-icon', 'aria-hidden': 'true' }, statusIcons[status] || '?'), ' ', t(`status.${status}`));
}

const reportIcons = { new: '●', reviewing: '◐', upheld: '⚠', dismissed: '✕' };
export function reportBadge(status) {
  return h('span', { class: `rstatus rstatus-${status}` }, h('span', { 'aria-hidden': 'true' }, reportIcons[status] || ''), ' ', t(`report.status.${status}`));
}

// The name of an agency in the reader's script where there is one.
export function agencyName(a) {
  if (!a) return '';
  return (lang() === 'lo' ? a.name_lo || a.name_en : a.name_en || a.name_lo) || a.licence_no;
}

// A multilingual text in the reader's language, falling back to the others.
export function local(text) {
  if (!text) return '';
  return text[lang()] || text.lo || text.en || text.th || '';
}

export function field(label, control, opts = {}) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: `field${opts.wide ? ' wide' : ''}`, 'data-field': opts.name || null },
    h('label', { for: id }, label, opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    opts.hint ? h('p', { class: 'hint', id: `${id}-hint` }, opts.hint) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-err`, role: 'alert' }));
}

// showErrors puts each field problem beside its field: the server's
// (err.problems: {code, message, …}, said in the verifier's language) or
// the console's own words (a string). Returns, as text, the problems no
// field took.
export function showErrors(form, problems) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('.field.invalid')) el.classList.remove('invalid');
  const rest = {};
  for (const [name, problem] of Object.entries(problems || {})) {
    const key = name.replace(/\[\d+\]$/, '');
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`) || form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    const text = problemText(problem);
    if (box) {
      box.classList.add('invalid');
      const err = box.querySelector('.field-error');
      err.textContent = text;
      err.dataset.code = problem.code || '';
    } else rest[name] = text;
  }
  const first = form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea');
  if (first) first.focus();
  return rest;
}

export function notice(kind, ...children) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

export function errorNotice(err) {
  if (err && err.status === 0) return notice('error', t('error.offline'));
  const msg = err && err.message ? err.message : String(err);
  if (lang() !== 'en' && err && ERROR_CODES.includes(err.code)) {
    // The gist in the verifier's language; the server's exact words after it.
    return notice('error', h('strong', {}, t('error.title')), ' ', t(`error.code.${err.code}`), ' ',
      h('span', { class: 'muted', lang: 'en' }, `(${msg})`));
  }
  return notice('error', h('strong', {}, t('error.title')), ' ', msg);
}

const ERROR_CODES = ['bad_request', 'validation_failed', 'not_found', 'conflict', 'unauthorized', 'forbidden',
  'payload_too_large', 'unsupported_media_type', 'rate_limited', 'internal_error'];

// problemText says a field problem in the verifier's language, from its
// code and values (problem.<code> in the catalogs: {max}, {min}, {list},
// {value}, {field}, {licence_no}, {listing}, {lines}, {date}). A code the
// catalog does not know (a newer server) is shown in the server's English;
// a string is the console's own words already.
export function problemText(problem) {
  if (typeof problem === 'string') return problem;
  const key = `problem.${problem.code}`;
  if (!problem.code || problem.code === 'invalid' || !has(key)) return problem.message || '';
  const { max = '', min = 0, value = '', field = '', listing = '', date = '' } = problem;
  return t(key, {
    max, min, value, field, listing, date,
    licence_no: problem.licence_no || '',
    list: (problem.one_of || []).join(', '),
    lines: (problem.lines || []).join(', '),
  });
}
