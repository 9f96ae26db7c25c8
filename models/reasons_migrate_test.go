package models_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/dbtest"
)

const oldReason = "licence suspended by ministry notice 1/2025"

// oldShapeDB is a database as a server from before three-language reasons
// left it: two listings whose history reasons are the strings verifiers
// typed, and a log whose records hold that shape (a genesis, then updates
// with a string reason). Not yet upgraded (the server does it at start).
func oldShapeDB(t *testing.T) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	err := db.Transaction(func(tx *gorm.DB) error {
		for i, no := range []string{"OLD-1", "OLD-2"} {
			a := models.Agency{LicenceNo: no, NameEn: "Old Shape " + no, Province: "Savannakhet", District: "Kaysone Phomvihane",
				Status: models.StatusSuspended, LicenceExpires: "2029-01-01"}
			if fe := models.ValidateAgency(&a); len(fe) > 0 {
				return fe.Err()
			}
			if err := models.InsertAgency(tx, &a, int64(i+1)); err != nil {
				return err
			}
			sc := models.StatusChange{AgencyID: a.ID, At: a.CreatedAt, From: models.StatusLicensed, To: models.StatusSuspended, Reason: oldReason}
			if err := tx.Create(&sc).Error; err != nil {
				return err
			}
		}
		return tx.Model(&models.Counter{}).Where("name = ?", "revision").Update("value", 2).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := models.AppendOldShapeForTest(ctx, db, "", true); err != nil {
		t.Fatal(err)
	}
	if err := models.AppendOldShapeForTest(ctx, db, oldReason, false); err != nil {
		t.Fatal(err)
	}
	return db
}

func logRows(t *testing.T, db *gorm.DB) []models.LogRecord {
	t.Helper()
	var rows []models.LogRecord
	if err := db.Order("seq").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// Opening an old database gives its history three-language reasons, keeps
// every signed record as it was, appends one record per changed listing,
// and the start-up check replays old and new records alike.
func TestStatusReasons_MigrationKeepsOldRecordsAndAppends(t *testing.T) {
	ctx := context.Background()
	db := oldShapeDB(t)
	before := logRows(t, db)
	if len(before) != 4 {
		t.Fatalf("%d old records, want 4", len(before))
	}
	var rec models.RecordJSON
	if err := json.Unmarshal(before[2].Body, &rec); err != nil || rec.Reason.Text != nil || rec.Reason.Plain != oldReason ||
		!bytes.Contains(before[2].Body, []byte(`"reason":"`+oldReason+`"`)) {
		t.Fatalf("the fixture is not the old shape: %s", before[2].Body)
	}
	var revBefore models.Counter
	db.Where("name = ?", "revision").First(&revBefore)

	store := upgraded(t, ctx, db)
	after := logRows(t, db)
	if len(after) != len(before)+2 {
		t.Fatalf("%d records after the migration, want %d (one per listing)", len(after), len(before)+2)
	}
	for i := range before {
		if !bytes.Equal(before[i].Body, after[i].Body) || !bytes.Equal(before[i].Hash, after[i].Hash) {
			t.Errorf("record %d was rewritten:\n%s\n%s", i, before[i].Body, after[i].Body)
		}
	}
	for _, row := range after[len(before):] {
		var r models.RecordJSON
		if err := json.Unmarshal(row.Body, &r); err != nil {
			t.Fatal(err)
		}
		if r.Kind != models.LogUpdate || r.Reason.Text == nil || !strings.Contains(r.Reason.Text.Lo, "ລາວ") || r.Approvals != 0 {
			t.Errorf("migration record: %s", row.Body)
		}
		var a models.AgencyView
		if err := json.Unmarshal(r.Data, &a); err != nil {
			t.Fatal(err)
		}
		want := models.Text{
			Lo: "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ) — " + oldReason,
			Th: "ใบอนุญาตถูกพักใช้ — " + oldReason,
			En: "Licence suspended — " + oldReason,
		}
		if len(a.StatusHistory) != 1 || a.StatusHistory[0].Reason != want || a.Revision <= revBefore.Value {
			t.Errorf("migrated listing: revision %d (was %d), history %+v", a.Revision, revBefore.Value, a.StatusHistory)
		}
	}
	rep, err := store.CheckIntegrity(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("integrity after the migration: %+v %v", rep, err)
	}
	// Phones get the listings again (their public form changed).
	b, err := store.BundleSince(ctx, revBefore.Value, nil)
	if err != nil {
		t.Fatal(err)
	}
	var delta struct {
		Agencies []models.AgencyView `json:"agencies"`
	}
	if err := json.Unmarshal(b.JSON, &delta); err != nil || len(delta.Agencies) != 2 || delta.Agencies[0].StatusHistory[0].Reason.Th == "" {
		t.Errorf("delta since the old revision: %d agencies, %v", len(delta.Agencies), err)
	}
	// Once: opening again changes nothing.
	upgraded(t, ctx, db)
	if n := len(logRows(t, db)); n != len(after) {
		t.Errorf("a second start appended %d records", n-len(after))
	}
}

// A database whose listing was changed behind the log is not migrated: the
// migration's records would hide the change, and the start-up check must
// still report it.
func TestStatusReasons_MigrationRefusesDataTheLogDoesNotKnow(t *testing.T) {
	ctx := context.Background()
	db := oldShapeDB(t)
	if err := db.Model(&models.Agency{}).Where("licence_no = ?", "OLD-1").Update("status", models.StatusLicensed).Error; err != nil {
		t.Fatal(err)
	}
	n := len(logRows(t, db))
	store := upgraded(t, ctx, db)
	if got := len(logRows(t, db)); got != n {
		t.Errorf("the migration appended %d records over tampered data", got-n)
	}
	rep, err := store.CheckIntegrity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.Broken == nil || !strings.Contains(rep.Broken.Problem, "status") {
		t.Errorf("the check should name the changed status: %+v", rep.Broken)
	}
}

// The log check reads a record's reason and a listing's history reasons in
// either shape, and nothing else.
func TestCheckRecord_ReasonShapes(t *testing.T) {
	agency := func(reason string) string {
		return `{"approved_by_count":1,"at":"2026-01-02T03:04:05Z","data":{"id":1,"status_history":[{"reason":` + reason + `}]},"entity":"agency","id":1,"kind":"update","reason":` + reason + `,"seq":7}`
	}
	for _, c := range []struct {
		name   string
		reason string
		ok     bool
	}{
		{"old: a string", `"ministry notice 1/2025"`, true},
		{"new: three languages", `{"en":"Licence suspended","lo":"ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ)","th":"ใบอนุญาตถูกพักใช้"}`, true},
		{"a language missing", `{"en":"Licence suspended","lo":"ໂຈະ"}`, false},
		{"another key", `{"en":"a","fr":"b","lo":"c"}`, false},
		{"a number", `12`, false},
		{"null", `null`, false},
		{"a language not a string", `{"en":"a","lo":1,"th":"c"}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, err := models.Canonical([]byte(agency(c.reason)))
			if err != nil {
				t.Fatal(err)
			}
			r, err := models.CheckRecord(7, body)
			if (err == nil) != c.ok {
				t.Fatalf("CheckRecord: %v, want ok=%v", err, c.ok)
			}
			if c.ok {
				again, _ := models.Canonical(r)
				if !bytes.Equal(again, body) {
					t.Errorf("the record does not encode back to itself:\n%s\n%s", again, body)
				}
			}
		})
	}
}

// upgraded opens the store on db and upgrades its data, as the server
// does at start.
func upgraded(t *testing.T, ctx context.Context, db *gorm.DB) *models.Store {
	t.Helper()
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.UpgradeData(ctx); err != nil {
		t.Fatal(err)
	}
	return store
}

// Opening the store (what verify-log -data-dir and the other commands do)
// never changes the log; only UpgradeData, run by the server, does.
func TestStatusReasons_OpeningDoesNotMigrate(t *testing.T) {
	ctx := context.Background()
	db := oldShapeDB(t)
	before := len(logRows(t, db))
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// And the check of an old database, not yet upgraded, still holds:
	// the old records are read in the current shape.
	rep, err := store.CheckIntegrity(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("integrity of an old database before its upgrade: %+v %v", rep, err)
	}
	if n := len(logRows(t, db)); n != before {
		t.Fatalf("opening and checking the store appended %d log records", n-before)
	}
}

// During a rolling upgrade an older replica still logs listings in the
// old shape after the new one has upgraded the data: the check reads those
// records in the current shape, and still finds a reason altered in the
// database behind the app's back.
func TestStatusReasons_OldShapeRecordsAfterTheUpgrade(t *testing.T) {
	ctx := context.Background()
	db := oldShapeDB(t)
	store := upgraded(t, ctx, db)
	if err := models.AppendOldShapeForTest(ctx, db, "written by an older replica", false); err != nil {
		t.Fatal(err)
	}
	rep, err := store.CheckIntegrity(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("old-shape records after the upgrade: %+v %v", rep, err)
	}
	var c models.StatusChange
	if err := db.Order("id").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	c.ReasonText.En = "Licence renewed — nothing to worry about"
	altered, _ := json.Marshal(c.ReasonText)
	if err := db.Model(&models.StatusChange{}).Where("id = ?", c.ID).Update("reason_text", string(altered)).Error; err != nil {
		t.Fatal(err)
	}
	if rep, err := store.CheckIntegrity(ctx); err != nil || rep.OK {
		t.Fatalf("an altered reason must break the check: %+v %v", rep, err)
	}
}
