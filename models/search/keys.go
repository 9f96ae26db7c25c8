package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Keys. People type licence numbers with or without spaces, dashes or
// slashes, phone numbers with or without the country code, names in any
// word order, in Lao, Thai or Latin letters, with a letter wrong. Every key
// below is computed the same way for the stored listing and for the query,
// by the rules in web/app/search-rules.json (js/search.js does the same).

// localDigit maps Lao and Thai digits to ASCII.
func localDigit(r rune) rune {
	switch {
	case r >= '໐' && r <= '໙':
		return '0' + (r - '໐')
	case r >= '๐' && r <= '๙':
		return '0' + (r - '๐')
	}
	return r
}

func fold(r *rules, s string) string {
	return r.fold.replace.Replace(s)
}

// isScript reports Lao and Thai letters and marks (their digits are folded
// to ASCII before this is asked).
func isScript(r rune) bool { return r >= 0x0E01 && r <= 0x0EFF }

// LicenceKey folds a licence number to upper-case letters and digits only:
// "la-mlsw 0123/24" and "LAMLSW012324" are the same key. Letters of other
// alphabets that look Latin (Cyrillic А, full-width Ａ) stay what they are,
// so they never make the key of a listed licence.
func LicenceKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = localDigit(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// ZeroKey is a licence number with the leading zeros of each number part
// dropped, the parts kept apart: "DEMO-LA-0101" and "demo la 101" give
// "DEMOLA|101", while "SYN-05-000123" ("SYN|5|123") and "SYN-51-000023"
// ("SYN|51|23") stay apart. It only finds close matches, never a verdict.
func ZeroKey(s string) string { return licenceParts(s, true) }

// CousinKey is ZeroKey with Thai letters written as their Lao cousins:
// "น.1503/2559" typed on a Lao keyboard as "ນ.1503/2559" finds it, as a
// close match (search-rules.json ranking "licence_zero").
func CousinKey(s string) string { return ZeroKey(ThaiToLao(s)) }

// licenceParts is ZeroKey, with the leading zeros kept unless trim.
func licenceParts(s string, trim bool) string {
	var parts []string
	var cur strings.Builder
	kind := 0 // 0 none, 1 letters, 2 digits
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		p := cur.String()
		cur.Reset()
		if kind == 2 {
			if trim {
				p = strings.TrimLeft(p, "0")
			}
			if p == "" {
				p = "0"
			}
			parts = append(parts, p)
		} else if len(parts) > 0 && !isDigits(parts[len(parts)-1]) {
			parts[len(parts)-1] += p
		} else {
			parts = append(parts, p)
		}
	}
	for _, r := range s {
		r = localDigit(r)
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 2
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			k = 1
		}
		if k != kind || k == 0 {
			flush()
		}
		kind = k
		if k != 0 {
			cur.WriteRune(unicode.ToUpper(r))
		}
	}
	flush()
	return strings.Join(parts, "|")
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// PhoneKey folds a Lao or Thai phone number to its national number without
// the trunk 0 or the country code: "020 5555 1234", "+856 20 55551234" and
// "8562055551234" all give "2055551234"; "081-234-5678" and "+66 81 234 5678"
// give "812345678".
func PhoneKey(s string) string {
	_, nat := phoneParts(s)
	return nat
}

// PhoneID is a phone number with its country, "856:2055551234" or
// "66:812345678": two numbers are the same only when their IDs are. A
// number written without its country gets the one its national number
// fits (search-rules.json "phone").
func PhoneID(s string) string {
	cc, nat := phoneParts(s)
	if nat == "" {
		return ""
	}
	return cc + ":" + nat
}

// cutExtension drops an extension written after a number: "0-2245-1234
// ต่อ 12" is the number 0-2245-1234 (search-rules.json "phone.extensions").
// Only a mark after the first phone_min_digits digits counts, so the x of
// "Fax 02-245-1234" or "Tel/Fax ..." before the number cuts nothing.
func cutExtension(s string) string {
	from, digits := len(s), 0
	for i, r := range s {
		if r = localDigit(r); r >= '0' && r <= '9' {
			if digits++; digits == rs.phoneMin {
				from = i + 1
				break
			}
		}
	}
	low := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s[from:])
	cut := len(s)
	for _, e := range rs.extensions {
		if i := strings.Index(low, e); i >= 0 && from+i < cut {
			cut = from + i
		}
	}
	return s[:cut]
}

func phoneParts(s string) (country, national string) {
	s = cutExtension(s)
	var b strings.Builder
	for _, r := range s {
		r = localDigit(r)
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	d = strings.TrimPrefix(d, "00")
	switch {
	case strings.HasPrefix(d, "856") && len(d) >= 10:
		return "856", strings.TrimLeft(d[3:], "0")
	case strings.HasPrefix(d, "66") && len(d) >= 10:
		return "66", strings.TrimLeft(d[2:], "0")
	}
	d = strings.TrimLeft(d, "0")
	for _, r := range rs.phoneRules {
		if len(d) != r.Digits {
			continue
		}
		for _, p := range r.Prefixes {
			if strings.HasPrefix(d, p) {
				return r.Country, d
			}
		}
	}
	return rs.phoneDefault, d
}

// LooksLikePhone reports whether a query is only digits and the signs
// people write phone numbers with, with enough digits to be one.
func LooksLikePhone(s string) bool {
	s = cutExtension(s)
	digits, other := 0, 0
	for _, r := range s {
		r = localDigit(r)
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '+' || r == '(' || r == ')' || r == '.':
		default:
			other++
		}
	}
	return digits >= rs.phoneMin && other == 0
}

// NameKey folds a name to one string: lower case, Lao spellings unified,
// everything that is not a letter, digit or combining mark removed.
func NameKey(s string) string {
	s = fold(rs, s)
	var b strings.Builder
	for _, r := range s {
		r = localDigit(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Word kinds.
const (
	kindLatin  = 1 // letters of any alphabet but Lao and Thai
	kindDigits = 2 // 0-9 (Lao and Thai digits included)
	kindScript = 3 // Lao or Thai letters, written without spaces
)

// Word is one word of a name or a query with its keys.
type Word struct {
	Kind  int
	Exact string // as typed: lower case, Lao spellings unified
	Loose string // its sound in Latin letters, spellings folded ("" for digits)
	Plain string // in Latin letters as spelt (accents off), before the folds
	// Letters is a Thai run in Lao letters (each Thai letter as its Lao
	// cousin) without tone marks: a wrong letter in a Thai word is one edit
	// here, where its sound in Latin letters may change more (Thai spells
	// English words letter for letter). Lao runs have none: their sound is
	// regular enough, and 10,000 more terms cost every Lao query ~40%.
	Letters string
}

// Words splits a name or a query into words: Latin letters split on
// anything else, digits apart, runs of Lao or Thai letters kept whole.
func Words(s string) []Word {
	s = fold(rs, s)
	var out []Word
	var cur []rune
	kind := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, makeWord(kind, string(cur)))
		}
		cur = cur[:0]
	}
	for _, r := range s {
		r = localDigit(r)
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = kindDigits
		case isScript(r):
			k = kindScript
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			k = kindLatin
		case unicode.IsMark(r):
			if kind == kindLatin {
				k = kindLatin
			}
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, unicode.ToLower(r))
		}
	}
	flush()
	return joinInitials(out)
}

// joinInitials makes a run of single Latin letters one word: "M.S.B.",
// "M S B" and "MSB" are all the word "msb" (search-rules.json
// "match.initials_min").
func joinInitials(ws []Word) []Word {
	n := rs.initialsMin
	if n < 2 {
		return ws
	}
	single := func(w Word) bool { return w.Kind == kindLatin && utf8.RuneCountInString(w.Exact) == 1 }
	var out []Word
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && single(ws[j]) {
			j++
		}
		if j-i >= n {
			var b strings.Builder
			for _, w := range ws[i:j] {
				b.WriteString(w.Exact)
			}
			if out == nil {
				out = append([]Word(nil), ws[:i]...)
			}
			out = append(out, makeWord(kindLatin, b.String()))
			i = j
			continue
		}
		if j == i {
			j++
		}
		if out != nil {
			out = append(out, ws[i:j]...)
		}
		i = j
	}
	if out == nil {
		return ws
	}
	return out
}

func makeWord(kind int, exact string) Word {
	w := Word{Kind: kind, Exact: exact}
	switch kind {
	case kindLatin:
		w.Plain = plainLatin(exact)
	case kindScript:
		w.Plain = Romanise(exact)
		if hasThai([]rune(exact)) {
			w.Letters = laoLetters(exact)
		}
	}
	w.Loose = Skeleton(w.Plain)
	return w
}

// Romanise writes Lao (or Thai, through its Lao cousins) in Latin letters
// the way Lao names are commonly spelt: "ແສງສະຫວ່າງ" → "saengsavang",
// "ພູວົງ" → "phouvong", "แม่โขง" → "maekhong".
func Romanise(s string) string {
	src := []rune(fold(rs, s))
	var lao []rune
	if hasThai(src) {
		// Thai letters to Lao, with the vowels Thai leaves out written in.
		lao = thaiSpell(src)
	} else {
		lao = make([]rune, 0, len(src))
		for _, c := range src {
			if !rs.toneMarks[c] {
				lao = append(lao, c)
			}
		}
	}
	// A leading vowel is written before its consonant and read after it.
	for i := 0; i+1 < len(lao); i++ {
		if !rs.leading[lao[i]] || !isConsonant(lao[i+1]) {
			continue
		}
		end := i + 1
		if lao[end] == rs.silentH && end+1 < len(lao) && rs.softAfterH[lao[end+1]] {
			end++
		}
		v := lao[i]
		copy(lao[i:end], lao[i+1:end+1])
		lao[end] = v
		i = end
	}
	var b strings.Builder
	const (
		stStart = iota
		stConsonant
		stVowel
	)
	state := stStart
	for i := 0; i < len(lao); {
		if v, n := matchVowel(lao, i); n > 0 {
			b.WriteString(v)
			state = stVowel
			i += n
			continue
		}
		c := lao[i]
		if !isConsonant(c) {
			i++
			continue
		}
		var next, next2 rune
		if i+1 < len(lao) {
			next = lao[i+1]
		}
		if i+2 < len(lao) {
			next2 = lao[i+2]
		}
		// ອ after a consonant is the vowel o, unless a vowel sign makes it
		// the (silent) consonant of the next syllable.
		nextVowel := rs.vowelSigns[next] || ((next == 'ອ' || next == 'ວ') && !rs.vowelSigns[next2])
		switch {
		case c == rs.silentH && rs.softAfterH[next]:
			state = stConsonant
		case c == 'ອ':
			if state == stConsonant || !rs.vowelSigns[next] {
				b.WriteString("o")
				state = stVowel
			} else {
				state = stConsonant
			}
		case c == 'ວ' && state == stConsonant && !nextVowel:
			b.WriteString("ua")
			state = stVowel
		case state == stVowel && !nextVowel:
			b.WriteString(rs.final[c])
			state = stStart
		case state == stConsonant && !nextVowel && rs.final[c] != "":
			// Two consonants and no vowel: Thai (and older Lao) spelling
			// leaves out the o between them (สม is som, อุดม is udom).
			b.WriteString("o")
			b.WriteString(rs.final[c])
			state = stStart
		default:
			b.WriteString(rs.initial[c])
			state = stConsonant
		}
		i++
	}
	return b.String()
}

func isThaiMark(r rune) bool {
	return (r >= 0x0E31 && r <= 0x0E3A && r != 0x0E32 && r != 0x0E33) || (r >= 0x0E47 && r <= 0x0E4E)
}

func isConsonant(r rune) bool {
	_, ok := rs.initial[r]
	return ok
}

func matchVowel(s []rune, i int) (string, int) {
	for _, v := range rs.vowels {
		if len(v.from) <= len(s)-i && equalRunes(s[i:i+len(v.from)], v.from) {
			return v.to, len(v.from)
		}
	}
	return "", 0
}

func equalRunes(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Skeleton folds a Latin spelling to the form all its common variants
// share: "Phouvong", "phuvong" and "pouvong" give "puvong"; "Saengsavang",
// "sengsavanh" give "sengsavang"; "bammboo" and "bamboo" give "bambu".
func Skeleton(s string) string {
	w := plainLatin(s)
	var b strings.Builder
	for i := 0; i < len(w); {
		done := false
		for _, r := range rs.skelRules {
			if (r.start && i != 0) || !strings.HasPrefix(w[i:], r.from) || (r.atEnd && i+len(r.from) != len(w)) {
				continue
			}
			b.WriteString(r.to)
			i += len(r.from)
			done = true
			break
		}
		if !done {
			_, n := firstRune(w[i:])
			b.WriteString(w[i : i+n])
			i += n
		}
	}
	// A doubled letter counts once.
	out := []rune(b.String())
	j := 0
	for i, r := range out {
		if i > 0 && r == out[j-1] {
			continue
		}
		out[j] = r
		j++
	}
	return string(out[:j])
}

// plainLatin is s in lower case with accents taken off.
func plainLatin(s string) string {
	var low strings.Builder
	for _, r := range s {
		r = unicode.ToLower(r)
		if m, ok := rs.skelLetters[r]; ok {
			low.WriteString(m)
		} else if !unicode.IsMark(r) {
			low.WriteRune(r)
		}
	}
	return low.String()
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

// stripCompany cuts Lao and Thai company words from the start and the end
// of a run typed without spaces ("ບໍລິສັດມືໄມ້ໄຜ່" → "ມືໄມ້ໄຜ່").
func stripCompany(s string) string {
	for changed := true; changed; {
		changed = false
		for _, c := range rs.companyScript {
			if len(s) > len(c) && strings.HasPrefix(s, c) {
				s, changed = s[len(c):], true
			}
			if len(s) > len(c) && strings.HasSuffix(s, c) {
				s, changed = s[:len(s)-len(c)], true
			}
		}
	}
	return s
}

// laoLetters is a run in Lao letters without tone marks (Word.Letters):
// every letter as written, a silent one too (the silencer is dropped).
func laoLetters(s string) string {
	var b strings.Builder
	for _, c := range s {
		if m, ok := rs.thaiToLao[c]; ok {
			for _, l := range m {
				if !rs.toneMarks[l] {
					b.WriteRune(l)
				}
			}
		} else if c != rs.thaiSilencer && !rs.toneMarks[c] {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// ThaiToLao writes Thai letters as their Lao cousins, letter by letter
// (search-rules.json "thai_to_lao"; a letter with the silencer is dropped),
// as Lao writes a word it takes from Thai: the generated lists
// (searchgen) spell English words of Lao names this way.
func ThaiToLao(s string) string {
	src := []rune(s)
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		if i+1 < len(src) && src[i+1] == rs.thaiSilencer {
			i++
			continue
		}
		if m, ok := rs.thaiToLao[c]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}
