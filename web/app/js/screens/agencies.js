// Check an agency: search the list kept on the phone by name, licence
// number or phone. "Not on the list" is an answer, with what to do.
import { h, icon, put } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { data, hasData } from '../store.js';
import { search, looksLikePhone, licenceKey } from '../search.js';
import { statusBadge, flaggedLine, demoMarker, effectiveStatus } from '../status.js';
import { bigCall, worksIn } from './help.js';
import { withVoice } from '../voicebtn.js';

const LIMIT = 30;
const STATUSES = ['licensed', 'suspended', 'expired', 'revoked', 'illegal', 'not-listed'];

export function agencyName(a) {
  return [
    a.name_lo ? h('span.name-lo', { lang: 'lo' }, a.name_lo) : null,
    a.name_en ? h('span.name-en', { lang: 'en' }, a.name_en) : null,
  ];
}

function provinceName(code) {
  const p = ((data.meta && data.meta.provinces) || []).find((x) => x.code === code);
  if (!p) return code || '';
  return p.name[getLang()] || p.name.en || code;
}
export { provinceName };

// A district in the phone's language, when the list knows it; otherwise as
// the verifier wrote it.
export function districtName(province, code) {
  if (!code) return '';
  const d = ((data.meta && data.meta.districts) || []).find((x) => x.province === province && x.code === code);
  return d ? (d.name[getLang()] || d.name.en || code) : code;
}

export function resultCard(a) {
  return h('li', h('a.result-card', { href: '/a/' + encodeURIComponent(a.licence_no), 'data-testid': 'agency-result', 'data-licence': a.licence_no, 'data-status': effectiveStatus(a) },
    h('span.result-name', agencyName(a)),
    demoMarker(a),
    statusBadge(a),
    flaggedLine(a),
    h('span.result-meta', t('agency.licence_no'), ' ', h('span.mono', a.licence_no), ' · ', provinceName(a.province))));
}

const CLOSE_LIMIT = 5;

/**
 * A close match: found only with spelling tolerance, in another script, by
 * a word's start or with a zero left out. It is a question, never a
 * confirmation: the name and the licence number large, to compare with the
 * papers, and the status as plain words, not as the coloured verdict.
 */
export function closeCard(a) {
  const st = effectiveStatus(a);
  return h('li', h('div.close-card', { 'data-testid': 'agency-close', 'data-licence': a.licence_no, 'data-status': st },
    h('p.close-q', icon('unknown'), h('strong', t('didyoumean.question'))),
    h('p.close-name', agencyName(a)),
    demoMarker(a),
    h('p.close-licence', h('span.close-label', t('agency.licence_no')), ' ', h('strong.mono', a.licence_no)),
    h('p.close-status', t('didyoumean.status'), ' ', h('span', { 'data-testid': 'close-status' }, t(`status.${st}`))),
    h('a.row-link', { href: '/a/' + encodeURIComponent(a.licence_no) }, t('didyoumean.open'))));
}

/** "Did you mean…?": close matches, with the advice to check them against the papers. */
export function didYouMean(close) {
  return h('section.did-you-mean', { 'data-testid': 'did-you-mean' },
    h('h2', t('didyoumean.title')),
    h('p.close-advice', h('strong', t('didyoumean.advice'))),
    h('ul.results-list', close.slice(0, CLOSE_LIMIT).map(closeCard)),
    close.length > CLOSE_LIMIT ? h('p.muted', t('didyoumean.more', { n: close.length - CLOSE_LIMIT })) : null);
}

/** What a worker must know when an agency is not on the list, and whom to call. */
export function notOnList(query, opts = {}) {
  const params = new URLSearchParams();
  if (query) {
    if (looksLikePhone(query)) params.set('phone', query);
    else if (opts.licence || /\d/.test(query) && licenceKey(query).length >= 4 && !/\s/.test(query.trim())) params.set('licence', query);
    else params.set('name', query);
  }
  // Helplines that speak Lao (not the police, ambulance or fire lines),
  // grouped by the country whose phones reach them: a worker in Laos is
  // never offered a Thai short code that cannot connect from a Lao SIM.
  const lines = data.contacts.filter((c) => c.featured && (c.phones || []).length && (c.languages || []).includes('lo') &&
    !['police', 'medical', 'fire'].includes(c.category));
  const callsIn = (cc) => {
    const here = lines.flatMap((c) => c.phones.filter((p) => worksIn(p, c.country, cc)).slice(0, 1).map((p) => bigCall(c, p))).slice(0, 2);
    return here.length ? h('div.calls-in', { 'data-testid': `not-on-list-calls-${cc}` },
      h('h3', cc === 'TH' ? t('notlisted.in_th') : t('notlisted.in_la')), h('div.calls', here)) : null;
  };
  return h('section.not-on-list', { 'data-testid': 'not-on-list', 'aria-live': 'polite' },
    withVoice(h('div.badge.st-not-listed.badge-big', { 'data-testid': 'status-badge', 'data-status': 'not-listed' },
      icon('unknown'), h('span.badge-text', h('strong.badge-word', t('status.not-listed')))), 'verdict:not-listed'),
    query ? h('p', t('notlisted.searched'), ' ', h('strong', `“${query}”`)) : null,
    h('p.big-warning', t('notlisted.title')),
    h('p', h('strong', t('notlisted.advice'))),
    h('h2', t('notlisted.what_to_do')),
    h('ol.next-steps',
      h('li', t('notlisted.step_check')),
      h('li', t('notlisted.step_office')),
      h('li', t('notlisted.step_call')),
      h('li', t('notlisted.step_report'))),
    callsIn('TH'),
    callsIn('LA'),
    h('div.actions',
      h('a.button', { href: '/report?' + params.toString(), 'data-testid': 'not-on-list-report' }, icon('flag'), t('home.report')),
      h('a.button.secondary', { href: '/help' }, icon('phone'), t('home.help'))));
}

function legend() {
  const dummy = (st) => ({ status: st === 'not-listed' ? null : st });
  return h('section.legend', h('h2', t('agencies.legend')),
    h('ul.legend-list', STATUSES.map((st) => h('li',
      st === 'not-listed'
        ? h('div.badge.st-not-listed', icon('unknown'), h('span.badge-text', h('strong.badge-word', t('status.not-listed'))))
        : (() => { const b = statusBadge(dummy(st)); b.removeAttribute('data-testid'); return b; })(),
      h('span.legend-text', t(`advice.${st}`))))));
}

export function render(ctx) {
  const q0 = ctx.query.get('q') || '';
  const input = h('input#agency-q', {
    type: 'search', name: 'q', value: q0, 'data-testid': 'agency-search', autocomplete: 'off', autocapitalize: 'off',
    spellcheck: 'false', enterkeyhint: 'search', maxlength: '100', 'aria-describedby': 'agency-q-hint',
  });
  const out = h('div.results', { 'aria-live': 'polite' });

  function show() {
    const q = input.value.trim();
    out.replaceChildren();
    if (!q) { out.append(legend()); return; }
    if (!hasData()) { out.append(h('p.empty', t('nodata.loading'))); return; }
    const hits = search(data.agencies, q);
    const exact = hits.filter((x) => x.match === 'exact').map((x) => x.agency);
    const close = hits.filter((x) => x.match === 'close').map((x) => x.agency);
    if (!exact.length) {
      // Nothing as typed: the verdict stays "not on the list", with the
      // close names beside it as questions.
      put(out, close.length ? didYouMean(close) : null, notOnList(q));
      return;
    }
    put(out,
      h('p.count', { 'data-testid': 'agency-count' }, t('agencies.found', { n: exact.length })),
      h('ul.results-list', exact.slice(0, LIMIT).map(resultCard)),
      exact.length > LIMIT ? h('p.muted', t('agencies.more', { n: exact.length - LIMIT })) : null,
      close.length ? didYouMean(close) : null,
      h('p.not-found-hint', icon('unknown'), t('agencies.not_the_one')));
  }

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { ctx.setQuery({ q: input.value.trim() }); show(); }, 150);
  });
  const form = h('form.search', { role: 'search', onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); ctx.setQuery({ q: input.value.trim() }); show(); input.blur(); } },
    h('label', { for: 'agency-q' }, t('agencies.label')),
    h('p.hint#agency-q-hint', t('agencies.hint')),
    h('div.search-row', input, h('button', { type: 'submit', 'data-testid': 'agency-search-go' }, icon('search'), t('agencies.search'))));

  show();
  return {
    title: t('agencies.title'),
    node: h('section.agencies',
      h('h1', icon('agency'), t('agencies.title')),
      h('p.lead', t('agencies.lead')),
      form,
      out),
  };
}
