package models_test

import (
	"context"
	"fmt"
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
