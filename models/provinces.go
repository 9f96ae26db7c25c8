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
