package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"paidee/models/dbtest"
	"paidee/server/api"
)

// dbArgs are the flags that point the server at the test's own database
// (see dbtest).
func dbArgs(t *testing.T) []string {
	dir, dsn := dbtest.DSN(t)
	if dsn == "" {
		return []string{"-data-dir", dir}
	}
	return []string{"-data-dir", dir, "-db", dsn}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParseConfig(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		vars    map[string]string
		want    Config
		wantErr string
	}{
		{name: "defaults", want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", SeedDemo: true, Access: true, LogOrigin: "paidee.local/log", TwoPerson: true}},
		{name: "environment", vars: map[string]string{"PAIDEE_ADDR": ":9000", "PAIDEE_DATA_DIR": "/srv/paidee", "PAIDEE_SEED_DEMO": "false"},
			want: Config{Addr: ":9000", DataDir: "/srv/paidee", SeedDemo: false, Access: true, LogOrigin: "paidee.local/log", TwoPerson: true}},
		{name: "flag wins over environment", args: []string{"-addr", "127.0.0.1:7000"}, vars: map[string]string{"PAIDEE_ADDR": ":9000"},
			want: Config{Addr: "127.0.0.1:7000", DataDir: "./data", SeedDemo: true, Access: true, LogOrigin: "paidee.local/log", TwoPerson: true}},
		{name: "bad address", vars: map[string]string{"PAIDEE_ADDR": "8080"}, wantErr: "PAIDEE_ADDR"},
		{name: "bad port", args: []string{"-addr", "127.0.0.1:99999"}, wantErr: "port"},
		{name: "bad boolean", vars: map[string]string{"PAIDEE_SEED_DEMO": "maybe"}, wantErr: "PAIDEE_SEED_DEMO"},
		{name: "empty data dir", args: []string{"-data-dir", " "}, wantErr: "PAIDEE_DATA_DIR"},
		{name: "unknown flag", args: []string{"-colour"}, wantErr: "bad command line"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected argument"},
		{name: "trusted proxies", vars: map[string]string{"PAIDEE_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.5,::1"},
			want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", SeedDemo: true, Access: true, LogOrigin: "paidee.local/log", TwoPerson: true, TrustedProxies: api.TrustedProxies{
				netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.5/32"), netip.MustParsePrefix("::1/128")}}},
		{name: "bad trusted proxy", args: []string{"-trusted-proxies", "10.0.0.0/8,lb.local"}, wantErr: "PAIDEE_TRUSTED_PROXIES"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConfig(tc.args, env(tc.vars), io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %v, want one line mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

// run creates the data directory, migrates, seeds, serves, and stops cleanly
// when its context ends; a second start on the same directory adds nothing.
func TestRun_StartsServesAndStops(t *testing.T) {
	args := dbArgs(t)
	start := func() (string, context.CancelFunc, chan error) {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-access-log=false"}, args...), env(nil), pw, io.Discard)
			pw.Close()
		}()
		rd := bufio.NewReader(pr)
		var line string
		for !strings.Contains(line, "listening on") {
			var err error
			if line, err = rd.ReadString('\n'); err != nil {
				t.Fatalf("no start-up line: %v (%v)", err, <-done)
			}
		}
		go io.Copy(io.Discard, rd)
		_, addr, _ := strings.Cut(strings.TrimSpace(line), "http://")
		return "http://" + addr, cancel, done
	}
	counts := func(base string) map[string]any {
		res, err := http.Get(base + "/api/v1/meta")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return m["counts"].(map[string]any)
	}
	stop := func(cancel context.CancelFunc, done chan error) {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("run did not stop")
		}
	}

	base, cancel, done := start()
	first := counts(base)
	if first["agencies"].(float64) < 40 {
		t.Fatalf("not seeded: %v", first)
	}
	stop(cancel, done)

	base, cancel, done = start()
	second := counts(base)
	// An address longer than the server reads (4 KB) is the client's
	// mistake: 431 with the JSON error, not a 500.
	res, err := http.Get(base + "/api/v1/agencies?q=" + strings.Repeat("a", 6000))
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Error struct{ Code string } }
	if err := json.NewDecoder(res.Body).Decode(&e); err != nil || res.StatusCode != 431 || e.Error.Code != "headers_too_large" {
		t.Errorf("a 6,000-character address: %d %+v %v", res.StatusCode, e, err)
	}
	res.Body.Close()
	stop(cancel, done)
	for k, v := range first {
		if second[k] != v {
			t.Errorf("%s: %v after a restart, %v before", k, second[k], v)
		}
	}
}

func TestRun_RefusesBadConfigWithOneLine(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "nonsense"}, env(nil), io.Discard, io.Discard)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want a one-line error, got %v", err)
	}
}
