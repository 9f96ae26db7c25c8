package models

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

// Districts lists the districts the list's agencies are in.
var Districts = []District{
	{Code: "Chanthabouly", Province: "Vientiane Capital", Name: Text{"ຈັນທະບູລີ", "จันทบุรี", "Chanthabouly"}, Review: "th: จันทบุรี is also a Thai province; some write จันทะบูลี"},
	{Code: "Sikhottabong", Province: "Vientiane Capital", Name: Text{"ສີໂຄດຕະບອງ", "ศรีโคตรบูรณ์", "Sikhottabong"}, Review: "th: ศรีโคตรบูรณ์ (historical) or สีโคตตะบอง (by the letter)?"},
	{Code: "Xaysetha", Province: "Vientiane Capital", Name: Text{"ໄຊເສດຖາ", "ไชยเชษฐา", "Xaysetha"}},
	{Code: "Sisattanak", Province: "Vientiane Capital", Name: Text{"ສີສັດຕະນາກ", "ศรีสัตตนาค", "Sisattanak"}},
	{Code: "Naxaythong", Province: "Vientiane Capital", Name: Text{"ນາຊາຍທອງ", "นาทรายทอง", "Naxaythong"}},
	{Code: "Xaythany", Province: "Vientiane Capital", Name: Text{"ໄຊທານີ", "ไชยธานี", "Xaythany"}},
	{Code: "Hadxayfong", Province: "Vientiane Capital", Name: Text{"ຫາດຊາຍຟອງ", "หาดทรายฟอง", "Hadxayfong"}},
	{Code: "Pakngum", Province: "Vientiane Capital", Name: Text{"ປາກງື່ມ", "ปากงึม", "Pakngum"}},
	{Code: "Kaysone Phomvihane", Province: "Savannakhet", Name: Text{"ໄກສອນ ພົມວິຫານ", "ไกสอน พมวิหาน", "Kaysone Phomvihane"}},
	{Code: "Outhoumphone", Province: "Savannakhet", Name: Text{"ອຸທຸມພອນ", "อุทุมพร", "Outhoumphone"}, Review: "th: อุทุมพร (by meaning) or อุทุมพอน (by the letter)?"},
	{Code: "Songkhone", Province: "Savannakhet", Name: Text{"ຊົງຄອນ", "ซงคอน", "Songkhone"}},
	{Code: "Xaybouly", Province: "Savannakhet", Name: Text{"ໄຊບູລີ", "ไชยบุรี", "Xaybouly"}, Review: "th: ไชยบุรี is also how Thai writes Xayaboury province"},
	{Code: "Pakse", Province: "Champasak", Name: Text{"ປາກເຊ", "ปากเซ", "Pakse"}},
	{Code: "Phonthong", Province: "Champasak", Name: Text{"ໂພນທອງ", "โพนทอง", "Phonthong"}},
	{Code: "Soukhouma", Province: "Champasak", Name: Text{"ສຸຂຸມາ", "สุขุมา", "Soukhouma"}},
	{Code: "Luang Prabang", Province: "Luang Prabang", Name: Text{"ຫຼວງພະບາງ", "หลวงพระบาง", "Luang Prabang"}},
	{Code: "Nambak", Province: "Luang Prabang", Name: Text{"ນ້ຳບາກ", "น้ำบาก", "Nambak"}},
	{Code: "Keo Oudom", Province: "Vientiane", Name: Text{"ແກ້ວອຸດົມ", "แก้วอุดม", "Keo Oudom"}},
	{Code: "Thoulakhom", Province: "Vientiane", Name: Text{"ທຸລະຄົມ", "ทุละคม", "Thoulakhom"}},
	{Code: "Phonhong", Province: "Vientiane", Name: Text{"ໂພນໂຮງ", "โพนโฮง", "Phonhong"}},
	{Code: "Xebangfai", Province: "Khammouane", Name: Text{"ເຊບັ້ງໄຟ", "เซบั้งไฟ", "Xebangfai"}},
	{Code: "Hinboun", Province: "Khammouane", Name: Text{"ຫີນບູນ", "หินบูน", "Hinboun"}},
	{Code: "Thakhek", Province: "Khammouane", Name: Text{"ທ່າແຂກ", "ท่าแขก", "Thakhek"}},
	{Code: "Samakkhixay", Province: "Attapeu", Name: Text{"ສາມັກຄີໄຊ", "สามัคคีไชย", "Samakkhixay"}},
	{Code: "Sanamxay", Province: "Attapeu", Name: Text{"ສະໜາມໄຊ", "สนามไชย", "Sanamxay"}},
	{Code: "Xay", Province: "Oudomxay", Name: Text{"ໄຊ", "ไซ", "Xay"}, Review: "th: ไซ (as the town is usually written) or ไชย?"},
	{Code: "Beng", Province: "Oudomxay", Name: Text{"ແບ່ງ", "แบ่ง", "Beng"}},
	{Code: "Namtha", Province: "Luang Namtha", Name: Text{"ນ້ຳທາ", "น้ำทา", "Namtha"}},
	{Code: "Sing", Province: "Luang Namtha", Name: Text{"ສິງ", "สิงห์", "Sing"}},
	{Code: "Pakxan", Province: "Bolikhamxay", Name: Text{"ປາກຊັນ", "ปากซัน", "Pakxan"}},
	{Code: "Thaphabath", Province: "Bolikhamxay", Name: Text{"ທ່າພະບາດ", "ท่าพระบาท", "Thaphabath"}},
	{Code: "Lamam", Province: "Sekong", Name: Text{"ລະມາມ", "ละมาม", "Lamam"}},
	{Code: "Pek", Province: "Xiengkhouang", Name: Text{"ແປກ", "แปก", "Pek"}},
	{Code: "Kham", Province: "Xiengkhouang", Name: Text{"ຄຳ", "คำ", "Kham"}},
	{Code: "Xayaboury", Province: "Xayaboury", Name: Text{"ໄຊຍະບູລີ", "ไชยบุรี", "Xayaboury"}},
	{Code: "Paklay", Province: "Xayaboury", Name: Text{"ປາກລາຍ", "ปากลาย", "Paklay"}},
	{Code: "Phongsaly", Province: "Phongsaly", Name: Text{"ຜົ້ງສາລີ", "พงสาลี", "Phongsaly"}},
	{Code: "Anouvong", Province: "Xaisomboun", Name: Text{"ອະນຸວົງ", "อนุวงศ์", "Anouvong"}},
	{Code: "Khongxedone", Province: "Salavan", Name: Text{"ຄົງເຊໂດນ", "คงเซโดน", "Khongxedone"}},
	{Code: "Salavan", Province: "Salavan", Name: Text{"ສາລະວັນ", "สาละวัน", "Salavan"}},
	{Code: "Viengxay", Province: "Houaphanh", Name: Text{"ວຽງໄຊ", "เวียงไซ", "Viengxay"}},
	{Code: "Xamneua", Province: "Houaphanh", Name: Text{"ຊຳເໜືອ", "ซำเหนือ", "Xamneua"}},
	{Code: "Houayxay", Province: "Bokeo", Name: Text{"ຫ້ວຍຊາຍ", "ห้วยทราย", "Houayxay"}},
	{Code: "Tonpheung", Province: "Bokeo", Name: Text{"ຕົ້ນເຜິ້ງ", "ต้นผึ้ง", "Tonpheung"}},
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
