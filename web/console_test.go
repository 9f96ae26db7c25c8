package web_test

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"paidee/models"
	"paidee/web"
)

func catalog(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(web.Console(), "i18n/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

func consoleSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(web.Console(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".css") {
			b, err := fs.ReadFile(web.Console(), p)
			out[p] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(s string) string {
	m := placeholder.FindAllString(s, -1)
	sort.Strings(m)
	return strings.Join(m, " ")
}

var tCall = regexp.MustCompile(`(?:^|[^\w.])t\('([a-z0-9_.]+)'`)

// The three catalogs have the same keys, none empty, and every key the
// code asks for (directly, or built from a list of codes) is there.
func TestConsoleCatalogs_AreCompleteAndAlike(t *testing.T) {
	en, lo, th := catalog(t, "en"), catalog(t, "lo"), catalog(t, "th")
	for name, c := range map[string]map[string]string{"lo": lo, "th": th} {
		for k := range en {
			if _, ok := c[k]; !ok {
				t.Errorf("%s.json lacks %q", name, k)
			}
		}
		for k := range c {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, en.json does not", name, k)
			}
		}
	}
	for name, c := range map[string]map[string]string{"en": en, "lo": lo, "th": th} {
		for k, v := range c {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s.json: %q is empty", name, k)
			}
		}
	}
	want := map[string]bool{}
	for _, src := range consoleSources(t) {
		for _, m := range tCall.FindAllStringSubmatch(src, -1) {
			want[m[1]] = true
		}
	}
	add := func(prefix string, codes []string) {
		for _, c := range codes {
			want[prefix+c] = true
		}
	}
	add("status.", models.AgencyStatuses)
	add("report.status.", models.ReportStatuses)
	add("report.move.", []string{models.ReportReviewing, models.ReportUpheld, models.ReportDismissed})
	add("what.", models.ReportWhat)
	add("sector.", models.AgencySectors)
	add("category.", models.ContactCategories)
	add("role.", models.Roles)
	add("entity.", []string{models.EntityAgency, models.EntityReport, models.EntityUser, models.EntityContact,
		models.EntityChecklistItem, models.EntityQuestion, models.EntityPhrase})
	add("action.", []string{"create", "update", "delete", "import", "triage", "restore"})
	add("error.code.", []string{models.ECodeBadRequest, models.ECodeInvalid, models.ECodeNotFound, models.ECodeConflict,
		models.ECodeUnauthorized, models.ECodeForbidden, models.ECodeTooLarge, models.ECodeUnsupported,
		models.ECodeRateLimited, models.ECodeInternal})
	add("nav.", []string{"login", "dashboard", "agencies", "import", "reports", "audit", "users", "content"})
	// Every field problem's code is said in the verifier's language, with
	// the same values ({max} …) in each; only the fallback's is not.
	for _, code := range models.ProblemCodes {
		if code == models.ProblemUncoded {
			continue
		}
		k := "problem." + code
		want[k] = true
		for name, c := range map[string]map[string]string{"lo": lo, "th": th} {
			if got, wantVars := placeholders(c[k]), placeholders(en[k]); got != wantVars {
				t.Errorf("%s.json %s has %s, en.json %s", name, k, got, wantVars)
			}
		}
	}
	var missing []string
	for k := range want {
		if _, ok := en[k]; !ok {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys used but not in the catalogs: %v", missing)
	}
}

// The console keeps to the CSP (no inline script or style) and asks
// nothing of any other origin; the elements the browser test uses exist.
func TestConsole_FollowsTheCSPAndKeepsTestIDs(t *testing.T) {
	all := ""
	for p, src := range consoleSources(t) {
		all += src
		if strings.Contains(src, "style=") || strings.Contains(src, ".innerHTML") || strings.Contains(src, "eval(") {
			t.Errorf("%s: inline style, innerHTML or eval", p)
		}
		if m := regexp.MustCompile(`https?://[a-z0-9.-]+`).FindString(src); m != "" && !strings.Contains(m, "www.w3.org") {
			t.Errorf("%s: refers to another origin: %s", p, m)
		}
		if strings.HasSuffix(p, ".html") && regexp.MustCompile(`<script[^>]*>\s*[^<\s]`).MatchString(src) {
			t.Errorf("%s: inline script", p)
		}
	}
	for _, id := range []string{"login-email", "login-password", "login-submit", "agency-search", "agency-row",
		"agency-status-select", "agency-reason", "agency-save", "conflict-message", "import-file", "import-preview",
		"import-apply", "report-row", "report-status", "nav-"} {
		if !strings.Contains(all, `'data-testid': '`+id) && !strings.Contains(all, "'data-testid': `"+id) {
			t.Errorf("no element has data-testid %q", id)
		}
	}
}
