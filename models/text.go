package models

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Text is one piece of content in the app's three languages.
type Text struct {
	Lo string `json:"lo"`
	Th string `json:"th"`
	En string `json:"en"`
}

// Validate checks that every language is present (when required) and no
// longer than max characters.
func (t Text) Validate(field string, required bool, max int, fe FieldErrors) {
	for lang, s := range map[string]string{"lo": t.Lo, "th": t.Th, "en": t.En} {
		switch {
		case required && strings.TrimSpace(s) == "":
			fe.Problem(field+"."+lang, Required())
		case utf8.RuneCountInString(s) > max:
			fe.Problem(field+"."+lang, TooLong(max))
		}
	}
}

// scriptProblem judges s, text in lang ("lo" or "th") written apart in
// each language: a Lao reader cannot read a Thai sentence in the Lao text
// (the two scripts look alike to someone who reads neither), nor an
// English one. Each letter, digit or mark must be of that language's
// script, Latin (a name, an acronym such as MOLSW) or common to all scripts
// (0-9, signs). A reference in Latin letters alone ("MOLSW 12/2026")
// passes: it is how such references are often written, in every language.
func scriptProblem(lang, s string) *Problem {
	own := unicode.Lao
	if lang == "th" {
		own = unicode.Thai
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			continue
		}
		if !unicode.Is(own, r) && !unicode.In(r, unicode.Latin, unicode.Common, unicode.Inherited) {
			p := NotInScript(lang, r)
			return &p
		}
	}
	return nil
}

// Trimmed returns t with surrounding spaces removed in every language.
func (t Text) Trimmed() Text {
	return Text{Lo: strings.TrimSpace(t.Lo), Th: strings.TrimSpace(t.Th), En: strings.TrimSpace(t.En)}
}

// StringList is a list of short strings stored as one JSON column, which keeps
// the schema portable between SQLite and PostgreSQL.
type StringList []string

// DateLayout is how calendar dates (licence dates, check dates) are written.
const DateLayout = "2006-01-02"

// ValidDate reports whether s is empty or a real YYYY-MM-DD date.
func ValidDate(s string) bool {
	if s == "" {
		return true
	}
	_, err := time.Parse(DateLayout, s)
	return err == nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkLen records a problem when s is longer than max characters.
func checkLen(fe FieldErrors, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		fe.Problem(field, TooLong(max))
	}
}
