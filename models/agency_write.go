package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

const evidenceMax = 200

// errNoChange rolls back a Write that turned out to change nothing, so the
// revision does not advance for it; callers treat it as success.
var errNoChange = errors.New("nothing changed")

// AgencyCreate is what a verifier sends to add a listing. A reason, when
// given, becomes the first step of the public status history: the standard
// sentence ReasonCode names (or the default for the status) followed by the
// reference, given once (Reason) or in each language (ReasonNote).
type AgencyCreate struct {
	LicenceNo      string   `json:"licence_no" text:"strict" doc:"required,max=64"`
	NameLo         string   `json:"name_lo" text:"strict" doc:"max=200"`
	NameEn         string   `json:"name_en" text:"strict" doc:"max=200"`
	Province       string   `json:"province" doc:"required,max=64"`
	District       string   `json:"district" doc:"max=64"`
	Phones         []string `json:"phones" doc:"max=10,itemmax=40"`
	Sectors        []string `json:"sectors" doc:"enum=sector"`
	Status         string   `json:"status" doc:"required,enum=agency_status"`
	LicenceIssued  string   `json:"licence_issued"`
	LicenceExpires string   `json:"licence_expires"`
	PublicNotes    Text     `json:"public_notes" text:"long"`
	Reason         string   `json:"reason" doc:"max=400"`
	ReasonCode     string   `json:"reason_code" doc:"enum=status_reason"`
	ReasonNote     *Text    `json:"reason_note"`
	EvidenceRef    string   `json:"evidence_ref" doc:"max=200"`
}

// AgencyPatch changes a listing; absent fields stay as they are. Version is
// the version the edit was based on: if the listing changed since, the
// patch is refused with a conflict instead of overwriting the newer edit.
type AgencyPatch struct {
	Version        *int      `json:"version" doc:"required,min=1"`
	LicenceNo      *string   `json:"licence_no" text:"strict" doc:"max=64"`
	NameLo         *string   `json:"name_lo" text:"strict" doc:"max=200"`
	NameEn         *string   `json:"name_en" text:"strict" doc:"max=200"`
	Province       *string   `json:"province"`
	District       *string   `json:"district" doc:"max=64"`
	Phones         *[]string `json:"phones" doc:"max=10,itemmax=40"`
	Sectors        *[]string `json:"sectors" doc:"enum=sector"`
	Status         *string   `json:"status" doc:"enum=agency_status"`
	LicenceIssued  *string   `json:"licence_issued"`
	LicenceExpires *string   `json:"licence_expires"`
	PublicNotes    *Text     `json:"public_notes" text:"long"`
	// Reason is the reference of a status change, the same in every
	// language (a notice number), or, without a status change, the audit
	// entry's note; ReasonNote is the reference written in each language.
	// ReasonCode picks the standard sentence (default: the transition's).
	Reason      string `json:"reason" doc:"max=500"`
	ReasonCode  string `json:"reason_code" doc:"enum=status_reason"`
	ReasonNote  *Text  `json:"reason_note"`
	EvidenceRef string `json:"evidence_ref" doc:"max=200"`
}

// apply copies the patch's fields onto a.
func (p *AgencyPatch) apply(a *Agency) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&a.LicenceNo, p.LicenceNo)
	set(&a.NameLo, p.NameLo)
	set(&a.NameEn, p.NameEn)
	set(&a.Province, p.Province)
	set(&a.District, p.District)
	set(&a.Status, p.Status)
	set(&a.LicenceIssued, p.LicenceIssued)
	set(&a.LicenceExpires, p.LicenceExpires)
	if p.Phones != nil {
		a.Phones = append(StringList{}, (*p.Phones)...)
	}
	if p.Sectors != nil {
		a.Sectors = append(StringList{}, (*p.Sectors)...)
	}
	if p.PublicNotes != nil {
		a.PublicNotes = *p.PublicNotes
	}
}

// AgencyDelete is the body of a deletion: why (public, required) and
// optionally the version it was based on.
type AgencyDelete struct {
	Reason      string `json:"reason" doc:"required,max=500"`
	EvidenceRef string `json:"evidence_ref" doc:"max=200"`
	Version     *int   `json:"version"`
}

// agencyChanges lists the fields that differ between two listings, in the
// CSV's order, with the values as the CSV writes them.
func agencyChanges(from, to *Agency) changeList {
	var ch changeList
	ch.add("licence_no", from.LicenceNo, to.LicenceNo)
	ch.add("name_lo", from.NameLo, to.NameLo)
	ch.add("name_en", from.NameEn, to.NameEn)
	ch.add("province", from.Province, to.Province)
	ch.add("district", from.District, to.District)
	ch.add("phones", joinList(from.Phones), joinList(to.Phones))
	ch.add("sectors", joinList(from.Sectors), joinList(to.Sectors))
	ch.add("status", from.Status, to.Status)
	ch.add("licence_issued", from.LicenceIssued, to.LicenceIssued)
	ch.add("licence_expires", from.LicenceExpires, to.LicenceExpires)
	ch.add("public_notes_lo", from.PublicNotes.Lo, to.PublicNotes.Lo)
	ch.add("public_notes_th", from.PublicNotes.Th, to.PublicNotes.Th)
	ch.add("public_notes_en", from.PublicNotes.En, to.PublicNotes.En)
	return ch
}

// joinList writes a list the way the CSV does: "a; b".
func joinList(l []string) string { return strings.Join(l, "; ") }

func validEvidence(ref string, fe FieldErrors) string {
	ref = strings.TrimSpace(ref)
	if utf8.RuneCountInString(ref) > evidenceMax {
		fe.Problem("evidence_ref", TooLong(evidenceMax))
	}
	return ref
}

// CreateAgency validates and stores a new listing, its first history step
// (when a reason is given) and the audit entry, in one write.
func (s *Store) CreateAgency(ctx context.Context, who Actor, in AgencyCreate) (AgencyView, error) {
	a := Agency{LicenceNo: in.LicenceNo, NameLo: in.NameLo, NameEn: in.NameEn, Province: in.Province,
		District: in.District, Phones: in.Phones, Sectors: in.Sectors, Status: in.Status,
		LicenceIssued: in.LicenceIssued, LicenceExpires: in.LicenceExpires, PublicNotes: in.PublicNotes}
	fe := ValidateAgency(&a)
	checkStatusDates(nil, &a, Today(time.Now()), fe)
	var reason *statusReason
	if ri := (ReasonInput{Code: in.ReasonCode, Note: in.Reason, Notes: in.ReasonNote}); ri.Given() {
		reason = newStatusReason("", a.Status, ri, fe)
	}
	evidence := validEvidence(in.EvidenceRef, fe)
	if err := fe.Err(); err != nil {
		return AgencyView{}, err
	}
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		if why := saferAgency(nil, &a); s.mustPropose(tx, why) {
			return propose(Proposal{Kind: ProposeCreate, Entity: EntityAgency, Label: agencyLabel(&a), Input: mustJSON(in),
				Changes: agencyChanges(&Agency{}, &a), Why: why})
		}
		return insertAudited(tx, who, &a, rev, reason, evidence, "create")
	})
	if err != nil {
		return AgencyView{}, s.recordProposal(ctx, who, err)
	}
	return s.agencyDetail(ctx, s.DB, a.ID)
}

// statusReason is the public reason of one status change, composed.
type statusReason struct {
	code string
	text Text
}

// newStatusReason composes the reason of the change from → to (nil, with
// the problems in fe, when the input is wrong).
func newStatusReason(from, to string, in ReasonInput, fe FieldErrors) *statusReason {
	n := len(fe)
	code, text := StatusReasonText(from, to, in, fe)
	if len(fe) > n {
		return nil
	}
	return &statusReason{code: code, text: text}
}

// auditNote is what the audit entry keeps of the reason: the English.
func (r *statusReason) auditNote() string {
	if r == nil {
		return ""
	}
	return r.text.En
}

// step is the history step the reason explains, logged with it.
func (r *statusReason) step(tx *gorm.DB, agencyID uint, at time.Time, from, to, evidence string, who Actor) StatusChange {
	logStatusReasonFor(tx, agencyID, r.text)
	return StatusChange{AgencyID: agencyID, At: at, From: from, To: to, Reason: r.text.En, ReasonCode: r.code,
		ReasonText: r.text, EvidenceRef: evidence, UserID: userID(who)}
}

// insertAudited inserts a validated listing with its first history step
// (when there is a reason) and audit entry, inside a Write.
func insertAudited(tx *gorm.DB, who Actor, a *Agency, rev int64, reason *statusReason, evidence, action string) error {
	now := tx.NowFunc()
	a.LastVerifiedAt = &now
	if err := InsertAgency(tx, a, rev); err != nil {
		return err
	}
	if reason != nil {
		sc := reason.step(tx, a.ID, now, "", a.Status, evidence, who)
		if err := tx.Create(&sc).Error; err != nil {
			return fmt.Errorf("record status history: %w", err)
		}
	}
	return audit(tx, who, EntityAgency, a.ID, action, agencyChanges(&Agency{}, a), reason.auditNote(), evidence)
}

func userID(who Actor) *uint {
	if who.ID == 0 {
		return nil
	}
	id := who.ID
	return &id
}

// PatchAgency applies a verifier's edit. A stale version is a conflict
// whose detail is the current listing; a status change needs a reason and
// adds a step to the public history. Everything, audit entry included, is
// one write.
func (s *Store) PatchAgency(ctx context.Context, who Actor, id uint, p AgencyPatch) (AgencyView, error) {
	if p.Version == nil {
		return AgencyView{}, &Error{Code: ECodeInvalid, Message: "send the version of the listing your edit is based on",
			Fields: FieldErrors{"version": Required()}}
	}
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var cur Agency
		if err := tx.First(&cur, id).Error; err != nil {
			return notFound(err, "agency")
		}
		if cur.Version != *p.Version {
			return s.conflict(ctx, tx, id)
		}
		next := cur
		next.Phones = append(StringList{}, cur.Phones...)
		next.Sectors = append(StringList{}, cur.Sectors...)
		p.apply(&next)
		fe := ValidateAgency(&next)
		checkStatusDates(&cur, &next, Today(time.Now()), fe)
		evidence := validEvidence(p.EvidenceRef, fe)
		ri := ReasonInput{Code: p.ReasonCode, Note: p.Reason, Notes: p.ReasonNote}
		var reason editReason
		switch {
		case next.Status != cur.Status:
			reason.status = newStatusReason(cur.Status, next.Status, ri, fe)
		case p.ReasonCode != "" || p.ReasonNote != nil:
			fe.Problem("reason_code", OnlyWithStatus().Say("a standard reason and a reason_note go with a change of status only; send reason for a note on another edit"))
		case strings.TrimSpace(p.Reason) != "":
			reason.note = ValidReason(p.Reason, fe)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		ch := agencyChanges(&cur, &next)
		if len(ch) == 0 {
			return errNoChange
		}
		if next.LicenceKey != cur.LicenceKey {
			if err := checkLicenceImitation(tx, next.LicenceNo, id); err != nil {
				return err
			}
			if err := licenceFree(tx, next.LicenceKey, id); err != nil {
				return err
			}
		}
		if why := saferAgency(&cur, &next); s.mustPropose(tx, why) {
			return propose(Proposal{Kind: ProposeUpdate, Entity: EntityAgency, EntityID: id, Label: agencyLabel(&cur),
				Input: mustJSON(p), Changes: ch, Why: why, Base: strconv.Itoa(cur.Version)})
		}
		return updateAudited(tx, who, &cur, &next, ch, rev, reason, evidence, "update")
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return AgencyView{}, s.recordProposal(ctx, who, err)
	}
	return s.agencyDetail(ctx, s.DB, id)
}

// editReason is why a listing was edited: a status change's public reason,
// or a note for the audit entry of any other edit.
type editReason struct {
	status *statusReason
	note   string
}

func (r editReason) auditNote() string {
	if r.status != nil {
		return r.status.auditNote()
	}
	return r.note
}

// updateAudited stores next over cur (same id) at rev, guarded by cur's
// version, with a history step when the status changed, and the audit
// entry.
func updateAudited(tx *gorm.DB, who Actor, cur, next *Agency, ch changeList, rev int64, reason editReason, evidence, action string) error {
	now := tx.NowFunc()
	row := *next
	row.LastVerifiedAt, row.Version, row.Revision, row.UpdatedAt = &now, cur.Version+1, rev, now
	// Select names every column, so emptied fields are written too; the
	// struct (not a map) makes GORM apply the JSON serializers.
	res := tx.Model(&Agency{}).Where("id = ? AND version = ?", cur.ID, cur.Version).
		Select("licence_no", "licence_key", "name_lo", "name_en", "province", "district", "phones", "sectors",
			"status", "licence_issued", "licence_expires", "public_notes", "last_verified_at", "version", "revision", "updated_at").
		Updates(&row)
	if res.Error != nil {
		return fmt.Errorf("update agency %d: %w", cur.ID, res.Error)
	}
	if res.RowsAffected != 1 {
		return &Error{Code: ECodeConflict, Message: "the listing was changed by someone else; reload it and edit again"}
	}
	if next.Status != cur.Status {
		if reason.status == nil {
			return fmt.Errorf("update agency %d: a status change without its reason", cur.ID)
		}
		sc := reason.status.step(tx, cur.ID, now, cur.Status, next.Status, evidence, who)
		if err := tx.Create(&sc).Error; err != nil {
			return fmt.Errorf("record status history: %w", err)
		}
	}
	return audit(tx, who, EntityAgency, cur.ID, action, ch, reason.auditNote(), evidence)
}

func licenceFree(tx *gorm.DB, key string, except uint) error {
	var n int64
	if err := tx.Unscoped().Model(&Agency{}).Where("licence_key = ? AND id <> ?", key, except).Count(&n).Error; err != nil {
		return fmt.Errorf("check licence number: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECodeConflict, Message: "another agency with this licence number is already on the list, or was deleted (then restore it from Deleted listings)",
			Fields: FieldErrors{"licence_no": Taken().Say("already listed")}}
	}
	return nil
}

// conflict builds the 409 answer: the listing as it is now.
func (s *Store) conflict(ctx context.Context, tx *gorm.DB, id uint) error {
	cur, err := s.agencyDetail(ctx, tx, id)
	if err != nil {
		return err
	}
	return &Error{Code: ECodeConflict,
		Message: "someone else changed this listing after you opened it; nothing was saved. Here is the current version: check it and make your change again",
		Detail:  cur}
}

// DeleteAgency removes a listing from the public list (soft delete: the
// row, its history and its audit trail stay), leaving a tombstone so
// phones drop it at their next sync.
func (s *Store) DeleteAgency(ctx context.Context, who Actor, id uint, d AgencyDelete) error {
	fe := FieldErrors{}
	reason := ValidReason(d.Reason, fe)
	evidence := validEvidence(d.EvidenceRef, fe)
	if err := fe.Err(); err != nil {
		return err
	}
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var cur Agency
		if err := tx.First(&cur, id).Error; err != nil {
			return notFound(err, "agency")
		}
		if d.Version != nil && *d.Version != cur.Version {
			return s.conflict(ctx, tx, id)
		}
		if why := saferAgency(&cur, nil); s.mustPropose(tx, why) {
			in := d
			v := cur.Version
			in.Version = &v // approved only if the listing is still as the proposer saw it
			return propose(Proposal{Kind: ProposeDelete, Entity: EntityAgency, EntityID: id, Label: agencyLabel(&cur),
				Input: mustJSON(in), Changes: []FieldChange{{Field: "deleted", From: false, To: true}}, Why: why, Base: strconv.Itoa(cur.Version)})
		}
		if err := tx.Model(&Agency{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"revision": rev, "version": cur.Version + 1, "deleted_at": tx.NowFunc()}).Error; err != nil {
			return fmt.Errorf("delete agency %d: %w", id, err)
		}
		if err := AddTombstone(tx, KindAgency, id, rev); err != nil {
			return err
		}
		logReasonFor(tx, KindAgency, id, reason)
		return audit(tx, who, EntityAgency, id, "delete", []FieldChange{{Field: "deleted", From: false, To: true}}, reason, evidence)
	})
	return s.recordProposal(ctx, who, err)
}

// AgencyDetail returns one listing (not deleted) as the console edits it:
// the public view with history and warnings, read from the database.
func (s *Store) AgencyDetail(ctx context.Context, id uint) (AgencyView, error) {
	return s.agencyDetail(ctx, s.DB, id)
}

func (s *Store) agencyDetail(ctx context.Context, db *gorm.DB, id uint) (AgencyView, error) {
	db = db.WithContext(ctx)
	var a Agency
	if err := db.First(&a, id).Error; err != nil {
		return AgencyView{}, notFound(err, "agency")
	}
	var changes []StatusChange
	if err := db.Where("agency_id = ?", id).Order("at, id").Find(&changes).Error; err != nil {
		return AgencyView{}, fmt.Errorf("load status history: %w", err)
	}
	history := make([]StatusView, len(changes))
	for i, c := range changes {
		history[i] = c.View()
	}
	warnings, err := publicWarnings(ctx, db.Where("agency_id = ?", id))
	if err != nil {
		return AgencyView{}, err
	}
	return a.PublicView(history, warnings[id], Today(time.Now())), nil
}
