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

async function webCryptoVerify(pk, sig, body) {
  const key = await crypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig, body);
}

/**
 * True when header is a valid signature of body (a Uint8Array) by the
 * pinned key {key_id, public_key}. Never throws.
 */
export async function verifyBody(body, header, pinned) {
  try {
    const s = parseSignature(header);
    if (!s || !pinned || s.keyid !== pinned.key_id || s.sig.length !== 64) return false;
    const pk = b64(pinned.public_key);
    if (pk.length !== 32) return false;
    if (globalThis.crypto && crypto.subtle) {
      try {
        return await webCryptoVerify(pk, s.sig, body);
      } catch (err) {
        // NotSupportedError (no Ed25519 here): fall through to the vendored
        // verifier. Anything else is a refusal.
        if (!err || (err.name !== 'NotSupportedError' && err.name !== 'TypeError')) return false;
      }
    }
    if (!fallback) fallback = import('./vendor/ed25519.js');
    const { verify } = await fallback;
    const sha512 = globalThis.crypto && crypto.subtle ? (m) => crypto.subtle.digest('SHA-512', m) : null;
    return await verify(body, s.sig, pk, sha512);
  } catch {
    return false;
  }
}
