package models

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"
)

var errRollback = errors.New("rollback")

// BenchmarkLogAppend measures what the public log adds to a write: one
// record appended (canonical JSON, leaf hash, the tlog stored hashes,
// the listing's head) inside a transaction that is then rolled back, so
// the log stays at its size; beside it, a whole verifier's edit of a
// listing (read, validate, update, history, audit, log, commit flushed to
// disk), so the ratio shows the log's share.
func BenchmarkLogAppend(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, b.TempDir(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer Close(db)
	store, err := NewStore(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	a := Agency{LicenceNo: "BENCH-1", NameEn: "Bench Co", Province: "Savannakhet", Status: StatusLicensed, LicenceExpires: "2030-01-01"}
	if fe := ValidateAgency(&a); len(fe) > 0 {
		b.Fatal(fe)
	}
	if err := store.Write(ctx, func(tx *gorm.DB, rev int64) error { return InsertAgency(tx, &a, rev) }); err != nil {
		b.Fatal(err)
	}
	state, err := publicState(db, "id = ?", a.ID)
	if err != nil {
		b.Fatal(err)
	}
	rec := pendingRecord{entity: KindAgency, id: a.ID, data: state[StateKey{KindAgency, a.ID}]}
	b.Run("append one record (rolled back)", func(b *testing.B) {
		for b.Loop() {
			err := db.Transaction(func(tx *gorm.DB) error {
				if err := appendRecords(tx, []pendingRecord{rec}, 1, false); err != nil {
					return err
				}
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				b.Fatal(err)
			}
		}
	})
	b.Run("empty transaction (rolled back)", func(b *testing.B) {
		for b.Loop() {
			_ = db.Transaction(func(tx *gorm.DB) error { return errRollback })
		}
	})
	actor := Actor{ID: 1, Email: "bench@example.org"}
	names := []string{"Bench Co A", "Bench Co B"}
	b.Run("verifier edit with its record (committed)", func(b *testing.B) {
		i := 0
		for b.Loop() {
			cur, err := store.AgencyDetail(ctx, a.ID)
			if err != nil {
				b.Fatal(err)
			}
			v := cur.Version
			if _, err := store.PatchAgency(ctx, actor, a.ID, AgencyPatch{Version: &v, NameEn: &names[i%2]}); err != nil {
				b.Fatal(err)
			}
			i++
		}
		n, _ := store.LogSize(ctx)
		b.ReportMetric(float64(n), "log-records")
	})
}
