package searchgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"paidee/models/search"
)

// TestParity: the phone's search (web/app/js/search.js, run by Node) and
// the server's (package search) give the same first five, with the same
// exact/close, for 1,000 random queries on 10,000 generated agencies; and
// that the phone's search by scan, before its index is built, gives every
// hit of 300 of them as its index does.
func TestParity(t *testing.T) {
	list, missing := Generate(10000, 300, 11)
	present, away := Queries(list, missing, 110, 12)
	var queries []string
	for _, q := range present {
		queries = append(queries, q.Q)
	}
	for i := 0; len(queries) < 1000 && i < len(away); i++ {
		queries = append(queries, away[i].Q)
	}
	queries = queries[:1000]
	docs := make([]search.Doc, len(list))
	for i := range list {
		docs[i] = list[i].Doc
	}
	parity(t, docs, queries, 300)
}

// TestParityOfficial is TestParity on the official-style list (Thai names,
// abbreviations, licence numbers with Thai and Lao letters, extensions).
func TestParityOfficial(t *testing.T) {
	list, missing := GenerateOfficial(2500, 300, 13)
	present, away := QueriesOfficial(list, missing, 60, 14)
	var queries []string
	for _, q := range present {
		queries = append(queries, q.Q)
	}
	for i := 0; i < 120 && i < len(away); i++ {
		queries = append(queries, away[i].Q)
	}
	docs := make([]search.Doc, len(list))
	for i := range list {
		docs[i] = list[i].Doc
	}
	parity(t, docs, queries, 150)
}

func parity(t *testing.T, docs []search.Doc, queries []string, scanned int) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed for the Go/JS parity test (make test needs it anyway)")
	}
	type jsAgency struct {
		ID        uint     `json:"id"`
		LicenceNo string   `json:"licence_no"`
		NameLo    string   `json:"name_lo"`
		NameEn    string   `json:"name_en"`
		Phones    []string `json:"phones"`
	}
	js := make([]jsAgency, len(docs))
	for i, d := range docs {
		js[i] = jsAgency{d.ID, d.LicenceNo, d.NameLo, d.NameEn, d.Phones}
	}
	dir := t.TempDir()
	write := func(name string, v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cmd := exec.Command(node, "../../../scripts/search/parity.mjs", write("agencies.json", js), write("queries.json", queries), fmt.Sprint(scanned))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node parity.mjs: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(queries) {
		t.Fatalf("node printed %d lines for %d queries", len(lines), len(queries))
	}
	x := search.Build(docs)
	bad, empty := 0, 0
	for i, q := range queries {
		var top [][2]any
		for j, h := range x.Search(q, nil) {
			if j == 5 {
				break
			}
			top = append(top, [2]any{x.Doc(int(h.Pos)).ID, h.Match()})
		}
		if len(top) == 0 {
			empty++
			top = [][2]any{}
		}
		want, _ := json.Marshal(top)
		if string(want) != lines[i] {
			bad++
			if bad <= 10 {
				t.Errorf("query %q: Go %s, JS %s", q, want, lines[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d queries differ", bad, len(queries))
	}
	if empty > len(queries)/2 {
		t.Errorf("%d of %d queries found nothing: the test compares too little", empty, len(queries))
	}
	t.Log(fmt.Sprintf("%d queries, %d with no result, all first fives equal: %v", len(queries), empty, bad == 0))
}

// TestRomaniseParity: Go and JS read the same random runs of Thai and Lao
// letters (vowel signs, tone marks and the silencer in any order) the same
// way, so the Thai reading rules agree beyond the generated names.
func TestRomaniseParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed for the Go/JS parity test")
	}
	r := rand.New(rand.NewPCG(21, 22))
	var words []string
	for _, s := range syllables {
		words = append(words, s.th, s.lo)
	}
	for len(words) < 3000 {
		base, last := rune(0x0E01), 0x0E4E // Thai
		if r.IntN(3) == 0 {
			base, last = 0x0E81, 0x0ECD // Lao
		}
		w := make([]rune, 1+r.IntN(9))
		for i := range w {
			w[i] = base + rune(r.IntN(int(last-int(base))+1))
		}
		words = append(words, string(w))
	}
	b, err := json.Marshal(words)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "words.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "../../../scripts/search/parity.mjs", "--romanise", p)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node parity.mjs --romanise: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(words) {
		t.Fatalf("node printed %d lines for %d words", len(lines), len(words))
	}
	bad := 0
	for i, w := range words {
		want, _ := json.Marshal(search.Romanise(w))
		if string(want) != lines[i] {
			bad++
			if bad <= 10 {
				t.Errorf("%q: Go %s, JS %s", w, want, lines[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words read differently", bad, len(words))
	}
}
