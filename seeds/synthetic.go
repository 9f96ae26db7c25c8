package seeds

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"paidee/models"
)

// Syllables for made-up names, in Lao and in a matching Latin spelling.
var synthLao = []string{"ສີ", "ຄຳ", "ແສງ", "ດາວ", "ມີ", "ໄຊ", "ພູ", "ນາ", "ວົງ", "ສະ", "ບຸນ", "ແກ້ວ", "ຈັນ", "ທອງ", "ມະ", "ລາ"}
var synthLatin = []string{"Si", "Kham", "Saeng", "Dao", "Mi", "Xai", "Phou", "Na", "Vong", "Sa", "Boun", "Keo", "Chan", "Thong", "Ma", "La"}
var synthKinds = []struct{ lo, en string }{
	{"ບໍລິສັດ ຈັດຫາງານ", "Employment Co."},
	{"ບໍລິສັດ ແຮງງານ", "Labour Services Co."},
	{"ບໍລິສັດ ບໍລິການ", "Services Co."},
}

// SyntheticAgencies makes n fictional agencies for benchmarks: varied names
// in both scripts, every status, Lao provinces, unique licence numbers and
// phone numbers. The same seed gives the same list.
func SyntheticAgencies(n int, seed uint64) []models.Agency {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	laoProvinces := []string{}
	for _, p := range models.Provinces {
		if p.Country == "LA" {
			laoProvinces = append(laoProvinces, p.Code)
		}
	}
	statuses := []string{models.StatusLicensed, models.StatusLicensed, models.StatusLicensed, models.StatusLicensed,
		models.StatusSuspended, models.StatusRevoked, models.StatusExpired, models.StatusIllegal}
	verified := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	out := make([]models.Agency, n)
	for i := range out {
		var lo, en string
		for k := 0; k < 2+r.IntN(2); k++ {
			j := r.IntN(len(synthLao))
			lo += synthLao[j]
			en += synthLatin[j]
		}
		kind := synthKinds[r.IntN(len(synthKinds))]
		a := models.Agency{
			LicenceNo: fmt.Sprintf("SYN-%02d-%06d", r.IntN(27), i+1),
			NameLo:    fmt.Sprintf("%s %s %d (ທົດລອງ)", kind.lo, lo, i+1),
			NameEn:    fmt.Sprintf("%s %s %d (synthetic)", en, kind.en, i+1),
			Province:  laoProvinces[r.IntN(len(laoProvinces))],
			Phones:    []string{fmt.Sprintf("020 %04d %04d", 5000+i/10000, i%10000)},
			Sectors:   []string{models.AgencySectors[r.IntN(len(models.AgencySectors))]},
			Status:    statuses[r.IntN(len(statuses))],
			Demo:      true,
		}
		if a.Status != models.StatusIllegal {
			issued := time.Date(2022+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			a.LicenceIssued = issued.Format(models.DateLayout)
			a.LicenceExpires = issued.AddDate(3, 0, -1).Format(models.DateLayout)
		}
		v := verified.AddDate(0, 0, r.IntN(28))
		a.LastVerifiedAt = &v
		out[i] = a
	}
	return out
}

// LoadSynthetic stores n synthetic agencies in one revision.
func LoadSynthetic(ctx context.Context, store *models.Store, n int, seed uint64) error {
	list := SyntheticAgencies(n, seed)
	return store.Write(ctx, func(tx *gorm.DB, rev int64) error {
		models.LogApprovals(tx, 0)
		for i := range list {
			if fe := models.ValidateAgency(&list[i]); len(fe) > 0 {
				return fmt.Errorf("synthetic agency %d: %w", i, fe.Err())
			}
			list[i].Revision = rev
			list[i].Version = 1
		}
		if err := tx.CreateInBatches(list, 500).Error; err != nil {
			return fmt.Errorf("insert synthetic agencies: %w", err)
		}
		return nil
	})
}

// LoadSyntheticOnce adds n synthetic agencies unless the database already
// has synthetic ones (a restart of a measurement server).
func LoadSyntheticOnce(ctx context.Context, store *models.Store, n int) error {
	var have int64
	if err := store.DB.WithContext(ctx).Model(&models.Agency{}).Where("licence_no LIKE ?", "SYN-%").Count(&have).Error; err != nil {
		return fmt.Errorf("count synthetic agencies: %w", err)
	}
	if have > 0 {
		return nil
	}
	return LoadSynthetic(ctx, store, n, 42)
}
