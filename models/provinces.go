package models

import "slices"

// Province is a province of Laos or Thailand; Code is its English name, the
// value stored on agencies and contacts.
type Province struct {
	Code    string `json:"code"`
	Country string `json:"country"`
	Name    Text   `json:"name"`
}

// Provinces lists the 18 provinces of Laos and the Thai provinces the
// contacts use. Agencies must name a Lao province from this list.
var Provinces = []Province{
	{"Vientiane Capital", "LA", Text{"ນະຄອນຫຼວງວຽງຈັນ", "นครหลวงเวียงจันทน์", "Vientiane Capital"}},
	{"Phongsaly", "LA", Text{"ຜົ້ງສາລີ", "พงสาลี", "Phongsaly"}},
	{"Luang Namtha", "LA", Text{"ຫຼວງນ້ຳທາ", "หลวงน้ำทา", "Luang Namtha"}},
	{"Oudomxay", "LA", Text{"ອຸດົມໄຊ", "อุดมไซ", "Oudomxay"}},
	{"Bokeo", "LA", Text{"ບໍ່ແກ້ວ", "บ่อแก้ว", "Bokeo"}},
	{"Luang Prabang", "LA", Text{"ຫຼວງພະບາງ", "หลวงพระบาง", "Luang Prabang"}},
	{"Houaphanh", "LA", Text{"ຫົວພັນ", "หัวพัน", "Houaphanh"}},
	{"Xayaboury", "LA", Text{"ໄຊຍະບູລີ", "ไชยบุรี", "Xayaboury"}},
	{"Xiengkhouang", "LA", Text{"ຊຽງຂວາງ", "เชียงขวาง", "Xiengkhouang"}},
	{"Vientiane", "LA", Text{"ແຂວງວຽງຈັນ", "แขวงเวียงจันทน์", "Vientiane Province"}},
	{"Bolikhamxay", "LA", Text{"ບໍລິຄຳໄຊ", "บอลิคำไซ", "Bolikhamxay"}},
	{"Khammouane", "LA", Text{"ຄຳມ່ວນ", "คำม่วน", "Khammouane"}},
	{"Savannakhet", "LA", Text{"ສະຫວັນນະເຂດ", "สะหวันนะเขต", "Savannakhet"}},
	{"Salavan", "LA", Text{"ສາລະວັນ", "สาละวัน", "Salavan"}},
	{"Sekong", "LA", Text{"ເຊກອງ", "เซกอง", "Sekong"}},
	{"Champasak", "LA", Text{"ຈຳປາສັກ", "จำปาศักดิ์", "Champasak"}},
	{"Attapeu", "LA", Text{"ອັດຕະປື", "อัตตะปือ", "Attapeu"}},
	{"Xaisomboun", "LA", Text{"ໄຊສົມບູນ", "ไชสมบูรณ์", "Xaisomboun"}},
	{"Bangkok", "TH", Text{"ບາງກອກ", "กรุงเทพมหานคร", "Bangkok"}},
	{"Samut Sakhon", "TH", Text{"ສະໝຸດສາຄອນ", "สมุทรสาคร", "Samut Sakhon"}},
	{"Khon Kaen", "TH", Text{"ຂອນແກ່ນ", "ขอนแก่น", "Khon Kaen"}},
	{"Chiang Mai", "TH", Text{"ຊຽງໃໝ່", "เชียงใหม่", "Chiang Mai"}},
	{"Nong Khai", "TH", Text{"ໜອງຄາຍ", "หนองคาย", "Nong Khai"}},
	{"Udon Thani", "TH", Text{"ອຸດອນທານີ", "อุดรธานี", "Udon Thani"}},
	{"Ubon Ratchathani", "TH", Text{"ອຸບົນລາຊະທານີ", "อุบลราชธานี", "Ubon Ratchathani"}},
	{"Chonburi", "TH", Text{"ຊົນບູລີ", "ชลบุรี", "Chonburi"}},
	{"Songkhla", "TH", Text{"ສົງຂລາ", "สงขลา", "Songkhla"}},
}

// FindProvince returns the province with this code (case-insensitive).
func FindProvince(code string) (Province, bool) {
	for _, p := range Provinces {
		if equalFold(p.Code, code) {
			return p, true
		}
	}
	return Province{}, false
}

// District is a district (ເມືອງ) of a Lao province. Code is its usual
// romanised name, the value stored on agencies; an agency may name a
// district this list does not hold (it is shown as written). Names are
// only those known for sure; Review says what a native reader should
// check (web/app/i18n/REVIEW.md lists them too). Thai names are the Lao
// names written in Thai letters, as Thai news writes Lao places.
type District struct {
	Code     string `json:"code"`
	Province string `json:"province"`
	Name     Text   `json:"name"`
	Review   string `json:"-"`
}

// Districts lists the districts the list's agencies are in, by province.
var Districts = slices.Concat(
	districtsOf("Vientiane Capital",
		districtName{"ຈັນທະບູລີ", "จันทบุรี", "Chanthabouly", "th: จันทบุรี is also a Thai province; some write จันทะบูลี"},
		districtName{"ສີໂຄດຕະບອງ", "ศรีโคตรบูรณ์", "Sikhottabong", "th: ศรีโคตรบูรณ์ (historical) or สีโคตตะบอง (by the letter)?"},
		districtName{"ໄຊເສດຖາ", "ไชยเชษฐา", "Xaysetha", ""},
		districtName{"ສີສັດຕະນາກ", "ศรีสัตตนาค", "Sisattanak", ""},
		districtName{"ນາຊາຍທອງ", "นาทรายทอง", "Naxaythong", ""},
		districtName{"ໄຊທານີ", "ไชยธานี", "Xaythany", ""},
		districtName{"ຫາດຊາຍຟອງ", "หาดทรายฟอง", "Hadxayfong", ""},
		districtName{"ປາກງື່ມ", "ปากงึม", "Pakngum", ""},
	),
	districtsOf("Savannakhet",
		districtName{"ໄກສອນ ພົມວິຫານ", "ไกสอน พมวิหาน", "Kaysone Phomvihane", ""},
		districtName{"ອຸທຸມພອນ", "อุทุมพร", "Outhoumphone", "th: อุทุมพร (by meaning) or อุทุมพอน (by the letter)?"},
		districtName{"ຊົງຄອນ", "ซงคอน", "Songkhone", ""},
		districtName{"ໄຊບູລີ", "ไชยบุรี", "Xaybouly", "th: ไชยบุรี is also how Thai writes Xayaboury province"},
	),
	districtsOf("Champasak",
		districtName{"ປາກເຊ", "ปากเซ", "Pakse", ""},
		districtName{"ໂພນທອງ", "โพนทอง", "Phonthong", ""},
		districtName{"ສຸຂຸມາ", "สุขุมา", "Soukhouma", ""},
	),
	districtsOf("Luang Prabang",
		districtName{"ຫຼວງພະບາງ", "หลวงพระบาง", "Luang Prabang", ""},
		districtName{"ນ້ຳບາກ", "น้ำบาก", "Nambak", ""},
	),
	districtsOf("Vientiane",
		districtName{"ແກ້ວອຸດົມ", "แก้วอุดม", "Keo Oudom", ""},
		districtName{"ທຸລະຄົມ", "ทุละคม", "Thoulakhom", ""},
		districtName{"ໂພນໂຮງ", "โพนโฮง", "Phonhong", ""},
	),
	districtsOf("Khammouane",
		districtName{"ເຊບັ້ງໄຟ", "เซบั้งไฟ", "Xebangfai", ""},
		districtName{"ຫີນບູນ", "หินบูน", "Hinboun", ""},
		districtName{"ທ່າແຂກ", "ท่าแขก", "Thakhek", ""},
	),
	districtsOf("Attapeu",
		districtName{"ສາມັກຄີໄຊ", "สามัคคีไชย", "Samakkhixay", ""},
		districtName{"ສະໜາມໄຊ", "สนามไชย", "Sanamxay", ""},
	),
	districtsOf("Oudomxay",
		districtName{"ໄຊ", "ไซ", "Xay", "th: ไซ (as the town is usually written) or ไชย?"},
		districtName{"ແບ່ງ", "แบ่ง", "Beng", ""},
	),
	districtsOf("Luang Namtha",
		districtName{"ນ້ຳທາ", "น้ำทา", "Namtha", ""},
		districtName{"ສິງ", "สิงห์", "Sing", ""},
	),
	districtsOf("Bolikhamxay",
		districtName{"ປາກຊັນ", "ปากซัน", "Pakxan", ""},
		districtName{"ທ່າພະບາດ", "ท่าพระบาท", "Thaphabath", ""},
	),
	districtsOf("Sekong",
		districtName{"ລະມາມ", "ละมาม", "Lamam", ""},
	),
	districtsOf("Xiengkhouang",
		districtName{"ແປກ", "แปก", "Pek", ""},
		districtName{"ຄຳ", "คำ", "Kham", ""},
	),
	districtsOf("Xayaboury",
		districtName{"ໄຊຍະບູລີ", "ไชยบุรี", "Xayaboury", ""},
		districtName{"ປາກລາຍ", "ปากลาย", "Paklay", ""},
	),
	districtsOf("Phongsaly",
		districtName{"ຜົ້ງສາລີ", "พงสาลี", "Phongsaly", ""},
	),
	districtsOf("Xaisomboun",
		districtName{"ອະນຸວົງ", "อนุวงศ์", "Anouvong", ""},
	),
	districtsOf("Salavan",
		districtName{"ຄົງເຊໂດນ", "คงเซโดน", "Khongxedone", ""},
		districtName{"ສາລະວັນ", "สาละวัน", "Salavan", ""},
	),
	districtsOf("Houaphanh",
		districtName{"ວຽງໄຊ", "เวียงไซ", "Viengxay", ""},
		districtName{"ຊຳເໜືອ", "ซำเหนือ", "Xamneua", ""},
	),
	districtsOf("Bokeo",
		districtName{"ຫ້ວຍຊາຍ", "ห้วยทราย", "Houayxay", ""},
		districtName{"ຕົ້ນເຜິ້ງ", "ต้นผึ้ง", "Tonpheung", ""},
	),
)

// districtName is one district's name in Lao, Thai and English (also its
// Code), and what a native reader should check, if anything.
type districtName struct{ Lo, Th, En, Review string }

// districtsOf is the districts of one province, in the order given.
func districtsOf(province string, names ...districtName) []District {
	out := make([]District, len(names))
	for i, n := range names {
		out[i] = District{Code: n.En, Province: province, Name: Text{n.Lo, n.Th, n.En}, Review: n.Review}
	}
	return out
}

// FindDistrict returns the listed district of province with this name (its
// code, or its Lao, Thai or English name; case-insensitive).
func FindDistrict(province, name string) (District, bool) {
	for _, d := range Districts {
		if d.Province != province {
			continue
		}
		if equalFold(d.Code, name) || d.Name.Lo == name || d.Name.Th == name || equalFold(d.Name.En, name) {
			return d, true
		}
	}
	return District{}, false
}
