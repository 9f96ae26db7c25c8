package api

import (
	"sync"
	"time"
)

// loginThrottle counts failed sign-ins per client address and per account
// in fixed windows, in memory. With several replicas each keeps its own
// counts, so the limits apply per replica; that still turns password
// guessing from millions of tries into a handful per window.
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

// blocked returns how long the caller must wait, or 0.
func (t *loginThrottle) blocked(addr, account string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	wait := t.waitFor("a:"+account, t.perAccount, now)
	if w := t.waitFor("ip:"+addr, t.perAddress, now); w > wait {
		wait = w
	}
	return wait
}

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

// fail counts one failed sign-in.
func (t *loginThrottle) fail(addr, account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.counts) >= maxTracked {
		for k, f := range t.counts {
			if !now.Before(f.start.Add(t.window)) {
				delete(t.counts, k)
			}
		}
	}
	for _, k := range []string{"a:" + account, "ip:" + addr} {
		f := t.counts[k]
		if f == nil || !now.Before(f.start.Add(t.window)) {
			f = &failures{start: now}
			t.counts[k] = f
		}
		f.n++
	}
}

// succeed forgets the account's failures (not the address's: one good
// password must not reset a guesser trying many accounts).
func (t *loginThrottle) succeed(account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.counts, "a:"+account)
}
