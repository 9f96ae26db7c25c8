package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Open connects to the database named by dsn, or, when dsn is empty, to the
// SQLite file paidee.db inside dataDir (created if missing). It migrates the
// schema and makes sure the revision counter and dataset id exist.
func Open(ctx context.Context, dataDir, dsn string) (*gorm.DB, error) {
	if dsn == "" {
		// Private to the server's user: the database, its backups and the
		// secrets live here.
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory %q: %w", dataDir, err)
		}
		dsn = filepath.Join(dataDir, "paidee.db")
	}
	pg := isPostgres(dsn)
	var dialector gorm.Dialector
	var err error
	if pg {
		dialector, err = postgresDialector(dsn)
	} else {
		dialector, err = sqliteDialector(dsn)
		if err == nil {
			err = secureSQLiteFiles(dsn)
		}
	}
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		Logger:         logger.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	tune := tuneSQLite
	if pg {
		tune = tunePostgres
	}
	if err := tune(db, dsn); err != nil {
		_ = Close(db)
		return nil, err
	}
	if err := Migrate(ctx, db); err != nil {
		return nil, err
	}
	return db, nil
}

// AllModels lists every table, in an order that satisfies foreign keys.
func AllModels() []any {
	return []any{
		&Setting{}, &Counter{}, &RevisionMark{}, &Tombstone{}, &SeedMark{},
		&Agency{}, &StatusChange{},
		&Contact{}, &ChecklistStage{}, &ChecklistItem{}, &Question{}, &Phrase{},
		&Report{}, &User{}, &AuditEntry{},
		&LogRecord{}, &LogHash{}, &LogHead{}, &Proposal{},
		&SignInAttempts{}, &LimitEntry{},
		&Clip{}, &ClipAudio{},
		&CostItem{},
	}
}

// Migrate brings the schema up to date. GORM's AutoMigrate only ever adds
// tables, columns and indexes; a change that renames or drops something must
// be written as an explicit step here, in its own transaction.
//
// On PostgreSQL several replicas may start at once: the whole migration
// runs in one transaction under an advisory lock, so it runs once and the
// others find nothing to do. (SQLite serialises writers by itself.)
func Migrate(ctx context.Context, db *gorm.DB) error {
	if db.Dialector.Name() == "postgres" {
		return lockForMigration(ctx, db, func(tx *gorm.DB) error { return migrate(ctx, tx) })
	}
	return migrate(ctx, db)
}

func migrate(ctx context.Context, db *gorm.DB) error {
	if err := db.WithContext(ctx).AutoMigrate(AllModels()...); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Counter
		err := tx.Where("name = ?", counterRevision).First(&c).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			if err := tx.Create(&Counter{Name: counterRevision, Value: 0}).Error; err != nil {
				return fmt.Errorf("create revision counter: %w", err)
			}
		} else if err != nil {
			return fmt.Errorf("read revision counter: %w", err)
		}
		var logCounter Counter
		err = tx.Where("name = ?", counterLogSize).First(&logCounter).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			if err := tx.Create(&Counter{Name: counterLogSize, Value: 0}).Error; err != nil {
				return fmt.Errorf("create log size counter: %w", err)
			}
		} else if err != nil {
			return fmt.Errorf("read log size counter: %w", err)
		}
		var s Setting
		err = tx.Where("key = ?", settingDatasetID).First(&s).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			b := make([]byte, 8)
			if _, err := rand.Read(b); err != nil {
				return fmt.Errorf("make dataset id: %w", err)
			}
			return tx.Create(&Setting{Key: settingDatasetID, Value: hex.EncodeToString(b)}).Error
		}
		return err
	})
}

// NewDatasetID gives the database a new dataset id. A backup gets one: if
// it is ever put back, its revisions restart below what phones have seen,
// and "changes since N" would skip whatever is changed after the restore
// (a suspension among them). With a new id, phones drop their copy and
// download the list again.
func NewDatasetID(ctx context.Context, db *gorm.DB) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make dataset id: %w", err)
	}
	id := hex.EncodeToString(b)
	res := db.WithContext(ctx).Model(&Setting{}).Where("key = ?", settingDatasetID).Update("value", id)
	if res.Error != nil {
		return "", fmt.Errorf("set dataset id: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return "", errors.New("set dataset id: the database has none")
	}
	return id, nil
}

// Ping checks that the database answers.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the underlying connection pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// BackupTo writes a consistent copy of the database to a new file at path
// (SQLite; a PostgreSQL database is backed up with its own tools).
func BackupTo(ctx context.Context, db *gorm.DB, path string) error {
	if db.Dialector.Name() == "postgres" {
		return backupPostgres()
	}
	return backupSQLite(ctx, db, path)
}
