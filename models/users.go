package models

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// Password rules. bcrypt reads at most 72 bytes, so longer passwords are
// refused rather than silently cut.
const (
	PasswordMin      = 10
	passwordMaxBytes = 72
	// DefaultBcryptCost is used when no cost is configured; tests lower it.
	DefaultBcryptCost = 12
	userNameMax       = 100
)

// Roles lists every role a user can have.
var Roles = []string{RoleAdmin, RoleVerifier}

// UserView is an account as the console shows it; never the hash.
type UserView struct {
	ID        uint      `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role" doc:"enum=role"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// View returns the console's view of u.
func (u *User) View() UserView {
	return UserView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Active: u.Active,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// Passwords hashes and checks passwords at one bcrypt cost.
type Passwords struct {
	Cost int

	dummyOnce sync.Once
	dummy     []byte
}

func (p *Passwords) cost() int {
	if p == nil || p.Cost == 0 {
		return DefaultBcryptCost
	}
	return p.Cost
}

// Hash returns the bcrypt hash of pw.
func (p *Passwords) Hash(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), p.cost())
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// Match reports whether pw matches hash. With an empty hash (no such user)
// it still spends the time of one comparison, so a failed login takes as
// long whether or not the e-mail exists.
func (p *Passwords) Match(hash, pw string) bool {
	if hash == "" {
		p.dummyOnce.Do(func() {
			p.dummy, _ = bcrypt.GenerateFromPassword([]byte("not a password of anyone"), p.cost())
		})
		_ = bcrypt.CompareHashAndPassword(p.dummy, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// ValidPassword checks the password rules for the account email.
func ValidPassword(pw, email string, fe FieldErrors) {
	switch {
	case utf8.RuneCountInString(pw) < PasswordMin:
		fe.Problem("password", TooShort(PasswordMin))
	case len(pw) > passwordMaxBytes:
		fe.Problem("password", TooLongBytes(passwordMaxBytes))
	case strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(email)):
		fe.Problem("password", SameAsEmail())
	}
}

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(email string, fe FieldErrors) {
	a, err := mail.ParseAddress(email)
	switch {
	case email == "":
		fe.Problem("email", Required())
	case len(email) > 254:
		fe.Problem("email", TooLong(254))
	case err != nil || a.Address != email || !strings.Contains(email, "@"):
		fe.Problem("email", BadEmail())
	}
}

// UserCreate is what an administrator sends to add an account.
type UserCreate struct {
	Email    string `json:"email" doc:"required,max=254,format=email"`
	Name     string `json:"name" doc:"max=100"`
	Role     string `json:"role" doc:"required,enum=role"`
	Password string `json:"password" text:"raw" doc:"required"`
}

// UserPatch changes an account; absent fields stay as they are.
type UserPatch struct {
	Name     *string `json:"name" doc:"max=100"`
	Role     *string `json:"role" doc:"enum=role"`
	Active   *bool   `json:"active"`
	Password *string `json:"password" text:"raw"`
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.DB.WithContext(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateUser adds an account. A user row is not public data, so it does not
// advance the data revision.
func (s *Store) CreateUser(ctx context.Context, who Actor, in UserCreate, pw *Passwords) (UserView, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	fe := FieldErrors{}
	validEmail(in.Email, fe)
	checkLen(fe, "name", in.Name, userNameMax)
	if !oneOf(in.Role, Roles) {
		fe.Problem("role", OneOf(Roles...).Say("must be admin or verifier"))
	}
	ValidPassword(in.Password, in.Email, fe)
	if err := fe.Err(); err != nil {
		return UserView{}, err
	}
	hash, err := pw.Hash(in.Password)
	if err != nil {
		return UserView{}, err
	}
	u := User{Email: in.Email, Name: in.Name, Role: in.Role, PasswordHash: hash, Active: true, TokenVersion: 1}
	err = s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
			return fmt.Errorf("check e-mail: %w", err)
		}
		if n > 0 {
			return &Error{Code: ECodeConflict, Message: "an account with this e-mail already exists",
				Fields: FieldErrors{"email": Taken()}}
		}
		if err := tx.Create(&u).Error; err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return audit(tx, who, EntityUser, u.ID, "create", []FieldChange{
			{Field: "email", From: nil, To: u.Email}, {Field: "name", From: nil, To: u.Name},
			{Field: "role", From: nil, To: u.Role}, {Field: "active", From: nil, To: true},
		}, "", "")
	})
	if err != nil {
		return UserView{}, err
	}
	return u.View(), nil
}

// BootstrapAdmin creates the first administrator when the database has no
// account at all. It reports whether it created one.
func (s *Store) BootstrapAdmin(ctx context.Context, email, password string, pw *Passwords) (bool, error) {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	if _, err := s.CreateUser(ctx, System, UserCreate{Email: email, Name: "Administrator", Role: RoleAdmin, Password: password}, pw); err != nil {
		return false, err
	}
	return true, nil
}

// ListUsers returns every account, by e-mail.
func (s *Store) ListUsers(ctx context.Context) ([]UserView, error) {
	var list []User
	if err := s.DB.WithContext(ctx).Order("email").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]UserView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

// UserByID returns one account row (with its hash and token version) for
// the auth layer.
func (s *Store) UserByID(ctx context.Context, id uint) (*User, error) {
	var u User
	if err := s.DB.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err, "user")
	}
	return &u, nil
}

// UserByEmail returns the account with this e-mail, or nil.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.DB.WithContext(ctx).Where("email = ?", NormalizeEmail(email)).Limit(1).Find(&u).Error
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	if u.ID == 0 {
		return nil, nil
	}
	return &u, nil
}

// PatchUser changes an account. A role change, a deactivation or a new
// password raises the token version, which ends every session of the user
// at once. The last active administrator cannot be demoted or deactivated.
func (s *Store) PatchUser(ctx context.Context, who Actor, id uint, p UserPatch, pw *Passwords) (UserView, error) {
	var u User
	var newHash string
	if p.Password != nil {
		// Hash before the transaction: bcrypt is slow on purpose and the
		// write lock should not wait for it.
		var cur User
		if err := s.DB.WithContext(ctx).First(&cur, id).Error; err != nil {
			return UserView{}, notFound(err, "user")
		}
		fe := FieldErrors{}
		ValidPassword(*p.Password, cur.Email, fe)
		if err := fe.Err(); err != nil {
			return UserView{}, err
		}
		h, err := pw.Hash(*p.Password)
		if err != nil {
			return UserView{}, err
		}
		newHash = h
	}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&u, id).Error; err != nil {
			return notFound(err, "user")
		}
		fe := FieldErrors{}
		var ch changeList
		endSessions := false
		if p.Name != nil {
			name := strings.TrimSpace(*p.Name)
			checkLen(fe, "name", name, userNameMax)
			ch.add("name", u.Name, name)
			u.Name = name
		}
		if p.Role != nil {
			if !oneOf(*p.Role, Roles) {
				fe.Problem("role", OneOf(Roles...).Say("must be admin or verifier"))
			} else if *p.Role != u.Role {
				ch.add("role", u.Role, *p.Role)
				u.Role = *p.Role
				endSessions = true
			}
		}
		if p.Active != nil && *p.Active != u.Active {
			ch.add("active", u.Active, *p.Active)
			u.Active = *p.Active
			endSessions = endSessions || !u.Active
		}
		if newHash != "" {
			u.PasswordHash = newHash
			ch = append(ch, FieldChange{Field: "password", From: "…", To: "reset"})
			endSessions = true
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if len(ch) == 0 {
			return nil
		}
		if ch.has("role") || ch.has("active") {
			if err := keepOneAdmin(tx, u); err != nil {
				return err
			}
		}
		if endSessions {
			u.TokenVersion++
		}
		if err := tx.Save(&u).Error; err != nil {
			return fmt.Errorf("save user: %w", err)
		}
		return audit(tx, who, EntityUser, u.ID, "update", ch, "", "")
	})
	if err != nil {
		return UserView{}, err
	}
	return u.View(), nil
}

// keepOneAdmin refuses a change that would leave no active administrator.
func keepOneAdmin(tx *gorm.DB, changed User) error {
	if changed.Role == RoleAdmin && changed.Active {
		return nil
	}
	var n int64
	if err := tx.Model(&User{}).Where("role = ? AND active = ? AND id <> ?", RoleAdmin, true, changed.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	if n == 0 {
		return &Error{Code: ECodeInvalid, Message: "this is the last active administrator: make another administrator first",
			Fields: FieldErrors{"role": LastAdmin()}}
	}
	return nil
}

// EndSessions raises the user's token version (logout).
func (s *Store) EndSessions(ctx context.Context, id uint) error {
	res := s.DB.WithContext(ctx).Model(&User{}).Where("id = ?", id).
		UpdateColumn("token_version", gorm.Expr("token_version + 1"))
	if res.Error != nil {
		return fmt.Errorf("end sessions: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ECodeNotFound, "user not found")
	}
	return nil
}

// ErrBadLogin is the one answer to every failed login.
var ErrBadLogin = &Error{Code: ECodeUnauthorized, Message: "the e-mail or the password is wrong"}

// Authenticate checks an e-mail and password. Every failure gives the same
// error and takes about the same time.
func (s *Store) Authenticate(ctx context.Context, email, password string, pw *Passwords) (*User, error) {
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if u == nil {
		pw.Match("", password)
		return nil, ErrBadLogin
	}
	if !pw.Match(u.PasswordHash, password) || !u.Active {
		return nil, ErrBadLogin
	}
	return u, nil
}

// IsNotFound reports whether err is a not-found error.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == ECodeNotFound
}
