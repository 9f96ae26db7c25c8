package models

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Limits that several replicas share: the sign-in throttle's attempt
// counts and the report limiter's store live in the database, so that with
// N replicas behind a load balancer a guesser gets the same 5 tries, not
// 5 × N.

// SignInAttempts counts sign-in attempts per key (an account or a client
// address) in fixed windows.
type SignInAttempts struct {
	Key       string    `gorm:"primaryKey;size:300"`
	N         int       `gorm:"not null"`
	StartedAt time.Time `gorm:"not null"`
}

// Reservation is one counted attempt, for ReleaseAttempt.
type Reservation struct {
	Keys   []string
	Starts []time.Time
}

// ReserveAttempt counts one attempt for every key, in one transaction, or,
// when any key has used up limits[i] attempts in its window, counts nothing
// and returns how long to wait. Counting before the password is checked
// (not after its failure) keeps a concurrent burst within the limits.
func (s *Store) ReserveAttempt(ctx context.Context, now time.Time, keys []string, limits []int, window time.Duration) (*Reservation, time.Duration, error) {
	var res *Reservation
	var wait time.Duration
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rows, err := lockAttempts(tx, keys, now)
		if err != nil {
			return err
		}
		for i, k := range keys {
			r := rows[k]
			if end := r.StartedAt.Add(window); now.Before(end) && r.N >= limits[i] && end.Sub(now) > wait {
				wait = end.Sub(now)
			}
		}
		if wait > 0 {
			return nil
		}
		res = &Reservation{Keys: keys}
		for _, k := range keys {
			r := rows[k]
			if !now.Before(r.StartedAt.Add(window)) {
				r.N, r.StartedAt = 0, now
			}
			r.N++
			if err := tx.Model(&SignInAttempts{}).Where("key = ?", k).Updates(map[string]any{"n": r.N, "started_at": r.StartedAt}).Error; err != nil {
				return fmt.Errorf("count sign-in attempt: %w", err)
			}
			res.Starts = append(res.Starts, r.StartedAt)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return res, wait, nil
}

// lockAttempts makes sure every key has a row and reads them, locked for
// this transaction (SQLite's writer lock does that for the whole database).
func lockAttempts(tx *gorm.DB, keys []string, now time.Time) (map[string]*SignInAttempts, error) {
	for _, k := range keys {
		row := SignInAttempts{Key: k, StartedAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return nil, fmt.Errorf("count sign-in attempt: %w", err)
		}
	}
	q := tx.Where("key IN ?", keys)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var list []SignInAttempts
	if err := q.Find(&list).Error; err != nil {
		return nil, fmt.Errorf("read sign-in attempts: %w", err)
	}
	rows := map[string]*SignInAttempts{}
	for i := range list {
		rows[list[i].Key] = &list[i]
	}
	for _, k := range keys {
		if rows[k] == nil {
			return nil, errors.New("read sign-in attempts: a row is missing")
		}
	}
	return rows, nil
}

// ReleaseAttempt gives back the reservation of the keys named (a subset
// of r.Keys), where it was counted in the window that is still current; and
// forgets the keys in forget altogether.
func (s *Store) ReleaseAttempt(ctx context.Context, r *Reservation, giveBack, forget []string) error {
	return s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, k := range r.Keys {
			switch {
			case oneOf(k, forget):
				if err := tx.Where("key = ?", k).Delete(&SignInAttempts{}).Error; err != nil {
					return fmt.Errorf("forget sign-in attempts: %w", err)
				}
			case oneOf(k, giveBack):
				err := tx.Model(&SignInAttempts{}).Where("key = ? AND started_at = ? AND n > 0", k, r.Starts[i]).
					UpdateColumn("n", gorm.Expr("n - 1")).Error
				if err != nil {
					return fmt.Errorf("give back a sign-in attempt: %w", err)
				}
			}
		}
		return nil
	})
}

// SweepAttempts deletes counts whose window ended before cutoff.
func (s *Store) SweepAttempts(ctx context.Context, cutoff time.Time) error {
	return s.DB.WithContext(ctx).Where("started_at < ?", cutoff).Delete(&SignInAttempts{}).Error
}

// LimitEntry is one value of the shared store behind the report limiter.
type LimitEntry struct {
	Key       string `gorm:"primaryKey;size:300"`
	Value     []byte `gorm:"not null"`
	ExpiresAt *time.Time
}

// LimitStore is the report limiter's storage (Fiber's Storage interface:
// Get, Set, Delete, Reset, Close) kept in the database, so every replica
// counts the same reports. It keeps client addresses only for the window.
type LimitStore struct {
	db        *gorm.DB
	now       func() time.Time
	lastSweep atomic.Int64
}

// LimitStore returns the store for a limiter.
func (s *Store) LimitStore(now func() time.Time) *LimitStore {
	return &LimitStore{db: s.DB, now: now}
}

// Get returns the value of key, nil when there is none or it expired.
func (l *LimitStore) Get(key string) ([]byte, error) {
	var e LimitEntry
	err := l.db.Where("key = ?", key).Limit(1).Find(&e).Error
	if err != nil || e.Key == "" || (e.ExpiresAt != nil && !l.now().Before(*e.ExpiresAt)) {
		return nil, err
	}
	return e.Value, nil
}

// Set stores val under key for exp (0: no expiry).
func (l *LimitStore) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	if now := l.now().UnixNano(); now-l.lastSweep.Load() > int64(time.Minute) {
		// Now and then, drop what has expired: addresses are kept only
		// for their window.
		l.lastSweep.Store(now)
		_ = l.Sweep()
	}
	e := LimitEntry{Key: key, Value: val}
	if exp > 0 {
		t := l.now().Add(exp)
		e.ExpiresAt = &t
	}
	return l.db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value", "expires_at"})}).Create(&e).Error
}

// Delete removes key.
func (l *LimitStore) Delete(key string) error {
	return l.db.Where("key = ?", key).Delete(&LimitEntry{}).Error
}

// Reset removes every entry.
func (l *LimitStore) Reset() error {
	return l.db.Where("1 = 1").Delete(&LimitEntry{}).Error
}

// Close does nothing: the database belongs to the Store.
func (l *LimitStore) Close() error { return nil }

// Sweep deletes expired entries.
func (l *LimitStore) Sweep() error {
	return l.db.Where("expires_at IS NOT NULL AND expires_at < ?", l.now()).Delete(&LimitEntry{}).Error
}
