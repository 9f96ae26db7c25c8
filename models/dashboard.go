package models

import (
	"context"
	"fmt"
	"time"
)

// ExpiryWindowDays is how far ahead the dashboard looks for licences that
// run out.
const ExpiryWindowDays = 30

// RecheckAfterDays is how old a contact's last check may be before the
// dashboard asks for a test call: numbers change, and a dead number is
// what a worker in trouble would meet.
const RecheckAfterDays = 180

// Dashboard is what a verifier sees first: work waiting and what changed.
type Dashboard struct {
	Today         string           `json:"today"`
	Reports       map[string]int64 `json:"reports"`
	Waiting       int64            `json:"reports_waiting"`
	Expiring      []AgencyRefExp   `json:"expiring"`
	ExpiringUntil string           `json:"expiring_until"`
	Recent        []AuditView      `json:"recent"`
	// Contacts to call again: not confirmed, or last checked before
	// RecheckBefore.
	Recheck       []ContactRecheck `json:"recheck"`
	RecheckBefore string           `json:"recheck_before"`
	// Integrity is the server's last check of the public log against the
	// data (set by the HTTP layer, which keeps it).
	Integrity *IntegrityReport `json:"integrity"`
}

// ContactRecheck is a contact whose numbers need a test call.
type ContactRecheck struct {
	ID         uint     `json:"id"`
	Country    string   `json:"country"`
	Name       Text     `json:"name"`
	Phones     []string `json:"phones"`
	CheckedOn  string   `json:"checked_on"`
	Confidence string   `json:"confidence"`
}

// AgencyRefExp is a licensed agency whose licence runs out soon.
type AgencyRefExp struct {
	AgencyRef
	LicenceExpires string `json:"licence_expires"`
}

// Dashboard returns report counts, licences of licensed agencies that expire
// between today and today+30 days (dates in Lao time), contacts whose
// numbers need a test call, and the newest audit entries.
func (s *Store) Dashboard(ctx context.Context, now time.Time) (*Dashboard, error) {
	d := &Dashboard{Today: Today(now), ExpiringUntil: Today(now.AddDate(0, 0, ExpiryWindowDays)), Expiring: []AgencyRefExp{},
		RecheckBefore: Today(now.AddDate(0, 0, -RecheckAfterDays)), Recheck: []ContactRecheck{}}
	var err error
	if d.Reports, err = s.CountReports(ctx); err != nil {
		return nil, err
	}
	d.Waiting = d.Reports[ReportNew] + d.Reports[ReportReviewing]
	var list []Agency
	err = s.DB.WithContext(ctx).Where("status = ? AND licence_expires >= ? AND licence_expires <= ?", StatusLicensed, d.Today, d.ExpiringUntil).
		Order("licence_expires, id").Limit(100).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("expiring licences: %w", err)
	}
	for _, a := range list {
		d.Expiring = append(d.Expiring, AgencyRefExp{AgencyRef: AgencyRef{ID: a.ID, LicenceNo: a.LicenceNo, NameLo: a.NameLo,
			NameEn: a.NameEn, Status: a.Status}, LicenceExpires: a.LicenceExpires})
	}
	var contacts []Contact
	// Dates are stored as YYYY-MM-DD, so comparing the text compares the days.
	err = s.DB.WithContext(ctx).Where("confidence <> ? OR checked_on = '' OR checked_on < ?", ConfidenceVerified, d.RecheckBefore).
		Order("checked_on, id").Limit(100).Find(&contacts).Error
	if err != nil {
		return nil, fmt.Errorf("contacts to re-check: %w", err)
	}
	for _, c := range contacts {
		d.Recheck = append(d.Recheck, ContactRecheck{ID: c.ID, Country: c.Country, Name: c.Name, Phones: nonNil(c.Phones),
			CheckedOn: c.CheckedOn, Confidence: c.Confidence})
	}
	page, err := s.ListAudit(ctx, AuditQuery{Limit: 10})
	if err != nil {
		return nil, err
	}
	d.Recent = page.Items
	return d, nil
}
