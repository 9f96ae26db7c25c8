package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"paidee/models"
	"paidee/server/api"
)

// secretFile is the name, inside the data directory, of the JWT signing
// secret generated when PAIDEE_JWT_SECRET is not set.
const secretFile = "jwt-secret"

// loadSecret returns the JWT signing secret: PAIDEE_JWT_SECRET when set,
// otherwise the one kept in the data directory, generated (mode 0600) on
// the first start. Keeping it means tokens survive a restart.
func loadSecret(dataDir, fromEnv string) ([]byte, error) {
	if fromEnv != "" {
		if len(fromEnv) < api.MinSecretLen {
			return nil, fmt.Errorf("PAIDEE_JWT_SECRET is too short: use at least %d bytes (e.g. openssl rand -hex 32)", api.MinSecretLen)
		}
		return []byte(fromEnv), nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %q: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, secretFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createSecret(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read JWT secret: %w", err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("%s is readable by others and cannot be fixed: %w", path, err)
		}
	}
	secret := strings.TrimSpace(string(b))
	if len(secret) < api.MinSecretLen {
		return nil, fmt.Errorf("%s holds a secret shorter than %d bytes: delete it to make a new one (everyone signs in again)", path, api.MinSecretLen)
	}
	return []byte(secret), nil
}

func createSecret(path string) ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("make JWT secret: %w", err)
	}
	secret := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadSecret(filepath.Dir(path), "") // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("create JWT secret file: %w", err)
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write JWT secret file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write JWT secret file: %w", err)
	}
	return []byte(secret), nil
}

// createAdminHint is printed once at start-up when there is no account.
const createAdminHint = `No user accounts yet, so nobody can sign in to the console at /verify.
Create the first administrator with:
  go run ./server create-admin -email you@example.org
(it asks for the password, or reads PAIDEE_ADMIN_PASSWORD), or start the server
once with PAIDEE_ADMIN_EMAIL and PAIDEE_ADMIN_PASSWORD set.
`

// bootstrapAdmin creates the first administrator from PAIDEE_ADMIN_EMAIL
// and PAIDEE_ADMIN_PASSWORD when the database has no account; with neither
// set and no account it prints how to make one. There is never a default
// password.
func bootstrapAdmin(ctx context.Context, store *models.Store, cfg Config, pw *models.Passwords, out io.Writer) error {
	n, err := store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	if cfg.AdminEmail == "" {
		fmt.Fprint(out, createAdminHint)
		return nil
	}
	created, err := store.BootstrapAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword, pw)
	if err != nil {
		return fmt.Errorf("create the first administrator from PAIDEE_ADMIN_EMAIL and PAIDEE_ADMIN_PASSWORD: %w", err)
	}
	if created {
		fmt.Fprintf(out, "Created the first administrator, %s, from PAIDEE_ADMIN_EMAIL.\n", models.NormalizeEmail(cfg.AdminEmail))
	}
	return nil
}

// createAdmin is the create-admin command: it adds an administrator, or
// makes an existing account an active administrator with a new password
// (the way back in when every admin is locked out).
func createAdmin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl, dbf := commandFlags("create-admin", getenv, stderr)
	email := fl.String("email", "", "e-mail of the administrator (required)")
	name := fl.String("name", "Administrator", "display name")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		return errors.New("create-admin: -email is required, e.g. go run ./server create-admin -email you@example.org")
	}
	password := getenv("PAIDEE_ADMIN_PASSWORD")
	if password == "" {
		var err error
		if password, err = readPassword(stdin, stdout, *email); err != nil {
			return err
		}
	}
	// A new data directory is fine: the first administrator may come first.
	store, closeStore, err := openStore(ctx, *dbf.dataDir, *dbf.dsn, false)
	if err != nil {
		return err
	}
	defer closeStore()
	pw := &models.Passwords{}
	u, err := store.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	if u == nil {
		v, err := store.CreateUser(ctx, models.System, models.UserCreate{Email: *email, Name: *name, Role: models.RoleAdmin, Password: password}, pw)
		if err != nil {
			return fmt.Errorf("create-admin: %w", err)
		}
		fmt.Fprintf(stdout, "Created administrator %s (id %d). Sign in at /verify.\n", v.Email, v.ID)
		return nil
	}
	role, active := models.RoleAdmin, true
	if _, err := store.PatchUser(ctx, models.System, u.ID, models.UserPatch{Role: &role, Active: &active, Password: &password}, pw); err != nil {
		return fmt.Errorf("create-admin: %w", err)
	}
	fmt.Fprintf(stdout, "%s already had an account: it is now an active administrator with the new password; its old sessions have ended.\n", u.Email)
	return nil
}

func orEnv(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// readPassword asks for the password. On a terminal it is not shown as it
// is typed (someone may be looking at the screen); from a pipe it is one
// line.
func readPassword(stdin io.Reader, stdout io.Writer, email string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stdout, "Password for %s (at least %d characters; not shown as you type): ", email, models.PasswordMin)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil || len(b) == 0 {
			return "", errors.New("create-admin: no password given (type it, or set PAIDEE_ADMIN_PASSWORD)")
		}
		return string(b), nil
	}
	fmt.Fprintf(stdout, "Password for %s (at least %d characters): ", email, models.PasswordMin)
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("create-admin: no password given (type it, or set PAIDEE_ADMIN_PASSWORD)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
