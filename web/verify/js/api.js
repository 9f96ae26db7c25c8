// The console's only way to the server. The token is kept in
// sessionStorage (this tab only, gone when it closes), never in a cookie.
const KEY = 'paidee.console.session';

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY));
    if (s && s.token && new Date(s.expires_at) > new Date()) return s;
  } catch { /* no session */ }
  return null;
}

export function saveSession(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); }
export function clearSession() { sessionStorage.removeItem(KEY); }

// problemsOf pairs each field's English words with its coded problem
// ({code, message, max …}); a field the server sent no code for keeps its
// words under the code "invalid".
export function problemsOf(words, coded) {
  const out = {};
  for (const [name, message] of Object.entries(words || {})) {
    out[name] = (coded && coded[name]) || { code: 'invalid', message };
  }
  return out;
}

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.fields = e.fields || {};
    this.problems = problemsOf(e.fields, e.field_problems);
    this.current = e.current || null;
    this.body = body;
    this.retryAfter = retryAfter ? Number(retryAfter) : 0;
  }
}

// api('PATCH', '/agencies/3', {json: {...}}) → parsed JSON (null for 204).
// {body, type} sends raw bytes (the CSV import); {raw: true} returns the
// Response (the CSV export).
export async function api(method, path, opts = {}) {
  const headers = {};
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = opts.type;
    body = opts.body;
  }
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new ApiError(0, { error: { code: 'offline', message: 'no connection' } });
  }
  if (res.status === 204) return null;
  if (opts.raw && res.ok) return res;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new ApiError(res.status, data, res.headers.get('Retry-After'));
    if (res.status === 401 && s) {
      clearSession();
      window.dispatchEvent(new CustomEvent('session-ended'));
    }
    throw err;
  }
  return data;
}
