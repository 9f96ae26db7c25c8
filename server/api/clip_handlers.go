package api

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// Voice clips: the references are public content (GET /clips, and in the
// bundle); the audio is served at its content hash, the same bytes forever,
// so browsers, proxies and the phone's cache may keep it without asking
// again. Admins upload the raw recording with PUT (any Content-Type: the
// bytes decide what it is).

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// clipAudioAnswer marks an answer that is a recording (see openapi.go).
type clipAudioAnswer struct{}

// clipAudioBody marks a request body that is a recording.
type clipAudioBody struct{}

// clipAudioTypes are the Content-Types the audio is served with.
var clipAudioTypes = []string{"audio/ogg", "audio/webm", "audio/mpeg", "audio/mp4"}

func (h *handlers) listClips(c *fiber.Ctx) error {
	list, err := h.store.ListClips(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(listOf[models.ClipView]{Items: list, Total: len(list)})
}

func (h *handlers) clipAudio(c *fiber.Ctx) error {
	sha := c.Params("hash")
	if !sha256RE.MatchString(sha) {
		return badRequest("hash", models.BadHash())
	}
	body, ctype, err := h.store.ClipAudioBySHA(c.UserContext(), sha)
	if err != nil {
		return err
	}
	etag := `"` + sha + `"`
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderAcceptRanges, "bytes")
	if etagMatches(c, etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, ctype)
	rng := c.Get(fiber.HeaderRange)
	// If-Range with another validator: the client's part is of other bytes.
	if ir := c.Get(fiber.HeaderIfRange); ir != "" && strings.TrimPrefix(ir, "W/") != etag {
		rng = ""
	}
	if rng == "" {
		return c.Send(body)
	}
	start, end, ok, satisfiable := parseRange(rng, len(body))
	if !ok {
		return c.Send(body) // a Range the server does not understand is ignored (RFC 9110 §14.2)
	}
	if !satisfiable {
		c.Set(fiber.HeaderContentRange, "bytes */"+strconv.Itoa(len(body)))
		return &models.Error{Code: models.ECodeRange,
			Message: "the range asked for is outside the recording, which is " + strconv.Itoa(len(body)) + " bytes long"}
	}
	c.Set(fiber.HeaderContentRange, "bytes "+strconv.Itoa(start)+"-"+strconv.Itoa(end)+"/"+strconv.Itoa(len(body)))
	c.Status(fiber.StatusPartialContent)
	return c.Send(body[start : end+1])
}

// parseRange reads a single "bytes=" range against a body of n bytes.
// ok is false for a header to ignore (another unit, several ranges, bad
// syntax); satisfiable is false for a range wholly past the end.
func parseRange(h string, n int) (start, end int, ok, satisfiable bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false, false
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false, false
	}
	num := func(s string) (int, bool) {
		if s == "" || len(s) > 15 || strings.TrimLeft(s, "0123456789") != "" {
			return 0, false
		}
		v, err := strconv.Atoi(s)
		return v, err == nil
	}
	if a == "" { // the last b bytes
		k, good := num(b)
		if !good {
			return 0, 0, false, false
		}
		if k == 0 || n == 0 {
			return 0, 0, true, false
		}
		return max(0, n-k), n - 1, true, true
	}
	s, good := num(a)
	if !good {
		return 0, 0, false, false
	}
	e := n - 1
	if b != "" {
		v, good := num(b)
		if !good || v < s {
			return 0, 0, false, false
		}
		e = min(v, n-1)
	}
	if s >= n {
		return 0, 0, true, false
	}
	return s, e, true, true
}

// putClip takes the raw recording as the body (read by limitBody against
// models.MaxClipBytes after the role check).
func (h *handlers) putClip(c *fiber.Ctx) error {
	rev, err := revisionQuery(c)
	if err != nil {
		return err
	}
	up := models.ClipUpload{Target: c.Params("target"), Lang: c.Params("lang"), Audio: c.Body(), Revision: rev}
	v, created, err := h.store.SaveClip(c.UserContext(), actor(c), up)
	if err != nil {
		return err
	}
	if created {
		c.Status(fiber.StatusCreated)
	}
	return c.JSON(v)
}

func (h *handlers) deleteClip(c *fiber.Ctx) error {
	rev, err := revisionQuery(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteClip(c.UserContext(), actor(c), c.Params("target"), c.Params("lang"), models.BasedOn{Revision: rev}); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// isClipUpload tells gateBodies to leave a clip upload's body to its own
// limit, read after the sign-in check.
func isClipUpload(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodPut && strings.HasPrefix(c.Path(), "/api/v1/clips/")
}
