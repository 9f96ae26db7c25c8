package models

import (
	"strconv"
	"strings"
	"time"
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
