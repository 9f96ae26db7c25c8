package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	"paidee/models"
	"paidee/models/search"
)

// The OpenAPI schemas are derived from the Go types the handlers decode and
// answer, so the document cannot drift from the code: a field added to a
// view appears in the document with its type; a field's JSON name, whether
// it can be null (a pointer) and whether it is always present (no
// omitempty) come from the type itself. What a Go type cannot say is given
// in a `doc` struct tag beside the field:
//
//	required    a request must send it (to PATCH: only in a type made for
//	            patches, named …Patch)
//	patchrequired a PATCH must send it
//	enum=NAME   one of the values of enums[NAME] (the lists the validators use)
//	max=N       at most N characters (strings) or N entries (lists)
//	min=N       at least N (numbers)
//	format=F    date, email, uri, …
//	readonly    set by the server, never sent
//	schema=NAME the JSON a json.RawMessage (or a list of them) holds: the
//	            component NAME (pre-encoded listings)

// enums are the closed lists a field may take its value from: the same
// slices the validators check against.
var enums = map[string][]string{
	"agency_status": models.AgencyStatuses,
	"sector":        models.AgencySectors,
	"role":          models.Roles,
	"report_status": models.ReportStatuses,
	"report_what":   models.ReportWhat,
	"entity":        models.AuditEntities,
	"icon":          models.ChecklistIcons,
	"country":       {"TH", "LA"},
	// A status history's first step starts from no status.
	"from_status":     append([]string{""}, models.AgencyStatuses...),
	"match":           search.Matches,
	"lang":            {"lo", "th", "en"},
	"proposal_status": models.ProposalStatuses,
	"answer":          models.Answers,
	"clip_target":     models.ClipTargetTypes,
	"clip_lang":       models.ClipLangs,
	"currency":        models.Currencies,
	"payer":           models.Payers,
	"confidence":      models.Confidences,
	"problem":         models.ProblemCodes,
	"status_reason":   models.StatusReasonCodes,
}

// namedSchemas are the components that pre-encoded JSON refers to by name.
var namedSchemas = map[string]reflect.Type{
	"Agency": reflect.TypeFor[models.AgencyView](),
}

// schemaMode tells answers from requests: in an answer every field without
// omitempty is always present (required); in a request only fields tagged
// required must be sent, and fields set by the server are left out.
type schemaMode int

const (
	answerMode schemaMode = iota
	requestMode
	// patchMode is a request to PATCH: the fields left out keep their
	// value, so only those tagged patchrequired (and, in a type made for
	// patches, those tagged required) must be sent.
	patchMode
)

type schemaBuilder struct {
	components map[string]any
	named      map[string]reflect.Type // component name → the type it was made from
}

func newSchemaBuilder() *schemaBuilder {
	return &schemaBuilder{components: map[string]any{}, named: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// componentName names a struct type's schema: AgencyView → Agency,
// listOf[AgencyView] → AgencyList, loginAnswer → LoginAnswer; a type used
// as a request is suffixed Input unless its name says what it is.
func componentName(t reflect.Type, mode schemaMode) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 { // a generic: listOf[paidee/models.AgencyView]
		arg := strings.TrimSuffix(name[i+1:], "]")
		arg = arg[strings.LastIndexAny(arg, "./")+1:]
		name = strings.TrimSuffix(arg, "View") + "List"
	}
	name = strings.TrimSuffix(name, "View")
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	name = string(r)
	switch mode {
	case requestMode:
		for _, s := range []string{"Input", "Create", "Patch", "Delete", "Restore", "Request"} {
			if strings.HasSuffix(name, s) {
				return name
			}
		}
		name += "Input"
	case patchMode:
		if !strings.HasSuffix(name, "Patch") {
			name += "Patch"
		}
	}
	return name
}

// schemaOf returns the schema of t: a $ref to a component for named
// structs, inline otherwise.
func (b *schemaBuilder) schemaOf(t reflect.Type, mode schemaMode) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := b.schemaOf(t.Elem(), mode)
		return nullable(s)
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": b.schemaOf(t.Elem(), mode)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": b.schemaOf(t.Elem(), mode)}
	case reflect.Interface:
		// Any JSON value, null included. (OpenAPI 3.0 allows null only
		// beside a type, hence the nullable string among the choices.)
		return map[string]any{"description": "any JSON value", "anyOf": []any{
			map[string]any{"type": "string", "nullable": true}, map[string]any{"type": "number"},
			map[string]any{"type": "boolean"}, map[string]any{"type": "array", "items": map[string]any{}},
			map[string]any{"type": "object"}}}
	case reflect.Struct:
		if t.Name() == "" {
			return b.object(t, mode)
		}
		name := componentName(t, mode)
		if prev, ok := b.named[name]; ok && prev != t {
			panic(fmt.Sprintf("openapi: two types are named %s: %v and %v", name, prev, t))
		}
		if _, done := b.named[name]; !done {
			b.named[name] = t
			b.components[name] = nil // a placeholder, for types that refer to themselves
			b.components[name] = b.object(t, mode)
		}
		return ref(name)
	}
	panic(fmt.Sprintf("openapi: no schema for %v", t))
}

// nullable marks a schema as also accepting null (OpenAPI 3.0: a $ref may
// have no siblings, so it is wrapped).
func nullable(s map[string]any) map[string]any {
	if _, isRef := s["$ref"]; isRef {
		return map[string]any{"type": "object", "allOf": []any{s}, "nullable": true}
	}
	out := map[string]any{"nullable": true}
	for k, v := range s {
		out[k] = v
	}
	return out
}

// object builds the schema of a struct's JSON object, flattening embedded
// structs as encoding/json does.
func (b *schemaBuilder) object(t reflect.Type, mode schemaMode) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
				walk(f.Type)
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			doc := parseDoc(f.Tag.Get("doc"))
			if mode != answerMode && doc.readonly {
				continue
			}
			s := b.fieldSchema(f.Type, doc, mode)
			props[name] = s
			switch {
			case mode == answerMode && !strings.Contains(opts, "omitempty"):
				required = append(required, name)
			case mode == requestMode && doc.required,
				mode == patchMode && (doc.patchRequired || (doc.required && strings.HasSuffix(t.Name(), "Patch"))):
				required = append(required, name)
			}
		}
	}
	walk(t)
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// fieldSchema is the schema of one field with its doc tag applied.
func (b *schemaBuilder) fieldSchema(t reflect.Type, doc fieldDoc, mode schemaMode) map[string]any {
	var s map[string]any
	if doc.schema != "" {
		nt, ok := namedSchemas[doc.schema]
		if !ok {
			panic("openapi: unknown schema " + doc.schema)
		}
		el := b.schemaOf(nt, answerMode)
		if t.Kind() == reflect.Slice && t != rawType {
			return map[string]any{"type": "array", "items": el}
		}
		return el
	}
	s = b.schemaOf(t, mode)
	// Constraints go on the value itself: inside a nullable wrapper, on the
	// items of a list of strings.
	target := s
	if t.Kind() == reflect.Pointer {
		if _, wrapped := s["allOf"]; wrapped {
			return s
		}
	}
	isList := t.Kind() == reflect.Slice || (t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Slice)
	if isList {
		if doc.max > 0 {
			target["maxItems"] = doc.max
		}
		items, _ := target["items"].(map[string]any)
		if items == nil || items["$ref"] != nil {
			return s
		}
		target = items
		doc.max = doc.itemMax
	}
	if doc.enum != "" {
		vals, ok := enums[doc.enum]
		if !ok {
			panic("openapi: unknown enum " + doc.enum)
		}
		target["enum"] = vals
	}
	if doc.max > 0 {
		target["maxLength"] = doc.max
	}
	if doc.min != nil {
		target["minimum"] = *doc.min
	}
	if doc.format != "" {
		target["format"] = doc.format
	}
	if doc.readonly {
		target["readOnly"] = true
	}
	return s
}

type fieldDoc struct {
	required, readonly bool
	patchRequired      bool
	enum, format       string
	schema             string
	max, itemMax       int
	min                *int
}

func parseDoc(tag string) fieldDoc {
	var d fieldDoc
	for _, part := range strings.Split(tag, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "":
		case "required":
			d.required = true
		case "readonly":
			d.readonly = true
		case "patchrequired":
			d.patchRequired = true
		case "enum":
			d.enum = v
		case "format":
			d.format = v
		case "schema":
			d.schema = v
		case "max":
			d.max = mustAtoi(v)
		case "itemmax":
			d.itemMax = mustAtoi(v)
		case "min":
			n := mustAtoi(v)
			d.min = &n
		default:
			panic("openapi: unknown doc tag " + k)
		}
	}
	return d
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("openapi: bad number in doc tag: " + s)
	}
	return n
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
