package api

import (
	"fmt"
	"strings"
	"testing"

	"paidee/models"
	"paidee/models/dbtest"
)

const csvHeader = "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason\n"

func (e *consoleEnv) importCSV(csv string, dryRun bool) response {
	e.t.Helper()
	return e.asVerifier("POST", fmt.Sprintf("/api/v1/agencies/import?dry_run=%v", dryRun), csv, "text/csv; charset=utf-8")
}

// snapshot is what an import must not touch unless applied.
type snapshot struct {
	revision int64
	agencies int64
	audit    int64
	history  int64
	versions string
}

func (e *consoleEnv) snapshot() snapshot {
	e.t.Helper()
	s := snapshot{revision: e.revision(), audit: e.auditCount("")}
	e.store.DB.Unscoped().Model(&models.Agency{}).Count(&s.agencies)
	e.store.DB.Model(&models.StatusChange{}).Count(&s.history)
	var rows []models.Agency
	e.store.DB.Unscoped().Order("id").Find(&rows)
	var b strings.Builder
	for _, a := range rows {
		fmt.Fprintf(&b, "%d:%d:%s:%s;", a.ID, a.Version, a.Status, a.NameEn)
	}
	s.versions = b.String()
	return s
}

func TestImport_DryRunReportsAndChangesNothing(t *testing.T) {
	env := newConsoleEnv(t)
	env.fixture()
	csv := "\ufeff" + csvHeader +
		// unchanged
		`TEST-0001,ບໍລິສັດ ທົດສອບ,Test Placement Co,Savannakhet,,020 5555 1234,factory,licensed,,2028-01-31,,,,` + "\n" +
		// new, with a Lao name and the province named in Lao
		`NEW-0002,ບໍລິສັດ ໃໝ່ ຈຳກັດ,,ສະຫວັນນະເຂດ,ໄກສອນ,020 1111 2222; 030 333 4444,construction;factory,licensed,2025-01-01,2027-06-30,,,,` + "\n"
	before := env.snapshot()
	r := env.importCSV(csv, true)
	if r.status != 200 {
		t.Fatalf("dry run: %d %s", r.status, r.body)
	}
	var rep models.ImportReport
	decode(t, r, &rep)
	if rep.Unchanged != 1 || len(rep.Added) != 1 || len(rep.Changed) != 0 || len(rep.Invalid) != 0 || rep.Applied {
		t.Fatalf("report %s", r.body)
	}
	if rep.Added[0].Line != 3 || rep.Added[0].LicenceNo != "NEW-0002" || rep.Added[0].Name != "ບໍລິສັດ ໃໝ່ ຈຳກັດ" {
		t.Errorf("added %+v", rep.Added[0])
	}
	if after := env.snapshot(); after != before {
		t.Errorf("dry run changed the database: %+v → %+v", before, after)
	}
	// The default is a dry run too.
	if r := env.asVerifier("POST", "/api/v1/agencies/import", csv, "text/csv"); r.status != 200 || env.snapshot() != before {
		t.Errorf("import without dry_run applied something: %d", r.status)
	}
}

func TestImport_BadRowsAreNamedByLine(t *testing.T) {
	env := newConsoleEnv(t)
	env.fixture()
	csv := csvHeader +
		`GOOD-1,,Good Co,Champasak,,,,licensed,,2030-01-01,,,,` + "\n" + // line 2
		`,,No Licence Co,Champasak,,,,licensed,,2030-01-01,,,,` + "\n" + // line 3: no licence_no
		`BAD-DATE,,Bad Date Co,Champasak,,,,licensed,,31/12/2030,,,,` + "\n" + // line 4
		`"MULTI-1","","Two` + "\n" + `Lines Co",Nowhere,,,,licensed,,2030-01-01,,,,` + "\n" + // lines 5-6: bad province
		`DUP-1,,Dup A,Champasak,,,,illegal,,,,,,` + "\n" + // line 7
		`dup 1,,Dup B,Champasak,,,,illegal,,,,,,` + "\n" + // line 8: same licence key
		`TEST-0001,,Test Placement Co,Savannakhet,,020 5555 1234,factory,suspended,,2028-01-31,,,,` + "\n" + // line 9: status change without reason
		`SHORT-1,,Short Row` + "\n" // line 10: too few fields
	before := env.snapshot()
	for _, dry := range []bool{true, false} {
		r := env.importCSV(csv, dry)
		want := 200
		if !dry {
			want = 422
		}
		if r.status != want {
			t.Fatalf("dry_run=%v: %d %s", dry, r.status, r.body)
		}
		var rep models.ImportReport
		decode(t, r, &rep)
		got := map[int]string{}
		for _, inv := range rep.Invalid {
			var fields []string
			for f := range inv.Errors {
				fields = append(fields, f)
			}
			got[inv.Line] = strings.Join(fields, ",")
		}
		wantLines := map[int]string{3: "licence_no", 4: "licence_expires", 5: "province", 7: "licence_no", 8: "licence_no", 9: "reason", 10: "line"}
		for line, field := range wantLines {
			if !strings.Contains(got[line], field) {
				t.Errorf("dry_run=%v line %d: got %q, want a problem with %s (%s)", dry, line, got[line], field, r.body)
			}
		}
		if len(got) != len(wantLines) {
			t.Errorf("dry_run=%v: invalid lines %v", dry, got)
		}
		if len(rep.Added) != 1 || rep.Added[0].Line != 2 {
			t.Errorf("dry_run=%v: added %+v", dry, rep.Added)
		}
		if !dry && r.errorCode(t) != models.ECodeInvalid {
			t.Errorf("422 without the error object: %s", r.body)
		}
	}
	if env.snapshot() != before {
		t.Error("an import with invalid rows applied something")
	}
}

func TestImport_AppliesInOneRevisionAndAudits(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	csv := csvHeader +
		`TEST-0001,ບໍລິສັດ ທົດສອບ,Test Placement Co,Savannakhet,,020 5555 1234,factory,suspended,,2028-01-31,,,,suspended by ministry notice 7/2026` + "\n" +
		`NEW-0002,ບໍລິສັດ ໃໝ່,,Vientiane Capital,,,,illegal,,,,,"Recruits without a licence",reported by the labour office` + "\n"
	rev := env.revision()
	dry := env.importCSV(csv, true)
	var rep models.ImportReport
	decode(t, dry, &rep)
	if len(rep.Changed) != 1 || rep.Changed[0].Changes[0].Field != "status" || rep.Changed[0].Changes[0].From != "licensed" || rep.Changed[0].Changes[0].To != "suspended" {
		t.Fatalf("dry run: %s", dry.body)
	}
	r := env.importCSV(csv, false)
	if r.status != 200 || !strings.Contains(string(r.body), `"applied":true`) {
		t.Fatalf("apply: %d %s", r.status, r.body)
	}
	if env.revision() != rev+1 {
		t.Errorf("revision %d → %d, want one step", rev, env.revision())
	}
	a := env.agency(id)
	if a.Status != "suspended" || a.Version != 2 {
		t.Errorf("changed listing: %+v", a)
	}
	var v models.AgencyView
	decode(t, env.get("/api/v1/agencies/"+itoa(int(id))), &v)
	if h := v.StatusHistory; len(h) == 0 || h[len(h)-1].Reason.En != "Licence suspended — suspended by ministry notice 7/2026" {
		t.Errorf("public history %+v", v.StatusHistory)
	}
	var entries []models.AuditEntry
	env.store.DB.Where("action = ?", "import").Find(&entries)
	if len(entries) != 2 || entries[0].UserEmail != "verifier@example.org" {
		t.Errorf("audit entries %+v", entries)
	}
	found := env.get("/api/v1/agencies/licence/NEW-0002")
	if found.status != 200 || found.json(t)["public_notes"].(map[string]any)["en"] != "Recruits without a licence" {
		t.Errorf("imported listing: %d %s", found.status, found.body)
	}
}

// A row that fails inside the database (here a trigger refuses one insert)
// rolls the whole import back: earlier rows' changes are gone too.
func TestImport_FailureMidwayLeavesTheDatabaseAsItWas(t *testing.T) {
	env := newConsoleEnv(t)
	env.fixture()
	trigger := `CREATE TRIGGER fail_import BEFORE INSERT ON agencies
		WHEN NEW.licence_no = 'BOOM-3' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`
	if dbtest.Postgres() {
		if err := env.store.DB.Exec(`CREATE FUNCTION fail_import() RETURNS trigger AS $$
			BEGIN IF NEW.licence_no = 'BOOM-3' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`).Error; err != nil {
			t.Fatal(err)
		}
		trigger = `CREATE TRIGGER fail_import BEFORE INSERT ON agencies FOR EACH ROW EXECUTE FUNCTION fail_import()`
	}
	if err := env.store.DB.Exec(trigger).Error; err != nil {
		t.Fatal(err)
	}
	csv := csvHeader +
		`TEST-0001,ບໍລິສັດ ທົດສອບ,Test Placement Co,Savannakhet,,020 5555 1234,construction,licensed,,2028-01-31,,,,` + "\n" +
		`OK-2,,Fine Co,Champasak,,,,illegal,,,,,,` + "\n" +
		`BOOM-3,,Boom Co,Champasak,,,,illegal,,,,,,` + "\n" +
		`OK-4,,Also Fine Co,Champasak,,,,illegal,,,,,,` + "\n"
	before := env.snapshot()
	var dry models.ImportReport
	decode(t, env.importCSV(csv, true), &dry)
	if len(dry.Invalid) != 0 || len(dry.Added) != 3 || len(dry.Changed) != 1 {
		t.Fatalf("dry run should see no problem: %+v", dry)
	}
	r := env.importCSV(csv, false)
	if r.status != 500 {
		t.Fatalf("apply: %d %s", r.status, r.body)
	}
	if after := env.snapshot(); after != before {
		t.Errorf("a failed import left changes: %+v → %+v", before, after)
	}
	if r := env.get("/api/v1/agencies/licence/OK-2"); r.status != 404 {
		t.Errorf("row before the failure is listed: %d", r.status)
	}
}

// Export, then import the export: every row unchanged.
func TestImport_ExportRoundTrips(t *testing.T) {
	env := newConsoleEnv(t)
	env.addAgency(models.Agency{LicenceNo: "RT-1", NameLo: "ບໍລິສັດ, \"ມີ\" ຈຸດ", NameEn: "Comma, \"Quote\" Co",
		Phones: models.StringList{"020 5555 1234", "+66 81 234 5678"}, Sectors: models.StringList{"fishing", "factory"},
		PublicNotes: models.Text{Lo: "ໝາຍເຫດ\nແຖວສອງ", Th: "หมายเหตุ", En: "Two\nlines"}, LicenceIssued: "2024-01-02"})
	ex := env.asVerifier("GET", "/api/v1/agencies/export.csv", "")
	if ex.status != 200 || !strings.HasPrefix(ex.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(ex.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", ex.status, ex.header)
	}
	body := string(ex.body)
	if !strings.HasPrefix(body, "\ufeff"+strings.TrimSuffix(csvHeader, "\n")) {
		t.Errorf("export header: %.200q", body)
	}
	var n int64
	env.store.DB.Model(&models.Agency{}).Count(&n)
	r := env.importCSV(body, true)
	var rep models.ImportReport
	decode(t, r, &rep)
	if rep.Unchanged != int(n) || len(rep.Added)+len(rep.Changed)+len(rep.Invalid) != 0 {
		t.Errorf("round trip of %d listings: %s", n, r.body)
	}
}

func TestImport_FileProblems(t *testing.T) {
	env := newConsoleEnv(t)
	var big strings.Builder
	big.WriteString("licence_no,name_en,province,status\n")
	for i := 0; i <= models.ImportMaxRows; i++ {
		fmt.Fprintf(&big, "BIG-%d,Big %d,Champasak,illegal\n", i, i)
	}
	for _, tc := range []struct {
		name, body, ctype string
		status            int
	}{
		{"too many rows", big.String(), "text/csv", 413},
		{"not UTF-8", "licence_no,name_en\nX-1,Caf\xe9\n", "text/csv", 422},
		{"unknown column", "licence_no,colour\nX-1,red\n", "text/csv", 422},
		{"no licence column", "name_en\nX\n", "text/csv", 422},
		{"empty", "", "text/csv", 422},
		{"JSON body", `{"rows":[]}`, "application/json", 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := env.snapshot()
			r := env.importCSV(tc.body, false)
			if tc.ctype != "text/csv" {
				r = env.asVerifier("POST", "/api/v1/agencies/import?dry_run=false", tc.body, tc.ctype)
			}
			if r.status != tc.status {
				t.Errorf("%d, want %d: %.300s", r.status, tc.status, r.body)
			}
			if msg, _ := r.json(t)["error"].(map[string]any)["message"].(string); msg == "" {
				t.Errorf("no message: %s", r.body)
			}
			if env.snapshot() != before {
				t.Error("changed the database")
			}
		})
	}
	// A partial file (only some columns) changes only those columns.
	id := env.fixture()
	r := env.importCSV("licence_no,sectors\nTEST-0001,construction\n", false)
	if r.status != 200 {
		t.Fatalf("partial: %d %s", r.status, r.body)
	}
	if a := env.agency(id); len(a.Sectors) != 1 || a.Sectors[0] != "construction" || a.NameEn != "Test Placement Co" || len(a.Phones) != 1 {
		t.Errorf("partial import: %+v", a)
	}
}

// A listing shown as licensed that the imported list does not mention may
// have lost its licence: the preview names it (demo listings aside), and
// the import leaves it as it is for a verifier to check.
func TestImport_NamesLicensedListingsNotInTheFile(t *testing.T) {
	env := newConsoleEnv(t)
	kept := env.fixture() // TEST-0001, licensed, in the file below
	gone := env.addAgency(models.Agency{LicenceNo: "GONE-0009", NameEn: "Gone From The List Co"})
	env.addAgency(models.Agency{LicenceNo: "SUSP-0010", NameEn: "Suspended Co", Status: models.StatusSuspended})
	csv := csvHeader + `TEST-0001,ບໍລິສັດ ທົດສອບ,Test Placement Co,Savannakhet,,020 5555 1234,factory,licensed,,2028-01-31,,,,` + "\n"
	for _, dry := range []bool{true, false} {
		r := env.importCSV(csv, dry)
		if r.status != 200 {
			t.Fatalf("dry_run=%v: %d %s", dry, r.status, r.body)
		}
		var rep models.ImportReport
		decode(t, r, &rep)
		if rep.MissingTotal != 1 || len(rep.NotInFile) != 1 || rep.NotInFile[0].ID != gone || rep.NotInFile[0].LicenceNo != "GONE-0009" {
			t.Errorf("dry_run=%v: not in file %+v (total %d); want only GONE-0009, not the demo listings, the suspended one or %d",
				dry, rep.NotInFile, rep.MissingTotal, kept)
		}
	}
	if a := env.agency(gone); a.Status != models.StatusLicensed {
		t.Errorf("the import changed a listing it does not mention: %s", a.Status)
	}
}
