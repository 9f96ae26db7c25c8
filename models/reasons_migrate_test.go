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
	agency := func(reason, step string) string {
		return `{"approved_by_count":1,"at":"2026-01-02T03:04:05Z","data":{"id":1,"status_history":[` + step + `]},"entity":"` + models.KindAgency + `","id":1,"kind":"update","reason":` + reason + `,"seq":7}`
	}
	for _, c := range []struct {
		name   string
		reason string
		step   string // the history step; "" for {"reason": reason}
		ok     bool
	}{
		{"old: a string", `"ministry notice 1/2025"`, "", true},
		{"new: three languages", `{"en":"Licence suspended","lo":"ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ)","th":"ใบอนุญาตถูกพักใช้"}`, "", true},
		{"a language missing", `{"en":"Licence suspended","lo":"ໂຈະ"}`, "", false},
		{"another key", `{"en":"a","fr":"b","lo":"c"}`, "", false},
		{"a number", `12`, "", false},
		{"null", `null`, "", false},
		{"a language not a string", `{"en":"a","lo":1,"th":"c"}`, "", false},
		// No version logged a step without its reason, or with null.
		{"history: reason null", `"x"`, `{"reason":null}`, false},
		{"history: no reason", `"x"`, `{"from":"licensed","to":"suspended"}`, false},
		{"history: a step null", `"x"`, `null`, false},
		{"history: a step a string", `"x"`, `"licensed"`, false},
		{"history: old and new steps", `"x"`, `{"reason":"typed"},{"reason":{"en":"a","lo":"b","th":"c"}}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			step := c.step
			if step == "" {
				step = `{"reason":` + c.reason + `}`
			}
			body, err := models.Canonical([]byte(agency(c.reason, step)))
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

// v1Suspended is the reason the upgrade of v1 history gives a suspension
// whose reason was typed: the sentence as it was then, and the typed text.
func v1Suspended(typed string) models.Text {
	return models.Text{
		Lo: "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ) — " + typed,
		Th: "ใบอนุญาตถูกพักใช้ — " + typed,
		En: "Licence suspended — " + typed,
	}
}

// editLiveReasons changes every live standard sentence, as a later release
// may once a native speaker has read them, and puts first a new sentence
// that fits every change (so the default of every transition moves too).
// The test's end puts the table back.
func editLiveReasons(t *testing.T) {
	t.Helper()
	saved := models.StatusReasons
	edited := []models.StatusReason{{Code: "edited_default", From: []string{},
		Text: models.Text{Lo: "ປະໂຫຍກໃໝ່", Th: "ประโยคใหม่", En: "A new sentence"}}}
	for _, r := range saved {
		r.Text = models.Text{Lo: r.Text.Lo + " (ແກ້)", Th: r.Text.Th + " (แก้)", En: r.Text.En + " (edited)"}
		edited = append(edited, r)
	}
	models.StatusReasons = edited
	t.Cleanup(func() { models.StatusReasons = saved })
	if got := models.DefaultStatusReason(models.StatusLicensed, models.StatusSuspended).Code; got != "edited_default" {
		t.Fatalf("the live table is not edited: default %q", got)
	}
}

// servedHistory is the status history of every listing as the bundle
// serves it, by licence number.
func servedHistory(t *testing.T, ctx context.Context, store *models.Store) map[string][]models.StatusView {
	t.Helper()
	b, err := store.BundleSince(ctx, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var full struct {
		Agencies []models.AgencyView `json:"agencies"`
	}
	if err := json.Unmarshal(b.JSON, &full); err != nil {
		t.Fatal(err)
	}
	out := map[string][]models.StatusView{}
	for _, a := range full.Agencies {
		out[a.LicenceNo] = a.StatusHistory
	}
	return out
}

// alterTypedReason changes, behind the app's back, the reason as typed of
// the first step of history (what an old step's public reason is made of
// until the upgrade), or its public text once upgraded.
func alterTypedReason(t *testing.T, db *gorm.DB, upgradedText bool) {
	t.Helper()
	var c models.StatusChange
	if err := db.Order("id").First(&c).Error; err != nil {
		t.Fatal(err)
	}
	q := db.Model(&models.StatusChange{}).Where("id = ?", c.ID)
	var err error
	if upgradedText {
		c.ReasonText.En = "Licence renewed — nothing to worry about"
		b, _ := json.Marshal(c.ReasonText)
		err = q.Update("reason_text", string(b)).Error
	} else {
		err = q.Update("reason", "licence renewed, nothing to worry about").Error
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Old history is read through the sentences as they were when its upgrade
// was written, never the live ones: with every live sentence edited, a
// database not yet upgraded still checks true and serves the old history
// as before, its upgrade writes the v1 sentences, and a reason altered
// behind the app's back still breaks the check.
func TestStatusReasons_OldHistoryReadsTheFrozenSentences(t *testing.T) {
	ctx := context.Background()
	t.Run("not yet upgraded", func(t *testing.T) {
		db := oldShapeDB(t)
		editLiveReasons(t)
		store, err := models.NewStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := store.CheckIntegrity(ctx); err != nil || !rep.OK {
			t.Fatalf("integrity of an old database with the live sentences edited: %+v %v", rep, err)
		}
		for no, h := range servedHistory(t, ctx, store) {
			if len(h) != 1 || h[0].Reason != v1Suspended(oldReason) {
				t.Errorf("%s: served history %+v, want the v1 sentence", no, h)
			}
		}
		alterTypedReason(t, db, false)
		if rep, err := store.CheckIntegrity(ctx); err != nil || rep.OK || !strings.Contains(rep.Broken.Problem, "status_history") {
			t.Fatalf("an altered old reason must break the check: %+v %v", rep, err)
		}
	})
	t.Run("upgraded with the live sentences edited", func(t *testing.T) {
		db := oldShapeDB(t)
		editLiveReasons(t)
		store := upgraded(t, ctx, db)
		var rows []models.StatusChange
		if err := db.Order("id").Find(&rows).Error; err != nil || len(rows) != 2 {
			t.Fatalf("%d history rows, %v", len(rows), err)
		}
		for _, c := range rows {
			if c.ReasonCode != "suspended" || c.ReasonText != v1Suspended(oldReason) {
				t.Errorf("upgraded step: code %q, text %+v", c.ReasonCode, c.ReasonText)
			}
		}
		if rep, err := store.CheckIntegrity(ctx); err != nil || !rep.OK {
			t.Fatalf("integrity after the upgrade: %+v %v", rep, err)
		}
	})
	t.Run("live sentences edited after the upgrade", func(t *testing.T) {
		// The upgrade ran under one release; the next edits the live
		// sentences while an older replica still logs the old shape (or
		// the log holds such records): they still read as the data.
		db := oldShapeDB(t)
		store := upgraded(t, ctx, db)
		editLiveReasons(t)
		if err := models.AppendOldShapeForTest(ctx, db, "written by an older replica", false); err != nil {
			t.Fatal(err)
		}
		if rep, err := store.CheckIntegrity(ctx); err != nil || !rep.OK {
			t.Fatalf("old-shape records, live sentences edited since the upgrade: %+v %v", rep, err)
		}
		alterTypedReason(t, db, true)
		if rep, err := store.CheckIntegrity(ctx); err != nil || rep.OK || !strings.Contains(rep.Broken.Problem, "status_history") {
			t.Fatalf("an altered reason must break the check: %+v %v", rep, err)
		}
	})
}

// A history step whose reason is null (or missing) is in no shape the log
// has held: it is not read as an empty typed reason (which would make it
// agree with a step whose reason is ""), the check reports its record, and
// the upgrade does not append over it.
func TestStatusReasons_NullReasonIsReported(t *testing.T) {
	ctx := context.Background()
	db := oldShapeDB(t)
	// A v1 step may have an empty typed reason: that is a string, and
	// checks true.
	if err := db.Model(&models.StatusChange{}).Where("1 = 1").Update("reason", "").Error; err != nil {
		t.Fatal(err)
	}
	if err := models.AppendOldShapeForTest(ctx, db, "reasons emptied", false); err != nil {
		t.Fatal(err)
	}
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := store.CheckIntegrity(ctx); err != nil || !rep.OK {
		t.Fatalf("empty typed reasons: %+v %v", rep, err)
	}
	var a models.Agency
	if err := db.Where("licence_no = ?", "OLD-1").First(&a).Error; err != nil {
		t.Fatal(err)
	}
	if err := models.AppendHistoryReasonForTest(ctx, db, a.ID, "null"); err != nil {
		t.Fatal(err)
	}
	rows := logRows(t, db)
	last := rows[len(rows)-1].Seq
	rep, err := store.CheckIntegrity(ctx)
	if err != nil || rep.OK || rep.Broken.Seq != last || !strings.Contains(rep.Broken.Problem, "status_history[0]") {
		t.Errorf("a null reason must break the check at record %d: %+v %v", last, rep, err)
	}
	upgraded(t, ctx, db)
	if n := len(logRows(t, db)); n != len(rows) {
		t.Errorf("the upgrade appended %d records over a record it cannot read", n-len(rows))
	}
}

// UpgradeAgencyRecord upgrades a string reason through the v1 sentences,
// keeps a three-language one, and refuses any other shape.
func TestUpgradeAgencyRecord_Shapes(t *testing.T) {
	editLiveReasons(t) // and none of it is read
	v1, _ := models.Canonical(v1Suspended("notice 1"))
	for _, c := range []struct {
		name, history, want string // want "" : an error
	}{
		{"old: a string", `[{"from":"licensed","reason":"notice 1","to":"suspended"}]`,
			`[{"from":"licensed","reason":` + string(v1) + `,"to":"suspended"}]`},
		{"old: empty", `[{"from":"","reason":"","to":"licensed"}]`,
			`[{"from":"","reason":{"en":"Added to the list of licensed agencies","lo":"ເພີ່ມເຂົ້າໃນລາຍຊື່ບໍລິສັດຈັດຫາງານທີ່ມີໃບອະນຸຍາດ","th":"เพิ่มในรายชื่อบริษัทจัดหางานที่มีใบอนุญาต"},"to":"licensed"}]`},
		{"new: kept", `[{"from":"licensed","reason":{"en":"a","lo":"b","th":"c"},"to":"suspended"}]`,
			`[{"from":"licensed","reason":{"en":"a","lo":"b","th":"c"},"to":"suspended"}]`},
		{"no history", `[]`, `[]`},
		{"history null", `null`, `null`},
		{"reason null", `[{"from":"licensed","reason":null,"to":"suspended"}]`, ""},
		{"no reason", `[{"from":"licensed","to":"suspended"}]`, ""},
		{"reason a number", `[{"from":"licensed","reason":7,"to":"suspended"}]`, ""},
		{"a step null", `[null]`, ""},
		{"from not a string", `[{"from":null,"reason":"notice 1","to":"suspended"}]`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := models.UpgradeAgencyRecord([]byte(`{"id":1,"status_history":` + c.history + `}`))
			if c.want == "" {
				if err == nil {
					t.Fatalf("upgraded to %s, want an error", got)
				}
				return
			}
			if want := `{"id":1,"status_history":` + c.want + `}`; err != nil || string(got) != want {
				t.Fatalf("got %s %v\nwant %s", got, err, want)
			}
		})
	}
}
