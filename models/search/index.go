// Package search is the agency search: the keys of a listing, the index
// built from the public list at one revision, matching and ranking. The
// rules live in web/app/search-rules.json, which the phone's own search
// (web/app/js/search.js) follows too; the fixtures in testdata and the
// parity test keep the two the same.
package search

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Doc is what search needs of one listing.
type Doc struct {
	ID        uint
	NameLo    string
	NameEn    string
	LicenceNo string
	Phones    []string
	Status    string
	Province  string
}

// Rank of a hit: lower is better (search-rules.json "ranking").
const (
	RankLicence     = iota // the whole licence number
	RankPhone              // a whole phone number
	RankWords              // every word as typed
	RankLicenceZero        // licence with a leading zero left out
	RankPart               // part of a licence or phone number
	RankStarts             // words, word starts and parts of Lao/Thai runs
	RankTolerant           // spelling tolerance, other script
	rankNone
)

// Exact reports whether a rank means the listing was found as typed.
func Exact(rank int) bool { return rank <= RankWords }

// Hit is one result: the position of the listing in the index (Doc(i)).
type Hit struct {
	Pos   int32
	Rank  uint8
	Edits uint8 // cost within the rank: 4 per edit, +1 for a word's start, +2 for a part of a Lao run
}

// Exact reports whether the hit was found as typed; otherwise it is a
// close match that the person must check against their papers.
func (h Hit) Exact() bool { return Exact(int(h.Rank)) }

// The two kinds of match, as the API and the app say them.
const (
	MatchExact = "exact"
	MatchClose = "close"
)

// Matches lists them (for the API's document).
var Matches = []string{MatchExact, MatchClose}

// Match is "exact" or "close", as the API and the app say it.
func (h Hit) Match() string {
	if h.Exact() {
		return MatchExact
	}
	return MatchClose
}

// Index is an immutable search index over a list of listings.
type Index struct {
	docs      []Doc
	licence   []string   // licence key per doc
	phones    [][]string // national numbers per doc, for parts
	phoneIDs  [][]string // the same with their country (PhoneID)
	byLicence map[string][]int32
	byZero    map[string][]int32
	byPhone   map[string][]int32

	// Words: every distinct exact word, sorted (prefix ranges), with the
	// docs that have it; Lao/Thai runs also by trigram for substrings.
	exact       []string
	exactKind   []uint8
	exactDocs   [][]int32
	scriptTerms []int32            // indexes into exact of script words
	scriptTri   map[uint64][]int32 // trigram → indexes into exact

	// Sounds: every distinct loose key with how it matches (a Latin word by
	// its start, a Lao run anywhere inside), by bigram for candidates.
	loose     [][]rune
	looseSub  []bool
	looseSet  []uint64 // which letters a sound has (bit r%64), a cheap first check
	looseDocs [][]int32
	looseBi   map[uint64][]int32 // bigram → Lao/Thai runs that have it
	// (bigram, position) → Latin words that have the bigram there (a
	// position from posUnknown on counts as posUnknown): a query's bigram
	// at position i can only come from one within the allowed edits of i,
	// as a Latin word is compared from its start.
	looseBiAt map[uint64][]int32

	// Per doc, its words (indexes into exact and loose), to check the
	// other words of a query on the few docs the first one found.
	docExact [][]int32
	docLoose [][]int32
	docLen   []uint8 // nameLen, a tie-break

	pool sync.Pool
}

// Len is the number of listings.
func (x *Index) Len() int { return len(x.docs) }

// Doc returns the listing at position i (list order).
func (x *Index) Doc(i int) *Doc { return &x.docs[i] }

// sortKey orders the list: the Latin name in lower case, else the Lao one.
func sortKey(d *Doc) string {
	if d.NameEn != "" {
		return strings.Map(unicode.ToLower, d.NameEn)
	}
	return strings.Map(unicode.ToLower, fold(rs, d.NameLo))
}

// Build makes the index. The docs are put in list order (sortKey, then id);
// Doc(i) gives them back in that order.
func Build(docs []Doc) *Index {
	x := &Index{docs: append([]Doc(nil), docs...)}
	keys := make([]string, len(x.docs))
	for i := range x.docs {
		keys[i] = sortKey(&x.docs[i])
	}
	ord := make([]int, len(x.docs))
	for i := range ord {
		ord[i] = i
	}
	sort.Slice(ord, func(a, b int) bool {
		ka, kb := keys[ord[a]], keys[ord[b]]
		if ka != kb {
			return ka < kb
		}
		return x.docs[ord[a]].ID < x.docs[ord[b]].ID
	})
	sorted := make([]Doc, len(ord))
	for i, o := range ord {
		sorted[i] = docs[o]
	}
	x.docs = sorted

	x.licence = make([]string, len(x.docs))
	x.phones = make([][]string, len(x.docs))
	x.phoneIDs = make([][]string, len(x.docs))
	x.byLicence = map[string][]int32{}
	x.byZero = map[string][]int32{}
	x.byPhone = map[string][]int32{}
	x.docExact = make([][]int32, len(x.docs))
	x.docLoose = make([][]int32, len(x.docs))
	x.docLen = make([]uint8, len(x.docs))
	exactID := map[string]int32{}
	looseID := map[string]int32{}
	for i := range x.docs {
		d := &x.docs[i]
		pos := int32(i)
		x.docLen[i] = uint8(nameLen(d))
		x.licence[i] = LicenceKey(d.LicenceNo)
		if x.licence[i] != "" {
			x.byLicence[x.licence[i]] = append(x.byLicence[x.licence[i]], pos)
		}
		if z := ZeroKey(d.LicenceNo); z != "" {
			x.byZero[z] = appendOnce(x.byZero[z], pos)
			if c := CousinKey(d.LicenceNo); c != z {
				x.byZero[c] = appendOnce(x.byZero[c], pos)
			}
		}
		for _, p := range d.Phones {
			if k := PhoneKey(p); k != "" {
				id := PhoneID(p)
				x.phones[i] = append(x.phones[i], k)
				x.phoneIDs[i] = append(x.phoneIDs[i], id)
				x.byPhone[id] = appendOnce(x.byPhone[id], pos)
			}
		}
		for _, w := range docWords(d) {
			id, ok := exactID[w.Exact]
			if !ok {
				id = int32(len(x.exact))
				exactID[w.Exact] = id
				x.exact = append(x.exact, w.Exact)
				x.exactKind = append(x.exactKind, uint8(w.Kind))
				x.exactDocs = append(x.exactDocs, nil)
			}
			x.exactDocs[id] = appendOnce(x.exactDocs[id], pos)
			x.docExact[i] = append(x.docExact[i], id)
			for k, sound := range [3]string{w.Loose, w.Plain, w.Letters} {
				// The plain spelling counts too for a Latin word, when it
				// differs; a Lao or Thai run's letters (Letters) too.
				if len([]rune(sound)) < rs.closeMinLen || (k == 1 && (sound == w.Loose || w.Kind != kindLatin)) {
					continue
				}
				lk := sound
				if w.Kind == kindScript {
					lk = "\x00" + lk
				}
				lid, ok := looseID[lk]
				if !ok {
					lid = int32(len(x.loose))
					looseID[lk] = lid
					x.loose = append(x.loose, []rune(sound))
					x.looseSub = append(x.looseSub, w.Kind == kindScript)
					x.looseSet = append(x.looseSet, letterSet([]rune(sound)))
					x.looseDocs = append(x.looseDocs, nil)
				}
				x.looseDocs[lid] = appendOnce(x.looseDocs[lid], pos)
				x.docLoose[i] = append(x.docLoose[i], lid)
			}
		}
	}
	// Exact words sorted, for prefix ranges.
	perm := make([]int, len(x.exact))
	for i := range perm {
		perm[i] = i
	}
	sort.Slice(perm, func(a, b int) bool { return x.exact[perm[a]] < x.exact[perm[b]] })
	ex, kinds, exDocs := make([]string, len(perm)), make([]uint8, len(perm)), make([][]int32, len(perm))
	newID := make([]int32, len(perm))
	for i, p := range perm {
		ex[i], kinds[i], exDocs[i] = x.exact[p], x.exactKind[p], x.exactDocs[p]
		newID[p] = int32(i)
	}
	for _, l := range x.docExact {
		for j := range l {
			l[j] = newID[l[j]]
		}
	}
	x.exact, x.exactKind, x.exactDocs = ex, kinds, exDocs
	x.scriptTri = map[uint64][]int32{}
	for i, w := range x.exact {
		if x.exactKind[i] != kindScript {
			continue
		}
		x.scriptTerms = append(x.scriptTerms, int32(i))
		forGrams([]rune(w), 3, func(g uint64) {
			l := x.scriptTri[g]
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				x.scriptTri[g] = append(l, int32(i))
			}
		})
	}
	x.looseBi = map[uint64][]int32{}
	x.looseBiAt = map[uint64][]int32{}
	for i, w := range x.loose {
		if !x.looseSub[i] {
			for j := 0; j+2 <= len(w); j++ {
				key := (uint64(w[j])<<21|uint64(w[j+1]))<<8 | uint64(min(j, posUnknown))
				if l := x.looseBiAt[key]; len(l) == 0 || l[len(l)-1] != int32(i) {
					x.looseBiAt[key] = append(l, int32(i))
				}
			}
			continue
		}
		forGrams(w, 2, func(g uint64) {
			l := x.looseBi[g]
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				x.looseBi[g] = append(l, int32(i))
			}
		})
	}
	return x
}

// posUnknown is the position kept for a bigram at 255 or later: any.
const posUnknown = 255

// appendOnce appends pos unless it is already the last element (docs are
// added in order, so that is the only place it could be).
func appendOnce(l []int32, pos int32) []int32 {
	if len(l) > 0 && l[len(l)-1] == pos {
		return l
	}
	return append(l, pos)
}

// forGrams calls fn with every run of n letters of s.
func forGrams(s []rune, n int, fn func(uint64)) {
	for i := 0; i+n <= len(s); i++ {
		var g uint64
		for j := 0; j < n; j++ {
			g = g<<21 | uint64(s[i+j])
		}
		fn(g)
	}
}

// docWords are the words of a listing's names; a Lao run that begins or
// ends with a company word (written without a space) also counts without it.
func docWords(d *Doc) []Word {
	lo := Words(d.NameLo)
	ws := append(lo, Words(d.NameEn)...)
	for _, w := range ws {
		if w.Kind == kindScript {
			if e := stripCompany(w.Exact); e != w.Exact {
				ws = append(ws, makeWord(kindScript, e))
			}
		}
	}
	// Lao and Thai are written without spaces, and a name's spaces are the
	// registrar's: "บริษัท จัดหางาน สยาม แมนพาวเวอร์ จำกัด" is also the run
	// "จัดหางานสยามแมนพาวเวอร์" (runs next to each other written together,
	// company words cut from its ends).
	for i := 0; i < len(lo); {
		j := i
		var b strings.Builder
		for j < len(lo) && lo[j].Kind == kindScript {
			b.WriteString(lo[j].Exact)
			j++
		}
		if j-i >= 2 {
			// Found as typed only: its sound would be a long one shared by
			// few, and every sound of the index is a candidate for a query.
			if e := stripCompany(b.String()); !hasWord(ws, e) {
				ws = append(ws, Word{Kind: kindScript, Exact: e})
			}
		}
		i = max(j, i+1)
	}
	return ws
}

func hasWord(ws []Word, e string) bool {
	for _, w := range ws {
		if w.Exact == e {
			return true
		}
	}
	return false
}

// nameLen is how many words a listing's name has beyond its company words
// (its Latin name's, else its Lao or Thai name's): among listings found
// alike, the one whose name the query says more of comes first.
func nameLen(d *Doc) int {
	name := d.NameEn
	if strings.TrimSpace(name) == "" {
		name = d.NameLo
	}
	n := 0
	for _, w := range Words(name) {
		if !isCompany(w) {
			n++
		}
	}
	return min(n, 255)
}

// letterSet has bit r%64 set for every letter r of s.
func letterSet(s []rune) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint(r) % 64)
	}
	return m
}
