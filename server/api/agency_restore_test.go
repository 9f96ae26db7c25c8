package api

import (
	"strings"
	"testing"

	"paidee/models"
)

// A listing deleted by mistake comes back: it is listed with who deleted it
// and why, a restore needs a reason, puts it back on the public list and in
// the next delta (with no tombstone left to drop it again), and is audited.
func TestAgencies_DeletedListingCanBeRestored(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	path := "/api/v1/agencies/" + itoa(int(id))
	// Deleting a listing makes it look safer (its status is gone): a
	// second person approves.
	env.approveAs(env.token(env.admin), env.asVerifier("DELETE", path, `{"reason":"duplicate listing"}`))
	deletedAt := env.revision()

	var page models.DeletedPage
	decode(t, env.asVerifier("GET", "/api/v1/agencies/deleted", ""), &page)
	if page.Total != 1 || len(page.Items) != 1 || page.Items[0].ID != id || page.Items[0].Reason != "duplicate listing" ||
		page.Items[0].DeletedBy != env.verifier.Email || page.Items[0].LicenceNo != "TEST-0001" {
		t.Fatalf("deleted listings: %+v", page)
	}

	bad := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"no reason", path + "/restore", `{}`, 422, models.ECodeInvalid},
		{"unknown field", path + "/restore", `{"reason":"wrongly deleted","why":"x"}`, 400, models.ECodeBadRequest},
		{"unknown listing", "/api/v1/agencies/999999/restore", `{"reason":"wrongly deleted"}`, 404, models.ECodeNotFound},
		{"bad id", "/api/v1/agencies/abc/restore", `{"reason":"wrongly deleted"}`, 400, models.ECodeBadRequest},
	}
	for _, b := range bad {
		if r := env.asVerifier("POST", b.path, b.body); r.status != b.status || r.errorCode(t) != b.code {
			t.Errorf("%s: %d %s", b.name, r.status, r.body)
		}
	}
	if env.revision() != deletedAt {
		t.Fatal("a refused restore advanced the revision")
	}

	audits := env.auditCount(models.EntityAgency)
	// It comes back as licensed: a second person approves that too.
	env.approveAs(env.token(env.admin), env.asVerifier("POST", path+"/restore", `{"reason":"deleted by mistake; licence confirmed by the ministry","evidence_ref":"call 2026-11-29"}`))
	if env.auditCount(models.EntityAgency) != audits+1 {
		t.Error("the restore is not in the audit trail")
	}
	if r := env.get("/api/v1/agencies/licence/TEST-0001"); r.status != 200 {
		t.Errorf("public lookup after the restore: %d", r.status)
	}
	// A phone that synced after the deletion gets it back; one from before
	// it is not told to drop it.
	for _, since := range []int64{deletedAt, deletedAt - 1} {
		var delta models.Bundle
		decode(t, env.get("/api/v1/bundle?since="+itoa(int(since))), &delta)
		if len(delta.Agencies) != 1 || !strings.Contains(string(delta.Agencies[0]), `"TEST-0001"`) || len(delta.Deleted[models.KindAgency]) != 0 {
			t.Errorf("delta since %d: agencies %+v deleted %v", since, delta.Agencies, delta.Deleted)
		}
	}
	decode(t, env.asVerifier("GET", "/api/v1/agencies/deleted", ""), &page)
	if page.Total != 0 {
		t.Errorf("still listed as deleted: %+v", page)
	}
	if r := env.asVerifier("POST", path+"/restore", `{"reason":"again"}`); r.status != 409 {
		t.Errorf("restoring a listing that is not deleted: %d %s", r.status, r.body)
	}
}
