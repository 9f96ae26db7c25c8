package api

import (
	"strings"
	"testing"
	"time"

	"paidee/models"
)

// A licence is only "expired" once its end date has passed: workers must
// never read "Licence expired — ended on" a date still to come.
func TestAgencies_ExpiredNeedsAnEndDateThatHasPassed(t *testing.T) {
	today := models.Today(time.Now())
	yesterday := models.Today(time.Now().AddDate(0, 0, -1))
	future := models.Today(time.Now().AddDate(1, 0, 0))
	for _, tc := range []struct {
		name        string
		stored      models.Agency // before the change
		body        string        // PATCH body, version 1
		status      int
		wantStatus  string // stored afterwards
		wantExpires string
	}{
		{name: "expired while the end date is to come", body: `{"version":1,"status":"expired","reason":"licence ended"}`,
			status: 422, wantStatus: models.StatusLicensed, wantExpires: "2028-01-31"},
		{name: "expired with a new end date still to come", body: `{"version":1,"status":"expired","licence_expires":"` + future + `","reason":"licence ended"}`,
			status: 422, wantStatus: models.StatusLicensed, wantExpires: "2028-01-31"},
		{name: "expired with the date it actually ended", body: `{"version":1,"status":"expired","licence_expires":"` + yesterday + `","reason":"licence ended"}`,
			status: 200, wantStatus: models.StatusExpired, wantExpires: yesterday},
		{name: "expired, ended today", body: `{"version":1,"status":"expired","licence_expires":"` + today + `","reason":"licence cancelled today"}`,
			status: 200, wantStatus: models.StatusExpired, wantExpires: today},
		{name: "suspended before the end date", body: `{"version":1,"status":"suspended","reason":"ministry notice 12/2026"}`,
			status: 200, wantStatus: models.StatusSuspended, wantExpires: "2028-01-31"},
		{name: "an expired listing moved to an end date still to come",
			stored: models.Agency{Status: models.StatusExpired, LicenceIssued: "2020-01-01", LicenceExpires: "2023-01-01"},
			body:   `{"version":1,"licence_expires":"` + future + `"}`,
			status: 422, wantStatus: models.StatusExpired, wantExpires: "2023-01-01"},
		// Stored so before the rule: an unrelated edit is not refused for it.
		{name: "an old expired-in-future listing, another field edited",
			stored: models.Agency{Status: models.StatusExpired, LicenceIssued: "2020-01-01", LicenceExpires: future},
			body:   `{"version":1,"district":"Kaysone"}`,
			status: 200, wantStatus: models.StatusExpired, wantExpires: future},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newConsoleEnv(t)
			a := tc.stored
			a.LicenceNo, a.NameEn = "DATES-1", "Dates Co"
			id := env.addAgency(a)
			r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), tc.body)
			if r.status != tc.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if tc.status == 422 {
				f, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
				msg, _ := f["status"].(string)
				if !strings.Contains(msg, "licence_expires") || !strings.Contains(msg, "still to come") {
					t.Errorf("no clear problem on status: %s", r.body)
				}
			}
			got := env.agency(id)
			if got.Status != tc.wantStatus || got.LicenceExpires != tc.wantExpires {
				t.Errorf("stored %s until %s, want %s until %s", got.Status, got.LicenceExpires, tc.wantStatus, tc.wantExpires)
			}
		})
	}
}

func TestAgencies_CreateExpiredNeedsAnEndDateThatHasPassed(t *testing.T) {
	env := newConsoleEnv(t)
	future := models.Today(time.Now().AddDate(0, 6, 0))
	r := env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"NEW-EXP-1","name_en":"New Expired","province":"Champasak",
		"status":"expired","licence_issued":"2024-01-01","licence_expires":"`+future+`","reason":"licence ended"}`)
	if r.status != 422 || r.json(t)["error"].(map[string]any)["fields"].(map[string]any)["status"] == nil {
		t.Fatalf("future end date: %d %s", r.status, r.body)
	}
	r = env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"NEW-EXP-1","name_en":"New Expired","province":"Champasak",
		"status":"expired","licence_issued":"2021-01-01","licence_expires":"2024-01-01","reason":"licence ended"}`)
	if r.status != 201 && r.status != 200 {
		t.Fatalf("past end date: %d %s", r.status, r.body)
	}
}

func TestImport_ExpiredNeedsAnEndDateThatHasPassed(t *testing.T) {
	env := newConsoleEnv(t)
	future := models.Today(time.Now().AddDate(0, 6, 0))
	csv := "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason\n" +
		"IMP-EXP-1,,Import Expired,Champasak,,,,expired,2024-01-01," + future + ",,,,licence ended\n"
	r := env.asVerifier("POST", "/api/v1/agencies/import?dry_run=true", csv, "text/csv")
	if !strings.Contains(string(r.body), "still to come") {
		t.Fatalf("import of an expired licence ending %s: %d %s", future, r.status, r.body)
	}
}

// The lapse rule (licensed, end date passed: shown expired, licence_lapsed)
// is the same in every answer: the list, one listing, the answer to an
// edit and a conflict's current version.
func TestAgencies_LapsedLicenceIsExpiredInEveryAnswer(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.addAgency(models.Agency{LicenceNo: "LAPSED-2", NameEn: "Lapsed Two", LicenceIssued: "2019-01-01", LicenceExpires: "2020-12-31"})
	path := "/api/v1/agencies/" + itoa(int(id))
	edit := env.asVerifier("PATCH", path, `{"version":1,"sectors":["construction"]}`)
	stale := env.asVerifier("PATCH", path, `{"version":1,"sectors":["fishing"]}`)
	if stale.status != 409 {
		t.Fatalf("stale edit: %d %s", stale.status, stale.body)
	}
	current, _ := stale.json(t)["error"].(map[string]any)["current"].(map[string]any)
	for _, tc := range []struct {
		name string
		got  map[string]any
	}{
		{"GET /agencies/{id}", env.get(path).json(t)},
		{"GET /agencies/licence/{no}", env.get("/api/v1/agencies/licence/LAPSED-2").json(t)},
		{"PATCH answer", edit.json(t)},
		{"409 error.current", current},
	} {
		if tc.got["status"] != models.StatusExpired || tc.got["licence_lapsed"] != true {
			t.Errorf("%s: status %v, licence_lapsed %v", tc.name, tc.got["status"], tc.got["licence_lapsed"])
		}
	}
	if a := env.agency(id); a.Status != models.StatusLicensed {
		t.Errorf("the lapse was written to the list: %s", a.Status)
	}
}
