// The JSON API from the test process (not from a page): what an
// administrator's script or another screen does meanwhile.
import assert from 'node:assert/strict';

/** call(base, 'PATCH', '/agencies/3', { token, json }) → { status, body } (body parsed when JSON). */
export async function call(base, method, path, { token, json } = {}) {
  const res = await fetch(base + '/api/v1' + path, {
    method,
    headers: { ...(json ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body };
}

/** The public listing with this licence number, as the API answers it. */
export async function listingOf(base, licence) {
  return (await call(base, 'GET', '/agencies/licence/' + licence)).body;
}

/**
 * Change the listing with this licence number through the API, as a
 * verifier's screen does: PATCH json onto the version just read, which must
 * answer 200. → the changed listing.
 */
export async function editAgency(base, token, licence, json) {
  const cur = await listingOf(base, licence);
  const r = await call(base, 'PATCH', `/agencies/${cur.id}`, { token, json: { version: cur.version, ...json } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
