package models

import "testing"

func TestGuardCell(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+856 20 5555 1234", "'+856 20 5555 1234"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"ບໍລິສັດ", "ບໍລິສັດ"},
		{"020 5555 1234", "020 5555 1234"},
		{"", ""},
	} {
		got := guardCell(tc.in)
		if got != tc.out {
			t.Errorf("guardCell(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if back := unguardCell(got); back != tc.in {
			t.Errorf("unguardCell(%q) = %q, want %q", got, back, tc.in)
		}
	}
	if got := unguardCell("'quoted text"); got != "'quoted text" {
		t.Errorf("an apostrophe before ordinary text must stay: %q", got)
	}
}
