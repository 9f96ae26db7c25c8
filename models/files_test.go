package models_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"paidee/models"
)

// The database, its WAL and shared-memory files and the data directory are
// private to the server's user: they hold reports and password hashes.
func TestOpen_FilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := models.Open(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	// A write, so the WAL and shared-memory files exist.
	if err := db.Exec("CREATE TABLE wal_probe (x)").Error; err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "paidee.db"): 0o600,
		filepath.Join(dir, "paidee.db-wal"): 0o600, filepath.Join(dir, "paidee.db-shm"): 0o600}
	for path, mode := range want {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != mode {
			t.Errorf("%s: mode %o, want %o", path, st.Mode().Perm(), mode)
		}
	}
}

// A database made by an older version with mode 0644 is tightened at open.
func TestOpen_TightensAnOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "paidee.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", st.Mode().Perm())
	}
}
