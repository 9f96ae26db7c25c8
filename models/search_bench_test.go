package models_test

import (
	"context"
	"strings"
	"testing"

	"paidee/models"
	"paidee/seeds"
)

// BenchmarkSearch measures one search on 10,000 synthetic agencies for the
// kinds of query people type.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	store, _ := newStore(b, func(ctx context.Context, s *models.Store) error { return seeds.LoadSynthetic(ctx, s, 10000, 42) })
	list := seeds.SyntheticAgencies(10000, 42)
	a := list[4321]
	for _, tc := range []struct{ name, q string }{
		{"latin name part", a.NameEn[:8]},
		{"distinctive name", a.NameEn[:len(a.NameEn)-12]},
		{"lao common word", "ຈັດຫາງານ"},
		{"latin common word", "employment"},
		{"thai script", "แสงคำ"},
		{"licence", a.LicenceNo},
		{"phone +856", "+856 " + a.Phones[0][1:]},
		{"no match", "zzqqxx"},
		{"two letters", "sa"},
		{"empty", ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			q := models.AgencyQuery{Q: tc.q, Limit: 20}
			page, err := store.SearchAgencies(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(page.Total), "hits")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := store.SearchAgencies(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Distinct queries, so the per-index cache of recent queries misses.
	for _, tc := range []struct {
		name string
		q    func(a models.Agency) string
	}{
		{"uncached licence", func(a models.Agency) string { return a.LicenceNo }},
		{"uncached phone", func(a models.Agency) string { return "+856 " + a.Phones[0][1:] }},
		{"uncached name", func(a models.Agency) string { return a.NameEn[:len(a.NameEn)-12] }},
		{"uncached lao name", func(a models.Agency) string { return a.NameLo[len("ບໍລິສັດ ຈັດຫາງານ "):] }},
		// Found only with spelling tolerance: a letter left out, words reordered.
		{"uncached typo", func(a models.Agency) string {
			w := strings.Fields(a.NameEn)[0]
			return w[:1] + w[2:]
		}},
		{"uncached reordered", func(a models.Agency) string {
			f := strings.Fields(a.NameEn)
			return f[1] + " " + f[0]
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				q := models.AgencyQuery{Q: tc.q(list[(i*7919)%len(list)]), Limit: 20}
				if _, err := store.SearchAgencies(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
