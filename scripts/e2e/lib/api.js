// The JSON API from the test process (not from a page): what an
// administrator's script or another screen does meanwhile.

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
