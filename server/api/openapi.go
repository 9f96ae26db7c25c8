package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// openAPIDocument builds the OpenAPI 3 document from the route table: paths
// from the operations, schemas from the Go types of their bodies and
// answers (schema.go).
func openAPIDocument(ops []operation) (doc []byte, err error) {
	defer func() {
		// The schema builder panics on a type it cannot describe or a bad
		// doc tag: a programming error, reported as one (tests build the
		// document, so it never reaches a running server).
		if r := recover(); r != nil {
			err = fmt.Errorf("openapi: %v", r)
		}
	}()
	b := newSchemaBuilder()
	errorSchema := b.schemaOf(reflect.TypeFor[errorBody](), answerMode)
	paths := map[string]map[string]any{}
	for _, op := range ops {
		item := paths[op.Path]
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		var params []any
		for _, m := range pathParamRE.FindAllStringSubmatch(op.Path, -1) {
			s := map[string]any{"type": "string"}
			if m[1] == "id" {
				s = map[string]any{"type": "integer", "minimum": 1}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": s})
		}
		for _, q := range op.Query {
			params = append(params, paramDoc(q, "query"))
		}
		for _, hp := range op.Headers {
			params = append(params, paramDoc(hp, "header"))
		}
		status := op.Status
		if status == 0 {
			status = 200
		}
		responses := map[string]any{}
		answerOf := func(v any) map[string]any { return b.schemaOf(reflect.TypeOf(v), answerMode) }
		switch a := op.Answer.(type) {
		case noBody:
			responses[itoa(status)] = map[string]any{"description": "done, no body"}
		case csvBody:
			responses[itoa(status)] = described("OK", "text/csv", textSchema)
		case textBody:
			responses[itoa(status)] = described("OK", "text/plain", textSchema)
		case clipAudioAnswer:
			// The recording, as it was uploaded: one of clipAudioTypes.
			audioContent := map[string]any{"audio/*": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			responses[itoa(status)] = map[string]any{"description": "the whole recording (" + strings.Join(clipAudioTypes, ", ") + ")", "content": audioContent}
			responses["206"] = map[string]any{"description": "the part of the recording a Range header asked for (Content-Range says which)", "content": audioContent}
		default:
			responses[itoa(status)] = described("OK", jsonType, answerOf(a))
		}
		if op.Method == "POST" && op.Path == "/api/v1/reports" {
			responses["200"] = described("a retry with the same Idempotency-Key: the same receipt", jsonType, answerOf(op.Answer))
		}
		if op.Method == "PUT" && op.Path == "/api/v1/clips/{target}/{lang}" {
			responses["201"] = described("the first clip of this text in this language", jsonType, answerOf(op.Answer))
		}
		if op.Proposal != nil {
			responses["202"] = described("accepted as a proposal: the change makes a listing look safer, so nothing public changes until a different verifier or admin approves it (POST /api/v1/proposals/{id}/approve)",
				jsonType, answerOf(op.Proposal))
		}
		if op.Method == "GET" {
			responses["304"] = map[string]any{"description": "not modified (If-None-Match)"}
		}
		errs := append([]int{}, op.Errors...)
		if op.Auth != "" {
			errs = append(errs, 401)
			if op.Auth != authSignedIn {
				errs = append(errs, 403)
			}
		}
		errs = append(errs, 400, 413, 431, 500)
		for _, e := range errs {
			responses[itoa(e)] = described(errorDescription(e), jsonType, errorSchema)
		}
		o := map[string]any{"summary": op.Summary, "tags": []string{op.Tag}, "responses": responses,
			"operationId": operationID(op)}
		if len(params) > 0 {
			o["parameters"] = params
		}
		switch body := op.Body.(type) {
		case nil:
		case csvBody:
			o["requestBody"] = map[string]any{"required": true, "content": content("text/csv", textSchema)}
		case clipAudioBody:
			// Any Content-Type: the server recognises the recording by its bytes.
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"*/*": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}}
		default:
			mode := requestMode
			if op.Method == "PATCH" {
				mode = patchMode
			}
			o["requestBody"] = map[string]any{"required": true, "content": content(jsonType, b.schemaOf(reflect.TypeOf(body), mode))}
		}
		if op.Auth != "" {
			o["security"] = []any{map[string]any{"bearer": []string{}}}
			o["x-role"] = op.Auth
		} else {
			o["security"] = []any{}
		}
		item[strings.ToLower(op.Method)] = o
	}
	d := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Pai Dee Ma Dee API", "version": "1",
			"description": "Safe migration from Laos to Thailand: checklist, agency verification, emergency contacts. Errors always have the Error shape."},
		"servers": []any{map[string]any{"url": "/", "description": "this server"}},
		"tags": []any{
			map[string]any{"name": "health", "description": "liveness and readiness"},
			map[string]any{"name": "public", "description": "what the worker app reads; no sign-in"},
			map[string]any{"name": "auth", "description": "signing in and out of the console"},
			map[string]any{"name": "console", "description": "verifiers and admins: listings, imports, reports, audit"},
			map[string]any{"name": "admin", "description": "admins: accounts and content"},
			map[string]any{"name": "log", "description": "the public, tamper-evident log of every public change: records, signed checkpoint, key, proofs"},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         b.components,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
	return json.MarshalIndent(d, "", " ")
}

const jsonType = "application/json"

var textSchema = map[string]any{"type": "string"}

// content is a body of the media type mime with the given schema.
func content(mime string, schema map[string]any) map[string]any {
	return map[string]any{mime: map[string]any{"schema": schema}}
}

// described is a response: its description and its body.
func described(desc, mime string, schema map[string]any) map[string]any {
	return map[string]any{"description": desc, "content": content(mime, schema)}
}

func paramDoc(p param, in string) map[string]any {
	m := map[string]any{"name": p.Name, "in": in, "schema": p.Schema}
	if p.Desc != "" {
		m["description"] = p.Desc
	}
	if p.Required {
		m["required"] = true
	}
	return m
}

func errorDescription(status int) string {
	if code, ok := codeOfStatus[status]; ok {
		return code
	}
	// Every code answered with this status, in a fixed order (a map's
	// order would make the document differ from run to run).
	var codes []string
	for code, s := range statusOf {
		if s == status {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return "error"
	}
	sort.Strings(codes)
	return strings.Join(codes, " or ")
}

// operationID is a stable name for an operation: getApiV1AgenciesId.
func operationID(op operation) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(op.Method))
	for _, seg := range strings.FieldsFunc(op.Path, func(r rune) bool { return r == '/' || r == '{' || r == '}' || r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
	}
	return b.String()
}

// OpenAPIDocument is the API's OpenAPI 3 document.
func OpenAPIDocument() ([]byte, error) { return openAPIDocument(routes(nil, nil)) }

// documentedRoutes lists "METHOD path" for every operation, for the test
// that compares the table with the router.
func documentedRoutes() []string {
	var out []string
	for _, op := range routes(nil, nil) {
		out = append(out, op.Method+" "+op.Path)
	}
	sort.Strings(out)
	return out
}

func (h *handlers) openapi(c *fiber.Ctx) error {
	return sendJSON(c, h.openAPI)
}
