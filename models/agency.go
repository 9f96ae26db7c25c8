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
		fe.Problem("licence_no", Required())
	case len(a.LicenceKey) < 3:
		fe.Problem("licence_no", TooShort(3).Say("must contain at least 3 letters or digits"))
	}
	checkLen(fe, "licence_no", a.LicenceNo, 64)
	if a.NameLo == "" && a.NameEn == "" {
		fe.Problem("name_lo", Required().Say("a name in Lao or Latin script is required"))
	}
	checkLen(fe, "name_lo", a.NameLo, agencyNameMax)
	checkLen(fe, "name_en", a.NameEn, agencyNameMax)
	if p, ok := FindProvince(a.Province); !ok || p.Country != "LA" {
		fe.Problem("province", BadProvince("LA").Say("must be a province of Laos, e.g. \"Vientiane Capital\" or \"Savannakhet\""))
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
		fe.Problem("phones", TooMany(agencyPhonesMax).Say(fmt.Sprintf("at most %d phone numbers", agencyPhonesMax)))
	}
	for i, p := range a.Phones {
		a.Phones[i] = strings.TrimSpace(p)
		switch k := PhoneKey(p); {
		case utf8.RuneCountInString(p) > phoneMax:
			fe.Problem(fmt.Sprintf("phones[%d]", i), TooLong(phoneMax))
		case len(k) < 6 || len(k) > 12:
			fe.Problem(fmt.Sprintf("phones[%d]", i), BadPhone(6, 12))
		}
	}
	for i, s := range a.Sectors {
		if !oneOf(s, AgencySectors) {
			fe.Problem(fmt.Sprintf("sectors[%d]", i), OneOf(AgencySectors...))
		}
	}
	if !oneOf(a.Status, AgencyStatuses) {
		fe.Problem("status", OneOf(AgencyStatuses...))
	}
	if !ValidDate(a.LicenceIssued) {
		fe.Problem("licence_issued", BadDate())
	}
	if !ValidDate(a.LicenceExpires) {
		fe.Problem("licence_expires", BadDate())
	}
	if a.LicenceIssued != "" && a.LicenceExpires != "" && a.LicenceExpires < a.LicenceIssued {
		fe.Problem("licence_expires", DateOrder("licence_issued"))
	}
	if a.Status == StatusLicensed && a.LicenceExpires == "" {
		fe.Problem("licence_expires", Required().Say("required for a licensed agency"))
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
		fe.Problem("reason", RequiredBecause("say why, in words a worker can read (e.g. \"licence suspended by ministry notice 12/2026\")"))
	case utf8.RuneCountInString(reason) > reasonMax:
		fe.Problem("reason", TooLong(reasonMax))
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
			Fields: FieldErrors{"licence_no": Taken().Say("already listed")}}
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
