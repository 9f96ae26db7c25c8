package models_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"paidee/models"
)

// BenchmarkAgencyEdit measures a verifier's edit of a listing (one
// transaction: revision, row, audit entry), alone and from several
// verifiers at once. Run it on SQLite and, with PAIDEE_TEST_POSTGRES, on
// PostgreSQL, to compare (search and lookups are served from memory and do
// not depend on the database).
func BenchmarkAgencyEdit(b *testing.B) {
	ctx := context.Background()
	store, _ := newStore(b, nil)
	var ids []uint
	for i := range 16 {
		v, err := store.CreateAgency(ctx, models.System, models.AgencyCreate{LicenceNo: fmt.Sprintf("BENCH-%d", i), NameEn: "Bench Co",
			Province: "Champasak", Status: models.StatusIllegal, Reason: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	versions := make([]int, len(ids))
	for i := range versions {
		versions[i] = 1
	}
	b.Run("one verifier", func(b *testing.B) {
		n := 0
		for b.Loop() {
			i := n % len(ids)
			d := fmt.Sprintf("district %d", n)
			v, err := store.PatchAgency(ctx, models.System, ids[i], models.AgencyPatch{Version: &versions[i], District: &d})
			if err != nil {
				b.Fatal(err)
			}
			versions[i] = v.Version
			n++
		}
	})
	b.Run("several verifiers", func(b *testing.B) {
		var next chanCounter
		b.SetParallelism(2)
		b.RunParallel(func(pb *testing.PB) {
			// Each goroutine edits listings of its own, so versions never clash.
			own := next.take() % len(ids)
			ver, err := currentVersion(ctx, store, ids[own])
			if err != nil {
				b.Error(err)
				return
			}
			n := 0
			for pb.Next() {
				d := fmt.Sprintf("district p%d", n)
				v, err := store.PatchAgency(ctx, models.System, ids[own], models.AgencyPatch{Version: &ver, District: &d})
				if err != nil {
					b.Error(err)
					return
				}
				ver = v.Version
				n++
			}
		})
	})
}

type chanCounter struct{ n chan int }

func (c *chanCounter) take() int {
	if c.n == nil {
		c.n = make(chan int, 1)
		c.n <- 0
	}
	v := <-c.n
	c.n <- v + 1
	return v
}

func currentVersion(ctx context.Context, store *models.Store, id uint) (int, error) {
	var a models.Agency
	if err := store.DB.WithContext(ctx).First(&a, id).Error; err != nil {
		return 0, err
	}
	return a.Version, nil
}

// BenchmarkImport10k measures applying a CSV import of 10,000 new rows
// (one transaction), on a fresh database each time.
func BenchmarkImport10k(b *testing.B) {
	ctx := context.Background()
	var csv strings.Builder
	csv.WriteString("licence_no,name_en,province,status,reason\n")
	for i := range 10000 {
		fmt.Fprintf(&csv, "IMP-%05d,Import Bench %05d Co,Champasak,illegal,ministry list\n", i, i)
	}
	body := []byte(csv.String())
	for b.Loop() {
		b.StopTimer()
		store, _ := newStore(b, nil)
		b.StartTimer()
		rep, err := store.ImportAgencies(ctx, models.System, body, false)
		if err != nil || len(rep.Added) != 10000 {
			b.Fatalf("%v, %d added", err, len(rep.Added))
		}
	}
}
