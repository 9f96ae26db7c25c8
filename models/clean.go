package models

import (
	"cmp"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// What text may be stored. Everything people type is kept in Unicode NFC (so
// a name typed on two phones with the same letters is the same bytes).
// Control characters (NUL and the like) and the bidirectional overrides
// (U+202A–U+202E, U+2066–U+2069), which can make a listing read as something
// else than it is, are never stored: in names and licence numbers they are
// refused (the writer must see that the text is not what it looks like),
// elsewhere they are dropped. Newline and tab are kept in long text only.

// isBidiControl reports the embedding, override and isolate controls.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// hasHiddenChars reports whether s holds a control character or a
// bidirectional control: the rule for names and licence numbers.
func hasHiddenChars(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) }) >= 0
}

// cleanText returns s in NFC without control characters and bidirectional
// controls. In long text newline and tab stay (a carriage return goes); in
// one-line text each becomes a space.
func cleanText(s string, long bool) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			if long {
				return r
			}
			return ' '
		case unicode.IsControl(r) || isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// Text modes, from the `text` struct tag of an input field:
//
//	(none)    one line: NFC, hidden characters dropped, newline → space
//	"long"    several lines: the same, newline and tab kept
//	"strict"  names and licence numbers: NFC only; the validator refuses
//	          hidden characters in them
//	"raw"     left exactly as sent (passwords)
const (
	textLine   = ""
	textLong   = "long"
	textStrict = "strict"
	textRaw    = "raw"
)

// CleanInput cleans every string reachable from v (a pointer to an input
// struct, as decoded from a request) by the mode of its field's `text` tag.
// Text of the three languages takes its parent field's mode.
func CleanInput(v any) {
	cleanValue(reflect.ValueOf(v), textLine)
}

func cleanValue(v reflect.Value, mode string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem(), mode)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			m := mode
			if tag, ok := f.Tag.Lookup("text"); ok {
				m = tag
			}
			cleanValue(v.Field(i), m)
		}
	case reflect.Slice:
		for i := range v.Len() {
			cleanValue(v.Index(i), mode)
		}
	case reflect.Map:
		if v.Type().Elem().Kind() == reflect.String && mode != textRaw && mode != textStrict {
			for _, k := range v.MapKeys() {
				v.SetMapIndex(k, reflect.ValueOf(cleanText(v.MapIndex(k).String(), mode == textLong)).Convert(v.Type().Elem()))
			}
		}
	case reflect.String:
		if !v.CanSet() {
			return
		}
		switch mode {
		case textRaw:
		case textStrict:
			if s := v.String(); !norm.NFC.IsNormalString(s) {
				v.SetString(norm.NFC.String(s))
			}
		default:
			v.SetString(cleanText(v.String(), mode == textLong))
		}
	}
}

// checkHidden refuses hidden characters in a name or licence number.
func checkHidden(fe FieldErrors, field, s string) {
	if hasHiddenChars(s) {
		fe.Problem(field, HiddenChars())
	}
}

// Licence numbers. Official numbers are Latin (or Lao) letters, digits and a
// few separators. A licence number written with letters of another script
// that look Latin (Cyrillic "DЕMО", Greek "Α") or with full-width digits
// reads the same as a real listing's on a phone but is a different key:
// a recruiter could have "DЕMО-LА-0111" listed beside the real
// "DEMO-LA-0111". Such a number is refused, naming the listing it imitates.

// looksLatin maps Cyrillic and Greek capitals and small letters that look
// like Latin ones to those.
var looksLatin = strings.NewReplacer(
	"А", "A", "В", "B", "Е", "E", "К", "K", "М", "M", "Н", "H", "О", "O", "Р", "P", "С", "C", "Т", "T",
	"У", "Y", "Х", "X", "І", "I", "Ј", "J", "Ѕ", "S", "а", "a", "е", "e", "о", "o", "р", "p", "с", "c",
	"у", "y", "х", "x", "і", "i", "ј", "j", "ѕ", "s",
	"Α", "A", "Β", "B", "Ε", "E", "Ζ", "Z", "Η", "H", "Ι", "I", "Κ", "K", "Μ", "M", "Ν", "N", "Ο", "O",
	"Ρ", "P", "Τ", "T", "Υ", "Y", "Χ", "X", "ο", "o", "ν", "v",
)

// licenceSkeleton is the key a licence number would have if every letter
// or digit that looks like a Latin one were that one.
func licenceSkeleton(no string) string {
	return LicenceKey(looksLatin.Replace(norm.NFKC.String(no)))
}

// licenceCharProblem names what a licence number may not hold, or nil.
func licenceCharProblem(no string) *Problem {
	for _, r := range no {
		switch {
		case r == ' ' || r == '-' || r == '/' || r == '.' || r == '|':
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case unicode.In(r, unicode.Lao, unicode.Thai) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			p := OtherScript(r)
			return &p
		default:
			p := BadChars(r, "letters, digits, spaces and - / . |")
			return &p
		}
	}
	return nil
}

// licenceProblem judges a licence number against the list: the listing it
// imitates (by lookup of a licence key, skipping except), or a problem with
// its characters, or neither.
func licenceProblem(no string, except uint, lookup func(key string) (*Agency, error)) (*Agency, *Problem, error) {
	if sk := licenceSkeleton(no); sk != LicenceKey(no) && sk != "" {
		other, err := lookup(sk)
		if err != nil {
			return nil, nil, err
		}
		if other != nil && other.ID != except {
			p := Imitates(other.ID, other.LicenceNo)
			return other, &p, nil
		}
	}
	return nil, licenceCharProblem(no), nil
}

// checkLicenceImitation refuses a licence number that imitates another
// listing's (409, naming it), then one with letters or digits of another
// script (422). except is the listing being edited.
func checkLicenceImitation(tx *gorm.DB, no string, except uint) error {
	other, problem, err := licenceProblem(no, except, func(key string) (*Agency, error) {
		var a Agency
		if err := tx.Unscoped().Where("licence_key = ?", key).Limit(1).Find(&a).Error; err != nil {
			return nil, fmt.Errorf("check look-alike licence numbers: %w", err)
		}
		if a.ID == 0 {
			return nil, nil
		}
		return &a, nil
	})
	switch {
	case err != nil:
		return err
	case other != nil:
		return &Error{Code: ECodeConflict,
			Message: fmt.Sprintf("this licence number looks like that of listing %d, %s (%s), but is written with other letters or digits; it is refused",
				other.ID, other.LicenceNo, cmp.Or(other.NameEn, other.NameLo)),
			Fields: FieldErrors{"licence_no": *problem}}
	case problem != nil:
		return FieldError(ECodeInvalid, "licence_no: "+problem.Message, "licence_no", *problem)
	}
	return nil
}
