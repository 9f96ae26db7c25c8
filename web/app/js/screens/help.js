// Help in Thailand (and at home in Laos): the calmest, biggest screen. First
// the five numbers that matter as large call buttons, then every contact in
// groups by country and type that open and close without script
// (<details>), each with its source and the date it was last checked.
import { h, icon, langSpan } from '../dom.js';
import { t, pick, fmtDate } from '../i18n.js';
import { data } from '../store.js';

export const CATEGORIES = ['police', 'medical', 'fire', 'hotline', 'labour', 'embassy', 'ngo', 'shelter', 'legal', 'youth', 'women'];
const COUNTRIES = ['TH', 'LA'];
const CC = { TH: '66', LA: '856' };

/**
 * How a number is dialled and whose phones reach it. A number written with
 * its country code, or a national number (leading 0) turned into one, works
 * from a Thai and a Lao SIM alike; short codes and Thai toll-free 1800
 * numbers only work on the networks of their own country.
 * Returns {href, reach: 'TH' | 'LA' | 'both'}.
 */
export function dial(phone, country) {
  const raw = String(phone).trim();
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) return { href: `tel:+${digits}`, reach: 'both' };
  if (country === 'TH' && /^1800\d{6}$/.test(digits)) return { href: `tel:${digits}`, reach: 'TH' };
  if (digits.length > 5 && digits.startsWith('0') && CC[country]) return { href: `tel:+${CC[country]}${digits.slice(1)}`, reach: 'both' };
  return { href: `tel:${digits}`, reach: country };
}

/** Does this number work from a phone in country cc? */
export const worksIn = (phone, country, cc) => { const r = dial(phone, country).reach; return r === 'both' || r === cc; };

export const REACH_KEY = { TH: 'help.reach_th', LA: 'help.reach_la', both: 'help.reach_both' };
function reachLine(reach, cls = 'span.reach') {
  return h(cls, { 'data-testid': 'call-reach', 'data-reach': reach }, icon('phone'), t(REACH_KEY[reach]));
}

const speaksLao = (c) => (c.languages || []).includes('lo');

function laoLine(c) {
  return speaksLao(c)
    ? h('span.lao.yes', icon('check'), t('help.speaks_lao'))
    : h('span.lao.no', icon('unknown'), t('help.lao_not_confirmed'));
}

/** The five numbers that matter: the featured lines of Thailand, in order. */
export function topNumbers() {
  return data.contacts.filter((c) => c.country === 'TH' && c.featured && (c.phones || []).length)
    .sort((a, b) => (a.position || 0) - (b.position || 0)).slice(0, 5);
}

/** The featured Lao-speaking line of Thailand (Issara's), for places that cannot be reached. */
function laoSpeakingLine() {
  return topNumbers().find(speaksLao) || null;
}

/** A large one-tap call button: name, number, whose phones reach it, speaks Lao? */
export function bigCall(c, phone = c.phones[0]) {
  const d = dial(phone, c.country);
  return h('a.call-big', { href: d.href, 'data-testid': 'call-link', 'data-contact': c.id, 'data-reach': d.reach },
    icon('phone', 'call-icon'),
    h('span.call-text',
      langSpan('span.call-name', pick(c.name)),
      h('span.call-number', phone),
      reachLine(d.reach),
      laoLine(c),
      c.confidence === 'unconfirmed' ? h('span.unconfirmed', t('help.unconfirmed')) : null));
}

function sourceLine(c) {
  let host = c.source_url || '';
  try { host = new URL(c.source_url).hostname.replace(/^www\./, ''); } catch { /* keep */ }
  return h('p.source', t('help.source'), ' ',
    c.source_url ? h('a', { href: c.source_url, target: '_blank', rel: 'noopener noreferrer' }, host) : '—',
    c.checked_on ? ` · ${t('help.checked', { date: fmtDate(c.checked_on) })}` : '');
}

function provinceLabel(c) {
  if (!c.province) return c.country === 'TH' ? t('help.all_thailand') : t('help.all_laos');
  const p = ((data.meta && data.meta.provinces) || []).find((x) => x.code === c.province);
  return p ? pick(p.name)[0] : c.province;
}

function callLink(p, country) {
  const d = dial(p, country);
  return h('a.call', { href: d.href, 'data-testid': 'call-link', 'data-reach': d.reach },
    icon('phone'), h('span.call-label', h('span', t('help.call'), ' ', h('strong', p)), reachLine(d.reach, 'span.reach.small')));
}

export function contactCard(c) {
  const phones = c.phones || [];
  const hours = pick(c.hours);
  const notes = pick(c.notes);
  // Where a place cannot be reached for sure (an embassy, a number nobody
  // has confirmed, no number at all), the Lao-speaking line that works sits
  // beside it.
  const alt = laoSpeakingLine();
  const needsAlt = alt && alt.id !== c.id && c.country === 'TH' && (c.category === 'embassy' || !phones.length || c.confidence === 'unconfirmed');
  return h('li.contact-card', { 'data-testid': 'contact-card', 'data-category': c.category, 'data-country': c.country },
    h('h3', langSpan('span', pick(c.name))),
    h('p.contact-meta', h('span.cat', t(`cat.${c.category}`)), h('span.where', icon('pin'), h('span', provinceLabel(c)))),
    notes[0] ? h('p', langSpan('span', notes)) : null,
    phones.length
      ? h('div.phones', phones.map((p) => callLink(p, c.country)),
        c.confidence === 'unconfirmed' ? h('p.unconfirmed', icon('warning'), t('help.unconfirmed_long')) : null)
      : h('p.no-phone', icon('info'), t('help.no_phone')),
    needsAlt ? h('div.alt-line', { 'data-testid': 'alt-line' },
      h('p', h('strong', t('help.alt_line'))), callLink(alt.phones[0], alt.country)) : null,
    c.line_id ? h('p.line', icon('line'), t('help.line'), ' ', h('strong.mono', c.line_id)) : null,
    hours[0] ? h('p.hours', icon('clock'), langSpan('span', hours)) : null,
    h('p.langs', laoLine(c)),
    sourceLine(c));
}

export function render() {
  const all = data.contacts;
  const top = topNumbers();
  const byPos = (a, b) => (a.position || 0) - (b.position || 0);
  const country = (cc) => {
    const list = all.filter((c) => c.country === cc);
    return h('section.contact-group', { 'aria-labelledby': `g-${cc}`, 'data-testid': `help-country-${cc}` },
      h('h2', { id: `g-${cc}` }, cc === 'TH' ? t('help.in_thailand') : t('help.in_laos')),
      cc === 'LA' ? h('p.muted', t('help.laos_lead')) : null,
      list.length ? CATEGORIES.filter((cat) => list.some((c) => c.category === cat)).map((cat) => {
        const group = list.filter((c) => c.category === cat).sort(byPos);
        return h('details.help-group', { 'data-testid': 'help-group', 'data-country': cc, 'data-category': cat },
          h('summary', h('span', t(`cat.${cat}`)), ' ', h('span.count', `(${group.length})`)),
          h('ul.contacts', group.map(contactCard)));
      }) : h('p.empty', t('help.none')));
  };

  return {
    title: t('help.title'),
    node: h('section.help',
      h('h1', icon('phone'), t('help.title')),
      h('p.lead', t('help.lead')),
      h('h2', t('help.top')),
      top.length ? h('div.calls', { 'data-testid': 'help-top' }, top.map((c) => bigCall(c))) : h('p.empty', t('nodata.loading')),
      h('a.button.phrases-link', { href: '/help/phrases' }, icon('chat'), t('help.phrases')),
      h('h2', t('help.all_contacts')),
      h('p.muted', t('help.groups_lead')),
      COUNTRIES.map(country)),
  };
}
