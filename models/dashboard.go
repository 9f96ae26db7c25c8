package models

import (
	"context"
	"fmt"
	"time"
)

// ExpiryWindowDays is how far ahead the dashboard looks for licences that
// run out.
const ExpiryWindowDays = 30

// Dashboard is what a verifier sees first: work waiting and what changed.
type Dashboard struct {
	Today         string           `json:"today"`
	Reports       map[string]int64 `json:"reports"`
	Waiting       int64            `json:"reports_waiting"`
	Expiring      []AgencyRefExp   `json:"expiring"`
	ExpiringUntil string           `json:"expiring_until"`
	Recent        []AuditView      `json:"recent"`
}

// AgencyRefExp is a licensed agency whose licence runs out soon.
type AgencyRefExp struct {
	AgencyRef
	LicenceExpires string `json:"licence_expires"`
}

// Dashboard returns report counts, licences of licensed agencies that expire
// between today and today+30 days (dates in Lao time), and the newest audit
// entries.
func (s *Store) Dashboard(ctx context.Context, now time.Time) (*Dashboard, error) {
	d := &Dashboard{Today: Today(now), ExpiringUntil: Today(now.AddDate(0, 0, ExpiryWindowDays)), Expiring: []AgencyRefExp{}}
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
	page, err := s.ListAudit(ctx, AuditQuery{Limit: 10})
	if err != nil {
		return nil, err
	}
	d.Recent = page.Items
	return d, nil
}
