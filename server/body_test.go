package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// startRun starts the real server in this process on a free port and
// returns its base URL; it stops when the test ends.
func startRun(t *testing.T) string {
	t.Helper()
	args := dbArgs(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-access-log=false"}, args...), env(nil), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("run did not stop")
		}
	})
	rd := bufio.NewReader(pr)
	var line string
	for !strings.Contains(line, "listening on") {
		var err error
		if line, err = rd.ReadString('\n'); err != nil {
			t.Fatalf("no start-up line: %v", err)
		}
	}
	go io.Copy(io.Discard, rd)
	_, addr, _ := strings.Cut(strings.TrimSpace(line), "http://")
	return "http://" + addr
}

// residentKB reads this process's resident memory from /proc.
func residentKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.Fields(v)[0])
			return n
		}
	}
	t.Fatal("no VmRSS line")
	return 0
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// Large bodies sent without a token are refused from their Content-Length
// (or, chunked, once past the route's limit) and never buffered: 24
// concurrent 15 MB posts add little resident memory. The server runs in this
// process, so its memory is the test's own; the client streams zeros from
// no buffer.
func TestRun_LargeBodiesAreNotBuffered(t *testing.T) {
	base := startRun(t)
	routes := []string{"/api/v1/reports", "/api/v1/auth/login", "/api/v1/agencies", "/api/v1/agencies/import", "/api/v1/contacts", "/"}
	const size = 15 << 20
	before := residentKB(t)
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if kb := int64(residentKB(t)); kb > peak.Load() {
				peak.Store(kb)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[string]int{}
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			route := routes[i%len(routes)]
			req, _ := http.NewRequest("POST", base+route, io.LimitReader(zeros{}, size))
			req.ContentLength = size
			if i%2 == 1 { // chunked: no Content-Length to refuse it by
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			answer := "closed before the body was sent"
			defer func() { mu.Lock(); answers[answer]++; mu.Unlock() }()
			if err != nil {
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			answer = strconv.Itoa(res.StatusCode)
			if res.StatusCode != 413 && res.StatusCode != 401 {
				t.Errorf("%s (chunked %v): %d, want 413 (or 401 before reading)", route, i%2 == 1, res.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	extra := int(peak.Load()) - before
	t.Logf("resident memory before %d KB, peak during 24 × 15 MB posts %d KB (+%d KB); answers: %v", before, peak.Load(), extra, answers)
	if extra > 32<<10 {
		t.Errorf("24 × 15 MB posts added %d KB of resident memory, want at most 32 MB", extra)
	}
	// The server still answers afterwards.
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after the posts: %v %v", res, err)
	}
	res.Body.Close()
}

// A chunked body over a route's limit gets 413 with the JSON error, and the
// connection is closed rather than read to its end.
func TestRun_ChunkedBodyStopsAtTheLimit(t *testing.T) {
	base := startRun(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
	chunk := strings.Repeat("a", 8192)
	sent := 0
	go func() {
		for sent < 64<<20 {
			if _, err := fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
				return
			}
			sent += len(chunk)
		}
	}()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 413 || !strings.Contains(string(body), `"payload_too_large"`) {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if !res.Close {
		t.Error("the connection should close after refusing a body")
	}
}

// A server whose signing key is not the one its public log is known by
// refuses to start (a lost key file, a replica without PAIDEE_SIGNING_KEY),
// naming the key it expects; -new-signing-key starts it once on purpose.
func TestRun_RefusesAnUnannouncedSigningKey(t *testing.T) {
	args := dbArgs(t)
	dataDir := args[1]
	startStop := func(extra ...string) error {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append(append([]string{"-addr", "127.0.0.1:0", "-access-log=false"}, args...), extra...), env(nil), pw, io.Discard)
			pw.Close()
		}()
		rd := bufio.NewReader(pr)
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				cancel()
				return <-done
			}
			if strings.Contains(line, "listening on") {
				go io.Copy(io.Discard, rd)
				cancel()
				return <-done
			}
		}
	}
	if err := startStop(); err != nil {
		t.Fatalf("first start: %v", err)
	}
	if err := os.Remove(filepath.Join(dataDir, "log-signing-key")); err != nil {
		t.Fatal(err)
	}
	err := startStop()
	if err == nil || !strings.Contains(err.Error(), "the public log is signed with the key") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("start with a new key: %v, want a one-line refusal naming the log's key", err)
	}
	if err := startStop("-new-signing-key"); err != nil {
		t.Fatalf("start with -new-signing-key: %v", err)
	}
	if err := startStop(); err != nil {
		t.Fatalf("start after the key was replaced on purpose: %v", err)
	}
}
