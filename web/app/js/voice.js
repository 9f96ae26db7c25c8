// The voice player and the download for offline use, loaded only when the
// data has clips (see voicebtn.js). Clips are served at their content hash
// (/api/v1/clips/{sha256}); the hash comes in the signed bundle, so a clip
// downloaded here is checked against it before it is kept. The service
// worker answers clip requests from the cache kept here (with Range), and
// from the network when a clip is not on the phone.
import { h, icon } from './dom.js';
import { t } from './i18n.js';
import { data } from './store.js';

export const CACHE = 'voice-clips-1'; // not "paidee-…": the worker's update deletes those
const KEEP = 'paidee.voice';
const url = (c) => '/api/v1/clips/' + c.sha256;

// ---- playing: one clip at a time

let audio = null;
let playing = null; // the button whose clip plays

function player() {
  if (audio) return audio;
  audio = h('audio', { preload: 'none', 'data-testid': 'voice-audio', hidden: true });
  audio.addEventListener('ended', () => {
    audio.dataset.ended = audio.dataset.sha;
    if (playing) show(playing, 'ended');
    playing = null;
  });
  audio.addEventListener('error', () => {
    if (playing) { show(playing, 'error'); hint(playing); }
    playing = null;
  });
  document.body.append(audio);
  return audio;
}

function show(btn, state) {
  btn.dataset.state = state;
  const on = state === 'playing';
  btn.setAttribute('aria-pressed', String(on));
  btn.setAttribute('aria-label', t(on ? 'voice.stop' : 'voice.play'));
  btn.replaceChildren(icon(on ? 'stop' : 'speaker'));
}

// Offline and not downloaded: say so beside the button, once.
function hint(btn) {
  const next = btn.nextElementSibling;
  if (next && next.classList.contains('voice-hint')) return;
  btn.after(h('span.voice-hint', { role: 'status', 'data-testid': 'voice-hint' }, t('voice.not_here')));
}

/** Play clip (stopping any other), or stop it if it is the one playing. */
export function toggle(btn, clip) {
  const a = player();
  if (playing === btn) {
    a.pause();
    show(btn, 'stopped');
    playing = null;
    return;
  }
  if (playing) show(playing, 'stopped');
  playing = btn;
  const next = btn.nextElementSibling;
  if (next && next.classList.contains('voice-hint')) next.remove();
  a.dataset.sha = clip.sha256;
  delete a.dataset.ended;
  a.src = url(clip);
  show(btn, 'playing');
  a.play().catch((err) => {
    if (playing !== btn || err.name === 'AbortError') return;
    show(btn, 'error');
    hint(btn);
    playing = null;
  });
}

// ---- keeping the voice for offline use

const saveData = () => !!(navigator.connection && navigator.connection.saveData);
function keeping() {
  try { return localStorage.getItem(KEEP) === 'on'; } catch { return false; }
}
function setKeeping(on) {
  try { if (on) localStorage.setItem(KEEP, 'on'); else localStorage.removeItem(KEEP); } catch { /* blocked */ }
}

export function size(bytes) {
  return bytes >= 0.1 * 1048576
    ? t('voice.mb', { n: (bytes / 1048576).toFixed(1) })
    : t('voice.kb', { n: Math.max(1, Math.ceil(bytes / 1024)) });
}

// phase: off | confirm (Data Saver: asked to tap again) | downloading |
// ready | waiting (new clips, Data Saver on: not fetched by itself) | stopped (no network)
const st = { phase: keeping() ? 'checking' : 'off', done: 0, total: 0, doneBytes: 0, totalBytes: 0 };
const boxes = new Set();
let run = null;

function changed() {
  for (const el of boxes) {
    if (el.isConnected) draw(el); else boxes.delete(el);
  }
}

async function onPhone() {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  return { cache, have };
}

/** The clips not yet on the phone; clips no card names any more are removed. */
async function missing() {
  const { cache, have } = await onPhone();
  const wanted = new Set(data.clips.map(url));
  for (const p of have) if (!wanted.has(p)) await cache.delete(p);
  return data.clips.filter((c) => !have.has(url(c)));
}

async function sha256(buf) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function download(list) {
  if (run) return run;
  run = (async () => {
    const cache = await caches.open(CACHE);
    Object.assign(st, { phase: 'downloading', done: 0, total: list.length, doneBytes: 0,
      totalBytes: list.reduce((s, c) => s + c.bytes, 0) });
    changed();
    try {
      for (const c of list) {
        const res = await fetch(url(c));
        if (!res.ok) throw new Error(`clip ${c.sha256}: HTTP ${res.status}`);
        const buf = await res.arrayBuffer();
        // The signed bundle named this hash: anything else is not the clip.
        if (await sha256(buf) !== c.sha256) throw new Error(`clip ${c.sha256}: wrong bytes`);
        if (!keeping()) return; // removed meanwhile
        await cache.put(url(c), new Response(buf, { headers: { 'Content-Type': c.type, 'Content-Length': String(buf.byteLength) } }));
        st.done++;
        st.doneBytes += c.bytes;
        changed();
      }
      st.phase = 'ready';
    } catch (err) {
      console.warn('voice download', err);
      st.phase = 'stopped';
    } finally {
      run = null;
      changed();
    }
  })();
  return run;
}

/** After a sync: fetch new clips, drop old ones (Data Saver: only when asked). */
export async function refresh(asked) {
  if (!keeping()) return;
  const list = await missing();
  if (!list.length) { if (st.phase !== 'downloading') { st.phase = 'ready'; changed(); } return; }
  if (saveData() && !asked) {
    Object.assign(st, { phase: 'waiting', total: list.length, totalBytes: list.reduce((s, c) => s + c.bytes, 0) });
    changed();
    return;
  }
  await download(list);
}

async function turnOn(confirmed) {
  if (saveData() && !confirmed) { st.phase = 'confirm'; changed(); return; }
  setKeeping(true);
  await refresh(true);
}

async function turnOff() {
  setKeeping(false);
  await caches.delete(CACHE);
  Object.assign(st, { phase: 'off', done: 0, total: 0 });
  changed();
}

window.addEventListener('online', () => { if (keeping() && st.phase === 'stopped') refresh(!saveData()); });

function draw(el) {
  const total = data.clips.reduce((s, c) => s + c.bytes, 0);
  const on = keeping();
  const sw = h('button.voice-switch', {
    type: 'button', role: 'switch', 'aria-checked': String(on), 'data-testid': 'voice-switch',
    'aria-labelledby': 'voice-title', onclick: () => (on ? turnOff() : turnOn(false)),
  }, h('span.knob'));
  const parts = [];
  if (st.phase === 'confirm') {
    parts.push(h('p.voice-warning', { role: 'alert', 'data-testid': 'voice-savedata' }, icon('warning'), t('voice.savedata', { size: size(total) })),
      h('div.actions',
        h('button', { type: 'button', 'data-testid': 'voice-confirm', onclick: () => turnOn(true) }, icon('install'), t('voice.download_anyway')),
        h('button.secondary', { type: 'button', onclick: () => { st.phase = 'off'; changed(); } }, t('common.cancel'))));
  } else if (st.phase === 'downloading') {
    parts.push(h('progress', { max: st.totalBytes || 1, value: st.doneBytes, 'data-testid': 'voice-progress', 'data-done': st.done, 'data-total': st.total }),
      h('p.voice-status', { role: 'status', 'data-state': 'downloading' }, t('voice.downloading', { done: st.done, total: st.total })));
  } else if (st.phase === 'ready') {
    parts.push(h('p.voice-status', { role: 'status', 'data-testid': 'voice-status', 'data-state': 'ready' }, icon('check'), t('voice.ready')));
  } else if (st.phase === 'waiting') {
    parts.push(h('p.voice-status', { role: 'status', 'data-testid': 'voice-status', 'data-state': 'waiting' },
      t('voice.new_waiting', { n: st.total, size: size(st.totalBytes) })),
    h('button.secondary', { type: 'button', 'data-testid': 'voice-download-new', onclick: () => refresh(true) }, icon('install'), t('voice.download_new')));
  } else if (st.phase === 'stopped') {
    parts.push(h('p.voice-status', { role: 'status', 'data-testid': 'voice-status', 'data-state': 'stopped' }, icon('offline'), t('voice.stopped', { done: st.done, total: st.total })));
  }
  el.replaceChildren(
    h('div.voice-head',
      icon('speaker', 'voice-icon'),
      h('span#voice-title.voice-title', { 'data-testid': 'voice-size', 'data-bytes': total }, t('voice.title', { size: size(total) })),
      sw),
    h('p.voice-lead', t('voice.lead')),
    ...parts);
}

/** Draw the box into el, and keep it up to date. */
export function renderBox(el) {
  boxes.add(el);
  draw(el);
  if (st.phase === 'checking') refresh(false);
}
