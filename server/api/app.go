// Package api is the HTTP side of Pai Dee Ma Dee: the JSON API under
// /api/v1, health checks and the embedded PWA, on one Fiber app.
package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/logger"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"golang.org/x/mod/sumdb/note"

	"paidee/models"
	"paidee/models/trust"
)

// Options configure the app. Zero values get safe defaults.
type Options struct {
	Store   *models.Store
	Log     *slog.Logger
	Web     fs.FS // the worker PWA (web.App())
	Console fs.FS // the verifier console (web.Console()), served at /verify
	Access  bool  // log one line per request (no IP, no query string)

	// JWTSecret signs the console's tokens (at least MinSecretLen bytes).
	JWTSecret []byte
	// TokenTTL is how long a token lives (DefaultTokenTTL if 0).
	TokenTTL time.Duration
	// BcryptCost hashes passwords (models.DefaultBcryptCost if 0; tests
	// lower it).
	BcryptCost int
	// Failed sign-ins allowed per account and per client address in each
	// LoginWindow before 429 (defaults 5, 20, 15 minutes).
	LoginFailuresPerAccount int
	LoginFailuresPerAddress int
	LoginWindow             time.Duration
	// Now is the clock (time.Now if nil).
	Now func() time.Time

	// ReportsPerWindow limits reports per client address per ReportWindow.
	ReportsPerWindow int
	ReportWindow     time.Duration
	// TrustedProxies: behind these, the client address for those limits
	// comes from X-Forwarded-For (none: the connection's address).
	TrustedProxies TrustedProxies

	// Key signs the log's checkpoints and every bundle answer (a key for
	// this process only if nil; the server passes the kept one).
	Key *trust.Key
}

// csp lets the PWA run with no inline script and no request to any other
// origin.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self'; manifest-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New builds the whole app: middleware, the route table, and the PWA.
func New(opt Options) (*fiber.App, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.ReportsPerWindow == 0 {
		opt.ReportsPerWindow = 20
	}
	if opt.ReportWindow == 0 {
		opt.ReportWindow = 10 * time.Minute
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.TokenTTL == 0 {
		opt.TokenTTL = DefaultTokenTTL
	}
	if opt.LoginFailuresPerAccount == 0 {
		opt.LoginFailuresPerAccount = 5
	}
	if opt.LoginFailuresPerAddress == 0 {
		opt.LoginFailuresPerAddress = 20
	}
	if opt.LoginWindow == 0 {
		opt.LoginWindow = 15 * time.Minute
	}
	switch {
	case len(opt.JWTSecret) == 0:
		// Tokens then live only as long as this process; the server always
		// passes a kept secret (see server/secret.go).
		opt.JWTSecret = make([]byte, MinSecretLen)
		if _, err := rand.Read(opt.JWTSecret); err != nil {
			return nil, fmt.Errorf("make JWT secret: %w", err)
		}
	case len(opt.JWTSecret) < MinSecretLen:
		return nil, fmt.Errorf("the JWT secret must be at least %d bytes", MinSecretLen)
	}
	if opt.Key == nil {
		skey, _, err := note.GenerateKey(rand.Reader, "paidee.local/log")
		if err != nil {
			return nil, fmt.Errorf("make signing key: %w", err)
		}
		if opt.Key, err = trust.ParseKey(skey); err != nil {
			return nil, err
		}
	}
	opt.Store.SetBodySigner(opt.Key.SignBody)
	trustJSON, err := json.Marshal(map[string]string{"origin": opt.Key.Name(), "key_id": opt.Key.KeyID(),
		"public_key": base64.StdEncoding.EncodeToString(opt.Key.Public), "verifier": opt.Key.VerifierKey})
	if err != nil {
		return nil, err
	}
	site, err := newSite(opt.Web, map[string][]byte{"/trust.json": trustJSON})
	if err != nil {
		return nil, err
	}
	console, err := newSite(opt.Console, nil)
	if err != nil {
		return nil, err
	}
	h := &handlers{store: opt.Store, log: opt.Log, clock: opt.Now,
		tokens:    &tokens{secret: opt.JWTSecret, ttl: opt.TokenTTL, now: opt.Now},
		passwords: &models.Passwords{Cost: opt.BcryptCost},
		throttle:  newLoginThrottle(opt.Store, opt.LoginFailuresPerAccount, opt.LoginFailuresPerAddress, opt.LoginWindow, opt.Now),
		proxies:   opt.TrustedProxies,
		key:       opt.Key,
	}
	// The server checks its log against its data before it serves: a change
	// made in the database file behind the app's back shows on /readyz and
	// the console until an admin acts.
	rep, err := opt.Store.CheckIntegrity(context.Background())
	if err != nil {
		return nil, fmt.Errorf("check the log: %w", err)
	}
	h.integrityRep.Store(rep)
	if !rep.OK {
		opt.Log.Error("integrity check failed", "broken", rep.Broken.Error())
	}

	app := fiber.New(fiber.Config{
		AppName:      "paidee",
		ErrorHandler: errorHandler(opt.Log),
		BodyLimit:    maxBody,
		// Bodies are read by gateBodies and limitBody, each against its
		// route's limit, never whole before it (see body.go).
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		DisableStartupMessage:        true,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		// Handlers copy what they keep (see utils.CopyString) but making
		// every value immutable removes a class of subtle bugs for little cost.
		Immutable: true,
	})

	app.Use(recover.New())
	// An app file needs no request id (one answers a bug report about an
	// API call): 52 bytes on each of the ~35 files of a first visit.
	app.Use(requestid.New(requestid.Config{Next: staticSubresource}))
	if opt.Access {
		app.Use(logger.New(logger.Config{
			// Path without the query string and no client address: searches
			// and the people making them stay out of the logs.
			Format:     "${time} ${locals:requestid} ${status} ${method} ${path} ${latency}\n",
			TimeFormat: time.RFC3339,
		}))
	}
	app.Use(helmet.New(helmet.Config{
		// A script, a style sheet or an icon does not need a page's policy
		// (the CSP, framing, permissions…): about 1 KB on each of the ~40
		// files of a first visit, on a 2G line. See subresourceHeaders.
		Next:                      staticSubresource,
		ContentSecurityPolicy:     csp,
		ReferrerPolicy:            "no-referrer",
		CrossOriginEmbedderPolicy: "require-corp",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=()",
	}))
	app.Use(subresourceHeaders)
	app.Use(h.strictTransport)
	app.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
	// The bundle makes its own ETag; and the full one, kept gzipped only,
	// is unpacked as it is sent to a client without gzip: the middleware
	// would read all 6 MB of it into a buffer (kept in a pool) to hash it.
	app.Use(etag.New(etag.Config{Weak: true, Next: func(c *fiber.Ctx) bool { return c.Path() == bundlePath }}))
	app.Use(gateBodies)

	reportLimit := limiter.New(limiter.Config{
		Max:        opt.ReportsPerWindow,
		Expiration: opt.ReportWindow,
		// In the database, so that every replica counts the same reports.
		Storage:      opt.Store.LimitStore(opt.Now),
		KeyGenerator: h.proxies.clientAddr,
		// A report refused as malformed (4xx) gives its count back: a worker
		// whose phone sent a broken form must still be able to send the real one.
		SkipFailedRequests: true,
		// The limiter keeps client addresses in memory only, for the
		// window; they are never stored or logged.
		LimitReached: func(c *fiber.Ctx) error {
			return &models.Error{Code: models.ECodeRateLimited, Message: "too many reports from this connection; try again later"}
		},
	})
	ops := routes(h, reportLimit)
	if h.openAPI, err = openAPIDocument(ops); err != nil {
		return nil, err
	}
	app.Use("/api/v1", noStore)
	h.register(app, ops)
	// A clip's headers alone (HEAD: a media element, a cache, a download
	// manager checking the size): the GET's answer, whose body fasthttp
	// leaves out. The other API routes are GET only, as the document says.
	app.Head("/api/v1/clips/:hash", h.clipAudio)

	// Everything else: the console under /verify, the PWA for other pages,
	// JSON 404/405 for /api/*.
	app.Use(console.serveUnder("/verify"))
	app.Use(site.serve)
	return app, nil
}

// strictTransport tells browsers that reached the app over HTTPS to keep to
// it for a year (HSTS); over plain HTTP the header would mean nothing and
// is not sent.
func (h *handlers) strictTransport(c *fiber.Ctx) error {
	if h.proxies.overHTTPS(c) {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// staticSubresource tells the files of the apps that are never a document
// (scripts, styles, images, JSON, the manifest) from what is: pages (any
// address without an extension, .html files), the API's answers, and the
// service worker script, whose CSP governs the worker itself.
func staticSubresource(c *fiber.Ctx) bool {
	p := c.Path()
	// A listing's address is the app's page whatever the licence looks like
	// ("/a/LA.0101.2024" has a dot): it gets a page's headers.
	if (c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead) || strings.HasPrefix(p, "/api/") || p == "/sw.js" ||
		strings.HasPrefix(p, "/a/") {
		return false
	}
	ext := path.Ext(p)
	return ext != "" && ext != ".html" && !strings.Contains(ext, "/")
}

// subresourceHeaders gives the files helmet skips what they still need:
// no content sniffing (a JSON file never runs as a script) and no use from
// other sites' pages.
func subresourceHeaders(c *fiber.Ctx) error {
	if staticSubresource(c) {
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderCrossOriginResourcePolicy, "same-origin")
	}
	return c.Next()
}

// answerErrorsHere turns an error of the handlers after it into its answer
// at once, so that the middleware before it (the report limiter, which
// gives back the count of a refused request) sees the real status.
func answerErrorsHere(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return c.App().ErrorHandler(c, err)
	}
	return nil
}

// noStore keeps API answers out of shared caches; clients revalidate with
// ETags.
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Next()
}

func sizeString(n int) string {
	if n >= 1<<20 {
		return itoa(n>>20) + " MB"
	}
	return itoa(n>>10) + " KB"
}

type handlers struct {
	store     *models.Store
	log       *slog.Logger
	clock     func() time.Time
	tokens    *tokens
	passwords *models.Passwords
	throttle  *loginThrottle
	proxies   TrustedProxies
	openAPI   []byte // the document, built once from the route table
	key       *trust.Key

	integrityRep atomic.Pointer[models.IntegrityReport]
}
