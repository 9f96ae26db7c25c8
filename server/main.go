// Command server runs Pai Dee Ma Dee: the JSON API and the embedded PWA in
// one process, with SQLite in a data directory by default.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"paidee/models"
	"paidee/models/trust"
	"paidee/seeds"
	"paidee/server/api"
	"paidee/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "paidee:", err)
		os.Exit(1)
	}
}

// run starts the server and blocks until ctx is cancelled, then drains
// in-flight requests and closes the database. ready, if set, receives the
// listening address (tests use it).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "create-admin":
			return createAdmin(ctx, args[1:], getenv, os.Stdin, stdout, stderr)
		case "backup":
			return backup(ctx, args[1:], getenv, stdout, stderr)
		case "verify-log":
			return verifyLog(ctx, args[1:], getenv, stdout, stderr)
		case "rotate-key":
			return rotateKey(ctx, args[1:], getenv, stdout, stderr)
		case "signing-key":
			return signingKey(args[1:], stdout, stderr)
		case "openapi":
			// The API's OpenAPI document, as GET /api/v1/openapi.json serves
			// it, without starting a server (for client generators and lint).
			doc, err := api.OpenAPIDocument()
			if err != nil {
				return err
			}
			_, err = stdout.Write(append(doc, '\n'))
			return err
		}
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	api.LimitMemory()

	store, closeStore, err := openStore(ctx, cfg.DataDir, cfg.DB, false)
	if err != nil {
		return err
	}
	defer func() {
		if err := closeStore(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	if err := store.UpgradeData(ctx); err != nil {
		return err
	}
	added, err := seeds.Load(ctx, store, seeds.Options{Demo: cfg.SeedDemo})
	if err != nil {
		return fmt.Errorf("load seed data: %w", err)
	}
	if added > 0 {
		log.Info("seed data loaded", "records", added)
	}

	if err := store.SetTwoPerson(ctx, cfg.TwoPerson); err != nil {
		return fmt.Errorf("two-person rule: %w", err)
	}
	if !cfg.TwoPerson {
		log.Warn("PAIDEE_TWO_PERSON=off: one verifier can make an agency look safer alone (announced in the public log)")
	}

	if cfg.Synthetic > 0 {
		if err := seeds.LoadSyntheticOnce(ctx, store, cfg.Synthetic); err != nil {
			return fmt.Errorf("load synthetic agencies: %w", err)
		}
	}

	secret, err := loadSecret(cfg.DataDir, cfg.JWTSecret)
	if err != nil {
		return err
	}
	passwords := &models.Passwords{}
	if err := bootstrapAdmin(ctx, store, cfg, passwords, stdout); err != nil {
		return err
	}

	key, err := trust.LoadOrCreateKey(cfg.SigningKey, cfg.DataDir, cfg.LogOrigin)
	if err != nil {
		return err
	}
	replaced, err := store.CheckSigningKey(ctx, key.VerifierKey, cfg.NewSigningKey)
	if err != nil {
		return err
	}
	if replaced {
		log.Warn("signing with a key the public log did not announce (-new-signing-key): phones that pinned the old key will refuse updates", "key", key.VerifierKey)
	}
	app, err := api.New(api.Options{Store: store, Log: log, Web: web.App(), Console: web.Console(), Access: cfg.Access,
		JWTSecret: secret, BcryptCost: passwords.Cost, TrustedProxies: cfg.TrustedProxies, Key: key})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(stdout, "Pai Dee Ma Dee is listening on http://%s\n", ln.Addr())

	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	if err := app.ShutdownWithTimeout(20 * time.Second); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
