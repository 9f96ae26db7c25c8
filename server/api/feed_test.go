package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/dbtest"
	"paidee/web"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

type bundleBody struct {
	Dataset    string            `json:"dataset"`
	Revision   int64             `json:"revision"`
	RevisionAt string            `json:"revision_at"`
	Full       bool              `json:"full"`
	Agencies   []map[string]any  `json:"agencies"`
	Contacts   []map[string]any  `json:"contacts"`
	Checklist  []map[string]any  `json:"checklist"`
	Questions  []map[string]any  `json:"questions"`
	Phrases    []map[string]any  `json:"phrases"`
	Deleted    map[string][]uint `json:"deleted"`
}

func (e *testEnv) bundle(query string) bundleBody {
	e.t.Helper()
	r := e.get("/api/v1/bundle" + query)
	if r.status != 200 {
		e.t.Fatalf("bundle%s: %d %s", query, r.status, r.body)
	}
	var b bundleBody
	if err := json.Unmarshal(r.body, &b); err != nil {
		e.t.Fatal(err)
	}
	return b
}

func TestBundle_SinceReturnsExactlyTheChanges(t *testing.T) {
	env := newEnv(t)
	full := env.bundle("")
	if !full.Full || len(full.Agencies) < 40 || len(full.Contacts) == 0 || len(full.Checklist) == 0 ||
		len(full.Questions) == 0 || len(full.Phrases) == 0 {
		t.Fatalf("full bundle incomplete: %d agencies", len(full.Agencies))
	}
	if empty := env.bundle("?since=" + itoa(int(full.Revision))); len(empty.Agencies)+len(empty.Contacts)+len(empty.Checklist)+len(empty.Deleted["agencies"]) != 0 || empty.Full {
		t.Fatalf("nothing changed, but the delta is not empty: %+v", empty)
	}

	created := env.addAgency(models.Agency{LicenceNo: "FEED-1", NameEn: "Feed New", Phones: []string{"020 1111 2222"}})
	updated := uint(full.Agencies[0]["id"].(float64))
	deleted := uint(full.Agencies[1]["id"].(float64))
	ctx := context.Background()
	err := env.store.Write(ctx, func(tx *gorm.DB, rev int64) error {
		if err := tx.Model(&models.Agency{}).Where("id = ?", updated).
			Updates(map[string]any{"status": models.StatusSuspended, "revision": rev}).Error; err != nil {
			return err
		}
		if err := tx.Delete(&models.Agency{}, deleted).Error; err != nil {
			return err
		}
		return models.AddTombstone(tx, models.KindAgency, deleted, rev)
	})
	if err != nil {
		t.Fatal(err)
	}

	delta := env.bundle("?since=" + itoa(int(full.Revision)))
	if delta.Full || delta.Revision != full.Revision+2 {
		t.Fatalf("delta revision %d full=%v, want %d", delta.Revision, delta.Full, full.Revision+2)
	}
	got := map[uint]string{}
	for _, a := range delta.Agencies {
		got[uint(a["id"].(float64))] = a["status"].(string)
	}
	if len(got) != 2 || got[created] != "licensed" || got[updated] != "suspended" {
		t.Fatalf("delta agencies %v, want %d (new) and %d (suspended)", got, created, updated)
	}
	if d := delta.Deleted["agencies"]; len(d) != 1 || d[0] != deleted {
		t.Fatalf("deleted %v, want [%d]", d, deleted)
	}
	if len(delta.Contacts)+len(delta.Checklist)+len(delta.Questions)+len(delta.Phrases) != 0 {
		t.Fatal("delta carries content that did not change")
	}
	if r := env.get("/api/v1/agencies/" + itoa(int(deleted))); r.status != 404 {
		t.Fatalf("deleted agency still served: %d", r.status)
	}
	if r := env.get("/api/v1/agencies/" + itoa(int(updated))); r.json(t)["status"] != "suspended" {
		t.Fatalf("update not visible at once: %s", r.body)
	}
	future := env.bundle("?since=999999")
	if !future.Full || len(future.Agencies) != len(full.Agencies) {
		t.Fatalf("a revision from the future must get the full bundle")
	}
}

func TestBundle_GzipAndETag(t *testing.T) {
	env := newEnv(t)
	plain := env.get("/api/v1/bundle")
	gz := env.get("/api/v1/bundle", "Accept-Encoding", "gzip")
	if gz.header.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(plain.body)/3 {
		t.Fatalf("gzip: encoding %q, %d bytes vs %d plain", gz.header.Get("Content-Encoding"), len(gz.body), len(plain.body))
	}
	// The full bundle is kept gzipped only; a client that does not take
	// gzip gets it unpacked, the same bytes, with its length.
	zr, err := gzip.NewReader(bytes.NewReader(gz.body))
	if err != nil {
		t.Fatal(err)
	}
	unpacked, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unpacked, plain.body) || plain.header.Get("Content-Encoding") != "" {
		t.Fatalf("plain bundle (%d bytes, %q) is not the gzipped one unpacked (%d bytes): %v",
			len(plain.body), plain.header.Get("Content-Encoding"), len(unpacked), err)
	}
	if n := plain.header.Get("Content-Length"); n != itoa(len(plain.body)) {
		t.Errorf("Content-Length %q for %d bytes", n, len(plain.body))
	}
	// A browser takes Brotli: the same bytes, smaller again, the same ETag.
	br := env.get("/api/v1/bundle", "Accept-Encoding", "gzip, deflate, br, zstd")
	if br.header.Get("Content-Encoding") != "br" || len(br.body) >= len(gz.body) || br.header.Get("ETag") != plain.header.Get("ETag") {
		t.Fatalf("br: encoding %q, %d bytes vs gzip %d, ETag %q", br.header.Get("Content-Encoding"), len(br.body), len(gz.body), br.header.Get("ETag"))
	}
	if unbr, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br.body))); err != nil || !bytes.Equal(unbr, plain.body) {
		t.Fatalf("br bundle is not the plain one: %v", err)
	}
	if br.header.Get("X-Paidee-Signature") != plain.header.Get("X-Paidee-Signature") {
		t.Errorf("br bundle signed differently")
	}
	if r := env.get("/api/v1/bundle", "If-None-Match", plain.header.Get("ETag")); r.status != 304 {
		t.Fatalf("304 expected, got %d", r.status)
	}
	env.addAgency(models.Agency{LicenceNo: "ETAG-1", NameEn: "Changes the ETag"})
	if r := env.get("/api/v1/bundle", "If-None-Match", plain.header.Get("ETag")); r.status != 200 {
		t.Fatalf("after a change the old ETag must not match: %d", r.status)
	}
}

// A database put back from a copy starts again at an older revision and,
// after a few changes, reaches the revision a phone already has. Asked for
// "changes since" that revision, it would leave out what it changed after
// the restore; the phone's revision_at shows the copy never made that
// revision at that time, so the phone gets everything.
func TestBundle_ADatabasePutBackFromACopyIsNotTakenForTheSame(t *testing.T) {
	if dbtest.Postgres() {
		t.Skip("the copy is made with SQLite's backup (paidee backup); PostgreSQL is backed up with its own tools, and the SQLite run covers this")
	}
	env := newEnv(t)
	ctx := context.Background()
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := models.BackupTo(ctx, env.store.DB, copyPath); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		env.addAgency(models.Agency{LicenceNo: "AFTER-COPY-" + itoa(i), NameEn: "After Copy " + itoa(i)})
	}
	phone := env.bundle("")
	if phone.RevisionAt == "" {
		t.Fatalf("the bundle has no revision_at: %+v", phone)
	}
	at := "&at=" + url.QueryEscape(phone.RevisionAt)
	if same := env.bundle("?since=" + itoa(int(phone.Revision)) + at); same.Full {
		t.Fatal("the same database sends a full bundle for a matching revision_at")
	}

	// The copy is put back (same dataset id: a copy of the files by hand).
	store := openStore(t, "", copyPath)
	app, err := New(Options{Store: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: web.App()})
	if err != nil {
		t.Fatal(err)
	}
	restored := &testEnv{t: t, app: app, store: store}
	for i := 1; i <= 3; i++ {
		restored.addAgency(models.Agency{LicenceNo: "AFTER-RESTORE-" + itoa(i), NameEn: "After Restore " + itoa(i), Status: models.StatusIllegal})
	}
	if rev, _ := store.Revision(ctx); rev < phone.Revision || store.DatasetID() != env.store.DatasetID() {
		t.Fatalf("the test needs the copy at the phone's revision (%d < %d) with the same dataset id", rev, phone.Revision)
	}
	if blind := restored.bundle("?since=" + itoa(int(phone.Revision))); blind.Full {
		t.Fatal("without at= the copy cannot tell (this is the hazard the check is for)")
	}
	b := restored.bundle("?since=" + itoa(int(phone.Revision)) + at)
	if !b.Full || len(b.Agencies) < 48 {
		t.Fatalf("the copy answered a phone from the other timeline with a partial bundle: full=%v, %d agencies", b.Full, len(b.Agencies))
	}

	for _, bad := range []string{"yesterday", "2026-13-01T00:00:00Z"} {
		if r := env.get("/api/v1/bundle?since=1&at=" + url.QueryEscape(bad)); r.status != 400 || r.errorCode(t) != models.ECodeBadRequest {
			t.Errorf("at=%s: %d %s", bad, r.status, r.body)
		}
	}
}
