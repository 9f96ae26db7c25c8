package api

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"paidee/models"
)

// signedInRoutes lists every routed API operation that the operations
// table marks as needing a sign-in, so a route added later is walked too.
func signedInRoutes(t *testing.T, env *testEnv) []operation {
	t.Helper()
	auth := map[string]operation{}
	for _, op := range operations {
		auth[op.Method+" "+op.Path] = op
	}
	seen := map[string]bool{}
	var out []operation
	for _, r := range env.app.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "HEAD" || r.Method == "USE" {
			continue
		}
		key := r.Method + " " + fiberToOpenAPI(r.Path)
		op, ok := auth[key]
		if !ok {
			t.Errorf("route %s is not in the operations table", key)
			continue
		}
		if op.Auth != "" && !seen[key] {
			seen[key] = true
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Method+out[i].Path < out[j].Method+out[j].Path })
	return out
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// The authorisation table: every signed-in route, with every kind of token.
func TestAuth_EveryRouteChecksTheToken(t *testing.T) {
	env := newConsoleEnv(t)
	ctx := context.Background()
	routes := signedInRoutes(t, env.testEnv)
	if len(routes) < 25 {
		t.Fatalf("only %d signed-in routes found", len(routes))
	}

	// A deactivated account, and one whose password was reset after its
	// token was issued.
	gone := env.addUser("gone@example.org", models.RoleAdmin)
	goneTok := env.token(gone)
	off := false
	if _, err := env.store.PatchUser(ctx, models.System, gone.ID, models.UserPatch{Active: &off}, env.pw); err != nil {
		t.Fatal(err)
	}
	reset := env.addUser("reset@example.org", models.RoleAdmin)
	resetTok := env.token(reset)
	newPw := "a brand new password"
	if _, err := env.store.PatchUser(ctx, models.System, reset.ID, models.UserPatch{Password: &newPw}, env.pw); err != nil {
		t.Fatal(err)
	}

	admin := env.user(env.admin.ID)
	const (
		deny401 = "401"
		deny403 = "403"
		allow   = "allowed" // any answer but 401/403/5xx: the request reached the handler
	)
	kinds := []struct {
		name  string
		token func() string // "" sends no Authorization header
		want  func(op operation) string
	}{
		{"no token", func() string { return "" }, func(operation) string { return deny401 }},
		{"malformed", func() string { return "not.a.jwt" }, func(operation) string { return deny401 }},
		{"another key", func() string {
			return signed(t, jwt.SigningMethodHS256, []byte("another-secret-0123456789abcdef012345"), claimsFor(admin, time.Now().Add(time.Hour)))
		}, func(operation) string { return deny401 }},
		{"alg none", func() string {
			return signed(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claimsFor(admin, time.Now().Add(time.Hour)))
		}, func(operation) string { return deny401 }},
		{"HS512 with the right key", func() string {
			return signed(t, jwt.SigningMethodHS512, testSecret, claimsFor(admin, time.Now().Add(time.Hour)))
		}, func(operation) string { return deny401 }},
		{"expired", func() string {
			return signed(t, jwt.SigningMethodHS256, testSecret, claimsFor(admin, time.Now().Add(-time.Minute)))
		}, func(operation) string { return deny401 }},
		{"verifier", func() string { return env.token(env.verifier) }, func(op operation) string {
			if op.Auth == "admin" {
				return deny403
			}
			return allow
		}},
		{"admin", func() string { return env.token(env.admin) }, func(operation) string { return allow }},
		{"deactivated user", func() string { return goneTok }, func(operation) string { return deny401 }},
		{"before password reset", func() string { return resetTok }, func(operation) string { return deny401 }},
	}

	var table strings.Builder
	for _, op := range routes {
		target := pathParam.ReplaceAllString(op.Path, "1")
		body, ctype := "", ""
		switch {
		case op.Body == "csv":
			body, ctype = "licence_no\n", "text/csv"
		case op.Method != http.MethodGet:
			body, ctype = "{}", "application/json"
		}
		fmt.Fprintf(&table, "%-7s %-36s", op.Method, op.Path)
		for _, k := range kinds {
			t.Run(op.Method+" "+op.Path+"/"+k.name, func(t *testing.T) {
				h := []string{}
				if tok := k.token(); tok != "" {
					h = append(h, "Authorization", "Bearer "+tok)
				}
				if ctype != "" {
					h = append(h, "Content-Type", ctype)
				}
				r := env.do(op.Method, target, body, h...)
				fmt.Fprintf(&table, " %3d", r.status)
				want := k.want(op)
				switch want {
				case deny401:
					if r.status != 401 || r.errorCode(t) != models.ECodeUnauthorized {
						t.Errorf("status %d, want 401: %s", r.status, r.body)
					}
					if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("401 without WWW-Authenticate: Bearer")
					}
				case deny403:
					if r.status != 403 || r.errorCode(t) != models.ECodeForbidden {
						t.Errorf("status %d, want 403: %s", r.status, r.body)
					}
				case allow:
					if r.status == 401 || r.status == 403 || r.status >= 500 {
						t.Errorf("status %d, want the handler's answer: %s", r.status, r.body)
					}
				}
				if cc := r.header.Get("Cache-Control"); cc != "no-store" {
					t.Errorf("Cache-Control %q, want no-store", cc)
				}
			})
		}
		table.WriteString("\n")
	}
	t.Logf("statuses (%s):\n%s", kindNames(len(kinds)), table.String())
}

func kindNames(n int) string {
	return "none, malformed, other key, alg none, HS512, expired, verifier, admin, deactivated, before reset; " + strconv.Itoa(n) + " kinds"
}

func TestLogin_AnswersTokenAndUser(t *testing.T) {
	env := newConsoleEnv(t)
	r := env.postJSON("/api/v1/auth/login", `{"email":" Verifier@Example.org ","password":"`+testPassword+`"}`)
	if r.status != 200 {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	var ans struct {
		Token     string          `json:"token"`
		ExpiresAt time.Time       `json:"expires_at"`
		User      models.UserView `json:"user"`
	}
	decode(t, r, &ans)
	if ans.User.Email != "verifier@example.org" || ans.User.Role != models.RoleVerifier || !ans.User.Active {
		t.Errorf("user %+v", ans.User)
	}
	if d := time.Until(ans.ExpiresAt); d <= 11*time.Hour || d > 12*time.Hour+time.Minute {
		t.Errorf("expires in %v, want about 12 h", d)
	}
	if strings.Contains(string(r.body), "password_hash") || strings.Contains(string(r.body), "$2a$") {
		t.Error("the answer leaks the password hash")
	}
	// The token is HS256 and carries id, role and token version.
	parsed, _, err := jwt.NewParser().ParseUnverified(ans.Token, &claims{})
	if err != nil {
		t.Fatal(err)
	}
	c := parsed.Claims.(*claims)
	if parsed.Method.Alg() != "HS256" || c.Subject != strconv.Itoa(int(env.verifier.ID)) || c.Role != "verifier" || c.Version != 1 {
		t.Errorf("token: alg %s, claims %+v", parsed.Method.Alg(), c)
	}
	me := env.as(ans.Token, "GET", "/api/v1/auth/me", "")
	if me.status != 200 || me.json(t)["email"] != "verifier@example.org" {
		t.Errorf("me: %d %s", me.status, me.body)
	}
}

// A wrong password and an unknown e-mail get the very same answer.
func TestLogin_FailuresAreGeneric(t *testing.T) {
	env := newConsoleEnv(t)
	off := false
	gone := env.addUser("gone@example.org", models.RoleVerifier)
	if _, err := env.store.PatchUser(context.Background(), models.System, gone.ID, models.UserPatch{Active: &off}, env.pw); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, in := range []string{
		`{"email":"verifier@example.org","password":"wrong password!"}`,
		`{"email":"nobody@example.org","password":"wrong password!"}`,
		`{"email":"gone@example.org","password":"` + testPassword + `"}`,
	} {
		r := env.postJSON("/api/v1/auth/login", in)
		if r.status != 401 {
			t.Fatalf("%s: %d", in, r.status)
		}
		e := r.json(t)["error"].(map[string]any)
		bodies = append(bodies, fmt.Sprint(e["code"], e["message"], e["fields"]))
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("answers differ: %q", bodies)
	}
	if r := env.postJSON("/api/v1/auth/login", `{"email":"x@example.org"}`); r.status != 422 {
		t.Errorf("missing password: %d", r.status)
	}
	if r := env.postJSON("/api/v1/auth/login", `{"email":"x@example.org","password":"x","remember":true}`); r.status != 400 {
		t.Errorf("unknown field: %d", r.status)
	}
}

func TestLogin_Throttled(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	env := newConsoleEnv(t, func(o *Options) {
		o.LoginFailuresPerAccount = 3
		o.LoginFailuresPerAddress = 5
		o.LoginWindow = 10 * time.Minute
		o.Now = func() time.Time { return now }
	})
	login := func(email, pw string) response {
		return env.postJSON("/api/v1/auth/login", `{"email":"`+email+`","password":"`+pw+`"}`)
	}
	for i := 0; i < 3; i++ {
		if r := login("verifier@example.org", "wrong password!"); r.status != 401 {
			t.Fatalf("failure %d: %d", i+1, r.status)
		}
	}
	// The account is now locked for the window, even with the right password.
	r := login("verifier@example.org", testPassword)
	if r.status != 429 || r.errorCode(t) != models.ECodeRateLimited {
		t.Fatalf("after 3 failures: %d %s", r.status, r.body)
	}
	if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 || ra > 600 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Per address: 5 failures from one address over several accounts.
	for _, email := range []string{"a@example.org", "b@example.org"} {
		if r := login(email, "wrong password!"); r.status != 401 {
			t.Fatalf("%s: %d", email, r.status)
		}
	}
	if r := login("admin@example.org", testPassword); r.status != 429 {
		t.Errorf("6th attempt from one address: %d, want 429", r.status)
	}
	// After the window, the right password works again.
	now = now.Add(11 * time.Minute)
	if r := login("verifier@example.org", testPassword); r.status != 200 {
		t.Errorf("after the window: %d %s", r.status, r.body)
	}
}

// A concurrent burst of guesses gets no more password checks than the
// limits allow, whatever the concurrency: each attempt is counted before its
// bcrypt check (which takes long enough here, cost 10, for the guesses to
// overlap), not after.
func TestLogin_ConcurrentBurstIsThrottled(t *testing.T) {
	env := newConsoleEnv(t)
	slow := &models.Passwords{Cost: 10}
	if _, err := env.store.CreateUser(context.Background(), models.System,
		models.UserCreate{Email: "slow@example.org", Name: "slow", Role: models.RoleVerifier, Password: testPassword}, slow); err != nil {
		t.Fatal(err)
	}
	burst := func(n int, email func(i int) string) (checked, limited int) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := env.postJSON("/api/v1/auth/login", `{"email":"`+email(i)+`","password":"wrong password!"}`)
				mu.Lock()
				defer mu.Unlock()
				switch r.status {
				case 401:
					checked++
				case 429:
					limited++
				default:
					t.Errorf("guess %d: %d %s", i, r.status, r.body)
				}
			}()
		}
		close(start)
		wg.Wait()
		return checked, limited
	}
	checked, limited := burst(30, func(int) string { return "slow@example.org" })
	t.Logf("30 guesses at one account: %d checked, %d refused", checked, limited)
	if checked > 5 || checked+limited != 30 {
		t.Errorf("one account: %d checked (want at most 5), %d refused", checked, limited)
	}
	// Per address: 30 guesses over 30 accounts from the same address. The 5
	// above already count against it.
	checked, limited = burst(30, func(i int) string { return fmt.Sprintf("nobody%d@example.org", i) })
	t.Logf("30 guesses over 30 accounts: %d checked, %d refused", checked, limited)
	if checked > 15 || checked+limited != 30 {
		t.Errorf("one address: %d checked (want at most 20 in all), %d refused", checked, limited)
	}
}

// A success gives its reservation back: a verifier who mistypes four times
// and then signs in has not used up the address's attempts for the others.
func TestLogin_SuccessGivesItsAttemptBack(t *testing.T) {
	env := newConsoleEnv(t, func(o *Options) {
		o.LoginFailuresPerAccount = 5
		o.LoginFailuresPerAddress = 5
	})
	login := func(email, pw string) int {
		return env.postJSON("/api/v1/auth/login", `{"email":"`+email+`","password":"`+pw+`"}`).status
	}
	for i := 0; i < 4; i++ {
		if s := login("verifier@example.org", "wrong password!"); s != 401 {
			t.Fatalf("failure %d: %d", i+1, s)
		}
	}
	if s := login("verifier@example.org", testPassword); s != 200 {
		t.Fatalf("right password after 4 failures: %d", s)
	}
	// 4 failures stay counted for the address; the success is not one.
	if s := login("admin@example.org", testPassword); s != 200 {
		t.Errorf("5th attempt from the address (a success before it): %d, want 200", s)
	}
	if s := login("admin@example.org", "wrong password!"); s != 401 {
		t.Errorf("5th failure from the address: %d, want 401", s)
	}
	if s := login("admin@example.org", testPassword); s != 429 {
		t.Errorf("after 5 failures from the address: %d, want 429", s)
	}
}

// Logout, deactivation, a password reset and a role change each end the
// tokens issued before; other users' tokens keep working.
func TestTokens_EndWhenTheAccountChanges(t *testing.T) {
	env := newConsoleEnv(t)
	for _, tc := range []struct {
		name   string
		change func(u *models.User, tok string)
	}{
		{"logout", func(u *models.User, tok string) {
			if r := env.as(tok, "POST", "/api/v1/auth/logout", ""); r.status != 204 {
				t.Fatalf("logout: %d %s", r.status, r.body)
			}
		}},
		{"deactivate", func(u *models.User, _ string) {
			if r := env.asAdmin("PATCH", "/api/v1/users/"+itoa(int(u.ID)), `{"active":false}`); r.status != 200 {
				t.Fatalf("deactivate: %d %s", r.status, r.body)
			}
		}},
		{"password reset", func(u *models.User, _ string) {
			if r := env.asAdmin("PATCH", "/api/v1/users/"+itoa(int(u.ID)), `{"password":"another good password"}`); r.status != 200 {
				t.Fatalf("reset: %d %s", r.status, r.body)
			}
		}},
		{"role change", func(u *models.User, _ string) {
			if r := env.asAdmin("PATCH", "/api/v1/users/"+itoa(int(u.ID)), `{"role":"admin"}`); r.status != 200 {
				t.Fatalf("role: %d %s", r.status, r.body)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := env.addUser(strings.ReplaceAll(tc.name, " ", "-")+"@example.org", models.RoleVerifier)
			tok := env.token(u)
			other := env.token(env.verifier)
			if r := env.as(tok, "GET", "/api/v1/auth/me", ""); r.status != 200 {
				t.Fatalf("before: %d", r.status)
			}
			tc.change(u, tok)
			if r := env.as(tok, "GET", "/api/v1/dashboard", ""); r.status != 401 {
				t.Errorf("old token after %s: %d, want 401", tc.name, r.status)
			}
			if r := env.as(other, "GET", "/api/v1/auth/me", ""); r.status != 200 {
				t.Errorf("another user's token: %d", r.status)
			}
		})
	}
	// A renamed user keeps their session: only security-relevant changes end it.
	tok := env.token(env.verifier)
	if r := env.asAdmin("PATCH", "/api/v1/users/"+itoa(int(env.verifier.ID)), `{"name":"Noy"}`); r.status != 200 {
		t.Fatal(r.status)
	}
	if r := env.as(tok, "GET", "/api/v1/auth/me", ""); r.status != 200 {
		t.Errorf("after a rename: %d", r.status)
	}
}

func TestUsers_CreateRulesAndLastAdmin(t *testing.T) {
	env := newConsoleEnv(t)
	for _, tc := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"email":"new@example.org","name":"New","role":"verifier","password":"short"}`, 422, "password"},
		{`{"email":"new@example.org","name":"New","role":"verifier","password":"new@example.org"}`, 422, "password"},
		{`{"email":"not-an-email","name":"New","role":"verifier","password":"long enough pw"}`, 422, "email"},
		{`{"email":"new@example.org","name":"New","role":"root","password":"long enough pw"}`, 422, "role"},
		{`{"email":"VERIFIER@example.org","name":"Dup","role":"verifier","password":"long enough pw"}`, 409, "email"},
		{`{"email":"new@example.org","name":"New","role":"verifier","password":"long enough pw"}`, 201, ""},
	} {
		r := env.asAdmin("POST", "/api/v1/users", tc.body)
		if r.status != tc.status {
			t.Errorf("%s: %d %s", tc.body, r.status, r.body)
			continue
		}
		if tc.field != "" {
			if f, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any); f[tc.field] == nil {
				t.Errorf("%s: no problem named for %s: %s", tc.body, tc.field, r.body)
			}
		}
	}
	if r := env.asVerifier("GET", "/api/v1/users", ""); r.status != 403 {
		t.Errorf("verifier lists users: %d", r.status)
	}
	// The only admin cannot demote or deactivate themself.
	self := "/api/v1/users/" + itoa(int(env.admin.ID))
	for _, body := range []string{`{"role":"verifier"}`, `{"active":false}`} {
		if r := env.asAdmin("PATCH", self, body); r.status != 422 {
			t.Errorf("last admin %s: %d %s", body, r.status, r.body)
		}
	}
	// With a second active admin, it is allowed.
	env.addUser("admin2@example.org", models.RoleAdmin)
	if r := env.asAdmin("PATCH", self, `{"role":"verifier"}`); r.status != 200 {
		t.Errorf("demote with another admin: %d %s", r.status, r.body)
	}
}
