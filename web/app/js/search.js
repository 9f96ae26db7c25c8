// Agency search on the phone's own copy of the list. The same algorithm as
// the server's (models/search), with the same rules: both read
// /search-rules.json, and the fixtures in models/search/testdata and a
// parity test over 10,000 agencies check that the two give the same answers.
// A query is a set of words; every word must be a word of the name (or its
// start; for Lao and Thai, a part of a run of letters), in any order, or be
// found by its sound with a wrong letter or two, in Lao, Thai or Latin
// letters. Licence numbers and phones in any common form.

let R = null; // the compiled rules
let indexes = new WeakMap(); // list → its index
let building = null; // the index build under way (prepare): {list, steps, cache, x, done, resolve}

/** Use these rules (the parsed search-rules.json). */
export function setRules(raw) {
  const set = (list) => new Set(list.map((s) => [...s][0]));
  const r = {
    replace: raw.fold.replace,
    companyLatin: new Set(raw.company_words.latin),
    silencer: raw.thai_to_lao.silencer,
    thai: new Map(Object.entries(raw.thai_to_lao.map)),
    tones: set(raw.lao.tone_marks),
    leading: set(raw.lao.leading_vowels),
    silentH: raw.lao.silent_h,
    softAfterH: set(raw.lao.soft_after_h),
    vowelSigns: set(raw.lao.vowel_signs),
    vowels: raw.lao.vowels.map(([from, to]) => [[...from], to]),
    initial: new Map(Object.entries(raw.lao.consonants).map(([k, v]) => [k, v[0]])),
    final: new Map(Object.entries(raw.lao.consonants).map(([k, v]) => [k, v[1]])),
    skelLetters: new Map(Object.entries(raw.skeleton.letters)),
    skelRules: raw.skeleton.rules.map(([from, to]) => {
      let start = false; let end = false;
      if (from.startsWith('^')) { start = true; from = from.slice(1); }
      if (from.endsWith('$')) { end = true; from = from.slice(0, -1); }
      return { from, to, start, end };
    }),
    edits: raw.match.edits,
    closeMinLen: raw.match.close_min_len,
    phoneMin: raw.match.phone_min_digits,
    phonePartMin: raw.match.phone_part_min_digits,
    licencePartMin: raw.match.licence_part_min_len,
    maxWords: raw.match.max_query_words,
    initialsMin: raw.match.initials_min || 0,
    extensions: raw.phone.extensions || [],
    th: thaiRules(raw.thai_reading, set),
    phoneRules: raw.phone.national,
    phoneDefault: raw.phone.default,
  };
  // Rules by their first letter (tried in the same order), for speed.
  const byFirst = (list, first) => {
    const m = new Map();
    for (const x of list) { const f = first(x); if (!m.has(f)) m.set(f, []); m.get(f).push(x); }
    return m;
  };
  r.vowelsByFirst = byFirst(r.vowels, (v) => v[0][0]);
  r.skelByFirst = byFirst(r.skelRules, (x) => x.from[0]);
  R = r;
  building = null;
  // One pass when every fold replaces one character (as they do).
  if (r.replace.every(([from]) => [...from].length === 1)) {
    r.foldMap = new Map(r.replace);
    r.foldRe = new RegExp('[' + r.replace.map(([from]) => from.replace(/[\\\]^-]/g, '\\$&')).join('') + ']', 'gu');
  }
  r.companyScript = raw.company_words.script.map(fold).sort((a, b) => b.length - a.length);
  r.companyAll = new Set([...raw.company_words.latin, ...r.companyScript]);
  indexes = new WeakMap();
}

function thaiRules(t, set) {
  const costs = { medial_o: t.cost.medial_o, medial_ua: t.cost.medial_ua };
  return {
    rewrite: t.rewrite, signs: set(t.vowel_signs), dropped: set(t.dropped), leading: set(t.leading),
    noFinal: set(t.no_final_after), closing: set(t.closing), short: set(t.short),
    tails: new Set(t.tails.map(([a, b]) => a + b)), glides: set(t.glides),
    medial: new Map(Object.entries(t.medial_vowels).map(([k, v]) => {
      if (!(v in costs)) throw new Error('search rules: medial vowel ' + k + ' has unknown cost ' + v);
      return [k, costs[v]];
    })),
    silentRAfter: set(t.silent_r_after), finalAs: new Map(Object.entries(t.final_as)), hard: set(t.hard_finals),
    implicitO: t.implicit_o, implicitA: t.implicit_a, cost: t.cost,
  };
}

/** Load /search-rules.json (kept by the service worker, so offline too). */
export async function loadRules() {
  const res = await fetch('/search-rules.json');
  if (!res.ok) throw new Error('search rules: HTTP ' + res.status);
  setRules(await res.json());
}

if (typeof location !== 'undefined' && /^https?:$/.test(location.protocol)) await loadRules();

// Character classes, with a fast path for ASCII and the Lao/Thai block
// (the index build looks at every letter of 10,000 names on a slow phone).
const asciiLetter = (n) => (n >= 65 && n <= 90) || (n >= 97 && n <= 122);
const isLetter = (c) => { const n = c.charCodeAt(0); return n < 128 ? asciiLetter(n) : /\p{L}/u.test(c); };
const isNumber = (c) => { const n = c.charCodeAt(0); return n < 128 ? n >= 48 && n <= 57 : /\p{N}/u.test(c); };
const isDigitU = (c) => { const n = c.charCodeAt(0); return n < 128 ? n >= 48 && n <= 57 : /\p{Nd}/u.test(c); };
const isMark = (c) => c.charCodeAt(0) >= 0x300 && /\p{M}/u.test(c);
// One code point in, one out (as Go's unicode.ToLower/ToUpper).
const lower = (c) => {
  const n = c.charCodeAt(0);
  if (n < 128) return n >= 65 && n <= 90 ? String.fromCharCode(n + 32) : c;
  if (n >= 0x0e00 && n <= 0x0eff) return c;
  const l = c.toLowerCase(); return [...l].length === 1 ? l : c;
};
const upper = (c) => { const u = c.toUpperCase(); return [...u].length === 1 ? u : c; };

function localDigit(c) {
  const n = c.codePointAt(0);
  if (n >= 0x0ed0 && n <= 0x0ed9) return String(n - 0x0ed0);
  if (n >= 0x0e50 && n <= 0x0e59) return String(n - 0x0e50);
  return c;
}
const isAsciiDigit = (c) => c >= '0' && c <= '9' && c.length === 1;
const isThaiMark = (c) => { const n = c.codePointAt(0); return (n >= 0x0e31 && n <= 0x0e3a && n !== 0x0e32 && n !== 0x0e33) || (n >= 0x0e47 && n <= 0x0e4e); };
const isScript = (c) => { const n = c.codePointAt(0); return n >= 0x0e01 && n <= 0x0eff; };

function fold(s) {
  if (R.foldRe) return s.replace(R.foldRe, (c) => R.foldMap.get(c));
  for (const [from, to] of R.replace) s = s.split(from).join(to);
  return s;
}

const nonAscii = /[^\x00-\x7f]/;

/** Upper-case letters and digits only: "la-mlsw 0123/24" = "LAMLSW012324". */
export function licenceKey(s) {
  s = String(s || '');
  if (!nonAscii.test(s)) return s.replace(/[^A-Za-z0-9]+/g, '').toUpperCase();
  let out = '';
  for (let c of s) {
    c = localDigit(c);
    if (isLetter(c) || isDigitU(c)) out += upper(c);
  }
  return out;
}

/** Leading zeros of number parts dropped, parts kept apart: "DEMO-LA-0101" → "DEMOLA|101". */
export function zeroKey(s, keep = false) {
  const parts = [];
  let cur = ''; let kind = 0;
  const flush = () => {
    if (!cur) return;
    let p = cur; cur = '';
    if (kind === 2) {
      if (!keep) p = p.replace(/^0+/, '');
      p = p || '0';
      parts.push(p);
    } else if (parts.length && !/^[0-9]+$/.test(parts[parts.length - 1])) {
      parts[parts.length - 1] += p;
    } else parts.push(p);
  };
  s = String(s || '');
  if (!nonAscii.test(s)) {
    for (const m of s.toUpperCase().match(/[A-Z]+|[0-9]+/g) || []) { cur = m; kind = m.charCodeAt(0) <= 57 ? 2 : 1; flush(); }
    return parts.join('|');
  }
  for (let c of s) {
    c = localDigit(c);
    let k = 0;
    if (isAsciiDigit(c)) k = 2;
    else if (isLetter(c) || isDigitU(c)) k = 1;
    if (k !== kind || k === 0) flush();
    kind = k;
    if (k) cur += upper(c);
  }
  flush();
  return parts.join('|');
}

/** zeroKey with Thai letters as their Lao cousins (CousinKey in models/search). */
export function cousinKey(s) {
  s = String(s || '');
  if (!hasThai(s)) return zeroKey(s);
  const src = [...s];
  let out = '';
  for (let i = 0; i < src.length; i++) {
    if (i + 1 < src.length && src[i + 1] === R.silencer) { i++; continue; }
    const m = R.thai.get(src[i]);
    out += m === undefined ? src[i] : m;
  }
  return zeroKey(out);
}

/** National number without 00, country code (856, 66) or trunk 0. */
export function phoneKey(s) {
  return phoneParts(s)[1];
}

/** The number with its country: "856:2055551234", "66:812345678" (PhoneID in models/search). */
export function phoneID(s) {
  const [cc, nat] = phoneParts(s);
  return nat ? cc + ':' + nat : '';
}

// An extension after a number is not part of it ("0-2245-1234 ต่อ 12").
function cutExtension(s) {
  // Only a mark after the first phone_min_digits digits counts (the x of
  // "Fax 02-245-1234" cuts nothing): cutExtension in models/search.
  let from = s.length; let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const n = s.charCodeAt(i);
    if ((n >= 48 && n <= 57) || (n >= 0x0ed0 && n <= 0x0ed9) || (n >= 0x0e50 && n <= 0x0e59)) {
      if (++digits === R.phoneMin) { from = i + 1; break; }
    }
  }
  const low = s.slice(from).replace(/[A-Z]/g, (c) => c.toLowerCase());
  let cut = s.length;
  for (const e of R.extensions) { const i = low.indexOf(e); if (i >= 0 && from + i < cut) cut = from + i; }
  return s.slice(0, cut);
}

function phoneParts(s) {
  s = cutExtension(String(s || ''));
  let d = '';
  if (!nonAscii.test(s)) d = s.replace(/[^0-9]+/g, '');
  else for (let c of s) { c = localDigit(c); if (isAsciiDigit(c)) d += c; }
  if (d.startsWith('00')) d = d.slice(2);
  if (d.startsWith('856') && d.length >= 10) return ['856', d.slice(3).replace(/^0+/, '')];
  if (d.startsWith('66') && d.length >= 10) return ['66', d.slice(2).replace(/^0+/, '')];
  d = d.replace(/^0+/, '');
  for (const r of R.phoneRules) {
    if (d.length === r.digits && r.prefixes.some((p) => d.startsWith(p))) return [r.country, d];
  }
  return [R.phoneDefault, d];
}

/** Only digits and - + ( ) . spaces, with enough digits to be a phone. */
export function looksLikePhone(s) {
  let digits = 0;
  for (let c of cutExtension(String(s || ''))) {
    c = localDigit(c);
    if (isAsciiDigit(c)) digits++;
    else if (!' -+().'.includes(c)) return false;
  }
  return digits >= (R ? R.phoneMin : 6);
}

const LATIN = 1; const DIGITS = 2; const SCRIPT = 3;

/** The words of a name or query: {kind, exact, loose}. */
export function words(s) {
  return joinInitials(wordsRaw(s));
}

// A run of single Latin letters is one word: "M.S.B." is "msb" (joinInitials in models/search).
// One letter: one code unit, or a surrogate pair.
const oneLetter = (w) => w.kind === LATIN && (w.exact.length === 1 || (w.exact.length === 2 && w.exact.codePointAt(0) > 0xffff));

function joinInitials(ws) {
  const n = R.initialsMin;
  if (n < 2) return ws;
  // Most names have no two single letters in a row: nothing to do.
  let any = false;
  for (let i = 0; i + 1 < ws.length; i++) if (oneLetter(ws[i]) && oneLetter(ws[i + 1])) { any = true; break; }
  if (!any) return ws;
  let out = null;
  for (let i = 0; i < ws.length;) {
    let j = i;
    while (j < ws.length && oneLetter(ws[j])) j++;
    if (j - i >= n) {
      if (!out) out = ws.slice(0, i);
      out.push(word(LATIN, ws.slice(i, j).map((w) => w.exact).join('')));
      i = j;
      continue;
    }
    if (j === i) j++;
    if (out) for (let k = i; k < j; k++) out.push(ws[k]);
    i = j;
  }
  return out || ws;
}

function wordsRaw(s) {
  s = fold(String(s || ''));
  const out = [];
  // Fast path (the index build splits 20,000 names on a slow phone): runs
  // of ASCII letters, ASCII digits and Lao/Thai letters are cut out of the
  // string whole; anything else goes the slow way, letter by letter.
  let start = 0; let kind = 0; let ascii = true;
  const flush = (end) => {
    if (kind && end > start) {
      const w = s.slice(start, end);
      out.push(word(kind, kind === LATIN ? (ascii ? w.toLowerCase() : [...w].map(lower).join('')) : w));
    }
  };
  for (let i = 0; i < s.length; i++) {
    const n = s.charCodeAt(i);
    let k;
    if (n >= 48 && n <= 57) k = DIGITS;
    else if ((n >= 65 && n <= 90) || (n >= 97 && n <= 122)) k = LATIN;
    else if (n < 128) k = 0;
    else if ((n >= 0x0e50 && n <= 0x0e59) || (n >= 0x0ed0 && n <= 0x0ed9) || n >= 0xd800) return wordsSlow(s);
    else if (n >= 0x0e01 && n <= 0x0eff) k = SCRIPT;
    else {
      const c = s[i];
      if (isLetter(c) || isNumber(c)) k = LATIN;
      else if (isMark(c) && kind === LATIN) k = LATIN;
      else k = 0;
      if (k) ascii = false;
    }
    if (k !== kind) {
      flush(i);
      start = i; kind = k;
      ascii = n < 128;
    }
  }
  flush(s.length);
  return out;
}

// The same, letter by letter: Lao and Thai digits, letters outside the BMP.
function wordsSlow(s) {
  const out = [];
  let cur = ''; let kind = 0;
  const flush = () => {
    if (cur) out.push(word(kind, cur));
    cur = '';
  };
  for (let c of s) {
    c = localDigit(c);
    let k = 0;
    if (isAsciiDigit(c)) k = DIGITS;
    else if (isScript(c)) k = SCRIPT;
    else if (isLetter(c) || isNumber(c)) k = LATIN;
    else if (isMark(c) && kind === LATIN) k = LATIN;
    if (k !== kind) { flush(); kind = k; }
    if (k) cur += lower(c);
  }
  flush();
  return out;
}

// While an index is built, the keys of a word are computed once for all
// the names that have it.
let buildCache = null;

function word(kind, exact) {
  if (!buildCache) return makeWord(kind, exact);
  const m = buildCache[kind];
  let w = m.get(exact);
  if (!w) { w = makeWord(kind, exact); m.set(exact, w); }
  return w;
}

// Every word made gets a number, so a search can keep what it found of each
// in an array rather than a map (wordTest).
let nextWordId = 0;

function makeWord(kind, exact) {
  let plain = ''; let letters = '';
  if (kind === LATIN) plain = plainLatin(exact);
  else if (kind === SCRIPT) { plain = romanise(exact); if (hasThai(exact)) letters = laoLetters(exact); }
  // All fields set here, so every word has the same shape.
  return { kind, exact, loose: skeleton(plain), plain, letters, id: nextWordId++, stripped: undefined, sounds: null };
}

function hasThai(s) {
  for (let i = 0; i < s.length; i++) { const n = s.charCodeAt(i); if (n >= 0x0e01 && n <= 0x0e5b) return true; }
  return false;
}

// A Thai run in Lao letters without tone marks, every letter as written (a
// silent one too): a wrong letter is one edit here (Word.Letters in Go).
function laoLetters(s) {
  let out = '';
  for (const c of s) {
    const m = R.thai.get(c);
    if (m !== undefined) { for (const l of m) if (!R.tones.has(l)) out += l; } else if (c !== R.silencer && !R.tones.has(c)) out += c;
  }
  return out;
}

// Lower case, accents off.
function plainLatin(s) {
  s = String(s || '');
  if (!nonAscii.test(s)) return s.toLowerCase(); // no accents, no marks
  let w = '';
  for (const ch of String(s || '')) {
    const c = lower(ch);
    const m = R.skelLetters.get(c);
    if (m !== undefined) w += m;
    else if (!isMark(c)) w += c;
  }
  return w;
}

/** Lao (or Thai, read as Lao) in Latin letters: "ແສງສະຫວ່າງ" → "saengsavang". */
export function romanise(s) {
  const src = [...fold(String(s || ''))];
  const lao = src.some(isThai) ? thaiSpell(src) : src.filter((c) => !R.tones.has(c));
  const isCons = (c) => R.initial.has(c);
  for (let i = 0; i + 1 < lao.length; i++) {
    if (!R.leading.has(lao[i]) || !isCons(lao[i + 1])) continue;
    let end = i + 1;
    if (lao[end] === R.silentH && end + 1 < lao.length && R.softAfterH.has(lao[end + 1])) end++;
    const v = lao[i];
    for (let j = i; j < end; j++) lao[j] = lao[j + 1];
    lao[end] = v;
    i = end;
  }
  let out = '';
  const START = 0; const CONS = 1; const VOWEL = 2;
  let state = START;
  for (let i = 0; i < lao.length;) {
    let matched = false;
    for (const [from, to] of R.vowelsByFirst.get(lao[i]) || []) {
      if (from.length > lao.length - i) continue;
      let ok = true;
      for (let j = 0; j < from.length; j++) if (lao[i + j] !== from[j]) { ok = false; break; }
      if (ok) { out += to; state = VOWEL; i += from.length; matched = true; break; }
    }
    if (matched) continue;
    const c = lao[i];
    if (!isCons(c)) { i++; continue; }
    const next = i + 1 < lao.length ? lao[i + 1] : '';
    const next2 = i + 2 < lao.length ? lao[i + 2] : '';
    const nextVowel = R.vowelSigns.has(next) || ((next === 'ອ' || next === 'ວ') && !R.vowelSigns.has(next2));
    if (c === R.silentH && R.softAfterH.has(next)) state = CONS;
    else if (c === 'ອ') {
      if (state === CONS || !R.vowelSigns.has(next)) { out += 'o'; state = VOWEL; } else state = CONS;
    } else if (c === 'ວ' && state === CONS && !nextVowel) { out += 'ua'; state = VOWEL; } else if (state === VOWEL && !nextVowel) { out += R.final.get(c); state = START; } else if (state === CONS && !nextVowel && R.final.get(c)) {
      // Two consonants and no vowel: Thai (and older Lao) spelling leaves
      // out the o between them (สม is som, อุดม is udom).
      out += 'o' + R.final.get(c); state = START;
    } else { out += R.initial.get(c); state = CONS; }
    i++;
  }
  return out;
}

// Reading Thai: the vowels Thai leaves out (สม is som, มณี is ma-ni) are
// written in Lao before the Lao reading (thaiSpell in models/search).
const isThai = (c) => { const n = c.codePointAt(0); return n >= 0x0e01 && n <= 0x0e5b; };
const isThaiCons = (c) => { const n = c.codePointAt(0); return n >= 0x0e01 && n <= 0x0e2e; };
const laoOf = (c) => { const m = R.thai.get(c); return m === undefined ? c : [...m][0]; };
const F_R = 0; const F_FINAL = 1; const F_MEDIAL = 2; const F_PAIR = 3; const F_A = 4;

function thaiSpell(src) {
  const tr = R.th;
  let s = src.join('');
  for (const [from, to] of tr.rewrite) s = s.split(from).join(to);
  const inp = [...s];
  const t = [];
  for (let i = 0; i < inp.length; i++) {
    const c = inp[i];
    if (i + 1 < inp.length && inp[i + 1] === R.silencer) { i++; continue; }
    if (i + 2 < inp.length && inp[i + 2] === R.silencer && isThaiMark(inp[i + 1])) { i += 2; continue; }
    if (c === R.silencer || tr.dropped.has(c) || R.tones.has(c)) continue;
    t.push(c);
  }
  const us = [];
  for (let i = 0; i < t.length;) {
    const u = { lead: '', cons: [], signs: [], vowelled: false, other: false };
    if (tr.leading.has(t[i]) && i + 1 < t.length && isThaiCons(t[i + 1])) { u.lead = t[i]; i++; }
    if (!isThaiCons(t[i])) { us.push({ lead: '', cons: [t[i]], signs: [], vowelled: false, other: true }); i++; continue; }
    u.cons.push(t[i]); i++;
    if (u.cons[0] === 'ห' && i < t.length && isThaiCons(t[i]) && R.softAfterH.has(laoOf(t[i]))) { u.cons.push(t[i]); i++; }
    while (i < t.length && tr.signs.has(t[i])) { u.signs.push(t[i]); i++; }
    const n = u.signs.length;
    if (n > 0 && i < t.length && tr.tails.has(u.signs[n - 1] + t[i]) && !(i + 1 < t.length && tr.signs.has(t[i + 1]))) { u.signs.push(t[i]); i++; }
    const m = R.thai.get(u.cons[0]);
    u.vowelled = u.lead !== '' || u.signs.length > 0 || (m !== undefined && [...m].length > 1);
    us.push(u);
  }
  const out = [];
  let prev = null;
  for (let i = 0; i < us.length;) {
    const u = us[i];
    if (u.other) { laoPush(out, u.cons[0]); prev = null; i++; } else if (u.vowelled) {
      if (u.lead) laoPush(out, u.lead);
      for (const c of u.cons) laoPush(out, c);
      for (const c of u.signs) laoPush(out, c);
      prev = u; i++;
    } else {
      let j = i;
      while (j < us.length && !us[j].other && !us[j].vowelled) j++;
      readBare(out, us.slice(i, j), prev, j === us.length || us[j].other);
      prev = null; i = j;
    }
  }
  return out;
}

function laoPush(out, c) {
  const m = R.thai.get(c);
  if (m === undefined) { out.push(c); return; }
  for (const x of m) if (!R.tones.has(x)) out.push(x);
}
const single = (u, c) => u.cons.length === 1 && u.cons[0] === c;
const consPush = (out, u) => { for (const c of u.cons) laoPush(out, c); };
function finalPush(out, u) {
  if (u.cons.length === 1 && R.th.finalAs.has(u.cons[0])) { out.push(...R.th.finalAs.get(u.cons[0])); return; }
  consPush(out, u);
}

// The cheapest reading of consonants with no vowel of their own (readBare
// in models/search); prev is the syllable just before them, if any.
function readBare(out, b, prev, atEnd) {
  const tr = R.th; const cost = tr.cost;
  const k = b.length;
  const f = new Array(k + 1).fill(0); const choice = new Array(k + 1).fill(-1);
  let open = prev !== null;
  let finalCost = cost.final_open;
  if (open) {
    if (tr.noFinal.has(prev.lead)) open = false;
    for (const c of prev.signs) if (tr.noFinal.has(c)) open = false;
    const n = prev.signs.length;
    if (n === 0 || tr.closing.has(prev.signs[n - 1])) finalCost = cost.final_closing;
    else if (tr.short.has(prev.signs[n - 1])) finalCost = cost.final_short;
  }
  for (let i = k - 1; i >= 0; i--) {
    let best = 1 << 30; let how = -1;
    const tryIt = (c, h) => { if (c < best) { best = c; how = h; } };
    if (i === 0 && open && b[0].cons.length === 1) {
      let fc = finalCost;
      if (tr.glides.has(b[0].cons[0])) fc = Math.min(fc, cost.final_glide);
      if (k >= 2 && tr.silentRAfter.has(b[0].cons[0]) && single(b[1], 'ร')) tryIt(fc + f[2], F_R);
      tryIt(fc + f[1], F_FINAL);
    }
    if (i + 2 < k && b[i + 1].cons.length === 1 && b[i + 2].cons.length === 1 && tr.medial.has(b[i + 1].cons[0])) tryIt(tr.medial.get(b[i + 1].cons[0]) + f[i + 3], F_MEDIAL);
    if (i + 1 < k && b[i + 1].cons.length === 1) tryIt(cost.pair + (tr.hard.has(b[i + 1].cons[0]) ? cost.pair_hard_final : 0) + f[i + 2], F_PAIR);
    tryIt((i + 1 === k && atEnd ? cost.a_at_end : cost.a) + f[i + 1], F_A);
    f[i] = best; choice[i] = how;
  }
  for (let i = 0; i < k;) {
    switch (choice[i]) {
      case F_R: finalPush(out, b[i]); i += 2; break;
      case F_FINAL: finalPush(out, b[i]); i++; break;
      case F_MEDIAL: consPush(out, b[i]); consPush(out, b[i + 1]); finalPush(out, b[i + 2]); i += 3; break;
      case F_PAIR: consPush(out, b[i]); if (!single(b[i + 1], 'อ')) out.push(tr.implicitO); finalPush(out, b[i + 1]); i += 2; break;
      default: consPush(out, b[i]); out.push(tr.implicitA); i++;
    }
  }
}

/** The form the common Latin spellings of a sound share: "Phouvong", "pouvong" → "puvong". */
export function skeleton(s) {
  const w = plainLatin(s);
  let b = '';
  for (let i = 0; i < w.length;) {
    let done = false;
    for (const r of R.skelByFirst.get(w[i]) || []) {
      if ((r.start && i !== 0) || !w.startsWith(r.from, i) || (r.end && i + r.from.length !== w.length)) continue;
      b += r.to; i += r.from.length; done = true; break;
    }
    if (!done) {
      const c = String.fromCodePoint(w.codePointAt(i));
      b += c; i += c.length;
    }
  }
  // A letter written twice counts once.
  if (!nonAscii.test(b)) {
    let out = ''; let last = -1;
    for (let i = 0; i < b.length; i++) { const c = b.charCodeAt(i); if (c !== last) out += b[i]; last = c; }
    return out;
  }
  const cps = [...b];
  return cps.filter((c, i) => i === 0 || c !== cps[i - 1]).join('');
}

function stripCompany(s) {
  for (let changed = true; changed;) {
    changed = false;
    for (const c of R.companyScript) {
      if (s.length > c.length && s.startsWith(c)) { s = s.slice(c.length); changed = true; }
      if (s.length > c.length && s.endsWith(c)) { s = s.slice(0, -c.length); changed = true; }
    }
  }
  return s;
}

const isCompany = (w) => (w.kind === LATIN ? R.companyLatin.has(w.exact) : w.kind === SCRIPT && R.companyAll.has(w.exact));

/** The words of a query that must each be found (company words left out when there are others). */
export function queryWords(q) {
  let out = [];
  let company = 0;
  const seen = new Set();
  for (let w of words(q)) {
    if (w.kind === SCRIPT) {
      const e = stripCompany(w.exact);
      if (e !== w.exact) w = word(SCRIPT, e);
    }
    if (seen.has(w.exact)) continue;
    seen.add(w.exact);
    out.push(w);
    if (isCompany(w)) company++;
  }
  if (company > 0 && company < out.length) out = out.filter((w) => !isCompany(w));
  return out;
}

// The words of a listing's names; a Lao run that begins or ends with a
// company word also counts without it. (Its runs written together come
// apart, from joinedWords: only a Lao or Thai query word can find them.)
function docWords(d, k, i) {
  const lo = words(d.name_lo || '');
  const en = words(d.name_en || '');
  k.lens[i] = nameLen(d, lo, en);
  k.los[i] = lo;
  const ws = lo.slice();
  for (const w of en) ws.push(w);
  for (let i = 0, n = ws.length; i < n; i++) {
    const w = ws[i];
    if (w.kind === SCRIPT) {
      if (w.stripped === undefined) { const e = stripCompany(w.exact); w.stripped = e !== w.exact ? word(SCRIPT, e) : null; }
      if (w.stripped) ws.push(w.stripped);
    }
  }
  return ws;
}

// The runs next to each other of listing i's Lao or Thai name written
// together, company words cut from its ends: "บริษัท จัดหางาน สยาม จำกัด" is
// also "จัดหางานสยาม" (docWords in Go); worked out once, when first needed
// (by the build, or a scan for a Lao or Thai query), with the build's cache.
function joinedWords(k, i) {
  let out = k.joined[i];
  if (out) return out;
  out = [];
  const lo = k.los[i]; const ws = k.words[i];
  for (let a = 0; a < lo.length;) {
    let j = a; let b = '';
    while (j < lo.length && lo[j].kind === SCRIPT) { b += lo[j].exact; j++; }
    if (j - a >= 2) {
      const e = stripCompany(b);
      // Found as typed only (no sound): every sound is a candidate for a query.
      let have = false;
      for (const w of ws) if (w.exact === e) { have = true; break; }
      for (const w of out) if (w.exact === e) { have = true; break; }
      if (!have) out.push(joinedWord(e));
    }
    a = Math.max(j, a + 1);
  }
  k.joined[i] = out;
  return out;
}

// A run of a name's runs written together: found as typed only (no sound,
// and apart from the word of the same letters, which has one).
function joinedWord(e) {
  const m = buildCache && buildCache[4];
  let w = m && m.get(e);
  if (!w) {
    w = { kind: SCRIPT, exact: e, loose: '', plain: '', letters: '', id: nextWordId++, stripped: null, sounds: null };
    if (m) m.set(e, w);
  }
  return w;
}

// How many words a listing's name has beyond its company words (its Latin
// name's, else its Lao or Thai name's): a tie-break, fewer first (nameLen in Go).
function nameLen(d, lo, en) {
  const ws = (d.name_en || '').trim() ? en : lo;
  let n = 0;
  for (const w of ws) if (!isCompany(w)) n++;
  return Math.min(n, 255);
}

// The cost of a licence number that holds the query's letters and digits:
// 0 when the query's parts are whole parts of it from its first number
// part on, 1 whole parts elsewhere, 2 only inside it (partCost in Go).
function partCost(qz, qr, licenceNo) {
  const lz = zeroKey(licenceNo).split('|');
  const digits = (p) => /^[0-9]+$/.test(p);
  const at = (a, b, i) => { for (let j = 0; j < b.length; j++) if (a[i + j] !== b[j]) return false; return true; };
  let first = 0;
  while (first < lz.length && !digits(lz[first])) first++;
  let best = 3;
  for (let i = 0; i + qz.length <= lz.length; i++) {
    if (at(lz, qz, i)) {
      if (i === first || (i === first - 1 && !digits(qz[0]))) return at(zeroKey(licenceNo, true).split('|'), qr, i) ? 0 : 1;
      best = 2;
    }
  }
  return best;
}

// Among close matches already found, those in which the query's words
// written together are one whole word or run rank first (joinedBonus in Go).
function joinedBonus(x, ws, set) {
  if (ws.length < 2 || ws.some((w) => w.kind === DIGITS)) return;
  const qs = [...ws.map((w) => w.loose).join('')].map((c) => c.codePointAt(0));
  const k = maxEdits(qs.length);
  for (const t of candidates(x, qs, k, k)) {
    const d = distance(qs, x.loose[t], k, WHOLE);
    if (d > k) continue;
    for (const p of x.looseDocs[t]) {
      const c = x.best[p];
      if (c !== 0xffff && (c >> 8) >= RANK_STARTS) set(p, c >> 8, 4 * d);
    }
  }
}

// The loose terms that may be within the edits of qs (the bigram filter).
function candidates(x, qs, kq, kw) {
  const grams = [];
  for (let j = 0; j + 2 <= qs.length; j++) { const g = gramKey(qs[j], qs[j + 1]); if (!grams.includes(g)) grams.push(g); }
  const need = grams.length - (kw > kq ? 3 * kq + 1 : 3 * kq);
  if (need <= 0) return x.loose.map((_, i) => i);
  const counted = [];
  for (const g of grams) for (const t of x.looseBi.get(g) || []) { if (x.count[t] === 0) counted.push(t); x.count[t]++; }
  const cands = [];
  for (const t of counted) { if (x.count[t] >= need) cands.push(t); x.count[t] = 0; }
  return cands;
}

// The query's Lao/Thai words written together, when it has 2+ and nothing else.
function joinScript(ws) {
  if (ws.length < 2 || ws.some((w) => w.kind !== SCRIPT)) return null;
  return ws.map((w) => w.exact).join('');
}

function maxEdits(n) {
  let k = 0;
  for (const [len, e] of R.edits) if (n >= len) k = e;
  return k;
}

// Ranks, best first (search-rules.json "ranking"); the first three are exact.
export const RANKS = ['licence', 'phone', 'words', 'licence_zero', 'part', 'starts', 'tolerant'];
const RANK_WORDS = 2; const RANK_ZERO = 3; const RANK_PART = 4; const RANK_STARTS = 5; const RANK_TOLERANT = 6;

const lowerAll = (s) => (nonAscii.test(s) ? [...s].map(lower).join('') : s.toLowerCase());
const sortKey = (a) => (a.name_en ? lowerAll(a.name_en) : lowerAll(fold(a.name_lo || '')));
const gramKey = (a, b) => a * 0x110000 + b;


// The index is built in steps of CHUNK listings. prepare() runs them in
// idle moments, a slice of at most SLICE_MS at a time, as soon as the list
// is on the phone, so the first search usually finds the index ready; a
// search that comes first finishes the build at once.
const CHUNK = 100;
const SLICE_MS = 8;

function newBuild(list) {
  const b = { list, steps: null, cache: [null, new Map(), new Map(), new Map(), new Map()], x: null, keys: null };
  b.steps = buildSteps(list, b);
  b.done = new Promise((resolve) => { b.resolve = resolve; });
  return b;
}

// Run the build's steps while more() says so; true when it is finished.
function runSteps(b, more) {
  buildCache = b.cache;
  try {
    for (;;) {
      const r = b.steps.next();
      if (r.done) {
        b.x = r.value;
        indexes.set(b.list, b.x);
        if (building === b) building = null;
        b.resolve();
        return true;
      }
      if (!more()) return false;
    }
  } finally { buildCache = null; }
}

/** The index of a list (built on first use, kept while the list lives). */
export function indexOf(list) {
  const x = indexes.get(list);
  if (x) return x;
  const b = building && building.list === list ? building : newBuild(list);
  runSteps(b, () => true);
  return b.x;
}

/** Whether the index of this list is built (for tests and measurements). */
export const prepared = (list) => indexes.has(list);

/**
 * Build the index of a list in idle moments (a few ms at a time), so that
 * the first search finds it ready. Resolves when it is built. A newer list
 * replaces an older one still being built.
 */
export function prepare(list) {
  if (!list || !R) return Promise.resolve();
  if (indexes.has(list)) return Promise.resolve();
  if (building && building.list === list) return building.done;
  const old = building;
  const b = newBuild(list);
  building = b;
  if (old) old.resolve(); // that list is gone: its build stops
  const idle = typeof requestIdleCallback === 'function'
    ? (fn) => requestIdleCallback(fn, { timeout: 100 })
    : (fn) => setTimeout(fn, 0);
  const slice = (deadline) => {
    if (building !== b) return; // finished by a search, or replaced
    const budget = deadline && deadline.timeRemaining ? Math.max(1, Math.min(SLICE_MS, deadline.timeRemaining())) : SLICE_MS;
    const until = performance.now() + budget;
    if (!runSteps(b, () => performance.now() < until)) idle(slice);
  };
  idle(slice);
  return b.done;
}

// A stable merge sort in steps (the same order as Array.prototype.sort):
// runs of SORT_RUN sorted at once, then merged, yielding between pieces.
const SORT_RUN = 512;
function* sortSteps(a, cmp) {
  for (let i = 0; i < a.length; i += SORT_RUN) {
    const run = a.slice(i, i + SORT_RUN).sort(cmp);
    for (let j = 0; j < run.length; j++) a[i + j] = run[j];
    yield;
  }
  let src = a; let dst = new Array(a.length);
  for (let w = SORT_RUN; w < a.length; w *= 2) {
    let done = 0;
    for (let lo = 0; lo < a.length; lo += 2 * w) {
      const mid = Math.min(lo + w, a.length); const hi = Math.min(lo + 2 * w, a.length);
      let i = lo; let j = mid; let k = lo;
      while (i < mid && j < hi) dst[k++] = cmp(src[j], src[i]) < 0 ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
      done += hi - lo;
      if (done >= 4 * SORT_RUN) { done = 0; yield; }
    }
    const t = src; src = dst; dst = t;
  }
  if (src !== a) for (let i = 0; i < a.length; i++) a[i] = src[i];
}

function* buildSteps(list, b) {
  // First the words and licence key of every listing, which a search by
  // scan needs too (one that comes now finishes these and uses them).
  const k0 = scanKeys(b, 0);
  while (k0.done < list.length) {
    if (k0.done % CHUNK === 0 && k0.done > 0) yield;
    keysOf(k0, list, k0.done);
  }
  yield;
  const keys = [];
  for (let i = 0; i < list.length; i++) {
    if (i % (10 * CHUNK) === 0 && i > 0) yield;
    keys.push(sortKey(list[i]));
  }
  const ord = list.map((_, i) => i);
  yield* sortSteps(ord, (i, j) => (keys[i] < keys[j] ? -1 : keys[i] > keys[j] ? 1 : (list[i].id || 0) - (list[j].id || 0)));
  const docs = ord.map((i) => list[i]);
  yield;
  const x = {
    docs, licence: [], phones: [], phoneIDs: [], docLen: [], byLicence: new Map(), byZero: new Map(), byPhone: new Map(),
    exact: new Map(), scriptTerms: [], loose: [], looseSub: [], looseDocs: [], looseBi: new Map(),
  };
  const push = (m, k, pos) => { const l = m.get(k); if (!l) m.set(k, [pos]); else if (l[l.length - 1] !== pos) l.push(pos); };
  const looseID = new Map();
  // What a word adds to the index is worked out once per distinct word
  // (kept on the word, which the build's cache shares between names).
  const termsOf = (w) => {
    if (w.terms) return w.terms;
    let t = x.exact.get(w.exact);
    if (!t) { t = { kind: w.kind, docs: [] }; x.exact.set(w.exact, t); if (w.kind === SCRIPT) x.scriptTerms.push(w.exact); }
    const loose = [];
    for (let k = 0; k < 3; k++) {
      const sound = k === 0 ? w.loose : k === 1 ? w.plain : w.letters;
      if (k === 1 && (sound === w.loose || w.kind !== LATIN)) continue;
      const cps = [...sound];
      if (cps.length < R.closeMinLen) continue;
      const id = (w.kind === SCRIPT ? '\0' : '') + sound;
      let lid = looseID.get(id);
      if (lid === undefined) {
        lid = x.loose.length;
        looseID.set(id, lid);
        x.loose.push(cps.map((c) => c.codePointAt(0)));
        x.looseSub.push(w.kind === SCRIPT);
        x.looseDocs.push([]);
      }
      loose.push(x.looseDocs[lid]);
    }
    w.terms = { docs: t.docs, loose };
    return w.terms;
  };
  for (let pos = 0; pos < docs.length; pos++) {
    if (pos % CHUNK === 0 && pos > 0) yield;
    const d = docs[pos];
    x.docLen.push(k0.lens[ord[pos]]);
    const lk = k0.lks[ord[pos]];
    x.licence.push(lk);
    if (lk) push(x.byLicence, lk, pos);
    const z = zeroKey(d.licence_no);
    if (z) {
      push(x.byZero, z, pos);
      const c = hasThai(String(d.licence_no || '')) ? cousinKey(d.licence_no) : z;
      if (c !== z) push(x.byZero, c, pos);
    }
    const ps = []; const ids = [];
    for (const p of d.phones || []) { const k = phoneKey(p); if (k) { const id = phoneID(p); ps.push(k); ids.push(id); push(x.byPhone, id, pos); } }
    x.phones.push(ps); x.phoneIDs.push(ids);
    for (const ws of [k0.words[ord[pos]], joinedWords(k0, ord[pos])]) {
      for (const w of ws) {
        const t = termsOf(w);
        if (t.docs[t.docs.length - 1] !== pos) t.docs.push(pos);
        for (const ld of t.loose) if (ld[ld.length - 1] !== pos) ld.push(pos);
      }
    }
  }
  yield;
  x.exactSorted = [...x.exact.keys()];
  yield* sortSteps(x.exactSorted, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < x.loose.length; i++) {
    if (i % (4 * CHUNK) === 0 && i > 0) yield;
    const w = x.loose[i];
    for (let j = 0; j + 2 <= w.length; j++) {
      const g = gramKey(w[j], w[j + 1]);
      const l = x.looseBi.get(g);
      if (!l) x.looseBi.set(g, [i]); else if (l[l.length - 1] !== i) l.push(i);
    }
  }
  const n = docs.length;
  x.best = new Uint16Array(n).fill(0xffff);
  x.cur = new Uint16Array(n).fill(0xffff);
  x.accN = new Uint8Array(n); x.accQ = new Uint8Array(n); x.accE = new Uint8Array(n);
  x.count = new Uint8Array(x.loose.length);
  return x;
}

// Optimal-string-alignment distance from a to the best start of b (or, with
// inside, the best part of b); more than k gives k+1.
const START = 0; const INSIDE = 1; const WHOLE = 2;
function distance(a, b, k, mode) {
  const m = a.length; let n = b.length;
  const inside = mode === INSIDE;
  if (mode === WHOLE && (n > m + k || n < m - k)) return k + 1;
  if (mode === START && n > m + k) n = m + k;
  let prev2 = new Int32Array(n + 1); let prev = new Int32Array(n + 1); let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = inside ? 0 : j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      let v = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return k + 1;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  if (mode === WHOLE) return Math.min(prev[n], k + 1);
  let best = k + 1;
  for (let j = 0; j <= n; j++) if (prev[j] < best) best = prev[j];
  return best;
}

// Cost of query spelling qs against sound t (4 per edit, +1 a word's start,
// +2 a part inside a Lao run), or -1: as looseEdits in models/search.
function looseEdits(x, qs, t, kq, kw) {
  return termEdits(qs, x.loose[t], x.looseSub[t], kq, kw);
}

function termEdits(qs, term, sub, kq, kw) {
  if (term.length < qs.length - kw) return -1;
  if (sub) {
    const d = distance(qs, term, kq, INSIDE);
    if (d > kq) {
      // The whole run with a letter left out, as for a Latin word.
      if (kw > kq && maxEdits(term.length) >= kw) { const w = distance(qs, term, kw, WHOLE); if (w <= kw) return 4 * w; }
      return -1;
    }
    const w = distance(qs, term, kq, WHOLE);
    if (w <= kq) return 4 * w;
    const st = distance(qs, term, kq, START);
    if (st <= kq) return 4 * st + 1;
    return 4 * d + 2;
  }
  const d = distance(qs, term, kw, START);
  if (d > kw) return -1;
  const w = distance(qs, term, kw, WHOLE);
  if (w <= kq || (w <= kw && maxEdits(term.length) >= kw)) return 4 * w;
  if (d <= kq) return 4 * d + 1;
  return -1;
}

// The spellings of a query word compared with tolerance (forms in Go):
// {cps, plain}; plain, the plain Latin spelling, is compared with Latin words only.
function forms(w) {
  const out = [];
  const l = [...w.loose].map((c) => c.codePointAt(0));
  if (l.length >= R.closeMinLen) out.push({ cps: l, plain: false });
  if (w.kind === LATIN && w.plain !== w.loose) {
    const p = [...w.plain].map((c) => c.codePointAt(0));
    if (p.length >= R.closeMinLen) out.push({ cps: p, plain: true });
  }
  const t = [...w.letters].map((c) => c.codePointAt(0));
  if (t.length >= R.closeMinLen) out.push({ cps: t, plain: false });
  return out;
}

function matchWord(x, w, found) {
  if (w.kind === SCRIPT) {
    for (const t of x.scriptTerms) if (t.includes(w.exact)) found(x.exact.get(t).docs, t === w.exact ? 0 : 1, t === w.exact ? 0 : 1);
  } else {
    const s = x.exactSorted;
    let lo = 0; let hi = s.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid] < w.exact) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < s.length && s[i].startsWith(w.exact); i++) {
      const whole = s[i] === w.exact;
      found(x.exact.get(s[i]).docs, whole ? 0 : 1, whole ? 0 : 1);
    }
  }
  // The folded and the plain spelling (this one against Latin words only:
  // Lao and Thai runs are kept by their folded sound alone).
  forms(w).forEach(({ cps: qs, plain }) => {
    const kq = maxEdits(qs.length); const kw = maxEdits(qs.length + 1);
    const grams = [];
    for (let j = 0; j + 2 <= qs.length; j++) { const g = gramKey(qs[j], qs[j + 1]); if (!grams.includes(g)) grams.push(g); }
    const need = grams.length - (kw > kq ? 3 * kq + 1 : 3 * kq);
    let cands;
    if (need <= 0) cands = x.loose.map((_, i) => i);
    else {
      const counted = [];
      for (const g of grams) for (const t of x.looseBi.get(g) || []) { if (x.count[t] === 0) counted.push(t); x.count[t]++; }
      cands = [];
      for (const t of counted) { if (x.count[t] >= need) cands.push(t); x.count[t] = 0; }
    }
    for (const t of cands) {
      if (plain && x.looseSub[t]) continue;
      const d = looseEdits(x, qs, t, kq, kw);
      if (d >= 0) found(x.looseDocs[t], 2, d);
    }
  });
}

/**
 * Search a list of agencies. Returns hits best first: {agency, match, rank,
 * edits}, match "exact" (as typed) or "close" (spelling tolerance, another
 * script, a word's start, a part of a number or a dropped zero).
 */
export function search(list, q) {
  q = String(q || '');
  return indexes.has(list) ? searchIndexed(list, q) : searchByScan(list, q);
}

// The query's words and keys, the same for both ways of searching.
function parseQuery(q) {
  const ws = queryWords(q);
  // Only the first max_query_words words are looked for; a query with
  // more never gets an exact match (the others were not checked).
  const tooMany = ws.length > R.maxWords;
  if (tooMany) ws.length = R.maxWords;
  // Numbers alone are not a name: only a licence or phone is exact by its digits.
  const asTyped = tooMany || ws.every((w) => w.kind === DIGITS) ? RANK_STARTS : RANK_WORDS;
  return { ws, asTyped, lk: licenceKey(q) };
}

const hitOf = (agency, rank, edits) => ({ agency, match: rank <= RANK_WORDS ? 'exact' : 'close', rank: RANKS[rank], edits });

/** The search through the index (built first if it is not yet). */
export function searchIndexed(list, q) {
  q = String(q || '');
  const x = indexOf(list);
  const { ws, asTyped, lk } = parseQuery(q);
  if (!ws.length && !lk) return [];
  const touched = [];
  const set = (pos, rank, edits) => {
    const code = (rank << 8) | Math.min(edits, 255);
    if (x.best[pos] === 0xffff) touched.push(pos);
    if (code < x.best[pos]) x.best[pos] = code;
  };
  for (const p of x.byLicence.get(lk) || []) set(p, 0, 0);
  if (/[0-9]/.test(lk)) {
    const zq = zeroKey(q); const cq = cousinKey(q);
    for (const p of x.byZero.get(zq) || []) set(p, RANK_ZERO, 0);
    if (cq !== zq) for (const p of x.byZero.get(cq) || []) set(p, RANK_ZERO, 0);
    if ([...lk].length >= R.licencePartMin) {
      const qz = zeroKey(q).split('|'); const qr = zeroKey(q, true).split('|');
      x.licence.forEach((l, i) => { if (l !== lk && l.includes(lk)) set(i, RANK_PART, partCost(qz, qr, x.docs[i].licence_no)); });
    }
  }
  if (looksLikePhone(q)) {
    const pk = phoneKey(q); const id = phoneID(q);
    for (const p of x.byPhone.get(id) || []) set(p, 1, 0);
    // A part of a number, or the same national digits in the other country: close.
    if (pk.length >= R.phonePartMin) x.phones.forEach((ps, i) => { if (ps.some((p, j) => x.phoneIDs[i][j] !== id && p.includes(pk))) set(i, RANK_PART, 0); });
  }
  if (ws.length) {
    const first = [];
    ws.forEach((w, wi) => {
      const curList = [];
      matchWord(x, w, (docs, q2, d) => {
        const code = (q2 << 8) | d;
        for (const p of docs) {
          if (x.cur[p] === 0xffff) curList.push(p);
          if (code < x.cur[p]) x.cur[p] = code;
        }
      });
      for (const p of curList) {
        const c = x.cur[p];
        x.cur[p] = 0xffff;
        if (x.accN[p] !== wi) continue;
        if (wi === 0) first.push(p);
        x.accN[p]++;
        if ((c >> 8) > x.accQ[p]) x.accQ[p] = c >> 8;
        x.accE[p] = Math.min(x.accE[p] + (c & 0xff), 255);
      }
    });
    for (const p of first) {
      if (x.accN[p] === ws.length) set(p, x.accQ[p] === 0 ? asTyped : x.accQ[p] === 1 ? RANK_STARTS : RANK_TOLERANT, x.accE[p]);
      x.accN[p] = 0; x.accQ[p] = 0; x.accE[p] = 0;
    }
    joinedBonus(x, ws, set);
    const joined = joinScript(ws);
    const t = joined && x.exact.get(joined);
    if (t) for (const p of t.docs) set(p, asTyped, 0);
  }
  const hits = touched.map((p) => { const c = x.best[p]; x.best[p] = 0xffff; return { pos: p, rank: c >> 8, edits: c & 0xff }; });
  hits.sort((a, b) => a.rank - b.rank || a.edits - b.edits || x.docLen[a.pos] - x.docLen[b.pos] || a.pos - b.pos);
  return hits.map((h) => hitOf(x.docs[h.pos], h.rank, h.edits));
}

// Before the index is built (a search in the first seconds after the list
// arrives), a search reads every listing instead: the same tests as the
// index's, word for word, on each listing's words, and the same filter of
// candidates by shared bigrams, so the answer is the same (the fixtures and
// the parity test check it). The build goes on in idle time, and takes over
// the keys worked out here.

// The build under way for this list (started when there is none).
function buildFor(list) {
  if (!(building && building.list === list)) prepare(list);
  return building && building.list === list ? building : newBuild(list);
}

// The words and licence key of every listing, in list order, kept with the
// build (its first step); the first upTo of them worked out.
function scanKeys(b, upTo = b.list.length) {
  const { list } = b;
  if (!b.keys) b.keys = { words: new Array(list.length), los: new Array(list.length), joined: new Array(list.length), lks: new Array(list.length), lens: new Array(list.length), done: 0, zero: null, cousin: null, phones: null };
  const k = b.keys;
  if (k.done >= upTo) return k;
  const outer = buildCache;
  buildCache = b.cache;
  try {
    while (k.done < upTo) keysOf(k, list, k.done);
  } finally { buildCache = outer; }
  return k;
}

// The joined runs of every listing, for a scan (with the build's cache).
function scanJoined(b) {
  const k = b.keys;
  const outer = buildCache;
  buildCache = b.cache;
  try {
    for (let i = 0; i < b.list.length; i++) joinedWords(k, i);
  } finally { buildCache = outer; }
}

function keysOf(k, list, i) {
  k.words[i] = docWords(list[i], k, i);
  k.lks[i] = licenceKey(list[i].licence_no);
  k.done = i + 1;
}

// A doc word's sounds as the index keeps them (termsOf): [{cps, sub, grams}].
function soundsOf(u) {
  if (u.sounds) return u.sounds;
  const out = [];
  for (let k = 0; k < 3; k++) {
    const sound = k === 0 ? u.loose : k === 1 ? u.plain : u.letters;
    if (k === 1 && (sound === u.loose || u.kind !== LATIN)) continue;
    const cps = [...sound].map((c) => c.codePointAt(0));
    if (cps.length < R.closeMinLen) continue;
    const grams = [];
    for (let j = 0; j + 2 <= cps.length; j++) grams.push(gramKey(cps[j], cps[j + 1]));
    out.push({ cps, sub: u.kind === SCRIPT, grams });
  }
  u.sounds = out;
  return out;
}

// The distinct bigrams of qs and how many of them a candidate must share (candidates).
function gramFilter(qs, kq, kw) {
  const grams = [];
  for (let j = 0; j + 2 <= qs.length; j++) { const g = gramKey(qs[j], qs[j + 1]); if (!grams.includes(g)) grams.push(g); }
  return { grams, need: grams.length - (kw > kq ? 3 * kq + 1 : 3 * kq) };
}

function passes(f, t) {
  if (f.need <= 0) return true;
  let n = 0;
  for (const g of f.grams) if (t.grams.includes(g)) n++;
  return n >= f.need;
}

// How query word w is found in a doc word (the code of matchWord's found:
// quality << 8 | cost), 0xffff if not; kept per doc word, as the index
// works it out once per term.
function wordTest(w) {
  // memo[u.id] is the code + 1, 0 while not worked out (words made after
  // this test, which a scan does not meet, are worked out each time).
  const memo = new Uint32Array(nextWordId);
  const fs = forms(w).map(({ cps: qs, plain }) => { const kq = maxEdits(qs.length); const kw = maxEdits(qs.length + 1); return { qs, plain, kq, kw, ...gramFilter(qs, kq, kw) }; });
  return (u) => {
    const m = u.id < memo.length ? memo[u.id] : 0;
    if (m) return m - 1;
    let c = 0xffff;
    if (w.kind === SCRIPT ? u.kind === SCRIPT && u.exact.includes(w.exact) : u.exact.startsWith(w.exact)) c = u.exact === w.exact ? 0 : (1 << 8) | 1;
    else {
      // (A match as typed always beats one by sound.)
      fs.forEach((f) => {
        for (const t of soundsOf(u)) {
          if ((f.plain && t.sub) || !passes(f, t)) continue;
          const d = termEdits(f.qs, t.cps, t.sub, f.kq, f.kw);
          if (d >= 0 && ((2 << 8) | d) < c) c = (2 << 8) | d;
        }
      });
    }
    if (u.id < memo.length) memo[u.id] = c + 1;
    return c;
  };
}

/** The search by reading every listing (what search does before the index is built). */
export function searchByScan(list, q) {
  q = String(q || '');
  const { ws, asTyped, lk } = parseQuery(q);
  if (!ws.length && !lk) return [];
  const b = buildFor(list);
  const K = scanKeys(b);
  const n = list.length;
  const best = new Uint16Array(n).fill(0xffff);
  const touched = [];
  const set = (i, rank, edits) => {
    const code = (rank << 8) | Math.min(edits, 255);
    if (best[i] === 0xffff) touched.push(i);
    if (code < best[i]) best[i] = code;
  };
  if (lk) for (let i = 0; i < n; i++) if (K.lks[i] === lk) set(i, 0, 0);
  if (/[0-9]/.test(lk)) {
    const z = zeroKey(q);
    if (!K.zero) {
      K.zero = list.map((d) => zeroKey(d.licence_no));
      K.cousin = list.map((d, i) => { if (!hasThai(String(d.licence_no || ''))) return ''; const c = cousinKey(d.licence_no); return c !== K.zero[i] && K.zero[i] ? c : ''; });
    }
    const c = cousinKey(q);
    if (z) for (let i = 0; i < n; i++) if (K.zero[i] === z || K.cousin[i] === z || (c !== z && (K.zero[i] === c || K.cousin[i] === c))) set(i, RANK_ZERO, 0);
    if ([...lk].length >= R.licencePartMin) {
      const qz = z.split('|'); const qr = zeroKey(q, true).split('|');
      for (let i = 0; i < n; i++) { const l = K.lks[i]; if (l !== lk && l.includes(lk)) set(i, RANK_PART, partCost(qz, qr, list[i].licence_no)); }
    }
  }
  if (looksLikePhone(q)) {
    const pk = phoneKey(q); const id = phoneID(q);
    if (!K.phones) {
      K.phones = list.map((d) => {
        const ps = []; const ids = [];
        for (const p of d.phones || []) { const k = phoneKey(p); if (k) { ps.push(k); ids.push(phoneID(p)); } }
        return { ps, ids };
      });
    }
    for (let i = 0; i < n; i++) {
      const { ps, ids } = K.phones[i];
      if (ids.includes(id)) set(i, 1, 0);
      if (pk.length >= R.phonePartMin && ps.some((p, j) => ids[j] !== id && p.includes(pk))) set(i, RANK_PART, 0);
    }
  }
  if (ws.length) {
    // A name's runs written together are found by a Lao or Thai word only.
    const script = ws.some((w) => w.kind === SCRIPT);
    if (script) scanJoined(b);
    const none = [];
    const tests = ws.map(wordTest);
    for (let i = 0; i < n; i++) {
      const dw = K.words[i]; const dj = script ? K.joined[i] : none;
      let qual = 0; let e = 0; let all = true;
      for (const test of tests) {
        let c = 0xffff;
        for (const u of dw) { const v = test(u); if (v < c) c = v; }
        for (const u of dj) { const v = test(u); if (v < c) c = v; }
        if (c === 0xffff) { all = false; break; }
        if ((c >> 8) > qual) qual = c >> 8;
        e = Math.min(e + (c & 0xff), 255);
      }
      if (all) set(i, qual === 0 ? asTyped : qual === 1 ? RANK_STARTS : RANK_TOLERANT, e);
    }
    // joinedBonus, listing by listing.
    if (ws.length >= 2 && !ws.some((w) => w.kind === DIGITS)) {
      const qs = [...ws.map((w) => w.loose).join('')].map((c) => c.codePointAt(0));
      const k = maxEdits(qs.length);
      const f = gramFilter(qs, k, k);
      const memo = new Map();
      for (const i of touched) {
        const rank = best[i] >> 8;
        if (rank < RANK_STARTS) continue;
        for (const u of K.words[i]) {
          for (const t of soundsOf(u)) {
            let d = memo.get(t);
            if (d === undefined) { d = passes(f, t) ? distance(qs, t.cps, k, WHOLE) : k + 1; memo.set(t, d); }
            if (d <= k) set(i, rank, 4 * d);
          }
        }
      }
    }
    const joined = joinScript(ws);
    if (joined) for (let i = 0; i < n; i++) if (K.words[i].some((u) => u.exact === joined) || K.joined[i].some((u) => u.exact === joined)) set(i, asTyped, 0);
  }
  // In list order among equals, as the index keeps it (buildSteps).
  const hits = touched.map((i) => ({ i, rank: best[i] >> 8, edits: best[i] & 0xff, len: K.lens[i], key: sortKey(list[i]) }));
  hits.sort((a, b) => a.rank - b.rank || a.edits - b.edits || a.len - b.len || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
    (list[a.i].id || 0) - (list[b.i].id || 0) || a.i - b.i);
  return hits.map((h) => hitOf(list[h.i], h.rank, h.edits));
}

/** The agencies that match, best first (hits without how they matched). */
export function searchAgencies(list, q) {
  return search(list, q).map((h) => h.agency);
}

/** The listing with exactly this licence number, if any (a verdict: never a close match). */
export function findByLicence(list, licenceNo) {
  const lk = licenceKey(licenceNo);
  if (!lk) return null;
  const x = indexes.get(list);
  if (x) {
    const l = x.byLicence.get(lk);
    return l ? x.docs[l[0]] : null;
  }
  // Before the index is built: the first in list order (as the index's).
  const K = scanKeys(buildFor(list));
  let found = -1; let key = '';
  for (let i = 0; i < list.length; i++) {
    if (K.lks[i] !== lk) continue;
    const k = sortKey(list[i]);
    if (found < 0 || k < key || (k === key && (list[i].id || 0) < (list[found].id || 0))) { found = i; key = k; }
  }
  return found < 0 ? null : list[found];
}
