package api

import (
	"strings"
	"testing"
)

// Bodies that are not a JSON object, multipart bodies and bodies over a
// route's limit get a clear error before anything reads further.
func TestBodies_RefusedWithAClearError(t *testing.T) {
	env := newConsoleEnv(t)
	const multipart = "multipart/form-data; boundary=x"
	form := "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n"
	cases := []struct {
		name, as, method, target, body, ctype string
		status                                int
		code                                  string
	}{
		{"null report", "", "POST", "/api/v1/reports", "null", "application/json", 400, "bad_request"},
		{"array report", "", "POST", "/api/v1/reports", `[{"what":["fees"]}]`, "application/json", 400, "bad_request"},
		{"null login", "", "POST", "/api/v1/auth/login", " null ", "application/json", 400, "bad_request"},
		{"null agency patch", "verifier", "PATCH", "/api/v1/agencies/1", "null", "application/json", 400, "bad_request"},
		{"null user", "admin", "POST", "/api/v1/users", "null", "application/json", 400, "bad_request"},
		{"multipart report", "", "POST", "/api/v1/reports", form, multipart, 415, "unsupported_media_type"},
		{"multipart login", "", "POST", "/api/v1/auth/login", form, multipart, 415, "unsupported_media_type"},
		{"multipart agency, no token", "", "POST", "/api/v1/agencies", form, multipart, 415, "unsupported_media_type"},
		{"multipart import, no token", "", "POST", "/api/v1/agencies/import", form, multipart, 401, "unauthorized"},
		{"multipart import", "verifier", "POST", "/api/v1/agencies/import", form, multipart, 415, "unsupported_media_type"},
		{"report over 16 KB", "", "POST", "/api/v1/reports", `{"details":"` + strings.Repeat("a", 17<<10) + `"}`, "application/json", 413, "payload_too_large"},
		{"agency over 64 KB, no token", "", "POST", "/api/v1/agencies", `{"name_en":"` + strings.Repeat("a", 65<<10) + `"}`, "application/json", 413, "payload_too_large"},
		{"GET with a large body", "", "GET", "/api/v1/meta", strings.Repeat("a", 65<<10), "text/plain", 413, "payload_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := ""
			switch tc.as {
			case "admin":
				tok = env.token(env.admin)
			case "verifier":
				tok = env.token(env.verifier)
			}
			r := env.as(tok, tc.method, tc.target, tc.body, tc.ctype)
			if r.status != tc.status || r.errorCode(t) != tc.code {
				t.Fatalf("%d %s, want %d %s", r.status, r.body, tc.status, tc.code)
			}
			if !strings.Contains(string(r.body), `"request_id"`) {
				t.Errorf("no request_id: %s", r.body)
			}
		})
	}
	// An import of a few megabytes still goes through, signed in.
	var b strings.Builder
	b.WriteString("licence_no,name_en,province,status\n")
	for i := 0; b.Len() < 2<<20; i++ {
		b.WriteString("TEST-" + itoa(100000+i) + ",Test Agency " + strings.Repeat("x", 100) + ",VTE,licensed\n")
	}
	if r := env.asVerifier("POST", "/api/v1/agencies/import?dry_run=true", b.String(), "text/csv"); r.status != 200 {
		t.Fatalf("2 MB import preview: %d %.300s", r.status, r.body)
	}
}

// The error contract holds on every path: /readyz with the database gone,
// the import's 422 with its report beside the error, a bad audit filter.
func TestErrors_EveryPathHasTheOneShape(t *testing.T) {
	env := newConsoleEnv(t)
	if r := env.asVerifier("GET", "/api/v1/audit?entity=agencies", ""); r.status != 400 || !strings.Contains(string(r.body), `"entity"`) {
		t.Errorf("audit with an unknown entity: %d %s", r.status, r.body)
	}
	if r := env.asVerifier("GET", "/api/v1/audit?entity=agency", ""); r.status != 200 {
		t.Errorf("audit with a known entity: %d %s", r.status, r.body)
	}
	r := env.asVerifier("POST", "/api/v1/agencies/import?dry_run=false", "licence_no,name_en,province,status\nX-1,,Nowhere,licensed\n", "text/csv")
	m := r.json(t)
	e, _ := m["error"].(map[string]any)
	if r.status != 422 || e["code"] != "validation_failed" || e["request_id"] == "" || m["invalid"] == nil {
		t.Errorf("import 422: %d %s", r.status, r.body)
	}
	sqlDB, err := env.store.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.Close()
	r = env.get("/readyz")
	e, _ = r.json(t)["error"].(map[string]any)
	if r.status != 503 || e["code"] != "not_ready" || e["request_id"] == "" {
		t.Errorf("readyz with the database closed: %d %s", r.status, r.body)
	}
}

// HSTS only where the client came over HTTPS: never on plain HTTP, and
// X-Forwarded-Proto counts only from a trusted proxy.
func TestHeaders_StrictTransportOnlyOverHTTPS(t *testing.T) {
	proxies, err := ParseTrustedProxies("0.0.0.0/32") // app.Test's connection address
	if err != nil {
		t.Fatal(err)
	}
	plain := newEnv(t)
	behind := newEnv(t, func(o *Options) { o.TrustedProxies = proxies })
	cases := []struct {
		name    string
		env     *testEnv
		headers []string
		want    bool
	}{
		{"plain HTTP", plain, nil, false},
		{"forwarded https, no trusted proxy", plain, []string{"X-Forwarded-Proto", "https"}, false},
		{"forwarded http from the proxy", behind, []string{"X-Forwarded-Proto", "http"}, false},
		{"forwarded https from the proxy", behind, []string{"X-Forwarded-Proto", "https"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/", "/api/v1/meta"} {
				r := tc.env.get(path, tc.headers...)
				if got := r.header.Get("Strict-Transport-Security") != ""; got != tc.want {
					t.Errorf("%s: HSTS %q, want sent=%v", path, r.header.Get("Strict-Transport-Security"), tc.want)
				}
				if pp := r.header.Get("Permissions-Policy"); strings.Contains(pp, "interest-cohort") || pp == "" {
					t.Errorf("%s: Permissions-Policy %q", path, pp)
				}
			}
		})
	}
}
