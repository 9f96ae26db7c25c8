package models

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"gorm.io/gorm"
)

// migrationReason is the public reason of the records the migration of
// older status history appends.
var migrationReason = Text{
	"ປະຫວັດສະຖານະ: ເຫດຜົນເປັນພາສາລາວ, ໄທ ແລະ ອັງກິດ",
	"ประวัติสถานะ: เหตุผลเป็นภาษาลาว ไทย และอังกฤษ",
	"Status history: reasons in Lao, Thai and English",
}

// errLogDisagrees stops the migration of a database whose data already
// differs from its log: the migration's records would hide that (the
// start-up check reports it instead).
var errLogDisagrees = errors.New("the data differs from the log")

// migrateStatusReasons gives every step of history recorded before reasons
// had three languages its three-language reason (the transition's standard
// sentence, then the old text as typed), once. Signed history is never
// rewritten: the listings whose public form changes get a new log record
// each (an update, at a new revision, so phones fetch them), and the old
// records stay as they were. It runs only if the log still agrees with the
// listings as they were (the old shape, read through UpgradeAgencyRecord).
func (s *Store) migrateStatusReasons(ctx context.Context) error {
	var n int64
	if err := s.DB.WithContext(ctx).Model(&StatusChange{}).Where("reason_code = ?", "").Count(&n).Error; err != nil {
		return fmt.Errorf("migrate status reasons: %w", err)
	}
	if n == 0 {
		return nil
	}
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var old []StatusChange
		if err := tx.Where("reason_code = ?", "").Order("id").Find(&old).Error; err != nil {
			return fmt.Errorf("migrate status reasons: read history: %w", err)
		}
		if len(old) == 0 {
			return errNoChange // another replica did it meanwhile
		}
		var ids []uint
		seen := map[uint]bool{}
		for _, c := range old {
			if !seen[c.AgencyID] {
				seen[c.AgencyID] = true
				ids = append(ids, c.AgencyID)
			}
		}
		// The listings' public form now (old steps already read in three
		// languages by StatusChange.View) against the log's last record
		// of each, brought to the same shape.
		live := map[uint]bool{}
		for rest := ids; len(rest) > 0; {
			k := min(len(rest), 500)
			state, err := publicState(tx, "id IN ?", rest[:k])
			if err != nil {
				return err
			}
			for key, data := range state {
				if key.Entity != KindAgency {
					continue
				}
				live[key.ID] = true
				logged, err := lastLogged(tx, key)
				if err != nil {
					return err
				}
				if logged == nil || !bytes.Equal(logged, data) {
					return errLogDisagrees
				}
			}
			rest = rest[k:]
		}
		for _, c := range old {
			code := v1DefaultReason(c.From, c.To).Code
			text := legacyReasonText(c.From, c.To, c.Reason)
			err := tx.Model(&StatusChange{}).Where("id = ?", c.ID).
				Updates(&StatusChange{ReasonCode: code, ReasonText: text}).Error
			if err != nil {
				return fmt.Errorf("migrate status reason %d: %w", c.ID, err)
			}
		}
		for _, id := range ids {
			if live[id] {
				if err := TouchAgency(tx, id, rev); err != nil {
					return err
				}
			}
		}
		LogApprovals(tx, 0)
		logReasonText(tx, migrationReason)
		return nil
	})
	switch {
	case errors.Is(err, errNoChange):
		return nil
	case errors.Is(err, errLogDisagrees):
		// Left for the integrity check to report (it will, at start and on
		// /readyz); migrating would hide which record was altered.
		slog.Warn("status-history reasons left in their old form: the data already differs from the public log", "err", err)
		return nil
	case err != nil:
		return fmt.Errorf("migrate status reasons: %w", err)
	}
	return nil
}

// lastLogged is the data of the newest log record of key, upgraded to the
// current shape (nil if the log has none, or says it was deleted;
// errLogDisagrees if it does not read).
func lastLogged(tx *gorm.DB, key StateKey) ([]byte, error) {
	var head LogHead
	err := tx.Where("entity = ? AND entity_id = ?", key.Entity, key.ID).Limit(1).Find(&head).Error
	if err != nil {
		return nil, fmt.Errorf("log: read head of %s: %w", key, err)
	}
	if head.Records == 0 || head.Deleted {
		return nil, nil
	}
	var rec LogRecord
	if err := tx.Where("seq = ?", head.LastSeq).First(&rec).Error; err != nil {
		return nil, fmt.Errorf("log: read record %d: %w", head.LastSeq, err)
	}
	// A record that does not read (not JSON, a history step in no shape
	// the log has held) disagrees with any data: the check reports it.
	var r RecordJSON
	if err := json.Unmarshal(rec.Body, &r); err != nil {
		return nil, fmt.Errorf("%w: record %d: %v", errLogDisagrees, head.LastSeq, err)
	}
	up, err := UpgradeAgencyRecord(r.Data)
	if err != nil {
		return nil, fmt.Errorf("%w: record %d: %v", errLogDisagrees, head.LastSeq, err)
	}
	return up, nil
}

// UpgradeAgencyRecord brings a listing's logged data to the current shape:
// a history step whose reason is a string (logged before reasons had three
// languages) reads as the migration writes it, through the frozen v1
// sentences (v1UpgradeReasons), never the live ones. Data already in the
// current shape comes back unchanged (canonical). A step in neither shape
// (a reason null or missing: no version ever logged one) is an error, not
// something to upgrade: the check then reports the record.
func UpgradeAgencyRecord(data []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("agency record: %w", err)
	}
	steps, reasons, err := loggedHistory(m)
	if err != nil {
		return nil, fmt.Errorf("agency record: %w", err)
	}
	changed := false
	for i, st := range steps {
		if reasons[i].Text != nil {
			continue // already {"lo","th","en"}
		}
		from, okFrom := jsonString(st["from"])
		to, okTo := jsonString(st["to"])
		if !okFrom || !okTo {
			return nil, fmt.Errorf("agency record: status_history[%d]: from and to must be strings", i)
		}
		b, err := json.Marshal(legacyReasonText(from, to, reasons[i].Plain))
		if err != nil {
			return nil, err
		}
		st["reason"], changed = b, true
	}
	if changed {
		b, err := json.Marshal(steps)
		if err != nil {
			return nil, err
		}
		m["status_history"] = b
	}
	return Canonical(m)
}

// loggedHistory reads the status history of a listing's logged data: each
// step an object whose reason has one of the shapes the log has held, a
// string (v1) or {"lo","th","en"}. A null or missing history is no steps.
func loggedHistory(m map[string]json.RawMessage) ([]map[string]json.RawMessage, []RecordReason, error) {
	var steps []map[string]json.RawMessage
	if raw, ok := m["status_history"]; ok {
		if err := json.Unmarshal(raw, &steps); err != nil {
			return nil, nil, fmt.Errorf("status_history: %w", err)
		}
	}
	reasons := make([]RecordReason, len(steps))
	for i, st := range steps {
		raw, ok := st["reason"]
		switch {
		case st == nil:
			return nil, nil, fmt.Errorf("status_history[%d] is not an object", i)
		case !ok:
			return nil, nil, fmt.Errorf("status_history[%d] has no reason", i)
		}
		if err := reasons[i].UnmarshalJSON(raw); err != nil {
			return nil, nil, fmt.Errorf("status_history[%d]: %w", i, err)
		}
	}
	return steps, reasons, nil
}

// jsonString reads raw as a JSON string (not null, which encoding/json
// would read as "" without complaint).
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}
