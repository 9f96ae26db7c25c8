// Talking to the server: the data bundle (only what changed since our
// revision) and the report outbox (each report sent once, ever, thanks to
// its own Idempotency-Key made on the phone).
import { data, applyBundle, touchSynced, outboxAll, outboxPut, emit, isDemo, getLocal, setLocal, pinnedKey, pinKey, setRefused } from './store.js';
import { verifyBody, parseSignature, followRotations, verifierUnavailable } from './verify.js';

async function fetchTimeout(url, opts = {}, ms = 20000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  try {
    return await fetch(url, { ...opts, signal: ctl.signal });
  } finally {
    clearTimeout(timer);
  }
}

let bundleRun = null;
/** Bring the local copy up to date. Resolves to true if data changed; never throws. */
export function syncBundle() {
  if (!bundleRun) {
    bundleRun = (async () => {
      try {
        if (navigator.onLine === false) return false; // offline is normal: keep the local copy
        // A copy made before the bundle carried district names is fetched
        // whole once, so districts show in the phone's language.
        const since = data.meta && data.meta.revision != null && Array.isArray(data.meta.districts) ? data.meta.revision : null;
        // revision_at lets the server see that it is still the database this
        // copy came from (not one put back from an older copy).
        const at = since != null && data.meta.revision_at ? `&at=${encodeURIComponent(data.meta.revision_at)}` : '';
        const key = await pinnedKey();
        // After a refusal, past the HTTP cache: it may hold the changed answer.
        const opts = data.refused ? { cache: 'no-store' } : {};
        let res = await fetchTimeout('/api/v1/bundle' + (since != null ? `?since=${since}${at}` : ''), opts);
        if (res.status === 304) { await touchSynced(); return false; }
        if (!res.ok) throw new Error(`bundle: HTTP ${res.status}`);
        let b = await signed(res, key);
        if (!b) return false;
        if (data.meta && b.dataset !== data.meta.dataset && !b.full) {
          // Another database: drop ours and take everything.
          res = await fetchTimeout('/api/v1/bundle', opts);
          if (!res.ok) throw new Error(`bundle: HTTP ${res.status}`);
          b = await signed(res, key);
          if (!b) return false;
          b.full = true;
        }
        // An older answer, replayed by a mirror or a proxy, is still validly
        // signed: it must not take the phone back (a revoked agency would
        // show as licensed again). The public log only grows, so a bundle of
        // this database reflecting fewer log records than the phone's copy,
        // or a delta from another revision than the one asked for, is old.
        if (data.meta && b.dataset === data.meta.dataset &&
            ((b.log_size ?? 0) < (data.meta.log_size ?? 0) || (!b.full && since != null && b.since !== since))) {
          await setRefused({ at: new Date().toISOString(), older: true });
          return false;
        }
        const empty = !b.full && data.meta && b.revision === data.meta.revision &&
          ['agencies', 'contacts', 'checklist', 'questions', 'phrases', 'clips', 'cost_items'].every((k) => !(b[k] || []).length && !((b.deleted || {})[k] || []).length);
        if (empty) { await touchSynced(); return false; }
        await applyBundle(b);
        return true;
      } catch (err) {
        emit('sync-failed', err);
        return false;
      } finally {
        bundleRun = null;
      }
    })();
  }
  return bundleRun;
}

/**
 * The bundle in res, parsed, if its signature by the pinned key holds;
 * otherwise null, with the refusal remembered (the old data stays).
 */
async function signed(res, key) {
  const body = new Uint8Array(await res.arrayBuffer());
  const header = res.headers.get('X-Paidee-Signature');
  if (await verifyBody(body, header, key)) return JSON.parse(new TextDecoder().decode(body));
  // Signed by another key: the server may have rotated its key. Only a
  // rotation note signed by the pinned key (and the new one) moves the pin.
  const s = parseSignature(header);
  if (s && s.keyid !== key.key_id) {
    try {
      const r = await fetchTimeout('/api/v1/log/rotations', { cache: 'no-store' });
      const notes = r.ok ? ((await r.json()).items || []).map((x) => x.note) : [];
      const next = await followRotations(key, notes);
      if (next.key_id === s.keyid && await verifyBody(body, header, next)) {
        await pinKey(next);
        return JSON.parse(new TextDecoder().decode(body));
      }
    } catch { /* refused below */ }
  }
  // Not checked at all (the verifier did not load) is a failed sync, not a
  // refusal: nothing was shown to be wrong with the data.
  if (verifierUnavailable()) throw new Error('bundle: the signature could not be checked (verifier not loaded)');
  await setRefused({ at: new Date().toISOString() });
  return null;
}

/** A random key for one report, made when the report is created. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Send one report. Answers {ok, receipt} when it arrived, {rejected, error}
 * when the server refused it (fix it and send again), {retry} when it must
 * wait (no network, server trouble, too many reports: 429).
 */
export async function postReport(key, body) {
  let res;
  try {
    res = await fetchTimeout('/api/v1/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  } catch {
    return { retry: true };
  }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (res.ok && json && json.receipt) return { ok: true, receipt: json.receipt };
  if (res.status === 429 || res.status >= 500 || !json) return { retry: true, status: res.status };
  return { rejected: true, status: res.status, error: (json && json.error) || { code: 'http_' + res.status, message: '' } };
}

let outboxRun = null;
/** Send every waiting report. Resolves to the number still waiting. */
export function flushOutbox() {
  if (isDemo()) return Promise.resolve(null); // the phone's own outbox stays exactly as it is during a demonstration
  if (navigator.onLine === false) return Promise.resolve(null); // wait for the online event
  if (!outboxRun) {
    outboxRun = (async () => {
      let waiting = 0;
      try {
        for (const item of await outboxAll()) {
          if (item.status !== 'pending') continue;
          const r = await postReport(item.key, item.body);
          if (r.ok) {
            // Keep only the receipt: what was reported leaves the phone.
            await outboxPut({ key: item.key, status: 'sent', receipt: r.receipt, created_at: item.created_at, sent_at: new Date().toISOString() });
            // The report screen said "waiting": now it can show the receipt.
            const last = getLocal('report.last', null);
            if (last && last.queued && last.key === item.key) setLocal('report.last', { receipt: r.receipt });
          } else if (r.rejected) {
            await outboxPut({ ...item, status: 'rejected', error: r.error, tries: (item.tries || 0) + 1 });
          } else {
            waiting++;
            await outboxPut({ ...item, tries: (item.tries || 0) + 1, last_try: new Date().toISOString() });
          }
        }
      } catch (err) {
        console.warn('outbox', err);
      } finally {
        outboxRun = null;
      }
      emit('outbox');
      return waiting;
    })();
  }
  return outboxRun;
}

/** Ask the service worker to send the outbox later (Background Sync), where the browser has it. */
export async function registerBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker?.ready;
    if (reg && reg.sync) await reg.sync.register('outbox');
  } catch { /* not supported or not allowed: the online event and start-up cover it */ }
}
