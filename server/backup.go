package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"paidee/models"
)

// backup writes a consistent copy of the database while the server may be
// running: go run ./server backup -out backup-2026-11-29.db
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("backup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "", "file to write the copy to (required; must not exist yet)")
	dataDir := fl.String("data-dir", orEnv(getenv, "PAIDEE_DATA_DIR", "./data"), "data directory (PAIDEE_DATA_DIR)")
	dsn := fl.String("db", getenv("PAIDEE_DB"), "database DSN (PAIDEE_DB)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return errors.New("backup: -out is required, e.g. go run ./server backup -out backup-$(date +%F).db")
	}
	if *dsn == "" {
		// Opening would create an empty database; a backup of nothing is a mistake.
		path := filepath.Join(*dataDir, "paidee.db")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("backup: no database at %s (set -data-dir or PAIDEE_DATA_DIR)", path)
		}
	}
	db, err := models.Open(ctx, *dataDir, *dsn)
	if err != nil {
		return err
	}
	defer models.Close(db)
	if err := models.BackupTo(ctx, db, *out); err != nil {
		return err
	}
	if err := newTimeline(ctx, *out); err != nil {
		_ = os.Remove(*out)
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "Wrote a copy of the database to %s (%d bytes).\n", *out, st.Size())
	return nil
}

// newTimeline gives the copy its own dataset id, so that phones that have
// seen later revisions of the original download everything again if the
// copy is ever put back (see models.NewDatasetID).
func newTimeline(ctx context.Context, path string) error {
	db, err := models.Open(ctx, "", path)
	if err != nil {
		return fmt.Errorf("backup: open the copy: %w", err)
	}
	defer models.Close(db)
	if _, err := models.NewDatasetID(ctx, db); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
