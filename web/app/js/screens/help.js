// Help in Thailand (and at home in Laos): the calmest, biggest screen. First
// one column of large call buttons, then every contact with its source and
// the date it was last checked.
import { h, icon, langSpan } from '../dom.js';
import { t, pick, fmtDate } from '../i18n.js';
import { data } from '../store.js';

export const CATEGORIES = ['police', 'medical', 'fire', 'hotline', 'labour', 'embassy', 'ngo', 'shelter', 'legal', 'youth', 'women'];

const telHref = (p) => 'tel:' + String(p).replace(/[^\d+]/g, '');
const speaksLao = (c) => (c.languages || []).includes('lo');

function laoLine(c) {
  return speaksLao(c)
    ? h('span.lao.yes', icon('check'), t('help.speaks_lao'))
    : h('span.lao.no', icon('unknown'), t('help.lao_not_confirmed'));
}

/** A large one-tap call button: name, number, speaks Lao? */
export function bigCall(c) {
  const phone = c.phones[0];
  return h('a.call-big', { href: telHref(phone), 'data-testid': 'call-link', 'data-contact': c.id },
    icon('phone', 'call-icon'),
    h('span.call-text',
      langSpan('span.call-name', pick(c.name)),
      h('span.call-number', phone),
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
  if (!c.province) return t(c.country === 'TH' ? 'help.all_thailand' : 'help.all_laos');
  const p = ((data.meta && data.meta.provinces) || []).find((x) => x.code === c.province);
  return p ? pick(p.name)[0] : c.province;
}

export function contactCard(c) {
  const phones = c.phones || [];
  const hours = pick(c.hours);
  const notes = pick(c.notes);
  return h('li.contact-card', { 'data-testid': 'contact-card', 'data-category': c.category, 'data-country': c.country },
    h('h3', langSpan('span', pick(c.name))),
    h('p.contact-meta', h('span.cat', t(`cat.${c.category}`)), h('span.where', icon('pin'), provinceLabel(c))),
    notes[0] ? h('p', langSpan('span', notes)) : null,
    phones.length
      ? h('div.phones', phones.map((p) => h('a.call', { href: telHref(p), 'data-testid': 'call-link' }, icon('phone'), h('span', t('help.call'), ' ', h('strong', p)))),
        c.confidence === 'unconfirmed' ? h('p.unconfirmed', icon('warning'), t('help.unconfirmed_long')) : null)
      : h('p.no-phone', icon('info'), t('help.no_phone')),
    c.line_id ? h('p.line', icon('line'), t('help.line'), ' ', h('strong.mono', c.line_id)) : null,
    hours[0] ? h('p.hours', icon('clock'), langSpan('span', hours)) : null,
    h('p.langs', laoLine(c)),
    sourceLine(c));
}

export function render(ctx) {
  const prov = ctx.query.get('province') || '';
  const cat = ctx.query.get('type') || '';
  const all = data.contacts;
  const featured = all.filter((c) => c.country === 'TH' && c.featured && (c.phones || []).length);
  const provinces = (data.meta && data.meta.provinces) || [];
  // A province shows its own contacts and the nationwide ones of its country.
  const provCountry = (provinces.find((p) => p.code === prov) || {}).country;
  const match = (c) => (!prov || c.province === prov || (!c.province && c.country === provCountry)) && (!cat || c.category === cat);

  const usedProv = new Set(all.map((c) => c.province).filter(Boolean));
  const provSelect = h('select#f-province', {
    onchange: () => { ctx.setQuery({ province: provSelect.value }); ctx.rerender(); },
  }, h('option', { value: '' }, t('help.all_provinces')),
  ['TH', 'LA'].map((cc) => h('optgroup', { label: t(cc === 'TH' ? 'help.thailand' : 'help.laos') },
    provinces.filter((p) => p.country === cc && usedProv.has(p.code)).map((p) =>
      h('option', { value: p.code, selected: p.code === prov }, pick(p.name)[0])))));
  const usedCat = new Set(all.map((c) => c.category));
  const catSelect = h('select#f-type', {
    onchange: () => { ctx.setQuery({ type: catSelect.value }); ctx.rerender(); },
  }, h('option', { value: '' }, t('help.all_types')),
  CATEGORIES.filter((c) => usedCat.has(c)).map((c) => h('option', { value: c, selected: c === cat }, t(`cat.${c}`))));

  const group = (cc) => {
    const list = all.filter((c) => c.country === cc && match(c));
    return h('section.contact-group', { 'aria-labelledby': `g-${cc}` },
      h('h2', { id: `g-${cc}` }, cc === 'TH' ? t('help.in_thailand') : t('help.in_laos')),
      cc === 'LA' ? h('p.muted', t('help.laos_lead')) : null,
      list.length ? h('ul.contacts', list.map(contactCard)) : h('p.empty', t('help.none')));
  };

  return {
    title: t('help.title'),
    node: h('section.help',
      h('h1', icon('phone'), t('help.title')),
      h('p.lead', t('help.lead')),
      featured.length ? h('div.calls', featured.map(bigCall)) : h('p.empty', t('nodata.loading')),
      h('a.button.phrases-link', { href: '/help/phrases' }, icon('chat'), t('help.phrases')),
      h('form.filters', { onsubmit: (e) => e.preventDefault() },
        h('h2', t('help.all_contacts')),
        h('div.filter', h('label', { for: 'f-province' }, t('help.province')), provSelect),
        h('div.filter', h('label', { for: 'f-type' }, t('help.type')), catSelect)),
      group('TH'),
      group('LA')),
  };
}
