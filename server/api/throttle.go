package api

import (
	"context"
	"sync/atomic"
	"time"

	"paidee/models"
)

// loginThrottle counts sign-in attempts per client address and per account
// in fixed windows, in the database, so that every replica counts the same
// attempts. An attempt is counted (reserved) before the password is
// checked, not after: the check takes a bcrypt's ~280 ms, and counting only
// its failures would let a burst of concurrent guesses all be checked
// before the first one is counted. A success gives its reservation back.
type loginThrottle struct {
	store      *models.Store
	perAccount int
	perAddress int
	window     time.Duration
	now        func() time.Time
	lastSweep  atomic.Int64
}

func newLoginThrottle(store *models.Store, perAccount, perAddress int, window time.Duration, now func() time.Time) *loginThrottle {
	return &loginThrottle{store: store, perAccount: perAccount, perAddress: perAddress, window: window, now: now}
}

// attempt is one reserved sign-in attempt; exactly one of its methods is
// called once the password has been checked.
type attempt struct {
	t             *loginThrottle
	ctx           context.Context
	account, addr string
	r             *models.Reservation
}

// reserve counts one attempt for the address and the account, or, when
// either has used up its window, counts nothing and returns how long the
// caller must wait.
func (t *loginThrottle) reserve(ctx context.Context, addr, account string) (*attempt, time.Duration, error) {
	now := t.now()
	t.sweep(ctx, now)
	a := &attempt{t: t, ctx: ctx, account: "a:" + account, addr: "ip:" + addr}
	r, wait, err := t.store.ReserveAttempt(ctx, now, []string{a.account, a.addr}, []int{t.perAccount, t.perAddress}, t.window)
	if err != nil || r == nil {
		return nil, wait, err
	}
	a.r = r
	return a, 0, nil
}

// sweep drops ended windows now and then, so the table holds only the
// current ones.
func (t *loginThrottle) sweep(ctx context.Context, now time.Time) {
	last := t.lastSweep.Load()
	if now.UnixNano()-last < int64(t.window) || !t.lastSweep.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	_ = t.store.SweepAttempts(ctx, now.Add(-t.window))
}

// failed keeps the reservation: it was a wrong password.
func (a *attempt) failed() {}

// succeeded gives the reservation back and forgets the account's earlier
// failures (not the address's: one good password must not reset a
// guesser trying many accounts).
func (a *attempt) succeeded() error {
	return a.t.store.ReleaseAttempt(a.ctx, a.r, []string{a.addr}, []string{a.account})
}

// abandoned gives the whole reservation back: the password was never
// judged (the database failed), so it must not count against anyone.
func (a *attempt) abandoned() {
	_ = a.t.store.ReleaseAttempt(context.WithoutCancel(a.ctx), a.r, []string{a.account, a.addr}, nil)
}
