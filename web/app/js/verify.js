// Every data bundle is signed by the server (Ed25519 over the exact bytes
// of the answer, header X-Paidee-Signature: keyid=…; sig=…). The phone keeps
// the server's public key from its first install and stores no bundle whose
// signature does not hold: a list changed on its way (by a mirror, a proxy,
// a shared laptop) is refused, and the phone keeps what it had.

const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** {keyid, sig} from the header's value, or null. */
export function parseSignature(header) {
  if (!header) return null;
  const out = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  if (!out.keyid || !out.sig) return null;
  try { return { keyid: out.keyid, sig: b64(out.sig) }; } catch { return null; }
}

let fallback = null; // the vendored verifier, loaded only if WebCrypto lacks Ed25519
let unloaded = false; // the last load of the vendored verifier failed

/**
 * True when the last check could not be made at all: WebCrypto has no
 * Ed25519 and the vendored verifier did not load (a dropped line). That is
 * not a refusal: nothing was shown to be wrong, so the caller keeps its
 * data and tries again later.
 */
export function verifierUnavailable() { return unloaded; }

async function webCryptoVerify(pk, sig, body) {
  const key = await crypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig, body);
}

/** Ed25519: is sig (64 bytes) pk's (32 bytes) signature of msg? Never throws. */
async function verifyRaw(pk, sig, msg) {
  try {
    if (pk.length !== 32 || sig.length !== 64) return false;
    if (globalThis.crypto && crypto.subtle) {
      try {
        return await webCryptoVerify(pk, sig, msg);
      } catch (err) {
        // NotSupportedError (no Ed25519 here): fall through to the vendored
        // verifier. Anything else is a refusal.
        if (!err || (err.name !== 'NotSupportedError' && err.name !== 'TypeError')) return false;
      }
    }
    if (!fallback) fallback = import('./vendor/ed25519.js');
    let verify;
    try {
      ({ verify } = await fallback);
      unloaded = false;
    } catch {
      fallback = null; // asked again next time
      unloaded = true;
      return false;
    }
    const sha512 = globalThis.crypto && crypto.subtle ? (m) => crypto.subtle.digest('SHA-512', m) : null;
    return await verify(msg, sig, pk, sha512);
  } catch {
    return false;
  }
}

/**
 * True when header is a valid signature of body (a Uint8Array) by the
 * pinned key {key_id, public_key}. Never throws.
 */
export async function verifyBody(body, header, pinned) {
  try {
    const s = parseSignature(header);
    if (!s || !pinned || s.keyid !== pinned.key_id) return false;
    return await verifyRaw(b64(pinned.public_key), s.sig, body);
  } catch {
    return false;
  }
}

/** The pinned form {verifier, key_id, public_key} of a note verifier key "name+hash+base64". */
export function keyFromVerifier(vkey) {
  const parts = String(vkey).split('+');
  if (parts.length < 3 || !/^[0-9a-f]{8}$/.test(parts[1])) return null;
  let raw;
  try { raw = b64(parts.slice(2).join('+')); } catch { return null; }
  if (raw.length !== 33 || raw[0] !== 1) return null;
  let bin = '';
  for (const x of raw.subarray(1)) bin += String.fromCharCode(x);
  return { verifier: vkey, key_id: parts[1], public_key: btoa(bin), origin: parts[0] };
}

const ROTATION = 'paidee signing key rotation\n';

/**
 * Follow the key rotations the log announced (notes naming the old and
 * the new key, signed by both) from the pinned key. Returns the key they
 * lead to, or the pinned one.
 */
export async function followRotations(pinned, notes) {
  let cur = pinned;
  for (const msg of notes) {
    const split = msg.lastIndexOf('\n\n');
    if (split < 0) continue;
    const text = msg.slice(0, split + 1);
    if (!text.startsWith(ROTATION)) continue;
    const lines = text.slice(ROTATION.length).split('\n');
    if (lines.length !== 3 || !lines[0].startsWith('from ') || !lines[1].startsWith('to ')) continue;
    const from = lines[0].slice(5);
    const to = keyFromVerifier(lines[1].slice(3));
    if (from !== cur.verifier || !to) continue;
    const bytes = new TextEncoder().encode(text);
    const signed = new Set();
    for (const line of msg.slice(split + 2).split('\n')) {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) continue;
      let raw;
      try { raw = b64(m[2]); } catch { continue; }
      if (raw.length !== 68) continue;
      const id = [...raw.subarray(0, 4)].map((x) => x.toString(16).padStart(2, '0')).join('');
      const key = id === cur.key_id ? cur : id === to.key_id ? to : null;
      if (key && await verifyRaw(b64(key.public_key), raw.subarray(4), bytes)) signed.add(id);
    }
    if (signed.has(cur.key_id) && signed.has(to.key_id)) cur = to;
  }
  return cur;
}
