package api

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// TrustedProxies are the load balancers and reverse proxies in front of
// the app. Behind one, every request comes from the proxy's address; the
// per-client limits (reports, sign-ins) need the client's address instead,
// which the proxy puts in X-Forwarded-For.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// ranges ("10.0.0.0/8, 192.168.1.5").
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR range (e.g. 10.0.0.0/8)", part)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range (e.g. 10.0.0.0/8)", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (t TrustedProxies) trusts(a netip.Addr) bool {
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address per-client limits count by: the connection's
// address, or, when that is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one. Fiber's own ProxyHeader takes the
// leftmost entry, which the client writes itself and could change at every
// request to escape a limit; proxies append, so reading from the right
// stops at the first address no trusted proxy vouches for.
func (t TrustedProxies) clientAddr(c *fiber.Ctx) string {
	addr, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	addr = addr.Unmap()
	if len(t) == 0 || !t.trusts(addr) {
		return addr.String()
	}
	var hops []string
	for _, h := range c.GetReqHeaders()[fiber.HeaderXForwardedFor] {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // a garbled chain: count by the last proxy that vouched for it
		}
		addr = a
		if !t.trusts(addr) {
			break
		}
	}
	return addr.String()
}

// overHTTPS reports whether the client reached us over HTTPS: TLS on this
// connection, or a trusted proxy saying so in X-Forwarded-Proto (anyone
// else could write that header).
func (t TrustedProxies) overHTTPS(c *fiber.Ctx) bool {
	if c.Context().IsTLS() {
		return true
	}
	addr, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok || len(t) == 0 || !t.trusts(addr.Unmap()) {
		return false
	}
	proto, _, _ := strings.Cut(c.Get(fiber.HeaderXForwardedProto), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// parseHop reads one X-Forwarded-For entry: an address, or an address with
// a port as some proxies write it ("203.0.113.7:51234", "[2001:db8::1]:443").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
