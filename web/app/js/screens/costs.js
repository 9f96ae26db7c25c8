// "Check the costs": the official costs of going to work in Thailand under
// the MOU (cost items from the signed bundle, so it works offline), and
// what the agency asks compared with them, item by item or as one total.
// A figure is only a verdict while it holds: an item past its "valid to"
// date is shown as out of date and never compared as current.
import { h, icon, langSpan, put, clear } from '../dom.js';
import { t, pick, fmtDate, getLang, todayISO } from '../i18n.js';
import { data, getLocal, setLocal, mineAll } from '../store.js';
import { hrefOf } from '../mine.js';

const LOCALE = { lo: 'lo-LA', th: 'th-TH', en: 'en' };
const STATE = 'costs';

/** 1,900 baht / 1.900 ບາດ / 1,900 บาท: the number in the language's own way, the currency in words. */
export function fmtAmount(n, currency) {
  let num;
  try {
    num = new Intl.NumberFormat(LOCALE[getLang()] || 'en', { maximumFractionDigits: 0 }).format(n);
  } catch {
    num = String(n);
  }
  return `${num} ${t(`costs.cur.${currency}`)}`;
}

/**
 * What a worker typed, read as an amount: {n, decimals} or {problem} or null
 * when empty. Lao and Thai digits count; ",", "." and spaces group
 * thousands; a last "," or "." followed by one or two digits starts the
 * decimals (rounded: the costs are whole baht or kip). Anything that could
 * be read two ways ("1,900,50", "1,9000", two numbers) is a problem to
 * show beside the field, never a guess: a guess 100 times too big or too
 * small is a wrong verdict.
 */
export function readAmount(s) {
  const text = String(s || '')
    .replace(/[\u0ED0-\u0ED9]/g, (c) => String(c.charCodeAt(0) - 0x0ED0))
    .replace(/[\u0E50-\u0E59]/g, (c) => String(c.charCodeAt(0) - 0x0E50))
    .replace(/[\s\u00A0\u202F\u2009]+/g, ' ');
  // Anything but the number and a currency is not guessed at: "3 ແສນ"
  // (300,000) or "5k" read as 3 or 5 would say "below the official cost".
  const rest = text.replace(/(ບາດ|บาท|ກີບ|กีบ|฿|₭|THB|LAK|baht|kip)\.?/gi, ' ');
  if (/[^\d.,' ]/.test(rest) || /^\s*[.,]/.test(rest)) return rest.trim() ? { problem: 'ambiguous' } : null;
  const cores = text.match(/\d(?:[\d.,' ]*\d)?/g);
  if (!cores) return text.trim() ? { problem: 'ambiguous' } : null;
  if (cores.length > 1) return { problem: 'ambiguous' };
  let int = cores[0];
  let frac = '';
  const dec = int.match(/^(.*\d)([.,])(\d{1,2})$/);
  if (dec) {
    [, int, , frac] = dec;
    if (int.includes(dec[2])) return { problem: 'ambiguous' }; // 1,900,50: the same mark twice
  }
  const seps = new Set(int.replace(/\d/g, ''));
  if (seps.size > 1) return { problem: 'ambiguous' }; // 1,900.000
  if (seps.size === 1) {
    const groups = int.split([...seps][0]);
    if (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3)) return { problem: 'ambiguous' }; // 1,9000
    int = groups.join('');
  }
  if (int.length > 12) return { problem: 'ambiguous' };
  const exact = Number(int + (frac ? '.' + frac : ''));
  const n = Math.round(exact);
  return { n, decimals: frac !== '' };
}

/** The amount typed, or null when empty or not readable for sure. */
export function parseAmount(s) {
  const r = readAmount(s);
  return r && r.problem == null ? r.n : null;
}

/**
 * The official cost to the worker, today: {state, share, sure}. share is
 * what the worker pays (0 where the employer pays), null when there is
 * nothing to compare with: no figure, out of date, or not yet in force.
 */
export function official(item, today) {
  if (item.valid_to && item.valid_to < today) return { state: 'outdated', share: null, sure: false };
  if (item.valid_from && item.valid_from > today) return { state: 'not_yet', share: null, sure: false };
  const sure = item.confidence === 'verified';
  if (item.payer === 'employer') return { state: 'current', share: 0, sure };
  if (item.amount == null) return { state: 'none', share: null, sure: false };
  return { state: 'current', share: item.amount, sure };
}

/**
 * asked against the official cost: {kind: below|equal|above|unconfirmed|nofigure, diff}.
 * Below or equal to a figure we could not confirm (or one whose payer is
 * not confirmed) is "unconfirmed", never a check: the real cost may be
 * less, or the employer's to pay.
 */
export function compare(item, asked, today) {
  if (asked == null) return null;
  const o = official(item, today);
  if (o.share == null) return { kind: 'nofigure', o };
  const firm = o.sure && item.payer !== 'unverified';
  if (asked < o.share) return { kind: firm ? 'below' : 'unconfirmed', was: 'below', o, diff: o.share - asked };
  if (asked === o.share) return { kind: firm ? 'equal' : 'unconfirmed', was: 'equal', o, diff: 0 };
  return { kind: 'above', o, diff: asked - o.share };
}

function resultText(item, r) {
  const cur = item.currency;
  switch (r.kind) {
    case 'nofigure': return [t('costs.r_nofigure'), t('costs.do_receipt')];
    case 'below': return [t('costs.r_below', { official: fmtAmount(r.o.share, cur) }), t('costs.do_receipt')];
    case 'equal': return [t('costs.r_equal'), t('costs.do_receipt')];
    case 'unconfirmed':
      return [t(r.was === 'below' ? 'costs.r_below_unconfirmed' : 'costs.r_equal_unconfirmed', { official: fmtAmount(r.o.share, cur) }),
        t('costs.do_ask_office'), t('costs.do_receipt')];
    default:
      if (item.payer === 'employer') {
        if (!r.o.sure) return [t('costs.r_employer_unconfirmed', { diff: fmtAmount(r.diff, cur) }), t('costs.do_ask_office'), t('costs.do_receipt')];
        return [t('costs.r_employer', { diff: fmtAmount(r.diff, cur) }), t('costs.do_not_pay_it'), t('costs.do_report')];
      }
      if (!r.o.sure) return [t('costs.r_above_unconfirmed', { diff: fmtAmount(r.diff, cur), official: fmtAmount(r.o.share, cur) }), t('costs.do_ask_office'), t('costs.do_receipt')];
      return [t('costs.r_above', { diff: fmtAmount(r.diff, cur), official: fmtAmount(r.o.share, cur) }), t('costs.do_not_pay'), t('costs.do_receipt'), t('costs.do_report')];
  }
}

const RESULT_ICON = { below: 'check', equal: 'check', above: 'warning', nofigure: 'info', unconfirmed: 'info' };

function resultBox(item, r) {
  if (!r) return null;
  const [head, ...todo] = resultText(item, r);
  return h(`div.cost-result.cr-${r.kind}`, { 'data-testid': 'costs-result', 'data-result': r.kind },
    h('p', icon(RESULT_ICON[r.kind]), h('strong', head)),
    todo.length ? h('ul', todo.map((s) => h('li', s))) : null);
}

/** Beside an amount field: the amount as read when it had decimals, or that it cannot be read for sure. */
function readNote(value, currency) {
  const r = readAmount(value);
  if (!r) return null;
  if (r.problem) return h('p.cost-read.cost-read-bad', { 'data-testid': 'costs-read', 'data-read': 'ambiguous', role: 'status' }, icon('warning'), t('costs.read_ambiguous'));
  if (r.decimals) return h('p.cost-read', { 'data-testid': 'costs-read', 'data-read': String(r.n) }, t('costs.read_as', { amount: fmtAmount(r.n, currency) }));
  return null;
}

function host(url) {
  try { return new URL(url).host.replace(/^www\./, ''); } catch { return url; }
}

function period(item) {
  if (item.valid_from && item.valid_to) return t('costs.period_from_to', { from: fmtDate(item.valid_from), to: fmtDate(item.valid_to) });
  if (item.valid_from) return t('costs.period_from', { from: fmtDate(item.valid_from) });
  if (item.valid_to) return t('costs.period_to', { to: fmtDate(item.valid_to) });
  return null;
}

/** The official figure of one item as the worker must read it: amount, how sure, who pays, until when, from where. */
function officialBlock(item, today) {
  const o = official(item, today);
  const lines = [];
  if (o.state === 'outdated') {
    lines.push(h('p.cost-state.cs-outdated', { 'data-testid': 'costs-state', 'data-state': 'outdated' }, icon('warning'),
      h('strong', t('costs.outdated', { date: fmtDate(item.valid_to) }))));
    if (item.amount != null) lines.push(h('p.cost-old', t('costs.old_figure', { amount: fmtAmount(item.amount, item.currency) })));
  } else if (o.state === 'not_yet') {
    lines.push(h('p.cost-state.cs-none', { 'data-testid': 'costs-state', 'data-state': 'not_yet' }, icon('clock'),
      h('strong', t('costs.not_yet', { date: fmtDate(item.valid_from) }))));
  } else if (item.payer === 'employer') {
    lines.push(h('p.cost-amount', { 'data-testid': 'costs-official', 'data-amount': '0' }, h('strong', t('costs.you_pay', { amount: fmtAmount(0, item.currency) }))),
      h(`p.cost-state.${o.sure ? 'cs-current' : 'cs-unsure'}`, { 'data-testid': 'costs-state', 'data-state': 'current', 'data-sure': String(o.sure) },
        icon(o.sure ? 'check' : 'warning'), h('strong', t('costs.employer_pays'), o.sure ? null : [' ', t('costs.unconfirmed')])));
  } else if (o.state === 'none') {
    lines.push(h('p.cost-state.cs-none', { 'data-testid': 'costs-state', 'data-state': 'none' }, icon('info'), h('strong', t('costs.no_figure'))));
  } else {
    lines.push(h('p.cost-amount', { 'data-testid': 'costs-official', 'data-amount': String(item.amount) }, h('strong', fmtAmount(item.amount, item.currency))),
      h(`p.cost-state.${o.sure ? 'cs-current' : 'cs-unsure'}`, { 'data-testid': 'costs-state', 'data-state': 'current', 'data-sure': String(o.sure) },
        icon(o.sure ? 'check' : 'warning'), h('strong', o.sure ? t('costs.confirmed') : t('costs.unconfirmed'))));
    if (item.payer === 'unverified') lines.push(h('p.small', t('costs.payer_unverified')));
  }
  const p = period(item);
  if (p && o.state !== 'outdated') lines.push(h('p.small', icon('clock'), p));
  const note = pick(item.note);
  if (note[0]) lines.push(langSpan('p', note, { class: 'cost-note' }));
  lines.push(h('p.small.cost-source', icon('info'),
    item.source_url ? h('span', t('costs.source'), ' ', h('a', { href: item.source_url, rel: 'noreferrer noopener', target: '_blank' }, host(item.source_url)), ' · ') : h('span', t('costs.no_source'), ' · '),
    t('costs.checked', { date: fmtDate(item.checked_on) })));
  return lines;
}

export function render(ctx) {
  const today = todayISO();
  const items = data.cost_items || [];
  const st = { mode: 'items', asked: {}, total: '', ...getLocal(STATE, {}) };
  const save = () => setLocal(STATE, st);
  const agencyLinks = h('div.cost-agency', { 'data-testid': 'costs-agency' });
  const summary = h('section.cost-summary', { 'aria-live': 'polite', 'data-testid': 'costs-summary' });
  const results = new Map();

  // Your agency: the saved one(s) on this phone, else a search.
  let reportHref = '/report';
  const links = (mine) => {
    const one = mine.length === 1 ? mine[0] : null;
    reportHref = one ? '/report?agency=' + encodeURIComponent(one.id) : '/report';
    put(clear(agencyLinks),
      ...(mine.length ? mine.map((e) => h('a.row-link', { href: hrefOf(e), 'data-testid': 'costs-my-agency' },
        icon('agency'), h('span', t('costs.your_agency'), ' ',
          e.name_lo ? h('span', { lang: 'lo' }, e.name_lo) : null, e.name_lo && e.name_en ? ' · ' : null,
          e.name_en ? h('span', { lang: 'en' }, e.name_en) : null, !e.name_lo && !e.name_en ? h('span.mono', e.licence_no) : null)))
        : [h('a.row-link', { href: '/agencies' }, icon('search'), t('costs.check_agency'))]));
    showSummary();
  };
  mineAll().then(links).catch(() => links([]));

  function showSummary() {
    const above = [];
    const over = {}; // by currency: how much is asked above the official costs
    if (st.mode === 'items') {
      for (const it of items) {
        const r = compare(it, parseAmount(st.asked[it.key]), today);
        if (r && r.kind === 'above') {
          above.push([it, r]);
          over[it.currency] = (over[it.currency] || 0) + r.diff;
        }
      }
    } else {
      const r = totalResult();
      if (r && r.kind === 'above') above.push([null, r]);
    }
    put(clear(summary),
      h('h2', icon('flag'), t('costs.what_to_do')),
      above.length ? h('p.cost-above', { 'data-testid': 'costs-above-total' }, icon('warning'),
        h('strong', st.mode === 'items'
          ? t('costs.above_items', { n: above.length, amount: Object.entries(over).map(([c, n]) => fmtAmount(n, c)).join(' + ') })
          : t('costs.above_total'))) : null,
      h('ol.next-steps',
        h('li', t('costs.step_no_more')),
        h('li', t('costs.step_receipt')),
        h('li', t('costs.step_office')),
        h('li', t('costs.step_report'))),
      agencyLinks,
      h('div.actions',
        h('a.button.danger', { href: reportHref, 'data-testid': 'costs-report' }, icon('flag'), t('home.report')),
        h('button.secondary', { type: 'button', 'data-testid': 'costs-print', onclick: () => window.print() }, icon('print'), t('costs.print'))));
  }

  // One total in baht against the sum of the current official costs in baht:
  // what is confirmed, and what the figures we could not confirm would add.
  const counted = items.filter((it) => it.currency === 'THB' && official(it, today).share != null);
  const sure = counted.filter((it) => official(it, today).sure).reduce((s, it) => s + official(it, today).share, 0);
  const all = counted.reduce((s, it) => s + official(it, today).share, 0);
  const left = items.filter((it) => !counted.includes(it));
  // Above the confirmed costs but within what the unconfirmed figures add
  // is a question for the district labour office, not yet "too much".
  function totalResult() {
    const asked = parseAmount(st.total);
    if (asked == null) return null;
    if (asked < sure) return { kind: 'below' };
    if (asked === sure) return { kind: 'equal' };
    if (asked <= all) return { kind: 'unconfirmed', diff: asked - sure };
    return { kind: 'above', diff: asked - sure, beyondAll: asked - all };
  }
  const totalBox = h('div', { 'aria-live': 'polite' });
  const totalRead = h('div');
  function showTotal() {
    put(clear(totalRead), readNote(st.total, 'THB'));
    const r = totalResult();
    if (!r) { totalBox.replaceChildren(); return; }
    let lines;
    if (r.kind === 'below') lines = [t('costs.t_below', { official: fmtAmount(sure, 'THB') }), t('costs.do_receipt')];
    else if (r.kind === 'equal') lines = [t('costs.t_equal', { official: fmtAmount(sure, 'THB') }), t('costs.do_receipt')];
    else if (r.kind === 'unconfirmed') {
      lines = [t('costs.t_within_unconfirmed', { diff: fmtAmount(r.diff, 'THB'), official: fmtAmount(sure, 'THB'), all: fmtAmount(all, 'THB') }),
        t('costs.do_ask_office'), t('costs.do_receipt')];
    } else {
      lines = [t('costs.t_above', { diff: fmtAmount(r.diff, 'THB'), official: fmtAmount(sure, 'THB') })];
      if (all > sure) lines.push(t('costs.t_beyond_all', { diff: fmtAmount(r.beyondAll, 'THB'), all: fmtAmount(all, 'THB') }));
      lines.push(t('costs.do_not_pay'), t('costs.do_receipt'), t('costs.do_report'));
    }
    const [head, ...todo] = lines;
    put(clear(totalBox), h(`div.cost-result.cr-${r.kind}`, { 'data-testid': 'costs-total-result', 'data-result': r.kind },
      h('p', icon(RESULT_ICON[r.kind]), h('strong', head)),
      h('ul', todo.map((s) => h('li', s)))));
  }

  const itemCards = items.map((it) => {
    const out = h('div', { 'aria-live': 'polite' });
    results.set(it.key, out);
    const show = () => put(clear(out), ...[readNote(st.asked[it.key], it.currency), resultBox(it, compare(it, parseAmount(st.asked[it.key]), today))].filter(Boolean));
    show();
    const id = `ask-${it.key}`;
    return h('li.cost-item', { 'data-testid': 'costs-item', 'data-key': it.key },
      h('h2.cost-title', langSpan('span', pick(it.title))),
      officialBlock(it, today),
      h('div.field.cost-ask.items-only',
        h('label', { for: id }, t('costs.asked', { currency: t(`costs.cur.${it.currency}`) })),
        h('input.amount', {
          id, type: 'text', inputmode: 'decimal', autocomplete: 'off', 'data-testid': 'costs-input', 'data-key': it.key,
          value: st.asked[it.key] || '', 'aria-describedby': `${id}-r`,
          oninput: (e) => { st.asked[it.key] = e.target.value; save(); show(); showSummary(); },
        })),
      h(`div#${id}-r.items-only`, out));
  });

  const modeSwitch = h('fieldset.cost-mode',
    h('legend', t('costs.mode')),
    ['items', 'total'].map((m) => h('label.choice',
      h('input', {
        type: 'radio', name: 'cost-mode', value: m, checked: st.mode === m, 'data-testid': `costs-mode-${m}`,
        onchange: () => { st.mode = m; save(); ctx.rerender(); },
      }), h('span', t(`costs.mode_${m}`)))));

  const totalField = st.mode === 'total' ? h('section.cost-total', { 'data-testid': 'costs-total' },
    h('div.field',
      h('label', { for: 'ask-total' }, t('costs.asked_total')),
      h('input.amount#ask-total', {
        'aria-describedby': 'ask-total-r', type: 'text', inputmode: 'decimal', autocomplete: 'off', 'data-testid': 'costs-total-input', value: st.total || '',
        oninput: (e) => { st.total = e.target.value; save(); showTotal(); showSummary(); },
      }), totalRead),
    h('p.small', t('costs.total_counts', { sure: fmtAmount(sure, 'THB'), all: fmtAmount(all, 'THB') })),
    left.length ? h('p.small', t('costs.total_left', { items: left.map((it) => pick(it.title)[0]).join(', ') })) : null,
    h('div#ask-total-r', totalBox)) : null;
  if (totalField) showTotal();
  showSummary();

  return {
    title: t('costs.title'),
    node: h(`section.costs.mode-${st.mode}`, { 'data-testid': 'costs' },
      h('h1', icon('money'), t('costs.title')),
      h('p.lead', t('costs.lead')),
      h('p.cost-rule', icon('warning'), h('strong', t('costs.no_fee'))),
      items.length ? [
        modeSwitch,
        totalField,
        h('h2', t('costs.official_title')),
        h('ol.cost-list', itemCards),
        summary,
        h('p.small.print-only.cost-printed', t('costs.printed', { date: fmtDate(today), url: location.origin + '/costs' })),
      ] : h('p.empty', t('nodata.loading'))),
  };
}
