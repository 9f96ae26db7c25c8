package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ReportStatuses lists every report status.
var ReportStatuses = []string{ReportNew, ReportReviewing, ReportUpheld, ReportDismissed}

// reportMoves says which status a report may move to from each status.
// Reports are looked at before they are decided (new → upheld is not
// allowed); obvious junk can be dismissed at once; a decision can be
// reopened for review, which withdraws a public warning.
var reportMoves = map[string][]string{
	ReportNew:       {ReportReviewing, ReportDismissed},
	ReportReviewing: {ReportUpheld, ReportDismissed},
	ReportUpheld:    {ReportReviewing},
	ReportDismissed: {ReportReviewing},
}

// ReportMoves returns the statuses a report in status st may move to.
func ReportMoves(st string) []string { return append([]string{}, reportMoves[st]...) }

const reviewNoteMax = 2000

// ReportView is a report as verifiers see it, with everything the worker
// typed. It is never public.
type ReportView struct {
	ID          uint       `json:"id"`
	Receipt     string     `json:"receipt"`
	Status      string     `json:"status" doc:"enum=report_status"`
	Moves       []string   `json:"moves"`
	AgencyID    *uint      `json:"agency_id"`
	Agency      *AgencyRef `json:"agency"`
	AgencyName  string     `json:"agency_name"`
	AgencyPhone string     `json:"agency_phone"`
	LicenceNo   string     `json:"licence_no"`
	Province    string     `json:"province"`
	What        []string   `json:"what" doc:"enum=report_what"`
	Details     string     `json:"details"`
	Lang        string     `json:"lang"`
	ReviewNote  string     `json:"review_note"`
	ReviewedBy  *uint      `json:"reviewed_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// AgencyRef names a linked agency.
type AgencyRef struct {
	ID        uint   `json:"id"`
	LicenceNo string `json:"licence_no"`
	NameLo    string `json:"name_lo"`
	NameEn    string `json:"name_en"`
	Status    string `json:"status" doc:"enum=agency_status"`
}

func (r *Report) view(ag *Agency) ReportView {
	v := ReportView{ID: r.ID, Receipt: r.Receipt, Status: r.Status, Moves: ReportMoves(r.Status), AgencyID: r.AgencyID,
		AgencyName: r.AgencyName, AgencyPhone: r.AgencyPhone, LicenceNo: r.LicenceNo, Province: r.Province,
		What: nonNil(r.What), Details: r.Details, Lang: r.Lang, ReviewNote: r.ReviewNote, ReviewedBy: r.ReviewedBy,
		DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if ag != nil {
		v.Agency = &AgencyRef{ID: ag.ID, LicenceNo: ag.LicenceNo, NameLo: ag.NameLo, NameEn: ag.NameEn, Status: ag.Status}
	}
	return v
}

// ReportQuery selects reports; an empty status matches all.
type ReportQuery struct {
	Status        string
	Limit, Offset int
}

// ReportPage is one page of reports, newest first.
type ReportPage struct {
	Items []ReportView `json:"items"`
	Total int64        `json:"total"`
}

// ListReports returns reports, newest first.
func (s *Store) ListReports(ctx context.Context, q ReportQuery) (ReportPage, error) {
	db := s.DB.WithContext(ctx).Model(&Report{})
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	var page ReportPage
	if err := db.Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("count reports: %w", err)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var list []Report
	if err := db.Order("id DESC").Limit(q.Limit).Offset(q.Offset).Find(&list).Error; err != nil {
		return page, fmt.Errorf("list reports: %w", err)
	}
	agencies, err := s.agencyRefs(ctx, list)
	if err != nil {
		return page, err
	}
	page.Items = make([]ReportView, len(list))
	for i := range list {
		var ag *Agency
		if list[i].AgencyID != nil {
			ag = agencies[*list[i].AgencyID]
		}
		page.Items[i] = list[i].view(ag)
	}
	return page, nil
}

func (s *Store) agencyRefs(ctx context.Context, list []Report) (map[uint]*Agency, error) {
	var ids []uint
	for _, r := range list {
		if r.AgencyID != nil {
			ids = append(ids, *r.AgencyID)
		}
	}
	out := map[uint]*Agency{}
	if len(ids) == 0 {
		return out, nil
	}
	var ags []Agency
	if err := s.DB.WithContext(ctx).Unscoped().Where("id IN ?", ids).Find(&ags).Error; err != nil {
		return nil, fmt.Errorf("load linked agencies: %w", err)
	}
	for i := range ags {
		out[ags[i].ID] = &ags[i]
	}
	return out, nil
}

// GetReport returns one report.
func (s *Store) GetReport(ctx context.Context, id uint) (ReportView, error) {
	var r Report
	if err := s.DB.WithContext(ctx).First(&r, id).Error; err != nil {
		return ReportView{}, notFound(err, "report")
	}
	ags, err := s.agencyRefs(ctx, []Report{r})
	if err != nil {
		return ReportView{}, err
	}
	var ag *Agency
	if r.AgencyID != nil {
		ag = ags[*r.AgencyID]
	}
	return r.view(ag), nil
}

// ReportPatch is a triage step: a new status, an internal note, a link to
// an agency (0 removes the link). Absent fields stay as they are.
type ReportPatch struct {
	Status   *string `json:"status" doc:"enum=report_status"`
	Note     *string `json:"note" text:"long" doc:"max=2000"`
	AgencyID *uint   `json:"agency_id"`
}

// TriageReport moves a report along new → reviewing → upheld | dismissed
// and links it to an agency. Upholding needs a linked agency and turns the
// report into a public warning on it (the date and what happened, nothing
// else); the agency is touched so phones get the warning at their next
// sync. Reopening an upheld report withdraws the warning the same way.
func (s *Store) TriageReport(ctx context.Context, who Actor, id uint, p ReportPatch) (ReportView, error) {
	// Only a change of an agency's public warnings is public; an internal
	// note or a move to "reviewing" sends phones nothing.
	err := s.writeMaybePublic(ctx, func(tx *gorm.DB, rev func() (int64, error)) error {
		var r Report
		if err := tx.First(&r, id).Error; err != nil {
			return notFound(err, "report")
		}
		fe := FieldErrors{}
		var ch changeList
		oldStatus, oldAgency := r.Status, r.AgencyID
		if p.Status != nil && *p.Status != r.Status {
			switch {
			case !oneOf(*p.Status, ReportStatuses):
				fe.Problem("status", OneOf(ReportStatuses...))
			case !oneOf(*p.Status, reportMoves[r.Status]):
				fe.Problem("status", BadMove(r.Status, reportMoves[r.Status]))
			default:
				ch.add("status", r.Status, *p.Status)
				r.Status = *p.Status
			}
		}
		if p.AgencyID != nil {
			var next *uint
			if *p.AgencyID != 0 {
				var n int64
				if err := tx.Model(&Agency{}).Where("id = ?", *p.AgencyID).Count(&n).Error; err != nil {
					return fmt.Errorf("check agency: %w", err)
				}
				if n == 0 {
					fe.Problem("agency_id", NotFound("no agency with this id is on the list"))
				}
				v := *p.AgencyID
				next = &v
			}
			ch.add("agency_id", ptrVal(r.AgencyID), ptrVal(next))
			r.AgencyID = next
		}
		if p.Note != nil {
			note := strings.TrimSpace(*p.Note)
			if utf8.RuneCountInString(note) > reviewNoteMax {
				fe.Problem("note", TooLong(reviewNoteMax))
			}
			ch.add("review_note", r.ReviewNote, note)
			r.ReviewNote = note
		}
		if r.Status == ReportUpheld && r.AgencyID == nil {
			fe.Problem("agency_id", NeedsAgency())
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if len(ch) == 0 {
			return errNoChange
		}
		base := fmt.Sprintf("%s:%d", oldStatus, ptrVal(oldAgency))
		if ap := approvalOf(ctx); ap != nil && ap.p.Base != base {
			return &Error{Code: ECodeConflict, Message: "the report changed after this was proposed"}
		}
		removes := oldStatus == ReportUpheld && oldAgency != nil && (r.Status != ReportUpheld || ptrVal(r.AgencyID) != *oldAgency)
		if removes && s.mustPropose(tx, []string{"public warning removed"}) {
			label := fmt.Sprintf("report %s", r.Receipt)
			var ag Agency
			if err := tx.Select("id", "licence_no", "name_en", "name_lo").First(&ag, *oldAgency).Error; err == nil {
				label += " · " + agencyLabel(&ag)
			}
			return propose(Proposal{Kind: ProposeTriage, Entity: EntityReport, EntityID: r.ID, Label: label,
				Input: mustJSON(p), Changes: ch, Why: []string{fmt.Sprintf("public warning removed from agency %d", *oldAgency)}, Base: base})
		}
		uid := who.ID
		r.ReviewedBy = &uid
		if r.Status != oldStatus {
			switch r.Status {
			case ReportUpheld, ReportDismissed:
				now := tx.NowFunc()
				r.DecidedAt = &now
			default:
				r.DecidedAt = nil
			}
		}
		if err := tx.Save(&r).Error; err != nil {
			return fmt.Errorf("save report: %w", err)
		}
		// The public warnings of an agency change when an upheld report is
		// linked to it or leaves it.
		touch := func(agency uint) error {
			n, err := rev()
			if err != nil {
				return err
			}
			return TouchAgency(tx, agency, n)
		}
		if oldStatus == ReportUpheld && oldAgency != nil && (r.Status != ReportUpheld || ptrVal(r.AgencyID) != *oldAgency) {
			if err := touch(*oldAgency); err != nil {
				return err
			}
			logReasonFor(tx, KindAgency, *oldAgency, "a warning from a worker's report was withdrawn")
		}
		if r.Status == ReportUpheld && (oldStatus != ReportUpheld || ptrVal(oldAgency) != *r.AgencyID) {
			if err := touch(*r.AgencyID); err != nil {
				return err
			}
			logReasonFor(tx, KindAgency, *r.AgencyID, "a worker's report was upheld: warning added")
		}
		return audit(tx, who, EntityReport, r.ID, "triage", ch, "", "")
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return ReportView{}, s.recordProposal(ctx, who, err)
	}
	return s.GetReport(ctx, id)
}

func ptrVal(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}

// CountReports returns how many reports are in each status.
func (s *Store) CountReports(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	if err := s.DB.WithContext(ctx).Model(&Report{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count reports: %w", err)
	}
	out := map[string]int64{}
	for _, st := range ReportStatuses {
		out[st] = 0
	}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
