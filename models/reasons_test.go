package models_test

import (
	"testing"

	"paidee/models"
)

// A reference written in each language is refused when its Lao text is
// not in Lao letters, or its Thai text not in Thai letters: Thai in the
// Lao text (they look alike to someone who reads neither), English in
// either. Latin beside them (an acronym), digits and text without letters
// pass; the English is not judged.
func TestStatusReasonText_NoteScripts(t *testing.T) {
	const lo, th, en = "ແຈ້ງການກະຊວງແຮງງານ ເລກທີ 12/2026", "ประกาศกระทรวงแรงงานลาว ฉบับที่ 12/2026", "ministry notice 12/2026"
	for _, c := range []struct {
		name  string
		note  models.Text
		field string // "" : accepted
		code  string
		value string
	}{
		{"each in its own letters", models.Text{Lo: lo, Th: th, En: en}, "", "", ""},
		{"an acronym and digits beside them", models.Text{Lo: "ແຈ້ງການ MOLSW ເລກທີ ໑໒/2026", Th: "ประกาศ MOLSW ฉบับที่ ๑๒/2026", En: "MOLSW notice 12/2026"}, "", "", ""},
		{"a number only", models.Text{Lo: "12/2026", Th: "12/2026", En: "12/2026"}, "", "", ""},
		{"Thai in the Lao text", models.Text{Lo: th, Th: th, En: en}, "reason_note.lo", models.ProblemNotLao, "ป"},
		{"Lao in the Thai text", models.Text{Lo: lo, Th: lo, En: en}, "reason_note.th", models.ProblemNotThai, "ແ"},
		{"a reference in Latin letters alone, in every language", models.Text{Lo: "MOLSW 12/2026", Th: "DOE 12/2569", En: "MOLSW 12/2026"}, "", "", ""},
		{"a Thai word in Lao text", models.Text{Lo: "ແຈ້ງການ ประกาศ 12/2026", Th: th, En: en}, "reason_note.lo", models.ProblemNotLao, "ป"},
		{"a Thai vowel sign on a Lao letter", models.Text{Lo: "ແຈ້ງການ ກ\u0e34", Th: th, En: en}, "reason_note.lo", models.ProblemNotLao, "\u0e34"},
		{"Thai digits in the Lao text", models.Text{Lo: "ແຈ້ງການ ๑๒", Th: th, En: en}, "reason_note.lo", models.ProblemNotLao, "๑"},
		{"Cyrillic in the Thai text", models.Text{Lo: lo, Th: "ประกาศ Мин", En: en}, "reason_note.th", models.ProblemNotThai, "М"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fe := models.FieldErrors{}
			note := c.note
			code, text := models.StatusReasonText(models.StatusLicensed, models.StatusSuspended, models.ReasonInput{Notes: &note}, fe)
			if c.field == "" {
				if len(fe) > 0 || code != "suspended" || text.Lo == "" {
					t.Fatalf("refused: %v (%q %+v)", fe, code, text)
				}
				return
			}
			p, ok := fe[c.field]
			if !ok || p.Code != c.code || p.Value != c.value || len(fe) != 1 {
				t.Fatalf("problems %+v, want %s on %s (value %q)", fe, c.code, c.field, c.value)
			}
		})
	}
}
