package api

import (
	"sync"
	"time"
)

// loginThrottle counts sign-in attempts per client address and per account
// in fixed windows, in memory. An attempt is counted (reserved) before the
// password is checked, not after: the check takes a bcrypt's ~280 ms, and
// counting only its failures would let a burst of concurrent guesses all
// be checked before the first one is counted. A success gives its
// reservation back. With several replicas each keeps its own counts, so
// the limits apply per replica.
type loginThrottle struct {
	mu         sync.Mutex
	perAccount int
	perAddress int
	window     time.Duration
	now        func() time.Time
	counts     map[string]*failures
}

type failures struct {
	n     int
	start time.Time
}

// maxTracked bounds memory: beyond it, expired entries are swept.
const maxTracked = 10000

func newLoginThrottle(perAccount, perAddress int, window time.Duration, now func() time.Time) *loginThrottle {
	return &loginThrottle{perAccount: perAccount, perAddress: perAddress, window: window, now: now, counts: map[string]*failures{}}
}

// attempt is one reserved sign-in attempt; exactly one of its methods is
// called once the password has been checked.
type attempt struct {
	t             *loginThrottle
	addr, account string
	start         [2]time.Time // the windows the reservation was counted in
}

// reserve counts one attempt for the address and the account, or, when
// either has used up its window, counts nothing and returns how long the
// caller must wait.
func (t *loginThrottle) reserve(addr, account string) (*attempt, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	keys := [2]string{"a:" + account, "ip:" + addr}
	limits := [2]int{t.perAccount, t.perAddress}
	var wait time.Duration
	for i, k := range keys {
		if w := t.waitFor(k, limits[i], now); w > wait {
			wait = w
		}
	}
	if wait > 0 {
		return nil, wait
	}
	if len(t.counts) >= maxTracked {
		for k, f := range t.counts {
			if !now.Before(f.start.Add(t.window)) {
				delete(t.counts, k)
			}
		}
	}
	a := &attempt{t: t, addr: addr, account: account}
	for i, k := range keys {
		f := t.counts[k]
		if f == nil || !now.Before(f.start.Add(t.window)) {
			f = &failures{start: now}
			t.counts[k] = f
		}
		f.n++
		a.start[i] = f.start
	}
	return a, 0
}

// waitFor is how long key must wait before its next attempt, 0 if none.
func (t *loginThrottle) waitFor(key string, max int, now time.Time) time.Duration {
	f := t.counts[key]
	if f == nil {
		return 0
	}
	end := f.start.Add(t.window)
	if !now.Before(end) {
		delete(t.counts, key)
		return 0
	}
	if f.n >= max {
		return end.Sub(now)
	}
	return 0
}

// failed keeps the reservation: it was a wrong password.
func (a *attempt) failed() {}

// succeeded gives the reservation back and forgets the account's earlier
// failures (not the address's: one good password must not reset a
// guesser trying many accounts).
func (a *attempt) succeeded() {
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	delete(a.t.counts, "a:"+a.account)
	a.t.giveBack("ip:"+a.addr, a.start[1])
}

// abandoned gives the whole reservation back: the password was never
// judged (the database failed), so it must not count against anyone.
func (a *attempt) abandoned() {
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	a.t.giveBack("a:"+a.account, a.start[0])
	a.t.giveBack("ip:"+a.addr, a.start[1])
}

// giveBack uncounts one attempt, if the window it was counted in is still
// the current one.
func (t *loginThrottle) giveBack(key string, start time.Time) {
	if f := t.counts[key]; f != nil && f.start.Equal(start) && f.n > 0 {
		f.n--
	}
}
