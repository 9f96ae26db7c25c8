package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"paidee/models"
)

// backup writes a consistent copy of the database while the server may be
// running: go run ./server backup -out backup-2026-11-29.db
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl, dbf := commandFlags("backup", getenv, stderr)
	out := fl.String("out", "", "file to write the copy to (required; must not exist yet)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return errors.New("backup: -out is required, e.g. go run ./server backup -out backup-$(date +%F).db")
	}
	db, err := openDB(ctx, *dbf.dataDir, *dbf.dsn, true)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
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
