import { h, field, fmtTime, notice, showErrors, errorNotice } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

export async function render({ user, rerender }) {
  const list = await api('GET', '/users');
  return h('div', { class: 'stack' },
    h('h1', {}, t('nav.users')),
    h('p', { class: 'lead' }, t('users.lead')),
    h('ul', { class: 'rows card' }, list.items.map((u) => h('li', { 'data-testid': 'user-row' }, userEditor(u, user, rerender)))),
    createForm(rerender));
}

function roleSelect(value) {
  return h('select', { name: 'role' }, ['verifier', 'admin'].map((r) => h('option', { value: r, selected: r === value }, t(`role.${r}`))));
}

function userEditor(u, me, rerender) {
  const name = h('input', { type: 'text', name: 'name', value: u.name, maxlength: 100 });
  const role = roleSelect(u.role);
  const active = h('input', { type: 'checkbox', name: 'active', checked: u.active });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 10 });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      const body = {};
      if (name.value.trim() !== u.name) body.name = name.value.trim();
      if (role.value !== u.role) body.role = role.value;
      if (active.checked !== u.active) body.active = active.checked;
      if (password.value) body.password = password.value;
      if (!Object.keys(body).length) { msg.append(notice('info', t('agency.nothing_changed'))); return; }
      try {
        await api('PATCH', `/users/${u.id}`, { json: body });
        rerender();
      } catch (err) {
        if (err.status === 422) {
          const rest = showErrors(form, err.problems);
          if (Object.keys(rest).length || !Object.keys(err.fields).length) msg.append(notice('error', err.message));
        } else msg.append(errorNotice(err));
      }
    },
  },
  field(t('users.name'), name, { name: 'name' }),
  h('div', { class: 'two' }, field(t('users.role'), role, { name: 'role' }),
    h('div', { class: 'field', 'data-field': 'active' }, h('label', { class: 'check' }, active, ' ', t('users.active')), h('p', { class: 'field-error' }))),
  field(t('users.reset'), password, { name: 'password', hint: t('users.reset_hint') }),
  msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.save'))));
  return h('details', { class: 'user' },
    h('summary', {}, h('span', { class: 'row-main' }, h('strong', {}, u.name || u.email), h('span', { class: 'mono' }, u.email),
      h('span', { class: 'muted' }, t('users.since', { date: fmtTime(u.created_at) }))),
    h('span', { class: 'row-side' }, h('span', { class: `role-badge role-${u.role}` }, t(`role.${u.role}`)),
      u.active ? null : h('span', { class: 'inactive' }, t('users.inactive')), u.id === me.id ? h('span', { class: 'you' }, t('users.you')) : null)),
    form);
}

function createForm(rerender) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'name', maxlength: 100 });
  const role = roleSelect('verifier');
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 10 });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      try {
        await api('POST', '/users', { json: { email: email.value.trim(), name: name.value.trim(), role: role.value, password: password.value } });
        rerender();
      } catch (err) {
        if (err.status === 422 || err.status === 409) showErrors(form, err.problems);
        else msg.append(errorNotice(err));
      }
    },
  },
  h('h2', {}, t('users.add')),
  field(t('users.email'), email, { name: 'email', required: true }),
  field(t('users.name'), name, { name: 'name' }),
  field(t('users.role'), role, { name: 'role' }),
  field(t('users.password'), password, { name: 'password', required: true, hint: t('users.password_hint') }),
  msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'user-create' }, t('users.create'))));
  return form;
}
