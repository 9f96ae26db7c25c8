package search

import "strings"

// Reading Thai. Thai leaves some vowels unwritten (สม is som, มณี is
// ma-ni, อุดม is u-dom) where Lao writes them (ສົມ, ມະນີ, ອຸດົມ). Before a
// Thai run is read as its Lao cousin, its syllables are found and the
// vowels left out are written in Lao, by the rules in search-rules.json
// "thai_reading" (js/search.js thaiSpell does the same).

func isThai(r rune) bool     { return r >= 0x0E01 && r <= 0x0E5B }
func isThaiCons(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E }
func hasThai(s []rune) bool {
	for _, r := range s {
		if isThai(r) {
			return true
		}
	}
	return false
}

// thaiUnit is a consonant (ห with a soft consonant after it counts as one)
// with the leading vowel before it and the vowel signs after it.
type thaiUnit struct {
	lead     rune
	cons     []rune
	signs    []rune
	vowelled bool // it has a vowel of its own: it starts a syllable
	other    bool // not a Thai consonant: written as it is
}

func (u *thaiUnit) single(c rune) bool { return len(u.cons) == 1 && u.cons[0] == c }

// Ways to read a bare consonant (one with no vowel of its own).
const (
	thFinalR = iota // the final of the syllable before, with a silent ร after it
	thFinal         // the final of the syllable before
	thMedial        // consonant, อ or ว as the vowel, final
	thPair          // consonant, o, final
	thA             // consonant, a
)

// thaiSpell writes a run of Thai letters in Lao letters, with the vowels
// Thai leaves out written in.
func thaiSpell(src []rune) []rune {
	tr := &rs.thai
	s := string(src)
	for _, p := range tr.rewrite {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	in := []rune(s)
	t := make([]rune, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		// A letter with the silencer is not read; the silencer after a
		// letter's vowel mark silences both (ดิ์).
		if i+1 < len(in) && in[i+1] == rs.thaiSilencer {
			i++
			continue
		}
		if i+2 < len(in) && in[i+2] == rs.thaiSilencer && isThaiMark(in[i+1]) {
			i += 2
			continue
		}
		if c == rs.thaiSilencer || tr.dropped[c] || rs.toneMarks[c] {
			continue
		}
		t = append(t, c)
	}
	var us []thaiUnit
	for i := 0; i < len(t); {
		var u thaiUnit
		if tr.leading[t[i]] && i+1 < len(t) && isThaiCons(t[i+1]) {
			u.lead = t[i]
			i++
		}
		if !isThaiCons(t[i]) {
			us = append(us, thaiUnit{other: true, cons: []rune{t[i]}})
			i++
			continue
		}
		u.cons = []rune{t[i]}
		i++
		if u.cons[0] == 'ห' && i < len(t) && isThaiCons(t[i]) && rs.softAfterH[laoOf(t[i])] {
			u.cons = append(u.cons, t[i])
			i++
		}
		for i < len(t) && tr.signs[t[i]] {
			u.signs = append(u.signs, t[i])
			i++
		}
		if n := len(u.signs); n > 0 && i < len(t) && tr.tails[[2]rune{u.signs[n-1], t[i]}] && !(i+1 < len(t) && tr.signs[t[i+1]]) {
			u.signs = append(u.signs, t[i])
			i++
		}
		u.vowelled = u.lead != 0 || len(u.signs) > 0 || len([]rune(rs.thaiToLao[u.cons[0]])) > 1
		us = append(us, u)
	}
	out := make([]rune, 0, len(t)+4)
	var prev *thaiUnit
	for i := 0; i < len(us); {
		u := &us[i]
		switch {
		case u.other:
			out = appendLao(out, u.cons[0])
			prev = nil
			i++
		case u.vowelled:
			if u.lead != 0 {
				out = appendLao(out, u.lead)
			}
			for _, c := range u.cons {
				out = appendLao(out, c)
			}
			for _, c := range u.signs {
				out = appendLao(out, c)
			}
			prev = u
			i++
		default:
			j := i
			for j < len(us) && !us[j].other && !us[j].vowelled {
				j++
			}
			out = readBare(out, us[i:j], prev, j == len(us) || us[j].other)
			prev = nil
			i = j
		}
	}
	return out
}

// readBare reads consonants with no vowel of their own, the cheapest way
// (search-rules.json "thai_reading" "cost"); prev is the syllable just
// before them (nil at the start of the run), which may take the first as
// its final.
func readBare(out []rune, b []thaiUnit, prev *thaiUnit, atEnd bool) []rune {
	tr := &rs.thai
	k := len(b)
	cost := make([]int, k+1)
	choice := make([]int8, k+1)
	open := prev != nil
	finalCost := tr.cost.FinalOpen
	if open {
		if tr.noFinal[prev.lead] {
			open = false
		}
		for _, c := range prev.signs {
			if tr.noFinal[c] {
				open = false
			}
		}
		if n := len(prev.signs); n == 0 || tr.closing[prev.signs[n-1]] {
			finalCost = tr.cost.FinalClosing
		} else if tr.short[prev.signs[n-1]] {
			finalCost = tr.cost.FinalShort
		}
	}
	for i := k - 1; i >= 0; i-- {
		best, how := 1<<30, int8(-1)
		try := func(c int, h int8) {
			if c < best {
				best, how = c, h
			}
		}
		if i == 0 && open && len(b[0].cons) == 1 {
			fc := finalCost
			if tr.glides[b[0].cons[0]] {
				fc = min(fc, tr.cost.FinalGlide)
			}
			if k >= 2 && tr.silentRAfter[b[0].cons[0]] && b[1].single('ร') {
				try(fc+cost[2], thFinalR)
			}
			try(fc+cost[1], thFinal)
		}
		if i+2 < k && len(b[i+1].cons) == 1 && len(b[i+2].cons) == 1 {
			if mc, ok := tr.medial[b[i+1].cons[0]]; ok {
				try(mc+cost[i+3], thMedial)
			}
		}
		if i+1 < k && len(b[i+1].cons) == 1 {
			c := tr.cost.Pair
			if tr.hard[b[i+1].cons[0]] {
				c += tr.cost.PairHardFinal
			}
			try(c+cost[i+2], thPair)
		}
		ac := tr.cost.A
		if i+1 == k && atEnd {
			ac = tr.cost.AAtEnd
		}
		try(ac+cost[i+1], thA)
		cost[i], choice[i] = best, how
	}
	for i := 0; i < k; {
		switch choice[i] {
		case thFinalR:
			out = appendFinal(out, &b[i])
			i += 2
		case thFinal:
			out = appendFinal(out, &b[i])
			i++
		case thMedial:
			out = appendCons(out, &b[i])
			out = appendCons(out, &b[i+1])
			out = appendFinal(out, &b[i+2])
			i += 3
		case thPair:
			out = appendCons(out, &b[i])
			if !b[i+1].single('อ') {
				out = append(out, tr.implicitO)
			}
			out = appendFinal(out, &b[i+1])
			i += 2
		default:
			out = appendCons(out, &b[i])
			out = append(out, tr.implicitA)
			i++
		}
	}
	return out
}

// laoOf is the Lao cousin of a Thai letter (its first letter).
func laoOf(c rune) rune {
	for _, x := range rs.thaiToLao[c] {
		return x
	}
	return c
}

func appendLao(out []rune, c rune) []rune {
	m, ok := rs.thaiToLao[c]
	if !ok {
		return append(out, c)
	}
	for _, x := range m {
		if !rs.toneMarks[x] {
			out = append(out, x)
		}
	}
	return out
}

func appendCons(out []rune, u *thaiUnit) []rune {
	for _, c := range u.cons {
		out = appendLao(out, c)
	}
	return out
}

func appendFinal(out []rune, u *thaiUnit) []rune {
	if len(u.cons) == 1 {
		if m, ok := rs.thai.finalAs[u.cons[0]]; ok {
			return append(out, []rune(m)...)
		}
	}
	return appendCons(out, u)
}
