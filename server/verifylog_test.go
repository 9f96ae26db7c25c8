package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"paidee/models"
	"paidee/models/trust"
	"paidee/seeds"
	"paidee/server/api"
	"paidee/web"
)

// logServer is the real app on a real SQLite file, served over HTTP on a
// loopback port, as verify-log sees a public server.
type logServer struct {
	t     testing.TB
	dir   string
	key   *trust.Key
	db    *gorm.DB
	store *models.Store
	app   *fiber.App
	url   string
}

func newKey(t *testing.T) *trust.Key { return newKeyTB(t) }

func newKeyTB(t testing.TB) *trust.Key {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, "paidee.test/log")
	if err != nil {
		t.Fatal(err)
	}
	k, err := trust.ParseKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func startLogServer(t *testing.T, dir string, key *trust.Key) *logServer {
	return startLogServerTB(t, dir, key)
}

func startLogServerTB(t testing.TB, dir string, key *trust.Key) *logServer {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	store, err := models.NewStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.UpgradeData(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seeds.Load(ctx, store, seeds.Options{Demo: true}); err != nil {
		t.Fatal(err)
	}
	app, err := api.New(api.Options{Store: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: web.App(), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	s := &logServer{t: t, dir: dir, key: key, db: db, store: store, app: app, url: "http://" + ln.Addr().String()}
	t.Cleanup(s.stop)
	return s
}

func (s *logServer) stop() {
	if s.app == nil {
		return
	}
	_ = s.app.Shutdown()
	_ = models.Close(s.db)
	s.app = nil
}

// restart stops the server and starts it again on the same data, as after
// a reboot: nothing cached survives.
func (s *logServer) restart() *logServer {
	s.stop()
	return startLogServerTB(s.t, s.dir, s.key)
}

// exec changes the database behind the app's back.
func (s *logServer) exec(q string, args ...any) {
	s.t.Helper()
	if err := s.db.Exec(q, args...).Error; err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
}

func (s *logServer) verify(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"verify-log", "-url", s.url}, args...), env(nil), &out, &errOut)
	return out.String() + errOut.String(), err
}

// someAgency suspends a demo agency through the app and returns its id.
func (s *logServer) suspendOne() uint {
	s.t.Helper()
	var a models.Agency
	if err := s.db.Where("status = ?", models.StatusLicensed).Order("id").First(&a).Error; err != nil {
		s.t.Fatal(err)
	}
	v := a.Version
	st := models.StatusSuspended
	if _, err := s.store.PatchAgency(context.Background(), models.Actor{ID: 1, Email: "v@example.org"}, a.ID,
		models.AgencyPatch{Version: &v, Status: &st, Reason: "ministry notice 9/2026"}); err != nil {
		s.t.Fatal(err)
	}
	return a.ID
}

func TestVerifyLog_CleanServerPasses(t *testing.T) {
	s := startLogServer(t, t.TempDir(), newKey(t))
	s.suspendOne()
	kept := filepath.Join(t.TempDir(), "checkpoint")
	out, err := s.verify("-checkpoint", kept, "-key", s.key.VerifierKey)
	if err != nil || !strings.HasPrefix(out, "ok: ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("clean server: %v\n%s", err, out)
	}
	b, err := os.ReadFile(kept)
	if err != nil || !strings.HasPrefix(string(b), "paidee.test/log\n") {
		t.Fatalf("kept checkpoint: %v %q", err, b)
	}
	// Later, after more changes, the kept checkpoint is a prefix: still ok.
	s.suspendOne()
	if out, err := s.verify("-checkpoint", kept, "-key", s.key.VerifierKey); err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if b2, _ := os.ReadFile(kept); bytes.Equal(b, b2) {
		t.Error("the kept checkpoint was not moved on")
	}
	// Without -key it uses (and says it uses) the server's key.
	if out, err := s.verify(); err != nil || !strings.Contains(out, "no -key given") {
		t.Errorf("without -key: %v\n%s", err, out)
	}
}

// Each way of tampering is caught and named; the kept checkpoint is left
// as it was.
func TestVerifyLog_TamperingIsCaught(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(s *logServer, suspended uint) *logServer
		want   []string // in the error
		ready  string   // in /readyz's 503, when the server's own check catches it
	}{
		{"status edited in the database file", func(s *logServer, id uint) *logServer {
			s.exec("UPDATE agencies SET status = 'licensed' WHERE id = ?", id)
			return s.restart()
		}, []string{"agencies ", "status is \"licensed\" where it is served, the log says \"suspended\""}, "integrity: broken at record"},
		{"a record removed", func(s *logServer, _ uint) *logServer {
			s.exec("DELETE FROM log_records WHERE seq = 3")
			return s.restart()
		}, []string{"broken at record 3", "missing"}, "broken at record 3"},
		{"a record changed", func(s *logServer, _ uint) *logServer {
			s.exec("UPDATE log_records SET body = CAST(replace(CAST(body AS TEXT), '\"licensed\"', '\"illegal\"') AS BLOB) WHERE seq = (SELECT MIN(seq) FROM log_records WHERE entity = 'agencies')")
			return s.restart()
		}, []string{"broken at record ", "does not match"}, "broken at record"},
		{"a record and its hash changed", func(s *logServer, _ uint) *logServer {
			var r models.LogRecord
			if err := s.db.Where("seq = ?", 5).First(&r).Error; err != nil {
				s.t.Fatal(err)
			}
			body := bytes.Replace(r.Body, []byte(`"approved_by_count":0`), []byte(`"approved_by_count":2`), 1)
			h := tlog.RecordHash(body)
			s.exec("UPDATE log_records SET body = ?, hash = ? WHERE seq = 5", body, h[:])
			return s
		}, []string{"broken at record 5", "not the record the signed tree holds"}, ""},
		{"two records swapped", func(s *logServer, _ uint) *logServer {
			s.exec("UPDATE log_records SET seq = -1 WHERE seq = 3")
			s.exec("UPDATE log_records SET seq = 3 WHERE seq = 4")
			s.exec("UPDATE log_records SET seq = 4 WHERE seq = -1")
			return s.restart()
		}, []string{"broken at record 3", "it says it is record 4"}, "broken at record 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startLogServer(t, t.TempDir(), newKey(t))
			id := s.suspendOne()
			kept := filepath.Join(t.TempDir(), "checkpoint")
			if out, err := s.verify("-checkpoint", kept, "-key", s.key.VerifierKey); err != nil {
				t.Fatalf("before: %v %s", err, out)
			}
			before, _ := os.ReadFile(kept)
			s = tc.tamper(s, id)
			out, err := s.verify("-checkpoint", kept, "-key", s.key.VerifierKey)
			if err == nil {
				t.Fatalf("not caught:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if after, _ := os.ReadFile(kept); !bytes.Equal(before, after) {
				t.Error("a failed check moved the kept checkpoint")
			}
			if tc.ready != "" {
				res, err := http.Get(s.url + "/readyz")
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 503 || !strings.Contains(string(body), tc.ready) || !strings.Contains(string(body), `"code":"integrity_broken"`) {
					t.Errorf("readyz: %d %s", res.StatusCode, body)
				}
			}
			// The local check of the data directory catches it too.
			s.stop()
			var o, e bytes.Buffer
			if err := run(context.Background(), []string{"verify-log", "-data-dir", s.dir}, env(nil), &o, &e); err == nil && tc.ready != "" {
				t.Errorf("-data-dir passed: %s", o.String())
			}
		})
	}
}

// A checkpoint kept from a log that was later rewritten (here: another
// history under the same key) is caught, and so is a signature by a key
// that is not the one trusted.
func TestVerifyLog_InconsistentCheckpointAndWrongKey(t *testing.T) {
	key := newKey(t)
	a := startLogServer(t, t.TempDir(), key)
	kept := filepath.Join(t.TempDir(), "checkpoint")
	if out, err := a.verify("-checkpoint", kept, "-key", key.VerifierKey); err != nil {
		t.Fatalf("a: %v %s", err, out)
	}
	b := startLogServer(t, t.TempDir(), key)
	b.suspendOne()
	_, err := b.verify("-checkpoint", kept, "-key", key.VerifierKey)
	if err == nil || !strings.Contains(err.Error(), "not consistent") {
		t.Errorf("rewritten log: %v", err)
	}

	other := newKey(t)
	_, err = b.verify("-key", other.VerifierKey)
	if err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("another key: %v", err)
	}
	// A kept checkpoint signed by another key is refused too.
	_, err = b.verify("-checkpoint", kept, "-key", other.VerifierKey)
	if err == nil {
		t.Error("the checkpoint of another key was accepted")
	}
}

// The local check passes on a clean data directory and keeps a checkpoint.
func TestVerifyLog_DataDir(t *testing.T) {
	dir := t.TempDir()
	key := newKey(t)
	s := startLogServer(t, dir, key)
	s.suspendOne()
	s.stop()
	if err := os.WriteFile(filepath.Join(dir, trust.KeyFile), []byte(mustSkey(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(t.TempDir(), "checkpoint")
	var o, e bytes.Buffer
	if err := run(context.Background(), []string{"verify-log", "-data-dir", dir, "-checkpoint", kept}, env(nil), &o, &e); err != nil {
		t.Fatalf("%v %s %s", err, o.String(), e.String())
	}
	if !strings.HasPrefix(o.String(), "ok: ") {
		t.Errorf("output %q", o.String())
	}
	if _, err := os.Stat(kept); err != nil {
		t.Error("no checkpoint kept")
	}
	if err := run(context.Background(), []string{"verify-log"}, env(nil), &o, &e); err == nil {
		t.Error("no -url and no -data-dir accepted")
	}
}

func mustSkey(t *testing.T) string {
	skey, _, err := note.GenerateKey(rand.Reader, "paidee.test/log")
	if err != nil {
		t.Fatal(err)
	}
	return skey
}

// A rotated key is followed from the key a checker trusts, through the
// note in the log signed by the old and the new key; a server signing with
// a key no such note leads to is refused, and so is a rotation note that
// only the new key signed.
func TestVerifyLog_KeyRotation(t *testing.T) {
	dir := t.TempDir()
	skey := mustSkey(t)
	if err := os.WriteFile(filepath.Join(dir, trust.KeyFile), []byte(skey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k1, err := trust.LoadKey("", dir)
	if err != nil {
		t.Fatal(err)
	}
	s := startLogServer(t, dir, k1)
	kept := filepath.Join(t.TempDir(), "checkpoint")
	if out, err := s.verify("-key", k1.VerifierKey, "-checkpoint", kept); err != nil {
		t.Fatalf("before: %v %s", err, out)
	}
	s.stop()
	var o, e bytes.Buffer
	if err := run(context.Background(), []string{"rotate-key", "-data-dir", dir}, env(nil), &o, &e); err != nil {
		t.Fatalf("rotate-key: %v %s", err, e.String())
	}
	k2, err := trust.LoadKey("", dir)
	if err != nil || k2.VerifierKey == k1.VerifierKey {
		t.Fatalf("the key file after rotate-key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, trust.KeyFile+"."+k1.KeyID()+".old")); err != nil {
		t.Errorf("the old key is not kept: %v", err)
	}
	s = startLogServer(t, dir, k2)
	out, err := s.verify("-key", k1.VerifierKey, "-checkpoint", kept)
	if err != nil || !strings.Contains(out, "rotated") {
		t.Fatalf("after the rotation, trusting the old key: %v\n%s", err, out)
	}
	if out, err := s.verify("-key", k2.VerifierKey, "-checkpoint", kept); err != nil {
		t.Fatalf("trusting the new key: %v\n%s", err, out)
	}

	// A key no rotation leads to.
	evil := newKey(t)
	s.stop()
	s = startLogServer(t, dir, evil)
	if _, err := s.verify("-key", k1.VerifierKey); err == nil || !strings.Contains(err.Error(), "no rotation") {
		t.Errorf("an unannounced key: %v", err)
	}
	// A rotation note that only the new key signed, announced in the log.
	forged, err := note.Sign(&note.Note{Text: "paidee signing key rotation\nfrom " + k2.VerifierKey + "\nto " + evil.VerifierKey + "\n"}, evil.Signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.AnnounceKey(context.Background(), k2.VerifierKey, evil.VerifierKey, forged); err != nil {
		t.Fatal(err)
	}
	if _, err := s.verify("-key", k2.VerifierKey); err == nil || !strings.Contains(err.Error(), "rotation") {
		t.Errorf("a forged rotation: %v", err)
	}
}

// signing-key prints a key the server takes as PAIDEE_SIGNING_KEY.
func TestSigningKeyCommand(t *testing.T) {
	var o, e bytes.Buffer
	if err := run(context.Background(), []string{"signing-key", "-origin", "paidee.example.org/log"}, env(nil), &o, &e); err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(o.String(), "\n")
	k, err := trust.ParseKey(strings.TrimPrefix(line, "PAIDEE_SIGNING_KEY="))
	if err != nil || k.Name() != "paidee.example.org/log" || !strings.Contains(o.String(), k.VerifierKey) {
		t.Errorf("signing-key printed %q: %v", o.String(), err)
	}
}

// A served difference is checked again before it is reported; the tests'
// differences stay, so they need not wait long for that.
func init() { servedRetryWait = 20 * time.Millisecond }
