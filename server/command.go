package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"paidee/models"
)

// dbFlags are the -data-dir and -db flags of the sub-commands that open the
// database (create-admin, backup, rotate-key), defaulting to the
// environment as the server does.
type dbFlags struct {
	dataDir, dsn *string
}

// commandFlags starts the flag set of sub-command name, with the database
// flags on it.
func commandFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, dbFlags) {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	return fl, dbFlags{
		dataDir: fl.String("data-dir", orEnv(getenv, "PAIDEE_DATA_DIR", "./data"), "data directory (PAIDEE_DATA_DIR)"),
		dsn:     fl.String("db", getenv("PAIDEE_DB"), "database DSN (PAIDEE_DB)"),
	}
}

// openDB opens the database in dataDir (or dsn). With mustExist, a data
// directory without a SQLite database is an error: opening would create an
// empty one, and a backup or a key rotation of nothing is a mistake. The
// caller closes it with models.Close.
func openDB(ctx context.Context, dataDir, dsn string, mustExist bool) (*gorm.DB, error) {
	if mustExist && dsn == "" {
		path := filepath.Join(dataDir, "paidee.db")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no database at %s (set -data-dir or PAIDEE_DATA_DIR)", path)
		}
	}
	return models.Open(ctx, dataDir, dsn)
}

// openStore is openDB with the store on it (migrated); close ends both.
func openStore(ctx context.Context, dataDir, dsn string, mustExist bool) (store *models.Store, close func() error, err error) {
	db, err := openDB(ctx, dataDir, dsn, mustExist)
	if err != nil {
		return nil, nil, err
	}
	store, err = models.NewStore(ctx, db)
	if err != nil {
		_ = models.Close(db)
		return nil, nil, err
	}
	return store, func() error { return models.Close(db) }, nil
}
