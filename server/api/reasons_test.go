package api

import (
	"strings"
	"testing"

	"paidee/models"
)

// The standard sentences the console offers, by transition.
func TestStatusReasons_List(t *testing.T) {
	env := newConsoleEnv(t)
	var list listOf[models.StatusReason]
	decode(t, env.get("/api/v1/status-reasons"), &list)
	if list.Total != len(models.StatusReasons) || list.Total < 8 {
		t.Fatalf("%d reasons", list.Total)
	}
	found := false
	for _, r := range list.Items {
		if r.Text.Lo == "" || r.Text.Th == "" || r.Text.En == "" || r.From == nil {
			t.Errorf("%s: %+v", r.Code, r)
		}
		if r.Code == "suspended" && r.To == models.StatusSuspended && r.Text.Th == "ใบอนุญาตถูกพักใช้" && r.Text.Lo == "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ)" {
			found = true
		}
	}
	if !found {
		t.Error("no suspension sentence in the glossary's words")
	}
}

// A status change's public reason is {lo,th,en}: the standard sentence
// chosen (or the transition's default) and the reference, once or in each
// language. The log's record carries the same three-language reason.
func TestStatusReasons_PatchShapes(t *testing.T) {
	type want struct {
		status int
		field  string      // the field a 422 names
		reason models.Text // the public reason of the new step (200)
		code   string      // the problem's code on field, if checked
	}
	cases := []struct {
		name string
		body string
		want want
	}{
		{"the reference once: the default sentence in each language", `{"version":1,"status":"suspended","reason":"ministry notice 12/2026"}`,
			want{200, "", models.Text{Lo: "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ) — ministry notice 12/2026", Th: "ใบอนุญาตถูกพักใช้ — ministry notice 12/2026", En: "Licence suspended — ministry notice 12/2026"}, ""}},
		{"a chosen sentence, the reference in each language", `{"version":1,"status":"expired","licence_expires":"2020-01-01","reason_code":"not_renewed",
			"reason_note":{"lo":"ແຈ້ງການ 3/2026","th":"ประกาศ 3/2026","en":"notice 3/2026"}}`,
			want{200, "", models.Text{Lo: "ໃບອະນຸຍາດໝົດອາຍຸ ແລະ ບໍ່ໄດ້ຕໍ່ອາຍຸ — ແຈ້ງການ 3/2026", Th: "ใบอนุญาตหมดอายุและไม่ได้ต่ออายุ — ประกาศ 3/2026", En: "Licence expired and was not renewed — notice 3/2026"}, ""}},
		{"a correction fits any change", `{"version":1,"status":"revoked","reason_code":"correction","reason":"typo in the import of 1 Nov"}`,
			want{200, "", models.Text{Lo: "ແກ້ໄຂຂໍ້ມູນໃນລາຍຊື່ໃຫ້ຖືກຕ້ອງ — typo in the import of 1 Nov", Th: "แก้ไขข้อมูลในรายชื่อให้ถูกต้อง — typo in the import of 1 Nov", En: "Correction to the list — typo in the import of 1 Nov"}, ""}},
		{"no reference", `{"version":1,"status":"suspended","reason_code":"suspended"}`, want{422, "reason", models.Text{}, ""}},
		{"an unknown sentence", `{"version":1,"status":"suspended","reason_code":"closed","reason":"x"}`, want{422, "reason_code", models.Text{}, ""}},
		{"a sentence for another change", `{"version":1,"status":"suspended","reason_code":"renewed","reason":"x"}`, want{422, "reason_code", models.Text{}, ""}},
		{"a language missing", `{"version":1,"status":"suspended","reason_note":{"lo":"ແຈ້ງການ","en":"notice"}}`, want{422, "reason_note.th", models.Text{}, ""}},
		{"the reference twice", `{"version":1,"status":"suspended","reason":"x","reason_note":{"lo":"a","th":"b","en":"c"}}`, want{422, "reason_note", models.Text{}, ""}},
		{"a reference too long", `{"version":1,"status":"suspended","reason_note":{"lo":"ແຈ້ງການ","th":"ประกาศ","en":"` + strings.Repeat("x", 401) + `"}}`, want{422, "reason_note.en", models.Text{}, ""}},
		{"Thai in the Lao reference", `{"version":1,"status":"suspended","reason_note":{"lo":"ประกาศ 3/2026","th":"ประกาศ 3/2026","en":"notice 3/2026"}}`, want{422, "reason_note.lo", models.Text{}, models.ProblemNotLao}},
		{"Lao in the Thai reference", `{"version":1,"status":"suspended","reason_note":{"lo":"ແຈ້ງການ 3/2026","th":"ແຈ້ງການ 3/2026","en":"notice 3/2026"}}`, want{422, "reason_note.th", models.Text{}, models.ProblemNotThai}},
		{"a reference in Latin letters, the Thai one apart", `{"version":1,"status":"suspended","reason_note":{"lo":"MOLSW 3/2026","th":"DOE 3/2569","en":"MOLSW 3/2026"}}`,
			want{200, "", models.Text{Lo: "ໃບອະນຸຍາດຖືກຢຸດຊົ່ວຄາວ (ໂຈະ) — MOLSW 3/2026", Th: "ใบอนุญาตถูกพักใช้ — DOE 3/2569", En: "Licence suspended — MOLSW 3/2026"}, ""}},
		{"a sentence without a status change", `{"version":1,"district":"Pakse","reason_code":"correction","reason":"x"}`, want{422, "reason_code", models.Text{}, ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := newConsoleEnv(t)
			id := env.fixture()
			size := env.logSize()
			r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), c.body)
			if r.status != c.want.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if c.want.status != 200 {
				if c.want.field != "" {
					f, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
					if f[c.want.field] == nil {
						t.Errorf("no problem named %s: %s", c.want.field, r.body)
					}
					if c.want.code != "" {
						p, _ := r.json(t)["error"].(map[string]any)["field_problems"].(map[string]any)[c.want.field].(map[string]any)
						if p["code"] != c.want.code {
							t.Errorf("%s: %v, want code %s", c.want.field, p, c.want.code)
						}
					}
				}
				if a := env.agency(id); a.Version != 1 {
					t.Errorf("the listing changed: %+v", a)
				}
				return
			}
			var v models.AgencyView
			decode(t, r, &v)
			last := v.StatusHistory[len(v.StatusHistory)-1]
			if last.Reason != c.want.reason {
				t.Errorf("public reason %+v, want %+v", last.Reason, c.want.reason)
			}
			items, _ := env.logFrom(size)
			if len(items) != 1 {
				t.Fatalf("%d records", len(items))
			}
			rec := record(t, items[0])
			if rec.Reason.Text == nil || *rec.Reason.Text != c.want.reason {
				t.Errorf("the log record's reason: %s", items[0].Record)
			}
			if !strings.Contains(items[0].Record, `"reason":{"en":"`+c.want.reason.En) {
				t.Errorf("the record's history step is not in the three-language shape: %s", items[0].Record)
			}
		})
	}
}

// The CSV import's reason is the reference after the standard sentence.
func TestStatusReasons_Import(t *testing.T) {
	env := newConsoleEnv(t)
	csv := "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason\n" +
		"CSV-REASON-1,,Reason Import Co,Champasak,ປາກເຊ,,,illegal,,,,,,named by the police 4/2026\n"
	if r := env.importCSV(csv, false); r.status != 200 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	var v models.AgencyView
	decode(t, env.get("/api/v1/agencies/licence/CSV-REASON-1"), &v)
	if len(v.StatusHistory) != 1 || v.StatusHistory[0].Reason.Th != "ทางการระบุว่าเป็นนายหน้าเถื่อน — named by the police 4/2026" {
		t.Errorf("history %+v", v.StatusHistory)
	}
	// A district written in Lao is stored by its code, so every language can name it.
	if v.District != "Pakse" {
		t.Errorf("district %q, want the code Pakse", v.District)
	}
}
