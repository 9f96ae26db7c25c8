package models

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// A listing deleted by mistake must be able to come back: its licence
// number stays taken by the deleted row (so that its history is kept), and
// without a restore the agency could never be listed again.

// DeletedAgency is a deleted listing as the console lists it.
type DeletedAgency struct {
	ID        uint      `json:"id"`
	LicenceNo string    `json:"licence_no"`
	NameLo    string    `json:"name_lo"`
	NameEn    string    `json:"name_en"`
	Province  string    `json:"province"`
	Status    string    `json:"status" doc:"enum=agency_status"`
	Demo      bool      `json:"demo"`
	DeletedAt time.Time `json:"deleted_at"`
	DeletedBy string    `json:"deleted_by"`
	Reason    string    `json:"reason"` // why it was deleted
}

// DeletedPage is one page of deleted listings, most recently deleted first.
type DeletedPage struct {
	Items []DeletedAgency `json:"items"`
	Total int64           `json:"total"`
}

// DeletedAgencies lists deleted listings with who deleted them and why.
func (s *Store) DeletedAgencies(ctx context.Context, limit, offset int) (DeletedPage, error) {
	db := s.DB.WithContext(ctx).Unscoped().Model(&Agency{}).Where("deleted_at IS NOT NULL")
	page := DeletedPage{Items: []DeletedAgency{}}
	if err := db.Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("count deleted agencies: %w", err)
	}
	var rows []Agency
	if err := db.Order("deleted_at DESC, id DESC").Limit(limit).Offset(offset).Find(&rows).Error; err != nil {
		return page, fmt.Errorf("list deleted agencies: %w", err)
	}
	for _, a := range rows {
		d := DeletedAgency{ID: a.ID, LicenceNo: a.LicenceNo, NameLo: a.NameLo, NameEn: a.NameEn, Province: a.Province,
			Status: a.Status, Demo: a.Demo, DeletedAt: a.DeletedAt.Time}
		var e AuditEntry
		err := s.DB.WithContext(ctx).Where("entity = ? AND entity_id = ? AND action = ?", EntityAgency, a.ID, "delete").
			Order("id DESC").Limit(1).Find(&e).Error
		if err != nil {
			return page, fmt.Errorf("deletion of agency %d: %w", a.ID, err)
		}
		d.DeletedBy, d.Reason = e.UserEmail, e.Reason
		page.Items = append(page.Items, d)
	}
	return page, nil
}

// AgencyRestore is the body of a restore: why (required) and optionally
// an evidence reference.
type AgencyRestore struct {
	Reason      string `json:"reason" doc:"required,max=500"`
	EvidenceRef string `json:"evidence_ref" doc:"max=200"`
}

// RestoreAgency puts a deleted listing back on the public list, as it was
// when deleted, with a new version. Its tombstone goes: phones that never
// saw the deletion must not drop it, and those that did get it back in
// their next delta.
func (s *Store) RestoreAgency(ctx context.Context, who Actor, id uint, r AgencyRestore) (AgencyView, error) {
	fe := FieldErrors{}
	reason := ValidReason(r.Reason, fe)
	evidence := validEvidence(r.EvidenceRef, fe)
	if err := fe.Err(); err != nil {
		return AgencyView{}, err
	}
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var cur Agency
		if err := tx.Unscoped().First(&cur, id).Error; err != nil {
			return notFound(err, "agency")
		}
		if !cur.DeletedAt.Valid {
			return &Error{Code: ECodeConflict, Message: "this listing is not deleted; nothing to restore"}
		}
		if ap := approvalOf(ctx); ap != nil && ap.p.Base != strconv.Itoa(cur.Version) {
			return &Error{Code: ECodeConflict, Message: "the listing changed after the restore was proposed"}
		}
		if cur.Status == StatusLicensed && s.mustPropose(tx, []string{"restored as licensed"}) {
			return propose(Proposal{Kind: ProposeRestore, Entity: EntityAgency, EntityID: id, Label: agencyLabel(&cur),
				Input: mustJSON(r), Changes: []FieldChange{{Field: "deleted", From: true, To: false}},
				Why: []string{"listing restored, as licensed"}, Base: strconv.Itoa(cur.Version)})
		}
		if err := tx.Unscoped().Model(&Agency{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"revision": rev, "version": cur.Version + 1, "deleted_at": nil, "updated_at": tx.NowFunc()}).Error; err != nil {
			return fmt.Errorf("restore agency %d: %w", id, err)
		}
		if err := tx.Where("kind = ? AND entity_id = ?", KindAgency, id).Delete(&Tombstone{}).Error; err != nil {
			return fmt.Errorf("remove the tombstone of agency %d: %w", id, err)
		}
		return audit(tx, who, EntityAgency, id, "restore", []FieldChange{{Field: "deleted", From: true, To: false}}, reason, evidence)
	})
	if err != nil {
		return AgencyView{}, s.recordProposal(ctx, who, err)
	}
	return s.AgencyDetail(ctx, id)
}
