package api

import (
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// consoleCSP is the app's policy with one addition: media from blob: (a
// recording not yet uploaded).
var consoleCSP = strings.Replace(csp, "media-src 'self';", "media-src 'self' blob:;", 1)

// serveUnder serves the site's files below prefix (the verifier console at
// /verify): /verify/js/app.js is the file js/app.js, and every page address
// without a file extension (/verify, /verify/agencies/12) is index.html, so
// the console's own router can take it. The worker app's service worker
// never precaches these files.
func (s *site) serveUnder(prefix string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := c.Path()
		if p != prefix && !strings.HasPrefix(p, prefix+"/") {
			return c.Next()
		}
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		rel := strings.TrimPrefix(p, prefix)
		a, ok := s.files[rel]
		if !ok {
			if path.Ext(rel) != "" {
				return c.Next()
			}
			if a, ok = s.files["/index.html"]; !ok {
				return c.Next()
			}
		}
		// The console is for staff: keep it out of search engines.
		c.Set("X-Robots-Tag", "noindex, nofollow")
		// Admins record voice clips here: the microphone for this origin
		// only, and the take is played back from a blob: before it is kept.
		c.Set(fiber.HeaderPermissionsPolicy, "camera=(), microphone=(self), geolocation=()")
		c.Set(fiber.HeaderContentSecurityPolicy, consoleCSP)
		return s.send(c, rel, a)
	}
}
