package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"paidee/models"
)

// An upheld report becomes a public warning on the agency: the date and
// what happened, never who reported it or what they typed; phones get it
// in the next delta.
func TestReports_UpheldBecomesAPublicWarning(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	rep := env.report(0) // the worker did not pick the agency from the list
	path := "/api/v1/reports/" + itoa(int(rep))

	list := env.asVerifier("GET", "/api/v1/reports?status=new", "")
	var page models.ReportPage
	decode(t, list, &page)
	if page.Total != 1 || page.Items[0].Details == "" || page.Items[0].Status != "new" {
		t.Fatalf("queue: %s", list.body)
	}
	if r := env.asVerifier("PATCH", path, `{"status":"upheld","agency_id":`+itoa(int(id))+`}`); r.status != 422 {
		t.Errorf("new → upheld: %d, want 422", r.status)
	}
	if r := env.asVerifier("PATCH", path, `{"status":"reviewing","note":"called the agency"}`); r.status != 200 {
		t.Fatalf("→ reviewing: %d %s", r.status, r.body)
	}
	if r := env.asVerifier("PATCH", path, `{"status":"upheld"}`); r.status != 422 || !strings.Contains(string(r.body), "agency_id") {
		t.Errorf("upheld without agency: %d %s", r.status, r.body)
	}
	var b0 models.Bundle
	decode(t, env.get("/api/v1/bundle"), &b0)
	r := env.asVerifier("PATCH", path, `{"status":"upheld","agency_id":`+itoa(int(id))+`,"note":"confirmed by two other workers"}`)
	if r.status != 200 {
		t.Fatalf("→ upheld: %d %s", r.status, r.body)
	}
	var v models.ReportView
	decode(t, r, &v)
	if v.Status != "upheld" || v.DecidedAt == nil || v.Agency == nil || v.Agency.LicenceNo != "TEST-0001" || v.ReviewedBy == nil {
		t.Errorf("report after triage: %s", r.body)
	}

	pub := env.get("/api/v1/agencies/" + itoa(int(id)))
	var a models.AgencyView
	decode(t, pub, &a)
	// The warning's date is the day of the decision as the database gives
	// the time back (UTC here; the server's own zone elsewhere), not the
	// Lao calendar day: between 17:00 and 24:00 UTC the two differ. Logged
	// records carry that date, so changing it needs a record upgrade.
	decided := *v.DecidedAt
	days := []string{decided.UTC().Format(models.DateLayout), decided.Local().Format(models.DateLayout)}
	if len(a.Warnings) != 1 || !slices.Contains(days, a.Warnings[0].At) || strings.Join(a.Warnings[0].What, ",") != "kept_passport,asked_fee" {
		t.Fatalf("warnings %+v", a.Warnings)
	}
	for _, secret := range []string{"Bounmy", "9999 8888", "confirmed by two", "called the agency", v.Receipt} {
		if strings.Contains(string(pub.body), secret) {
			t.Errorf("the public listing shows %q", secret)
		}
	}
	var delta models.Bundle
	d := env.get("/api/v1/bundle?since=" + itoa(int(b0.Revision)))
	decode(t, d, &delta)
	if len(delta.Agencies) != 1 || !strings.Contains(string(delta.Agencies[0]), `"warnings":[{"at"`) || strings.Contains(string(d.body), "Bounmy") {
		t.Errorf("delta: %s", d.body)
	}

	// Reopening withdraws the warning: the listing looks safer, so a
	// second person approves it.
	env.approveAs(env.token(env.admin), env.asVerifier("PATCH", path, `{"status":"reviewing"}`))
	decode(t, env.get("/api/v1/agencies/"+itoa(int(id))), &a)
	if len(a.Warnings) != 0 {
		t.Errorf("warning stays after reopening: %+v", a.Warnings)
	}
}

// Phones are sent a delta only when a triage step changes what they show:
// an internal note or a move to "reviewing" keeps the revision, upholding
// (a public warning) and withdrawing it advance it.
func TestReports_OnlyPublicTriageAdvancesTheRevision(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	rep := "/api/v1/reports/" + itoa(int(env.report(0)))
	steps := []struct {
		name, body string
		public     bool
		second     bool // removes a public warning: a second person approves
	}{
		{"reviewing", `{"status":"reviewing"}`, false, false},
		{"internal note", `{"note":"called the district office"}`, false, false},
		{"link to the agency", `{"agency_id":` + itoa(int(id)) + `}`, false, false},
		{"upheld", `{"status":"upheld"}`, true, false},
		{"note on an upheld report", `{"note":"confirmed by two workers"}`, false, false},
		{"reopened", `{"status":"reviewing"}`, true, true},
	}
	for _, s := range steps {
		before, audits := env.revision(), env.auditCount(models.EntityReport)
		r := env.asVerifier("PATCH", rep, s.body)
		if s.second {
			if env.revision() != before {
				t.Errorf("%s: the proposal alone advanced the revision", s.name)
			}
			r = env.approveAs(env.token(env.admin), r)
		}
		if r.status != 200 {
			t.Fatalf("%s: %d %s", s.name, r.status, r.body)
		}
		if moved := env.revision() != before; moved != s.public {
			t.Errorf("%s: revision advanced %v, want %v", s.name, moved, s.public)
		}
		if env.auditCount(models.EntityReport) != audits+1 {
			t.Errorf("%s: not audited", s.name)
		}
	}
}

func TestReports_Transitions(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	link := `,"agency_id":` + itoa(int(id))
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"new", "reviewing", true}, {"new", "dismissed", true}, {"new", "upheld", false},
		{"reviewing", "upheld", true}, {"reviewing", "dismissed", true}, {"reviewing", "new", false},
		{"upheld", "reviewing", true}, {"upheld", "dismissed", false}, {"upheld", "new", false},
		{"dismissed", "reviewing", true}, {"dismissed", "upheld", false}, {"dismissed", "new", false},
		{"new", "closed", false},
	} {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			rep := env.report(0)
			path := "/api/v1/reports/" + itoa(int(rep))
			// Walk the report to the starting status.
			steps := map[string][]string{"new": {}, "reviewing": {"reviewing"}, "upheld": {"reviewing", "upheld"}, "dismissed": {"dismissed"}}[tc.from]
			for _, s := range steps {
				if r := env.asVerifier("PATCH", path, `{"status":"`+s+`"`+link+`}`); r.status != 200 {
					t.Fatalf("setup → %s: %d %s", s, r.status, r.body)
				}
			}
			r := env.asVerifier("PATCH", path, `{"status":"`+tc.to+`"`+link+`}`)
			want := 200
			if tc.from == "upheld" {
				want = 202 // withdrawing a public warning waits for a second person
			}
			if tc.ok != (r.status == want) {
				t.Errorf("%s → %s: %d %s", tc.from, tc.to, r.status, r.body)
			}
			if !tc.ok && r.status != 422 {
				t.Errorf("refused with %d, want 422", r.status)
			}
		})
	}
	if r := env.asVerifier("PATCH", "/api/v1/reports/1", `{"agency_id":999999}`); r.status != 422 {
		t.Errorf("link to a missing agency: %d", r.status)
	}
	if r := env.asVerifier("GET", "/api/v1/reports?status=open", ""); r.status != 400 {
		t.Errorf("bad status filter: %d", r.status)
	}
	if r := env.asVerifier("GET", "/api/v1/reports/999999", ""); r.status != 404 {
		t.Errorf("missing report: %d", r.status)
	}
}

// Content edits reach phones: a stamped revision (a checklist item's
// change re-sends its stage) and tombstones for deletions.
func TestContent_EditsReachTheBundle(t *testing.T) {
	env := newConsoleEnv(t)
	var full models.Bundle
	decode(t, env.get("/api/v1/bundle"), &full)
	stage := full.Checklist[1]
	item := stage.Items[0]
	rev := full.Revision

	steps := []struct {
		name, method, path, body string
		status                   int
	}{
		{"edit contact", "PATCH", "/api/v1/contacts/" + itoa(int(full.Contacts[0].ID)), `{"revision":` + itoa(int(full.Contacts[0].Revision)) + `,"hours":{"en":"24 hours, every day"}}`, 200},
		{"edit item", "PATCH", "/api/v1/checklist/items/" + itoa(int(item.ID)), `{"revision":` + itoa(int(item.Revision)) + `,"title":{"en":"Get your passport yourself"}}`, 200},
		{"edit question", "PATCH", "/api/v1/questions/" + itoa(int(full.Questions[0].ID)), `{"revision":` + itoa(int(full.Questions[0].Revision)) + `,"weight":3}`, 200},
		{"add phrase", "POST", "/api/v1/phrases", `{"category":"help","text":{"lo":"ຂ້ອຍຕ້ອງການນ້ຳ","th":"ฉันต้องการน้ำ","en":"I need water"}}`, 201},
		{"phrase missing Thai", "POST", "/api/v1/phrases", `{"text":{"lo":"ຂ້ອຍ","th":"","en":"I"}}`, 422},
		{"item with bad icon", "POST", "/api/v1/checklist/items", `{"stage_id":` + itoa(int(stage.ID)) + `,"title":{"lo":"ກ","th":"ก","en":"a"},"why":{"lo":"ກ","th":"ก","en":"a"},"how":{"lo":"ກ","th":"ก","en":"a"},"icon":"rocket"}`, 422},
		{"contact without source", "POST", "/api/v1/contacts", `{"country":"TH","category":"police","name":{"lo":"ຕຳຫຼວດ","th":"ตำรวจ","en":"Police"},"phones":["191"],"checked_on":"2026-11-01","confidence":"verified"}`, 422},
		{"delete question", "DELETE", "/api/v1/questions/" + itoa(int(full.Questions[1].ID)), "", 204},
		{"delete item", "DELETE", "/api/v1/checklist/items/" + itoa(int(stage.Items[1].ID)), "", 204},
	}
	for _, s := range steps {
		r := env.asAdmin(s.method, s.path, s.body)
		if r.status != s.status {
			t.Fatalf("%s: %d %s", s.name, r.status, r.body)
		}
		if s.status == 422 && !strings.Contains(string(r.body), `"fields"`) {
			t.Errorf("%s: no field named: %s", s.name, r.body)
		}
	}
	var delta models.Bundle
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(rev))), &delta)
	if len(delta.Contacts) != 1 || delta.Contacts[0].Hours.En != "24 hours, every day" || delta.Contacts[0].Hours.Lo != full.Contacts[0].Hours.Lo {
		t.Errorf("contact in delta: %+v", delta.Contacts)
	}
	if len(delta.Checklist) != 1 || delta.Checklist[0].ID != stage.ID || delta.Checklist[0].Items[0].Title.En != "Get your passport yourself" ||
		len(delta.Checklist[0].Items) != len(stage.Items)-1 {
		t.Errorf("stage in delta: %+v", delta.Checklist)
	}
	if len(delta.Questions) != 1 || delta.Questions[0].Weight != 3 {
		t.Errorf("questions in delta: %+v", delta.Questions)
	}
	if len(delta.Phrases) != 1 || delta.Phrases[0].Text.En != "I need water" {
		t.Errorf("phrases in delta: %+v", delta.Phrases)
	}
	if d := delta.Deleted[models.KindQuestion]; len(d) != 1 || d[0] != full.Questions[1].ID {
		t.Errorf("deleted questions: %v", delta.Deleted)
	}
	if n := env.auditCount(""); n < 6 {
		t.Errorf("%d audit entries", n)
	}
}

func TestDashboard_CountsAndExpiringLicences(t *testing.T) {
	env := newConsoleEnv(t)
	now := time.Now()
	day := func(d int) string { return models.Today(now.AddDate(0, 0, d)) }
	soon := env.addAgency(models.Agency{LicenceNo: "SOON-1", NameEn: "Soon Co", LicenceExpires: day(10)})
	env.addAgency(models.Agency{LicenceNo: "LATER-1", NameEn: "Later Co", LicenceExpires: day(45)})
	env.addAgency(models.Agency{LicenceNo: "SUSP-1", NameEn: "Suspended Co", Status: models.StatusSuspended, LicenceExpires: day(5)})
	env.report(0)
	rep := env.report(0)
	env.asVerifier("PATCH", "/api/v1/reports/"+itoa(int(rep)), `{"status":"reviewing"}`)
	r := env.asVerifier("GET", "/api/v1/dashboard", "")
	var d models.Dashboard
	decode(t, r, &d)
	if d.Waiting != 2 || d.Reports["new"] != 1 || d.Reports["reviewing"] != 1 {
		t.Errorf("reports %+v", d.Reports)
	}
	var ids []uint
	for _, e := range d.Expiring {
		if strings.HasPrefix(e.LicenceNo, "SOON") || strings.HasPrefix(e.LicenceNo, "LATER") || strings.HasPrefix(e.LicenceNo, "SUSP") {
			ids = append(ids, e.ID)
		}
		if e.LicenceExpires < d.Today || e.LicenceExpires > d.ExpiringUntil {
			t.Errorf("%s expires %s, outside %s..%s", e.LicenceNo, e.LicenceExpires, d.Today, d.ExpiringUntil)
		}
	}
	if len(ids) != 1 || ids[0] != soon {
		t.Errorf("expiring %+v", d.Expiring)
	}
	if len(d.Recent) == 0 || d.Recent[0].Entity != models.EntityReport {
		t.Errorf("recent %+v", d.Recent)
	}
}

// The numbers a worker in trouble would call are re-checked: the dashboard
// lists contacts not confirmed, or last checked more than 180 days ago.
func TestDashboard_ContactsToRecheck(t *testing.T) {
	env := newConsoleEnv(t)
	ctx := t.Context()
	var all []models.Contact
	if err := env.store.DB.Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	old, fresh := all[0], all[1]
	set := func(c models.Contact, checked, confidence string) {
		if err := env.store.DB.Model(&models.Contact{}).Where("id = ?", c.ID).
			Updates(map[string]any{"checked_on": checked, "confidence": confidence}).Error; err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	set(old, models.Today(now.AddDate(0, 0, -models.RecheckAfterDays-1)), models.ConfidenceVerified)
	set(fresh, models.Today(now.AddDate(0, 0, -models.RecheckAfterDays+1)), models.ConfidenceVerified)
	var unconfirmed []uint
	if err := env.store.DB.WithContext(ctx).Model(&models.Contact{}).Where("confidence = ?", models.ConfidenceUnconfirmed).
		Pluck("id", &unconfirmed).Error; err != nil {
		t.Fatal(err)
	}
	if len(unconfirmed) == 0 {
		t.Fatal("the seed has no unconfirmed contact to test with")
	}

	var d models.Dashboard
	decode(t, env.asVerifier("GET", "/api/v1/dashboard", ""), &d)
	listed := map[uint]bool{}
	for _, c := range d.Recheck {
		listed[c.ID] = true
	}
	if !listed[old.ID] {
		t.Errorf("a contact checked %d days ago is not listed: %+v", models.RecheckAfterDays+1, d.Recheck)
	}
	if listed[fresh.ID] {
		t.Errorf("a contact checked %d days ago is listed", models.RecheckAfterDays-1)
	}
	for _, id := range unconfirmed {
		if !listed[id] && id != fresh.ID && id != old.ID {
			t.Errorf("unconfirmed contact %d is not listed", id)
		}
	}
	if len(d.Recheck) > 0 && d.Recheck[0].ID != old.ID {
		t.Errorf("the oldest check does not come first: %+v", d.Recheck[0])
	}
}

func TestConsole_ServedAtVerify(t *testing.T) {
	env := newConsoleEnv(t)
	for _, p := range []string{"/verify", "/verify/", "/verify/agencies/12", "/verify/reports"} {
		r := env.get(p)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "/verify/js/app.js") {
			t.Errorf("%s: %d %q", p, r.status, r.header.Get("Content-Type"))
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", p, csp)
		}
	}
	if r := env.get("/verify/js/app.js"); r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "javascript") {
		t.Errorf("app.js: %d %q", r.status, r.header.Get("Content-Type"))
	}
	if r := env.get("/verify/js/missing.js"); r.status != 404 {
		t.Errorf("missing console file: %d", r.status)
	}
	// The worker app is still at /.
	if r := env.get("/"); r.status != 200 || strings.Contains(string(r.body), "/verify/js/app.js") {
		t.Errorf("/ serves the console")
	}
}
