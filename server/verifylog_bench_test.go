package main

import (
	"bytes"
	"context"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
	"paidee/seeds"
)

// BenchmarkVerifyLog times `paidee verify-log -url` against a real server
// on loopback with 10,000 agencies and about 50,000 log records (the
// synthetic agencies, then every one of them changed four times), and the
// server's own start-up check of the same database. Run:
// go test ./server -run - -bench VerifyLog -benchtime 1x
func BenchmarkVerifyLog(b *testing.B) {
	dir := b.TempDir()
	key := newKeyTB(b)
	s := startLogServerTB(b, dir, key)
	ctx := context.Background()
	if err := seeds.LoadSynthetic(ctx, s.store, 10_000, 42); err != nil {
		b.Fatal(err)
	}
	var ids []uint
	if err := s.db.Model(&models.Agency{}).Where("licence_no LIKE ?", "SYN-%").Pluck("id", &ids).Error; err != nil {
		b.Fatal(err)
	}
	for round := 0; round < 4; round++ {
		err := s.store.Write(ctx, func(tx *gorm.DB, rev int64) error {
			for _, id := range ids {
				if err := models.TouchAgency(tx, id, rev); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	n, _ := s.store.LogSize(ctx)
	b.Run("verify-log -url", func(b *testing.B) {
		for b.Loop() {
			var out, errOut bytes.Buffer
			if err := run(ctx, []string{"verify-log", "-url", s.url, "-key", key.VerifierKey}, env(nil), &out, &errOut); err != nil {
				b.Fatalf("%v %s", err, errOut.String())
			}
		}
		b.ReportMetric(float64(n), "records")
	})
	b.Run("server start-up check", func(b *testing.B) {
		for b.Loop() {
			rep, err := s.store.CheckIntegrity(ctx)
			if err != nil || !rep.OK {
				b.Fatalf("%+v %v", rep, err)
			}
		}
		b.ReportMetric(float64(n), "records")
	})
}
