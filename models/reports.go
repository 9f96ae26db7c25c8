package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ReportWhat lists what a worker can tick in a report. The PWA labels each
// code in three languages; the server accepts only these.
var ReportWhat = []string{
	"asked_fee",      // asked for a big fee before leaving
	"kept_passport",  // kept the passport or ID card
	"no_contract",    // no written contract, or not allowed to read it
	"lied_about_job", // the job or pay was not what was promised
	"tourist_visa",   // sent on a tourist visa or through the forest
	"debt",           // a debt to repay from wages
	"unpaid_wages",   // wages not paid or cut
	"threats",        // threats or violence
	"locked_in",      // not allowed to leave or contact family
	"no_licence",     // says it is an agency but has no licence
	"other",
}

// Limits on a report's fields.
const (
	ReportDetailsMax = 2000
	reportNameMax    = 200
	reportPhoneMax   = 40
)

// ReportInput is what a worker sends.
type ReportInput struct {
	AgencyID    *uint    `json:"agency_id"`
	AgencyName  string   `json:"agency_name" doc:"max=200"`
	AgencyPhone string   `json:"agency_phone" doc:"max=40"`
	LicenceNo   string   `json:"licence_no" doc:"max=64"`
	Province    string   `json:"province" doc:"max=64"`
	What        []string `json:"what" doc:"required,enum=report_what"`
	Details     string   `json:"details" text:"long" doc:"max=2000"`
	Lang        string   `json:"lang"`
}

var idemKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,100}$`)

// ValidIdempotencyKey reports whether k is an acceptable Idempotency-Key.
func ValidIdempotencyKey(k string) bool { return idemKeyPattern.MatchString(k) }

func (in *ReportInput) normalise() {
	in.AgencyName = strings.TrimSpace(in.AgencyName)
	in.AgencyPhone = strings.TrimSpace(in.AgencyPhone)
	in.LicenceNo = strings.TrimSpace(in.LicenceNo)
	in.Province = strings.TrimSpace(in.Province)
	in.Details = strings.TrimSpace(in.Details)
}

func (in *ReportInput) validate() error {
	fe := FieldErrors{}
	if in.AgencyID == nil && in.AgencyName == "" && in.AgencyPhone == "" && in.LicenceNo == "" {
		fe.Problem("agency", OneRequired("agency_id", "agency_name", "agency_phone", "licence_no").Say("say which agency or recruiter: agency_id, agency_name, agency_phone or licence_no"))
	}
	checkLen(fe, "agency_name", in.AgencyName, reportNameMax)
	checkLen(fe, "agency_phone", in.AgencyPhone, reportPhoneMax)
	checkLen(fe, "licence_no", in.LicenceNo, 64)
	checkLen(fe, "province", in.Province, 64)
	if len(in.What) == 0 {
		fe.Problem("what", Required().Say("tick at least one thing that happened"))
	}
	if len(in.What) > len(ReportWhat) {
		fe.Problem("what", TooMany(len(ReportWhat)).Say("too many items"))
	}
	seen := map[string]bool{}
	for _, w := range in.What {
		if !oneOf(w, ReportWhat) {
			fe.Problem("what", NotOneOf(w, ReportWhat...))
		} else if seen[w] {
			fe.Problem("what", Duplicate(w))
		}
		seen[w] = true
	}
	if utf8.RuneCountInString(in.Details) > ReportDetailsMax {
		fe.Problem("details", TooLong(ReportDetailsMax))
	}
	if in.Lang != "" && !oneOf(in.Lang, []string{"lo", "th", "en"}) {
		fe.Problem("lang", OneOf("lo", "th", "en").Say("must be lo, th or en"))
	}
	return fe.Err()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Receipt alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a receipt read aloud
// or copied by hand survives.
const receiptAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

func newReceipt() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make receipt: %w", err)
	}
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, receiptAlphabet[int(c)%len(receiptAlphabet)])
	}
	return string(out), nil
}

// CreateReport stores a worker's report and returns its receipt. With an
// idempotency key, sending the same report again (even at the same moment)
// returns the first receipt and created=false; reusing a key for a
// different report is a conflict.
func (s *Store) CreateReport(ctx context.Context, in ReportInput, idemKey string) (receipt string, created bool, err error) {
	in.normalise()
	if err := in.validate(); err != nil {
		return "", false, err
	}
	hashInput, _ := json.Marshal(in)
	sum := sha256.Sum256(hashInput)
	hash := hex.EncodeToString(sum[:])
	if idemKey != "" {
		if r, ok, err := s.replay(ctx, idemKey, hash); ok || err != nil {
			return r, false, err
		}
	}
	rep := Report{
		AgencyName: in.AgencyName, AgencyPhone: in.AgencyPhone, LicenceNo: in.LicenceNo,
		Province: in.Province, What: in.What, Details: in.Details, Lang: in.Lang,
		Status: ReportNew, RequestHash: hash,
	}
	if idemKey != "" {
		rep.IdempotencyKey = &idemKey
	}
	for attempt := 0; attempt < 5; attempt++ {
		if rep.Receipt, err = newReceipt(); err != nil {
			return "", false, err
		}
		err = s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if in.AgencyID != nil {
				var n int64
				if err := tx.Model(&Agency{}).Where("id = ?", *in.AgencyID).Count(&n).Error; err != nil {
					return fmt.Errorf("check agency: %w", err)
				}
				if n == 0 {
					return FieldErrors{"agency_id": NotFound("no agency with this id is on the list")}.Err()
				}
				rep.AgencyID = in.AgencyID
			}
			return tx.Create(&rep).Error
		})
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			break
		}
		// Either the receipt collided (try a new one) or a concurrent request
		// with the same idempotency key won the race (answer with its receipt).
		if idemKey != "" {
			if r, ok, err := s.replay(ctx, idemKey, hash); ok || err != nil {
				return r, false, err
			}
		}
	}
	if err != nil {
		return "", false, fmt.Errorf("store report: %w", err)
	}
	return rep.Receipt, true, nil
}

func (s *Store) replay(ctx context.Context, key, hash string) (string, bool, error) {
	var prev Report
	err := s.DB.WithContext(ctx).Select("receipt", "request_hash").Where("idempotency_key = ?", key).First(&prev).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("look up idempotency key: %w", err)
	}
	if prev.RequestHash != hash {
		return "", false, &Error{Code: ECodeConflict,
			Message: "this Idempotency-Key was already used for a different report; make a new key for a new report"}
	}
	return prev.Receipt, true, nil
}

// publicWarnings returns, per agency, the upheld reports as public warnings.
func publicWarnings(ctx context.Context, db *gorm.DB) (map[uint][]WarningView, error) {
	var upheld []Report
	err := db.WithContext(ctx).Select("agency_id", "what", "decided_at", "created_at").
		Where("status = ? AND agency_id IS NOT NULL", ReportUpheld).Order("decided_at, id").Find(&upheld).Error
	if err != nil {
		return nil, fmt.Errorf("load warnings: %w", err)
	}
	out := map[uint][]WarningView{}
	for _, r := range upheld {
		at := r.CreatedAt
		if r.DecidedAt != nil {
			at = *r.DecidedAt
		}
		out[*r.AgencyID] = append(out[*r.AgencyID], WarningView{At: at.Format(DateLayout), What: nonNil(r.What)})
	}
	return out, nil
}
