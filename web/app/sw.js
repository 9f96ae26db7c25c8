// Service worker: keeps the whole app on the phone so it opens with no
// network. The server replaces __PAIDEE_VERSION__ with a hash of every app
// file, so each change of the app gets a fresh cache.
const VERSION = '__PAIDEE_VERSION__';
const CACHE = 'paidee-' + VERSION;
// The server puts here the ETag of every file of this version (path → ETag).
const ETAGS = /*__PAIDEE_ETAGS__*/ {};

// What counts as a change to a saved agency (shared with the page).
importScripts('/js/mine-rules.js');

// Every file the app needs (check.mjs in i18n/ checks this list). The PNG
// icons are not here: only the browser needs them, once, when the app is
// installed (it fetches what the manifest names then); no screen shows
// them, offline or not. That keeps ~30 KB off a first visit on 2G.
// The document is kept as '/', the address a first visit opens: the
// worker's copy is then a 304 for the page the browser has just loaded,
// not a second download of the same file under another name.
const SHELL = [
  '/',
  '/weather.html',
  '/manifest.webmanifest',
  '/css/app.css',
  '/css/neutral.css',
  '/js/weather.js',
  '/js/app.js',
  '/js/dom.js',
  '/js/icons.js',
  '/js/i18n.js',
  '/js/store.js',
  '/js/sync.js',
  '/js/verify.js',
  '/trust.json',
  '/js/search.js',
  '/search-rules.json',
  '/js/status.js',
  '/js/qr.js',
  '/js/screens/home.js',
  '/js/screens/checklist.js',
  '/js/screens/jobcheck.js',
  '/js/screens/agencies.js',
  '/js/screens/agency.js',
  '/js/screens/help.js',
  '/js/screens/phrases.js',
  '/js/screens/report.js',
  '/js/screens/about.js',
  '/js/screens/demo.js',
  '/js/screens/costs.js',
  '/js/mine.js',
  '/js/mine-rules.js',
  '/i18n/lo.json',
  '/i18n/th.json',
  '/i18n/en.json',
  '/icons/icon.svg',
  '/js/voicebtn.js',
];

// Files loaded only when needed, so not part of a first visit: kept in this
// cache once fetched, and carried into the next version's cache at its
// install if the phone had them. voice.js: where there are voice clips.
// The vendored Ed25519 verifier: only where WebCrypto lacks Ed25519 (older
// browsers), and only to check data just come over the network, so never
// needed offline (5 KB off every first visit).
const ON_DEMAND = [
  '/js/voice.js',
  '/js/vendor/ed25519.js',
];

// Voice clips the worker chose to keep for offline use (voice.js fills
// it). Not named paidee-…: an update of the app must not delete them.
const VOICE = 'voice-clips-1';
const CLIP = /^\/api\/v1\/clips\/[0-9a-f]{64}$/;

// The home screen says "ready without internet" only once every file is
// here: the installing worker tells the pages how far it is, and any worker
// answers "precache-status" with what its cache really holds.
async function tell(msg) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })) c.postMessage(msg);
}

async function cached(cache) {
  let n = 0;
  for (const u of SHELL) if (await cache.match(u)) n++;
  return n;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let done = await cached(cache);
    tell({ type: 'precache', done, total: SHELL.length });
    try {
      await Promise.all(SHELL.map(async (u) => {
        if (await cache.match(u)) return;
        // A file the page has just loaded is in the browser's cache: taken
        // from there with no request at all when its ETag is this
        // version's (a copy from an older version never is); any other is
        // asked of the server (cache: 'no-cache': a 304 if the browser's
        // copy is still right, else the file).
        let res = ETAGS[u] ? await fetch(new Request(u, { cache: 'force-cache' })).catch(() => null) : null;
        if (!res || !res.ok || res.headers.get('ETag') !== ETAGS[u]) res = await fetch(new Request(u, { cache: 'no-cache' }));
        if (!res.ok) throw new Error(`precache ${u}: HTTP ${res.status}`);
        await cache.put(u, res);
        tell({ type: 'precache', done: ++done, total: SHELL.length });
      }));
    } catch (err) {
      await caches.delete(CACHE); // all or nothing, as addAll: a half cache never becomes active
      throw err;
    }
    for (const u of ON_DEMAND) {
      if (await cache.match(u) || !(await caches.match(u))) continue;
      try {
        const res = await fetch(new Request(u, { cache: 'no-cache' }));
        if (res.ok) await cache.put(u, res);
      } catch { /* fetched again when it is next needed */ }
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('paidee-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'precache-status' && event.ports[0]) {
    event.waitUntil(caches.open(CACHE).then(cached).then((done) => event.ports[0].postMessage({ done, total: SHELL.length })));
  }
});

const NAV_TIMEOUT = 3000;

async function fromCache(cache, request) {
  const path = new URL(request.url).pathname;
  return (path.includes('.') && (await cache.match(path))) || cache.match('/');
}

async function navigation(request) {
  const cache = await caches.open(CACHE);
  if (self.navigator && self.navigator.onLine === false) {
    const hit = await fromCache(cache, request);
    if (hit) return hit;
  }
  const fromNet = fetch(request);
  try {
    const res = await Promise.race([
      fromNet,
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), NAV_TIMEOUT)),
    ]);
    if (res.ok) return res;
    throw new Error('HTTP ' + res.status);
  } catch {
    fromNet.catch(() => {}); // a late answer is ignored
    return (await fromCache(cache, request)) || fromNet;
  }
}

async function asset(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(request);
  const path = new URL(request.url).pathname;
  if (res.ok && ON_DEMAND.includes(path)) {
    const copy = res.clone();
    caches.open(CACHE).then((c) => c.put(path, copy)).catch(() => {});
  }
  return res;
}

// A clip from the voice cache, with Range (the media element asks for
// bytes=0- and seeks), else from the network.
async function clip(request) {
  const path = new URL(request.url).pathname;
  const hit = await caches.match(path, { cacheName: VOICE }); // never creates the cache
  if (!hit) return fetch(request);
  const range = /^bytes=(\d*)-(\d*)$/.exec((request.headers.get('Range') || '').trim());
  if (!range || (range[1] === '' && range[2] === '')) return hit;
  const buf = await hit.arrayBuffer();
  const n = buf.byteLength;
  let start = Number(range[1]);
  let end = range[2] === '' ? n - 1 : Math.min(Number(range[2]), n - 1);
  if (range[1] === '') { start = Math.max(0, n - Number(range[2])); end = n - 1; }
  if (start >= n || end < start) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${n}` } });
  return new Response(buf.slice(start, end + 1), {
    status: 206,
    headers: { 'Content-Type': hit.headers.get('Content-Type') || 'application/octet-stream', 'Content-Range': `bytes ${start}-${end}/${n}`,
      'Content-Length': String(end - start + 1), 'Accept-Ranges': 'bytes' },
  });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin === self.location.origin && CLIP.test(url.pathname)) { event.respondWith(clip(req)); return; }
  // Data and the verifier console (/verify, signed in, online only) go straight to the network.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') ||
    url.pathname === '/verify' || url.pathname.startsWith('/verify/')) return;
  if (req.mode === 'navigate') event.respondWith(navigation(req));
  else event.respondWith(asset(req));
});

// Background Sync: send reports that wait in the outbox, even when the app
// is closed. Each has its own Idempotency-Key, so a report the page sends at
// the same moment still arrives only once.
self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(sendOutbox());
});

function idb(mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('paidee');
    // Never create the database here: the page creates it with its stores,
    // and an empty one made first would stop that upgrade from running.
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve([]); return; }
      const tx = db.transaction('outbox', mode);
      const req = fn(tx.objectStore('outbox'));
      tx.oncomplete = () => { db.close(); resolve(req && req.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    };
  });
}

async function sendOutbox() {
  const items = (await idb('readonly', (s) => s.getAll())) || [];
  let retry = false;
  for (const item of items) {
    if (item.status !== 'pending') continue;
    let res;
    try {
      res = await fetch('/api/v1/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.key },
        body: JSON.stringify(item.body),
      });
    } catch { retry = true; continue; }
    let json = null;
    try { json = await res.json(); } catch { /* not JSON */ }
    let next;
    if (res.ok && json && json.receipt) {
      next = { key: item.key, status: 'sent', receipt: json.receipt, created_at: item.created_at, sent_at: new Date().toISOString() };
    } else if (res.status === 429 || res.status >= 500 || !json) {
      retry = true;
      continue;
    } else {
      next = { ...item, status: 'rejected', error: json.error || { code: 'http_' + res.status } };
    }
    await idb('readwrite', (s) => s.put(next));
  }
  for (const c of await self.clients.matchAll()) c.postMessage({ type: 'outbox-changed' });
  if (retry) throw new Error('some reports must wait'); // the browser retries later
}

// ---- my agencies, while the app is closed (Periodic Background Sync,
// where the browser has it and the app is installed): fetch the changes
// since the phone's revision (the same request any phone makes; it names
// no agency), check their signature with the pinned key, and compare the
// saved agencies with them. A change is kept for the home screen and shown
// as a notification if the worker allowed it. The page applies the data
// itself at the next open; it finds these changes already noted.
self.addEventListener('periodicsync', (event) => {
  if (event.tag === 'paidee-mine') event.waitUntil(mineCheck().catch(() => {}));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const url = (event.notification.data && event.notification.data.url) || '/';
    for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      if ('focus' in c) { await c.focus(); if ('navigate' in c) await c.navigate(url).catch(() => {}); return; }
    }
    await self.clients.openWindow(url);
  })());
});

function openData() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('paidee');
    open.onupgradeneeded = () => open.transaction.abort(); // only the page creates it
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('mine')) { db.close(); resolve(null); return; }
      resolve(db);
    };
    open.onblocked = () => reject(new Error('blocked'));
  });
}

function req(r) {
  return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

// The bundle's signature by the pinned key. WebCrypto only: a browser
// without Ed25519 there leaves the check to the page at the next open.
async function signedBy(body, header, key) {
  try {
    const parts = {};
    for (const p of String(header || '').split(';')) {
      const i = p.indexOf('=');
      if (i > 0) parts[p.slice(0, i).trim()] = p.slice(i + 1).trim();
    }
    if (!parts.keyid || !parts.sig || parts.keyid !== key.key_id) return false;
    const k = await crypto.subtle.importKey('raw', b64(key.public_key), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, k, b64(parts.sig), body);
  } catch {
    return false;
  }
}

async function mineCheck() {
  const db = await openData();
  if (!db) return;
  try {
    const kv = db.transaction(['kv', 'mine']);
    const [meta, trust, words, entries] = await Promise.all([req(kv.objectStore('kv').get('meta')), req(kv.objectStore('kv').get('trust')),
      req(kv.objectStore('kv').get('mine-notify')), req(kv.objectStore('mine').getAll())]);
    if (!entries.length || !meta || meta.revision == null || !trust) return;
    const at = meta.revision_at ? `&at=${encodeURIComponent(meta.revision_at)}` : '';
    const res = await fetch(`/api/v1/bundle?since=${meta.revision}${at}`, { cache: 'no-store' });
    if (!res.ok) return;
    const body = new Uint8Array(await res.arrayBuffer());
    if (!(await signedBy(body, res.headers.get('X-Paidee-Signature'), trust))) return;
    const b = JSON.parse(new TextDecoder().decode(body));
    // Another database, an older answer played back, or a delta from
    // elsewhere: the page sorts that out at the next open.
    if (b.dataset !== meta.dataset || (b.log_size || 0) < (meta.log_size || 0) || (!b.full && b.since !== meta.revision)) return;
    const fresh = new Map((b.agencies || []).map((a) => [a.id, a]));
    const gone = new Set((b.deleted && b.deleted.agencies) || []);
    const today = self.paideeMine.today();
    // Unchanged in this delta: the phone's own copy (a licence runs out by the date alone).
    const store = db.transaction('agencies').objectStore('agencies');
    const kept = new Map(await Promise.all(entries.filter((e) => !fresh.has(e.id) && !b.full && !gone.has(e.id))
      .map(async (e) => [e.id, (await req(store.get(e.id))) || null])));
    // By licence number (the page's rule, mine-rules.js): only when the id
    // does not give the same licence number; the phone's whole copy is read
    // once then, without the agencies this delta deletes.
    let all = null;
    const byLicence = async (lic) => {
      for (const a of fresh.values()) if (a.licence_no === lic) return a;
      if (b.full) return null;
      if (!all) all = (await req(db.transaction('agencies').objectStore('agencies').getAll())).filter((a) => !gone.has(a.id) && !fresh.has(a.id));
      return all.find((a) => a.licence_no === lic) || null;
    };
    let added = 0;
    const next = [];
    for (const e of entries) {
      const byId = fresh.get(e.id) || kept.get(e.id) || null;
      const a = self.paideeMine.listingOf(e, byId, byId && byId.licence_no === e.licence_no ? null : await byLicence(e.licence_no), meta.dataset);
      const r = self.paideeMine.check(e, a, today);
      added += r.added.length;
      // A corrected licence number is stored too, with or without a change to show.
      if (JSON.stringify(r.entry) !== JSON.stringify(e)) next.push(r.entry);
    }
    if (!next.length) return;
    const tx = db.transaction('mine', 'readwrite');
    for (const e of next) tx.objectStore('mine').put(e);
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'mine-changed' });
    if (added && words && self.Notification && Notification.permission === 'granted') {
      await self.registration.showNotification(words.title, { body: words.body, tag: 'paidee-mine', icon: '/icons/icon-192.png', data: { url: '/' } });
    }
  } finally {
    db.close();
  }
}
