package models

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// Limits on an agency's fields.
const (
	agencyNameMax   = 200
	agencyPhonesMax = 10
	phoneMax        = 40
	reasonMax       = 500
)

// AgencySectors lists the work sectors an agency may recruit for.
var AgencySectors = []string{"factory", "construction", "agriculture", "fishing", "domestic", "hospitality", "services"}

// ValidateAgency checks every rule a listing must keep, whoever writes it:
// seeds, the console, or the CSV import. It also fills LicenceKey.
func ValidateAgency(a *Agency) FieldErrors {
	fe := FieldErrors{}
	checkHidden(fe, "licence_no", a.LicenceNo)
	checkHidden(fe, "name_lo", a.NameLo)
	checkHidden(fe, "name_en", a.NameEn)
	a.LicenceNo = norm.NFC.String(strings.TrimSpace(a.LicenceNo))
	a.NameLo = norm.NFC.String(strings.TrimSpace(a.NameLo))
	a.NameEn = norm.NFC.String(strings.TrimSpace(a.NameEn))
	a.District = strings.TrimSpace(a.District)
	a.LicenceKey = LicenceKey(a.LicenceNo)
	switch {
	case a.LicenceNo == "":
		fe.Add("licence_no", "required")
	case len(a.LicenceKey) < 3:
		fe.Add("licence_no", "must contain at least 3 letters or digits")
	}
	checkLen(fe, "licence_no", a.LicenceNo, 64)
	if a.NameLo == "" && a.NameEn == "" {
		fe.Add("name_lo", "a name in Lao or Latin script is required")
	}
	checkLen(fe, "name_lo", a.NameLo, agencyNameMax)
	checkLen(fe, "name_en", a.NameEn, agencyNameMax)
	if p, ok := FindProvince(a.Province); !ok || p.Country != "LA" {
		fe.Add("province", "must be a province of Laos, e.g. \"Vientiane Capital\" or \"Savannakhet\"")
	} else {
		a.Province = p.Code
	}
	checkLen(fe, "district", a.District, 64)
	// A district on the list is stored by its code, however it was
	// written (Lao, Thai or English name), so the app shows it in each
	// language; any other is kept as written.
	if d, ok := FindDistrict(a.Province, a.District); ok {
		a.District = d.Code
	}
	if len(a.Phones) > agencyPhonesMax {
		fe.Add("phones", fmt.Sprintf("at most %d phone numbers", agencyPhonesMax))
	}
	for i, p := range a.Phones {
		a.Phones[i] = strings.TrimSpace(p)
		switch k := PhoneKey(p); {
		case utf8.RuneCountInString(p) > phoneMax:
			fe.Add(fmt.Sprintf("phones[%d]", i), "too long")
		case len(k) < 6 || len(k) > 12:
			fe.Add(fmt.Sprintf("phones[%d]", i), "not a phone number (6 to 12 digits expected)")
		}
	}
	for i, s := range a.Sectors {
		if !oneOf(s, AgencySectors) {
			fe.Add(fmt.Sprintf("sectors[%d]", i), "must be one of "+strings.Join(AgencySectors, ", "))
		}
	}
	if !oneOf(a.Status, AgencyStatuses) {
		fe.Add("status", "must be one of "+strings.Join(AgencyStatuses, ", "))
	}
	if !ValidDate(a.LicenceIssued) {
		fe.Add("licence_issued", "must be a date written YYYY-MM-DD")
	}
	if !ValidDate(a.LicenceExpires) {
		fe.Add("licence_expires", "must be a date written YYYY-MM-DD")
	}
	if a.LicenceIssued != "" && a.LicenceExpires != "" && a.LicenceExpires < a.LicenceIssued {
		fe.Add("licence_expires", "must not be before licence_issued")
	}
	if a.Status == StatusLicensed && a.LicenceExpires == "" {
		fe.Add("licence_expires", "required for a licensed agency")
	}
	a.PublicNotes = a.PublicNotes.Trimmed()
	a.PublicNotes.Validate("public_notes", false, 1000, fe)
	return fe
}

// ValidReason checks the public reason that status changes and deletions
// must carry.
func ValidReason(reason string, fe FieldErrors) string {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		fe.Add("reason", "required: say why, in words a worker can read (e.g. \"licence suspended by ministry notice 12/2026\")")
	case utf8.RuneCountInString(reason) > reasonMax:
		fe.Add("reason", fmt.Sprintf("too long (max %d characters)", reasonMax))
	}
	return reason
}

// InsertAgency stores a validated new listing at revision rev, inside a
// Store.Write. A licence number already on the list (also a deleted one) is
// a conflict.
func InsertAgency(tx *gorm.DB, a *Agency, rev int64) error {
	if err := checkLicenceImitation(tx, a.LicenceNo, 0); err != nil {
		return err
	}
	var n int64
	if err := tx.Unscoped().Model(&Agency{}).Where("licence_key = ?", a.LicenceKey).Count(&n).Error; err != nil {
		return fmt.Errorf("check licence number: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECodeConflict, Message: "an agency with this licence number is already on the list (or was deleted)",
			Fields: map[string]string{"licence_no": "already listed"}}
	}
	a.Revision = rev
	if a.Version == 0 {
		a.Version = 1
	}
	if err := tx.Create(a).Error; err != nil {
		return fmt.Errorf("insert agency %s: %w", a.LicenceNo, err)
	}
	return nil
}

// TouchAgency marks an agency as changed at rev (for example when one of its
// reports is upheld), so the next bundle delta carries it.
func TouchAgency(tx *gorm.DB, id uint, rev int64) error {
	err := tx.Model(&Agency{}).Where("id = ?", id).
		UpdateColumns(map[string]any{"revision": rev, "updated_at": tx.NowFunc()}).Error
	if err != nil {
		return fmt.Errorf("mark agency %d changed: %w", id, err)
	}
	return nil
}

// Today is the current date in Laos, as YYYY-MM-DD; licence expiry is a
// calendar date there.
func Today(now time.Time) string {
	return now.In(laoZone).Format(DateLayout)
}

var laoZone = time.FixedZone("ICT", 7*60*60)
