package models_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"paidee/models"
	"paidee/seeds"
)

// The integrity check reads the log a page at a time and keeps only the
// tree's right edge between pages: a log longer than a page must check as
// whole as a short one, whatever the page size.
func TestCheckIntegrity_AcrossPages(t *testing.T) {
	store, _ := newStore(t, func(ctx context.Context, s *models.Store) error {
		return seeds.LoadSynthetic(ctx, s, 40, 1)
	})
	size, err := store.LogSize(context.Background())
	if err != nil || size < 40 {
		t.Fatalf("log size %d, %v", size, err)
	}
	for _, page := range []int{1, 2, 3, 7, 16, 39, 2000} {
		t.Run(fmt.Sprint(page), func(t *testing.T) {
			defer models.SetIntegrityPage(page)()
			rep, err := store.CheckIntegrity(context.Background())
			if err != nil || !rep.OK {
				t.Fatalf("page %d, %d records: %+v %v", page, size, rep, err)
			}
		})
	}
}

// Compare names the first record, in key order, whose served form is not
// what the log says; CheckIntegrity walks the served records the same way
// a page at a time.
func TestReplay_Compare(t *testing.T) {
	a := func(id uint) models.StateKey { return models.StateKey{Entity: models.KindAgency, ID: id} }
	q := func(id uint) models.StateKey { return models.StateKey{Entity: models.KindQuestion, ID: id} }
	logged := func() *models.Replay {
		rp := models.NewReplay()
		for i, k := range []models.StateKey{a(1), a(2), a(3), q(1)} {
			rp.State[k] = []byte(`{"status":"licensed"}`)
			rp.LastSeq[k] = int64(i)
		}
		rp.State[a(4)] = nil // deleted
		rp.LastSeq[a(4)] = 9
		return rp
	}
	same := func() models.State {
		return models.State{a(1): []byte(`{"status":"licensed"}`), a(2): []byte(`{"status":"licensed"}`),
			a(3): []byte(`{"status":"licensed"}`), q(1): []byte(`{"status":"licensed"}`)}
	}
	cases := []struct {
		name   string
		served func(models.State)
		want   string // "" for no break
	}{
		{"the same", func(models.State) {}, ""},
		{"a field differs", func(s models.State) { s[a(2)] = []byte(`{"status":"illegal"}`) },
			`broken at record 1 (agencies 2): status is "illegal" where it is served, the log says "licensed"`},
		{"served without a record", func(s models.State) { s[a(7)] = []byte(`{}`) },
			"broken at record -1 (agencies 7): served, but the log has no record of it"},
		{"served after its deletion", func(s models.State) { s[a(4)] = []byte(`{}`) },
			"broken at record 9 (agencies 4): served, but the log says it was deleted (record 9)"},
		{"public in the log, not served", func(s models.State) { delete(s, a(3)) },
			"broken at record 2 (agencies 3): the log says it is public, but it is not served"},
		{"the last one not served", func(s models.State) { delete(s, q(1)) },
			"broken at record 3 (questions 1): the log says it is public, but it is not served"},
		{"the first of two breaks", func(s models.State) { delete(s, q(1)); s[a(3)] = []byte(`{"status":"illegal"}`) },
			`broken at record 2 (agencies 3): status is "illegal" where it is served, the log says "licensed"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			served := same()
			tc.served(served)
			got := ""
			if b := logged().Compare(served); b != nil {
				got = b.Error()
			}
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// The integrity check, reading the served listings a page at a time, finds
// a listing changed or removed behind the log's back on a later page.
func TestCheckIntegrity_FindsTamperingPastAPage(t *testing.T) {
	cases := []struct {
		name, sql, want string
	}{
		{"a status changed", "UPDATE agencies SET status = CASE WHEN status = 'illegal' THEN 'revoked' ELSE 'illegal' END WHERE id = (SELECT MAX(id) FROM agencies)",
			"where it is served, the log says"},
		{"a listing hidden", "UPDATE agencies SET deleted_at = '2026-01-01 00:00:00' WHERE id = (SELECT MAX(id) FROM agencies)",
			"the log says it is public, but it is not served"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store, db := newStore(t, func(ctx context.Context, s *models.Store) error {
				return seeds.LoadSynthetic(ctx, s, 1100, 1) // more than two pages of listings
			})
			if rep, err := store.CheckIntegrity(context.Background()); err != nil || !rep.OK {
				t.Fatalf("before: %+v %v", rep, err)
			}
			if err := db.Exec(tc.sql).Error; err != nil {
				t.Fatal(err)
			}
			rep, err := store.CheckIntegrity(context.Background())
			if err != nil || rep.OK || !strings.Contains(rep.Broken.Error(), tc.want) || !strings.Contains(rep.Broken.Key, models.KindAgency) {
				t.Fatalf("after: %+v %v", rep.Broken, err)
			}
		})
	}
}

// The start-up integrity check over a log of 10,000 agencies: its time and
// what it allocates (run with -benchmem; -memprofile shows where).
func BenchmarkCheckIntegrity10k(b *testing.B) {
	store, _ := newStore(b, func(ctx context.Context, s *models.Store) error {
		return seeds.LoadSynthetic(ctx, s, 10000, 42)
	})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := store.CheckIntegrity(ctx)
		if err != nil || !rep.OK {
			b.Fatalf("%+v %v", rep, err)
		}
	}
}
