package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"unicode/utf8"

	"paidee/server/api"
)

// Config is everything the server reads at start-up. Each setting comes
// from a flag, or else an environment variable, or else its default.
type Config struct {
	Addr     string // PAIDEE_ADDR, -addr
	DataDir  string // PAIDEE_DATA_DIR, -data-dir
	DB       string // PAIDEE_DB, -db (optional DSN)
	SeedDemo bool   // PAIDEE_SEED_DEMO, -seed-demo
	Access   bool   // PAIDEE_ACCESS_LOG, -access-log
	// Proxies in front of the app whose X-Forwarded-For is believed
	// (PAIDEE_TRUSTED_PROXIES, -trusted-proxies).
	TrustedProxies api.TrustedProxies
	// Synthetic adds this many made-up agencies to a new database, for
	// measurements and load tests only (-synthetic-agencies).
	Synthetic int
	// Secrets come from the environment only, never from flags (which
	// other users of the machine can see in the process list).
	JWTSecret     string // PAIDEE_JWT_SECRET; empty: generated once and kept in the data directory
	AdminEmail    string // PAIDEE_ADMIN_EMAIL: the first administrator, when there is no account
	AdminPassword string // PAIDEE_ADMIN_PASSWORD
	// LogOrigin names the public log in its checkpoints and its key
	// (PAIDEE_LOG_ORIGIN, -log-origin), e.g. paidee.example.org/log.
	LogOrigin string
	// SigningKey is the note signer key that signs checkpoints and bundles
	// (PAIDEE_SIGNING_KEY, environment only; empty: made once in the data
	// directory). Replicas share it.
	SigningKey string
	// NewSigningKey lets the server start signing with a key the public
	// log has not announced (-new-signing-key): after a lost key, once.
	// Phones that pinned the old key refuse everything signed by the new one.
	NewSigningKey bool
	// TwoPerson: changes that make an agency look safer need a second
	// person (PAIDEE_TWO_PERSON, -two-person; off for a deployment with
	// one verifier, announced in the public log and on the About page).
	TwoPerson bool
}

// parseConfig reads flags from args and variables from getenv. It returns
// a single-line error for anything wrong.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	envBool := func(name string, def bool) (bool, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, fmt.Errorf("%s=%q: want true or false", name, v)
		}
		return b, nil
	}
	orDefault := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	demo, err := envBool("PAIDEE_SEED_DEMO", true)
	if err != nil {
		return Config{}, err
	}
	access, err := envBool("PAIDEE_ACCESS_LOG", true)
	if err != nil {
		return Config{}, err
	}
	twoPerson := true
	switch v := strings.ToLower(strings.TrimSpace(getenv("PAIDEE_TWO_PERSON"))); v {
	case "", "on", "true", "1":
	case "off", "false", "0":
		twoPerson = false
	default:
		return Config{}, fmt.Errorf("PAIDEE_TWO_PERSON=%q: want on or off", v)
	}
	cfg := Config{JWTSecret: getenv("PAIDEE_JWT_SECRET"), AdminEmail: strings.TrimSpace(getenv("PAIDEE_ADMIN_EMAIL")),
		AdminPassword: getenv("PAIDEE_ADMIN_PASSWORD"), SigningKey: getenv("PAIDEE_SIGNING_KEY")}
	fs := flag.NewFlagSet("paidee", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.Addr, "addr", orDefault("PAIDEE_ADDR", "127.0.0.1:8080"), "address to listen on (PAIDEE_ADDR)")
	fs.StringVar(&cfg.DataDir, "data-dir", orDefault("PAIDEE_DATA_DIR", "./data"), "directory for the SQLite database and secrets (PAIDEE_DATA_DIR)")
	fs.StringVar(&cfg.DB, "db", getenv("PAIDEE_DB"), "database DSN; empty means the SQLite file in the data directory (PAIDEE_DB)")
	fs.BoolVar(&cfg.SeedDemo, "seed-demo", demo, "load the fictional demo agencies into a new database (PAIDEE_SEED_DEMO)")
	fs.BoolVar(&cfg.Access, "access-log", access, "log one line per request, without addresses or query strings (PAIDEE_ACCESS_LOG)")
	proxies := orDefault("PAIDEE_TRUSTED_PROXIES", "")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDR ranges of the load balancers in front of the app; behind them, per-client limits use X-Forwarded-For (PAIDEE_TRUSTED_PROXIES)")
	cfg.TwoPerson = twoPerson
	fs.BoolVar(&cfg.TwoPerson, "two-person", twoPerson, "changes that make an agency look safer need a second verifier (PAIDEE_TWO_PERSON=on|off)")
	fs.StringVar(&cfg.LogOrigin, "log-origin", orDefault("PAIDEE_LOG_ORIGIN", "paidee.local/log"), "the public log's name in its checkpoints and key, e.g. paidee.example.org/log (PAIDEE_LOG_ORIGIN)")
	fs.BoolVar(&cfg.NewSigningKey, "new-signing-key", false, "start signing with a key the public log has not announced (after a lost key; phones that pinned the old one will refuse updates); normally rotate with paidee rotate-key")
	fs.IntVar(&cfg.Synthetic, "synthetic-agencies", 0, "for measurements only: add this many synthetic agencies to a database that has none")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, err
		}
		return Config{}, fmt.Errorf("bad command line: %w", err)
	}
	if cfg.TrustedProxies, err = api.ParseTrustedProxies(proxies); err != nil {
		return Config{}, fmt.Errorf("PAIDEE_TRUSTED_PROXIES: %w", err)
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func (c Config) validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("PAIDEE_ADDR=%q: want host:port, e.g. 127.0.0.1:8080 or :8080", c.Addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("PAIDEE_ADDR=%q: port must be a number from 0 to 65535", c.Addr)
	}
	_ = host
	if c.Synthetic < 0 || c.Synthetic > 1_000_000 {
		return errors.New("-synthetic-agencies must be from 0 to 1000000")
	}
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		return errors.New("PAIDEE_JWT_SECRET is too short: use at least 32 bytes (e.g. openssl rand -hex 32), or leave it empty to have one generated in the data directory")
	}
	if c.AdminEmail != "" && c.AdminPassword == "" {
		return errors.New("PAIDEE_ADMIN_EMAIL is set but PAIDEE_ADMIN_PASSWORD is empty: set both, or neither")
	}
	if c.LogOrigin == "" || strings.ContainsAny(c.LogOrigin, "+ \t\n") || !utf8.ValidString(c.LogOrigin) || len(c.LogOrigin) > 200 {
		return fmt.Errorf("PAIDEE_LOG_ORIGIN=%q: want a name without spaces or '+', e.g. paidee.example.org/log", c.LogOrigin)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return errors.New("PAIDEE_DATA_DIR is empty: name a directory for the database")
	}
	return nil
}
