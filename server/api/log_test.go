package api

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"paidee/models"
	"paidee/models/trust"
)

type logItem struct {
	Seq    int64  `json:"seq"`
	Record string `json:"record"`
	Hash   string `json:"hash"`
}

// logFrom reads every record with seq ≥ from.
func (e *testEnv) logFrom(from int64) ([]logItem, int64) {
	e.t.Helper()
	var all []logItem
	var total int64
	for {
		r := e.get("/api/v1/log?limit=1000&from=" + itoa(int(from)))
		if r.status != 200 {
			e.t.Fatalf("GET /log: %d %s", r.status, r.body)
		}
		var page struct {
			Items []logItem `json:"items"`
			Total int64     `json:"total"`
		}
		if err := json.Unmarshal(r.body, &page); err != nil {
			e.t.Fatal(err)
		}
		all = append(all, page.Items...)
		total = page.Total
		if len(page.Items) == 0 || from+int64(len(page.Items)) >= total {
			return all, total
		}
		from += int64(len(page.Items))
	}
}

func (e *testEnv) logSize() int64 {
	e.t.Helper()
	_, n := e.logFrom(1 << 40)
	return n
}

func record(t *testing.T, it logItem) models.RecordJSON {
	t.Helper()
	var r models.RecordJSON
	if err := json.Unmarshal([]byte(it.Record), &r); err != nil {
		t.Fatalf("record %d: %v", it.Seq, err)
	}
	return r
}

// checkpoint fetches the key and the checkpoint and opens it.
func (e *testEnv) checkpoint() tlog.Tree {
	e.t.Helper()
	var key struct {
		Verifier  string `json:"verifier"`
		PublicKey string `json:"public_key"`
	}
	if err := json.Unmarshal(e.get("/api/v1/log/key").body, &key); err != nil {
		e.t.Fatal(err)
	}
	pub, _, err := trust.PublicKeyFromVerifier(key.Verifier)
	if err != nil {
		e.t.Fatal(err)
	}
	if base64.StdEncoding.EncodeToString(pub) != key.PublicKey {
		e.t.Errorf("public_key %s is not the verifier's key", key.PublicKey)
	}
	r := e.get("/api/v1/log/checkpoint")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		e.t.Fatalf("checkpoint: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	tree, err := trust.OpenCheckpoint(r.body, key.Verifier)
	if err != nil {
		e.t.Fatalf("checkpoint does not verify: %v\n%s", err, r.body)
	}
	return tree
}

// Every change to public data appends records whose data is the public
// record after the change, as the API serves it; a deletion's data is null.
func TestLog_EveryPublicChangeIsAppended(t *testing.T) {
	env := newConsoleEnv(t)
	items, total := env.logFrom(0)
	if total == 0 || int64(len(items)) != total {
		t.Fatalf("the seeded database has %d records of %d", len(items), total)
	}
	for i, it := range items {
		r := record(t, it)
		if it.Seq != int64(i) || r.Seq != it.Seq {
			t.Fatalf("record %d has seq %d / %d", i, it.Seq, r.Seq)
		}
		h := tlog.RecordHash([]byte(it.Record))
		if hex.EncodeToString(h[:]) != it.Hash {
			t.Fatalf("record %d: hash %s is not the record's", i, it.Hash)
		}
		if c, _ := models.Canonical([]byte(it.Record)); string(c) != it.Record {
			t.Fatalf("record %d is not canonical: %s", i, it.Record)
		}
		if r.Approvals != 0 {
			t.Errorf("a seed record says %d people approved it", r.Approvals)
		}
	}

	var full models.Bundle
	decode(t, env.get("/api/v1/bundle"), &full)
	agencyID := env.fixture()
	contact := full.Contacts[0]
	item := full.Checklist[0].Items[0]
	question, phrase := full.Questions[0], full.Phrases[0]

	type want struct {
		entity string
		id     uint
		kind   string
		reason string
	}
	steps := []struct {
		name string
		do   func() response
		want []want
	}{
		{"patch agency sectors", func() response {
			return env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(agencyID)), `{"version":1,"sectors":["construction"]}`)
		}, []want{{models.KindAgency, agencyID, models.LogUpdate, ""}}},
		{"suspend agency", func() response {
			return env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(agencyID)), `{"version":2,"status":"suspended","reason":"ministry notice 4/2026"}`)
		}, []want{{models.KindAgency, agencyID, models.LogUpdate, "Licence suspended — ministry notice 4/2026"}}},
		{"create agency", func() response {
			return env.asVerifier("POST", "/api/v1/agencies", `{"licence_no":"LOG-2","name_en":"Logged Co","province":"Vientiane Capital","status":"illegal","reason":"known illegal recruiter"}`)
		}, []want{{models.KindAgency, 0, models.LogCreate, "Named an illegal recruiter by the authorities — known illegal recruiter"}}},
		{"edit contact", func() response {
			return env.asAdmin("PATCH", "/api/v1/contacts/"+itoa(int(contact.ID)), `{"revision":`+itoa(int(contact.Revision))+`,"hours":{"lo":"24 ຊົ່ວໂມງ","th":"24 ชั่วโมง","en":"24 hours, every day"}}`)
		}, []want{{models.KindContact, contact.ID, models.LogUpdate, ""}}},
		{"edit checklist item (its stage travels)", func() response {
			return env.asAdmin("PATCH", "/api/v1/checklist/items/"+itoa(int(item.ID)), `{"revision":`+itoa(int(item.Revision))+`,"title":{"en":"Keep your passport yourself"}}`)
		}, []want{{models.KindChecklist, full.Checklist[0].ID, models.LogUpdate, ""}}},
		{"edit question", func() response {
			return env.asAdmin("PATCH", "/api/v1/questions/"+itoa(int(question.ID)), `{"revision":`+itoa(int(question.Revision))+`,"text":{"en":"Do they ask for a fee first?"}}`)
		}, []want{{models.KindQuestion, question.ID, models.LogUpdate, ""}}},
		{"delete phrase", func() response {
			return env.asAdmin("DELETE", "/api/v1/phrases/"+itoa(int(phrase.ID)), "")
		}, []want{{models.KindPhrase, phrase.ID, models.LogDelete, ""}}},
	}
	for _, st := range steps {
		before := env.logSize()
		r := st.do()
		if r.status >= 300 {
			t.Fatalf("%s: %d %s", st.name, r.status, r.body)
		}
		got, total := env.logFrom(before)
		if len(got) != len(st.want) || total != before+int64(len(st.want)) {
			t.Fatalf("%s: %d records appended, want %d", st.name, len(got), len(st.want))
		}
		for i, w := range st.want {
			rec := record(t, got[i])
			if rec.Entity != w.entity || (w.id != 0 && rec.ID != w.id) || rec.Kind != w.kind || rec.Reason.English() != w.reason || rec.Approvals != 1 {
				t.Errorf("%s: record %+v, want %+v", st.name, rec, w)
			}
			if w.kind == models.LogDelete {
				if string(rec.Data) != "null" {
					t.Errorf("%s: a deletion with data %s", st.name, rec.Data)
				}
				continue
			}
			if strings.Contains(string(rec.Data), "@example.org") || strings.Contains(got[i].Record, "user") {
				t.Errorf("%s: the record names a person: %s", st.name, got[i].Record)
			}
			// The record's data is the record as the bundle now serves it.
			served, err := models.StateFromBundle(env.get("/api/v1/bundle").body)
			if err != nil {
				t.Fatal(err)
			}
			if s := served[models.StateKey{Entity: rec.Entity, ID: rec.ID}]; string(s) != string(rec.Data) {
				t.Errorf("%s: logged\n%s\nserved\n%s", st.name, rec.Data, s)
			}
		}
	}

	// A triage step that changes nothing public appends nothing.
	before := env.logSize()
	receipt := env.postJSON("/api/v1/reports", `{"agency_name":"Someone","what":["asked_fee"],"details":"asked for money","lang":"en"}`)
	if receipt.status != 201 {
		t.Fatalf("report: %d %s", receipt.status, receipt.body)
	}
	var reps struct {
		Items []struct {
			ID uint `json:"id"`
		} `json:"items"`
	}
	decode(t, env.asVerifier("GET", "/api/v1/reports", ""), &reps)
	rid := itoa(int(reps.Items[0].ID))
	if r := env.asVerifier("PATCH", "/api/v1/reports/"+rid, `{"status":"reviewing","note":"calling them"}`); r.status != 200 {
		t.Fatalf("triage: %d %s", r.status, r.body)
	}
	if n := env.logSize(); n != before {
		t.Errorf("an internal triage step appended %d records", n-before)
	}
	// Upholding it adds a public warning: one record of the agency.
	if r := env.asVerifier("PATCH", "/api/v1/reports/"+rid, `{"status":"upheld","agency_id":`+itoa(int(agencyID))+`}`); r.status != 200 {
		t.Fatalf("uphold: %d %s", r.status, r.body)
	}
	got, _ := env.logFrom(before)
	if len(got) != 1 {
		t.Fatalf("upholding appended %d records", len(got))
	}
	if rec := record(t, got[0]); rec.ID != agencyID || !strings.Contains(string(rec.Data), `"what":["asked_fee"]`) || strings.Contains(got[0].Record, "asked for money") {
		t.Errorf("the warning's record: %s", got[0].Record)
	}

	// The server's own check agrees with all of it.
	if r := env.get("/readyz"); r.status != 200 {
		t.Errorf("readyz: %d %s", r.status, r.body)
	}
	rep, err := env.store.CheckIntegrity(context.Background())
	if err != nil || !rep.OK {
		t.Errorf("integrity: %+v %v", rep, err)
	}
}

// Inclusion and consistency proofs served by the API verify with
// tlog.CheckRecord and tlog.CheckTree against signed checkpoints.
func TestLog_ProofsVerify(t *testing.T) {
	env := newConsoleEnv(t)
	old := env.checkpoint()
	id := env.fixture()
	for i := 0; i < 5; i++ {
		env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":`+itoa(i+1)+`,"sectors":["`+models.AgencySectors[i+1]+`"]}`)
	}
	cur := env.checkpoint()
	if cur.N != old.N+6 {
		t.Fatalf("tree grew from %d to %d, want 6 more", old.N, cur.N)
	}
	items, _ := env.logFrom(0)
	for _, seq := range []int64{0, 1, old.N - 1, old.N, cur.N - 1} {
		var p struct {
			Hashes []string `json:"hashes"`
		}
		decode(t, env.get("/api/v1/log/proof?seq="+itoa(int(seq))+"&size="+itoa(int(cur.N))), &p)
		proof := decodeHashes(t, p.Hashes)
		leaf := tlog.RecordHash([]byte(items[seq].Record))
		if err := tlog.CheckRecord(proof, cur.N, cur.Hash, seq, leaf); err != nil {
			t.Errorf("record %d: %v", seq, err)
		}
		// The proof does not vouch for another record's text.
		other := tlog.RecordHash([]byte(items[(seq+1)%cur.N].Record))
		if tlog.CheckRecord(proof, cur.N, cur.Hash, seq, other) == nil {
			t.Errorf("record %d's proof accepts another record", seq)
		}
	}
	var p struct {
		Hashes []string `json:"hashes"`
	}
	decode(t, env.get("/api/v1/log/consistency?from="+itoa(int(old.N))+"&to="+itoa(int(cur.N))), &p)
	proof := decodeHashes(t, p.Hashes)
	if err := tlog.CheckTree(proof, cur.N, cur.Hash, old.N, old.Hash); err != nil {
		t.Errorf("consistency %d→%d: %v", old.N, cur.N, err)
	}
	var forged tlog.Hash
	forged[0] = 1
	if tlog.CheckTree(proof, cur.N, cur.Hash, old.N, forged) == nil {
		t.Error("the consistency proof accepts another old root")
	}

	for _, bad := range []struct{ path string }{
		{"/api/v1/log/proof?seq=5"},
		{"/api/v1/log/proof?seq=x&size=3"},
		{"/api/v1/log/proof?seq=" + itoa(int(cur.N)) + "&size=" + itoa(int(cur.N))},
		{"/api/v1/log/proof?seq=0&size=" + itoa(int(cur.N+1))},
		{"/api/v1/log/consistency?from=5&to=2"},
		{"/api/v1/log/consistency?from=0&to=2"},
		{"/api/v1/log?limit=5000"},
		{"/api/v1/log?from=-1"},
	} {
		r := env.get(bad.path)
		if r.status != 400 && r.status != 422 {
			t.Errorf("%s: %d %s", bad.path, r.status, r.body)
		}
		if r.errorCode(t) == "" {
			t.Errorf("%s: no error code: %s", bad.path, r.body)
		}
	}
}

func decodeHashes(t *testing.T, list []string) []tlog.Hash {
	t.Helper()
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			t.Fatalf("hash %q", s)
		}
		copy(out[i][:], b)
	}
	return out
}

// A failure between the change and its record leaves neither: the listing,
// the revision and the log are as they were.
func TestLog_ChangeAndRecordInOneTransaction(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.fixture()
	size, rev := env.logSize(), env.revision()
	audits := env.auditCount("")
	undo := models.InjectFailure("log-append", errors.New("injected: disk full"))
	r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":1,"status":"suspended","reason":"ministry notice"}`)
	undo()
	if r.status != 500 {
		t.Fatalf("with the log failing: %d %s", r.status, r.body)
	}
	if a := env.agency(id); a.Status != models.StatusLicensed || a.Version != 1 {
		t.Errorf("the change was kept without its record: %+v", a)
	}
	if env.logSize() != size || env.revision() != rev || env.auditCount("") != audits {
		t.Error("the log, the revision or the audit moved")
	}
	var n int64
	env.store.DB.Model(&models.LogRecord{}).Count(&n)
	if n != size {
		t.Errorf("%d records stored, the log says %d", n, size)
	}
	// And once the failure is gone, the same change is stored with its record.
	if r := env.asVerifier("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":1,"status":"suspended","reason":"ministry notice"}`); r.status != 200 {
		t.Fatalf("after: %d %s", r.status, r.body)
	}
	if env.logSize() != size+1 {
		t.Error("no record for the change")
	}
}

// A database that has data but no log yet starts it with one genesis
// record per public record.
func TestLog_GenesisRecords(t *testing.T) {
	env := newConsoleEnv(t)
	db := env.store.DB
	for _, q := range []string{"DELETE FROM log_records", "DELETE FROM log_hashes", "DELETE FROM log_heads", "UPDATE counters SET value = 0 WHERE name = 'log_size'"} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	store, err := models.NewStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	size, err := store.LogSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	served, err := models.StateFromBundle(env.get("/api/v1/bundle").body)
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(served)) {
		t.Fatalf("%d genesis records for %d public records", size, len(served))
	}
	items, _ := env.logFrom(0)
	for _, it := range items {
		if rec := record(t, it); rec.Kind != models.LogGenesis {
			t.Fatalf("record %d is %q", it.Seq, rec.Kind)
		}
	}
	rep, err := store.CheckIntegrity(context.Background())
	if err != nil || !rep.OK {
		t.Errorf("integrity after genesis: %+v %v", rep, err)
	}
}

// Every bundle answer says which log position it reflects and carries an
// Ed25519 signature, with the log's key, over the exact body.
func TestBundle_SignedWithLogPosition(t *testing.T) {
	env := newConsoleEnv(t)
	var key struct {
		Verifier string `json:"verifier"`
	}
	decode(t, env.get("/api/v1/log/key"), &key)
	pub, keyID, err := trust.PublicKeyFromVerifier(key.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	full := env.get("/api/v1/bundle")
	if err := trust.VerifyBody(full.header.Get(trust.SignatureHeader), full.body, pub, keyID); err != nil {
		t.Fatalf("full bundle: %v (%q)", err, full.header.Get(trust.SignatureHeader))
	}
	var b models.Bundle
	decode(t, full, &b)
	cp := env.checkpoint()
	if b.LogSize != cp.N || b.LogRoot != base64.StdEncoding.EncodeToString(cp.Hash[:]) {
		t.Errorf("bundle at log %d %s, checkpoint %d", b.LogSize, b.LogRoot, cp.N)
	}
	env.fixture()
	delta := env.get("/api/v1/bundle?since=" + itoa(int(b.Revision)))
	if err := trust.VerifyBody(delta.header.Get(trust.SignatureHeader), delta.body, pub, keyID); err != nil {
		t.Fatalf("delta: %v", err)
	}
	var d models.Bundle
	decode(t, delta, &d)
	if d.LogSize != b.LogSize+1 || d.LogRoot == b.LogRoot {
		t.Errorf("delta at log %d, full was at %d", d.LogSize, b.LogSize)
	}
	// One byte changed, and the signature no longer holds.
	bad := append([]byte(nil), delta.body...)
	i := strings.Index(string(bad), `"licensed"`)
	copy(bad[i:], `"licenset"`)
	if trust.VerifyBody(delta.header.Get(trust.SignatureHeader), bad, pub, keyID) == nil {
		t.Error("an altered body verifies")
	}
	// The gzipped answer is the same signed body.
	gz := env.get("/api/v1/bundle", "Accept-Encoding", "gzip")
	if gz.header.Get(trust.SignatureHeader) == "" {
		t.Error("the gzipped bundle has no signature")
	}
}

// A status changed in the database behind the app's back: at start-up the
// server says where on /readyz (503) and on the dashboard, until an admin
// puts the listing right (an ordinary, logged edit) and checks again.
func TestIntegrity_StartUpCheckUntilAnAdminActs(t *testing.T) {
	env := newConsoleEnv(t)
	id := env.addAgency(models.Agency{LicenceNo: "INT-1", NameEn: "Integrity Co", Status: models.StatusIllegal})
	if err := env.store.DB.Exec("UPDATE agencies SET status = 'licensed' WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	// A restart: a new store and app on the same database.
	store, err := models.NewStore(context.Background(), env.store.DB)
	if err != nil {
		t.Fatal(err)
	}
	app, err := New(Options{Store: store, JWTSecret: testSecret, BcryptCost: 4, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	env.app, env.store = app, store
	r := env.get("/readyz")
	if r.status != 503 || r.errorCode(t) != models.ECodeIntegrity || !strings.Contains(string(r.body), "integrity: broken at record") ||
		!strings.Contains(string(r.body), "agencies "+itoa(int(id))) {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	var d struct {
		Integrity models.IntegrityReport `json:"integrity"`
	}
	decode(t, env.asVerifier("GET", "/api/v1/dashboard", ""), &d)
	if d.Integrity.OK || d.Integrity.Broken == nil || !strings.Contains(d.Integrity.Broken.Problem, "status") {
		t.Errorf("dashboard integrity: %+v", d.Integrity)
	}
	if r := env.asVerifier("POST", "/api/v1/integrity/check", ""); r.status != 403 {
		t.Errorf("a verifier's recheck: %d", r.status)
	}
	// Meanwhile no bundle is signed for phones: they keep what they have.
	if r := env.get("/api/v1/bundle"); r.status != 503 || r.errorCode(t) != models.ECodeIntegrity || r.header.Get("X-Paidee-Signature") != "" {
		t.Errorf("bundle while broken: %d %s", r.status, r.header.Get("X-Paidee-Signature"))
	}
	// The admin puts it back as the log says (illegal: less safe, at once).
	a := env.agency(id)
	if r := env.asAdmin("PATCH", "/api/v1/agencies/"+itoa(int(id)), `{"version":`+itoa(a.Version)+`,"status":"illegal","reason":"put back as the ministry listed it"}`); r.status != 200 {
		t.Fatalf("fix: %d %s", r.status, r.body)
	}
	if r := env.get("/readyz"); r.status != 503 {
		t.Error("readyz cleared before the admin checked again")
	}
	var rep models.IntegrityReport
	decode(t, env.asAdmin("POST", "/api/v1/integrity/check", ""), &rep)
	if !rep.OK {
		t.Fatalf("recheck: %+v", rep)
	}
	if r := env.get("/readyz"); r.status != 200 {
		t.Errorf("readyz after the recheck: %d %s", r.status, r.body)
	}
	if r := env.get("/api/v1/bundle"); r.status != 200 {
		t.Errorf("bundle after the recheck: %d", r.status)
	}
}
