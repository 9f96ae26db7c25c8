package models

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// KeyRotation is a new signing key announced in the log: the note that
// names the old and the new key, signed by both (see trust.SignRotation).
type KeyRotation struct {
	Seq  int64  `json:"seq"`
	From string `json:"from"`
	To   string `json:"to"`
	Note string `json:"note"`
}

// AnnounceKey appends the rotation to the log (a setting record), so that
// whoever trusts the old key can follow it to the new one. from and to are
// what the note says; the caller has checked it.
func (s *Store) AnnounceKey(ctx context.Context, from, to string, note []byte) error {
	return s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		ws := stateOf(tx)
		ws.approvals = 0
		ws.settings = append(ws.settings, settingRecord{
			data:   map[string]any{"signing_key": map[string]string{"from": from, "to": to, "note": string(note)}},
			reason: "the signing key was rotated: the note is signed by the old and the new key",
		})
		return nil
	})
}

// KeyRotations lists the rotations the log announced, oldest first.
func (s *Store) KeyRotations(ctx context.Context) ([]KeyRotation, error) {
	var rows []LogRecord
	if err := s.DB.WithContext(ctx).Where("entity = ? AND kind = ?", EntityConfig, LogSetting).Order("seq").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read key rotations: %w", err)
	}
	out := []KeyRotation{}
	for _, r := range rows {
		var rec RecordJSON
		if err := json.Unmarshal(r.Body, &rec); err != nil {
			return nil, fmt.Errorf("record %d: %w", r.Seq, err)
		}
		var d struct {
			Key *KeyRotation `json:"signing_key"`
		}
		if err := json.Unmarshal(rec.Data, &d); err != nil || d.Key == nil {
			continue
		}
		d.Key.Seq = r.Seq
		out = append(out, *d.Key)
	}
	return out, nil
}

// settingSigningKey is the verifier key the log was first signed with.
const settingSigningKey = "signing_key"

// CheckSigningKey makes sure the server signs with the key the public log
// is known by: the last key a rotation announced, or else the key it was
// first signed with (kept from the first start). A missing key file or a
// replica without PAIDEE_SIGNING_KEY would otherwise make a new key
// silently, and every phone that pinned the real one would refuse every
// update, keeping old data (a revoked agency shown as licensed). allowNew
// accepts an unannounced key once (reported as replaced), for an operator
// who lost the key.
func (s *Store) CheckSigningKey(ctx context.Context, vkey string, allowNew bool) (replaced bool, err error) {
	rots, err := s.KeyRotations(ctx)
	if err != nil {
		return false, err
	}
	var set Setting
	if err := s.DB.WithContext(ctx).Where("key = ?", settingSigningKey).Limit(1).Find(&set).Error; err != nil {
		return false, fmt.Errorf("read the signing key: %w", err)
	}
	want := set.Value
	if len(rots) > 0 {
		want = rots[len(rots)-1].To
	}
	switch {
	case want == "":
		// The first start with a log (or a database from before keys
		// were kept): this key is the log's.
	case want == vkey:
		return false, nil
	case !allowNew:
		return false, fmt.Errorf("the public log is signed with the key %s, but this server has %s: "+
			"put the data directory's log-signing-key back or set PAIDEE_SIGNING_KEY to that key (every replica needs the same one); "+
			"to change keys, run paidee rotate-key; after a lost key only, start once with -new-signing-key (phones that pinned the old key will refuse updates)", want, vkey)
	default:
		replaced = true
	}
	err = s.DB.WithContext(ctx).Save(&Setting{Key: settingSigningKey, Value: vkey}).Error
	if err != nil {
		return false, fmt.Errorf("keep the signing key: %w", err)
	}
	return replaced, nil
}
