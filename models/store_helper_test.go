package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/dbtest"
)

// newStore opens a fresh database (SQLite, or PostgreSQL: see dbtest),
// closed when the test, benchmark or fuzz target ends, and fills it with
// load (nil for nothing).
func newStore(tb testing.TB, load func(context.Context, *models.Store) error) (*models.Store, *gorm.DB) {
	tb.Helper()
	ctx := context.Background()
	db := dbtest.Open(tb)
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
