package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestSite_ServesAppAndDeepLinks(t *testing.T) {
	env := newEnv(t)
	for _, p := range []string{"/", "/a/DEMO-LA-0101", "/a/LA.0123/24", "/a/LA.0101.2024", "/checklist", "/help/phrases"} {
		r := env.get(p)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "<html") {
			t.Errorf("%s: %d %q", p, r.status, r.header.Get("Content-Type"))
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", p, csp)
		}
	}
	if r := env.get("/no-such-file.js"); r.status != 404 {
		t.Errorf("missing asset: %d", r.status)
	}
	if r := env.do("POST", "/", ""); r.status == 200 {
		t.Errorf("POST / answered 200")
	}
}

func TestHealth(t *testing.T) {
	env := newEnv(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := env.get(p); r.status != 200 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
}

// Every API route the router knows is in the OpenAPI document, and every
// documented route exists.
func TestOpenAPI_DocumentsEveryRoute(t *testing.T) {
	env := newEnv(t)
	routed := map[string]bool{}
	for _, r := range env.app.GetRoutes(true) {
		if r.Method == "HEAD" || r.Method == "USE" || r.Path == "/" || r.Path == "/api/v1" {
			continue
		}
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" {
			continue
		}
		routed[r.Method+" "+fiberToOpenAPI(r.Path)] = true
	}
	documented := map[string]bool{}
	for _, d := range documentedRoutes() {
		documented[d] = true
		if !routed[d] {
			t.Errorf("documented but not routed: %s", d)
		}
	}
	var missing []string
	for r := range routed {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("routed but not documented: %s", m)
	}
	r := env.get("/api/v1/openapi.json")
	if r.json(t)["openapi"] != "3.0.3" {
		t.Fatal("not an OpenAPI 3 document")
	}
}

// fiberToOpenAPI turns /agencies/:id<int> and /licence/* into OpenAPI's
// {id} and {licence_no}.
func fiberToOpenAPI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		switch {
		case strings.HasPrefix(s, ":"):
			name := strings.TrimPrefix(s, ":")
			if j := strings.IndexAny(name, "<?"); j >= 0 {
				name = name[:j]
			}
			parts[i] = "{" + name + "}"
		case s == "*" && i > 0 && parts[i-1] == "licence":
			parts[i] = "{licence_no}"
		}
	}
	return strings.Join(parts, "/")
}

// sw.js carries this version's ETag of every file it precaches, the same
// the file is served with, so the worker can take the page's copy from the
// browser's cache only when it is this version's.
func TestSite_ServiceWorkerKnowsEveryETag(t *testing.T) {
	env := newEnv(t)
	sw := env.get("/sw.js")
	body := string(sw.body)
	if strings.Contains(body, "__PAIDEE_ETAGS__") || strings.Contains(body, "__PAIDEE_VERSION__") {
		t.Fatal("a placeholder left in sw.js")
	}
	i := strings.Index(body, "const ETAGS = ")
	if i < 0 {
		t.Fatal("no ETAGS in sw.js")
	}
	rest := body[i+len("const ETAGS = "):]
	var etags map[string]string
	if err := json.NewDecoder(strings.NewReader(rest)).Decode(&etags); err != nil {
		t.Fatalf("ETAGS is not JSON: %v", err)
	}
	shell := regexp.MustCompile(`(?m)^\s*'(/[^']*)',?$`).FindAllStringSubmatch(body, -1)
	if len(shell) < 20 {
		t.Fatalf("%d precached files found in sw.js", len(shell))
	}
	for _, m := range shell {
		p := m[1]
		r := env.get(p)
		if r.status != 200 || etags[p] == "" || r.header.Get("ETag") != etags[p] {
			t.Errorf("%s: served %d with ETag %q, sw.js says %q", p, r.status, r.header.Get("ETag"), etags[p])
		}
	}
	if etags["/"] != etags["/index.html"] {
		t.Error("/ and /index.html are the same file")
	}
}

// The app's files go as Brotli to a client that takes it, as gzip to one
// that takes only gzip, and plain otherwise: the same bytes every way.
func TestSite_BrotliGzipOrPlain(t *testing.T) {
	env := newEnv(t)
	plain := env.get("/js/app.js", "Accept-Encoding", "identity")
	if r := env.get("/js/app.js", "Accept-Encoding", "br;q=0.0, gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Errorf("every coding refused with q=0.0, but sent %q", r.header.Get("Content-Encoding"))
	}
	if plain.status != 200 || plain.header.Get("Content-Encoding") != "" || len(plain.body) == 0 {
		t.Fatalf("plain: %d %q", plain.status, plain.header.Get("Content-Encoding"))
	}
	cases := []struct {
		accept, want string
		read         func(io.Reader) (io.Reader, error)
	}{
		{"gzip, deflate, br, zstd", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"gzip, deflate", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"br;q=0, gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"br;q=0.0, gzip;q=0.5", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"GZIP, BR;q=0.8", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	}
	for _, tc := range cases {
		r := env.get("/js/app.js", "Accept-Encoding", tc.accept)
		if got := r.header.Get("Content-Encoding"); r.status != 200 || got != tc.want {
			t.Errorf("%q: %d, encoding %q, want %q", tc.accept, r.status, got, tc.want)
			continue
		}
		if len(r.body) >= len(plain.body) {
			t.Errorf("%q: %d bytes, no smaller than %d", tc.accept, len(r.body), len(plain.body))
		}
		rd, err := tc.read(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rd)
		if err != nil || !bytes.Equal(got, plain.body) {
			t.Errorf("%q: decoded body differs from the plain file (%v)", tc.accept, err)
		}
		if r.header.Get("ETag") != plain.header.Get("ETag") || !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%q: ETag %q / Vary %q", tc.accept, r.header.Get("ETag"), r.header.Get("Vary"))
		}
	}
}
