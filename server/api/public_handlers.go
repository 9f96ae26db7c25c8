package api

import (
	"context"
	"encoding/json"
	"hash/crc32"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

func (h *handlers) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

func (h *handlers) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := models.Ping(ctx, h.store.DB); err != nil {
		h.log.Error("readiness check failed", "err", err)
		return &models.Error{Code: models.ECodeNotReady, Message: "the database does not answer"}
	}
	if rep := h.integrityState(); rep != nil && !rep.OK {
		return &models.Error{Code: models.ECodeIntegrity, Message: "integrity: " + rep.Broken.Error()}
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

func (h *handlers) meta(c *fiber.Ctx) error {
	m, err := h.store.Meta(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// Query limits.
const (
	maxQueryLen  = 100
	defaultLimit = 20
	maxLimit     = 100
	maxOffset    = 1_000_000
)

func (h *handlers) listAgencies(c *fiber.Ctx) error {
	q := models.AgencyQuery{Q: strings.TrimSpace(c.Query("q")), Status: c.Query("status"), Province: c.Query("province")}
	if utf8.RuneCountInString(q.Q) > maxQueryLen {
		return badRequest("q", models.TooLong(100))
	}
	if q.Status != "" && !contains(models.AgencyStatuses, q.Status) {
		return badRequest("status", models.OneOf(models.AgencyStatuses...))
	}
	if q.Province != "" {
		p, ok := models.FindProvince(q.Province)
		if !ok {
			return badRequest("province", models.BadProvince("LA").Say("unknown province; see provinces in /api/v1/meta"))
		}
		q.Province = p.Code
	}
	var err error
	if q.Limit, err = intQuery(c, "limit", defaultLimit, 1, maxLimit); err != nil {
		return err
	}
	if q.Offset, err = intQuery(c, "offset", 0, 0, maxOffset); err != nil {
		return err
	}
	page, err := h.store.SearchAgencies(c.UserContext(), q)
	if err != nil {
		return err
	}
	return writeHits(c, page.Items, page.Matches, page.Total)
}

// writeHits writes {"items": [...], "total": N} from items that are already
// JSON, straight into the response's own (pooled) buffer: no decoding, no
// encoding, and no garbage per search for the collector to chase. Each
// item's "match" is spliced in where its closing brace was.
func writeHits(c *fiber.Ctx, items []json.RawMessage, matches []string, total int) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	res := c.Response()
	res.ResetBody()
	res.AppendBodyString(`{"items":[`)
	for i, it := range items {
		if i > 0 {
			res.AppendBodyString(",")
		}
		res.AppendBody(it[:len(it)-1])
		res.AppendBodyString(`,"match":"`)
		res.AppendBodyString(matches[i])
		res.AppendBodyString(`"}`)
	}
	var num [20]byte
	res.AppendBodyString(`],"total":`)
	res.AppendBody(strconv.AppendInt(num[:0], int64(total), 10))
	res.AppendBodyString("}")
	// The ETag, from the body as the etag middleware would make it, but by
	// the CRC-32 the CPU computes itself: the middleware's own polynomial,
	// done table by table, was a fifth of the server's time for a page of
	// 20 agencies (make bench).
	body := res.Body()
	tag := `W/"` + strconv.Itoa(len(body)) + "-" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10) + `"`
	c.Set(fiber.HeaderETag, tag)
	if etagMatches(c, strings.TrimPrefix(tag, "W/")) {
		res.ResetBody()
		return c.SendStatus(fiber.StatusNotModified)
	}
	return nil
}

// consolePage reads limit (default 50, at most 200) and offset, the paging
// of every signed-in list.
func consolePage(c *fiber.Ctx) (limit, offset int, err error) {
	if limit, err = intQuery(c, "limit", 50, 1, 200); err != nil {
		return 0, 0, err
	}
	offset, err = intQuery(c, "offset", 0, 0, maxOffset)
	return limit, offset, err
}

func intQuery(c *fiber.Ctx, name string, def, min, max int) (int, error) {
	s := c.Query(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, badRequest(name, models.OutOfRange(min, max))
	}
	return n, nil
}

func (h *handlers) getAgency(c *fiber.Ctx) error {
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil || id == 0 {
		return h.badAgencyID(c)
	}
	raw, err := h.store.AgencyByID(c.UserContext(), uint(id))
	if err != nil {
		return err
	}
	return sendJSON(c, raw)
}

func (h *handlers) badAgencyID(c *fiber.Ctx) error {
	return badRequest("id", models.BadNumber(1).Say("must be a positive whole number (to look up a licence number use /api/v1/agencies/licence/{licence_no})"))
}

func (h *handlers) agencyByLicence(c *fiber.Ctx) error {
	lic, err := url.PathUnescape(c.Params("*"))
	if err != nil || strings.TrimSpace(lic) == "" {
		return badRequest("licence_no", models.Required().Say("give a licence number after /licence/"))
	}
	if utf8.RuneCountInString(lic) > 64 {
		return badRequest("licence_no", models.TooLong(64))
	}
	raw, err := h.store.AgencyByLicence(c.UserContext(), lic)
	if err != nil {
		return err
	}
	return sendJSON(c, raw)
}

func sendJSON(c *fiber.Ctx, raw []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(raw)
}

func (h *handlers) listContacts(c *fiber.Ctx) error {
	q := models.ContactQuery{
		Country:  strings.ToUpper(c.Query("country")),
		Province: c.Query("province"),
		Category: c.Query("category"),
	}
	if q.Country != "" && !contains(models.Countries, q.Country) {
		return badRequest("country", models.OneOf(models.Countries...).Say("must be TH or LA"))
	}
	if q.Category != "" && !contains(models.ContactCategories, q.Category) {
		return badRequest("category", models.OneOf(models.ContactCategories...))
	}
	if q.Province != "" {
		if _, ok := models.FindProvince(q.Province); !ok {
			return badRequest("province", models.BadProvince(q.Country).Say("unknown province; see provinces in /api/v1/meta"))
		}
	}
	list, err := h.store.ListContacts(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

func (h *handlers) checklist(c *fiber.Ctx) error {
	list, err := h.store.Checklist(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

func (h *handlers) listQuestions(c *fiber.Ctx) error {
	list, err := h.store.ListQuestions(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

func (h *handlers) listPhrases(c *fiber.Ctx) error {
	list, err := h.store.ListPhrases(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

const bundlePath = "/api/v1/bundle"

// bundle serves everything the PWA stores for offline use. The full bundle
// is built and gzipped once per revision, so a village of phones installing
// the app at once costs the server almost nothing.
func (h *handlers) bundle(c *fiber.Ctx) error {
	// While the data disagrees with the public log, the server does not
	// sign it for phones: they keep the copy they have (which verified)
	// rather than store data that someone changed behind the log.
	if rep := h.integrityState(); rep != nil && !rep.OK {
		return &models.Error{Code: models.ECodeIntegrity, Message: "integrity: " + rep.Broken.Error() + "; phones keep the data they have until an administrator has checked"}
	}
	since := int64(-1)
	if s := c.Query("since"); s != "" {
		n, err := models.ParseRevision(s)
		if err != nil {
			return err
		}
		since = n
	}
	var sinceAt *time.Time
	if s := c.Query("at"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return badRequest("at", models.BadTime().Say("must be the revision_at of the bundle your copy came from (RFC 3339)"))
		}
		sinceAt = &t
	}
	eb, err := h.store.BundleSince(c.UserContext(), since, sinceAt)
	if err != nil {
		return err
	}
	setSignature(c, eb.Signature)
	if eb.JSON == nil && !acceptsGzip(c) && !(eb.Br != nil && accepts(c, "br")) && !etagMatches(c, eb.ETag) {
		// Only the gzip is kept (the full bundle): unpack it as it is sent.
		body, err := eb.Body()
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, eb.ETag)
		c.Vary(fiber.HeaderAcceptEncoding)
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		c.Context().SetBodyStream(body, eb.Size)
		return nil
	}
	return sendEncoded(c, eb.ETag, fiber.MIMEApplicationJSONCharsetUTF8, eb.JSON, eb.Gzip, eb.Br)
}

// sendPrepared sends a body prepared ahead of time (and its gzip form, if
// any) with its own ETag, answering 304 when the client has it already.
func sendPrepared(c *fiber.Ctx, etag, ctype string, body, gz []byte) error {
	return sendEncoded(c, etag, ctype, body, gz, nil)
}

// sendEncoded is sendPrepared with a Brotli form too (br: nil when there
// is none), preferred when the client takes it: every browser does, and
// for the app's files it is a fifth smaller than gzip on a 2G line.
func sendEncoded(c *fiber.Ctx, etag, ctype string, body, gz, br []byte) error {
	c.Set(fiber.HeaderETag, etag)
	c.Vary(fiber.HeaderAcceptEncoding)
	if etagMatches(c, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, ctype)
	if br != nil && accepts(c, "br") {
		c.Set(fiber.HeaderContentEncoding, "br")
		return c.Send(br)
	}
	if gz != nil && acceptsGzip(c) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(gz)
	}
	return c.Send(body)
}

func etagMatches(c *fiber.Ctx, tag string) bool {
	inm := c.Get(fiber.HeaderIfNoneMatch)
	if inm == "" {
		return false
	}
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(c *fiber.Ctx) bool { return accepts(c, "gzip") }

// accepts reports whether the request's Accept-Encoding takes coding.
func accepts(c *fiber.Ctx, coding string) bool {
	for _, part := range strings.Split(c.Get(fiber.HeaderAcceptEncoding), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		// q=0 (or 0.0, 0.000) refuses the coding; any other weight takes it.
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if w, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && w <= 0 {
					return false
				}
			}
		}
		return true
	}
	return false
}

func (h *handlers) createReport(c *fiber.Ctx) error {
	var in models.ReportInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	key := c.Get("Idempotency-Key")
	if key != "" && !models.ValidIdempotencyKey(key) {
		return badRequest("Idempotency-Key", models.BadKey(8, 100).Say("must be 8 to 100 letters, digits, - or _"))
	}
	receipt, created, err := h.store.CreateReport(c.UserContext(), in, key)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(fiber.Map{"receipt": receipt})
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
