package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"paidee/models"
)

const oldTypedReason = "licence suspended by ministry notice 1/2025"

// writeOldShapeDB makes, in dir, a database as a server from before
// three-language reasons left it: suspended listings whose history reason
// is the string the verifier typed, and a genesis log of them in that
// shape, written record by record as that server wrote it (canonical
// JSON, tlog hashes, heads, the log size, the revision's mark). Nothing of
// this code's writing path is used, so the records are truly the old shape.
func writeOldShapeDB(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	at := time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	err = db.Transaction(func(tx *gorm.DB) error {
		var bodies [][]byte
		var ids []uint
		for _, no := range []string{"OLD-SHAPE-1", "OLD-SHAPE-2"} {
			a := models.Agency{LicenceNo: no, NameEn: "Old Shape " + no, Province: "Champasak", District: "Pakse",
				Status: models.StatusSuspended, LicenceExpires: "2029-01-01"}
			if fe := models.ValidateAgency(&a); len(fe) > 0 {
				return fe.Err()
			}
			if err := models.InsertAgency(tx, &a, 1); err != nil {
				return err
			}
			sc := models.StatusChange{AgencyID: a.ID, At: at, From: models.StatusLicensed, To: models.StatusSuspended, Reason: oldTypedReason}
			if err := tx.Create(&sc).Error; err != nil {
				return err
			}
			// The listing as the old server served it: the history's
			// reason a string.
			view := a.View([]models.StatusView{sc.View()}, nil)
			raw, err := json.Marshal(view)
			if err != nil {
				return err
			}
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			m["status_history"].([]any)[0].(map[string]any)["reason"] = oldTypedReason
			raw, _ = json.Marshal(m)
			data, err := models.LogAgencyJSON(raw)
			if err != nil {
				return err
			}
			seq := int64(len(bodies))
			body, err := models.Canonical(models.RecordJSON{Seq: seq, At: at.Format(time.RFC3339Nano), Kind: models.LogGenesis,
				Entity: models.KindAgency, ID: a.ID, Data: data, Reason: models.RecordReason{Plain: ""}})
			if err != nil {
				return err
			}
			bodies = append(bodies, body)
			ids = append(ids, a.ID)
		}
		hashes := map[int64]tlog.Hash{}
		for seq, body := range bodies {
			sh, err := tlog.StoredHashes(int64(seq), body, models.MapHashReader(hashes))
			if err != nil {
				return err
			}
			for j, h := range sh {
				idx := tlog.StoredHashIndex(0, int64(seq)) + int64(j)
				hashes[idx] = h
				if err := tx.Create(&models.LogHash{Idx: idx, Hash: append([]byte(nil), h[:]...)}).Error; err != nil {
					return err
				}
			}
			leaf := tlog.RecordHash(body)
			if err := tx.Create(&models.LogRecord{Seq: int64(seq), Entity: models.KindAgency, EntityID: ids[seq], Kind: models.LogGenesis,
				At: at, Body: body, Hash: leaf[:]}).Error; err != nil {
				return err
			}
			if err := tx.Create(&models.LogHead{Entity: models.KindAgency, EntityID: ids[seq], LastSeq: int64(seq), Records: 1, LastAt: at}).Error; err != nil {
				return err
			}
		}
		n := int64(len(bodies))
		if err := tx.Model(&models.Counter{}).Where("name = ?", "log_size").Update("value", n).Error; err != nil {
			return err
		}
		if err := tx.Model(&models.Counter{}).Where("name = ?", "revision").Update("value", 1).Error; err != nil {
			return err
		}
		return tx.Create(&models.RevisionMark{Revision: 1, At: at, LogSize: n}).Error
	})
	if err != nil {
		t.Fatal(err)
	}
}

// verify-log and the start-up check replay a log whose first records hold
// the old shape (string reasons) and whose later ones hold the new: the
// migration appended, nothing signed was rewritten, and both checks pass.
func TestVerifyLog_ReplaysOldAndNewReasonShapes(t *testing.T) {
	dir := t.TempDir()
	writeOldShapeDB(t, dir)
	s := startLogServer(t, dir, newKey(t)) // migrates, then seeds the demo data
	var first []models.LogRecord
	if err := s.db.Order("seq").Limit(2).Find(&first).Error; err != nil {
		t.Fatal(err)
	}
	for _, r := range first {
		if !bytes.Contains(r.Body, []byte(`"reason":"`+oldTypedReason+`"`)) {
			t.Fatalf("record %d is not the old shape any more: %s", r.Seq, r.Body)
		}
	}
	var migrated []models.LogRecord
	if err := s.db.Where("seq >= 2 AND entity = ? AND entity_id IN ?", models.KindAgency, []uint{first[0].EntityID, first[1].EntityID}).Order("seq").Find(&migrated).Error; err != nil {
		t.Fatal(err)
	}
	if len(migrated) != 2 || !bytes.Contains(migrated[0].Body, []byte(`"reason":{"en":"Licence suspended — `+oldTypedReason+`"`)) {
		for _, r := range migrated {
			t.Log(string(r.Body))
		}
		t.Fatalf("the migration's records: %d", len(migrated))
	}
	s.suspendOne() // and a status change of today, in the new shape
	out, err := s.verify("-key", s.key.VerifierKey)
	if err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify-log -url over old and new records: %v\n%s", err, out)
	}
	s.stop()
	var buf, errBuf bytes.Buffer
	if err := run(context.Background(), []string{"verify-log", "-data-dir", dir}, env(nil), &buf, &errBuf); err != nil || !strings.HasPrefix(buf.String(), "ok: ") {
		t.Fatalf("verify-log -data-dir (the start-up check): %v\n%s%s", err, buf.String(), errBuf.String())
	}
}
