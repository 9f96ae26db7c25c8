package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode"

	"paidee/models"
	"paidee/seeds"
)

// Whatever people type, the search keys are well formed and a second
// folding changes nothing (the stored key and the query key agree).
func FuzzSearchKeys(f *testing.F) {
	for _, s := range []string{"LA-MLSW 0457/25", "+856 20 5555 1234", "00856 20 55551234", "081-234-5678",
		"ບໍລິສັດ ໜອງຄາຍ", "ຫນອງ", "ນ້ຳ", "๐๘๑", "Phou\u200bKhao", "", "8568561234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lic := models.LicenceKey(s)
		if models.LicenceKey(lic) != lic {
			t.Errorf("LicenceKey not stable: %q → %q → %q", s, lic, models.LicenceKey(lic))
		}
		name := models.NameKey(s)
		if models.NameKey(name) != name {
			t.Errorf("NameKey not stable: %q → %q → %q", s, name, models.NameKey(name))
		}
		if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
			t.Errorf("NameKey(%q) = %q has a space", s, name)
		}
		phone := models.PhoneKey(s)
		if strings.Trim(phone, "0123456789") != "" || strings.HasPrefix(phone, "0") {
			t.Errorf("PhoneKey(%q) = %q: want digits without a trunk 0", s, phone)
		}
	})
}

// A search never fails or panics, whatever the query, and never returns
// more than it was asked for.
func FuzzSearch(f *testing.F) {
	ctx := context.Background()
	store, _ := newStore(f, func(ctx context.Context, s *models.Store) error { return seeds.LoadSynthetic(ctx, s, 500, 7) })
	for _, s := range []string{"sa", "ຈັດຫາງານ", "020", "+66 81", "LA-", "%", "_", "'; DROP TABLE agencies; --", "\x00", "ໜ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 100 {
			q = q[:100] // the API refuses longer queries
		}
		page, err := store.SearchAgencies(ctx, models.AgencyQuery{Q: q, Limit: 20})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if len(page.Items) > 20 || len(page.Items) > page.Total {
			t.Fatalf("search %q: %d items of %d", q, len(page.Items), page.Total)
		}
	})
}

// Any uploaded file gets an import report or a clear error (bad request or
// invalid rows), never an internal error or a panic; a dry run changes
// nothing.
func FuzzImportCSV(f *testing.F) {
	ctx := context.Background()
	store, _ := newStore(f, loadDemo)
	header := "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason\n"
	f.Add([]byte(header + "LA-1,ບໍລິສັດ,Test Co,VTE,,020 5555 1234,factory,licensed,2025-01-01,2027-01-01,,,,new\n"))
	f.Add([]byte("\ufeff" + header + "DEMO-LA-0101,,,,,,,revoked,,,,,,\n"))
	f.Add([]byte(header + "\"unclosed,quote\n"))
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte{})
	f.Add([]byte(header + "=cmd(),x,y,VTE,,,,licensed,,,,,,\n"))
	rev, err := store.Revision(ctx)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rep, err := store.ImportAgencies(ctx, models.Actor{Email: "fuzz@example.org"}, body, true)
		var me *models.Error
		switch {
		case err == nil && rep == nil:
			t.Fatal("no report and no error")
		case err != nil && !errors.As(err, &me):
			t.Fatalf("an error without a code (would be a 500): %v", err)
		case me != nil && me.Code != models.ECodeBadRequest && me.Code != models.ECodeInvalid && me.Code != models.ECodeTooLarge:
			t.Fatalf("error code %s: %v", me.Code, err)
		}
		if now, _ := store.Revision(ctx); now != rev {
			t.Fatal("a dry run changed the data")
		}
	})
}

// An import applies all of its rows or none: a refused file leaves the
// list exactly as it was, an applied one is one new revision.
func FuzzImportApply(f *testing.F) {
	ctx := context.Background()
	store, db := newStore(f, loadDemo)
	header := "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason\n"
	f.Add([]byte(header + "LA-1,ບໍລິສັດ,Test Co,VTE,,020 5555 1234,factory,licensed,2025-01-01,2027-01-01,,,,new\n"))
	f.Add([]byte(header + "LA-2,,Two Co,VTE,,,,licensed,,,,,,\nLA-3,,,,,,,bogus,,,,,,\n"))
	f.Add([]byte(header + "DEMO-LA-0101,,,,,,,revoked,,,,,,licence revoked by notice 3/2026\n"))
	type state struct {
		rev      int64
		agencies int64
	}
	now := func(t *testing.T) state {
		var c models.Counter
		if err := db.Where("name = ?", "revision").First(&c).Error; err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.Model(&models.Agency{}).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return state{c.Value, n}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := now(t)
		rep, err := store.ImportAgencies(ctx, models.Actor{Email: "fuzz@example.org"}, body, false)
		after := now(t)
		var me *models.Error
		switch {
		case err != nil && !errors.As(err, &me):
			t.Fatalf("an error without a code (would be a 500): %v", err)
		case err != nil || (rep != nil && !rep.Applied):
			if after != before {
				t.Fatalf("a refused or empty import changed the list: %+v → %+v (%v)", before, after, err)
			}
		case rep != nil && rep.Applied:
			if after.rev != before.rev+1 || after.agencies != before.agencies+int64(len(rep.Added)) {
				t.Fatalf("an applied import: %+v → %+v, added %d", before, after, len(rep.Added))
			}
		}
	})
}

func loadDemo(ctx context.Context, s *models.Store) error {
	_, err := seeds.Load(ctx, s, seeds.Options{Demo: true})
	return err
}
