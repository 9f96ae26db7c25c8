package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const none = 0xFFFF

// Word qualities inside the name-words rank.
const (
	qWhole  = 0 // the word as typed
	qStart  = 1 // the start of a word as typed
	qSimilr = 2 // by spelling tolerance or another script
)

// maxQueryWords bounds the work of one query.
const maxQueryWords = 10

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
	counted []int32
	rows    [3][]int
}

func (x *Index) scratch() *scratch {
	if s, ok := x.pool.Get().(*scratch); ok {
		return s
	}
	n := len(x.docs)
	s := &scratch{best: make([]uint16, n), cur: make([]uint16, n), accN: make([]uint8, n), accQ: make([]uint8, n),
		accE: make([]uint8, n), count: make([]uint8, len(x.loose))}
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
				w = Word{Kind: kindScript, Exact: e}
				w.Loose = looseKey(w)
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
	if len(out) > maxQueryWords {
		out = out[:maxQueryWords]
	}
	return out
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
		if utf8.RuneCountInString(lk) >= rs.licencePartMn {
			for i, l := range x.licence {
				if l != lk && strings.Contains(l, lk) {
					s.set(int32(i), RankPart, 0)
				}
			}
		}
	}
	if LooksLikePhone(q) {
		pk := PhoneKey(q)
		for _, p := range x.byPhone[pk] {
			s.set(p, RankPhone, 0)
		}
		if len(pk) >= rs.phonePartMin {
			for i, ps := range x.phones {
				for _, p := range ps {
					if p != pk && strings.Contains(p, pk) {
						s.set(int32(i), RankPart, 0)
						break
					}
				}
			}
		}
	}
	if len(words) > 0 {
		x.matchWords(s, words)
	}

	out := make([]Hit, 0, len(s.touched))
	for _, p := range s.touched {
		if ok(p) {
			c := s.best[p]
			out = append(out, Hit{Pos: p, Rank: uint8(c >> 8), Edits: uint8(c)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		if a.Edits != b.Edits {
			return a.Edits < b.Edits
		}
		return a.Pos < b.Pos
	})
	return out
}

func (x *Index) release(s *scratch) {
	for _, p := range s.touched {
		s.best[p] = none
		s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
	}
	s.touched = s.touched[:0]
	x.pool.Put(s)
}

// matchWords finds the docs in which every query word is found, and ranks
// them by the worst way one of their words was found.
func (x *Index) matchWords(s *scratch, words []Word) {
	var first []int32
	for wi, w := range words {
		x.matchWord(s, w)
		for _, p := range s.curList {
			c := s.cur[p]
			s.cur[p] = none
			if int(s.accN[p]) != wi {
				continue
			}
			if wi == 0 {
				first = append(first, p)
			}
			s.accN[p]++
			if q := uint8(c >> 8); q > s.accQ[p] {
				s.accQ[p] = q
			}
			s.accE[p] = uint8(min(int(s.accE[p])+int(c&0xFF), 255))
		}
		s.curList = s.curList[:0]
	}
	for _, p := range first {
		if int(s.accN[p]) == len(words) {
			rank := RankWords
			switch s.accQ[p] {
			case qStart:
				rank = RankStarts
			case qSimilr:
				rank = RankTolerant
			}
			s.set(p, rank, int(s.accE[p]))
		}
		if s.best[p] == none { // not a hit: clear what the words left
			s.accN[p], s.accQ[p], s.accE[p] = 0, 0, 0
		}
	}
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

func (x *Index) matchWord(s *scratch, w Word) {
	// As typed: a whole word or a word's start; for Lao and Thai, anywhere
	// inside a run of letters.
	if w.Kind == kindScript {
		x.scriptContaining(s, w.Exact)
		for _, t := range s.cands {
			if strings.Contains(x.exact[t], w.Exact) {
				s.found(x.exactDocs[t], qWhole, 0)
			}
		}
	} else {
		i := sort.SearchStrings(x.exact, w.Exact)
		for ; i < len(x.exact) && strings.HasPrefix(x.exact[i], w.Exact); i++ {
			q := qStart
			if x.exact[i] == w.Exact {
				q = qWhole
			}
			s.found(x.exactDocs[i], q, 0)
		}
	}
	// By sound, with spelling tolerance.
	qs := []rune(w.Loose)
	if len(qs) < rs.closeMinLen {
		return
	}
	k := rs.maxEdits(len(qs))
	x.looseCandidates(s, qs, k)
	for _, t := range s.cands {
		term := x.loose[t]
		if len(term) < len(qs)-k {
			continue
		}
		var d int
		if x.looseSub[t] {
			d = s.distance(qs, term, k, true)
		} else {
			d = s.distance(qs, term, k, false)
		}
		if d <= k {
			s.found(x.looseDocs[t], qSimilr, d)
		}
	}
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
// edits of (a part of) qs: each edit spoils at most three of its distinct
// bigrams, so a match shares at least distinct-3k of them.
func (x *Index) looseCandidates(s *scratch, qs []rune, k int) {
	s.cands = s.cands[:0]
	var grams []uint64
	forGrams(qs, 2, func(g uint64) {
		for _, h := range grams {
			if h == g {
				return
			}
		}
		grams = append(grams, g)
	})
	need := len(grams) - 3*k
	if need <= 0 {
		for i := range x.loose {
			s.cands = append(s.cands, int32(i))
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
	s.counted = s.counted[:0]
	sort.Slice(s.cands, func(i, j int) bool { return s.cands[i] < s.cands[j] })
}

// distance is the optimal-string-alignment (Damerau-Levenshtein with
// adjacent swaps) distance from a to the best-matching start of b, or, when
// inside is set, to the best-matching part of b; more than k is k+1.
func (s *scratch) distance(a, b []rune, k int, inside bool) int {
	m, n := len(a), len(b)
	if !inside && n > m+k {
		n = m + k
	}
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
	for i := 1; i <= m; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= n; j++ {
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
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	best := k + 1
	for j := 0; j <= n; j++ {
		if prev[j] < best {
			best = prev[j]
		}
	}
	return best
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
