// Command cluster tests the real thing: two paidee replicas on one
// PostgreSQL database with nginx in front of them (the nginx.conf of
// deploy/, with loopback addresses). Verifiers write through both replicas
// while phones sync and workers search through nginx; one replica is killed
// with SIGKILL under that load and started again. Then it checks that every
// acknowledged write is there, every phone's copy equals the server's, no
// delta skipped or repeated a change, no read through nginx failed, and
// that five failed sign-ins spread over both replicas lock the account on
// both. It prints the counts and exits 1 on any failure.
//
//	scripts/with-postgres.sh go run ./scripts/cluster -bin /tmp/paidee -nginx /usr/sbin/nginx
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/mod/sumdb/note"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"paidee/models/trust"
)

const (
	adminEmail = "admin@cluster.test"
	adminPass  = "cluster test password"
	jwtSecret  = "cluster-test-secret-0123456789abcdef0123456789"
)

func main() {
	bin := flag.String("bin", "", "the paidee binary")
	nginxBin := flag.String("nginx", "/usr/sbin/nginx", "nginx")
	conf := flag.String("nginx-conf", "deploy/nginx.conf", "the nginx.conf to run (its upstream addresses are replaced)")
	load := flag.Duration("load", 3*time.Second, "load before the kill, and again after the restart")
	flag.Parse()
	pg := os.Getenv("PAIDEE_TEST_POSTGRES")
	if *bin == "" || pg == "" {
		fmt.Fprintln(os.Stderr, "cluster: need -bin and PAIDEE_TEST_POSTGRES (run it through scripts/with-postgres.sh)")
		os.Exit(2)
	}
	c := &cluster{bin: *bin, failures: &failures{}}
	skey, _, err := note.GenerateKey(rand.Reader, "cluster.test/log")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(2)
	}
	if c.key, err = trust.ParseKey(skey); err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(2)
	}
	c.skey = skey
	err = c.run(pg, *nginxBin, *conf, *load)
	c.stopAll()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster: FAIL:", err)
		os.Exit(1)
	}
	if n := c.failures.count(); n > 0 {
		fmt.Fprintf(os.Stderr, "cluster: FAIL: %d check(s) failed:\n%s", n, c.failures.String())
		os.Exit(1)
	}
	fmt.Println("cluster: OK")
}

type failures struct {
	mu   sync.Mutex
	list []string
}

func (f *failures) add(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.list) < 50 {
		f.list = append(f.list, fmt.Sprintf(format, args...))
	}
}
func (f *failures) count() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.list) }
func (f *failures) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return "  " + strings.Join(f.list, "\n  ") + "\n"
}

type replica struct {
	name, addr, dir string
	cmd             *exec.Cmd
}

type cluster struct {
	bin string
	dsn string
	// key is the signing key every replica shares (PAIDEE_SIGNING_KEY):
	// a phone behind the load balancer must be able to check every bundle
	// with the one key it pinned, whichever replica answers.
	skey     string
	key      *trust.Key
	replicas []*replica
	nginx    *exec.Cmd
	front    string // http://127.0.0.1:port of nginx
	failures *failures
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (c *cluster) run(pg, nginxBin, confPath string, load time.Duration) error {
	// A database of its own on the throwaway server.
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "cluster_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(pg), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return err
	}
	if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil {
		return err
	}
	u, _ := url.Parse(pg)
	u.Path = "/" + name
	c.dsn = u.String()

	tmp, err := os.MkdirTemp("", "paidee-cluster")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, n := range []string{"a", "b"} {
		c.replicas = append(c.replicas, &replica{name: n, addr: fmt.Sprintf("127.0.0.1:%d", freePort()), dir: filepath.Join(tmp, n)})
	}
	// One after the other the first time, so that one of them makes the
	// first administrator; restarts later run beside the other.
	for _, r := range c.replicas {
		if err := c.start(r); err != nil {
			return err
		}
	}
	if err := c.startNginx(nginxBin, confPath, tmp); err != nil {
		return err
	}
	fmt.Printf("cluster: PostgreSQL database %s, replicas %s and %s, nginx %s\n", name, c.replicas[0].addr, c.replicas[1].addr, c.front)

	tok, err := login("http://"+c.replicas[0].addr, adminEmail, adminPass)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}

	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	st := &stats{}
	writers := make([]*writer, 4)
	for i := range writers {
		writers[i] = &writer{c: c, id: i, token: tok, via: c.replicas[i%2], st: st}
		wg.Add(1)
		go func() { defer wg.Done(); writers[i].run(ctx) }()
	}
	phones := make([]*phone, 4)
	for i := range phones {
		phones[i] = &phone{c: c, id: i, agencies: map[float64]map[string]any{}, seen: map[string]bool{}, log: map[float64]string{}, st: st}
		wg.Add(1)
		go func() { defer wg.Done(); phones[i].run(ctx) }()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); c.read(ctx, st) }()
	}

	time.Sleep(load)
	victim := c.replicas[1]
	killedAt := time.Now()
	_ = victim.cmd.Process.Signal(syscall.SIGKILL)
	_ = victim.cmd.Wait()
	fmt.Printf("cluster: killed replica %s (SIGKILL) under load\n", victim.name)
	time.Sleep(time.Second)
	if err := c.start(victim); err != nil {
		stop()
		wg.Wait()
		return fmt.Errorf("restart %s: %w", victim.name, err)
	}
	fmt.Printf("cluster: replica %s back after %s\n", victim.name, time.Since(killedAt).Round(10*time.Millisecond))
	time.Sleep(load)
	stop()
	wg.Wait()
	// A replica re-reads the revision once a second; until then a bundle
	// may name an older revision than the changes it carries (they come
	// again in the next delta: never skipped). Let every replica catch up
	// before taking the server's state as final.
	time.Sleep(1500 * time.Millisecond)

	// Every acknowledged write is there (or a later attempt of the same
	// writer, which may have committed without its answer arriving).
	server, rev, err := fullState(c.front)
	if err != nil {
		return fmt.Errorf("read the server's state: %w", err)
	}
	acked, attempted, missing := 0, 0, 0
	for _, w := range writers {
		acked += w.acked
		for id, hist := range w.agencies {
			attempted += len(hist.values)
			a, ok := server[id]
			if !ok {
				if hist.acked >= 0 {
					missing++
					c.failures.add("writer %d: agency %v was acknowledged but is not on the server", w.id, id)
				}
				continue
			}
			got, _ := a["district"].(string)
			at := -1
			for i, v := range hist.values {
				if v == got {
					at = i
				}
			}
			if at < hist.acked {
				missing++
				c.failures.add("writer %d: agency %v has district %q, older than the acknowledged %q", w.id, id, got, hist.values[hist.acked])
			}
		}
	}
	// Every phone, synced once more, equals the server.
	for _, p := range phones {
		for i := 0; i < 10 && p.revision < rev; i++ {
			p.sync()
		}
		if p.revision < rev {
			c.failures.add("phone %d stayed at revision %v (server %v)", p.id, p.revision, rev)
		}
		if len(p.agencies) != len(server) {
			c.failures.add("phone %d has %d agencies, the server %d", p.id, len(p.agencies), len(server))
		}
		for id, a := range server {
			if pa, ok := p.agencies[id]; !ok || pa["version"] != a["version"] || pa["district"] != a["district"] || pa["status"] != a["status"] {
				if !ok {
					c.failures.add("phone %d: agency %v (server revision %v) is missing", p.id, id, a["revision"])
				} else {
					c.failures.add("phone %d (at revision %v): agency %v is version %v at revision %v, the server's %v at revision %v (received in deltas: %s); the replicas say: %s",
						p.id, p.revision, id, pa["version"], pa["revision"], a["version"], a["revision"], p.log[id], c.replicaViews(id))
				}
				break
			}
		}
	}
	// Five failed sign-ins spread over both replicas lock the account on
	// both.
	for i := 0; i < 5; i++ {
		r := c.replicas[i%2]
		if s := loginStatus("http://"+r.addr, adminEmail, "wrong password!"); s != 401 {
			c.failures.add("failed sign-in %d through %s: %d, want 401", i+1, r.name, s)
		}
	}
	locked := 0
	for _, r := range c.replicas {
		if s := loginStatus("http://"+r.addr, adminEmail, adminPass); s == 429 {
			locked++
		} else {
			c.failures.add("after 5 failures over both replicas, %s answered %d, want 429", r.name, s)
		}
	}
	// The public log stayed one append-only sequence under writers on both
	// replicas, and it agrees with what phones are served.
	out, err := exec.Command(c.bin, "verify-log", "-url", c.front).CombinedOutput()
	verified := strings.TrimSpace(string(out))
	if i := strings.LastIndex(verified, "\n"); i >= 0 {
		verified = verified[i+1:]
	}
	if err != nil {
		c.failures.add("verify-log after the run: %v: %s", err, out)
	}
	fmt.Printf("cluster: verify-log through nginx: %s\n", verified)
	fmt.Printf("cluster: writes: %d attempted, %d acknowledged, %d failed while a replica was down; acknowledged but missing: %d\n",
		attempted, acked, st.writeErrors.Load(), missing)
	fmt.Printf("cluster: phones: %d syncs, %d deltas, %d changes applied, %d skipped, %d repeated; final revision %v, %d agencies on every phone\n",
		st.syncs.Load(), st.deltas.Load(), st.changes.Load(), st.skipped.Load(), st.repeated.Load(), rev, len(server))
	fmt.Printf("cluster: reads through nginx: %d, failed: %d\n", st.reads.Load(), st.readErrors.Load())
	fmt.Printf("cluster: sign-in locked on %d of 2 replicas after 5 failures spread over both\n", locked)
	if n := st.readErrors.Load(); n > 0 {
		c.failures.add("%d reads through nginx failed (want 0): %s", n, st.lastReadError.Load())
	}
	if n := st.repeated.Load() + st.skipped.Load(); n > 0 {
		c.failures.add("%d deltas repeated or skipped a change", n)
	}
	return nil
}

func (c *cluster) start(r *replica) error {
	cmd := exec.Command(c.bin, "-addr", r.addr, "-data-dir", r.dir, "-access-log=false")
	cmd.Env = append(os.Environ(),
		"PAIDEE_DB="+c.dsn, "PAIDEE_JWT_SECRET="+jwtSecret, "PAIDEE_SIGNING_KEY="+c.skey, "PAIDEE_ADMIN_EMAIL="+adminEmail, "PAIDEE_ADMIN_PASSWORD="+adminPass,
		"PAIDEE_TRUSTED_PROXIES=127.0.0.1/32", "PAIDEE_SEED_DEMO=true")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return err
	}
	r.cmd = cmd
	lines := bufio.NewScanner(out)
	ready := make(chan error, 1)
	go func() {
		var log []string
		for lines.Scan() {
			if strings.Contains(lines.Text(), "listening on") {
				ready <- nil
				go func() { _, _ = io.Copy(io.Discard, out) }()
				return
			}
			log = append(log, lines.Text())
		}
		ready <- fmt.Errorf("replica %s exited before listening: %s", r.name, strings.Join(log, " | "))
	}()
	select {
	case err := <-ready:
		return err
	case <-time.After(60 * time.Second):
		return fmt.Errorf("replica %s did not start", r.name)
	}
}

func (c *cluster) startNginx(bin, confPath, tmp string) error {
	conf, err := os.ReadFile(confPath)
	if err != nil {
		return err
	}
	port := freePort()
	s := strings.Replace(string(conf), "server app1:8080", "server "+c.replicas[0].addr, 1)
	s = strings.Replace(s, "server app2:8080", "server "+c.replicas[1].addr, 1)
	s = strings.Replace(s, "listen 8080;", fmt.Sprintf("listen 127.0.0.1:%d;", port), 1)
	// Run as whoever runs the test, with its files in the temp dir.
	s = strings.Replace(s, "events {", "pid "+filepath.Join(tmp, "nginx.pid")+";\nerror_log "+filepath.Join(tmp, "nginx-error.log")+";\nevents {", 1)
	s = strings.Replace(s, "http {", "http {\n  client_body_temp_path "+tmp+"/body;\n  proxy_temp_path "+tmp+"/proxy;\n  fastcgi_temp_path "+tmp+"/fcgi;\n  uwsgi_temp_path "+tmp+"/uwsgi;\n  scgi_temp_path "+tmp+"/scgi;", 1)
	if os.Getuid() == 0 {
		s = "user root;\n" + s
	}
	path := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		return err
	}
	c.nginx = exec.Command(bin, "-p", tmp, "-c", path, "-g", "daemon off;")
	var stderr bytes.Buffer
	c.nginx.Stderr = &stderr
	if err := c.nginx.Start(); err != nil {
		return err
	}
	c.front = fmt.Sprintf("http://127.0.0.1:%d", port)
	for i := 0; i < 100; i++ {
		if res, err := http.Get(c.front + "/nginx-health"); err == nil {
			res.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nginx did not start: %s", stderr.String())
}

func (c *cluster) stopAll() {
	for _, r := range c.replicas {
		if r.cmd != nil && r.cmd.Process != nil {
			_ = r.cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = r.cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = r.cmd.Process.Kill()
			}
		}
	}
	if c.nginx != nil && c.nginx.Process != nil {
		_ = c.nginx.Process.Signal(syscall.SIGQUIT)
		_ = c.nginx.Wait()
	}
}

type stats struct {
	syncs, deltas, changes, skipped, repeated atomic.Int64
	reads, readErrors, writeErrors            atomic.Int64
	lastReadError                             atomic.Value
}

var client = &http.Client{Timeout: 10 * time.Second}

func login(base, email, pw string) (string, error) {
	res, err := client.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"`+email+`","password":"`+pw+`"}`))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var v struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || v.Token == "" {
		return "", fmt.Errorf("status %d", res.StatusCode)
	}
	return v.Token, nil
}

func loginStatus(base, email, pw string) int {
	res, err := client.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"`+email+`","password":"`+pw+`"}`))
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// writer adds listings through one replica and keeps changing them,
// remembering every value it tried and the last one acknowledged.
type writer struct {
	c        *cluster
	id       int
	token    string
	via      *replica
	st       *stats
	agencies map[float64]*history
	acked    int // writes answered 200/201
}

type history struct {
	values  []string
	acked   int // index in values of the last acknowledged value, -1 for none
	version float64
}

func (w *writer) send(method, path, body string) (map[string]any, int, error) {
	req, _ := http.NewRequest(method, "http://"+w.via.addr+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.token)
	res, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	var v map[string]any
	_ = json.NewDecoder(res.Body).Decode(&v)
	return v, res.StatusCode, nil
}

func (w *writer) run(ctx context.Context) {
	w.agencies = map[float64]*history{}
	var ids []float64
	for n := 0; ctx.Err() == nil; n++ {
		if n%4 == 0 || len(ids) == 0 {
			// A listing that makes nobody look safer: it applies at once.
			lic := fmt.Sprintf("CLU-%d-%04d", w.id, n)
			v, status, err := w.send("POST", "/api/v1/agencies", `{"licence_no":"`+lic+`","name_en":"Cluster Test `+lic+`","province":"Champasak","status":"illegal","reason":"cluster test","district":"d0"}`)
			if err != nil || status != 201 {
				w.st.writeErrors.Add(1)
				time.Sleep(50 * time.Millisecond)
				continue
			}
			w.acked++
			id := v["id"].(float64)
			w.agencies[id] = &history{values: []string{"d0"}, acked: 0, version: v["version"].(float64)}
			ids = append(ids, id)
			continue
		}
		id := ids[n%len(ids)]
		h := w.agencies[id]
		val := "d" + strconv.Itoa(n)
		h.values = append(h.values, val)
		v, status, err := w.send("PATCH", "/api/v1/agencies/"+strconv.Itoa(int(id)), `{"version":`+strconv.Itoa(int(h.version))+`,"district":"`+val+`"}`)
		switch {
		case err != nil || status >= 500:
			w.st.writeErrors.Add(1)
			time.Sleep(50 * time.Millisecond)
		case status == 409:
			// A write whose answer was lost committed: take the version.
			if cur, ok := v["error"].(map[string]any)["current"].(map[string]any); ok {
				h.version = cur["version"].(float64)
			}
		case status == 200:
			w.acked++
			h.acked = len(h.values) - 1
			h.version = v["version"].(float64)
		default:
			w.c.failures.add("writer %d: PATCH answered %d: %v", w.id, status, v)
		}
	}
}

// phone syncs through nginx as the PWA does and keeps its own copy.
type phone struct {
	c          *cluster
	id         int
	revision   float64
	revisionAt string
	agencies   map[float64]map[string]any
	seen       map[string]bool    // id@revision of every agency change received in a delta
	log        map[float64]string // per agency: the (since, revision] windows it came in, for a report
	st         *stats
}

func (p *phone) run(ctx context.Context) {
	for ctx.Err() == nil {
		p.sync()
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *phone) sync() {
	q := ""
	if p.revision > 0 {
		q = "?since=" + strconv.Itoa(int(p.revision)) + "&at=" + url.QueryEscape(p.revisionAt)
	}
	res, err := client.Get(p.c.front + "/api/v1/bundle" + q)
	if err != nil {
		p.st.readErrors.Add(1)
		p.st.lastReadError.Store(err.Error())
		return
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		p.st.readErrors.Add(1)
		p.st.lastReadError.Store("bundle: " + res.Status)
		return
	}
	var b struct {
		Revision   float64          `json:"revision"`
		RevisionAt string           `json:"revision_at"`
		Since      float64          `json:"since"`
		Full       bool             `json:"full"`
		Agencies   []map[string]any `json:"agencies"`
		Deleted    map[string][]any `json:"deleted"`
	}
	body, err := io.ReadAll(res.Body)
	if err == nil {
		err = json.Unmarshal(body, &b)
	}
	if err != nil {
		p.st.readErrors.Add(1)
		p.st.lastReadError.Store("bundle: " + err.Error())
		return
	}
	// Whichever replica answered, the bundle is signed with the one key.
	if err := trust.VerifyBody(res.Header.Get(trust.SignatureHeader), body, p.c.key.Public, p.c.key.KeyID()); err != nil {
		p.c.failures.add("phone %d: a bundle whose signature fails: %v", p.id, err)
		return
	}
	p.st.syncs.Add(1)
	if b.Revision < p.revision {
		p.c.failures.add("phone %d: sent back from revision %v to %v", p.id, p.revision, b.Revision)
		return
	}
	if b.Full {
		if p.revision > 0 {
			p.c.failures.add("phone %d: a full bundle instead of the delta since %v", p.id, p.revision)
		}
		p.agencies = map[float64]map[string]any{}
	} else {
		p.st.deltas.Add(1)
	}
	for _, a := range b.Agencies {
		id := a["id"].(float64)
		r := a["revision"].(float64)
		if !b.Full {
			key := fmt.Sprint(id, "@", r)
			switch {
			case r <= b.Since || r > b.Revision:
				p.st.skipped.Add(1)
				p.c.failures.add("phone %d: delta (%v, %v] carried agency %v at revision %v", p.id, b.Since, b.Revision, id, r)
			case p.seen[key]:
				p.st.repeated.Add(1)
			}
			p.seen[key] = true
			p.st.changes.Add(1)
			p.log[id] += fmt.Sprintf(" @%v in (%v,%v]", r, b.Since, b.Revision)
		}
		p.agencies[id] = a
	}
	for _, id := range b.Deleted["agencies"] {
		delete(p.agencies, id.(float64))
	}
	p.revision, p.revisionAt = b.Revision, b.RevisionAt
}

// read searches and looks up through nginx, as workers do.
func (c *cluster) read(ctx context.Context, st *stats) {
	paths := []string{"/api/v1/agencies?q=cluster", "/api/v1/agencies/licence/DEMO-LA-0101", "/api/v1/meta", "/api/v1/contacts?country=TH", "/"}
	for i := 0; ctx.Err() == nil; i++ {
		res, err := client.Get(c.front + paths[i%len(paths)])
		st.reads.Add(1)
		if err != nil {
			st.readErrors.Add(1)
			st.lastReadError.Store(err.Error())
			continue
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			st.readErrors.Add(1)
			st.lastReadError.Store(paths[i%len(paths)] + ": " + res.Status)
		}
	}
}

// fullState is the server's whole agency list, by id, and its revision.
func fullState(front string) (map[float64]map[string]any, float64, error) {
	res, err := client.Get(front + "/api/v1/bundle")
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	var b struct {
		Revision float64          `json:"revision"`
		Agencies []map[string]any `json:"agencies"`
	}
	if err := json.NewDecoder(res.Body).Decode(&b); err != nil {
		return nil, 0, err
	}
	out := map[float64]map[string]any{}
	for _, a := range b.Agencies {
		out[a["id"].(float64)] = a
	}
	if len(out) == 0 {
		return nil, 0, errors.New("no agencies")
	}
	return out, b.Revision, nil
}

// replicaViews says what each replica serves for one agency, for a report.
func (c *cluster) replicaViews(id float64) string {
	var out []string
	for _, r := range c.replicas {
		res, err := client.Get(fmt.Sprintf("http://%s/api/v1/agencies/%d", r.addr, int(id)))
		if err != nil {
			out = append(out, r.name+": "+err.Error())
			continue
		}
		var v map[string]any
		_ = json.NewDecoder(res.Body).Decode(&v)
		res.Body.Close()
		out = append(out, fmt.Sprintf("%s: version %v at revision %v", r.name, v["version"], v["revision"]))
	}
	return strings.Join(out, "; ")
}
