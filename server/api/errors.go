package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// statusOf maps the store's error codes to HTTP statuses, in one table.
var statusOf = map[string]int{
	models.ECodeBadRequest:   fiber.StatusBadRequest,
	models.ECodeInvalid:      fiber.StatusUnprocessableEntity,
	models.ECodeNotFound:     fiber.StatusNotFound,
	models.ECodeConflict:     fiber.StatusConflict,
	models.ECodeUnauthorized: fiber.StatusUnauthorized,
	models.ECodeForbidden:    fiber.StatusForbidden,
	models.ECodeTooLarge:     fiber.StatusRequestEntityTooLarge,
	models.ECodeUnsupported:  fiber.StatusUnsupportedMediaType,
	models.ECodeRateLimited:  fiber.StatusTooManyRequests,
	models.ECodeInternal:     fiber.StatusInternalServerError,
	models.ECodeNotReady:     fiber.StatusServiceUnavailable,
	models.ECodeIntegrity:    fiber.StatusServiceUnavailable,
	models.ECodeSamePerson:   fiber.StatusForbidden,
	models.ECodeRange:        fiber.StatusRequestedRangeNotSatisfiable,
}

// codeOfStatus names the errors Fiber raises itself (unknown route, wrong
// method, body over the limit, an address or headers longer than the read
// buffer, a client too slow to send its request).
var codeOfStatus = map[int]string{
	fiber.StatusRequestHeaderFieldsTooLarge: models.ECodeHeadersTooLarge,
	fiber.StatusRequestTimeout:              models.ECodeTimeout,
	fiber.StatusBadRequest:                  models.ECodeBadRequest,
	fiber.StatusNotFound:                    models.ECodeNotFound,
	fiber.StatusMethodNotAllowed:            models.ECodeMethodNotAllowed,
	fiber.StatusRequestEntityTooLarge:       models.ECodeTooLarge,
	fiber.StatusUnsupportedMediaType:        models.ECodeUnsupported,
	fiber.StatusTooManyRequests:             models.ECodeRateLimited,
	fiber.StatusUnprocessableEntity:         models.ECodeInvalid,
	fiber.StatusUnauthorized:                models.ECodeUnauthorized,
	fiber.StatusForbidden:                   models.ECodeForbidden,
	fiber.StatusConflict:                    models.ECodeConflict,
}

type errorBody struct {
	Error errorObject `json:"error"`
}

type errorObject struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Fields is each field's problem in English, as answered before
	// problems had codes (installed phones read it); FieldProblems the same
	// with a code and its values, for a client to say in its own words.
	Fields        map[string]string         `json:"fields,omitempty"`
	FieldProblems map[string]models.Problem `json:"field_problems,omitempty"`
	Current       any                       `json:"current,omitempty"`
	RequestID     string                    `json:"request_id,omitempty"`
}

// errorHandler turns every error into the one JSON error shape. Only
// internal errors are logged; the client then sees "internal error" and the
// request id, never SQL or a stack.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		// A write that needs a second person is not an error for the
		// client: it was accepted as a proposal, and nothing public changed.
		var pr *models.Proposed
		if errors.As(err, &pr) {
			return c.Status(fiber.StatusAccepted).JSON(proposedAnswer{Proposal: pr.Proposal})
		}
		body := errorObject{RequestID: requestID(c)}
		// A body nobody read (a large-body route that refused the request
		// before reading it) must not be read as the next request, nor
		// read at all: close the connection after this answer.
		if c.Context().RequestBodyStream() != nil {
			c.Context().SetConnectionClose()
		}
		status := fiber.StatusInternalServerError
		var me *models.Error
		var fe *fiber.Error
		switch {
		case errors.As(err, &me):
			body.Code, body.Message, body.Current = me.Code, me.Message, me.Detail
			body.Fields, body.FieldProblems = me.Fields.Messages(), me.Fields
			if s, ok := statusOf[me.Code]; ok {
				status = s
			}
		case errors.As(err, &fe):
			status = fe.Code
			body.Code = codeOfStatus[fe.Code]
			body.Message = fe.Message
			switch fe.Code {
			case fiber.StatusRequestEntityTooLarge:
				body.Message = "the request body is too large"
			case fiber.StatusRequestHeaderFieldsTooLarge:
				body.Message = "the address or the headers are too long (at most 4 KB together)"
			}
		}
		if status == fiber.StatusInternalServerError || body.Code == "" {
			log.Error("request failed", "request_id", body.RequestID, "method", c.Method(), "path", c.Path(), "err", err)
			status, body.Code, body.Message = fiber.StatusInternalServerError, models.ECodeInternal, "internal error"
			body.Fields, body.FieldProblems = nil, nil
		}
		if status == fiber.StatusTooManyRequests && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
			c.Set(fiber.HeaderRetryAfter, "60")
		}
		c.Response().Header.Del(fiber.HeaderETag)
		c.Response().Header.Del(fiber.HeaderContentEncoding)
		if me != nil && me.Beside != nil {
			return c.Status(status).JSON(besideError(body, me.Beside))
		}
		return c.Status(status).JSON(errorBody{Error: body})
	}
}

// besideError answers the fields of beside with "error" among them.
func besideError(body errorObject, beside any) map[string]any {
	out := map[string]any{}
	if b, err := json.Marshal(beside); err == nil {
		_ = json.Unmarshal(b, &out)
	}
	out["error"] = body
	return out
}

func requestID(c *fiber.Ctx) string {
	if id, ok := c.Locals("requestid").(string); ok {
		return id
	}
	return ""
}

// badRequest is a malformed value in the address or a header.
func badRequest(field string, p models.Problem) error {
	return models.FieldError(models.ECodeBadRequest, field+": "+p.Message, field, p)
}

// decodeJSON reads a JSON request body strictly into v: the content type
// must be JSON, unknown fields are refused, and every problem names where it
// is.
func decodeJSON(c *fiber.Ctx, v any) error {
	ct := string(c.Request().Header.ContentType())
	if !isJSONType(ct) {
		return &models.Error{Code: models.ECodeUnsupported,
			Message: "send the body as JSON with Content-Type: application/json"}
	}
	body := c.Body()
	if len(body) == 0 {
		return &models.Error{Code: models.ECodeBadRequest, Message: "the request body is empty; send a JSON object"}
	}
	// encoding/json decodes null into any struct as "nothing to change".
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return &models.Error{Code: models.ECodeBadRequest, Message: "the body must be a JSON object ({…})"}
	}
	// encoding/json would replace invalid UTF-8 with U+FFFD without a word.
	if !utf8.Valid(body) {
		field := invalidUTF8Field(body, "")
		return models.FieldError(models.ECodeBadRequest, field+" is not valid UTF-8 text", field, models.BadUTF8())
	}
	dec := json.NewDecoder(bytesReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, v)
	}
	if dec.More() {
		return &models.Error{Code: models.ECodeBadRequest, Message: "the body has more after the JSON object"}
	}
	models.CleanInput(v)
	return nil
}

// invalidUTF8Field names the first field of a JSON value whose bytes are not
// valid UTF-8 ("name_lo", "public_notes.lo", "phones[2]"), or "body".
func invalidUTF8Field(raw []byte, path string) string {
	name := func(p string) string {
		if p == "" {
			return "body"
		}
		return p
	}
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) > 0 && raw[0] == '{':
		dec := json.NewDecoder(bytes.NewReader(raw))
		if _, err := dec.Token(); err != nil {
			return name(path)
		}
		for dec.More() {
			start := dec.InputOffset()
			if _, err := dec.Token(); err != nil {
				return name(path)
			}
			key := raw[start:dec.InputOffset()]
			var val json.RawMessage
			if err := dec.Decode(&val); err != nil {
				return name(path)
			}
			k := strings.Trim(string(bytes.TrimLeft(key, " \t\r\n,")), `"`)
			child := k
			if path != "" {
				child = path + "." + k
			}
			if !utf8.Valid(key) {
				return child
			}
			if !utf8.Valid(val) {
				return invalidUTF8Field(val, child)
			}
		}
	case len(raw) > 0 && raw[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err == nil {
			for i, el := range list {
				if !utf8.Valid(el) {
					return invalidUTF8Field(el, fmt.Sprintf("%s[%d]", path, i))
				}
			}
		}
	}
	return name(path)
}

// numberProblems is an input that says what is wrong with a number sent
// for one of its whole-number fields that does not decode (1e20, 1.5), by
// the field's own rule (models.CostItemInput).
type numberProblems interface {
	NumberProblem(field, sent string) (models.Problem, bool)
}

// jsonError answers a body that did not decode into v.
func jsonError(err error, v any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &models.Error{Code: models.ECodeBadRequest,
			Message: fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		// A number for a whole-number field is the right type: what is
		// wrong is its value (too large, a fraction, an exponent).
		if num, ok := strings.CutPrefix(typ.Value, "number "); ok && isWholeKind(typ.Type.Kind()) {
			if np, ok := v.(numberProblems); ok {
				if p, ok := np.NumberProblem(field, num); ok {
					return models.FieldError(models.ECodeInvalid, field+" "+p.Message, field, p)
				}
			}
			p := models.NotWholeNumber(num)
			return models.FieldError(models.ECodeBadRequest, field+" "+p.Message, field, p)
		}
		p := models.BadType(jsonKind(typ.Type.Kind().String()))
		return models.FieldError(models.ECodeBadRequest, fmt.Sprintf("%s %s, not %s", field, p.Message, typ.Value), field, p)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &models.Error{Code: models.ECodeBadRequest, Message: "malformed JSON: the body ends too early"}
	}
	if f, ok := unknownField(err); ok {
		return models.FieldError(models.ECodeBadRequest, fmt.Sprintf("unknown field %q", f), f, models.UnknownField())
	}
	return &models.Error{Code: models.ECodeBadRequest, Message: "malformed JSON: " + err.Error()}
}

// isWholeKind reports the Go kinds that decode from a whole JSON number.
func isWholeKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonKind names the JSON type a Go kind decodes from (models.BadType).
func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return "number"
}
