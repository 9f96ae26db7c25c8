// Package api is the HTTP side of Pai Dee Ma Dee: the JSON API under
// /api/v1, health checks and the embedded PWA, on one Fiber app.
package api

import (
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/logger"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"paidee/models"
)

// Options configure the app. Zero values get safe defaults.
type Options struct {
	Store  *models.Store
	Log    *slog.Logger
	Web    fs.FS // the worker PWA (web.App())
	Access bool  // log one line per request (no IP, no query string)

	// ReportsPerWindow limits reports per client address per ReportWindow.
	ReportsPerWindow int
	ReportWindow     time.Duration
}

// Body limits. The largest body anyone sends is a CSV import.
const (
	maxBody       = 8 << 20
	maxReportBody = 16 << 10
)

// csp lets the PWA run with no inline script and no request to any other
// origin.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
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
	site, err := newSite(opt.Web)
	if err != nil {
		return nil, err
	}
	h := &handlers{store: opt.Store, log: opt.Log}

	app := fiber.New(fiber.Config{
		AppName:               "paidee",
		ErrorHandler:          errorHandler(opt.Log),
		BodyLimit:             maxBody,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		// Handlers copy what they keep (see utils.CopyString) but making
		// every value immutable removes a class of subtle bugs for little cost.
		Immutable: true,
	})

	app.Use(recover.New())
	app.Use(requestid.New())
	if opt.Access {
		app.Use(logger.New(logger.Config{
			// Path without the query string and no client address: searches
			// and the people making them stay out of the logs.
			Format:     "${time} ${locals:requestid} ${status} ${method} ${path} ${latency}\n",
			TimeFormat: time.RFC3339,
		}))
	}
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy:     csp,
		ReferrerPolicy:            "no-referrer",
		CrossOriginEmbedderPolicy: "require-corp",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), interest-cohort=()",
	}))
	app.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
	app.Use(etag.New(etag.Config{Weak: true}))

	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)

	v1 := app.Group("/api/v1", noStore)
	v1.Get("/meta", h.meta)
	v1.Get("/agencies", h.listAgencies)
	v1.Get("/agencies/licence/*", h.agencyByLicence)
	v1.Get("/agencies/:id<int>", h.getAgency)
	v1.Get("/agencies/:id", h.badAgencyID)
	v1.Get("/contacts", h.listContacts)
	v1.Get("/checklist", h.checklist)
	v1.Get("/questions", h.listQuestions)
	v1.Get("/phrases", h.listPhrases)
	v1.Get("/bundle", h.bundle)
	v1.Post("/reports", limitBody(maxReportBody), limiter.New(limiter.Config{
		Max:        opt.ReportsPerWindow,
		Expiration: opt.ReportWindow,
		// The limiter keeps client addresses in memory only, for the
		// window; they are never stored or logged.
		LimitReached: func(c *fiber.Ctx) error {
			return &models.Error{Code: models.ECodeRateLimited, Message: "too many reports from this connection; try again later"}
		},
	}), h.createReport)
	v1.Get("/openapi.json", h.openapi)

	// Everything else: the PWA for pages, JSON 404/405 for /api/*.
	app.Use(site.serve)
	return app, nil
}

// noStore keeps API answers out of shared caches; clients revalidate with
// ETags.
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Next()
}

// limitBody refuses bodies larger than n bytes with 413.
func limitBody(n int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if len(c.Body()) > n {
			return &models.Error{Code: models.ECodeTooLarge,
				Message: "the request body is too large (max " + sizeString(n) + ")"}
		}
		return c.Next()
	}
}

func sizeString(n int) string {
	if n >= 1<<20 {
		return itoa(n>>20) + " MB"
	}
	return itoa(n>>10) + " KB"
}

type handlers struct {
	store *models.Store
	log   *slog.Logger
}
