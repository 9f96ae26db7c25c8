package api

import (
	"strings"
	"testing"

	"paidee/models"
)

// agencyBody is a listing a verifier may add at once (not one that makes an
// agency look safer), with the given licence number and English name.
func agencyBody(licence, nameEn string) string {
	return `{"licence_no":` + jsonString(licence) + `,"name_en":` + jsonString(nameEn) +
		`,"province":"Champasak","status":"suspended","reason":"ministry notice 12/2026"}`
}

// Text that must not be stored: invalid UTF-8 is refused naming the field;
// control characters and direction overrides are refused in names and
// licence numbers; licence numbers hold only letters, digits and - / . |;
// one that imitates a listing's with look-alike letters or digits gets 409
// naming that listing.
func TestText_RefusedWhereItMustNotBeStored(t *testing.T) {
	env := newConsoleEnv(t)
	cases := []struct {
		name, body string
		status     int
		field      string
		want       string // in error.fields[field]
	}{
		{"invalid UTF-8 in a name", `{"licence_no":"T-1","name_en":"Bad ` + "\xff\xfe" + `","province":"Champasak","status":"suspended","reason":"x"}`, 400, "name_en", "UTF-8"},
		{"invalid UTF-8 inside notes", `{"licence_no":"T-1","name_en":"A","public_notes":{"lo":"ok","en":"` + "\xc3" + `"},"province":"Champasak","status":"suspended","reason":"x"}`, 400, "public_notes.en", "UTF-8"},
		{"invalid UTF-8 in a phone", `{"licence_no":"T-1","name_en":"A","phones":["020 5555 1234","` + "\xe0\x80" + `"],"province":"Champasak","status":"suspended","reason":"x"}`, 400, "phones[1]", "UTF-8"},
		{"NUL in a name", agencyBody("T-2", "Good\x00Name"), 422, "name_en", "invisible"},
		{"direction override in a name", agencyBody("T-3", "Good \u202eemaN"), 422, "name_en", "invisible"},
		{"isolate in a licence number", agencyBody("T-4\u2066", "Name"), 422, "licence_no", "invisible"},
		{"newline in a name", agencyBody("T-5", "Two\nLines"), 422, "name_en", "invisible"},
		{"odd character in a licence number", agencyBody("T-6#7", "Name"), 422, "licence_no", "only letters"},
		{"Cyrillic imitation", agencyBody("DЕMО-LА-0111", "Name"), 409, "licence_no", "imitates DEMO-LA-0111"},
		{"full-width digits imitation", agencyBody("DEMO-LA-０１１１", "Name"), 409, "licence_no", "imitates DEMO-LA-0111"},
		{"Greek letters, nothing imitated", agencyBody("ΑΒ-12345", "Name"), 422, "licence_no", "another script"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := env.asVerifier("POST", "/api/v1/agencies", tc.body)
			if r.status != tc.status {
				t.Fatalf("%d %s, want %d", r.status, r.body, tc.status)
			}
			fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
			if got, _ := fields[tc.field].(string); !strings.Contains(got, tc.want) {
				t.Fatalf("error.fields[%q] = %q, want it to mention %q (%s)", tc.field, got, tc.want, r.body)
			}
		})
	}
	// Changing an existing listing's licence number to an imitation: 409 too.
	id := env.addAgency(models.Agency{LicenceNo: "OWN-500", NameEn: "Own", Status: models.StatusSuspended})
	r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":1,"licence_no":"DEMO-LА-0111"}`)
	if r.status != 409 || !strings.Contains(string(r.body), "imitates DEMO-LA-0111") {
		t.Fatalf("patch to an imitation: %d %s", r.status, r.body)
	}
	// The real one's own number, as typed: accepted (it is the same key).
	if r := env.asVerifier("POST", "/api/v1/agencies", agencyBody("DEMO-LA-0111", "Name")); r.status != 409 || strings.Contains(string(r.body), "imitates") {
		t.Fatalf("an existing number: %d %s, want the plain already-listed 409", r.status, r.body)
	}
}

// Elsewhere hidden characters are dropped, newlines kept in long text only,
// and everything is stored in NFC.
func TestText_CleanedElsewhere(t *testing.T) {
	env := newConsoleEnv(t)
	body := `{"agency_name":"Mr.\u0000 Bounmy\u202e","agency_phone":"020 9999 0000","what":["asked_fee"],` +
		`"details":"line one\u0007\nline two\u2067\ttab\r\nCafe\u0301","lang":"lo"}`
	r := env.postJSON("/api/v1/reports", body)
	if r.status != 201 {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	list, _ := items(t, env.asVerifier("GET", "/api/v1/reports", ""))
	if len(list) == 0 {
		t.Fatal("no report listed")
	}
	got := env.asVerifier("GET", "/api/v1/reports/"+itoa(int(list[0]["id"].(float64))), "").json(t)
	if got["agency_name"] != "Mr. Bounmy" {
		t.Errorf("agency_name %q", got["agency_name"])
	}
	if got["details"] != "line one\nline two\ttab\nCafé" {
		t.Errorf("details %q", got["details"])
	}
	// A public note: a direction override dropped, newline kept; a name in
	// NFC.
	r = env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"T-20","name_en":"Cafe\u0301 Workers","province":"Champasak","status":"suspended",`+
		`"reason":"ministry\u202e notice","public_notes":{"en":"first\nsecond\u202d"}}`)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	a := r.json(t)
	if a["name_en"] != "Café Workers" {
		t.Errorf("name_en %q, want NFC", a["name_en"])
	}
	if n := a["public_notes"].(map[string]any)["en"]; n != "first\nsecond" {
		t.Errorf("public_notes.en %q", n)
	}
	// Sources are web addresses only.
	r = env.asAdmin("POST", "/api/v1/questions", `{"key":"q-js","position":99,"weight":1,"text":{"lo":"ກ","th":"ก","en":"a"},`+
		`"explanation":{"lo":"ກ","th":"ก","en":"a"},"sources":["javascript:alert(1)"]}`)
	if r.status != 422 || !strings.Contains(string(r.body), "sources[0]") {
		t.Errorf("javascript: source: %d %s", r.status, r.body)
	}
}

// The CSV import follows the same rules, row by row.
func TestText_CSVImport(t *testing.T) {
	env := newConsoleEnv(t)
	csv := "licence_no,name_en,province,status,reason,public_notes_en\n" +
		"DЕMО-LА-0111,Imitation,Champasak,suspended,notice 1,\n" +
		"T-30,Bad\u202eName,Champasak,suspended,notice 2,\n" +
		"T-31,Good Name,Champasak,suspended,notice\u0000 3,\"two\nlines\u202e\"\n"
	r := env.asVerifier("POST", "/api/v1/agencies/import?dry_run=true", csv, "text/csv")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var rep models.ImportReport
	decode(t, r, &rep)
	if len(rep.Invalid) != 2 || rep.Invalid[0].Line != 2 || !strings.Contains(rep.Invalid[0].Errors["licence_no"], "imitates DEMO-LA-0111") ||
		rep.Invalid[1].Line != 3 || rep.Invalid[1].Errors["name_en"] == "" {
		t.Fatalf("invalid rows %+v", rep.Invalid)
	}
	if len(rep.Added) != 1 || rep.Added[0].LicenceNo != "T-31" {
		t.Fatalf("added %+v", rep.Added)
	}
}
