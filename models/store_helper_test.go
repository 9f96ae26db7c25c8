package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
)

// newStore opens a fresh SQLite database in a temp directory, closed when
// the test, benchmark or fuzz target ends, and fills it with load (nil for
// nothing).
func newStore(tb testing.TB, load func(context.Context, *models.Store) error) (*models.Store, *gorm.DB) {
	tb.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, tb.TempDir(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = models.Close(db) })
	store, err := models.NewStore(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	if load != nil {
		if err := load(ctx, store); err != nil {
			tb.Fatal(err)
		}
	}
	return store, db
}
