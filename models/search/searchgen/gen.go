// Package searchgen makes fictional agency lists that look like the real
// one (Lao-script names with their romanised Latin names, Latin company
// names sharing common words) and the queries people type for them, for
// the search quality benchmark (scripts/bench-search) and the Go/JS parity
// test. The same seed gives the same list.
package searchgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"paidee/models/search"
)

// syllable: Lao spelling, Thai spelling of the same sound, Latin spellings
// in use (the first is the one a listing is most often written with).
type syllable struct {
	lo, th string
	latin  []string
}

var syllables = []syllable{
	{"ສີ", "สี", []string{"si", "sy", "see"}},
	{"ຄຳ", "คำ", []string{"kham", "kam", "khame"}},
	{"ແສງ", "แสง", []string{"saeng", "seng", "sang"}},
	{"ດາວ", "ดาว", []string{"dao", "dau"}},
	{"ໄຊ", "ไซ", []string{"xai", "sai", "xay", "say"}},
	{"ພູ", "ภู", []string{"phou", "phu", "pou"}},
	{"ນາ", "นา", []string{"na"}},
	{"ວົງ", "วง", []string{"vong", "wong"}},
	{"ສະ", "สะ", []string{"sa"}},
	{"ບຸນ", "บุญ", []string{"boun", "bun", "boon"}},
	{"ແກ້ວ", "แก้ว", []string{"keo", "kaeo", "kèo"}},
	{"ຈັນ", "จันทร์", []string{"chan", "jan", "chanh"}},
	{"ທອງ", "ทอง", []string{"thong", "tong"}},
	{"ມະ", "มะ", []string{"ma"}},
	{"ລາ", "ลา", []string{"la"}},
	{"ສຸກ", "สุข", []string{"souk", "suk"}},
	{"ພອນ", "พร", []string{"phone", "phon", "pon"}},
	{"ວັນ", "วัน", []string{"van", "wan", "vanh"}},
	{"ສົມ", "สม", []string{"som"}},
	{"ໄພ", "ไพ", []string{"phai", "pai", "phay"}},
	{"ບົວ", "บัว", []string{"boua", "bua"}},
	{"ຫຼວງ", "หลวง", []string{"louang", "luang"}},
	{"ນ້ອຍ", "น้อย", []string{"noy", "noi"}},
	{"ສັກ", "ศักดิ์", []string{"sak", "sack"}},
	{"ດີ", "ดี", []string{"di", "dy", "dee"}},
	{"ເພັດ", "เพชร", []string{"phet", "phed", "pet"}},
	{"ຄູນ", "คูณ", []string{"khoun", "khun"}},
	{"ວິ", "วิ", []string{"vi", "wi"}},
	{"ລັດ", "รัฐ", []string{"lat", "lath", "rat"}},
	{"ມີ", "มี", []string{"mi", "mee"}},
	{"ນິ", "นิ", []string{"ni"}},
	{"ຕາ", "ตา", []string{"ta"}},
	{"ເງິນ", "เงิน", []string{"ngeun", "ngen", "ngoen"}},
	{"ໂຊກ", "โชค", []string{"xok", "sok", "chok"}},
	{"ຄູ", "คู", []string{"khou", "khu"}},
	{"ລີ", "ลี", []string{"li", "ly", "lee"}},
	{"ແສນ", "แสน", []string{"saen", "sen"}},
	{"ຮຸ່ງ", "รุ่ง", []string{"houng", "hung", "rung"}},
	{"ຈິດ", "จิต", []string{"chit", "jit"}},
	{"ອຸດົມ", "อุดม", []string{"oudom", "udom"}},
	{"ສະຫວ່າງ", "สว่าง", []string{"savang", "sawang", "savanh"}},
	{"ມະນີ", "มณี", []string{"many", "mani", "manee"}},
	{"ພັນ", "พันธ์", []string{"phan", "pan"}},
	{"ເດດ", "เดช", []string{"det", "deth", "ded"}},
	{"ໄກ", "ไก", []string{"kai", "kay"}},
	{"ສາຍ", "สาย", []string{"sai", "say"}},
	{"ທິບ", "ทิพย์", []string{"thip", "tip"}},
	{"ລາດ", "ราช", []string{"lat", "rath", "lad"}},
}

var laoKinds = []string{"ຈັດຫາງານ", "ແຮງງານ", "ບໍລິການແຮງງານ", "ສົ່ງອອກແຮງງານ", "ພັດທະນາສີມືແຮງງານ", "ຈັດສົ່ງແຮງງານ"}
var latinKinds = []string{"Manpower", "Recruitment", "Employment Services", "Labour Export", "Human Resources Development",
	"Skills Development", "Job Placement", "Overseas Employment", "Lao Labour", "Worker Supply", "Manpower Services", "Labour Services"}
var legalLo = []string{"ຈຳກັດ", "ຈຳກັດຜູ້ດຽວ", "ຈຳກັດ"}
var legalEn = []string{"Co., Ltd.", "Sole Co., Ltd.", "Company Limited", "Co.,Ltd"}
var adjectives = []string{"Golden", "Silver", "Green", "Royal", "Bright", "Happy", "Lucky", "New", "Grand", "Star", "Blue", "Red",
	"Great", "Smart", "Rich", "Sunny", "Prime", "United", "Best", "Noble", "Asia", "Global", "Pacific", "Eastern", "Northern",
	"Southern", "Central", "Rising", "Modern", "Friendly", "Trusted", "Jade", "Diamond", "Pearl", "Crystal", "Mighty", "Quick", "Kind", "Fair", "True"}
var nouns = []string{"Lotus", "Mekong", "Champa", "River", "Mountain", "Bridge", "Sun", "Moon", "Dragon", "Elephant", "Tiger",
	"Bamboo", "Orchid", "Rice", "Valley", "Forest", "Phoenix", "Eagle", "Harbor", "Garden", "Horizon", "Future", "Unity", "Harvest",
	"Lantern", "Crown", "Palm", "Ocean", "Pathway", "Gateway", "Wings", "Hands", "Heart", "Light", "Field", "Stone", "Pillar", "Spring", "Cloud", "Road"}

// Agency is one generated listing and what a person could type to find it.
type Agency struct {
	search.Doc
	Syl     []int  // its syllables (the Lao run)
	Roman   string // the Latin distinctive word(s) as listed
	English string // "Adj Noun" for an English-named agency, else ""
	Kind    string // the Latin kind words, "Manpower" ...
}

// Lao returns the Lao run (the distinctive Lao word) of the name.
func (a *Agency) Lao() string {
	var b strings.Builder
	for _, s := range a.Syl {
		b.WriteString(syllables[s].lo)
	}
	return b.String()
}

// Thai returns the Lao run spelt in Thai.
func (a *Agency) Thai() string {
	var b strings.Builder
	for _, s := range a.Syl {
		b.WriteString(syllables[s].th)
	}
	return b.String()
}

func title(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

var statuses = []string{"licensed", "licensed", "licensed", "licensed", "licensed", "suspended", "revoked", "expired", "illegal"}
var provinces = []string{"vientiane capital", "savannakhet", "champasak", "luang prabang", "bokeo", "khammouane", "xayabouly", "oudomxay"}

// Generate makes n listings and absent more that are not on the list: their
// distinctive names (Lao run, romanised word, English words), licence
// numbers and phones are all different from every listed one.
func Generate(n, absent int, seed uint64) (list, missing []Agency) {
	r := rand.New(rand.NewPCG(seed, seed^0x51ed27))
	usedRun := map[string]bool{}
	usedRoman := map[string]bool{}
	usedEnglish := map[string]bool{}
	make1 := func(id int) Agency {
		var a Agency
		for {
			a.Syl = a.Syl[:0]
			for k := 0; k < 2+r.IntN(2); k++ {
				a.Syl = append(a.Syl, r.IntN(len(syllables)))
			}
			var parts []string
			for _, s := range a.Syl {
				parts = append(parts, syllables[s].latin[0])
			}
			roman := title(strings.Join(parts, ""))
			if r.IntN(5) == 0 {
				for i := range parts {
					parts[i] = title(parts[i])
				}
				roman = strings.Join(parts, " ")
			}
			// No two listings share their distinctive spelling or sound.
			key := search.Skeleton(strings.ReplaceAll(roman, " ", ""))
			if usedRun[a.Lao()] || usedRoman[key] {
				continue
			}
			usedRun[a.Lao()], usedRoman[key] = true, true
			a.Roman = roman
			break
		}
		a.Kind = latinKinds[r.IntN(len(latinKinds))]
		lk := laoKinds[r.IntN(len(laoKinds))]
		a.NameLo = fmt.Sprintf("ບໍລິສັດ %s %s %s", a.Lao(), lk, legalLo[r.IntN(len(legalLo))])
		if r.IntN(5) == 0 {
			for tries := 0; ; tries++ {
				e := adjectives[r.IntN(len(adjectives))] + " " + nouns[r.IntN(len(nouns))]
				if tries > 20 { // the pairs run out on a long list
					e = adjectives[r.IntN(len(adjectives))] + " " + e
				}
				if !usedEnglish[e] {
					usedEnglish[e] = true
					a.English = e
					break
				}
			}
			a.NameEn = fmt.Sprintf("%s %s %s", a.English, a.Kind, legalEn[r.IntN(len(legalEn))])
		} else {
			a.NameEn = fmt.Sprintf("%s %s %s", a.Roman, a.Kind, legalEn[r.IntN(len(legalEn))])
		}
		a.ID = uint(id)
		a.Status = statuses[r.IntN(len(statuses))]
		a.Province = provinces[r.IntN(len(provinces))]
		return a
	}
	total := n + absent
	all := make([]Agency, total)
	// Licence numbers and phones: distinct, drawn from one shuffled range.
	nums := r.Perm(9000)
	phones := r.Perm(900000)
	for i := range all {
		all[i] = make1(i + 1)
		all[i].LicenceNo = fmt.Sprintf("LA-MLSW %04d/%02d", 1+nums[i%len(nums)], 20+(i/len(nums))%6)
		p := 5000000 + phones[i]
		all[i].Phones = []string{fmt.Sprintf("020 %04d %04d", p/10000, p%10000)}
		if r.IntN(3) == 0 {
			all[i].Phones = append(all[i].Phones, fmt.Sprintf("021 %03d %03d", 200+r.IntN(700), r.IntN(1000)))
		}
	}
	return all[:n], dropShared(all[:n], all[n:])
}

// dropShared keeps the absent agencies whose every word-set differs from the
// listed ones: a name made only of words of a listed name is that listing's
// name as far as any search can tell.
func dropShared(list, absent []Agency) []Agency {
	words := func(s string) []string {
		var out []string
		for _, w := range search.QueryWords(s) {
			out = append(out, w.Exact)
		}
		return out
	}
	have := map[string][]int{}
	for i := range list {
		for _, w := range words(list[i].NameLo + " " + list[i].NameEn) {
			if l := have[w]; len(l) == 0 || l[len(l)-1] != i {
				have[w] = append(l, i)
			}
		}
	}
	var out []Agency
	for _, a := range absent {
		var common map[int]bool
		for j, w := range words(a.Distinctive()) {
			next := map[int]bool{}
			for _, i := range have[w] {
				if j == 0 || common[i] {
					next[i] = true
				}
			}
			common = next
		}
		if len(common) == 0 {
			out = append(out, a)
		}
	}
	return out
}

// Distinctive is the part of the Latin name that tells it apart.
func (a *Agency) Distinctive() string {
	if a.English != "" {
		return a.English
	}
	return a.Roman
}

// Query is one search and the listing it is for (0: for none, the agency
// is not on the list).
type Query struct {
	Kind string
	Q    string
	Want uint
}

// Kinds of query, in the order the benchmark prints them.
var Kinds = []string{"word", "reordered", "typo", "romanised", "thai", "lao", "licence", "phone"}

// Queries makes per queries of every kind for listings picked at random
// (kinds that do not apply to a listing, like romanised for an English
// name, pick another), and the queries for the absent agencies.
func Queries(list, absent []Agency, per int, seed uint64) (present, missing []Query) {
	r := rand.New(rand.NewPCG(seed, seed^0x7f4a7c15))
	for _, kind := range Kinds {
		for made := 0; made < per; {
			a := &list[r.IntN(len(list))]
			q, ok := queryFor(r, a, kind)
			if ok {
				present = append(present, Query{Kind: kind, Q: q, Want: a.ID})
				made++
			}
		}
	}
	for i := range absent {
		a := &absent[i]
		for _, kind := range []string{"word", "romanised", "thai", "lao", "licence", "phone"} {
			if q, ok := queryFor(r, a, kind); ok {
				missing = append(missing, Query{Kind: kind, Q: q})
			}
		}
		missing = append(missing, Query{Kind: "name", Q: a.Distinctive() + " " + a.Kind})
	}
	return present, missing
}

func randomCase(r *rand.Rand, s string) string {
	switch r.IntN(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	return s
}

func queryFor(r *rand.Rand, a *Agency, kind string) (string, bool) {
	switch kind {
	case "word":
		return randomCase(r, a.Distinctive()), true
	case "reordered":
		kind := strings.Fields(a.Kind)[0]
		d := strings.Fields(a.Distinctive())
		if len(d) >= 2 {
			for i, j := 0, len(d)-1; i < j; i, j = i+1, j-1 {
				d[i], d[j] = d[j], d[i]
			}
			return randomCase(r, strings.Join(d, " ")), true
		}
		return randomCase(r, kind+" "+d[0]), true
	case "typo":
		d := strings.Fields(a.Distinctive())
		longest := 0
		for i := range d {
			if len(d[i]) > len(d[longest]) {
				longest = i
			}
		}
		w := []rune(strings.ToLower(d[longest]))
		if len(w) < 5 {
			return "", false
		}
		d[longest] = string(typo(r, w))
		return strings.Join(d, " "), true
	case "romanised":
		if a.English != "" {
			return "", false
		}
		var parts []string
		changed := false
		for _, s := range a.Syl {
			v := syllables[s].latin
			p := v[r.IntN(len(v))]
			changed = changed || p != v[0]
			parts = append(parts, p)
		}
		if !changed {
			return "", false
		}
		sep := ""
		if r.IntN(4) == 0 {
			sep = " "
		}
		return strings.Join(parts, sep), true
	case "thai":
		return a.Thai(), true
	case "lao":
		return a.Lao(), true
	case "licence":
		k := search.LicenceKey(a.LicenceNo) // LAMLSW045725
		letters, num, year := k[:6], k[6:10], k[10:]
		switch r.IntN(5) {
		case 0:
			return k, true
		case 1:
			return strings.ToLower(letters[:2] + "-" + letters[2:] + "-" + num + "-" + year), true
		case 2:
			return letters[:2] + " " + letters[2:] + " " + num + " " + year, true
		case 3:
			return letters[:2] + "/" + letters[2:] + "/" + num + "/" + year, true
		}
		return letters[:2] + "." + letters[2:] + " " + strings.TrimLeft(num, "0") + "|" + year, true
	case "phone":
		d := search.PhoneKey(a.Phones[0]) // 2055551234
		switch r.IntN(4) {
		case 0:
			return "+856 " + d[:2] + " " + d[2:], true
		case 1:
			return "856" + d, true
		case 2:
			return "0" + d[:2] + "-" + d[2:6] + "-" + d[6:], true
		}
		return laoDigits("0" + d), true
	}
	return "", false
}

func laoDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '໐' + (r - '0')
		}
		return r
	}, s)
}

// typo makes one mistake: a letter added, dropped, changed, or two swapped.
func typo(r *rand.Rand, w []rune) []rune {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	i := r.IntN(len(w))
	out := append([]rune(nil), w...)
	switch r.IntN(4) {
	case 0:
		out = append(out[:i], append([]rune{rune(letters[r.IntN(26)])}, out[i:]...)...)
	case 1:
		out = append(out[:i], out[i+1:]...)
	case 2:
		c := rune(letters[r.IntN(26)])
		for c == out[i] {
			c = rune(letters[r.IntN(26)])
		}
		out[i] = c
	default:
		if i == len(out)-1 {
			i--
		}
		out[i], out[i+1] = out[i+1], out[i]
	}
	return out
}
