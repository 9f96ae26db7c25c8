package api

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"paidee/models"
	"paidee/web"
)

var testSecret = []byte("test-secret-0123456789abcdef0123456789")

// consoleEnv is a testEnv with accounts and a known signing secret.
type consoleEnv struct {
	*testEnv
	now      time.Time
	admin    *models.User
	verifier *models.User
	pw       *models.Passwords
}

const testPassword = "correct horse battery"

func newConsoleEnv(t testing.TB, opts ...func(*Options)) *consoleEnv {
	t.Helper()
	all := append([]func(*Options){func(o *Options) {
		o.JWTSecret = testSecret
		o.BcryptCost = bcrypt.MinCost
		o.Console = web.Console()
	}}, opts...)
	env := &consoleEnv{testEnv: newEnv(t, all...), pw: &models.Passwords{Cost: bcrypt.MinCost}}
	env.admin = env.addUser("admin@example.org", models.RoleAdmin)
	env.verifier = env.addUser("verifier@example.org", models.RoleVerifier)
	return env
}

func (e *consoleEnv) addUser(email, role string) *models.User {
	e.t.Helper()
	ctx := context.Background()
	v, err := e.store.CreateUser(ctx, models.System, models.UserCreate{Email: email, Name: role, Role: role, Password: testPassword}, e.pw)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.user(v.ID)
}

// user reads the account row as it is now.
func (e *consoleEnv) user(id uint) *models.User {
	e.t.Helper()
	u, err := e.store.UserByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// token signs a valid token for the user as the account is now.
func (e *consoleEnv) token(u *models.User) string {
	e.t.Helper()
	u = e.user(u.ID)
	tok, _, err := (&tokens{secret: testSecret, ttl: time.Hour, now: time.Now}).issue(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// signed signs arbitrary claims with a method and key, for forged tokens.
func signed(t *testing.T, method jwt.SigningMethod, key any, c claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func claimsFor(u *models.User, exp time.Time) claims {
	return claims{Role: u.Role, Version: u.TokenVersion, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: tokenIssuer, Subject: strconv.FormatUint(uint64(u.ID), 10),
		IssuedAt: jwt.NewNumericDate(exp.Add(-time.Hour)), ExpiresAt: jwt.NewNumericDate(exp)}}
}

// as sends a request with a bearer token; body is JSON unless ctype says
// otherwise.
func (e *consoleEnv) as(tok, method, target, body string, ctype ...string) response {
	e.t.Helper()
	h := []string{}
	if tok != "" {
		h = append(h, "Authorization", "Bearer "+tok)
	}
	ct := "application/json"
	if len(ctype) > 0 {
		ct = ctype[0]
	}
	if body != "" || len(ctype) > 0 {
		h = append(h, "Content-Type", ct)
	}
	return e.do(method, target, body, h...)
}

func (e *consoleEnv) asAdmin(method, target, body string, ctype ...string) response {
	e.t.Helper()
	return e.as(e.token(e.admin), method, target, body, ctype...)
}

func (e *consoleEnv) asVerifier(method, target, body string, ctype ...string) response {
	e.t.Helper()
	return e.as(e.token(e.verifier), method, target, body, ctype...)
}

// decode unmarshals a response body into v.
func decode(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// agency reads a listing from the database.
func (e *consoleEnv) agency(id uint) models.Agency {
	e.t.Helper()
	var a models.Agency
	if err := e.store.DB.Unscoped().First(&a, id).Error; err != nil {
		e.t.Fatal(err)
	}
	return a
}

// auditCount counts audit entries, optionally of one entity.
func (e *consoleEnv) auditCount(entity string) int64 {
	e.t.Helper()
	db := e.store.DB.Model(&models.AuditEntry{})
	if entity != "" {
		db = db.Where("entity = ?", entity)
	}
	var n int64
	if err := db.Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *consoleEnv) revision() int64 {
	e.t.Helper()
	var c models.Counter
	if err := e.store.DB.Where("name = ?", "revision").First(&c).Error; err != nil {
		e.t.Fatal(err)
	}
	return c.Value
}

// approveAs expects r to be a 202 answer with a proposal (a change that
// makes a listing look safer) and has the account of tok, a second person,
// approve it. It returns the approval's answer.
func (e *consoleEnv) approveAs(tok string, r response) response {
	e.t.Helper()
	if r.status != 202 {
		e.t.Fatalf("want 202 with a proposal: %d %s", r.status, r.body)
	}
	var v struct {
		Proposal models.ProposalView `json:"proposal"`
	}
	if err := json.Unmarshal(r.body, &v); err != nil || v.Proposal.ID == 0 || v.Proposal.Status != models.ProposalPending {
		e.t.Fatalf("not a pending proposal: %v %s", err, r.body)
	}
	a := e.as(tok, "POST", "/api/v1/proposals/"+strconv.Itoa(int(v.Proposal.ID))+"/approve", "")
	if a.status != 200 {
		e.t.Fatalf("approve proposal %d: %d %s", v.Proposal.ID, a.status, a.body)
	}
	return a
}
