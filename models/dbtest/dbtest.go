// Package dbtest gives each test a database of its own: a SQLite file in
// the test's temp directory, or, when PAIDEE_TEST_POSTGRES names a
// PostgreSQL server (postgres://user@host:port/db?sslmode=disable), a
// schema of its own on that server, dropped when the test ends. make test
// runs the Go tests once on each.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"paidee/models"
)

// EnvVar names the PostgreSQL server the tests run on, when set.
const EnvVar = "PAIDEE_TEST_POSTGRES"

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvVar) != "" }

// DSN returns a data directory and a database DSN for one test, for code
// that opens the database itself (the server's start-up): on SQLite the
// DSN is empty (the file goes in the data directory); on PostgreSQL it
// names a new schema.
func DSN(tb testing.TB) (dataDir, dsn string) {
	tb.Helper()
	dataDir = filepath.Join(tb.TempDir(), "data")
	server := os.Getenv(EnvVar)
	if server == "" {
		return dataDir, ""
	}
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("%s: %v", EnvVar, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(server), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		tb.Fatalf("%s: %v", EnvVar, err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		// Runs after the test's own cleanups (last registered, first run:
		// this one was registered first), so its connections are closed.
		if err := admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error; err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		_ = models.Close(admin)
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return dataDir, u.String()
}

// Open opens, migrates and returns a fresh database for one test, closed
// when the test ends.
func Open(tb testing.TB) *gorm.DB {
	tb.Helper()
	dir, dsn := DSN(tb)
	db, err := models.Open(context.Background(), dir, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = models.Close(db) })
	return db
}
