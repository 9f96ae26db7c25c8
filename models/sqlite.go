package models

// This file is the one place that knows it is talking to SQLite: the driver,
// its connection string options, its pragmas, its files and its backup.
// postgres.go is its twin. Everything else in the package sticks to SQL
// that both run.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// sqlitePath is the file a SQLite DSN names.
func sqlitePath(dsn string) string {
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path
}

// secureSQLiteFiles makes the database file, and its WAL and shared-memory files
// when they exist, readable by the server's user only: they hold reports
// and password hashes. SQLite creates its files 0644 and gives the -wal and
// -shm files the mode of the database file, so the database is created
// (empty, which SQLite accepts as a new database) with mode 0600 before
// SQLite opens it; a database made by an older version is tightened.
func secureSQLiteFiles(dsn string) error {
	path := sqlitePath(dsn)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("open database file %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("make %s private: %w", p, err)
		}
	}
	return nil
}

func sqliteDialector(dsn string) (gorm.Dialector, error) {
	path := sqlitePath(dsn)
	if path == "" {
		return nil, fmt.Errorf("PAIDEE_DB: %q names no database file", dsn)
	}
	// WAL lets readers run beside the writer; busy_timeout makes a second
	// writer wait instead of failing; _txlock=immediate takes the write lock
	// at BEGIN so two transactions never deadlock upgrading a read lock.
	// synchronous=FULL: a worker whose report got a receipt stops sending
	// it, so a commit must survive a power cut too (NORMAL in WAL mode can
	// lose the last commits). Writes are few; reads do not pay for it.
	full := "file:" + path + "?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_synchronous=FULL&_txlock=immediate"
	return sqlite.Open(full), nil
}

func tuneSQLite(db *gorm.DB, dsn string) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("database handle: %w", err)
	}
	// SQLite has one writer at a time; a few connections let reads proceed
	// beside it in WAL mode.
	sqlDB.SetMaxOpenConns(4)
	var mode string
	if err := db.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil {
		return fmt.Errorf("open %s: %w", dsn, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("open %s: journal mode is %q, want wal", dsn, mode)
	}
	var sync int
	if err := db.Raw("PRAGMA synchronous").Scan(&sync).Error; err != nil {
		return fmt.Errorf("open %s: %w", dsn, err)
	}
	if sync != 2 { // FULL
		return fmt.Errorf("open %s: synchronous is %d, want 2 (FULL)", dsn, sync)
	}
	return nil
}

// backupSQLite writes a consistent copy of the database to a new file at path,
// while the server keeps serving: VACUUM INTO reads in one transaction and
// writes a compact, complete database. The copy holds reports and password
// hashes, so it is created readable by its owner only.
func backupSQLite(ctx context.Context, db *gorm.DB, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("backup: %s already exists; name a new file", path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an empty file as its target.
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
