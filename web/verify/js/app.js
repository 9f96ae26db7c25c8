// The verifier console: one page, screens chosen by the address
// (/verify/agencies/12 ...), so reload and back work.
import { h, clear, errorNotice } from './dom.js';
import { t, setLang, initialLang, lang, LANGS } from './i18n.js';
import { api, session, clearSession } from './api.js';
import * as login from './screens/login.js';
import * as dashboard from './screens/dashboard.js';
import * as agencies from './screens/agencies.js';
import * as agency from './screens/agency.js';
import * as deleted from './screens/deleted.js';
import * as importer from './screens/import.js';
import * as reports from './screens/reports.js';
import * as report from './screens/report.js';
import * as audit from './screens/audit.js';
import * as users from './screens/users.js';
import * as content from './screens/content.js';

const routes = [
  { path: '/verify/login', screen: login, public: true },
  { path: '/verify', screen: dashboard, nav: 'dashboard' },
  { path: '/verify/agencies', screen: agencies, nav: 'agencies' },
  { path: '/verify/agencies/deleted', screen: deleted, nav: 'agencies' },
  { path: '/verify/agencies/:id', screen: agency, nav: 'agencies' },
  { path: '/verify/import', screen: importer, nav: 'import' },
  { path: '/verify/reports', screen: reports, nav: 'reports' },
  { path: '/verify/reports/:id', screen: report, nav: 'reports' },
  { path: '/verify/audit', screen: audit, nav: 'audit' },
  { path: '/verify/users', screen: users, nav: 'users', admin: true },
  { path: '/verify/content', screen: content, nav: 'content', admin: true },
  { path: '/verify/content/:kind', screen: content, nav: 'content', admin: true },
  { path: '/verify/content/:kind/:id', screen: content, nav: 'content', admin: true },
];

const navItems = [
  { key: 'dashboard', href: '/verify' },
  { key: 'agencies', href: '/verify/agencies' },
  { key: 'import', href: '/verify/import' },
  { key: 'reports', href: '/verify/reports' },
  { key: 'audit', href: '/verify/audit' },
  { key: 'users', href: '/verify/users', admin: true },
  { key: 'content', href: '/verify/content', admin: true },
];

function match(pathname) {
  const path = pathname.replace(/\/+$/, '') || '/verify';
  for (const r of routes) {
    const want = r.path.split('/');
    const got = path.split('/');
    if (want.length !== got.length) continue;
    const params = {};
    if (want.every((seg, i) => (seg.startsWith(':') ? ((params[seg.slice(1)] = decodeURIComponent(got[i])), true) : seg === got[i]))) {
      return { route: r, params };
    }
  }
  return null;
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  const root = document.getElementById('app');
  const m = match(location.pathname);
  const s = session();
  if (!m) {
    navigate('/verify', { replace: true });
    return;
  }
  if (!m.route.public && !s) {
    const next = location.pathname + location.search;
    navigate(`/verify/login${next !== '/verify' ? `?next=${encodeURIComponent(next)}` : ''}`, { replace: true });
    return;
  }
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const shell = [header(s), m.route.public ? null : nav(m.route.nav, s), main];
  clear(root).append(...shell.filter(Boolean));
  root.classList.toggle('public', Boolean(m.route.public));
  document.title = `${t(`nav.${m.route.nav || 'login'}`)} · ${t('app.name')}`;
  if (m.route.admin && s.user.role !== 'admin') {
    main.append(h('div', { class: 'notice notice-error', role: 'alert' }, t('error.admin_only')));
    return;
  }
  const ctx = { params: m.params, query: new URLSearchParams(location.search), user: s && s.user, navigate, rerender: render, main };
  try {
    const node = await m.route.screen.render(ctx);
    if (seq !== renderSeq) return; // a newer navigation won
    if (node) main.append(node);
  } catch (err) {
    if (seq !== renderSeq) return;
    if (err.status === 401) return; // session-ended takes over
    main.append(errorNotice(err));
  }
  if (document.activeElement === document.body) main.focus({ preventScroll: true });
}

function header(s) {
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: '/verify' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '✓'), h('span', {}, t('app.name'), h('small', {}, t('app.console')))),
    h('div', { class: 'top-actions' },
      h('div', { class: 'langs', role: 'group', 'aria-label': t('lang.choose') },
        LANGS.map((l) => h('button', {
          type: 'button', class: `lang${l.code === lang() ? ' on' : ''}`, lang: l.code, 'aria-pressed': l.code === lang() ? 'true' : 'false',
          'data-testid': `lang-${l.code}`,
          onclick: async () => { await setLang(l.code, true); render(); },
        }, l.name))),
));
}

function nav(active, s) {
  return h('nav', { class: 'nav', 'aria-label': t('nav.label') },
    h('div', { class: 'who' },
      h('p', {}, s.user.name || s.user.email, h('span', { class: 'role' }, t(`role.${s.user.role}`))),
      h('button', { type: 'button', class: 'btn btn-quiet btn-small signout', 'data-testid': 'signout', onclick: signOut }, t('auth.signout'))),
    h('ul', {}, navItems.filter((n) => !n.admin || s.user.role === 'admin').map((n) => h('li', {},
      h('a', { href: n.href, 'data-testid': `nav-${n.key}`, 'aria-current': n.key === active ? 'page' : null }, t(`nav.${n.key}`))))));
}

async function signOut() {
  try { await api('POST', '/auth/logout'); } catch { /* the session ends here either way */ }
  clearSession();
  navigate('/verify/login');
}

// Links inside the console change screens without reloading.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/verify')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', render);
window.addEventListener('session-ended', () => {
  const next = location.pathname + location.search;
  navigate(`/verify/login?ended=1&next=${encodeURIComponent(next)}`, { replace: true });
});

setLang(initialLang()).then(render);
