import { h, field, notice, errorNotice, agencyName, problemText } from '../dom.js';
import { t } from '../i18n.js';
import { api, problemsOf } from '../api.js';

const HEADER = 'licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason';

function show(v) { return v === '' || v === null || v === undefined ? '∅' : String(v); }

// The import wizard: choose a file → preview (nothing is changed yet) →
// apply all of it in one go, or nothing.
export async function render() {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', 'data-testid': 'import-file' });
  const preview = h('div', { class: 'stack', 'aria-live': 'polite' });
  const check = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'import-check' }, t('import.check'));
  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      preview.replaceChildren();
      const f = file.files[0];
      if (!f) {
        preview.append(notice('error', t('import.choose_first')));
        return;
      }
      check.disabled = true;
      preview.append(notice('info', t('import.checking')));
      try {
        // The file goes as it is, byte for byte: the server checks that it
        // is UTF-8 rather than the browser guessing.
        const rep = await api('POST', '/agencies/import?dry_run=true', { body: f, type: 'text/csv' });
        preview.replaceChildren(report(rep, f));
      } catch (err) {
        preview.replaceChildren(err.body && err.body.invalid ? report(err.body, f) : errorNotice(err));
      } finally {
        check.disabled = false;
      }
    },
  },
  h('h2', {}, h('span', { class: 'step' }, '1'), ' ', t('import.step_choose')),
  field(t('import.file'), file, { name: 'file', hint: t('import.file_hint') }),
  h('details', { class: 'format' }, h('summary', {}, t('import.format')),
    h('p', {}, t('import.format_body')),
    h('pre', { class: 'mono wrap' }, HEADER),
    h('ul', { class: 'plain' },
      h('li', {}, t('import.rule_lists')), h('li', {}, t('import.rule_dates')), h('li', {}, t('import.rule_status')),
      h('li', {}, t('import.rule_reason')), h('li', {}, t('import.rule_columns')), h('li', {}, t('import.rule_max')))),
  h('div', { class: 'actions' }, check));

  return h('div', { class: 'stack' },
    h('div', { class: 'title-row' }, h('h1', {}, t('nav.import')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'export-csv', onclick: exportCSV }, `⬇ ${t('import.export')}`)),
    h('p', { class: 'lead' }, t('import.lead')),
    form, preview);
}

function report(rep, f) {
  const nothing = rep.added.length + rep.changed.length === 0;
  const blocked = rep.invalid.length > 0;
  const apply = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'import-apply', disabled: blocked || nothing }, t('import.apply', { n: rep.added.length + rep.changed.length }));
  const result = h('div', { 'aria-live': 'polite' });
  apply.addEventListener('click', async () => {
    if (!window.confirm(t('import.apply_confirm', { added: rep.added.length, changed: rep.changed.length }))) return;
    apply.disabled = true;
    result.replaceChildren(notice('info', t('import.applying')));
    try {
      const done = await api('POST', '/agencies/import?dry_run=false', { body: f, type: 'text/csv' });
      if (done.proposal) {
        result.replaceChildren(notice('info', h('strong', {}, t('trust.sent_title')), ' ', t('trust.import_sent', { n: done.proposal.why.length })),
          h('p', {}, h('a', { href: '/verify' }, t('trust.waiting_title'))));
        return;
      }
      result.replaceChildren(notice('ok', h('strong', {}, t('import.done', { added: done.added.length, changed: done.changed.length })), ' ',
        h('a', { href: '/verify/agencies' }, t('import.see_list'))));
    } catch (err) {
      result.replaceChildren(err.body && err.body.invalid ? notice('error', t('import.changed_meanwhile')) : errorNotice(err));
      apply.disabled = false;
    }
  });
  return h('section', { class: 'card stack', 'data-testid': 'import-preview' },
    h('h2', {}, h('span', { class: 'step' }, '2'), ' ', t('import.step_preview')),
    h('p', { class: 'hint' }, t('import.nothing_yet', { name: f.name, rows: rep.rows })),
    h('div', { class: 'tiles' },
      tile(rep.added.length, t('import.added'), 'ok'), tile(rep.changed.length, t('import.changed'), 'warn'),
      tile(rep.unchanged, t('import.unchanged'), ''), tile(rep.invalid.length, t('import.invalid'), rep.invalid.length ? 'alert' : ''),
      tile(rep.not_in_file_total || 0, t('import.not_in_file'), rep.not_in_file_total ? 'warn' : '')),
    blocked ? notice('error', t('import.blocked', { n: rep.invalid.length })) : null,
    rep.invalid.length ? h('div', {}, h('h3', {}, t('import.invalid_rows')),
      h('ul', { class: 'rows' }, rep.invalid.map((r) => h('li', { class: 'bad', 'data-testid': 'import-invalid', 'data-line': r.line },
        h('strong', {}, t('import.line', { n: r.line })),
        h('ul', { class: 'plain' }, Object.entries(problemsOf(r.errors, r.problems)).map(([k, v]) => h('li', { 'data-code': v.code }, h('span', { class: 'mono' }, k), ': ', problemText(v)))))))) : null,
    rep.changed.length ? h('div', {}, h('h3', {}, t('import.changed_rows')),
      h('ul', { class: 'rows' }, rep.changed.map((r) => h('li', { 'data-testid': 'import-changed' },
        h('strong', {}, t('import.line', { n: r.line })), ' ', h('a', { href: `/verify/agencies/${r.id}`, class: 'mono' }, r.licence_no), second(r),
        h('ul', { class: 'changes' }, r.changes.map((c) => h('li', {}, h('span', { class: 'mono' }, c.field), ': ', h('del', {}, show(c.from)), ' → ', h('ins', {}, show(c.to))))))))) : null,
    rep.added.length ? h('div', {}, h('h3', {}, t('import.added_rows')),
      h('ul', { class: 'rows' }, rep.added.slice(0, 200).map((r) => h('li', { 'data-testid': 'import-added' },
        h('strong', {}, t('import.line', { n: r.line })), ' ', h('span', { class: 'mono' }, r.licence_no), ' ', r.name, ' · ', t(`status.${r.status}`), second(r)))),
      rep.added.length > 200 ? h('p', { class: 'hint' }, t('import.and_more', { n: rep.added.length - 200 })) : null) : null,
    needsSecond(rep) ? notice('warn', t('trust.import_needs', { n: needsSecond(rep) })) : null,
    notInFile(rep),
    h('h2', {}, h('span', { class: 'step' }, '3'), ' ', t('import.step_apply')),
    h('p', { class: 'hint' }, t('import.apply_hint')),
    h('div', { class: 'actions' }, apply),
    result);
}

// Listings shown as licensed that the file leaves out: if it is the whole
// official list, their licences may have ended. The import leaves them as
// they are; the verifier opens each one.
function notInFile(rep) {
  const list = rep.not_in_file || [];
  if (!list.length) return null;
  return h('div', { 'data-testid': 'import-not-in-file' },
    h('h3', {}, t('import.not_in_file_title', { n: rep.not_in_file_total })),
    notice('warn', t('import.not_in_file_hint')),
    h('ul', { class: 'rows' }, list.map((a) => h('li', {},
      h('a', { class: 'row', href: `/verify/agencies/${a.id}` },
        h('span', { class: 'row-main' }, h('strong', {}, agencyName(a)), h('span', { class: 'mono' }, a.licence_no)))))),
    rep.not_in_file_total > list.length ? h('p', { class: 'hint' }, t('import.and_more', { n: rep.not_in_file_total - list.length })) : null);
}

// Rows that make a listing look safer: the file then waits for a second person.
const needsSecond = (rep) => [...rep.added, ...rep.changed].filter((r) => r.needs_second_person).length;
const second = (r) => (r.needs_second_person ? h('span', { class: 'tag tag-second', 'data-testid': 'needs-second-person' }, ' ', t('trust.needs_second')) : null);

function tile(n, label, kind) {
  return h('div', { class: `tile${kind ? ` tile-${kind}` : ''}` }, h('span', { class: 'tile-num' }, String(n)), h('span', { class: 'tile-label' }, label));
}

async function exportCSV() {
  const res = await api('GET', '/agencies/export.csv', { raw: true });
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || 'agencies.csv';
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
