package models

import (
	"strings"
	"unicode/utf8"
)

// The public reason of a licence status change is a standard sentence for
// the transition in Lao, Thai and English, followed by the verifier's
// reference ("ministry notice 12/2026"). The standard sentences live here
// and nowhere else: the console offers them (GET /status-reasons), the
// writes compose them and the seeds use them. A change's full text is
// stored with the change, so editing a sentence here later never changes
// history already published (and logged). History from before reasons had
// three languages is read through a frozen copy of these sentences as they
// were then (v1UpgradeReasons, reasons_legacy.go), never through this table.

// StatusReason is one standard sentence for a licence status change.
type StatusReason struct {
	Code string `json:"code" doc:"enum=status_reason"`
	// To is the status it leads to ("" for any status, e.g. a correction).
	To string `json:"to"`
	// From lists the statuses it may come from ("" is a new listing);
	// empty: any.
	From []string `json:"from"`
	Text Text     `json:"text"`
}

// StatusReasons lists the standard sentences; for a transition the first
// one that fits is the default. Lao and Thai follow ../shared/GLOSSARY.md
// (ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ), ใบอนุญาตถูกพักใช้, ນາຍໜ້າເຖື່ອນ); the ones
// still to be read by a native speaker are listed in web/app/i18n/REVIEW.md.
var StatusReasons = []StatusReason{
	{Code: "listed", To: StatusLicensed, From: []string{""},
		Text: Text{"ເພີ່ມເຂົ້າໃນລາຍຊື່ບໍລິສັດຈັດຫາງານທີ່ມີໃບອະນຸຍາດ", "เพิ่มในรายชื่อบริษัทจัดหางานที่มีใบอนุญาต", "Added to the list of licensed agencies"}},
	{Code: "suspension_lifted", To: StatusLicensed, From: []string{StatusSuspended},
		Text: Text{"ໃບອະນຸຍາດໃຊ້ໄດ້ຄືນແລ້ວ", "ใบอนุญาตกลับมาใช้ได้แล้ว", "Suspension lifted: the licence is valid again"}},
	{Code: "renewed", To: StatusLicensed, From: []string{StatusExpired, StatusLicensed},
		Text: Text{"ຕໍ່ອາຍຸໃບອະນຸຍາດແລ້ວ", "ต่ออายุใบอนุญาตแล้ว", "Licence renewed"}},
	{Code: "licence_granted", To: StatusLicensed,
		Text: Text{"ໄດ້ຮັບໃບອະນຸຍາດແລ້ວ", "ได้รับใบอนุญาตแล้ว", "Licence granted"}},
	{Code: "suspended", To: StatusSuspended,
		Text: Text{"ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ)", "ใบอนุญาตถูกพักใช้", "Licence suspended"}},
	{Code: "revoked", To: StatusRevoked,
		Text: Text{"ຖືກຖອນໃບອະນຸຍາດ", "ถูกเพิกถอนใบอนุญาต", "Licence revoked"}},
	{Code: "expired", To: StatusExpired,
		Text: Text{"ໃບອະນຸຍາດໝົດອາຍຸ", "ใบอนุญาตหมดอายุ", "Licence expired"}},
	{Code: "not_renewed", To: StatusExpired,
		Text: Text{"ໃບອະນຸຍາດໝົດອາຍຸ ແລະ ບໍ່ໄດ້ຕໍ່ອາຍຸ", "ใบอนุญาตหมดอายุและไม่ได้ต่ออายุ", "Licence expired and was not renewed"}},
	{Code: "illegal", To: StatusIllegal,
		Text: Text{"ທາງການແຈ້ງວ່າ ເປັນນາຍໜ້າເຖື່ອນ", "ทางการระบุว่าเป็นนายหน้าเถื่อน", "Named an illegal recruiter by the authorities"}},
	{Code: "correction",
		Text: Text{"ແກ້ໄຂຂໍ້ມູນໃນລາຍຊື່ໃຫ້ຖືກຕ້ອງ", "แก้ไขข้อมูลในรายชื่อให้ถูกต้อง", "Correction to the list"}},
}

// StatusReasonCodes lists every code, for validation and the API document.
var StatusReasonCodes = func() []string {
	out := make([]string, len(StatusReasons))
	for i, r := range StatusReasons {
		out[i] = r.Code
		if r.From == nil {
			StatusReasons[i].From = []string{} // "any", as a list in JSON
		}
	}
	return out
}()

// fits reports whether r may explain the change from → to.
func (r StatusReason) fits(from, to string) bool {
	if r.To != "" && r.To != to {
		return false
	}
	return len(r.From) == 0 || oneOf(from, r.From)
}

// DefaultStatusReason is the standard sentence for the change from → to.
func DefaultStatusReason(from, to string) StatusReason {
	for _, r := range StatusReasons {
		if r.fits(from, to) {
			return r
		}
	}
	return StatusReasons[len(StatusReasons)-1] // the correction fits every change
}

// reasonNoteMax bounds the verifier's reference in each language, so the
// sentence and the reference together stay within reasonMax.
const reasonNoteMax = 400

// reasonSeparator joins the standard sentence and the reference.
const reasonSeparator = " — "

// ReasonInput is what a writer says about a status change: which standard
// sentence (Code; "" for the transition's default) and the reference, the
// same in every language (Note, e.g. a notice number) or written in each
// (Notes).
type ReasonInput struct {
	Code  string
	Note  string
	Notes *Text
}

// Given reports whether the writer said anything about the reason.
func (in ReasonInput) Given() bool {
	return in.Code != "" || strings.TrimSpace(in.Note) != "" || (in.Notes != nil && in.Notes.Trimmed() != Text{})
}

// StatusReasonText composes the public reason of the change from → to, or
// records in fe what is wrong with in (fields reason_code, reason,
// reason_note.LANG). The reference is required: a worker must be able to
// see on what the change rests.
func StatusReasonText(from, to string, in ReasonInput, fe FieldErrors) (code string, text Text) {
	std := DefaultStatusReason(from, to)
	if in.Code != "" {
		found := false
		for _, r := range StatusReasons {
			if r.Code == in.Code {
				found = true
				std = r
			}
		}
		switch {
		case !found:
			fe.Problem("reason_code", NotOneOf(in.Code, StatusReasonCodes...))
			return "", Text{}
		case !std.fits(from, to):
			fe.Problem("reason_code", DoesNotFit(in.Code, from, to, fittingReasons(from, to)))
			return "", Text{}
		}
	}
	note := strings.TrimSpace(in.Note)
	var notes Text
	switch {
	case in.Notes != nil && note != "":
		fe.Problem("reason_note", NotBoth("reason").Say("give the reference once (reason) or in each language (reason_note), not both"))
		return "", Text{}
	case in.Notes != nil:
		notes = in.Notes.Trimmed()
		if notes == (Text{}) {
			fe.Problem("reason_note", RequiredBecause("the reference for this change in Lao, Thai and English (e.g. \"ministry notice 12/2026\")"))
			return "", Text{}
		}
		notes.Validate("reason_note", true, reasonNoteMax, fe)
		for _, l := range [...]struct{ lang, s string }{{"lo", notes.Lo}, {"th", notes.Th}} {
			if p := scriptProblem(l.lang, l.s); p != nil {
				lang := l.lang
				fe.Problem("reason_note."+lang, p.Say(p.Message+"; a reference the same in every language goes once, as reason"))
			}
		}
	case note == "":
		fe.Problem("reason", RequiredBecause("the reference for this change, in words a worker can read (e.g. \"ministry notice 12/2026\")"))
		return "", Text{}
	case utf8.RuneCountInString(note) > reasonNoteMax:
		fe.Problem("reason", TooLong(reasonNoteMax))
		return "", Text{}
	default:
		notes = Text{note, note, note}
	}
	return std.Code, JoinReason(std.Text, notes)
}

// JoinReason writes the standard sentence followed by the reference, in
// each language.
func JoinReason(std, notes Text) Text {
	join := func(a, b string) string {
		if b == "" {
			return a
		}
		return a + reasonSeparator + b
	}
	return Text{join(std.Lo, notes.Lo), join(std.Th, notes.Th), join(std.En, notes.En)}
}

// fittingReasons lists the standard reason codes that fit a change from
// from to to, for a client to offer instead.
func fittingReasons(from, to string) []string {
	var out []string
	for _, r := range StatusReasons {
		if r.fits(from, to) {
			out = append(out, r.Code)
		}
	}
	return out
}
