package api

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"paidee/models"
	"paidee/models/dbtest"
	"paidee/seeds"
	"paidee/web"
)

// replicas opens n apps on one database, as n replicas behind a load
// balancer are: each with its own Store (its own caches), sharing the data.
func replicas(t *testing.T, n int, opts ...func(*Options)) []*consoleEnv {
	t.Helper()
	ctx := context.Background()
	dir, dsn := dbtest.DSN(t)
	var out []*consoleEnv
	for i := 0; i < n; i++ {
		store := openStore(t, dir, dsn)
		if i == 0 {
			if _, err := seeds.Load(ctx, store, seeds.Options{Demo: true}); err != nil {
				t.Fatal(err)
			}
		}
		opt := Options{Store: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: web.App(), Console: web.Console(),
			JWTSecret: testSecret, BcryptCost: bcrypt.MinCost}
		for _, o := range opts {
			o(&opt)
		}
		app, err := New(opt)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &consoleEnv{testEnv: &testEnv{t: t, app: app, store: store}, pw: &models.Passwords{Cost: bcrypt.MinCost}})
	}
	out[0].admin = out[0].addUser("admin@example.org", models.RoleAdmin)
	out[0].verifier = out[0].addUser("verifier@example.org", models.RoleVerifier)
	for _, e := range out[1:] {
		e.admin, e.verifier = out[0].admin, out[0].verifier
	}
	return out
}

// Five failed sign-ins spread over two replicas lock the account on both;
// the report limit counts the reports sent through either.
func TestReplicas_ShareTheSignInAndReportLimits(t *testing.T) {
	rs := replicas(t, 2, func(o *Options) { o.ReportsPerWindow = 3 })
	login := func(e *consoleEnv, pw string) int {
		return e.postJSON("/api/v1/auth/login", `{"email":"verifier@example.org","password":"`+pw+`"}`).status
	}
	for i := 0; i < 5; i++ {
		if s := login(rs[i%2], "wrong password!"); s != 401 {
			t.Fatalf("failure %d through replica %d: %d", i+1, i%2, s)
		}
	}
	for i, e := range rs {
		if s := login(e, testPassword); s != 429 {
			t.Errorf("replica %d after 5 failures over both: %d, want 429", i, s)
		}
	}
	for i := 0; i < 3; i++ {
		if r := rs[i%2].postJSON("/api/v1/reports", goodReport); r.status != 201 {
			t.Fatalf("report %d: %d %s", i, r.status, r.body)
		}
	}
	for i, e := range rs {
		if r := e.postJSON("/api/v1/reports", goodReport); r.status != 429 {
			t.Errorf("replica %d after 3 reports over both: %d, want 429", i, r.status)
		}
	}
}

// A phone that synced through one replica and asks another, which has not
// yet seen the newest revision, gets a delta, never the full list at an
// older revision (which would take the phone back in time); and a delta
// never carries a change made after the revision it names.
func TestReplicas_APhoneIsNeverSentBackwards(t *testing.T) {
	rs := replicas(t, 2)
	a, b := rs[0], rs[1]
	old := b.bundle("") // b now knows the revision, for a second
	a.addAgency(models.Agency{LicenceNo: "VIA-A-1", NameEn: "Written Through A"})
	phone := a.bundle("?since=" + itoa(int(old.Revision)))
	if phone.Revision <= old.Revision || len(phone.Agencies) != 1 {
		t.Fatalf("delta through a: revision %d (was %d), %d agencies", phone.Revision, old.Revision, len(phone.Agencies))
	}
	got := b.bundle("?since=" + itoa(int(phone.Revision)))
	if got.Full || got.Revision != phone.Revision || len(got.Agencies) != 0 {
		t.Fatalf("b answered since=%d with full=%v at revision %d (%d agencies); want an empty delta at %d",
			phone.Revision, got.Full, got.Revision, len(got.Agencies), phone.Revision)
	}
}
