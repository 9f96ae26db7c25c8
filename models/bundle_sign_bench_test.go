package models_test

import (
	"context"
	"crypto/rand"
	"io"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/trust"
	"paidee/seeds"
)

// BenchmarkBundleSignature measures the Ed25519 signature of bundle
// answers on 10,000 agencies: the full bundle is signed once per revision
// (its cached body), so a request for it costs a cache hit; a since=
// delta is built and signed for each answer. "sign only" is the
// signature's own share of each.
func BenchmarkBundleSignature(b *testing.B) {
	ctx := context.Background()
	store, _ := newStore(b, func(ctx context.Context, s *models.Store) error {
		if _, err := seeds.Load(ctx, s, seeds.Options{Demo: true}); err != nil {
			return err
		}
		return seeds.LoadSynthetic(ctx, s, 10_000, 42)
	})
	skey, _, err := note.GenerateKey(rand.Reader, "bench/log")
	if err != nil {
		b.Fatal(err)
	}
	key, err := trust.ParseKey(skey)
	if err != nil {
		b.Fatal(err)
	}
	store.SetBodySigner(key.SignBody)
	full, err := store.BundleSince(ctx, -1, nil)
	if err != nil {
		b.Fatal(err)
	}
	// A change to one listing: a delta of one agency.
	var a models.Agency
	if err := store.DB.Where("licence_no LIKE ?", "SYN-%").First(&a).Error; err != nil {
		b.Fatal(err)
	}
	since := full.Revision
	if err := store.Write(ctx, func(tx *gorm.DB, rev int64) error { return models.TouchAgency(tx, a.ID, rev) }); err != nil {
		b.Fatal(err)
	}
	delta, err := store.BundleSince(ctx, since, nil)
	if err != nil {
		b.Fatal(err)
	}
	fullBody, err := full.Body()
	if err != nil {
		b.Fatal(err)
	}
	fullJSON, err := io.ReadAll(fullBody)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("full bundle %d bytes, delta %d bytes", len(fullJSON), len(delta.JSON))
	b.Run("full bundle request (cached, signed once)", func(b *testing.B) {
		if _, err := store.BundleSince(ctx, -1, nil); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			eb, err := store.BundleSince(ctx, -1, nil)
			if err != nil || eb.Signature == "" {
				b.Fatal(err)
			}
		}
	})
	b.Run("full bundle: sign only", func(b *testing.B) {
		for b.Loop() {
			_ = key.SignBody(fullJSON)
		}
		b.SetBytes(int64(len(fullJSON)))
	})
	b.Run("delta request (built and signed)", func(b *testing.B) {
		for b.Loop() {
			eb, err := store.BundleSince(ctx, since, nil)
			if err != nil || eb.Signature == "" {
				b.Fatal(err)
			}
		}
	})
	b.Run("delta: sign only", func(b *testing.B) {
		for b.Loop() {
			_ = key.SignBody(delta.JSON)
		}
	})
}
