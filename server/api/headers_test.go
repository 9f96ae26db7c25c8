package api

import (
	"strings"
	"testing"
)

// Pages, the service worker and API answers carry the security policy;
// the scripts, styles, icons and JSON files a page loads do not need it
// (about 1 KB each on a first visit), only nosniff and same-origin.
func TestSecurityHeaders_OnDocumentsNotOnEveryFile(t *testing.T) {
	env := newEnv(t)
	for _, tc := range []struct {
		path     string
		document bool
	}{
		{"/", true},
		{"/a/DEMO-LA-0101", true},
		{"/weather.html", true},
		{"/sw.js", true},
		{"/api/v1/agencies?q=mekong", true},
		{"/js/app.js", false},
		{"/css/app.css", false},
		{"/icons/icon.svg", false},
		{"/i18n/lo.json", false},
		{"/manifest.webmanifest", false},
	} {
		r := env.get(tc.path)
		if r.status != 200 {
			t.Errorf("%s: %d", tc.path, r.status)
			continue
		}
		csp := r.header.Get("Content-Security-Policy")
		if tc.document != strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q (document: %v)", tc.path, csp, tc.document)
		}
		if got := r.header.Get("X-Frame-Options") != ""; got != tc.document {
			t.Errorf("%s: X-Frame-Options %q", tc.path, r.header.Get("X-Frame-Options"))
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Cross-Origin-Resource-Policy") != "same-origin" {
			t.Errorf("%s: nosniff %q, CORP %q", tc.path, r.header.Get("X-Content-Type-Options"), r.header.Get("Cross-Origin-Resource-Policy"))
		}
	}
}
