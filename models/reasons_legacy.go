package models

import "slices"

// v1UpgradeReasons are the standard sentences exactly as they were when the
// upgrade of v1 history (a step's reason one typed string) to three
// languages was written (commit be7a555). They are used only to read that
// old history: StatusChange.View of a step not yet upgraded, the start-up
// migration (migrateStatusReasons) and UpgradeAgencyRecord, with which the
// integrity check compares old-shape log records to the data.
//
// FROZEN: never edit, reorder or extend this table, even to correct a
// sentence (correct StatusReasons instead; that is what new changes use).
// Log records in the old shape are signed and stay as they are; a
// database not yet upgraded, or the upgraded one, is checked by reading
// them through this table. If it changed, those checks would report a
// break where nothing was altered: a false tamper alarm. Which sentence is
// the default for a transition is frozen too (the first that fits, in this
// order). TestV1UpgradeReasons_Frozen holds its digest.
var v1UpgradeReasons = []StatusReason{
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

// v1DefaultReason is the sentence the upgrade of v1 history gives a step
// from → to: the first of v1UpgradeReasons that fits (the last one, the
// correction, fits every change). "Fits" is spelled out here rather than
// borrowed from StatusReason.fits, so that a change to the live rules
// cannot move it either.
func v1DefaultReason(from, to string) StatusReason {
	for _, r := range v1UpgradeReasons {
		if (r.To == "" || r.To == to) && (len(r.From) == 0 || slices.Contains(r.From, from)) {
			return r
		}
	}
	return v1UpgradeReasons[len(v1UpgradeReasons)-1]
}

// legacyReasonText is the three-language reason of a change recorded
// before reasons had three languages: the transition's v1 sentence, then
// the old text as it was typed (its language is not known; it is kept
// whole rather than guessed at).
func legacyReasonText(from, to, old string) Text {
	std := v1DefaultReason(from, to).Text
	if old == "" {
		return std
	}
	// The separator as the upgrade wrote it, frozen with the sentences
	// (the live reasonSeparator may change for new writes).
	const v1Separator = " — "
	return Text{std.Lo + v1Separator + old, std.Th + v1Separator + old, std.En + v1Separator + old}
}
