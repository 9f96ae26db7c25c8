package models

// Two people for anything that makes an agency look safer. One verifier
// account (a bribed official, a stolen password) must not be able to turn
// a known illegal recruiter into "licensed": such a change becomes a
// proposal, and only a different verifier or admin can make it public. A
// change that makes a listing look less safe applies at once.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Proposal statuses.
const (
	ProposalPending  = "pending"
	ProposalApproved = "approved"
	ProposalRejected = "rejected"
)

// ProposalStatuses lists them.
var ProposalStatuses = []string{ProposalPending, ProposalApproved, ProposalRejected}

// Kinds of proposals: which write approval re-runs.
const (
	ProposeCreate  = "agency_create"
	ProposeUpdate  = "agency_update"
	ProposeDelete  = "agency_delete"
	ProposeRestore = "agency_restore"
	ProposeImport  = "agency_import"
	ProposeTriage  = "report_triage" // a public warning removed
)

// EntityProposal is the audit entity of proposals.
const EntityProposal = "proposal"

// Proposal is a change waiting for a second person.
type Proposal struct {
	ID       uint          `gorm:"primaryKey"`
	Kind     string        `gorm:"size:32;not null"`
	Entity   string        `gorm:"size:32;not null"` // agency or report
	EntityID uint          `gorm:"not null;index"`   // 0 for a new listing or a file
	Label    string        `gorm:"size:300"`         // what it is about: licence number and name, or the file
	Input    []byte        `gorm:"not null"`         // the write's input, as JSON (an import: the CSV file)
	Changes  []FieldChange `gorm:"type:text;serializer:json"`
	Why      StringList    `gorm:"type:text;serializer:json"` // what makes it look safer
	// Base is what the change was based on: the listing's version, a
	// report's state, or a fingerprint of the import's analysis. If it
	// differs at approval, the approval is refused with 409.
	Base          string `gorm:"size:128;not null"`
	ProposedBy    uint   `gorm:"not null;index"`
	ProposerEmail string `gorm:"size:254"`
	Status        string `gorm:"size:16;not null;index"`
	DecidedBy     *uint
	DeciderEmail  string `gorm:"size:254"`
	DecidedAt     *time.Time
	Reason        string `gorm:"size:500"` // why it was rejected
	CreatedAt     time.Time
}

// ProposalView is a proposal as the console shows it.
type ProposalView struct {
	ID            uint          `json:"id"`
	Kind          string        `json:"kind"`
	Entity        string        `json:"entity"`
	EntityID      uint          `json:"entity_id"`
	Label         string        `json:"label"`
	Changes       []FieldChange `json:"changes"`
	Why           []string      `json:"why"`
	Base          string        `json:"base"`
	ProposedBy    uint          `json:"proposed_by"`
	ProposerEmail string        `json:"proposer_email"`
	Status        string        `json:"status"`
	DecidedBy     *uint         `json:"decided_by"`
	DeciderEmail  string        `json:"decider_email"`
	DecidedAt     *time.Time    `json:"decided_at"`
	Reason        string        `json:"reason"`
	CreatedAt     time.Time     `json:"created_at"`
}

func (p *Proposal) View() ProposalView {
	ch := p.Changes
	if ch == nil {
		ch = []FieldChange{}
	}
	return ProposalView{ID: p.ID, Kind: p.Kind, Entity: p.Entity, EntityID: p.EntityID, Label: p.Label, Changes: ch,
		Why: nonNil(p.Why), Base: p.Base, ProposedBy: p.ProposedBy, ProposerEmail: p.ProposerEmail, Status: p.Status,
		DecidedBy: p.DecidedBy, DeciderEmail: p.DeciderEmail, DecidedAt: p.DecidedAt, Reason: p.Reason, CreatedAt: p.CreatedAt}
}

// Proposed is the answer of a write that became a proposal: nothing public
// changed. Handlers answer 202 with it.
type Proposed struct {
	Proposal ProposalView
}

func (p *Proposed) Error() string {
	return fmt.Sprintf("proposal %d waits for a second person", p.Proposal.ID)
}

// needsApproval rolls back a write that turned out to need a second
// person; the store then records the proposal instead.
type needsApproval struct {
	p Proposal
}

func (n *needsApproval) Error() string { return "needs a second person" }

// ---- the rule ----

// SetTwoPerson turns the two-person rule on or off for this process. A
// change of the public setting is announced in the log (a setting record),
// so whoever checks the log sees when one person could decide alone.
func (s *Store) SetTwoPerson(ctx context.Context, on bool) error {
	s.twoPersonOff.Store(!on)
	logged, err := s.loggedTwoPerson(ctx)
	if err != nil {
		return err
	}
	if logged == on {
		return nil
	}
	reason := "PAIDEE_TWO_PERSON=off: a change that makes an agency look safer is checked by one person"
	if on {
		reason = "PAIDEE_TWO_PERSON=on: a change that makes an agency look safer is checked by two people"
	}
	return s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		ws := stateOf(tx)
		ws.approvals = 0
		ws.settings = append(ws.settings, settingRecord{data: map[string]any{"two_person": on}, reason: reason})
		return nil
	})
}

// TwoPerson reports whether safer changes need a second person here.
func (s *Store) TwoPerson() bool { return !s.twoPersonOff.Load() }

// loggedTwoPerson is the two-person setting as the log last announced it
// (on when never announced).
func (s *Store) loggedTwoPerson(ctx context.Context) (bool, error) {
	var rows []LogRecord
	err := s.DB.WithContext(ctx).Where("entity = ? AND kind = ?", EntityConfig, LogSetting).Order("seq DESC").Limit(1).Find(&rows).Error
	if err != nil {
		return false, fmt.Errorf("read the two-person setting: %w", err)
	}
	if len(rows) == 0 {
		return true, nil
	}
	var r RecordJSON
	if err := json.Unmarshal(rows[0].Body, &r); err != nil {
		return false, fmt.Errorf("read the two-person setting: %w", err)
	}
	var d struct {
		TwoPerson *bool `json:"two_person"`
	}
	if err := json.Unmarshal(r.Data, &d); err != nil || d.TwoPerson == nil {
		return true, nil
	}
	return *d.TwoPerson, nil
}

// approvalKey carries, in the context of a re-run write, the proposal
// being approved and who approves it.
type approvalKey struct{}

type approval struct {
	p        *Proposal
	approver Actor
}

func approvalOf(ctx context.Context) *approval {
	a, _ := ctx.Value(approvalKey{}).(*approval)
	return a
}

// mustPropose reports whether a change that looks safer (why non-empty)
// must wait for a second person in this write.
func (s *Store) mustPropose(tx *gorm.DB, why []string) bool {
	if len(why) == 0 || !s.TwoPerson() {
		return false
	}
	return approvalOf(tx.Statement.Context) == nil
}

// saferAgency lists what makes next look safer than cur (nil cur: a new
// listing; nil next: a deletion).
func saferAgency(cur, next *Agency) []string {
	var why []string
	switch {
	case next == nil:
		return []string{"listing deleted"}
	case cur == nil:
		if next.Status == StatusLicensed {
			why = append(why, "status: licensed")
		}
		return why
	}
	switch {
	case next.Status == cur.Status:
	case next.Status == StatusLicensed:
		why = append(why, "status: "+cur.Status+" → licensed")
	case strongWarning(cur.Status) && !strongWarning(next.Status):
		// "Known illegal recruiter" or "licence revoked" softened to
		// "licence expired" or "suspended" reads as less dangerous.
		why = append(why, "status: "+cur.Status+" → "+next.Status+" (a warning made weaker)")
	}
	// Who a licensed listing is: a new name, licence number, phone or place
	// on it would let another recruiter be found as "licensed".
	if next.Status == StatusLicensed {
		if next.LicenceKey != cur.LicenceKey && next.LicenceNo != cur.LicenceNo {
			why = append(why, "licence number of a licensed listing: "+cur.LicenceNo+" → "+next.LicenceNo)
		}
		for _, f := range []struct{ name, from, to string }{
			{"name_lo", cur.NameLo, next.NameLo}, {"name_en", cur.NameEn, next.NameEn},
			{"province", cur.Province, next.Province}, {"district", cur.District, next.District},
		} {
			if f.from != f.to {
				why = append(why, f.name+" of a licensed listing changed")
			}
		}
		if !sameList(cur.Phones, next.Phones) {
			why = append(why, "phones of a licensed listing changed")
		}
	}
	// A public note is the listing's written warning: removing or cutting
	// it makes the listing look safer; adding to it does not.
	for _, n := range []struct{ lang, from, to string }{
		{"lo", cur.PublicNotes.Lo, next.PublicNotes.Lo}, {"th", cur.PublicNotes.Th, next.PublicNotes.Th}, {"en", cur.PublicNotes.En, next.PublicNotes.En},
	} {
		if n.from != "" && !strings.Contains(n.to, n.from) {
			why = append(why, "public note ("+n.lang+") removed or shortened")
		}
	}
	if cur.LicenceExpires != "" && (next.LicenceExpires == "" || next.LicenceExpires > cur.LicenceExpires) {
		to := next.LicenceExpires
		if to == "" {
			to = "none"
		}
		why = append(why, "licence ends later: "+cur.LicenceExpires+" → "+to)
	}
	return why
}

// strongWarning is a status that says "do not deal with them at all".
func strongWarning(status string) bool { return status == StatusIllegal || status == StatusRevoked }

func sameList(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// propose rolls back the write and carries the proposal out of it.
func propose(p Proposal) error { return &needsApproval{p: p} }

// recordProposal stores the proposal a write turned into, with its audit
// entry, and returns the Proposed answer.
func (s *Store) recordProposal(ctx context.Context, who Actor, err error) error {
	var na *needsApproval
	if !errors.As(err, &na) {
		return err
	}
	p := na.p
	p.ProposedBy, p.ProposerEmail, p.Status = who.ID, who.Email, ProposalPending
	if p.Changes == nil {
		p.Changes = []FieldChange{}
	}
	werr := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&p).Error; err != nil {
			return fmt.Errorf("store proposal: %w", err)
		}
		return audit(tx, who, EntityProposal, p.ID, "propose", p.Changes, strings.Join(p.Why, "; "), "")
	})
	if werr != nil {
		return werr
	}
	return &Proposed{Proposal: p.View()}
}

// ---- listing and deciding ----

// ProposalQuery selects proposals; empty fields match all.
type ProposalQuery struct {
	Status   string
	Entity   string
	EntityID uint
	Limit    int
	Offset   int
}

// ProposalPage is a page of proposals, newest first.
type ProposalPage struct {
	Items []ProposalView `json:"items"`
	Total int64          `json:"total"`
}

// ListProposals returns proposals, newest first.
func (s *Store) ListProposals(ctx context.Context, q ProposalQuery) (ProposalPage, error) {
	db := s.DB.WithContext(ctx).Model(&Proposal{})
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	if q.Entity != "" {
		db = db.Where("entity = ?", q.Entity)
	}
	if q.EntityID != 0 {
		db = db.Where("entity_id = ?", q.EntityID)
	}
	page := ProposalPage{Items: []ProposalView{}}
	if err := db.Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("count proposals: %w", err)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var list []Proposal
	if err := db.Order("id DESC").Limit(q.Limit).Offset(q.Offset).Find(&list).Error; err != nil {
		return page, fmt.Errorf("list proposals: %w", err)
	}
	for i := range list {
		page.Items = append(page.Items, list[i].View())
	}
	return page, nil
}

// GetProposal returns one proposal.
func (s *Store) GetProposal(ctx context.Context, id uint) (ProposalView, error) {
	var p Proposal
	if err := s.DB.WithContext(ctx).First(&p, id).Error; err != nil {
		return ProposalView{}, notFound(err, "proposal")
	}
	return p.View(), nil
}

func (s *Store) pendingProposal(ctx context.Context, id uint) (*Proposal, error) {
	var p Proposal
	if err := s.DB.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound(err, "proposal")
	}
	if p.Status != ProposalPending {
		return nil, &Error{Code: ECodeConflict, Message: "this proposal was already " + p.Status + "; nothing changed"}
	}
	return &p, nil
}

// ApproveProposal makes a proposal public: it re-runs the proposed write,
// as its proposer, in one transaction with the proposal's approval and its
// audit entry, and the log records two approvals. The proposer cannot
// approve their own proposal (403 same_person); a proposal whose listing
// changed since it was made is refused (409) and stays pending.
func (s *Store) ApproveProposal(ctx context.Context, who Actor, id uint) (ProposalView, error) {
	p, err := s.pendingProposal(ctx, id)
	if err != nil {
		return ProposalView{}, err
	}
	if who.ID == p.ProposedBy {
		return ProposalView{}, &Error{Code: ECodeSamePerson,
			Message: "you proposed this change: a different verifier or admin must approve it"}
	}
	proposer := Actor{ID: p.ProposedBy, Email: p.ProposerEmail}
	ws := &writeState{approvals: 2}
	ws.afterFn = func(tx *gorm.DB) error {
		now := tx.NowFunc()
		res := tx.Model(&Proposal{}).Where("id = ? AND status = ?", p.ID, ProposalPending).Updates(map[string]any{
			"status": ProposalApproved, "decided_by": who.ID, "decider_email": who.Email, "decided_at": now})
		if res.Error != nil {
			return fmt.Errorf("approve proposal %d: %w", p.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return &Error{Code: ECodeConflict, Message: "this proposal was decided by someone else just now; nothing changed"}
		}
		return audit(tx, who, EntityProposal, p.ID, "approve", p.Changes, "", "")
	}
	actx := context.WithValue(context.WithValue(ctx, writeStateKey{}, ws), approvalKey{}, &approval{p: p, approver: who})
	if err := s.rerun(actx, proposer, p); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == ECodeConflict {
			return ProposalView{}, &Error{Code: ECodeConflict, Detail: e.Detail,
				Message: "the listing changed after this proposal was made; nothing was approved. The proposal stays pending: its proposer must look again and make a new one"}
		}
		return ProposalView{}, err
	}
	v, err := s.GetProposal(ctx, id)
	if err == nil && v.Status == ProposalPending {
		// The write found nothing left to change (someone made the same
		// change meanwhile): there is nothing to approve.
		return v, &Error{Code: ECodeConflict, Message: "the listing already is as proposed, or changed since; nothing was approved. The proposal stays pending for its proposer to withdraw or redo"}
	}
	return v, err
}

// rerun runs the proposed write again, under the approval in ctx.
func (s *Store) rerun(ctx context.Context, proposer Actor, p *Proposal) error {
	switch p.Kind {
	case ProposeCreate:
		var in AgencyCreate
		if err := json.Unmarshal(p.Input, &in); err != nil {
			return fmt.Errorf("proposal %d: %w", p.ID, err)
		}
		_, err := s.CreateAgency(ctx, proposer, in)
		return err
	case ProposeUpdate:
		var in AgencyPatch
		if err := json.Unmarshal(p.Input, &in); err != nil {
			return fmt.Errorf("proposal %d: %w", p.ID, err)
		}
		_, err := s.PatchAgency(ctx, proposer, p.EntityID, in)
		return err
	case ProposeDelete:
		var in AgencyDelete
		if err := json.Unmarshal(p.Input, &in); err != nil {
			return fmt.Errorf("proposal %d: %w", p.ID, err)
		}
		return s.DeleteAgency(ctx, proposer, p.EntityID, in)
	case ProposeRestore:
		var in AgencyRestore
		if err := json.Unmarshal(p.Input, &in); err != nil {
			return fmt.Errorf("proposal %d: %w", p.ID, err)
		}
		_, err := s.RestoreAgency(ctx, proposer, p.EntityID, in)
		return err
	case ProposeImport:
		_, err := s.ImportAgencies(ctx, proposer, p.Input, false)
		return err
	case ProposeTriage:
		var in ReportPatch
		if err := json.Unmarshal(p.Input, &in); err != nil {
			return fmt.Errorf("proposal %d: %w", p.ID, err)
		}
		_, err := s.TriageReport(ctx, proposer, p.EntityID, in)
		return err
	}
	return fmt.Errorf("proposal %d: unknown kind %q", p.ID, p.Kind)
}

// RejectProposal closes a proposal without changing anything public. A
// reason is required; the proposer may withdraw their own proposal this
// way.
func (s *Store) RejectProposal(ctx context.Context, who Actor, id uint, reason string) (ProposalView, error) {
	fe := FieldErrors{}
	reason = ValidReason(reason, fe)
	if err := fe.Err(); err != nil {
		return ProposalView{}, err
	}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var p Proposal
		if err := tx.First(&p, id).Error; err != nil {
			return notFound(err, "proposal")
		}
		if p.Status != ProposalPending {
			return &Error{Code: ECodeConflict, Message: "this proposal was already " + p.Status + "; nothing changed"}
		}
		now := tx.NowFunc()
		res := tx.Model(&Proposal{}).Where("id = ? AND status = ?", id, ProposalPending).Updates(map[string]any{
			"status": ProposalRejected, "decided_by": who.ID, "decider_email": who.Email, "decided_at": now, "reason": reason})
		if res.Error != nil {
			return fmt.Errorf("reject proposal %d: %w", id, res.Error)
		}
		if res.RowsAffected != 1 {
			return &Error{Code: ECodeConflict, Message: "this proposal was decided by someone else just now; nothing changed"}
		}
		action := "reject"
		if who.ID == p.ProposedBy {
			action = "withdraw"
		}
		return audit(tx, who, EntityProposal, id, action, p.Changes, reason, "")
	})
	if err != nil {
		return ProposalView{}, err
	}
	return s.GetProposal(ctx, id)
}

// fingerprint is a short hash of v's JSON, to tell at approval whether an
// import would still do exactly what was proposed.
func fingerprint(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // inputs are plain structs
	}
	return b
}

func agencyLabel(a *Agency) string {
	name := a.NameEn
	if name == "" {
		name = a.NameLo
	}
	return strings.TrimSpace(a.LicenceNo + " " + name)
}
