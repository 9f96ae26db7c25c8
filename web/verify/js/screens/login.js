import { h, field, notice } from '../dom.js';
import { t } from '../i18n.js';
import { api, saveSession } from '../api.js';

export async function render({ query, navigate }) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, 'data-testid': 'login-email', inputmode: 'email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  if (query.get('ended')) msg.append(notice('info', t('auth.ended')));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit' }, t('auth.signin'));
  const form = h('form', {
    class: 'card form login', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      if (!email.value.trim() || !password.value) {
        msg.append(notice('error', t('auth.fill_both')));
        return;
      }
      submit.disabled = true;
      try {
        const ans = await api('POST', '/auth/login', { json: { email: email.value.trim(), password: password.value } });
        saveSession(ans);
        const next = query.get('next');
        navigate(next && next.startsWith('/verify') && !next.startsWith('/verify/login') ? next : '/verify', { replace: true });
      } catch (err) {
        password.value = '';
        if (err.status === 429) msg.append(notice('error', t('auth.throttled', { minutes: Math.max(1, Math.ceil(err.retryAfter / 60)) })));
        else if (err.status === 401) msg.append(notice('error', t('auth.bad_login')));
        else if (err.status === 0) msg.append(notice('error', t('error.offline')));
        else msg.append(notice('error', err.message));
        password.focus();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h1', {}, t('auth.title')),
  h('p', { class: 'lead' }, t('auth.lead')),
  msg,
  field(t('auth.email'), email, { name: 'email' }),
  field(t('auth.password'), password, { name: 'password' }),
  submit,
  h('p', { class: 'hint' }, t('auth.help')));
  setTimeout(() => email.focus(), 0);
  return h('div', { class: 'narrow' }, form);
}
