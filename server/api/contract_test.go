package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The OpenAPI document is checked by an independent validator
// (kin-openapi's openapi3filter) against every request and answer of the
// API tests: testEnv.do hands each exchange to checkContract. A request the
// document allows must get an answer the document describes; a request it
// does not allow must be refused (4xx), with an answer it describes.

var contract struct {
	once   sync.Once
	router routers.Router
	err    error
}

func contractRouter(t testing.TB) routers.Router {
	contract.once.Do(func() {
		// A CSV body is one string to the document; kin-openapi's own CSV
		// decoder would parse it as a table and refuse ragged rows that the
		// import reports as invalid lines.
		openapi3filter.RegisterBodyDecoder("text/csv", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
			b, err := io.ReadAll(r)
			return string(b), err
		})
		doc, err := openAPIDocument(routes(nil, nil))
		if err != nil {
			contract.err = err
			return
		}
		loader := openapi3.NewLoader()
		spec, err := loader.LoadFromData(doc)
		if err != nil {
			contract.err = err
			return
		}
		if err := spec.Validate(loader.Context); err != nil {
			contract.err = err
			return
		}
		// The document's server is "/" (wherever it is served); the
		// validator needs a host to match the test requests against.
		spec.Servers = openapi3.Servers{{URL: "http://example.com"}}
		contract.router, contract.err = legacy.NewRouter(spec)
	})
	if contract.err != nil {
		t.Fatalf("the OpenAPI document: %v", contract.err)
	}
	return contract.router
}

// checkContract validates one exchange of an API test.
func checkContract(t testing.TB, req *http.Request, reqBody []byte, res response) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") && req.URL.Path != "/healthz" && req.URL.Path != "/readyz" {
		return
	}
	router := contractRouter(t)
	vreq := req.Clone(context.Background())
	// HEAD is the GET without its body (RFC 9110 §9.3.2): checked as the
	// GET, the body aside.
	head := req.Method == http.MethodHead
	if head {
		vreq.Method = http.MethodGet
	}
	vreq.URL = &url.URL{Scheme: "http", Host: "example.com", Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	vreq.Host = "example.com"
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := router.FindRoute(vreq)
	if err != nil || res.status == http.StatusMethodNotAllowed {
		// Not a documented operation (an unknown path or method): the
		// answer must be a refusal.
		if res.status < 400 {
			t.Errorf("contract: %s %s is not in the document but answered %d", req.Method, req.URL, res.status)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && res.status < 400 {
		t.Errorf("contract: the document refuses %s %s (%.200s) but the server answered %d:\n%v", req.Method, req.URL, reqBody, res.status, reqErr)
	}
	body := res.body
	if res.header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("contract: %s %s: gzip: %v", req.Method, req.URL, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("contract: %s %s: gzip: %v", req.Method, req.URL, err)
		}
	}
	if res.header.Get("Content-Encoding") == "br" {
		var err error
		if body, err = io.ReadAll(brotli.NewReader(bytes.NewReader(body))); err != nil {
			t.Fatalf("contract: %s %s: br: %v", req.Method, req.URL, err)
		}
	}
	checkProblemsCoded(t, req, res.status, body)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.status, Header: res.header, Options: opts}
	out.SetBodyBytes(body)
	if res.status == http.StatusNotModified || head {
		return
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("contract: the answer to %s %s (%d) does not match the document:\n%v\nbody: %.400s", req.Method, req.URL, res.status, err, res.body)
	}
}

// The document itself is valid OpenAPI 3.0, and documents every route.
func TestContract_DocumentIsValid(t *testing.T) {
	contractRouter(t)
	env := newEnv(t)
	r := env.get("/api/v1/openapi.json")
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	doc := r.json(t)
	paths := doc["paths"].(map[string]any)
	for _, op := range operations {
		if _, ok := paths[op.Path].(map[string]any)[strings.ToLower(op.Method)]; !ok {
			t.Errorf("%s %s is not in the document", op.Method, op.Path)
		}
	}
	// Every schema property has a type (or is a reference or a free value
	// on purpose): a client generated from the document sends numbers as
	// numbers.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	untyped := 0
	for name, s := range schemas {
		for prop, p := range s.(map[string]any)["properties"].(map[string]any) {
			pm := p.(map[string]any)
			if pm["type"] == nil && pm["$ref"] == nil && pm["allOf"] == nil && pm["description"] != "any JSON value" {
				untyped++
				t.Errorf("%s.%s has no type", name, prop)
			}
		}
	}
	agency := schemas["Agency"].(map[string]any)["properties"].(map[string]any)
	if _, ok := agency["licence_lapsed"]; !ok {
		t.Error("Agency has no licence_lapsed")
	}
}
