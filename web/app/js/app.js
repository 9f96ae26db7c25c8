// Pai Dee Ma Dee: start-up, the router (History API: every screen has its
// own address), the frame around every screen (quick exit, banners) and the
// hooks for tests (window.paidee).
import { h, icon, clear } from './dom.js';
import { t, detectLang, loadLang, getLang, showLang, fmtDate, LANGS } from './i18n.js';
import { bus, data, loadAll, loadMeta, hasData, demoState, setDemoStep, endDemo, outboxAll, setLocal, mineAll } from './store.js';

// Talking to the server is loaded when it is needed (after the first screen).
const sync = () => import('./sync.js');

// The agency search index is built in idle moments as soon as the list is
// on the phone (js/search.js prepare), so the first search finds it ready.
// Not before the page has loaded, so the first visit does not wait for it.
let searchPrep = false;
function prepareSearch() {
  if (!searchPrep || !data.agencies.length) return;
  whenServedByWorker()
    .then(() => import('./search.js'))
    .then((s) => s.prepare(data.agencies))
    .catch((err) => console.warn('search index', err));
}

// On a first visit the service worker is still storing the app. Modules
// the page loads later wait until the worker serves the page, so each file
// crosses the network once (not once for the page and once for the worker).
// A worker that never takes over (none, or an error) delays them 20 s at most.
function whenServedByWorker() {
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
  if (!sw || sw.controller) return Promise.resolve();
  return new Promise((res) => {
    sw.addEventListener('controllerchange', () => res(), { once: true });
    setTimeout(res, 20000);
  });
}

const ROUTES = [
  [/^\/$/, 'home', 'light'], // 'light': the first render needs no lists (agencies, contacts ...)
  [/^\/checklist$/, 'checklist'],
  [/^\/job-check$/, 'jobcheck'],
  [/^\/agencies$/, 'agencies'],
  [/^\/a\/(.+)$/, 'agency'],
  [/^\/help$/, 'help'],
  [/^\/help\/phrases$/, 'phrases'],
  [/^\/report$/, 'report'],
  [/^\/about$/, 'about'],
  [/^\/demo$/, 'demo'],
  [/^\/costs$/, 'costs'],
];

// The steps of a demonstration, for outreach workers (see screens/demo.js).
// Example agencies come from the demo listings on the phone.
const demoAgency = (st) => data.agencies.find((a) => a.demo && a.status === st && (a.phones || []).length) ||
  data.agencies.find((a) => a.status === st);
export const DEMO_STEPS = [
  { key: 'checklist', url: () => '/checklist' },
  { key: 'jobcheck', url: () => '/job-check' },
  { key: 'agency_ok', url: () => { const a = demoAgency('licensed'); return a ? '/a/' + encodeURIComponent(a.licence_no) : '/agencies'; } },
  { key: 'agency_search', url: () => { const a = demoAgency('illegal'); return '/agencies?q=' + encodeURIComponent(a ? a.phones[0] : ''); } },
  { key: 'agency_unknown', url: () => '/agencies?q=' + encodeURIComponent('Somchai Quick Jobs') },
  { key: 'help', url: () => '/help' },
  { key: 'phrases', url: () => '/help/phrases' },
  { key: 'report', url: () => '/report' },
  { key: 'share', url: () => '/about' },
];

const main = document.getElementById('main');
let current = null; // {name, mod, path, search}
let dirty = false;

function match(path) {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const [re, name, light] of ROUTES) {
    const m = p.match(re);
    if (m) return { name, light: !!light, params: m.slice(1).map((x) => { try { return decodeURIComponent(x); } catch { return x; } }) };
  }
  return null;
}

const screen = (name) => import(`./screens/${name}.js`);

/** Go to a screen of the app. */
export function navigate(url, opts = {}) {
  const u = new URL(url, location.href);
  if (opts.replace) history.replaceState({}, '', u.pathname + u.search + u.hash);
  else {
    history.replaceState({ ...(history.state || {}), scroll: window.scrollY }, '');
    history.pushState({}, '', u.pathname + u.search + u.hash);
  }
  return render({ focus: !opts.replace, scrollTop: !opts.replace });
}

/** Change the query of the current screen without a new history entry. */
export function setQuery(params) {
  const u = new URL(location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v == null || v === '') u.searchParams.delete(k); else u.searchParams.set(k, v);
  }
  history.replaceState(history.state, '', u.pathname + u.search);
}

let renderSeq = 0;

async function render(opts = {}) {
  const seq = ++renderSeq;
  const route = match(location.pathname);
  const ctx = {
    params: route ? route.params : [],
    query: new URLSearchParams(location.search),
    navigate, setQuery, rerender: () => render({ keepFocus: true }),
  };
  let node;
  let title;
  if (!route) {
    title = t('notfound.title');
    node = h('section', h('h1', { tabindex: '-1' }, title), h('p', t('notfound.text')),
      h('p', h('a.button', { href: '/' }, icon('house'), t('nav.home'))));
    current = { name: 'notfound' };
  } else {
    if (!route.light) {
      // The lists come from the phone; the first visit also asks the server at once.
      if (!hasData() && online) startSync();
      await loadAll().catch((err) => console.warn('local data', err));
    }
    const mod = await screen(route.name);
    if (seq !== renderSeq) return; // a newer navigation won
    current = { name: route.name, mod };
    const out = mod.render(ctx);
    node = out.node || out;
    title = out.title;
  }
  const active = document.activeElement;
  const focusKey = opts.keepFocus && active && main.contains(active) && (active.id || active.getAttribute('data-key'));
  showLang();
  clear(main).append(node);
  document.title = title ? `${title} — ${t('app.name')}` : t('app.name');
  updateShell();
  dirty = false;
  const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target !== main) target.scrollIntoView();
  else if (opts.scrollTop) window.scrollTo(0, 0);
  else if (opts.restoreScroll && history.state && history.state.scroll != null) window.scrollTo(0, history.state.scroll);
  if (focusKey) {
    const el = document.getElementById(focusKey) || main.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (el) el.focus();
  } else if (opts.focus) {
    const h1 = main.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
  }
}

/** Re-render the screen after new data, unless someone is typing in it. */
function refresh() {
  const a = document.activeElement;
  if (a && main.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== 'checkbox' && a.type !== 'radio') {
    dirty = true;
    return;
  }
  render({ keepFocus: true });
}

// ---- the frame: quick exit, language, banners

/**
 * Quick exit: replace the page at once with a neutral page. location.replace
 * drops the current entry from history; if "back" later brings an app page
 * back, it leaves again at once (see the pageshow check below).
 */
function quickExit(e) {
  if (e) e.preventDefault();
  try { sessionStorage.setItem('paidee.exit', '1'); } catch { /* ignore */ }
  // What the worker was typing leaves the phone too (a report already sent
  // or waiting in the outbox stays: it must not be lost).
  setLocal('report.draft', null);
  try { for (const k of ['paidee.report.draft', 'paidee.demo.report.draft']) localStorage.removeItem(k); } catch { /* blocked */ }
  document.title = '';
  clear(main);
  location.replace('/weather.html');
}

function leftByQuickExit() {
  try { return sessionStorage.getItem('paidee.exit') === '1'; } catch { return false; }
}

export async function setLang(l) {
  await loadLang(l, true);
  await render({ keepFocus: true });
}

function updateShell() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.querySelector('meta[name="description"]')?.setAttribute('content', t('app.tagline'));
  updateBanners();
}

let online = navigator.onLine;

function updateBanners() {
  const box = document.getElementById('banners');
  clear(box);
  const demo = demoState();
  if (demo) {
    const i = Math.min(demo.step || 0, DEMO_STEPS.length - 1);
    const step = DEMO_STEPS[i];
    const go = (n) => () => { setDemoStep(n); navigate(DEMO_STEPS[n].url()); };
    box.append(h('div.demo-banner', { 'data-testid': 'demo-banner', role: 'status' },
      h('p.demo-title', icon('play'), h('strong', t('demo.banner')), ' ', t('demo.step_of', { n: i + 1, total: DEMO_STEPS.length })),
      h('p.demo-step', t(`demo.step.${step.key}`)),
      h('div.demo-nav',
        i > 0 ? h('button.small', { type: 'button', onclick: go(i - 1) }, icon('back'), t('demo.prev')) : null,
        i < DEMO_STEPS.length - 1 ? h('button.small', { type: 'button', onclick: go(i + 1) }, t('demo.next'), icon('next')) : null,
        h('button.small', { type: 'button', onclick: () => { endDemo(); navigate('/demo'); }, 'data-testid': 'demo-end' }, icon('x'), t('demo.end')))));
  }
  const synced = data.meta && data.meta.synced_at;
  if (data.refused) {
    box.append(h('div.tamper-warning', { 'data-testid': 'tamper-warning', role: 'alert' },
      h('p', icon('warning'), h('strong', t('trust.refused_title'))),
      h('p', hasData() ? t('trust.refused_kept', { date: fmtDate(synced) }) : t('trust.refused_nodata')),
      h('p', t('trust.refused_what'))));
  }
  if (!online) {
    box.append(h('p.offline-badge', { 'data-testid': 'offline-badge', role: 'status' }, icon('offline'),
      hasData() ? t('offline.badge', { date: fmtDate(synced, false) }) : t('offline.badge_nodata')));
  }
  if (hasData() && synced && Date.now() - new Date(synced).getTime() > 30 * 864e5) {
    box.append(h('p.stale-note', { 'data-testid': 'stale-note', role: 'status' }, icon('warning'),
      h('span', h('strong', t('stale.title', { date: fmtDate(synced) })), ' ', t('stale.text'))));
  }
  if (!hasData() && online && current && current.name !== 'home') {
    // At the bottom of the screen, over the content: when the data arrives
    // and it goes, nothing on the screen moves.
    box.append(h('p.stale-note.loading-note', { 'data-testid': 'no-data', role: 'status' }, icon('refresh'), t('nodata.loading')));
  }
}

// ---- service worker and the "update available" prompt

function showUpdate(worker) {
  const bar = document.getElementById('update');
  clear(bar).append(
    h('p', icon('refresh'), t('update.text')),
    h('button', { type: 'button', 'data-testid': 'update-reload', onclick: () => worker.postMessage({ type: 'skip-waiting' }) }, t('update.reload')));
  bar.hidden = false;
}

async function registerSW() {
  if (!('serviceWorker' in navigator)) return;
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const had = !!navigator.serviceWorker.controller;
    if (reg.waiting && had) showUpdate(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener('statechange', () => {
        if (w.state === 'installed' && navigator.serviceWorker.controller) showUpdate(w);
      });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (had && !reloading) { reloading = true; location.reload(); }
    });
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'outbox-changed') bus.dispatchEvent(new Event('outbox'));
    });
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') reg.update().catch(() => {}); });
  } catch (err) {
    console.warn('service worker', err);
  }
}

// ---- start

export async function syncNow() {
  const s = await sync();
  await s.syncBundle();
  await s.flushOutbox();
  await checkMine();
}

// After every sync (and so at every start): the saved agencies against the
// phone's own copy. The code is loaded only on a phone that saved one; never throws.
const checkMine = () => mineAll().then((l) => (l.length ? import('./mine.js').then((m) => m.checkMine()) : 0))
  .catch((err) => console.warn('mine', err));

let syncRun = null;
let syncs = 0;
const RESYNC_MS = 5 * 60 * 1000;
/** Sync unless a sync started here is still running; never throws. */
function startSync() {
  if (!syncRun) {
    syncs++;
    syncRun = syncNow().catch((err) => console.warn('sync', err)).finally(() => { syncRun = null; });
  }
  return syncRun;
}

/** After the page's load event, when the main thread is idle. */
function afterLoad() {
  const loaded = document.readyState === 'complete' ? Promise.resolve()
    : new Promise((r) => window.addEventListener('load', r, { once: true }));
  return loaded.then(() => new Promise((r) => {
    if (window.requestIdleCallback) requestIdleCallback(() => r(), { timeout: 1000 });
    else setTimeout(r, 100);
  }));
}

async function outboxCount() {
  return (await outboxAll()).filter((x) => x.status === 'pending').length;
}

let resolveReady;
const ready = new Promise((r) => { resolveReady = r; });
let resolveRendered;
const rendered = new Promise((r) => { resolveRendered = r; });
// Test hooks: rendered = the first screen is on the page; ready = the local
// data is loaded too (on a first visit: the data bundle has arrived).
window.paidee = { ready, rendered, syncNow, outboxCount };

async function start() {
  // Back into the app after a quick exit leaves again at once. Only "back"
  // needs the flag at start-up: the first touch of sessionStorage can block
  // for a long moment, so other visits clear it later (see below).
  const entry = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  if (entry && entry.type === 'back_forward' && leftByQuickExit()) { quickExit(); return; }
  window.addEventListener('pageshow', (e) => { if (e.persisted && leftByQuickExit()) quickExit(); });
  document.getElementById('quick-exit').addEventListener('click', quickExit);

  // The catalog, the local data and the first screen's module load side by side.
  const route = match(location.pathname);
  const langP = loadLang(detectLang()).catch((err) => { console.error(err); return loadLang('lo'); });
  const dataP = (route && !route.light ? loadAll() : loadMeta()).catch((err) => console.warn('local data', err));
  const modP = route ? screen(route.name).catch(() => null) : null;
  await Promise.all([langP, dataP, modP]);

  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && e.shiftKey) quickExit(); });
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.target || a.hasAttribute('download')) return;
    const u = new URL(a.href, location.href);
    if (u.hash && u.pathname === location.pathname && u.search === location.search) return; // a link within the page
    if (u.origin !== location.origin || /^\/(api|verify)(\/|$)/.test(u.pathname) || /\.\w+$/.test(u.pathname)) return;
    e.preventDefault();
    navigate(u.pathname + u.search + u.hash);
  });
  window.addEventListener('popstate', () => render({ restoreScroll: true, focus: true }));
  window.addEventListener('online', () => { online = true; updateBanners(); syncNow(); });
  window.addEventListener('offline', () => { online = false; updateBanners(); });
  bus.addEventListener('data', () => { if (current) refresh(); prepareSearch(); });
  bus.addEventListener('meta', () => updateBanners());
  bus.addEventListener('demo', () => updateBanners());
  main.addEventListener('focusout', () => { if (dirty) setTimeout(() => { if (dirty) refresh(); }, 0); });

  await render({});
  performance.mark('paidee:first-screen');
  resolveRendered();

  // Everything else waits until the first screen is up and the page has
  // loaded, so that on a slow network the first screen comes first: the
  // service worker (which downloads the whole app for offline use), the
  // lists for the next screens and the data bundle. A first visit to a
  // screen that needs the data has started the sync already (render).
  await afterLoad();
  // For measurements: requests started before this mark are the first load.
  performance.mark('paidee:after-load');
  if (leftByQuickExit()) {
    try { sessionStorage.removeItem('paidee.exit'); } catch { /* ignore */ }
  }
  registerSW();
  const hadData = hasData();
  await loadAll().catch((err) => console.warn('local data', err));
  searchPrep = true;
  prepareSearch();
  const first = syncs ? syncRun || Promise.resolve() : startSync(); // a deep link may have started it
  if (!hadData) await first; // the first visit waits for the data once
  resolveReady();
  if (await outboxCount()) (await sync()).registerBackgroundSync();
  // An app left open picks up changes without a reload: when the worker
  // comes back to it, and now and then while it is on screen (only what
  // changed since our revision is sent).
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') startSync(); });
  setInterval(() => { if (document.visibilityState === 'visible') startSync(); }, RESYNC_MS);
}

start().catch((err) => {
  console.error(err);
  resolveRendered();
  resolveReady();
});

export { LANGS, getLang };
