package api

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// Which address per-client limits count by. app.Test connects from 0.0.0.0.
func TestClientAddr(t *testing.T) {
	cases := []struct {
		name    string
		trusted string
		xff     []string
		want    string
	}{
		{"no proxy configured: the header is ignored", "", []string{"203.0.113.7"}, "0.0.0.0"},
		{"connection not from a trusted proxy", "10.0.0.0/8", []string{"203.0.113.7"}, "0.0.0.0"},
		{"behind a trusted proxy", "0.0.0.0/32", []string{"203.0.113.7"}, "203.0.113.7"},
		{"a forged first entry does not count", "0.0.0.0/32", []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"two trusted hops", "0.0.0.0/32,10.0.0.0/8", []string{"198.51.100.1, 203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"headers sent twice are one chain", "0.0.0.0/32,10.0.0.0/8", []string{"198.51.100.1", "203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"IPv6 client", "0.0.0.0/32", []string{"2001:db8::1"}, "2001:db8::1"},
		{"entries with ports", "0.0.0.0/32,10.0.0.0/8", []string{"203.0.113.7:51234, 10.1.2.3:443"}, "203.0.113.7"},
		{"IPv6 with a port", "0.0.0.0/32", []string{"[2001:db8::1]:443"}, "2001:db8::1"},
		{"garbled entry: the last proxy that vouched", "0.0.0.0/32,10.0.0.0/8", []string{"nonsense, 10.1.2.3"}, "10.1.2.3"},
		{"trusted proxy, no header", "0.0.0.0/32", nil, "0.0.0.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp, err := ParseTrustedProxies(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			app := fiber.New()
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(tp.clientAddr(c)) })
			req := httptest.NewRequest("GET", "/", nil)
			for _, h := range tc.xff {
				req.Header.Add("X-Forwarded-For", h)
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if string(body) != tc.want {
				t.Errorf("got %q, want %q", body, tc.want)
			}
		})
	}
}

func TestParseTrustedProxies_Refuses(t *testing.T) {
	for _, s := range []string{"lb.example.org", "10.0.0.0/33", "10.0.0", "10.0.0.1/8/2"} {
		if _, err := ParseTrustedProxies(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
