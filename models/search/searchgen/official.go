package searchgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"paidee/models/search"
)

// The official style: a list shaped like the real official ones, the Thai
// Department of Employment's and the Lao labour ministry's lists of
// licensed recruitment agencies. Thai names ("บริษัท จัดหางาน เอ็ม.เอส.บี.
// อินเตอร์เนชั่นแนล จำกัด", often without spaces: "บริษัทจัดหางานสยาม
// แมนพาวเวอร์ จำกัด") made of Thai spellings of English words, with
// English names ("M.S.B. International Recruitment Co.,Ltd.", "(Thailand)",
// "&", hyphens, numbers); Lao names ("ບໍລິສັດ ຈັດຫາງານ ... ຈຳກັດ",
// "ບໍລິສັດ ... ຈັດຫາແຮງງານ ຈຳກັດຜູ້ດຽວ"); licence numbers "น.1503/2559",
// "ນ.0123/2564", "123/ກຮ"; phones "02-245-1234", "0-2245-1234 ต่อ 12",
// "+66 2 245 1234", "(+856-21) 213 456". Every name is made of parts and is
// fictional; phone numbers are drawn at random.

// enWord is an English word of a name with its Thai spelling.
type enWord struct{ en, th string }

var officialWords = []enWord{
	{"Siam", "สยาม"}, {"Global", "โกลบอล"}, {"Star", "สตาร์"}, {"Golden", "โกลเด้น"}, {"Royal", "รอยัล"},
	{"Asia", "เอเชีย"}, {"Pacific", "แปซิฟิค"}, {"Smart", "สมาร์ท"}, {"Prime", "ไพรม์"}, {"United", "ยูไนเต็ด"},
	{"Diamond", "ไดมอนด์"}, {"Super", "ซุปเปอร์"}, {"Power", "พาวเวอร์"}, {"Trust", "ทรัสต์"}, {"Premier", "พรีเมียร์"},
	{"Ocean", "โอเชี่ยน"}, {"Lotus", "โลตัส"}, {"Best", "เบสท์"}, {"Grand", "แกรนด์"}, {"Crown", "คราวน์"},
	{"Eagle", "อีเกิ้ล"}, {"Dragon", "ดราก้อน"}, {"Phoenix", "ฟีนิกซ์"}, {"Quality", "ควอลิตี้"}, {"Perfect", "เพอร์เฟค"},
	{"Master", "มาสเตอร์"}, {"Victory", "วิคตอรี่"}, {"Sunshine", "ซันไชน์"}, {"Rainbow", "เรนโบว์"}, {"Silver", "ซิลเวอร์"},
	{"Mega", "เมก้า"}, {"Lucky", "ลัคกี้"}, {"Fortune", "ฟอร์จูน"}, {"Happy", "แฮปปี้"}, {"Success", "ซัคเซส"},
	{"Unity", "ยูนิตี้"}, {"Alliance", "อัลไลแอนซ์"}, {"Excel", "เอ็กเซล"}, {"Elite", "อีลิท"}, {"Dynamic", "ไดนามิค"},
	{"Liberty", "ลิเบอร์ตี้"}, {"Harmony", "ฮาร์โมนี่"}, {"Horizon", "ฮอไรซอน"}, {"Future", "ฟิวเจอร์"}, {"Wisdom", "วิสดอม"},
	{"Infinity", "อินฟินิตี้"}, {"Noble", "โนเบิล"}, {"Sky", "สกาย"}, {"Ruby", "รูบี้"}, {"Pearl", "เพิร์ล"},
	{"Jade", "เจด"}, {"Tiger", "ไทเกอร์"}, {"Lion", "ไลอ้อน"}, {"Oriental", "โอเรียนทอล"}, {"Venture", "เวนเจอร์"},
	{"Bright", "ไบรท์"}, {"Rich", "ริช"}, {"Link", "ลิงค์"}, {"Pro", "โปร"}, {"Max", "แม็กซ์"},
	{"Top", "ท็อป"}, {"Nova", "โนวา"}, {"Vision", "วิชั่น"}, {"Trend", "เทรนด์"}, {"Plus", "พลัส"},
	{"Thai", "ไทย"}, {"Lao", "ลาว"}, {"Mekong", "แม่โขง"}, {"Lanna", "ล้านนา"}, {"Isan", "อีสาน"},
	{"Chokdee", "โชคดี"}, {"Charoen", "เจริญ"}, {"Rungruang", "รุ่งเรือง"}, {"Sombat", "สมบัติ"}, {"Pattana", "พัฒนา"},
	{"Mongkol", "มงคล"}, {"Siri", "ศิริ"}, {"Thanakorn", "ธนกร"}, {"Suksan", "สุขสันต์"}, {"Saengthong", "แสงทอง"},
	{"Sawang", "สว่าง"}, {"Kaew", "แก้ว"}, {"Boonma", "บุญมา"}, {"Somsak", "สมศักดิ์"}, {"Prasert", "ประเสริฐ"},
	{"Wattana", "วัฒนา"}, {"Thawee", "ทวี"}, {"Chaiyo", "ไชโย"}, {"Ngern", "เงิน"}, {"Thong", "ทอง"},
}

// officialKinds: the kind words of an English name and their Thai spelling
// in the Thai name ("" when the Thai name says only จัดหางาน).
var officialKinds = []enWord{
	{"Recruitment", ""}, {"Recruitment", ""}, {"Manpower", "แมนพาวเวอร์"}, {"Manpower Service", "แมนพาวเวอร์ เซอร์วิส"},
	{"Service", "เซอร์วิส"}, {"Employment", ""}, {"Overseas Recruitment", "โอเวอร์ซีส์"}, {"Group", "กรุ๊ป"},
	{"Inter Recruitment", "อินเตอร์"}, {"International", "อินเตอร์เนชั่นแนล"}, {"International Recruitment", "อินเตอร์เนชั่นแนล"},
	{"Placement", ""}, {"Manpower Recruitment", "แมนพาวเวอร์"},
}

// Thai names of Latin letters, as Thai names write an abbreviation.
var letterTh = map[byte]string{
	'A': "เอ", 'B': "บี", 'C': "ซี", 'D': "ดี", 'E': "อี", 'F': "เอฟ", 'G': "จี", 'H': "เอช", 'I': "ไอ", 'J': "เจ",
	'K': "เค", 'L': "แอล", 'M': "เอ็ม", 'N': "เอ็น", 'O': "โอ", 'P': "พี", 'R': "อาร์", 'S': "เอส", 'T': "ที",
	'U': "ยู", 'V': "วี", 'W': "ดับบลิว", 'Y': "วาย",
}

const abbrLetters = "ABCDEGJKLMNPRSTVWY"

var legalEnOfficial = []string{"Co., Ltd.", "Co.,Ltd.", "Co.,Ltd", "Company Limited", "Co., Ltd"}

// Official is one listing of the official-style list and what a person
// could type to find it.
type Official struct {
	search.Doc
	Thai   bool     // a Thai listing (Thai name), else a Lao one
	DistEn []string // the distinctive words of the English name, as written
	DistTh []string // their spelling in the Thai name (Thai listings)
	ThName []string // the words of the Thai name between จัดหางาน and จำกัด
	KindTh string   // the kind words in the Thai name, or ""
	Abbr   string   // an abbreviation's letters, "MSB", or ""
	LaoRun []int    // a Lao listing's distinctive syllables
	KindEn string   // the English kind words ("Manpower Service")
	LicNum int      // the number of the licence
	LicYr  int      // its year ("" for the 123/ກຮ shape: 0)
	LicLao bool     // ນ. rather than น.
}

func (a *Official) laoRun() string {
	var b strings.Builder
	for _, s := range a.LaoRun {
		b.WriteString(syllables[s].lo)
	}
	return b.String()
}

// GenerateOfficial makes n official-style listings and absent more not on
// the list (their distinctive words, abbreviation, licence number and
// phones all differ from every listed one's).
func GenerateOfficial(n, absent int, seed uint64) (list, missing []Official) {
	r := rand.New(rand.NewPCG(seed, seed^0x2a7e1d))
	used := map[string]bool{}
	total := n + absent
	nums := r.Perm(9000)
	// No two listings share a phone's national digits (a Bangkok 02 1xx
	// number without +66 is a Lao 021 one).
	usedPhone := map[string]bool{}
	phone := func(make func() string) string {
		for {
			p := make()
			if k := search.PhoneKey(p); !usedPhone[k] {
				usedPhone[k] = true
				return p
			}
		}
	}
	all := make([]Official, total)
	for i := range all {
		a := &all[i]
		a.ID = uint(i + 1)
		a.Thai = r.IntN(10) < 7
		a.Status = statuses[r.IntN(len(statuses))]
		for {
			key := a.pickName(r)
			if key != "" && !used[key] {
				used[key] = true
				break
			}
		}
		a.nameAgency(r)
		a.LicNum = 1 + nums[i%len(nums)]
		if a.Thai {
			a.LicYr = 2540 + r.IntN(28)
			a.LicenceNo = fmt.Sprintf("น.%04d/%d", a.LicNum, a.LicYr)
			a.Phones = []string{phone(func() string { return thaiPhone(r, r.IntN(10000000)) })}
			if r.IntN(3) == 0 {
				a.Phones = append(a.Phones, phone(func() string {
					return fmt.Sprintf("08%d-%03d-%04d", 1+r.IntN(9), r.IntN(1000), r.IntN(10000))
				}))
			}
		} else {
			if r.IntN(2) == 0 {
				a.LicLao, a.LicYr = true, 2558+r.IntN(10)
				a.LicenceNo = fmt.Sprintf("ນ.%04d/%d", a.LicNum, a.LicYr)
			} else {
				a.LicenceNo = fmt.Sprintf("%d/ກຮ", a.LicNum)
			}
			a.Phones = []string{phone(func() string { return laoPhone(r, r.IntN(10000000)) })}
		}
	}
	return all[:n], dropSharedOfficial(all[:n], all[n:])
}

// pickName draws the distinctive part of the name and returns the key that
// must be unique on the list.
func (a *Official) pickName(r *rand.Rand) string {
	a.DistEn, a.DistTh, a.Abbr, a.LaoRun = nil, nil, "", nil
	word := func() enWord { return officialWords[r.IntN(len(officialWords))] }
	switch {
	case !a.Thai && r.IntN(2) == 0:
		// A Lao name with its romanised Latin name.
		for k := 0; k < 2+r.IntN(2); k++ {
			a.LaoRun = append(a.LaoRun, r.IntN(len(syllables)))
		}
		var parts []string
		for _, s := range a.LaoRun {
			parts = append(parts, syllables[s].latin[0])
		}
		a.DistEn = []string{title(strings.Join(parts, ""))}
		return "lao " + search.Skeleton(strings.Join(parts, ""))
	case r.IntN(7) == 0:
		// An abbreviation, with a word sometimes.
		var b []byte
		for k := 0; k < 2+r.IntN(2); k++ {
			b = append(b, abbrLetters[r.IntN(len(abbrLetters))])
		}
		a.Abbr = string(b)
		if search.QueryWords(a.Abbr + " x")[0].Exact != strings.ToLower(a.Abbr) {
			return "" // a company word (LP, PLC): not a name; draw again
		}
		if r.IntN(2) == 0 {
			w := word()
			a.DistEn, a.DistTh = []string{w.en}, []string{w.th}
		}
		return "abbr " + a.Abbr
	case r.IntN(15) == 0:
		// A number and a word: "168 Golden".
		num := []string{"99", "168", "555", "888", "789", "2000", "911", "24"}[r.IntN(8)]
		w := word()
		a.DistEn, a.DistTh = []string{num, w.en}, []string{num, w.th}
	default:
		k := 2
		if r.IntN(4) == 0 {
			k = 3
		}
		if r.IntN(6) == 0 {
			k = 1
		}
		seen := map[string]bool{}
		for len(a.DistEn) < k {
			w := word()
			if !seen[w.en] {
				seen[w.en] = true
				a.DistEn, a.DistTh = append(a.DistEn, w.en), append(a.DistTh, w.th)
			}
		}
	}
	return strings.ToLower(strings.Join(a.DistEn, " "))
}

// nameAgency writes the Thai or Lao name and the English name.
func (a *Official) nameAgency(r *rand.Rand) {
	kind := officialKinds[r.IntN(len(officialKinds))]
	a.KindEn, a.KindTh = kind.en, kind.th
	var en []string
	if a.Abbr != "" {
		switch r.IntN(3) {
		case 0:
			en = append(en, strings.Join(strings.Split(a.Abbr, ""), ".")+".")
		case 1:
			en = append(en, strings.Join(strings.Split(a.Abbr, ""), "."))
		default:
			en = append(en, a.Abbr)
		}
	}
	dist := append([]string(nil), a.DistEn...)
	distTh := append([]string(nil), a.DistTh...)
	if len(dist) == 2 && a.Abbr == "" && a.LaoRun == nil {
		switch r.IntN(8) {
		case 0:
			dist = []string{dist[0] + "-" + dist[1]}
		case 1:
			dist = []string{dist[0], "&", dist[1]}
			distTh = []string{distTh[0], "แอนด์", distTh[1]}
		}
	}
	en = append(en, dist...)
	en = append(en, kind.en)
	thailand := r.IntN(8) == 0
	if thailand && a.Thai {
		en = append(en, "(Thailand)")
	}
	en = append(en, legalEnOfficial[r.IntN(len(legalEnOfficial))])
	a.NameEn = strings.Join(en, " ")

	if !a.Thai {
		run := a.laoRun()
		if run == "" { // an English-named Lao listing: its Lao name spells the sound
			run = laoSpelling(a)
		}
		switch r.IntN(3) {
		case 0:
			a.NameLo = fmt.Sprintf("ບໍລິສັດ ຈັດຫາງານ %s ຈຳກັດ", run)
		case 1:
			a.NameLo = fmt.Sprintf("ບໍລິສັດ %s ຈັດຫາແຮງງານ ຈຳກັດຜູ້ດຽວ", run)
		default:
			a.NameLo = fmt.Sprintf("ບໍລິສັດ %s ບໍລິການຈັດຫາງານ ຈຳກັດ", run)
		}
		return
	}
	var th []string
	if a.Abbr != "" {
		var parts []string
		for i := 0; i < len(a.Abbr); i++ {
			parts = append(parts, letterTh[a.Abbr[i]])
		}
		if r.IntN(2) == 0 {
			th = append(th, strings.Join(parts, ".")+".")
		} else {
			th = append(th, strings.Join(parts, ""))
		}
	}
	th = append(th, distTh...)
	if kind.th != "" {
		th = append(th, kind.th)
	}
	if thailand {
		th = append(th, "(ประเทศไทย)")
	}
	a.ThName = append([]string(nil), th...)
	body := strings.Join(th, " ")
	switch r.IntN(4) {
	case 0: // without spaces, as Thai is written
		a.NameLo = "บริษัทจัดหางาน" + strings.ReplaceAll(body, " ", "") + " จำกัด"
	case 1:
		a.NameLo = "บริษัท จัดหางาน" + strings.ReplaceAll(body, " ", "") + " จำกัด"
	default:
		a.NameLo = "บริษัท จัดหางาน " + body + " จำกัด"
	}
}

// laoSpelling is a Lao listing's Lao name for an English name: the Thai
// spelling of its words, letter by letter in Lao (as Lao writes English
// words).
func laoSpelling(a *Official) string {
	th := append([]string(nil), a.DistTh...)
	if a.Abbr != "" {
		for i := 0; i < len(a.Abbr); i++ {
			th = append(th, letterTh[a.Abbr[i]])
		}
	}
	return search.ThaiToLao(strings.Join(th, ""))
}

func thaiPhone(r *rand.Rand, p int) string {
	if r.IntN(3) > 0 { // Bangkok: 02 and 7 digits
		d := fmt.Sprintf("%07d", p%10000000)
		switch r.IntN(5) {
		case 0:
			return "02-" + d[:3] + "-" + d[3:]
		case 1:
			return "0-2" + d[:3] + "-" + d[3:]
		case 2:
			return "0-2" + d[:3] + "-" + d[3:] + " ต่อ " + fmt.Sprint(10+r.IntN(90))
		case 3:
			return "+66 2 " + d[:3] + " " + d[3:]
		}
		return "02 " + d[:3] + " " + d[3:]
	}
	// A province: two-digit area code (not one Lao numbers use) and 6 digits.
	area := []string{"42", "43", "44", "45", "53", "55", "73", "74", "76", "77"}[r.IntN(10)]
	d := fmt.Sprintf("%06d", p%1000000)
	if r.IntN(2) == 0 {
		return "0" + area + "-" + d[:3] + "-" + d[3:]
	}
	return "0-" + area + d[:2] + "-" + d[2:]
}

func laoPhone(r *rand.Rand, p int) string {
	d := fmt.Sprintf("%06d", p%1000000)
	switch r.IntN(4) {
	case 0:
		return "(+856-21) " + d[:3] + " " + d[3:]
	case 1:
		return "021-" + d
	case 2:
		return fmt.Sprintf("020 %04d %04d", 5000+p%5000, p/1000%10000)
	}
	return fmt.Sprintf("+856 20 %02d %03d %03d", 50+p%50, p/100%1000, p%1000)
}

// dropSharedOfficial keeps the absent listings whose distinctive words are
// not all words of one listed name (then they are that name to any search).
func dropSharedOfficial(list, absent []Official) []Official {
	la := make([]Agency, len(list))
	for i := range list {
		la[i].Doc = list[i].Doc
	}
	aa := make([]Agency, len(absent))
	for i := range absent {
		aa[i].Doc = absent[i].Doc
		aa[i].English = absent[i].distinctive()
	}
	kept := map[uint]bool{}
	for _, a := range dropShared(la, aa) {
		kept[a.ID] = true
	}
	var out []Official
	for _, a := range absent {
		if kept[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

func (a *Official) distinctive() string {
	d := strings.Join(a.DistEn, " ")
	if a.Abbr != "" {
		d = strings.TrimSpace(a.Abbr + " " + d)
	}
	return d
}

// OfficialKinds are the kinds of query on the official-style list.
var OfficialKinds = []string{"reordered", "typo", "typo_th", "joined", "abbrev", "licence", "licence_digits", "licence_cousin", "phone"}

// QueriesOfficial makes per queries of every kind for listings picked at
// random, and the queries for the absent listings.
func QueriesOfficial(list, absent []Official, per int, seed uint64) (present, missing []Query) {
	r := rand.New(rand.NewPCG(seed, seed^0x3c6ef372))
	for _, kind := range OfficialKinds {
		for made, tries := 0, 0; made < per && tries < 100*per; tries++ {
			a := &list[r.IntN(len(list))]
			if q, ok := a.query(r, kind); ok {
				present = append(present, Query{Kind: kind, Q: q, Want: a.ID})
				made++
			}
		}
	}
	for i := range absent {
		a := &absent[i]
		for _, kind := range []string{"joined", "abbrev", "licence", "licence_digits", "licence_cousin", "phone"} {
			if q, ok := a.query(r, kind); ok {
				missing = append(missing, Query{Kind: kind, Q: q})
			}
		}
		if d := a.distinctive(); d != "" {
			missing = append(missing, Query{Kind: "name", Q: d + " " + a.KindEn})
		}
	}
	return present, missing
}

func (a *Official) query(r *rand.Rand, kind string) (string, bool) {
	switch kind {
	case "reordered":
		var d []string
		for _, w := range a.DistEn {
			if !isNumber(w) {
				d = append(d, w)
			}
		}
		if a.Abbr != "" || len(d) == 0 {
			return "", false
		}
		if len(d) == 1 {
			d = append([]string{strings.Fields(a.KindEn)[0]}, d...)
		} else if len(d) > 2 {
			i := r.IntN(len(d) - 1)
			d = d[i : i+2]
		}
		d[0], d[1] = d[1], d[0]
		return randomCase(r, strings.Join(d, " ")), true
	case "typo":
		d := append([]string(nil), a.DistEn...)
		longest := -1
		for i := range d {
			if len(d[i]) >= 5 && !isNumber(d[i]) && (longest < 0 || len(d[i]) > len(d[longest])) {
				longest = i
			}
		}
		if longest < 0 {
			return "", false
		}
		d[longest] = string(typo(r, []rune(strings.ToLower(d[longest]))))
		if len(d) == 1 { // one word alone is shared by many names
			d = append(d, strings.Fields(a.KindEn)[0])
		}
		return strings.Join(d, " "), true
	case "typo_th":
		if !a.Thai {
			return "", false
		}
		d := append([]string(nil), a.DistTh...)
		longest := -1
		for i := range d {
			if n := thaiLetters(d[i]); n >= 5 && (longest < 0 || n > thaiLetters(d[longest])) {
				longest = i
			}
		}
		if longest < 0 {
			return "", false
		}
		d[longest] = thaiTypo(r, d[longest])
		if len(d) == 1 { // one word alone is shared by many names
			if a.KindTh == "" {
				return "", false
			}
			d = append(d, a.KindTh)
		}
		return strings.Join(d, " "), true
	case "joined":
		var parts []string
		if a.Thai {
			if r.IntN(2) == 0 {
				parts = append(parts, "จัดหางาน")
			}
			for _, w := range a.ThName {
				parts = append(parts, strings.ReplaceAll(w, ".", ""))
			}
		} else {
			if a.LaoRun == nil {
				return "", false
			}
			parts = append(parts, "ຈັດຫາງານ", a.laoRun())
			if !strings.HasPrefix(a.NameLo, "ບໍລິສັດ ຈັດຫາງານ") {
				return "", false // the query is the name's words in their order
			}
		}
		if len(parts) < 2 {
			return "", false
		}
		return strings.Join(parts, ""), true
	case "abbrev":
		if a.Abbr == "" {
			return "", false
		}
		l := strings.ToLower(a.Abbr)
		switch r.IntN(4) {
		case 0:
			return l, true
		case 1:
			return strings.Join(strings.Split(l, ""), ".") + ".", true
		case 2:
			return strings.Join(strings.Split(a.Abbr, ""), "."), true
		}
		return a.Abbr, true
	case "licence":
		num := fmt.Sprintf("%04d", a.LicNum)
		if a.LicYr == 0 {
			return []string{fmt.Sprintf("%d/ກຮ", a.LicNum), fmt.Sprintf("%d ກຮ", a.LicNum), fmt.Sprintf("%d-ກຮ", a.LicNum)}[r.IntN(3)], true
		}
		p := "น"
		if a.LicLao {
			p = "ນ"
		}
		switch r.IntN(5) {
		case 0:
			return fmt.Sprintf("%s.%s/%d", p, num, a.LicYr), true
		case 1:
			return fmt.Sprintf("%s %s/%d", p, num, a.LicYr), true
		case 2:
			return fmt.Sprintf("%s%s-%d", p, num, a.LicYr), true
		case 3:
			return fmt.Sprintf("%s. %s %d", p, num, a.LicYr), true
		}
		return fmt.Sprintf("%s.%s.%d", p, num, a.LicYr), true
	case "licence_cousin": // typed with the Lao letter for the Thai one, or the other way round
		if a.LicYr == 0 {
			return "", false
		}
		p := "ນ"
		if a.LicLao {
			p = "น"
		}
		return fmt.Sprintf("%s.%04d/%d", p, a.LicNum, a.LicYr), true
	case "licence_digits":
		if a.LicYr == 0 {
			return fmt.Sprint(a.LicNum), true
		}
		num := fmt.Sprintf("%04d", a.LicNum)
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("%s/%d", num, a.LicYr), true
		case 1:
			return fmt.Sprintf("%d/%d", a.LicNum, a.LicYr), true
		}
		return fmt.Sprintf("%s %d", num, a.LicYr), true
	case "phone":
		id := search.PhoneID(a.Phones[0])
		cc, nat, _ := strings.Cut(id, ":")
		switch r.IntN(4) {
		case 0:
			return "+" + cc + " " + nat, true
		case 1:
			return "0" + nat, true
		case 2:
			if cc == "66" && len(nat) == 8 && nat[0] == '2' {
				return "0" + nat[:1] + " " + nat[1:4] + " " + nat[4:], true
			}
			return "0" + nat[:2] + "-" + nat[2:5] + "-" + nat[5:], true
		}
		return "(+" + cc + ") " + nat[:2] + " " + nat[2:], true
	}
	return "", false
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// thaiLetters counts the letters of a Thai word: tone marks and the
// silencer are not letters.
func thaiLetters(w string) int {
	n := 0
	for _, c := range w {
		if !strings.ContainsRune("\u0e48\u0e49\u0e4a\u0e4b\u0e4c", c) {
			n++
		}
	}
	return n
}

var thaiConsonants = []rune("กขคงจชซญดตถทธนบปผพฟภมยรลวศสหอฮ")

// thaiTypo makes one mistake in a Thai word: a consonant changed, a letter
// dropped, a consonant added, or two consonants swapped.
func thaiTypo(r *rand.Rand, w string) string {
	rs := []rune(w)
	var cons []int
	for i, c := range rs {
		if c >= 'ก' && c <= 'ฮ' {
			cons = append(cons, i)
		}
	}
	for {
		switch r.IntN(4) {
		case 0:
			i := cons[r.IntN(len(cons))]
			c := thaiConsonants[r.IntN(len(thaiConsonants))]
			if c != rs[i] {
				rs[i] = c
				return string(rs)
			}
		case 1:
			i := 1 + r.IntN(len(rs)-1)
			return string(append(rs[:i:i], rs[i+1:]...))
		case 2:
			i := cons[r.IntN(len(cons))] + 1
			c := thaiConsonants[r.IntN(len(thaiConsonants))]
			return string(append(rs[:i:i], append([]rune{c}, rs[i:]...)...))
		default:
			for _, i := range cons {
				if i+1 < len(rs) && rs[i+1] >= 'ก' && rs[i+1] <= 'ฮ' && rs[i+1] != rs[i] {
					rs[i], rs[i+1] = rs[i+1], rs[i]
					return string(rs)
				}
			}
		}
	}
}
