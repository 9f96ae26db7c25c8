package seeds

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/dbtest"
)

// openStore opens the database of one test (see dbtest.DSN); opening the
// same one again is a restart.
func openStore(t *testing.T, dir, dsn string) (*models.Store, func()) {
	t.Helper()
	db, err := models.Open(context.Background(), dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	store, err := models.NewStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return store, func() { _ = models.Close(db) }
}

func counts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for name, m := range map[string]any{"agencies": &models.Agency{}, "history": &models.StatusChange{}, "contacts": &models.Contact{},
		"stages": &models.ChecklistStage{}, "items": &models.ChecklistItem{}, "questions": &models.Question{}, "phrases": &models.Phrase{}} {
		var n int64
		if err := db.Model(m).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

func TestParse_SeedFilesAreValidAndComplete(t *testing.T) {
	c, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, s := range c.Stages {
		items += len(s.Items)
	}
	statuses := map[string]int{}
	for _, a := range c.Agencies {
		statuses[a.Status]++
	}
	for _, check := range []struct {
		what      string
		n, lo, hi int
	}{
		{"checklist items", items, 25, 40},
		{"questions", len(c.Questions), 8, 12},
		{"phrases", len(c.Phrases), 10, 15},
		{"demo agencies", len(c.Agencies), 40, 1000},
	} {
		if check.n < check.lo || check.n > check.hi {
			t.Errorf("%s: %d, want %d to %d", check.what, check.n, check.lo, check.hi)
		}
	}
	for _, st := range models.AgencyStatuses {
		if statuses[st] == 0 {
			t.Errorf("no demo agency with status %s", st)
		}
	}
	countries := map[string]int{}
	for _, ct := range c.Contacts {
		countries[ct.Country]++
	}
	if countries["TH"] == 0 || countries["LA"] == 0 {
		t.Errorf("contacts by country: %v", countries)
	}
}

// The research notes say which numbers are not verified; none of them may be
// published as a Thai number.
func TestContacts_NoUnverifiedNumbers(t *testing.T) {
	c, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	forbidden := map[string][]string{"TH": {"1191", "1202"}, "LA": {"1300", "1362"}}
	for _, ct := range c.Contacts {
		for _, p := range ct.Phones {
			for _, bad := range forbidden[ct.Country] {
				if models.PhoneKey(p) == bad {
					t.Errorf("contact %s lists %s, which is not verified for %s", ct.Key, p, ct.Country)
				}
			}
		}
		// facts.md §8 has the embassy's numbers only from a third-party
		// listing: they may be shown, but only as not confirmed.
		if ct.Category == "embassy" && len(ct.Phones) > 0 && ct.Confidence != "unconfirmed" {
			t.Errorf("contact %s: the embassy and consulate numbers are not verified; mark them unconfirmed", ct.Key)
		}
	}
}

func TestLoad_TwiceGivesSameCountsAndKeepsEdits(t *testing.T) {
	dir, dsn := dbtest.DSN(t)
	ctx := context.Background()
	store, closeDB := openStore(t, dir, dsn)
	added, err := Load(ctx, store, Options{Demo: true})
	if err != nil || added == 0 {
		t.Fatalf("first load: %d %v", added, err)
	}
	first := counts(t, store.DB)

	// An administrator edits one contact and deletes a phrase.
	var ct models.Contact
	store.DB.First(&ct)
	store.DB.Model(&ct).Update("line_id", "@edited")
	var ph models.Phrase
	store.DB.First(&ph)
	store.DB.Delete(&ph)
	closeDB()

	store, closeDB = openStore(t, dir, dsn) // a restart
	defer closeDB()
	added, err = Load(ctx, store, Options{Demo: true})
	if err != nil || added != 0 {
		t.Fatalf("second load added %d (%v), want 0", added, err)
	}
	second := counts(t, store.DB)
	first["phrases"]--
	for k := range first {
		if first[k] != second[k] {
			t.Errorf("%s: %d after restart, want %d", k, second[k], first[k])
		}
	}
	var again models.Contact
	store.DB.First(&again, ct.ID)
	if again.LineID != "@edited" {
		t.Errorf("restart overwrote an edit: %q", again.LineID)
	}
}

func TestLoad_WithoutDemoAgencies(t *testing.T) {
	dir, dsn := dbtest.DSN(t)
	store, closeDB := openStore(t, dir, dsn)
	defer closeDB()
	if _, err := Load(context.Background(), store, Options{Demo: false}); err != nil {
		t.Fatal(err)
	}
	if n := counts(t, store.DB)["agencies"]; n != 0 {
		t.Fatalf("%d agencies loaded without demo", n)
	}
}

func TestSyntheticAgencies_AreValidAndUnique(t *testing.T) {
	dir, dsn := dbtest.DSN(t)
	store, closeDB := openStore(t, dir, dsn)
	defer closeDB()
	if err := LoadSynthetic(context.Background(), store, 2000, 1); err != nil {
		t.Fatal(err)
	}
	if n := counts(t, store.DB)["agencies"]; n != 2000 {
		t.Fatalf("%d agencies", n)
	}
}
