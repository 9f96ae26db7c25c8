package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidee/models"
	"paidee/seeds"
)

// backup copies a database that is open and in use, the copy opens with the
// same content, a dataset id of its own, and is readable by its owner only;
// bad calls say why.
func TestBackup_WritesAConsistentPrivateCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := models.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db) // the server's connection stays open during the backup
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seeds.Load(ctx, store, seeds.Options{Demo: true}); err != nil {
		t.Fatal(err)
	}
	counts := func(t *testing.T, path string) map[string]int64 {
		t.Helper()
		c, err := models.Open(ctx, "", path)
		if err != nil {
			t.Fatal(err)
		}
		defer models.Close(c)
		out := map[string]int64{}
		for name, m := range map[string]any{"agencies": &models.Agency{}, "contacts": &models.Contact{}, "items": &models.ChecklistItem{}} {
			var n int64
			if err := c.Model(m).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			out[name] = n
		}
		return out
	}

	out := filepath.Join(t.TempDir(), "copy.db")
	var stdout strings.Builder
	if err := backup(ctx, []string{"-data-dir", dir, "-out", out}, env(nil), &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), out) {
		t.Errorf("output %q does not name the copy", stdout.String())
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v, want 0600 (it holds reports and password hashes)", st.Mode().Perm())
	}
	// Put back one day, the copy is another timeline: phones that saw later
	// revisions must download everything instead of asking for changes.
	copyDB, err := models.Open(ctx, "", out)
	if err != nil {
		t.Fatal(err)
	}
	copyStore, err := models.NewStore(ctx, copyDB)
	if err != nil {
		t.Fatal(err)
	}
	if copyStore.DatasetID() == store.DatasetID() || copyStore.DatasetID() == "" {
		t.Errorf("the copy keeps the dataset id %q", copyStore.DatasetID())
	}
	models.Close(copyDB)
	got, want := counts(t, out), counts(t, filepath.Join(dir, "paidee.db"))
	if got["agencies"] == 0 || got["agencies"] != want["agencies"] || got["contacts"] != want["contacts"] || got["items"] != want["items"] {
		t.Errorf("copy %v, original %v", got, want)
	}

	missing := filepath.Join(t.TempDir(), "none")
	bad := []struct {
		name string
		args []string
		want string
	}{
		{"no -out", []string{"-data-dir", dir}, "-out is required"},
		{"copy exists", []string{"-data-dir", dir, "-out", out}, "already exists"},
		{"no database", []string{"-data-dir", missing, "-out", filepath.Join(t.TempDir(), "x.db")}, "no database at"},
	}
	for _, b := range bad {
		if err := backup(ctx, b.args, env(nil), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: %v, want an error saying %q", b.name, err, b.want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a backup of a missing database created a data directory")
	}
}
