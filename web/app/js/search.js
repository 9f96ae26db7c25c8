// Agency search on the phone's own copy of the list, with the same rules as
// the server (models/normalize.go, models/index.go): a part of the name
// (case, spaces and punctuation ignored; Lao ໜ=ຫນ, ໝ=ຫມ, ຳ=ໍາ), the licence
// number (spaces, dashes and case ignored) or a phone number in any form.

const localDigits = (s) => s
  .replace(/[\u0ED0-\u0ED9]/g, (c) => String(c.charCodeAt(0) - 0x0ed0))
  .replace(/[\u0E50-\u0E59]/g, (c) => String(c.charCodeAt(0) - 0x0e50));

const laoFold = (s) => s
  .replace(/\u0EDC/g, '\u0EAB\u0E99') // ໜ → ຫນ
  .replace(/\u0EDD/g, '\u0EAB\u0EA1') // ໝ → ຫມ
  .replace(/\u0EB3/g, '\u0ECD\u0EB2') // ຳ → ໍາ
  .replace(/[\u200B-\u200D\uFEFF]/g, '');

/** Lower case, Lao spellings unified, only letters, digits and combining marks. */
export function nameKey(s) {
  return localDigits(laoFold(String(s || ''))).toLowerCase().replace(/[^\p{L}\p{N}\p{M}]/gu, '');
}

/** Upper-case letters and digits only: "la-mlsw 0123/24" = "LAMLSW012324". */
export function licenceKey(s) {
  return localDigits(String(s || '')).replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** National number without 00, country code (856, 66) or trunk 0. */
export function phoneKey(s) {
  let d = localDigits(String(s || '')).replace(/\D/g, '');
  if (d.startsWith('00')) d = d.slice(2);
  if (d.startsWith('856') && d.length >= 10) d = d.slice(3);
  else if (d.startsWith('66') && d.length >= 10) d = d.slice(2);
  return d.replace(/^0+/, '');
}

/** Only digits and - + ( ) . spaces, with at least 6 digits. */
export function looksLikePhone(s) {
  const t = localDigits(String(s || ''));
  return /^[\d\s\-+().]*$/.test(t) && (t.match(/\d/g) || []).length >= 6;
}

const keyCache = new WeakMap();
function keys(a) {
  let k = keyCache.get(a);
  if (!k) {
    k = {
      name: nameKey(`${a.name_lo || ''} ${a.name_en || ''}`),
      licence: licenceKey(a.licence_no),
      phones: (a.phones || []).map(phoneKey).filter(Boolean),
    };
    keyCache.set(a, k);
  }
  return k;
}

/** Search agencies; best matches first (exact licence, phone, licence part, name start, name part). */
export function searchAgencies(list, q) {
  const nk = nameKey(q);
  const lk = licenceKey(q);
  const pk = looksLikePhone(q) ? phoneKey(q) : '';
  if (!nk && !lk) return [];
  const hits = [];
  list.forEach((a, pos) => {
    const k = keys(a);
    let rank = -1;
    if (lk && k.licence === lk) rank = 0;
    else if (pk && k.phones.some((p) => p.includes(pk))) rank = 1;
    else if (lk.length >= 3 && k.licence.includes(lk)) rank = 2;
    else if (nk && k.name.startsWith(nk)) rank = 3;
    else if (nk && k.name.includes(nk)) rank = 4;
    if (rank >= 0) hits.push([rank, pos, a]);
  });
  hits.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return hits.map((x) => x[2]);
}

/** The listing with exactly this licence number, if any. */
export function findByLicence(list, licenceNo) {
  const lk = licenceKey(licenceNo);
  return lk ? list.find((a) => keys(a).licence === lk) || null : null;
}
