package search

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

type fixtureAgency struct {
	ID        uint     `json:"id"`
	LicenceNo string   `json:"licence_no"`
	NameLo    string   `json:"name_lo"`
	NameEn    string   `json:"name_en"`
	Phones    []string `json:"phones"`
	Status    string   `json:"status"`
	Province  string   `json:"province"`
}

type fixtureCase struct {
	Q       string   `json:"q"`
	Note    string   `json:"note"`
	First   string   `json:"first"`
	Match   string   `json:"match"`
	Has     []string `json:"top5_has"`
	None    bool     `json:"none"`
	NoExact bool     `json:"no_exact"`
	// ExactOnly, when set (even empty), lists every result that says exact.
	ExactOnly *[]string `json:"exact_only"`
}

func docsOf(list []fixtureAgency) []Doc {
	docs := make([]Doc, len(list))
	for i, a := range list {
		docs[i] = Doc{ID: a.ID, LicenceNo: a.LicenceNo, NameLo: a.NameLo, NameEn: a.NameEn, Phones: a.Phones, Status: a.Status, Province: a.Province}
	}
	return docs
}

// TestFixtures runs the shared fixture file; scripts/search/search.test.mjs
// runs the same file against the phone's search.
func TestFixtures(t *testing.T) {
	raw, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Agencies []fixtureAgency `json:"agencies"`
		Cases    []fixtureCase   `json:"cases"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	x := Build(docsOf(f.Agencies))
	for _, tc := range f.Cases {
		t.Run(tc.Q, func(t *testing.T) {
			hits := x.Search(tc.Q, nil)
			var got []string
			for i, h := range hits {
				if i < 5 {
					got = append(got, x.Doc(int(h.Pos)).LicenceNo+" "+h.Match())
				}
				if tc.NoExact && h.Exact() {
					t.Errorf("%s: %s says exact", tc.Note, x.Doc(int(h.Pos)).LicenceNo)
				}
			}
			if tc.ExactOnly != nil {
				var exact []string
				for _, h := range hits {
					if h.Exact() {
						exact = append(exact, x.Doc(int(h.Pos)).LicenceNo)
					}
				}
				if fmt.Sprint(exact) != fmt.Sprint(*tc.ExactOnly) {
					t.Errorf("%s: want exactly %v exact, got %v", tc.Note, *tc.ExactOnly, exact)
				}
			}
			if tc.None && len(hits) > 0 {
				t.Errorf("%s: want no result, got %v", tc.Note, got)
			}
			if tc.First != "" {
				if len(hits) == 0 {
					t.Fatalf("%s: want %s first, got nothing", tc.Note, tc.First)
				}
				h := hits[0]
				if d := x.Doc(int(h.Pos)); d.LicenceNo != tc.First || h.Match() != tc.Match {
					t.Errorf("%s: want %s %s first, got %v", tc.Note, tc.First, tc.Match, got)
				}
			}
			for _, want := range tc.Has {
				found := false
				for i := 0; i < len(hits) && i < 5; i++ {
					found = found || x.Doc(int(hits[i].Pos)).LicenceNo == want
				}
				if !found {
					t.Errorf("%s: want %s in the first five, got %v", tc.Note, want, got)
				}
			}
		})
	}
}
