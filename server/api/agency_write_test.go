package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"paidee/models"
)

func (e *consoleEnv) fixture() uint {
	e.t.Helper()
	return e.addAgency(models.Agency{LicenceNo: "TEST-0001", NameLo: "ບໍລິສັດ ທົດສອບ", NameEn: "Test Placement Co",
		Phones: models.StringList{"020 5555 1234"}, Sectors: models.StringList{"factory"}})
}

// suspendedFixture is the fixture listing with its licence suspended: its
// name and details can be edited by one verifier (on a licensed listing a
// new name needs a second person).
func (e *consoleEnv) suspendedFixture() uint {
	e.t.Helper()
	return e.addAgency(models.Agency{LicenceNo: "TEST-0001", NameLo: "ບໍລິສັດ ທົດສອບ", NameEn: "Test Placement Co", Status: models.StatusSuspended,
		Phones: models.StringList{"020 5555 1234"}, Sectors: models.StringList{"factory"}})
}

// Two verifiers open the same listing; the second save, based on the old
// version, gets 409 with the listing as it is now, and overwrites nothing.
func TestAgencies_ConflictingEditsAreRefused(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.suspendedFixture()
	path := "/api/v1/agencies/" + itoa(int(id))
	first := env.asVerifier("PATCH", path, `{"version":1,"name_en":"First Edit Co"}`)
	if first.status != 200 || first.json(t)["version"].(float64) != 2 {
		t.Fatalf("first save: %d %s", first.status, first.body)
	}
	auditBefore := env.auditCount(models.EntityAgency)
	revBefore := env.revision()
	second := env.asAdmin("PATCH", path, `{"version":1,"name_en":"Second Edit Co","district":"Kaysone"}`)
	if second.status != 409 || second.errorCode(t) != models.ECodeConflict {
		t.Fatalf("second save: %d %s", second.status, second.body)
	}
	cur, _ := second.json(t)["error"].(map[string]any)["current"].(map[string]any)
	if cur == nil || cur["name_en"] != "First Edit Co" || cur["version"].(float64) != 2 || cur["licence_no"] != "TEST-0001" {
		t.Errorf("error.current is not the current listing: %s", second.body)
	}
	a := env.agency(id)
	if a.NameEn != "First Edit Co" || a.District != "" || a.Version != 2 {
		t.Errorf("stored listing changed: %+v", a)
	}
	if env.auditCount(models.EntityAgency) != auditBefore || env.revision() != revBefore {
		t.Error("a refused save left an audit entry or advanced the revision")
	}
	// Saving again on top of the current version works.
	if r := env.asAdmin("PATCH", path, `{"version":2,"name_en":"Second Edit Co"}`); r.status != 200 {
		t.Errorf("save on the current version: %d %s", r.status, r.body)
	}
	// A delete based on an old version is refused the same way.
	if r := env.asAdmin("DELETE", path, `{"version":2,"reason":"duplicate listing"}`); r.status != 409 {
		t.Errorf("stale delete: %d", r.status)
	}
	if r := env.asAdmin("PATCH", path, `{"name_en":"No Version Co"}`); r.status != 422 {
		t.Errorf("patch without version: %d", r.status)
	}
}

func TestAgencies_StatusChangeNeedsReason(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	path := "/api/v1/agencies/" + itoa(int(id))
	for _, body := range []string{
		`{"version":1,"status":"suspended"}`,
		`{"version":1,"status":"suspended","reason":"   "}`,
		`{"version":1,"status":"suspended","reason":"` + strings.Repeat("x", 501) + `"}`,
	} {
		r := env.asVerifier("PATCH", path, body)
		if r.status != 422 {
			t.Fatalf("%.60s: %d %s", body, r.status, r.body)
		}
		if f := r.json(t)["error"].(map[string]any)["fields"].(map[string]any); f["reason"] == nil {
			t.Errorf("no reason problem: %s", r.body)
		}
	}
	if a := env.agency(id); a.Status != models.StatusLicensed || a.Version != 1 {
		t.Errorf("listing changed: %+v", a)
	}
	r := env.asVerifier("PATCH", path, `{"version":1,"status":"suspended","reason":"licence suspended by ministry notice 12/2026","evidence_ref":"MoLSW letter 12/2026"}`)
	if r.status != 200 {
		t.Fatalf("with reason: %d %s", r.status, r.body)
	}
	var v models.AgencyView
	decode(t, r, &v)
	last := v.StatusHistory[len(v.StatusHistory)-1]
	if v.Status != "suspended" || last.From != "licensed" || last.To != "suspended" || last.Reason != (models.Text{
		Lo: "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ) — licence suspended by ministry notice 12/2026",
		Th: "ใบอนุญาตถูกพักใช้ — licence suspended by ministry notice 12/2026",
		En: "Licence suspended — licence suspended by ministry notice 12/2026"}) {
		t.Errorf("history %+v", v.StatusHistory)
	}
	if strings.Contains(string(r.body), "MoLSW letter") {
		t.Error("the evidence reference is public")
	}
	// Deleting needs a reason too.
	if r := env.asVerifier("DELETE", path, `{}`); r.status != 422 {
		t.Errorf("delete without reason: %d", r.status)
	}
}

// Every write leaves an audit entry: who, when, field from → to, why.
func TestAudit_EveryWriteIsRecorded(t *testing.T) {
	env := newConsoleEnv(t)
	// A new licensed listing needs a second person (the admin approves).
	env.approveAs(env.token(env.admin), env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"NEW-77","name_en":"New Agency","province":"Champasak",
		"status":"licensed","licence_expires":"2029-12-31","phones":["020 7777 1234"],"reason":"added from the ministry list of 1 Nov"}`))
	var created models.AgencyView
	decode(t, env.get("/api/v1/agencies/licence/NEW-77"), &created)
	path := "/api/v1/agencies/" + itoa(int(created.ID))
	if r := env.asVerifier("PATCH", path, `{"version":1,"status":"revoked","reason":"licence revoked 3/2026","district":"Pakse"}`); r.status != 200 {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	env.approveAs(env.token(env.verifier), env.asAdmin("DELETE", path, `{"reason":"closed down","version":2}`))
	h := env.asVerifier("GET", path+"/history", "")
	var page models.AuditPage
	decode(t, h, &page)
	if page.Total != 3 {
		t.Fatalf("history has %d entries: %s", page.Total, h.body)
	}
	del, upd, crt := page.Items[0], page.Items[1], page.Items[2] // newest first
	if crt.Action != "create" || del.Action != "delete" || upd.Action != "update" {
		t.Errorf("actions %s %s %s", crt.Action, upd.Action, del.Action)
	}
	if upd.UserEmail != "verifier@example.org" || upd.UserID == nil || *upd.UserID != env.verifier.ID || upd.At.IsZero() {
		t.Errorf("who/when: %+v", upd)
	}
	if upd.Reason != "Licence revoked — licence revoked 3/2026" || del.Reason != "closed down" || del.UserEmail != "admin@example.org" {
		t.Errorf("reasons: %q %q", upd.Reason, del.Reason)
	}
	got := map[string]string{}
	for _, c := range upd.Changes {
		got[c.Field] = jsonString(c.From) + "→" + jsonString(c.To)
	}
	if got["status"] != `"licensed"→"revoked"` || got["district"] != `""→"Pakse"` || len(got) != 2 {
		t.Errorf("changes %v", got)
	}
	// The deleted listing is gone from the public list; its trail stays.
	if r := env.get(path); r.status != 404 {
		t.Errorf("public GET after delete: %d", r.status)
	}

	// Other writes are audited too: report triage, users, content.
	before := env.auditCount("")
	rep := env.report(0)
	env.asVerifier("PATCH", "/api/v1/reports/"+itoa(int(rep)), `{"status":"reviewing","note":"calling the district office"}`)
	env.asAdmin("PATCH", "/api/v1/users/"+itoa(int(env.verifier.ID)), `{"name":"Noy"}`)
	phrase, err := env.store.PhraseByID(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	env.asAdmin("PATCH", "/api/v1/phrases/1", `{"revision":`+itoa(int(phrase.Revision))+`,"text":{"en":"I need help now"}}`)
	env.asAdmin("DELETE", "/api/v1/questions/1", "")
	if n := env.auditCount(""); n != before+4 {
		t.Errorf("%d audit entries for 4 writes", n-before)
	}
	all := env.asVerifier("GET", "/api/v1/audit?limit=2", "")
	var ap models.AuditPage
	decode(t, all, &ap)
	if len(ap.Items) != 2 || ap.Items[0].Entity != models.EntityQuestion || ap.Items[0].ID < ap.Items[1].ID {
		t.Errorf("audit list is not newest first: %s", all.body)
	}
	// No route changes or deletes audit entries.
	for _, op := range operations {
		if strings.Contains(op.Path, "/audit") && op.Method != "GET" {
			t.Errorf("%s %s writes the audit trail", op.Method, op.Path)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// report stores a worker's report about an agency and returns its id.
func (e *consoleEnv) report(agencyID uint) uint {
	e.t.Helper()
	body := `{"agency_name":"Test Placement Co","what":["kept_passport","asked_fee"],"details":"My name is Bounmy, phone 020 9999 8888"}`
	if agencyID != 0 {
		body = `{"agency_id":` + itoa(int(agencyID)) + `,"agency_name":"Test Placement Co","what":["kept_passport","asked_fee"],"details":"My name is Bounmy, phone 020 9999 8888"}`
	}
	r := e.postJSON("/api/v1/reports", body)
	if r.status != 201 {
		e.t.Fatalf("report: %d %s", r.status, r.body)
	}
	var rep models.Report
	if err := e.store.DB.Where("receipt = ?", r.json(e.t)["receipt"]).First(&rep).Error; err != nil {
		e.t.Fatal(err)
	}
	return rep.ID
}

// A status change reaches phones: the next bundle delta carries the
// listing with its new status and history.
func TestAgencies_StatusChangeIsInTheNextDelta(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	var b0 models.Bundle
	decode(t, env.get("/api/v1/bundle"), &b0)
	r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":1,"status":"suspended","reason":"licence suspended by ministry notice 12/2026"}`)
	if r.status != 200 {
		t.Fatal(r.status)
	}
	var delta struct {
		Revision int64               `json:"revision"`
		Agencies []models.AgencyView `json:"agencies"`
	}
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(b0.Revision))), &delta)
	if delta.Revision <= b0.Revision || len(delta.Agencies) != 1 || delta.Agencies[0].ID != id || delta.Agencies[0].Status != "suspended" {
		t.Fatalf("delta: %+v", delta)
	}
	h := delta.Agencies[0].StatusHistory
	if len(h) == 0 || h[len(h)-1].Reason.En != "Licence suspended — licence suspended by ministry notice 12/2026" {
		t.Errorf("history in delta: %+v", h)
	}
	// And a deletion arrives as a tombstone.
	env.approveAs(env.token(env.admin), env.asVerifier("DELETE", "/api/v1/agencies/"+itoa(int(id)), `{"reason":"duplicate of another listing"}`))
	var del models.Bundle
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(delta.Revision))), &del)
	if len(del.Deleted[models.KindAgency]) != 1 || del.Deleted[models.KindAgency][0] != id {
		t.Errorf("deleted: %v", del.Deleted)
	}
}

func TestAgencies_CreateValidation(t *testing.T) {
	env := newConsoleEnv(t)
	env.fixture()
	for _, tc := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"licence_no":"","name_en":"X","province":"Champasak","status":"licensed","licence_expires":"2030-01-01"}`, 422, "licence_no"},
		{`{"licence_no":"NEW-1","name_en":"X","province":"Bangkok","status":"licensed","licence_expires":"2030-01-01"}`, 422, "province"},
		{`{"licence_no":"NEW-1","name_en":"X","province":"Champasak","status":"licensed"}`, 422, "licence_expires"},
		{`{"licence_no":"NEW-1","name_en":"X","province":"Champasak","status":"open"}`, 422, "status"},
		{`{"licence_no":"TEST 0001","name_en":"X","province":"Champasak","status":"illegal"}`, 409, "licence_no"},
		{`{"licence_no":"NEW-1","name_en":"X","province":"Champasak","status":"illegal","colour":"red"}`, 400, "colour"},
	} {
		r := env.asVerifier("POST", "/api/v1/agencies", tc.body)
		if r.status != tc.status {
			t.Errorf("%s: %d %s", tc.body, r.status, r.body)
			continue
		}
		if f, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any); f[tc.field] == nil {
			t.Errorf("%s: no problem for %s: %s", tc.body, tc.field, r.body)
		}
	}
	if r := env.asVerifier("POST", "/api/v1/agencies", `licence_no=1`, "application/x-www-form-urlencoded"); r.status != 415 {
		t.Errorf("form body: %d", r.status)
	}
}
