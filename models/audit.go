package models

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"gorm.io/gorm"
)

// Actor is the signed-in user on whose behalf a write happens. The zero
// Actor is the system itself (first-admin bootstrap, the create-admin
// command).
type Actor struct {
	ID    uint
	Email string
}

// System is the actor of writes no signed-in user made.
var System = Actor{Email: "system"}

// Audited entity names.
const (
	EntityAgency        = "agency"
	EntityReport        = "report"
	EntityUser          = "user"
	EntityContact       = "contact"
	EntityChecklistItem = "checklist_item"
	EntityQuestion      = "question"
	EntityPhrase        = "phrase"
	EntityCostItem      = "cost_item"
)

// AuditEntities are the entity names an audit query may filter by.
var AuditEntities = []string{EntityAgency, EntityReport, EntityUser, EntityContact, EntityChecklistItem, EntityQuestion, EntityPhrase, EntityProposal, EntityClip, EntityCostItem}

// audit appends one entry inside the caller's transaction, so the change
// and its record are stored together or not at all. Nothing updates or
// deletes audit entries.
func audit(tx *gorm.DB, who Actor, entity string, id uint, action string, changes []FieldChange, reason, evidence string) error {
	e := AuditEntry{At: tx.NowFunc(), UserEmail: who.Email, Entity: entity, EntityID: id, Action: action,
		Changes: changes, Reason: reason, EvidenceRef: evidence}
	if who.ID != 0 {
		uid := who.ID
		e.UserID = &uid
	}
	if e.Changes == nil {
		e.Changes = []FieldChange{}
	}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	return nil
}

// changeList collects field changes, skipping fields whose value did not
// change.
type changeList []FieldChange

func (cl *changeList) add(field string, from, to any) {
	if reflect.DeepEqual(from, to) {
		return
	}
	*cl = append(*cl, FieldChange{Field: field, From: from, To: to})
}

func (cl changeList) has(field string) bool {
	for _, c := range cl {
		if c.Field == field {
			return true
		}
	}
	return false
}

// AuditView is one audit entry as the console shows it.
type AuditView struct {
	ID          uint          `json:"id"`
	At          time.Time     `json:"at"`
	UserID      *uint         `json:"user_id"`
	UserEmail   string        `json:"user_email"`
	Entity      string        `json:"entity" doc:"enum=entity"`
	EntityID    uint          `json:"entity_id"`
	Action      string        `json:"action"`
	Changes     []FieldChange `json:"changes"`
	Reason      string        `json:"reason"`
	EvidenceRef string        `json:"evidence_ref"`
}

// AuditQuery selects audit entries; empty fields match everything.
type AuditQuery struct {
	Entity   string
	EntityID uint
	Limit    int
	Offset   int
}

// AuditPage is one page of audit entries, newest first.
type AuditPage struct {
	Items []AuditView `json:"items"`
	Total int64       `json:"total"`
}

// ListAudit returns audit entries, newest first.
func (s *Store) ListAudit(ctx context.Context, q AuditQuery) (AuditPage, error) {
	db := s.DB.WithContext(ctx).Model(&AuditEntry{})
	if q.Entity != "" {
		db = db.Where("entity = ?", q.Entity)
	}
	if q.EntityID != 0 {
		db = db.Where("entity_id = ?", q.EntityID)
	}
	var page AuditPage
	if err := db.Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("count audit entries: %w", err)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var list []AuditEntry
	if err := db.Order("id DESC").Limit(q.Limit).Offset(q.Offset).Find(&list).Error; err != nil {
		return page, fmt.Errorf("list audit entries: %w", err)
	}
	page.Items = make([]AuditView, len(list))
	for i, e := range list {
		ch := e.Changes
		if ch == nil {
			ch = []FieldChange{}
		}
		page.Items[i] = AuditView{ID: e.ID, At: e.At, UserID: e.UserID, UserEmail: e.UserEmail, Entity: e.Entity,
			EntityID: e.EntityID, Action: e.Action, Changes: ch, Reason: e.Reason, EvidenceRef: e.EvidenceRef}
	}
	return page, nil
}
