package search

import "slices"

// insideBP is distance(a, b, k, modeInside) for a of at most 64 letters,
// by the bit-parallel algorithm of Myers (1999) with Hyyrö's (2003)
// extension for adjacent swaps: one column of the alignment table per
// letter of b, 64 cells at a time, instead of len(a) cells one by one.
// Comparing a query word with every Lao run it may lie inside is most of
// an uncached search; the result is the same (TestInsideBP).
func (s *scratch) insideBP(a, b []rune, k int) int {
	m := len(a)
	if m == 0 {
		return 0
	}
	s.peq(a)
	top := uint64(1) << (m - 1)
	vp, vn, d0, prevEq := ^uint64(0), uint64(0), uint64(0), uint64(0)
	score, best := m, m
	for _, c := range b {
		eq := s.eqOf(c)
		d0 = ((^d0&eq)<<1)&prevEq | (((eq & vp) + vp) ^ vp) | eq | vn
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&top != 0 {
			score++
		} else if hn&top != 0 {
			score--
		}
		x := hp << 1
		vn = x & d0
		vp = (hn << 1) | ^(x | d0)
		prevEq = eq
		best = min(best, score)
	}
	return min(best, k+1)
}

// startWholeBP is startWhole for a of 1 to 64 letters, by the same
// bit-parallel columns with the top row of a start-anchored alignment (the
// cost of b's first j letters against nothing is j): the score at column j
// is the distance from a to b[:j]. Most Latin candidates are compared this
// way; the result is the alignment's (TestStartWholeBP). The column step is
// insideBP's with a 1 shifted in; it is written out in both, as a shared
// step is not inlined by the compiler and costs a tenth of a search.
func (s *scratch) startWholeBP(a, b []rune, k int) (start, whole int) {
	m := len(a)
	s.peq(a)
	top := uint64(1) << (m - 1)
	vp, vn, d0, prevEq := ^uint64(0), uint64(0), uint64(0), uint64(0)
	score := m
	start = m
	cut := min(len(b), m+k)
	for _, c := range b[:cut] {
		eq := s.eqOf(c)
		d0 = ((^d0&eq)<<1)&prevEq | (((eq & vp) + vp) ^ vp) | eq | vn
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&top != 0 {
			score++
		} else if hn&top != 0 {
			score--
		}
		x := hp<<1 | 1
		vn = x & d0
		vp = (hn << 1) | ^(x | d0)
		prevEq = eq
		start = min(start, score)
	}
	whole = k + 1
	if cut == len(b) {
		whole = min(score, k+1)
	}
	return min(start, k+1), whole
}

// peq keeps, for the letters of a (a copy of a in pmFor says for which), the positions where a has them (bit i
// for a[i]); ASCII in an array, the rest in a short list.
func (s *scratch) peq(a []rune) {
	if slices.Equal(s.pmFor, a) {
		return
	}
	for i := range s.pmASCII {
		s.pmASCII[i] = 0
	}
	s.pmOther = s.pmOther[:0]
	for i, r := range a {
		if r < 128 {
			s.pmASCII[r] |= 1 << i
			continue
		}
		found := false
		for j := range s.pmOther {
			if s.pmOther[j].r == r {
				s.pmOther[j].m |= 1 << i
				found = true
				break
			}
		}
		if !found {
			s.pmOther = append(s.pmOther, runeMask{r, 1 << i})
		}
	}
	s.pmFor = append(s.pmFor[:0], a...)
}

func (s *scratch) eqOf(c rune) uint64 {
	if c < 128 {
		if c < 0 {
			return 0
		}
		return s.pmASCII[c]
	}
	for _, x := range s.pmOther {
		if x.r == c {
			return x.m
		}
	}
	return 0
}

type runeMask struct {
	r rune
	m uint64
}
