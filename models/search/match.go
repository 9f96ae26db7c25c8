package search

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

const none = 0xFFFF

// Word qualities inside the name-words rank.
const (
	qWhole  = 0 // the word as typed
	qStart  = 1 // the start of a word, or a part of a Lao/Thai run, as typed
	qSimilr = 2 // by spelling tolerance or another script
)

type scratch struct {
	best    []uint16 // per doc: rank<<8 | edits, none if not found
	touched []int32
	cur     []uint16 // per doc, for the current query word
	curList []int32
	accN    []uint8 // query words matched so far
	accQ    []uint8
	accE    []uint8
	cands   []int32
	count   []uint8 // per loose term, bigrams shared with the query word
	stamp   []uint8 // per loose term, the query position last counted (+1)
	grams   []uint64
	counted []int32
	rows    [3][]int
	// insideBP's letter masks, for the word copied in pmFor
	pmFor   []rune
	pmASCII [128]uint64
	pmOther []runeMask
}

func (x *Index) scratch() *scratch {
	if s, ok := x.pool.Get().(*scratch); ok {
		return s
	}
	n := len(x.docs)
	s := &scratch{best: make([]uint16, n), cur: make([]uint16, n), accN: make([]uint8, n), accQ: make([]uint8, n),
		accE: make([]uint8, n), count: make([]uint8, len(x.loose)), stamp: make([]uint8, len(x.loose))}
	for i := range s.best {
		s.best[i], s.cur[i] = none, none
	}
	return s
}

func (s *scratch) set(pos int32, rank, edits int) {
	code := uint16(rank<<8 | min(edits, 255))
	if s.best[pos] == none {
		s.touched = append(s.touched, pos)
	}
	if code < s.best[pos] {
		s.best[pos] = code
	}
}

// QueryWords are the words of a query that must each be found: company
// words are left out when there are others, Lao and Thai company words are
// cut from runs typed without spaces, and a word typed twice counts once.
func QueryWords(q string) []Word {
	all := Words(q)
	var out []Word
	company := 0
	seen := map[string]bool{}
	for _, w := range all {
		if w.Kind == kindScript {
			if e := stripCompany(w.Exact); e != w.Exact {
				w = makeWord(kindScript, e)
			}
		}
		if seen[w.Exact] {
			continue
		}
		seen[w.Exact] = true
		out = append(out, w)
		if isCompany(w) {
			company++
		}
	}
	if company > 0 && company < len(out) {
		kept := out[:0]
		for _, w := range out {
			if !isCompany(w) {
				kept = append(kept, w)
			}
		}
		out = kept
	}
	return out
}

// joinedBonus ranks first, among the close matches already found, those in
// which the query's words written together are one whole word or Lao run
// ("say si saen" is ໄຊສີແສນ): it only lowers their cost, it finds nothing new.
func (x *Index) joinedBonus(s *scratch, words []Word) {
	if len(words) < 2 {
		return
	}
	var b strings.Builder
	for _, w := range words {
		if w.Kind == kindDigits {
			return
		}
		b.WriteString(w.Loose)
	}
	qs := []rune(b.String())
	k := rs.maxEdits(len(qs))
	// Usually few docs are close matches: their own sounds are compared
	// then, rather than every sound of the index that may be near.
	var few []int32
	for _, p := range s.touched {
		if int(s.best[p]>>8) >= RankStarts {
			if few = append(few, p); len(few) > joinedPerDoc {
				break
			}
		}
	}
	if len(few) <= joinedPerDoc {
		for _, p := range few {
			for _, t := range x.docLoose[p] {
				if d := s.distance(qs, x.loose[t], k, modeWhole); d <= k {
					s.set(p, int(s.best[p]>>8), 4*d)
				}
			}
		}
		return
	}
	x.looseCandidates(s, qs, k, k, false)
	for _, t := range s.cands {
		d := s.distance(qs, x.loose[t], k, modeWhole)
		if d > k {
			continue
		}
		for _, p := range x.looseDocs[t] {
			if c := s.best[p]; c != none && int(c>>8) >= RankStarts {
				s.set(p, int(c>>8), 4*d)
			}
		}
	}
}

// joinedPerDoc: with at most this many close matches, joinedBonus compares
// their own sounds.
const joinedPerDoc = 200

// joinScript is the query's Lao/Thai words written together, when the query
// has two or more and nothing else.
func joinScript(words []Word) (string, bool) {
	if len(words) < 2 {
		return "", false
	}
	var b strings.Builder
	for _, w := range words {
		if w.Kind != kindScript {
			return "", false
		}
		b.WriteString(w.Exact)
	}
	return b.String(), true
}

func onlyDigits(words []Word) bool {
	for _, w := range words {
		if w.Kind != kindDigits {
			return false
		}
	}
	return true
}

func isCompany(w Word) bool {
	if w.Kind == kindLatin {
		return rs.companyLatin[w.Exact]
	}
	return w.Kind == kindScript && rs.companyAll[w.Exact]
}

// Search returns every listing that matches q, best first (see the ranks),
// keeping only those keep accepts (nil keeps all). An empty query (nothing
// but spaces and signs) lists everything, in list order, as exact.
func (x *Index) Search(q string, keep func(*Doc) bool) []Hit {
	ok := func(i int32) bool { return keep == nil || keep(&x.docs[i]) }
	words := QueryWords(q)
	// Only the first max_query_words words are looked for (a bound on the
	// work); a query with more never gets an exact match, since the words
	// left out were not checked.
	tooMany := len(words) > rs.maxWords
	if tooMany {
		words = words[:rs.maxWords]
	}
	lk := LicenceKey(q)
	if len(words) == 0 && lk == "" {
		out := make([]Hit, 0, len(x.docs))
		for i := range x.docs {
			if ok(int32(i)) {
				out = append(out, Hit{Pos: int32(i), Rank: RankWords})
			}
		}
		return out
	}
	s := x.scratch()
	defer x.release(s)

	for _, p := range x.byLicence[lk] {
		s.set(p, RankLicence, 0)
	}
	if strings.ContainsAny(lk, "0123456789") {
		for _, p := range x.byZero[ZeroKey(q)] {
			s.set(p, RankLicenceZero, 0)
		}
		if c := CousinKey(q); c != ZeroKey(q) {
			for _, p := range x.byZero[c] {
				s.set(p, RankLicenceZero, 0)
			}
		}
		if utf8.RuneCountInString(lk) >= rs.licencePartMn {
			var qz, qr []string
			for i, l := range x.licence {
				if l != lk && strings.Contains(l, lk) {
					if qz == nil {
						qz, qr = strings.Split(ZeroKey(q), "|"), strings.Split(licenceParts(q, false), "|")
					}
					s.set(int32(i), RankPart, partCost(qz, qr, x.docs[i].LicenceNo))
				}
			}
		}
	}
	if LooksLikePhone(q) {
		pk, id := PhoneKey(q), PhoneID(q)
		for _, p := range x.byPhone[id] {
			s.set(p, RankPhone, 0)
		}
		// A part of a number, or the same national digits in the other
		// country: close.
		if len(pk) >= rs.phonePartMin {
			for i, ps := range x.phones {
				for j, p := range ps {
					if strings.Contains(p, pk) && x.phoneIDs[i][j] != id {
						s.set(int32(i), RankPart, 0)
						break
					}
				}
			}
		}
	}
	if len(words) > 0 {
		asTyped := RankWords
		// Numbers alone are not a name: "555" typed for licence 555/ກຮ must
		// not confirm "555 & Master Co., Ltd." (only a licence or phone is
		// exact by its digits).
		if tooMany || onlyDigits(words) {
			asTyped = RankStarts
		}
		x.matchWords(s, words, asTyped)
		x.joinedBonus(s, words)
		// Lao typed with a space inside a name written without one:
		// "ຂົວ ແມ່ຂອງ" is the whole word "ຂົວແມ່ຂອງ".
		if joined, ok := joinScript(words); ok {
			if i, found := sort.Find(len(x.exact), func(i int) int { return strings.Compare(joined, x.exact[i]) }); found {
				for _, p := range x.exactDocs[i] {
					s.set(p, asTyped, 0)
				}
			}
		}
	}

	out := make([]Hit, 0, len(s.touched))
	for _, p := range s.touched {
		if ok(p) {
			c := s.best[p]
			out = append(out, Hit{Pos: p, Rank: uint8(c >> 8), Edits: uint8(c)})
		}
	}
	slices.SortFunc(out, func(a, b Hit) int {
		if a.Rank != b.Rank {
			return int(a.Rank) - int(b.Rank)
		}
		if a.Edits != b.Edits {
			return int(a.Edits) - int(b.Edits)
		}
		if la, lb := x.docLen[a.Pos], x.docLen[b.Pos]; la != lb {
			return int(la) - int(lb)
		}
		return int(a.Pos - b.Pos)
	})
	return out
}

// partCost ranks the licence numbers that hold the query's letters and
// digits: 0 when the query's parts (qz, ZeroKey's; qr as typed) are whole
// parts of the number from its first number part on ("1503/2559" in
// "น.1503/2559", "123" in "123/ກຮ"), 1 the same with a leading zero left
// out ("123" in "ນ.0123/2564"), 2 when they are whole parts elsewhere (a
// year), 3 when they are only inside it.
func partCost(qz, qr []string, licenceNo string) int {
	lz := strings.Split(ZeroKey(licenceNo), "|")
	first := 0
	for first < len(lz) && !isDigits(lz[first]) {
		first++
	}
	best := 3
	for i := 0; i+len(qz) <= len(lz); i++ {
		if slices.Equal(lz[i:i+len(qz)], qz) {
			if i == first || (i == first-1 && !isDigits(qz[0])) {
				lr := strings.Split(licenceParts(licenceNo, false), "|")
				if slices.Equal(lr[i:i+len(qr)], qr) {
					return 0
				}
				return 1
			}
			best = 2
		}
	}
	return best
}

func (x *Index) release(s *scratch) {
	for _, p := range s.touched {
		s.best[p] = none
		s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
	}
	s.touched = s.touched[:0]
	x.pool.Put(s)
}

// perDocBelow: once the docs still in the running are this few, the next
// query words are checked against their words rather than the whole index.
const perDocBelow = 400

// matchWords finds the docs in which every query word is found, and ranks
// them by the worst way one of their words was found (asTyped: the rank
// of a doc in which every word was found as typed). The longest word
// (most telling, fewest candidates) goes first.
func (x *Index) matchWords(s *scratch, words []Word, asTyped int) {
	order := make([]Word, len(words))
	copy(order, words)
	sort.SliceStable(order, func(i, j int) bool { return len(order[i].Exact) > len(order[j].Exact) })
	var alive []int32
	for wi, w := range order {
		if wi > 0 && len(alive) < perDocBelow {
			kept := alive[:0]
			for _, p := range alive {
				c := x.checkDoc(s, w, p)
				if c == none {
					s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
					continue
				}
				kept = append(kept, p)
				x.accumulate(s, p, c)
			}
			alive = kept
			continue
		}
		// Only docs every earlier word found can still match (wi: how many
		// words they have so far); the first word has no such bound.
		x.matchWord(s, w, wi)
		var next []int32
		for _, p := range s.curList {
			c := s.cur[p]
			s.cur[p] = none
			if int(s.accN[p]) != wi {
				continue
			}
			next = append(next, p)
			x.accumulate(s, p, c)
		}
		s.curList = s.curList[:0]
		// Docs of the first word that this one did not find drop out.
		if wi > 0 {
			for _, p := range alive {
				if int(s.accN[p]) != wi+1 {
					s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
				}
			}
		}
		alive = next
	}
	for _, p := range alive {
		rank := asTyped
		switch s.accQ[p] {
		case qStart:
			rank = RankStarts
		case qSimilr:
			rank = RankTolerant
		}
		s.set(p, rank, int(s.accE[p]))
		s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
	}
}

func (x *Index) accumulate(s *scratch, p int32, c uint16) {
	s.accN[p]++
	if q := uint8(c >> 8); q > s.accQ[p] {
		s.accQ[p] = q
	}
	s.accE[p] = uint8(min(int(s.accE[p])+int(c&0xFF), 255))
}

// checkDoc is the best way word w is found among the words of doc p.
func (x *Index) checkDoc(s *scratch, w Word, p int32) uint16 {
	best := uint16(none)
	for _, t := range x.docExact[p] {
		if c := x.exactCode(w, t); c < best {
			best = c
		}
	}
	if best == qWhole<<8 {
		return best
	}
	for _, f := range w.forms() {
		kq, kw := rs.maxEdits(len(f.r)), rs.maxEdits(len(f.r)+1)
		set := letterSet(f.r)
		for _, t := range x.docLoose[p] {
			if f.plain && x.looseSub[t] {
				continue // the plain spelling: Latin words only
			}
			// Each letter of the query that the sound lacks costs an edit.
			if bits.OnesCount64(set&^x.looseSet[t]) > kw {
				continue
			}
			if d, ok := x.looseEdits(s, f.r, t, kq, kw); ok {
				if c := uint16(qSimilr<<8 | d); c < best {
					best = c
				}
			}
		}
	}
	return best
}

// exactCode is how a query word is found as typed in exact word t.
func (x *Index) exactCode(w Word, t int32) uint16 {
	term := x.exact[t]
	switch {
	case term == w.Exact:
		return qWhole << 8
	case w.Kind == kindScript && strings.Contains(term, w.Exact):
		return qStart<<8 | 1
	case w.Kind != kindScript && strings.HasPrefix(term, w.Exact):
		return qStart<<8 | 1
	}
	return none
}

func (s *scratch) found(docs []int32, q, edits int) {
	code := uint16(q<<8 | edits)
	for _, p := range docs {
		if s.cur[p] == none {
			s.curList = append(s.curList, p)
		}
		if code < s.cur[p] {
			s.cur[p] = code
		}
	}
}

// matchWord finds the docs with word w (in s.cur and s.curList); from the
// second query word on (alive > 0), sounds are compared only when one of
// their docs has the alive earlier words, as the others drop out anyway.
func (x *Index) matchWord(s *scratch, w Word, alive int) {
	// As typed: a whole word or a word's start; for Lao and Thai, anywhere
	// inside a run of letters.
	if w.Kind == kindScript {
		x.scriptContaining(s, w.Exact)
		for _, t := range s.cands {
			if x.exact[t] == w.Exact {
				s.found(x.exactDocs[t], qWhole, 0)
			} else if strings.Contains(x.exact[t], w.Exact) {
				s.found(x.exactDocs[t], qStart, 1)
			}
		}
	} else {
		i := sort.SearchStrings(x.exact, w.Exact)
		for ; i < len(x.exact) && strings.HasPrefix(x.exact[i], w.Exact); i++ {
			if x.exact[i] == w.Exact {
				s.found(x.exactDocs[i], qWhole, 0)
			} else {
				s.found(x.exactDocs[i], qStart, 1)
			}
		}
	}
	// By sound, with spelling tolerance: the folded and the plain spelling
	// (this one against Latin words only: Lao and Thai runs are kept by
	// their folded sound alone).
	for _, f := range w.forms() {
		x.matchLoose(s, f.r, f.plain, alive)
	}
}

// wordForm is one spelling of a query word compared with tolerance; plain:
// the plain Latin spelling, compared with Latin words only.
type wordForm struct {
	r     []rune
	plain bool
}

// forms are the spellings of a word compared with tolerance: its skeleton;
// for a Latin word, its plain spelling (a typo can break a pair like kh);
// for a Lao or Thai run, its letters (Word.Letters).
func (w Word) forms() []wordForm {
	var out []wordForm
	if n := []rune(w.Loose); len(n) >= rs.closeMinLen {
		out = append(out, wordForm{r: n})
	}
	if w.Kind == kindLatin && w.Plain != w.Loose {
		if n := []rune(w.Plain); len(n) >= rs.closeMinLen {
			out = append(out, wordForm{r: n, plain: true})
		}
	}
	if n := []rune(w.Letters); len(n) >= rs.closeMinLen {
		out = append(out, wordForm{r: n})
	}
	return out
}

// matchLoose finds the sounds within the allowed edits of qs: for a Latin
// word its start, for a Lao run any part of it. The longer of the typed
// word and the name's word sets the edits, so "qick" finds "quick".
func (x *Index) matchLoose(s *scratch, qs []rune, latinOnly bool, alive int) {
	kq := rs.maxEdits(len(qs))
	kw := rs.maxEdits(len(qs) + 1)
	x.looseCandidates(s, qs, kq, kw, latinOnly)
	set := letterSet(qs)
	for _, t := range s.cands {
		// Each letter of the query that the sound lacks costs an edit.
		if bits.OnesCount64(set&^x.looseSet[t]) > kw {
			continue
		}
		if alive > 0 && !x.anyAlive(s, t, alive) {
			continue
		}
		if d, ok := x.looseEdits(s, qs, t, kq, kw); ok {
			s.found(x.looseDocs[t], qSimilr, d)
		}
	}
}

// anyAlive reports whether a doc of sound t has the alive words found.
func (x *Index) anyAlive(s *scratch, t int32, alive int) bool {
	for _, p := range x.looseDocs[t] {
		if int(s.accN[p]) == alive {
			return true
		}
	}
	return false
}

// looseEdits compares query spelling qs with sound t: up to kq edits with
// its start (a Latin word) or a part (a Lao run); up to kw with the whole
// of a Latin word long enough to allow them. It returns the cost used to
// rank close matches: 4 per edit, plus 0 when the query matches the whole
// word, 1 its start, 2 a part inside a Lao run.
func (x *Index) looseEdits(s *scratch, qs []rune, t int32, kq, kw int) (int, bool) {
	term := x.loose[t]
	if len(term) < len(qs)-kw {
		return 0, false
	}
	if x.looseSub[t] {
		var d int
		if len(qs) <= 64 {
			d = s.insideBP(qs, term, kq)
		} else {
			d = s.distance(qs, term, kq, modeInside)
		}
		if d > kq {
			// The whole run with a letter left out, as for a Latin word.
			if kw > kq && rs.maxEdits(len(term)) >= kw {
				if w := s.distance(qs, term, kw, modeWhole); w <= kw {
					return 4 * w, true
				}
			}
			return 0, false
		}
		st, w := s.startWhole(qs, term, kq)
		if w <= kq {
			return 4 * w, true
		}
		if st <= kq {
			return 4*st + 1, true
		}
		return 4*d + 2, true
	}
	d, w := s.startWhole(qs, term, kw)
	if d > kw {
		return 0, false
	}
	if w <= kq || (w <= kw && rs.maxEdits(len(term)) >= kw) {
		return 4 * w, true
	}
	if d <= kq {
		return 4*d + 1, true
	}
	return 0, false
}

// scriptContaining leaves in s.cands the Lao/Thai words that may contain n:
// those with every trigram of n (all of them when n is shorter).
func (x *Index) scriptContaining(s *scratch, n string) {
	s.cands = s.cands[:0]
	r := []rune(n)
	if len(r) < 3 {
		s.cands = append(s.cands, x.scriptTerms...)
		return
	}
	var lists [][]int32
	missing := false
	forGrams(r, 3, func(g uint64) {
		l, ok := x.scriptTri[g]
		if !ok {
			missing = true
		}
		lists = append(lists, l)
	})
	if missing {
		return
	}
	sort.Slice(lists, func(i, j int) bool { return len(lists[i]) < len(lists[j]) })
	s.cands = append(s.cands, lists[0]...)
	for _, l := range lists[1:] {
		s.cands = intersect(s.cands, l)
	}
}

// looseCandidates leaves in s.cands the loose terms that can be within k
// edits of (a part of) qs: each edit spoils at most three of its bigrams,
// so a match shares at least all but 3k of them. A Latin word is compared
// from its start, so a bigram of the query at position i counts only when
// the word has it within kw of i (the shift that kw edits allow); a Lao or
// Thai run may match anywhere inside, so there any shared bigram counts.
func (x *Index) looseCandidates(s *scratch, qs []rune, kq, kw int, latinOnly bool) {
	s.cands = s.cands[:0]
	// Up to kq edits spoil at most 3kq bigrams; the extra edit allowed
	// against a longer whole word is one letter left out, which spoils one.
	spoilt := 3 * kq
	if kw > kq {
		spoilt = max(spoilt, 3*kq+1)
	}
	// (A word of posUnknown letters or more, which no person types, takes
	// every term: positions and counts are kept in bytes.)
	if len(qs)-1-spoilt <= 0 || len(qs) >= posUnknown {
		for i := range x.loose {
			if !latinOnly || !x.looseSub[i] {
				s.cands = append(s.cands, int32(i))
			}
		}
		return
	}
	// Latin words: bigrams by position.
	need := len(qs) - 1 - spoilt
	for i := 0; i+2 <= len(qs); i++ {
		g := uint64(qs[i])<<21 | uint64(qs[i+1])
		stamp := uint8(i + 1)
		for p := max(0, i-kw); p <= i+kw+1; p++ {
			if p == i+kw+1 {
				p = posUnknown // and the words that have it further on
			}
			for _, t := range x.looseBiAt[g<<8|uint64(p)] {
				if s.count[t] == 0 {
					s.counted = append(s.counted, t)
				} else if s.stamp[t] == stamp {
					continue // this query position is counted already
				}
				s.stamp[t] = stamp
				s.count[t]++
			}
			if p == posUnknown {
				break
			}
		}
	}
	for _, t := range s.counted {
		if int(s.count[t]) >= need {
			s.cands = append(s.cands, t)
		}
		s.count[t] = 0
	}
	s.counted = s.counted[:0]
	if latinOnly {
		return
	}
	// Lao and Thai runs: distinct bigrams shared anywhere.
	grams := s.grams[:0]
	forGrams(qs, 2, func(g uint64) {
		for _, h := range grams {
			if h == g {
				return
			}
		}
		grams = append(grams, g)
	})
	s.grams = grams
	need = len(grams) - spoilt
	if need <= 0 {
		for i := range x.loose {
			if x.looseSub[i] {
				s.cands = append(s.cands, int32(i))
			}
		}
		return
	}
	for _, g := range grams {
		for _, t := range x.looseBi[g] {
			if s.count[t] == 0 {
				s.counted = append(s.counted, t)
			}
			s.count[t]++
		}
	}
	for _, t := range s.counted {
		if int(s.count[t]) >= need {
			s.cands = append(s.cands, t)
		}
		s.count[t] = 0
	}
	// Not sorted: what each candidate finds is kept per listing, and the
	// hits are put in a total order at the end, so the order does not matter.
	s.counted = s.counted[:0]
}

// Ways to compare a query word with a word of a name.
const (
	modeStart  = iota // with the best start of the name's word
	modeInside        // with the best part of it (Lao and Thai runs)
	modeWhole         // with all of it
)

// distance is the optimal-string-alignment (Damerau-Levenshtein with
// adjacent swaps) distance from a to the best-matching start of b, or, when
// inside is set, to the best-matching part of b; more than k is k+1.
func (s *scratch) distance(a, b []rune, k int, mode int) int {
	m, n := len(a), len(b)
	if mode == modeWhole && (n > m+k || n < m-k) {
		return k + 1
	}
	if mode == modeStart && n > m+k {
		n = m + k
	}
	row, ok := s.align(a, b[:n], k, mode == modeInside)
	if !ok {
		return k + 1
	}
	if mode == modeWhole {
		return min(row[n], k+1)
	}
	return min(slices.Min(row), k+1)
}

// startWhole is distance with modeStart and with modeWhole, from one
// alignment: the whole word is the start that takes all of it.
func (s *scratch) startWhole(a, b []rune, k int) (start, whole int) {
	m, n := len(a), len(b)
	if m >= 1 && m <= 64 {
		return s.startWholeBP(a, b, k)
	}
	cut := min(n, m+k)
	row, ok := s.align(a, b[:cut], k, false)
	if !ok {
		return k + 1, k + 1
	}
	start, whole = min(slices.Min(row), k+1), k+1
	if cut == n {
		whole = min(row[n], k+1)
	}
	return start, whole
}

// align fills the alignment table of a against b row by row and returns
// its last row, or false once every cell of a row is over k.
func (s *scratch) align(a, b []rune, k int, inside bool) ([]int, bool) {
	m, n := len(a), len(b)
	for i := range s.rows {
		if cap(s.rows[i]) < n+1 {
			s.rows[i] = make([]int, n+1)
		}
		s.rows[i] = s.rows[i][:n+1]
	}
	prev2, prev, cur := s.rows[0], s.rows[1], s.rows[2]
	for j := 0; j <= n; j++ {
		if inside {
			prev[j] = 0
		} else {
			prev[j] = j
		}
	}
	// Against a start or the whole of b, a cell more than k off the
	// diagonal is more than k edits: only the band within k of it is
	// computed, with the cells just outside it taken as k+1 (what is over k
	// counts as k+1 anyway). A part of b may start anywhere: no band.
	band := !inside
	for i := 1; i <= m; i++ {
		cur[0] = i
		lo, hi := 1, n
		if band {
			lo, hi = max(1, i-k), min(n, i+k)
			if lo > 1 {
				cur[lo-1] = k + 1
			}
			if hi < n {
				cur[hi+1] = k + 1
			}
		}
		rowMin := k + 1
		if lo == 1 {
			rowMin = i
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if d := prev[j] + 1; d < v {
				v = d
			}
			if d := cur[j-1] + 1; d < v {
				v = d
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if d := prev2[j-2] + 1; d < v {
					v = d
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > k {
			return nil, false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if band {
		// Cells of the last row outside the band may be left from an
		// earlier row: they are over k.
		for j := 0; j <= n; j++ {
			if j < m-k || j > m+k {
				prev[j] = k + 1
			}
		}
	}
	return prev, true
}

// intersect keeps the elements of a (sorted) that are also in b (sorted).
func intersect(a, b []int32) []int32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}
