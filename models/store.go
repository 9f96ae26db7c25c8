package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Store holds the database and the in-memory views built from it. Every
// change to public data goes through Store.Write, which advances the global
// revision in the same transaction; readers use the revision to know when
// their cached views are stale.
type Store struct {
	DB *gorm.DB

	revision  atomic.Int64 // newest revision this process knows of
	checkedAt atomic.Int64 // unix nanos of the last read of the revision from the database
	datasetID string

	indexMu sync.Mutex // serialises rebuilds of the agency index
	index   atomic.Pointer[agencyIndex]

	bundleMu sync.Mutex
	bundle   atomic.Pointer[encodedBundle]
	signBody func([]byte) string

	twoPersonOff atomic.Bool // PAIDEE_TWO_PERSON=off: one person decides alone
}

// revisionRecheck bounds how long a replica may serve a view built before
// another replica's write (with SQLite there is only one process, and writes
// through this Store are seen at once).
const revisionRecheck = time.Second

// NewStore wraps an opened, migrated database.
func NewStore(ctx context.Context, db *gorm.DB) (*Store, error) {
	s := &Store{DB: db}
	var set Setting
	if err := db.WithContext(ctx).Where("key = ?", settingDatasetID).First(&set).Error; err != nil {
		return nil, fmt.Errorf("read dataset id: %w", err)
	}
	s.datasetID = set.Value
	if err := ensureGenesis(ctx, db); err != nil {
		return nil, err
	}
	if _, err := s.readRevision(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// UpgradeData makes the changes to stored data that a new version needs
// and that go through the public log (they append records). Only the
// server runs it, at start: a command that reads or checks the database
// (verify-log, create-admin, rotate-key) must not change what it checks.
func (s *Store) UpgradeData(ctx context.Context) error {
	return s.migrateStatusReasons(ctx)
}

// DatasetID identifies this database; a client that sees it change must drop
// its stored copy, because revisions from another database mean nothing here.
func (s *Store) DatasetID() string { return s.datasetID }

func (s *Store) readRevision(ctx context.Context) (int64, error) {
	var c Counter
	if err := s.DB.WithContext(ctx).Where("name = ?", counterRevision).First(&c).Error; err != nil {
		return 0, fmt.Errorf("read revision: %w", err)
	}
	s.noteRevision(c.Value)
	s.checkedAt.Store(time.Now().UnixNano())
	return c.Value, nil
}

func (s *Store) noteRevision(rev int64) {
	for {
		cur := s.revision.Load()
		if rev <= cur || s.revision.CompareAndSwap(cur, rev) {
			return
		}
	}
}

// Revision returns the current data revision, reading it from the database
// at most once a second.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	if time.Since(time.Unix(0, s.checkedAt.Load())) < revisionRecheck {
		return s.revision.Load(), nil
	}
	return s.readRevision(ctx)
}

// Write runs fn in a transaction after advancing the global revision; fn
// stamps every public row it changes with rev. Either all of it is stored
// or none of it.
func (s *Store) Write(ctx context.Context, fn func(tx *gorm.DB, rev int64) error) error {
	return s.writeMaybePublic(ctx, func(tx *gorm.DB, rev func() (int64, error)) error {
		r, err := rev()
		if err != nil {
			return err
		}
		return fn(tx, r)
	})
}

// writeMaybePublic is Write for a change that may or may not touch public
// data (a report's internal note, or its upholding): rev advances the
// global revision the first time it is called, in the same transaction, so
// phones are sent a delta only when there is something in it.
func (s *Store) writeMaybePublic(ctx context.Context, fn func(tx *gorm.DB, rev func() (int64, error)) error) error {
	var rev int64
	ws := stateOf(s.DB.WithContext(ctx))
	if ws == nil {
		ws = &writeState{approvals: 1}
		ctx = context.WithValue(ctx, writeStateKey{}, ws)
	}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rev = 0
		err := fn(tx, func() (int64, error) {
			if rev == 0 {
				r, err := advanceRevision(tx)
				if err != nil {
					return 0, err
				}
				rev = r
			}
			return rev, nil
		})
		if err != nil {
			return err
		}
		if ws.afterFn != nil {
			if err := ws.afterFn(tx); err != nil {
				return err
			}
		}
		if len(ws.settings) > 0 && rev == 0 {
			r, err := advanceRevision(tx)
			if err != nil {
				return err
			}
			rev = r
		}
		if rev == 0 {
			return nil
		}
		// The log reads what the write changed, in the same transaction:
		// no public change without its record, no record without its change.
		if err := appendChanges(tx, rev, ws); err != nil {
			return err
		}
		return markLogSize(tx, rev)
	})
	if err != nil {
		return err
	}
	if rev > 0 {
		s.noteRevision(rev)
	}
	return nil
}

// advanceRevision takes the next global revision, stamps the time the
// public data changed and marks when the revision was made.
func advanceRevision(tx *gorm.DB) (int64, error) {
	res := tx.Model(&Counter{}).Where("name = ?", counterRevision).UpdateColumn("value", gorm.Expr("value + ?", 1))
	if res.Error != nil {
		return 0, fmt.Errorf("advance revision: %w", res.Error)
	}
	var c Counter
	if err := tx.Where("name = ?", counterRevision).First(&c).Error; err != nil {
		return 0, fmt.Errorf("read revision: %w", err)
	}
	now := tx.NowFunc()
	stamp := Setting{Key: settingDataUpdatedAt, Value: now.Format(time.RFC3339)}
	if err := tx.Save(&stamp).Error; err != nil {
		return 0, fmt.Errorf("stamp data_updated_at: %w", err)
	}
	if err := tx.Create(&RevisionMark{Revision: c.Value, At: now}).Error; err != nil {
		return 0, fmt.Errorf("mark revision %d: %w", c.Value, err)
	}
	return c.Value, nil
}

// markLogSize stores, beside the revision's time, the size of the log once
// the revision's records are in: the bundle at that revision reflects
// exactly that many records.
func markLogSize(tx *gorm.DB, rev int64) error {
	n, err := logSize(tx)
	if err != nil {
		return err
	}
	if err := tx.Model(&RevisionMark{}).Where("revision = ?", rev).UpdateColumn("log_size", n).Error; err != nil {
		return fmt.Errorf("mark log size of revision %d: %w", rev, err)
	}
	return nil
}

// AddTombstone records, inside a Write, that a public record was deleted.
func AddTombstone(tx *gorm.DB, kind string, id uint, rev int64) error {
	t := Tombstone{Kind: kind, EntityID: id, Revision: rev, At: tx.NowFunc()}
	if err := tx.Create(&t).Error; err != nil {
		return fmt.Errorf("record deletion of %s %d: %w", kind, id, err)
	}
	return nil
}

// notFound turns gorm's not-found into the package's error.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Errorf(ECodeNotFound, "%s not found", what)
	}
	return err
}
