package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
	"paidee/models/dbtest"
	"paidee/seeds"
	"paidee/web"
)

// testEnv is a real app on a real SQLite file in a temp dir, seeded.
type testEnv struct {
	t     testing.TB
	app   *fiber.App
	store *models.Store
}

func newEnv(t testing.TB, opts ...func(*Options)) *testEnv {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seeds.Load(ctx, store, seeds.Options{Demo: true}); err != nil {
		t.Fatal(err)
	}
	opt := Options{Store: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: web.App()}
	for _, o := range opts {
		o(&opt)
	}
	app, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{t: t, app: app, store: store}
}

// openStore opens a Store on the database at dir/dsn (models.Open's
// arguments), closed when the test ends.
func openStore(t testing.TB, dir, dsn string) *models.Store {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = models.Close(db) })
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// errorCode returns error.code of an error body, or "".
func (r response) errorCode(t testing.TB) string {
	m := r.json(t)
	e, _ := m["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func (e *testEnv) do(method, target string, body string, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	check := req.Clone(req.Context())
	res, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := response{status: res.StatusCode, header: res.Header, body: b}
	checkContract(e.t, check, []byte(body), r)
	return r
}

func (e *testEnv) get(target string, headers ...string) response {
	e.t.Helper()
	return e.do("GET", target, "", headers...)
}

func (e *testEnv) postJSON(target, body string, headers ...string) response {
	e.t.Helper()
	return e.do("POST", target, body, append([]string{"Content-Type", "application/json"}, headers...)...)
}

// items decodes a {"items": [...], "total": N} answer.
func items(t *testing.T, r response) ([]map[string]any, int) {
	t.Helper()
	var v struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("not a list: %v: %s", err, r.body)
	}
	return v.Items, v.Total
}

// operations is the route table, for tests that walk every route.
var operations = routes(nil, nil)
