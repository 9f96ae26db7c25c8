package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"paidee/models"
	"paidee/models/trust"
)

// verifyLog checks a server's public log from outside: the checkpoint's
// signature, every record against the signed root, an earlier kept
// checkpoint against the new one (the log was only appended to), and the
// log replayed against the bundle the server hands to phones. With
// -data-dir it checks a local database the same way the server does at
// start-up. It keeps the new checkpoint only when every check passes.
func verifyLog(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("verify-log", flag.ContinueOnError)
	fl.SetOutput(stderr)
	base := fl.String("url", "", "the server, e.g. https://paidee.example.org")
	keep := fl.String("checkpoint", "", "file with the checkpoint kept from the last run (read if it exists, written when all checks pass)")
	vkey := fl.String("key", "", "the verifier key you trust (from the server's README or About page, or an earlier run); without it, the server's own key is used and printed")
	dataDir := fl.String("data-dir", "", "check a local data directory instead of a server")
	dsn := fl.String("db", "", "with -data-dir: the database DSN")
	timeout := fl.Duration("timeout", 60*time.Second, "time limit for each download")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if (*base == "") == (*dataDir == "") {
		return errors.New("verify-log: give -url URL (a server) or -data-dir DIR (a local database)")
	}
	start := time.Now()
	var sum string
	var err error
	if *dataDir != "" {
		sum, err = verifyLocal(ctx, *dataDir, *dsn, *keep, orEnv(getenv, "PAIDEE_SIGNING_KEY", ""))
	} else {
		c := &logClient{base: strings.TrimRight(*base, "/"), http: &http.Client{Timeout: *timeout}}
		sum, err = c.verify(ctx, *keep, *vkey, stderr)
		// A bundle built while a change was being written may carry that
		// change one revision early (a replica re-reads the revision once
		// a second): its data then differs from the log at its own
		// position for a moment. A record changed behind the app's back
		// differs every time, so only a difference that stays is reported.
		var diff servedDiffers
		for try := 1; try <= servedRetries && errors.As(err, &diff); try++ {
			fmt.Fprintf(stderr, "verify-log: the served data differs from the log (%v); checking again in %v, in case a change was being written\n", diff.Broken, servedRetryWait)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(servedRetryWait):
			}
			sum, err = c.verify(ctx, *keep, *vkey, stderr)
		}
	}
	if err != nil {
		return fmt.Errorf("verify-log: %w", err)
	}
	fmt.Fprintf(stdout, "ok: %s (%.1fs)\n", sum, time.Since(start).Seconds())
	return nil
}

// servedDiffers is a difference between the served bundle and the log's
// replay at the bundle's position (not a broken record or signature).
type servedDiffers struct{ *models.Broken }

// How often, and how long apart, a served difference is checked again
// before it is reported.
var (
	servedRetries   = 2
	servedRetryWait = 3 * time.Second
)

type logClient struct {
	base string
	http *http.Client
}

func (c *logClient) get(ctx context.Context, path string) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 256<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		// A server that found its own data changed behind the log says so
		// and stops serving bundles: that finding is the answer.
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Code == models.ECodeIntegrity {
			return nil, nil, fmt.Errorf("the server reports its own data broken: %s", e.Error.Message)
		}
		return nil, nil, fmt.Errorf("GET %s: %s: %.200s", path, res.Status, body)
	}
	return body, res.Header, nil
}

func (c *logClient) verify(ctx context.Context, keep, vkey string, stderr io.Writer) (string, error) {
	var key struct {
		Verifier string `json:"verifier"`
	}
	b, _, err := c.get(ctx, "/api/v1/log/key")
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(b, &key); err != nil {
		return "", fmt.Errorf("log key: %w", err)
	}
	if vkey == "" {
		vkey = key.Verifier
		fmt.Fprintf(stderr, "verify-log: no -key given; using the server's key %s (pin it with -key next time)\n", vkey)
	}
	// Keys this run trusts: the one given, and those it handed over to in
	// rotation notes signed by both the old and the new key.
	trusted := []string{vkey}
	if key.Verifier != vkey {
		next, err := c.followRotations(ctx, vkey)
		if err != nil {
			return "", err
		}
		if next != key.Verifier {
			return "", fmt.Errorf("signature: the server signs with %s, which is not the key you trust and no rotation signed by your key leads to it", key.Verifier)
		}
		fmt.Fprintf(stderr, "verify-log: the key was rotated (signed by the old and the new key); now %s — pin it with -key\n", next)
		trusted = append(trusted, next)
		vkey = next
	}
	pub, keyID, err := trust.PublicKeyFromVerifier(vkey)
	if err != nil {
		return "", err
	}

	// The bundle first: its log position is at most the checkpoint's.
	bundle, hdr, err := c.get(ctx, "/api/v1/bundle")
	if err != nil {
		return "", err
	}
	if err := trust.VerifyBody(hdr.Get(trust.SignatureHeader), bundle, pub, keyID); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	var pos struct {
		Revision  int64  `json:"revision"`
		LogSize   int64  `json:"log_size"`
		LogRoot   string `json:"log_root"`
		TwoPerson *bool  `json:"two_person"`
	}
	if err := json.Unmarshal(bundle, &pos); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}

	note, _, err := c.get(ctx, "/api/v1/log/checkpoint")
	if err != nil {
		return "", err
	}
	tree, err := trust.OpenCheckpoint(note, vkey)
	if err != nil {
		return "", err
	}
	if pos.LogSize > tree.N {
		return "", fmt.Errorf("the bundle says it reflects %d records, the signed log has only %d", pos.LogSize, tree.N)
	}

	// Every record: in order, canonical, its hash, the stored hashes of
	// the tree recomputed here.
	hashes := map[int64]tlog.Hash{}
	reader := models.MapHashReader(hashes)
	replay := models.NewReplay()
	var next int64
	for next < tree.N {
		b, _, err := c.get(ctx, "/api/v1/log?limit=1000&from="+strconv.FormatInt(next, 10))
		if err != nil {
			return "", err
		}
		var page struct {
			Items []struct {
				Seq    int64  `json:"seq"`
				Record string `json:"record"`
				Hash   string `json:"hash"`
			} `json:"items"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return "", fmt.Errorf("log page at %d: %w", next, err)
		}
		if len(page.Items) == 0 {
			return "", &models.Broken{Seq: next, Problem: "missing: the log ends before the checkpoint's size"}
		}
		for _, it := range page.Items {
			if next >= tree.N {
				break
			}
			if it.Seq != next {
				return "", &models.Broken{Seq: next, Problem: fmt.Sprintf("missing: the log goes from record %d to %d", next-1, it.Seq)}
			}
			body := []byte(it.Record)
			r, err := models.CheckRecord(next, body)
			if err != nil {
				return "", err
			}
			leaf := tlog.RecordHash(body)
			if hex.EncodeToString(leaf[:]) != it.Hash {
				return "", &models.Broken{Seq: next, Problem: "its text does not match the hash the server stored for it: it was changed"}
			}
			sh, err := tlog.StoredHashes(next, body, reader)
			if err != nil {
				return "", err
			}
			for j, h := range sh {
				hashes[tlog.StoredHashIndex(0, next)+int64(j)] = h
			}
			if next < pos.LogSize {
				if err := replay.Apply(r); err != nil {
					return "", err
				}
			}
			next++
		}
	}
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil {
		return "", err
	}
	if root != tree.Hash {
		return "", c.firstBadRecord(ctx, tree, reader)
	}

	// The kept checkpoint: the log must have only grown since.
	if keep != "" {
		var old *tlog.Tree
		for _, k := range trusted {
			if old, err = readKept(keep, k); err == nil {
				break
			}
		}
		if err != nil {
			return "", err
		}
		if old != nil {
			if err := c.checkConsistent(ctx, *old, tree, reader); err != nil {
				return "", err
			}
		}
	}

	// The bundle: at its log position, the log's replay and the served
	// public records are the same.
	at, err := tlog.TreeHash(pos.LogSize, reader)
	if err != nil {
		return "", err
	}
	if base64.StdEncoding.EncodeToString(at[:]) != pos.LogRoot {
		return "", fmt.Errorf("the bundle's log_root is not the root of the log's first %d records", pos.LogSize)
	}
	served, err := models.StateFromBundle(bundle)
	if err != nil {
		return "", err
	}
	if broken := replay.Compare(served); broken != nil {
		return "", servedDiffers{broken}
	}
	if broken := replay.CompareAgencyLog(bundle); broken != nil {
		return "", servedDiffers{broken}
	}
	// The two-person rule the bundle (and the About page) states is the
	// one the log last announced.
	logged := true
	if raw, ok := replay.Config["two_person"]; ok {
		if err := json.Unmarshal(raw, &logged); err != nil {
			return "", fmt.Errorf("the log's two_person setting is not true or false: %s", raw)
		}
	}
	if raw, ok := replay.Config["signing_key"]; ok {
		var rot struct {
			To string `json:"to"`
		}
		if err := json.Unmarshal(raw, &rot); err != nil || rot.To != vkey {
			return "", fmt.Errorf("the log announced the signing key %s, but the server signs with %s", rot.To, vkey)
		}
	}
	if pos.TwoPerson == nil || *pos.TwoPerson != logged {
		return "", fmt.Errorf("the bundle's two_person does not say what the log announced (%v)", logged)
	}

	if keep != "" {
		if err := writeKept(keep, note); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d records, root %s, signed by %s; the bundle (revision %d, %d public records) matches the log",
		tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]), vkey[:strings.IndexByte(vkey, '+')], pos.Revision, len(served)), nil
}

// followRotations follows the rotations the server's log announces from
// the key trusted.
func (c *logClient) followRotations(ctx context.Context, trusted string) (string, error) {
	b, _, err := c.get(ctx, "/api/v1/log/rotations")
	if err != nil {
		return "", err
	}
	var page struct {
		Items []struct {
			Note string `json:"note"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		return "", fmt.Errorf("key rotations: %w", err)
	}
	notes := make([][]byte, len(page.Items))
	for i, it := range page.Items {
		notes[i] = []byte(it.Note)
	}
	return trust.FollowRotations(trusted, notes)
}

// firstBadRecord finds the first record whose text makes the tree differ
// from the signed one, when every record matched its served hash (the
// database's hashes were rewritten too): the first m records agree with
// the signed tree exactly when the server's consistency proof from m holds
// for the root of the m records downloaded, so a bisection names it.
func (c *logClient) firstBadRecord(ctx context.Context, tree tlog.Tree, local tlog.HashReader) error {
	generic := errors.New("the records do not add up to the signed root: a record was removed, changed or reordered")
	agrees := func(m int64) (bool, error) {
		h, err := tlog.TreeHash(m, local)
		if err != nil {
			return false, err
		}
		proof, err := c.proof(ctx, "/api/v1/log/consistency?from="+strconv.FormatInt(m, 10)+"&to="+strconv.FormatInt(tree.N, 10))
		if err != nil {
			return false, err
		}
		return tlog.CheckTree(proof, tree.N, tree.Hash, m, h) == nil, nil
	}
	lo, hi := int64(0), tree.N // the first lo records agree; hi records do not
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := agrees(mid)
		if err != nil {
			return generic
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return &models.Broken{Seq: hi - 1, Problem: "it is not the record the signed tree holds: it was changed, removed or moved"}
}

func (c *logClient) proof(ctx context.Context, path string) ([]tlog.Hash, error) {
	b, _, err := c.get(ctx, path)
	if err != nil {
		return nil, err
	}
	var p struct {
		Hashes []string `json:"hashes"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(p.Hashes))
	for i, s := range p.Hashes {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			return nil, fmt.Errorf("proof: bad hash %q", s)
		}
		copy(out[i][:], raw)
	}
	return out, nil
}

// checkConsistent checks that the kept tree old is a prefix of tree: with
// the records downloaded (the first old.N of them must hash to old's root)
// and with the server's consistency proof.
func (c *logClient) checkConsistent(ctx context.Context, old, tree tlog.Tree, local tlog.HashReader) error {
	if old.N > tree.N {
		return fmt.Errorf("the log shrank: the kept checkpoint has %d records, the server's has %d", old.N, tree.N)
	}
	if old.N == 0 {
		return nil
	}
	h, err := tlog.TreeHash(old.N, local)
	if err != nil {
		return err
	}
	if h != old.Hash {
		return fmt.Errorf("the kept checkpoint (%d records) is not consistent with the new one: the log was rewritten, not only appended to", old.N)
	}
	if old.N == tree.N {
		return nil
	}
	proof, err := c.proof(ctx, "/api/v1/log/consistency?from="+strconv.FormatInt(old.N, 10)+"&to="+strconv.FormatInt(tree.N, 10))
	if err != nil {
		return err
	}
	if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		return fmt.Errorf("the server's consistency proof from the kept checkpoint (%d records) fails: %w", old.N, err)
	}
	return nil
}

// readKept opens the kept checkpoint, nil if there is none yet.
func readKept(path, vkey string) (*tlog.Tree, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("kept checkpoint: %w", err)
	}
	t, err := trust.OpenCheckpoint(b, vkey)
	if err != nil {
		return nil, fmt.Errorf("kept checkpoint %s: %w (signed by another key?)", path, err)
	}
	return &t, nil
}

// writeKept replaces the kept checkpoint in one step.
func writeKept(path string, note []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".checkpoint-*")
	if err != nil {
		return fmt.Errorf("keep checkpoint: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(note); err != nil {
		tmp.Close()
		return fmt.Errorf("keep checkpoint: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("keep checkpoint: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("keep checkpoint: %w", err)
	}
	return nil
}

// verifyLocal checks a data directory as the server does at start-up, and
// the kept checkpoint against the database's tree.
func verifyLocal(ctx context.Context, dataDir, dsn, keep, skey string) (string, error) {
	store, closeStore, err := openStore(ctx, dataDir, dsn, true)
	if err != nil {
		return "", err
	}
	defer closeStore()
	rep, err := store.CheckIntegrity(ctx)
	if err != nil {
		return "", err
	}
	if !rep.OK {
		return "", rep.Broken
	}
	tree, err := store.LogTree(ctx)
	if err != nil {
		return "", err
	}
	var note []byte
	if keep != "" {
		key, err := trust.LoadKey(skey, dataDir)
		if err != nil {
			return "", fmt.Errorf("the signing key (to read and sign checkpoints): %w", err)
		}
		old, err := readKept(keep, key.VerifierKey)
		if err != nil {
			return "", err
		}
		if old != nil {
			if old.N > tree.N {
				return "", fmt.Errorf("the log shrank: the kept checkpoint has %d records, the database %d", old.N, tree.N)
			}
			if old.N > 0 {
				h, err := store.LogTreeHash(ctx, old.N)
				if err != nil {
					return "", err
				}
				if h != old.Hash {
					return "", fmt.Errorf("the kept checkpoint (%d records) is not consistent with the database's log: it was rewritten", old.N)
				}
			}
		}
		if note, err = key.SignCheckpoint(tree); err != nil {
			return "", err
		}
		if err := writeKept(keep, note); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d records, root %s; the database's public data matches the log", tree.N,
		base64.StdEncoding.EncodeToString(tree.Hash[:])), nil
}
