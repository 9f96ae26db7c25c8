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
