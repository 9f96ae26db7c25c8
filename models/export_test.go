package models

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// SetIntegrityPage makes the integrity check read n records at a time until
// the returned function is called.
func SetIntegrityPage(n int) (restore func()) {
	old := integrityPage
	integrityPage = n
	return func() { integrityPage = old }
}

// AppendOldShapeForTest appends a record of every public record as a
// server from before three-language reasons wrote it: each status-history
// reason the string that was typed (StatusChange.Reason), the record's own
// reason a string. genesis starts the log; otherwise the records are
// updates. For the tests of the migration and of replaying both shapes.
func AppendOldShapeForTest(ctx context.Context, db *gorm.DB, reason string, genesis bool) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		state, err := publicState(tx, "")
		if err != nil {
			return err
		}
		var changes []StatusChange
		if err := tx.Order("agency_id, at, id").Find(&changes).Error; err != nil {
			return err
		}
		typed := map[uint][]string{}
		for _, c := range changes {
			typed[c.AgencyID] = append(typed[c.AgencyID], c.Reason)
		}
		var recs []pendingRecord
		for _, k := range state.Keys() {
			data := state[k]
			if k.Entity == KindAgency {
				var m map[string]any
				if err := json.Unmarshal(data, &m); err != nil {
					return err
				}
				steps, _ := m["status_history"].([]any)
				for i, st := range steps {
					if i >= len(typed[k.ID]) {
						return fmt.Errorf("agency %d: history and rows differ", k.ID)
					}
					st.(map[string]any)["reason"] = typed[k.ID][i]
				}
				if data, err = Canonical(m); err != nil {
					return err
				}
			}
			recs = append(recs, pendingRecord{entity: k.Entity, id: k.ID, data: data, reason: plainReason(reason)})
		}
		return appendRecords(tx, recs, 0, genesis)
	})
}

// AppendHistoryReasonForTest appends an update of agency id as it is
// stored, but with every status-history reason the raw JSON given (null, a
// number: shapes no version of the app logged), for the tests that the
// check reports such a record.
func AppendHistoryReasonForTest(ctx context.Context, db *gorm.DB, id uint, raw string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		state, err := publicState(tx, "id = ?", id)
		if err != nil {
			return err
		}
		data, ok := state[StateKey{KindAgency, id}]
		if !ok {
			return fmt.Errorf("agency %d is not public", id)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		steps, _ := m["status_history"].([]any)
		for _, st := range steps {
			st.(map[string]any)["reason"] = json.RawMessage(raw)
		}
		if data, err = Canonical(m); err != nil {
			return err
		}
		return appendRecords(tx, []pendingRecord{{entity: KindAgency, id: id, data: data, reason: plainReason("test")}}, 0, false)
	})
}
