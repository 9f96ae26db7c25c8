// What counts as a change to a saved agency, in one place for the page and
// the service worker. No import or export on purpose: the page imports this
// file as a module, the service worker (a classic script) loads it with
// importScripts, and both find the rules at self.paideeMine.
//
// The phone compares its own copy: a saved agency is never named in a
// request. An entry of the "mine" store is
//   {id, licence_no, name_lo, name_en, saved_at,
//    seen: snapshot of the listing when last compared,
//    alerts: [changes not yet seen by the worker], expiry_alerted}
(function (g) {
  'use strict';
  const DAY = 864e5;
  const MAX_ALERTS = 20;
  const SOON_DAYS = 30;

  function addDays(iso, n) {
    const [y, m, d] = iso.split('-').map(Number);
    const t = new Date(Date.UTC(y, m - 1, d) + n * DAY);
    return t.toISOString().slice(0, 10);
  }

  function daysBetween(a, b) {
    const p = (s) => { const [y, m, d] = s.split('-').map(Number); return Date.UTC(y, m - 1, d); };
    return Math.round((p(b) - p(a)) / DAY);
  }

  /** The status a worker must see (as status.js): a licence past its end date is expired. */
  function effective(a, today) {
    if (a.status === 'licensed' && (a.licence_lapsed || (a.licence_expires && a.licence_expires < today))) return 'expired';
    return a.status;
  }

  const warningKey = (w) => `${w.at}|${(w.what || []).join(',')}`;
  const notesKey = (n) => (n ? ['lo', 'th', 'en'].map((l) => String(n[l] || '').trim()).join('\u0001') : '');

  /** What is compared, as it was at one moment. */
  function snapshot(a, today) {
    return {
      status: effective(a, today),
      expires: a.licence_expires || null,
      warnings: (a.warnings || []).map(warningKey).sort(),
      notes: notesKey(a.public_notes),
    };
  }

  // When the listing took its status: the newest step of its history to
  // that status; for a licence that ran out, its end date.
  function statusDate(a, status, today) {
    if (status === 'expired' && a.status === 'licensed' && a.licence_expires) return a.licence_expires;
    const steps = (a.status_history || []).filter((s) => s.to === status).map((s) => String(s.at)).sort();
    return steps.length ? steps[steps.length - 1] : today;
  }

  /** A licence that ends within 30 days (and has not ended). */
  function endingSoon(snap, today) {
    if (snap.status !== 'licensed' || !snap.expires || snap.expires < today) return null;
    const days = daysBetween(today, snap.expires);
    return days <= SOON_DAYS ? days : null;
  }

  /** A new entry for listing a, saved today. */
  function entryFor(a, today, now, dataset) {
    const seen = snapshot(a, today);
    return {
      id: a.id, licence_no: a.licence_no, name_lo: a.name_lo || '', name_en: a.name_en || '', dataset: dataset || null,
      saved_at: now, seen, alerts: [],
      // Ending soon when saved is shown in the status line, not as a change.
      expiry_alerted: endingSoon(seen, today) != null ? seen.expires : null,
    };
  }

  /**
   * Compare entry with the listing as the phone has it now (null: no
   * longer on the list). Returns {entry, added}: the entry to store (its
   * snapshot moved on, new changes appended to its alerts) and the changes
   * found, each {type, at|date, ...}; added is empty when nothing changed.
   */
  function check(entry, a, today) {
    const added = [];
    const next = { ...entry, alerts: (entry.alerts || []).slice() };
    if (!a) {
      if (!entry.gone) added.push({ type: 'removed', at: today });
      next.gone = true;
    } else {
      const seen = entry.seen || {};
      const snap = snapshot(a, today);
      if (entry.gone) added.push({ type: 'back', to: snap.status, at: today });
      else if (seen.status !== snap.status) {
        added.push({ type: 'status', from: seen.status || null, to: snap.status, at: statusDate(a, snap.status, today) });
      }
      const had = new Set(seen.warnings || []);
      for (const w of a.warnings || []) if (!had.has(warningKey(w))) added.push({ type: 'warning', at: w.at, what: w.what || [] });
      if (snap.notes && snap.notes !== (seen.notes || '')) added.push({ type: 'note', at: String(a.updated_at || today).slice(0, 10) });
      const soon = endingSoon(snap, today);
      if (soon != null && entry.expiry_alerted !== snap.expires) {
        added.push({ type: 'ending', date: snap.expires, days: soon });
        next.expiry_alerted = snap.expires;
      }
      next.seen = snap;
      next.gone = false;
      next.licence_no = a.licence_no;
      next.name_lo = a.name_lo || '';
      next.name_en = a.name_en || '';
    }
    next.alerts = next.alerts.concat(added).slice(-MAX_ALERTS);
    return { entry: next, added };
  }

  /**
   * Which listing a saved entry is, given the phone's listing with its id
   * (byId) and the one with its licence number (byLicence), either null:
   * the same id and licence number; else the licence number (the list was
   * replaced and ids changed); else the same id (its licence number was
   * corrected, check() then keeps the new one). Only neither is "removed".
   */
  function listingOf(entry, byId, byLicence, dataset) {
    // An id names the same listing only in the database the entry was saved
    // from: after the phone takes another database's list, the same id may
    // be another company, so the entry is found by its licence number or
    // not at all.
    const sameData = !entry.dataset || !dataset || entry.dataset === dataset;
    if (!sameData) return byLicence || null;
    if (byId && byId.licence_no === entry.licence_no) return byId;
    return byLicence || byId || null;
  }

  /** Today as YYYY-MM-DD in the phone's own time zone. */
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }

  g.paideeMine = { snapshot, check, entryFor, endingSoon, effective, listingOf, addDays, today };
})(self);
