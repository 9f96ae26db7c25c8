package models

import "testing"

func TestLicenceKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"LA-MLSW 0457/25", "LAMLSW045725"},
		{"la mlsw-0457-25", "LAMLSW045725"},
		{" demo-la-0101 ", "DEMOLA0101"},
		{"ລຊ-໐໑໒", "ລຊ012"},
		{"--", ""},
	} {
		if got := LicenceKey(tc.in); got != tc.want {
			t.Errorf("LicenceKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPhoneKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"020 5555 1234", "2055551234"},
		{"+856 20 55551234", "2055551234"},
		{"8562055551234", "2055551234"},
		{"00856 20 5555 1234", "2055551234"},
		{"(020) 5555-1234", "2055551234"},
		{"021 215 999", "21215999"},
		{"+856 21 215 999", "21215999"},
		{"081-234-5678", "812345678"},
		{"+66 81 234 5678", "812345678"},
		{"66812345678", "812345678"},
		{"๐๘๑๒๓๔๕๖๗๘", "812345678"},
		{"໐໒໐ ໕໕໕໕ ໑໒໓໔", "2055551234"},
		{"1-800-010-182", "1800010182"},
		{"191", "191"},
	} {
		if got := PhoneKey(tc.in); got != tc.want {
			t.Errorf("PhoneKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Saengtavan Recruitment Co., Ltd.", "saengtavanrecruitmentcoltd"},
		{"ແສງ ຕາເວັນ", "ແສງຕາເວັນ"},
		{"ໜອງບົວ", "ຫນອງບົວ"},
		{"ຫນອງບົວ", "ຫນອງບົວ"},
		{"ຄຳ", "ຄໍາ"},
		{"ບໍລິສັດ\u200bຄຳ", "ບໍລິສັດຄໍາ"},
	} {
		if got := NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLooksLikePhone(t *testing.T) {
	for in, want := range map[string]bool{
		"020 5555 1234": true, "+66 81 234 5678": true, "12345": false, "LA-0457/25": false, "Mekong 123456": false,
	} {
		if got := looksLikePhone(in); got != want {
			t.Errorf("looksLikePhone(%q) = %v", in, got)
		}
	}
}
