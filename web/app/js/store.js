// Everything kept on the phone. The public data bundle (agencies, contacts,
// checklist, questions, phrases) and the report outbox live in IndexedDB;
// small personal state (checklist ticks, the report draft) in localStorage.
// In demonstration mode personal state goes to a separate namespace that is
// wiped when the demonstration ends, so the phone's own state is untouched.

export const bus = new EventTarget();
export const emit = (type, detail) => bus.dispatchEvent(new CustomEvent(type, { detail }));

const DB_NAME = 'paidee';
const KINDS = ['agencies', 'contacts', 'checklist', 'questions', 'phrases', 'cost_items'];
// Version 2 added cost_items and mine (the agencies the worker saved). The
// upgrade creates whatever store is missing, so it holds from any older version.
const DB_VERSION = 2;

/** The local copy of the data, in memory for instant screens. */
export const data = {
  meta: null, // {dataset, revision, revision_at, data_updated_at, synced_at, provinces, report_what, log_size, log_root}
  refused: null, // {at}: the last bundle received failed its signature check and was not stored
  trust: null, // the server's key, pinned on first use: {origin, key_id, public_key, verifier}
  agencies: [], contacts: [], checklist: [], questions: [], phrases: [], cost_items: [],
  // Voice clips' references (never the audio): a short list, kept whole in kv.
  clips: [],
};

let dbp = null;
function db() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        const has = (n) => d.objectStoreNames.contains(n);
        if (!has('kv')) d.createObjectStore('kv');
        for (const k of KINDS) if (!has(k)) d.createObjectStore(k, { keyPath: 'id' });
        if (!has('outbox')) d.createObjectStore('outbox', { keyPath: 'key' });
        if (!has('mine')) d.createObjectStore('mine', { keyPath: 'id' });
      };
      req.onsuccess = () => {
        const d = req.result;
        // A newer version of the app opened in another tab must not wait
        // on this one: let go, and open again (upgraded) when next needed.
        d.onversionchange = () => { d.close(); dbp = null; };
        resolve(d);
      };
      req.onerror = () => reject(req.error);
      // An older tab still holds the database at the old version: the
      // upgrade runs as soon as it lets go (closed or reloaded).
      req.onblocked = () => console.warn('IndexedDB: waiting for another tab of the app to close');
    });
  }
  return dbp;
}

const done = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
});
const result = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

/** Only the bundle's description (dataset, revision, dates): enough for the home screen. */
export async function loadMeta() {
  const d = await db();
  const kv = d.transaction('kv').objectStore('kv');
  const [meta, refused, trust, clips] = await Promise.all([result(kv.get('meta')), result(kv.get('refused')), result(kv.get('trust')), result(kv.get('clips'))]);
  if (!data.meta) data.meta = meta || null;
  if (!loaded) data.clips = clips || []; // home and About show the voice box
  data.refused = refused || null;
  data.trust = trust || null;
  return data.meta;
}

async function kvPut(key, value) {
  const d = await db();
  const tx = d.transaction('kv', 'readwrite');
  if (value == null) tx.objectStore('kv').delete(key); else tx.objectStore('kv').put(value, key);
  await done(tx);
}

/**
 * The server's public key, pinned in IndexedDB the first time the app runs
 * (it comes with the app shell, /trust.json, which the service worker
 * keeps). Later bundles must be signed by this key, whatever the network
 * or a new app shell says.
 */
export async function pinnedKey() {
  const d = await db();
  let key = await result(d.transaction('kv').objectStore('kv').get('trust'));
  if (key) return (data.trust = key);
  const res = await fetch('/trust.json');
  if (!res.ok) throw new Error(`trust.json: HTTP ${res.status}`);
  key = await res.json();
  if (!key || !key.key_id || !key.public_key) throw new Error('trust.json: no key');
  await kvPut('trust', key);
  return (data.trust = key);
}

/** Pin a new key (one the pinned key handed over to in a rotation note). */
export async function pinKey(key) {
  await kvPut('trust', key);
  data.trust = key;
}

/** Remember (or forget, with null) that a bundle was refused. */
export async function setRefused(r) {
  data.refused = r;
  await kvPut('refused', r);
  emit('meta');
}

// Records are read BATCH at a time: the copy out of the database happens on
// the main thread, and 10,000 agencies in one piece would block it.
const BATCH = 500;
function readAll(store) {
  return new Promise((resolve, reject) => {
    const out = [];
    const next = (after) => {
      const req = store.getAll(after == null ? null : IDBKeyRange.lowerBound(after, true), BATCH);
      req.onsuccess = () => {
        const got = req.result;
        for (const r of got) out.push(r);
        if (got.length < BATCH) resolve(out); else next(got[got.length - 1].id);
      };
      req.onerror = () => reject(req.error);
    };
    next(null);
  });
}

let loadRun = null;
/** Load the stored bundle into memory (once; later changes come through applyBundle). */
export function loadAll() {
  if (!loadRun) {
    loadRun = (async () => {
      const d = await db();
      const tx = d.transaction(['kv', ...KINDS], 'readonly');
      const meta = result(tx.objectStore('kv').get('meta'));
      const refused = result(tx.objectStore('kv').get('refused'));
      const trust = result(tx.objectStore('kv').get('trust'));
      const clips = result(tx.objectStore('kv').get('clips'));
      const lists = KINDS.map((k) => readAll(tx.objectStore(k)));
      const m = (await meta) || null;
      data.refused = (await refused) || null;
      data.trust = (await trust) || data.trust;
      const got = await Promise.all(lists);
      if (loaded) return; // a bundle arrived meanwhile and is newer
      data.meta = m;
      data.clips = (await clips) || [];
      KINDS.forEach((k, i) => { data[k] = got[i]; });
      sortData();
      loaded = true; // no 'data' event: screens that need the lists wait for this promise
    })();
    loadRun.catch(() => { loadRun = null; });
  }
  return loadRun;
}
let loaded = false; // the lists are in memory (loadAll or applyBundle has run)

// Agencies by name, compared as plain lower-case strings: String.localeCompare
// (or building an Intl.Collator) loads collation data and made this sort the
// longest task of a first visit. The order only breaks ties between search
// results of the same rank.
const nameOf = (a) => String(a.name_en || a.name_lo || '').toLowerCase();

function sortData() {
  const byPos = (a, b) => (a.position || 0) - (b.position || 0) || a.id - b.id;
  data.checklist.sort(byPos);
  for (const s of data.checklist) (s.items || []).sort(byPos);
  data.questions.sort(byPos);
  data.phrases.sort(byPos);
  data.cost_items.sort(byPos);
  // Thailand first, then Laos; then the order the editors chose.
  data.contacts.sort((a, b) => (a.country === b.country ? 0 : a.country === 'TH' ? -1 : 1) || byPos(a, b));
  const named = data.agencies.map((a) => [nameOf(a), a]);
  named.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  data.agencies = named.map((x) => x[1]);
}

// Writes go in slices of at most SLICE ms of main-thread work (each put
// copies its record), so a big bundle never blocks taps for long.
const SLICE = 8;

/**
 * Run ops (each a function that places one request and returns it) in one
 * transaction, a slice at a time: the next slice starts from the success
 * event of the last request of the previous one, which keeps the
 * transaction alive while the page gets its turn in between.
 */
function runSliced(tx, ops) {
  const finished = done(tx);
  let i = 0;
  const step = () => {
    const until = performance.now() + SLICE;
    let last = null;
    while (i < ops.length) {
      last = ops[i++]();
      if (performance.now() > until) break;
    }
    if (i < ops.length) last.onsuccess = step;
  };
  step();
  return finished;
}

/**
 * Store a bundle from /api/v1/bundle in one transaction: a full bundle (or
 * one from another dataset) replaces everything, a partial one replaces
 * records by id and removes the deleted ones. The lists in memory are
 * updated from the bundle itself (no reading back).
 */
export async function applyBundle(b) {
  const d = await db();
  const full = b.full || !data.meta || data.meta.dataset !== b.dataset;
  if (!full) await loadAll(); // merging needs the current lists
  // What the log holds about each listing travels beside it in the bundle;
  // it is kept with the listing.
  if (b.agency_log) for (const rec of b.agencies || []) if (b.agency_log[rec.id]) rec.log = b.agency_log[rec.id];
  const tx = d.transaction(['kv', ...KINDS], 'readwrite');
  const ops = [];
  for (const k of KINDS) {
    const st = tx.objectStore(k);
    if (full) ops.push(() => st.clear());
    for (const rec of b[k] || []) ops.push(() => st.put(rec));
    if (!full) for (const id of (b.deleted && b.deleted[k]) || []) ops.push(() => st.delete(id));
  }
  const meta = {
    dataset: b.dataset,
    revision: b.revision,
    revision_at: b.revision_at || null,
    data_updated_at: b.data_updated_at || (data.meta && data.meta.data_updated_at) || null,
    synced_at: new Date().toISOString(),
    provinces: b.provinces || (data.meta && data.meta.provinces) || [],
    report_what: b.report_what || (data.meta && data.meta.report_what) || [],
    // District names in lo/th/en (full bundles only; null in a copy made
    // before they existed, which sync.js then replaces once).
    districts: b.districts || (data.meta && data.meta.districts) || null,
    log_size: b.log_size ?? null,
    log_root: b.log_root || null,
    two_person: b.two_person ?? (data.meta && data.meta.two_person) ?? null,
  };
  const clips = mergeClips(full, b);
  ops.push(() => tx.objectStore('kv').put(meta, 'meta'));
  ops.push(() => tx.objectStore('kv').put(clips, 'clips'));
  ops.push(() => tx.objectStore('kv').delete('refused'));
  await runSliced(tx, ops);
  for (const k of KINDS) {
    if (full) { data[k] = (b[k] || []).slice(); continue; }
    const gone = new Set((b.deleted && b.deleted[k]) || []);
    const fresh = new Map((b[k] || []).map((r) => [r.id, r]));
    const list = data[k].filter((r) => !gone.has(r.id) && !fresh.has(r.id));
    for (const r of fresh.values()) list.push(r);
    data[k] = list;
  }
  data.meta = meta;
  data.clips = clips;
  data.refused = null;
  loaded = true;
  sortData();
  await new Promise((r) => setTimeout(r, 0)); // the screens re-render in a task of their own
  emit('data');
}

/** The clip list after bundle b: replaced by id, deletions removed. */
function mergeClips(full, b) {
  if (full) return (b.clips || []).slice();
  const gone = new Set((b.deleted && b.deleted.clips) || []);
  const fresh = new Map((b.clips || []).map((c) => [c.id, c]));
  return data.clips.filter((c) => !gone.has(c.id) && !fresh.has(c.id)).concat([...fresh.values()]);
}

/** Remember that the server had nothing new (a 304 or an empty change set). */
export async function touchSynced() {
  if (!data.meta) return;
  data.meta = { ...data.meta, synced_at: new Date().toISOString() };
  const d = await db();
  const tx = d.transaction('kv', 'readwrite');
  tx.objectStore('kv').put(data.meta, 'meta');
  await done(tx);
  emit('meta');
}

export const hasData = () => !!(data.meta && data.meta.revision != null);

// ---- outbox (real reports only; demonstration reports never come here)

export async function outboxAll() {
  const d = await db();
  const list = await result(d.transaction('outbox').objectStore('outbox').getAll());
  return list.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
}

export async function outboxPut(item) {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  tx.objectStore('outbox').put(item);
  await done(tx);
  emit('outbox');
}

export async function outboxDelete(key) {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  tx.objectStore('outbox').delete(key);
  await done(tx);
  emit('outbox');
}

// ---- small personal state, namespaced for demonstration mode

const DEMO_FLAG = 'paidee.demo-on';
const mem = new Map(); // used when localStorage is blocked
function ls() {
  try { return window.localStorage; } catch { return null; }
}
function rawGet(k) {
  const s = ls();
  try { return s ? s.getItem(k) : mem.get(k) ?? null; } catch { return mem.get(k) ?? null; }
}
function rawSet(k, v) {
  const s = ls();
  try { if (s) { if (v == null) s.removeItem(k); else s.setItem(k, v); return; } } catch { /* full or blocked */ }
  if (v == null) mem.delete(k); else mem.set(k, v);
}

export const isDemo = () => rawGet(DEMO_FLAG) != null;
const prefix = () => (isDemo() ? 'paidee.demo.' : 'paidee.');

export function getLocal(key, fallback) {
  const v = rawGet(prefix() + key);
  if (v == null) return fallback;
  try { return JSON.parse(v); } catch { return fallback; }
}
export function setLocal(key, value) {
  rawSet(prefix() + key, value == null ? null : JSON.stringify(value));
}

function wipeDemo() {
  const s = ls();
  const keys = s ? Object.keys(s) : [...mem.keys()];
  for (const k of keys) if (k.startsWith('paidee.demo.')) rawSet(k, null);
}

export function demoState() {
  const v = rawGet(DEMO_FLAG);
  try { return v ? JSON.parse(v) : null; } catch { return null; }
}
export function startDemo() {
  wipeDemo();
  rawSet(DEMO_FLAG, JSON.stringify({ step: 0, started: new Date().toISOString() }));
  emit('demo');
}
export function setDemoStep(step) {
  rawSet(DEMO_FLAG, JSON.stringify({ ...(demoState() || {}), step }));
  emit('demo');
}
export function endDemo() {
  wipeDemo();
  rawSet(DEMO_FLAG, null);
  emit('demo');
}

// ---- my agencies: the listings the worker said they deal with. Only on
// this phone: no request ever names them (the phone compares its own copy
// after each sync, see mine.js). In demonstration mode they live in the
// demonstration's own namespace, so the phone's own list is untouched.

export async function mineAll() {
  if (isDemo()) return getLocal('mine', []);
  const d = await db();
  return result(d.transaction('mine').objectStore('mine').getAll());
}

export async function minePut(entry) {
  if (isDemo()) {
    setLocal('mine', [...getLocal('mine', []).filter((e) => e.id !== entry.id), entry]);
  } else {
    const d = await db();
    const tx = d.transaction('mine', 'readwrite');
    tx.objectStore('mine').put(entry);
    await done(tx);
  }
  emit('mine');
}

export async function mineDelete(id) {
  if (isDemo()) {
    setLocal('mine', getLocal('mine', []).filter((e) => e.id !== id));
  } else {
    const d = await db();
    const tx = d.transaction('mine', 'readwrite');
    tx.objectStore('mine').delete(id);
    await done(tx);
  }
  emit('mine');
}

/** Words the service worker shows in a notification, in the worker's language. */
export async function setNotifyText(text) {
  if (!isDemo()) await kvPut('mine-notify', text);
}

/**
 * Forget everything this phone keeps about its user: saved agencies,
 * reports waiting or sent (their receipts), drafts, checklist ticks,
 * answers, a demonstration's state. The public list (the same on every
 * phone) and the language of the screens stay, so the app still works
 * offline and still speaks the worker's language.
 */
export async function forgetEverything() {
  const d = await db();
  const tx = d.transaction(['mine', 'outbox', 'kv'], 'readwrite');
  tx.objectStore('mine').clear();
  tx.objectStore('outbox').clear();
  tx.objectStore('kv').delete('mine-notify');
  await done(tx);
  const s = ls();
  const keys = s ? Object.keys(s) : [...mem.keys()];
  // The voice kept for offline use is public data like the list: its switch stays with its cache.
  const keep = (k) => k === 'paidee.lang' || k === 'paidee.voice';
  for (const k of keys) if (k.startsWith('paidee.') && !keep(k)) rawSet(k, null);
  for (const k of [...mem.keys()]) if (k.startsWith('paidee.') && !keep(k)) mem.delete(k);
  try { sessionStorage.clear(); } catch { /* blocked */ }
  emit('mine');
  emit('outbox');
  emit('demo');
}
