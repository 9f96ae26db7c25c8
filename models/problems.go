package models

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is what is wrong with one field, for a client to act on: a
// machine code it can translate, the values the code speaks of (Max for
// too_long, OneOf for one_of …), and the same in plain English for a person
// reading the raw answer or a client that does not know the code.
//
// Make problems with the functions below (TooLong(200), OneOf(list...)),
// never by hand: each sets the code and the English words together.
type Problem struct {
	Code    string   `json:"code" doc:"enum=problem"`
	Message string   `json:"message"`
	Min     int      `json:"min,omitempty"`
	Max     int      `json:"max,omitempty"`
	OneOf   []string `json:"one_of,omitempty"`
	// Value is the part of the input the problem is about (an unknown
	// value, a character that may not be used, a column's name).
	Value string `json:"value,omitempty"`
	// Field is the other field a problem compares with (date_order).
	Field string `json:"field,omitempty"`
	// Listing and LicenceNo name the listing a licence number imitates.
	Listing   uint   `json:"listing,omitempty"`
	LicenceNo string `json:"licence_no,omitempty"`
	// Lines are the other lines of an import file with the same value.
	Lines []int  `json:"lines,omitempty"`
	Date  string `json:"date,omitempty" doc:"format=date"`
}

// Say returns p with other English words (more precise ones for this
// field); the code and its values stay.
func (p Problem) Say(message string) Problem {
	p.Message = message
	return p
}

// The problem codes. A client translates these; the list is closed (the
// OpenAPI document's enum) and new codes are added here.
const (
	ProblemRequired      = "required"         // empty or left out
	ProblemOneRequired   = "one_required"     // at least one of the fields in one_of
	ProblemTooLong       = "too_long"         // more than max characters
	ProblemTooLongBytes  = "too_long_bytes"   // more than max bytes (passwords)
	ProblemTooShort      = "too_short"        // fewer than min characters (letters or digits)
	ProblemTooMany       = "too_many"         // more than max entries
	ProblemBadDate       = "bad_date"         // not a date written YYYY-MM-DD
	ProblemDateOrder     = "date_order"       // before the date in field
	ProblemOneOf         = "one_of"           // not one of one_of (value: what was sent, when short)
	ProblemTaken         = "taken"            // already used by another record
	ProblemBadPhone      = "bad_phone"        // not min to max digits
	ProblemBadURL        = "bad_url"          // not an http(s) address
	ProblemBadEmail      = "bad_email"        // not an e-mail address
	ProblemBadChars      = "bad_chars"        // holds a character (value) it may not
	ProblemOtherScript   = "other_script"     // a letter or digit of another script (value)
	ProblemHiddenChars   = "hidden_chars"     // an invisible control or direction character
	ProblemBadKey        = "bad_key"          // not min to max lower-case letters, digits, - or _
	ProblemBadProvince   = "bad_province"     // not a province of the country value (see /api/v1/meta)
	ProblemImitates      = "imitates"         // looks like listing's licence_no, in other letters
	ProblemNotFound      = "not_found"        // names a record that does not exist
	ProblemDuplicate     = "duplicate"        // value given twice
	ProblemDuplicateLine = "duplicate_line"   // the same licence number is on lines
	ProblemDeleted       = "deleted"          // belongs to a deleted listing: restore it
	ProblemSameAsEmail   = "same_as_email"    // a password that is the e-mail address
	ProblemLastAdmin     = "last_admin"       // would leave no active administrator
	ProblemBadMove       = "bad_move"         // a report in status value can move only to one_of
	ProblemNeedsAgency   = "needs_agency"     // link the report to an agency first
	ProblemNotExpiredYet = "not_yet_expired"  // expired while the licence runs until date
	ProblemOutOfRange    = "out_of_range"     // a whole number outside min to max
	ProblemBadNumber     = "bad_number"       // not a whole number (at least min)
	ProblemBadBool       = "bad_bool"         // not true or false
	ProblemBadTime       = "bad_time"         // not an RFC 3339 time
	ProblemBadUTF8       = "bad_utf8"         // not valid UTF-8 text
	ProblemBadType       = "bad_type"         // the wrong JSON type (value: the one expected)
	ProblemUnknownField  = "unknown_field"    // not a field of this request
	ProblemEmpty         = "empty"            // an empty file
	ProblemBadCSV        = "bad_csv"          // a line that cannot be read as CSV
	ProblemUnknownColumn = "unknown_column"   // a column (value) the import does not know
	ProblemMissingColumn = "missing_column"   // the file has no column value
	ProblemDoesNotFit    = "does_not_fit"     // a standard reason (value) that does not fit this change; one_of: those that do
	ProblemNotBoth       = "not_both"         // given together with field, where only one of the two may be
	ProblemOnlyOnStatus  = "only_with_status" // goes with a change of status only
	ProblemBadTarget     = "bad_target"       // not item:ID, question:ID, phrase:ID or verdict:NAME
	ProblemBadAudio      = "bad_audio"        // not Ogg Opus, WebM Opus, MP3 or MP4 AAC
	ProblemDamagedAudio  = "damaged_audio"    // a recording that cannot be read (or another codec)
	ProblemTooLongAudio  = "too_long_audio"   // a recording longer than max seconds
	ProblemBadHash       = "bad_hash"         // not 64 lower-case hex digits of a SHA-256
	ProblemNotLao        = "not_lao"          // Lao text with no Lao letter, or a letter (value) of a script other than Lao or Latin
	ProblemNotThai       = "not_thai"         // Thai text with no Thai letter, or a letter (value) of a script other than Thai or Latin

	// ProblemUncoded is answered for a problem recorded without a code
	// (FieldErrors.Add): clients show its message. No code path should
	// produce it; TestFieldProblems_AllCoded checks.
	ProblemUncoded = "invalid"
)

// ProblemCodes lists every code, for the document's enum and the tests.
var ProblemCodes = []string{
	ProblemRequired, ProblemOneRequired, ProblemTooLong, ProblemTooLongBytes, ProblemTooShort, ProblemTooMany,
	ProblemBadDate, ProblemDateOrder, ProblemOneOf, ProblemTaken, ProblemBadPhone, ProblemBadURL, ProblemBadEmail,
	ProblemBadChars, ProblemOtherScript, ProblemHiddenChars, ProblemBadKey, ProblemBadProvince, ProblemImitates, ProblemNotFound,
	ProblemDuplicate, ProblemDuplicateLine, ProblemDeleted, ProblemSameAsEmail, ProblemLastAdmin, ProblemBadMove,
	ProblemNeedsAgency, ProblemNotExpiredYet, ProblemOutOfRange, ProblemBadNumber, ProblemBadBool, ProblemBadTime,
	ProblemBadUTF8, ProblemBadType, ProblemUnknownField, ProblemEmpty, ProblemBadCSV, ProblemUnknownColumn,
	ProblemMissingColumn, ProblemDoesNotFit, ProblemNotBoth, ProblemOnlyOnStatus,
	ProblemBadTarget, ProblemBadAudio, ProblemDamagedAudio, ProblemTooLongAudio, ProblemBadHash,
	ProblemNotLao, ProblemNotThai, ProblemUncoded,
}

// Required: the field is empty or left out.
func Required() Problem { return Problem{Code: ProblemRequired, Message: "required"} }

// RequiredBecause is Required, saying in English what to put there.
func RequiredBecause(what string) Problem { return Required().Say("required: " + what) }

// OneRequired: at least one of fields must be given.
func OneRequired(fields ...string) Problem {
	return Problem{Code: ProblemOneRequired, OneOf: fields,
		Message: "give at least one of " + strings.Join(fields, ", ")}
}

// TooLong: more than max characters.
func TooLong(max int) Problem {
	return Problem{Code: ProblemTooLong, Max: max, Message: fmt.Sprintf("too long (max %d characters)", max)}
}

// TooLongBytes: more than max bytes.
func TooLongBytes(max int) Problem {
	return Problem{Code: ProblemTooLongBytes, Max: max, Message: fmt.Sprintf("too long (max %d bytes)", max)}
}

// TooShort: fewer than min characters.
func TooShort(min int) Problem {
	return Problem{Code: ProblemTooShort, Min: min, Message: fmt.Sprintf("too short: use at least %d characters", min)}
}

// TooMany: more than max entries in a list.
func TooMany(max int) Problem {
	return Problem{Code: ProblemTooMany, Max: max, Message: fmt.Sprintf("at most %d entries", max)}
}

// BadDate: not a calendar date written YYYY-MM-DD.
func BadDate() Problem {
	return Problem{Code: ProblemBadDate, Message: "must be a date written YYYY-MM-DD"}
}

// DateOrder: a date before the one in field.
func DateOrder(field string) Problem {
	return Problem{Code: ProblemDateOrder, Field: field, Message: "must not be before " + field}
}

// OneOf: not one of the allowed values.
func OneOf(allowed ...string) Problem {
	return Problem{Code: ProblemOneOf, OneOf: allowed, Message: "must be one of " + strings.Join(allowed, ", ")}
}

// NotOneOf is OneOf naming the value that was sent.
func NotOneOf(value string, allowed ...string) Problem {
	value = truncate(value, 40)
	return Problem{Code: ProblemOneOf, OneOf: allowed, Value: value,
		Message: fmt.Sprintf("unknown value %q; allowed: %s", value, strings.Join(allowed, ", "))}
}

// Taken: another record already has this value.
func Taken() Problem { return Problem{Code: ProblemTaken, Message: "already used"} }

// BadPhone: not a phone number of min to max digits (max 0: no upper
// bound).
func BadPhone(min, max int) Problem {
	msg := fmt.Sprintf("not a phone number (%d to %d digits expected)", min, max)
	if max == 0 {
		msg = fmt.Sprintf("not a phone number (at least %d digits expected)", min)
	}
	return Problem{Code: ProblemBadPhone, Min: min, Max: max, Message: msg}
}

// BadURL: not a web address starting with http:// or https://.
func BadURL() Problem {
	return Problem{Code: ProblemBadURL, Message: "must be a web address starting with https://"}
}

// BadEmail: not an e-mail address.
func BadEmail() Problem {
	return Problem{Code: ProblemBadEmail, Message: "not an e-mail address (name@example.org)"}
}

// BadChars: holds the character r, which the field may not.
func BadChars(r rune, allowed string) Problem {
	return Problem{Code: ProblemBadChars, Value: string(r),
		Message: fmt.Sprintf("may hold only %s (not %q)", allowed, r)}
}

// OtherScript: r is a letter or digit of another script than the field's.
func OtherScript(r rune) Problem {
	return Problem{Code: ProblemOtherScript, Value: string(r),
		Message: fmt.Sprintf("write it with Latin or Lao letters and the digits 0-9 (%q is another script's letter or digit)", r)}
}

// HiddenChars: an invisible control or direction character.
func HiddenChars() Problem {
	return Problem{Code: ProblemHiddenChars,
		Message: "contains an invisible control character (for example a direction override); type it again without it"}
}

// BadKey: not min to max lower-case letters, digits, - or _.
func BadKey(min, max int) Problem {
	return Problem{Code: ProblemBadKey, Min: min, Max: max,
		Message: fmt.Sprintf("%d to %d lower-case letters, digits, - or _", min, max)}
}

// BadProvince: not a province of country ("LA", "TH"), as /api/v1/meta
// lists them.
func BadProvince(country string) Problem {
	name := map[string]string{"LA": "Laos", "TH": "Thailand"}[country]
	return Problem{Code: ProblemBadProvince, Value: country,
		Message: "must be a province of " + name + " (see provinces in /api/v1/meta)"}
}

// Imitates: a licence number that reads like listing id's, licenceNo.
func Imitates(id uint, licenceNo string) Problem {
	return Problem{Code: ProblemImitates, Listing: id, LicenceNo: licenceNo,
		Message: fmt.Sprintf("imitates %s (listing %d)", licenceNo, id)}
}

// NotFound: the field names a record that does not exist.
func NotFound(message string) Problem { return Problem{Code: ProblemNotFound, Message: message} }

// Duplicate: value is given twice.
func Duplicate(value string) Problem {
	value = truncate(value, 40)
	return Problem{Code: ProblemDuplicate, Value: value, Message: fmt.Sprintf("%q is listed twice", value)}
}

// DuplicateLines: the same licence number is on the other lines.
func DuplicateLines(lines []int) Problem {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	return Problem{Code: ProblemDuplicateLine, Lines: lines,
		Message: "the same licence number is also on line " + strings.Join(s, ", ")}
}

// Deleted: the value belongs to a deleted listing.
func Deleted() Problem {
	return Problem{Code: ProblemDeleted,
		Message: "this licence number belongs to a deleted listing: restore it (console, Deleted listings) instead of importing it again"}
}

// SameAsEmail: the password is the account's e-mail address.
func SameAsEmail() Problem {
	return Problem{Code: ProblemSameAsEmail, Message: "must not be the e-mail address"}
}

// LastAdmin: the change would leave no active administrator.
func LastAdmin() Problem {
	return Problem{Code: ProblemLastAdmin, Message: "last active administrator"}
}

// BadMove: a report in status from can move only to the statuses to.
func BadMove(from string, to []string) Problem {
	return Problem{Code: ProblemBadMove, Value: from, OneOf: to,
		Message: fmt.Sprintf("a %s report can move only to: %s", from, strings.Join(to, ", "))}
}

// NeedsAgency: link the report to an agency on the list first.
func NeedsAgency() Problem {
	return Problem{Code: ProblemNeedsAgency, Message: "link the report to an agency on the list before upholding it"}
}

// NotExpiredYet: marked expired while the licence runs until expires,
// after today.
func NotExpiredYet(expires, today string) Problem {
	return Problem{Code: ProblemNotExpiredYet, Date: expires,
		Message: fmt.Sprintf("cannot be expired while licence_expires (%s) is still to come: "+
			"give the date the licence actually ended in licence_expires (%s or before), "+
			"or choose suspended or revoked", expires, today)}
}

// OutOfRange: a whole number outside min to max.
func OutOfRange(min, max int) Problem {
	return Problem{Code: ProblemOutOfRange, Min: min, Max: max,
		Message: fmt.Sprintf("must be a whole number from %d to %d", min, max)}
}

// BadNumber: not a whole number of at least min.
func BadNumber(min int) Problem {
	msg := "must be a whole number, 0 or more"
	if min == 1 {
		msg = "must be a positive whole number"
	}
	return Problem{Code: ProblemBadNumber, Min: min, Message: msg}
}

// NotWholeNumber: a number (as sent) that is not a whole number written in
// digits the field can hold: a fraction, an exponent, or too large.
func NotWholeNumber(sent string) Problem {
	sent = truncate(sent, 40)
	return Problem{Code: ProblemBadNumber, Value: sent,
		Message: fmt.Sprintf("must be a whole number written in digits, within the field's range (not %s)", sent)}
}

// BadBool: not true or false.
func BadBool() Problem { return Problem{Code: ProblemBadBool, Message: "must be true or false"} }

// BadTime: not a time written as RFC 3339.
func BadTime() Problem {
	return Problem{Code: ProblemBadTime, Message: "must be a time written as RFC 3339"}
}

// BadUTF8: not valid UTF-8 text.
func BadUTF8() Problem { return Problem{Code: ProblemBadUTF8, Message: "not valid UTF-8 text"} }

// BadType: the wrong JSON type; want is "string", "list", "object",
// "boolean" or "number".
func BadType(want string) Problem {
	say := map[string]string{"string": "a string", "list": "a list", "object": "an object", "boolean": "true or false"}[want]
	if say == "" {
		say = "a number"
	}
	return Problem{Code: ProblemBadType, Value: want, Message: "must be " + say}
}

// UnknownField: not a field of this request.
func UnknownField() Problem { return Problem{Code: ProblemUnknownField, Message: "unknown field"} }

// EmptyFile: a file with nothing in it.
func EmptyFile() Problem { return Problem{Code: ProblemEmpty, Message: "empty"} }

// BadCSV: a line that cannot be read as CSV.
func BadCSV(message string) Problem { return Problem{Code: ProblemBadCSV, Message: message} }

// UnknownColumn: a column the import does not know.
func UnknownColumn(name string) Problem {
	name = truncate(name, 40)
	return Problem{Code: ProblemUnknownColumn, Value: name, Message: "unknown column " + name}
}

// MissingColumn: the file has no column name.
func MissingColumn(name string) Problem {
	return Problem{Code: ProblemMissingColumn, Value: name, Message: "no " + name + " column"}
}

// DoesNotFit: the standard reason code does not fit this change of status;
// fit lists the codes that do.
func DoesNotFit(code, from, to string, fit []string) Problem {
	code = truncate(code, 40)
	return Problem{Code: ProblemDoesNotFit, Value: code, OneOf: fit,
		Message: fmt.Sprintf("%q does not fit a change from %q to %q; GET /api/v1/status-reasons lists which fit", code, from, to)}
}

// NotBoth: this field and the other one may not both be given.
func NotBoth(other string) Problem {
	return Problem{Code: ProblemNotBoth, Field: other, Message: "give this or " + other + ", not both"}
}

// OnlyWithStatus: the field goes with a change of status only.
func OnlyWithStatus() Problem {
	return Problem{Code: ProblemOnlyOnStatus, Message: "goes with a change of status only"}
}

// BadTarget: not the name of a text a clip can be of.
func BadTarget(message string) Problem { return Problem{Code: ProblemBadTarget, Message: message} }

// BadAudio: a file that is not a recording of an accepted kind.
func BadAudio() Problem {
	return Problem{Code: ProblemBadAudio, Message: "not Ogg Opus, WebM Opus, MP3 or MP4 AAC"}
}

// DamagedAudio: a recording that cannot be read, or of another codec.
func DamagedAudio(message string) Problem {
	return Problem{Code: ProblemDamagedAudio, Message: message}
}

// TooLongAudio: a recording longer than max seconds.
func TooLongAudio(max int) Problem {
	return Problem{Code: ProblemTooLongAudio, Max: max, Message: fmt.Sprintf("longer than %d s", max)}
}

// BadHash: not the 64 lower-case hex digits of a SHA-256.
func BadHash() Problem {
	return Problem{Code: ProblemBadHash, Message: "must be the 64 lower-case hex digits of a clip's SHA-256 (from its reference)"}
}

// NotInScript: text in lang ("lo" or "th") not written in that language's
// letters: it has none (r is 0), or r, a letter of another script (Thai in
// the Lao text, Lao in the Thai).
func NotInScript(lang string, r rune) Problem {
	code, name := ProblemNotLao, "Lao"
	if lang == "th" {
		code, name = ProblemNotThai, "Thai"
	}
	p := Problem{Code: code, Message: fmt.Sprintf("write the %s text in %s letters (it has none)", name, name)}
	if r != 0 {
		p.Value = string(r)
		p.Message = fmt.Sprintf("write the %s text in %s letters (%q is not a %s letter)", name, name, r, name)
	}
	return p
}
