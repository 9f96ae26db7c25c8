package api

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"

	"paidee/models"
)

// MinSecretLen is the shortest JWT signing secret accepted.
const MinSecretLen = 32

// DefaultTokenTTL is how long a token lives: one working day.
const DefaultTokenTTL = 12 * time.Hour

const tokenIssuer = "paidee"

// claims are what a token carries: who (sub), their role and the token
// version of their account when it was issued.
type claims struct {
	Role    string `json:"role"`
	Version int    `json:"tv"`
	jwt.RegisteredClaims
}

// tokens issues and checks the console's JWTs (HS256).
type tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
}

// issue signs a token for u.
func (t *tokens) issue(u *models.User) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.ttl).Truncate(time.Second)
	c := claims{Role: u.Role, Version: u.TokenVersion, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: tokenIssuer, Subject: strconv.FormatUint(uint64(u.ID), 10),
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	return s, exp, err
}

// parse checks a token's signature (HS256 only: "none" and every other
// algorithm are refused), issuer and expiry.
func (t *tokens) parse(raw string) (*claims, error) {
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

var errSignIn = &models.Error{Code: models.ECodeUnauthorized, Message: "sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login"}
var errSession = &models.Error{Code: models.ECodeUnauthorized, Message: "your session has ended (expired, signed out, or the account changed); sign in again"}

// localUser is the key under which the signed-in user is kept in Locals.
const localUser = "user"

// requireRole returns the middleware of signed-in routes. role "" admits
// any signed-in user, RoleVerifier admits verifiers and admins, RoleAdmin
// only admins. The user row is read on every request, so a logout, a
// deactivation, a role change or a password reset (each raises the token
// version) ends existing tokens at once.
func (h *handlers) requireRole(role string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		// Signed-in answers are personal: never stored by any cache.
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="paidee"`)
		auth := c.Get(fiber.HeaderAuthorization)
		raw, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || strings.TrimSpace(raw) == "" {
			return errSignIn
		}
		cl, err := h.tokens.parse(strings.TrimSpace(raw))
		if err != nil {
			return errSession
		}
		id, err := strconv.ParseUint(cl.Subject, 10, 32)
		if err != nil {
			return errSession
		}
		u, err := h.store.UserByID(c.UserContext(), uint(id))
		if err != nil {
			if models.IsNotFound(err) {
				return errSession
			}
			return err
		}
		if !u.Active || u.TokenVersion != cl.Version || u.Role != cl.Role {
			return errSession
		}
		c.Response().Header.Del(fiber.HeaderWWWAuthenticate)
		switch {
		case role == models.RoleAdmin && u.Role != models.RoleAdmin,
			role == models.RoleVerifier && u.Role != models.RoleAdmin && u.Role != models.RoleVerifier:
			return &models.Error{Code: models.ECodeForbidden, Message: "your account's role may not do this (it needs: " + role + ")"}
		}
		c.Locals(localUser, u)
		return c.Next()
	}
}

// currentUser returns the signed-in user of a request that passed
// requireRole.
func currentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}

// actor names the signed-in user for audit entries.
func actor(c *fiber.Ctx) models.Actor {
	u := currentUser(c)
	if u == nil {
		return models.System
	}
	return models.Actor{ID: u.ID, Email: u.Email}
}

type loginRequest struct {
	Email    string `json:"email" doc:"required"`
	Password string `json:"password" text:"raw" doc:"required"`
}

type loginAnswer struct {
	Token     string          `json:"token"`
	ExpiresAt time.Time       `json:"expires_at"`
	User      models.UserView `json:"user"`
}

// login checks an e-mail and password and issues a token. Every failure
// answers the same message; repeated failures from one address or for one
// account are throttled (429 with Retry-After): each attempt is counted
// before the password is checked, so a concurrent burst gets no more checks
// than the limit.
func (h *handlers) login(c *fiber.Ctx) error {
	var in loginRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email := models.NormalizeEmail(in.Email)
	if email == "" || in.Password == "" {
		fe := models.FieldErrors{}
		if email == "" {
			fe.Problem("email", models.Required())
		}
		if in.Password == "" {
			fe.Problem("password", models.Required())
		}
		return fe.Err()
	}
	if len(email) > 254 || len(in.Password) > 1024 {
		return models.ErrBadLogin
	}
	try, wait, err := h.throttle.reserve(c.UserContext(), h.proxies.clientAddr(c), email)
	if err != nil {
		return err
	}
	if try == nil {
		return tooMany(c, wait)
	}
	u, err := h.store.Authenticate(c.UserContext(), email, in.Password, h.passwords)
	if errors.Is(err, models.ErrBadLogin) {
		try.failed()
		return err
	}
	if err != nil {
		try.abandoned()
		return err
	}
	if err := try.succeeded(); err != nil {
		return err
	}
	tok, exp, err := h.tokens.issue(u)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(loginAnswer{Token: tok, ExpiresAt: exp.UTC(), User: u.View()})
}

func tooMany(c *fiber.Ctx, wait time.Duration) error {
	secs := int((wait + time.Second - 1) / time.Second)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	return &models.Error{Code: models.ECodeRateLimited,
		Message: "too many failed sign-ins; wait " + strconv.Itoa(secs) + " seconds and try again"}
}

func (h *handlers) me(c *fiber.Ctx) error {
	return c.JSON(currentUser(c).View())
}

// logout ends every session of the user (all devices): the token version
// goes up, so every token issued before stops working.
func (h *handlers) logout(c *fiber.Ctx) error {
	if err := h.store.EndSessions(c.UserContext(), currentUser(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
