package models_test

import (
	"context"
	"fmt"
	"testing"

	"paidee/models"
)

// BenchmarkCreateReport measures storing one worker's report, each commit
// flushed to disk (synchronous=FULL), with and without an idempotency key,
// and several phones sending at once. A report is rare next to reads; this
// says how many a second one server can take.
func BenchmarkCreateReport(b *testing.B) {
	ctx := context.Background()
	store, _ := newStore(b, nil)
	in := models.ReportInput{AgencyName: "Bench Placement Co", What: []string{"asked_fee"}, Details: "asked 5,000,000 kip", Lang: "lo"}
	n := 0
	key := func() string { n++; return fmt.Sprintf("bench-key-%d", n) }
	b.Run("no key", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := store.CreateReport(ctx, in, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("with key", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := store.CreateReport(ctx, in, key()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(4) // 4 × GOMAXPROCS senders
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, _, err := store.CreateReport(ctx, in, ""); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
