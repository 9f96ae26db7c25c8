package models

// This file is the one place that knows it is talking to PostgreSQL (the
// twin of sqlite.go): the driver (pgx, through GORM's postgres driver), its
// pool, and the lock that makes replicas migrate one at a time.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func postgresDialector(dsn string) (gorm.Dialector, error) {
	return postgres.New(postgres.Config{DSN: dsn}), nil
}

func tunePostgres(db *gorm.DB, dsn string) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("database handle: %w", err)
	}
	// Each replica keeps a small pool: PostgreSQL's default of 100
	// connections is shared by every replica and the operators' tools.
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	var version string
	if err := db.Raw("SHOW server_version").Scan(&version).Error; err != nil {
		return fmt.Errorf("open %s: %w", redactDSN(dsn), err)
	}
	return nil
}

// migrationLock is the advisory lock key replicas take around migrations:
// the first to start migrates, the others wait and then find nothing to do.
const migrationLock = 0x70616964 // "paid"

// lockForMigration runs fn in a transaction holding the migration lock
// (PostgreSQL runs DDL in transactions, so a migration that fails leaves
// nothing half done).
func lockForMigration(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLock).Error; err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
		return fn(tx)
	})
}

func backupPostgres() error {
	return fmt.Errorf("backup: this server runs on PostgreSQL; back it up with pg_dump or point-in-time recovery (see the README)")
}

// redactDSN hides the password of a DSN in messages.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		rest := dsn[i+3:]
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			user, _, _ := strings.Cut(rest[:at], ":")
			return dsn[:i+3] + user + ":…@" + rest[at+1:]
		}
	}
	return dsn
}
