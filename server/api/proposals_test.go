package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"paidee/models"
)

func proposalOf(t *testing.T, r response) models.ProposalView {
	t.Helper()
	var v struct {
		Proposal models.ProposalView `json:"proposal"`
	}
	decode(t, r, &v)
	if v.Proposal.ID == 0 {
		t.Fatalf("no proposal: %s", r.body)
	}
	return v.Proposal
}

// publicState is what phones and anyone see: the listing, the bundle and
// the log's size.
func (e *consoleEnv) publicSnapshot(id uint) (string, int64, int64) {
	e.t.Helper()
	r := e.get("/api/v1/agencies/" + itoa(int(id)))
	return string(r.body), e.revision(), e.logSize()
}

// A change that makes a listing look safer answers 202 with a proposal
// and changes nothing public; another verifier's approval makes it public
// in one step, with two approvals in the log; the proposer cannot approve
// it, a stale proposal cannot be approved, and every step is audited.
func TestProposals_SaferChangeNeedsASecondPerson(t *testing.T) {
	env := newConsoleEnv(t)
	second := env.addUser("second@example.org", models.RoleVerifier)
	id := env.addAgency(models.Agency{LicenceNo: "TP-1", NameEn: "Two Person Co", Status: models.StatusIllegal})
	path := "/api/v1/agencies/" + itoa(int(id))

	cases := []struct {
		name, method, path, body string
		why                      string
	}{
		{"illegal → licensed", "PATCH", path, `{"version":1,"status":"licensed","reason":"licence granted 5/2026","licence_expires":"2029-01-01"}`, "licensed"},
	}
	for _, tc := range cases {
		listing, rev, size := env.publicSnapshot(id)
		audits := env.auditCount(models.EntityProposal)
		r := env.asVerifier(tc.method, tc.path, tc.body)
		if r.status != 202 {
			t.Fatalf("%s: %d %s", tc.name, r.status, r.body)
		}
		p := proposalOf(t, r)
		if p.Status != models.ProposalPending || p.ProposedBy != env.verifier.ID || !strings.Contains(strings.Join(p.Why, " "), tc.why) || len(p.Changes) == 0 {
			t.Errorf("%s: proposal %+v", tc.name, p)
		}
		if l, rv, n := env.publicSnapshot(id); l != listing || rv != rev || n != size {
			t.Fatalf("%s: the proposal changed public data (revision %d→%d, log %d→%d)", tc.name, rev, rv, size, n)
		}
		if env.auditCount(models.EntityProposal) != audits+1 {
			t.Errorf("%s: the proposal is not audited", tc.name)
		}

		// The proposer cannot approve it.
		self := env.asVerifier("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/approve", "")
		if self.status != 403 || self.errorCode(t) != models.ECodeSamePerson {
			t.Fatalf("self-approval: %d %s", self.status, self.body)
		}
		if l, _, _ := env.publicSnapshot(id); l != listing {
			t.Fatal("self-approval changed the listing")
		}
		// It is listed, with who and what, for the second person.
		var page models.ProposalPage
		decode(t, env.as(env.token(second), "GET", "/api/v1/proposals?status=pending", ""), &page)
		if page.Total != 1 || page.Items[0].ID != p.ID || page.Items[0].ProposerEmail != env.verifier.Email {
			t.Errorf("pending list: %+v", page)
		}
		decode(t, env.as(env.token(second), "GET", "/api/v1/proposals?agency_id="+itoa(int(id)), ""), &page)
		if page.Total != 1 {
			t.Errorf("the listing's proposals: %+v", page)
		}

		// Another verifier approves: public at once, two approvals logged.
		a := env.as(env.token(second), "POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/approve", "")
		if a.status != 200 {
			t.Fatalf("approve: %d %s", a.status, a.body)
		}
		var done models.ProposalView
		decode(t, a, &done)
		if done.Status != models.ProposalApproved || done.DecidedBy == nil || *done.DecidedBy != second.ID {
			t.Errorf("approved proposal: %+v", done)
		}
		if got := env.agency(id); got.Status != models.StatusLicensed || got.LicenceExpires != "2029-01-01" {
			t.Errorf("after approval: %+v", got)
		}
		items, _ := env.logFrom(size)
		if len(items) != 1 {
			t.Fatalf("%d records for the approval", len(items))
		}
		if rec := record(t, items[0]); rec.Approvals != 2 || rec.ID != id || rec.Reason.English() != "Licence granted — licence granted 5/2026" || rec.Reason.Text == nil {
			t.Errorf("record: %s", items[0].Record)
		}
		var h models.AuditPage
		decode(t, env.asAdmin("GET", "/api/v1/audit?entity=proposal", ""), &h)
		if h.Items[0].Action != "approve" || h.Items[0].UserEmail != second.Email || h.Items[1].Action != "propose" || h.Items[1].UserEmail != env.verifier.Email {
			t.Errorf("proposal audit: %+v", h.Items[:2])
		}
		decode(t, env.asAdmin("GET", path+"/history", ""), &h)
		if h.Items[0].Action != "update" || h.Items[0].UserEmail != env.verifier.Email {
			t.Errorf("the listing's history names the proposer: %+v", h.Items[0])
		}
		// Approved once: a second approval is refused.
		if r := env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/approve", ""); r.status != 409 {
			t.Errorf("approving twice: %d", r.status)
		}
	}
}

// A proposal whose listing changed after it was made is refused with 409
// and stays pending; a less-safe change applies at once meanwhile.
func TestProposals_StaleApprovalAndLessSafeChanges(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.addAgency(models.Agency{LicenceNo: "TP-2", NameEn: "Stale Co", Status: models.StatusSuspended})
	path := "/api/v1/agencies/" + itoa(int(id))
	p := proposalOf(t, env.asVerifier("PATCH", path, `{"version":1,"status":"licensed","reason":"suspension lifted","licence_expires":"2029-01-01"}`))

	// Less safe: applies at once (200), logged with one approval.
	size := env.logSize()
	for _, body := range []string{
		`{"version":1,"status":"revoked","reason":"licence revoked 7/2026"}`,
		`{"version":2,"licence_expires":"2027-01-01"}`,
	} {
		if r := env.asAdmin("PATCH", path, body); r.status != 200 {
			t.Fatalf("less-safe change %s: %d %s", body, r.status, r.body)
		}
	}
	items, _ := env.logFrom(size)
	if len(items) != 2 || record(t, items[0]).Approvals != 1 {
		t.Errorf("less-safe changes logged: %v", items)
	}
	if env.agency(id).Status != models.StatusRevoked {
		t.Fatal("the revocation did not apply at once")
	}

	r := env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/approve", "")
	if r.status != 409 || r.errorCode(t) != models.ECodeConflict {
		t.Fatalf("stale approval: %d %s", r.status, r.body)
	}
	if env.agency(id).Status != models.StatusRevoked {
		t.Error("the stale approval changed the listing")
	}
	got, err := env.store.GetProposal(context.Background(), p.ID)
	if err != nil || got.Status != models.ProposalPending {
		t.Errorf("after a stale approval: %+v %v", got, err)
	}

	// Rejecting needs a reason; then nothing public changed and it is closed.
	if r := env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/reject", `{}`); r.status != 422 {
		t.Errorf("reject without reason: %d %s", r.status, r.body)
	}
	listing, rev, n := env.publicSnapshot(id)
	r = env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/reject", `{"reason":"the licence was revoked since"}`)
	var rej models.ProposalView
	decode(t, r, &rej)
	if r.status != 200 || rej.Status != models.ProposalRejected || rej.Reason != "the licence was revoked since" {
		t.Errorf("reject: %d %s", r.status, r.body)
	}
	if l, rv, m := env.publicSnapshot(id); l != listing || rv != rev || m != n {
		t.Error("rejecting changed public data")
	}
	if r := env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p.ID))+"/approve", ""); r.status != 409 {
		t.Errorf("approving a rejected proposal: %d", r.status)
	}

	for _, bad := range []struct{ method, path, body string }{
		{"GET", "/api/v1/proposals?status=maybe", ""},
		{"GET", "/api/v1/proposals/abc", ""},
		{"GET", "/api/v1/proposals/99999", ""},
		{"POST", "/api/v1/proposals/99999/approve", ""},
		{"POST", "/api/v1/proposals/1/reject", `{"reason":"x","extra":1}`},
	} {
		r := env.asAdmin(bad.method, bad.path, bad.body)
		if r.status < 400 || r.status >= 500 || r.errorCode(t) == "" {
			t.Errorf("%s %s: %d %s", bad.method, bad.path, r.status, r.body)
		}
	}
	if r := env.get("/api/v1/proposals"); r.status != 401 {
		t.Errorf("proposals without a token: %d", r.status)
	}
}

// Every kind of safer change waits: a licensed new listing, a licence
// moved later, a deletion, a restore as licensed, a public warning
// withdrawn.
func TestProposals_EveryKindOfSaferChange(t *testing.T) {
	env := newConsoleEnv(t)
	admin := env.token(env.admin)
	id := env.fixture() // licensed, ends 2028-01-31
	path := "/api/v1/agencies/" + itoa(int(id))
	steps := []struct {
		name, method, path, body string
		kind                     string
	}{
		{"new licensed listing", "POST", "/api/v1/agencies", `{"licence_no":"TP-NEW","name_en":"New Co","province":"Champasak","status":"licensed","licence_expires":"2029-12-31","reason":"on the ministry list"}`, models.ProposeCreate},
		{"licence ends later", "PATCH", path, `{"version":1,"licence_expires":"2031-01-31"}`, models.ProposeUpdate},
		{"deletion", "DELETE", path, `{"reason":"closed"}`, models.ProposeDelete},
		{"restore as licensed", "POST", path + "/restore", `{"reason":"deleted by mistake"}`, models.ProposeRestore},
	}
	for _, st := range steps {
		r := env.asVerifier(st.method, st.path, st.body)
		if r.status != 202 {
			t.Fatalf("%s: %d %s", st.name, r.status, r.body)
		}
		if p := proposalOf(t, r); p.Kind != st.kind {
			t.Errorf("%s: kind %s", st.name, p.Kind)
		}
		env.approveAs(admin, r)
	}
	if a := env.agency(id); a.LicenceExpires != "2031-01-31" || a.DeletedAt.Valid {
		t.Errorf("after the approvals: %+v", a)
	}
	if r := env.get("/api/v1/agencies/licence/TP-NEW"); r.status != 200 {
		t.Errorf("the approved new listing: %d", r.status)
	}
	// A new listing that is not licensed applies at once.
	if r := env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"TP-BAD","name_en":"Bad Co","province":"Champasak","status":"illegal","reason":"known illegal recruiter"}`); r.status != 201 {
		t.Errorf("new illegal listing: %d %s", r.status, r.body)
	}
}

// A CSV import with rows that make listings look safer becomes one
// proposal for the whole file: the preview marks those rows, nothing of
// the file applies (not even its less-safe rows) until a second person
// approves, and then all of it applies in one transaction.
func TestProposals_CSVImportIsOneProposal(t *testing.T) {
	env := newConsoleEnv(t)
	env.addAgency(models.Agency{LicenceNo: "CSV-OLD", NameEn: "Old Co", Status: models.StatusSuspended})
	env.addAgency(models.Agency{LicenceNo: "CSV-BAD", NameEn: "Bad Co"})
	file := "licence_no,name_en,province,status,licence_expires,reason\n" +
		"CSV-OLD,Old Co,Savannakhet,licensed,2029-01-01,suspension lifted 6/2026\n" +
		"CSV-BAD,Bad Co,Savannakhet,revoked,2028-01-31,licence revoked 6/2026\n" +
		"CSV-NEW,New Co,Savannakhet,licensed,2029-06-30,on the ministry list\n"
	csv := func(tok, dry string) response {
		return env.as(tok, "POST", "/api/v1/agencies/import?dry_run="+dry, file, "text/csv")
	}
	var preview models.ImportReport
	decode(t, csv(env.token(env.verifier), "true"), &preview)
	marks := map[string]bool{}
	for _, a := range preview.Added {
		marks[a.LicenceNo] = a.NeedsSecondPerson
	}
	for _, c := range preview.Changed {
		marks[c.LicenceNo] = c.NeedsSecondPerson
	}
	if !marks["CSV-OLD"] || marks["CSV-BAD"] || !marks["CSV-NEW"] || len(marks) != 3 {
		t.Errorf("preview marks: %v", marks)
	}

	rev, size := env.revision(), env.logSize()
	r := csv(env.token(env.verifier), "false")
	if r.status != 202 {
		t.Fatalf("apply: %d %s", r.status, r.body)
	}
	var ans struct {
		Proposal models.ProposalView `json:"proposal"`
		Report   models.ImportReport `json:"report"`
	}
	decode(t, r, &ans)
	if ans.Proposal.Kind != models.ProposeImport || ans.Report.Applied || len(ans.Proposal.Why) != 2 {
		t.Errorf("answer: %s", r.body)
	}
	if env.revision() != rev || env.logSize() != size || env.get("/api/v1/agencies/licence/CSV-NEW").status != 404 {
		t.Fatal("the proposed import changed public data")
	}
	var bad models.Agency
	env.store.DB.Where("licence_no = ?", "CSV-BAD").First(&bad)
	if bad.Status != models.StatusLicensed {
		t.Error("the file's less-safe row applied before the approval")
	}

	env.approveAs(env.token(env.admin), r)
	var got []models.Agency
	env.store.DB.Where("licence_no LIKE ?", "CSV-%").Order("licence_no").Find(&got)
	want := map[string]string{"CSV-BAD": models.StatusRevoked, "CSV-NEW": models.StatusLicensed, "CSV-OLD": models.StatusLicensed}
	for _, a := range got {
		if want[a.LicenceNo] != a.Status {
			t.Errorf("%s is %s after approval", a.LicenceNo, a.Status)
		}
	}
	items, _ := env.logFrom(size)
	if len(items) != 3 {
		t.Fatalf("%d records for the import", len(items))
	}
	for _, it := range items {
		if rec := record(t, it); rec.Approvals != 2 {
			t.Errorf("record %s", it.Record)
		}
	}

	// The same file proposed again after the list changed: stale.
	env.addAgency(models.Agency{LicenceNo: "CSV-X", NameEn: "X Co", Status: models.StatusSuspended})
	file2 := "licence_no,status,licence_expires,reason\nCSV-X,licensed,2029-01-01,lifted\n"
	r2 := env.as(env.token(env.verifier), "POST", "/api/v1/agencies/import?dry_run=false", file2, "text/csv")
	p2 := proposalOf(t, r2)
	var x models.Agency
	env.store.DB.Where("licence_no = ?", "CSV-X").First(&x)
	if r := env.asAdmin("PATCH", "/api/v1/agencies/"+itoa(int(x.ID)), `{"version":1,"status":"illegal","reason":"found to be illegal"}`); r.status != 200 {
		t.Fatal(r.status)
	}
	if r := env.asAdmin("POST", "/api/v1/proposals/"+itoa(int(p2.ID))+"/approve", ""); r.status != 409 {
		t.Errorf("stale import approval: %d %s", r.status, r.body)
	}
}

// PAIDEE_TWO_PERSON=off: safer changes apply at once, and the log and the
// bundle say that one person decides.
func TestProposals_TwoPersonOff(t *testing.T) {
	env := newConsoleEnv(t)
	ctx := context.Background()
	size := env.logSize()
	if err := env.store.SetTwoPerson(ctx, false); err != nil {
		t.Fatal(err)
	}
	items, _ := env.logFrom(size)
	if len(items) != 1 {
		t.Fatalf("%d records announce the setting", len(items))
	}
	rec := record(t, items[0])
	if rec.Kind != models.LogSetting || rec.Entity != models.EntityConfig || string(rec.Data) != `{"two_person":false}` || !strings.Contains(rec.Reason.Plain, "one person") {
		t.Errorf("setting record: %s", items[0].Record)
	}
	var b struct {
		TwoPerson *bool `json:"two_person"`
	}
	decode(t, env.get("/api/v1/bundle"), &b)
	if b.TwoPerson == nil || *b.TwoPerson {
		t.Errorf("bundle two_person: %v", b.TwoPerson)
	}
	id := env.addAgency(models.Agency{LicenceNo: "OFF-1", NameEn: "Off Co", Status: models.StatusSuspended})
	if r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":1,"status":"licensed","licence_expires":"2029-01-01","reason":"lifted"}`); r.status != 200 {
		t.Errorf("with the rule off: %d %s", r.status, r.body)
	}
	// Setting it again announces nothing new; turning it on announces it.
	n := env.logSize()
	if err := env.store.SetTwoPerson(ctx, false); err != nil || env.logSize() != n {
		t.Errorf("the same setting again: %v, %d records", err, env.logSize()-n)
	}
	if err := env.store.SetTwoPerson(ctx, true); err != nil || env.logSize() != n+1 {
		t.Errorf("back on: %v", err)
	}
	rep, err := env.store.CheckIntegrity(ctx)
	if err != nil || !rep.OK {
		t.Errorf("integrity: %+v %v", rep, err)
	}
	var raw map[string]json.RawMessage
	decode(t, env.get("/api/v1/bundle"), &raw)
	if string(raw["two_person"]) != "true" {
		t.Errorf("bundle after turning it on: %s", raw["two_person"])
	}
}

// Changing who a licensed listing is (its name, licence number, phones or
// place), cutting its public note, or softening "illegal"/"revoked" needs a
// second person too: one verifier could otherwise put a recruiter's name
// and phone on a licensed listing. A less-safe change with such edits, and
// adding to a note, still apply at once.
func TestProposals_WhoALicensedListingIsNeedsASecondPerson(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture() // licensed
	path := "/api/v1/agencies/" + itoa(int(id))
	bad := env.addAgency(models.Agency{LicenceNo: "BAD-1", NameEn: "Bad Co", Status: models.StatusIllegal})
	noted := env.addAgency(models.Agency{LicenceNo: "NOTE-1", NameEn: "Noted Co", Status: models.StatusLicensed,
		PublicNotes: models.Text{En: "Workers report unpaid wages."}})
	cases := []struct {
		name, path, body string
		status           int
	}{
		{"a new name", path, `{"version":1,"name_en":"Mekong Jobs"}`, 202},
		{"a new Lao name", path, `{"version":1,"name_lo":"ບໍລິສັດ ໃໝ່"}`, 202},
		{"a new licence number", path, `{"version":1,"licence_no":"MJ-999"}`, 202},
		{"a new phone", path, `{"version":1,"phones":["020 5555 1234","020 7777 0000"]}`, 202},
		{"a new province", path, `{"version":1,"province":"Champasak"}`, 202},
		{"a new district", path, `{"version":1,"district":"Pakse"}`, 202},
		{"the public note cut", "/api/v1/agencies/" + itoa(int(noted)), `{"version":1,"public_notes":{"en":"Workers report"}}`, 202},
		{"illegal softened to expired", "/api/v1/agencies/" + itoa(int(bad)), `{"version":1,"status":"expired","reason":"old case"}`, 202},
		{"illegal softened to suspended", "/api/v1/agencies/" + itoa(int(bad)), `{"version":1,"status":"suspended","reason":"old case"}`, 202},
		{"revoked, with a new district", path, `{"version":1,"status":"revoked","reason":"ministry notice 3/2026","district":"Pakse"}`, 200},
		{"a note added to", "/api/v1/agencies/" + itoa(int(noted)), `{"version":1,"public_notes":{"en":"Workers report unpaid wages. Also kept passports."}}`, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := env.get(tc.path)
			r := env.asVerifier("PATCH", tc.path, tc.body)
			if r.status != tc.status {
				t.Fatalf("%d %s, want %d", r.status, r.body, tc.status)
			}
			if tc.status == 202 {
				if after := env.get(tc.path); string(after.body) != string(before.body) {
					t.Errorf("a proposal changed the public listing:\n%s\n%s", before.body, after.body)
				}
			}
		})
	}
	// A CSV file that renames a licensed listing is a proposal, and the
	// proposal shows every change of the file, not only the flagged rows.
	r := env.importCSV("licence_no,name_en,province,status,reason\nNOTE-1,Other Co,Champasak,licensed,\nCSV-NEW,New Illegal Co,Champasak,illegal,on the list of illegal recruiters\n", false)
	if r.status != 202 {
		t.Fatalf("import renaming a licensed listing: %d %s", r.status, r.body)
	}
	p := proposalOf(t, r)
	var fields []string
	for _, c := range p.Changes {
		fields = append(fields, c.Field)
	}
	if got := strings.Join(fields, " | "); !strings.Contains(got, "NOTE-1: name_en") || !strings.Contains(got, "CSV-NEW (new)") {
		t.Errorf("the import proposal shows %q, want every row's changes", got)
	}
}
