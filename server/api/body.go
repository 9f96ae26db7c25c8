package api

import (
	"bytes"
	"io"
	"mime"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// Request bodies are streamed (fiber.Config.StreamRequestBody): fasthttp
// hands a request over after its first few kilobytes, and nothing reads the
// rest until a limit has been checked. Without that every route, even with
// no token, read up to the largest body any route allows before its own
// limit applied (24 concurrent 15 MB posts took the server from 143 MB to
// 558 MB).
//
// Body limits. The largest body anyone sends is a CSV import (up to 20,000
// rows, Lao text in three bytes a character), and only a signed-in verifier
// may send it; every other route reads at most maxJSONBody.
const (
	maxBody       = 16 << 20
	maxReportBody = 16 << 10
	maxJSONBody   = 64 << 10
)

var errMultipart = &models.Error{Code: models.ECodeUnsupported,
	Message: "multipart bodies are not accepted; send JSON (or CSV to the import)"}

// readBody reads the request body into memory, refusing it with 413 as soon
// as it is known to be over n bytes: from its Content-Length before reading
// anything, or, for a chunked body, once n+1 bytes have arrived. A refused
// request's connection is closed, so the rest of its body is never read.
func readBody(c *fiber.Ctx, n int) error {
	req := c.Request()
	if mt, _, err := mime.ParseMediaType(string(req.Header.ContentType())); err == nil && len(mt) > 10 && mt[:10] == "multipart/" {
		c.Context().SetConnectionClose()
		return errMultipart
	}
	tooLarge := func() error {
		c.Context().SetConnectionClose()
		return &models.Error{Code: models.ECodeTooLarge,
			Message: "the request body is too large (max " + sizeString(n) + ")"}
	}
	if cl := req.Header.ContentLength(); cl > n {
		return tooLarge()
	}
	stream := c.Context().RequestBodyStream()
	if stream == nil {
		if len(req.Body()) > n {
			return tooLarge()
		}
		return nil
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(stream, int64(n)+1)); err != nil {
		c.Context().SetConnectionClose()
		return &models.Error{Code: models.ECodeBadRequest, Message: "the request body could not be read: " + err.Error()}
	}
	if buf.Len() > n {
		return tooLarge()
	}
	req.SetBody(buf.Bytes())
	return nil
}

// limitBody is the middleware form of readBody. A route that accepts
// megabytes lists its path in largeBodies and calls limitBody after its
// sign-in check; gateBodies, first in the chain, reads every other body.
func limitBody(n int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := readBody(c, n); err != nil {
			return err
		}
		return c.Next()
	}
}

// largeBodies are the routes whose body is read later, by their own
// limitBody after the sign-in check.
var largeBodies = map[string]bool{
	fiber.MethodPost + " /api/v1/agencies/import": true,
}

// gateBodies reads every request's body with the small limit, except the
// large-body routes'.
func gateBodies(c *fiber.Ctx) error {
	if largeBodies[c.Method()+" "+c.Path()] || isClipUpload(c) {
		return c.Next()
	}
	if err := readBody(c, maxJSONBody); err != nil {
		return err
	}
	return c.Next()
}
