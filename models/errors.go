package models

import (
	"errors"
	"fmt"
)

// Error codes shared by the store and the HTTP layer. The HTTP layer maps
// each code to one status in one table (server/api/errors.go); the store
// never knows about HTTP.
const (
	ECodeBadRequest   = "bad_request"       // malformed input: JSON syntax, wrong types, bad query values
	ECodeInvalid      = "validation_failed" // well-formed input that breaks a rule
	ECodeNotFound     = "not_found"
	ECodeConflict     = "conflict"
	ECodeUnauthorized = "unauthorized"
	ECodeForbidden    = "forbidden"
	ECodeTooLarge     = "payload_too_large"
	ECodeUnsupported  = "unsupported_media_type"
	ECodeRateLimited  = "rate_limited"
	ECodeInternal     = "internal_error"
	ECodeIntegrity    = "integrity_broken" // the public log and the data disagree
	ECodeSamePerson   = "same_person"      // a proposer may not approve their own proposal
	ECodeNotReady     = "not_ready"        // the service cannot answer yet (database down)

	// Raised by the HTTP server itself, before any handler.
	ECodeMethodNotAllowed = "method_not_allowed"
	ECodeHeadersTooLarge  = "headers_too_large"
	ECodeTimeout          = "request_timeout"
)

// Error is an error a client can act on: a code, a message in plain English,
// and optionally the fields that are wrong and a detail object (for example
// the current version of a listing after a conflict).
type Error struct {
	Code    string
	Message string
	Fields  FieldErrors
	Detail  any
	// Beside is an object whose fields are answered beside "error" (the
	// import's report on a 422, so the console can show the lines to fix).
	Beside any
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields.Messages())
	}
	return e.Code + ": " + e.Message
}

// Errorf builds an Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError is an error of the given code about one field.
func FieldError(code, message, field string, p Problem) *Error {
	return &Error{Code: code, Message: message, Fields: FieldErrors{field: p}}
}

// FieldErrors collects per-field problems during validation.
type FieldErrors map[string]Problem

// Problem records the first problem seen for a field:
//
//	fe.Problem("name_lo", models.TooLong(200))
//	fe.Problem("status", models.OneOf(models.AgencyStatuses...))
func (f FieldErrors) Problem(field string, p Problem) {
	if _, seen := f[field]; !seen {
		f[field] = p
	}
}

// Add records a problem that has no code, only English words. It is the
// fallback for code written before problems had codes: the answer carries
// the code "invalid" and clients can only show the words. A test
// (TestFieldProblems_AllCoded) fails on every call; use Problem instead.
func (f FieldErrors) Add(field, message string) {
	f.Problem(field, Problem{Code: ProblemUncoded, Message: message})
}

// Messages is each field's problem in plain English.
func (f FieldErrors) Messages() map[string]string {
	if f == nil {
		return nil
	}
	out := make(map[string]string, len(f))
	for k, p := range f {
		out[k] = p.Message
	}
	return out
}

// Err returns nil when there were no problems, otherwise a validation error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: ECodeInvalid, Message: "some fields are not valid", Fields: f}
}

// ErrorCode returns the code of err, or ECodeInternal if err is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ECodeInternal
}
