package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/note"

	"paidee/models/trust"
)

// rotateKey makes a new signing key and announces it in the public log
// with a note signed by the old and the new key, so that phones and
// checkers who trust the old key follow it. The old key file is kept
// beside the new one. Restart the server (every replica) afterwards.
func rotateKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl, dbf := commandFlags("rotate-key", getenv, stderr)
	if err := fl.Parse(args); err != nil {
		return err
	}
	dataDir := dbf.dataDir
	skey := getenv("PAIDEE_SIGNING_KEY")
	old, err := trust.LoadKey(skey, *dataDir)
	if err != nil {
		return fmt.Errorf("rotate-key: the current key: %w", err)
	}
	s, _, err := note.GenerateKey(rand.Reader, old.Name())
	if err != nil {
		return fmt.Errorf("rotate-key: %w", err)
	}
	next, err := trust.ParseKey(s)
	if err != nil {
		return err
	}
	msg, err := old.SignRotation(next)
	if err != nil {
		return err
	}
	if _, _, err := trust.OpenRotation(msg); err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, *dataDir, *dbf.dsn, true)
	if err != nil {
		return fmt.Errorf("rotate-key: %w", err)
	}
	defer closeStore()
	// The new key is on disk before it is announced: a crash in between
	// leaves a key nobody uses yet, never an announced key that is lost.
	target := filepath.Join(*dataDir, trust.KeyFile)
	if skey != "" {
		target += ".next"
	}
	if err := writeSecret(target+".tmp", s+"\n"); err != nil {
		return err
	}
	if err := store.AnnounceKey(ctx, old.VerifierKey, next.VerifierKey, msg); err != nil {
		_ = os.Remove(target + ".tmp")
		return fmt.Errorf("rotate-key: announce: %w", err)
	}
	if skey == "" {
		if err := os.Rename(target, target+"."+old.KeyID()+".old"); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("rotate-key: keep the old key: %w", err)
		}
	}
	if err := os.Rename(target+".tmp", target); err != nil {
		return fmt.Errorf("rotate-key: %w", err)
	}
	fmt.Fprintf(stdout, "New signing key %s announced in the log (the old key %s signed it too).\n", next.KeyID(), old.KeyID())
	if skey != "" {
		fmt.Fprintf(stdout, "The new key is in %s: put it in PAIDEE_SIGNING_KEY on every replica, then restart them.\n", target)
	} else {
		fmt.Fprintln(stdout, "Restart the server to sign with it.")
	}
	return nil
}

func writeSecret(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return fmt.Errorf("write key: %w", err)
	}
	return f.Close()
}

// signingKey prints a new signing key for PAIDEE_SIGNING_KEY (replicas
// share one) and its public verifier key, to publish.
func signingKey(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("signing-key", flag.ContinueOnError)
	fl.SetOutput(stderr)
	origin := fl.String("origin", "paidee.local/log", "the log's public name, e.g. paidee.example.org/log")
	if err := fl.Parse(args); err != nil {
		return err
	}
	s, v, err := note.GenerateKey(rand.Reader, *origin)
	if err != nil {
		return fmt.Errorf("signing-key: %w", err)
	}
	fmt.Fprintf(stdout, "PAIDEE_SIGNING_KEY=%s\n# the verifier key to publish (checkers pass it to verify-log -key):\n# %s\n", s, v)
	return nil
}
