package models

import (
	"strings"
	"unicode"
)

// Search keys. People type licence numbers with or without spaces, dashes or
// slashes, phone numbers with or without the country code, and Lao names
// with or without spaces (Lao is written without spaces between words) and
// sometimes with the older two-letter spellings of ໜ and ໝ. Every key below
// folds those differences away, for both the stored listing and the query.

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

// LicenceKey folds a licence number to upper-case letters and digits only:
// "la-mlsw 0123/24" and "LAMLSW012324" are the same key.
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

// PhoneKey folds a Lao or Thai phone number to its national number without
// the trunk 0 or the country code: "020 5555 1234", "+856 20 55551234" and
// "8562055551234" all give "2055551234"; "081-234-5678" and "+66 81 234 5678"
// give "812345678".
func PhoneKey(s string) string {
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
		d = d[3:]
	case strings.HasPrefix(d, "66") && len(d) >= 10:
		d = d[2:]
	}
	return strings.TrimLeft(d, "0")
}

// laoFold rewrites Lao characters that have two common spellings to one.
var laoFold = strings.NewReplacer(
	"ໜ", "ຫນ", // U+0EDC HO NO
	"ໝ", "ຫມ", // U+0EDD HO MO
	"ຳ", "ໍາ", // U+0EB3 AM = NIGGAHITA + AA
	"\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "",
)

// NameKey folds a name for substring search: lower case, Lao spellings
// unified, and everything that is not a letter, digit or combining mark
// (spaces, dots, dashes, brackets) removed. Lao vowels and tone marks are
// combining marks and are kept.
func NameKey(s string) string {
	s = laoFold.Replace(s)
	var b strings.Builder
	for _, r := range s {
		r = localDigit(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// looksLikePhone reports whether a query is mostly digits, so it should be
// matched against phone numbers.
func looksLikePhone(s string) bool {
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
	return digits >= 6 && other == 0
}
