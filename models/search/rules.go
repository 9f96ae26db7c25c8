package search

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"paidee/web"
)

// rules is web/app/search-rules.json, read once; the phone reads the same
// file, so the two searches cannot drift apart.
type rules struct {
	fold struct {
		replace *strings.Replacer
	}
	companyLatin  map[string]bool
	companyScript []string // longest first
	companyAll    map[string]bool
	thaiSilencer  rune
	thaiToLao     map[rune]string
	thai          thaiRules
	toneMarks     map[rune]bool
	leading       map[rune]bool
	silentH       rune
	softAfterH    map[rune]bool
	vowelSigns    map[rune]bool
	vowels        []seqRule // tried in order at each position
	initial       map[rune]string
	final         map[rune]string
	skelLetters   map[rune]string
	skelRules     []skelRule
	phoneRules    []phoneRule
	phoneDefault  string
	edits         [][2]int
	closeMinLen   int
	phoneMin      int
	phonePartMin  int
	licencePartMn int
	maxWords      int
	initialsMin   int
	extensions    []string
}

// thaiRules read the vowels Thai leaves out (search-rules.json
// "thai_reading").
type thaiRules struct {
	rewrite      [][2]string
	signs        map[rune]bool
	dropped      map[rune]bool
	leading      map[rune]bool
	noFinal      map[rune]bool
	closing      map[rune]bool
	short        map[rune]bool
	tails        map[[2]rune]bool
	glides       map[rune]bool
	medial       map[rune]int // cost of the letter as the vowel between two consonants
	silentRAfter map[rune]bool
	finalAs      map[rune]string
	hard         map[rune]bool
	implicitO    rune
	implicitA    rune
	cost         thaiCost
}

type thaiCost struct {
	FinalClosing  int `json:"final_closing"`
	FinalShort    int `json:"final_short"`
	FinalOpen     int `json:"final_open"`
	FinalGlide    int `json:"final_glide"`
	MedialO       int `json:"medial_o"`
	MedialUa      int `json:"medial_ua"`
	Pair          int `json:"pair"`
	PairHardFinal int `json:"pair_hard_final"`
	A             int `json:"a"`
	AAtEnd        int `json:"a_at_end"`
}

// phoneRule: a national number of digits digits starting with one of
// prefixes belongs to country.
type phoneRule struct {
	Country  string   `json:"country"`
	Prefixes []string `json:"prefixes"`
	Digits   int      `json:"digits"`
}

type seqRule struct {
	from []rune
	to   string
}

type skelRule struct {
	from         string
	to           string
	start, atEnd bool
}

type rulesFile struct {
	Fold struct {
		Replace [][2]string `json:"replace"`
	} `json:"fold"`
	CompanyWords struct {
		Latin  []string `json:"latin"`
		Script []string `json:"script"`
	} `json:"company_words"`
	ThaiToLao struct {
		Silencer string            `json:"silencer"`
		Map      map[string]string `json:"map"`
	} `json:"thai_to_lao"`
	ThaiReading struct {
		Rewrite      [][2]string       `json:"rewrite"`
		VowelSigns   []string          `json:"vowel_signs"`
		Dropped      []string          `json:"dropped"`
		Leading      []string          `json:"leading"`
		NoFinalAfter []string          `json:"no_final_after"`
		Closing      []string          `json:"closing"`
		Short        []string          `json:"short"`
		Tails        [][2]string       `json:"tails"`
		Glides       []string          `json:"glides"`
		Medial       map[string]string `json:"medial_vowels"`
		SilentRAfter []string          `json:"silent_r_after"`
		FinalAs      map[string]string `json:"final_as"`
		HardFinals   []string          `json:"hard_finals"`
		ImplicitO    string            `json:"implicit_o"`
		ImplicitA    string            `json:"implicit_a"`
		Cost         thaiCost          `json:"cost"`
	} `json:"thai_reading"`
	Lao struct {
		ToneMarks     []string             `json:"tone_marks"`
		LeadingVowels []string             `json:"leading_vowels"`
		SilentH       string               `json:"silent_h"`
		SoftAfterH    []string             `json:"soft_after_h"`
		VowelSigns    []string             `json:"vowel_signs"`
		Vowels        [][2]string          `json:"vowels"`
		Consonants    map[string][2]string `json:"consonants"`
	} `json:"lao"`
	Skeleton struct {
		Letters map[string]string `json:"letters"`
		Rules   [][2]string       `json:"rules"`
	} `json:"skeleton"`
	Phone struct {
		National   []phoneRule `json:"national"`
		Default    string      `json:"default"`
		Extensions []string    `json:"extensions"`
	} `json:"phone"`
	Match struct {
		Edits              [][2]int `json:"edits"`
		CloseMinLen        int      `json:"close_min_len"`
		PhoneMinDigits     int      `json:"phone_min_digits"`
		PhonePartMinDigits int      `json:"phone_part_min_digits"`
		LicencePartMinLen  int      `json:"licence_part_min_len"`
		MaxQueryWords      int      `json:"max_query_words"`
		InitialsMin        int      `json:"initials_min"`
	} `json:"match"`
}

var rs = mustRules(web.SearchRules())

func oneRune(s, what string) rune {
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) || r == utf8.RuneError {
		panic(fmt.Sprintf("search rules: %s %q is not one letter", what, s))
	}
	return r
}

func runeSet(list []string, what string) map[rune]bool {
	m := make(map[rune]bool, len(list))
	for _, s := range list {
		m[oneRune(s, what)] = true
	}
	return m
}

// mustRules parses the rules; they are embedded, so a broken file is a
// programming error caught by every test.
func mustRules(raw []byte) *rules {
	var f rulesFile
	if err := json.Unmarshal(raw, &f); err != nil {
		panic(fmt.Sprintf("search rules: %v", err))
	}
	r := &rules{}
	var pairs []string
	for _, p := range f.Fold.Replace {
		pairs = append(pairs, p[0], p[1])
	}
	r.fold.replace = strings.NewReplacer(pairs...)
	r.companyLatin = map[string]bool{}
	r.companyAll = map[string]bool{}
	for _, w := range f.CompanyWords.Latin {
		r.companyLatin[w] = true
		r.companyAll[w] = true
	}
	for _, w := range f.CompanyWords.Script {
		w = fold(r, w)
		r.companyScript = append(r.companyScript, w)
		r.companyAll[w] = true
	}
	sort.SliceStable(r.companyScript, func(i, j int) bool { return len(r.companyScript[i]) > len(r.companyScript[j]) })
	r.thaiSilencer = oneRune(f.ThaiToLao.Silencer, "silencer")
	r.thaiToLao = map[rune]string{}
	for k, v := range f.ThaiToLao.Map {
		r.thaiToLao[oneRune(k, "thai letter")] = v
	}
	tr := f.ThaiReading
	r.thai = thaiRules{
		rewrite: tr.Rewrite, signs: runeSet(tr.VowelSigns, "thai vowel"), dropped: runeSet(tr.Dropped, "thai mark"),
		leading: runeSet(tr.Leading, "thai leading vowel"), noFinal: runeSet(tr.NoFinalAfter, "thai vowel"),
		closing: runeSet(tr.Closing, "thai vowel"), short: runeSet(tr.Short, "thai vowel"), tails: map[[2]rune]bool{}, glides: runeSet(tr.Glides, "thai glide"),
		medial: map[rune]int{}, silentRAfter: runeSet(tr.SilentRAfter, "thai letter"), finalAs: map[rune]string{},
		hard: runeSet(tr.HardFinals, "thai letter"), implicitO: oneRune(tr.ImplicitO, "implicit o"),
		implicitA: oneRune(tr.ImplicitA, "implicit a"), cost: tr.Cost,
	}
	for _, p := range tr.Tails {
		r.thai.tails[[2]rune{oneRune(p[0], "thai vowel"), oneRune(p[1], "thai letter")}] = true
	}
	for k, v := range tr.Medial {
		c := map[string]int{"medial_o": tr.Cost.MedialO, "medial_ua": tr.Cost.MedialUa}
		cost, ok := c[v]
		if !ok {
			panic(fmt.Sprintf("search rules: medial vowel %q has unknown cost %q", k, v))
		}
		r.thai.medial[oneRune(k, "thai letter")] = cost
	}
	for k, v := range tr.FinalAs {
		r.thai.finalAs[oneRune(k, "thai letter")] = v
	}
	r.toneMarks = runeSet(f.Lao.ToneMarks, "tone mark")
	r.leading = runeSet(f.Lao.LeadingVowels, "leading vowel")
	r.silentH = oneRune(f.Lao.SilentH, "silent h")
	r.softAfterH = runeSet(f.Lao.SoftAfterH, "soft consonant")
	r.vowelSigns = runeSet(f.Lao.VowelSigns, "vowel sign")
	for _, v := range f.Lao.Vowels {
		r.vowels = append(r.vowels, seqRule{from: []rune(v[0]), to: v[1]})
	}
	r.initial = map[rune]string{}
	r.final = map[rune]string{}
	for k, v := range f.Lao.Consonants {
		c := oneRune(k, "consonant")
		r.initial[c], r.final[c] = v[0], v[1]
	}
	r.skelLetters = map[rune]string{}
	for k, v := range f.Skeleton.Letters {
		r.skelLetters[oneRune(k, "letter")] = v
	}
	for _, p := range f.Skeleton.Rules {
		s := skelRule{from: p[0], to: p[1]}
		if strings.HasPrefix(s.from, "^") {
			s.start, s.from = true, s.from[1:]
		}
		if strings.HasSuffix(s.from, "$") {
			s.atEnd, s.from = true, s.from[:len(s.from)-1]
		}
		r.skelRules = append(r.skelRules, s)
	}
	r.phoneRules, r.phoneDefault = f.Phone.National, f.Phone.Default
	for _, e := range f.Match.Edits {
		r.edits = append(r.edits, [2]int{e[0], e[1]})
	}
	r.closeMinLen = f.Match.CloseMinLen
	r.phoneMin = f.Match.PhoneMinDigits
	r.phonePartMin = f.Match.PhonePartMinDigits
	r.licencePartMn = f.Match.LicencePartMinLen
	r.maxWords = f.Match.MaxQueryWords
	r.initialsMin = f.Match.InitialsMin
	r.extensions = f.Phone.Extensions
	return r
}

// maxEdits is how many edits a word of n letters (of its skeleton) may have.
func (r *rules) maxEdits(n int) int {
	k := 0
	for _, e := range r.edits {
		if n >= e[0] {
			k = e[1]
		}
	}
	return k
}
