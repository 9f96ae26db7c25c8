package models_test

import (
	"context"
	"testing"

	"paidee/models"
	"paidee/seeds"
)

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
