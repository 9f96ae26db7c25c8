package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// versionPlaceholder in sw.js is replaced by a hash of every file of the
// app, so any change to the app gives the service worker a new cache name
// without a build step.
const versionPlaceholder = "__PAIDEE_VERSION__"

// etagsPlaceholder in sw.js is replaced by the ETag of every other file
// ({"/path": "\"etag\""}, "/" being index.html): at install the worker
// takes a file from the browser's cache, with no request, when its ETag is
// this version's (the page has just loaded it), and asks the server only
// for the others.
const etagsPlaceholder = "/*__PAIDEE_ETAGS__*/ {}"

type asset struct {
	body  []byte
	gzip  []byte // nil when compressing does not pay
	br    []byte // Brotli; nil when compressing does not pay
	etag  string
	ctype string
}

// site serves the embedded PWA: files by path, and index.html for every
// page address (/, /a/LICENCE, /checklist, ...), so deep links and reloads
// work. It is built once at start-up.
type site struct {
	files   map[string]*asset
	version string
}

// newSite builds the site from root and, beside its files, generated ones
// (path → body) that the server makes at start-up: /trust.json, the key
// the PWA pins. They count in the version like any file.
func newSite(root fs.FS, generated map[string][]byte) (*site, error) {
	s := &site{files: map[string]*asset{}}
	if root == nil {
		return s, nil
	}
	raw := map[string][]byte{}
	for p, b := range generated {
		raw[p] = b
	}
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		raw["/"+p] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read embedded web app: %w", err)
	}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write(raw[n])
	}
	s.version = hex.EncodeToString(h.Sum(nil))[:12]
	etags := map[string]string{}
	for _, n := range names {
		if n == "/sw.js" {
			continue
		}
		s.files[n] = newAsset(n, raw[n])
		etags[n] = s.files[n].etag
		if n == "/index.html" {
			etags["/"] = s.files[n].etag
		}
	}
	if b, ok := raw["/sw.js"]; ok {
		list, err := json.Marshal(etags)
		if err != nil {
			return nil, fmt.Errorf("sw.js etags: %w", err)
		}
		b = bytes.ReplaceAll(b, []byte(versionPlaceholder), []byte(s.version))
		b = bytes.ReplaceAll(b, []byte(etagsPlaceholder), list)
		s.files["/sw.js"] = newAsset("/sw.js", b)
	}
	return s, nil
}

func newAsset(name string, b []byte) *asset {
	sum := sha256.Sum256(b)
	a := &asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	a.ctype = mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".webmanifest":
		a.ctype = "application/manifest+json"
	case ".js", ".mjs":
		a.ctype = "text/javascript; charset=utf-8"
	case ".json":
		a.ctype = "application/json; charset=utf-8"
	case ".svg":
		a.ctype = "image/svg+xml"
	}
	if a.ctype == "" {
		a.ctype = "application/octet-stream"
	}
	if compressible(a.ctype) && len(b) > 512 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		if buf.Len() < len(b) {
			a.gzip = buf.Bytes()
		}
		// Brotli at its best: done once at start-up for a few hundred KB; a
		// 256 KB window covers the largest file.
		var bbuf bytes.Buffer
		bw := brotli.NewWriterOptions(&bbuf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 18})
		_, _ = bw.Write(b)
		_ = bw.Close()
		if bbuf.Len() < len(b) && (a.gzip == nil || bbuf.Len() < len(a.gzip)) {
			a.br = bbuf.Bytes()
		}
	}
	return a
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") ||
		strings.Contains(ct, "javascript") || strings.Contains(ct, "svg") || strings.Contains(ct, "xml")
}

// serve is the last handler: API paths that no route took get Fiber's
// 404/405 (as JSON, through the error handler); everything else is the app.
func (s *site) serve(c *fiber.Ctx) error {
	p := c.Path()
	if strings.HasPrefix(p, "/api/") || p == "/api" {
		return c.Next()
	}
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return c.Next()
	}
	a, ok := s.files[p]
	if !ok {
		// A missing file is a 404, not the app; but a listing's address
		// (/a/LICENCE) is always the app, whatever the licence looks like
		// ("LA.0123/24" has a dot).
		if path.Ext(p) != "" && !strings.HasPrefix(p, "/a/") {
			return c.Next()
		}
		a, ok = s.files["/index.html"]
		if !ok {
			return c.Next()
		}
	}
	return s.send(c, p, a)
}

// send writes one file with its ETag, gzipped when the client takes it.
func (s *site) send(c *fiber.Ctx, p string, a *asset) error {
	// Files are not fingerprinted; the service worker keeps the offline
	// copy, and the browser revalidates cheaply with the ETag.
	c.Set(fiber.HeaderCacheControl, "no-cache")
	if p == "/sw.js" {
		c.Set("Service-Worker-Allowed", "/")
	}
	return sendEncoded(c, a.etag, a.ctype, a.body, a.gzip, a.br)
}
