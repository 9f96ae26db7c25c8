import { h, field, local, notice, showErrors, errorNotice } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { voiceSection, verdictVoices, loadClips } from '../voice.js';

const LANG_LABEL = { lo: 'ລາວ', th: 'ไทย', en: 'English' };
const ICONS = ['passport', 'contract', 'money', 'phone', 'house', 'bus', 'warning', 'check', 'health', 'family', 'copy', 'agency'];
const CATEGORIES = ['police', 'medical', 'fire', 'hotline', 'labour', 'embassy', 'ngo', 'shelter', 'legal', 'youth', 'women'];

// Each kind of content: where it is read and written, its fields.
const kinds = {
  contacts: {
    list: async () => (await api('GET', '/contacts')).items,
    write: '/contacts',
    title: (x) => `${local(x.name)} · ${x.phones.join(', ')}`,
    sub: (x) => `${x.country} · ${t(`category.${x.category}`)}${x.province ? ` · ${x.province}` : ''}`,
    fields: [
      { name: 'name', type: 'text3', required: true },
      { name: 'country', type: 'select', options: ['TH', 'LA'] },
      { name: 'category', type: 'select', options: CATEGORIES, label: (o) => t(`category.${o}`) },
      { name: 'province', type: 'line' },
      { name: 'phones', type: 'list' },
      { name: 'line_id', type: 'line' },
      { name: 'hours', type: 'text3' },
      { name: 'languages', type: 'list', hint: 'lo, th, en' },
      { name: 'notes', type: 'text3', area: true },
      { name: 'source_url', type: 'line', required: true },
      { name: 'checked_on', type: 'date', required: true },
      { name: 'confidence', type: 'select', options: ['verified', 'unconfirmed'] },
      { name: 'position', type: 'number' },
      { name: 'featured', type: 'bool' },
    ],
  },
  checklist: {
    list: async () => (await api('GET', '/checklist')).items.flatMap((st) => st.items.map((it) => ({ ...it, stage_id: st.id, stage: st }))),
    write: '/checklist/items',
    title: (x) => `${x.critical ? '★ ' : ''}${local(x.title)}`,
    sub: (x) => local(x.stage.title),
    fields: [
      { name: 'stage_id', type: 'stage' },
      { name: 'title', type: 'text3', required: true },
      { name: 'why', type: 'text3', area: true, required: true },
      { name: 'how', type: 'text3', area: true, required: true },
      { name: 'icon', type: 'select', options: ICONS },
      { name: 'critical', type: 'bool' },
      { name: 'position', type: 'number' },
      { name: 'sources', type: 'list' },
    ],
  },
  questions: {
    list: async () => (await api('GET', '/questions')).items,
    write: '/questions',
    title: (x) => local(x.text),
    sub: (x) => `${t('content.weight_n', { n: x.weight })} · ${t(`content.red_flag_${x.red_flag === 'no' ? 'no' : 'yes'}`)}`,
    fields: [
      { name: 'text', type: 'text3', required: true },
      { name: 'weight', type: 'select', options: [1, 2, 3], label: (o) => t(`content.weight_${o}`) },
      // Which answer is the warning sign: questions are asked plainly, so for
      // "Will they give you a contract in Lao?" it is "no".
      { name: 'red_flag', type: 'select', options: ['yes', 'no'], label: (o) => t(`content.red_flag_${o}`) },
      { name: 'explanation', type: 'text3', area: true, required: true },
      { name: 'position', type: 'number' },
      { name: 'sources', type: 'list' },
    ],
  },
  costs: {
    list: async () => (await api('GET', '/costs')).items,
    write: '/costs',
    title: (x) => local(x.title),
    // What a worker will hold up against an agency: the figure (or that
    // there is none), who pays, how sure, and until when it holds.
    sub: (x) => [x.amount == null ? t('content.no_amount') : `${x.amount} ${x.currency}`, t(`content.payer_${x.payer}`),
      t(`content.confidence_${x.confidence}`), x.valid_to ? t('content.valid_to_n', { date: x.valid_to }) : null].filter(Boolean).join(' · '),
    fields: [
      { name: 'title', type: 'text3', required: true },
      { name: 'amount', type: 'amount', hint: 'content.amount_hint' },
      { name: 'currency', type: 'select', options: ['THB', 'USD', 'LAK'] },
      { name: 'payer', type: 'select', options: ['worker', 'employer', 'unverified'], label: (o) => t(`content.payer_${o}`) },
      { name: 'confidence', type: 'select', options: ['verified', 'unconfirmed'], label: (o) => t(`content.confidence_${o}`) },
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      { name: 'note', type: 'text3', area: true },
      { name: 'source_url', type: 'line' },
      { name: 'checked_on', type: 'date', required: true },
      { name: 'position', type: 'number' },
    ],
  },
  phrases: {
    list: async () => (await api('GET', '/phrases')).items,
    write: '/phrases',
    title: (x) => local(x.text),
    sub: (x) => x.text.th,
    fields: [
      { name: 'text', type: 'text3', required: true },
      { name: 'category', type: 'line' },
      { name: 'position', type: 'number' },
    ],
  },
};

// The texts a clip can be recorded for, by kind: the clip's target, and
// what its two recordings say.
const voiced = {
  checklist: (x) => `item:${x.id}`,
  questions: (x) => `question:${x.id}`,
  phrases: (x) => `phrase:${x.id}`,
};

export async function render({ params, navigate }) {
  const kind = params.kind || 'contacts';
  const k = kinds[kind];
  if (!k && kind !== 'voice') { navigate('/verify/content', { replace: true }); return null; }
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('nav.content') }, [...Object.keys(kinds), 'voice'].map((name) => h('a', {
    class: 'tab', href: `/verify/content/${name}`, 'aria-current': name === kind ? 'page' : null, 'data-testid': `content-tab-${name}`,
  }, name === 'voice' ? t('voice.tab') : t(`content.${name}`))));
  if (kind === 'voice') return h('div', { class: 'stack' }, h('h1', {}, t('nav.content')), tabs, await verdictVoices());
  const items = await k.list();
  const head = [h('h1', {}, t('nav.content')), tabs];
  if (params.id) {
    const item = params.id === 'new' ? null : items.find((x) => String(x.id) === params.id);
    if (params.id !== 'new' && !item) throw new Error(t('content.not_found'));
    const stages = kind === 'checklist' ? (await api('GET', '/checklist')).items : [];
    const voice = item && voiced[kind]
      ? voiceSection(voiced[kind](item), await loadClips(), kind === 'phrases'
        ? { lo: t('voice.phrase_lo'), th: t('voice.phrase_th') }
        : { lo: t('voice.lang_lo'), th: t('voice.lang_th') })
      : null;
    return h('div', { class: 'stack' }, ...head,
      h('p', { class: 'crumbs' }, h('a', { href: `/verify/content/${kind}` }, `← ${t(`content.${kind}`)}`)),
      editor(kind, k, item, stages, navigate), voice);
  }
  const saved = new URLSearchParams(location.search).get('saved');
  return h('div', { class: 'stack' }, ...head,
    saved ? notice('ok', t('content.saved')) : null,
    h('div', { class: 'title-row' }, h('p', { class: 'count' }, t('content.count', { n: items.length })),
      h('a', { class: 'btn btn-primary', href: `/verify/content/${kind}/new`, 'data-testid': 'content-new' }, `+ ${t('content.add')}`)),
    h('ul', { class: 'rows card' }, items.map((x) => h('li', {}, h('a', { class: 'row', href: `/verify/content/${kind}/${x.id}`, 'data-testid': 'content-row' },
      h('span', { class: 'row-main' }, h('strong', {}, k.title(x)), h('span', { class: 'muted' }, k.sub(x))))))));
}

function editor(kind, k, item, stages, navigate) {
  const controls = {};
  const msg = h('div', { 'aria-live': 'polite' });
  const parts = k.fields.map((f) => {
    const label = t(`content.f.${f.name}`);
    const v = item ? item[f.name] : undefined;
    switch (f.type) {
      case 'text3': {
        const boxes = {};
        const fs = h('fieldset', { class: 'text3' }, h('legend', {}, label, f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
          ['lo', 'th', 'en'].map((l) => {
            boxes[l] = f.area ? h('textarea', { name: `${f.name}.${l}`, lang: l, rows: 3 }, (v || {})[l] || '') : h('input', { type: 'text', name: `${f.name}.${l}`, lang: l, value: (v || {})[l] || '' });
            return field(LANG_LABEL[l], boxes[l], { name: `${f.name}.${l}` });
          }));
        controls[f.name] = () => ({ lo: boxes.lo.value.trim(), th: boxes.th.value.trim(), en: boxes.en.value.trim() });
        return fs;
      }
      case 'select': {
        const sel = h('select', { name: f.name }, f.options.map((o) => h('option', { value: o, selected: String(o) === String(v ?? '') }, f.label ? f.label(o) : String(o))));
        controls[f.name] = () => (typeof f.options[0] === 'number' ? Number(sel.value) : sel.value);
        return field(label, sel, { name: f.name });
      }
      case 'stage': {
        const sel = h('select', { name: f.name }, stages.map((st) => h('option', { value: st.id, selected: st.id === v }, local(st.title))));
        controls[f.name] = () => Number(sel.value);
        return field(label, sel, { name: f.name });
      }
      case 'list': {
        const ta = h('textarea', { name: f.name, rows: 2 }, (v || []).join('\n'));
        controls[f.name] = () => ta.value.split(/\n|;/).map((s) => s.trim()).filter(Boolean);
        return field(label, ta, { name: f.name, hint: f.hint || t('content.one_per_line') });
      }
      case 'bool': {
        const cb = h('input', { type: 'checkbox', name: f.name, checked: Boolean(v) });
        controls[f.name] = () => cb.checked;
        return h('div', { class: 'field', 'data-field': f.name }, h('label', { class: 'check' }, cb, ' ', label), h('p', { class: 'field-error' }));
      }
      case 'amount': {
        // Empty means "no confirmed figure" (null), never 0: 0 is a figure
        // ("you pay nothing").
        const n = h('input', { type: 'number', name: f.name, value: v ?? '', min: 0, step: 1, inputmode: 'numeric' });
        controls[f.name] = () => (n.value.trim() === '' ? null : Number(n.value));
        return field(label, n, { name: f.name, hint: t(f.hint) });
      }
      case 'number': {
        const n = h('input', { type: 'number', name: f.name, value: v ?? 0, inputmode: 'numeric' });
        controls[f.name] = () => Number(n.value || 0);
        return field(label, n, { name: f.name });
      }
      default: {
        const inp = h('input', { type: f.type === 'date' ? 'date' : 'text', name: f.name, value: v ?? '' });
        controls[f.name] = () => inp.value.trim();
        return field(label, inp, { name: f.name, required: f.required });
      }
    }
  });
  const read = () => Object.fromEntries(Object.entries(controls).map(([name, get]) => [name, get()]));
  const opened = read(); // what the form showed when it opened
  let basedOn = item ? item.revision : null;

  // A change sends only what this admin changed (a multilingual field only
  // its changed languages) and the revision it was based on, so it never
  // writes back someone else's newer text.
  function changes() {
    const now = read();
    const body = {};
    for (const [name, v] of Object.entries(now)) {
      const was = opened[name];
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const langs = Object.keys(v).filter((l) => v[l] !== (was || {})[l]);
        if (langs.length) body[name] = Object.fromEntries(langs.map((l) => [l, v[l]]));
      } else if (JSON.stringify(v) !== JSON.stringify(was)) body[name] = v;
    }
    return body;
  }
  const fieldLabel = (name) => t(`content.f.${name}`);

  function showConflict(cur) {
    const theirs = k.fields.map((f) => f.name).filter((n) => n in cur && JSON.stringify(cur[n]) !== JSON.stringify(item[n]));
    const mine = Object.keys(changes());
    msg.replaceChildren(h('div', { class: 'notice notice-error conflict', role: 'alert', 'data-testid': 'conflict-message' },
      h('strong', {}, t('content.conflict_title')),
      theirs.length ? h('p', {}, t('content.conflict_theirs', { fields: theirs.map(fieldLabel).join(', ') })) : null,
      mine.length ? h('p', {}, t('content.conflict_mine', { fields: mine.map(fieldLabel).join(', ') })) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'conflict-reload', onclick: () => navigate(location.pathname, { replace: true }) }, t('agency.conflict_reload')),
        h('button', {
          type: 'button', class: 'btn btn-primary', 'data-testid': 'conflict-keep',
          onclick: () => {
            basedOn = cur.revision; // my changed fields go on top of theirs at the next save
            msg.replaceChildren(notice('info', t('agency.conflict_rebased')));
          },
        }, t('agency.conflict_keep')))));
    msg.scrollIntoView({ block: 'start' });
  }

  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      try {
        if (item) await api('PATCH', `${k.write}/${item.id}`, { json: { ...changes(), revision: basedOn } });
        else await api('POST', k.write, { json: read() });
        navigate(`/verify/content/${kind}?saved=1`, { replace: true });
      } catch (err) {
        if (err.status === 409 && err.current && item) showConflict(err.current);
        else if (err.status === 422 || err.status === 409) {
          const rest = showErrors(form, err.problems);
          msg.append(notice('error', t('form.fix'), Object.keys(rest).length ? ` ${Object.entries(rest).map(([a, b]) => `${a}: ${b}`).join('; ')}` : ''));
        } else msg.append(errorNotice(err));
      }
    },
  }, h('h2', {}, item ? t('content.edit') : t('content.add')), msg, parts,
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'content-save' }, t('content.save')),
    item ? h('button', {
      type: 'button', class: 'btn btn-danger', 'data-testid': 'content-delete',
      onclick: async () => {
        if (!window.confirm(t('content.delete_confirm'))) return;
        try {
          await api('DELETE', `${k.write}/${item.id}?revision=${basedOn}`);
          navigate(`/verify/content/${kind}?saved=1`, { replace: true });
        } catch (err) {
          if (err.status === 409 && err.current) showConflict(err.current);
          else msg.append(errorNotice(err));
        }
      },
    }, t('content.delete')) : null));
  return h('div', { class: 'stack' }, h('p', { class: 'hint' }, t('content.public_hint')), form);
}
