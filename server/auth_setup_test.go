package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"paidee/models"
	"paidee/models/dbtest"
)

func TestLoadSecret_CreatesA0600FileAndReusesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := loadSecret(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first) < 32 {
		t.Fatalf("secret of %d bytes", len(first))
	}
	st, err := os.Stat(filepath.Join(dir, secretFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	again, err := loadSecret(dir, "")
	if err != nil || !bytes.Equal(first, again) {
		t.Errorf("second start: %v, same secret %v", err, bytes.Equal(first, again))
	}
	// A file others can read is tightened.
	if err := os.Chmod(filepath.Join(dir, secretFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadSecret(dir, ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, secretFile)); st.Mode().Perm() != 0o600 {
		t.Errorf("mode after reload %v", st.Mode().Perm())
	}
	// The environment wins, and must be long enough.
	env := strings.Repeat("k", 40)
	if s, err := loadSecret(dir, env); err != nil || string(s) != env {
		t.Errorf("from env: %q %v", s, err)
	}
	if _, err := loadSecret(dir, "short"); err == nil {
		t.Error("a short PAIDEE_JWT_SECRET was accepted")
	}
}

func newTestStore(t *testing.T) (*models.Store, string) {
	t.Helper()
	dir, dsn := dbtest.DSN(t)
	db, err := models.Open(context.Background(), dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = models.Close(db) })
	store, err := models.NewStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return store, dir
}

func TestBootstrapAdmin_FromEnvironment(t *testing.T) {
	ctx := context.Background()
	store, _ := newTestStore(t)
	pw := &models.Passwords{Cost: bcrypt.MinCost}
	cfg, err := parseConfig(nil, func(k string) string {
		return map[string]string{"PAIDEE_ADMIN_EMAIL": "Boss@Example.org", "PAIDEE_ADMIN_PASSWORD": "a long enough password"}[k]
	}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := bootstrapAdmin(ctx, store, cfg, pw, &out); err != nil {
		t.Fatal(err)
	}
	u, err := store.Authenticate(ctx, "boss@example.org", "a long enough password", pw)
	if err != nil || u.Role != models.RoleAdmin || !u.Active {
		t.Fatalf("admin: %+v %v", u, err)
	}
	if strings.Contains(out.String(), "a long enough password") {
		t.Error("the password was printed")
	}
	// A second start with other variables changes nothing.
	cfg.AdminEmail, cfg.AdminPassword = "other@example.org", "another long password"
	if err := bootstrapAdmin(ctx, store, cfg, pw, &out); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.CountUsers(ctx); n != 1 {
		t.Errorf("%d users after a second start", n)
	}
	// A weak password is refused at start-up.
	store2, _ := newTestStore(t)
	cfg.AdminPassword = "short"
	if err := bootstrapAdmin(ctx, store2, cfg, pw, &out); err == nil {
		t.Error("a short admin password was accepted")
	}
}

func TestBootstrapAdmin_WithoutVariablesPrintsHowOnce(t *testing.T) {
	store, _ := newTestStore(t)
	var out bytes.Buffer
	if err := bootstrapAdmin(context.Background(), store, Config{}, &models.Passwords{Cost: bcrypt.MinCost}, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "create-admin") != 1 {
		t.Errorf("hint: %q", out.String())
	}
	if n, _ := store.CountUsers(context.Background()); n != 0 {
		t.Errorf("%d users created without variables", n)
	}
	if _, err := parseConfig(nil, func(k string) string {
		return map[string]string{"PAIDEE_ADMIN_EMAIL": "a@example.org"}[k]
	}, &bytes.Buffer{}); err == nil {
		t.Error("PAIDEE_ADMIN_EMAIL without a password was accepted")
	}
}

func TestCreateAdmin_Command(t *testing.T) {
	ctx := context.Background()
	dir, dsn := dbtest.DSN(t)
	db := []string{"-data-dir", dir}
	if dsn != "" {
		db = append(db, "-db", dsn)
	}
	var out bytes.Buffer
	getenv := func(string) string { return "" }
	err := createAdmin(ctx, append([]string{"-email", "root@example.org"}, db...), getenv, strings.NewReader("typed password 1\n"), &out, &out)
	if err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	// Run again for the same e-mail: a password reset, still one account.
	getenv = func(k string) string {
		if k == "PAIDEE_ADMIN_PASSWORD" {
			return "from the environment"
		}
		return ""
	}
	if err := createAdmin(ctx, append([]string{"-email", "root@example.org"}, db...), getenv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatal(err)
	}
	gdb, err := models.Open(ctx, dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(gdb)
	store, _ := models.NewStore(ctx, gdb)
	if u, err := store.Authenticate(ctx, "root@example.org", "from the environment", &models.Passwords{}); err != nil || u.Role != models.RoleAdmin || u.TokenVersion != 2 {
		t.Errorf("after reset: %+v %v", u, err)
	}
	if err := createAdmin(ctx, db, getenv, strings.NewReader(""), &out, &out); err == nil {
		t.Error("create-admin without -email succeeded")
	}
}
